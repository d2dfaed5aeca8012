"""The campaign bulletin (争先进位): agencies ranked quarter by quarter, with their movement
since the last recorded campaign bulletin, recorded in the ledger and verified from it."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vanguard import CampaignBulletin, Program, Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.problems import ProgramError
from vanguard.review.campaign import CAMPAIGN_BULLETIN, Movement, recheck_campaign

from .conftest import HERE, year_rows
from .test_cli import write_csv

PROGRAM = HERE / "small-program.toml"


def _renamed(tmp_path: Path, program_id: str, name: str, campaign: str | None = None) -> Path:
    text = PROGRAM.read_text(encoding="utf-8")
    text = text.replace('id = "test-bureau"', f'id = "{program_id}"')
    text = text.replace('name = "Test bureau"', f'name = "{name}"')
    if campaign is not None:
        text = text.replace('id = "vanguard"', f'id = "{campaign}"', 1)
    path = tmp_path / f"{program_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def late_starter() -> list[dict[str, Any]]:
    """A year in which the sections train a third of their pace in the first quarter, then
    three times it: behind in 2006Q1, ahead from 2006Q2."""
    rows = year_rows(seed=9, slow=0.9)
    for row in rows:
        if row["indicator"] == "training.trained":
            row["value"] = row["value"] * (0.3 if int(row["period"][5:]) <= 3 else 3.0)
    return rows


@pytest.fixture
def campaign(tmp_path: Path, app: Vanguard) -> tuple[str, Path, Path, Path]:
    """A ledger holding a year of reports of three agencies of one campaign: the test
    bureau (steady), the other bureau (a late starter) and a third (steady, slower)."""
    ledger_path = tmp_path / "ledger.sqlite"
    other = _renamed(tmp_path, "other-bureau", "Other bureau")
    third = _renamed(tmp_path, "third-bureau", "Third bureau")
    with Ledger.open(ledger_path) as ledger:
        app.review(app.load_program(PROGRAM), ledger=ledger).record(year_rows())
        app.review(app.load_program(other), ledger=ledger).record(late_starter())
        app.review(app.load_program(third), ledger=ledger).record(year_rows(seed=3, slow=0.3))
    return str(ledger_path), PROGRAM, other, third


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_agencies_move_up_and_down_between_two_quarters_through_the_api(
    campaign: tuple[str, Path, Path, Path], app: Vanguard
) -> None:
    ledger_path, test, other, third = campaign
    programs = [app.load_program(path) for path in (test, other)]
    first = app.publish_campaign(programs, "2006Q1", ledger=ledger_path)
    assert [s.program for s in first.programs] == ["test-bureau", "other-bureau"]
    assert {s.movement for s in first.programs} == {Movement.NEW}
    assert first.previous is None

    # the late starter overtakes the steady bureau in the second quarter; a third agency
    # joins the ranking and is new
    programs.append(app.load_program(third))
    second = app.publish_campaign(programs, "2006Q2", ledger=ledger_path)
    assert second.previous == "2006Q1"
    assert second.standing("other-bureau").rank == 1
    assert second.standing("other-bureau").previous_rank == 2
    assert second.standing("other-bureau").movement is Movement.UP
    assert second.standing("other-bureau").change == 1
    assert second.standing("test-bureau").movement is Movement.DOWN
    assert second.standing("test-bureau").change == -1
    assert second.standing("third-bureau").movement is Movement.NEW

    frame = second.to_frame()
    assert list(frame["program"]) == ["other-bureau", "test-bureau", "third-bureau"]
    assert list(frame["movement"]) == ["up", "down", "new"]
    assert list(frame["previous_rank"].fillna(0)) == [2, 1, 0]

    # recorded like a program bulletin: it names the program bulletins it ranked, and
    # publishing again when nothing changed records nothing
    with Ledger.open(ledger_path, create=False) as ledger:
        entries = ledger.entries(CAMPAIGN_BULLETIN)
        assert [e.key for e in entries] == ["vanguard/2006Q1", "vanguard/2006Q2"]
        assert entries[1].payload["programs"][0]["bulletin"] == "other-bureau/2006Q2"
        assert ledger.get("bulletin", "third-bureau/2006Q2") is not None
        again = app.publish_campaign(programs, "2006Q2", ledger=ledger)
        assert again == second
        assert len(ledger.entries(CAMPAIGN_BULLETIN)) == 2
        assert CampaignBulletin.from_payload(app.converter, entries[1].payload) == second
        assert all(item.ok for item in recheck_campaign(ledger, app.converter, "vanguard"))


def test_programs_of_another_campaign_are_refused_with_their_file(
    campaign: tuple[str, Path, Path, Path], app: Vanguard, tmp_path: Path
) -> None:
    ledger_path, test, _, _ = campaign
    stranger = _renamed(tmp_path, "stranger", "Stranger", campaign="another-campaign")
    result = run(
        "bulletin", str(test), "--quarter", "2006Q1", "--ledger", ledger_path,
        "--campaign", str(stranger),
    )  # fmt: skip
    assert result.exit_code != 0
    assert "stranger.toml" in result.output
    assert "campaign.id" in result.output
    program = app.load_program(test)
    with pytest.raises(ProgramError, match="given twice"):
        app.publish_campaign([program, program], "2006Q1", ledger=ledger_path)


def test_rank_change_between_agencies_through_the_cli(
    campaign: tuple[str, Path, Path, Path], tmp_path: Path
) -> None:
    ledger_path, test, other, _ = campaign
    common = ("--ledger", ledger_path, "--campaign", str(other))
    result = run("bulletin", str(test), "--quarter", "2006Q1", *common)
    assert result.exit_code == 0, result.output
    assert "campaign bulletin 2006Q1" in result.output
    assert "recorded campaign bulletin vanguard/2006Q1" in result.output

    html = tmp_path / "q2.html"
    result = run("bulletin", str(test), "--quarter", "2006Q2", *common, "--html", str(html))
    assert result.exit_code == 0, result.output
    assert "rank change since 2006Q1" in result.output
    rows = [line for line in result.output.splitlines() if "bureau (" in line]
    assert "▲ 1" in rows[0]
    assert "Other bureau (other-bureau)" in rows[0]
    assert "▼ 1" in rows[1]
    assert "Test bureau (test-bureau)" in rows[1]
    page = html.read_text(encoding="utf-8")
    assert 'data-program="other-bureau" data-rank="1" data-movement="up"' in page
    assert 'data-program="test-bureau" data-rank="2" data-movement="down"' in page

    result = run("bulletin", str(test), "--quarter", "2006Q2", *common, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(s["program"], s["movement"], s["previous_rank"]) for s in data["campaign"]] == [
        ("other-bureau", "up", 2),
        ("test-bureau", "down", 1),
    ]
    # nothing changed since: the same record
    assert data["campaign_bulletin"]["recorded"]["key"] == "vanguard/2006Q2"
    assert data["campaign_bulletin"]["previous"] == "2006Q1"


def test_a_recorded_campaign_bulletin_is_verified_and_tampering_found(
    campaign: tuple[str, Path, Path, Path], app: Vanguard
) -> None:
    ledger_path, test, other, _ = campaign
    programs: list[Program] = [app.load_program(path) for path in (test, other)]
    for quarter in ("2006Q1", "2006Q2"):
        app.publish_campaign(programs, quarter, ledger=ledger_path)
    result = run("ledger", "verify", "--ledger", ledger_path, "--program", str(other), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    checked = [r["record"] for r in report["recomputed"]]
    assert "campaign.bulletin vanguard/2006Q2" in checked

    # a forged re-issue, appended through the ledger (its hash is sound) but claiming the
    # steady bureau kept first place: its recomputation from the ledger disagrees
    with Ledger.open(ledger_path, create=False) as ledger:
        entry = ledger.get(CAMPAIGN_BULLETIN, "vanguard/2006Q2")
        assert entry is not None
        forged = json.loads(json.dumps(entry.payload))
        first, second = forged["programs"]
        first["rank"], second["rank"] = 2, 1
        forged["programs"] = [second, first]
        forged["version"] = 2
        ledger.append(CAMPAIGN_BULLETIN, "vanguard/2006Q2/v2", forged)
    result = run("ledger", "verify", "--ledger", ledger_path, "--program", str(test))
    assert result.exit_code == 1
    assert "campaign.bulletin vanguard/2006Q2/v2" in result.output
    assert "no longer matches (differs in programs)" in result.output

    # an edit of the recorded row behind the ledger's back breaks its hash
    connection = sqlite3.connect(ledger_path)
    connection.execute(
        "UPDATE ledger_records SET payload = replace(payload, '\"rank\":1', '\"rank\":3') "
        "WHERE kind = ? AND key = ?",
        (CAMPAIGN_BULLETIN, "vanguard/2006Q1"),
    )
    connection.commit()
    connection.close()
    result = run("ledger", "verify", "--ledger", ledger_path)
    assert result.exit_code == 1
    assert "vanguard/2006Q1" in result.output


def test_a_campaign_bulletin_naming_a_bulletin_the_ledger_lacks_is_named(
    campaign: tuple[str, Path, Path, Path], app: Vanguard
) -> None:
    ledger_path, test, other, _ = campaign
    programs = [app.load_program(path) for path in (test, other)]
    app.publish_campaign(programs, "2006Q1", ledger=ledger_path)
    with Ledger.open(ledger_path, create=False) as ledger:
        entry = ledger.get(CAMPAIGN_BULLETIN, "vanguard/2006Q1")
        assert entry is not None
        forged = json.loads(json.dumps(entry.payload))
        forged["quarter"] = "2006Q3"
        for standing in forged["programs"]:
            standing["bulletin"] = standing["bulletin"].replace("Q1", "Q3")
        ledger.append(CAMPAIGN_BULLETIN, "vanguard/2006Q3", forged)
        (bad,) = [r for r in recheck_campaign(ledger, app.converter, "vanguard") if not r.ok]
    assert "which the ledger did not hold before it" in str(bad)


def test_the_campaign_needs_the_ledger(tmp_path: Path) -> None:
    reports = write_csv(year_rows(), tmp_path / "reports.csv")
    other = _renamed(tmp_path, "other-bureau", "Other bureau")
    result = run(
        "bulletin", str(PROGRAM), "--quarter", "2006Q1", "--reports", str(reports),
        "--campaign", str(other),
    )  # fmt: skip
    assert result.exit_code != 0
    assert "needs --ledger" in result.output


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.slow
def test_the_campaign_of_zhaoqing_and_sihui_through_the_cli(tmp_path: Path) -> None:
    ledger = str(tmp_path / "campaign.sqlite")
    zhaoqing, sihui = EXAMPLES / "zhaoqing-2006.toml", EXAMPLES / "sihui-2006.toml"
    for program, reports in (
        (zhaoqing, "zhaoqing-2006-reports.csv"),
        (sihui, "sihui-2006-reports.csv"),
    ):
        result = run("ledger", "import", str(program), str(EXAMPLES / reports), "--ledger", ledger)
        assert result.exit_code == 0, result.output
    common = ("--ledger", ledger, "--campaign", str(sihui), "--json")
    movements = []
    for quarter in ("2006Q1", "2006Q2"):
        result = run("bulletin", str(zhaoqing), "--quarter", quarter, *common)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["campaign_bulletin"]["recorded"]["key"] == f"vanguard-practice/{quarter}"
        movements.append({s["program"]: s["movement"] for s in data["campaign"]})
    assert movements[0] == {"zhaoqing-labour-2006": "new", "sihui-agencies-2006": "new"}
    assert set(movements[1].values()) <= {"up", "down", "same"}
    for program in (zhaoqing, sihui):
        result = run("ledger", "verify", "--ledger", ledger, "--program", str(program))
        assert result.exit_code == 0, result.output
