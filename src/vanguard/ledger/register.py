"""The rectification register in the ledger: every state change of a case is a record.

Record kinds and keys (``<case>`` is the case id, unique within its program):

* ``case.opened`` ``<program>/<case>``: the case as registered (unit, owner post,
  description, source, opened, deadline);
* ``case.measure`` ``<program>/<case>/measure-<n>``: the n-th measure taken (date, text);
* ``case.resolved`` ``<program>/<case>/resolved``: when and how it was resolved;
* ``case.corrected`` ``<program>/<case>/correction-<n>``: a correction of one field
  (previous and new value, who, when, why), as report corrections are kept: the record
  corrected stays as it was appended.

:func:`stored_register` adds these up, in record order, into a
:class:`~vanguard.model.rectification.Register`; :func:`register_problems` replays them
and names every record that does not fit (``vanguard ledger verify --program``).
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

import attrs

from vanguard.ledger.records import JSON, Entry, of_program
from vanguard.model.rectification import Case, Measure, Register, Source

OPENED, MEASURE, RESOLVED, CORRECTED = (
    "case.opened",
    "case.measure",
    "case.resolved",
    "case.corrected",
)
KINDS = (OPENED, MEASURE, RESOLVED, CORRECTED)
CORRECTABLE = ("unit", "owner", "description", "source", "opened", "deadline", "resolved")
"""The fields of a case a correction may change (a measure is corrected by a new one)."""
_DATES = ("opened", "deadline", "resolved")


def opened_record(program: str, case: Case) -> tuple[str, str, dict[str, JSON]]:
    """The ``case.opened`` record of ``case`` (its measures and resolution are separate)."""
    return (
        OPENED,
        f"{program}/{case.id}",
        {
            "program": program,
            "case": case.id,
            "unit": case.unit,
            "owner": case.owner,
            "description": case.description,
            "source": case.source.value,
            "opened": case.opened.isoformat(),
            "deadline": case.deadline.isoformat(),
        },
    )


def measure_record(
    program: str, case: str, number: int, measure: Measure
) -> tuple[str, str, dict[str, JSON]]:
    """The ``case.measure`` record of the ``number``-th measure of ``case``."""
    return (
        MEASURE,
        f"{program}/{case}/measure-{number}",
        {
            "program": program,
            "case": case,
            "number": number,
            "taken": measure.taken.isoformat(),
            "description": measure.description,
        },
    )


def resolved_record(
    program: str, case: str, resolved: dt.date, resolution: str
) -> tuple[str, str, dict[str, JSON]]:
    """The ``case.resolved`` record of ``case``."""
    return (
        RESOLVED,
        f"{program}/{case}/resolved",
        {
            "program": program,
            "case": case,
            "resolved": resolved.isoformat(),
            "resolution": resolution,
        },
    )


@attrs.frozen
class CaseCorrection:
    """A correction of ``field`` of case ``case``: ``previous`` (the value in force, as
    text; None for an unset resolution date) becomes ``value``, by ``by`` on ``corrected``
    for ``reason``; ``number`` counts the case's corrections from 1."""

    case: str
    field: str
    previous: str | None
    value: str
    by: str
    reason: str
    corrected: dt.date
    number: int

    def record(self, program: str) -> tuple[str, str, dict[str, JSON]]:
        """The ``case.corrected`` record of this correction."""
        payload: dict[str, JSON] = {"program": program, **attrs.asdict(self)}
        payload["corrected"] = self.corrected.isoformat()
        return CORRECTED, f"{program}/{self.case}/correction-{self.number}", payload


def program_entries(entries: Iterable[Entry], program: str, before: int | None) -> list[Entry]:
    """The register records of ``program`` among ``entries`` (before record ``before``),
    in record order."""
    return of_program(entries, KINDS, program, before)


def replay(
    entries: Iterable[Entry], report: Callable[[Entry, str], None] | None = None
) -> Register:
    """The register the register records ``entries`` add up to, in record order.

    ``report`` is called with each record that does not fit what came before it (a
    measure or resolution of an unknown case, a date before the opening, a second
    resolution, a correction whose previous value is not the one in force); such a record
    is skipped.
    """
    cases: dict[str, Case] = {}

    def fail(entry: Entry, message: str) -> None:
        if report is not None:
            report(entry, message)

    for entry in entries:
        payload = entry.payload
        case_id = str(payload.get("case"))
        try:
            if entry.kind == OPENED:
                if case_id in cases:
                    fail(entry, f"case {case_id!r} is opened a second time")
                    continue
                case = case_from(payload)
                if case.deadline < case.opened:
                    fail(entry, f"its deadline {case.deadline} is before it opened")
                cases[case_id] = case
                continue
            current = cases.get(case_id)
            if current is None:
                fail(entry, f"no case {case_id!r} was opened before this record")
                continue
            case = current
            if entry.kind == MEASURE:
                measure = Measure(dt.date.fromisoformat(str(payload["taken"])), _text(payload))
                if measure.taken < case.opened:
                    fail(entry, f"measure dated {measure.taken}, before the case opened")
                cases[case_id] = evolve(case, measures=(*case.measures, measure))
            elif entry.kind == RESOLVED:
                resolved = dt.date.fromisoformat(str(payload["resolved"]))
                if case.resolved is not None:
                    fail(entry, f"case {case_id!r} is resolved a second time")
                    continue
                if resolved < case.opened:
                    fail(entry, f"resolved on {resolved}, before the case opened")
                cases[case_id] = evolve(
                    case, resolved=resolved, resolution=str(payload["resolution"])
                )
            else:
                field = str(payload["field"])
                if payload.get("previous") != field_text(case, field):
                    fail(
                        entry,
                        f"corrects {field} from {payload.get('previous')!r}, but "
                        f"{field_text(case, field)!r} was in force",
                    )
                    continue
                cases[case_id] = corrected(case, field, str(payload["value"]))
        except (KeyError, ValueError, TypeError) as error:
            fail(entry, f"cannot be read as a register record ({error})")
    return Register(tuple(cases.values()))


def case_from(payload: Mapping[str, Any]) -> Case:
    """The case registered by a ``case.opened`` payload (no measures, not resolved)."""
    return Case(
        id=str(payload["case"]),
        unit=str(payload["unit"]),
        owner=str(payload["owner"]),
        description=str(payload["description"]),
        source=Source(str(payload["source"])),
        opened=dt.date.fromisoformat(str(payload["opened"])),
        deadline=dt.date.fromisoformat(str(payload["deadline"])),
    )


def field_text(case: Case, field: str) -> str | None:
    """The value of ``field`` in ``case`` as a correction records it (text, or None)."""
    value = getattr(case, field)
    if value is None:
        return None
    if isinstance(value, Source):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def corrected(case: Case, field: str, value: str) -> Case:
    """``case`` with ``field`` set to ``value`` (given as text); ValueError if it cannot
    be."""
    if field not in CORRECTABLE:
        raise ValueError(f"{field!r} cannot be corrected (one of {', '.join(CORRECTABLE)})")
    parsed: object = value
    if field in _DATES:
        parsed = dt.date.fromisoformat(value)
    elif field == "source":
        parsed = Source(value)
    if field == "resolved" and case.resolved is None:
        raise ValueError("the case is not resolved: record its resolution instead")
    return evolve(case, **{field: parsed})


def evolve(case: Case, **changes: Any) -> Case:
    """``case`` with ``changes`` (attrs.evolve, typed)."""
    # cast: the model's decorator hides from mypy that Case is an attrs class
    return cast(Case, attrs.evolve(cast(Any, case), **changes))


def _text(payload: Mapping[str, Any]) -> str:
    return str(payload["description"])


__all__ = [
    "CORRECTABLE",
    "CORRECTED",
    "KINDS",
    "MEASURE",
    "OPENED",
    "RESOLVED",
    "CaseCorrection",
    "case_from",
    "corrected",
    "evolve",
    "field_text",
    "measure_record",
    "opened_record",
    "program_entries",
    "replay",
    "resolved_record",
]
