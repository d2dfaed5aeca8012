"""The year-end appraisal of one real year, as readable records.

:func:`evaluate` runs :func:`~vanguard.review.evaluate_many` (the one engine) on one
replication and turns its arrays into :class:`Evaluation`: per post its task score,
linked inputs, bonuses and deductions, final score, the grade the score reached, the
vetoes that applied and the grade given (in the post category's vocabulary), its rank;
per unit its score, grade and rank; the accountability findings.
"""

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from vanguard.model.indicator import Indicator
from vanguard.model.label import Label
from vanguard.model.program import Program
from vanguard.review.actuals import Actuals
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import EvaluationArrays, Floats, evaluate_many
from vanguard.review.findings import Finding, findings_of
from vanguard.review.relative import improvement

if TYPE_CHECKING:
    import pandas as pd


@attrs.frozen
class LineResult:
    """A pledge line at year end: the value in force then, what was due (the whole value,
    or for a dated target the value due by its date), the actual it was judged on."""

    task: str
    indicator: str
    pledged: float
    actual: float | None
    achievement: float
    score: float
    weight: float
    due: float | None = None
    baseline: float | None = None
    """The line's baseline, when its target states one (:mod:`~vanguard.review.relative`)."""
    improvement: float | None = None
    """The actual's improvement over the baseline, in percent (under it, for "lower is
    better")."""


@attrs.frozen
class PostAppraisal:
    """One post's year-end appraisal: every number that led to its grade.

    ``reached`` is the grade its final score reached; ``grade`` the grade given after
    vetoes and quotas (``None`` when the post pledged nothing and is not graded);
    ``grade_name`` the grade in the vocabulary of the post's category.
    """

    post: str
    unit: str
    category: str
    task_score: float | None
    linked: dict[str, float]
    adjustments: dict[str, float]
    adjustment_counts: dict[str, float]
    final: float | None
    reached: str | None
    vetoes: tuple[str, ...]
    grade: str | None
    grade_name: Label | None
    rank: int
    late_reports: int
    lines: tuple[LineResult, ...]


@attrs.frozen
class UnitAppraisal:
    """A unit's year-end standing: the mean final score of its posts, grade and rank in kind."""

    unit: str
    kind: str
    score: float | None
    grade: str | None
    rank: int


@attrs.frozen
class Evaluation:
    """The year-end evaluation of one program for one year."""

    program: str
    year: str
    as_of: dt.date
    posts: tuple[PostAppraisal, ...]
    units: tuple[UnitAppraisal, ...]
    findings: tuple[Finding, ...]
    program_score: float | None

    def __repr__(self) -> str:
        """One line: what it is and its size (the fields are all still there)."""
        from vanguard.reports.notebook import evaluation_repr

        return evaluation_repr(self)

    def _repr_html_(self) -> str:
        """A compact summary table for notebooks (well under 20 KB)."""
        from vanguard.reports.notebook import evaluation_html

        return evaluation_html(self)

    def to_frame(self, table: Literal["posts", "units", "findings"] = "posts") -> "pd.DataFrame":
        """The post appraisals (default), the unit appraisals or the findings as a pandas
        DataFrame: one row each, a column per plain field (see :mod:`vanguard.review.frames`;
        a post's pledge lines and linked scores are in :attr:`posts`)."""
        from vanguard.review.frames import findings_frame, frame_of

        if table == "findings":
            return findings_frame(self.findings)
        if table not in ("posts", "units"):
            raise ValueError(f"an evaluation's tables are posts, units and findings, not {table!r}")
        if table == "posts":
            return frame_of(self.posts, PostAppraisal)
        return frame_of(self.units, UnitAppraisal)

    def post(self, post_id: str) -> PostAppraisal:
        """The appraisal of ``post_id``; KeyError when the program has no such post."""
        for item in self.posts:
            if item.post == post_id:
                return item
        raise KeyError(post_id)

    def findings_for(self, post_id: str) -> tuple[Finding, ...]:
        """The findings against ``post_id`` (direct and leadership)."""
        return tuple(f for f in self.findings if f.post == post_id)

    def to_payload(self, converter: Any) -> dict[str, Any]:
        """Plain JSON data (dates as ISO strings) through the app's converter."""
        data: dict[str, Any] = converter.unstructure(self)
        data["as_of"] = self.as_of.isoformat()
        data["findings"] = [finding.to_payload() for finding in self.findings]
        return data


def evaluate(
    program: Program,
    actuals: Actuals,
    indicators: Mapping[str, Indicator] | None = None,
    replication: int = 0,
    *,
    year: str | int | None = None,
    baseline: Floats | None = None,
) -> Evaluation:
    """The evaluation of review ``year`` (a label such as ``"2006"``; default: the program's
    last) of one replication of ``actuals`` (a real year has one); ``baseline`` as for
    :func:`~vanguard.review.evaluate_many`."""
    arrays = evaluate_many(
        program, actuals.replication(replication), indicators, year=year, baseline=baseline
    )
    return evaluation_of(program, arrays, 0)


def evaluation_of(program: Program, arrays: EvaluationArrays, replication: int) -> Evaluation:
    """Records for one replication of already computed arrays."""
    r = replication
    rules = program.evaluation
    vocabulary = {v.category: v.names for v in rules.vocabularies}
    by_id = {post.id: post for post in program.posts}
    layout = arrays.layout
    mine: dict[str, list[int]] = {post: [] for post in arrays.posts}
    for i, line in enumerate(layout.lines):
        if arrays.line_active[i]:
            mine[line.post].append(i)
    # Plain Python numbers, read once per array (not a numpy scalar per field).
    pledged, actual = arrays.line_pledged[r].tolist(), arrays.line_actual[r].tolist()
    achieved, scored = arrays.line_achievement[r].tolist(), arrays.line_score[r].tolist()
    due = arrays.line_due[r].tolist()
    posts = []
    for p, post_id in enumerate(arrays.posts):
        post = by_id[post_id]
        grade = int(arrays.grade[r, p])
        names = vocabulary.get(post.category)
        lines = tuple(
            LineResult(
                layout.lines[i].task,
                layout.lines[i].indicator,
                pledged[i],
                _number(actual[i]),
                achieved[i],
                scored[i],
                layout.lines[i].weight,
                due[i],
                *_against_baseline(arrays, r, i),
            )
            for i in mine[post_id]
        )
        posts.append(
            PostAppraisal(
                post=post_id,
                unit=post.unit,
                category=post.category,
                task_score=_number(arrays.task_score[r, p]),
                linked={
                    item.id: float(arrays.linked[r, p, k]) for k, item in enumerate(rules.linked)
                },
                adjustments={
                    item.id: float(arrays.adjustment_points[r, p, j])
                    for j, item in enumerate(rules.adjustments)
                },
                adjustment_counts={
                    item.id: float(arrays.adjustment_count[r, p, j])
                    for j, item in enumerate(rules.adjustments)
                },
                final=_number(arrays.final[r, p]),
                reached=_grade_id(program, int(arrays.band[r, p])),
                vetoes=tuple(
                    veto.id for v, veto in enumerate(rules.vetoes) if arrays.vetoed[r, p, v]
                ),
                grade=_grade_id(program, grade),
                grade_name=(
                    None
                    if grade < 0
                    else names[grade]
                    if names is not None and grade < len(names)
                    else rules.grades[grade].name or Label(en=rules.grades[grade].id)
                ),
                rank=int(arrays.rank[r, p]),
                late_reports=int(arrays.late[r, p]),
                lines=lines,
            )
        )
    units = tuple(
        UnitAppraisal(
            unit.id,
            unit.kind,
            _number(arrays.unit_score[r, u]),
            _grade_id(program, int(arrays.unit_grade[r, u])),
            int(arrays.unit_rank[r, u]),
        )
        for u, unit in enumerate(program.units)
    )
    findings = findings_of(
        arrays.severity[r],
        arrays.line_achievement[r],
        arrays.line_actual[r],
        arrays.line_pledged[r],
        layout.lines,
        rules.findings,
    )
    year = ReviewCalendar(program).years[arrays.year]
    return Evaluation(
        program=program.id,
        year=year.label,
        as_of=year.end,
        posts=tuple(posts),
        units=units,
        findings=findings,
        program_score=_number(arrays.program_score[r]),
    )


def _grade_id(program: Program, index: int) -> str | None:
    return None if index < 0 else program.evaluation.grades[index].id


def _against_baseline(arrays: EvaluationArrays, r: int, i: int) -> tuple[float | None, ...]:
    """A line's baseline and improvement over it (percent), or nothing (no baseline)."""
    base = _number(arrays.line_baseline[r, i])
    if base is None:
        return ()
    change = improvement(
        np.asarray([arrays.line_actual[r, i]]),
        np.asarray([base]),
        arrays.layout.lower[i : i + 1],
    )
    return base, _number(change[0])


def _number(value: Any) -> float | None:
    return None if np.isnan(value) else float(value)


__all__ = [
    "Evaluation",
    "LineResult",
    "PostAppraisal",
    "UnitAppraisal",
    "evaluate",
    "evaluation_of",
]
