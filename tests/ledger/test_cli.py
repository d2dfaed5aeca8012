"""``vanguard ledger``: what a user types, and what they see when something is wrong."""

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanguard.cli import main
from vanguard.ledger import GENESIS, Ledger

EXAMPLE = Path(__file__).parents[2] / "examples" / "sihui-2006.toml"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VANGUARD_LEDGER", raising=False)
    return CliRunner()


def test_init_creates_the_default_ledger_in_the_current_directory(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["ledger", "init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vanguard-ledger.sqlite").is_file()
    assert f"0 records, head {GENESIS}" in result.output
    head = runner.invoke(main, ["ledger", "head"])
    assert head.output.strip() == GENESIS
    verify = runner.invoke(main, ["ledger", "verify"])
    assert verify.exit_code == 0
    assert verify.output.startswith("ok: 0 records")


@pytest.mark.parametrize("command", ["verify", "head", "log"])
def test_reading_a_missing_ledger_says_how_to_create_it(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, ["ledger", command, "--ledger", "nowhere.sqlite"])
    assert result.exit_code == 1
    assert "no ledger at nowhere.sqlite" in result.output
    assert "vanguard ledger init" in result.output
    assert "Traceback" not in result.output
    assert not Path("nowhere.sqlite").exists()


def test_an_unsupported_url_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ledger", "init", "--ledger", "mysql://host/db"])
    assert result.exit_code == 1
    assert "unsupported ledger database" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_verify_names_a_record_edited_by_hand_and_exits_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "books.sqlite"
    with Ledger.open(path) as ledger:
        ledger.append("report", "a", {"value": 1})
        ledger.append("report", "b", {"value": 2})
        kept = ledger.head()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE ledger_records SET payload = '{\"value\":20}' WHERE seq = 2")
    connection.commit()
    connection.close()
    result = runner.invoke(main, ["ledger", "verify", "--ledger", str(path)])
    assert result.exit_code == 1
    assert "record 2 (report 'b'): changed" in result.output
    assert "FAILED: 1 problem(s)" in result.output
    as_json = runner.invoke(main, ["ledger", "verify", "--ledger", str(path), "--json"])
    report = json.loads(as_json.stdout)
    assert report["ok"] is False
    assert [(p["nature"], p["seq"], p["key"]) for p in report["problems"]] == [("changed", 2, "b")]
    head = runner.invoke(main, ["ledger", "head", "--ledger", str(path)])
    assert head.output.strip() == kept  # the head row is not a proof by itself


def test_verify_checks_a_head_kept_elsewhere(runner: CliRunner, tmp_path: Path) -> None:
    path = str(tmp_path / "books.sqlite")
    with Ledger.open(path) as ledger:
        kept = ledger.append("report", "a", {"value": 1}).hash
        ledger.append("report", "b", {"value": 2})
    ok = runner.invoke(main, ["ledger", "verify", "--ledger", path, "--expected-head", kept])
    assert ok.exit_code == 0, ok.output
    forged = "ab" * 32
    bad = runner.invoke(main, ["ledger", "verify", "--ledger", path, "--expected-head", forged])
    assert bad.exit_code == 1
    assert forged in bad.output


def test_log_lists_records_in_order_and_filters_by_kind(runner: CliRunner) -> None:
    with Ledger.open("vanguard-ledger.sqlite") as ledger:
        ledger.append("report", "a", {"value": 1})
        ledger.append("bulletin", "2006Q1", {"ranking": ["x"]})
        ledger.append("report", "b", {"value": 2})
    result = runner.invoke(main, ["ledger", "log", "--kind", "report", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["seq"], line["key"], line["payload"]) for line in lines] == [
        (1, "a", {"value": 1}),
        (3, "b", {"value": 2}),
    ]
    last = runner.invoke(main, ["ledger", "log", "--last", "1"])
    assert "b" in last.output.splitlines()[-2]
    assert "2006Q1" not in last.output


def test_import_appends_a_reports_file_and_verify_recomputes_against_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    reports = tmp_path / "reports.csv"
    reports.write_text(
        "post,indicator,period,value,reported\n"
        "mayor,integrity.violations,2006-01,0,2006-02-03\n"
        "mayor,integrity.violations,2006-02,0,2006-03-02\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["ledger", "import", str(EXAMPLE), str(reports)])
    assert result.exit_code == 0, result.output
    assert "imported 2 reports" in result.output
    assert "sihui-agencies-2006: 81 letters and 3 revisions on record" in result.output
    with Ledger.open("vanguard-ledger.sqlite") as ledger:
        keys = [entry.key for entry in ledger.entries("report")]
    assert keys == [
        "sihui-agencies-2006/mayor/integrity.violations/2006-01",
        "sihui-agencies-2006/mayor/integrity.violations/2006-02",
    ]
    verify = runner.invoke(main, ["ledger", "verify", "--program", str(EXAMPLE)])
    assert verify.exit_code == 0, verify.output
    assert "matches its recomputation" in verify.output


def test_a_bad_reports_file_is_reported_by_row_and_stores_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    reports = tmp_path / "reports.csv"
    reports.write_text(
        "post,indicator,period,value,reported\n"
        "mayor,integrity.violations,2006-01,0,\n"
        "nobody,integrity.violations,2006-02,0,\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["ledger", "import", str(EXAMPLE), str(reports)])
    assert result.exit_code == 1
    assert "row 2" in result.output
    assert "Traceback" not in result.output
    with Ledger.open("vanguard-ledger.sqlite") as ledger:
        assert ledger.entries("report") == []


def test_verify_with_the_program_finds_a_bulletin_its_reports_do_not_give(
    runner: CliRunner, tmp_path: Path
) -> None:
    program = EXAMPLE.with_name("zhaoqing-2006.toml")
    lines = EXAMPLE.with_name("zhaoqing-2006-reports.csv").read_text("utf-8").splitlines()
    january = tmp_path / "january.csv"
    january.write_text("\n".join([lines[0], *(x for x in lines if ",2006-01," in x)]), "utf-8")
    for ledger in ("honest.sqlite", "forged.sqlite"):
        imported = runner.invoke(
            main, ["ledger", "import", str(program), str(january), "--ledger", ledger]
        )
        assert imported.exit_code == 0, imported.output
    published = runner.invoke(
        main, ["bulletin", str(program), "--quarter", "2006Q1", "--ledger", "honest.sqlite"]
    )
    assert published.exit_code == 0, published.output
    honest = runner.invoke(
        main, ["ledger", "verify", "--program", str(program), "--ledger", "honest.sqlite"]
    )
    assert honest.exit_code == 0, honest.output
    # The same bulletin with one score improved, appended through the API: a valid chain,
    # but not what the stored reports give.
    with Ledger.open("honest.sqlite") as ledger:
        [bulletin] = ledger.entries("bulletin")
    payload = json.loads(json.dumps(bulletin.payload))
    payload["posts"][0]["score"] += 10
    with Ledger.open("forged.sqlite") as ledger:
        ledger.append("bulletin", bulletin.key, payload)
    result = runner.invoke(
        main, ["ledger", "verify", "--program", str(program), "--ledger", "forged.sqlite"]
    )
    assert result.exit_code == 1
    assert "bulletin zhaoqing-labour-2006/2006Q1 (record" in result.output
    assert "no longer matches (differs in posts)" in result.output
    chain_only = runner.invoke(main, ["ledger", "verify", "--ledger", "forged.sqlite"])
    assert chain_only.exit_code == 0
