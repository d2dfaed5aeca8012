"""Targets against baselines: each pledge line's baseline, relative targets, improvement.

A target may state a baseline (:class:`~vanguard.model.target.Baseline`) and be stated
relative to it ("10 % over baseline"). For the review every line on such a target has a
baseline of its own, in the units of its pledge:

* a **stated** baseline (a value of an earlier period) is the task's figure. For an
  indicator that adds up over posts (a count), a line's share of it is in proportion to
  its pledge: the stated value times the pledge in force over the pledges in force at the
  top of the task's chain (the deputy who pledged the whole 120 has the whole baseline,
  each of three sections pledging 40 a third of it); for a mean, a level or a rate every
  line has the stated value. A relative target's value is the baseline's times the
  factor, and the pledges signed cascade it like any other target's;
* a **previous-year** baseline is the line's own result of the year before: its actual
  at the end of the previous review year of the program, and in the first year the
  actual recorded in the last evaluation of the ``previous`` program (what
  :func:`~vanguard.review.baselines.ledger_baseline` reads from the ledger, the same
  numbers the ratchet uses). On a relative target the line is then due its baseline times
  the factor (pro-rated through the year as the pledge would be), instead of the pledge
  signed; where there is no such result the pledge signed stands.

The rules are applied in :func:`~vanguard.review.progress.measure` and nowhere else, so
bulletins, the year end and simulated years judge a relative target alike.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Direction, Indicator
from vanguard.model.letter import Pledge
from vanguard.model.target import Target

if TYPE_CHECKING:
    from vanguard.review.layout import Line, ReviewLayout
    from vanguard.review.schedule import Schedules

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]
Bools = NDArray[np.bool_]


@attrs.frozen(eq=False)
class LineBaselines:
    """The baseline rules of a layout's lines.

    ``stated`` ``(lines, months)``: each line's share of a stated baseline by the pledge
    in force each month (``NaN`` where the target states none); ``previous_year``
    ``(lines,)``: the line's baseline is its result of the year before; ``relative``
    ``(lines,)``: its target is stated relative to the baseline, by ``factor``
    ``(lines,)``; ``share`` ``(lines, months)``: the share of a year's value due by each
    month (for a line whose due value is its baseline times the factor).
    """

    stated: Floats
    previous_year: Bools
    relative: Bools
    factor: Floats
    share: Floats


def line_baselines(
    lines: Sequence["Line"],
    targets: Sequence[Target | None],
    indicators: Sequence[Indicator | None],
    in_force: Floats,
    schedules: "Schedules",
) -> LineBaselines | None:
    """The baselines of ``lines``, on ``targets`` (one per line, None for a task without a
    target on the line's indicator) of ``indicators`` (None: unknown), ``in_force``
    ``(lines, months)``; None when no line's target states a baseline (the common case
    costs nothing)."""
    if not any(t is not None and t.baseline is not None for t in targets):
        return None
    months = in_force.shape[1] if in_force.ndim == 2 else 0
    tops: dict[tuple[str, str], Floats] = {}
    for i, line in enumerate(lines):
        if line.top:
            key = (line.task, line.indicator)
            tops[key] = tops.get(key, np.zeros(months)) + in_force[i]
    lower = [ind is not None and ind.direction is Direction.LOWER for ind in indicators]
    count = len(lines)
    stated = np.full((count, months), np.nan)
    previous = np.zeros(count, dtype=np.bool_)
    relative = np.zeros(count, dtype=np.bool_)
    factor = np.ones(count)
    share = np.ones((count, months))
    for i, target in enumerate(targets):
        if target is None or target.baseline is None:
            continue
        factor[i] = target.factor(lower[i])
        relative[i] = target.relative
        if target.baseline.previous_year:
            previous[i] = True
            if target.relative:
                unit = Pledge(task=lines[i].task, indicator=lines[i].indicator, value=1.0)
                share[i] = schedules.of(unit, target, indicators[i]).due
        elif target.baseline.value is not None:
            indicator = indicators[i]
            top = tops.get((lines[i].task, lines[i].indicator))
            if indicator is not None and not indicator.additive:
                stated[i] = target.baseline.value
            elif top is not None:
                with np.errstate(invalid="ignore", divide="ignore"):
                    stated[i] = np.where(
                        top != 0, target.baseline.value * in_force[i] / top, np.nan
                    )
    return LineBaselines(stated, previous, relative, factor, share)


def against_baselines(
    layout: "ReviewLayout",
    values: Floats,
    when: Ints,
    years: Ints,
    ledger: Floats | None,
    due: Floats,
    pledged: Floats,
) -> tuple[Floats, Floats, Floats]:
    """Each line's baseline at the as-of months ``when`` (of review ``years``), ``(lines,
    as_of, replications or 1)`` (``NaN``: none), and the ``due`` and ``pledged`` values
    with relative previous-year targets applied. ``values`` are the cells' values to date;
    ``ledger`` ``(lines,)`` the year before the program's first, from the ledger."""
    rules = layout.baselines
    lines = len(layout.lines)
    if rules is None:
        return np.full((lines, len(when), 1), np.nan), due, pledged
    replications = values.shape[1] if rules.previous_year.any() else 1
    base = np.repeat(rules.stated[:, when, None], replications, axis=2)
    if rules.previous_year.any():
        chosen = rules.previous_year[:, None]
        for a, year in enumerate(years.tolist()):
            if year == 0:
                if ledger is None:
                    before = np.full((lines, replications), np.nan)
                else:
                    before = np.broadcast_to(
                        np.asarray(ledger, dtype=np.float64)[:, None], (lines, replications)
                    )
            else:
                end = layout.year_end(year - 1)
                before = values[layout.judged[:, end], :, layout.line_cell]  # (lines, R)
            base[:, a] = np.where(chosen, before, base[:, a])
        replaced = (rules.relative & rules.previous_year)[:, None, None] & ~np.isnan(base)
        if replaced.any():
            level = base * rules.factor[:, None, None]
            due = np.where(replaced, level * rules.share[:, when, None], due)
            pledged = np.where(replaced, level, pledged)
    return base, due, pledged


def improvement(actual: Floats, base: Floats, lower: Bools) -> Floats:
    """The improvement of ``actual`` over ``base`` in percent (for "lower is better"
    lines, how far under it), elementwise; ``NaN`` where there is no baseline or it is 0.
    ``lower`` broadcasts against the leading (line) axis."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(base > 0, actual / base, np.nan)
    shape = (len(lower),) + (1,) * (np.ndim(ratio) - 1)
    result: Floats = np.where(np.reshape(lower, shape), 1.0 - ratio, ratio - 1.0) * 100.0
    return result


def post_improvement(
    layout: "ReviewLayout", actual: Floats, base: Floats, code: str, active: Bools
) -> Floats:
    """``(posts, replications)``: each post's mean improvement (percent) over its baselines
    on the active lines of indicator ``code`` (0 for a post without one)."""
    change = improvement(actual, base, layout.lower)  # (lines, R)
    chosen = np.asarray([line.indicator == code for line in layout.lines], dtype=np.bool_)
    chosen &= active
    posts = len(layout.axes.posts)
    replications = change.shape[1]
    total = np.zeros((posts, replications))
    count = np.zeros((posts, replications))
    which = np.flatnonzero(chosen)
    known = ~np.isnan(change[which])
    np.add.at(total, layout.line_post[which], np.where(known, change[which], 0.0))
    np.add.at(count, layout.line_post[which], known.astype(np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: Floats = np.where(count > 0, total / np.maximum(count, 1.0), 0.0)
    return mean


__all__ = [
    "LineBaselines",
    "against_baselines",
    "improvement",
    "line_baselines",
    "post_improvement",
]
