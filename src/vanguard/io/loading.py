"""Loading and dumping program files: parse, structure, validate; or unstructure and write."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cattrs

from vanguard.io.converter import structure
from vanguard.io.formats import (
    Format,
    parse_document,
    read_document,
    render_document,
    write_document,
)
from vanguard.limits import DEFAULT_LIMITS, Limits
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import raise_if_any
from vanguard.validation import validate_program
from vanguard.validation.limits import count_problems, document_counts


def program_from_document(
    converter: cattrs.Converter,
    document: dict[str, Any],
    external_indicators: Mapping[str, Indicator] | None = None,
    source: str | None = None,
    check: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Program:
    """Structure and (with ``check``) validate a parsed document.

    The counts ``limits`` bound are checked on the document before it is structured, so
    an oversized program is refused without building it. Raises ProgramError listing
    every problem found.
    """
    raise_if_any(count_problems(document_counts(document), limits), source)
    program = structure(converter, document, Program, source)
    if check:
        raise_if_any(validate_program(program, external_indicators, limits=limits), source)
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
    return program_from_document(converter, document, external_indicators, str(path), check, limits)


def parse_program(
    converter: cattrs.Converter,
    text: str,
    fmt: Format = "toml",
    external_indicators: Mapping[str, Indicator] | None = None,
    check: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Program:
    """Load a program from text in ``fmt``."""
    document = parse_document(text, fmt, limits)
    return program_from_document(converter, document, external_indicators, None, check, limits)


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
