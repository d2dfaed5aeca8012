"""Accountability findings (行政问责): who answers for a missed target, and how gravely.

A pledge line of a post that delegated its task and indicator no further is *missed* when
its year-end achievement (as of the target's due date, when it has one) falls below
``1 - tolerance``. That yields a finding of direct
responsibility for the post, and (when the rules say so) one of leadership
responsibility for every post above it in the task's chain, which pledged or received
the parent target. Severity is the most severe band whose shortfall (1 - achievement)
the miss reaches. :func:`severities` works on arrays with a replication axis;
:func:`findings_of` turns one replication into :class:`Finding` records.
"""

import enum

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import FindingRules
from vanguard.review.layout import Line

Array = NDArray[np.float64]


class Responsibility(enum.Enum):
    """The kind of responsibility a finding assigns."""

    DIRECT = "direct"
    """直接责任: the post pledged the missed target and delegated it no further."""
    LEADERSHIP = "leadership"
    """领导责任: the post is above the direct post in the task's chain."""


@attrs.frozen
class Finding:
    """A finding against ``post`` for the miss of ``line_post``'s pledge on task/indicator.

    ``pledged`` is the value pledged, ``actual`` the year's actual (``None`` when never
    reported), ``achievement`` its ratio to the pledge; ``severity`` the band's id;
    ``rule`` states the rule that raised it.
    """

    post: str
    responsibility: Responsibility
    line_post: str
    task: str
    indicator: str
    pledged: float
    actual: float | None
    achievement: float
    severity: str
    rule: str

    @property
    def key(self) -> str:
        """The finding's identity within one evaluation."""
        return (
            f"{self.post}/{self.responsibility.value}/{self.line_post}/{self.task}/{self.indicator}"
        )

    def to_payload(self) -> dict[str, object]:
        """Plain JSON data (for the ledger and reports)."""
        return {
            "post": self.post,
            "responsibility": self.responsibility.value,
            "line_post": self.line_post,
            "task": self.task,
            "indicator": self.indicator,
            "pledged": self.pledged,
            "actual": self.actual,
            "achievement": self.achievement,
            "severity": self.severity,
            "rule": self.rule,
        }


def severities(
    achievement: Array, direct: NDArray[np.bool_], rules: FindingRules
) -> NDArray[np.int64]:
    """Severity band index of each line's miss (``-1``: no finding), shape like ``achievement``
    (``(replications, lines)``). Only the lines ``direct`` marks (direct responsibility, a
    target of the year) raise findings."""
    missed = (achievement < 1.0 - rules.tolerance - 1e-12) & direct
    shortfall = 1.0 - achievement
    level = np.zeros(achievement.shape, dtype=np.int64)
    for index, band in enumerate(rules.severities):
        level = np.where(shortfall >= band.shortfall, index, level)
    return np.where(missed, level, -1)


def findings_of(
    severity: NDArray[np.int64],
    achievement: Array,
    actual: Array,
    pledged: Array,
    lines: tuple[Line, ...],
    rules: FindingRules,
) -> tuple[Finding, ...]:
    """The findings of one replication (1-D arrays over ``lines``; ``pledged`` the values in
    force at year end), direct ones first per line."""
    found: list[Finding] = []
    for i in np.flatnonzero(severity >= 0).tolist():  # the missed lines, in line order
        line, level = lines[i], int(severity[i])
        band = rules.severities[level]
        ratio = float(achievement[i])
        value = None if np.isnan(actual[i]) else float(actual[i])
        rule = (
            f"achievement {ratio:.1%} < {1 - rules.tolerance:.0%} (tolerance "
            f"{rules.tolerance:.0%}); shortfall {1 - ratio:.1%} >= {band.shortfall:.0%} "
            f"gives {band.id!r}"
        )
        holders = [(line.post, Responsibility.DIRECT)]
        if rules.leadership:
            holders += [(leader, Responsibility.LEADERSHIP) for leader in line.leaders]
        for post, role in holders:
            found.append(
                Finding(
                    post,
                    role,
                    line.post,
                    line.task,
                    line.indicator,
                    float(pledged[i]),
                    value,
                    ratio,
                    band.id,
                    rule,
                )
            )
    return tuple(found)


__all__ = ["Finding", "Responsibility", "findings_of", "severities"]
