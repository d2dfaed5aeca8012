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
from typing import TYPE_CHECKING, Any

import click

from vanguard.cli._common import app, current_language, reports_problems, text
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

if TYPE_CHECKING:
    from vanguard.review.words import ProgramWords

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
    from vanguard.review.words import ProgramWords

    vanguard = app()
    out = wide_console()
    path = find_example()
    _ = text()
    out.rule("[bold]" + _("1. The program"))
    program = vanguard.load_program(path)
    w = ProgramWords(program, vanguard.indicators(), current_language())
    out.print(f"{path.name}: ok")
    titles = {name: i.title.show(w.language) for name, i in vanguard.initiatives().items()}
    _describe(out, program, w, titles)
    out.rule("[bold]" + _("2. The year 2006 as reported: ledger, bulletins, evaluation"))
    with tempfile.TemporaryDirectory() as scratch:
        ledger = ledger_path or Path(scratch) / "demo-ledger.sqlite"
        _review_year(out, vanguard, program, path.with_name(REPORTS), ledger, html_path, w)
    out.rule(
        "[bold]"
        + _(
            "3. The year simulated {replications} times (seed {seed})",
            replications=f"{replications:,}",
            seed=seed,
        )
    )
    started = time.perf_counter()
    try:
        result = run_simulation(
            program, vanguard, replications, seed, show_progress=not no_progress, evaluate=True
        )
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    out.print(
        _(
            "{replications} replications in {seconds} s",
            replications=f"{replications:,}",
            seconds=f"{time.perf_counter() - started:.2f}",
        )
    )
    out.print(figures_table(result, program, w))
    out.print(evaluation_table(result, program, limit=10, w=w))
    out.print(
        _("Reproduce: {command}", command=f"vanguard simulate {path} -n {replications} ")
        + f"--seed {seed} --evaluate"
    )


def _describe(out: Any, program: Program, w: "ProgramWords", titles: dict[str, str]) -> None:
    """The program in a few lines; ``titles``: the installed initiatives' names."""
    _ = w.text
    out.print(f"{program.name.en} ({program.name.zh or ''}), {program.start} .. {program.end}")
    for pillar in program.pillars:
        count = sum(1 for task in program.tasks if task.pillar == pillar.id)
        out.print(
            "  "
            + _("{pillar}: {count} key tasks", pillar=pillar.name.show(w.language), count=count)
        )
    kinds = Counter(letter.kind for letter in program.letters)
    out.print(
        "  "
        + _(
            "{units} units, {posts} posts; {work} work-target and {integrity} integrity letters",
            units=len(program.units),
            posts=len(program.posts),
            work=kinds[LetterKind.WORK_TARGET],
            integrity=kinds[LetterKind.INTEGRITY],
        )
    )
    cycles = ", ".join(
        cycle.id if w.language == "en" else cycle.name.show(w.language) for cycle in program.cycles
    )
    out.print("  " + _("review cycles: {cycles}", cycles=cycles))
    names = ", ".join(titles.get(use.name, use.name) for use in program.initiatives)
    out.print("  " + _("initiatives: {names}", names=names))


def _review_year(
    out: Any,
    vanguard: Any,
    program: Program,
    reports: Path,
    ledger_path: Path,
    html_path: Path | None,
    w: "ProgramWords",
) -> None:
    from vanguard.ledger.letters import record_letters

    _ = w.text

    with vanguard.open_ledger(ledger_path) as ledger:
        letters, revisions = record_letters(ledger, program, vanguard.converter)
        review = vanguard.review(program, ledger=ledger)
        imported = review.record(reports)
        out.print(
            _(
                "recorded {letters} letters, {revisions} revisions and {reports} monthly "
                "reports in {ledger}",
                letters=letters,
                revisions=revisions,
                reports=f"{len(imported):,}",
                ledger=ledger_path.name,
            )
        )
        bulletin = None
        for quarter in range(1, 5):
            label = f"{program.start.year}Q{quarter}"
            bulletin = review.publish(label)
            movers = sum(1 for s in bulletin.posts if s.change)
            out.print(
                _(
                    "bulletin {quarter}: programme score {score}; {movers} posts changed rank; "
                    "laggards: {laggards}",
                    quarter=label,
                    score=f"{bulletin.program_score:.1f}",
                    movers=movers,
                    laggards=_names(w, bulletin.laggards),
                )
            )
        assert bulletin is not None  # four quarters were published
        if html_path is not None:
            from vanguard.reports import render_bulletin_html

            page = render_bulletin_html(
                program, bulletin, current_language(), indicators=review.indicators
            )
            write_atomically(html_path, page.encode("utf-8"))
            out.print(_("wrote {path}", path=html_path))
        evaluation = review.evaluate()
        grades = Counter(
            (
                f"{item.grade_name.en} ({item.grade_name.zh})"
                if w.language == "en"
                else item.grade_name.show(w.language)
            )
            if item.grade_name
            else _("not graded")
            for item in evaluation.posts
        )
        listed = ", ".join(f"{n} {g}" for g, n in grades.most_common())
        out.print(_("year-end grades: {grades}", grades=listed))
        by_kind = Counter(finding.responsibility.value for finding in evaluation.findings)
        kinds = {"direct": _("direct"), "leadership": _("leadership")}
        found = ", ".join(f"{n} {kinds.get(kind, kind)}" for kind, n in sorted(by_kind.items()))
        out.print(_("accountability findings: {findings}", findings=found))
        verification = ledger.verify()
        state = _("intact") if verification.ok else _("BROKEN")
        out.print(
            _(
                "ledger verify: {state}, {count} records, head {head}",
                state=state,
                count=f"{verification.count:,}",
                head=ledger.head(),
            )
        )


def _names(w: "ProgramWords", posts: tuple[str, ...]) -> str:
    if not posts:
        return w.text("none")
    return ", ".join(w.post(post) for post in posts)
