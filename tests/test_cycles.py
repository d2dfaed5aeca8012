"""Review cycles: the calendar of reports, bulletins, exams and evaluations."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import strategies as st
from model_strategies import DEPTHS, explore

from vanguard import Cadence, Label, Occurrence, Product, ReviewCycle, Weekday

YEAR_2006 = (dt.date(2006, 1, 1), dt.date(2006, 12, 31))
DAY = dt.timedelta(days=1)


def cycle(cadence: Cadence, weekday: Weekday | None = None, offset: int = 0) -> ReviewCycle:
    return ReviewCycle(
        id=f"{cadence.value}-cycle",
        name=Label(en=cadence.value),
        cadence=cadence,
        produces=Product.REPORT,
        weekday=weekday,
        offset_days=offset,
    )


def test_weekly_study_falls_on_every_friday_of_2006() -> None:
    found = cycle(Cadence.WEEKLY, Weekday.FRIDAY).occurrences(*YEAR_2006)
    assert len(found) == 52
    assert found[0].start == dt.date(2006, 1, 6)
    assert found[-1].start == dt.date(2006, 12, 29)
    assert {o.start.weekday() for o in found} == {4}
    assert all(o.start == o.end == o.due for o in found)
    assert [o.label for o in found[:2]] == ["2006W01", "2006W02"]
    assert found[-1].label == "2006W52"
    assert {o.cycle for o in found} == {"weekly-cycle"}


@pytest.mark.parametrize(("weekday", "count"), [(Weekday.SUNDAY, 53), (Weekday.MONDAY, 52)])
def test_2006_has_53_sundays(weekday: Weekday, count: int) -> None:
    # 2006 began on a Sunday and ended on one
    assert len(cycle(Cadence.WEEKLY, weekday).occurrences(*YEAR_2006)) == count


def test_monthly_reports_cover_the_twelve_months() -> None:
    found = cycle(Cadence.MONTHLY, offset=5).occurrences(*YEAR_2006)
    assert [o.label for o in found] == [f"2006-{m:02d}" for m in range(1, 13)]
    assert found[1].start == dt.date(2006, 2, 1)
    assert found[1].end == dt.date(2006, 2, 28)
    assert found[1].due == dt.date(2006, 3, 5)
    assert found[-1].due == dt.date(2007, 1, 5)


def test_quarterly_bulletins_2006q1_to_q4_with_their_due_dates() -> None:
    found = cycle(Cadence.QUARTERLY, offset=10).occurrences(*YEAR_2006)
    assert [(o.label, o.start, o.end, o.due) for o in found] == [
        ("2006Q1", dt.date(2006, 1, 1), dt.date(2006, 3, 31), dt.date(2006, 4, 10)),
        ("2006Q2", dt.date(2006, 4, 1), dt.date(2006, 6, 30), dt.date(2006, 7, 10)),
        ("2006Q3", dt.date(2006, 7, 1), dt.date(2006, 9, 30), dt.date(2006, 10, 10)),
        ("2006Q4", dt.date(2006, 10, 1), dt.date(2006, 12, 31), dt.date(2007, 1, 10)),
    ]
    assert {o.cycle for o in found} == {"quarterly-cycle"}


def test_a_negative_offset_makes_a_report_due_before_the_period_ends() -> None:
    found = cycle(Cadence.QUARTERLY, offset=-5).occurrences(*YEAR_2006)
    assert [o.due for o in found][:2] == [dt.date(2006, 3, 26), dt.date(2006, 6, 25)]


def test_the_year_end_evaluation_happens_once() -> None:
    found = cycle(Cadence.YEARLY, offset=20).occurrences(*YEAR_2006)
    assert found == [Occurrence("yearly-cycle", "2006", *YEAR_2006, dt.date(2007, 1, 20))]
    two_years = cycle(Cadence.YEARLY).occurrences(dt.date(2006, 1, 1), dt.date(2007, 12, 31))
    assert [o.label for o in two_years] == ["2006", "2007"]


def test_a_reporting_year_starting_in_april() -> None:
    span = (dt.date(2006, 4, 1), dt.date(2007, 3, 31))
    quarters = cycle(Cadence.QUARTERLY).occurrences(*span, year_start=4)
    assert [o.label for o in quarters] == ["2006Q1", "2006Q2", "2006Q3", "2006Q4"]
    assert [(o.start, o.end) for o in quarters] == [
        (dt.date(2006, 4, 1), dt.date(2006, 6, 30)),
        (dt.date(2006, 7, 1), dt.date(2006, 9, 30)),
        (dt.date(2006, 10, 1), dt.date(2006, 12, 31)),
        (dt.date(2007, 1, 1), dt.date(2007, 3, 31)),
    ]
    years = cycle(Cadence.YEARLY).occurrences(*span, year_start=4)
    assert [(o.label, o.start, o.end) for o in years] == [("2006", *span)]
    months = cycle(Cadence.MONTHLY).occurrences(*span, year_start=4)
    assert [o.label for o in months][:2] == ["2006-04", "2006-05"]
    assert months[-1].label == "2007-03"
    # a calendar-year program under an April year: the first quarter is the old year's last
    calendar = cycle(Cadence.QUARTERLY).occurrences(*YEAR_2006, year_start=4)
    assert [o.label for o in calendar] == ["2005Q4", "2006Q1", "2006Q2", "2006Q3"]
    yearly = cycle(Cadence.YEARLY).occurrences(*YEAR_2006, year_start=4)
    assert [(o.label, o.start, o.end) for o in yearly] == [
        ("2005", dt.date(2006, 1, 1), dt.date(2006, 3, 31)),
        ("2006", dt.date(2006, 4, 1), dt.date(2006, 12, 31)),
    ]


def test_a_program_starting_mid_period_gets_a_clipped_first_occurrence() -> None:
    found = cycle(Cadence.QUARTERLY).occurrences(dt.date(2006, 2, 15), dt.date(2006, 8, 10))
    assert [(o.label, o.start, o.end) for o in found] == [
        ("2006Q1", dt.date(2006, 2, 15), dt.date(2006, 3, 31)),
        ("2006Q2", dt.date(2006, 4, 1), dt.date(2006, 6, 30)),
        ("2006Q3", dt.date(2006, 7, 1), dt.date(2006, 8, 10)),
    ]


MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.YEARLY: 12}
starts = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))


def _periods_tile_the_program(
    cadence: Cadence, start: dt.date, days: int, year_start: int, offset: int
) -> None:
    end = start + dt.timedelta(days=days)
    found = cycle(cadence, offset=offset).occurrences(start, end, year_start)
    assert found, "every program has at least one occurrence"
    assert found[0].start == start
    assert found[-1].end == end
    months = MONTHS[cadence]
    for before, after in itertools.pairwise(found):
        assert after.start == before.end + DAY  # in order, no overlap, no gap
    labels = [o.label for o in found]
    assert len(set(labels)) == len(labels)
    for o in found:
        assert o.start <= o.end
        assert o.due == o.end + dt.timedelta(days=offset)
        # each occurrence lies within one period aligned on the reporting year
        boundary_start = o.start == start or (o.start.day == 1)
        boundary_end = o.end == end or (o.end + DAY).day == 1
        assert boundary_start
        assert boundary_end
        if o.start != start:
            assert (o.start.month - year_start) % months == 0
        if o.end != end:
            assert ((o.end + DAY).month - year_start) % months == 0
        assert (o.end.year * 12 + o.end.month) - (o.start.year * 12 + o.start.month) < months
        first_year = o.start.year if o.start.month >= year_start else o.start.year - 1
        if cadence is Cadence.QUARTERLY:
            quarter = (o.start.month - year_start) % 12 // 3 + 1
            assert o.label == f"{first_year}Q{quarter}"
        elif cadence is Cadence.YEARLY:
            assert o.label == str(first_year)
        else:
            assert o.label == f"{o.start.year}-{o.start.month:02d}"


@pytest.mark.parametrize("examples", DEPTHS)
def test_occurrences_tile_the_program_in_order(examples: int) -> None:
    explore(
        examples * 3,
        _periods_tile_the_program,
        cadence=st.sampled_from(list(MONTHS)),
        start=starts,
        days=st.integers(0, 5 * 366),
        year_start=st.integers(1, 12),
        offset=st.integers(-30, 90),
    )


def _weekly(weekday: Weekday, start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    found = cycle(Cadence.WEEKLY, weekday).occurrences(start, end)
    assert all(o.start.weekday() == weekday.index for o in found)
    assert all(start <= o.start <= end for o in found)
    assert all(b.start - a.start == dt.timedelta(days=7) for a, b in itertools.pairwise(found))
    # none missed: exactly the days of that weekday in the span
    expected = sum(
        1 for n in range(days + 1) if (start + dt.timedelta(days=n)).weekday() == weekday.index
    )
    assert len(found) == expected


@pytest.mark.parametrize("examples", DEPTHS)
def test_weekly_occurrences_are_every_such_weekday_in_order(examples: int) -> None:
    explore(
        examples * 3,
        _weekly,
        weekday=st.sampled_from(list(Weekday)),
        start=starts,
        days=st.integers(0, 3 * 366),
    )
