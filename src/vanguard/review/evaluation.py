"""The year-end evaluation (年终一考评) on arrays: one engine for one year or 10,000.

:func:`evaluate_many` is the entry point for simulations: given a program and
:class:`~vanguard.review.Actuals` with any number of replications it returns
:class:`EvaluationArrays`, every array with the replication axis first. A real year is
the same call with one replication (:func:`vanguard.review.evaluate` wraps it and builds
readable records), so the two scales cannot disagree.

The year-end score of a post is, by default::

    (1 - sum of linked weights) * task score + sum(weight * linked input) + adjustments

where the task score is the weighted mean of the post's line scores at year end, each
linked input is the year's aggregate of its indicator (quarterly exam scores), and
adjustments are the capped bonuses and deductions. A ``formula`` in the rules replaces
this combination (evaluated in the :mod:`~vanguard.review.formula` sandbox).
"""

from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.io.problems import VanguardError
from vanguard.model.appraisal import AdjustmentSource, Appraisal, QuotaPool, TieBreak
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.actuals import Actuals
from vanguard.review.findings import severities
from vanguard.review.formula import compile_formula
from vanguard.review.grading import apply_quotas, apply_vetoes, band_of
from vanguard.review.lines import PledgeLines, pledge_lines
from vanguard.review.progress import measure_progress
from vanguard.review.ranking import group_codes, rank_within

Array = NDArray[np.float64]
Ints = NDArray[np.int64]


@attrs.frozen(eq=False)
class EvaluationArrays:
    """Every number of the year-end evaluation, replication axis first.

    Posts (axis ``actuals.axes.posts``): ``task_score``, ``final``, ``band`` (grade index
    the score reached), ``grade`` (after vetoes and quotas; ``-1`` = not graded), ``rank``
    (within the post's category), ``late`` (late reports); ``linked`` ``(R, P, inputs)``,
    ``adjustment_count`` and ``adjustment_points`` ``(R, P, adjustments)``, ``vetoed``
    ``(R, P, vetoes)``. Lines: ``line_actual``, ``line_achievement``, ``line_score``,
    ``severity`` (``-1`` = no finding). Units (program order): ``unit_score``,
    ``unit_grade``, ``unit_rank`` (within the unit kind). ``program_score`` ``(R,)``.
    """

    posts: tuple[str, ...]
    lines: PledgeLines
    task_score: Array
    linked: Array
    adjustment_count: Array
    adjustment_points: Array
    final: Array
    band: Ints
    vetoed: NDArray[np.bool_]
    grade: Ints
    rank: Ints
    late: Array
    line_actual: Array
    line_achievement: Array
    line_score: Array
    severity: Ints
    unit_score: Array
    unit_grade: Ints
    unit_rank: Ints
    program_score: Array

    @property
    def replications(self) -> int:
        """How many years were evaluated."""
        return int(self.final.shape[0])

    def grade_counts(self, rules: Appraisal) -> dict[str, NDArray[np.int64]]:
        """For each grade id, how many posts received it in each replication."""
        return {
            band.id: np.sum(self.grade == index, axis=-1) for index, band in enumerate(rules.grades)
        }


def evaluate_many(
    program: Program,
    actuals: Actuals,
    indicators: Mapping[str, Indicator] | None = None,
    *,
    lines: PledgeLines | None = None,
    chunk: int = 500,
) -> EvaluationArrays:
    """Evaluate every replication of ``actuals`` against ``program``'s rules at year end.

    ``indicators`` are the plugins' indicators (``Vanguard().indicators()``); the program's
    own are added. ``lines`` may be passed to reuse a layout across calls. The actuals'
    axes must be :func:`~vanguard.review.review_axes` of the program. Replications are
    evaluated ``chunk`` at a time, which bounds the working memory (the results are the
    same for any chunk size: replications never interact).
    """
    indicators = program.usable_indicators(indicators)
    lines = lines or pledge_lines(program, indicators)
    if actuals.replications > chunk:
        parts = [
            _evaluate_block(
                program, actuals.replications_between(start, start + chunk), indicators, lines
            )
            for start in range(0, actuals.replications, chunk)
        ]
        return _concatenate(parts)
    return _evaluate_block(program, actuals, indicators, lines)


def _concatenate(parts: list[EvaluationArrays]) -> EvaluationArrays:
    first = parts[0]
    joined: dict[str, object] = {}
    for field in attrs.fields(EvaluationArrays):
        value = getattr(first, field.name)
        if isinstance(value, np.ndarray):
            joined[field.name] = np.concatenate([getattr(p, field.name) for p in parts])
        else:
            joined[field.name] = value
    return EvaluationArrays(**joined)  # type: ignore[arg-type]  # fields copied by name


def _evaluate_block(
    program: Program,
    actuals: Actuals,
    indicators: Mapping[str, Indicator],
    lines: PledgeLines,
) -> EvaluationArrays:
    rules = program.evaluation
    progress = measure_progress(program, actuals, indicators, lines, months=slice(-1, None))
    axes = actuals.axes
    code_at = {code: i for i, code in enumerate(axes.indicators)}
    replications, posts = progress.post_score.shape[:2]

    def total(code: str | None) -> Array:
        """Each post's value of ``code`` for the year (0 when never reported)."""
        if code is None or code not in code_at:
            return np.zeros((replications, posts))
        return np.nan_to_num(progress.year_values(code_at[code]), nan=0.0)

    task_score = progress.post_score[..., -1]
    linked = (
        np.stack([total(item.indicator) for item in rules.linked], axis=-1)
        if rules.linked
        else np.zeros((replications, posts, 0))
    )
    counts = [
        actuals.late if item.source is AdjustmentSource.LATE_REPORTS else total(item.indicator)
        for item in rules.adjustments
    ]
    adjustment_count = np.stack(counts, axis=-1) if counts else np.zeros((replications, posts, 0))
    caps = np.asarray([item.cap for item in rules.adjustments])
    each = np.asarray([item.points_each for item in rules.adjustments])
    adjustment_points = np.clip(adjustment_count * each, -caps, caps)
    final = _combine(rules, task_score, linked, adjustment_points)

    bands = len(rules.grades)
    grade_at = {band.id: i for i, band in enumerate(rules.grades)}
    band = band_of(final, rules.grades)
    vetoed = (
        np.stack([total(veto.indicator) > veto.above for veto in rules.vetoes], axis=-1)
        if rules.vetoes
        else np.zeros((replications, posts, 0), dtype=np.bool_)
    )
    excluded = np.zeros((replications, posts, bands), dtype=np.bool_)
    for v, veto in enumerate(rules.vetoes):
        for grade_id in veto.excludes or (rules.grades[0].id,):
            excluded[:, :, grade_at[grade_id]] |= vetoed[:, :, v]
    grade = apply_vetoes(band, excluded)
    post_objects = {post.id: post for post in program.posts}
    pools = {
        QuotaPool.UNIT: group_codes([post_objects[p].unit for p in axes.posts]),
        QuotaPool.CATEGORY: group_codes([post_objects[p].category for p in axes.posts]),
        QuotaPool.PROGRAM: np.zeros(len(axes.posts), dtype=np.int64),
    }
    tie_keys = {
        TieBreak.TASK_SCORE: np.nan_to_num(task_score, nan=-np.inf),
        TieBreak.FEWER_LATE: -actuals.late,
        TieBreak.FILE_ORDER: np.zeros_like(final),
    }
    for pool, codes in pools.items():
        quotas = [(grade_at[q.grade], q) for q in rules.quotas if q.pool is pool]
        if quotas:
            grade = apply_quotas(grade, final, tie_keys, codes, quotas, bands)
    rank = rank_within(final, pools[QuotaPool.CATEGORY])

    achievement = progress.achievement[..., -1]
    unit_score = progress.unit_score[..., -1]
    return EvaluationArrays(
        posts=axes.posts,
        lines=lines,
        task_score=task_score,
        linked=linked,
        adjustment_count=adjustment_count,
        adjustment_points=adjustment_points,
        final=final,
        band=band,
        vetoed=vetoed,
        grade=grade,
        rank=rank,
        late=actuals.late,
        line_actual=progress.actual[..., -1],
        line_achievement=achievement,
        line_score=progress.score[..., -1],
        severity=severities(achievement, lines, rules.findings),
        unit_score=unit_score,
        unit_grade=band_of(unit_score, rules.grades),
        unit_rank=rank_within(unit_score, group_codes([u.kind for u in program.units])),
        program_score=progress.program_score[..., -1],
    )


def _combine(rules: Appraisal, tasks: Array, linked: Array, points: Array) -> Array:
    adjustments = points.sum(axis=-1)
    if rules.formula is None:
        weights = np.asarray([item.weight for item in rules.linked])
        own = 1.0 - weights.sum()
        result = own * tasks + (linked * weights).sum(axis=-1) + adjustments
    else:
        names = ["tasks", "adjustments", *(i.id for i in rules.linked)]
        names += [a.id for a in rules.adjustments]
        formula = compile_formula(rules.formula, names, "evaluation.formula")
        values: dict[str, Array] = {"tasks": tasks, "adjustments": adjustments}
        values |= {item.id: linked[..., k] for k, item in enumerate(rules.linked)}
        values |= {item.id: points[..., j] for j, item in enumerate(rules.adjustments)}
        result = np.broadcast_to(formula(values), tasks.shape).astype(np.float64)
    if not np.all(np.isnan(result) <= np.isnan(tasks)):
        raise VanguardError("the evaluation formula gave no number for a scored post")
    return np.where(np.isnan(tasks), np.nan, result)


__all__ = ["EvaluationArrays", "evaluate_many"]
