"""What every format must refuse, whatever its parser lets through.

The same rules for TOML, YAML and JSON: no nesting deeper than the limit (checked on the
raw text, before a recursive parser can overflow the stack, and again on the parsed
data, since TOML's dotted keys nest without brackets), no key given twice in one table
(TOML refuses that itself; the YAML and JSON readers here refuse it too), and no text
holding control characters or lone surrogates. Each refusal names its place: a line for
what is found in the text, a path (``letters[3].title.en``) for what is found in the data.
"""

import re
from collections.abc import Iterable
from typing import Any

from vanguard.limits import Limits
from vanguard.model._constraints import forbidden_character
from vanguard.problems import Problem, ProgramError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class Duplicated(dict[str, Any]):
    """A JSON object that gave a key more than once (the later value kept, as json does).

    The reader builds it instead of refusing at once, because json's hook does not know
    where the object is; :func:`check_tree` then names the object's path.
    """

    duplicated: tuple[str, ...] = ()


def json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads` that remembers repeated keys."""
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = Duplicated(result)
    seen: set[str] = set()
    repeated = []
    for key, _ in pairs:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    marked.duplicated = tuple(repeated)
    return marked


def too_deep(limits: Limits, source: str | None) -> ProgramError:
    """The error for nesting beyond ``limits.max_depth``."""
    return ProgramError([Problem("", f"nesting deeper than {limits.max_depth} levels")], source)


def check_bracket_depth(text: str, limits: Limits, source: str | None) -> None:
    """Refuse deeply nested brackets before a recursive parser can overflow the stack.

    Brackets inside strings are counted too, which can only over-estimate the depth; a
    real program never comes near the limit either way.
    """
    depth = 0
    for char in _NOT_BRACKET.sub("", text):  # the brackets alone: a loop over what counts
        if char in "[{":
            depth += 1
            if depth > limits.max_depth:
                raise too_deep(limits, source)
        elif char in "]}":
            depth = max(0, depth - 1)


_TOML_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\n]*+"|'[^'\n]*+')[ \t]*+\.[ \t]*+"""


# A run of dotted key parts. The look-behind starts a run only at a part's beginning and the
# possessive quantifiers never backtrack, so finding every run is linear in the text.
_DOTTED_RUN = re.compile(rf"(?<![A-Za-z0-9_-])(?:{_TOML_KEY_PART})++")


def check_dotted_depth(text: str, limits: Limits, source: str | None) -> None:
    """Refuse TOML dotted keys (``a.b.c = 1``, ``[a.b.c]``) nesting deeper than the limit.

    The TOML parser (tomli, as tomllib) takes time quadratic in a dotted key's length, so
    a 10,000-part key must be refused before parsing. Dotted words inside string values
    (and dots inside quoted key parts) are counted too, which can only over-estimate the
    depth; no real program has 64 dotted parts in a row.
    """
    for run in _DOTTED_RUN.finditer(text):
        if run.end() - run.start() >= 2 * limits.max_depth and run.group().count(".") >= (
            limits.max_depth
        ):
            raise too_deep(limits, source)


Trail = tuple["Trail", object] | None
"""The way from the document to a node: ``(parent's trail, key or index)``, None at the top."""


def check_tree(document: object, limits: Limits, source: str | None) -> None:
    """Walk the parsed data: depth, repeated keys, and text that is not text.

    Iterative (no recursion, whatever the depth). A first pass only measures the depth,
    notes repeated keys and gathers every string for one search (a 20 MB program has a
    million strings); only when it finds something does a second pass build the paths of
    the problems. Every problem found is reported, up to a screenful.
    """
    if _clean(document, limits, source):
        return
    problems: list[Problem] = []

    def text(value: str, trail: Trail, what: str) -> None:
        reason = forbidden_character(value)
        if reason is not None:
            problems.append(Problem(path_of(trail), f"{what} {reason}"))

    if isinstance(document, str):
        text(document, None, "text")
        return
    stack: list[tuple[object, int, Trail]] = [(document, 1, None)]
    while stack and len(problems) < 20:
        node, depth, trail = stack.pop()
        if depth > limits.max_depth:
            raise too_deep(limits, source)
        if isinstance(node, dict):
            if isinstance(node, Duplicated):
                problems.extend(
                    Problem(path_of((trail, key)), f"key {key!r} is given more than once")
                    for key in node.duplicated
                )
            for key, child in node.items():
                if isinstance(key, str):
                    text(key, trail, "a key")
                if isinstance(child, str):
                    text(child, (trail, key), "text")
                elif isinstance(child, dict | list):
                    stack.append((child, depth + 1, (trail, key)))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                if isinstance(child, str):
                    text(child, (trail, index), "text")
                elif isinstance(child, dict | list):
                    stack.append((child, depth + 1, (trail, index)))
    if problems:
        raise ProgramError(problems, source)


def _clean(document: object, limits: Limits, source: str | None) -> bool:
    """True when ``document`` has no repeated key and no forbidden character (depth is
    checked on the way: too deep raises at once)."""
    strings: list[str] = []
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_depth:
            raise too_deep(limits, source)
        if isinstance(node, dict):
            if isinstance(node, Duplicated):
                return False
            strings.extend(key for key in node if isinstance(key, str))
            values: Iterable[object] = node.values()
        elif isinstance(node, list):
            values = node
        else:
            if isinstance(node, str):
                strings.append(node)
            continue
        for child in values:
            if isinstance(child, str):
                strings.append(child)
            elif isinstance(child, dict | list):
                stack.append((child, depth + 1))
    # line feeds are allowed text, so joining with them hides nothing and adds nothing
    return forbidden_character("\n".join(strings)) is None


def path_of(trail: Trail) -> str:
    """``trail`` as a location in the library's words: ``letters[3].title.en``."""
    parts: list[object] = []
    while trail is not None:
        trail, step = trail
        parts.append(step)
    text = ""
    for step in reversed(parts):
        if isinstance(step, int):
            text += f"[{step}]"
        elif isinstance(step, str) and _NAME.fullmatch(step):
            text += f".{step}" if text else step
        else:
            shown = repr(step) if not isinstance(step, str) or len(step) <= 40 else "'...'"
            text += f"[{shown}]"
    return text


__all__ = [
    "Duplicated",
    "check_bracket_depth",
    "check_dotted_depth",
    "check_tree",
    "json_object",
    "path_of",
    "too_deep",
]
