"""Located problems: what the library reports when input is wrong, all at once."""

import difflib
from collections.abc import Collection, Iterable, Sequence

import attrs


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where.

    ``location`` is a path into the document such as ``tasks[7].targets[0].value``
    (empty for the document itself); ``expected`` and ``received`` are set when a value had
    the wrong type or shape.
    """

    location: str
    message: str
    expected: str | None = None
    received: str | None = None

    def __str__(self) -> str:
        return f"{self.location or '(document)'}: {self.message}"


class VanguardError(Exception):
    """Base of every error the library raises on purpose."""


class ProgramError(VanguardError):
    """A program (or other input) is invalid; ``problems`` lists everything wrong with it.

    ``source`` names the file the problems were found in, when there was one; each problem's
    location is a path inside it.
    """

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        head = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{head}{count} {noun}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def lines(self) -> list[str]:
        """One ``location: message`` line per problem, prefixed with the file when known."""
        prefix = f"{self.source}:" if self.source else ""
        return [f"{prefix}{problem}" for problem in self.problems]


def raise_if_any(problems: Iterable[Problem], source: str | None = None) -> None:
    """Raise :class:`ProgramError` with every problem, if there is at least one."""
    found = list(problems)
    if found:
        raise ProgramError(found, source)


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean 'a'?)`` naming every one of ``known`` nearest to ``value``, or ``""``.

    Nearness is difflib's ratio with its usual 0.6 cutoff. Every name as near as the
    nearest is offered, in ``known`` order: a typo can be exactly as near to two names
    (``pledgre`` to ``pledger`` and ``pledges``), and naming one would be a guess. The one
    rule for every suggestion the library makes (file keys, ids, columns, choices).
    """
    scores = [(difflib.SequenceMatcher(None, name, value).ratio(), name) for name in known]
    best = max((score for score, _ in scores), default=0.0)
    if best < 0.6:
        return ""
    nearest = [repr(name) for score, name in scores if score == best]
    listed = nearest[0] if len(nearest) == 1 else f"{', '.join(nearest[:-1])} or {nearest[-1]}"
    return f" (did you mean {listed}?)"


def unknown(kind: str, value: str, known: Collection[str], defined_in: str) -> str:
    """The message for a reference to a ``kind`` that no ``defined_in`` entry defines."""
    return f"unknown {kind} {value!r}: no {defined_in} entry has this id" + did_you_mean(
        value, known
    )


def describe(value: object) -> str:
    """A short, safe rendering of a received value for an error message."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


__all__ = [
    "Problem",
    "ProgramError",
    "VanguardError",
    "describe",
    "did_you_mean",
    "raise_if_any",
    "unknown",
]
