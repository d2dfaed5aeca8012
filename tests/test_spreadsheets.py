"""Agencies work in spreadsheets: the report template a clerk fills in imports back, bad
cells are named by sheet and cell, and bulletins, evaluations and findings export to
Excel and CSV in the program's words."""

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from vanguard import Actuals, Indicator, Program, ProgramError, Vanguard, evaluate, read_reports
from vanguard.cli import main
from vanguard.cli.spreadsheets import bulletin_of
from vanguard.io.spreadsheets import HEADERS, read_report_workbook, write_report_template
from vanguard.reports.tables import bulletin_tables, evaluation_tables, write_tables

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ZHAOQING = EXAMPLES / "zhaoqing-2006.toml"
REPORTS = EXAMPLES / "zhaoqing-2006-reports.csv"
MONTHS = [f"2006-{m:02d}" for m in range(1, 13)]
QUARTERS = [f"2006Q{q}" for q in range(1, 5)]


@pytest.fixture(scope="module")
def app() -> Vanguard:
    return Vanguard()


@pytest.fixture(scope="module")
def program(app: Vanguard) -> Program:
    return app.load_program(ZHAOQING)


@pytest.fixture(scope="module")
def known(app: Vanguard, program: Program) -> dict[str, Indicator]:
    return program.usable_indicators(app.indicators())


@pytest.fixture(scope="module")
def template(
    program: Program, known: dict[str, Indicator], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("template") / "zhaoqing-2006.xlsx"
    write_report_template(program, known, "2006", path)
    return path


def columns(sheet: object) -> dict[str, int]:
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    return {key: header.index(text) for key, text in HEADERS.items()}


def fill(template: Path, target: Path) -> None:
    """What a clerk does: type each report of the year's CSV into its sheet and row.

    A figure held once a quarter that has no quarter sheet goes in the quarter's last month.
    """
    book = openpyxl.load_workbook(template)
    wanted = {}
    for row in csv.DictReader(REPORTS.open(encoding="utf-8")):
        period = row["period"]
        wanted[(row["post"], row["indicator"], period)] = row
    for sheet in book.worksheets[1:]:
        at = columns(sheet)
        for cells in sheet.iter_rows(min_row=2):
            post, code = cells[at["post"]].value, cells[at["indicator"]].value
            periods = [sheet.title]
            if sheet.title in MONTHS and int(sheet.title[-2:]) % 3 == 0:
                periods.append(f"2006Q{int(sheet.title[-2:]) // 3}")
            for period in periods:
                row = wanted.pop((post, code, period), None)
                if row is not None:
                    cells[at["value"]].value = float(row["value"])
                    if row["reported"]:
                        cells[at["reported"]].value = dt.date.fromisoformat(row["reported"])
    assert not wanted, f"rows the template has no line for: {list(wanted)[:5]}"
    book.save(target)


def test_the_template_lists_every_post_and_indicator_in_the_programs_words(
    program: Program, template: Path
) -> None:
    book = openpyxl.load_workbook(template, read_only=True)
    assert book.sheetnames == ["read me", *MONTHS, *QUARTERS]
    march = book["2006-03"]
    at = columns(march)
    rows = [tuple(cell.value for cell in line) for line in march.iter_rows(min_row=2)]
    posts = {row[at["post"]] for row in rows}
    assert posts == {post.id for post in program.posts}
    staff = next(row for row in rows if row[at["post"]] == "training.staff-1")
    assert staff[at["post_title"]] == str(program.post("training.staff-1").title)
    assert all(row[at["value"]] is None and row[at["reported"]] is None for row in rows)
    names = {row[at["indicator"]]: row[at["indicator_name"]] for row in rows}
    assert names["entrepreneurship.trained"].startswith("People given entrepreneurship training")
    exams = [tuple(c.value for c in line) for line in book["2006Q1"].iter_rows(min_row=2)]
    assert {row[at["indicator"]] for row in exams} == {"study.exam_score"}


def test_an_empty_template_imports_as_nothing_reported(
    program: Program, known: dict[str, Indicator], template: Path
) -> None:
    assert read_report_workbook(template, program, known) == ()


def test_a_filled_template_gives_the_same_year_as_the_report_file(
    program: Program, known: dict[str, Indicator], template: Path, tmp_path: Path
) -> None:
    filled = tmp_path / "filled.xlsx"
    fill(template, filled)
    from_sheet = read_reports(filled, program, known)
    from_csv = read_reports(REPORTS, program, known)
    assert len(from_sheet) == len(from_csv) == len(list(csv.DictReader(REPORTS.open())))
    assert sum(r.late for r in from_sheet) == sum(r.late for r in from_csv)
    year_sheet = Actuals.from_reports(program, from_sheet, known)
    year_csv = Actuals.from_reports(program, from_csv, known)
    np.testing.assert_array_equal(year_sheet.values, year_csv.values)
    np.testing.assert_array_equal(year_sheet.late, year_csv.late)


@pytest.mark.slow
def test_the_template_imports_into_the_ledger_from_the_command_line(
    template: Path, tmp_path: Path
) -> None:
    filled = tmp_path / "filled.xlsx"
    fill(template, filled)
    ledger = str(tmp_path / "ledger.sqlite")
    done = CliRunner().invoke(
        main, ["ledger", "import", str(ZHAOQING), str(filled), "--ledger", ledger]
    )
    assert done.exit_code == 0, done.output
    rows = len(list(csv.DictReader(REPORTS.open(encoding="utf-8"))))
    assert f"imported {rows} reports" in done.output


def test_a_bad_cell_is_named_by_its_sheet_and_cell(
    program: Program, known: dict[str, Indicator], template: Path, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(template)
    march = book["2006-03"]
    at = columns(march)
    march.cell(row=5, column=at["value"] + 1, value="about twelve")
    march.cell(row=6, column=at["post"] + 1, value="training.staff-9")
    march.cell(row=6, column=at["value"] + 1, value=3)
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    with pytest.raises(ProgramError) as caught:
        read_report_workbook(bad, program, known)
    where = {problem.location: problem.message for problem in caught.value.problems}
    value, post = chr(ord("A") + at["value"]), chr(ord("A") + at["post"])
    assert "got 'about twelve'" in where[f"'2006-03'!{value}5 (value)"]
    assert where[f"'2006-03'!{post}6 (post)"] == "unknown post 'training.staff-9'"
    assert caught.value.source == str(bad)


def test_a_sheet_without_its_columns_or_a_file_that_is_no_workbook_is_refused(
    program: Program, known: dict[str, Indicator], tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    book.active.title = "2006-01"
    book.active.append(["post", "indicator", "amount"])
    broken = tmp_path / "columns.xlsx"
    book.save(broken)
    with pytest.raises(ProgramError) as caught:
        read_report_workbook(broken, program, known)
    assert [str(p) for p in caught.value.problems] == [
        "'2006-01'!1: no column 'value' in the header",
        "'2006-01'!1: no column 'reported (date filed)' in the header",
    ]
    text = tmp_path / "reports.xlsx"
    text.write_text("post,indicator\n", encoding="utf-8")
    with pytest.raises(ProgramError, match=r"not an Excel workbook \(\.xlsx\)"):
        read_report_workbook(text, program, known)


def test_bulletin_and_evaluation_export_to_excel_and_csv_in_the_programs_words(
    program: Program, known: dict[str, Indicator], tmp_path: Path
) -> None:
    reports = read_reports(REPORTS, program, known)
    year = Actuals.from_reports(program, reports, known)
    bulletin = bulletin_of(program, year, "2006Q3", known)
    [workbook] = write_tables(bulletin_tables(program, bulletin, known), tmp_path / "q3.xlsx")
    book = openpyxl.load_workbook(workbook, read_only=True)
    assert book.sheetnames == ["posts", "units", "lines"]
    posts = [tuple(c.value for c in row) for row in book["posts"].iter_rows()]
    assert posts[0] == ("group", "rank", "change", "id", "name", "score", "status")
    assert len(posts) == 1 + len(bulletin.posts)
    assert any(row[2] not in (None, 0) for row in posts[1:])  # rank changes since Q2
    evaluation = evaluate(program, year, known)
    files = write_tables(evaluation_tables(program, evaluation, known), tmp_path / "2006.csv")
    assert [f.name for f in files] == ["2006-posts.csv", "2006-units.csv", "2006-findings.csv"]
    rows = list(csv.DictReader(files[0].open(encoding="utf-8-sig")))
    grades = {row["post"]: row["grade"] for row in rows}
    for appraisal in evaluation.posts:  # the grade in the words of the post's category
        assert grades[appraisal.post] == str(appraisal.grade_name or "")
    assert {grades[p.id] for p in program.posts if p.category == "staff"} >= {"qualified (合格)"}
    findings = list(csv.DictReader(files[2].open(encoding="utf-8-sig")))
    assert len(findings) == len(evaluation.findings)
    first = evaluation.findings[0]
    assert findings[0]["task name"] == str(program.task(first.task).name)
    assert not math.isnan(float(findings[0]["pledged"]))


def test_the_commands_write_the_template_and_the_exports(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "template.xlsx"
    done = runner.invoke(
        main, ["reports", "template", str(ZHAOQING), "--year", "2006", "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert out.is_file()
    done = runner.invoke(
        main, ["reports", "template", str(ZHAOQING), "--year", "2007", "--out", str(out)]
    )
    assert done.exit_code == 1
    assert "has no year '2007' (its years: 2006)" in done.output
    findings = tmp_path / "findings.csv"
    args = ["export", "findings", str(ZHAOQING), "--year", "2006", "--reports", str(REPORTS)]
    done = runner.invoke(main, [*args, "--out", str(findings)])
    assert done.exit_code == 0, done.output
    assert findings.read_text(encoding="utf-8-sig").startswith("post,post title,responsibility")
    done = runner.invoke(main, [*args, "--out", str(tmp_path / "findings.ods")])
    assert done.exit_code == 1
    assert "write .xlsx or .csv, not '.ods'" in done.output
    assert "Traceback" not in done.output
