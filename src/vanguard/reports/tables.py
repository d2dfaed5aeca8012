"""Bulletins, evaluations and findings as tables, written to Excel (.xlsx) or CSV.

Each table names things in the program's words beside their ids (post titles, unit and
task names, indicator names and units, grades in the vocabulary of the post's category),
so an agency can open, filter and print it. :func:`write_tables` writes one sheet per table
to a workbook (openpyxl, the ``excel`` extra) or one CSV file per table (UTF-8 with a byte
order mark, which spreadsheet programs need to read Chinese correctly).
"""

import csv
import functools
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from vanguard.io.spreadsheets import openpyxl_module, save_whole
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.review.bulletin import Bulletin, Standing
from vanguard.review.findings import Finding
from vanguard.review.yearend import Evaluation

PLEDGE_HEADERS = (
    "post",
    "post title",
    "task",
    "task name",
    "indicator",
    "indicator name",
    "unit of measure",
)
"""The columns naming a pledge: the cells of ``_Names.pledge``."""


@attrs.frozen
class Table:
    """A named table: its column headers and its rows (plain values)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


class _Names:
    """The program's words for its ids."""

    def __init__(self, program: Program, indicators: Mapping[str, Indicator]) -> None:
        self.program = program
        self.indicators = indicators
        self.posts = {post.id: post for post in program.posts}
        self.units = {unit.id: str(unit.name) for unit in program.units}
        self.tasks = {task.id: str(task.name) for task in program.tasks}
        rules = program.evaluation
        self.vocabulary = {v.category: v.names for v in rules.vocabularies}
        self.grades = [band.id for band in rules.grades]
        self.band_names = {band.id: band.name for band in rules.grades}

    def post(self, post_id: str) -> str:
        post = self.posts.get(post_id)
        return str(post.title) if post else post_id

    def indicator(self, code: str) -> tuple[str, str]:
        indicator = self.indicators.get(code)
        return (str(indicator.name), indicator.unit) if indicator else (code, "")

    def pledge(self, post: str, task: str, indicator: str) -> tuple[str, ...]:
        """A pledge's post, task and indicator, each id beside its name (and the unit)."""
        name, unit = self.indicator(indicator)
        return (post, self.post(post), task, self.tasks.get(task, task), indicator, name, unit)

    def grade(self, category: str, grade: str | None) -> str:
        """A grade in the words of ``category`` (the band's own name, else its id)."""
        if grade is None:
            return ""
        names = self.vocabulary.get(category)
        if names is not None and grade in self.grades:
            return str(names[self.grades.index(grade)])
        name = self.band_names.get(grade)
        return str(name) if name is not None else grade


def _number(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def bulletin_tables(
    program: Program, bulletin: Bulletin, indicators: Mapping[str, Indicator]
) -> list[Table]:
    """The bulletin's rankings of posts and units, and every pledge line's progress."""
    names = _Names(program, indicators)

    def standing(item: Standing, name: str) -> tuple[Any, ...]:
        status = item.status.value if item.status is not None else ""
        return (item.group, item.rank, item.change, item.id, name, _number(item.score), status)

    posts = tuple(standing(s, names.post(s.id)) for s in bulletin.posts)
    units = tuple(standing(s, names.units.get(s.id, s.id)) for s in bulletin.units)
    lines = tuple(
        (
            *names.pledge(line.post, line.task, line.indicator),
            line.pledged,
            line.due,
            _number(line.actual),
            _number(line.achievement),
            line.status.value,
            _number(line.score),
        )
        for line in bulletin.lines
    )
    ranking = ("rank", "change", "id", "name", "score", "status")
    return [
        Table("posts", ("group", *ranking), posts),
        Table("units", ("kind", *ranking), units),
        Table(
            "lines",
            (*PLEDGE_HEADERS, "pledged", "due", "actual", "achievement", "status", "score"),
            lines,
        ),
    ]


def findings_table(
    program: Program, findings: Sequence[Finding], indicators: Mapping[str, Indicator]
) -> Table:
    """One row per accountability finding, with the program's names."""
    names = _Names(program, indicators)
    rows = tuple(
        (
            f.post,
            names.post(f.post),
            f.responsibility.value,
            *names.pledge(f.line_post, f.task, f.indicator),
            f.pledged,
            _number(f.actual),
            _number(f.achievement),
            f.severity,
            f.rule,
        )
        for f in findings
    )
    headers = (
        "post",
        "post title",
        "responsibility",
        "pledged by",
        "pledged by (title)",
        *PLEDGE_HEADERS[2:],
        "pledged",
        "actual",
        "achievement",
        "severity",
        "rule",
    )
    return Table("findings", headers, rows)


def evaluation_tables(
    program: Program, evaluation: Evaluation, indicators: Mapping[str, Indicator]
) -> list[Table]:
    """Every post's and unit's appraisal, and the accountability findings."""
    names = _Names(program, indicators)
    posts = tuple(
        (
            p.category,
            p.rank,
            p.post,
            names.post(p.post),
            names.units.get(p.unit, p.unit),
            _number(p.task_score),
            _number(p.final),
            names.grade(p.category, p.reached),
            names.grade(p.category, p.grade),
            ", ".join(p.vetoes),
            p.late_reports,
        )
        for p in evaluation.posts
    )
    units = tuple(
        (u.kind, u.rank, u.unit, names.units.get(u.unit, u.unit), _number(u.score), u.grade or "")
        for u in evaluation.units
    )
    post_headers = (
        "category",
        "rank",
        "post",
        "post title",
        "unit",
        "task score",
        "final score",
        "score reached",
        "grade",
        "vetoes",
        "late reports",
    )
    return [
        Table("posts", post_headers, posts),
        Table("units", ("kind", "rank", "unit", "name", "score", "grade"), units),
        findings_table(program, evaluation.findings, indicators),
    ]


def write_tables(tables: Sequence[Table], path: str | Path) -> list[Path]:
    """Write ``tables`` to ``path``: a workbook (.xlsx, a sheet per table) or CSV.

    For CSV, a single table goes to ``path`` itself and several to ``<stem>-<table>.csv``
    beside it. Each file is written whole or not at all. Returns the files written.

    :raises VanguardError: another suffix, or a file cannot be written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        save_whole(target, lambda partial: _workbook(tables, partial))
        return [target]
    if suffix != ".csv":
        raise VanguardError(f"{target}: write .xlsx or .csv, not {target.suffix or 'no suffix'!r}")
    written = []
    for table in tables:
        out = target if len(tables) == 1 else target.with_name(f"{target.stem}-{table.name}.csv")
        save_whole(out, functools.partial(_csv, table))
        written.append(out)
    return written


def _csv(table: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(table.headers)
        writer.writerows(["" if cell is None else cell for cell in row] for row in table.rows)


def _workbook(tables: Sequence[Table], path: Path) -> None:
    openpyxl = openpyxl_module()
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, header in enumerate(table.headers, start=1):
            widest = max([len(header), *(len(str(row[index - 1])) for row in table.rows[:200])])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 60)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


__all__ = ["Table", "bulletin_tables", "evaluation_tables", "findings_table", "write_tables"]
