"""Submissions: each post's monthly report (每月一汇报) as one thing that is owed, filed on
time, filed late, or missing.

Lateness is a matter of submissions, not of indicator rows: a post that files its March
report late has one late submission, however many indicators the report holds.

* **Owed.** A post owes a month's submission when it reports some indicator itself that
  a cycle ending in that month covers. A submission has up to two *parts*: the
  ``monthly report``, owed every month from the month its work-target letter was signed
  in by a post that pledged some indicator in a work-target letter and did not delegate
  it (nobody pledged it to the post in turn: the posts that did report it, and the post's
  actual is rolled up from theirs); and, for every post, the results of each review cycle
  the evaluation links an input from (part named after the cycle, e.g. the
  ``quarterly-exam`` in March, June, September and December). A linked input without a
  ``cycle`` owes nothing: when it is due is not known.
* **Filed.** A part is filed when the post has filed at least one report of it booked in
  that month (a ``2006Q1`` exam score is booked in March; the monthly report part is any
  indicator the post pledged in a work-target letter, or a part of such a rate). Reports
  of what the evaluation reads for every post (breaches, awards) belong to the
  submission but fill no part. A submission is late when any of its reports was filed
  after the month's due date (the month's end plus the monthly report cycle's
  ``offset_days``): it was not complete by the deadline. A report without a filing date
  (recorded by an older version, or built by hand) cannot be shown to be on time, so it
  counts as late.
* **Missing.** A submission with an owed part not filed is overdue once its due date has
  passed (``as_of`` after the due date), even when another part came in; before that it
  is simply not due yet.
"""

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.cycle import Cadence
from vanguard.model.indicator import Indicator
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.model.rectification import CODES as REGISTER
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.reports import Report, delegated, report_due

MONTHLY_REPORT = "monthly report"
"""The name of the part of a submission that holds the post's pledged indicators."""


class SubmissionStatus(enum.Enum):
    """Where a (post, month) submission stands on a date."""

    ON_TIME = "on-time"
    LATE = "late"
    OVERDUE = "overdue"
    """An owed part is not filed, and the due date has passed."""
    NOT_DUE = "not-due"
    """An owed part is not filed yet, and the due date has not passed."""


@attrs.frozen
class Submission:
    """One post's submission for one month: the parts it owes, those still missing, when
    it was filed (the latest filing date of its reports; None when nothing was filed or
    no date is known), how many reports it holds, and its status."""

    post: str
    period: str
    due: dt.date
    owed: tuple[str, ...]
    missing: tuple[str, ...]
    filed: dt.date | None
    reports: int
    status: SubmissionStatus

    @property
    def late(self) -> bool:
        """True when it was filed late or is missing past its due date."""
        return self.status in (SubmissionStatus.LATE, SubmissionStatus.OVERDUE)


@attrs.frozen
class _Parts:
    """Which parts each (post, month) owes, and which part a report of an indicator
    by a post fills."""

    owed: dict[str, NDArray[np.bool_]]
    linked: dict[str, str]
    pledged: dict[str, set[str]]

    def part_of(self, post: str, indicator: str) -> str | None:
        if indicator in self.linked:
            return self.linked[indicator]
        return MONTHLY_REPORT if indicator in self.pledged.get(post, ()) else None


def _parts(program: Program, indicators: Mapping[str, Indicator]) -> _Parts:
    calendar = ReviewCalendar(program)
    months = calendar.months
    post_at = {post.id: i for i, post in enumerate(program.posts)}
    monthly = np.zeros((len(post_at), len(months)), dtype=np.bool_)
    beneath = delegated(program)
    pledged: dict[str, set[str]] = {}
    for letter in program.letters_of(LetterKind.WORK_TARGET):
        mine = pledged.setdefault(letter.pledger, set())
        for pledge in letter.pledges:
            mine.add(pledge.indicator)
            indicator = indicators.get(pledge.indicator)
            if indicator is not None and indicator.numerator and indicator.denominator:
                mine.update((indicator.numerator, indicator.denominator))
        # the rectification register's indicators are read from its records, never filed
        own = [
            p
            for p in letter.pledges
            if p.indicator not in beneath.get(letter.pledger, {}) and p.indicator not in REGISTER
        ]
        row = post_at.get(letter.pledger)
        first = calendar.month_ending(letter.signed)
        if own and row is not None and letter.signed <= months[first].end:
            monthly[row, first:] = True
    owed = {MONTHLY_REPORT: monthly}
    cycles = {cycle.id: cycle for cycle in program.cycles}
    linked = {}
    for item in program.evaluation.linked:
        cycle = cycles.get(item.cycle or "")
        if cycle is None:
            continue
        linked[item.indicator] = cycle.id
        part = owed.setdefault(cycle.id, np.zeros_like(monthly))
        if cycle.cadence in (Cadence.MONTHLY, Cadence.WEEKLY):
            part[:, :] = True
            continue
        for occurrence in cycle.occurrences(program.start, program.end, program.year_start):
            part[:, calendar.month_ending(occurrence.end)] = True
    return _Parts(owed, linked, pledged)


def owed(program: Program, indicators: Mapping[str, Indicator]) -> NDArray[np.bool_]:
    """``(posts, months)``: True where the post owes that month's submission (see the
    module), posts in file order, months in the program's order."""
    result = np.zeros((len(program.posts), len(ReviewCalendar(program).months)), np.bool_)
    for part in _parts(program, indicators).owed.values():
        result |= part
    return result


@attrs.frozen(eq=False)
class _Filings:
    """What the reports filed by a date hold, per (post, month) cell: how many reports,
    the latest filing date, the parts filled, whether any came in late (or undated)."""

    count: dict[tuple[int, int], int]
    latest: dict[tuple[int, int], dt.date]
    filled: dict[tuple[int, int], set[str]]
    late: set[tuple[int, int]]


def _filings(
    program: Program,
    calendar: ReviewCalendar,
    parts: _Parts,
    due: Sequence[dt.date],
    reports: Iterable[Report],
    as_of: dt.date,
) -> _Filings:
    post_at = {post.id: i for i, post in enumerate(program.posts)}
    latest: dict[tuple[int, int], dt.date] = {}
    count: dict[tuple[int, int], int] = {}
    filled: dict[tuple[int, int], set[str]] = {}
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
        part = parts.part_of(report.post, report.indicator)
        if part is not None:
            filled.setdefault(cell, set()).add(part)
        if report.reported is None or report.reported > due[month]:
            late.add(cell)
        if report.reported is not None:
            latest[cell] = max(latest.get(cell, report.reported), report.reported)
    return _Filings(count, latest, filled, late)


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
    parts = _parts(program, indicators)
    filings = _filings(program, calendar, parts, due, reports, as_of)
    count, latest, filled, late = filings.count, filings.latest, filings.filled, filings.late
    result = []
    for row, post in enumerate(post.id for post in program.posts):
        for month, occurrence in enumerate(calendar.months):
            cell = (row, month)
            owes = tuple(name for name, part in parts.owed.items() if part[row, month])
            if cell not in count and not owes:
                continue
            missing = tuple(name for name in owes if name not in filled.get(cell, ()))
            if missing:
                overdue = as_of > due[month]
                status = SubmissionStatus.OVERDUE if overdue else SubmissionStatus.NOT_DUE
            elif cell in late:
                status = SubmissionStatus.LATE
            else:
                status = SubmissionStatus.ON_TIME
            result.append(
                Submission(
                    post=post,
                    period=occurrence.label,
                    due=due[month],
                    owed=owes,
                    missing=missing,
                    filed=latest.get(cell),
                    reports=count.get(cell, 0),
                    status=status,
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
    program's order (the axes of :class:`~vanguard.review.Actuals`).

    The statuses of :func:`submissions` as arrays: work in the reports and the cells they
    fill, plus one array operation per part over ``(posts, months)`` (no record per
    submission is built).
    """
    calendar = ReviewCalendar(program)
    due = report_due(program, calendar)
    parts = _parts(program, indicators)
    filings = _filings(program, calendar, parts, due, reports, as_of)
    shape = (len(program.posts), len(calendar.months))
    missing = np.zeros(shape, dtype=np.bool_)
    for name, owes in parts.owed.items():
        filled = np.zeros(shape, dtype=np.bool_)
        cells = [cell for cell, names in filings.filled.items() if name in names]
        if cells:
            rows, months = np.asarray(cells, dtype=np.intp).T
            filled[rows, months] = True
        missing |= owes & ~filled
    late_filed = np.zeros(shape, dtype=np.bool_)
    if filings.late:
        rows, months = np.asarray(sorted(filings.late), dtype=np.intp).T
        late_filed[rows, months] = True
    overdue = np.asarray([as_of > day for day in due], dtype=np.bool_)[None, :]
    # An owed part missing: late once overdue; all owed parts in (or nothing owed): late
    # when a report came in late. A cell neither owed nor filed is never late.
    late = np.where(missing, overdue, late_filed)
    return late.astype(np.int64)


def missing(
    program: Program,
    reports: Iterable[Report],
    indicators: Mapping[str, Indicator],
    as_of: dt.date,
) -> tuple[Submission, ...]:
    """The submissions with an owed part not filed whose due date has passed by
    ``as_of`` (each names its missing parts)."""
    return tuple(
        item
        for item in submissions(program, reports, indicators, as_of)
        if item.status is SubmissionStatus.OVERDUE
    )


__all__ = [
    "MONTHLY_REPORT",
    "Submission",
    "SubmissionStatus",
    "late_submissions",
    "missing",
    "owed",
    "submissions",
]
