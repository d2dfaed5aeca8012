"""``vanguard reports missing|correct``: the monthly reports from the command line.

``missing`` lists the (post, month) submissions that are owed, have no report and are past
their due date as of a date; ``correct`` records a correction of a submitted report in the
ledger (the report's record stays; the correction supersedes its value). Both read the
ledger (``--ledger``, default ``$VANGUARD_LEDGER`` or ``vanguard-ledger.sqlite``);
``missing`` can read a report file instead (``--reports``).
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from vanguard.cli._common import LEDGER, app, console, reports_problems, text

DATE = click.DateTime(formats=["%Y-%m-%d"])


def as_date(value: dt.datetime | None) -> dt.date | None:
    """A ``click.DateTime`` option's value as a date."""
    return None if value is None else value.date()


ENCODING = click.option(
    "--encoding",
    help="The report file's encoding (default: detected: UTF-8 with or without BOM, "
    "UTF-16 with BOM, GB18030/GBK).",
)


@click.group(name="reports")
def reports_group() -> None:
    """Monthly reports: what is missing, and corrections of what was filed."""


@reports_group.command()
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--as-of", "as_of", type=DATE, required=True, help="The date (YYYY-MM-DD) to judge on."
)
@LEDGER
@click.option(
    "--reports",
    "reports_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read reports from this CSV/JSON file instead of the ledger.",
)
@ENCODING
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@reports_problems
def missing(
    program_path: Path,
    as_of: dt.datetime,
    ledger_url: str,
    reports_path: Path | None,
    encoding: str | None,
    as_json: bool,
) -> None:
    """List the submissions missing and overdue as of a date: (post, month) pairs the post
    owes, with a part not filed by then, whose due date has passed.

    A post owes a month's monthly report when it pledged some indicator it did not
    delegate (from the month its letter was signed), and every post owes the results of
    a cycle the evaluation links in (the quarterly exam) in that cycle's months. Each
    row names the missing parts; a part filed does not hide another that is missing.
    Exits 0 either way.
    """
    from vanguard.review.submissions import SubmissionStatus, submissions

    vanguard = app()
    program = vanguard.load_program(program_path)
    known = program.usable_indicators(vanguard.indicators())
    day = as_date(as_of)
    assert day is not None  # the option is required
    if reports_path is not None:
        from vanguard.review.reports import read_reports

        reports: Any = read_reports(reports_path, program, known, encoding=encoding)
    else:
        from vanguard.review.recording import stored_reports

        with vanguard.open_ledger(ledger_url, create=False) as ledger:
            reports = stored_reports(ledger, program)
    every = submissions(program, reports, known, day)
    overdue = [item for item in every if item.status is SubmissionStatus.OVERDUE]
    late = sum(1 for item in every if item.status is SubmissionStatus.LATE)
    if as_json:
        listed = [
            {
                "post": item.post,
                "period": item.period,
                "due": item.due.isoformat(),
                "days_overdue": (day - item.due).days,
                "missing": list(item.missing),
                "reports": item.reports,
            }
            for item in overdue
        ]
        document = {"program": program.id, "as_of": day.isoformat(), "missing": listed}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    _ = text()
    if overdue:
        table = Table(_("post"), _("period"), _("due"), _("days overdue"), _("missing"))
        for item in overdue:
            partial = _(" ({count} report(s) filed)", count=item.reports) if item.reports else ""
            table.add_row(
                item.post,
                item.period,
                item.due.isoformat(),
                str((day - item.due).days),
                _(", ").join(item.missing) + partial,
            )
        console().print(table)
    posts = len({item.post for item in overdue})
    click.echo(
        _(
            "{program}: {count} submission(s) missing and overdue as of {date} ({posts} "
            "post(s)); {late} filed late",
            program=program.id,
            count=len(overdue),
            date=day,
            posts=posts,
            late=late,
        )
    )


@reports_group.command()
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("post")
@click.argument("indicator")
@click.argument("period")
@click.argument("value")
@click.option("--by", required=True, help="Who corrects the report (name or post).")
@click.option("--reason", required=True, help="Why the report is corrected.")
@click.option(
    "--on", "on", type=DATE, help="The date of the correction (YYYY-MM-DD; default today)."
)
@LEDGER
@reports_problems
def correct(
    program_path: Path,
    post: str,
    indicator: str,
    period: str,
    value: str,
    by: str,
    reason: str,
    on: dt.datetime | None,
    ledger_url: str,
) -> None:
    """Correct a submitted report: record its new VALUE, who, when and why.

    The report's own record stays as it was filed; the correction is a new record that
    supersedes its value for everything read from the ledger afterwards. Bulletins already
    published are not rewritten: publishing the quarter again issues a new version that
    lists what changed. A negative VALUE needs ``--`` before the arguments, after the
    options (``--by ... --reason ... -- PROGRAM POST INDICATOR PERIOD -2``).
    """
    vanguard = app()
    program = vanguard.load_program(program_path)
    with vanguard.review(program, ledger=ledger_url, create=False) as review:
        correction, entry = review.correct(
            post, indicator, period, value, by=by, reason=reason, on=as_date(on)
        )
    _ = text()
    message = _(
        "corrected {key}: {previous} -> {value} by {by} on {on} (record {seq}, correction "
        "{number})",
        key=correction.key,
        previous=f"{correction.previous:g}",
        value=f"{correction.value:g}",
        by=correction.by,
        on=correction.corrected,
        seq=entry.seq,
        number=correction.number,
    )
    click.echo(message)


__all__ = ["reports_group"]
