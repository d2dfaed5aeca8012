"""The review commands end to end: import a year of reports, publish four bulletins, evaluate,
explain, and find the ledger intact and every published record recomputable."""

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vanguard import Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.review.recording import import_reports, recompute_matches

from .conftest import HERE, year_rows

PROGRAM = str(HERE / "small-program.toml")
QUARTERS = ("2006Q1", "2006Q2", "2006Q3", "2006Q4")


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(
            out, fieldnames=["post", "indicator", "period", "value", "reported"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def ledger_path(tmp_path: Path, app: Vanguard) -> str:
    path = tmp_path / "ledger.sqlite"
    program = app.load_program(PROGRAM)
    with Ledger.open(path) as ledger:
        import_reports(ledger, program, write_csv(year_rows(), tmp_path / "reports.csv"))
    return str(path)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_four_bulletins_evaluation_and_explanation(
    ledger_path: str, tmp_path: Path, app: Vanguard
) -> None:
    for quarter in QUARTERS:
        html = tmp_path / f"{quarter}.html"
        result = run(
            "bulletin", PROGRAM, "--quarter", quarter, "--ledger", ledger_path, "--html", str(html)
        )
        assert result.exit_code == 0, result.output
        assert f"bulletin {quarter}" in result.output
        assert "laggards: Head of section C (head-c)" in result.output
        assert "<table" in html.read_text(encoding="utf-8")
    result = run("evaluate", PROGRAM, "--year", "2006", "--ledger", ledger_path)
    assert result.exit_code == 0, result.output
    assert "accountability findings" in result.output
    result = run("explain", PROGRAM, "head-b", "--ledger", ledger_path)
    assert result.exit_code == 0, result.output
    assert "veto Integrity breach" in result.output

    program = app.load_program(PROGRAM)
    with Ledger.open(ledger_path, create=False) as ledger:
        assert ledger.verify().ok
        kinds = {entry.kind for entry in ledger.entries()}
        assert kinds == {"letter.signed", "report", "bulletin", "evaluation", "finding"}
        assert len(ledger.entries("bulletin")) == 4
        assert recompute_matches(ledger, app.converter, program) == []
    # Publishing again with the same reports changes nothing.
    again = run("bulletin", PROGRAM, "--quarter", "2006Q2", "--ledger", ledger_path)
    assert again.exit_code == 0, again.output


def test_reports_file_without_a_ledger(tmp_path: Path) -> None:
    reports = write_csv(year_rows(), tmp_path / "reports.csv")
    result = run("bulletin", PROGRAM, "--quarter", "2006Q3", "--reports", str(reports))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "vanguard-ledger.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("bulletin", PROGRAM, "--quarter", "2007Q1"), "no quarter '2007Q1'"),
        (("evaluate", PROGRAM, "--year", "1999"), "has no review year '1999' (2006)"),
        (("explain", PROGRAM, "nobody"), "unknown post or unit 'nobody'"),
        (("explain", PROGRAM, "head_b"), "unknown post or unit 'head_b' (did you mean 'head-b'?)"),
    ],
)
def test_bad_input_is_reported_without_a_traceback(
    ledger_path: str, args: tuple[str, ...], words: str
) -> None:
    result = CliRunner().invoke(main, [*args, "--ledger", ledger_path])
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output


def test_missing_ledger_and_empty_ledger_are_clear_errors(tmp_path: Path) -> None:
    missing = CliRunner().invoke(
        main, ["evaluate", PROGRAM, "--year", "2006", "--ledger", str(tmp_path / "none.sqlite")]
    )
    assert missing.exit_code == 1
    assert "no ledger" in missing.output
    empty = tmp_path / "empty.sqlite"
    Ledger.open(empty).close()
    result = CliRunner().invoke(
        main, ["evaluate", PROGRAM, "--year", "2006", "--ledger", str(empty)]
    )
    assert result.exit_code == 1
    assert "holds no reports" in result.output


def test_a_bad_report_file_stores_nothing(tmp_path: Path, app: Vanguard) -> None:
    rows = year_rows()
    rows[5]["post"] = "nobody"
    rows[9]["value"] = -4.0
    path = tmp_path / "ledger.sqlite"
    program = app.load_program(PROGRAM)
    from vanguard import ProgramError

    with Ledger.open(path) as ledger:
        with pytest.raises(ProgramError) as caught:
            import_reports(ledger, program, write_csv(rows, tmp_path / "bad.csv"))
        assert [p.location for p in caught.value.problems] == ["row 6.post", "row 10.value"]
        assert len(ledger) == 0


def test_recomputation_uses_the_reports_as_they_stood(ledger_path: str, app: Vanguard) -> None:
    from vanguard.review.recording import add_reports, publish_to_ledger

    program = app.load_program(PROGRAM)
    with Ledger.open(ledger_path, create=False) as ledger:
        publish_to_ledger(ledger, app.converter, program, "2006Q1")
        # A late report for March, filed after the Q1 bulletin, does not make it wrong...
        add_reports(
            ledger,
            program,
            [
                {
                    "post": "head-c",
                    "indicator": "awards.recognitions",
                    "period": "2006-03",
                    "value": 2,
                    "reported": "2006-05-01",
                }
            ],
        )
        assert recompute_matches(ledger, app.converter, program) == []
        # ...but a bulletin whose numbers differ from what its reports give is named.
        bulletin = ledger.entries("bulletin")[0]
        forged = dict(bulletin.payload, program_score=1.0)
        ledger.append("bulletin", f"{program.id}/2006Q2", forged)
        (mismatch,) = recompute_matches(ledger, app.converter, program)
        assert mismatch.startswith(f"bulletin {program.id}/2006Q2 (record ")
        assert mismatch.endswith("no longer matches (differs in program_score)")


def test_programs_of_a_campaign_are_ranked_in_the_bulletin(
    ledger_path: str, tmp_path: Path, app: Vanguard
) -> None:
    text = Path(PROGRAM).read_text(encoding="utf-8")
    other_path = tmp_path / "other.toml"
    other_text = text.replace('id = "test-bureau"', 'id = "other-bureau"')
    other_path.write_text(
        other_text.replace('name = "Test bureau"', 'name = "Other bureau"'), "utf-8"
    )
    other = app.load_program(other_path)
    weaker = year_rows(seed=9, slow=0.2)
    with Ledger.open(ledger_path, create=False) as ledger:
        import_reports(ledger, other, write_csv(weaker, tmp_path / "other.csv"))
    html = tmp_path / "campaign.html"
    result = run(
        "bulletin",
        PROGRAM,
        "--quarter",
        "2006Q2",
        "--ledger",
        ledger_path,
        "--campaign",
        str(other_path),
        "--html",
        str(html),
    )
    assert result.exit_code == 0, result.output
    # the programs by their names, not their ids
    ranked = [line for line in result.output.splitlines() if "bureau (" in line]
    assert "1" in ranked[0]
    assert "Test bureau (test-bureau)" in ranked[0]
    assert "2" in ranked[1]
    assert "Other bureau (other-bureau)" in ranked[1]
    assert 'data-program="other-bureau" data-rank="2"' in html.read_text(encoding="utf-8")


def test_explain_a_unit(ledger_path: str) -> None:
    result = run("explain", PROGRAM, "sec-c", "bureau", "--ledger", ledger_path)
    assert result.exit_code == 0, result.output
    assert "Section C (sec-c), 2006 appraisal" in result.output
    assert "rank 3 among units of the kind section" in result.output
    assert "mean task score of its 1 scored post(s)" in result.output
    assert "mean task score of its 4 scored post(s)" in result.output


def test_explain_a_bulletin_standing(ledger_path: str) -> None:
    assert run("bulletin", PROGRAM, "--quarter", "2006Q1", "--ledger", ledger_path).exit_code == 0
    result = run("explain", PROGRAM, "head-c", "--quarter", "2006Q1", "--ledger", ledger_path)
    assert result.exit_code == 0, result.output
    assert "Head of section C (head-c), bulletin 2006Q1: rank 3, behind" in result.output
    assert "named as a laggard" in result.output
    assert "first bulletin" in result.output
    later = run("explain", PROGRAM, "head-a", "--quarter", "2006Q2", "--ledger", ledger_path)
    assert "since 2006Q1" in later.output
    unit = CliRunner().invoke(
        main, ["explain", PROGRAM, "sec-a", "--quarter", "2006Q1", "--ledger", ledger_path]
    )
    assert unit.exit_code == 1
    assert "is a unit" in unit.output


def test_importing_the_same_file_twice_stores_nothing_twice(
    ledger_path: str, tmp_path: Path, app: Vanguard
) -> None:
    program = app.load_program(PROGRAM)
    with Ledger.open(ledger_path, create=False) as ledger:
        count = len(ledger)
        again = import_reports(ledger, program, write_csv(year_rows(), tmp_path / "again.csv"))
        assert again == []
        assert len(ledger) == count
