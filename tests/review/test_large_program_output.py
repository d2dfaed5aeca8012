"""What the review commands print for a large program, and how often a step reads the ledger.

Above :data:`~vanguard.reports.terminal.FULL_TABLE_POSTS` posts the terminal gets a summary
per group (and per key task) instead of a line per post; ``--all`` brings the full table
back; ``--json`` is the same either way. The threshold is lowered here so the small test
program counts as large.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vanguard import Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.review.reading import ReadOnce

from .test_cli import PROGRAM, ledger_path  # the fixture, used by name

__all__ = ["ledger_path"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every program counts as large."""
    monkeypatch.setattr("vanguard.reports.terminal.FULL_TABLE_POSTS", 1)


@pytest.mark.usefixtures("large")
def test_a_large_bulletin_prints_a_summary_per_group_and_task(ledger_path: str) -> None:
    result = run("bulletin", PROGRAM, "--quarter", "2006Q3", "--ledger", ledger_path)
    assert result.exit_code == 0, result.output
    assert "posts by group" in result.output
    assert "pledge lines by key task" in result.output
    assert "--all prints every one" in result.output
    assert "laggards: Head of section C (head-c)" in result.output
    assert "(head-c)" not in result.output.split("laggards:")[0]  # no line per post
    full = run("bulletin", PROGRAM, "--quarter", "2006Q3", "--ledger", ledger_path, "--all")
    assert full.exit_code == 0, full.output
    assert "posts by group" not in full.output
    assert "(head-c)" in full.output.split("laggards:")[0]


@pytest.mark.usefixtures("large")
def test_a_large_evaluation_prints_grades_per_category(ledger_path: str) -> None:
    result = run("evaluate", PROGRAM, "--year", "2006", "--ledger", ledger_path)
    assert result.exit_code == 0, result.output
    assert "posts by category" in result.output
    assert "accountability findings" in result.output
    full = run("evaluate", PROGRAM, "--year", "2006", "--ledger", ledger_path, "--all")
    assert "posts by category" not in full.output
    assert "(head-c)" in full.output


def test_json_is_the_same_with_or_without_the_summary(
    ledger_path: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ("bulletin", PROGRAM, "--quarter", "2006Q3", "--ledger", ledger_path, "--json")
    small = json.loads(run(*args).stdout)
    monkeypatch.setattr("vanguard.reports.terminal.FULL_TABLE_POSTS", 1)
    large = json.loads(run(*args).stdout)
    assert small["posts"] == large["posts"]
    assert small["lines"] == large["lines"]


def test_a_review_step_reads_each_kind_of_record_once(
    ledger_path: str,
    app: Vanguard,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[str | None] = []
    original = Ledger.entries

    def counted(self: Ledger, kind: str | None = None) -> Any:
        reads.append(kind)
        return original(self, kind)

    monkeypatch.setattr(Ledger, "entries", counted)
    program = app.load_program(PROGRAM)
    with app.review(program, ledger=ledger_path) as review:
        first = review.evaluate("2006")
        assert len(reads) == len(set(reads)), reads  # each kind once before the write
        reads.clear()
        again = review.evaluate("2006")  # nothing changed: nothing recorded, same numbers
        assert len(reads) == len(set(reads)), reads
        reads.clear()
        review.publish("2006Q3")
        assert len(reads) == len(set(reads)), reads
    assert again == first


def test_read_once_forgets_what_it_read_when_written(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        ledger.append("note", "a", {"n": 1})
        once = ReadOnce(ledger)
        assert [e.key for e in once.entries("note")] == ["a"]
        assert [e.key for e in once.entries("note")] == ["a"]
        assert once.reads == 1
        assert once.get("note", "a") == ledger.get("note", "a")
        assert once.get("note", "b") is None
        once.append("note", "b", {"n": 2})
        assert [e.key for e in once.entries("note")] == ["a", "b"]
        assert once.reads == 2
        assert [e.key for e in once.entries()] == ["a", "b"]
        assert [e.key for e in once.entries("other")] == []  # picked from every entry
        assert once.reads == 3
        assert once.location == ledger.location
