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
from vanguard.simulation.engine import BlockValues
from vanguard.simulation.feed import Feed, review_feed
from vanguard.simulation.plan import Plan
from vanguard.simulation.streams import Block
from vanguard.simulation.tally import Floats

Counts = NDArray[np.int64]

MEMORY_BUDGET = 256 * 2**20
"""Bytes the review of one slice of simulated years may take; slices are sized from it."""

SCORE_BINS = 160
"""Score histogram: one bin per point from 0 to 160 (below 0 and above go to the ends)."""

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
        self, values: BlockValues, first: int, count: int, buffer: Floats | None = None
    ) -> list[Any]:
        """The evaluation arrays (:class:`~vanguard.review.EvaluationArrays`) of each review
        year of replications ``first .. first + count`` of a block's ``values`` (``buffer``:
        room for the raw cells of at least ``count`` replications, reused)."""
        from vanguard.review.evaluation import appraise_to_date
        from vanguard.review.progress import to_date

        layout = self.layout
        if buffer is None or buffer.shape[1] != count:
            buffer = self.feed.buffer(layout.months, layout.cells, count)
        else:
            self.feed.clear(buffer)
        raw = buffer
        self.feed.fill(raw, values.flows, first)
        current = to_date(layout, raw, layout.year_end_months(), complete=True)
        # Simulated posts file every report on time (no model says anything of lateness).
        late = np.zeros((len(layout.axes.posts), layout.months, count))
        return [
            appraise_to_date(self.program, layout, current, late, year)
            for year in range(self.years)
        ]

    def __call__(self, plan: Plan, block: Block, values: BlockValues) -> dict[str, Any]:
        counts: dict[str, Any] = {}
        step = self.slice_size()
        buffer = None
        for first in range(0, block.size, step):
            count = min(step, block.size - first)
            if buffer is None or buffer.shape[1] != count:  # the block's last slice may be short
                buffer = self.feed.buffer(self.layout.months, self.layout.cells, count)
            years = [
                _reduce(result, self.layout, self.program)
                for result in self.evaluate(values, first, count, buffer)
            ]
            _add(counts, {key: np.stack([year[key] for year in years]) for key in years[0]})
        return counts


def _one_hot_counts(values: NDArray[np.integer[Any]], width: int) -> Counts:
    """(items, width): how many replications gave each item each value (0..width-1)."""
    items = values.shape[1]
    flat = np.clip(values, 0, width - 1) + np.arange(items)[None, :] * width
    return np.bincount(flat.ravel(), minlength=items * width).reshape(items, width)


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
    bins = np.clip(np.floor(np.nan_to_num(final, nan=-1.0)), -1, SCORE_BINS).astype(np.int64) + 1
    bins = np.where(scored, bins, SCORE_BINS + 2)
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
        "post_score_hist": _one_hot_counts(bins, SCORE_BINS + 3),
        "unit_grade": _one_hot_counts(unit_grade, grades + 1),
        "unit_rank": _one_hot_counts(result.unit_rank, TOP_RANKS + 2),
        "program_score_hist": np.bincount(program_bin, minlength=SCORE_BINS + 2).astype(np.int64),
    }


def _add(into: dict[str, Any], more: Mapping[str, Counts]) -> None:
    for key, value in more.items():
        into[key] = into[key] + value if key in into else value


def review_outcomes(
    program: Program, indicators: Mapping[str, Indicator], plan: Plan
) -> ReviewOutcomes:
    """The block hook evaluating every review year of ``program`` on every simulated
    replication of ``plan``."""
    from vanguard.review.layout import review_layout

    known = program.usable_indicators(indicators)
    layout = review_layout(program, known)
    return ReviewOutcomes(program, dict(known), layout, review_feed(program, layout, plan, known))


@attrs.frozen(eq=False)
class Outcomes:
    """The research questions answered from a run's evaluation counts.

    Probabilities are shares of replications; every method returns plain rows, for the
    program's last review year unless ``year`` (a position) says otherwise.
    """

    hook: ReviewOutcomes
    counts: Mapping[str, Counts]
    replications: int

    def _share(self, key: str, year: int | None = None) -> Floats:
        position = self.hook.years - 1 if year is None else year
        share: Floats = self.counts[key][position] / self.replications
        return share

    def lines(self, year: int | None = None) -> list[dict[str, Any]]:
        """Per pledge line of the year: P(the post meets it) and P(each finding severity)."""
        met = self._share("line_met", year)
        severity = self._share("line_severity", year)
        bands = self.hook.program.evaluation.findings.severities
        unit_of = {post.id: post.unit for post in self.hook.program.posts}
        layout = self.hook.layout
        position = self.hook.years - 1 if year is None else year
        end = layout.year_end(position)
        rows = []
        for i, line in enumerate(layout.lines):
            if not layout.active[i, position]:
                continue
            row: dict[str, Any] = {
                "unit": unit_of.get(line.post),
                "post": line.post,
                "task": line.task,
                "indicator": line.indicator,
                "pledge": float(layout.in_force[i, end]),
                "direct": line.direct,
                "p_met": float(met[i]),
            }
            for b, band in enumerate(bands):
                row[f"p_{band.id}"] = float(severity[i, b])
            rows.append(row)
        return rows

    def posts(self, year: int | None = None) -> list[dict[str, Any]]:
        """Per post: mean score, P(each grade), P(rank 1), P(direct / leadership finding)."""
        grades = self.hook.program.evaluation.grades
        grade = self._share("post_grade", year)
        rank = self._share("post_rank", year)
        position = self.hook.years - 1 if year is None else year
        scored = self.counts["post_scored"][position]
        micro = self.counts["post_score_micro"][position]
        rows = []
        for i, post in enumerate(self.hook.layout.axes.posts):
            n = int(scored[i])
            mean = micro[i] / MICRO / n if n else float("nan")
            row: dict[str, Any] = {"post": post, "mean_score": float(mean)}
            for g, band in enumerate(grades):
                row[f"p_{band.id}"] = float(grade[i, g])
            row["p_top_rank"] = float(rank[i, 1])
            row["p_direct_finding"] = float(self._share("post_direct_finding", year)[i])
            row["p_leadership_finding"] = float(self._share("post_leadership_finding", year)[i])
            rows.append(row)
        return rows

    def units(self, year: int | None = None) -> list[dict[str, Any]]:
        """Per organisation unit: P(each grade) and P(ranked first among units of its kind)."""
        grades = self.hook.program.evaluation.grades
        grade = self._share("unit_grade", year)
        rank = self._share("unit_rank", year)
        rows = []
        for i, unit in enumerate(self.hook.program.units):
            row: dict[str, Any] = {"unit": unit.id, "kind": unit.kind}
            for g, band in enumerate(grades):
                row[f"p_{band.id}"] = float(grade[i, g])
            row["p_top_rank"] = float(rank[i, 1])
            rows.append(row)
        return rows

    def grade_distribution(
        self, level: str = "post", year: int | None = None
    ) -> dict[str, list[float]]:
        """Post (or unit, ``level="unit"``) -> probability of each grade, then "not graded"."""
        names = self._names(level)
        shares = self._share(f"{level}_grade", year)
        return {name: [float(x) for x in shares[i]] for i, name in enumerate(names)}

    def rank_distribution(
        self, level: str = "post", year: int | None = None
    ) -> dict[str, list[float]]:
        """Post (or unit) -> probability of each rank 1, 2, ... 10 (index 0: unranked;
        index 11: any rank below 10th)."""
        names = self._names(level)
        shares = self._share(f"{level}_rank", year)
        return {name: [float(x) for x in shares[i]] for i, name in enumerate(names)}

    def _names(self, level: str) -> tuple[str, ...]:
        if level == "post":
            return self.hook.layout.axes.posts
        return tuple(u.id for u in self.hook.program.units)

    def grade_names(self) -> list[str]:
        """The grade ids in order, then ``not graded``."""
        return [band.id for band in self.hook.program.evaluation.grades] + ["not graded"]


__all__ = ["MEMORY_BUDGET", "SCORE_BINS", "Outcomes", "ReviewOutcomes", "review_outcomes"]
