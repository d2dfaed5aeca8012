"""The ledger against a plain list: any sequence of appends, retries, conflicting appends,
batches and reopenings leaves exactly the model's records, in the model's order, verified."""

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from vanguard.ledger import (
    GENESIS,
    JSON,
    Ledger,
    LedgerConflictError,
    LedgerError,
    canonical_json,
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
values: st.SearchStrategy[JSON] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
payloads = st.dictionaries(st.text(max_size=6), values, max_size=4)
kinds = st.sampled_from(["report", "bulletin", "evaluation", "letter.signed", "finding"])
keys = st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=10)

Record = tuple[str, str, dict[str, JSON]]


def as_stored(payload: dict[str, JSON]) -> JSON:
    """The payload as the ledger gives it back (one canonical JSON round trip)."""
    return json.loads(canonical_json(payload))  # type: ignore[no-any-return]  # JSON in, JSON out


class LedgerAgainstAList(RuleBasedStateMachine):
    """``self.model`` is what the ledger must hold: (kind, key, canonical payload) in order."""

    records = Bundle("records")

    def __init__(self, location: Callable[[], str]) -> None:
        super().__init__()
        self.url = location()
        self.ledger = Ledger.open(self.url)
        self.model: list[tuple[str, str, str]] = []

    def stored(self, kind: str, key: str) -> str | None:
        return next((p for k, c, p in self.model if (k, c) == (kind, key)), None)

    @rule(target=records, kind=kinds, key=keys, payload=payloads)
    def append(self, kind: str, key: str, payload: dict[str, JSON]) -> Record:
        before = self.stored(kind, key)
        if before is not None and before != canonical_json(payload):
            with pytest.raises(LedgerConflictError):
                self.ledger.append(kind, key, payload)
            return kind, key, json.loads(before)
        entry = self.ledger.append(kind, key, payload)
        if before is None:
            self.model.append((kind, key, canonical_json(payload)))
            assert entry.seq == len(self.model)
        assert entry.payload == as_stored(payload)
        return kind, key, payload

    @rule(record=records)
    def retry(self, record: Record) -> None:
        kind, key, payload = record
        entry = self.ledger.append(kind, key, payload)
        assert canonical_json(entry.payload) == self.stored(kind, key)

    @rule(record=records, extra=values)
    def conflict(self, record: Record, extra: JSON) -> None:
        kind, key, payload = record
        changed = {**payload, "\x00changed": extra}
        with pytest.raises(LedgerConflictError, match="different payload"):
            self.ledger.append(kind, key, changed)

    @rule(batch=st.lists(st.tuples(kinds, keys, payloads), max_size=4))
    def append_many(self, batch: list[Record]) -> None:
        expected = list(self.model)
        clash = False
        for kind, key, payload in batch:
            known = next((p for k, c, p in expected if (k, c) == (kind, key)), None)
            if known is None:
                expected.append((kind, key, canonical_json(payload)))
            elif known != canonical_json(payload):
                clash = True
        if clash:
            with pytest.raises(LedgerConflictError):
                self.ledger.append_many(batch)
        else:
            entries = self.ledger.append_many(batch)
            assert [(e.kind, e.key) for e in entries] == [(k, c) for k, c, _ in batch]
            self.model = expected

    @rule(record=records)
    def append_non_json(self, record: Record) -> None:
        kind, key, _ = record
        with pytest.raises(LedgerError, match="NaN"):
            self.ledger.append(kind, key + "!", {"bad": float("nan")})

    @rule()
    def reopen(self) -> None:
        self.ledger.close()
        self.ledger = Ledger.open(self.url, create=False)

    @invariant()
    def holds_the_model_in_order_and_verifies(self) -> None:
        entries = self.ledger.entries()
        assert [(e.kind, e.key, canonical_json(e.payload)) for e in entries] == self.model
        assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
        verification = self.ledger.verify()
        assert verification.ok, verification.lines()
        assert verification.count == len(self.model)
        assert self.ledger.head() == (entries[-1].hash if entries else GENESIS)
        assert verification.head == self.ledger.head()

    def teardown(self) -> None:
        self.ledger.close()


def test_sqlite_ledger_behaves_like_a_list() -> None:
    directories: list[str] = []

    def location() -> str:
        directories.append(tempfile.mkdtemp(prefix="vanguard-ledger-"))
        return str(Path(directories[-1]) / "ledger.sqlite")

    try:
        run_state_machine_as_test(
            lambda: LedgerAgainstAList(location),
            settings=settings(
                max_examples=40,
                stateful_step_count=25,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
    finally:
        for directory in directories:
            shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.postgres
def test_postgres_ledger_behaves_like_a_list(postgres_databases: Any) -> None:
    from sqlalchemy import create_engine

    urls: list[str] = []

    def location() -> str:
        # One database for the whole run; each example starts from empty tables (creating
        # a database per example would cost a checkpoint each).
        if not urls:
            urls.append(postgres_databases.create())
        else:
            engine = create_engine(urls[0])
            with engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS ledger_records, ledger_head")
            engine.dispose()
        return urls[0]

    run_state_machine_as_test(
        lambda: LedgerAgainstAList(location),
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
