"""Submissions: lateness counts (post, month) submissions, and a missing one becomes late at
its deadline (issue 9: "a post that files nothing for three months shows 'late reports: 0'";
"lateness is counted per indicator row (2 late months = 12)")."""

import datetime as dt
from typing import Any

import attrs
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import Program
from vanguard.review import check_reports
from vanguard.review.reports import Report
from vanguard.review.submissions import (
    SubmissionStatus,
    late_submissions,
    missing,
    owed,
    submissions,
)

from .conftest import filed, year_rows

YEAR_END = dt.date(2007, 3, 1)
POSTS = ("chief", "deputy", "head-a", "head-b", "head-c")
QUARTER_ENDS = (2, 5, 8, 11)


def reports(program: Program, rows: list[dict[str, Any]]) -> tuple[Report, ...]:
    return check_reports(program, rows, program.usable_indicators())


def month_of(row: dict[str, Any]) -> int:
    period = row["period"]
    return int(period[5:]) * 3 - 1 if period[4] == "Q" else int(period[5:]) - 1


def test_the_axes_are_the_programs_posts_and_months(program: Program) -> None:
    late = late_submissions(program, reports(program, year_rows()), {}, YEAR_END)
    assert late.shape == (len(program.posts), 12)
    assert tuple(post.id for post in program.posts) == POSTS
    assert late.dtype.kind == "i"


def test_who_owes_what(program: Program) -> None:
    owes = owed(program, program.usable_indicators())
    # The section heads report their pledges every month; the deputy delegated every
    # pledge and the chief pledged none: they owe only the quarterly exam's months.
    assert owes[POSTS.index("head-a")].all()
    for post in ("chief", "deputy"):
        assert np.flatnonzero(owes[POSTS.index(post)]).tolist() == list(QUARTER_ENDS)


def test_a_post_that_files_nothing_for_three_months_has_three_late_submissions(
    program: Program,
) -> None:
    gone = {4, 5, 6}  # May, June, July
    rows = [r for r in year_rows() if not (r["post"] == "head-c" and month_of(r) in gone)]
    late = late_submissions(program, reports(program, rows), {}, YEAR_END)
    assert np.flatnonzero(late[POSTS.index("head-c")]).tolist() == sorted(gone)
    # Besides: head-a's award, filed in November for September, and the chief's four
    # quarterly exam results, which this year's reports never give.
    assert late.sum() == 3 + 1 + 4
    assert np.flatnonzero(late[POSTS.index("chief")]).tolist() == list(QUARTER_ENDS)
    listed = missing(program, reports(program, rows), {}, YEAR_END)
    assert [(s.post, s.period) for s in listed if s.post != "chief"] == [
        ("head-c", "2006-05"),
        ("head-c", "2006-06"),
        ("head-c", "2006-07"),
    ]
    assert listed[-3].due == dt.date(2006, 6, 5)
    # Before the July report was due, it was not missing yet.
    early = submissions(program, reports(program, rows), {}, dt.date(2006, 8, 5))
    july = next(s for s in early if (s.post, s.period) == ("head-c", "2006-07"))
    assert july.status is SubmissionStatus.NOT_DUE
    assert not july.late


def test_two_late_months_are_two_late_submissions_not_one_per_indicator(
    program: Program,
) -> None:
    rows = year_rows()
    for row in rows:
        if row["post"] == "head-a" and row["period"] in ("2006-03", "2006-04"):
            row["reported"] = filed(row["period"], days=20)
    late = late_submissions(program, reports(program, rows), {}, YEAR_END)
    head_a = late[POSTS.index("head-a")]
    assert np.flatnonzero(head_a).tolist() == [2, 3, 8]  # March, April; September's award
    assert head_a.sum() == 3  # not 2 x 3 indicators


def test_a_report_without_a_filing_date_counts_as_late(program: Program) -> None:
    built = Report("head-a", "training.trained", "2006-02", 4.0)  # by hand, no date
    (february,) = [
        s
        for s in submissions(program, [built], {}, YEAR_END)
        if s.post == "head-a" and s.period == "2006-02"
    ]
    assert february.status is SubmissionStatus.LATE
    assert february.filed is None


def test_a_report_filed_after_the_as_of_date_is_not_counted(program: Program) -> None:
    rows = [r for r in year_rows() if r["post"] == "head-b" and r["period"] == "2006-01"]
    (jan,) = [
        s
        for s in submissions(program, reports(program, rows), {}, dt.date(2006, 2, 2))
        if s.post == "head-b" and s.period == "2006-01"
    ]
    assert jan.status is SubmissionStatus.NOT_DUE  # filed on the 3rd: not yet, on the 2nd


def test_a_letter_signed_in_july_owes_from_july(program: Program) -> None:
    letters = tuple(
        attrs.evolve(letter, signed=dt.date(2006, 7, 15)) if letter.id == "WT-head-c" else letter
        for letter in program.letters
    )
    later = attrs.evolve(program, letters=letters)
    owes = owed(later, later.usable_indicators())[POSTS.index("head-c")]
    assert np.flatnonzero(owes).tolist() == [2, 5, 6, 7, 8, 9, 10, 11]  # exams, then July on


@settings(deadline=None, max_examples=60)
@given(
    dropped=st.sets(st.tuples(st.sampled_from(POSTS[2:]), st.integers(0, 11)), max_size=8),
    delayed=st.sets(st.tuples(st.sampled_from(POSTS), st.integers(0, 11)), max_size=8),
    as_of=st.dates(dt.date(2006, 1, 1), dt.date(2007, 2, 1)),
)
def test_lateness_agrees_with_a_reference_by_hand(
    program: Program,
    dropped: set[tuple[str, int]],
    delayed: set[tuple[str, int]],
    as_of: dt.date,
) -> None:
    """Drop some submissions and delay others; the late matrix is what a clerk would count."""
    rows = []
    for row in year_rows():
        cell = (row["post"], month_of(row))
        if cell in dropped:
            continue
        if cell in delayed:
            row = {**row, "reported": filed(row["period"], days=9)}
        rows.append(row)
    late = late_submissions(program, reports(program, rows), {}, as_of)
    owes = owed(program, program.usable_indicators())
    expected = np.zeros_like(late)
    for p, post in enumerate(POSTS):
        for m in range(12):
            due = dt.date(2006 + (m + 1) // 12, (m + 1) % 12 + 1, 5)
            mine = [
                r for r in rows if r["post"] == post and month_of(r) == m and r["reported"] <= as_of
            ]
            if mine:
                expected[p, m] = any(r["reported"] > due for r in mine)
            elif owes[p, m]:
                expected[p, m] = as_of > due
    assert (late == expected).all()


def test_a_part_filed_does_not_hide_a_part_missing(program: Program) -> None:
    """head-c's June exam score came in, its June monthly report did not."""
    rows = [r for r in year_rows() if not (r["post"] == "head-c" and r["period"] == "2006-06")]
    (june,) = [
        s
        for s in missing(program, reports(program, rows), {}, YEAR_END)
        if (s.post, s.period) == ("head-c", "2006-06")
    ]
    assert june.owed == ("monthly report", "quarterly-exam")
    assert june.missing == ("monthly report",)
    assert june.reports == 1


def _late_from_submissions(
    program: Program, filed_reports: tuple[Report, ...], as_of: dt.date
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The reference: each late (or overdue) :class:`Submission` record marked in a
    (posts, months) array (what late_submissions computed before it worked on arrays)."""
    post_at = {post.id: i for i, post in enumerate(program.posts)}
    month_at = {f"2006-{m:02d}": m - 1 for m in range(1, 13)}
    result = np.zeros((len(post_at), 12), dtype=np.int64)
    for item in submissions(program, filed_reports, program.usable_indicators(), as_of):
        if item.late:
            result[post_at[item.post], month_at[item.period]] = 1
    return result


@settings(max_examples=60)
@given(
    kept=st.lists(st.booleans(), min_size=200, max_size=200),
    delays=st.lists(st.integers(-40, 60), min_size=200, max_size=200),
    undated=st.sets(st.integers(0, 199), max_size=5),
    as_of=st.dates(dt.date(2006, 1, 1), dt.date(2007, 3, 1)),
)
def test_late_submissions_on_arrays_agree_with_the_submission_records(
    program: Program,
    kept: list[bool],
    delays: list[int],
    undated: set[int],
    as_of: dt.date,
) -> None:
    """Any subset of a year's reports, filed any number of days early or late (some
    undated), seen on any day: the arrays and the records give the same late cells."""
    rows = year_rows()
    chosen = []
    for i, report in enumerate(reports(program, rows)):
        if not kept[i % len(kept)]:
            continue
        day = None if i % len(kept) in undated else filed(report.period, delays[i % 200])
        chosen.append(attrs.evolve(report, reported=day))
    filed_reports = tuple(chosen)
    fast = late_submissions(program, filed_reports, program.usable_indicators(), as_of)
    np.testing.assert_array_equal(fast, _late_from_submissions(program, filed_reports, as_of))
