"""``vanguard problems list|import|measure|resolve|correct``: the rectification register
(整改台账).

``list`` prints a program's cases as the ledger's records add up at a date (``--open``:
only those still open then), long-pending ones (open past their deadline) marked;
``import`` registers a case file (CSV, JSON or Excel rows, see
:mod:`vanguard.review.register`), idempotently, storing nothing if any row is wrong.
``measure``, ``resolve`` and ``correct`` append one record each to a stored case (a
measure taken, its resolution, a correction of one field: who, when, why); nothing is
ever edited, and a refused input (each problem named at its place) records nothing.
"""

import datetime as dt
from pathlib import Path

import click
from rich.table import Table

from vanguard.cli._common import LEDGER, app, console, current_language, reports_problems, text
from vanguard.cli._json import AS_JSON, emit, program_header
from vanguard.cli.reports import DATE, ENCODING, as_date


@click.group(name="problems")
def problems_group() -> None:
    """The rectification register: problems, measures, resolutions, long-pending cases."""


@problems_group.command(name="list")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@LEDGER
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    help="Judge the register as it stood at the end of this date (YYYY-MM-DD; default "
    "today): cases opened later are left out, later measures and resolutions not counted.",
)
@click.option("--open", "open_only", is_flag=True, help="Only the cases open at --as-of.")
@AS_JSON
@reports_problems
def list_command(
    program_path: Path, ledger_url: str, as_of: dt.datetime | None, open_only: bool, as_json: bool
) -> None:
    """List the program's rectification cases: unit, owner post, deadline, measures, and
    whether each is open or long-pending (open past its deadline) at --as-of. Exits 0."""
    from vanguard.review.register import case_rows, stored_register
    from vanguard.review.register_actuals import unplaced_cases

    vanguard = app()
    program = vanguard.load_program(program_path)
    day = as_date(as_of) or dt.date.today()
    with vanguard.open_ledger(ledger_url, create=False) as ledger:
        register = stored_register(ledger, program)
    rows = case_rows(register, program, day, open_only=open_only)
    for problem in unplaced_cases(program, register):
        click.echo(f"warning: {problem}", err=True)
    pending = sum(1 for row in rows if row["long_pending"])
    if as_json:
        emit(
            "problems list",
            **program_header(program, program_path),
            as_of=day,
            open_only=open_only,
            long_pending=pending,
            cases=rows,
        )
        return
    _ = text()
    language = current_language()
    if rows:
        table = Table(_("case"), _("unit"), _("owner"), _("deadline"), _("measures"))
        table.add_column(_("state"))
        table.add_column(_("description"), overflow="fold")
        titles = {post.id: post.title.show(language) for post in program.posts}
        for row in rows:
            if row["long_pending"]:
                state = _("long-pending, {days} days overdue", days=row["days_overdue"])
            elif row["open"]:
                state = _("open")
            else:
                state = _("resolved {date}", date=row["resolved"])
            table.add_row(
                row["case"],
                row["unit"],
                titles.get(row["owner"], row["owner"]),
                row["deadline"],
                str(row["measures"]),
                state,
                row["description"],
            )
        console().print(table)
    click.echo(
        _(
            "{program}: {count} case(s) as of {date}, {pending} long-pending",
            program=program.id,
            count=len(rows),
            date=day,
            pending=pending,
        )
    )


@problems_group.command(name="import")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("cases_path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@LEDGER
@ENCODING
@reports_problems
def import_command(
    program_path: Path, cases_path: Path, ledger_url: str, encoding: str | None
) -> None:
    """Register the cases of a CSV or JSON file (columns case, unit, owner, description,
    source, opened, deadline; optionally measures as ``DATE: text; ...``, resolved,
    resolution) in one transaction.

    Importing the same file again stores nothing; a file that adds measures or a
    resolution to stored cases stores just those. If any row is wrong (or changes what is
    stored: record a correction instead), every bad cell is named and nothing is stored.
    """
    from vanguard.review.register import import_cases

    vanguard = app()
    program = vanguard.load_program(program_path)
    with vanguard.open_ledger(ledger_url) as ledger:
        entries = import_cases(ledger, program, cases_path, encoding=encoding)
    _ = text()
    click.echo(
        _("{program}: {count} register record(s) stored", program=program.id, count=len(entries))
    )


CASE = click.argument("case")
ON = click.option(
    "--on",
    "on",
    type=DATE,
    required=True,
    help="The date it was done (YYYY-MM-DD): not before the case opened, not in the future.",
)


@problems_group.command(name="measure")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@CASE
@click.argument("description")
@ON
@LEDGER
@reports_problems
def measure_command(
    program_path: Path, case: str, description: str, on: dt.datetime, ledger_url: str
) -> None:
    """Record a rectification measure (整改措施) taken on CASE: what was done, and --on
    which date. Appends a ``case.measure`` record; a resolved case may still take one."""
    from vanguard.review.register import add_measure

    vanguard = app()
    program = vanguard.load_program(program_path)
    taken = as_date(on)
    assert taken is not None  # the option is required
    with vanguard.open_ledger(ledger_url, create=False) as ledger:
        entry = add_measure(ledger, program, case, taken, description)
    _ = text()
    click.echo(
        _(
            "case {case}: measure {number} of {date} recorded (record {seq})",
            case=case,
            number=entry.payload["number"],
            date=taken,
            seq=entry.seq,
        )
    )


@problems_group.command(name="resolve")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@CASE
@click.argument("resolution")
@ON
@LEDGER
@reports_problems
def resolve_command(
    program_path: Path, case: str, resolution: str, on: dt.datetime, ledger_url: str
) -> None:
    """Record that CASE was resolved --on a date, and how (RESOLUTION). Appends a
    ``case.resolved`` record; a case is resolved once (``correct CASE resolved DATE``
    changes the date). Resolved by its deadline, it counts as rectified on time."""
    from vanguard.review.register import resolve_case, stored_register

    vanguard = app()
    program = vanguard.load_program(program_path)
    resolved = as_date(on)
    assert resolved is not None  # the option is required
    with vanguard.open_ledger(ledger_url, create=False) as ledger:
        entry = resolve_case(ledger, program, case, resolved, resolution)
        stored = stored_register(ledger, program).get(case)
    _ = text()
    timely = stored is not None and stored.rectified_on_time
    click.echo(
        _(
            "case {case}: resolved on {date}, {timeliness} (record {seq})",
            case=case,
            date=resolved,
            timeliness=_("by its deadline") if timely else _("after its deadline"),
            seq=entry.seq,
        )
    )


@problems_group.command(name="correct")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@CASE
@click.argument("field")
@click.argument("value")
@click.option("--by", required=True, help="Who corrects the case (name or post).")
@click.option("--reason", required=True, help="Why the case is corrected.")
@click.option(
    "--on", "on", type=DATE, help="The date of the correction (YYYY-MM-DD; default today)."
)
@LEDGER
@reports_problems
def correct_command(
    program_path: Path,
    case: str,
    field: str,
    value: str,
    by: str,
    reason: str,
    on: dt.datetime | None,
    ledger_url: str,
) -> None:
    """Correct FIELD of CASE to VALUE: unit, owner, description, source, opened, deadline
    or resolved (dates as YYYY-MM-DD). Appends a ``case.corrected`` record naming the
    previous value, who, when and why; the records corrected stay as appended, and
    bulletins published before are re-issued as new versions when published again."""
    from vanguard.review.register import correct_case

    vanguard = app()
    program = vanguard.load_program(program_path)
    with vanguard.open_ledger(ledger_url, create=False) as ledger:
        correction, entry = correct_case(
            ledger, program, case, field, value, by=by, reason=reason, on=as_date(on)
        )
    _ = text()
    click.echo(
        _(
            "case {case}: {field} corrected from {previous} to {value} by {by} on {on} "
            "(record {seq}, correction {number})",
            case=case,
            field=field,
            previous=correction.previous if correction.previous is not None else "-",
            value=correction.value,
            by=correction.by,
            on=correction.corrected,
            seq=entry.seq,
            number=correction.number,
        )
    )


__all__ = ["problems_group"]
