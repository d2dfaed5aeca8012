"""Submissions: each post's monthly report (每月一汇报) as one thing that is owed, filed on
time, filed late, or missing.

Lateness is a matter of submissions, not of indicator rows: a post that files its March
report late has one late submission, however many indicators the report holds.

* **Owed.** A post owes a month's submission when it reports some indicator itself that
  a cycle ending in that month covers: every month from the month its work-target letter
  was signed in, when the post pledged some indicator in a work-target letter and did not
  delegate it (nobody pledged it to the post in turn: the posts that did report it, and
  the post's actual is rolled up from theirs); and, for every post, the months in which an
  occurrence of a review cycle ends that the evaluation links an input from (the quarterly
  exam: March, June, September, December). A linked input without a ``cycle`` owes
  nothing: when it is due is not known.
* **Filed.** A submission is filed when the post has filed at least one report booked in
  that month (a ``2006Q1`` exam score is booked in March). It is late when any of its
  reports was filed after the month's due date (the month's end plus the monthly report
  cycle's ``offset_days``): the submission was not complete by the deadline. A report
  without a filing date (recorded by an older version, or built by hand) cannot be shown
  to be on time, so it counts as late.
* **Missing.** An owed submission with no report is overdue once its due date has passed
  (``as_of`` after the due date); before that it is simply not due yet.
"""

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.cycle import Cadence
from vanguard.model.indicator import Indicator
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.reports import Report, delegated, report_due


class SubmissionStatus(enum.Enum):
    """Where a (post, month) submission stands on a date."""

    ON_TIME = "on-time"
    LATE = "late"
    OVERDUE = "overdue"
    """Owed, nothing filed, and its due date has passed."""
    NOT_DUE = "not-due"
    """Owed, nothing filed yet, and its due date has not passed."""


@attrs.frozen
class Submission:
    """One post's submission for one month: whether it is owed, when it was filed (the
    latest filing date of its reports; None when nothing was filed) and its status."""

    post: str
    period: str
    due: dt.date
    owed: bool
    filed: dt.date | None
    status: SubmissionStatus
    reports: int = 0
    """How many reports it holds."""

    @property
    def late(self) -> bool:
        """True when it was filed late or is missing past its due date."""
        return self.status in (SubmissionStatus.LATE, SubmissionStatus.OVERDUE)


def owed(program: Program, indicators: Mapping[str, Indicator]) -> NDArray[np.bool_]:
    """``(posts, months)``: True where the post owes that month's submission (see the
    module), posts in file order, months in the program's order."""
    calendar = ReviewCalendar(program)
    months = calendar.months
    post_at = {post.id: i for i, post in enumerate(program.posts)}
    result = np.zeros((len(post_at), len(months)), dtype=np.bool_)
    beneath = delegated(program)
    for letter in program.letters_of(LetterKind.WORK_TARGET):
        own = [p for p in letter.pledges if p.indicator not in beneath.get(letter.pledger, {})]
        row = post_at.get(letter.pledger)
        if not own or row is None:
            continue
        first = calendar.month_ending(letter.signed)
        if letter.signed > months[first].end:  # signed after the program ended
            continue
        result[row, first:] = True
    linked_cycles = {item.cycle for item in program.evaluation.linked if item.cycle is not None}
    for cycle in program.cycles:
        if cycle.id not in linked_cycles:
            continue
        if cycle.cadence in (Cadence.MONTHLY, Cadence.WEEKLY):
            result[:, :] = True
            continue
        for occurrence in cycle.occurrences(program.start, program.end, program.year_start):
            result[:, calendar.month_ending(occurrence.end)] = True
    return result


def submissions(
    program: Program,
    reports: Iterable[Report],
    indicators: Mapping[str, Indicator],
    as_of: dt.date,
) -> tuple[Submission, ...]:
    """Every submission owed or filed, by post (file order) then month, as of ``as_of``.

    ``reports`` are checked reports (see :func:`~vanguard.review.check_reports`); those
    filed after ``as_of`` are not counted (the submission stood without them that day).
    """
    calendar = ReviewCalendar(program)
    due = report_due(program, calendar)
    owes = owed(program, indicators)
    post_at = {post.id: i for i, post in enumerate(program.posts)}
    latest: dict[tuple[int, int], dt.date] = {}
    count: dict[tuple[int, int], int] = {}
    late: set[tuple[int, int]] = set()
    for report in reports:
        month = calendar.month_of(report.period)
        row = post_at.get(report.post)
        if month is None or row is None:
            continue
        if report.reported is not None and report.reported > as_of:
            continue
        cell = (row, month)
        count[cell] = count.get(cell, 0) + 1
        if report.reported is None or report.reported > due[month]:
            late.add(cell)
        if report.reported is not None:
            latest[cell] = max(latest.get(cell, report.reported), report.reported)
    result = []
    for post, row in post_at.items():
        for month, occurrence in enumerate(calendar.months):
            cell = (row, month)
            is_owed = bool(owes[row, month])
            if cell not in count and not is_owed:
                continue
            if cell in count:
                status = SubmissionStatus.LATE if cell in late else SubmissionStatus.ON_TIME
                filed = latest.get(cell)
            else:
                status = (
                    SubmissionStatus.OVERDUE if as_of > due[month] else SubmissionStatus.NOT_DUE
                )
                filed = None
            result.append(
                Submission(
                    post=post,
                    period=occurrence.label,
                    due=due[month],
                    owed=is_owed,
                    filed=filed,
                    status=status,
                    reports=count.get(cell, 0),
                )
            )
    return tuple(result)


def late_submissions(
    program: Program,
    reports: Iterable[Report],
    indicators: Mapping[str, Indicator],
    as_of: dt.date,
) -> NDArray[np.int64]:
    """``(posts, months)``: 1 where the post's submission for the month was late or is
    missing past its due date as of ``as_of``, else 0; posts in file order, months in the
    program's order (the axes of :class:`~vanguard.review.Actuals`)."""
    calendar = ReviewCalendar(program)
    post_at = {post.id: i for i, post in enumerate(program.posts)}
    month_at = {month.label: i for i, month in enumerate(calendar.months)}
    result = np.zeros((len(post_at), len(month_at)), dtype=np.int64)
    for item in submissions(program, reports, indicators, as_of):
        if item.late:
            result[post_at[item.post], month_at[item.period]] = 1
    return result


def missing(
    program: Program,
    reports: Iterable[Report],
    indicators: Mapping[str, Indicator],
    as_of: dt.date,
) -> tuple[Submission, ...]:
    """The owed submissions with no report whose due date has passed by ``as_of``."""
    return tuple(
        item
        for item in submissions(program, reports, indicators, as_of)
        if item.status is SubmissionStatus.OVERDUE
    )


__all__ = [
    "Submission",
    "SubmissionStatus",
    "late_submissions",
    "missing",
    "owed",
    "submissions",
]
