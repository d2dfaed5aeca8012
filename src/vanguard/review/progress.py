"""Progress as of a date: the one computation bulletins, the year end and simulations share.

Input is the *raw* value of every cell of a :class:`~vanguard.review.layout.ReviewLayout`
for every month, laid out ``(months, replications, cells)`` (``NaN`` = not reported): from
reports for a real year (:func:`gather`), from an initiative's per-period flows for
simulated years. Then, in this order and nowhere else:

1. **roll-up**: a post's value of an indicator it did not report itself is the
   aggregate, by the indicator's over-units rule, of the posts that pledged it to the post
   (sum, mean of those reporting, or the last of them), level by level from the bottom;
2. **accumulation to date** within each review year, by the indicator's over-time rule
   (running sum, mean of the months reported, latest report);
3. **rates from their parts**: every ratio indicator is its numerator to date over its
   denominator to date, for every post (a rate is never averaged, nor taken as reported);
4. at each as-of month, every **line** is judged on its cell's value to date at the month
   its schedule names, against what is due then, in force then: achievement and points;
   **posts** weigh their lines active that year, **units** average their posts, the
   **program** weighs the lines pledged to the top of each chain.
"""

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import ScoringCurve
from vanguard.model.indicator import Aggregation
from vanguard.model.program import Ratchet
from vanguard.review.actuals import Actuals
from vanguard.review.cells import RollupLevel, Rule
from vanguard.review.curves import achievement, score
from vanguard.review.groups import Groups
from vanguard.review.layout import ReviewLayout
from vanguard.review.relative import against_baselines

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]


def gather(layout: ReviewLayout, actuals: Actuals) -> Floats:
    """The raw values of the layout's cells, ``(months, replications, cells)``, a new array.

    Months lead so that a month of every cell is one contiguous block (the running sums add
    whole months, the fastest way numpy has to accumulate along an axis); cells come last
    so a parent's children are one contiguous run (the roll-up sums runs).
    """
    picked = actuals.values[:, layout.cell_post, layout.cell_code, :]  # (R, cells, months)
    return np.ascontiguousarray(picked.transpose(2, 0, 1))


def to_date(
    layout: ReviewLayout,
    raw: Floats,
    months: Sequence[int] | None = None,
    *,
    complete: bool | None = None,
) -> Floats:
    """Values to date of every cell (steps 1-3 of the module), computed in place in ``raw``
    (which is returned). With ``months`` (positions), only those months' values to date
    are written (the others are left meaningless): enough for an evaluation as of them.

    *Complete* data, where each cell a post reports is reported in every month or in none
    and no post reports what is rolled up to it (a simulated year; a real year where every
    report came in), is rolled up from the children's values to date, at the months asked
    for only: for such data the same numbers as month by month, at a fraction of the
    work. ``complete`` None finds out; True is the caller's promise (the simulation's).
    A summed indicator (over time and units) whose parents report nothing is rolled up so
    even with gaps.
    """
    wanted = np.zeros(layout.months, dtype=np.bool_)
    wanted[list(range(layout.months)) if months is None else list(months)] = True
    at = np.flatnonzero(wanted).tolist()
    if complete is None:
        complete = _complete(layout, raw)
    for group in layout.groups:
        late = complete or (
            group.summed and all(np.isnan(raw[:, :, level.parents]).all() for level in group.levels)
        )
        if not late:
            for level in group.levels:
                _roll_up(raw, level, slice(None))
        for first, stop in layout.year_spans:
            _accumulate(
                raw[first:stop, :, group.start : group.stop],
                group.over_time,
                wanted[first:stop],
                complete,
            )
        if late:
            for month in at:
                for level in group.levels:
                    _roll_up(raw, level, slice(month, month + 1))
    rates, tops, bottoms = layout.ratios
    if len(rates):
        for month in at:
            view = raw[month]  # (replications, cells)
            numerator, denominator = view[:, tops], view[:, bottoms]
            with np.errstate(invalid="ignore", divide="ignore"):
                view[:, rates] = np.where(denominator > 0, numerator / denominator, np.nan)
    return raw


def _complete(layout: ReviewLayout, raw: Floats) -> bool:
    """Whether every cell is reported in every month or in none, and no parent reports."""
    parents = layout.parent_cells
    if len(parents) and not np.isnan(raw[:, :, parents]).all():
        return False
    missing = np.isnan(raw).sum(axis=0)  # (replications, cells)
    return bool(np.all((missing == 0) | (missing == raw.shape[0])))


def _roll_up(raw: Floats, level: RollupLevel, months: slice) -> None:
    """The level's parents from their children at ``months``: a parent that reported the
    month itself keeps its report."""
    kids = raw[months, :, level.kids_from : level.kids_to]  # (months, replications, children)
    present = ~np.isnan(kids)
    rule = level.rule[None, None, :]
    if len(level.parents):
        # reduceat adds each parent's run of children as one sum, the same bits whatever
        # the number of replications.
        if bool(present.all()):
            total = np.add.reduceat(kids, level.starts, axis=2)
            count = np.broadcast_to(level.counts[None, None, :].astype(np.float64), total.shape)
        else:
            total = np.add.reduceat(np.where(present, kids, 0.0), level.starts, axis=2)
            count = np.add.reduceat(present.astype(np.float64), level.starts, axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            rolled = np.where(rule == Rule.MEAN, total / count, total)
        if np.any(level.rule == Rule.LAST):
            where = np.arange(kids.shape[2], dtype=np.float64)[None, None, :]
            last = np.maximum.reduceat(np.where(present, where, -1.0), level.starts, axis=2)
            taken = np.take_along_axis(kids, np.maximum(last, 0).astype(np.intp), axis=2)
            rolled = np.where(rule == Rule.LAST, taken, rolled)
        own = raw[months, :, level.parents]
        raw[months, :, level.parents] = np.where(np.isnan(own) & (count > 0), rolled, own)
    extra_parents, extra_kids = level.extra
    for parent, kid in zip(extra_parents.tolist(), extra_kids.tolist(), strict=True):
        _add_child(raw, parent, kid, months)


def _add_child(raw: Floats, parent: int, kid: int, months: slice) -> None:
    """Add one more child to a parent already rolled up (a post pledging one indicator to
    two recipients counts for both): its value where the parent has none, else summed."""
    value = raw[months, :, kid]
    mine = raw[months, :, parent]
    raw[months, :, parent] = np.where(
        np.isnan(mine), value, np.where(np.isnan(value), mine, mine + value)
    )


def _accumulate(
    series: Floats, rule: Aggregation, wanted: NDArray[np.bool_], complete: bool
) -> None:
    """Values to date along axis 0 (the months of one year) of ``series`` ``(months,
    replications, cells)``, a view of the raw array, written back at the ``wanted`` months. Whole
    months are added one after another (contiguous blocks: numpy's cumsum along a leading
    axis is far slower), in month order, so every replication's sums are the same bits
    alone or in a crowd. With complete data a cell is reported every month or never, so a
    plain running sum (``NaN`` staying ``NaN``) is already the answer."""
    if complete:
        if rule is Aggregation.LAST:
            return  # the latest report is this month's
        total = series[0].copy()
        for m in range(len(series)):
            if m:
                total += series[m]
            if wanted[m]:
                series[m] = total / (m + 1) if rule is Aggregation.MEAN else total
        return
    valid = ~np.isnan(series)
    if rule is Aggregation.LAST:
        latest = series[0].copy()
        for m in range(len(series)):
            if m:
                np.copyto(latest, series[m], where=valid[m])
            if wanted[m]:
                series[m] = latest
        return
    np.copyto(series, 0.0, where=~valid)
    total = series[0].copy()
    count = valid[0].astype(np.float64)
    for m in range(len(series)):
        if m:
            total += series[m]
            count += valid[m]
        if wanted[m]:
            with np.errstate(invalid="ignore", divide="ignore"):
                value = total / count if rule is Aggregation.MEAN else total
            series[m] = np.where(count > 0, value, np.nan)


@attrs.frozen(eq=False)
class Progress:
    """Every line, post, unit and the program as of each of ``as_of`` (month positions).

    Lines ``(lines, as_of, replications)``: ``actual`` (the cell's value to date at the
    month the line is judged on), ``achievement``, ``score``, ``pledged`` (in force) and
    ``due`` (their last axis has length 1 unless a ratchet makes them differ between
    replications); ``(lines, as_of)``: ``active`` (the line counts in that month's year).
    Posts ``(posts, as_of, replications)``: ``post_score`` (``NaN`` for a post with no
    active line); units likewise ``unit_score``; ``program_score`` ``(as_of,
    replications)``. ``values`` are the cells' values to date, ``(months, replications,
    cells)``.
    """

    layout: ReviewLayout
    as_of: Ints
    values: Floats
    pledged: Floats
    due: Floats
    active: NDArray[np.bool_]
    actual: Floats
    achievement: Floats
    score: Floats
    post_score: Floats
    unit_score: Floats
    program_score: Floats
    baseline: Floats | None = None
    """``(lines, as_of, replications or 1)``: each line's baseline (``NaN``: none; see
    :mod:`~vanguard.review.relative`); None when no target states one."""

    def post_values(self, code: str, at: int = 0) -> Floats:
        """Every post's value to date of ``code`` at ``as_of[at]``, ``(posts,
        replications)``; ``NaN`` where the post's cell is not read or not reported."""
        cells = self.layout.cells_of(code)
        result = np.full((len(cells), self.values.shape[1]), np.nan)
        read = cells >= 0
        result[read] = self.values[self.as_of[at]][:, cells[read]].T
        return result


def measure(
    layout: ReviewLayout,
    values: Floats,
    as_of: Sequence[int],
    curve: ScoringCurve,
    *,
    ratchet: Ratchet | None = None,
    baseline: Floats | None = None,
) -> Progress:
    """Progress as of each month position in ``as_of``, from ``values`` to date
    (:func:`to_date`), scored on ``curve``.

    With a ``ratchet``, the pledges of each year after the first are raised to the ratchet's
    factor times the line's actual of the year before (per replication); ``baseline``
    ``(lines,)`` gives the first year's "year before" (``NaN`` where there is none), for
    the ratchet and for targets against the previous year's result.
    """
    when = np.asarray(as_of, dtype=np.intp)
    years = np.asarray([layout.year_of(int(m)) for m in when], dtype=np.intp)
    judged = layout.judged[:, when]  # (lines, as_of)
    actual = values[judged, :, layout.line_cell[:, None]]  # (lines, as_of, replications)
    scale = _ratchet_scale(layout, values, years, ratchet, baseline)
    due = layout.due[:, when, None] * scale
    pledged = layout.in_force[:, when, None] * scale
    base = None
    if layout.baselines is not None:  # targets against baselines, relative ones applied
        base, due, pledged = against_baselines(layout, values, when, years, baseline, due, pledged)
    ratio = achievement(actual, due, layout.lower[:, None, None])
    points = score(ratio, curve)
    active = layout.active[:, years]
    weight = np.where(active, layout.weight[:, None], 0.0)[:, :, None]
    post_score = _weighted(layout.post_lines, points, weight)
    unit_score = layout.unit_posts.mean_of_present(post_score)
    top = Groups.of([np.flatnonzero(layout.top).tolist()])
    program_score = _weighted(top, points, weight)[0]
    return Progress(
        layout=layout,
        as_of=when,
        values=values,
        pledged=pledged,
        due=due,
        active=active,
        actual=actual,
        achievement=ratio,
        score=points,
        post_score=post_score,
        unit_score=unit_score,
        program_score=program_score,
        baseline=base,
    )


def _ratchet_scale(
    layout: ReviewLayout,
    values: Floats,
    years: Ints,
    ratchet: Ratchet | None,
    baseline: Floats | None,
) -> Floats:
    """``(lines, as_of, replications or 1)``: how much the ratchet raises each line's
    pledge in the as-of month's year (1 where it does not apply)."""
    lines = len(layout.lines)
    if ratchet is None:
        return np.ones((lines, len(years), 1))
    codes = set(ratchet.indicators)
    applies = np.asarray([not codes or line.indicator in codes for line in layout.lines])
    replications = values.shape[1]
    scale = np.ones((lines, len(years), replications))
    for a, year in enumerate(years):
        if year == 0:
            if baseline is None:
                continue
            before = np.broadcast_to(
                np.asarray(baseline, dtype=np.float64)[:, None], (lines, replications)
            )
        else:
            end = layout.year_end(int(year) - 1)
            before = values[layout.judged[:, end], :, layout.line_cell]  # (lines, R)
        pledge = layout.in_force[:, layout.year_end(int(year))][:, None]
        lower = layout.lower[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            raised = np.where(
                lower,
                np.minimum(pledge, before / ratchet.factor),
                np.maximum(pledge, before * ratchet.factor),
            )
            ratio = np.where(
                applies[:, None] & (pledge > 0) & ~np.isnan(before), raised / pledge, 1.0
            )
        scale[:, a] = ratio
    return scale


def _weighted(groups: Groups, points: Floats, weight: Floats) -> Floats:
    """Each group's weighted mean of its lines' points (``NaN`` when its weights sum to 0)."""
    total = groups.sum(points * weight)
    weights = groups.sum(np.broadcast_to(weight, (*points.shape[:2], 1)))
    with np.errstate(invalid="ignore", divide="ignore"):
        result: Floats = np.where(weights > 0, total / weights, np.nan)
    return result


__all__ = ["Progress", "gather", "measure", "to_date"]
