"""Importing a year of reports quickly gives what the plain ways give.

The report check answers most rows from what earlier rows established (a post and
indicator already found fine, a period's month, a filing date) and checks the others in
full; the import appends its records as they are made. These tests feed both ways the
same rows, and one file, the same rows record by record, or two files the same ledger,
and ask for the same reports, problems, records and a chain that verifies; a bad row at
the end of a large file still records nothing.
"""

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.review.conftest import year_rows
from vanguard import Program, ProgramError, Vanguard
from vanguard.ledger import Ledger, store
from vanguard.review import check_reports
from vanguard.review import reports as reports_module
from vanguard.review.recording import add_reports, import_reports

EXAMPLES = Path(__file__).parents[2] / "examples"
COLUMNS = ["post", "indicator", "period", "value", "reported"]


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def checked(
    program: Program, rows: list[Any], monkeypatch: pytest.MonkeyPatch | None
) -> tuple[Any, ...] | list[str]:
    """The reports, or the located problems, of ``rows``; with ``monkeypatch``, every row
    takes the full check (the quick way switched off)."""
    known = program.usable_indicators()
    if monkeypatch is not None:
        monkeypatch.setattr(reports_module._Checker, "_quick", lambda self, row, number: None)
    try:
        return check_reports(program, rows, known, today=dt.date(2007, 6, 30))
    except ProgramError as error:
        return [f"{problem.location}: {problem.message}" for problem in error.problems]
    finally:
        if monkeypatch is not None:
            monkeypatch.undo()


# cells that are fine and cells that are not, in the shapes a file and the API give
posts = st.sampled_from(["head-a", "head-b", "head-c", "deputy", " head-a ", "nobody", "", 7])
indicators = st.sampled_from(
    ["training.trained", "service.complaints", "study.exam_score", "integrity.violations",
     "service.rate", "unknown.thing", "", None]
)  # fmt: skip
periods = st.sampled_from(["2006-01", "2006-06", "2006Q2", "2006-13", "2007-01", " 2006-03", ""])
values = st.sampled_from(["3", "-1", "2.5e3", "1_000", "", "nan", "1e13", 4, -2.0, True, None])
dates = st.sampled_from(
    ["2006-02-03", "2006-07-10", "2006-01-15", "2099-01-01", "2006-02-30", "", None,
     dt.date(2006, 8, 1)]
)  # fmt: skip


@st.composite
def report_rows(draw: st.DrawFn) -> dict[str, Any]:
    row: dict[str, Any] = {
        "post": draw(posts),
        "indicator": draw(indicators),
        "period": draw(periods),
        "value": draw(values),
        "reported": draw(dates),
    }
    for column in draw(st.sets(st.sampled_from(COLUMNS), max_size=1)):
        del row[column]
    if draw(st.integers(0, 20)) == 0:
        row["remark"] = "x"
    if draw(st.integers(0, 20)) == 0:
        row["post"] = "p" * 1001
    return row


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(report_rows(), max_size=12))
def test_the_quick_check_gives_the_full_checks_reports_and_problems(
    program: Program, rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert checked(program, rows, None) == checked(program, rows, monkeypatch)


def test_a_year_checked_quickly_equals_the_year_checked_in_full(
    program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {**row, "value": str(row["value"]), "reported": str(row["reported"])} for row in year_rows()
    ]
    rows += [dict(row) for row in rows[:3]]  # duplicates of earlier rows: located alike
    quick, full = checked(program, rows, None), checked(program, rows, monkeypatch)
    assert quick == full
    assert any("first reported at row 1" in line for line in quick)


def ledger_records(path: Path) -> list[tuple[str, str, Any]]:
    with Ledger.open(path) as ledger:
        assert ledger.verify().ok
        return [(entry.kind, entry.key, entry.payload) for entry in ledger.entries()]


def test_one_file_record_by_record_or_two_files_give_the_same_ledger(
    tmp_path: Path, app: Vanguard, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "_INSERT_CHUNK", 10)  # several chunks in one transaction
    rows = year_rows()
    half = len(rows) // 2
    one = write_csv(rows, tmp_path / "year.csv")
    first, second = (
        write_csv(rows[:half], tmp_path / "a.csv"),
        write_csv(rows[half:], tmp_path / "b.csv"),
    )
    with Ledger.open(tmp_path / "one.sqlite") as ledger:
        entries = import_reports(ledger, program, one, converter=app.converter)
        assert len(entries) == len(rows)
        assert entries == ledger.entries("report")
        assert import_reports(ledger, program, one, converter=app.converter) == []  # a retry
    with Ledger.open(tmp_path / "two.sqlite") as ledger:
        import_reports(ledger, program, first, converter=app.converter)
        import_reports(ledger, program, second, converter=app.converter)
    with Ledger.open(tmp_path / "rows.sqlite") as ledger:
        add_reports(ledger, program, rows[:1], converter=app.converter)
        for row in rows[1:]:
            add_reports(ledger, program, [row], converter=app.converter)
    expected = ledger_records(tmp_path / "one.sqlite")
    assert ledger_records(tmp_path / "two.sqlite") == expected
    assert ledger_records(tmp_path / "rows.sqlite") == expected


def test_a_bad_row_at_the_end_of_a_large_file_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "_INSERT_CHUNK", 500)  # several insert chunks in the one transaction
    app = Vanguard()  # with the installed plugins: Zhaoqing's indicators come from them
    program = app.load_program(EXAMPLES / "zhaoqing-2006.toml")
    with (EXAMPLES / "zhaoqing-2006-reports.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[-1] = {**rows[-1], "value": "12,5"}
    path = write_csv(rows, tmp_path / "year.csv")
    with Ledger.open(tmp_path / "l.sqlite") as ledger:
        with pytest.raises(ProgramError) as caught:
            app.review(program, ledger=ledger).record(path)
        assert [problem.location for problem in caught.value.problems] == [f"row {len(rows)}.value"]
        assert len(ledger) == 0  # not one letter, not one report
        rows[-1] = {**rows[-1], "value": "12.5"}
        entries = app.review(program, ledger=ledger).record(write_csv(rows, path))
        assert len(entries) == len(rows)
        assert ledger.verify().ok
