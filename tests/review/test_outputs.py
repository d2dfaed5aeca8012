"""Outputs written safely (issue 13): paths checked before any work, files replaced whole,
and a command that records and writes a file writes the file first."""

from __future__ import annotations

import errno
import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import vanguard.cli.review
from vanguard import ProgramError, Vanguard
from vanguard.cli import main
from vanguard.io.output import write_atomically
from vanguard.ledger import Ledger
from vanguard.review.recording import BULLETIN, import_reports

from .conftest import HERE, year_rows
from .test_cli import write_csv

PROGRAM = str(HERE / "small-program.toml")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


@pytest.fixture
def ledger_path(tmp_path: Path, app: Vanguard) -> Path:
    path = tmp_path / "ledger.sqlite"
    with Ledger.open(path) as ledger:
        reports = write_csv(year_rows(), tmp_path / "reports.csv")
        import_reports(ledger, app.load_program(PROGRAM), reports)
    return path


def bulletins(path: Path) -> list[str]:
    with Ledger.open(path, create=False) as ledger:
        return [entry.key for entry in ledger.entries(BULLETIN)]


def test_simulate_out_to_a_missing_directory_fails_before_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the simulation ran")

    # the module, not the command of the same name the cli package exports
    command_module = importlib.import_module("vanguard.cli.simulate")
    monkeypatch.setattr(command_module, "run_simulation", never)
    result = CliRunner().invoke(
        main, ["simulate", str(EXAMPLE), "-n", "10", "--out", "/no/such/dir/x.parquet"]
    )
    assert result.exit_code == 1
    assert (
        result.output == "--out: cannot write /no/such/dir/x.parquet: no directory /no/such/dir\n"
    )


def test_bulletin_html_to_a_missing_directory_records_nothing(ledger_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["bulletin", PROGRAM, "--quarter", "2006Q1", "--ledger", str(ledger_path),
         "--html", "/no/dir/b.html"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output == "--html: cannot write /no/dir/b.html: no directory /no/dir\n"
    assert bulletins(ledger_path) == []


def test_a_failed_html_write_records_no_bulletin(
    ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, data: bytes) -> None:
        raise ProgramError([vanguard.Problem(str(path), "cannot write the file: No space left")])

    monkeypatch.setattr(vanguard.cli.review, "write_atomically", disk_full)
    html = tmp_path / "b.html"
    result = CliRunner().invoke(
        main,
        ["bulletin", PROGRAM, "--quarter", "2006Q1", "--ledger", str(ledger_path),
         "--html", str(html)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "No space left" in result.output
    assert bulletins(ledger_path) == []
    monkeypatch.undo()
    result = CliRunner().invoke(
        main,
        ["bulletin", PROGRAM, "--quarter", "2006Q1", "--ledger", str(ledger_path),
         "--html", str(html)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert bulletins(ledger_path) == ["test-bureau/2006Q1"]
    assert html.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_full_disk_never_leaves_a_truncated_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bulletin.html"
    target.write_bytes(b"the previous bulletin")
    real_write = Path.write_bytes

    def half_then_full(self: Path, data: bytes) -> int:  # type: ignore[override]
        real_write(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    with pytest.raises(ProgramError) as caught:
        write_atomically(target, b"x" * 10_000)
    monkeypatch.undo()
    assert (
        str(caught.value.problems[0]) == f"{target}: cannot write the file: No space left on device"
    )
    assert target.read_bytes() == b"the previous bulletin"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bulletin.html"]  # no temporary left


def test_dumping_a_program_into_a_missing_directory_is_a_located_error(app: Vanguard) -> None:
    program = app.load_program(PROGRAM)
    with pytest.raises(ProgramError, match="cannot write the file: No such file or directory"):
        app.dump_program(program, "/no/such/dir/program.toml")
