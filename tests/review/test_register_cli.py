"""``vanguard problems measure|resolve|correct`` and the Excel import of the register.

Each command appends one record to a stored case; a bad input is refused naming its place
(exit status 1) and records nothing. A workbook of cases imports as the same register as
the CSV file it was typed from, Excel dates included, and a bad cell is named by its
sheet, row and column.
"""

import csv
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vanguard import Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.problems import ProgramError
from vanguard.review.register import import_cases, stored_register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROGRAM = str(EXAMPLES / "sihui-2006.toml")
CASES = EXAMPLES / "sihui-2006-register.csv"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    if "problem-rectification" not in Vanguard().initiatives():
        pytest.skip("the problem-rectification plugin is not installed")
    path = str(tmp_path / "ledger.sqlite")
    assert run("problems", "import", PROGRAM, str(CASES), "--ledger", path).exit_code == 0
    return path


def _records(path: str) -> int:
    with Ledger.open(path, create=False) as opened:
        return len(opened)


def _case(path: str, case: str) -> object:
    with Ledger.open(path, create=False) as opened:
        return stored_register(opened, Vanguard().load_program(PROGRAM)).get(case)


def test_a_measure_then_the_resolution_of_the_long_pending_case(ledger: str) -> None:
    measured = run(
        "problems", "measure", PROGRAM, "R02", "approvals reviewed one by one",
        "--on", "2006-11-02", "--ledger", ledger,
    )  # fmt: skip
    assert measured.exit_code == 0, measured.output
    assert "case R02: measure 3 of 2006-11-02 recorded" in measured.output
    resolved = run(
        "problems", "resolve", PROGRAM, "R02", "approvals settled",
        "--on", "2006-12-20", "--ledger", ledger,
    )  # fmt: skip
    assert resolved.exit_code == 0, resolved.output
    assert "case R02: resolved on 2006-12-20, after its deadline" in resolved.output
    listed = run("problems", "list", PROGRAM, "--open", "--as-of", "2006-12-31", "--ledger", ledger)
    assert "R02" not in listed.output
    assert "0 long-pending" in listed.output
    case = _case(ledger, "R02")
    assert [m.description for m in case.measures][-1] == "approvals reviewed one by one"  # type: ignore[attr-defined]


def test_a_correction_of_the_deadline_names_old_new_who_and_when(ledger: str) -> None:
    result = run(
        "problems", "correct", PROGRAM, "R02", "deadline", "2006-12-31",
        "--by", "supervision.head", "--reason", "extended by the leading group",
        "--on", "2006-09-20", "--ledger", ledger,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "case R02: deadline corrected from 2006-08-31 to 2006-12-31 by supervision.head on "
        "2006-09-20" in result.output
    )
    listed = run("problems", "list", PROGRAM, "--as-of", "2006-12-31", "--ledger", ledger)
    assert "0 long-pending" in listed.output


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (
            ("measure", "R02", "x", "--on", "2006-01-01"),
            "case R02.measures[3]: 2006-01-01 is not between the opening and today",
        ),
        (("measure", "R02", " ", "--on", "2006-11-01"), "case R02.measures[3]: required"),
        (
            ("resolve", "R99", "done", "--on", "2006-11-01"),
            "case R99: the register of 'sihui-agencies-2006' holds no such case (did you "
            "mean 'R09'?)",
        ),
        (
            ("resolve", "R01", "again", "--on", "2006-11-01"),
            "case R01: already resolved on 2006-06-15: record a correction of the date "
            "instead (vanguard problems correct PROGRAM R01 resolved DATE",
        ),
        (
            ("resolve", "R02", "done", "--on", "2006-02-01"),
            "case R02.resolved: 2006-02-01 is not between the opening and today",
        ),
        (
            ("correct", "R02", "deadlin", "2006-12-31", "--by", "a", "--reason", "b"),
            "field: 'deadlin' cannot be corrected (did you mean 'deadline'?)",
        ),
        (
            ("correct", "R02", "owner", "mayor", "--by", "a", "--reason", "b"),
            "case R02.owner: post 'mayor' is in unit 'leadership', not 'land-resources'",
        ),
        (
            ("correct", "R02", "deadline", "2006-02-30", "--by", "a", "--reason", "b"),
            "case R02.deadline:",
        ),
        (
            ("correct", "R02", "resolved", "2006-12-01", "--by", "a", "--reason", "b"),
            "case R02.resolved: the case is not resolved: record its resolution instead",
        ),
        (
            ("correct", "R02", "deadline", "2006-12-31", "--by", " ", "--reason", "b"),
            "by: required: who corrects the case, and why",
        ),
    ],
)
def test_a_bad_input_is_refused_at_its_place_and_records_nothing(
    ledger: str, arguments: tuple[str, ...], named: str
) -> None:
    before = _records(ledger)
    verb, *rest = arguments
    result = run("problems", verb, PROGRAM, *rest, "--ledger", ledger)
    assert result.exit_code == 1, result.output
    assert named in result.output
    assert "Traceback" not in result.output
    assert _records(ledger) == before


# --- Excel ------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[dict[str, str]], *, as_dates: bool = True) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "cases"
    header = list(rows[0])
    sheet.append(list(reversed(header)))  # columns are found by their header, any order
    for row in rows:
        cells: list[object] = []
        for name in reversed(header):
            value: object = row[name]
            if as_dates and name in ("opened", "deadline", "resolved") and value:
                value = dt.datetime.fromisoformat(str(value))  # typed as an Excel date
            cells.append(value or None)
        sheet.append(cells)
    book.save(path)
    return path


def _rows() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def test_a_workbook_imports_as_the_same_register_as_the_csv(tmp_path: Path) -> None:
    app = Vanguard()
    program = app.load_program(PROGRAM)
    book = _workbook(tmp_path / "cases.xlsx", _rows())
    with Ledger.open(tmp_path / "a.sqlite") as from_csv, Ledger.open(tmp_path / "b.sqlite") as xl:
        import_cases(from_csv, program, CASES)
        stored = import_cases(xl, program, book)
        assert len(stored) == 12 + 14 + 10  # openings, measures, resolutions
        assert stored_register(xl, program) == stored_register(from_csv, program)
        assert import_cases(xl, program, book) == []  # idempotent, as for a CSV file
    result = run("problems", "import", PROGRAM, str(book), "--ledger", str(tmp_path / "c.sqlite"))
    assert result.exit_code == 0, result.output
    assert "sihui-agencies-2006: 36 register record(s) stored" in result.output


def test_a_bad_cell_of_a_workbook_is_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    rows = _rows()
    rows[3]["owner"] = "construction.head"  # R04 belongs to civil affairs
    book = _workbook(tmp_path / "cases.xlsx", rows)
    program = Vanguard().load_program(PROGRAM)
    with Ledger.open(tmp_path / "l.sqlite") as ledger, pytest.raises(ProgramError) as refused:
        import_cases(ledger, program, book)
    assert len(Ledger.open(tmp_path / "l.sqlite")) == 0
    (problem,) = refused.value.problems
    # header reversed: owner is the 8th of 10 columns (H); R04 is on row 5
    assert problem.location == "'cases'!H5 (owner)"
    assert "is in unit 'construction', not 'civil-affairs'" in problem.message
    assert refused.value.source == str(book)


def test_a_workbook_without_a_required_column_is_refused_at_its_header(tmp_path: Path) -> None:
    rows = [{k: v for k, v in row.items() if k != "deadline"} for row in _rows()]
    book = _workbook(tmp_path / "cases.xlsx", rows)
    program = Vanguard().load_program(PROGRAM)
    with Ledger.open(tmp_path / "l.sqlite") as ledger, pytest.raises(ProgramError) as refused:
        import_cases(ledger, program, book)
    assert [str(p) for p in refused.value.problems] == [
        "'cases'!1: no column 'deadline' in the header"
    ]
