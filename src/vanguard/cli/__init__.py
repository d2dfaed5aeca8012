"""The ``vanguard`` command line: one module per command group, assembled here."""

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
from vanguard.cli.demo import demo
from vanguard.cli.ledger import ledger_group
from vanguard.cli.plugins import plugins
from vanguard.cli.program import schema, show, validate
from vanguard.cli.reports import reports_group
from vanguard.cli.review import bulletin, evaluate_command, explain
from vanguard.cli.scaffold import new_plugin_command
from vanguard.cli.simulate import simulate
from vanguard.cli.spreadsheets import add_to_reports, export_group


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
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


main.add_command(validate)
main.add_command(show)
main.add_command(schema)
main.add_command(plugins)
main.add_command(bulletin)
main.add_command(evaluate_command)
main.add_command(explain)
main.add_command(simulate)
main.add_command(demo)
main.add_command(ledger_group)
main.add_command(reports_group)
main.add_command(new_plugin_command)
main.add_command(export_group)
add_to_reports(main)  # after any other module's `reports` group: `template` joins it


def _every_command(group: click.Group) -> list[click.Command]:
    found: list[click.Command] = []
    for command in group.commands.values():
        found.append(command)
        if isinstance(command, click.Group):
            found.extend(_every_command(command))
    return found


for _command in _every_command(main):  # --lang on every command, as on the group
    if not any("--lang" in getattr(p, "opts", ()) for p in _command.params):
        _command.params.append(language_option())

__all__ = ["main"]
