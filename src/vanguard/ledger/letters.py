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

This module is the one place that turns letters into records (:func:`letter_records`) and
records back into letters (:func:`recorded_letters`: the letters as the ledger held them
before a given record, which is what a published bulletin was computed from), and that
compares the two (:func:`letter_differences`).
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs
import cattrs

from vanguard.ledger.records import JSON, Entry, of_program
from vanguard.model.letter import Letter, Revision
from vanguard.model.program import Program

if TYPE_CHECKING:
    from vanguard.ledger.store import Ledger, Record

LETTER_SIGNED = "letter.signed"
LETTER_REVISED = "letter.revised"


def letter_records(program: Program, converter: cattrs.Converter) -> "list[Record]":
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
        records += _revision_records(program, letter, converter)
    return records


def _revision_records(
    program: Program, letter: Letter, converter: cattrs.Converter
) -> "list[Record]":
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
            signed = _plain(converter.unstructure(revision))
            assert isinstance(signed, dict)  # a revision unstructures to a table
            payload: Mapping[str, JSON] = {
                "program": program.id,
                "letter": letter.id,
                "task": pledge.task,
                "indicator": pledge.indicator,
                "previous": value,
                **signed,  # value, signed, reason (and any field a revision gains)
            }
            records.append((LETTER_REVISED, key, payload))
            value = revision.value
    return records


def record_letters(
    ledger: "Ledger", program: Program, converter: cattrs.Converter
) -> tuple[int, int]:
    """Append the letters and revisions of ``program`` not yet recorded, in one transaction.

    Returns ``(letters, revisions)``: how many records of each kind the ledger now holds for
    ``program``'s letters (recorded now or before).
    """
    records = letter_records(program, converter)
    ledger.append_many(records)
    signed = sum(1 for kind, _, _ in records if kind == LETTER_SIGNED)
    return signed, len(records) - signed


def recorded_letters(
    ledger: "Ledger",
    program: Program,
    converter: cattrs.Converter,
    before: int | None = None,
) -> tuple[Letter, ...]:
    """The letters of ``program`` as the ledger recorded them, each with the revisions
    recorded for it, counting only records numbered below ``before`` when given.

    Letters come in the order they were recorded; a pledge's revisions in the order they
    were signed. Empty when the ledger holds no letter of ``program`` (before ``before``).
    """
    entries = letter_entries(ledger, program, before)
    return letters_from_records(
        ((entry.kind, entry.key, entry.payload) for entry in entries), converter
    )


def letters_from_records(
    records: "Iterable[Record]", converter: cattrs.Converter
) -> tuple[Letter, ...]:
    """The letters that ``records`` (as :func:`letter_records` makes them, in record
    order) describe: the way back from records to letters."""
    signed: dict[str, Letter] = {}
    revisions: dict[tuple[str, str, str], list[Revision]] = {}
    for kind, _, payload in records:
        if kind == LETTER_SIGNED:
            letter = converter.structure(payload["letter"], Letter)
            signed[letter.id] = letter
        elif kind == LETTER_REVISED:
            fields = {name: item for name, item in payload.items() if name not in _PLACE}
            identity = (str(payload["letter"]), str(payload["task"]), str(payload["indicator"]))
            revisions.setdefault(identity, []).append(converter.structure(fields, Revision))
    # cast: the model's decorator hides from mypy that the classes are attrs classes
    return tuple(
        attrs.evolve(
            cast(Any, letter),
            pledges=tuple(
                attrs.evolve(
                    cast(Any, pledge),
                    revisions=tuple(
                        sorted(
                            revisions.get((letter.id, pledge.task, pledge.indicator), ()),
                            key=lambda revision: revision.signed,
                        )
                    ),
                )
                for pledge in letter.pledges
            ),
        )
        for letter in signed.values()
    )


_PLACE = ("program", "letter", "task", "indicator", "previous")
"""The fields of a revision record that place it (the rest are the revision itself)."""


@attrs.frozen
class LetterDifference:
    """One way the program file and the ledger disagree about a letter.

    ``nature`` is ``added`` (in the file, not yet recorded), ``missing`` (recorded, not in
    the file) or ``changed`` (recorded with other content); ``record`` is the ledger's
    ``kind key``; ``seq`` the record's number (None when only the file has it).
    """

    nature: Literal["added", "missing", "changed"]
    letter: str
    record: str
    message: str
    seq: int | None = None

    def __str__(self) -> str:
        return f"letter {self.letter}: {self.message}"


def letter_differences(
    ledger: "Ledger",
    program: Program,
    converter: cattrs.Converter,
    records: "Iterable[Record] | None" = None,
) -> tuple[LetterDifference, ...]:
    """Every difference between the letters and revisions of the program file and those
    the ledger holds for ``program``, each named (empty when they agree).

    ``records`` are the file's :func:`letter_records`, when the caller made them already.
    """
    stored = {(entry.kind, entry.key): entry for entry in letter_entries(ledger, program, None)}
    found: list[LetterDifference] = []
    in_file = set()
    if records is None:
        records = letter_records(program, converter)
    for kind, key, payload in records:
        in_file.add((kind, key))
        entry = stored.get((kind, key))
        what = _what(kind, payload)
        if entry is None:
            found.append(
                LetterDifference(
                    "added",
                    str(_letter_id(kind, payload)),
                    f"{kind} {key}",
                    f"{what}: in the file, not in the ledger (import the program to record it)",
                )
            )
            continue
        if kind == LETTER_SIGNED:  # name fields inside the letter, not the record
            changes = list(_changes(entry.payload.get("letter"), _json(payload)["letter"], ""))
        else:
            changes = list(_changes(entry.payload, _json(payload), ""))
        if changes:
            found.append(
                LetterDifference(
                    "changed",
                    str(_letter_id(kind, payload)),
                    f"{kind} {key}",
                    f"{what} differs from record {entry.seq}: " + "; ".join(changes),
                    entry.seq,
                )
            )
    for (kind, key), entry in stored.items():
        if (kind, key) not in in_file:
            found.append(
                LetterDifference(
                    "missing",
                    str(_letter_id(kind, entry.payload)),
                    f"{kind} {key}",
                    f"{_what(kind, entry.payload)}: recorded (record {entry.seq}), not in the file",
                    entry.seq,
                )
            )
    return tuple(found)


def letter_entries(ledger: "Ledger", program: Program, before: int | None) -> list[Entry]:
    """The letter and revision entries of ``program``, in record order."""
    kinds = (LETTER_SIGNED, LETTER_REVISED)
    return of_program(
        [entry for kind in kinds for entry in ledger.entries(kind)], kinds, program.id, before
    )


def _letter_id(kind: str, payload: Mapping[str, Any]) -> object:
    if kind == LETTER_SIGNED:
        letter = payload.get("letter")
        return letter.get("id") if isinstance(letter, Mapping) else None
    return payload.get("letter")


def _what(kind: str, payload: Mapping[str, Any]) -> str:
    if kind == LETTER_SIGNED:
        return "the letter as signed"
    return (
        f"the revision of {payload.get('task')}/{payload.get('indicator')} signed "
        f"{payload.get('signed')} ({_show(payload.get('previous'))} -> "
        f"{_show(payload.get('value'))})"
    )


def _changes(ledger: Any, file: Any, path: str) -> Iterator[str]:
    """``path: X in the ledger, Y in the file`` for each value that differs."""
    if isinstance(ledger, Mapping) and isinstance(file, Mapping):
        for name in sorted(set(ledger) | set(file)):
            yield from _changes(ledger.get(name), file.get(name), f"{path}.{name}".lstrip("."))
        return
    if isinstance(ledger, list) and isinstance(file, list):
        keyed_ledger, keyed_file = _keyed(ledger), _keyed(file)
        if keyed_ledger is not None and keyed_file is not None:
            for name in sorted(set(keyed_ledger) | set(keyed_file)):
                yield from _changes(keyed_ledger.get(name), keyed_file.get(name), f"{path}[{name}]")
            return
        if len(ledger) == len(file):
            for index, (left, right) in enumerate(zip(ledger, file, strict=True)):
                yield from _changes(left, right, f"{path}[{index}]")
            return
    if ledger != file:
        yield f"{path}: {_show(ledger)} in the ledger, {_show(file)} in the file"


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """Pledges by ``task/indicator`` (so a pledge is named, not numbered), else None."""
    if not all(
        isinstance(item, Mapping) and "task" in item and "indicator" in item for item in items
    ):
        return None
    return {f"{item['task']}/{item['indicator']}": item for item in items}


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, float):
        return f"{value:g}"
    return json.dumps(value, ensure_ascii=False)


def _json(payload: Mapping[str, Any]) -> Any:
    """``payload`` as the ledger gives it back (tuples as lists)."""
    return json.loads(json.dumps(payload))


def _plain(value: Any) -> JSON:
    """``value`` (unstructured model data) with dates as ISO strings: plain JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(name): _plain(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value  # type: ignore[no-any-return]  # a JSON scalar; the ledger checks it again


__all__ = [
    "LETTER_REVISED",
    "LETTER_SIGNED",
    "LetterDifference",
    "letter_differences",
    "letter_entries",
    "letter_records",
    "letters_from_records",
    "record_letters",
    "recorded_letters",
]
