"""Checking a ledger's chain: every changed, removed, inserted or reordered record, named.

Each record's hash covers its number, kind, key, time, payload and the previous record's
hash (see :mod:`.hashing`). :func:`verify` recomputes every hash and follows every link:

- a record whose content no longer matches its hash was **changed** (edited by hand);
- a record whose hash matches only at another number was **reordered** (it was appended
  as that number); a record standing where a later-appended record began was **inserted**;
- a gap in the numbers means records were **removed**; so does a head row that names a
  record beyond the last one;
- a record whose predecessor's hash is nowhere in the ledger follows a record that was
  **changed** and re-hashed to hide it;
- a head hash kept elsewhere (``expected_head``) that is not in the chain means history up
  to it was rewritten (**head**).
"""

import math
from collections.abc import Sequence
from typing import Literal

import attrs

from vanguard.ledger.hashing import GENESIS, record_hash

Nature = Literal["changed", "removed", "inserted", "reordered", "head"]


@attrs.frozen
class StoredRecord:
    """A record's row exactly as stored (text fields, nothing decoded)."""

    seq: int
    kind: str
    key: str
    payload: str
    recorded_at: str
    prev_hash: str
    hash: str

    def hash_at(self, seq: int) -> str:
        """The hash this row would have if it had been appended as record ``seq``."""
        return record_hash(seq, self.kind, self.key, self.recorded_at, self.prev_hash, self.payload)


@attrs.frozen
class Discrepancy:
    """One thing wrong with the chain: its ``nature``, the record (``seq``, ``kind``,
    ``key``; None when the record is gone) and a sentence saying what was found."""

    nature: Nature
    seq: int | None
    kind: str | None
    key: str | None
    message: str

    def __str__(self) -> str:
        if self.seq is None:
            return f"{self.nature}: {self.message}"
        named = f" ({self.kind} {self.key!r})" if self.kind is not None else ""
        return f"record {self.seq}{named}: {self.nature}: {self.message}"


@attrs.frozen
class Verification:
    """The outcome of :meth:`vanguard.ledger.Ledger.verify`.

    ``ok`` is true when there is no discrepancy; ``head`` is the hash of the last record
    (64 zeros for an empty ledger); ``count`` the number of records; ``problems`` every
    discrepancy found, in record order.
    """

    head: str
    count: int
    problems: tuple[Discrepancy, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the chain is intact (and matches the expected head, if one was given)."""
        return not self.problems

    def lines(self) -> list[str]:
        """One line per discrepancy, for people."""
        return [str(problem) for problem in self.problems]


def verify(
    rows: Sequence[StoredRecord],
    head_seq: int,
    head_hash: str,
    expected_head: str | None = None,
) -> Verification:
    """Check ``rows`` (in ``seq`` order) against their hashes, each other and the head row."""
    found: list[Discrepancy] = []
    position = {row.hash: index for index, row in enumerate(rows)}
    origins = _origins(rows, head_hash)
    reported: set[int] = set()

    def report(nature: Nature, index: int, message: str) -> None:
        if index not in reported:
            reported.add(index)
            row = rows[index]
            found.append(Discrepancy(nature, row.seq, row.kind, row.key, message))

    # The head row names the last record appended through the ledger; rows after it were not.
    last_appended = position.get(head_hash) if rows and head_hash != rows[-1].hash else None
    for index, row in enumerate(rows):
        origin = origins[index]
        previous = rows[index - 1] if index else None
        previous_seq = previous.seq if previous else 0
        gap = row.seq > previous_seq + 1
        if gap:
            first, last = previous_seq + 1, row.seq - 1
            span = f"record {first} is" if first == last else f"records {first}..{last} are"
            found.append(
                Discrepancy(
                    "removed", row.seq, row.kind, row.key, f"{span} missing before this record"
                )
            )
        # a row the chain proves was appended as its own number has checked out already
        intact = origin == row.seq or row.hash_at(row.seq) == row.hash
        beyond_head = origin is None or origin > head_seq
        if last_appended is not None and index > last_appended and beyond_head:
            report(
                "inserted",
                index,
                f"it was added by hand after the last appended record ({rows[last_appended].seq})",
            )
        elif origin is not None and origin != row.seq:
            report("reordered", index, f"it was appended as record {origin}")
        elif index + 1 < len(rows) and origins[index + 1] == row.seq:
            report(
                "inserted",
                index,
                f"it stands where the record now numbered {rows[index + 1].seq} was appended",
            )
        elif not intact:
            report(
                "changed",
                index,
                "its content (kind, key, time or payload) no longer matches its hash",
            )
        expected_prev = previous.hash if previous else GENESIS
        unknown_prev = row.prev_hash != expected_prev and row.prev_hash not in position
        if unknown_prev and intact and not gap and previous is not None:
            # This record is genuine, so the one before it is what changed.
            report(
                "changed",
                index - 1,
                f"it was edited and re-hashed: record {row.seq} still holds its original hash",
            )
    _check_head(rows, head_seq, head_hash, position, found)
    if expected_head is not None and expected_head not in position and expected_head != GENESIS:
        found.append(
            Discrepancy(
                "head",
                None,
                None,
                None,
                f"the head hash kept elsewhere ({expected_head}) is not in the ledger: "
                "records up to it were changed or removed",
            )
        )
    last_hash = rows[-1].hash if rows else GENESIS
    found.sort(key=lambda problem: math.inf if problem.seq is None else problem.seq)
    return Verification(head=last_hash, count=len(rows), problems=tuple(found))


def _origins(rows: Sequence[StoredRecord], head_hash: str) -> list[int | None]:
    """The number each row was appended as, where the chain proves it, else None.

    Walks the links from the first record: the row whose ``prev_hash`` is the hash of the
    record appended as ``n`` was appended as ``n + 1``. When two rows claim the same
    predecessor (one was inserted), the one on the path back from the head row wins, then
    one whose hash checks out, then one the chain continues from.
    """
    children: dict[str, list[int]] = {}
    position: dict[str, int] = {}
    for index, row in enumerate(rows):
        children.setdefault(row.prev_hash, []).append(index)
        position[row.hash] = index
    to_head: set[int] = set()
    current_hash = head_hash
    while current_hash in position and position[current_hash] not in to_head:
        to_head.add(position[current_hash])
        current_hash = rows[position[current_hash]].prev_hash
    origins: list[int | None] = [None] * len(rows)
    visited: set[int] = set()
    current, number = GENESIS, 1
    while current in children:
        candidates = [i for i in children[current] if i not in visited]
        if not candidates:
            break
        # each candidate's hash is computed once (one candidate: the chain as appended)
        checks = {i: rows[i].hash_at(number) == rows[i].hash for i in candidates}
        index = max(
            candidates,
            key=lambda i: (i in to_head, checks[i], rows[i].hash in children, -i),
        )
        visited.add(index)
        row = rows[index]
        if checks[index]:
            origins[index] = number
        current, number = row.hash, number + 1
    return origins


def _check_head(
    rows: Sequence[StoredRecord],
    head_seq: int,
    head_hash: str,
    position: dict[str, int],
    found: list[Discrepancy],
) -> None:
    """Compare the head row with the last record: records removed from or added at the end."""
    last = rows[-1] if rows else None
    last_hash = last.hash if last else GENESIS
    if head_hash == last_hash:
        return
    if head_hash in position:
        return  # records after it are reported as inserted
    last_seq = last.seq if last else 0
    if head_seq > last_seq:
        first = last_seq + 1
        span = f"record {first} is" if first == head_seq else f"records {first}..{head_seq} are"
        found.append(
            Discrepancy("removed", None, None, None, f"{span} missing at the end of the ledger")
        )
    elif last is not None:
        found.append(
            Discrepancy(
                "changed",
                last.seq,
                last.kind,
                last.key,
                "the ledger's head row does not hold this record's hash",
            )
        )


__all__ = ["Discrepancy", "Nature", "StoredRecord", "Verification", "verify"]
