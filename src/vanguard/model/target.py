"""Targets: a value of an indicator due by a date, optionally with its own schedule, and
optionally against a baseline (a value of an earlier period, or the year before)."""

import datetime as dt
from typing import Annotated

from vanguard.model._constraints import Constraint, Id, Text, model

PeriodLabel = Annotated[
    str,
    Constraint(
        pattern=r"[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?",
        description="a year (2005), a quarter (2005Q4) or a month (2005-12)",
    ),
]
"""The period a stated baseline refers to."""

Improvement = Annotated[float, Constraint(minimum=-99, maximum=1000)]
"""A change over a baseline in percent (10 = 10 % better)."""


@model
class Milestone:
    """A cumulative value of the target's indicator due by ``due``.

    Milestones give a task its own schedule (and express dated targets such as "the
    service centre opened by April 2006": value 1 due 2006-04-30).
    """

    due: dt.date
    value: float


@model
class Baseline:
    """What a target is measured against: a ``value`` of the indicator in an earlier
    ``period`` (``2005``, ``2005Q4``, ``2005-12``; the task's figure, shared among the
    posts in proportion to their pledges), or, with ``previous_year``, each pledge line's
    own result of the year before: the previous review year of the program, and for its
    first year the last evaluation of the ``previous`` program recorded in the ledger
    (see :mod:`vanguard.review.baselines`). Exactly one of the two (checked on load).
    """

    value: float | None = None
    period: PeriodLabel | None = None
    previous_year: bool = False
    source: Text | None = None


@model
class Target:
    """A quantified target of a key task.

    ``value`` is due by ``due`` (the program's end when omitted). Progress before then is
    pro-rated linearly from the program's start, unless ``milestones`` give the task's own
    schedule. For "lower is better" indicators ``value`` is a ceiling.

    A target may state its ``baseline`` and, instead of ``value``, an ``improvement`` over
    it in percent: ``improvement = 10`` is "10 % over baseline" (for a "lower is better"
    indicator, a ceiling 10 % under it). With a stated baseline the target's value is the
    baseline's times 1.1; with ``previous_year`` every pledge line on the target is due
    its own result of the year before times 1.1 (the pledge signed stands where there is
    no such result). Checked on load: ``value`` or ``improvement``, not both; an
    improvement needs a baseline; no milestones on a relative target.
    """

    indicator: Id
    value: float | None = None
    due: dt.date | None = None
    milestones: tuple[Milestone, ...] = ()
    note: Text | None = None
    baseline: Baseline | None = None
    improvement: Improvement | None = None

    @property
    def relative(self) -> bool:
        """Whether the target is stated relative to its baseline (it has an improvement)."""
        return self.improvement is not None

    def factor(self, lower: bool = False) -> float:
        """What a relative target multiplies its baseline by: ``1 + improvement / 100``
        (``1 - improvement / 100`` for a "lower is better" indicator); 1 when not relative."""
        if self.improvement is None:
            return 1.0
        return 1.0 - self.improvement / 100 if lower else 1.0 + self.improvement / 100

    def amount(self, lower: bool = False) -> float | None:
        """The target's value: ``value``, or a stated baseline's value times
        :meth:`factor`; None for a target relative to each line's year before (it has no
        single value) or one that states neither."""
        if self.value is not None:
            return self.value
        if self.baseline is not None and self.baseline.value is not None and self.relative:
            return self.baseline.value * self.factor(lower)
        return None

    def expected_by(self, when: dt.date, start: dt.date, end: dt.date) -> float:
        """The cumulative value due by ``when`` for a program running ``start``..``end``.

        With milestones, the latest milestone on or before ``when`` applies (zero before the
        first); without, the target is pro-rated linearly by elapsed days to ``due``.
        """
        due = self.due or end
        value = self.amount() or 0.0
        if self.milestones:
            reached = [
                m.value for m in sorted(self.milestones, key=lambda m: m.due) if m.due <= when
            ]
            if when >= due:
                return value
            return reached[-1] if reached else 0.0
        if when >= due:
            return value
        span = (due - start).days + 1
        elapsed = max(0, (when - start).days + 1)
        return value * elapsed / span


__all__ = ["Baseline", "Milestone", "Target"]
