"""Outcomes: simulated years through the review engine, reduced to probabilities.

Each block's simulated actuals are handed to the vectorised year-end evaluation
(:func:`vanguard.review.evaluate_many`) and reduced to integer counts (exact in any
order, so results stay bit-identical whatever the chunking): how often each pledge line
is met, each post and unit gets each grade and rank, each finding is raised, and a
fixed-point sum and histogram of scores.

How simulated totals become a post's actuals: a post that delegated a pledge no further
(direct responsibility) reports, for an indicator some initiative simulates, its share of
the simulated all-units value, the share being its pledge over the sum of all such direct
pledges (additive indicators); non-additive ones (levels, means, rates) are reported as
simulated. Indicators no initiative simulates (study, integrity, ...) are reported at the
pledged value: on target, neither helping nor hurting. Posts above roll up as in a real
year.
"""

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Aggregation, Indicator
from vanguard.model.program import Program
from vanguard.simulation.plan import Plan
from vanguard.simulation.streams import Block
from vanguard.simulation.tally import Floats

Counts = NDArray[np.int64]

SUB_BLOCK = 256
"""Replications evaluated at once (the actuals array is posts x indicators x months each)."""

SCORE_BINS = 160
"""Score histogram: one bin per point from 0 to 160 (below 0 and above go to the ends)."""

MICRO = 1_000_000
"""Scores are summed as integers of millionths, so sums are exact in any order."""


@attrs.frozen(eq=False)
class ReviewOutcomes:
    """A block hook (see :data:`vanguard.simulation.engine.BlockHook`) evaluating each block.

    Built once per run by :func:`review_outcomes`; pickled to workers with the plan.
    """

    program: Program
    indicators: Mapping[str, Indicator]
    axes: Any
    lines: Any
    share: Floats
    """(posts, indicators): a direct post's share of an additive simulated value."""
    reports: NDArray[np.bool_]
    """(posts, indicators): True where the post reports the indicator itself."""
    pledged: Floats
    """(posts, indicators): the post's direct pledge (for unsimulated indicators)."""
    answers: Floats
    """(lines, posts): 1 where the post answers directly for a miss of the line."""
    leads: Floats
    """(lines, posts): 1 where the post answers for a miss of the line as a leader above."""

    def __call__(self, plan: Plan, block: Block, to_date: Mapping[str, Floats]) -> dict[str, Any]:
        from vanguard.review import Actuals, evaluate_many
        from vanguard.review.cells import Cells, cell_layout

        counts: dict[str, Any] = {}
        rules = self.program.evaluation
        grades, severities = len(rules.grades), len(rules.findings.severities)
        # One buffer per block, laid out replications last (the actuals are a transposed
        # view of it: the evaluation gathers each cell's months and replications as
        # contiguous runs). The evaluation reads only the cells of its layout, so only
        # those are set to NaN ("not reported"); the rest is never touched, never paged in.
        cells = self.lines.layouts.get(self.axes)
        if not isinstance(cells, Cells):  # computed once, then shared with the evaluation
            cells = cell_layout(self.program, self.axes, self.lines, self.indicators)
            self.lines.layouts[self.axes] = cells
        buffer = np.empty((*self.axes.shape, min(SUB_BLOCK, block.size)))
        buffer[cells.posts, cells.codes] = np.nan
        view = buffer.transpose(3, 0, 1, 2)
        simulated = self._fill_constant_and_flows(plan, to_date, view)
        for first in range(0, block.size, SUB_BLOCK):
            reps = min(SUB_BLOCK, block.size - first)
            for reporters, k, flows, share in simulated:
                # written in the buffer's own order: (reporters, months, replications)
                part = flows[None, :, first : first + reps]
                buffer[reporters, k, :, :reps] = part if share is None else part * share
            values = view[:reps]
            result = evaluate_many(
                self.program, Actuals(self.axes, values), self.indicators, lines=self.lines
            )
            _add(counts, _reduce(result, grades, severities, self.answers, self.leads))
        return counts

    def _fill_constant_and_flows(
        self, plan: Plan, to_date: Mapping[str, Floats], values: Floats
    ) -> list[tuple[NDArray[np.intp], int, Floats, Floats | None]]:
        """Fill ``values`` (replications, posts, indicators, months) with what posts report
        for indicators no initiative simulates (the same every replication), and return,
        for each simulated one, ``(reporters, indicator position, values by month and
        replication, each reporter's share or None)`` to fill sub-block by sub-block."""
        month_of = {label: m for m, label in enumerate(self.axes.periods)}
        months = [month_of.get(label) for label in plan.period_labels]
        span = values.shape[3]
        of_period = np.asarray([p for p, m in enumerate(months) if m is not None], dtype=np.intp)
        at_month = np.asarray([m for m in months if m is not None], dtype=np.intp)
        series_of = {s.code: s for s in plan.series}
        simulated: list[tuple[NDArray[np.intp], int, Floats, Floats | None]] = []
        for k, code in enumerate(self.axes.indicators):
            reporters = np.flatnonzero(self.reports[:, k])
            if not len(reporters):
                continue
            indicator = self.indicators.get(code)
            series = series_of.get(code)
            if series is None:
                pledge = self.pledged[reporters, k]
                additive = indicator is None or indicator.over_time is Aggregation.SUM
                monthly = pledge / span if additive else pledge
                values[:, reporters, k, :] = monthly[None, :, None]
                continue
            flow = _period_values(to_date[code][:, :, -1], series.over_time)  # (periods, reps)
            target = np.full((span, flow.shape[1]), np.nan)
            target[at_month] = flow[of_period]
            share = None
            if series.over_units is Aggregation.SUM and series.numerator is None:
                share = self.share[reporters, k][:, None, None]
            simulated.append((reporters, k, target, share))
        return simulated


def _period_values(to_date: Floats, over_time: Aggregation) -> Floats:
    """Each period's own value from values to date: flows for sums, levels otherwise."""
    if over_time is Aggregation.SUM:
        return np.diff(to_date, axis=0, prepend=0.0)
    if over_time is Aggregation.MEAN:
        steps = np.arange(1, to_date.shape[0] + 1, dtype=np.float64)[:, None]
        sums = to_date * steps
        values: Floats = np.diff(sums, axis=0, prepend=0.0)
        return values
    return to_date


def _one_hot_counts(values: Counts, width: int) -> Counts:
    """(items, width): how many replications gave each item each value (0..width-1)."""
    items = values.shape[1]
    flat = np.clip(values, 0, width - 1) + np.arange(items)[None, :] * width
    return np.bincount(flat.ravel(), minlength=items * width).reshape(items, width)


def _reduce(
    result: Any, grades: int, severities: int, answers: Floats, leads: Floats
) -> dict[str, Counts]:
    grade = np.where(result.grade < 0, grades, result.grade)
    unit_grade = np.where(result.unit_grade < 0, grades, result.unit_grade)
    posts = result.final.shape[1]
    units = result.unit_score.shape[1]
    # A post has a finding when any line it answers for is missed: count the missed lines
    # per post with a product of 0/1 matrices (small integers: exact in floating point).
    direct_miss = (result.severity >= 0).astype(np.float64)  # (R, lines)
    direct_posts = direct_miss @ answers > 0
    led_posts = direct_miss @ leads > 0
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
        "line_met": np.sum(result.line_achievement >= 1.0, axis=0).astype(np.int64),
        "line_severity": _one_hot_counts(
            np.where(result.severity < 0, severities, result.severity), severities + 1
        ),
        "post_grade": _one_hot_counts(grade, grades + 1),
        "post_rank": _one_hot_counts(result.rank, posts + 1),
        "post_direct_finding": direct_posts.sum(axis=0).astype(np.int64),
        "post_leadership_finding": led_posts.sum(axis=0).astype(np.int64),
        "post_score_micro": np.round(np.where(scored, final, 0.0) * MICRO)
        .astype(np.int64)
        .sum(axis=0),
        "post_scored": scored.sum(axis=0).astype(np.int64),
        "post_score_hist": _one_hot_counts(bins, SCORE_BINS + 3),
        "unit_grade": _one_hot_counts(unit_grade, grades + 1),
        "unit_rank": _one_hot_counts(result.unit_rank, units + 1),
        "program_score_hist": np.bincount(program_bin, minlength=SCORE_BINS + 2).astype(np.int64),
    }


def _add(into: dict[str, Any], more: Mapping[str, Counts]) -> None:
    for key, value in more.items():
        into[key] = into[key] + value if key in into else value


def review_outcomes(program: Program, indicators: Mapping[str, Indicator]) -> ReviewOutcomes:
    """The block hook evaluating ``program``'s year end on every simulated replication."""
    from vanguard.review import review_axes
    from vanguard.review.lines import pledge_lines

    known = program.usable_indicators(indicators)
    axes = review_axes(program, known)
    lines = pledge_lines(program, known)
    posts, codes, _ = axes.shape
    post_at = {post: i for i, post in enumerate(axes.posts)}
    code_at = {code: k for k, code in enumerate(axes.indicators)}
    pledged = np.zeros((posts, codes))
    reports = np.zeros((posts, codes), dtype=np.bool_)
    for line in lines.lines:
        if line.direct and line.indicator in code_at:
            i, k = post_at[line.post], code_at[line.indicator]
            reports[i, k] = True
            pledged[i, k] += line.value
    totals = pledged.sum(axis=0, keepdims=True)
    share = np.divide(pledged, totals, out=np.zeros_like(pledged), where=totals > 0)
    answers = np.zeros((len(lines.lines), posts))
    leads = np.zeros((len(lines.lines), posts))
    for i, line in enumerate(lines.lines):
        answers[i, post_at[line.post]] = 1.0
        for leader in line.leaders:
            if leader in post_at:
                leads[i, post_at[leader]] = 1.0
    return ReviewOutcomes(
        program, dict(known), axes, lines, share, reports, pledged, answers, leads
    )


@attrs.frozen(eq=False)
class Outcomes:
    """The research questions answered from a run's evaluation counts.

    Probabilities are shares of replications; every method returns plain rows.
    """

    hook: ReviewOutcomes
    counts: Mapping[str, Counts]
    replications: int

    def _share(self, key: str) -> Floats:
        share: Floats = self.counts[key] / self.replications
        return share

    def lines(self) -> list[dict[str, Any]]:
        """Per pledge line: P(the post meets it) and P(each finding severity) on it."""
        met = self._share("line_met")
        severity = self._share("line_severity")
        bands = self.hook.program.evaluation.findings.severities
        unit_of = {post.id: post.unit for post in self.hook.program.posts}
        rows = []
        for i, line in enumerate(self.hook.lines.lines):
            row: dict[str, Any] = {
                "unit": unit_of.get(line.post),
                "post": line.post,
                "task": line.task,
                "indicator": line.indicator,
                "pledge": line.value,
                "direct": line.direct,
                "p_met": float(met[i]),
            }
            for b, band in enumerate(bands):
                row[f"p_{band.id}"] = float(severity[i, b])
            rows.append(row)
        return rows

    def posts(self) -> list[dict[str, Any]]:
        """Per post: mean score, P(each grade), P(rank 1), P(direct / leadership finding)."""
        grades = self.hook.program.evaluation.grades
        grade = self._share("post_grade")
        rank = self._share("post_rank")
        scored = self.counts["post_scored"]
        rows = []
        for i, post in enumerate(self.hook.axes.posts):
            n = int(scored[i])
            mean = self.counts["post_score_micro"][i] / MICRO / n if n else float("nan")
            row: dict[str, Any] = {"post": post, "mean_score": float(mean)}
            for g, band in enumerate(grades):
                row[f"p_{band.id}"] = float(grade[i, g])
            row["p_top_rank"] = float(rank[i, 1])
            row["p_direct_finding"] = float(self._share("post_direct_finding")[i])
            row["p_leadership_finding"] = float(self._share("post_leadership_finding")[i])
            rows.append(row)
        return rows

    def units(self) -> list[dict[str, Any]]:
        """Per organisation unit: P(each grade) and P(ranked first among units of its kind)."""
        grades = self.hook.program.evaluation.grades
        grade = self._share("unit_grade")
        rank = self._share("unit_rank")
        rows = []
        for i, unit in enumerate(self.hook.program.units):
            row: dict[str, Any] = {"unit": unit.id, "kind": unit.kind}
            for g, band in enumerate(grades):
                row[f"p_{band.id}"] = float(grade[i, g])
            row["p_top_rank"] = float(rank[i, 1])
            rows.append(row)
        return rows

    def grade_distribution(self, level: str = "post") -> dict[str, list[float]]:
        """Post (or unit, ``level="unit"``) -> probability of each grade, then "not graded"."""
        names = (
            self.hook.axes.posts
            if level == "post"
            else tuple(u.id for u in self.hook.program.units)
        )
        shares = self._share(f"{level}_grade")
        return {name: [float(x) for x in shares[i]] for i, name in enumerate(names)}

    def rank_distribution(self, level: str = "post") -> dict[str, list[float]]:
        """Post (or unit) -> probability of each rank 1, 2, ... (index 0: unranked)."""
        names = (
            self.hook.axes.posts
            if level == "post"
            else tuple(u.id for u in self.hook.program.units)
        )
        shares = self._share(f"{level}_rank")
        return {name: [float(x) for x in shares[i]] for i, name in enumerate(names)}

    def grade_names(self) -> list[str]:
        """The grade ids in order, then ``not graded``."""
        return [band.id for band in self.hook.program.evaluation.grades] + ["not graded"]


__all__ = ["SCORE_BINS", "SUB_BLOCK", "Outcomes", "ReviewOutcomes", "review_outcomes"]
