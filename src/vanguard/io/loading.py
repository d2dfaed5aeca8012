"""Loading and dumping program files: parse, structure, validate; or unstructure and write."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cattrs

from vanguard.io.converter import structure
from vanguard.io.formats import (
    DEFAULT_LIMITS,
    Format,
    Limits,
    parse_document,
    read_document,
    render_document,
    write_document,
)
from vanguard.io.problems import raise_if_any
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.validation import validate_program


def program_from_document(
    converter: cattrs.Converter,
    document: dict[str, Any],
    external_indicators: Mapping[str, Indicator] | None = None,
    source: str | None = None,
    check: bool = True,
) -> Program:
    """Structure and (with ``check``) validate a parsed document.

    Raises ProgramError listing every problem found.
    """
    program = structure(converter, document, Program, source)
    if check:
        raise_if_any(validate_program(program, external_indicators), source)
    return program


def read_program(
    converter: cattrs.Converter,
    path: str | Path,
    external_indicators: Mapping[str, Indicator] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    check: bool = True,
) -> Program:
    """Load the program file at ``path`` (TOML, YAML or JSON by suffix)."""
    path = Path(path)
    document = read_document(path, limits)
    return program_from_document(converter, document, external_indicators, str(path), check)


def parse_program(
    converter: cattrs.Converter,
    text: str,
    fmt: Format = "toml",
    external_indicators: Mapping[str, Indicator] | None = None,
    check: bool = True,
) -> Program:
    """Load a program from text in ``fmt``."""
    document = parse_document(text, fmt, DEFAULT_LIMITS)
    return program_from_document(converter, document, external_indicators, None, check)


def program_document(converter: cattrs.Converter, program: Program) -> dict[str, Any]:
    """The plain-data form of ``program`` (defaults omitted, dates kept as dates)."""
    document: dict[str, Any] = converter.unstructure(program, Program)
    return document


def write_program(converter: cattrs.Converter, program: Program, path: str | Path) -> None:
    """Write ``program`` to ``path`` in the format its suffix names."""
    write_document(program_document(converter, program), Path(path))


def render_program(converter: cattrs.Converter, program: Program, fmt: Format) -> str:
    """``program`` as text in ``fmt``."""
    return render_document(program_document(converter, program), fmt)


__all__ = [
    "parse_program",
    "program_document",
    "program_from_document",
    "read_program",
    "render_program",
    "write_program",
]
