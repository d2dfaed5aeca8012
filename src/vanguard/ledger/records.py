"""Ledger records: what an entry is, and which kinds, keys and payloads are accepted.

A payload is plain JSON: objects with string keys, arrays, strings, finite numbers,
booleans and null. It is stored in one canonical encoding (see :mod:`.hashing`), so what
:meth:`Entry.payload` gives back is exactly what was hashed: tuples come back as lists and
mappings as dicts.
"""

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Literal, TypeAlias, Union

import attrs

from vanguard.ledger.errors import LedgerError

JSON: TypeAlias = Union[  # noqa: UP007 - a recursive alias needs the string form inside Union
    str, int, float, bool, Sequence["JSON"], Mapping[str, "JSON"], None
]
"""A JSON value as Python builds it (tuples are accepted and stored as arrays)."""

MAX_NAME_LENGTH = {"kind": 100, "key": 400}
"""Longest accepted kind and key, in characters (together they fit one PostgreSQL index
entry even in four-byte characters)."""
MAX_DEPTH = 64
"""Deepest accepted nesting of arrays and objects in a payload."""


@attrs.frozen
class Entry:
    """One record of the ledger, as stored.

    ``seq`` numbers records from 1 in append order; ``(kind, key)`` identifies the record
    (appending it again with the same payload returns this entry); ``payload`` is the decoded
    canonical JSON (a fresh copy: changing it changes nothing stored); ``recorded_at`` is
    when it was appended (UTC); ``prev_hash`` is the hash of record ``seq - 1`` (64 zeros
    for the first) and ``hash`` this record's own hash, which covers all the other fields.
    """

    seq: int
    kind: str
    key: str
    payload: dict[str, JSON]
    recorded_at: dt.datetime
    prev_hash: str
    hash: str


def of_program(
    entries: Iterable[Entry], kinds: Collection[str], program: str, before: int | None
) -> list[Entry]:
    """The entries of ``kinds`` whose payload names ``program`` (and numbered below
    ``before``, when given), in record order: how a program's register, study and other
    appended records are picked out of the ledger."""
    mine = [
        entry
        for entry in entries
        if entry.kind in kinds
        and entry.payload.get("program") == program
        and (before is None or entry.seq < before)
    ]
    return sorted(mine, key=lambda entry: entry.seq)


def check_name(what: Literal["kind", "key"], value: object) -> str:
    """``value`` if it is an acceptable kind or key, else a :class:`LedgerError` saying why.

    Names are non-empty strings of printable characters (no control characters, no
    leading or trailing spaces) of at most :data:`MAX_NAME_LENGTH` characters (100 for a
    kind, 400 for a key).
    """
    if not isinstance(value, str):
        raise LedgerError(f"a record's {what} must be a string, got {type(value).__name__}")
    if not value:
        raise LedgerError(f"a record's {what} must not be empty")
    longest = MAX_NAME_LENGTH[what]
    if len(value) > longest:
        raise LedgerError(
            f"a record's {what} must have at most {longest} characters, got {len(value)}"
        )
    if value != value.strip() or not value.isprintable() or not _encodable(value):
        raise LedgerError(
            f"a record's {what} {value!r} must not contain control characters "
            "or leading/trailing spaces"
        )
    return value


def check_payload(kind: str, key: str, payload: object) -> dict[str, JSON]:
    """``payload`` as a plain JSON object, or a :class:`LedgerError` naming the bad value.

    The error's message starts with the record (``kind 'key'``) and gives the path of the
    first bad value inside the payload, e.g. ``payload.scores[3]: NaN is not allowed``.
    """
    if not isinstance(payload, Mapping):
        raise LedgerError(
            f"{kind} {key!r}: the payload must be a JSON object (a mapping), "
            f"got {type(payload).__name__}"
        )
    plain = _plain(payload, "payload", 0, f"{kind} {key!r}")
    assert isinstance(plain, dict)  # a Mapping always becomes a dict
    return plain


def _encodable(text: str) -> bool:
    """Whether ``text`` can be stored as UTF-8 (lone surrogates cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain(value: object, path: str, depth: int, record: str) -> JSON:
    """A copy of ``value`` built from dict, list and JSON scalars only (or an error)."""
    if depth > MAX_DEPTH:
        raise LedgerError(f"{record}: {path}: nested deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if not _encodable(value):
            raise LedgerError(f"{record}: {path}: the string is not valid Unicode text")
        return str(value)
    if isinstance(value, int):
        return int(value)  # a bool is caught above; an int subclass (IntEnum) becomes plain
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LedgerError(f"{record}: {path}: {value!r} is not allowed (JSON has no NaN)")
        return float(value)
    if isinstance(value, Mapping):
        out: dict[str, JSON] = {}
        for name, item in value.items():
            if not isinstance(name, str) or not _encodable(name):
                raise LedgerError(f"{record}: {path}: object keys must be strings, got {name!r}")
            out[name] = _plain(item, f"{path}.{name}", depth + 1, record)
        return out
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{i}]", depth + 1, record) for i, item in enumerate(value)]
    raise LedgerError(
        f"{record}: {path}: {type(value).__name__} is not a JSON value "
        "(convert dates, decimals and model objects to strings or numbers first)"
    )


__all__ = [
    "JSON",
    "MAX_DEPTH",
    "MAX_NAME_LENGTH",
    "Entry",
    "check_name",
    "check_payload",
    "of_program",
]
