"""Actuals: what posts reported, as one array with a leading replication axis.

:class:`Actuals` holds ``values`` shaped ``(replications, posts, indicators, months)``:
one real year is one replication; a simulation supplies thousands. ``NaN`` means "not
reported". The axes come from :func:`review_axes` (posts in file order, the indicators
any post may report, the program's months), so a simulation can fill the array without
going through reports. :func:`cumulative` turns per-month values into values to date,
after rolling each indicator up the work-target chain for posts that did not report it
themselves (a deputy's actual is the sum of the sections that pledged to the deputy).
"""

from collections.abc import Iterable, Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.io.problems import VanguardError
from vanguard.model.indicator import Aggregation, Indicator
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.reports import Report, reportable

Array = NDArray[np.float64]


@attrs.frozen
class Axes:
    """The axes of the actuals array of a program: posts, indicators and months."""

    posts: tuple[str, ...]
    indicators: tuple[str, ...]
    periods: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(posts, indicators, months)``: the shape of one replication."""
        return (len(self.posts), len(self.indicators), len(self.periods))


def review_axes(program: Program, indicators: Mapping[str, Indicator]) -> Axes:
    """The axes of ``program``'s actuals: its posts (file order), the indicators any post
    may report (sorted by code) and its months."""
    codes = set().union(*reportable(program, indicators).values()) if program.posts else set()
    return Axes(
        posts=tuple(post.id for post in program.posts),
        indicators=tuple(sorted(codes)),
        periods=ReviewCalendar(program).labels,
    )


@attrs.frozen(eq=False)
class Actuals:
    """Reported values with a leading replication axis.

    ``values`` has shape ``(replications, posts, indicators, months)`` along ``axes``
    (``NaN`` = not reported); ``late`` has shape ``(replications, posts)`` and counts
    late reports (zero for simulated years).
    """

    axes: Axes
    values: Array
    late: Array = attrs.field()

    @late.default
    def _no_late(self) -> Array:
        return np.zeros(self.values.shape[:2], dtype=np.float64)

    def __attrs_post_init__(self) -> None:
        expected = self.axes.shape
        if self.values.ndim != 4 or self.values.shape[1:] != expected:
            raise VanguardError(
                f"actuals must have shape (replications, {', '.join(map(str, expected))}) "
                f"for (posts, indicators, months), got {self.values.shape}"
            )
        if self.late.shape != self.values.shape[:2]:
            raise VanguardError(
                f"late counts must have shape {self.values.shape[:2]}, got {self.late.shape}"
            )

    @property
    def replications(self) -> int:
        """How many years the array holds (1 for a real year)."""
        return int(self.values.shape[0])

    @classmethod
    def empty(cls, axes: Axes, replications: int = 1) -> "Actuals":
        """Nothing reported yet, for ``replications`` years."""
        return cls(axes, np.full((replications, *axes.shape), np.nan))

    @classmethod
    def from_reports(
        cls, program: Program, reports: Iterable[Report], indicators: Mapping[str, Indicator]
    ) -> "Actuals":
        """One replication holding ``reports`` (checked reports, see
        :func:`~vanguard.review.check_reports`); a later report of the same cell wins."""
        axes = review_axes(program, indicators)
        calendar = ReviewCalendar(program)
        actuals = cls.empty(axes)
        post_at = {post: i for i, post in enumerate(axes.posts)}
        code_at = {code: i for i, code in enumerate(axes.indicators)}
        for report in reports:
            month = calendar.month_of(report.period)
            if month is None or report.post not in post_at or report.indicator not in code_at:
                raise VanguardError(f"report {report.key} does not fit program {program.id!r}")
            actuals.values[0, post_at[report.post], code_at[report.indicator], month] = report.value
            if report.late:
                actuals.late[0, post_at[report.post]] += 1
        return actuals

    def replications_between(self, start: int, stop: int) -> "Actuals":
        """Replications ``start`` up to (not including) ``stop``, as their own actuals
        (a view: no copy is made)."""
        return Actuals(self.axes, self.values[start:stop], self.late[start:stop])

    def replication(self, index: int) -> "Actuals":
        """One replication as its own (1-replication) actuals."""
        return Actuals(
            self.axes, self.values[index : index + 1].copy(), self.late[index : index + 1].copy()
        )


def rolled_up(program: Program, actuals: Actuals, indicators: Mapping[str, Indicator]) -> Array:
    """Per-month values where each post's unreported cells are filled from the posts that
    pledged to it on that indicator (aggregated over units by the indicator's rule)."""
    values = actuals.values.copy()
    post_at = {post: i for i, post in enumerate(actuals.axes.posts)}
    for k, code in enumerate(actuals.axes.indicators):
        below: dict[str, list[str]] = {}
        for letter in program.letters_of(LetterKind.WORK_TARGET):
            if any(p.indicator == code for p in letter.pledges):
                kids = below.setdefault(letter.recipient, [])
                if letter.pledger not in kids:
                    kids.append(letter.pledger)
        if not below:
            continue
        indicator = indicators.get(code)
        mean = indicator is not None and indicator.over_units in (
            Aggregation.MEAN,
            Aggregation.RATIO,
        )
        for post in _bottom_up(below):
            rows = [post_at[kid] for kid in below.get(post, []) if kid in post_at]
            if not rows or post not in post_at:
                continue
            part = values[:, np.asarray(rows), k, :]
            count = np.sum(~np.isnan(part), axis=1)
            total = np.nansum(part, axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                rolled = np.where(count > 0, total / count if mean else total, np.nan)
            own = values[:, post_at[post], k, :]
            values[:, post_at[post], k, :] = np.where(np.isnan(own), rolled, own)
    return values


def _bottom_up(below: Mapping[str, list[str]]) -> list[str]:
    """Posts ordered so that each comes after every post beneath it (cycles are cut)."""
    order: list[str] = []
    state: dict[str, int] = {}
    for start in below:
        stack = [(start, iter(below.get(start, [])))]
        if state.get(start):
            continue
        state[start] = 1
        while stack:
            node, kids = stack[-1]
            kid = next(kids, None)
            if kid is None:
                stack.pop()
                state[node] = 2
                order.append(node)
            elif not state.get(kid):
                state[kid] = 1
                stack.append((kid, iter(below.get(kid, []))))
    return order


def to_date(values: Array, axes: Axes, indicators: Mapping[str, Indicator]) -> Array:
    """Cumulative values to the end of each month, by each indicator's over-time rule.

    Sums accumulate, means average what was reported, ``last`` keeps the latest report,
    ratios divide their numerator's and denominator's values to date (or average the
    reported ratios where those parts were not reported). ``NaN`` until the first report.
    """
    result = np.full_like(values, np.nan)
    code_at = {code: i for i, code in enumerate(axes.indicators)}
    for k, code in enumerate(axes.indicators):
        indicator = indicators.get(code)
        rule = Aggregation.SUM if indicator is None else indicator.over_time
        if rule is Aggregation.RATIO and indicator is not None:
            parts = (
                code_at.get(indicator.numerator or ""),
                code_at.get(indicator.denominator or ""),
            )
            if parts[0] is not None and parts[1] is not None:
                continue  # computed below, once its parts are cumulated
            rule = Aggregation.MEAN
        result[:, :, k, :] = _accumulate(values[:, :, k, :], rule)
    for k, code in enumerate(axes.indicators):
        indicator = indicators.get(code)
        if indicator is None or indicator.over_time is not Aggregation.RATIO:
            continue
        top, bottom = (
            code_at.get(indicator.numerator or ""),
            code_at.get(indicator.denominator or ""),
        )
        if top is None or bottom is None:
            continue
        numerator, denominator = result[:, :, top, :], result[:, :, bottom, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            from_parts = np.where(denominator > 0, numerator / denominator, np.nan)
        # A post that reported the rate itself but not its parts keeps its reported rates.
        reported = _accumulate(values[:, :, k, :], Aggregation.MEAN)
        result[:, :, k, :] = np.where(np.isnan(from_parts), reported, from_parts)
    return result


def _accumulate(series: Array, rule: Aggregation) -> Array:
    valid = ~np.isnan(series)
    count = np.cumsum(valid, axis=-1)
    if rule is Aggregation.LAST:
        positions = np.where(valid, np.arange(series.shape[-1]), -1)
        latest = np.maximum.accumulate(positions, axis=-1)
        taken = np.take_along_axis(series, np.maximum(latest, 0), axis=-1)
        return np.where(latest >= 0, taken, np.nan)
    total = np.cumsum(np.where(valid, series, 0.0), axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = total / count if rule is Aggregation.MEAN else total
    return np.where(count > 0, value, np.nan)


__all__ = ["Actuals", "Axes", "review_axes", "rolled_up", "to_date"]
