"""The library's one cattrs converter: every structuring and unstructuring goes through here.

Each :class:`vanguard.Vanguard` app (and each call of :func:`make_converter`) owns its own
converter; nothing is registered on cattrs' global converter. The converter is strict: it
never coerces (``true``, ``"5"``, NaN and infinity are not numbers, a string is not a list),
it rejects unknown keys with a did-you-mean, and it checks every ``Constraint`` declared on a
field's type, so each problem is reported at its own location.
"""

import datetime as dt
import enum
import math
import re
import sys
import typing
from collections.abc import Callable, Mapping
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from vanguard.model._constraints import constraint_of
from vanguard.model.label import Label
from vanguard.problems import Problem, ProgramError, describe, did_you_mean

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLOAT_MAX = sys.float_info.max
_KEY_SHOWN = 60
"""How much of an unknown key a problem repeats."""


class InputError(ValueError):
    """A value of the wrong type or outside its constraint, found while structuring."""

    def __init__(self, message: str, expected: str | None = None, received: str | None = None):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.received = received


def _wrong(expected: str, value: object) -> InputError:
    received = describe(value)
    return InputError(f"expected {expected}, got {received}", expected, received)


def _number(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong("a number", value)
    try:
        number = float(value)
    except OverflowError:
        raise InputError("number is too large", "a finite number", "a huge integer") from None
    if not math.isfinite(number):
        raise _wrong("a finite number", value)
    return number


def _integer(value: object, _: type) -> int:
    # JSON Schema's "integer" admits 3.0, so the loader does too (and only that).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong("a whole number", value)
    if abs(value) > _FLOAT_MAX:
        # The schema bounds every number by the float range; the loader must agree.
        raise InputError("number is too large", "a whole number", "a huge integer")
    return value


def _string(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong("a string", value)
    return value


def _boolean(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong("true or false", value)
    return value


def _date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _wrong("a date (YYYY-MM-DD), not a date-time", value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _wrong("a real calendar date", value) from None
    raise _wrong("a date (YYYY-MM-DD)", value)


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _enum_hook(tp: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    choices = [member.value for member in tp]

    def structure(value: object, _: type) -> enum.Enum:
        if isinstance(value, str):
            for member in tp:
                if member.value == value:
                    return member
        listed = ", ".join(repr(c) for c in choices)
        message = f"expected one of {listed}, got {describe(value)}"
        if isinstance(value, str):
            message += did_you_mean(value, choices)
        raise InputError(message, f"one of {listed}", describe(value))

    return structure


def _is_annotated_constraint(tp: Any) -> bool:
    return constraint_of(tp)[1] is not None


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping(tp: Any) -> bool:
    return get_origin(tp) in (Mapping, dict, typing.Mapping)


def make_converter() -> cattrs.Converter:
    """A new strict converter for the vanguard model (the caller owns it)."""
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        omit_if_default=True,
    )
    converter.register_structure_hook(float, _number)
    converter.register_structure_hook(int, _integer)
    converter.register_structure_hook(str, _string)
    converter.register_structure_hook(bool, _boolean)
    converter.register_structure_hook(dt.date, _date)
    converter.register_unstructure_hook(dt.date, lambda value: value)
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_unstructure_hook_factory(_is_enum, lambda _tp: lambda member: member.value)

    def annotated_hook(tp: Any) -> Callable[[object, type], object]:
        base, constraint = constraint_of(tp)
        assert constraint is not None  # the predicate guarantees it
        inner = converter.get_structure_hook(base)

        def structure(value: object, _: type) -> object:
            result = inner(value, base)
            problem = constraint.violation(result)
            if problem is not None:
                raise InputError(problem, None, describe(value))
            return result

        return structure

    converter.register_structure_hook_factory(_is_annotated_constraint, annotated_hook)

    def tuple_hook(tp: Any) -> Callable[[object, type], tuple[Any, ...]]:
        item_type = get_args(tp)[0]
        item_hook = converter.get_structure_hook(item_type)

        def structure(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _wrong("a list", value)
            items, errors = [], []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:  # collected and re-raised as one group below
                    exc.add_note(
                        cattrs.errors.IterableValidationNote(
                            f"Structuring {tp} @ index {index}", index, item_type
                        )
                    )
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)
    converter.register_unstructure_hook_factory(
        _is_homogeneous_tuple,
        lambda tp: lambda value: [converter.unstructure(item, get_args(tp)[0]) for item in value],
    )

    def mapping_hook(tp: Any) -> Callable[[object, type], dict[str, Any]]:
        key_type, value_type = get_args(tp)
        value_hook = converter.get_structure_hook(value_type)

        def structure(value: object, _: type) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise _wrong("a table", value)
            result, errors = {}, []
            for key, item in value.items():
                try:
                    result[_string(key, key_type)] = value_hook(item, value_type)
                except Exception as exc:  # collected and re-raised as one group below
                    exc.add_note(
                        cattrs.errors.IterableValidationNote(
                            f"Structuring {tp} @ key {key!r}", key, value_type
                        )
                    )
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
            return result

        return structure

    converter.register_structure_hook_factory(_is_mapping, mapping_hook)

    def attrs_hook(cls: type) -> Callable[[object, type], object]:
        generated: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def structure(value: object, _: type) -> object:
            if not isinstance(value, dict):
                raise _wrong("a table", value)
            return generated(value, cls)

        return structure

    converter.register_structure_hook_factory(attrs.has, attrs_hook)

    label_hook = attrs_hook(Label)

    def structure_label(value: object, _: type) -> Label:
        if isinstance(value, str):
            value = {"en": value}  # a plain string is the English name
        elif not isinstance(value, dict):
            raise _wrong("a name (a string, or a table with en and zh)", value)
        return typing.cast(Label, label_hook(value, Label))

    converter.register_structure_hook(Label, structure_label)
    converter.register_unstructure_hook(
        Label, lambda value: value.en if value.zh is None else {"en": value.en, "zh": value.zh}
    )
    return converter


_T = typing.TypeVar("_T")


def structure(
    converter: cattrs.Converter, document: object, cls: type[_T], source: str | None = None
) -> _T:
    """Structure ``document`` into ``cls``, raising :class:`ProgramError` with every problem."""
    try:
        return converter.structure(document, cls)
    except (ClassValidationError, IterableValidationError, InputError) as exc:
        raise ProgramError(problems_of(exc, cls), source) from None


def problems_of(exc: BaseException, cls: type | None = None, path: str = "") -> list[Problem]:
    """Flatten a structuring exception (group) into located problems."""
    if isinstance(exc, IterableValidationError):
        found: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            key = note.index
            found.extend(
                problems_of(
                    inner,
                    note.type,
                    f"{path}[{key!r}]" if isinstance(key, str) else f"{path}[{key}]",
                )
            )
        for inner in without:
            found.extend(problems_of(inner, None, path))
        return found
    if isinstance(exc, ClassValidationError):
        found = []
        attribute_notes, without = exc.group_exceptions()
        for inner, attribute_note in attribute_notes:
            found.extend(problems_of(inner, attribute_note.type, _join(path, attribute_note.name)))
        for inner in without:
            found.extend(problems_of(inner, exc.cl, path))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)]
        found = []
        for key in sorted(exc.extra_fields, key=repr):
            if not isinstance(key, str):
                # YAML allows keys such as 1, null or a date; a model's keys are names.
                found.append(
                    Problem(
                        f"{path}[{key}]",
                        f"unknown key {key}: keys must be names (allowed: {', '.join(known)})",
                        "a name",
                        describe(key),
                    )
                )
                continue
            # a key pasted by mistake can be a whole paragraph: name it, do not repeat it
            shown = key if len(key) <= _KEY_SHOWN else key[: _KEY_SHOWN - 3] + "..."
            message = f"unknown key {shown!r}"
            hint = did_you_mean(key, known) if shown == key else ""
            message += hint or f" (allowed: {', '.join(known)})"
            found.append(Problem(_join(path, shown), message))
        return found
    if isinstance(exc, InputError):
        return [Problem(path, exc.message, exc.expected, exc.received)]
    if isinstance(exc, KeyError):
        return [Problem(path, "required key is missing")]
    return [Problem(path, str(exc) or type(exc).__name__)]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


__all__ = ["InputError", "did_you_mean", "make_converter", "problems_of", "structure"]
