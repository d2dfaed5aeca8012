"""Recording study attendance and deriving the attendance indicator from the records.

Every write checks its input against the program (the post exists, the date is a session
of its study cycle and not in the future, a post and session at most once) and raises
:class:`~vanguard.problems.ProgramError` naming every problem, storing nothing. What is
stored is never edited (:mod:`vanguard.ledger.study`).

An import (:func:`import_attendance`, ``vanguard study import``) takes one row per post
and session: ``post, session, attended`` (``yes``/``no``, ``1``/``0``, ``true``/``false``,
``present``/``absent``) and optionally ``note``. It is idempotent: importing the same file
again stores nothing. A row that contradicts a stored record is refused.

The records then stand for the program's attendance indicator, as the rectification
register stands for its indicators (:mod:`vanguard.review.register_figures`): each month's
sessions attended per post (:func:`attendance_report_rows`) are filed as that post's
reports of the indicator, or corrected where a report in force says otherwise
(:func:`file_attendance`), so bulletins and the year-end read attendance like any other
actual, and a missed session is one session fewer. The indicator is the program's own
whose ``simulate`` is ``discipline.attendance`` (Friday sessions attended, as the
``campaign-discipline`` initiative simulates them), or that output itself.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vanguard.ledger import Entry, Ledger
from vanguard.ledger.study import attendance_key, attendance_record, program_entries, replay
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.model.study import Attendance, StudyRecords, session_dates, study_cycle
from vanguard.problems import Problem, ProgramError, did_you_mean, raise_if_any
from vanguard.review.report_files import read_rows

COLUMNS = ("post", "session", "attended")
OPTIONAL = ("note",)
MAX_NOTE = 2000
SIMULATED_ATTENDANCE = "discipline.attendance"
"""The campaign-discipline output the derived indicator means the same as: Friday sessions
attended by a post in a month (its ``attendance_rate`` is the share of sessions held)."""
FILED_BY = "study records"
_YES = {"yes", "y", "1", "true", "present", "attended", "是", "出席"}
_NO = {"no", "n", "0", "false", "absent", "missed", "否", "缺席"}

ATTENDANCE_COLUMNS = ("post", "title", "held", "attended", "missed", "unrecorded", "rate")
"""The columns of :func:`attendance_rows` (and of ``vanguard study attendance --json``)."""


def stored_study(ledger: Ledger, program: Program, before: int | None = None) -> StudyRecords:
    """``program``'s attendance records as they stand (those before record ``before``)."""
    return replay(program_entries(ledger.entries(), program.id, before))


def study_problems(ledger: Ledger, program: Program) -> list[str]:
    """One line per attendance record of ``program`` that cannot be read, repeats a post
    and session, names a post the program lacks or a day that is not one of its study
    sessions (empty when all is well)."""
    found: list[str] = []

    def report(entry: Entry, message: str) -> None:
        found.append(f"{entry.kind} {entry.key} (record {entry.seq}): {message}")

    records = replay(program_entries(ledger.entries(), program.id, None), report)
    posts = {post.id for post in program.posts}
    sessions = set(session_dates(program))
    for record in records.attendances:
        where = f"attendance of {record.post} on {record.session}"
        if record.post not in posts:
            found.append(f"{where}: post {record.post!r} is not in program {program.id!r}")
        if record.session not in sessions:
            found.append(f"{where}: {record.session} is not a study session of the program")
    return found


def attendance_indicator(program: Program, indicators: Mapping[str, Indicator]) -> str | None:
    """The code of the program's attendance indicator (see the module), or None."""
    for indicator in program.indicators:
        if indicator.simulate == SIMULATED_ATTENDANCE:
            return indicator.code
    return SIMULATED_ATTENDANCE if SIMULATED_ATTENDANCE in indicators else None


def attendances_from_rows(
    rows: Sequence[Mapping[str, Any]], program: Program, *, today: dt.date | None = None
) -> list[Attendance]:
    """The attendances of plain rows (row ``i`` is located as ``rows[i].column``), checked
    against ``program``; ProgramError naming every bad cell."""
    today = today or dt.date.today()
    posts = [post.id for post in program.posts]
    sessions = set(session_dates(program))
    problems: list[Problem] = []
    if study_cycle(program) is None:
        problems.append(
            Problem("cycles", 'the program has no cycle producing "study-session" sessions')
        )
    found: list[Attendance] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for index, row in enumerate(rows):
        where = f"rows[{index}]"
        missing = [name for name in COLUMNS if not str(row.get(name) or "").strip()]
        unknown = sorted(set(row) - set(COLUMNS) - set(OPTIONAL))
        problems += [Problem(f"{where}.{name}", "required") for name in missing]
        problems += [
            Problem(f"{where}.{name}", "unknown column" + did_you_mean(name, COLUMNS + OPTIONAL))
            for name in unknown
        ]
        if missing or unknown:
            continue
        post = str(row["post"]).strip()
        bad = False
        if post not in posts:
            problems.append(
                Problem(
                    f"{where}.post", f"no post {post!r} in the program" + did_you_mean(post, posts)
                )
            )
            bad = True
        text = str(row["session"]).strip()
        try:
            session = dt.date.fromisoformat(text)
        except ValueError:
            problems.append(Problem(f"{where}.session", f"{text!r} is not a date (YYYY-MM-DD)"))
            continue
        if session > today:
            problems.append(Problem(f"{where}.session", f"{session} is in the future"))
            bad = True
        elif session not in sessions:
            problems.append(
                Problem(
                    f"{where}.session",
                    f"{session} ({session:%A}) is not a study session of the program "
                    f"({program.start} to {program.end}, by its study cycle)",
                )
            )
            bad = True
        flag = str(row["attended"]).strip().lower()
        if flag not in _YES | _NO:
            problems.append(Problem(f"{where}.attended", f"{row['attended']!r} is not yes or no"))
            bad = True
        note = str(row.get("note") or "").strip() or None
        if note is not None and (len(note) > MAX_NOTE or not note.isprintable()):
            problems.append(Problem(f"{where}.note", f"at most {MAX_NOTE} printable characters"))
            bad = True
        if (post, session) in seen:
            first = seen[post, session]
            problems.append(
                Problem(f"{where}.session", f"{post} at {session} is already in rows[{first}]")
            )
            bad = True
        seen[post, session] = index
        if not bad:
            found.append(Attendance(post, session, flag in _YES, note))
    raise_if_any(problems)
    return found


def record_attendance(
    ledger: Ledger,
    program: Program,
    attendances: Sequence[Attendance],
    indicators: Mapping[str, Indicator] | None = None,
    *,
    location: str = "rows",
    today: dt.date | None = None,
) -> list[Entry]:
    """Store the attendances not yet stored, then file the attendance indicator they
    derive (:func:`file_attendance`); ProgramError (nothing stored) when one contradicts a
    stored record. Returns the new attendance entries."""
    stored = {(a.post, a.session): a for a in stored_study(ledger, program).attendances}
    problems = []
    new = []
    for index, attendance in enumerate(attendances):
        before = stored.get((attendance.post, attendance.session))
        if before is None:
            new.append(attendance)
        elif before.attended != attendance.attended:
            said = "attended" if before.attended else "missed"
            problems.append(
                Problem(
                    f"{location}[{index}]",
                    f"{attendance.post} at {attendance.session} is recorded as {said} "
                    f"({attendance_key(program.id, attendance.post, attendance.session)}); "
                    "a record is never rewritten",
                )
            )
    raise_if_any(problems)
    entries = ledger.append_many([attendance_record(program.id, a) for a in new])
    if indicators is not None:
        file_attendance(ledger, program, indicators, today=today)
    return entries


def import_attendance(
    ledger: Ledger,
    program: Program,
    path: str | Path,
    indicators: Mapping[str, Indicator] | None = None,
    *,
    encoding: str | None = None,
    today: dt.date | None = None,
) -> list[Entry]:
    """Read the attendance file at ``path`` (CSV or JSON rows, see the module) and record
    it (:func:`record_attendance`); a ProgramError names every bad row, with the file,
    and nothing is stored."""
    source = str(path)
    rows = read_rows(Path(path), encoding, COLUMNS)
    try:
        attendances = attendances_from_rows(rows, program, today=today)
        return record_attendance(ledger, program, attendances, indicators)
    except ProgramError as error:
        raise ProgramError(error.problems, source) from None


def attendance_rows(
    records: StudyRecords, program: Program, until: dt.date
) -> list[dict[str, Any]]:
    """One row per post of ``program`` (file order), columns :data:`ATTENDANCE_COLUMNS`:
    the sessions held from the program's start to ``until``, those recorded attended and
    missed, those unrecorded (counted as not attended) and the rate (attended / held;
    None before the first session)."""
    titles = {post.id: post.title.en for post in program.posts}
    rows = []
    for post in program.posts:
        figures = records.attendance(program, post.id, until)
        rows.append(
            {
                "post": post.id,
                "title": titles[post.id],
                "held": figures.held,
                "attended": figures.attended,
                "missed": figures.missed,
                "unrecorded": figures.unrecorded,
                "rate": figures.rate,
            }
        )
    return rows


def attendance_report_rows(
    records: StudyRecords, program: Program, indicator: str, posts: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The sessions each post attended per month with a record, as report rows of
    ``indicator`` (``{post, indicator, period, value, reported}``, filed on the month's last
    day: a month's attendance is known when its sessions are over), sorted by post and
    period."""
    counts = records.monthly_attended(posts)
    return [
        {
            "post": post,
            "indicator": indicator,
            "period": period,
            "value": float(counts[post, period]),
            "reported": _month_end(period).isoformat(),
        }
        for post, period in sorted(counts)
    ]


def _month_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def file_attendance(
    ledger: Ledger,
    program: Program,
    indicators: Mapping[str, Indicator],
    *,
    today: dt.date | None = None,
) -> list[Entry]:
    """File the attendance indicator the stored records derive: a report for each post
    and month over by ``today`` with records and no report yet, a correction (by ``study
    records``) where the report in force says otherwise. Only posts that report the
    indicator themselves are filed (a department head's is rolled up from its staff); a
    month not yet over is filed by a later import. Returns the new entries; none when the
    program has no attendance indicator."""
    from vanguard.review.recording import add_reports, correct_report, stored_reports
    from vanguard.review.reports import delegated, reportable

    known = program.usable_indicators(indicators)
    code = attendance_indicator(program, known)
    if code is None:
        return []
    rolled_up = {} if program.rules.delegated_reports else delegated(program)
    posts = [
        post
        for post, codes in reportable(program, known).items()
        if code in codes and code not in rolled_up.get(post, {})
    ]
    today = today or dt.date.today()
    derived = [
        row
        for row in attendance_report_rows(stored_study(ledger, program), program, code, posts)
        if dt.date.fromisoformat(row["reported"]) <= today
    ]
    in_force = {
        (report.post, report.period): report.value
        for report in stored_reports(ledger, program)
        if report.indicator == code
    }
    fresh = [row for row in derived if (row["post"], row["period"]) not in in_force]
    entries = add_reports(ledger, program, fresh, known, today=today) if fresh else []
    for row in derived:
        value = in_force.get((row["post"], row["period"]))
        if value is not None and value != row["value"]:
            _, entry = correct_report(
                ledger,
                program,
                row["post"],
                code,
                row["period"],
                row["value"],
                by=FILED_BY,
                reason="derived from the attendance records of the month's study sessions",
                on=today,
                indicators=known,
            )
            entries.append(entry)
    return entries


__all__ = [
    "ATTENDANCE_COLUMNS",
    "COLUMNS",
    "SIMULATED_ATTENDANCE",
    "attendance_indicator",
    "attendance_report_rows",
    "attendance_rows",
    "attendances_from_rows",
    "file_attendance",
    "import_attendance",
    "record_attendance",
    "stored_study",
    "study_problems",
]
