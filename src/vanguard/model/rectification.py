"""The rectification register (整改台账): problems found, measures taken, resolutions.

Sihui (B-II): "each unit identifies problems, carries out rectification measures and
resolves long-pending cases". A :class:`Case` is one problem in the register: which unit
it concerns, the post that owns its rectification, where it came from, when it was
opened and by when it must be rectified, the measures taken and its resolution.

A case's state is never edited: the ledger keeps its opening, each measure, its
resolution and any correction as separate records (see :mod:`vanguard.ledger.register`),
and a :class:`Case` is what those records add up to at a point in time.
"""

import datetime as dt
import enum
from collections.abc import Mapping

from vanguard.model._constraints import Id, Text, model
from vanguard.model.indicator import Aggregation, Direction
from vanguard.model.program import Program
from vanguard.problems import Problem


class Source(enum.Enum):
    """Where a problem came from."""

    INSPECTION = "inspection"
    """Found by a supervision or inspection visit (督导检查)."""
    COMPLAINT = "complaint"
    """Raised by a complaint from the public (群众投诉)."""
    SELF_FOUND = "self-found"
    """Found by the unit itself (自查)."""


@model
class Measure:
    """A rectification measure (整改措施) taken on ``taken``."""

    taken: dt.date
    description: Text


@model
class Case:
    """One problem in the register, as its records stand.

    Contract: ``deadline`` is not before ``opened``; every measure and the resolution are
    dated on or after ``opened`` (checked when the records are appended). ``resolved`` and
    ``resolution`` are both set, or neither.
    """

    id: Id
    unit: Id
    owner: Id
    """The post answerable for the rectification (一岗双责: its holder, by name of post)."""
    description: Text
    source: Source
    opened: dt.date
    deadline: dt.date
    measures: tuple[Measure, ...] = ()
    resolved: dt.date | None = None
    resolution: Text | None = None

    def open_on(self, day: dt.date) -> bool:
        """Whether the case was open at the end of ``day`` (opened, not yet resolved)."""
        return self.opened <= day and (self.resolved is None or self.resolved > day)

    def long_pending_on(self, day: dt.date) -> bool:
        """Whether the case was open at the end of ``day`` and past its deadline then
        (久拖不决: long-pending)."""
        return self.open_on(day) and day > self.deadline

    @property
    def rectified_on_time(self) -> bool:
        """Whether the case was resolved on or before its deadline."""
        return self.resolved is not None and self.resolved <= self.deadline

    def days_overdue(self, day: dt.date) -> int:
        """Days past the deadline at ``day`` while open (0 when not long-pending)."""
        return (day - self.deadline).days if self.long_pending_on(day) else 0


@model
class Register:
    """The cases of one program's register, in the order they were opened in the ledger."""

    cases: tuple[Case, ...] = ()

    def get(self, case: str) -> Case | None:
        """The case with id ``case``, or None."""
        return next((item for item in self.cases if item.id == case), None)

    def open_on(self, day: dt.date) -> tuple[Case, ...]:
        """The cases open at the end of ``day``."""
        return tuple(case for case in self.cases if case.open_on(day))

    def long_pending_on(self, day: dt.date) -> tuple[Case, ...]:
        """The cases open and past their deadline at the end of ``day``, longest overdue
        first (then by id)."""
        late = [case for case in self.cases if case.long_pending_on(day)]
        return tuple(sorted(late, key=lambda case: (case.deadline, case.id)))


# --- the indicators a program reads from its register (vanguard.review.register_actuals)

REGISTERED = "register.cases_registered"
ON_TIME = "register.rectified_on_time"
LONG_PENDING = "register.long_pending_open"
CODES = (REGISTERED, ON_TIME, LONG_PENDING)
SHAPES: Mapping[str, tuple[Aggregation, Direction]] = {
    REGISTERED: (Aggregation.SUM, Direction.HIGHER),
    ON_TIME: (Aggregation.SUM, Direction.HIGHER),
    LONG_PENDING: (Aggregation.LAST, Direction.LOWER),
}
"""Each register indicator's ``over_time`` and ``direction`` (``over_units`` is a sum)."""


def register_indicator_problems(program: Program) -> list[Problem]:
    """The program's register indicators declared with another aggregation or direction
    than :data:`SHAPES` (their values would be read wrongly)."""
    problems = []
    for i, indicator in enumerate(program.indicators):
        shape = SHAPES.get(indicator.code)
        if shape is None:
            continue
        over_time, direction = shape
        if (indicator.over_time, indicator.direction, indicator.over_units) != (
            over_time,
            direction,
            Aggregation.SUM,
        ):
            problems.append(
                Problem(
                    f"indicators[{i}]",
                    f"{indicator.code} is read from the rectification register: declare it "
                    f'over_time = "{over_time.value}", over_units = "sum", '
                    f'direction = "{direction.value}"',
                )
            )
    return problems


__all__ = [
    "CODES",
    "LONG_PENDING",
    "ON_TIME",
    "REGISTERED",
    "SHAPES",
    "Case",
    "Measure",
    "Register",
    "Source",
    "register_indicator_problems",
]
