"""Outcomes: simulated years through the review core, reduced to probabilities.

Each block's per-period outputs become the posts' raw monthly values
(:mod:`~vanguard.simulation.feed`), which go through the same core as a real year's
reports (:func:`vanguard.review.evaluation.appraise`), once per review year, a memory-
bounded slice of replications at a time. Each year is reduced to integer counts (exact in
any order, so results stay bit-identical whatever the chunking): how often each pledge
line is met, each post and unit gets each grade and rank, each finding is raised, and a
fixed-point sum and histogram of scores. Counts carry a leading review-year axis.
"""

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.layout import ReviewLayout
from vanguard.simulation.budget import MEMORY_BUDGET
from vanguard.simulation.engine import BlockValues
from vanguard.simulation.feed import Feed, review_feed
from vanguard.simulation.plan import Plan
from vanguard.simulation.streams import Block
from vanguard.simulation.tally import Floats

Counts = NDArray[np.int64]
Ints = NDArray[np.intp]

SCORE_BINS = 160
"""The program-score histogram: one bin per point from 0 to 160 (the rest at the ends)."""

SCORE_STEP = 0.1
"""Post-score histogram resolution, in points: quantiles are exact to within one step."""

SCORE_LOW, SCORE_HIGH = -50.0, 160.0
"""The post-score histogram's range; scores outside fall into end bins (reported at the
range's edge)."""

POST_SCORE_BINS = round((SCORE_HIGH - SCORE_LOW) / SCORE_STEP)

MICRO = 1_000_000
"""Scores are summed as integers of millionths, so sums are exact in any order."""

TOP_RANKS = 10
"""Rank distributions count ranks 1 to 10 one by one and every worse rank together (a
distribution over every rank would grow with the square of the number of posts)."""


@attrs.frozen(eq=False)
class ReviewOutcomes:
    """A block hook (see :data:`vanguard.simulation.engine.BlockHook`) evaluating each block.

    Built once per run by :func:`review_outcomes`; pickled to workers with the plan.
    """

    program: Program
    indicators: Mapping[str, Indicator]
    layout: ReviewLayout
    feed: Feed
    budget: int = MEMORY_BUDGET
    filing: tuple[Ints, Ints] = attrs.field(init=False, eq=False, repr=False)
    """The cells recording filing on time and their posts (:mod:`vanguard.simulation.
    filing`), found once."""

    @filing.default
    def _filing(self) -> tuple[Ints, Ints]:
        from vanguard.simulation.filing import filing_cells

        return filing_cells(self.layout, self.indicators)

    @property
    def years(self) -> int:
        """How many review years each simulated replication has."""
        return len(self.layout.year_spans)

    def slice_size(self) -> int:
        """Replications reviewed at once: what the memory budget allows (at least one).

        The working set is a few arrays of ``cells x months`` and ``lines`` per replication.
        """
        layout = self.layout
        per = 8 * (2 * layout.cells * layout.months + 12 * len(layout.lines))
        return max(1, self.budget // max(per, 1))

    def evaluate(
        self,
        values: BlockValues,
        first: int,
        count: int,
        buffer: Floats | None = None,
        *,
        fresh: bool = False,
    ) -> list[Any]:
        """The evaluation arrays (:class:`~vanguard.review.EvaluationArrays`) of each review
        year of replications ``first .. first + count`` of a block's ``values`` (``buffer``:
        a :meth:`Feed.buffer` with room for at least ``count`` replications, reused: its
        first ``count`` are overwritten; ``fresh``: not used since :meth:`Feed.buffer`
        made it)."""
        from vanguard.review.evaluation import appraise_to_date
        from vanguard.review.progress import to_date
        from vanguard.simulation.filing import late_submissions

        layout = self.layout
        if buffer is None or buffer.shape[1] < count:
            raw = self.feed.buffer(layout.months, layout.cells, count)
        else:
            raw = buffer[:, :count]
            if not fresh:  # else as Feed.buffer made it: unused
                self.feed.reset(raw)
        self.feed.fill(raw, values.flows, first)
        # late submissions from the monthly values, before they are accumulated to date
        cells, posts = self.filing
        late = late_submissions(raw, cells, posts, len(layout.axes.posts))
        current = to_date(layout, raw, layout.year_end_months(), complete=True)
        return [
            appraise_to_date(self.program, layout, current, late, year)
            for year in range(self.years)
        ]

    def __call__(self, plan: Plan, block: Block, values: BlockValues) -> dict[str, Any]:
        counts: dict[str, Any] = {}
        step = min(self.slice_size(), block.size)
        # One buffer per block, its first replications reused by a short last slice.
        buffer = self.feed.buffer(self.layout.months, self.layout.cells, step)
        # Each replication's score bin per post, histogrammed once per block: a histogram
        # per slice would cost posts x bins per slice, and slices grow with the posts.
        bins = np.empty((self.years, block.size, len(self.layout.axes.posts)), dtype=np.int32)
        for first in range(0, block.size, step):
            count = min(step, block.size - first)
            years = []
            results = self.evaluate(values, first, count, buffer, fresh=first == 0)
            for y, result in enumerate(results):
                bins[y, first : first + count] = _score_bins(result.final)
                years.append(_reduce(result, self.layout, self.program))
            _add(counts, {key: np.stack([year[key] for year in years]) for key in years[0]})
        counts["post_score_hist"] = np.stack(
            [_one_hot_counts(bins[y], POST_SCORE_BINS + 3) for y in range(self.years)]
        )
        return counts


def _one_hot_counts(values: NDArray[np.integer[Any]], width: int) -> Counts:
    """(items, width): how many replications gave each item each value (0..width-1)."""
    items = values.shape[1]
    flat = np.clip(values, 0, width - 1) + np.arange(items)[None, :] * width
    return np.bincount(flat.ravel(), minlength=items * width).reshape(items, width)


def _score_bins(final: Floats) -> NDArray[np.int32]:
    """Each post's bin of the post-score histogram, ``(R, posts)``: bin 0 below
    :data:`SCORE_LOW`, 1 .. :data:`POST_SCORE_BINS`, then above :data:`SCORE_HIGH`, then
    not scored."""
    scored = ~np.isnan(final)
    steps = np.floor((np.nan_to_num(final, nan=SCORE_LOW) - SCORE_LOW) / SCORE_STEP + 1e-9)
    bins = np.clip(steps, -1, POST_SCORE_BINS).astype(np.int64) + 1
    return np.where(scored, bins, POST_SCORE_BINS + 2).astype(np.int32)


def _reduce(result: Any, layout: ReviewLayout, program: Program) -> dict[str, Counts]:
    rules = program.evaluation
    grades, severities = len(rules.grades), len(rules.findings.severities)
    grade = np.where(result.grade < 0, grades, result.grade)
    unit_grade = np.where(result.unit_grade < 0, grades, result.unit_grade)
    missed = (result.severity >= 0).T  # (lines, R)
    direct_posts = layout.post_lines.any(missed).T  # (R, posts)
    led_posts = layout.leads.any(missed).T
    final = result.final
    scored = ~np.isnan(final)
    program_bin = (
        np.clip(np.floor(np.nan_to_num(result.program_score, nan=-1.0)), -1, SCORE_BINS).astype(
            np.int64
        )
        + 1
    )
    return {
        "line_met": np.sum(
            (result.line_achievement >= 1.0) & result.line_active[None], axis=0
        ).astype(np.int64),
        "line_severity": _one_hot_counts(
            np.where(result.severity < 0, severities, result.severity), severities + 1
        ),
        "post_grade": _one_hot_counts(grade, grades + 1),
        "post_rank": _one_hot_counts(result.rank, TOP_RANKS + 2),
        "post_direct_finding": direct_posts.sum(axis=0).astype(np.int64),
        "post_leadership_finding": led_posts.sum(axis=0).astype(np.int64),
        "post_score_micro": np.round(np.where(scored, final, 0.0) * MICRO)
        .astype(np.int64)
        .sum(axis=0),
        "post_scored": scored.sum(axis=0).astype(np.int64),
        **_year_counts(result, layout, program, grade),
        "unit_grade": _one_hot_counts(unit_grade, grades + 1),
        "unit_rank": _one_hot_counts(result.unit_rank, TOP_RANKS + 2),
        "program_score_hist": np.bincount(program_bin, minlength=SCORE_BINS + 2).astype(np.int64),
    }


def finding_widths(layout: ReviewLayout) -> tuple[int, int]:
    """The most direct and the most leadership findings a year can have."""
    return len(layout.lines), sum(len(line.leaders) for line in layout.lines)


def _year_counts(
    result: Any, layout: ReviewLayout, program: Program, grade: Counts
) -> dict[str, Counts]:
    """Whole-year distributions: how many replications had each number of findings (by
    kind, then severity with a last row for all severities), each number of posts of a
    category with each grade, and how often each quota bound (demoted someone)."""
    rules = program.evaluation
    severities = len(rules.findings.severities)
    leaders = np.array([len(line.leaders) for line in layout.lines], dtype=np.int64)
    if not rules.findings.leadership:
        leaders[:] = 0
    direct_max, lead_max = finding_widths(layout)
    width = max(direct_max, lead_max) + 1
    severity = result.severity  # (R, lines), -1 = no finding
    columns = []
    for weights in (np.ones_like(leaders), leaders):
        for s in range(severities):
            columns.append(((severity == s) * weights[None, :]).sum(axis=1))
        columns.append(((severity >= 0) * weights[None, :]).sum(axis=1))
    found = np.stack(columns, axis=1)  # (R, 2 * (severities + 1))
    categories = int(layout.post_category.max(initial=-1)) + 1
    grades = len(rules.grades)
    size = int(np.bincount(layout.post_category, minlength=1).max(initial=0)) + 1
    per_category = (
        np.stack(
            [
                (grade[:, layout.post_category == c] == g).sum(axis=1)
                for c in range(categories)
                for g in range(grades + 1)
            ],
            axis=1,
        )
        if categories
        else np.zeros((grade.shape[0], 0), dtype=np.int64)
    )
    demoted = result.quota_demoted
    return {
        "year_findings": _one_hot_counts(found, width).reshape(2, severities + 1, width),
        "year_category_grades": _one_hot_counts(per_category, size).reshape(
            categories, grades + 1, size
        ),
        "year_quota_binds": (demoted > 0).sum(axis=0).astype(np.int64),
        "year_quota_demoted": demoted.sum(axis=0).astype(np.int64),
    }


def _add(into: dict[str, Any], more: Mapping[str, Counts]) -> None:
    for key, value in more.items():
        into[key] = into[key] + value if key in into else value


def review_outcomes(
    program: Program,
    indicators: Mapping[str, Indicator],
    plan: Plan,
    *,
    budget: int = MEMORY_BUDGET,
) -> ReviewOutcomes:
    """The block hook evaluating every review year of ``program`` on every simulated
    replication of ``plan``, slices of replications at a time within ``budget`` bytes."""
    from vanguard.review.layout import review_layout

    known = program.usable_indicators(indicators)
    layout = review_layout(program, known)
    feed = review_feed(program, layout, plan, known)
    return ReviewOutcomes(program, dict(known), layout, feed, budget)


__all__ = [
    "MEMORY_BUDGET",
    "SCORE_BINS",
    "SCORE_HIGH",
    "SCORE_LOW",
    "SCORE_STEP",
    "ReviewOutcomes",
    "review_outcomes",
]
