"""The ledger: an append-only, hash-chained store of every record (issue 4, item 7).

``Ledger.open(path_or_url)`` opens (and by default creates) a ledger in a SQLite file or a
PostgreSQL database; ``append`` stores a record idempotently; ``verify`` checks the chain
and names every changed, removed, inserted or reordered record.
"""

from vanguard.ledger.errors import (
    LedgerBusyError,
    LedgerConflictError,
    LedgerCorruptError,
    LedgerError,
)
from vanguard.ledger.hashing import GENESIS, canonical_json
from vanguard.ledger.records import JSON, Entry
from vanguard.ledger.store import Ledger, OnAppend, Record
from vanguard.ledger.verification import Discrepancy, Verification

__all__ = [
    "GENESIS",
    "JSON",
    "Discrepancy",
    "Entry",
    "Ledger",
    "LedgerBusyError",
    "LedgerConflictError",
    "LedgerCorruptError",
    "LedgerError",
    "OnAppend",
    "Record",
    "Verification",
    "canonical_json",
]
