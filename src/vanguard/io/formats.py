"""Reading and writing documents as TOML (primary), YAML (safe subset) and JSON.

Reading is defensive: the file's size and nesting depth are checked before any parser
sees the content, YAML anchors/aliases and tags are refused (no alias bombs, no Python
objects), JSON's NaN/Infinity are refused, a key given twice in one table is refused in
every format (as TOML itself does), so is text with control characters or lone
surrogates (see :mod:`vanguard.io.strictness`), and every parser error becomes a located
:class:`~vanguard.problems.ProgramError`. No RecursionError, MemoryError or hang
escapes for hostile input.
"""

import datetime as dt
import json
import math
import re
import stat
from pathlib import Path
from typing import Any, Literal

# tomli, not the standard library's tomllib (the same parser): its compiled wheels read a
# province-size program file in half the time
import tomli
import tomli_w
import yaml

from vanguard.io.output import write_atomically
from vanguard.io.strictness import (
    check_bracket_depth,
    check_dotted_depth,
    check_tree,
    json_object,
    too_deep,
)
from vanguard.limits import DEFAULT_LIMITS, Limits
from vanguard.problems import Problem, ProgramError

Format = Literal["toml", "yaml", "json"]

_SUFFIXES: dict[str, Format] = {
    ".toml": "toml",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}


def format_of(path: Path) -> Format:
    """The format named by ``path``'s suffix; ProgramError for an unknown suffix."""
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_SUFFIXES))
        raise ProgramError(
            [Problem("", f"unknown file type {path.suffix!r}; use one of {known}")], str(path)
        ) from None


def read_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Parse the file at ``path`` into plain data, enforcing ``limits``.

    Only regular files are read (a directory, a pipe or a device such as ``/dev/zero``
    behind a ``.toml`` name is refused unread), and never more than ``limits.max_bytes``.
    A UTF-8 byte-order mark, as some editors write, is skipped.
    """
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise ProgramError([Problem("", f"cannot read file: {exc.strerror}")], source) from None
    if stat.S_ISDIR(info.st_mode):
        raise ProgramError([Problem("", "is a directory, not a program file")], source)
    if not stat.S_ISREG(info.st_mode):
        raise ProgramError([Problem("", "is not a regular file")], source)
    fmt = format_of(path)
    too_big = f"the limit is {limits.max_bytes:,} (raise it with --limit max_bytes=N)"
    if info.st_size > limits.max_bytes:
        raise ProgramError([Problem("", f"file is {info.st_size:,} bytes; {too_big}")], source)
    try:
        with path.open("rb") as file:
            data = file.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise ProgramError([Problem("", f"cannot read file: {exc.strerror}")], source) from None
    if len(data) > limits.max_bytes:
        raise ProgramError(
            [Problem("", f"file is over {limits.max_bytes:,} bytes; {too_big}")], source
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProgramError(
            [Problem("", f"not UTF-8 text ({exc.reason} at byte {exc.start})")], source
        ) from None
    return parse_document(text, fmt, limits, source)


def parse_document(
    text: str, fmt: Format, limits: Limits = DEFAULT_LIMITS, source: str | None = None
) -> dict[str, Any]:
    """Parse ``text`` in ``fmt`` into a table (a dict), enforcing ``limits``."""
    if len(text.encode("utf-8", errors="replace")) > limits.max_bytes:
        raise ProgramError([Problem("", f"document exceeds {limits.max_bytes:,} bytes")], source)
    if not text.strip():
        # One clear line, the same in every format (TOML would read an empty table and
        # report each required key, JSON a syntax error, YAML a null document).
        raise ProgramError([Problem("", "the document is empty")], source)
    try:
        if fmt == "yaml":
            document = _parse_yaml(text, limits, source)
        else:
            check_bracket_depth(text, limits, source)
            if fmt == "toml":
                check_dotted_depth(text, limits, source)
            document = tomli.loads(text) if fmt == "toml" else _parse_json(text)
    except ProgramError:
        raise
    except (tomli.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProgramError(
            [Problem("", f"not valid {fmt.upper()}: {_one_line(exc)}")], source
        ) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        # Parsers raise these for numbers beyond Python's digit limit and the like.
        if "integer string conversion" in str(exc):
            raise ProgramError(
                [Problem("", f"not valid {fmt.upper()}: a number has too many digits")], source
            ) from None
        raise ProgramError(
            [Problem("", f"cannot parse {fmt.upper()}: {_one_line(exc)}")], source
        ) from None
    if not isinstance(document, dict):
        raise ProgramError(
            [Problem("", "the document must be a table (a mapping) at top level")], source
        )
    check_tree(document, limits, source)
    return document


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number this library accepts")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value


def _parse_json(text: str) -> object:
    return json.loads(
        text,
        parse_constant=_refuse_constant,
        parse_float=_finite_float,
        object_pairs_hook=json_object,
    )


_YAML_PLAIN_TAGS = frozenset(
    ["!"]
    + [
        f"tag:yaml.org,2002:{name}"
        for name in ("null", "bool", "int", "float", "str", "map", "seq", "timestamp")
    ]
)
"""Explicit YAML tags a program may carry: plain data only (no python/*, binary, set, omap)."""


# libyaml's parser when PyYAML has it: the pure-Python one takes seconds per megabyte.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlRefusedError(Exception):
    """Something the strict YAML loader refuses, at a line of the text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_MERGE = "tag:yaml.org,2002:merge"


class _StrictYamlLoader(_SafeLoader):  # type: ignore[valid-type,misc]  # chosen at import
    """A safe loader that refuses a key given twice in one mapping, and merge keys (``<<``).

    :func:`_parse_yaml` refuses anchors/aliases and tags before it runs.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                raise _YamlRefusedError(line, "YAML merge keys (<<) are not supported")
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the base class says so, with its place
                continue
            if first is not None:
                message = f"key {key!r} is given more than once (first at line {first})"
                raise _YamlRefusedError(line, message)
            seen[key] = line
        result: dict[Any, Any] = super().construct_mapping(node, deep)
        return result


def _parse_yaml(text: str, limits: Limits, source: str | None) -> object:
    # Walk the event stream first: the parser is iterative, so depth and aliases are
    # checked before the recursive composer runs.
    depth = 0
    for event in yaml.parse(text, Loader=_StrictYamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise ProgramError(
                [Problem("", f"line {line}: YAML anchors and aliases are not supported")], source
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _YAML_PLAIN_TAGS:
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise ProgramError(
                [Problem("", f"line {line}: YAML tag {tag!r} is not allowed")], source
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                raise too_deep(limits, source)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    # A SafeLoader subclass: only plain data is constructed. YAML's .nan/.inf come through
    # as floats and are refused by the converter at their location.
    try:
        return yaml.load(text, Loader=_StrictYamlLoader)
    except _YamlRefusedError as refusal:
        raise ProgramError(
            [Problem("", f"line {refusal.line}: {refusal.message}")], source
        ) from None


class _PlainYamlDumper(yaml.SafeDumper):
    """SafeDumper that never writes anchors: the reader refuses them."""

    def ignore_aliases(self, data: object) -> bool:
        return True


_YAML_FRAGILE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Plain and block styles fold line breaks YAML knows (NEL, LS, PS) and drop some
    # control characters; double quotes escape them, so the text reads back unchanged.
    style = '"' if _YAML_FRAGILE.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_PlainYamlDumper.add_representer(str, _represent_text)


def render_document(document: dict[str, Any], fmt: Format) -> str:
    """Serialise plain data (dates as dates) to text in ``fmt``."""
    if fmt == "toml":
        return tomli_w.dumps(document)
    if fmt == "yaml":
        return yaml.dump(document, Dumper=_PlainYamlDumper, allow_unicode=True, sort_keys=False)
    return (
        json.dumps(document, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)
        + "\n"
    )


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write ``document`` to ``path`` in the format its suffix names, atomically.

    The text goes to a temporary file beside ``path`` that replaces it only once it is
    complete (see :func:`~vanguard.io.output.write_atomically`): a full disk or a crash
    leaves the previous file, never half a file.
    """
    text = render_document(document, format_of(path))
    write_atomically(path, text.encode("utf-8"))


# DEFAULT_LIMITS and Limits are still importable from here; they are declared (and
# documented) in vanguard.limits
__all__ = [
    "Format",
    "format_of",
    "parse_document",
    "read_document",
    "render_document",
    "write_document",
]
