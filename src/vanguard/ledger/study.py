"""Study attendance in the ledger: every attendance of a post at a session is a record.

Record kind and key: ``study.attendance`` ``<program>/study/<post>/<session date>``,
payload ``{program, post, session, attended, note}``. One record per post and session:
the ledger refuses a second record under the same key with other content, so a record is
never rewritten. :func:`replay` adds the records up, in record order, into
:class:`~vanguard.model.study.StudyRecords`; ``ledger verify --program`` names every
record that does not fit (see :func:`vanguard.review.study.study_problems`).
"""

import datetime as dt
from collections.abc import Callable, Iterable

from vanguard.ledger.records import JSON, Entry, of_program
from vanguard.model.study import Attendance, StudyRecords

ATTENDANCE = "study.attendance"
KINDS = (ATTENDANCE,)


def attendance_key(program: str, post: str, session: dt.date) -> str:
    """The ledger key of ``post``'s attendance at the session of ``session``."""
    return f"{program}/study/{post}/{session.isoformat()}"


def attendance_record(program: str, attendance: Attendance) -> tuple[str, str, dict[str, JSON]]:
    """The ``study.attendance`` record of ``attendance``."""
    return (
        ATTENDANCE,
        attendance_key(program, attendance.post, attendance.session),
        {
            "program": program,
            "post": attendance.post,
            "session": attendance.session.isoformat(),
            "attended": attendance.attended,
            "note": attendance.note,
        },
    )


def program_entries(entries: Iterable[Entry], program: str, before: int | None) -> list[Entry]:
    """The study records of ``program`` among ``entries`` (before record ``before``), in
    record order."""
    return of_program(entries, KINDS, program, before)


def replay(
    entries: Iterable[Entry], report: Callable[[Entry, str], None] | None = None
) -> StudyRecords:
    """The study records ``entries`` add up to, in record order.

    ``report`` is called with each record that cannot be read or repeats a post and
    session already recorded; such a record is skipped.
    """
    seen: dict[tuple[str, dt.date], Attendance] = {}
    for entry in entries:
        payload = entry.payload
        try:
            attended = payload["attended"]
            if not isinstance(attended, bool):
                raise TypeError(f"attended is {attended!r}, not true or false")
            note = payload.get("note")
            record = Attendance(
                post=str(payload["post"]),
                session=dt.date.fromisoformat(str(payload["session"])),
                attended=attended,
                note=None if note is None else str(note),
            )
        except (KeyError, ValueError, TypeError) as error:
            if report is not None:
                report(entry, f"cannot be read as an attendance record ({error})")
            continue
        if (record.post, record.session) in seen:
            if report is not None:
                report(entry, f"{record.post} at the session of {record.session} is recorded twice")
            continue
        seen[record.post, record.session] = record
    return StudyRecords(tuple(seen.values()))


__all__ = [
    "ATTENDANCE",
    "KINDS",
    "attendance_key",
    "attendance_record",
    "program_entries",
    "replay",
]
