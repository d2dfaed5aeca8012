"""The ledger's quick ways agree with the plain ones they replace.

Appending a batch checks and encodes each payload directly when it is made of exact JSON
types, writes the header of each hash field by field, and inserts new rows a chunk at a
time; these tests feed the quick and the plain way the same input and ask for the same
outcome (text stored, hash, error), and a batch stored in one go, record by record, or in
two halves for the same ledger records and a chain that verifies.
"""

import hashlib
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard.ledger import Ledger, LedgerConflictError, LedgerError, store
from vanguard.ledger.hashing import FORMAT, canonical_json, record_hash
from vanguard.ledger.records import MAX_DEPTH, check_payload


def reference_hash(
    seq: int, kind: str, key: str, recorded_at: str, prev_hash: str, payload_json: str
) -> str:
    """The hash as the ledger's format defines it: the header through canonical_json."""
    header = canonical_json(
        {
            "hash_of_previous": prev_hash,
            "key": key,
            "kind": kind,
            "recorded_at": recorded_at,
            "seq": seq,
        }
    )
    digest = hashlib.sha256(f"{FORMAT}\n{header}\n".encode())
    digest.update(payload_json.encode("utf-8"))
    return digest.hexdigest()


@given(
    seq=st.integers(min_value=1, max_value=2**62),
    kind=st.text(min_size=1),
    key=st.text(min_size=1),
    recorded_at=st.text(),
    prev_hash=st.text(),
    payload=st.text(),
)
def test_the_header_written_field_by_field_hashes_as_canonical_json_does(
    seq: int, kind: str, key: str, recorded_at: str, prev_hash: str, payload: str
) -> None:
    expected = reference_hash(seq, kind, key, recorded_at, prev_hash, payload)
    assert record_hash(seq, kind, key, recorded_at, prev_hash, payload) == expected
    assert record_hash(seq, kind, key, recorded_at, prev_hash, payload.encode()) == expected


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: both ways must refuse them
    | st.text()
    | st.characters(categories=["Cs"])  # lone surrogates: cannot be stored
)
keys = st.text(max_size=5) | st.integers(-3, 3) | st.characters(categories=["Cs"])


def values(depth: int) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.lists(inner, max_size=3).map(tuple)
            | st.dictionaries(keys, inner, max_size=3)
        ),
        max_leaves=depth,
    )


def deep(levels: int) -> dict[str, Any]:
    payload: dict[str, Any] = {"leaf": 1}
    for _ in range(levels):
        payload = {"x": payload}
    return payload


def plain_way(kind: str, key: str, payload: object) -> str:
    """What the ledger stored before the quick way: a checked copy, then encoded."""
    return canonical_json(check_payload(kind, key, payload))


@settings(max_examples=400)
@given(payload=st.dictionaries(keys, values(12), max_size=5))
def test_the_quick_payload_check_stores_what_the_checked_copy_stores(payload: Any) -> None:
    try:
        expected: str | None = plain_way("report", "k", payload)
        expected.encode()
    except (LedgerError, UnicodeEncodeError):
        expected = None
    try:
        prepared = store._prepare(("report", "k", payload), 0)
    except LedgerError:
        assert expected is None
        return
    assert prepared.text == expected
    if prepared.plain is not None:  # the entry's payload: as decoding the stored text gives
        decoded = json.loads(prepared.text)
        assert prepared.plain == decoded
        assert list(prepared.plain) == list(decoded)


@pytest.mark.parametrize("levels", [MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_nesting_near_the_limit_is_judged_as_the_checked_copy_judges_it(levels: int) -> None:
    payload = deep(levels)
    try:
        expected: str | None = plain_way("report", "k", payload)
    except LedgerError:
        expected = None
    if expected is None:
        with pytest.raises(LedgerError, match="nested deeper"):
            store._prepare(("report", "k", payload), 0)
    else:
        assert store._prepare(("report", "k", payload), 0).text == expected


def test_a_bad_value_is_still_named_by_its_path(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(LedgerError, match=r"payload\.scores\[1\]: nan is not allowed"):
            ledger.append_many([("report", "a", {"v": 1}), ("x", "b", {"scores": [1, math.nan]})])
        with pytest.raises(LedgerError, match=r"payload\.name: the string is not valid Unicode"):
            ledger.append("report", "c", {"name": "\ud800"})
        with pytest.raises(LedgerError, match="object keys must be strings"):
            ledger.append("report", "d", {1: "one"})
        assert len(ledger) == 0


def batch(count: int) -> list[tuple[str, str, dict[str, Any]]]:
    """Records of several kinds and shapes (flat, nested, with tuples)."""
    records: list[tuple[str, str, dict[str, Any]]] = []
    for i in range(count):
        if i % 5 == 4:
            payload: dict[str, Any] = {"lines": [{"i": i, "v": i / 7}], "tags": ("a", "b")}
            records.append(("bulletin", f"p/{i}", payload))
        else:
            records.append(
                ("report", f"p/post-{i % 7}/{i}", {"value": i * 0.5, "late": i % 3 == 0})
            )
    return records


def stored(ledger: Ledger) -> list[tuple[int, str, str, Any]]:
    return [(e.seq, e.kind, e.key, e.payload) for e in ledger.entries()]


@pytest.mark.parametrize("chunk", [1, 7, 5000])
def test_one_batch_record_by_record_or_in_halves_gives_the_same_records(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(store, "_INSERT_CHUNK", chunk)
    records = batch(40)
    outcomes = []
    for way in ("whole", "one by one", "halves"):
        with Ledger.open(tmp_path / f"{way}.sqlite") as ledger:
            if way == "whole":
                entries = ledger.append_many(records)
            elif way == "one by one":
                entries = [ledger.append(*record) for record in records]
            else:
                entries = ledger.append_many(records[:17]) + ledger.append_many(records[17:])
            assert ledger.verify().ok
            assert entries == ledger.entries()  # what was returned is what is stored
            assert [list(e.payload) for e in entries] == [list(e.payload) for e in ledger.entries()]
            # a retry of the whole batch stores nothing and returns the stored entries
            assert ledger.append_many(records) == entries
            assert ledger.append_all(iter(records)) == 0
            outcomes.append(stored(ledger))
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_append_all_counts_what_is_new_and_announces_each(tmp_path: Any) -> None:
    announced: list[Any] = []
    with Ledger.open(tmp_path / "l.sqlite", on_append=announced.append) as ledger:
        records = batch(12)
        assert ledger.append_all(iter(records[:5])) == 5
        assert ledger.append_all(iter(records)) == 7
        assert announced == ledger.entries()
        assert ledger.verify().ok


def test_a_conflict_after_chunks_were_inserted_stores_nothing(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "_INSERT_CHUNK", 3)
    with Ledger.open(ledger_url) as ledger:
        ledger.append("report", "p/post-0/0", {"value": 0.0, "late": True})
        head = ledger.head()
        records = batch(20)
        records.append(("report", "p/post-0/0", {"value": 99.0, "late": True}))  # last: conflict
        with pytest.raises(LedgerConflictError):
            ledger.append_all(iter(records))
        assert len(ledger) == 1
        assert ledger.head() == head
        assert ledger.verify().ok


def test_payloads_are_the_entries_payloads_by_kind_number_and_key_prefix(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.append_many(batch(30))
        ledger.append("report", "P/upper", {"value": 1})  # a prefix is matched exactly
        ledger.append("report", "p%/like", {"value": 2})
        for kind in ("report", "bulletin", "none"):
            for before in (None, 1, 17, 100):
                for prefix in (None, "p/", "p/post-3/", "P/", "p%", ""):
                    expected = [
                        (entry.seq, entry.payload)
                        for entry in ledger.entries(kind)
                        if (before is None or entry.seq < before)
                        and (prefix is None or entry.key.startswith(prefix))
                    ]
                    assert ledger.payloads(kind, before=before, prefix=prefix) == expected


def test_payloads_with_a_limit_are_the_first_of_the_whole_read(tmp_path: Any) -> None:
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        ledger.append_all(("report", f"p/{i}", {"program": "p", "i": i}) for i in range(7))
        whole = ledger.payloads("report", prefix="p/")
        assert len(whole) == 7
        assert ledger.payloads("report", prefix="p/", limit=1) == whole[:1]
        assert ledger.payloads("report", prefix="p/", limit=3) == whole[:3]
        assert ledger.payloads("report", prefix="q/", limit=1) == []
