"""``vanguard demo``: the shipped Zhaoqing 2006 example through the whole library.

1. the program: validated, summarised (pillars, 28 key tasks, both letter chains);
2. the real year: letters and a year of monthly reports recorded in a ledger, four
   quarterly bulletins published (rankings and rank changes), the year-end evaluation
   (grades, accountability findings), the ledger verified;
3. the simulated year: many replications through every initiative's model and the same
   evaluation, compared with the figures the 2006 report gives.
"""

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from vanguard.cli._common import app, current_language, reports_problems
from vanguard.cli.simulate import (
    evaluation_table,
    figures_table,
    find_example,
    replications_option,
    run_simulation,
    seed_option,
    wide_console,
)
from vanguard.io.output import check_output, write_atomically
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program

REPORTS = "zhaoqing-2006-reports.csv"


@click.command()
@replications_option(2000, "Simulated years.")
@seed_option(2006, "Seed of the simulation.")
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep the demo's ledger in this SQLite file (default: a temporary one).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the 2006Q4 bulletin as a self-contained HTML page.",
)
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@reports_problems
def demo(
    replications: int,
    seed: int,
    ledger_path: Path | None,
    html_path: Path | None,
    no_progress: bool,
) -> None:
    """Run the main demo on the shipped Zhaoqing 2006 example, end to end."""
    if html_path is not None:
        check_output(html_path, "--html")
    vanguard = app()
    out = wide_console()
    path = find_example()
    out.rule("[bold]1. The program")
    program = vanguard.load_program(path)
    out.print(f"{path.name}: ok")
    _describe(out, program)
    out.rule("[bold]2. The year 2006 as reported: ledger, bulletins, evaluation")
    with tempfile.TemporaryDirectory() as scratch:
        ledger = ledger_path or Path(scratch) / "demo-ledger.sqlite"
        _review_year(out, vanguard, program, path.with_name(REPORTS), ledger, html_path)
    out.rule(f"[bold]3. The year simulated {replications:,} times (seed {seed})")
    started = time.perf_counter()
    try:
        result = run_simulation(
            program, vanguard, replications, seed, show_progress=not no_progress, evaluate=True
        )
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    out.print(f"{replications:,} replications in {time.perf_counter() - started:.2f} s")
    out.print(figures_table(result, program))
    out.print(evaluation_table(result, program, limit=10))
    out.print(f"Reproduce: vanguard simulate {path} -n {replications} --seed {seed} --evaluate")


def _describe(out: Any, program: Program) -> None:
    out.print(f"{program.name.en} ({program.name.zh or ''}), {program.start} .. {program.end}")
    for pillar in program.pillars:
        count = sum(1 for task in program.tasks if task.pillar == pillar.id)
        out.print(f"  {pillar.name}: {count} key tasks")
    kinds = Counter(letter.kind for letter in program.letters)
    out.print(
        f"  {len(program.units)} units, {len(program.posts)} posts; "
        f"{kinds[LetterKind.WORK_TARGET]} work-target and {kinds[LetterKind.INTEGRITY]} "
        "integrity letters"
    )
    out.print(f"  review cycles: {', '.join(cycle.id for cycle in program.cycles)}")
    out.print(f"  initiatives: {', '.join(use.name for use in program.initiatives)}")


def _review_year(
    out: Any,
    vanguard: Any,
    program: Program,
    reports: Path,
    ledger_path: Path,
    html_path: Path | None,
) -> None:
    from vanguard.ledger.letters import record_letters

    with vanguard.open_ledger(ledger_path) as ledger:
        letters, revisions = record_letters(ledger, program, vanguard.converter)
        review = vanguard.review(program, ledger=ledger)
        imported = review.record(reports)
        out.print(
            f"recorded {letters} letters, {revisions} revisions and {len(imported):,} "
            f"monthly reports in {ledger_path.name}"
        )
        bulletin = None
        for quarter in range(1, 5):
            label = f"{program.start.year}Q{quarter}"
            bulletin = review.publish(label)
            movers = sum(1 for s in bulletin.posts if s.change)
            out.print(
                f"bulletin {label}: programme score {bulletin.program_score:.1f}; "
                f"{movers} posts changed rank; laggards: {_names(program, bulletin.laggards)}"
            )
        assert bulletin is not None  # four quarters were published
        if html_path is not None:
            from vanguard.reports import render_bulletin_html

            page = render_bulletin_html(
                program, bulletin, current_language(), indicators=review.indicators
            )
            write_atomically(html_path, page.encode("utf-8"))
            out.print(f"wrote {html_path}")
        evaluation = review.evaluate()
        grades = Counter(
            f"{item.grade_name.en} ({item.grade_name.zh})" if item.grade_name else "not graded"
            for item in evaluation.posts
        )
        out.print("year-end grades: " + ", ".join(f"{n} {g}" for g, n in grades.most_common()))
        by_kind = Counter(finding.responsibility.value for finding in evaluation.findings)
        out.print(
            "accountability findings: "
            + ", ".join(f"{n} {kind}" for kind, n in sorted(by_kind.items()))
        )
        verification = ledger.verify()
        state = "intact" if verification.ok else "BROKEN"
        out.print(f"ledger verify: {state}, {verification.count:,} records, head {ledger.head()}")


def _names(program: Program, posts: tuple[str, ...]) -> str:
    if not posts:
        return "none"
    return ", ".join(program.post(post).title.en for post in posts)
