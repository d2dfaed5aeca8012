"""True against reported: the behaviour of a run as tidy rows (means over replications).

The run's block hook summed each value as integers of thousandths (exact in any order),
so these means are the same whatever the workers and chunking. The layout (which
initiative, target and post each number belongs to) is the run's own compiled behaviour
(``result.response``); ``program`` and ``behaviour`` are needed only for a result that
does not carry one (it is then compiled again: the layout is deterministic).
"""

from typing import Any

import numpy as np

from vanguard.model.program import Program
from vanguard.simulation.behaviour.declaration import Behaviour
from vanguard.simulation.behaviour.response import MILLI, RATIO_BINS, Response, prepare
from vanguard.simulation.results import SimulationResult


def response_of(
    result: SimulationResult, program: Program | None = None, behaviour: Behaviour | None = None
) -> Response:
    """The compiled behaviour of ``result``'s run (see the module)."""
    if isinstance(result.response, Response):
        return result.response
    if program is None or behaviour is None:
        raise ValueError(
            "the run has no behaviour: simulate with one (or give program and behaviour)"
        )
    return prepare(program, result.plan, behaviour)


def behaviour_rows(
    result: SimulationResult, program: Program | None = None, behaviour: Behaviour | None = None
) -> list[dict[str, Any]]:
    """One row per review year, initiative, target indicator and acting post (an
    initiative's unit, or a program post when the initiatives assign units to posts).

    Columns: ``year`` (0-based), ``initiative``, ``indicator``, ``post``, mean ``target``,
    ``passive`` (what the post achieves without responding: the behaviour-off value),
    ``true``, ``reported``, ``undetected`` (reported minus true, mean) and ``detected``
    (inflation found by audits, mean), and per post the share of replications it
    ``inflated`` and was ``caught``.
    """
    response = response_of(result, program, behaviour)
    extra = result.tally.extra
    reps = result.tally.replications
    rows: list[dict[str, Any]] = []
    for group in response.groups:
        key = f"behaviour.{group.step}."
        try:
            sums = {name: extra[key + name] / (MILLI * reps) for name in _FIELDS}
        except KeyError:
            raise ValueError(
                f"the run has no behaviour of {group.step!r}: simulate it with this "
                "behaviour declaration"
            ) from None
        inflating = extra[key + "inflation"] / (MILLI * reps)
        caught = extra[key + "detected"] / (MILLI * reps)
        for year in range(len(response.years)):
            for j, code in enumerate(group.targets):
                for a, post in enumerate(group.units):
                    true = float(sums["true"][year, j, a])
                    reported = float(sums["reported"][year, j, a])
                    rows.append(
                        {
                            "year": year,
                            "initiative": group.initiative_of(j),
                            "indicator": code,
                            "post": post,
                            "target": float(sums["target"][year, j, a]),
                            "passive": float(sums["passive"][year, j, a]),
                            "true": true,
                            "reported": reported,
                            "undetected": reported - true,
                            "detected": float(sums["caught"][year, j, a]),
                            "inflation": float(inflating[year, a]),
                            "caught": float(caught[year, a]),
                        }
                    )
    return rows


def bunching(
    result: SimulationResult,
    program: Program | None = None,
    behaviour: Behaviour | None = None,
    year: int = 0,
) -> dict[str, dict[str, int]]:
    """How many (replication, post, target) results fell within 2 % above and below targets.

    Keys ``passive`` (behaviour off), ``true`` and ``reported``; each maps ``above``,
    ``below`` and ``met`` to counts over the whole run.
    """
    response = response_of(result, program, behaviour)
    out: dict[str, dict[str, int]] = {}
    for name in ("passive", "true", "reported"):
        totals = np.zeros(3, dtype=np.int64)
        for group in response.groups:
            bands = result.tally.extra[f"behaviour.{group.step}.{name}.bands"]
            totals += bands[year].sum(axis=(1, 2))
        out[name] = {"above": int(totals[0]), "below": int(totals[1]), "met": int(totals[2])}
    return out


def ratio_histogram(
    result: SimulationResult,
    program: Program | None = None,
    behaviour: Behaviour | None = None,
    kind: str = "true",
    year: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """``(edges, counts)``: how many (replication, post, target) results of ``kind``
    (``passive``, ``true`` or ``reported``) fell in each 1 % band of result / target
    (:data:`~.response.RATIO_BINS`; results outside 80-120 % count in the end bands)."""
    response = response_of(result, program, behaviour)
    counts = np.zeros(len(RATIO_BINS) - 1, dtype=np.int64)
    for group in response.groups:
        counts += result.tally.extra[f"behaviour.{group.step}.{kind}.ratios"][year]
    return RATIO_BINS.copy(), counts


def mean_effort(
    result: SimulationResult, program: Program | None = None, behaviour: Behaviour | None = None
) -> dict[tuple[int, str, str, str], float]:
    """Mean effort by ``(year, initiative, task indicator, post)``."""
    response = response_of(result, program, behaviour)
    reps = result.tally.replications
    out: dict[tuple[int, str, str, str], float] = {}
    for group in response.groups:
        effort = result.tally.extra[f"behaviour.{group.step}.effort"] / (MILLI * reps)
        for year in range(effort.shape[0]):
            for a, post in enumerate(group.units):
                for k, task in enumerate(group.tasks):
                    out[(year, group.initiative_of_task(k), task, post)] = float(effort[year, a, k])
    return out


_FIELDS = ("passive", "true", "reported", "target", "caught")

__all__ = ["behaviour_rows", "bunching", "mean_effort", "ratio_histogram", "response_of"]
