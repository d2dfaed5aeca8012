"""What can go wrong with a ledger, as errors the CLI reports without a traceback."""

from vanguard.problems import VanguardError


class LedgerError(VanguardError):
    """Base of every error the ledger raises on purpose (bad URL, bad record, missing ledger)."""


class LedgerConflictError(LedgerError):
    """A record with this kind and key is already in the ledger with a different payload.

    Appends are idempotent by ``(kind, key)``: a retry with the same payload returns the
    stored entry, but a different payload under the same key would rewrite history, so it
    is refused. ``kind`` and ``key`` name the record; ``seq`` is the stored record's number
    (None when the clash is between two records of one batch, before either is stored).
    """

    def __init__(self, kind: str, key: str, seq: int | None) -> None:
        self.kind = kind
        self.key = key
        self.seq = seq
        where = f"record {seq}" if seq is not None else "an earlier record of this batch"
        super().__init__(
            f"{kind} {key!r} is already in the ledger ({where}) with a different payload; "
            "records are never rewritten: append a new record (e.g. a revision) instead"
        )


class LedgerBusyError(LedgerError):
    """The ledger stayed locked by other writers longer than the caller was willing to wait.

    Nothing was written; the append can be retried as is (appends are idempotent).
    """


class LedgerCorruptError(LedgerError):
    """A stored record cannot be read back (e.g. its payload is no longer valid JSON).

    ``seq`` names the record; :meth:`vanguard.ledger.Ledger.verify` reports the same record
    as changed.
    """

    def __init__(self, seq: int, message: str) -> None:
        self.seq = seq
        super().__init__(f"record {seq}: {message}")


__all__ = [
    "LedgerBusyError",
    "LedgerConflictError",
    "LedgerCorruptError",
    "LedgerError",
]
