"""The review's results as pandas DataFrames: one row per item, one column per plain field.

Columns are the items' own field names (ids, not the program's words: a frame is for
analysis; :mod:`vanguard.reports.tables` names things for readers). Enums become their
values, labels their English text with the Chinese beside it (``<field>_zh``), and fields
holding collections (a post's lines, its linked scores) are left out: each has a frame of
its own. pandas is imported when a frame is made (the ``frames`` extra).
"""

import enum
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from vanguard.model.label import Label

if TYPE_CHECKING:
    import pandas as pd

    from vanguard.review.findings import Finding
    from vanguard.review.reports import Report


def records(items: Iterable[Any]) -> list[dict[str, Any]]:
    """The rows of :func:`frame_of` as plain dictionaries (what ``--json`` prints as a
    table: the same columns as the frame)."""
    return [_row(item) for item in items]


def _row(item: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in attrs.fields(type(item)):
        value = getattr(item, field.name)
        if isinstance(value, enum.Enum):
            row[field.name] = value.value
        elif isinstance(value, Label):
            row[field.name] = value.en
            row[f"{field.name}_zh"] = value.zh
        elif value is None and Label in typing.get_args(field.type):
            row[field.name] = row[f"{field.name}_zh"] = None  # every row has the same columns
        elif isinstance(value, tuple | list | dict | set | frozenset):
            continue
        else:
            row[field.name] = value
    return row


def frame_of(items: Iterable[Any], item_type: type) -> "pd.DataFrame":
    """A DataFrame of attrs ``items`` of ``item_type`` (the columns even when empty)."""
    import pandas as pd

    rows = records(items)
    if rows:
        return pd.DataFrame(rows)
    columns: list[str] = []
    for field in attrs.fields(item_type):
        kind = typing.get_origin(field.type) or field.type
        if kind in (tuple, list, dict, set, frozenset):
            continue
        columns.append(field.name)
        if Label in (kind, *typing.get_args(field.type)):
            columns.append(f"{field.name}_zh")
    return pd.DataFrame(columns=columns)


def findings_frame(findings: "Iterable[Finding]") -> "pd.DataFrame":
    """One row per finding: post, responsibility, the missed pledge, severity, rule."""
    from vanguard.review.findings import Finding

    return frame_of(findings, Finding)


def reports_frame(reports: "Iterable[Report]") -> "pd.DataFrame":
    """One row per report: post, indicator, period, value, reported, late."""
    from vanguard.review.reports import Report

    return frame_of(reports, Report)


__all__ = ["findings_frame", "frame_of", "records", "reports_frame"]
