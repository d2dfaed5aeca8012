"""Report files as rows: bytes decoded, limits checked before any work, cells located.

A report file is CSV (a header row, then one report a row) or JSON (a list of tables).
What this module guarantees, so :func:`~vanguard.review.check_reports` only ever sees
plain rows:

* **Encodings.** UTF-8 with or without a byte-order mark (what Excel writes as "CSV UTF-8"),
  UTF-16 with a byte-order mark, and GB18030 (which includes GBK and GB2312, what Excel
  writes on a Chinese Windows) are recognised; an explicit ``encoding`` overrides the
  detection. Detection is a strict UTF-8 decode, then a strict GB18030 decode: text in GBK
  is practically never valid UTF-8, so the order is safe.
* **Limits, checked before the work.** A file larger than :data:`MAX_FILE_BYTES` is refused
  from its size alone; one with more than :data:`MAX_ROWS` rows from its line count, before
  any row is parsed; a cell longer than :data:`MAX_CELL` characters is refused at its row
  and column (never a ``csv`` traceback).
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from vanguard.problems import Problem, ProgramError

COLUMNS = ("post", "indicator", "period", "value", "reported")
"""The columns of a report file, in the order the library writes them."""

MAX_ROWS = 1_000_000
"""Most reports in one file or batch."""
MAX_CELL = 1_000
"""Most characters in one cell (ids have at most 80; a number or a date far fewer)."""
MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest report file read (a million rows of the shipped examples take about 50 MB)."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DETECTED = ("utf-8", "gb18030")


def read_rows(
    path: Path, encoding: str | None = None, required: Sequence[str] = COLUMNS[:4]
) -> list[Any]:
    """The rows of the report file at ``path`` (format from its suffix), or ProgramError;
    a CSV header must name the ``required`` columns (other row files, such as the
    rectification register's, give their own)."""
    source = str(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "json"):
        raise ProgramError(
            [Problem("", f"reports must be .csv, .json or .xlsx, not {fmt!r}")], source
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProgramError(
                [Problem("", f"the file has {size:,} bytes; at most {MAX_FILE_BYTES:,}")], source
            )
        data = path.read_bytes()
    except OSError as error:
        raise ProgramError([Problem("", f"cannot read reports: {error}")], source) from None
    return parse_rows(decode(data, encoding, source), fmt, source, required)


def decode(data: bytes, encoding: str | None = None, source: str | None = None) -> str:
    """``data`` as text: in ``encoding`` when given, else detected (see the module)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ProgramError([Problem("--encoding", f"unknown encoding {encoding!r}")]) from None
        return _strict(data, encoding, source).removeprefix("\ufeff")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name, source)
    for name in _DETECTED:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    _strict(data, "utf-8", source, tried="UTF-8 or GB18030 (GBK)")
    raise AssertionError("unreachable: the strict decode above raised")  # pragma: no cover


def _strict(data: bytes, encoding: str, source: str | None, tried: str | None = None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        what = tried or encoding
        raise ProgramError(
            [
                Problem(
                    f"line {line}",
                    f"the file is not valid {what} (byte {error.start + 1}); "
                    "give its encoding with --encoding",
                )
            ],
            source,
        ) from None


def parse_rows(
    text: str, fmt: str, source: str | None = None, required: Sequence[str] = COLUMNS[:4]
) -> list[Any]:
    """The rows of a report file's text (``fmt`` ``"csv"`` or ``"json"``), limits checked;
    a CSV header must name the ``required`` columns."""
    if fmt == "csv":
        return _csv_rows(text, source, required)
    if fmt == "json":
        return _json_rows(text, source)
    raise ProgramError([Problem("", f"reports must be .csv or .json, not {fmt!r}")], source)


def _csv_rows(text: str, source: str | None, required: Sequence[str]) -> list[dict[str, Any]]:
    lines = text.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    if len(lines) - 1 > MAX_ROWS:
        raise ProgramError(
            [
                Problem(
                    f"row {MAX_ROWS + 1}",
                    f"the file has {len(lines) - 1:,} rows; at most {MAX_ROWS:,} "
                    "(split it into several files)",
                )
            ],
            source,
        )
    header = next(csv.reader(lines[:1]), []) if lines and len(lines[0]) <= MAX_CELL * 8 else []
    names = [name.strip() for name in header]
    oversized = [
        problem
        for number, line in enumerate(lines)
        if len(line) > MAX_CELL
        for problem in _oversized_cells(line, number, names)
    ]
    if oversized:
        raise ProgramError(oversized, source)
    reader = csv.reader(io.StringIO(text))
    rows: list[dict[str, Any]] = []
    try:
        first = next(reader, None)
        names = [name.strip() for name in first or []]
        missing = [c for c in required if c not in names]
        if missing:
            raise ProgramError(
                [Problem("header", f"missing column(s): {', '.join(missing)}")], source
            )
        for cells in reader:
            if not cells:
                continue  # a blank line
            row: dict[str, Any] = dict(zip(names, cells, strict=False))
            if len(cells) > len(names):  # a row with more cells than the header has
                row["(extra cells)"] = cells[len(names) :]
            rows.append(row)
    except csv.Error as error:
        raise ProgramError(
            [Problem(f"row {max(reader.line_num - 1, 1)}", f"malformed CSV: {error}")], source
        ) from None
    return rows


def _oversized_cells(line: str, number: int, names: Sequence[str]) -> Iterator[Problem]:
    """A problem for each cell of a physical ``line`` longer than :data:`MAX_CELL`."""
    where = "header" if number == 0 else f"row {number}"
    for index, length in enumerate(_cell_lengths(line)):
        if length > MAX_CELL:
            column = names[index] if index < len(names) else f"(cell {index + 1})"
            yield Problem(
                f"{where}.{column}",
                f"the cell has {length:,} characters; at most {MAX_CELL:,}",
            )


def _cell_lengths(line: str) -> Iterator[int]:
    """The length of each comma-separated cell of one line (quotes respected; a quoted cell
    running past the line's end ends with it)."""
    quoted = False
    length = 0
    for char in line:
        if char == '"':
            quoted = not quoted  # an escaped quote ("") toggles twice: roughly right
            continue
        if char == "," and not quoted:
            yield length
            length = 0
        else:
            length += 1
    yield length


def _json_rows(text: str, source: str | None) -> list[Any]:
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ProgramError([Problem("", f"not valid JSON: {error}")], source) from None
    if not isinstance(document, list):
        raise ProgramError([Problem("", "expected a list of reports")], source)
    if len(document) > MAX_ROWS:
        raise ProgramError(
            [
                Problem(
                    f"row {MAX_ROWS + 1}",
                    f"the file has {len(document):,} rows; at most {MAX_ROWS:,}",
                )
            ],
            source,
        )
    return document


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


__all__ = ["COLUMNS", "MAX_CELL", "MAX_FILE_BYTES", "MAX_ROWS", "decode", "parse_rows", "read_rows"]
