"""Monthly reports (每月一汇报): each post reports actuals for the indicators it pledged.

A report is one value of one indicator for one period by one post, with the date it was
filed. Reports come from the Python API (:func:`check_reports` over plain rows) or from
CSV and JSON files (:func:`read_reports`; see :mod:`~vanguard.review.report_files` for
encodings and size limits). Every row is checked before any is accepted, and all problems
are raised together, each located at its row and column. Nothing partial is returned.

What is refused, and why:

* an unknown post or indicator, an indicator the post did not pledge, a period outside the
  program, a duplicate (in the batch or of an already accepted report);
* a value that is not a plain decimal number (``1_000``, ``١٠٠٠``, ``1,000``, ``inf``), that
  lies beyond :data:`MAX_MAGNITUDE`, or that is negative for an indicator that cannot be;
* a report of a ratio indicator (one with a ``numerator`` and ``denominator``): a rate is
  always computed from its parts, so the parts are reported instead;
* a report of an indicator the post delegated (posts beneath it pledged it to the post in
  work-target letters), unless the program's ``rules.delegated_reports`` allows it: the
  post's actual is rolled up from theirs, and its own figure would hide their missing
  reports;
* a report for a period that has not ended, one filed (``reported``) in the future, one
  filed before its period ended, and one with no filing date. A date is required because
  lateness is judged from it; a clerk importing history whose dates were not kept gives
  one explicitly (``undated=``, ``--filed-on``), so undated reports are never silently on
  time. A period may be reported from its last day on.

Late reports are accepted and marked late: a report is late when it was filed after the
due date of the program's monthly report cycle (the month's end plus the cycle's
``offset_days``). Lateness by submission (post and month), and missing reports, are
:mod:`~vanguard.review.submissions`' business.
"""

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from vanguard.io.bulk import collector_paused
from vanguard.model.cycle import Cadence, Product
from vanguard.model.indicator import Indicator
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, describe
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.report_files import COLUMNS, MAX_CELL, MAX_ROWS, parse_rows, read_rows

MAX_MAGNITUDE = 1e12
"""Largest magnitude of a reported value (a million reports of it still add up exactly
enough, and far from overflow)."""

_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COLUMN_SET = frozenset(COLUMNS)
_UNSEEN = object()


@attrs.frozen
class Report:
    """One post's actual of one indicator for one period.

    ``period`` is the label of a month (``2006-03``) or of another cycle's occurrence
    (``2006Q1`` for a quarterly exam, booked in the quarter's last month); ``reported`` is
    the date it was filed (None only for reports recorded by older versions, or built by
    hand); ``late`` is set by :func:`check_reports` from ``reported`` and the report
    cycle's due date.
    """

    post: str
    indicator: str
    period: str
    value: float
    reported: dt.date | None = None
    late: bool = False

    @property
    def key(self) -> str:
        """The report's identity: one value per post, indicator and period."""
        return f"{self.post}/{self.indicator}/{self.period}"

    def to_payload(self) -> dict[str, Any]:
        """Plain JSON data (for the ledger)."""
        payload: dict[str, Any] = {
            "post": self.post,
            "indicator": self.indicator,
            "period": self.period,
            "value": self.value,
            "late": self.late,
        }
        if self.reported is not None:
            payload["reported"] = self.reported.isoformat()
        return payload

    @classmethod
    def from_payload(
        cls, payload: Mapping[str, Any], dates: dict[str, dt.date] | None = None
    ) -> "Report":
        """The report recorded as ``payload`` by :meth:`to_payload` (``dates``: filing dates
        already read, by their text, which this adds to: reading a year of reports)."""
        reported = payload.get("reported")
        filed = None
        if reported:
            filed = dates.get(reported) if dates is not None else None
            if filed is None:
                filed = dt.date.fromisoformat(reported)
                if dates is not None:
                    dates[reported] = filed
        return cls(
            post=str(payload["post"]),
            indicator=str(payload["indicator"]),
            period=str(payload["period"]),
            value=float(payload["value"]),
            reported=filed,
            late=bool(payload.get("late", False)),
        )


def reportable(program: Program, indicators: Mapping[str, Indicator]) -> dict[str, set[str]]:
    """For each post, the indicators it may hold actuals of.

    A post holds what it pledged in any letter (work-target or integrity), the numerator
    and denominator of a pledged ratio, and the indicators the evaluation rules read for
    every post (linked inputs, bonuses and deductions, vetoes). :func:`check_reports`
    refuses some of these as reports (ratios, delegated indicators): they are computed.
    """
    rules = program.evaluation
    everyone = {item.indicator for item in rules.linked}
    everyone |= {item.indicator for item in rules.vetoes}
    everyone |= {item.indicator for item in rules.adjustments if item.indicator is not None}
    allowed: dict[str, set[str]] = {post.id: set(everyone) for post in program.posts}
    for letter in program.letters:
        mine = allowed.setdefault(letter.pledger, set(everyone))
        for pledge in letter.pledges:
            mine.add(pledge.indicator)
            indicator = indicators.get(pledge.indicator)
            if indicator is not None and indicator.is_ratio:
                mine.update(code for code in (indicator.numerator, indicator.denominator) if code)
    return allowed


def delegated(program: Program) -> dict[str, dict[str, list[str]]]:
    """For each post, the indicators it delegated and to whom: the posts that pledged the
    indicator to it in work-target letters (in file order)."""
    below: dict[str, dict[str, list[str]]] = {}
    for letter in program.letters_of(LetterKind.WORK_TARGET):
        for pledge in letter.pledges:
            pledgers = below.setdefault(letter.recipient, {}).setdefault(pledge.indicator, [])
            if letter.pledger not in pledgers:
                pledgers.append(letter.pledger)
    return below


def check_reports(
    program: Program,
    rows: Iterable[Mapping[str, Any]],
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report] = (),
    source: str | None = None,
    *,
    today: dt.date | None = None,
    undated: dt.date | None = None,
) -> tuple[Report, ...]:
    """Every row as a :class:`Report`, or ProgramError listing every bad row.

    ``rows`` are plain mappings with the keys of :data:`COLUMNS` (``reported`` a date or
    ``YYYY-MM-DD``). ``accepted`` are reports already stored: a row repeating one exactly
    (same period, value and filing date) is a retry and is left out of the result, not an
    error, so importing the same file twice stores nothing twice; a row giving another
    value for an accepted report is a duplicate (a correction is recorded as such, see
    :func:`~vanguard.review.recording.correct_report`). ``today`` (default: the system's
    date) is the date no period may end after and no report may be filed after;
    ``undated`` is the filing date taken for rows that give none (without it they are
    refused). Locations read ``row N.column`` with N counting from 1 (the first data row of
    a CSV file is row 1). When most rows name posts the program does not have, the first
    problem says the file seems to belong to another program.
    """
    with collector_paused():  # a few objects per row, none in a cycle
        return _check_all(program, rows, indicators, accepted, source, today, undated)


def _check_all(
    program: Program,
    rows: Iterable[Mapping[str, Any]],
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report],
    source: str | None,
    today: dt.date | None,
    undated: dt.date | None,
) -> tuple[Report, ...]:
    check = _Checker(program, indicators, today or dt.date.today(), undated)
    stored: dict[tuple[str, str, int], Report] = {}
    for report in accepted:
        month = check.calendar.month_of(report.period)
        if month is not None:
            stored[(report.post, report.indicator, month)] = report
    problems: list[Problem] = []
    result: list[Report] = []
    named = unknown = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            problems.append(Problem(f"row {number}", f"at most {MAX_ROWS:,} rows per batch"))
            break
        found = check.row(row, number)
        if type(row) is dict or isinstance(row, Mapping):
            post = row.get("post")
            if isinstance(post, str):
                named += 1
                unknown += post.strip() not in check.posts
        if isinstance(found, list):
            problems.extend(found)
            continue
        month = check.calendar.month_of(found.period)
        assert month is not None  # the row's period was checked
        before = stored.get((found.post, found.indicator, month))
        if before is None:
            result.append(found)
        elif (before.period, before.value, before.reported) != (
            found.period,
            found.value,
            found.reported,
        ):
            problems.append(
                Problem(
                    f"row {number}",
                    f"duplicate report of {found.indicator} by {found.post} for "
                    f"{found.period}: already accepted ({before.key} = {before.value:g}); "
                    "to change it, record a correction (vanguard reports correct)",
                )
            )
    if unknown and unknown * 2 > named:
        problems.insert(
            0,
            Problem(
                "",
                f"{unknown:,} of {named:,} rows name posts that program {program.id!r} does "
                "not have: this file seems to belong to another program",
            ),
        )
    if problems:
        raise ProgramError(problems, source)
    return tuple(result)


class _Checker:
    """What checking one row needs to know about the program, computed once per batch."""

    def __init__(
        self,
        program: Program,
        indicators: Mapping[str, Indicator],
        today: dt.date,
        undated: dt.date | None,
    ) -> None:
        self.program = program
        self.indicators = indicators
        self.today = today
        self.undated = undated
        self.calendar = ReviewCalendar(program)
        self.posts = {post.id for post in program.posts}
        self.allowed = reportable(program, indicators)
        # What the evaluation reads for every post (exam scores, breaches, awards) is each
        # post's own, even when someone pledged it upwards: never refused as delegated.
        personal = set.intersection(*self.allowed.values()) if self.allowed else set()
        self.delegated = {
            post: {code: beneath for code, beneath in codes.items() if code not in personal}
            for post, codes in (
                {} if program.rules.delegated_reports else delegated(program)
            ).items()
        }
        self.due = report_due(program, self.calendar)
        # (post, indicator, month) -> the number of the row that first reported it
        self.seen: dict[tuple[str, str, int], int] = {}
        # What many rows share, worked out once: (post, indicator) pairs with no problem,
        # a period's month, a filing date's text, and (month, filing date) pairs whose
        # timing has no problem, with the report's lateness.
        self._fine_pairs: set[tuple[str, str]] = set()
        self._months: dict[str, int | None] = {}
        self._dates: dict[str, dt.date | str | None] = {}
        self._timely: dict[tuple[int, dt.date], bool] = {}

    def row(self, row: object, number: int) -> Report | list[Problem]:
        """The report ``row`` (row ``number`` of the batch) gives, or every problem with it.

        A row that passes every check on the way that most rows take (a dict of text cells
        whose post, indicator, period and date were already found fine) is answered from
        what earlier rows established; any other row gets the full check below, which
        names each problem. Both give the same report for a good row.
        """
        fast = self._quick(row, number)
        if fast is not None:
            return fast
        return self._full(row, number)

    def _quick(self, row: object, number: int) -> Report | None:
        """The report of a row with no problem, by the common way; None: check it fully."""
        if type(row) is not dict or not _COLUMN_SET.issuperset(row):
            return None
        post, code, period = row.get("post"), row.get("indicator"), row.get("period")
        raw, filed = row.get("value"), row.get("reported")
        if (
            type(post) is not str
            or type(code) is not str
            or type(period) is not str
            or type(raw) is not str
            or type(filed) is not str
            or len(post) > MAX_CELL
            or len(code) > MAX_CELL
            or len(period) > MAX_CELL
            or len(raw) > MAX_CELL
            or len(filed) > MAX_CELL
        ):
            return None
        post, code, period = post.strip(), code.strip(), period.strip()
        if (post, code) not in self._fine_pairs:
            if not post or not code or self._who_and_what("", post, code):
                return None
            self._fine_pairs.add((post, code))
        month = self._months.get(period, -1)
        if month == -1:
            month = self._months[period] = self.calendar.month_of(period) if period else None
        if month is None:
            return None
        value = plain_number(raw)
        if isinstance(value, str):
            return None
        if value < 0 and self.indicators[code].non_negative:
            return None
        reported = self._dates.get(filed, _UNSEEN)
        if reported is _UNSEEN:
            reported = self._dates[filed] = _date(filed)
        if reported is None:
            reported = self.undated
        if not isinstance(reported, dt.date):
            return None
        late = self._timely.get((month, reported))
        if late is None:
            if self._timing("", period, month, reported):
                return None
            late = self._timely[(month, reported)] = reported > self.due[month]
        identity = (post, code, month)
        if identity in self.seen:
            return None
        self.seen[identity] = number
        return Report(post, code, period, value, reported, late)

    def _full(self, row: object, number: int) -> Report | list[Problem]:
        """The report ``row`` gives, or every problem with it, each located."""
        where = f"row {number}"
        if not isinstance(row, Mapping):
            return [
                Problem(where, f"expected a table of {', '.join(COLUMNS)}, got {describe(row)}")
            ]
        problems = [
            Problem(f"{where}.{key}", f"unknown column {key!r} (allowed: {', '.join(COLUMNS)})")
            for key in row
            if key not in COLUMNS
        ]
        problems += [
            Problem(
                f"{where}.{key}", f"the cell has {len(value):,} characters; at most {MAX_CELL:,}"
            )
            for key, value in row.items()
            if isinstance(value, str) and len(value) > MAX_CELL
        ]
        if problems:
            return problems
        texts = {key: row.get(key) for key in ("post", "indicator", "period")}
        for key, value in texts.items():
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(f"{where}.{key}", f"required, got {describe(value)}"))
        post, code, period = (str(texts[key] or "").strip() for key in texts)
        problems += self._who_and_what(where, post, code)
        month = self.calendar.month_of(period) if period else None
        if period and month is None:
            problems.append(
                Problem(
                    f"{where}.period",
                    f"period {period!r} is not a month (YYYY-MM) or review period of the "
                    f"program ({self.program.start}..{self.program.end})",
                )
            )
        value = plain_number(row.get("value"))
        indicator = self.indicators.get(code)
        if isinstance(value, str):
            problems.append(Problem(f"{where}.value", value))
        elif indicator is not None and indicator.non_negative and value < 0:
            problems.append(Problem(f"{where}.value", f"{code} cannot be negative, got {value:g}"))
        reported = _date(row.get("reported"))
        if reported is None:
            reported = self.undated
        if isinstance(reported, str):
            problems.append(Problem(f"{where}.reported", reported))
        elif reported is None:
            problems.append(
                Problem(
                    f"{where}.reported",
                    "required: the date the report was filed (YYYY-MM-DD), from which its "
                    "lateness is judged (for history without dates, give one explicitly: "
                    "--filed-on DATE)",
                )
            )
        elif month is not None:
            problems += self._timing(where, period, month, reported)
        if month is not None and post and code:
            identity = (post, code, month)
            if identity in self.seen:
                problems.append(
                    Problem(
                        where,
                        f"duplicate report of {code} by {post} for {period}: "
                        f"first reported at row {self.seen[identity]}",
                    )
                )
            else:
                self.seen[identity] = number
        if problems:
            return problems
        assert month is not None
        assert isinstance(reported, dt.date)
        assert not isinstance(value, str)
        return Report(post, code, period, value, reported, reported > self.due[month])

    def _who_and_what(self, where: str, post: str, code: str) -> list[Problem]:
        """Problems with the post and the indicator of a row."""
        problems = []
        if post and post not in self.posts:
            problems.append(Problem(f"{where}.post", f"unknown post {post!r}"))
        indicator = self.indicators.get(code)
        if code and indicator is None:
            problems.append(Problem(f"{where}.indicator", f"unknown indicator {code!r}"))
        elif indicator is not None and indicator.numerator and indicator.denominator:
            problems.append(
                Problem(
                    f"{where}.indicator",
                    f"{code} is a ratio, computed from its parts: report "
                    f"{indicator.numerator} and {indicator.denominator} instead",
                )
            )
        elif code and post in self.posts and code not in self.allowed.get(post, set()):
            problems.append(
                Problem(f"{where}.indicator", f"post {post!r} pledged no target on {code!r}")
            )
        elif code in self.delegated.get(post, {}):
            beneath = ", ".join(self.delegated[post][code])
            problems.append(
                Problem(
                    f"{where}.indicator",
                    f"post {post!r} delegated {code} to {beneath}: its actual is rolled up "
                    "from their reports, and a report of its own would hide the missing ones "
                    "(a program allows it with rules.delegated_reports = true)",
                )
            )
        return problems

    def _timing(self, where: str, period: str, month: int, reported: dt.date) -> list[Problem]:
        """Problems with when a report of ``period`` was filed."""
        ends = self.calendar.months[month].end
        if ends > self.today:
            return [
                Problem(
                    f"{where}.period",
                    f"period {period} has not ended (it ends {ends}; today is {self.today})",
                )
            ]
        if reported > self.today:
            return [
                Problem(f"{where}.reported", f"{reported} is in the future (today is {self.today})")
            ]
        if reported < ends:
            return [
                Problem(
                    f"{where}.reported",
                    f"filed {reported}, before period {period} ended ({ends})",
                )
            ]
        return []


def plain_number(raw: object) -> float | str:
    """``raw`` as a float, or why it is not a plain decimal number within
    :data:`MAX_MAGNITUDE`.

    Text must be ASCII digits with an optional sign, decimal point and exponent
    (``12``, ``-0.5``, ``3.1e4``): no digit-group separators (``1_000``, ``1,000``), no
    digits of other scripts, no ``inf`` or ``nan``.
    """
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return "required, got nothing"
        if not _PLAIN_NUMBER.fullmatch(text):
            return f"expected a plain decimal number (digits 0-9, '.', 'e'), got {describe(raw)}"
        raw = float(text)
    if raw is None:
        return "required, got nothing"
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return f"expected a number, got {describe(raw)}"
    if isinstance(raw, int) and abs(raw) > MAX_MAGNITUDE:
        return f"{describe(raw)} is beyond the largest accepted magnitude ({MAX_MAGNITUDE:g})"
    value = float(raw)
    if not math.isfinite(value):
        return f"expected a finite number, got {describe(raw)}"
    if abs(value) > MAX_MAGNITUDE:
        return f"{value:g} is beyond the largest accepted magnitude ({MAX_MAGNITUDE:g})"
    return value


def _date(raw: object) -> dt.date | str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if _PLAIN_DATE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
    return f"expected a date (YYYY-MM-DD), got {describe(raw)}"


def report_due(program: Program, calendar: ReviewCalendar | None = None) -> list[dt.date]:
    """The due date of each month's report: month end plus the monthly report cycle's
    offset (0 when the program declares no monthly report cycle)."""
    calendar = calendar or ReviewCalendar(program)
    offset = next(
        (
            cycle.offset_days
            for cycle in program.cycles
            if cycle.produces is Product.REPORT and cycle.cadence is Cadence.MONTHLY
        ),
        0,
    )
    return [month.end + dt.timedelta(days=offset) for month in calendar.months]


def read_reports(
    path: str | Path,
    program: Program,
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report] = (),
    *,
    encoding: str | None = None,
    today: dt.date | None = None,
    undated: dt.date | None = None,
) -> tuple[Report, ...]:
    """The reports in a CSV (header row of :data:`COLUMNS`), JSON (a list of tables) or
    Excel workbook (.xlsx, see :mod:`vanguard.io.spreadsheets`) file, checked as a whole
    (see :func:`check_reports`; ``encoding`` as in
    :func:`~vanguard.review.report_files.decode`)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from vanguard.io.spreadsheets import read_report_workbook

        return read_report_workbook(
            path, program, indicators, accepted, today=today, undated=undated
        )
    rows = read_rows(path, encoding)
    return check_reports(
        program, rows, indicators, accepted, str(path), today=today, undated=undated
    )


def parse_reports(
    text: str,
    fmt: str,
    program: Program,
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report] = (),
    source: str | None = None,
    *,
    today: dt.date | None = None,
    undated: dt.date | None = None,
) -> tuple[Report, ...]:
    """The reports in ``text`` (``fmt`` ``"csv"`` or ``"json"``), checked as a whole."""
    rows: Sequence[Any] = parse_rows(text, fmt, source)
    return check_reports(program, rows, indicators, accepted, source, today=today, undated=undated)


__all__ = [
    "MAX_MAGNITUDE",
    "Report",
    "check_reports",
    "delegated",
    "parse_reports",
    "plain_number",
    "read_reports",
    "report_due",
    "reportable",
]
