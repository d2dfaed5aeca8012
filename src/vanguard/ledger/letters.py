"""Responsibility letters in the ledger: each letter as signed, and each later revision.

Record kinds and keys (``<program>`` is the program's id):

* ``letter.signed`` ``<program>/<letter>``: the letter as it was signed, with every pledge at
  its original value (revisions are separate records);
* ``letter.revised`` ``<program>/<letter>/<task>/<indicator>/<date>``: one revision of one
  pledge (``#2``, ``#3``, ... is appended for a second revision signed the same day), with
  the value before and after, the date and the reason.

Recording is idempotent, so a program's letters can be recorded every time it is imported.
A letter whose pledges changed in the program file without a signed revision is refused
with a :class:`~vanguard.ledger.LedgerConflictError` naming it: what was signed stays signed.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

import cattrs

from vanguard.ledger.records import JSON
from vanguard.ledger.store import Ledger, Record
from vanguard.model.letter import Letter
from vanguard.model.program import Program

LETTER_SIGNED = "letter.signed"
LETTER_REVISED = "letter.revised"


def letter_records(program: Program, converter: cattrs.Converter) -> list[Record]:
    """The records of every letter of ``program`` and of every revision, in file order.

    ``converter`` is the app's (``Vanguard().converter``), so letters are stored exactly as
    the program file spells them (dates as ``YYYY-MM-DD``).
    """
    records: list[Record] = []
    for letter in program.letters:
        as_signed = _plain(converter.unstructure(letter))
        assert isinstance(as_signed, dict)  # a letter unstructures to a table
        # Revisions are records of their own: the letter is stored as it was signed.
        if isinstance(as_signed.get("pledges"), list):
            as_signed["pledges"] = [
                {name: item for name, item in pledge.items() if name != "revisions"}
                for pledge in as_signed["pledges"]
            ]
        records.append(
            (
                LETTER_SIGNED,
                f"{program.id}/{letter.id}",
                {"program": program.id, "letter": as_signed},
            )
        )
        records += _revision_records(program, letter)
    return records


def _revision_records(program: Program, letter: Letter) -> list[Record]:
    records: list[Record] = []
    for pledge in letter.pledges:
        value = pledge.value
        same_day: dict[dt.date, int] = {}
        for revision in sorted(pledge.revisions, key=lambda r: r.signed):
            same_day[revision.signed] = same_day.get(revision.signed, 0) + 1
            count = same_day[revision.signed]
            suffix = f"#{count}" if count > 1 else ""
            key = (
                f"{program.id}/{letter.id}/{pledge.task}/{pledge.indicator}/"
                f"{revision.signed.isoformat()}{suffix}"
            )
            payload: Mapping[str, JSON] = {
                "program": program.id,
                "letter": letter.id,
                "task": pledge.task,
                "indicator": pledge.indicator,
                "previous": value,
                "value": revision.value,
                "signed": revision.signed.isoformat(),
                "reason": str(revision.reason),
            }
            records.append((LETTER_REVISED, key, payload))
            value = revision.value
    return records


def record_letters(
    ledger: Ledger, program: Program, converter: cattrs.Converter
) -> tuple[int, int]:
    """Append the letters and revisions of ``program`` not yet recorded, in one transaction.

    Returns ``(letters, revisions)``: how many records of each kind the ledger now holds for
    ``program``'s letters (recorded now or before).
    """
    records = letter_records(program, converter)
    ledger.append_many(records)
    signed = sum(1 for kind, _, _ in records if kind == LETTER_SIGNED)
    return signed, len(records) - signed


def _plain(value: Any) -> JSON:
    """``value`` (unstructured model data) with dates as ISO strings: plain JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(name): _plain(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value  # type: ignore[no-any-return]  # a JSON scalar; the ledger checks it again


__all__ = ["LETTER_REVISED", "LETTER_SIGNED", "letter_records", "record_letters"]
