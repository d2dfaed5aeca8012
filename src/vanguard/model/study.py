"""Study sessions (学习制度): who attended which Friday-afternoon session.

Zhaoqing (A-I-2): "every Friday afternoon is study time" and Sihui's agencies keep a
standing mechanism for Party-member study (B-III). The program's weekly cycle that
produces study sessions (``produces = "study-session"``) fixes the session dates; an
:class:`Attendance` records whether a post attended one of them. Records are never
edited: the ledger keeps each as appended (:mod:`vanguard.ledger.study`), and
:class:`StudyRecords` is what they add up to.

The attendance rate derived here means what the ``campaign-discipline`` initiative
simulates as ``attendance_rate``: the share of the cycle's sessions held (to a date) that
the post attended. A session held and not recorded as attended counts as missed.
"""

import datetime as dt
from collections.abc import Iterable

import attrs

from vanguard.model._constraints import Id, Text, model
from vanguard.model.cycle import Product, ReviewCycle
from vanguard.model.program import Program


@model
class Attendance:
    """Whether ``post`` attended the study session held on ``session``."""

    post: Id
    session: dt.date
    attended: bool
    note: Text | None = None


def study_cycle(program: Program) -> ReviewCycle | None:
    """The program's weekly cycle producing study sessions (the first, if several)."""
    for cycle in program.cycles:
        if cycle.produces is Product.STUDY_SESSION:
            return cycle
    return None


def session_dates(program: Program, until: dt.date | None = None) -> tuple[dt.date, ...]:
    """The dates of the program's study sessions, from its start to ``until`` (default its
    end), by its study cycle; none without one."""
    cycle = study_cycle(program)
    if cycle is None:
        return ()
    end = program.end if until is None else min(until, program.end)
    return tuple(occurrence.start for occurrence in cycle.occurrences(program.start, end))


@attrs.frozen
class PostAttendance:
    """A post's attendance over the sessions held from the program's start to ``until``."""

    post: str
    held: int
    """Sessions of the study cycle held by ``until``."""
    attended: int
    """Of those, the sessions recorded as attended."""
    missed: int
    """Of those, the sessions recorded as missed."""
    until: dt.date

    @property
    def unrecorded(self) -> int:
        """Sessions held with no record for the post (counted as not attended)."""
        return self.held - self.attended - self.missed

    @property
    def rate(self) -> float | None:
        """Sessions attended per session held (None before the first session)."""
        return self.attended / self.held if self.held else None


@attrs.frozen
class StudyRecords:
    """The attendance records of a program, one per post and session at most."""

    attendances: tuple[Attendance, ...] = ()

    def of(self, post: str) -> tuple[Attendance, ...]:
        """``post``'s records, by session date."""
        return tuple(
            sorted((a for a in self.attendances if a.post == post), key=lambda a: a.session)
        )

    def attendance(self, program: Program, post: str, until: dt.date) -> PostAttendance:
        """``post``'s attendance over the sessions held from the program's start to
        ``until``."""
        held = set(session_dates(program, until))
        mine = [a for a in self.attendances if a.post == post and a.session in held]
        attended = sum(1 for a in mine if a.attended)
        return PostAttendance(post, len(held), attended, len(mine) - attended, until)

    def monthly_attended(self, posts: Iterable[str] | None = None) -> dict[tuple[str, str], int]:
        """Sessions attended per ``(post, "YYYY-MM")`` (only months with a record)."""
        wanted = None if posts is None else set(posts)
        counts: dict[tuple[str, str], int] = {}
        for record in self.attendances:
            if wanted is not None and record.post not in wanted:
                continue
            key = (record.post, f"{record.session.year}-{record.session.month:02d}")
            counts[key] = counts.get(key, 0) + int(record.attended)
        return counts


__all__ = [
    "Attendance",
    "PostAttendance",
    "StudyRecords",
    "session_dates",
    "study_cycle",
]
