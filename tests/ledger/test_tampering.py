"""Editing the database by hand: ``verify`` fails and names the record that was touched.

On SQLite the edits go through the ``sqlite3`` module, as someone with the file would make
them; on PostgreSQL through plain SQL.
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from vanguard.ledger import Discrepancy, Ledger

Tamper = Callable[[list[str]], None]

OTHER_HASH = "CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(hash, 2)"
"""SQL for a hash that differs from the row's own (a forger's stand-in)."""


@pytest.fixture
def filled(ledger_url: str) -> str:
    """A ledger of six records: three reports, two bulletins, an evaluation."""
    with Ledger.open(ledger_url) as ledger:
        ledger.append_many(
            [
                ("report", "sihui/2006-01", {"rural.trained": 900}),
                ("report", "sihui/2006-02", {"rural.trained": 950}),
                ("report", "sihui/2006-03", {"rural.trained": 1010}),
                ("bulletin", "2006Q1", {"ranking": ["sihui"]}),
                ("bulletin", "2006Q2", {"ranking": ["sihui"]}),
                ("evaluation", "2006", {"grade": "excellent"}),
            ]
        )
        assert ledger.verify().ok
    return ledger_url


@pytest.fixture
def tamper(filled: str) -> Tamper:
    """Runs SQL statements against the ledger's database behind the ledger's back."""

    def run(statements: list[str]) -> None:
        if "://" not in filled:
            connection = sqlite3.connect(filled)
            for statement in statements:
                connection.execute(statement)
            connection.commit()
            connection.close()
            return
        engine = create_engine(filled)
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
        engine.dispose()

    return run


def problems(url: str, expected_head: str | None = None) -> list[Discrepancy]:
    with Ledger.open(url, create=False) as ledger:
        verification = ledger.verify(expected_head)
    assert verification.ok is not verification.problems
    return list(verification.problems)


def test_an_edited_payload_is_named(filled: str, tamper: Tamper) -> None:
    tamper(["UPDATE ledger_records SET payload = '{\"rural.trained\":9500}' WHERE seq = 2"])
    [problem] = problems(filled)
    assert (problem.nature, problem.seq, problem.kind, problem.key) == (
        "changed",
        2,
        "report",
        "sihui/2006-02",
    )
    assert "record 2 (report 'sihui/2006-02'): changed" in str(problem)


@pytest.mark.parametrize("column", ["kind", "key", "recorded_at"])
def test_an_edited_field_is_named(filled: str, tamper: Tamper, column: str) -> None:
    tamper([f"UPDATE ledger_records SET {column} = {column} || 'x' WHERE seq = 4"])
    [problem] = problems(filled)
    assert (problem.nature, problem.seq) == ("changed", 4)


def test_an_edit_hidden_by_recomputing_the_hash_is_still_found(filled: str, tamper: Tamper) -> None:
    tamper([f"UPDATE ledger_records SET hash = {OTHER_HASH} WHERE seq = 3"])
    found = problems(filled)
    assert [(p.nature, p.seq, p.key) for p in found][:1] == [("changed", 3, "sihui/2006-03")]


def test_a_deleted_row_is_named_by_its_number(filled: str, tamper: Tamper) -> None:
    tamper(["DELETE FROM ledger_records WHERE seq = 3"])
    [problem] = problems(filled)
    assert (problem.nature, problem.seq, problem.key) == ("removed", 4, "2006Q1")
    assert "record 3 is missing" in problem.message


def test_a_deleted_last_row_is_found_from_the_head_row(filled: str, tamper: Tamper) -> None:
    tamper(["DELETE FROM ledger_records WHERE seq = 6"])
    [problem] = problems(filled)
    assert problem.nature == "removed"
    assert "record 6 is missing at the end" in problem.message


def test_a_deleted_last_row_and_head_row_are_found_from_a_kept_head(
    filled: str, tamper: Tamper
) -> None:
    with Ledger.open(filled) as ledger:
        kept = ledger.head()
    tamper(
        [
            "DELETE FROM ledger_records WHERE seq = 6",
            "UPDATE ledger_head SET seq = 5,"
            " hash = (SELECT hash FROM ledger_records WHERE seq = 5)",
        ]
    )
    assert problems(filled) == []  # without the kept head, a clean cut is undetectable
    [problem] = problems(filled, expected_head=kept)
    assert problem.nature == "head"
    assert kept in problem.message


def test_two_swapped_rows_are_both_named(filled: str, tamper: Tamper) -> None:
    tamper(
        [
            "UPDATE ledger_records SET seq = -1 WHERE seq = 2",
            "UPDATE ledger_records SET seq = 2 WHERE seq = 5",
            "UPDATE ledger_records SET seq = 5 WHERE seq = -1",
        ]
    )
    found = {(p.nature, p.seq, p.key) for p in problems(filled)}
    assert found == {("reordered", 2, "2006Q2"), ("reordered", 5, "sihui/2006-02")}


def test_a_row_inserted_in_the_middle_is_named(filled: str, tamper: Tamper) -> None:
    tamper(
        [
            "UPDATE ledger_records SET seq = seq + 100 WHERE seq >= 3",
            "UPDATE ledger_records SET seq = seq - 99 WHERE seq >= 100",
            "INSERT INTO ledger_records (seq, kind, key, payload, recorded_at, prev_hash, hash)"
            " SELECT 3, 'report', 'forged', '{}', recorded_at, prev_hash, hash"
            " FROM ledger_records WHERE seq = 4",
        ]
    )
    found = problems(filled)
    assert (found[0].nature, found[0].seq, found[0].key) == ("inserted", 3, "forged")
    assert all(p.nature == "reordered" for p in found[1:])


def test_a_row_added_at_the_end_by_hand_is_named(filled: str, tamper: Tamper) -> None:
    tamper(
        [
            "INSERT INTO ledger_records (seq, kind, key, payload, recorded_at, prev_hash, hash)"
            f" SELECT 7, 'finding', 'forged', '{{}}', recorded_at, hash, {OTHER_HASH}"
            " FROM ledger_records WHERE seq = 6",
        ]
    )
    found = {(p.nature, p.seq, p.key) for p in problems(filled)}
    assert ("inserted", 7, "forged") in found


def test_a_kept_head_passes_while_the_ledger_grows(filled: str) -> None:
    with Ledger.open(filled) as ledger:
        kept = ledger.head()
        ledger.append("finding", "2006/sihui", {"severity": "none"})
        verification = ledger.verify(expected_head=kept)
        assert verification.ok
        assert verification.head == ledger.head() != kept
        assert not ledger.verify(expected_head="0" * 63 + "1").ok


def test_an_unreadable_payload_is_reported_by_verify_not_a_crash(
    filled: str, tamper: Tamper, tmp_path: Path
) -> None:
    tamper(["UPDATE ledger_records SET payload = 'not json' WHERE seq = 1"])
    [problem] = problems(filled)
    assert (problem.nature, problem.seq) == ("changed", 1)
