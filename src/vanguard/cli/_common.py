"""What every command shares: the app it runs with, and how bad input is reported."""

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click
from rich.console import Console

from vanguard.problems import ProgramError, VanguardError

if TYPE_CHECKING:
    from vanguard.i18n import Words

P = ParamSpec("P")
R = TypeVar("R")

LANGUAGE_KEY = "vanguard.language"
"""Where the language of the running command is kept (``click.Context.meta``: the one
dictionary a command's contexts share, so no state outlives the command)."""


def _remember_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """The command's ``--lang``, else the group's (``vanguard --lang zh ...``), else English."""
    if value is None:
        value = ctx.meta.get(LANGUAGE_KEY, "en")
    ctx.meta[LANGUAGE_KEY] = value
    return value


LANGUAGE_HELP = "Write in English or in Chinese, naming things in the program's own words."

LANGUAGE = click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "zh"]),
    default=None,
    callback=_remember_language,
    help=LANGUAGE_HELP + " [default: the group's --lang, else en]",
)


def language_option(expose: bool = False) -> click.Option:
    """``--lang`` for a command that does not take the language as an argument."""
    return click.Option(
        ["--lang"],
        type=click.Choice(["en", "zh"]),
        default=None,
        expose_value=expose,
        callback=_remember_language,
        help=LANGUAGE_HELP,
        is_eager=True,
    )


def current_language() -> Any:
    """The language of the running command (English outside a command)."""
    context = click.get_current_context(silent=True)
    return "en" if context is None else context.meta.get(LANGUAGE_KEY, "en")


def text() -> "Words":
    """The interface text (:class:`vanguard.i18n.Words`) of the running command's language."""
    from vanguard.i18n import words

    return words(current_language())


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
    many more there are); a file that cannot be read or written (:class:`OSError`) is one
    ``error:`` line naming it. Anything else is caught by :class:`Main`.
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
            click.echo(f"error: {one_line(str(error))}", err=True)
            sys.exit(1)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # click closes a broken pipe quietly
            name = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {name}{error.strerror or one_line(str(error))}", err=True)
            sys.exit(1)

    return run


def one_line(text: str) -> str:
    """``text`` on one line (lines joined by ``; ``)."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


class Main(click.Group):
    """The ``vanguard`` group: no traceback ever reaches a user.

    An exception no command expected becomes one line on standard error and exit status
    1, naming it as an internal error; ``VANGUARD_DEBUG=1`` shows the traceback instead.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if error.errno == errno.EPIPE or os.environ.get("VANGUARD_DEBUG"):
                raise
            name = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {name}{error.strerror or one_line(str(error))}", err=True)
            sys.exit(1)
        except Exception as error:
            if os.environ.get("VANGUARD_DEBUG"):
                raise
            click.echo(
                f"internal error: {type(error).__name__}: {one_line(str(error))} "
                "(a bug: please report it; VANGUARD_DEBUG=1 shows the traceback)",
                err=True,
            )
            sys.exit(1)


class LimitSetting(click.ParamType):  # type: ignore[type-arg]  # generic only in stubs
    """``NAME=VALUE`` for ``--limit``: the name of a :class:`~vanguard.Limits` field."""

    name = "NAME=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        name, equals, text = str(value).partition("=")
        if not equals or not name.strip() or not text.strip():
            self.fail(f"expected NAME=VALUE (e.g. max_posts=500000), got {value!r}", param, ctx)
        return (name.strip(), text.strip())


def limits_of(settings: tuple[tuple[str, str], ...]) -> Any:
    """The :class:`~vanguard.Limits` with ``--limit`` settings applied (a usage error if bad)."""
    from vanguard.limits import DEFAULT_LIMITS

    if not settings:
        return DEFAULT_LIMITS
    try:
        return DEFAULT_LIMITS.replaced(dict(settings))
    except ProgramError as error:
        raise click.BadParameter("; ".join(str(p) for p in error.problems)) from None


def current_limits() -> Any:
    """The limits the running command was given (the defaults outside a command)."""
    from vanguard.limits import DEFAULT_LIMITS

    context = click.get_current_context(silent=True)
    root = context.find_root() if context is not None else None
    obj = root.obj if root is not None else None
    return obj.get("limits", DEFAULT_LIMITS) if isinstance(obj, dict) else DEFAULT_LIMITS


def app(**options: Any) -> Any:
    """The :class:`vanguard.Vanguard` app a command runs with (installed plugins loaded,
    the ``--limit`` settings applied)."""
    from vanguard.app import Vanguard

    options.setdefault("limits", current_limits())
    return Vanguard(**options)
