"""``vanguard reports template`` and ``vanguard export``: the review in spreadsheets.

``reports template PROGRAM --year 2006`` writes the Excel workbook a clerk fills in (a
sheet per month, a row per post and indicator, in the program's words); ``vanguard ledger
import PROGRAM FILE.xlsx`` (or ``--reports FILE.xlsx`` on any review command) reads it
back. ``export bulletin|evaluation|findings`` write what the review computes from the
ledger's reports (or a report file) to ``.xlsx`` (a sheet per table) or ``.csv`` (a file
per table); they record nothing.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from vanguard.cli._common import LEDGER, app, reports_problems, text
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.review.actuals import Actuals

PROGRAM = click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
OUT = click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .xlsx (a sheet per table) or .csv (a file per table).",
)
REPORTS = click.option(
    "--reports",
    "reports_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read reports from this CSV/JSON/XLSX file instead of the ledger.",
)


@click.command(name="template")
@PROGRAM
@click.option("--year", required=True, help="The program year, e.g. 2006.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The workbook to write (default: PROGRAM-ID-YEAR-reports.xlsx).",
)
@reports_problems
def template_command(program_path: Path, year: str, out_path: Path | None) -> None:
    """Write the Excel workbook a clerk fills in with a year's monthly reports."""
    from vanguard.io.spreadsheets import write_report_template

    vanguard = app()
    program = vanguard.load_program(program_path)
    target = out_path or Path(f"{program.id}-{year}-reports.xlsx")
    indicators = program.usable_indicators(vanguard.indicators())
    write_report_template(program, indicators, year, target)
    _ = text()
    click.echo(
        _(
            "wrote {path}: the {year} reports of {program} to fill in",
            path=target,
            year=year,
            program=program.id,
        )
    )


def add_to_reports(main: click.Group) -> None:
    """Put ``template`` in the ``reports`` group (made here when no other module made it)."""
    group = main.commands.get("reports")
    if not isinstance(group, click.Group):
        group = click.Group("reports", help="Monthly reports in files and spreadsheets.")
        main.add_command(group)
    group.add_command(template_command)


def _export_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--out``, ``--ledger`` and ``--reports``, and errors reported without a traceback."""
    for option in (reports_problems, REPORTS, LEDGER, OUT):
        command = option(command)
    return command


@click.group(name="export")
def export_group() -> None:
    """Write bulletins, evaluations and findings to Excel (.xlsx) or CSV."""


def _actuals(vanguard: Any, program: Program, ledger_url: str, reports: Path | None) -> Actuals:
    known = program.usable_indicators(vanguard.indicators())
    if reports is not None:
        from vanguard.review.reports import read_reports

        return Actuals.from_reports(program, read_reports(reports, program, known), known)
    from vanguard.review.recording import ledger_actuals, require_program_reports

    with vanguard.open_ledger(ledger_url, create=False) as ledger:
        require_program_reports(ledger, program)
        return ledger_actuals(ledger, program, vanguard.indicators())


def _export(
    program_path: Path,
    ledger_url: str,
    reports_path: Path | None,
    out_path: Path,
    tables: Callable[[Program, Actuals, dict[str, Any]], list[Any]],
) -> None:
    from vanguard.reports.tables import write_tables

    vanguard = app()
    program = vanguard.load_program(program_path)
    actuals = _actuals(vanguard, program, ledger_url, reports_path)
    indicators = program.usable_indicators(vanguard.indicators())
    _ = text()
    for path in write_tables(tables(program, actuals, indicators), out_path):
        click.echo(_("wrote {path}", path=path))


@export_group.command(name="bulletin")
@PROGRAM
@click.option("--quarter", required=True, help="The quarter, e.g. 2006Q3.")
@_export_options
def export_bulletin(
    program_path: Path, quarter: str, out_path: Path, ledger_url: str, reports_path: Path | None
) -> None:
    """A quarter's bulletin: the rankings of posts and units, and every pledge's progress."""
    from vanguard.reports.tables import bulletin_tables

    def tables(program: Program, actuals: Actuals, indicators: dict[str, Any]) -> list[Any]:
        return bulletin_tables(
            program, bulletin_of(program, actuals, quarter, indicators), indicators
        )

    _export(program_path, ledger_url, reports_path, out_path, tables)


def bulletin_of(program: Program, actuals: Actuals, quarter: str, indicators: Any) -> Any:
    """The bulletin of ``quarter``, its rank changes measured against the quarters before."""
    from vanguard.review.bulletin import publish_bulletin
    from vanguard.review.calendar import ReviewCalendar

    labels = [q.label for q in ReviewCalendar(program).quarters]
    if quarter not in labels:
        raise VanguardError(
            f"program {program.id!r} has no quarter {quarter!r} (its quarters: {', '.join(labels)})"
        )
    bulletin = None
    for label in labels[: labels.index(quarter) + 1]:
        bulletin = publish_bulletin(program, actuals, label, indicators, bulletin)
    return bulletin


@export_group.command(name="evaluation")
@PROGRAM
@click.option("--year", required=True, help="The program year, e.g. 2006.")
@_export_options
def export_evaluation(
    program_path: Path, year: str, out_path: Path, ledger_url: str, reports_path: Path | None
) -> None:
    """The year-end evaluation: every post's and unit's appraisal, and the findings."""
    from vanguard.reports.tables import evaluation_tables

    def tables(program: Program, actuals: Actuals, indicators: dict[str, Any]) -> list[Any]:
        return evaluation_tables(
            program, _evaluation(program, actuals, year, indicators), indicators
        )

    _export(program_path, ledger_url, reports_path, out_path, tables)


@export_group.command(name="findings")
@PROGRAM
@click.option("--year", required=True, help="The program year, e.g. 2006.")
@_export_options
def export_findings(
    program_path: Path, year: str, out_path: Path, ledger_url: str, reports_path: Path | None
) -> None:
    """The year's accountability findings, one row each."""
    from vanguard.reports.tables import findings_table

    def tables(program: Program, actuals: Actuals, indicators: dict[str, Any]) -> list[Any]:
        evaluation = _evaluation(program, actuals, year, indicators)
        return [findings_table(program, evaluation.findings, indicators)]

    _export(program_path, ledger_url, reports_path, out_path, tables)


def _evaluation(program: Program, actuals: Actuals, year: str, indicators: Any) -> Any:
    from vanguard.io.spreadsheets import year_periods
    from vanguard.review.yearend import evaluate

    year_periods(program, year)  # a year the program has, or an error naming its years
    return evaluate(program, actuals, indicators, year=year)


__all__ = ["add_to_reports", "bulletin_of", "export_group", "template_command"]
