"""Indicators read from the rectification register, as actuals like any report's.

A program that keeps a register (:mod:`vanguard.review.register`) may pledge three
indicators the register itself yields, under these codes (declared in the program's
``[[indicators]]``, in its own words; :data:`~vanguard.model.rectification.SHAPES` gives
the aggregation each must have, and ``vanguard validate`` checks it):

* :data:`REGISTERED` (``register.cases_registered``): cases opened in a month (summed over
  time: cases identified to date);
* :data:`ON_TIME` (``register.rectified_on_time``): cases resolved in a month on or before
  their deadline (summed: rectified on time to date);
* :data:`LONG_PENDING` (``register.long_pending_open``): cases open and past their deadline
  at the end of a month (the latest month counts, lower is better: 久拖不决 still open).

**Where they enter.** A case counts for its *owner post*, the post answerable for its
rectification. Its values are filled into the actuals of every post that reports the
indicator itself (it pledged it in a letter and nobody pledged it to it: it delegated it no
further), every month, zeros included (a quiet month is "no case", not "not reported");
above those posts the review core rolls the values up the pledge chain like any
indicator's (a deputy's count adds up its departments'), and a unit's standing averages
its posts' scores. A post that delegated the indicator gets nothing from the register (its
value is its pledgers' roll-up), so a case owned by such a post counts nowhere:
:func:`unplaced_cases` names those, and ``vanguard problems list`` warns of them. In the
Sihui example the department heads own the cases and pledge the register's indicators on
task S10 themselves (the deputy mayors pledge their departments' sums to the mayor), while
the task's simulated ``rectification.*`` counts are handed down to the staff.

**As of a date.** Month ``m``'s values are read from the case dates (opened, deadline,
resolved, as corrected), so a quarter's bulletin sees each case as it stood at the
quarter's end: a case resolved after the quarter is open, and long-pending if past its
deadline, in that bulletin. Which records count is the ledger's ``before`` (a recomputation
reads the register as it stood when the bulletin was recorded).

A simulated year has no register: these indicators stand for an initiative's output (the
``problem-rectification`` model's register of cases, ``simulate =
"rectification.register_entered"`` and so on) or are declared ``simulate = "at-pledge"``,
and the simulation's hand-off fills them as it fills any indicator. The values enter
through :class:`Actuals`, upstream of everything the review computes, so the real and the
simulated years are judged by the same code.
"""

import datetime as dt
from collections.abc import Mapping

import numpy as np

from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.model.rectification import (
    CODES,
    LONG_PENDING,
    ON_TIME,
    REGISTERED,
    SHAPES,
    Case,
    Register,
)
from vanguard.problems import Problem
from vanguard.review.actuals import Actuals
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.reports import delegated, reportable


def register_codes(actuals: Actuals) -> tuple[str, ...]:
    """The register indicators among ``actuals``' indicators (empty: nothing to fill)."""
    return tuple(code for code in CODES if code in actuals.axes.indicators)


def reporting_posts(program: Program, indicators: Mapping[str, Indicator]) -> dict[str, set[str]]:
    """For each register indicator, the posts that report it themselves (pledged it and
    delegated it no further, or the rules read it for every post): where cases count."""
    allowed = reportable(program, indicators)
    below = delegated(program)
    return {
        code: {
            post
            for post, codes in allowed.items()
            if code in codes and not below.get(post, {}).get(code)
        }
        for code in CODES
    }


def month_values(case: Case, code: str, start: dt.date, end: dt.date) -> float:
    """The value ``case`` adds to indicator ``code`` in the month ``start``..``end``."""
    if code == REGISTERED:
        return float(start <= case.opened <= end)
    if code == ON_TIME:
        resolved = case.resolved
        return float(resolved is not None and start <= resolved <= end and case.rectified_on_time)
    return float(case.long_pending_on(end))


def with_register(
    actuals: Actuals,
    program: Program,
    register: Register,
    indicators: Mapping[str, Indicator],
) -> Actuals:
    """``actuals`` with the register indicators it holds filled from ``register`` for every
    post that reports them itself, every month (a new array; ``actuals`` is unchanged).
    The register replaces whatever was reported for those cells: it is their record."""
    codes = register_codes(actuals)
    if not codes:
        return actuals
    values = actuals.values.copy()
    posts = {post: p for p, post in enumerate(actuals.axes.posts)}
    months = ReviewCalendar(program).months
    reporting = reporting_posts(program, indicators)
    for code in codes:
        k = actuals.axes.indicators.index(code)
        counts = np.zeros((len(posts), len(months)))
        for case in register.cases:
            p = posts.get(case.owner)
            if p is None or case.owner not in reporting[code]:
                continue
            counts[p] += [month_values(case, code, month.start, month.end) for month in months]
        for post in reporting[code]:
            if post in posts:
                values[:, posts[post], k, :] = counts[posts[post]]
    return Actuals(actuals.axes, values, actuals.late)


def unplaced_cases(program: Program, register: Register) -> list[Problem]:
    """The cases whose owner post delegated a register indicator (others pledged it to
    the owner): the owner's value is their roll-up, so the case counts in no bulletin on
    that indicator. (An owner that pledges the indicator to nobody is simply not judged
    on it.) Empty when the program pledges no register indicator."""
    below = delegated(program)
    problems = []
    for case in register.cases:
        swallowed = [code for code in CODES if below.get(case.owner, {}).get(code)]
        if swallowed:
            problems.append(
                Problem(
                    f"case {case.id}",
                    f"owner post {case.owner!r} delegated {', '.join(swallowed)} (posts "
                    "beneath pledged it to it): the case counts in no bulletin on it; make "
                    "a post that reports it itself the owner",
                )
            )
    return problems


__all__ = [
    "CODES",
    "LONG_PENDING",
    "ON_TIME",
    "REGISTERED",
    "SHAPES",
    "month_values",
    "register_codes",
    "reporting_posts",
    "unplaced_cases",
    "with_register",
]
