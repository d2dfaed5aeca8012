"""``vanguard validate``, ``show`` and ``schema``: commands on a program file."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.tree import Tree

from vanguard.chain.chains import Chains
from vanguard.cli._common import LANGUAGE, app, console, reports_problems, text
from vanguard.cli._json import AS_JSON, emit, problem_objects, program_header
from vanguard.io.formats import Format
from vanguard.io.schema import program_schema
from vanguard.model.label import Language
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.problems import ProgramError

if TYPE_CHECKING:
    from vanguard.model.target import Target
    from vanguard.review.words import ProgramWords

_UNLIMITED = 1_000_000
"""Console width for output that is not a terminal (rich would otherwise assume 80)."""

PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True)
)


@click.command()
@PATHS
@click.option(
    "--format",
    "stdin_format",
    type=click.Choice(["toml", "yaml", "json"]),
    default="toml",
    show_default=True,
    help="The format of a program read from standard input (PATH '-'); files go by suffix.",
)
@AS_JSON
@reports_problems
def validate(paths: tuple[Path, ...], stdin_format: Format, as_json: bool) -> None:
    """Check program files; print one ``location: message`` line per problem.

    A PATH of ``-`` reads a program from standard input (``--format``, default TOML).
    Exits 0 when every file is valid, 1 otherwise.
    """
    vanguard = app()
    _ = text()
    failed = False
    files: list[dict[str, Any]] = []
    for path in paths:
        name = "<stdin>" if str(path) == "-" else str(path)
        try:
            if str(path) == "-":
                source = sys.stdin.read()
                try:
                    program = vanguard.parse_program(source, stdin_format)
                except ProgramError as error:
                    raise ProgramError(error.problems, name) from None
            else:
                program = vanguard.load_program(path)
        except ProgramError as error:
            failed = True
            if as_json:
                files.append({"path": name, "ok": False, "problems": problem_objects(error)})
            else:
                for line in error.lines():
                    click.echo(line, err=True)
            continue
        counts = {
            "key_tasks": len(program.tasks),
            "posts": len(program.posts),
            "letters": len(program.letters),
        }
        if as_json:
            files.append(
                {
                    "ok": True,
                    **program_header(program, name),
                    "counts": counts,
                }
            )
        else:
            message = _(
                "{file}: ok ({key_tasks} key tasks, {posts} posts, {letters} letters)",
                file=name,
                **counts,
            )
            click.echo(message)
    if as_json:
        emit("validate", not failed, files=files)
    if failed:
        raise SystemExit(1)


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@LANGUAGE
@AS_JSON
@reports_problems
def show(path: Path, language: Language, as_json: bool) -> None:
    """Print a program as a tree: pillars and key tasks, then both letter chains."""
    vanguard = app()
    program = vanguard.load_program(path)
    if as_json:
        emit("show", **program_header(program, path), **program_outline(program))
        return
    out = console()
    if not out.is_terminal:
        # Piped or redirected output is read by programs and people alike: never cut a
        # line at the 80 columns rich assumes when it cannot ask a terminal.
        out = Console(highlight=False, soft_wrap=True, width=_UNLIMITED)
    out.print(program_tree(program, language, vanguard.indicators()))
    for kind in LetterKind:
        out.print(chain_tree(program, kind, language))


def program_outline(program: Program) -> dict[str, Any]:
    """What ``show`` prints, as data: the period, the pillars with their key tasks and
    targets, and each letter chain as its top posts and who signs below whom (flat, so
    a deep chain is no deeper in JSON)."""
    chains = Chains(program)
    return {
        "start": program.start,
        "end": program.end,
        "pillars": [
            {
                "id": pillar.id,
                "name": pillar.name,
                "key_tasks": [
                    {
                        "id": task.id,
                        "name": task.name,
                        "targets": [
                            {
                                "indicator": t.indicator,
                                "value": t.value,  # None for a target relative to a baseline
                                "due": t.due,
                                "improvement": t.improvement,
                                "baseline": None
                                if t.baseline is None
                                else {
                                    "value": t.baseline.value,
                                    "period": t.baseline.period,
                                    "previous_year": t.baseline.previous_year,
                                },
                            }
                            for t in task.targets
                        ],
                    }
                    for task in program.tasks
                    if task.pillar == pillar.id
                ],
            }
            for pillar in program.pillars
        ],
        "posts": {
            post.id: {"title": post.title, "unit": post.unit, "category": post.category}
            for post in program.posts
        },
        "chains": {
            kind.value: {"top": list(chains.roots(kind)), "below": chains.below(kind)}
            for kind in LetterKind
        },
    }


def program_tree(program: Program, language: Language = "en", indicators: Any = None) -> Tree:
    """Pillars, their key tasks and each task's targets (``indicators``: the usable ones,
    for their names and units)."""
    from vanguard.review.words import ProgramWords

    w = ProgramWords(program, indicators, language)
    tree = Tree(f"[bold]{program.name.show(language)}[/] ({program.start} .. {program.end})")
    for pillar in program.pillars:
        branch = tree.add(f"[bold]{pillar.name.show(language)}[/]")
        for task in (t for t in program.tasks if t.pillar == pillar.id):
            node = branch.add(f"{task.id} {task.name.show(language)}")
            for target in task.targets:
                _ = w.text
                due = _(" by {date}", date=target.due) if target.due else ""
                measure = w.measure(target.indicator)
                value = target.amount(_lower(w, target.indicator))
                amount = "" if value is None else w.amount(target.indicator, value)
                text = f"{w.indicator(target.indicator)} {amount} {measure}".rstrip() + due
                node.add(text + baseline_words(target, w))
    return tree


def _lower(w: "ProgramWords", code: str) -> bool:
    from vanguard.model.indicator import Direction

    indicator = w.indicators.get(code)
    return indicator is not None and indicator.direction is Direction.LOWER


def baseline_words(target: "Target", w: "ProgramWords") -> str:
    """`` (baseline: 2,800 in 2005, target +10 %)``, `` (baseline: each pledge's result of
    the year before)``: what a target's baseline says, or nothing."""
    baseline = target.baseline
    if baseline is None:
        return ""
    _ = w.text
    if baseline.previous_year:
        what = _("each pledge's result of the year before")
    else:
        what = _(
            "{value} in {period}",
            value=w.amount(target.indicator, baseline.value),
            period=baseline.period,
        )
    if target.improvement is None:
        return " (" + _("baseline: {what}", what=what) + ")"
    sign = -1 if _lower(w, target.indicator) else 1
    change = f"{sign * target.improvement:+g}"
    return " (" + _("baseline: {what}, target {change} %", what=what, change=change) + ")"


def chain_tree(program: Program, kind: LetterKind, language: Language = "en") -> Tree:
    """The chain of ``kind`` letters from its top post(s) down."""
    chains = Chains(program)
    below = chains.below(kind)
    _ = text()
    title = {
        "work-target": _("Work-target letters (工作目标责任书)"),
        "integrity": _("Integrity letters (党风廉政建设责任书)"),
    }[kind.value]
    tree = Tree(f"[bold]{title}[/]")

    def name(post_id: str) -> str:
        post = program.post(post_id)
        return f"{post.title.show(language)} [dim]({post_id})[/]"

    # Depth first with an explicit stack: a chain may be deeper than Python's recursion
    # limit. ``seen`` holds the posts on the path from the root, so a post below two
    # posts appears under both, and a loop is cut where it closes.
    for root in chains.roots(kind):
        stack = [(tree.add(name(root)), root, frozenset({root}))]
        while stack:
            node, post_id, seen = stack.pop()
            children = [child for child in below.get(post_id, []) if child not in seen]
            added = [(node.add(name(child)), child) for child in children]
            stack.extend((branch, child, seen | {child}) for branch, child in reversed(added))
    return tree


@click.command()
def schema() -> None:
    """Print the JSON Schema of the program file format."""
    click.echo(json.dumps(program_schema(), ensure_ascii=False, indent=2))
