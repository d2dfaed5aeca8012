"""Monthly reports (每月一汇报): each post reports actuals for the indicators it pledged.

A report is one value of one indicator for one period by one post. Reports come from
the Python API (:func:`check_reports` over plain rows) or from CSV and JSON files
(:func:`read_reports`). Every row is checked before any is accepted, and all problems are
raised together, each located at its row and column: unknown post or indicator, an
indicator the post did not pledge, a period outside the program, a negative value of an
indicator that cannot be negative, a duplicate (in the batch or of an already accepted
report). Nothing partial is returned. Late reports are accepted and marked late: a report
is late when its ``reported`` date is after the due date of the program's monthly report
cycle (the month's end plus the cycle's ``offset_days``).
"""

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from vanguard.io.problems import Problem, ProgramError, describe
from vanguard.model.cycle import Cadence, Product
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.calendar import ReviewCalendar

COLUMNS = ("post", "indicator", "period", "value", "reported")
"""The columns of a report file; ``reported`` (the date it was filed) may be left empty."""

MAX_ROWS = 1_000_000


@attrs.frozen
class Report:
    """One post's actual of one indicator for one period.

    ``period`` is the label of a month (``2006-03``) or of another cycle's occurrence
    (``2006Q1`` for a quarterly exam, booked in the quarter's last month); ``late`` is
    set by :func:`check_reports` from ``reported`` and the report cycle's due date.
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
    def from_payload(cls, payload: Mapping[str, Any]) -> "Report":
        """The report recorded as ``payload`` by :meth:`to_payload`."""
        reported = payload.get("reported")
        return cls(
            post=str(payload["post"]),
            indicator=str(payload["indicator"]),
            period=str(payload["period"]),
            value=float(payload["value"]),
            reported=dt.date.fromisoformat(reported) if reported else None,
            late=bool(payload.get("late", False)),
        )


def reportable(program: Program, indicators: Mapping[str, Indicator]) -> dict[str, set[str]]:
    """For each post, the indicators it may report.

    A post reports what it pledged in any letter (work-target or integrity), the
    numerator and denominator of a pledged ratio, and the indicators the evaluation rules
    read for every post (linked inputs, bonuses and deductions, vetoes).
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


def check_reports(
    program: Program,
    rows: Iterable[Mapping[str, Any]],
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report] = (),
    source: str | None = None,
) -> tuple[Report, ...]:
    """Every row as a :class:`Report`, or ProgramError listing every bad row.

    ``rows`` are plain mappings with the keys of :data:`COLUMNS` (``reported`` optional;
    a date or ``YYYY-MM-DD``). ``accepted`` are reports already stored: a row repeating
    one exactly (same period, value and filing date) is a retry and is left out of the
    result, not an error, so importing the same file twice stores nothing twice; a row
    giving another value for an accepted report is a duplicate. Locations read
    ``row N.column`` with N counting from 1 (the first data row of a CSV file is row 1).
    """
    calendar = ReviewCalendar(program)
    allowed = reportable(program, indicators)
    posts = {post.id for post in program.posts}
    seen: dict[tuple[str, str, int], str] = {}
    stored: dict[tuple[str, str, int], Report] = {}
    for report in accepted:
        month = calendar.month_of(report.period)
        if month is not None:
            stored[(report.post, report.indicator, month)] = report
    due = _report_due(program, calendar)
    problems: list[Problem] = []
    result: list[Report] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            problems.append(Problem(f"row {number}", f"at most {MAX_ROWS} rows per batch"))
            break
        where = f"row {number}"
        found = _row(row, where, program, indicators, calendar, posts, allowed, seen, due)
        if isinstance(found, list):
            problems.extend(found)
            continue
        month = calendar.month_of(found.period)
        assert month is not None  # _row checked the period
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
                    where,
                    f"duplicate report of {found.indicator} by {found.post} for "
                    f"{found.period}: already accepted ({before.key} = {before.value:g})",
                )
            )
    if problems:
        raise ProgramError(problems, source)
    return tuple(result)


def _row(
    row: Mapping[str, Any],
    where: str,
    program: Program,
    indicators: Mapping[str, Indicator],
    calendar: ReviewCalendar,
    posts: set[str],
    allowed: Mapping[str, set[str]],
    seen: dict[tuple[str, str, int], str],
    due: Sequence[dt.date],
) -> Report | list[Problem]:
    if not isinstance(row, Mapping):
        return [Problem(where, f"expected a table of {', '.join(COLUMNS)}, got {describe(row)}")]
    problems = [
        Problem(f"{where}.{key}", f"unknown column {key!r} (allowed: {', '.join(COLUMNS)})")
        for key in row
        if key not in COLUMNS
    ]
    texts = {key: row.get(key) for key in ("post", "indicator", "period")}
    for key, value in texts.items():
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"{where}.{key}", f"required, got {describe(value)}"))
    post, code, period = (str(texts[key] or "").strip() for key in ("post", "indicator", "period"))
    if post and post not in posts:
        problems.append(Problem(f"{where}.post", f"unknown post {post!r}"))
    indicator = indicators.get(code)
    if code and indicator is None:
        problems.append(Problem(f"{where}.indicator", f"unknown indicator {code!r}"))
    elif code and post in posts and code not in allowed.get(post, set()):
        problems.append(
            Problem(f"{where}.indicator", f"post {post!r} pledged no target on {code!r}")
        )
    month = calendar.month_of(period) if period else None
    if period and month is None:
        problems.append(
            Problem(
                f"{where}.period",
                f"period {period!r} is not a month (YYYY-MM) or review period of the program "
                f"({program.start}..{program.end})",
            )
        )
    value = _value(row.get("value"))
    if isinstance(value, str):
        problems.append(Problem(f"{where}.value", value))
    elif indicator is not None and indicator.non_negative and value < 0:
        problems.append(Problem(f"{where}.value", f"{code} cannot be negative, got {value:g}"))
    reported = _date(row.get("reported"))
    if isinstance(reported, str):
        problems.append(Problem(f"{where}.reported", reported))
    if month is not None and post and code:
        identity = (post, code, month)
        if identity in seen:
            problems.append(
                Problem(
                    where, f"duplicate report of {code} by {post} for {period}: {seen[identity]}"
                )
            )
        else:
            seen[identity] = f"first reported at {where}"
    if problems:
        return problems
    assert month is not None
    assert not isinstance(value, str)
    assert not isinstance(reported, str)
    late = reported is not None and reported > due[month]
    return Report(post, code, period, value, reported, late)


def _value(raw: object) -> float | str:
    if isinstance(raw, str):
        try:
            raw = float(raw.strip()) if raw.strip() else None
        except ValueError:
            return f"expected a number, got {describe(raw)}"
    if raw is None:
        return "required, got nothing"
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return f"expected a number, got {describe(raw)}"
    if not math.isfinite(float(raw)):
        return f"expected a finite number, got {describe(raw)}"
    return float(raw)


def _date(raw: object) -> dt.date | str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    return f"expected a date (YYYY-MM-DD), got {describe(raw)}"


def _report_due(program: Program, calendar: ReviewCalendar) -> list[dt.date]:
    """The due date of each month's report: month end plus the report cycle's offset."""
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
) -> tuple[Report, ...]:
    """The reports in a CSV (header row of :data:`COLUMNS`) or JSON (a list of tables) file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProgramError([Problem("", f"cannot read reports: {error}")], str(path)) from None
    return parse_reports(
        text, path.suffix.lower().lstrip("."), program, indicators, accepted, str(path)
    )


def parse_reports(
    text: str,
    fmt: str,
    program: Program,
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report] = (),
    source: str | None = None,
) -> tuple[Report, ...]:
    """The reports in ``text`` (``fmt`` ``"csv"`` or ``"json"``), checked as a whole."""
    rows: list[Any]
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
        if missing:
            raise ProgramError(
                [Problem("header", f"missing column(s): {', '.join(missing)}")], source
            )
        rows = [dict(row) for row in reader]
        for row in rows:
            if None in row:  # a row with more cells than the header has
                row["(extra cells)"] = row.pop(None)
    elif fmt == "json":
        try:
            document = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ProgramError([Problem("", f"not valid JSON: {error}")], source) from None
        if not isinstance(document, list):
            raise ProgramError([Problem("", "expected a list of reports")], source)
        rows = document
    else:
        raise ProgramError([Problem("", f"reports must be .csv or .json, not {fmt!r}")], source)
    return check_reports(program, rows, indicators, accepted, source)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


__all__ = ["COLUMNS", "Report", "check_reports", "parse_reports", "read_reports", "reportable"]
