"""The year-end evaluation (年终一考评) on arrays: one engine for one year or 10,000.

The year end is progress as of the year's last month (:mod:`~vanguard.review.progress`),
then the rules of the program's ``[evaluation]`` section. :func:`evaluate_many` is the
entry point for a few replications held as :class:`~vanguard.review.Actuals`;
:func:`appraise` takes raw cell values directly (what simulations hand in, per period).
A real year is one replication (:func:`vanguard.review.evaluate` wraps it and builds
readable records), so the two scales cannot disagree.

The year-end score of a post is, by default::

    (1 - sum of linked weights) * task score + sum(weight * linked input) + adjustments

where the task score is the weighted mean of the post's line scores at year end (lines of
targets due that year), each linked input is the year's aggregate of its indicator for
the post (the mean of its quarterly exam scores), and adjustments are the capped bonuses
and deductions. A ``formula`` in the rules replaces this combination (evaluated in the
:mod:`~vanguard.review.formula` sandbox).
"""

from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import (
    Adjustment,
    AdjustmentSource,
    Appraisal,
    QuotaPool,
    TieBreak,
)
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.review.actuals import Actuals
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.findings import severities
from vanguard.review.formula import compile_formula
from vanguard.review.grading import apply_vetoes, band_of, quotas_applied
from vanguard.review.layout import ReviewLayout, review_layout
from vanguard.review.progress import Progress, gather, measure, to_date
from vanguard.review.ranking import rank_within
from vanguard.review.relative import post_improvement

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@attrs.frozen(eq=False)
class EvaluationArrays:
    """Every number of one year's evaluation, replication axis first.

    Posts (axis ``posts``): ``task_score``, ``final``, ``band`` (grade index the score
    reached), ``grade`` (after vetoes and quotas; ``-1`` = not graded), ``rank`` (within the
    post's category), ``late`` (late submissions in the year); ``linked`` ``(R, P,
    inputs)``, ``adjustment_count`` and ``adjustment_points`` ``(R, P, adjustments)``,
    ``vetoed`` ``(R, P, vetoes)``. Lines (axis ``layout.lines``): ``line_pledged`` (in
    force at year end, after any ratchet), ``line_due``, ``line_actual``,
    ``line_achievement``, ``line_score``, ``severity`` (``-1`` = no finding);
    ``line_active`` ``(lines,)``: the line counts this year. Units (program order):
    ``unit_score``, ``unit_grade``, ``unit_rank`` (within the unit kind).
    ``program_score`` ``(R,)``. ``quota_demoted`` ``(R, quotas)``. ``year`` is the review
    year's position.
    """

    posts: tuple[str, ...]
    layout: ReviewLayout
    year: int
    task_score: Floats
    linked: Floats
    adjustment_count: Floats
    adjustment_points: Floats
    final: Floats
    band: Ints
    vetoed: NDArray[np.bool_]
    grade: Ints
    rank: Ints
    late: Floats
    line_active: NDArray[np.bool_]
    line_pledged: Floats
    line_due: Floats
    line_actual: Floats
    line_achievement: Floats
    line_score: Floats
    severity: Ints
    unit_score: Floats
    unit_grade: Ints
    unit_rank: Ints
    program_score: Floats
    quota_demoted: Ints
    """``(R, quotas)``: posts each of the program's quotas (in its order) moved down a grade."""
    line_baseline: Floats
    """``(R, lines)``: each line's baseline (``NaN``: none; :mod:`~vanguard.review.relative`)."""

    @property
    def replications(self) -> int:
        """How many years were evaluated."""
        return int(self.final.shape[0])

    def grade_counts(self, rules: Appraisal) -> dict[str, NDArray[np.int64]]:
        """For each grade id, how many posts received it in each replication."""
        return {
            band.id: np.sum(self.grade == index, axis=-1) for index, band in enumerate(rules.grades)
        }


def year_position(program: Program, year: str | int | None) -> int:
    """The position of review ``year`` (a label such as ``"2006"`` or a position; None: the
    program's last year); ProgramError naming the program's years when it has no such year."""
    calendar = ReviewCalendar(program)
    count = len(calendar.years)
    if year is None:
        return count - 1
    if isinstance(year, int) and not isinstance(year, bool) and 0 <= year < count:
        return year
    position = calendar.year(str(year))
    if position is None:
        known = ", ".join(y.label for y in calendar.years)
        raise ProgramError(
            [Problem("year", f"program {program.id!r} has no review year {year!r} ({known})")]
        )
    return position


def evaluate_many(
    program: Program,
    actuals: Actuals,
    indicators: Mapping[str, Indicator] | None = None,
    *,
    year: str | int | None = None,
    layout: ReviewLayout | None = None,
    baseline: Floats | None = None,
    chunk: int = 500,
) -> EvaluationArrays:
    """Evaluate review ``year`` (default: the program's last) of every replication of
    ``actuals`` against ``program``'s rules.

    ``indicators`` are the plugins' indicators (``Vanguard().indicators()``); the program's
    own are added. ``layout`` may be passed to reuse one across calls. The actuals' axes
    must be :func:`~vanguard.review.review_axes` of the program. ``baseline`` ``(lines,)``
    is each line's actual of the year before the program (for its ratchet, from the
    previous program's recorded evaluation; ``NaN`` where unknown). Replications are
    evaluated ``chunk`` at a time, which bounds the working memory (the results are the
    same for any chunk size: replications never interact).
    """
    known = program.usable_indicators(indicators)
    layout = layout or review_layout(program, known, actuals.axes)
    if layout.axes != actuals.axes:
        raise VanguardError("the actuals' axes are not the layout's (see review_axes)")
    position = year_position(program, year)
    parts = []
    for start in range(0, actuals.replications, max(1, chunk)):
        block = actuals.replications_between(start, start + chunk)
        late = np.ascontiguousarray(block.late.transpose(1, 2, 0))  # (posts, months, R)
        raw = gather(layout, block)
        parts.append(appraise(program, layout, raw, late, position, baseline=baseline))
    return parts[0] if len(parts) == 1 else _concatenate(parts)


def _concatenate(parts: list[EvaluationArrays]) -> EvaluationArrays:
    first = parts[0]
    joined: dict[str, object] = {}
    for field in attrs.fields(EvaluationArrays):
        value = getattr(first, field.name)
        if isinstance(value, np.ndarray) and field.name not in _PER_LINE:
            joined[field.name] = np.concatenate([getattr(p, field.name) for p in parts])
        else:
            joined[field.name] = value
    return EvaluationArrays(**joined)  # type: ignore[arg-type]  # fields copied by name


_PER_LINE = {"line_active"}
"""Fields without a replication axis."""


def appraise(
    program: Program,
    layout: ReviewLayout,
    raw: Floats,
    late: Floats,
    year: int,
    *,
    baseline: Floats | None = None,
) -> EvaluationArrays:
    """The evaluation of review year ``year`` from the raw cell values ``raw`` ``(months,
    replications, cells)`` (overwritten: they become values to date) and late
    submissions ``late`` ``(posts, months, replications)``."""
    values = to_date(layout, raw, layout.year_end_months())
    return appraise_to_date(program, layout, values, late, year, baseline=baseline)


def appraise_to_date(
    program: Program,
    layout: ReviewLayout,
    values: Floats,
    late: Floats,
    year: int,
    *,
    baseline: Floats | None = None,
) -> EvaluationArrays:
    """Like :func:`appraise`, from cell values already to date (:func:`to_date`): one pass of
    the accumulation serves every year of a program."""
    rules = program.evaluation
    end = layout.year_end(year)
    progress = measure(
        layout, values, [end], rules.curve, ratchet=program.ratchet, baseline=baseline
    )
    posts, replications = len(layout.axes.posts), values.shape[1]

    def total(code: str | None) -> Floats:
        """Each post's value of ``code`` for the year, ``(posts, R)`` (0 when never reported)."""
        if code is None:
            return np.zeros((posts, replications))
        return np.nan_to_num(progress.post_values(code), nan=0.0)

    first, stop = layout.year_spans[year]
    late_in_year = late[:, first:stop].sum(axis=1)  # (posts, R)
    task_score = progress.post_score[:, 0]  # (posts, R)
    linked = _stack([total(item.indicator) for item in rules.linked], posts, replications)

    def counted(item: Adjustment) -> Floats:
        if item.source is AdjustmentSource.LATE_REPORTS:
            late_count: Floats = late_in_year
            return late_count
        if item.source is AdjustmentSource.IMPROVEMENT:
            return improvement_of(item.indicator)
        return total(item.indicator)

    def improvement_of(code: str | None) -> Floats:
        if progress.baseline is None or code is None:
            return np.zeros((posts, replications))
        base = np.broadcast_to(progress.baseline[:, 0], progress.actual[:, 0].shape)
        active = progress.active[:, 0]
        return post_improvement(layout, progress.actual[:, 0], base, code, active)

    adjustment_count = _stack([counted(item) for item in rules.adjustments], posts, replications)
    caps = np.asarray([item.cap for item in rules.adjustments])
    each = np.asarray([item.points_each for item in rules.adjustments])
    adjustment_points = np.clip(adjustment_count * each, -caps, caps)
    # Grades, ranks and quotas work post by post within a replication: replications first.
    task_r, linked_r, points_r = task_score.T, linked.transpose(1, 0, 2), adjustment_points
    points_r = points_r.transpose(1, 0, 2)
    final = _combine(rules, task_r, linked_r, points_r)

    bands = len(rules.grades)
    grade_at = {band.id: i for i, band in enumerate(rules.grades)}
    band = band_of(final, rules.grades)
    vetoed = _stack(
        [(total(veto.indicator) > veto.above).astype(np.float64) for veto in rules.vetoes],
        posts,
        replications,
    ).astype(np.bool_)
    vetoed_r = vetoed.transpose(1, 0, 2)
    excluded = np.zeros((replications, posts, bands), dtype=np.bool_)
    for v, veto in enumerate(rules.vetoes):
        for grade_id in veto.excludes or (rules.grades[0].id,):
            excluded[:, :, grade_at[grade_id]] |= vetoed_r[:, :, v]
    grade = apply_vetoes(band, excluded)
    late_r = late_in_year.T
    pools = {
        QuotaPool.UNIT: layout.post_unit.astype(np.int64),
        QuotaPool.CATEGORY: layout.post_category.astype(np.int64),
        QuotaPool.PROGRAM: np.zeros(posts, dtype=np.int64),
    }
    tie_keys = {
        TieBreak.TASK_SCORE: np.nan_to_num(task_r, nan=-np.inf),
        TieBreak.FEWER_LATE: -late_r,
        TieBreak.FILE_ORDER: np.zeros_like(final),
    }
    quota_demoted = np.zeros((replications, len(rules.quotas)), dtype=np.int64)
    for pool, codes in pools.items():
        which = [k for k, q in enumerate(rules.quotas) if q.pool is pool]
        quotas = [(grade_at[rules.quotas[k].grade], rules.quotas[k]) for k in which]
        if quotas:
            grade, demoted = quotas_applied(grade, final, tie_keys, codes, quotas, bands)
            quota_demoted[:, which] = demoted
    rank = rank_within(final, pools[QuotaPool.CATEGORY])

    active = progress.active[:, 0]
    achievement = progress.achievement[:, 0].T  # (R, lines)
    unit_score = progress.unit_score[:, 0].T
    return EvaluationArrays(
        posts=layout.axes.posts,
        layout=layout,
        year=year,
        task_score=task_r,
        linked=linked_r,
        adjustment_count=adjustment_count.transpose(1, 0, 2),
        adjustment_points=points_r,
        final=final,
        band=band,
        vetoed=vetoed_r,
        grade=grade,
        rank=rank,
        late=late_r,
        line_active=active,
        line_pledged=np.broadcast_to(progress.pledged[:, 0], (len(active), replications)).T,
        line_due=np.broadcast_to(progress.due[:, 0], (len(active), replications)).T,
        line_actual=progress.actual[:, 0].T,
        line_achievement=achievement,
        line_score=progress.score[:, 0].T,
        line_baseline=np.broadcast_to(_baseline_at_end(progress), (len(active), replications)).T,
        severity=severities(achievement, layout.direct & active, rules.findings),
        unit_score=unit_score,
        unit_grade=band_of(unit_score, rules.grades),
        unit_rank=rank_within(unit_score, layout.unit_kind.astype(np.int64)),
        program_score=progress.program_score[0],
        quota_demoted=quota_demoted,
    )


def _baseline_at_end(progress: Progress) -> Floats:
    """``(lines, R or 1)``: the lines' baselines at the year end (``NaN`` without)."""
    if progress.baseline is None:
        return np.full((len(progress.layout.lines), 1), np.nan)
    result: Floats = progress.baseline[:, 0]
    return result


def _stack(columns: list[Floats], posts: int, replications: int) -> Floats:
    """``(posts, R, len(columns))``; an empty last axis when there are no columns."""
    if not columns:
        return np.zeros((posts, replications, 0))
    return np.stack(columns, axis=-1)


def _combine(rules: Appraisal, tasks: Floats, linked: Floats, points: Floats) -> Floats:
    adjustments = points.sum(axis=-1)
    if rules.formula is None:
        weights = np.asarray([item.weight for item in rules.linked])
        own = 1.0 - weights.sum()
        result = own * tasks + (linked * weights).sum(axis=-1) + adjustments
    else:
        names = ["tasks", "adjustments", *(i.id for i in rules.linked)]
        names += [a.id for a in rules.adjustments]
        formula = compile_formula(rules.formula, names, "evaluation.formula")
        values: dict[str, Floats] = {"tasks": tasks, "adjustments": adjustments}
        values |= {item.id: linked[..., k] for k, item in enumerate(rules.linked)}
        values |= {item.id: points[..., j] for j, item in enumerate(rules.adjustments)}
        result = np.broadcast_to(formula(values), tasks.shape).astype(np.float64)
    if not np.all(np.isnan(result) <= np.isnan(tasks)):
        raise VanguardError("the evaluation formula gave no number for a scored post")
    return np.where(np.isnan(tasks), np.nan, result)


__all__ = [
    "EvaluationArrays",
    "appraise",
    "appraise_to_date",
    "evaluate_many",
    "year_position",
]
