"""``vanguard ledger init|import|verify|head|log``: the ledger from the command line.

Every command takes ``--ledger`` (a SQLite file path, ``sqlite:///path`` or
``postgresql://...``; default ``$VANGUARD_LEDGER`` or ``vanguard-ledger.sqlite`` in the
current directory). Only ``init`` and ``import`` create a missing ledger; the others say
that it is missing.
"""

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from vanguard.cli._common import LEDGER, app, console, reports_problems, text
from vanguard.cli.reports import DATE, ENCODING, as_date
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
        click.echo(_state(ledger))


@ledger_group.command(name="import")
@click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "reports_path",
    required=False,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@LEDGER
@ENCODING
@click.option(
    "--filed-on",
    "filed_on",
    type=DATE,
    help="Take this date (YYYY-MM-DD) as the filing date of rows whose `reported` cell is "
    "empty (history kept without dates; lateness is judged from it). Without it such rows "
    "are refused.",
)
@reports_problems
def import_command(
    program_path: Path,
    reports_path: Path | None,
    ledger_url: str,
    encoding: str | None,
    filed_on: dt.datetime | None,
) -> None:
    """Record the program's signed letters and their revisions, and a reports file, in one
    transaction: all of it or nothing.

    Letters already recorded are left as they are; a letter changed without a signed
    revision is refused. The reports file (CSV or JSON, in UTF-8 with or without BOM,
    UTF-16 with BOM or GB18030/GBK, or --encoding) is checked against the program and the
    reports already stored: if any row is wrong, the bad rows are reported (file, row,
    column; the first 20, then how many more) and nothing is stored, letters included.
    """
    from vanguard.ledger.letters import record_letters

    vanguard = app()
    program = vanguard.load_program(program_path)
    with vanguard.open_ledger(ledger_url) as ledger:
        if reports_path is not None:
            entries = vanguard.review(program, ledger=ledger).record(
                reports_path, encoding=encoding, undated=as_date(filed_on)
            )
            # one record per letter and one per revision (vanguard.ledger.letters)
            letters = len(program.letters)
            revisions = sum(
                len(pledge.revisions) for letter in program.letters for pledge in letter.pledges
            )
        else:
            letters, revisions = record_letters(ledger, program, vanguard.converter)
        _ = text()
        click.echo(
            _(
                "{program}: {letters} letters and {revisions} revisions on record",
                program=program.id,
                letters=letters,
                revisions=revisions,
            )
        )
        if reports_path is not None:
            click.echo(
                _("imported {count} reports of {program}", count=len(entries), program=program.id)
            )
        click.echo(_state(ledger))


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
    help="Also compare the program file's letters with the ledger's, naming each "
    "difference, and recompute every published bulletin (every version) and evaluation "
    "of the program, and every campaign bulletin ranking it, from the ledger as it stood "
    "when each was recorded, and replay its rectification register and its study "
    "attendance records; fail on any difference, mismatch or register or attendance "
    "record that does not fit.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@reports_problems
def verify(
    ledger_url: str, expected_head: str | None, program_path: Path | None, as_json: bool
) -> None:
    """Check every record's hash and link; name every changed, removed or reordered record.

    With --program, each bulletin and evaluation is recomputed from the letters,
    revisions and reports as recorded before it (corrections and revisions recorded later
    do not count), so only a record that its own inputs no longer give fails; each
    campaign bulletin ranking the program is recomputed from the program bulletins it
    names and the campaign bulletin before it, as recorded; and the rectification
    register's records are replayed in order, naming each that does not fit (a measure
    of an unknown case, a second resolution, a correction of a value not in force, a unit
    or post the program lacks). Exits 0 when everything agrees, 1
    otherwise.
    """
    differences: list[Any] = []
    recomputed: list[Any] = []
    register: list[str] = []
    study: list[str] = []
    with _open(ledger_url) as ledger:
        verification = ledger.verify(expected_head)
        if program_path is not None and verification.ok:
            from vanguard.ledger.letters import letter_differences
            from vanguard.review.recomputation import recheck

            vanguard = app()
            program = vanguard.load_program(program_path)
            differences = list(letter_differences(ledger, program, vanguard.converter))
            recomputed = recheck(ledger, vanguard.converter, program, vanguard.indicators())
            from vanguard.review.campaign import recheck_campaign

            recomputed += recheck_campaign(
                ledger, vanguard.converter, program.campaign.id, program.id
            )
            from vanguard.review.register import register_problems
            from vanguard.review.study import study_problems

            register = register_problems(ledger, program)
            study = study_problems(ledger, program)
        location = ledger.location
    mismatched = [item for item in recomputed if not item.ok]
    ok = verification.ok and not mismatched and not differences and not register and not study
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
            "letter_differences": [
                {
                    "nature": d.nature,
                    "letter": d.letter,
                    "record": d.record,
                    "seq": d.seq,
                    "message": d.message,
                }
                for d in differences
            ],
            "recomputed": [
                {"record": r.record, "seq": r.seq, "ok": r.ok, "problem": r.problem}
                for r in recomputed
            ],
            "recomputed_mismatches": [item.record for item in mismatched],
            "register_problems": register,
            "study_problems": study,
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in verification.lines():
            click.echo(line)
        for difference in differences:
            click.echo(str(difference))
        for item in mismatched:
            click.echo(str(item))
        for line in (*register, *study):
            click.echo(line)
        _ = text()
        if ok:
            click.echo(
                _(
                    "ok: {count} records, head {head}",
                    count=verification.count,
                    head=verification.head,
                )
            )
            if program_path is not None:
                click.echo(
                    _(
                        "ok: every published bulletin and evaluation matches its "
                        "recomputation from the ledger as it stood then ({count} records), "
                        "and the program file's letters agree with the ledger's",
                        count=len(recomputed),
                    )
                )
        else:
            problems = (
                len(verification.problems)
                + len(mismatched)
                + len(differences)
                + len(register)
                + len(study)
            )
            click.echo(
                _(
                    "FAILED: {count} problem(s) in ledger {ledger}",
                    count=problems,
                    ledger=location,
                ),
                err=True,
            )
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
    _ = text()
    table = Table(_("seq"), _("recorded at (UTC)"), _("kind"))
    table.add_column(_("key"), overflow="fold")  # a key is the record's name: never cut it
    table.add_column(_("hash"), no_wrap=True)
    for entry in entries:
        table.add_row(
            str(entry.seq),
            entry.recorded_at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.kind,
            entry.key,
            entry.hash[:12],
        )
    console().print(table)


def _state(ledger: Any) -> str:
    """``ledger LOCATION: N records, head HASH``, in the command's language."""
    _ = text()
    return _(
        "ledger {location}: {count} records, head {head}",
        location=ledger.location,
        count=len(ledger),
        head=ledger.head(),
    )


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
