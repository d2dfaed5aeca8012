"""``vanguard bulletin``, ``evaluate`` and ``explain``: the review cycles from the command line.

Each command reads a program file and the reports stored in the ledger (``--ledger``, a
SQLite path or a database URL; default ``$VANGUARD_LEDGER`` or ``vanguard-ledger.sqlite``),
or, with ``--reports FILE``, a report file directly (nothing is recorded then).
``bulletin`` and ``evaluate`` record what they publish in the ledger, so a published
bulletin can later be recomputed and checked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vanguard.cli._common import LANGUAGE, LEDGER, app, console, reports_problems, text
from vanguard.cli._json import AS_JSON, emit, program_header
from vanguard.io.output import check_output, write_atomically
from vanguard.model.label import Language
from vanguard.problems import Problem, ProgramError

if TYPE_CHECKING:  # the review engine (numpy) loads when a command runs, not at start-up
    from vanguard.ledger import Entry
    from vanguard.model.program import Program
    from vanguard.review.bulletin import Bulletin
    from vanguard.review.campaign import CampaignBulletin
    from vanguard.review.words import ProgramWords
    from vanguard.review.yearend import Evaluation

PROGRAM = click.argument("program_path", type=click.Path(dir_okay=False, path_type=Path))
REPORTS = click.option(
    "--reports",
    "reports_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read reports from this CSV/JSON file instead of the ledger (records nothing).",
)

ALL_POSTS = click.option(
    "--all",
    "all_posts",
    is_flag=True,
    help="Print every post even for a large program (above 200 posts the terminal gets a "
    "summary per group; --json always has every post).",
)


@click.command()
@PROGRAM
@click.option("--quarter", required=True, help="The quarter, e.g. 2006Q3.")
@LEDGER
@REPORTS
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the bulletin as a self-contained HTML page.",
)
@click.option(
    "--campaign",
    "campaign_paths",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Another program of the same campaign (repeatable): rank the programs by their "
    "bulletins of this quarter, computed from the same ledger.",
)
@ALL_POSTS
@LANGUAGE
@AS_JSON
@reports_problems
def bulletin(
    program_path: Path,
    quarter: str,
    ledger_url: str,
    reports_path: Path | None,
    html_path: Path | None,
    campaign_paths: tuple[Path, ...],
    all_posts: bool,
    language: Language,
    as_json: bool,
) -> None:
    """Publish the quarterly bulletin (每季一通报): progress, ranking, rank change, laggards.

    With ``--html`` the page is written before the bulletin is recorded in the ledger: a
    path that cannot be written is refused before any work, and a failed write records
    nothing.
    """
    if html_path is not None:
        check_output(html_path, "--html")
    vanguard = app()
    _ = text()
    program = vanguard.load_program(program_path)
    names = {program.id: program.name.show(language)}  # the campaign's programs by name
    if reports_path is not None and campaign_paths:
        raise ProgramError([Problem("--campaign", "needs --ledger, not --reports")])
    others = [vanguard.load_program(path) for path in campaign_paths]
    for other, path in zip(others, campaign_paths, strict=True):
        if other.campaign.id != program.campaign.id:
            raise ProgramError(
                [Problem("campaign.id", f"{other.campaign.id!r} is not {program.campaign.id!r}")],
                str(path),
            )
        if other.id in names:
            raise ProgramError([Problem("id", f"program {other.id!r} is given twice")], str(path))
        names[other.id] = other.name.show(language)
    campaign: CampaignBulletin | None = None
    campaign_entry: Entry | None = None
    with _review(vanguard, program, ledger_url, reports_path) as review:
        prepared: list[Any] = []  # the other programs' bulletins, recorded after the page

        def write_page(result: Bulletin) -> None:  # the page first: a failed write records nothing
            nonlocal campaign
            if others:
                from vanguard.review.campaign import previous_campaign_bulletin, rank_campaign
                from vanguard.review.recording import prepare_bulletin, require_program_reports

                for other in others:
                    require_program_reports(review.ledger, other)
                    prepared.append(
                        prepare_bulletin(
                            review.ledger,
                            vanguard.converter,
                            other,
                            quarter,
                            other.usable_indicators(vanguard.indicators()),
                        )
                    )
                previous = previous_campaign_bulletin(
                    review.ledger, vanguard.converter, program.campaign.id, quarter
                )
                campaign = rank_campaign([result, *(p.bulletin for p in prepared)], previous)
            if html_path is not None:
                from vanguard.reports import render_bulletin_html

                page = render_bulletin_html(
                    program, result, language, campaign, review.indicators, names
                )
                write_atomically(html_path, page.encode("utf-8"))
                click.echo(_("wrote {path}", path=html_path), err=True)

        result = review.publish(quarter, before_recording=write_page)
        if review.last_entry is not None:
            entry = review.last_entry
            click.echo(
                _("recorded bulletin {key} (record {seq})", key=entry.key, seq=entry.seq),
                err=True,
            )
            if result.version > 1:
                click.echo(
                    _(
                        "version {version}: {count} number(s) changed since version 1:",
                        version=result.version,
                        count=len(result.changes),
                    ),
                    err=True,
                )
                for change in result.changes[:20]:
                    click.echo(f"  {change}", err=True)
                if len(result.changes) > 20:
                    more = len(result.changes) - 20
                    click.echo("  " + _("... and {count} more", count=more), err=True)
        recorded = review.last_entry
        if prepared and recorded is not None:
            from vanguard.review.campaign import record_campaign_bulletin
            from vanguard.review.recording import record_bulletin

            ranked = [(result, recorded)]
            for item in prepared:
                ranked.append((item.bulletin, record_bulletin(review.ledger, item)))
                vanguard.hooks.bulletin_published(item.bulletin)
            campaign, campaign_entry = record_campaign_bulletin(
                review.ledger, vanguard.converter, ranked
            )
            click.echo(
                _(
                    "recorded campaign bulletin {key} (record {seq})",
                    key=campaign_entry.key,
                    seq=campaign_entry.seq,
                ),
                err=True,
            )
    if as_json:
        emit(
            "bulletin",
            **program_header(program, program_path),
            **bulletin_tables(result),
            recorded=None if recorded is None else {"key": recorded.key, "seq": recorded.seq},
            campaign=[] if campaign is None else _records(campaign.programs),
            campaign_bulletin=None
            if campaign is None or campaign_entry is None
            else {
                "campaign": campaign.campaign,
                "quarter": campaign.quarter,
                "previous": campaign.previous,
                "version": campaign.version,
                "recorded": {"key": campaign_entry.key, "seq": campaign_entry.seq},
            },
        )
        return
    _print_bulletin(program, result, language, vanguard.indicators(), all_posts=all_posts)
    if campaign is not None:
        _print_campaign(campaign, names, language)


def _print_campaign(campaign: CampaignBulletin, names: dict[str, str], language: Language) -> None:
    """The campaign's agencies ranked, with their movement since the last campaign bulletin."""
    from rich.table import Table

    from vanguard.review.campaign import movement_word

    _ = text()
    title = _("campaign bulletin {quarter}", quarter=campaign.quarter)
    if campaign.previous:
        title += " · " + _("rank change since {quarter}", quarter=campaign.previous)
    table = Table(_("rank"), _("change"), _("program"), _("score"), title=title)
    for item in campaign.programs:
        table.add_row(
            str(item.rank) if item.rank else "-",
            movement_word(item.movement, item.change, _),
            f"{names.get(item.program, item.program)} ({item.program})",
            "-" if item.score is None else f"{item.score:.1f}",
        )
    console().print(table)


def _review(vanguard: Any, program: Program, ledger_url: str, reports_path: Path | None) -> Any:
    """The command's :class:`~vanguard.Review`: of the report file, else of the ledger
    (which must exist)."""
    if reports_path is not None:
        return vanguard.review(program, reports=reports_path)
    return vanguard.review(program, ledger=ledger_url, create=False)


def _print_bulletin(
    program: Program,
    result: Bulletin,
    language: Language,
    indicators: Any = None,
    *,
    all_posts: bool = False,
) -> None:
    from rich.table import Table

    from vanguard.reports.terminal import FULL_TABLE_POSTS, bulletin_summary
    from vanguard.review.words import ProgramWords

    w = ProgramWords(program, indicators, language)
    _ = w.text
    out = console()
    score = "-" if result.program_score is None else f"{result.program_score:.1f}"
    out.print(
        f"[bold]{program.name.show(language)}[/]: "
        + _(
            "bulletin {quarter} (as of {date}), program score {score}",
            quarter=result.quarter,
            date=result.as_of,
            score=score,
        )
    )
    if not all_posts and len(result.posts) > FULL_TABLE_POSTS:
        for summary in bulletin_summary(result, w):
            out.print(summary)
        out.print(_more(w, len(result.posts), "--quarter " + result.quarter))
        if result.laggards:
            names = _(", ").join(f"{w.post(post)} ({post})" for post in result.laggards)
            out.print(_("laggards: {posts}", posts=names))
        return
    table = Table(_("group"), _("rank"), _("change"), _("post"), _("score"), _("status"))
    for item in result.posts:
        change = _("new") if item.change is None else f"{item.change:+d}" if item.change else "="
        table.add_row(
            w.category(item.group),
            str(item.rank),
            change,
            f"{w.post(item.id)} ({item.id})",
            "-" if item.score is None else f"{item.score:.1f}",
            w.status(item.status),
        )
    out.print(table)
    if result.laggards:
        names = _(", ").join(f"{w.post(post)} ({post})" for post in result.laggards)
        out.print(_("laggards: {posts}", posts=names))
    against = [line for line in result.lines if line.baseline is not None]
    if against:
        table = Table(
            _("post"),
            _("indicator"),
            _("baseline"),
            _("due to date"),
            _("actual"),
            _("status"),
            title=_("pledges against a baseline"),
        )
        for line in against:
            table.add_row(
                f"{w.post(line.post)} ({line.post})",
                w.indicator(line.indicator),
                w.amount(line.indicator, line.baseline),
                w.amount(line.indicator, line.due),
                w.amount(line.indicator, line.actual),
                w.status(line.status),
            )
        out.print(table)


@click.command(name="evaluate")
@PROGRAM
@click.option(
    "--year",
    required=True,
    help="The review year evaluated, e.g. 2006 (a program of several years has one "
    "evaluation per year).",
)
@LEDGER
@REPORTS
@ALL_POSTS
@LANGUAGE
@AS_JSON
@reports_problems
def evaluate_command(
    program_path: Path,
    year: str,
    ledger_url: str,
    reports_path: Path | None,
    all_posts: bool,
    language: Language,
    as_json: bool,
) -> None:
    """Run the year-end evaluation (年终一考评): scores, grades, ranks and findings."""
    vanguard = app()
    _ = text()
    program = vanguard.load_program(program_path)
    with (
        _formula_of(program_path),
        _review(vanguard, program, ledger_url, reports_path) as review,
    ):
        result = review.evaluate(year)
        if review.recording:
            message = _(
                "recorded the evaluation and {count} findings",
                count=review.last_findings_recorded,
            )
            click.echo(message, err=True)
        recorded = review.recording
        # the rectification register's cases still open past their deadline at the year
        # end, each with its owner post (a review of a report file keeps no register)
        from vanguard.model.rectification import Case, Register
        from vanguard.review.register import (
            case_rows,
            long_pending_at_year_end,
            long_pending_text,
        )

        day: dt.date | None = None
        cases: tuple[Case, ...] = ()
        if recorded:
            day, cases = long_pending_at_year_end(review.ledger, program, year)
        late = case_rows(Register(cases), program, day) if day is not None else []
    if as_json:
        emit(
            "evaluate",
            **program_header(program, program_path),
            **evaluation_tables(result),
            recorded=recorded,
            long_pending=late,
        )
        return
    from rich.table import Table

    from vanguard.reports.terminal import FULL_TABLE_POSTS, evaluation_summary
    from vanguard.review.words import ProgramWords

    w = ProgramWords(program, vanguard.indicators(), language)
    _ = w.text
    out = console()
    graded = [item for item in result.posts if item.final is not None]
    if not all_posts and len(graded) > FULL_TABLE_POSTS:
        out.print(evaluation_summary(result, w))
        out.print(_more(w, len(graded), f"--year {result.year}"))
    else:
        table = Table(_("post"), _("category"), _("score"), _("grade"), _("rank"), _("vetoes"))
        vetoes = {veto.id: veto.name.show(language) for veto in program.evaluation.vetoes}
        for item in graded:
            assert item.final is not None
            table.add_row(
                f"{w.post(item.post)} ({item.post})",
                w.category(item.category),
                f"{item.final:.1f}",
                w.grade(item.category, item.grade),
                str(item.rank),
                _(", ").join(vetoes.get(v, v) for v in item.vetoes),
            )
        out.print(table)
    direct = sum(1 for f in result.findings if f.responsibility.value == "direct")
    out.print(
        _(
            "{count} accountability findings ({direct} direct, {leadership} leadership); "
            "`vanguard explain` tells why",
            count=len(result.findings),
            direct=direct,
            leadership=len(result.findings) - direct,
        )
    )
    if cases and day is not None:
        out.print(long_pending_text(program, cases, day, language), markup=False)


def _more(w: ProgramWords, count: int, cycle: str) -> str:
    """How to see more than a large program's summary."""
    return w.text(
        "{count} posts: --all prints every one, `vanguard explain PROGRAM POST {cycle}` "
        "tells one post's numbers, --json gives them all",
        count=f"{count:,}",
        cycle=cycle,
    )


@contextlib.contextmanager
def _formula_of(program_path: Path) -> Iterator[None]:
    """A formula failing at run time is located in the program file it comes from."""
    from vanguard.review.formula import FormulaError

    try:
        yield
    except FormulaError as error:
        if error.source is not None:
            raise
        raise ProgramError(error.problems, str(program_path)) from None


@click.command(name="explain")
@PROGRAM
@click.argument("posts", nargs=-1, required=True)
@click.option(
    "--quarter", help="Explain the standing in this quarter's bulletin instead of the year's."
)
@click.option("--year", help="The review year explained (default: the program's last).")
@LEDGER
@REPORTS
@LANGUAGE
@AS_JSON
@reports_problems
def explain(
    program_path: Path,
    posts: Sequence[str],
    quarter: str | None,
    year: str | None,
    ledger_url: str,
    reports_path: Path | None,
    language: Language,
    as_json: bool,
) -> None:
    """Explain why a post (or unit) got its year-end grade and findings: inputs, rules, numbers."""
    vanguard = app()
    program = vanguard.load_program(program_path)
    with (
        _formula_of(program_path),
        _review(vanguard, program, ledger_url, reports_path) as review,
    ):
        explanations = review.explain_all(posts, year=year, quarter=quarter, language=language)
    if as_json:
        emit(
            "explain",
            **program_header(program, program_path),
            quarter=quarter,
            year=None if quarter is not None else _year_label(program, year),
            explanations=[
                {"subject": post, "title": e.subject, "outcome": e.outcome, "steps": e.steps}
                for post, e in zip(posts, explanations, strict=True)
            ],
        )
        return
    for explanation in explanations:
        click.echo(str(explanation))


def _records(items: Any) -> list[dict[str, Any]]:
    from vanguard.review.frames import records

    return records(items)


def bulletin_tables(result: Bulletin) -> dict[str, Any]:
    """A bulletin's ``--json`` keys: its scalars, then its tables as flat records (the
    columns of :meth:`~vanguard.review.bulletin.Bulletin.to_frame`)."""
    from vanguard.review.frames import records

    return {
        "quarter": result.quarter,
        "as_of": result.as_of,
        "version": result.version,
        "previous": result.previous,
        "program_score": result.program_score,
        "laggards": list(result.laggards),
        "posts": records(result.posts),
        "units": records(result.units),
        "lines": records(result.lines),
        "changes": records(result.changes),
    }


def evaluation_tables(result: Evaluation) -> dict[str, Any]:
    """An evaluation's ``--json`` keys: its scalars, then its tables as flat records (the
    columns of :meth:`~vanguard.review.yearend.Evaluation.to_frame`; a post's vetoes, linked
    inputs and adjustments beside them, its pledge lines in ``lines``)."""
    from vanguard.review.frames import records

    posts = []
    for item, row in zip(result.posts, records(result.posts), strict=True):
        row.update(
            vetoes=list(item.vetoes),
            linked=dict(item.linked),
            adjustments=dict(item.adjustments),
        )
        posts.append(row)
    return {
        "year": result.year,
        "as_of": result.as_of,
        "program_score": result.program_score,
        "posts": posts,
        "units": records(result.units),
        "findings": records(result.findings),
        "lines": [
            {"post": item.post, **row} for item in result.posts for row in records(item.lines)
        ],
    }


def _year_label(program: Program, year: str | None) -> str:
    """The label of review ``year`` (None: the program's last)."""
    from vanguard.review.calendar import ReviewCalendar
    from vanguard.review.evaluation import year_position

    return ReviewCalendar(program).years[year_position(program, year)].label


__all__ = ["bulletin", "evaluate_command", "explain"]
