"""Study sessions recorded (issue 15): attendance per post and Friday session as ledger
records, rates derived from them, the attendance indicator filed from them, verified by
``ledger verify --program``; quarterly exam topics checked by validate."""

import datetime as dt
import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from vanguard import Program, Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.ledger.study import ATTENDANCE
from vanguard.model.study import session_dates
from vanguard.problems import ProgramError
from vanguard.review.recording import import_reports, stored_corrections, stored_reports
from vanguard.review.study import (
    attendance_rows,
    import_attendance,
    stored_study,
    study_problems,
)

ROOT = Path(__file__).resolve().parents[2]
SIHUI = ROOT / "examples" / "sihui-2006.toml"
ZHAOQING = ROOT / "examples" / "zhaoqing-2006.toml"
CLERK = "gov-office.staff-1"
JANUARY = ("2006-01-06", "2006-01-13", "2006-01-20", "2006-01-27")  # the Fridays
FEBRUARY = ("2006-02-03", "2006-02-10", "2006-02-17", "2006-02-24")
HEADER = "post,session,attended\n"


@cache
def _app() -> Vanguard:
    return Vanguard()


@pytest.fixture
def sihui() -> Program:
    return _app().load_program(SIHUI)


def rows(days: tuple[str, ...], missed: tuple[str, ...] = (), post: str = CLERK) -> str:
    return "".join(f"{post},{day},{'no' if day in missed else 'yes'}\n" for day in days)


def write(tmp: Path, text: str, name: str = "attendance.csv") -> Path:
    path = tmp / name
    path.write_text(HEADER + text, "utf-8")
    return path


def rate_of(ledger: Ledger, program: Program, until: str, post: str = CLERK) -> dict[str, object]:
    table = attendance_rows(stored_study(ledger, program), program, dt.date.fromisoformat(until))
    return next(row for row in table if row["post"] == post)


def test_a_missed_study_session_lowers_the_attendance_rate(sihui: Program, tmp_path: Path) -> None:
    indicators = _app().indicators()
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        import_attendance(ledger, sihui, write(tmp_path, rows(JANUARY + FEBRUARY)), indicators)
        full = rate_of(ledger, sihui, "2006-02-28")
    with Ledger.open(tmp_path / "other.sqlite") as ledger:
        missed = write(tmp_path, rows(JANUARY + FEBRUARY, missed=("2006-02-10",)), "b.csv")
        import_attendance(ledger, sihui, missed, indicators)
        one_missed = rate_of(ledger, sihui, "2006-02-28")
        reports = {
            report.period: report.value
            for report in stored_reports(ledger, sihui)
            if report.post == CLERK and report.indicator == "study.sessions_attended"
        }
    assert full == {**full, "held": 8, "attended": 8, "missed": 0, "rate": 1.0}
    assert one_missed == {**one_missed, "held": 8, "attended": 7, "missed": 1, "rate": 7 / 8}
    # the attendance indicator is filed from the records: one session fewer in February
    assert reports == {"2006-01": 4.0, "2006-02": 3.0}


def test_an_unrecorded_session_counts_as_not_attended(sihui: Program, tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        import_attendance(ledger, sihui, write(tmp_path, rows(JANUARY[:3])))
        row = rate_of(ledger, sihui, "2006-01-31")
        other = rate_of(ledger, sihui, "2006-01-31", post="gov-office.staff-2")
    assert row == {**row, "held": 4, "attended": 3, "missed": 0, "unrecorded": 1, "rate": 0.75}
    assert other == {**other, "held": 4, "attended": 0, "unrecorded": 4, "rate": 0.0}


def test_a_typed_report_is_corrected_to_what_the_records_derive(
    sihui: Program, tmp_path: Path
) -> None:
    app = _app()
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        reports = ROOT / "examples" / "sihui-2006-reports.csv"
        import_reports(ledger, sihui, reports, app.indicators(), converter=app.converter)
        typed = next(
            report.value
            for report in stored_reports(ledger, sihui)
            if (report.post, report.indicator, report.period)
            == (CLERK, "study.sessions_attended", "2006-02")
        )
        missed = rows(FEBRUARY, missed=("2006-02-10", "2006-02-17"))
        import_attendance(ledger, sihui, write(tmp_path, missed), app.indicators())
        (correction,) = [item for item in stored_corrections(ledger, sihui) if item.post == CLERK]
    assert correction.previous == typed
    assert correction.value == 2.0
    assert correction.by == "study records"


def test_reimporting_stores_nothing_and_a_contradiction_is_refused(
    sihui: Program, tmp_path: Path
) -> None:
    path = write(tmp_path, rows(JANUARY))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        assert len(import_attendance(ledger, sihui, path)) == 4
        assert import_attendance(ledger, sihui, path) == []
        count = len(ledger.entries())
        flipped = write(tmp_path, rows(JANUARY, missed=("2006-01-13",)), "flipped.csv")
        with pytest.raises(ProgramError) as caught:
            import_attendance(ledger, sihui, flipped)
        assert len(ledger.entries()) == count
    (problem,) = caught.value.problems
    assert problem.location == "rows[1]"
    assert "recorded as attended" in problem.message
    assert str(flipped) == caught.value.source


def test_bad_rows_are_named_by_place_and_nothing_is_stored(sihui: Program, tmp_path: Path) -> None:
    text = (
        "gov-ofice.staff-1,2006-01-06,yes\n"  # a misspelt post
        f"{CLERK},2006-01-05,yes\n"  # a Thursday
        f"{CLERK},2006-01-13,maybe\n"
        f"{CLERK},2006-01-20,yes\n"
        f"{CLERK},2006-01-20,no\n"  # the same session twice
        f"{CLERK},2007-01-05,yes\n"  # after the program
    )
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        with pytest.raises(ProgramError) as caught:
            import_attendance(ledger, sihui, write(tmp_path, text), today=dt.date(2007, 2, 1))
        assert ledger.entries(ATTENDANCE) == []
    found = {problem.location: problem.message for problem in caught.value.problems}
    assert "did you mean 'gov-office.staff-1'" in found["rows[0].post"]
    assert "Thursday" in found["rows[1].session"]
    assert "not yes or no" in found["rows[2].attended"]
    assert "already in rows[3]" in found["rows[4].session"]
    assert "not a study session" in found["rows[5].session"]


def test_the_records_are_verified_by_ledger_verify_program(sihui: Program, tmp_path: Path) -> None:
    runner = CliRunner()
    ledger_path = str(tmp_path / "ledger.sqlite")
    attendance = str(write(tmp_path, rows(JANUARY)))
    imported = runner.invoke(
        main, ["study", "import", str(SIHUI), attendance, "--ledger", ledger_path]
    )
    assert imported.exit_code == 0, imported.output
    assert "4 attendance record(s) stored" in imported.output
    verify = ["ledger", "verify", "--ledger", ledger_path, "--program", str(SIHUI), "--json"]
    good = runner.invoke(main, verify)
    assert good.exit_code == 0, good.output
    assert json.loads(good.stdout)["study_problems"] == []
    with Ledger.open(ledger_path) as ledger:  # records appended behind the import's back
        ledger.append(
            ATTENDANCE,
            "sihui-agencies-2006/study/nobody/2006-01-06",
            {"program": sihui.id, "post": "nobody", "session": "2006-01-06", "attended": True},
        )
        ledger.append(
            ATTENDANCE,
            "sihui-agencies-2006/study/gov-office.staff-2/2006-01-07",
            {"program": sihui.id, "post": "gov-office.staff-2", "session": "2006-01-07"},
        )
        assert len(study_problems(ledger, sihui)) == 2
    bad = runner.invoke(main, verify)
    assert bad.exit_code == 1
    problems = json.loads(bad.stdout)["study_problems"]
    assert any("post 'nobody' is not in program" in line for line in problems)
    assert any("cannot be read as an attendance record" in line for line in problems)


def test_the_cli_shows_a_missed_session_in_the_rate(tmp_path: Path) -> None:
    runner = CliRunner()
    ledger = str(tmp_path / "ledger.sqlite")
    path = write(tmp_path, rows(JANUARY, missed=("2006-01-20",)))
    assert runner.invoke(main, ["study", "import", str(SIHUI), str(path), "--ledger", ledger])
    shown = runner.invoke(
        main,
        ["study", "attendance", str(SIHUI), "--ledger", ledger, "--as-of", "2006-01-31", "--json"],
    )
    assert shown.exit_code == 0, shown.output
    posts = {row["post"]: row for row in json.loads(shown.stdout)["posts"]}
    assert posts[CLERK]["rate"] == 0.75
    assert (posts[CLERK]["attended"], posts[CLERK]["missed"]) == (3, 1)
    table = runner.invoke(
        main, ["study", "attendance", str(SIHUI), "--ledger", ledger, "--as-of", "2006-01-31"]
    )
    assert table.exit_code == 0, table.output
    assert "75.0%" in table.output
    assert "4 study session(s) held to 2006-01-31" in table.output


@pytest.mark.parametrize("path", [SIHUI, ZHAOQING], ids=lambda path: path.stem)
def test_the_sessions_held_are_the_fridays_campaign_discipline_simulates(path: Path) -> None:
    # the derived rate (attended / held) and the simulated attendance_rate mean the same
    # thing only if both count the same sessions: the weekly cycle's and the plugin's
    discipline = pytest.importorskip("vanguard_campaign_discipline.posts")
    program = _app().load_program(path)
    held = session_dates(program)
    assert len(held) == 52  # 2006 has 52 Fridays
    months = sorted({(day.year, day.month) for day in held})
    for year, month in months:
        in_month = sum(1 for day in held if (day.year, day.month) == (year, month))
        assert in_month == discipline.fridays(dt.date(year, month, 1)), (year, month)


def test_full_simulated_attendance_is_every_session_held(sihui: Program) -> None:
    initiative = pytest.importorskip("vanguard_campaign_discipline").INITIATIVE
    from vanguard.testing import simulate_initiative

    outputs = simulate_initiative(
        initiative,
        replications=3,
        params={"attendance_rate": 1.0, "attendance_spread": 0.0},
        start=sihui.start,
    ).outputs
    attended = outputs["discipline.attendance"].sum(axis=0)  # a year per replication, post
    assert np.all(attended == len(session_dates(sihui)))


def test_exam_topics_one_per_quarter_missing_or_repeated_is_a_located_problem(
    tmp_path: Path,
) -> None:
    text = SIHUI.read_text("utf-8")
    business = '  { en = "Business knowledge", zh = "业务知识" },\n'
    law = '  { en = "Law-based administration", zh = "依法行政" },\n'
    assert business in text
    cases = {
        "missing": (text.replace(business, ""), "cycles[3].topics", "2006Q4 has no topic"),
        "repeated": (
            text.replace(business, law),
            "cycles[3].topics[3]",
            "the topic of 2006Q4 ('Law-based administration') repeats that of 2006Q2",
        ),
        "extra": (
            text.replace(business, business + law.replace("Law-based", "Extra")),
            "cycles[3].topics[4]",
            "topic 5 falls in no quarter",
        ),
    }
    runner = CliRunner()
    for name, (variant, where, message) in cases.items():
        path = tmp_path / f"{name}.toml"
        path.write_text(variant, "utf-8")
        with pytest.raises(ProgramError) as caught:
            _app().load_program(path)
        found = {problem.location: problem.message for problem in caught.value.problems}
        assert message in found[where], name
        result = runner.invoke(main, ["validate", str(path)])
        assert result.exit_code == 1
        assert f"{where}: " in result.output, name
        assert message in result.output, name
    assert runner.invoke(main, ["validate", str(SIHUI), str(ZHAOQING)]).exit_code == 0
