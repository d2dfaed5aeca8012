"""``verify`` on its own, over many chains: every single hand edit is found and named.

These tests build chains in memory (no database) so Hypothesis can try many shapes: any
one record changed, removed, swapped with another, or a forged record inserted.
"""

import dataclasses

import attrs
from hypothesis import given
from hypothesis import strategies as st

from vanguard.ledger.hashing import GENESIS, record_hash
from vanguard.ledger.verification import StoredRecord, verify


@dataclasses.dataclass
class Chain:
    rows: list[StoredRecord]
    head_seq: int
    head_hash: str


def chain(size: int) -> Chain:
    rows: list[StoredRecord] = []
    previous = GENESIS
    for seq in range(1, size + 1):
        kind, key = ("report", f"post{seq % 3}/2006-{seq:02d}")
        payload = f'{{"value":{seq * 7}}}'
        at = f"2006-01-01T00:00:{seq % 60:02d}.000000+00:00"
        digest = record_hash(seq, kind, key, at, previous, payload)
        rows.append(StoredRecord(seq, kind, key, payload, at, previous, digest))
        previous = digest
    return Chain(rows, size, previous)


def _copy(row: StoredRecord, seq: int) -> StoredRecord:
    return attrs.evolve(row, seq=seq)


def check(c: Chain) -> list[tuple[str, int | None]]:
    verification = verify(c.rows, c.head_seq, c.head_hash)
    return [(p.nature, p.seq) for p in verification.problems]


sizes = st.integers(min_value=1, max_value=30)


@given(sizes)
def test_an_untouched_chain_verifies(size: int) -> None:
    c = chain(size)
    result = verify(c.rows, c.head_seq, c.head_hash, expected_head=c.rows[size // 2].hash)
    assert result.ok
    assert (result.count, result.head) == (size, c.head_hash)


@given(sizes, st.data())
def test_any_changed_record_is_named(size: int, data: st.DataObject) -> None:
    c = chain(size)
    i = data.draw(st.integers(0, size - 1))
    field = data.draw(st.sampled_from(["payload", "kind", "key", "recorded_at", "prev_hash"]))
    row = c.rows[i]
    values = {
        "payload": '{"value":-1}',
        "kind": "bulletin",
        "key": row.key + "x",
        "recorded_at": "2007-01-01T00:00:00.000000+00:00",
        "prev_hash": "1" * 64,
    }
    c.rows[i] = attrs.evolve(row, **{field: values[field]})
    assert ("changed", row.seq) in check(c)


@given(sizes, st.data())
def test_a_changed_and_rehashed_record_is_named(size: int, data: st.DataObject) -> None:
    c = chain(max(size, 2))
    i = data.draw(st.integers(0, len(c.rows) - 2))  # not the last: nothing would link to it
    row = c.rows[i]
    payload = '{"value":-1}'
    digest = record_hash(row.seq, row.kind, row.key, row.recorded_at, row.prev_hash, payload)
    c.rows[i] = StoredRecord(
        row.seq, row.kind, row.key, payload, row.recorded_at, row.prev_hash, digest
    )
    assert ("changed", row.seq) in check(c)


@given(sizes, st.data())
def test_any_removed_record_is_named_by_its_number(size: int, data: st.DataObject) -> None:
    c = chain(size)
    i = data.draw(st.integers(0, size - 1))
    removed = c.rows.pop(i)
    verification = verify(c.rows, c.head_seq, c.head_hash)
    assert not verification.ok
    [problem] = [p for p in verification.problems if p.nature == "removed"]
    assert f"record {removed.seq} " in problem.message


@given(st.integers(min_value=2, max_value=30), st.data())
def test_any_two_swapped_records_are_both_named(size: int, data: st.DataObject) -> None:
    c = chain(size)
    i = data.draw(st.integers(0, size - 2))
    j = data.draw(st.integers(i + 1, size - 1))
    a, b = c.rows[i], c.rows[j]
    c.rows[i], c.rows[j] = _copy(b, a.seq), _copy(a, b.seq)
    found = check(c)
    assert ("reordered", a.seq) in found
    assert ("reordered", b.seq) in found


@given(sizes, st.data())
def test_a_forged_record_inserted_anywhere_is_named(size: int, data: st.DataObject) -> None:
    c = chain(size)
    i = data.draw(st.integers(0, size))  # insert before rows[i]; size means at the end
    seq = i + 1
    previous = c.rows[i - 1].hash if i else GENESIS
    at = "2006-06-01T00:00:00.000000+00:00"
    digest = record_hash(seq, "report", "forged", at, previous, "{}")
    forged = StoredRecord(seq, "report", "forged", "{}", at, previous, digest)
    c.rows = [*c.rows[:i], forged, *(_copy(row, row.seq + 1) for row in c.rows[i:])]
    assert ("inserted", seq) in check(c)
