"""The ledger's contract on every backend: idempotent appends, batches, order, lookups."""

import datetime as dt
import math

import pytest

from vanguard.ledger import GENESIS, Entry, Ledger, LedgerConflictError, LedgerError


def test_append_returns_the_stored_entry_chained_to_the_one_before(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        first = ledger.append("report", "duanzhou/2006-01", {"rural.trained": 812, "late": False})
        second = ledger.append("report", "dinghu/2006-01", {"rural.trained": 640.5})
        assert (first.seq, second.seq) == (1, 2)
        assert first.prev_hash == GENESIS
        assert second.prev_hash == first.hash
        assert ledger.head() == second.hash
        assert first.payload == {"rural.trained": 812, "late": False}
        assert first.recorded_at.tzinfo is not None
        assert first.recorded_at <= dt.datetime.now(dt.UTC)
        assert ledger.entries() == [first, second]
        assert ledger.get("report", "dinghu/2006-01") == second
        assert ledger.get("report", "nowhere") is None
        assert len(ledger) == 2


def test_a_retried_append_stores_nothing_new(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        entry = ledger.append("bulletin", "2006Q1", {"ranking": ["sihui", "duanzhou"], "n": 2})
        # Same payload written in another key order: the same canonical record.
        again = ledger.append("bulletin", "2006Q1", {"n": 2, "ranking": ("sihui", "duanzhou")})
        assert again == entry
        assert len(ledger) == 1
        assert ledger.head() == entry.hash


def test_the_same_key_with_another_payload_is_a_conflict_naming_the_key(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.append("evaluation", "2006", {"grade": "excellent"})
        with pytest.raises(LedgerConflictError, match=r"evaluation '2006'.*record 1") as caught:
            ledger.append("evaluation", "2006", {"grade": "good"})
        assert (caught.value.kind, caught.value.key, caught.value.seq) == ("evaluation", "2006", 1)
        assert [e.payload for e in ledger.entries()] == [{"grade": "excellent"}]


def test_the_same_key_of_another_kind_is_another_record(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.append("letter.signed", "sihui/2006", {"value": 1})
        ledger.append("letter.revised", "sihui/2006", {"value": 2})
        assert [e.kind for e in ledger.entries()] == ["letter.signed", "letter.revised"]
        assert [e.key for e in ledger.entries("letter.revised")] == ["sihui/2006"]


def test_a_batch_is_stored_whole_or_not_at_all(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.append("report", "a", {"v": 1})
        with pytest.raises(LedgerConflictError, match="'a'"):
            ledger.append_many([("report", "b", {"v": 2}), ("report", "a", {"v": 9})])
        assert [e.key for e in ledger.entries()] == ["a"]
        entries = ledger.append_many(
            [("report", "b", {"v": 2}), ("report", "a", {"v": 1}), ("report", "c", {"v": 3})]
        )
        assert [(e.key, e.seq) for e in entries] == [("b", 2), ("a", 1), ("c", 3)]
        assert ledger.append_many([]) == []


def test_a_batch_naming_one_key_twice_with_two_payloads_is_a_conflict(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(LedgerConflictError, match="earlier record of this batch"):
            ledger.append_many([("report", "x", {"v": 1}), ("report", "x", {"v": 2})])
        assert len(ledger) == 0
        twice = ledger.append_many([("report", "x", {"v": 1}), ("report", "x", {"v": 1})])
        assert twice[0] == twice[1]
        assert len(ledger) == 1


def test_records_survive_closing_and_reopening(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        stored = ledger.append_many([("report", str(i), {"i": i}) for i in range(20)])
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.entries() == stored
        assert ledger.verify().ok
        assert ledger.verify().count == 20


def test_on_append_sees_each_new_entry_once(ledger_url: str) -> None:
    seen: list[Entry] = []
    with Ledger.open(ledger_url, on_append=seen.append) as ledger:
        first = ledger.append("finding", "f1", {"severity": "major"})
        ledger.append("finding", "f1", {"severity": "major"})
        batch = ledger.append_many(
            [("finding", "f1", {"severity": "major"}), ("finding", "f2", {})]
        )
    assert seen == [first, batch[1]]


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"score": math.nan}, "payload.score: nan"),
        ({"scores": [1.0, math.inf]}, r"payload.scores\[1\]: inf"),
        ({"when": dt.date(2006, 3, 31)}, "payload.when: date is not a JSON value"),
        ({"by_post": {1: "x"}}, "payload.by_post: object keys must be strings"),
    ],
)
def test_a_payload_that_is_not_json_is_refused_naming_the_value(
    ledger_url: str, payload: dict[str, object], where: str
) -> None:
    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(LedgerError, match=rf"report 'k': {where}"):
            ledger.append("report", "k", payload)  # type: ignore[arg-type]  # bad on purpose
        assert len(ledger) == 0


@pytest.mark.parametrize("key", ["", " padded", "line\nbreak", "x" * 401])
def test_bad_keys_are_refused(ledger_url: str, key: str) -> None:
    with Ledger.open(ledger_url) as ledger, pytest.raises(LedgerError, match="key"):
        ledger.append("report", key, {})


def test_the_longest_names_fit_even_in_four_byte_characters(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        entry = ledger.append("𝒦" * 100, "🀄" * 400, {})
        assert ledger.get("𝒦" * 100, "🀄" * 400) == entry
        with pytest.raises(LedgerError, match="kind must have at most 100 characters"):
            ledger.append("k" * 101, "key", {})


def test_opening_a_missing_ledger_without_create_says_how_to_create_it(ledger_url: str) -> None:
    with pytest.raises(LedgerError, match="vanguard ledger init"):
        Ledger.open(ledger_url, create=False)
