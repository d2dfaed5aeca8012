"""Monthly reports in Excel workbooks (openpyxl, the ``excel`` extra).

Agencies collect reports in spreadsheets. :func:`write_report_template` writes the
workbook a clerk fills in for one year of a program: a sheet per month (``2006-03``) and,
for results a quarterly cycle links into the evaluation (exam scores), a sheet per quarter
(``2006Q1``); each lists every post with every indicator it reports, in the program's
words (post titles, indicator names and units, the tasks and values pledged), and leaves
two cells to fill: the value and the date it was filed.

:func:`report_rows` reads such a workbook back (or any workbook whose period-named sheets
have ``post``, ``indicator``, ``value`` and ``reported`` columns) into the same plain rows
:func:`vanguard.check_reports` takes: a row whose value is empty is not reported yet and is
left out. :func:`read_report_workbook` checks them, every problem located at its sheet,
row and column (``'2006-03'!I7 (value)``).
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from vanguard.model.cycle import Cadence
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.reports import Report, check_reports, reportable

COLUMNS = (
    ("post", "post", 24),
    ("post_title", "post title", 36),
    ("unit", "unit", 28),
    ("indicator", "indicator", 30),
    ("indicator_name", "indicator name", 40),
    ("measure", "unit of measure", 14),
    ("pledged", "pledged (task: value)", 26),
    ("value", "value", 12),
    ("reported", "reported (date filed)", 20),
)
"""The template's columns: (key, header, width). ``value`` and ``reported`` are filled in."""
HEADERS = {key: header for key, header, _ in COLUMNS}
READ = ("post", "indicator", "value", "reported")
"""The columns read back (found by their header, in any order)."""
README = "read me"
_PERIOD = re.compile(r"^\d{4}-\d{2}$|^\d{4}Q[1-4]$")


def openpyxl_module() -> Any:
    """openpyxl, or a :class:`VanguardError` saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise VanguardError(
            "Excel workbooks need openpyxl: pip install 'vanguard-campaigns[excel]'"
        ) from None
    return openpyxl


@attrs.frozen
class TemplateRow:
    """One line a clerk fills in: a post's indicator for one period."""

    post: str
    post_title: str
    unit: str
    indicator: str
    indicator_name: str
    measure: str
    pledged: str


def year_periods(program: Program, year: str) -> tuple[list[str], list[str]]:
    """The month labels and quarter labels of ``year`` (``"2006"``) of the program.

    :raises VanguardError: the program has no such year (naming the years it has).
    """
    calendar = ReviewCalendar(program)
    years = {occurrence.label: occurrence for occurrence in calendar.years}
    chosen = years.get(str(year))
    if chosen is None:
        raise VanguardError(
            f"program {program.id!r} has no year {year!r} (its years: {', '.join(years)})"
        )
    months = [m.label for m in calendar.months if chosen.start <= m.start <= chosen.end]
    quarters = [q.label for q in calendar.quarters if chosen.start <= q.start <= chosen.end]
    return months, quarters


def _quarterly(program: Program) -> set[str]:
    """Indicators whose results come from a quarterly cycle (the linked exam scores)."""
    cadence = {cycle.id: cycle.cadence for cycle in program.cycles}
    return {
        item.indicator
        for item in program.evaluation.linked
        if item.cycle is not None and cadence.get(item.cycle) is Cadence.QUARTERLY
    }


def template_rows(
    program: Program, indicators: Mapping[str, Indicator]
) -> tuple[list[TemplateRow], list[TemplateRow]]:
    """The rows of a month sheet and of a quarter sheet, posts in file order."""
    allowed = reportable(program, indicators)
    quarterly = _quarterly(program)
    units = {unit.id: str(unit.name) for unit in program.units}
    pledged: dict[tuple[str, str], list[str]] = {}
    for letter in program.letters:
        for pledge in letter.pledges:
            key = (letter.pledger, pledge.indicator)
            pledged.setdefault(key, []).append(f"{pledge.task}: {pledge.value:,g}")
    monthly: list[TemplateRow] = []
    quarter: list[TemplateRow] = []
    for post in program.posts:
        codes = allowed.get(post.id, set())
        order = [i for i in indicators if i in codes] + sorted(codes - set(indicators))
        for code in order:
            indicator = indicators.get(code)
            row = TemplateRow(
                post.id,
                str(post.title),
                units.get(post.unit, post.unit),
                code,
                str(indicator.name) if indicator else code,
                indicator.unit if indicator else "",
                "; ".join(pledged.get((post.id, code), [])),
            )
            (quarter if code in quarterly else monthly).append(row)
    return monthly, quarter


def write_report_template(
    program: Program, indicators: Mapping[str, Indicator], year: str, path: str | Path
) -> Path:
    """Write the workbook a clerk fills in for ``year`` of ``program`` to ``path``.

    ``indicators`` are those the program can use (``program.usable_indicators(app.indicators())``).
    The file is written whole or not at all (a temporary file renamed into place).
    """
    openpyxl = openpyxl_module()
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    months, quarters = year_periods(program, year)
    monthly, quarterly = template_rows(program, indicators)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = README
    for line in _readme(program, year, months, quarters):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    guide["A1"].font = Font(bold=True, size=13)
    fill = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
    sheets = [(label, monthly) for label in months]
    sheets += [(label, quarterly) for label in quarters if quarterly]
    for label, rows in sheets:
        sheet = book.create_sheet(label)
        sheet.append([header for _, header, _ in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([*attrs.astuple(row), None, None])
        for index, (_, _, width) in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
        sheet.freeze_panes = "C2"
        last = len(rows) + 1
        if last > 1:
            value, reported = _letter("value"), _letter("reported")
            numbers = DataValidation(type="decimal", allow_blank=True)
            numbers.error = "Enter a number."
            dates = DataValidation(type="date", allow_blank=True)
            dates.error = "Enter the date the report was filed (YYYY-MM-DD)."
            sheet.add_data_validation(numbers)
            sheet.add_data_validation(dates)
            numbers.add(f"{value}2:{value}{last}")
            dates.add(f"{reported}2:{reported}{last}")
            for cells in sheet[f"{value}2:{reported}{last}"]:
                for cell in cells:
                    cell.fill = fill
            for cell in sheet[f"{reported}2:{reported}{last}"]:
                cell[0].number_format = "yyyy-mm-dd"
    target = Path(path)
    save_whole(target, book.save)
    return target


def save_whole(target: Path, write: Callable[[Path], object]) -> None:
    """``write(partial)`` then rename it to ``target``: the file is whole or absent.

    :raises VanguardError: naming ``target``, when it cannot be written.
    """
    partial = target.with_name(f".{target.name}.partial")
    try:
        write(partial)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise VanguardError(f"{target}: cannot write: {error}") from None


def _letter(key: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter([k for k, _, _ in COLUMNS].index(key) + 1))


def _readme(program: Program, year: str, months: list[str], quarters: list[str]) -> list[str]:
    span = f"{months[0]} .. {months[-1]}" if months else "no months"
    return [
        f"Monthly reports {year}: {program.name}",
        "",
        f"One sheet per month ({span}); exam results have one sheet per quarter"
        + (f" ({', '.join(quarters)})." if quarters else "."),
        "Each row is one post's indicator. Fill in the yellow cells:",
        "  value: the month's figure (people trained this month, not the total so far;",
        "         a level such as a rate or a score as it stands at the month's end);",
        "  reported: the date the post filed the figure (YYYY-MM-DD).",
        "A figure held once a quarter (the exams a post sat) goes in the quarter's last month.",
        "Leave the value empty for what has not been reported: the row is then skipped.",
        "Do not change the post, indicator or sheet names: they are the program's ids.",
        "Import with:  vanguard ledger import PROGRAM THIS-FILE.xlsx",
    ]


@attrs.frozen
class Place:
    """Where a row read from a workbook is: its sheet, its row, its columns' positions."""

    sheet: str
    row: int
    columns: Mapping[str, int]

    def cell(self, key: str) -> str:
        """``'2006-03'!I7 (value)``: the cell of column ``key`` in this row."""
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(self.columns[key] + 1)
        return f"'{self.sheet}'!{letter}{self.row} ({HEADERS.get(key, key)})"

    def __str__(self) -> str:
        return f"'{self.sheet}'!{self.row}"


def open_workbook(path: str | Path) -> Any:
    """The workbook at ``path``, read-only with cell values (close it when done); a
    ProgramError naming the file when it is too large or not a workbook."""
    from vanguard.review.report_files import MAX_FILE_BYTES

    openpyxl = openpyxl_module()
    source = str(path)
    try:
        size = Path(path).stat().st_size
    except OSError as error:
        raise ProgramError([Problem("", f"cannot read the file: {error}")], source) from None
    if size > MAX_FILE_BYTES:  # the same limit as a report file of any other format
        problem = Problem("", f"the file has {size:,} bytes; at most {MAX_FILE_BYTES:,}")
        raise ProgramError([problem], source)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not xlsx
        problem = Problem("", f"not an Excel workbook (.xlsx): {type(error).__name__}: {error}")
        raise ProgramError([problem], source) from None


def sheet_table(
    sheet: Any, wanted: Mapping[str, Sequence[str]], required: Sequence[str]
) -> tuple[list[tuple[dict[str, Any], Place]], list[Problem]]:
    """The rows of ``sheet`` below its header row, as ``{key: cell value}`` with where
    each is, and the header's problems.

    ``wanted`` maps each key to the header texts that name its column (found in any
    order); a ``required`` key without a column is a problem located at the header, and
    then no row is read. Rows with every wanted cell empty are left out.
    """
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(lines, ())]
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for key, names in wanted.items():
        found = [i for i, text in enumerate(header) if text in names]
        if found:
            columns[key] = found[0]
        elif key in required:
            where = f"'{sheet.title}'!1"
            problems.append(Problem(where, f"no column {names[0]!r} in the header"))
    if problems:
        return [], problems
    rows: list[tuple[dict[str, Any], Place]] = []
    for number, line in enumerate(lines, start=2):
        cells = {key: line[i] if i < len(line) else None for key, i in columns.items()}
        if all(_blank(value) for value in cells.values()):
            continue
        rows.append((cells, Place(sheet.title, number, dict(columns))))
    return rows, []


def report_rows(path: str | Path) -> tuple[list[dict[str, Any]], list[Place]]:
    """The filled-in rows of every period sheet of the workbook at ``path``.

    Returns the rows (plain mappings of ``post``, ``indicator``, ``period``, ``value``,
    ``reported``, as :func:`vanguard.check_reports` takes them) and, for each, where it is
    (its sheet, row and columns). Sheets not named like a period (``2006-03``,
    ``2006Q1``) are ignored.

    :raises ProgramError: the file is not a workbook, or a period sheet lacks a column.
    """
    book = open_workbook(path)
    rows: list[dict[str, Any]] = []
    places: list[Place] = []
    problems: list[Problem] = []
    wanted = {key: (HEADERS[key], key) for key in READ}
    try:
        for sheet in book.worksheets:
            if not _PERIOD.match(sheet.title):
                continue
            table, found = sheet_table(sheet, wanted, READ)
            problems += found
            for cells, place in table:
                if _blank(cells["value"]):
                    continue  # not reported yet
                reported = cells["reported"]
                if isinstance(reported, dt.datetime):  # Excel stores dates as datetimes
                    reported = reported.date()
                rows.append(
                    {
                        "post": _text(cells["post"]),
                        "indicator": _text(cells["indicator"]),
                        "period": sheet.title,
                        "value": cells["value"],
                        "reported": "" if reported is None else reported,
                    }
                )
                places.append(place)
    finally:
        book.close()
    if problems:
        raise ProgramError(problems, str(path))
    return rows, places


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def read_report_workbook(
    path: str | Path,
    program: Program,
    indicators: Mapping[str, Indicator],
    accepted: Iterable[Report] = (),
    **options: Any,
) -> tuple[Report, ...]:
    """The reports in the workbook at ``path``, checked as a whole by
    :func:`vanguard.check_reports` (``options`` are passed on to it).

    :raises ProgramError: every bad row, located at its sheet, row and column.
    """
    rows, places = report_rows(path)
    try:
        return check_reports(program, rows, indicators, accepted, str(path), **options)
    except ProgramError as error:
        raise ProgramError([_located(p, places) for p in error.problems], str(path)) from None


_ROW = re.compile(r"^row (\d+)(?:\.(\w+))?")


def _located(problem: Problem, places: list[Place]) -> Problem:
    """``row 7.value`` of the checked rows as the workbook's ``'2006-03'!H9 (value)``."""
    found = _ROW.match(problem.location)
    if found is None or not 1 <= int(found[1]) <= len(places):
        return problem
    place = places[int(found[1]) - 1]
    column = found[2]
    if column in place.columns:
        where = place.cell(column)
    elif column == "period":
        where = f"'{place.sheet}' (the sheet's name is the period)"
    else:
        where = str(place)
    return attrs.evolve(problem, location=where + problem.location[found.end() :])


__all__ = [
    "COLUMNS",
    "Place",
    "TemplateRow",
    "open_workbook",
    "openpyxl_module",
    "read_report_workbook",
    "report_rows",
    "save_whole",
    "sheet_table",
    "template_rows",
    "write_report_template",
    "year_periods",
]
