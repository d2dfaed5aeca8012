"""The ``vanguard`` command line: one module per command group, assembled here.

Each command's module is imported only when that command runs (or its own ``--help`` is
asked for): ``vanguard --version`` and ``vanguard --help`` load neither numpy, SQLAlchemy,
pandas nor any plugin, so every command starts quickly. The table below holds what
``vanguard --help`` lists; a test checks it against each command's own short help.
"""

import importlib

import click

from vanguard import __version__
from vanguard.cli._common import (
    LANGUAGE_HELP,
    LANGUAGE_KEY,
    LimitSetting,
    Main,
    language_option,
    limits_of,
)

COMMANDS: dict[str, tuple[str, str, str]] = {
    "calibrate": (
        "calibrate",
        "calibrate_command",
        "Fit initiative parameters so the simulation matches observed totals or monthly series.",
    ),
    "bulletin": (
        "review",
        "bulletin",
        "Publish the quarterly bulletin (每季一通报): progress, ranking, rank change, laggards.",
    ),
    "compare": (
        "compare",
        "compare_command",
        "Compare PROGRAM's baseline with each SCENARIO file, paired by seed.",
    ),
    "demo": (
        "demo",
        "demo",
        "Run the main demo on the shipped Zhaoqing 2006 example, end to end.",
    ),
    "evaluate": (
        "review",
        "evaluate_command",
        "Run the year-end evaluation (年终一考评): scores, grades, ranks and findings.",
    ),
    "explain": (
        "review",
        "explain",
        "Explain why a post (or unit) got its year-end grade and findings: inputs, rules, numbers.",
    ),
    "export": (
        "spreadsheets",
        "export_group",
        "Write bulletins, evaluations and findings to Excel (.xlsx) or CSV.",
    ),
    "ledger": (
        "ledger",
        "ledger_group",
        "The ledger: every report, bulletin, evaluation and finding, hash-chained.",
    ),
    "new-plugin": (
        "scaffold",
        "new_plugin_command",
        "Generate the initiative plugin NAME (e.g. job-fair) as an installable package.",
    ),
    "plugins": (
        "plugins",
        "plugins",
        "List every plugin: distribution and version, initiatives, hooks and status.",
    ),
    "problems": (
        "problems",
        "problems_group",
        "The rectification register: problems, measures, resolutions, long-pending cases.",
    ),
    "reports": (
        "reports",
        "reports_group",
        "Monthly reports: what is missing, and corrections of what was filed.",
    ),
    "schema": ("program", "schema", "Print the JSON Schema of the program file format."),
    "show": (
        "program",
        "show",
        "Print a program as a tree: pillars and key tasks, then both letter chains.",
    ),
    "simulate": (
        "simulate",
        "simulate",
        "Simulate PROGRAM many times; print totals next to its targets and reported figures.",
    ),
    "study": (
        "study",
        "study_group",
        "Study sessions (学习制度): attendance per post and session, attendance rates.",
    ),
    "validate": (
        "program",
        "validate",
        "Check program files; print one ``location: message`` line per problem.",
    ),
}
"""Command name: (module under ``vanguard.cli``, the command's name there, its short help)."""


class _Listed(click.Command):
    """A command as ``vanguard --help`` lists it: its name and short help, nothing loaded."""

    def __init__(self, name: str, short_help: str) -> None:
        super().__init__(name, short_help=short_help)


class Commands(Main):
    """The ``vanguard`` group, importing a command's module only when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if ctx.resilient_parsing or _listing(ctx):
            return _Listed(cmd_name, COMMANDS[cmd_name][2])
        return load_command(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ctx.meta["vanguard.listing"] = True  # list from the table: load no command module
        try:
            super().format_commands(ctx, formatter)
        finally:
            ctx.meta.pop("vanguard.listing", None)


def _listing(ctx: click.Context) -> bool:
    """Whether click asks for the command only to list it in the group's own help."""
    return bool(ctx.meta.get("vanguard.listing"))


def load_command(name: str) -> click.Command:
    """The command ``name`` itself (its module imported now)."""
    module_name, attribute, _ = COMMANDS[name]
    command: click.Command = getattr(
        importlib.import_module(f"vanguard.cli.{module_name}"), attribute
    )
    if name == "reports":  # `reports template` lives with the other spreadsheet commands
        from vanguard.cli.spreadsheets import template_command

        assert isinstance(command, click.Group)
        command.add_command(template_command)
    return _with_language(command)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="vanguard")
@click.option(
    "--limit",
    "limits",
    type=LimitSetting(),
    multiple=True,
    metavar="NAME=VALUE",
    help="Raise (or lower) an input limit for this command, e.g. --limit max_posts=500000 "
    "or --limit max_bytes=134217728 (repeatable; names and defaults: vanguard.Limits).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "zh"]),
    envvar="VANGUARD_LANG",
    default="en",
    show_default=True,
    help=LANGUAGE_HELP + " Every command takes --lang too (or VANGUARD_LANG).",
)
@click.pass_context
def main(ctx: click.Context, limits: tuple[tuple[str, str], ...], language: str) -> None:
    """Model campaign programs, review them, and simulate their outcomes.

    Exit status: 0 done, 1 the input was refused or the command failed (one line per
    problem on standard error), 2 a bad option or argument.
    """
    ctx.obj = {"limits": limits_of(limits)}
    ctx.meta[LANGUAGE_KEY] = language


def _every_command(command: click.Command) -> list[click.Command]:
    found = [command]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found.extend(_every_command(sub))
    return found


def _with_language(command: click.Command) -> click.Command:
    """``command`` and its subcommands taking ``--lang``, as the group does (once)."""
    for each in _every_command(command):
        if not any("--lang" in getattr(p, "opts", ()) for p in each.params):
            each.params.append(language_option())
    return command


__all__ = ["main"]
