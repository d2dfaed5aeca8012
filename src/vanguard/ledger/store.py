"""The ledger: an append-only, hash-chained store of every record a program produces.

Letters signed and revised, monthly reports, bulletins, evaluations and findings are all
appended here as ``(kind, key, payload)`` records. A record is never changed or removed by
the library; a correction is a new record. See :mod:`vanguard.ledger.connection` for how
writes are made safe under concurrency and crashes, and :mod:`.verification` for how
tampering is found.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
import numpy as np
from sqlalchemy import Connection, Row, func, insert, inspect, select, text, update

from vanguard.io.bulk import collector_paused
from vanguard.ledger import schema
from vanguard.ledger.connection import BUSY_TIMEOUT_SECONDS, Location, connect, locate, run
from vanguard.ledger.errors import LedgerConflictError, LedgerCorruptError, LedgerError
from vanguard.ledger.hashing import FORMAT, GENESIS, canonical_json, record_hash
from vanguard.ledger.records import JSON, MAX_DEPTH, Entry, check_name, check_payload
from vanguard.ledger.verification import StoredRecord, Verification, verify

OnAppend = Callable[[Entry], None]
"""Called once per newly stored entry, after its transaction committed."""

Record = tuple[str, str, Mapping[str, JSON]]
"""``(kind, key, payload)``: what :meth:`Ledger.append_many` takes."""

DEFAULT_PATIENCE = 60.0
"""Seconds a write keeps retrying a busy ledger before :class:`LedgerBusyError`."""

# Keys per lookup query: well under SQLite's limit of bound parameters.
_LOOKUP_CHUNK = 500

# Any constant works; it only has to be the same for every process creating the tables.
_CREATE_LOCK = 0x76616E6775617264  # "vanguard"


class Ledger:
    """An open ledger. Use :meth:`open`; close it (or use it as a context manager) when done.

    Every method is one transaction. A ``Ledger`` may be shared by the threads of one
    process; several processes may open the same ledger and append at once.
    """

    def __init__(
        self,
        location: Location,
        *,
        on_append: OnAppend | None = None,
        patience: float = DEFAULT_PATIENCE,
    ) -> None:
        """Prefer :meth:`open`, which also creates or checks the tables."""
        self._location = location
        # One attempt never waits longer than the caller's whole patience.
        self._engine = connect(location, min(BUSY_TIMEOUT_SECONDS, patience))
        self._on_append = on_append
        self._patience = patience
        self._rng = np.random.default_rng(np.random.SeedSequence())

    @classmethod
    def open(
        cls,
        url_or_path: "str | Path",
        *,
        create: bool = True,
        on_append: OnAppend | None = None,
        patience: float = DEFAULT_PATIENCE,
    ) -> "Ledger":
        """Open the ledger at a file path, ``sqlite:///path`` or ``postgresql://...`` URL.

        With ``create`` (the default) a missing ledger is created (concurrent creators are
        safe); without it, a missing ledger is a :class:`LedgerError`. ``on_append`` is
        called with each newly stored :class:`Entry` after its transaction committed (not
        for a retried append that stored nothing); if it raises, the record stays stored.
        ``patience`` is how many seconds a write keeps retrying a busy ledger.
        """
        location = locate(url_or_path)
        if not create and location.path is not None and not location.path.is_file():
            raise LedgerError(f"no ledger at {location}: create one with `vanguard ledger init`")
        ledger = cls(location, on_append=on_append, patience=patience)
        try:
            # Only a missing ledger takes the write lock: opening never waits for writers.
            if create and not ledger._run(_is_created, writes=False):
                ledger._run(ledger._create, writes=True)
            ledger._run(_read_head, writes=False)
        except BaseException:
            ledger.close()
            raise
        return ledger

    @property
    def location(self) -> str:
        """Where the ledger lives (a path, or a URL with any password hidden)."""
        return str(self._location)

    def close(self) -> None:
        """Release the ledger's database connections."""
        self._engine.dispose()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.location!r})"

    # --- writing ------------------------------------------------------------------------

    def append(self, kind: str, key: str, payload: Mapping[str, JSON]) -> Entry:
        """Append one record and return its entry, or the stored entry if already there.

        Idempotent by ``(kind, key)``: appending the same record again (same canonical
        payload) stores nothing and returns the existing entry; the same key with a
        different payload raises :class:`LedgerConflictError`. When this returns, the
        record is durable.
        """
        return self.append_many([(kind, key, payload)])[0]

    def append_many(self, records: Iterable[Record]) -> list[Entry]:
        """Append several records in one transaction: all of them are stored, or none.

        Returns one entry per record, in order (existing entries for records already
        there). A conflict on any record (see :meth:`append`) stores nothing.
        """
        return self._append(records, keep=True)[0]

    def append_all(self, records: Iterable[Record]) -> int:
        """Append like :meth:`append_many` (one transaction, all or none, idempotent), and
        return how many records were newly stored.

        For large batches (a province's year of reports): ``records`` may be a generator,
        each record's payload is checked and encoded as it comes, and no entry is kept per
        record (``on_append`` is still called for each new one, after the commit).
        """
        return self._append(records, keep=False)[1]

    def _append(self, records: Iterable[Record], *, keep: bool) -> tuple[list[Entry], int]:
        notify = self._on_append is not None
        with collector_paused():  # a record or two per row, none in a cycle
            kinds: set[str] = set()  # the kinds this batch already found acceptable
            prepared = [_prepare(record, index, kinds) for index, record in enumerate(records)]
            if not prepared:
                return [], 0
            outcome: _Outcome = self._run(
                lambda connection: _store(connection, prepared, keep=keep, new_entries=notify),
                writes=True,
            )
        if self._on_append is not None:
            for entry in outcome.new:
                self._on_append(entry)
        return outcome.entries, outcome.count

    # --- reading ------------------------------------------------------------------------

    def entries(self, kind: str | None = None) -> list[Entry]:
        """Every entry in append order, or only those of ``kind``."""
        query = select(schema.records).order_by(schema.records.c.seq)
        if kind is not None:
            query = query.where(schema.records.c.kind == kind)
        rows = self._run(lambda connection: list(connection.execute(query)), writes=False)
        with collector_paused():
            return [_entry(row) for row in rows]

    def payloads(
        self,
        kind: str,
        *,
        before: int | None = None,
        prefix: str | None = None,
        limit: int | None = None,
    ) -> list[tuple[int, dict[str, JSON]]]:
        """``(seq, payload)`` of every record of ``kind`` in append order: only those
        numbered below ``before`` and whose key starts with ``prefix``, when given, and at
        most the first ``limit`` of them.

        What :meth:`entries` gives, without building an entry (and reading its time and
        hashes) per record: a program's year of reports is read this way to be reviewed.
        """
        columns = schema.records.c
        query = select(columns.seq, columns.payload).where(columns.kind == kind)
        if before is not None:
            query = query.where(columns.seq < before)
        if prefix is not None:  # exact on every backend (LIKE ignores case on SQLite)
            query = query.where(func.substr(columns.key, 1, len(prefix)) == prefix)
        query = query.order_by(columns.seq)
        if limit is not None:
            query = query.limit(limit)

        def read(connection: Connection) -> list[tuple[int, str]]:
            return [(int(seq), str(payload)) for seq, payload in connection.execute(query)]

        with collector_paused():
            return [(seq, _decoded(seq, payload)) for seq, payload in self._run(read, writes=False)]

    def get(self, kind: str, key: str) -> Entry | None:
        """The entry of record ``(kind, key)``, or None if there is none."""
        query = select(schema.records).where(
            schema.records.c.kind == kind, schema.records.c.key == key
        )
        row = self._run(lambda connection: connection.execute(query).first(), writes=False)
        return None if row is None else _entry(row)

    def head(self) -> str:
        """The hash of the last record (64 zeros when empty): keep it elsewhere to check later.

        Because every hash covers the one before, a head kept today proves every record up
        to it tomorrow: :meth:`verify` with ``expected_head`` fails if any of them changed.
        """
        return str(self._run(_read_head, writes=False)[1])

    def __len__(self) -> int:
        """How many records the ledger holds."""
        query = select(func.count()).select_from(schema.records)
        return int(
            self._run(lambda connection: connection.execute(query).scalar_one(), writes=False)
        )

    def verify(self, expected_head: str | None = None) -> Verification:
        """Recompute every hash and follow every link; report every discrepancy, named.

        ``expected_head`` is a head hash kept elsewhere: the check also fails if it is not
        the hash of a record in the chain. See :mod:`vanguard.ledger.verification`.
        """

        def read(connection: Connection) -> tuple[list[StoredRecord], int, str]:
            head_seq, head_hash = _read_head(connection)
            columns = [schema.records.c[name] for name in attrs.fields_dict(StoredRecord)]
            query = select(*columns).order_by(schema.records.c.seq)
            rows = [StoredRecord(*row) for row in connection.execute(query)]
            return rows, head_seq, head_hash

        with collector_paused():  # a row object per record
            rows, head_seq, head_hash = self._run(read, writes=False)
            return verify(rows, head_seq, head_hash, expected_head)

    # --- plumbing -----------------------------------------------------------------------

    def _run(self, work: Callable[[Connection], Any], *, writes: bool) -> Any:
        return run(
            self._engine,
            self._location,
            work,
            writes=writes,
            patience=self._patience,
            rng=self._rng,
        )

    def _create(self, connection: Connection) -> None:
        """Create the tables and the head row unless another process already did."""
        if connection.dialect.name == "postgresql":
            # DDL is transactional on PostgreSQL: one creator at a time, the others wait.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CREATE_LOCK})
        schema.metadata.create_all(connection)
        if connection.execute(select(schema.head.c.id)).first() is None:
            connection.execute(insert(schema.head).values(id=1, format=FORMAT, seq=0, hash=GENESIS))


def _is_created(connection: Connection) -> bool:
    return inspect(connection).has_table(schema.head.name)


def _read_head(connection: Connection) -> tuple[int, str]:
    """The head row's ``(seq, hash)``; a :class:`LedgerError` if this is not a ledger."""
    if not inspect(connection).has_table(schema.head.name):
        raise LedgerError(
            f"{connection.engine.url.render_as_string(hide_password=True)} is not a vanguard "
            "ledger (no ledger_head table): create one with `vanguard ledger init`"
        )
    row = connection.execute(select(schema.head)).first()
    if row is None:
        raise LedgerError("the ledger's head row is missing: the ledger was damaged by hand")
    if row.format != FORMAT:
        raise LedgerError(
            f"the ledger is in format {row.format!r}; this version of vanguard reads {FORMAT!r}"
        )
    return int(row.seq), str(row.hash)


@attrs.frozen
class _Prepared:
    """One record to store: its identity, canonical payload JSON and, for a flat payload,
    the plain copy its entry gives back (else None: its entry decodes the text)."""

    kind: str
    key: str
    text: str
    plain: dict[str, JSON] | None


def _prepare(record: Record, index: int, kinds: set[str] | None = None) -> _Prepared:
    """The canonical form of one record, or a LedgerError naming it (``kinds``: kinds
    already checked in this batch, which this adds to).

    A payload made only of dicts, lists and exact JSON scalars (what the library itself
    records) is encoded directly; anything else, and anything the encoder refuses (NaN, a
    lone surrogate), goes through :func:`check_payload`, which converts what it may and
    names the first bad value: the same outcome, without building a checked copy of every
    report.
    """
    try:
        kind, key, payload = record
    except (TypeError, ValueError):
        raise LedgerError(f"records[{index}]: a record is a (kind, key, payload) triple") from None
    if kinds is None or type(kind) is not str or kind not in kinds:
        check_name("kind", kind)
        if kinds is not None and type(kind) is str:
            kinds.add(kind)
    check_name("key", key)
    shape = _shape(payload, 0) if type(payload) is dict else _NOT_PLAIN
    if shape != _NOT_PLAIN:
        try:
            text = canonical_json(payload)
            text.encode()  # a lone surrogate cannot be stored
        except (ValueError, UnicodeEncodeError):
            pass  # NaN or infinity, a lone surrogate: check_payload names it
        else:
            assert isinstance(payload, dict)
            plain = dict(sorted(payload.items())) if shape == _FLAT else None
            return _Prepared(kind, key, text, plain)
    return _Prepared(kind, key, canonical_json(check_payload(kind, key, payload)), None)


_NOT_PLAIN, _FLAT, _NESTED = 0, 1, 2


def _shape(value: object, depth: int) -> int:
    """Whether ``value`` (a dict or list) holds only exact JSON types with string keys:
    ``_FLAT`` (scalars only), ``_NESTED``, or ``_NOT_PLAIN`` (let check_payload decide:
    other types, non-string keys, or nesting near :data:`MAX_DEPTH`)."""
    if depth >= MAX_DEPTH - 1:
        return _NOT_PLAIN
    shape = _FLAT
    if type(value) is dict:
        for name, item in value.items():
            if type(name) is not str:
                return _NOT_PLAIN
            kind = type(item)
            if kind is str or kind is int or kind is float or kind is bool or item is None:
                continue
            if _shape(item, depth + 1) == _NOT_PLAIN:
                return _NOT_PLAIN
            shape = _NESTED
        return shape
    if type(value) is not list:
        return _NOT_PLAIN
    for item in value:
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            continue
        if _shape(item, depth + 1) == _NOT_PLAIN:
            return _NOT_PLAIN
        shape = _NESTED
    return shape


# New rows are inserted this many at a time (within the one transaction): a batch of a
# million records never needs a million parameter dicts at once.
_INSERT_CHUNK = 5000


@attrs.frozen
class _Outcome:
    """What :func:`_store` did: the entries asked for, the new ones, how many are new."""

    entries: list[Entry]
    new: list[Entry]
    count: int


def _store(
    connection: Connection,
    prepared: Sequence[_Prepared],
    *,
    keep: bool = True,
    new_entries: bool = True,
) -> _Outcome:
    """Store the records not yet there. With ``keep``, one entry per record (in order);
    with ``new_entries``, the entries of the newly stored records (for ``on_append``)."""
    query = select(schema.head).where(schema.head.c.id == 1)
    if connection.dialect.name == "postgresql":
        # Appenders queue here, so each one chains onto the head the previous one left.
        query = query.with_for_update()
    head = connection.execute(query).first()
    if head is None:
        raise LedgerError("the ledger's head row is missing: the ledger was damaged by hand")
    seq, prev_hash = int(head.seq), str(head.hash)
    # an empty table holds none of them (the first import of a program's year)
    empty = connection.execute(select(schema.records.c.seq).limit(1)).first() is None
    stored = {} if empty else _stored_rows(connection, {(item.kind, item.key) for item in prepared})
    # the canonical payload of each record met in this batch, and its entry when kept
    batch: dict[tuple[str, str], tuple[str, Entry | None]] = {}
    entries: list[Entry] = []
    new: list[Entry] = []
    count = 0
    pending: list[_Row] = []
    for item in prepared:
        identity = (item.kind, item.key)
        known = batch.get(identity)
        if known is not None:
            if known[0] != item.text:
                raise LedgerConflictError(item.kind, item.key, None)
            if keep:
                assert known[1] is not None
                entries.append(known[1])
            continue
        existing = stored.get(identity)
        if existing is not None:
            if existing.payload != item.text:
                raise LedgerConflictError(item.kind, item.key, int(existing.seq))
            entry = _entry(existing) if keep else None
            batch[identity] = (item.text, entry)
            if entry is not None:
                entries.append(entry)
            continue
        seq += 1
        count += 1
        now = dt.datetime.now(dt.UTC)
        recorded_at = now.isoformat(timespec="microseconds")
        row_hash = record_hash(seq, item.kind, item.key, recorded_at, prev_hash, item.text)
        pending.append((seq, item.kind, item.key, item.text, recorded_at, prev_hash, row_hash))
        if len(pending) >= _INSERT_CHUNK:
            _insert(connection, pending)
            pending = []
        entry = None
        if keep or new_entries:
            entry = Entry(
                seq=seq,
                kind=item.kind,
                key=item.key,
                payload=_payload_of(item, seq),
                recorded_at=now,
                prev_hash=prev_hash,
                hash=row_hash,
            )
            if keep:
                entries.append(entry)
            if new_entries:
                new.append(entry)
        batch[identity] = (item.text, entry)
        prev_hash = row_hash
    if pending:
        _insert(connection, pending)
    if count:
        connection.execute(
            update(schema.head).where(schema.head.c.id == 1).values(seq=seq, hash=prev_hash)
        )
    return _Outcome(entries, new, count)


_Row = tuple[int, str, str, str, str, str, str]
"""A new row: the values of :data:`_COLUMNS`, in that order."""

_COLUMNS = ("seq", "kind", "key", "payload", "recorded_at", "prev_hash", "hash")


def _insert(connection: Connection, rows: list[_Row]) -> None:
    """Insert new rows in one ``executemany``.

    On SQLite the statement goes to the driver as it is, with the rows as tuples: building
    and processing a parameter dict per row through SQLAlchemy's compiled insert took a
    fifth of an import. Other databases get SQLAlchemy's insert.
    """
    if connection.dialect.paramstyle == "qmark":
        connection.exec_driver_sql(_QMARK_INSERT, rows)
    else:
        connection.execute(
            insert(schema.records), [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
        )


_QMARK_INSERT = (
    f"INSERT INTO {schema.records.name} ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)


def _payload_of(item: _Prepared, seq: int) -> dict[str, JSON]:
    """The payload a new entry gives back: a fresh copy, as decoding what is stored gives."""
    if item.plain is not None:
        return item.plain  # made for this record alone (see _prepare)
    payload = json.loads(item.text)
    if not isinstance(payload, dict):  # pragma: no cover - a checked payload is an object
        raise LedgerCorruptError(seq, "its payload is no longer a JSON object")
    return payload


def _stored_rows(
    connection: Connection, identities: set[tuple[str, str]]
) -> dict[tuple[str, str], Row[Any]]:
    """The stored rows among ``identities``, looked up a chunk of keys at a time."""
    keys_by_kind: dict[str, list[str]] = {}
    for kind, key in identities:
        keys_by_kind.setdefault(kind, []).append(key)
    found: dict[tuple[str, str], Row[Any]] = {}
    qmark = connection.dialect.paramstyle == "qmark"
    for kind, keys in keys_by_kind.items():
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            if qmark:  # SQLite: the statement as it is (compiling one per chunk cost more)
                statement = (
                    f"SELECT {', '.join(_COLUMNS)} FROM {schema.records.name} "
                    f"WHERE kind = ? AND key IN ({', '.join('?' for _ in chunk)})"
                )
                rows = connection.exec_driver_sql(statement, (kind, *chunk))
            else:
                rows = connection.execute(
                    select(schema.records).where(
                        schema.records.c.kind == kind, schema.records.c.key.in_(chunk)
                    )
                )
            for row in rows:
                found[(row.kind, row.key)] = row
    return found


def _decoded(seq: int, payload: str) -> dict[str, JSON]:
    """A stored payload decoded, or LedgerCorruptError naming record ``seq``."""
    try:
        value = json.loads(payload)
    except ValueError as error:
        raise LedgerCorruptError(seq, f"cannot be read back ({error})") from None
    if not isinstance(value, dict):
        raise LedgerCorruptError(seq, "its payload is no longer a JSON object")
    return value


def _entry(row: Row[Any]) -> Entry:
    return _entry_from(row._asdict())


def _entry_from(row: Mapping[str, Any]) -> Entry:
    seq = int(row["seq"])
    try:
        payload = json.loads(row["payload"])
        recorded_at = dt.datetime.fromisoformat(row["recorded_at"])
    except ValueError as error:
        raise LedgerCorruptError(seq, f"cannot be read back ({error})") from None
    if not isinstance(payload, dict):
        raise LedgerCorruptError(seq, "its payload is no longer a JSON object")
    return Entry(
        seq=seq,
        kind=str(row["kind"]),
        key=str(row["key"]),
        payload=payload,
        recorded_at=recorded_at,
        prev_hash=str(row["prev_hash"]),
        hash=str(row["hash"]),
    )


__all__ = ["DEFAULT_PATIENCE", "Ledger", "OnAppend", "Record"]
