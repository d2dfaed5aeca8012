"""Outcome tables: the research questions answered from a run's evaluation counts.

:mod:`~vanguard.simulation.outcomes` reduces every simulated year to integer counts;
:class:`Outcomes` turns them into plain rows (and tidy frames): per pledge line, post,
unit, grade, finding count and quota.
"""

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.simulation.outcomes import (
    MICRO,
    POST_SCORE_BINS,
    SCORE_HIGH,
    SCORE_LOW,
    SCORE_STEP,
    Counts,
    ReviewOutcomes,
)
from vanguard.simulation.tally import Floats

if TYPE_CHECKING:
    import pandas as pd

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


__all__ = ["SCORE_QUANTILES", "Outcomes", "grade_words"]
