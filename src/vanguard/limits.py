"""Input limits, declared once: how large a program, a file or a run may be.

Every limit is enforced at the edge, before the work it protects: a file's size before it
is read, its nesting before a parser recurses, the counts and dates of a program before
it is validated further, the replications of a run before anything is planned. Each
breach is a located :class:`~vanguard.ProgramError` naming the limit and how to raise it.

The defaults admit a province: the Zhaoqing bureau replicated 190 times (10,070 posts,
about 19,600 letters, 17 MB of TOML) is well inside every one of them, and a program ten
times that size is still admitted. They exist to refuse abuse (a 1 GB file, a 200-year
program, 10^12 replications), not to limit real programs; an application passes its own
(``Vanguard(limits=Limits(max_posts=500_000))``) and the command line takes
``vanguard --limit max_posts=500000 ...``.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from vanguard.problems import Problem, ProgramError

MIB = 1024 * 1024


@attrs.frozen
class Limits:
    """How large an input may be before it is refused (every field has a safe default).

    File: ``max_bytes`` (a file's size, checked before it is read) and ``max_depth``
    (nesting of tables and lists, checked before a parser recurses). Program: the most
    ``max_tasks``, ``max_posts``, ``max_units``, ``max_letters``, ``max_pledges`` (over all
    letters), ``max_indicators`` and ``max_cycles``; every date between ``earliest`` and
    ``latest``; a program spanning at most ``max_years`` years. Simulation: at most
    ``max_replications`` replications in one run.
    """

    max_bytes: int = 64 * MIB
    max_depth: int = 64
    max_tasks: int = 200_000
    max_posts: int = 200_000
    max_units: int = 200_000
    max_letters: int = 1_000_000
    max_pledges: int = 5_000_000
    max_indicators: int = 100_000
    max_cycles: int = 1_000
    max_years: int = 10
    earliest: dt.date = dt.date(1900, 1, 1)
    latest: dt.date = dt.date(2199, 12, 31)
    max_replications: int = 100_000_000

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(Limits):
            value = getattr(self, field.name)
            if isinstance(value, int) and value < 1:
                raise ValueError(f"Limits.{field.name} must be at least 1, got {value!r}")
        if self.earliest > self.latest:
            raise ValueError(f"Limits.earliest ({self.earliest}) is after latest ({self.latest})")

    def replaced(self, settings: Mapping[str, str]) -> "Limits":
        """A copy with the limits named in ``settings`` set from text (``{"max_posts": "5e5"}``
        is refused: whole numbers, dates ``YYYY-MM-DD``; ``_`` may group digits).

        :raises ProgramError: an unknown limit (with a did-you-mean) or a value that is
            not a whole number (or a date) of at least 1, each at ``--limit NAME``.
        """
        import difflib

        fields = {field.name: field for field in attrs.fields(Limits)}
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        for name, text in settings.items():
            where = f"--limit {name}"
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(Problem(where, f"unknown limit{hint}; known: {', '.join(fields)}"))
                continue
            try:
                values[name] = _parse(fields[name].type, text.strip())
            except ValueError as error:
                problems.append(Problem(where, str(error)))
        if problems:
            raise ProgramError(problems)
        try:
            return attrs.evolve(self, **values)
        except ValueError as error:
            raise ProgramError([Problem("--limit", str(error))]) from None

    def refuse(self, location: str, what: str, count: int, limit: str) -> Problem:
        """The problem for ``count`` of ``what`` over the limit named ``limit``."""
        allowed = getattr(self, limit)
        return Problem(
            location,
            f"{count:,} {what} is over the limit of {allowed:,} (raise it with "
            f"Limits({limit}=...) or --limit {limit}=N)",
        )


def _parse(kind: Any, text: str) -> object:
    if kind is dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    digits = text.replace("_", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
        raise ValueError(f"expected a whole number, got {text!r}")
    return int(digits)


DEFAULT_LIMITS = Limits()
"""The limits an app uses unless it is given others."""


__all__ = ["DEFAULT_LIMITS", "Limits"]
