"""``vanguard study import|attendance``: Friday study sessions recorded (学习制度).

``import`` records an attendance file (CSV or JSON rows ``post, session, attended``, see
:mod:`vanguard.review.study`), idempotently, storing nothing if any row is wrong, and
files the monthly sessions attended it derives as the posts' reports of the program's
attendance indicator; ``attendance`` prints each post's sessions held, attended and
missed to a date and its attendance rate.
"""

import datetime as dt
from pathlib import Path

import click
from rich.table import Table

from vanguard.cli._common import LEDGER, app, console, current_language, reports_problems, text
from vanguard.cli._json import AS_JSON, emit, program_header
from vanguard.cli.reports import DATE, ENCODING, as_date


@click.group(name="study")
def study_group() -> None:
    """Study sessions (学习制度): attendance per post and session, attendance rates."""


@study_group.command(name="import")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("attendance_path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@LEDGER
@ENCODING
@reports_problems
def import_command(
    program_path: Path, attendance_path: Path, ledger_url: str, encoding: str | None
) -> None:
    """Record the attendances of a CSV or JSON file (columns post, session, attended;
    optionally note) in one transaction, then file each post's sessions attended per
    month as its report of the attendance indicator (a correction where a report in
    force differs).

    Importing the same file again stores nothing. If any row is wrong (an unknown post, a
    day that is not a session of the program's study cycle, a record contradicting a
    stored one), every bad cell is named and nothing is stored.
    """
    from vanguard.review.study import import_attendance

    vanguard = app()
    program = vanguard.load_program(program_path)
    with vanguard.open_ledger(ledger_url) as ledger:
        entries = import_attendance(
            ledger, program, attendance_path, vanguard.indicators(), encoding=encoding
        )
    _ = text()
    click.echo(
        _(
            "{program}: {count} attendance record(s) stored",
            program=program.id,
            count=len(entries),
        )
    )


@study_group.command(name="attendance")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@LEDGER
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    help="Count the sessions held up to this date (YYYY-MM-DD; default today, or the "
    "program's end if earlier).",
)
@AS_JSON
@reports_problems
def attendance_command(
    program_path: Path, ledger_url: str, as_of: dt.datetime | None, as_json: bool
) -> None:
    """Each post's study sessions held, attended, missed and unrecorded (counted as not
    attended) to --as-of, and its attendance rate (attended / held). Exits 0."""
    from vanguard.review.study import attendance_rows, stored_study

    vanguard = app()
    program = vanguard.load_program(program_path)
    day = min(as_date(as_of) or dt.date.today(), program.end)
    with vanguard.open_ledger(ledger_url, create=False) as ledger:
        records = stored_study(ledger, program)
    rows = attendance_rows(records, program, day)
    if as_json:
        emit("study attendance", **program_header(program, program_path), as_of=day, posts=rows)
        return
    _ = text()
    language = current_language()
    titles = {post.id: post.title.show(language) for post in program.posts}
    table = Table(_("post"), _("held"), _("attended"), _("missed"), _("unrecorded"), _("rate"))
    for row in rows:
        rate = "-" if row["rate"] is None else f"{row['rate']:.1%}"
        table.add_row(
            titles.get(row["post"], row["post"]),
            str(row["held"]),
            str(row["attended"]),
            str(row["missed"]),
            str(row["unrecorded"]),
            rate,
        )
    console().print(table)
    held = rows[0]["held"] if rows else 0
    click.echo(
        _(
            "{program}: {held} study session(s) held to {date}",
            program=program.id,
            held=held,
            date=day,
        )
    )


__all__ = ["study_group"]
