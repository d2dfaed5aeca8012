"""``--json``: the one shape every command's machine-readable output takes.

Every ``--json`` output is one JSON object on standard output (UTF-8, Chinese unescaped)::

    {"command": "bulletin", "format": 1, "ok": true, "program": "zhaoqing-labour-2006", ...}

``command`` names the command, ``format`` is the version of this shape (bumped only when
a key changes meaning or goes away; new keys may appear at any time), ``ok`` whether the
command did what was asked, ``program`` the program's id; the command's own keys follow
(documented in the CLI reference). A table is a list of flat records with the columns of
the API's frame (``Bulletin.to_frame("posts")`` and the ``posts`` key agree); the shape
is the one ``simulate --json`` uses. Problems with the input are ``{"file", "location",
"message"}`` objects in a ``problems`` list when the command reports them itself
(``validate``); otherwise they stay ``location: message`` lines on standard error with
exit status 1, as without ``--json``.
Dates are ISO strings, enums their values, labels ``{"en": ..., "zh": ...}``.
"""

import datetime as dt
import enum
import json
import math
from typing import Any

import click

FORMAT = 1
"""The version of the ``--json`` shape."""

AS_JSON = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object on standard output instead of text (shape: the CLI "
    "reference, 'Machine-readable output').",
)


def _plain(value: Any) -> Any:
    from vanguard.model.label import Label

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Label):
        return {"en": str(value.en), "zh": None if value.zh is None else str(value.zh)}
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")


def document(command: str, ok: bool = True, **body: Any) -> dict[str, Any]:
    """The ``--json`` object of ``command``: its header, then ``body`` (NaN and infinities
    as ``null``: JSON has no such numbers)."""
    data: dict[str, Any] = _finite({"command": command, "format": FORMAT, "ok": ok, **body})
    return data


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def emit(command: str, ok: bool = True, **body: Any) -> None:
    """Print the ``--json`` object of ``command`` on standard output."""
    data = document(command, ok, **body)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


def program_header(program: Any, path: Any = None) -> dict[str, Any]:
    """``program`` (its id), ``program_name`` (``{"en", "zh"}``) and ``path``: the keys
    naming the program a command ran on (shared with ``simulate --json``)."""
    return {
        "program": program.id,
        "program_name": program.name,
        "path": None if path is None else str(path),
    }


def problem_objects(error: Any) -> list[dict[str, Any]]:
    """A :class:`~vanguard.ProgramError`'s problems as ``{"file", "location", "message"}``."""
    return [
        {"file": error.source, "location": p.location, "message": p.message} for p in error.problems
    ]


__all__ = ["AS_JSON", "FORMAT", "document", "emit", "problem_objects", "program_header"]
