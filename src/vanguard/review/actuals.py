"""Actuals: what posts reported, as one array with a leading replication axis.

:class:`Actuals` holds ``values`` shaped ``(replications, posts, indicators, months)``:
one real year is one replication; a few simulated years may be handed in the same way.
``NaN`` means "not reported". The axes come from :func:`review_axes` (posts in file order,
the indicators any post may report, the program's months). Each value is the post's own
figure for that month (a flow for summed indicators, a level or a mean's sample
otherwise); rolling up and accumulating to date is the review core's work
(:mod:`vanguard.review.progress`).
"""

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import VanguardError
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
    (``NaN`` = not reported); ``late`` has shape ``(replications, posts, months)``: 1 where
    the post's submission for that month was late (a submission counts once, however many
    indicators it reports), 0 otherwise.
    """

    axes: Axes
    values: Array
    late: Array = attrs.field()

    @late.default
    def _no_late(self) -> Array:
        return np.zeros(
            (*self.values.shape[:2], self.values.shape[3] if self.values.ndim == 4 else 0)
        )

    def __attrs_post_init__(self) -> None:
        expected = self.axes.shape
        if self.values.ndim != 4 or self.values.shape[1:] != expected:
            raise VanguardError(
                f"actuals must have shape (replications, {', '.join(map(str, expected))}) "
                f"for (posts, indicators, months), got {self.values.shape}"
            )
        if self.late.shape != (*self.values.shape[:2], self.values.shape[3]):
            raise VanguardError(
                "late submissions must have shape (replications, posts, months) = "
                f"{(*self.values.shape[:2], self.values.shape[3])}, got {self.late.shape}"
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
        cls,
        program: Program,
        reports: Iterable[Report],
        indicators: Mapping[str, Indicator],
        *,
        as_of: dt.date | None = None,
    ) -> "Actuals":
        """One replication holding ``reports`` (checked reports, see
        :func:`~vanguard.review.check_reports`); a later report of the same cell wins.

        ``late`` counts submissions (a post's filing for a month, however many indicators
        it holds) that came in late, or are missing past their due date as of ``as_of``
        (by default every due date has passed: the view of a year that is over); see
        :mod:`vanguard.review.submissions`.
        """
        from vanguard.review.submissions import late_submissions

        reports = tuple(reports)
        axes = review_axes(program, indicators)
        calendar = ReviewCalendar(program)
        actuals = cls.empty(axes)
        post_at = {post: i for i, post in enumerate(axes.posts)}
        code_at = {code: i for i, code in enumerate(axes.indicators)}
        months = calendar.month_of
        cells = np.empty(len(reports), dtype=np.intp)
        values = np.empty(len(reports), dtype=np.float64)
        _, codes, periods = axes.shape
        for i, report in enumerate(reports):
            month = months(report.period)
            row, code = post_at.get(report.post), code_at.get(report.indicator)
            if month is None or row is None or code is None:
                raise VanguardError(f"report {report.key} does not fit program {program.id!r}")
            cells[i] = (row * codes + code) * periods + month
            values[i] = report.value
        # One assignment for all: of several reports of a cell the last one wins (the
        # first occurrence in the reversed order).
        _, first = np.unique(cells[::-1], return_index=True)
        keep = len(cells) - 1 - first
        actuals.values[0][np.unravel_index(cells[keep], axes.shape)] = values[keep]
        late = late_submissions(program, reports, indicators, as_of or dt.date.max)
        actuals.late[0] = late.astype(np.float64)
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


__all__ = ["Actuals", "Axes", "review_axes"]
