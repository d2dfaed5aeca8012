"""Outcomes: simulated years through the review core, reduced to probabilities.

Each block's per-period outputs become the posts' raw monthly values
(:mod:`~vanguard.simulation.feed`), which go through the same core as a real year's
reports (:func:`vanguard.review.evaluation.appraise`), once per review year, a memory-
bounded slice of replications at a time. Each year is reduced to integer counts (exact in
any order, so results stay bit-identical whatever the chunking): how often each pledge
line is met, each post and unit gets each grade and rank, each finding is raised, and a
fixed-point sum and histogram of scores. Counts carry a leading review-year axis.
"""

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.review.layout import ReviewLayout
from vanguard.simulation.engine import BlockValues
from vanguard.simulation.feed import Feed, review_feed
from vanguard.simulation.plan import Plan
from vanguard.simulation.streams import Block
from vanguard.simulation.tally import Floats

if TYPE_CHECKING:
    import pandas as pd

Counts = NDArray[np.int64]
Ints = NDArray[np.intp]

MEMORY_BUDGET = 256 * 2**20
"""Bytes the review of one slice of simulated years may take; slices are sized from it."""

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
        self, values: BlockValues, first: int, count: int, buffer: Floats | None = None
    ) -> list[Any]:
        """The evaluation arrays (:class:`~vanguard.review.EvaluationArrays`) of each review
        year of replications ``first .. first + count`` of a block's ``values`` (``buffer``:
        room for the raw cells of at least ``count`` replications, reused)."""
        from vanguard.review.evaluation import appraise_to_date
        from vanguard.review.progress import to_date
        from vanguard.simulation.filing import late_submissions

        layout = self.layout
        if buffer is None or buffer.shape[1] != count:
            buffer = self.feed.buffer(layout.months, layout.cells, count)
        else:
            self.feed.clear(buffer)
        raw = buffer
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
    # bin 0: below SCORE_LOW; 1..POST_SCORE_BINS; then above SCORE_HIGH; then not scored
    steps = np.floor((np.nan_to_num(final, nan=SCORE_LOW) - SCORE_LOW) / SCORE_STEP + 1e-9)
    bins = np.clip(steps, -1, POST_SCORE_BINS).astype(np.int64) + 1
    bins = np.where(scored, bins, POST_SCORE_BINS + 2)
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
        "post_score_hist": _one_hot_counts(bins, POST_SCORE_BINS + 3),
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


SCORE_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def grade_words(program: Program, category: str) -> list[tuple[str, str, str | None]]:
    """Each grade of ``program`` as (id, name, Chinese name) in the words of post
    ``category`` (its vocabulary, else the band's own name, else the id), then
    ``not graded``."""
    rules = program.evaluation
    vocabulary = {v.category: v.names for v in rules.vocabularies}
    words: list[tuple[str, str, str | None]] = []
    for g, band in enumerate(rules.grades):
        label = vocabulary[category][g] if category in vocabulary else band.name
        if label is None:
            words.append((band.id, band.id, None))
        else:
            words.append((band.id, label.en, label.zh))
    words.append(("not graded", "not graded", None))
    return words


def _summary(histogram: Counts) -> dict[str, Any]:
    """Mean, exact 5 / 50 / 95 % quantiles and P(> 0) of a count from its histogram."""
    n = int(histogram.sum())
    if n == 0:
        return {"mean": math.nan, "q05": math.nan, "q50": math.nan, "q95": math.nan}
    values = np.arange(len(histogram))
    cumulative = np.cumsum(histogram)
    row: dict[str, Any] = {"mean": float((values * histogram).sum() / n)}
    for q in (0.05, 0.5, 0.95):
        # the smallest count with at least a share q of replications at or below it
        row[f"q{round(q * 100):02d}"] = int(np.searchsorted(cumulative, q * n, side="left"))
    row["p_any"] = float(1 - histogram[0] / n)
    return row


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
        """Per post: its category, mean score, score quantiles ``q05`` .. ``q95``, P(each
        grade, by grade id), P(rank 1 in its category), P(direct / leadership finding)."""
        grades = self.hook.program.evaluation.grades
        grade = self._share("post_grade", year)
        rank = self._share("post_rank", year)
        position = self.hook.years - 1 if year is None else year
        scored = self.counts["post_scored"][position]
        micro = self.counts["post_score_micro"][position]
        quantile = self.score_quantiles(SCORE_QUANTILES, year)
        rows = []
        for i, post in enumerate(self.hook.layout.axes.posts):
            n = int(scored[i])
            mean = micro[i] / MICRO / n if n else float("nan")
            row: dict[str, Any] = {
                "post": post,
                "category": self.hook.program.post(post).category,
                "mean_score": float(mean),
            }
            for q, value in zip(SCORE_QUANTILES, quantile[i], strict=True):
                row[f"q{round(q * 100):02d}"] = float(value)
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

    def score_quantiles(self, qs: Sequence[float], year: int | None = None) -> Floats:
        """``(posts, len(qs))``: quantiles of each post's final score among the replications
        that scored it (NaN: never scored).

        From a histogram of :data:`SCORE_STEP`-point bins, interpolated within the bin: exact
        to within one step; scores beyond :data:`SCORE_LOW` .. :data:`SCORE_HIGH` count at
        that edge.
        """
        hist = self.counts["post_score_hist"][self._position(year)][:, : POST_SCORE_BINS + 2]
        result = np.full((hist.shape[0], len(qs)), np.nan)
        for i in range(hist.shape[0]):
            n = int(hist[i].sum())
            if n == 0:
                continue
            cumulative = np.cumsum(hist[i])
            for k, q in enumerate(qs):
                rank = q * n
                b = int(np.searchsorted(cumulative, rank, side="left"))
                if b == 0:
                    result[i, k] = SCORE_LOW
                elif b > POST_SCORE_BINS:
                    result[i, k] = SCORE_HIGH
                else:
                    before = cumulative[b - 1]
                    inside = hist[i, b]
                    fraction = (rank - before) / inside if inside else 0.5
                    result[i, k] = SCORE_LOW + SCORE_STEP * (b - 1 + fraction)
        return result

    def grades(self, year: int | None = None) -> list[dict[str, Any]]:
        """Tidy: one row per post and grade (then ``not graded``): the grade id, its name in
        the words of the post's category (``name``, ``name_zh`` when the program gives the
        report's term) and the probability; a post's probabilities sum to 1."""
        program = self.hook.program
        rules = program.evaluation
        share = self._share("post_grade", year)
        rows = []
        for i, post in enumerate(self.hook.layout.axes.posts):
            category = program.post(post).category
            for g, (grade, name, name_zh) in enumerate(grade_words(program, category)):
                rows.append(
                    {
                        "post": post,
                        "category": category,
                        "grade": grade,
                        "name": name,
                        "name_zh": name_zh,
                        "probability": float(share[i, g]),
                    }
                )
            assert len(rules.grades) + 1 == share.shape[1]
        return rows

    def findings(self, year: int | None = None) -> list[dict[str, Any]]:
        """Per kind (``direct``, ``leadership``) and severity (then ``all``): the distribution
        of the number of findings in a year: mean, 5 / 50 / 95 % quantiles (exact: counts are
        whole) and P(at least one)."""
        counts = self.counts["year_findings"][self._position(year)]
        bands = [band.id for band in self.hook.program.evaluation.findings.severities]
        rows = []
        for k, kind in enumerate(("direct", "leadership")):
            for s, severity in enumerate([*bands, "all"]):
                rows.append({"kind": kind, "severity": severity, **_summary(counts[k, s])})
        return rows

    def finding_distribution(self, year: int | None = None) -> list[dict[str, Any]]:
        """Tidy: kind, severity, count, probability (the number of findings of that kind and
        severity in a year is ``count``), for every count with a non-zero probability."""
        counts = self.counts["year_findings"][self._position(year)]
        bands = [band.id for band in self.hook.program.evaluation.findings.severities]
        rows = []
        for k, kind in enumerate(("direct", "leadership")):
            for s, severity in enumerate([*bands, "all"]):
                for n in np.flatnonzero(counts[k, s]):
                    rows.append(
                        {
                            "kind": kind,
                            "severity": severity,
                            "count": int(n),
                            "probability": float(counts[k, s, n] / self.replications),
                        }
                    )
        return rows

    def grade_counts(self, year: int | None = None) -> list[dict[str, Any]]:
        """Per post category and grade: the distribution of the number of the category's
        posts that receive the grade in a year (mean, exact quantiles, P(at least one))."""
        counts = self.counts["year_category_grades"][self._position(year)]
        program = self.hook.program
        rows = []
        for c, category in enumerate(self._categories()):
            for g, (grade, name, name_zh) in enumerate(grade_words(program, category)):
                rows.append(
                    {
                        "category": category,
                        "grade": grade,
                        "name": name,
                        "name_zh": name_zh,
                        **_summary(counts[c, g]),
                    }
                )
        return rows

    def quotas(self, year: int | None = None) -> list[dict[str, Any]]:
        """Per quota of the program: P(it binds: moves at least one post down a grade in the
        year) and the mean number of posts it moves down."""
        position = self._position(year)
        binds = self.counts["year_quota_binds"][position]
        demoted = self.counts["year_quota_demoted"][position]
        return [
            {
                "grade": quota.grade,
                "share": float(quota.share),
                "pool": quota.pool.value,
                "p_binds": float(binds[k] / self.replications),
                "mean_demoted": float(demoted[k] / self.replications),
            }
            for k, quota in enumerate(self.hook.program.evaluation.quotas)
        ]

    TABLES = (
        "posts",
        "lines",
        "units",
        "grades",
        "findings",
        "finding_distribution",
        "grade_counts",
        "quotas",
    )
    """The tables :meth:`frame` returns (each is also a method giving plain rows)."""

    def frame(self, table: str = "posts", year: int | None = None) -> "pd.DataFrame":
        """One of :attr:`TABLES` as a tidy pandas frame (needs the ``frames`` extra)."""
        from vanguard.simulation.results import require_frames

        if table not in self.TABLES:
            raise VanguardError(f"no outcome table {table!r}: choose from {', '.join(self.TABLES)}")
        pandas = require_frames()
        frame: pd.DataFrame = pandas.DataFrame(getattr(self, table)(year))
        return frame

    def _position(self, year: int | None) -> int:
        return self.hook.years - 1 if year is None else year

    def _categories(self) -> list[str]:
        """Category names in the order of the layout's category codes."""
        layout = self.hook.layout
        names: dict[int, str] = {}
        for p, post in enumerate(layout.axes.posts):
            names.setdefault(int(layout.post_category[p]), self.hook.program.post(post).category)
        return [names[c] for c in range(len(names))]

    def grade_names(self) -> list[str]:
        """The grade ids in order, then ``not graded``."""
        return [band.id for band in self.hook.program.evaluation.grades] + ["not graded"]


__all__ = [
    "MEMORY_BUDGET",
    "SCORE_BINS",
    "SCORE_HIGH",
    "SCORE_LOW",
    "SCORE_QUANTILES",
    "SCORE_STEP",
    "Outcomes",
    "ReviewOutcomes",
    "grade_words",
    "review_outcomes",
]
