"""The JSON Schema of the program format, generated from the model so the two cannot drift.

The schema describes the plain data a program file parses into (dates as ``YYYY-MM-DD``
strings, as in JSON). It checks types, required and unknown keys, enumerations and
declared constraints: exactly what the converter checks. Cross-references (a letter
naming a post that does not exist) are beyond JSON Schema and checked by the loader only.
"""

import datetime as dt
import enum
import sys
import typing
from collections.abc import Mapping
from types import NoneType, UnionType
from typing import Any, get_args, get_origin

import attrs

from vanguard.model._constraints import Constraint, constraint_of
from vanguard.model.label import Label
from vanguard.model.program import FORMAT, Program

SCHEMA_ID = "https://vanguard.invalid/schema/program-1.json"
_FLOAT_MAX = sys.float_info.max


def program_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a program file."""
    definitions: dict[str, Any] = {}
    root = _schema_for(Program, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"vanguard program ({FORMAT})",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _constrained(schema: dict[str, Any], constraint: Constraint | None) -> dict[str, Any]:
    if constraint is None:
        return schema
    extra: dict[str, Any] = {}
    if constraint.json_pattern() is not None:
        extra["pattern"] = constraint.json_pattern()
    if constraint.min_length is not None:
        extra["minLength" if schema.get("type") == "string" else "minItems"] = constraint.min_length
    if constraint.max_length is not None:
        extra["maxLength"] = constraint.max_length
    if constraint.minimum is not None:
        extra["minimum"] = constraint.minimum
    if constraint.maximum is not None:
        extra["maximum"] = constraint.maximum
    if constraint.exclusive_minimum is not None:
        extra["exclusiveMinimum"] = constraint.exclusive_minimum
    if constraint.description is not None:
        extra["description"] = constraint.description
    return {**schema, **extra}


def _schema_for(tp: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    base, constraint = constraint_of(tp)
    if constraint is not None:
        return _constrained(_schema_for(base, definitions), constraint)
    origin = get_origin(tp)
    if origin in (typing.Union, UnionType):
        options = [arg for arg in get_args(tp) if arg is not NoneType]
        inner = [_schema_for(arg, definitions) for arg in options]
        if NoneType in get_args(tp):
            inner.append({"type": "null"})
        return {"anyOf": inner}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(get_args(tp)[0], definitions)}
    if origin in (Mapping, dict, typing.Mapping):
        return {"type": "object", "additionalProperties": _schema_for(get_args(tp)[1], definitions)}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer", "minimum": -_FLOAT_MAX, "maximum": _FLOAT_MAX}
    if tp is float:
        return {"type": "number", "minimum": -_FLOAT_MAX, "maximum": _FLOAT_MAX}
    if tp is str:
        return {"type": "string"}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder: breaks recursion for self-referencing classes
            definitions[name] = _class_schema(tp, definitions)
        if tp is Label:
            text = _schema_for(typing.get_type_hints(Label, include_extras=True)["en"], definitions)
            return {"anyOf": [text, {"$ref": f"#/$defs/{name}"}]}
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _class_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        properties[field.name] = _schema_for(hints[field.name], definitions)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        schema["description"] = " ".join(doc.split())
    return schema


__all__ = ["SCHEMA_ID", "program_schema"]
