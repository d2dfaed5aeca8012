"""Baselines of targets: what each needs, and a stated baseline's period within bounds.

Every problem names its place (``tasks[3].targets[0].baseline.period``):

* a target states ``value`` or ``improvement`` (relative to its baseline), not both, and
  not neither;
* a relative target has a baseline, and no milestones (they would be absolute values);
  for a "lower is better" indicator its improvement is under 100 %;
* a baseline is a ``value`` with its ``period``, or ``previous_year``, not both; a value
  of a count (a summed, non-negative indicator) is not negative;
* a stated baseline's period ends before the program starts (a baseline is an earlier
  result) and starts no earlier than :data:`MAX_YEARS_BACK` years before the program's
  year;
* a previous-year baseline on a target that counts in the program's first review year
  needs the program's ``previous`` (the program whose recorded evaluation gives that
  year before).
"""

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from vanguard.model.indicator import Direction, Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem
from vanguard.review.calendar import ReviewCalendar

MAX_YEARS_BACK = 10
"""How many years before the program a stated baseline's period may lie."""


def period_span(label: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a year (``2005``), quarter (``2005Q4``) or month
    (``2005-12``) label; None when it is none of these."""
    try:
        year = int(label[:4])
        if len(label) == 4:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if label[4] == "Q" and len(label) == 6:
            first_month = (int(label[5]) - 1) * 3 + 1
            if not 1 <= first_month <= 10:
                return None
            return dt.date(year, first_month, 1), _month_end(year, first_month + 2)
        if label[4] == "-" and len(label) == 7:
            month = int(label[5:])
            return dt.date(year, month, 1), _month_end(year, month)
    except ValueError:
        return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def baseline_problems(program: Program, indicators: Mapping[str, Indicator]) -> list[Problem]:
    """Every problem of the program's targets' baselines (see the module)."""
    return list(_problems(program, indicators))


def _problems(program: Program, indicators: Mapping[str, Indicator]) -> Iterator[Problem]:
    earliest = dt.date(max(1, program.start.year - MAX_YEARS_BACK), 1, 1)
    for i, task in enumerate(program.tasks):
        for j, target in enumerate(task.targets):
            at = f"tasks[{i}].targets[{j}]"
            indicator = indicators.get(target.indicator)
            lower = indicator is not None and indicator.direction is Direction.LOWER
            if target.value is not None and target.improvement is not None:
                yield Problem(
                    f"{at}.improvement",
                    "a target states its value or its improvement over the baseline, not both",
                )
            if target.value is None and target.improvement is None:
                yield Problem(
                    f"{at}.value",
                    "required (or state the target relative to a baseline with improvement)",
                )
            if target.improvement is not None:
                if target.baseline is None:
                    yield Problem(
                        f"{at}.baseline",
                        f"the target is stated as {target.improvement:g} % over its baseline "
                        "but states none: add baseline = { value = ..., period = ... } or "
                        "baseline = { previous_year = true }",
                    )
                if target.milestones:
                    yield Problem(
                        f"{at}.milestones",
                        "a target stated relative to its baseline has no milestones "
                        "(their values would be absolute)",
                    )
                if lower and target.improvement >= 100:
                    yield Problem(
                        f"{at}.improvement",
                        f"{target.indicator!r} is lower-is-better: an improvement of "
                        f"{target.improvement:g} % would leave a ceiling of zero or less",
                    )
            baseline = target.baseline
            if baseline is None:
                continue
            where = f"{at}.baseline"
            stated = baseline.value is not None or baseline.period is not None
            if baseline.previous_year and stated:
                yield Problem(
                    where,
                    "a baseline is a value with its period or the previous year's result, not both",
                )
                continue
            if not baseline.previous_year:
                if baseline.value is None:
                    yield Problem(f"{where}.value", "required (or previous_year = true)")
                elif indicator is not None and indicator.non_negative and baseline.value < 0:
                    yield Problem(
                        f"{where}.value",
                        f"{target.indicator} cannot be negative, got {baseline.value:g}",
                    )
                if baseline.period is None:
                    yield Problem(
                        f"{where}.period",
                        "required: the period the baseline's value refers to (2005, "
                        "2005Q4 or 2005-12)",
                    )
                else:
                    yield from _period(baseline.period, f"{where}.period", program, earliest)
            elif program.previous is None and (first_year := _first_year(program)) is not None:
                due = target.due
                if due is None or first_year.start <= due <= first_year.end:
                    yield Problem(
                        f"{where}.previous_year",
                        f"the target counts in the program's first year ({first_year.label}), "
                        "whose year before only the previous program's recorded evaluation "
                        "gives: set the program's previous, or state the baseline's value "
                        "and period",
                    )


def _first_year(program: Program) -> Any:
    """The program's first review year (built only when a check needs it: the calendar of
    a program at the edge of the representable dates cannot be built)."""
    years = ReviewCalendar(program).years
    return years[0] if years else None


def _period(label: str, where: str, program: Program, earliest: dt.date) -> Iterator[Problem]:
    span = period_span(label)
    if span is None:
        yield Problem(where, f"{label!r} is not a year, quarter or month (2005, 2005Q4, 2005-12)")
        return
    first, last = span
    if last >= program.start:
        yield Problem(
            where,
            f"{label} does not end before the program starts ({program.start}): a baseline "
            "is an earlier result",
        )
    elif first < earliest:
        yield Problem(
            where,
            f"{label} is more than {MAX_YEARS_BACK} years before the program starts "
            f"({program.start})",
        )


__all__ = ["MAX_YEARS_BACK", "baseline_problems", "period_span"]
