"""Indicators derived from the rectification register (issue 15).

The register (:mod:`vanguard.review.register`) is the record; these are the figures read
from it, so that a bulletin or the year-end can use them like any other indicator:

* :func:`register_figures`: per unit, the cases identified in a period, those rectified
  on time (resolved in the period, by their deadline), and the long-pending cases still
  open at its end;
* :func:`register_report_rows`: the monthly figures of each owner post under the
  ``problem-rectification`` initiative's indicators (``rectification.problems_identified``,
  ``measures_completed``, ``cases_resolved``, ``long_pending_resolved``), in the shape of
  a report file's rows, to be filed with the other reports.
"""

import datetime as dt
from collections import Counter

import attrs

from vanguard.model.rectification import Case, Register

IDENTIFIED = "rectification.problems_identified"
MEASURES = "rectification.measures_completed"
RESOLVED = "rectification.cases_resolved"
LONG_PENDING_RESOLVED = "rectification.long_pending_resolved"


@attrs.frozen
class RegisterFigures:
    """The register's figures for ``unit`` over a period ending on ``end``."""

    unit: str
    identified: int
    """Cases opened in the period."""
    rectified_on_time: int
    """Cases resolved in the period on or before their deadline."""
    resolved_late: int
    """Cases resolved in the period after their deadline."""
    long_pending_open: int
    """Cases open at the end of ``end`` and past their deadline then."""
    end: dt.date


def register_figures(register: Register, start: dt.date, end: dt.date) -> list[RegisterFigures]:
    """Per unit with any case (sorted by unit id), the figures of the period from
    ``start`` to ``end`` (both days included)."""
    units = sorted({case.unit for case in register.cases if case.opened <= end})
    figures = []
    for unit in units:
        mine = [case for case in register.cases if case.unit == unit]
        done = [case for case in mine if _resolved_within(case, start, end)]
        figures.append(
            RegisterFigures(
                unit=unit,
                identified=sum(1 for case in mine if start <= case.opened <= end),
                rectified_on_time=sum(1 for case in done if case.rectified_on_time),
                resolved_late=sum(1 for case in done if not case.rectified_on_time),
                long_pending_open=sum(1 for case in mine if case.long_pending_on(end)),
                end=end,
            )
        )
    return figures


def register_report_rows(register: Register, year: int) -> list[dict[str, object]]:
    """The monthly figures of ``year`` for each owner post with a case, as report rows
    ``{post, indicator, period, value}`` (every month of the year, zeros included, so a
    quiet month reads as none rather than as missing); sorted by post, indicator, period."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for case in register.cases:
        if case.opened.year == year:
            counts[case.owner, IDENTIFIED, _month(case.opened)] += 1
        for measure in case.measures:
            if measure.taken.year == year:
                counts[case.owner, MEASURES, _month(measure.taken)] += 1
        if case.resolved is not None and case.resolved.year == year:
            counts[case.owner, RESOLVED, _month(case.resolved)] += 1
            if not case.rectified_on_time:
                counts[case.owner, LONG_PENDING_RESOLVED, _month(case.resolved)] += 1
    posts = sorted({case.owner for case in register.cases})
    indicators = sorted((IDENTIFIED, MEASURES, RESOLVED, LONG_PENDING_RESOLVED))
    return [
        {
            "post": post,
            "indicator": indicator,
            "period": f"{year}-{month:02d}",
            "value": float(counts[post, indicator, f"{year}-{month:02d}"]),
        }
        for post in posts
        for indicator in indicators
        for month in range(1, 13)
    ]


def _month(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def _resolved_within(case: Case, start: dt.date, end: dt.date) -> bool:
    return case.resolved is not None and start <= case.resolved <= end


__all__ = [
    "IDENTIFIED",
    "LONG_PENDING_RESOLVED",
    "MEASURES",
    "RESOLVED",
    "RegisterFigures",
    "register_figures",
    "register_report_rows",
]
