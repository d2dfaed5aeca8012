"""The ledger: an append-only, hash-chained store of every record (issue 4, item 7).

``Ledger.open(path_or_url)`` opens (and by default creates) a ledger in a SQLite file or a
PostgreSQL database; ``append`` stores a record idempotently; ``verify`` checks the chain
and names every changed, removed, inserted or reordered record.
"""

from typing import TYPE_CHECKING, Any

from vanguard.ledger.errors import (
    LedgerBusyError,
    LedgerConflictError,
    LedgerCorruptError,
    LedgerError,
)
from vanguard.ledger.hashing import GENESIS, canonical_json
from vanguard.ledger.records import JSON, Entry
from vanguard.ledger.verification import Discrepancy, Verification

if TYPE_CHECKING:
    from vanguard.ledger.store import Ledger, OnAppend, Record

_STORE_NAMES = ("Ledger", "OnAppend", "Record")


def __getattr__(name: str) -> Any:
    # The store needs SQLAlchemy, whose import costs a tenth of a second: load it only
    # when a ledger is actually used, so `import vanguard` and the CLI start quickly.
    if name in _STORE_NAMES:
        from vanguard.ledger import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
