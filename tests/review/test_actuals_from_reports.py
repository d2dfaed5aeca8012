"""Actuals from reports, placed all at once, agree with placing them one by one (the way
they were placed before): the same cells, the later of two reports of a cell winning."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from vanguard import Program
from vanguard.review import Actuals, check_reports
from vanguard.review.actuals import review_axes
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.reports import Report

from .conftest import year_rows


def one_by_one(program: Program, reports: list[Report]) -> NDArray[np.float64]:
    """The reference: each report written into its cell in turn."""
    known = program.usable_indicators()
    axes = review_axes(program, known)
    values = np.full((1, *axes.shape), np.nan)
    calendar = ReviewCalendar(program)
    for report in reports:
        month = calendar.month_of(report.period)
        assert month is not None
        post, code = axes.posts.index(report.post), axes.indicators.index(report.indicator)
        values[0, post, code, month] = report.value
    return values


@settings(max_examples=50)
@given(
    picks=st.lists(st.integers(0, 10_000), max_size=80),
    values=st.lists(st.floats(0, 1e6), min_size=80, max_size=80),
)
def test_reports_placed_at_once_agree_with_one_by_one(
    program: Program, picks: list[int], values: list[float]
) -> None:
    known = program.usable_indicators()
    year = check_reports(program, year_rows(), known)
    # Any reports of the year in any order, a cell possibly several times with new values.
    chosen = [
        Report(
            year[pick % len(year)].post,
            year[pick % len(year)].indicator,
            year[pick % len(year)].period,
            values[i],
        )
        for i, pick in enumerate(picks)
    ]
    placed = Actuals.from_reports(program, chosen, known).values
    np.testing.assert_array_equal(placed, one_by_one(program, chosen))
