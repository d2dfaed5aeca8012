"""Value constraints declared once, on the type, and enforced everywhere.

A field typed ``Annotated[float, Constraint(minimum=0)]`` is checked in three places from
this single declaration: by attrs when a model object is built from Python, by the
converter when a file is loaded (so the error carries the field's location), and in the
exported JSON Schema (so the schema and the loader agree).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, dataclass_transform, get_args, get_origin

import attrs

FORBIDDEN_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
"""Characters no text of a program may hold, as a regular-expression class body: control
characters other than tab, line feed and carriage return, and lone surrogates (which are
not Unicode text and cannot be written as UTF-8)."""

_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # compiled once per pattern: ids are checked hundreds of thousands of times in a big
    # program, and re's own cache lookup costs more than the match
    return re.compile(pattern)


def forbidden_character(text: str) -> str | None:
    """Why ``text`` cannot be a program's text (its first forbidden character), or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
    return f"contains {kind} U+{code:04X} at position {found.start()}"


@attrs.frozen
class Constraint:
    """Bounds and shape a value must satisfy, beyond its Python type.

    ``printable`` refuses the :data:`FORBIDDEN_CHARACTERS` (control characters, lone
    surrogates) in a string.
    """

    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    description: str | None = None
    printable: bool = False

    def json_pattern(self) -> str | None:
        """The pattern as JSON Schema needs it: anchored, with full-match semantics.

        ``(?!\n)`` stops Python's ``$`` from matching before a trailing newline, so the
        schema (validated with ``re.search``) and the loader (``re.fullmatch``) agree.
        """
        pattern = self.pattern
        if pattern is None and self.printable:
            pattern = f"[^{FORBIDDEN_CHARACTERS}]*"
        return None if pattern is None else f"^(?:{pattern})$(?!\n)"

    def violation(self, value: object) -> str | None:
        """The reason ``value`` breaks this constraint, or None when it satisfies it."""
        if isinstance(value, str):
            if self.min_length is not None and len(value) < self.min_length:
                return f"must have at least {self.min_length} character(s)"
            if self.max_length is not None and len(value) > self.max_length:
                return f"must have at most {self.max_length} characters, got {len(value)}"
            if self.pattern is not None and _compiled(self.pattern).fullmatch(value) is None:
                return f"{value!r} does not match {self.pattern}"
            if self.printable:
                return forbidden_character(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return f"must be at least {self.minimum:g}, got {value!r}"
            if self.maximum is not None and value > self.maximum:
                return f"must be at most {self.maximum:g}, got {value!r}"
            if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
                return f"must be greater than {self.exclusive_minimum:g}, got {value!r}"
        elif (
            isinstance(value, tuple)
            and self.min_length is not None
            and len(value) < self.min_length
        ):
            return f"must have at least {self.min_length} item(s)"
        return None


ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.:\-]*"

Id = Annotated[
    str,
    Constraint(
        pattern=ID_PATTERN, max_length=80, description="identifier: letters, digits, _ . : -"
    ),
]
"""An identifier that other parts of a program refer to (a post, a task, an indicator)."""

NonNegative = Annotated[float, Constraint(minimum=0)]
Positive = Annotated[float, Constraint(exclusive_minimum=0)]
Fraction = Annotated[float, Constraint(minimum=0, maximum=1)]
Text = Annotated[str, Constraint(min_length=1, max_length=2000, printable=True)]


def constraint_of(tp: Any) -> tuple[Any, Constraint | None]:
    """Split an ``Annotated[T, Constraint(...)]`` into ``(T, constraint)``."""
    if get_origin(tp) is Annotated:
        base, *extras = get_args(tp)
        for extra in extras:
            if isinstance(extra, Constraint):
                return base, extra
        return base, None
    return tp, None


def _validator_for(constraint: Constraint) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        problem = constraint.violation(value)
        if problem is not None:
            raise ValueError(f"{attribute.name}: {problem}")

    return check


def _with_constraint_validators(
    _cls: type, fields: list[attrs.Attribute[Any]]
) -> list[attrs.Attribute[Any]]:
    result = []
    for field in fields:
        _base, constraint = constraint_of(field.type)
        if constraint is not None:
            extra = _validator_for(constraint)
            validator = (
                extra if field.validator is None else attrs.validators.and_(field.validator, extra)
            )
            field = field.evolve(validator=validator)
        result.append(field)
    return result


_C = TypeVar("_C", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field, attrs.Factory))
def model(cls: _C) -> _C:
    """Declare a frozen model class whose ``Annotated`` constraints are enforced on init."""
    return attrs.frozen(cls, field_transformer=_with_constraint_validators)
