"""No traceback reaches a user (issue 13): every command, run with broken paths, bad
options and files it cannot use, exits 1 or 2 with a one-line message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanguard.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "zhaoqing-2006.toml")
REPORTS = str(ROOT / "examples" / "zhaoqing-2006-reports.csv")


def places(tmp: Path) -> dict[str, str]:
    """Broken inputs: missing, a directory, a pipe, endless, binary junk, a corrupt ledger."""
    (tmp / "dir.toml").mkdir()
    os.mkfifo(tmp / "pipe.toml")
    (tmp / "zero.toml").symlink_to("/dev/zero")
    (tmp / "junk.toml").write_bytes(b"\x00\xff\xfe garbage \x81")
    (tmp / "junk.csv").write_bytes(b"\x00\xff\xfe garbage \x81")
    (tmp / "corrupt.sqlite").write_bytes(b"this is not a database" * 100)
    (tmp / "scenario.toml").write_text("name = 1\n", "utf-8")
    return {
        "missing": str(tmp / "nowhere" / "program.toml"),
        "dir": str(tmp / "dir.toml"),
        "pipe": str(tmp / "pipe.toml"),
        "zero": str(tmp / "zero.toml"),
        "junk": str(tmp / "junk.toml"),
        "junk_csv": str(tmp / "junk.csv"),
        "ledger": str(tmp / "corrupt.sqlite"),
        "no_ledger": str(tmp / "nowhere" / "ledger.sqlite"),
        "scenario": str(tmp / "scenario.toml"),
        "out_nowhere": str(tmp / "nowhere" / "out.parquet"),
    }


E, R = "{example}", "{reports}"
READERS = {
    "validate": (),
    "show": (),
    "bulletin": ("--quarter", "2006Q1", "--reports", R),
    "evaluate": ("--year", "2006", "--reports", R),
    "explain": ("chief", "--reports", R),
    "simulate": ("-n", "5", "--no-progress"),
    "ledger import": (R,),
}

CASES: dict[str, tuple[str, ...]] = {
    # a program that cannot be read, for every command that reads one
    **{
        f"{command}-{kind}": (*command.split(), f"{{{kind}}}", *extra)
        for command, extra in READERS.items()
        for kind in ("missing", "dir", "pipe", "zero", "junk")
    },
    # report files and ledgers that cannot be used
    "bulletin-junk-reports": ("bulletin", E, "--quarter", "2006Q1", "--reports", "{junk_csv}"),
    "evaluate-missing-reports": ("evaluate", E, "--year", "2006", "--reports", "{missing}"),
    "bulletin-corrupt-ledger": ("bulletin", E, "--quarter", "2006Q1", "--ledger", "{ledger}"),
    "evaluate-missing-ledger": ("evaluate", E, "--year", "2006", "--ledger", "{no_ledger}"),
    "explain-corrupt-ledger": ("explain", E, "chief", "--ledger", "{ledger}"),
    "ledger-verify-corrupt": ("ledger", "verify", "--ledger", "{ledger}"),
    "ledger-head-missing": ("ledger", "head", "--ledger", "{no_ledger}"),
    "ledger-log-dir": ("ledger", "log", "--ledger", "{dir}"),
    "ledger-init-nowhere": ("ledger", "init", "--ledger", "{no_ledger}"),
    "ledger-import-junk": ("ledger", "import", E, "{junk_csv}", "--ledger", "{no_ledger}"),
    # bad options
    "bulletin-bad-quarter": ("bulletin", E, "--quarter", "2006Q9", "--reports", R),
    "evaluate-bad-year": ("evaluate", E, "--year", "abc", "--reports", R),
    "explain-unknown-post": ("explain", E, "nobody", "--reports", R),
    "show-bad-language": ("show", E, "--lang", "fr"),
    "simulate-zero": ("simulate", E, "-n", "0"),
    "simulate-negative-seed": ("simulate", E, "--seed", "-1"),
    "simulate-text-seed": ("simulate", E, "--seed", "2**200"),
    "simulate-workers-and-dask": ("simulate", E, "--workers", "2", "--dask", "h:1"),
    "simulate-bad-scenario": ("simulate", E, "-n", "5", "--scenario", "{scenario}"),
    "simulate-missing-scenario": ("simulate", E, "-n", "5", "--scenario", "{missing}"),
    "simulate-out-nowhere": ("simulate", E, "-n", "5", "--out", "{out_nowhere}"),
    "simulate-out-dir": ("simulate", E, "-n", "5", "--out", "{dir}"),
    "demo-html-nowhere": ("demo", "--html", "{out_nowhere}"),
    "new-plugin-bad-name": ("new-plugin", "Not A Name!", "--dest", "{dir}"),
    "new-plugin-into-a-file": ("new-plugin", "good-name", "--dest", "{junk}"),
    "unknown-command": ("frobnicate",),
    "unknown-option": ("validate", "--frobnicate", E),
    "bad-limit": ("--limit", "max_posts=many", "validate", E),
    "tiny-limit": ("--limit", "max_bytes=10", "validate", E),
    "ledger-log-bad-last": ("ledger", "log", "--last", "-3"),
    "reports-missing-junk": ("reports", "missing", "{junk}", "--as-of", "2006-12-31"),
    "reports-missing-bad-date": ("reports", "missing", E, "--as-of", "2006-13-45"),
    "reports-missing-corrupt-ledger": (
        "reports",
        "missing",
        E,
        "--as-of",
        "2006-12-31",
        "--ledger",
        "{ledger}",
    ),
    "reports-missing-junk-reports": (
        "reports",
        "missing",
        E,
        "--as-of",
        "2006-12-31",
        "--reports",
        "{junk_csv}",
    ),
    "problems-list-missing-ledger": ("problems", "list", E, "--ledger", "{no_ledger}"),
    "problems-list-corrupt-ledger": ("problems", "list", E, "--ledger", "{ledger}"),
    "problems-list-bad-date": ("problems", "list", E, "--as-of", "2006-13-45"),
    "problems-list-junk": ("problems", "list", "{junk}", "--ledger", "{no_ledger}"),
    "problems-import-junk": ("problems", "import", E, "{junk_csv}", "--ledger", "{no_ledger}"),
    "problems-import-missing": ("problems", "import", E, "{missing}"),
    "study-attendance-missing-ledger": ("study", "attendance", E, "--ledger", "{no_ledger}"),
    "study-attendance-corrupt-ledger": ("study", "attendance", E, "--ledger", "{ledger}"),
    "study-attendance-bad-date": ("study", "attendance", E, "--as-of", "2006-13-45"),
    "study-import-junk": ("study", "import", E, "{junk_csv}", "--ledger", "{no_ledger}"),
    "study-import-missing": ("study", "import", E, "{missing}"),
    "reports-correct-missing-ledger": ("reports", "correct", E, "--ledger", "{no_ledger}"),
}


@pytest.mark.parametrize("case", sorted(CASES), ids=str)
def test_a_broken_invocation_exits_1_or_2_with_one_line_and_no_traceback(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    where = {**places(tmp_path), "example": EXAMPLE, "reports": REPORTS}
    arguments = [argument.format(**where) for argument in CASES[case]]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    if result.exit_code == 2:  # click's usage error: its usage lines, then one error line
        errors = [line for line in lines if line.startswith("Error:")]
        assert len(errors) == 1, result.output
    else:
        messages = [line for line in lines if not line.startswith(("warning:", "recorded"))]
        assert len(messages) == 1, result.output
        assert "internal error" not in messages[0], messages[0]
