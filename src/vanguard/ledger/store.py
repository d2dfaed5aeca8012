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

import numpy as np
from sqlalchemy import Connection, Row, func, insert, inspect, select, text, update

from vanguard.ledger import schema
from vanguard.ledger.connection import BUSY_TIMEOUT_SECONDS, Location, connect, locate, run
from vanguard.ledger.errors import LedgerConflictError, LedgerCorruptError, LedgerError
from vanguard.ledger.hashing import FORMAT, GENESIS, canonical_json, record_hash
from vanguard.ledger.records import JSON, Entry, check_name, check_payload
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
        prepared = [_prepare(record, index) for index, record in enumerate(records)]
        if not prepared:
            return []
        outcome = self._run(lambda connection: _store(connection, prepared), writes=True)
        if self._on_append is not None:
            for entry, new in outcome:
                if new:
                    self._on_append(entry)
        return [entry for entry, _ in outcome]

    # --- reading ------------------------------------------------------------------------

    def entries(self, kind: str | None = None) -> list[Entry]:
        """Every entry in append order, or only those of ``kind``."""
        query = select(schema.records).order_by(schema.records.c.seq)
        if kind is not None:
            query = query.where(schema.records.c.kind == kind)
        rows = self._run(lambda connection: list(connection.execute(query)), writes=False)
        return [_entry(row) for row in rows]

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
            query = select(schema.records).order_by(schema.records.c.seq)
            rows = [StoredRecord(**row._asdict()) for row in connection.execute(query)]
            return rows, head_seq, head_hash

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


def _prepare(record: Record, index: int) -> tuple[str, str, str]:
    """``(kind, key, canonical payload JSON)`` of one record, or a LedgerError naming it."""
    try:
        kind, key, payload = record
    except (TypeError, ValueError):
        raise LedgerError(f"records[{index}]: a record is a (kind, key, payload) triple") from None
    check_name("kind", kind)
    check_name("key", key)
    return kind, key, canonical_json(check_payload(kind, key, payload))


def _store(
    connection: Connection, prepared: Sequence[tuple[str, str, str]]
) -> list[tuple[Entry, bool]]:
    """Store the records not yet there; one ``(entry, newly stored)`` pair per record."""
    query = select(schema.head).where(schema.head.c.id == 1)
    if connection.dialect.name == "postgresql":
        # Appenders queue here, so each one chains onto the head the previous one left.
        query = query.with_for_update()
    head = connection.execute(query).first()
    if head is None:
        raise LedgerError("the ledger's head row is missing: the ledger was damaged by hand")
    seq, prev_hash = int(head.seq), str(head.hash)
    stored = _stored_rows(connection, {(kind, key) for kind, key, _ in prepared})
    batch: dict[tuple[str, str], tuple[Entry, str]] = {}
    outcome: list[tuple[Entry, bool]] = []
    new_rows: list[dict[str, object]] = []
    for kind, key, payload_json in prepared:
        if (kind, key) in batch:
            entry, stored_json = batch[(kind, key)]
            if stored_json != payload_json:
                raise LedgerConflictError(kind, key, None)
            outcome.append((entry, False))
            continue
        existing = stored.get((kind, key))
        if existing is not None:
            if existing.payload != payload_json:
                raise LedgerConflictError(kind, key, int(existing.seq))
            entry = _entry(existing)
            batch[(kind, key)] = (entry, payload_json)
            outcome.append((entry, False))
            continue
        seq += 1
        recorded_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        row_hash = record_hash(seq, kind, key, recorded_at, prev_hash, payload_json)
        row = {
            "seq": seq,
            "kind": kind,
            "key": key,
            "payload": payload_json,
            "recorded_at": recorded_at,
            "prev_hash": prev_hash,
            "hash": row_hash,
        }
        new_rows.append(row)
        entry = _entry_from(row)
        batch[(kind, key)] = (entry, payload_json)
        outcome.append((entry, True))
        prev_hash = row_hash
    if new_rows:
        connection.execute(insert(schema.records), new_rows)
        connection.execute(
            update(schema.head).where(schema.head.c.id == 1).values(seq=seq, hash=prev_hash)
        )
    return outcome


def _stored_rows(
    connection: Connection, identities: set[tuple[str, str]]
) -> dict[tuple[str, str], Row[Any]]:
    """The stored rows among ``identities``, looked up a chunk of keys at a time."""
    keys_by_kind: dict[str, list[str]] = {}
    for kind, key in sorted(identities):
        keys_by_kind.setdefault(kind, []).append(key)
    found: dict[tuple[str, str], Row[Any]] = {}
    for kind, keys in keys_by_kind.items():
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            query = select(schema.records).where(
                schema.records.c.kind == kind, schema.records.c.key.in_(chunk)
            )
            for row in connection.execute(query):
                found[(row.kind, row.key)] = row
    return found


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
