"""Reading the ledger once per review step: a ledger whose reads are kept until it is written.

Publishing a bulletin or evaluating a year asks the ledger for the same records several
times (the reports to check there are any, then to compute from; the letters to compare
with the file, then to compute from; the versions already published, ...). On a
province-size ledger each such read decodes some 500,000 records. :class:`ReadOnce` stands
for the ledger during one step of a :class:`~vanguard.review.session.Review`: each kind of
record is read from the store once, and every later read of that kind is answered from
what was read, until something is written through it (then everything is read afresh).

It is meant for the length of one step, not longer: records another process appends
meanwhile are not seen until the next write or the next step (the same view a single
read transaction would give). The entries handed out share their payloads: the review
reads them and never changes them.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from vanguard.ledger import Entry, Ledger
    from vanguard.ledger.store import Record


class ReadOnce:
    """``ledger`` with its reads by kind kept until the next write through this object.

    Offers what the review steps use of :class:`~vanguard.ledger.Ledger`
    (:meth:`entries`, :meth:`get`, :meth:`append`, :meth:`append_many`,
    :attr:`location`); anything else is passed to the ledger itself.
    """

    def __init__(self, ledger: "Ledger") -> None:
        self._ledger = ledger
        self._read: dict[str | None, list[Entry]] = {}
        self.reads = 0
        """How many times the store itself was read (for tests and benchmarks)."""

    @property
    def ledger(self) -> "Ledger":
        """The ledger read and written."""
        return self._ledger

    @property
    def location(self) -> str:
        """Where the ledger lives."""
        return self._ledger.location

    def entries(self, kind: str | None = None) -> "list[Entry]":
        """Every entry in append order, or only those of ``kind``: as the ledger's
        :meth:`~vanguard.ledger.Ledger.entries`, read from the store at most once between
        writes (a new list each call; the entries themselves are shared)."""
        found = self._read.get(kind)
        if found is None:
            every = self._read.get(None)
            if every is not None:  # all kinds already read: pick, in the same order
                found = [entry for entry in every if entry.kind == kind]
            else:
                found = self._ledger.entries(kind)
                self.reads += 1
            self._read[kind] = found
        return list(found)

    def get(self, kind: str, key: str) -> "Entry | None":
        """The entry of record ``(kind, key)``, or None (from the kind's read when there is one)."""
        found = self._read.get(kind)
        if found is None:
            return self._ledger.get(kind, key)
        for entry in found:
            if entry.key == key:
                return entry
        return None

    def append(self, kind: str, key: str, payload: Any) -> "Entry":
        """Append one record (see :meth:`~vanguard.ledger.Ledger.append`); forgets every read."""
        self._read.clear()
        return self._ledger.append(kind, key, payload)

    def append_many(self, records: "Iterable[Record]") -> "list[Entry]":
        """Append records in one transaction (see
        :meth:`~vanguard.ledger.Ledger.append_many`); forgets every read."""
        self._read.clear()
        return self._ledger.append_many(records)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)


@contextmanager
def read_once(ledger: "Ledger") -> "Iterator[Ledger]":
    """``ledger`` as a :class:`ReadOnce` for the length of a ``with`` block, typed as the
    ledger it stands for (the review steps take a :class:`~vanguard.ledger.Ledger`)."""
    yield cast("Ledger", ReadOnce(ledger))


__all__ = ["ReadOnce", "read_once"]
