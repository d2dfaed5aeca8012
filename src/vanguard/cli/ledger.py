"""``vanguard ledger init|import|verify|head|log``: the ledger from the command line.

Every command takes ``--ledger`` (a SQLite file path, ``sqlite:///path`` or
``postgresql://...``; default ``$VANGUARD_LEDGER`` or ``vanguard-ledger.sqlite`` in the
current directory). Only ``init`` and ``import`` create a missing ledger; the others say
that it is missing.
"""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from vanguard.cli._common import LEDGER, app, console, reports_problems
from vanguard.ledger import Entry

if TYPE_CHECKING:
    from vanguard.ledger import Ledger


def _open(ledger_url: str, *, create: bool = False) -> "Ledger":
    """Open the ledger; SQLAlchemy is imported here, not when the command line starts."""
    from vanguard.ledger import Ledger

    return Ledger.open(ledger_url, create=create)


@click.group(name="ledger")
def ledger_group() -> None:
    """The ledger: every report, bulletin, evaluation and finding, hash-chained."""


@ledger_group.command()
@LEDGER
@reports_problems
def init(ledger_url: str) -> None:
    """Create the ledger (nothing happens to one that exists) and print its head."""
    with _open(ledger_url, create=True) as ledger:
        click.echo(f"ledger {ledger.location}: {len(ledger)} records, head {ledger.head()}")


@ledger_group.command(name="import")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "reports_path",
    required=False,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@LEDGER
@reports_problems
def import_command(program_path: Path, reports_path: Path | None, ledger_url: str) -> None:
    """Record the program's signed letters and their revisions, then a reports file.

    Letters already recorded are left as they are; a letter changed without a signed
    revision is refused. The reports file (CSV or JSON) is checked against the program and
    stored all or nothing: if any row is wrong, every bad row is reported (file, row,
    column) and no report is stored.
    """
    from vanguard.ledger.letters import record_letters

    vanguard = app()
    program = vanguard.load_program(program_path)
    with vanguard.open_ledger(ledger_url) as ledger:
        letters, revisions = record_letters(ledger, program, vanguard.converter)
        click.echo(f"{program.id}: {letters} letters and {revisions} revisions on record")
        if reports_path is not None:
            from vanguard.review.recording import import_reports

            entries = import_reports(ledger, program, reports_path, vanguard.indicators())
            click.echo(f"imported {len(entries)} reports of {program.id}")
        click.echo(f"ledger {ledger.location}: {len(ledger)} records, head {ledger.head()}")


@ledger_group.command()
@LEDGER
@click.option(
    "--expected-head",
    help="A head hash kept elsewhere: also fail unless the chain still contains it.",
)
@click.option(
    "--program",
    "program_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also recompute this program's published bulletins and evaluations from its "
    "stored reports and fail on any that no longer match.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@reports_problems
def verify(
    ledger_url: str, expected_head: str | None, program_path: Path | None, as_json: bool
) -> None:
    """Check every record's hash and link; name every changed, removed or reordered record.

    Exits 0 when the ledger is intact, 1 otherwise.
    """
    mismatched: list[str] = []
    with _open(ledger_url) as ledger:
        verification = ledger.verify(expected_head)
        if program_path is not None and verification.ok:
            from vanguard.review.recording import recompute_matches

            vanguard = app()
            program = vanguard.load_program(program_path)
            mismatched = recompute_matches(
                ledger, vanguard.converter, program, vanguard.indicators()
            )
        location = ledger.location
    ok = verification.ok and not mismatched
    if as_json:
        report = {
            "ok": ok,
            "ledger": location,
            "count": verification.count,
            "head": verification.head,
            "problems": [
                {
                    "nature": p.nature,
                    "seq": p.seq,
                    "kind": p.kind,
                    "key": p.key,
                    "message": p.message,
                }
                for p in verification.problems
            ],
            "recomputed_mismatches": mismatched,
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in verification.lines():
            click.echo(line)
        for name in mismatched:
            click.echo(f"{name}: recomputed from the stored reports, it no longer matches")
        if ok:
            click.echo(f"ok: {verification.count} records, head {verification.head}")
            if program_path is not None:
                click.echo(
                    "ok: every published bulletin and evaluation matches its recomputation "
                    "from the stored reports"
                )
        else:
            problems = len(verification.problems) + len(mismatched)
            click.echo(f"FAILED: {problems} problem(s) in ledger {location}", err=True)
    if not ok:
        raise SystemExit(1)


@ledger_group.command()
@LEDGER
@reports_problems
def head(ledger_url: str) -> None:
    """Print the head hash (keep it elsewhere; `verify --expected-head` checks it later)."""
    with _open(ledger_url) as ledger:
        click.echo(ledger.head())


@ledger_group.command()
@LEDGER
@click.option("--kind", help="Only records of this kind (report, bulletin, evaluation, ...).")
@click.option(
    "--last",
    type=click.IntRange(min=1),
    help="Only the last N records (after --kind).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, payload too.")
@reports_problems
def log(ledger_url: str, kind: str | None, last: int | None, as_json: bool) -> None:
    """List records in append order: number, time, kind, key and hash."""
    with _open(ledger_url) as ledger:
        entries = ledger.entries(kind)
    if last is not None:
        entries = entries[-last:]
    if as_json:
        for entry in entries:
            click.echo(json.dumps(_as_json(entry), ensure_ascii=False))
        return
    table = Table("seq", "recorded at (UTC)", "kind")
    table.add_column("key", overflow="fold")  # a key is the record's name: never cut it
    table.add_column("hash", no_wrap=True)
    for entry in entries:
        table.add_row(
            str(entry.seq),
            entry.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.kind,
            entry.key,
            entry.hash[:12],
        )
    console().print(table)


def _as_json(entry: Entry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "key": entry.key,
        "recorded_at": entry.recorded_at.isoformat(),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        "payload": entry.payload,
    }


__all__ = ["ledger_group"]
