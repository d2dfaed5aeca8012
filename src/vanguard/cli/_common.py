"""What every command shares: the app it runs with, and how bad input is reported."""

import functools
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click
from rich.console import Console

from vanguard.io.problems import ProgramError, VanguardError

P = ParamSpec("P")
R = TypeVar("R")

LANGUAGE = click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Show names in English or in the report's Chinese terms.",
)


DEFAULT_LEDGER = "vanguard-ledger.sqlite"

LEDGER = click.option(
    "--ledger",
    "ledger_url",
    envvar="VANGUARD_LEDGER",
    default=DEFAULT_LEDGER,
    show_default=True,
    help="The ledger: a SQLite file path, sqlite:///path or postgresql://user@host/db.",
)


def console() -> Console:
    """A console for normal output (plain text when not a terminal)."""
    return Console(highlight=False, soft_wrap=True)


MAX_PRINTED = 20
"""Most problems printed for one error; the rest are counted ("... and N more")."""


def reports_problems(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's errors into ``location: message`` lines and exit status 1.

    Bad input never shows a traceback: every :class:`VanguardError` is reported by its
    problems, one per line, on standard error (the first :data:`MAX_PRINTED`, then how
    many more there are).
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ProgramError as error:
            lines = error.lines()
            for line in lines[:MAX_PRINTED]:
                click.echo(line, err=True)
            if len(lines) > MAX_PRINTED:
                click.echo(f"... and {len(lines) - MAX_PRINTED:,} more", err=True)
            sys.exit(1)
        except VanguardError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)

    return run


def app(**options: Any) -> Any:
    """The :class:`vanguard.Vanguard` app a command runs with (installed plugins loaded)."""
    from vanguard.app import Vanguard

    return Vanguard(**options)
