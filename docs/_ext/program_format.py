"""Sphinx directive ``program-keys``: the keys of one program-file section, from the model.

``.. program-keys:: vanguard.model.program.Program`` renders a table of the class's fields
(key, type, default) read from the attrs class itself, so the file-format reference cannot
drift from what the loader accepts. Descriptions come from attribute docstrings in the
source (a string literal right after the field), where there are any.
"""

import ast
import datetime as dt
import enum
import importlib
import inspect
import itertools
import textwrap
import typing
from collections.abc import Mapping
from types import NoneType, UnionType
from typing import Any, get_args, get_origin

import attrs
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from vanguard.model._constraints import Constraint, constraint_of
from vanguard.model.label import Label


def _number_range(constraint: Any) -> str:
    low, high = constraint.minimum, constraint.maximum
    if constraint.exclusive_minimum is not None:
        return f"number > {constraint.exclusive_minimum:g}"
    if low is not None and high is not None:
        return f"number {low:g} to {high:g}"
    if low is not None:
        return f"number ≥ {low:g}"
    return "number"


def describe_type(tp: Any) -> str:
    """A reader's name for the type of a field's value."""
    base, constraint = constraint_of(tp)
    if constraint is not None:
        if constraint.pattern is not None:
            return "id"
        if base is str:
            return "text"
        if base in (float, int):
            word = _number_range(constraint)
            return word.replace("number", "integer") if base is int else word
        return describe_type(base)
    origin = get_origin(tp)
    if origin in (typing.Union, UnionType):
        options = [describe_type(arg) for arg in get_args(tp) if arg is not NoneType]
        return " or ".join(options)
    if origin is tuple:
        inner = get_args(tp)[0]
        if attrs.has(inner) and inner is not Label:
            return f"list of tables ({inner.__name__})"
        return f"list of {describe_type(inner)}s"
    if origin in (Mapping, dict, typing.Mapping):
        return f"table of {describe_type(get_args(tp)[1])}s"
    if tp is Label:
        return "label"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(f"``{member.value}``" for member in tp)
    if isinstance(tp, type) and attrs.has(tp):
        return f"table ({tp.__name__})"
    names = {bool: "boolean", int: "integer", float: "number", str: "string", dt.date: "date"}
    return names.get(tp, getattr(tp, "__name__", str(tp)))


def describe_default(field: "attrs.Attribute[Any]") -> str:
    """The default of a field as a reader would write it, or *required*."""
    default = field.default
    if default is attrs.NOTHING:
        return "**required**"
    if isinstance(default, attrs.Factory):  # a default built by a factory (an empty dict)
        default = default.factory()
    if default is None:
        return "none"
    if isinstance(default, bool):
        return f"``{str(default).lower()}``"
    if isinstance(default, enum.Enum):
        return f"``{default.value}``"
    if isinstance(default, tuple | dict) and not default:
        return "empty"
    if isinstance(default, tuple):
        return f"{len(default)} entries (see below)"
    if attrs.has(type(default)):
        return "the defaults below"
    if isinstance(default, float) and default.is_integer():
        return f"``{int(default)}``"
    return f"``{default!r}``" if isinstance(default, str) else f"``{default}``"


def attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written right after a field in the class body (PEP 257 attribute docs)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    statements = body.body
    for current, following in itertools.pairwise(statements):
        if (
            isinstance(current, ast.AnnAssign)
            and isinstance(current.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[current.target.id] = " ".join(following.value.value.split())
    return docs


def _inline(text: str) -> list[nodes.Node]:
    """``code`` spans as literals, **required** in bold, the rest as plain text."""
    result: list[nodes.Node] = []
    for i, part in enumerate(text.split("``")):
        if i % 2:
            result.append(nodes.literal(part, part))
        elif part.startswith("**") and part.endswith("**") and len(part) > 4:
            result.append(nodes.strong(part[2:-2], part[2:-2]))
        elif part:
            result.append(nodes.Text(part))
    return result


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *_inline(cell))
        row += entry
    return row


class ProgramKeys(SphinxDirective):
    """Render the table of one model class's keys (built as docutils nodes, so it works
    the same in Markdown and reStructuredText pages)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        module_name, _, class_name = self.arguments[0].rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        hints = typing.get_type_hints(cls, include_extras=True)
        docs = attribute_docs(cls)
        fields = attrs.fields(cls)
        noted = any(field.name in docs for field in fields)  # a note column only if needed
        widths = (20, 35, 20, 25) if noted else (25, 45, 30)
        group = nodes.tgroup(cols=len(widths))
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row(["key", "value", "default", "note"][: len(widths)])
        group += head
        body = nodes.tbody()
        for field in fields:
            cells = [
                f"``{field.name}``",
                describe_type(hints[field.name]),
                describe_default(field),
                docs.get(field.name, ""),
            ]
            body += _row(cells[: len(widths)])
        group += body
        table = nodes.table(classes=["program-keys"])
        table += group
        return [table]


def _compact_repr(self: Constraint) -> str:
    """Only the bounds a constraint sets: ``Constraint(min_length=1, max_length=2000)``."""
    given = [
        f"{field.name}={getattr(self, field.name)!r}"
        for field in attrs.fields(Constraint)
        if getattr(self, field.name) is not None
    ]
    return f"Constraint({', '.join(given)})"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("program-keys", ProgramKeys)
    # autodoc renders a field typed Annotated[float, Constraint(...)] with the constraint's
    # repr; attrs' repr lists every unset bound as None, which buries the one that matters.
    # This only affects the documentation build's own process.
    Constraint.__repr__ = _compact_repr  # type: ignore[method-assign]  # docs build only
    return {"parallel_read_safe": True, "parallel_write_safe": True}
