"""Target-setting: the target a task is met with a chosen probability, cascaded to posts.

For a target on an all-units total, the suggested value is the simulated total's
``1 - probability`` quantile at the target's due period (``probability`` quantile for
"lower is better" indicators). With ``joint=True`` the task's targets are set together, so
that the task as a whole (every target met in the same simulated year) is met with
``probability``: each target at the same marginal level, raised until the joint share of
replications meeting all of them is ``probability``.

Every pledge on that task and indicator, at every level of the letter chain, follows the
task's target by the same factor. For count indicators (summed over months and units) the
cascade is in whole numbers: the task's target is rounded the safe way (down when higher
is better, so it is met at least as often), and each post's whole pledge is split among the
posts pledging to it by largest remainder (:func:`~vanguard.chain.split.split_value`), so
every sum the current letters keep, the whole ones keep too, and each share is within 1 of
its exact quota.
"""

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from vanguard.chain.split import ByWeight, Even, split_value
from vanguard.model.indicator import Aggregation
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.simulation.plan import TargetCheck
from vanguard.simulation.results import SimulationResult


def whole_cascade(
    top: float,
    top_current: float,
    pledged: Mapping[str, float],
    below: Mapping[str | None, Sequence[str]],
) -> dict[str, float]:
    """Whole pledges for every post under ``top`` (a whole number), by largest remainder.

    ``pledged`` is each post's current pledge, ``below[post]`` the posts pledging to it
    (``below[None]``: those pledging at the top, to ``top_current``). Where the current
    pledges below a post add up to its own, the whole ones add up to its whole pledge;
    where they over- or under-cover it, the whole ones do so by the same proportion, rounded.
    """
    found: dict[str, float] = {}
    pending: list[tuple[str | None, float, float]] = [(None, float(top), top_current)]
    while pending:
        parent, whole, current = pending.pop()
        children = [post for post in below.get(parent, ()) if post not in found]
        if not children:
            continue
        weights = {post: pledged[post] for post in children}
        covered = math.fsum(weights.values())
        if covered == current:
            total = whole
        elif current:
            total = float(round(whole * covered / current))
        else:
            total = float(round(covered))
        # nothing pledged below yet something due: share it evenly (no weights to follow)
        rule = ByWeight(weights) if covered > 0 else Even()
        shares = split_value(total, children, rule, whole=True)
        for post, share in shares.items():
            found[post] = share
            pending.append((post, share, pledged[post]))
    return found


def _joint_levels(values: np.ndarray, lower: Sequence[bool], probability: float) -> np.ndarray:
    """Thresholds, one per column of ``values`` (replications x targets), at a common
    marginal level chosen so the share of rows meeting every threshold is ``probability``."""
    signs = np.where(np.asarray(lower), -1.0, 1.0)
    oriented = values * signs  # higher is better in every column

    def thresholds(level: float) -> np.ndarray:
        found: np.ndarray = np.quantile(oriented, 1.0 - level, axis=0, method="lower")
        return found

    def joint(level: float) -> float:
        return float(np.mean(np.all(oriented >= thresholds(level), axis=1)))

    low, high = probability, 1.0
    for _ in range(60):  # bisection on the marginal level; joint() is monotone in it
        middle = (low + high) / 2.0
        if joint(middle) >= probability:
            high = middle
        else:
            low = middle
    found: np.ndarray = thresholds(high) * signs
    return found


def suggest_targets(
    result: SimulationResult,
    program: Program,
    probability: float = 0.8,
    *,
    whole: bool | None = None,
    joint: bool = False,
) -> list[dict[str, Any]]:
    """For each simulated task target: the value met with ``probability``, and per post.

    Rows: ``task``, ``indicator``, ``post`` (``None`` for the task's own target),
    ``current``, ``suggested``, ``exact`` (the suggestion before rounding), ``factor`` and,
    for the task rows, ``p_met_current`` and ``p_task_met`` (the share of simulated years
    meeting every suggested target of the task, in this run).

    ``whole`` (default: for count indicators) makes the cascade whole numbers (see the
    module). ``joint`` sets each task's targets together so the task as a whole is met with
    ``probability``; it needs each replication's totals, so ``result`` must come from
    ``simulate(..., collect=[...])`` of every target's indicator, due at the year end.

    :raises ValueError: ``probability`` not strictly between 0 and 1.
    :raises VanguardError: ``joint`` on a run that did not collect the targets' indicators.
    """
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be strictly between 0 and 1, got {probability}")
    plan = result.plan
    met = {(r["task"], r["indicator"]): r["probability"] for r in result.probability_met()}
    exact = {(c.task, c.indicator): _marginal(result, c, probability) for c in plan.targets}
    if joint:
        exact.update(_joint(result, probability))
    letters = program.letters_of(LetterKind.WORK_TARGET)
    rows: list[dict[str, Any]] = []
    suggested_of: dict[tuple[str, str], float] = {}
    for check in plan.targets:
        key = (check.task, check.indicator)
        series = plan.series_of(check.indicator)
        counts = whole if whole is not None else _is_count(series.over_time, series.over_units)
        lower = check.direction.value == "lower"
        value = exact[key]
        top = float(math.ceil(value) if lower else math.floor(value)) if counts else value
        suggested_of[key] = top
        factor = value / check.value if check.value else float("nan")
        rows.append(
            {
                "task": check.task,
                "indicator": check.indicator,
                "post": None,
                "current": check.value,
                "suggested": top,
                "exact": value,
                "factor": factor,
                "p_met_current": met.get(key),
            }
        )
        pledged: dict[str, float] = {}
        below: dict[str | None, list[str]] = {}
        for letter in letters:
            pledge = letter.pledge_for(check.task, check.indicator)
            if pledge is not None and letter.pledger not in pledged:
                pledged[letter.pledger] = pledge.effective_value
                below.setdefault(letter.recipient, []).append(letter.pledger)
        below[None] = [p for r, posts in below.items() if r not in pledged for p in posts]
        cascade = whole_cascade(top, check.value, pledged, below) if counts else {}
        for post, current in pledged.items():
            rows.append(
                {
                    "task": check.task,
                    "indicator": check.indicator,
                    "post": post,
                    "current": current,
                    "suggested": cascade.get(post, current * factor),
                    "exact": current * factor,
                    "factor": factor,
                    "p_met_current": None,
                }
            )
    _add_task_met(result, rows, suggested_of)
    return rows


def _is_count(over_time: Aggregation, over_units: Aggregation) -> bool:
    return over_time is Aggregation.SUM and over_units is Aggregation.SUM


def _marginal(result: SimulationResult, check: TargetCheck, probability: float) -> float:
    q = probability if check.direction.value == "lower" else 1.0 - probability
    return float(result.quantile(check.indicator, q, None, check.period))


def _joint(result: SimulationResult, probability: float) -> dict[tuple[str, str], float]:
    plan = result.plan
    missing = sorted({c.indicator for c in plan.targets} - set(result.collected))
    if missing:
        raise VanguardError(
            "suggest_targets(joint=True) needs each replication's totals: simulate with "
            f"collect={missing!r}"
        )
    late = [c for c in plan.targets if c.period != plan.periods - 1]
    if late:
        raise VanguardError(
            f"suggest_targets(joint=True): target {late[0].task}/{late[0].indicator} is due "
            "before the year end, and only year-end totals are collected"
        )
    found: dict[tuple[str, str], float] = {}
    for task in dict.fromkeys(c.task for c in plan.targets):
        checks = [c for c in plan.targets if c.task == task]
        values = np.column_stack([result.values(c.indicator) for c in checks])
        lower = [c.direction.value == "lower" for c in checks]
        for check, value in zip(checks, _joint_levels(values, lower, probability), strict=True):
            found[(check.task, check.indicator)] = float(value)
    return found


def _add_task_met(
    result: SimulationResult, rows: list[dict[str, Any]], suggested: Mapping[tuple[str, str], float]
) -> None:
    """``p_task_met`` on each task row: this run's share of years meeting every suggested
    target of the task (None when the run did not collect them, or one is due before the
    year end)."""
    checks = result.plan.targets
    for row in rows:
        if row["post"] is not None:
            continue
        mine = [c for c in checks if c.task == row["task"]]
        last = result.plan.periods - 1
        if any(c.indicator not in result.collected or c.period != last for c in mine):
            row["p_task_met"] = None
            continue
        meets = np.ones(result.replications, dtype=bool)
        for c in mine:
            values = result.values(c.indicator)
            target = suggested[(c.task, c.indicator)]
            meets &= values <= target if c.direction.value == "lower" else values >= target
        row["p_task_met"] = float(meets.mean())


__all__ = ["suggest_targets", "whole_cascade"]
