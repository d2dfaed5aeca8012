"""What a pledge asks for on each date: the value in force, what is due, and when it is judged.

The rules, in one place (bulletins, the year-end evaluation and simulated years all read
them from here):

* **In force.** A pledge's value on a date is its original value, or the latest revision
  signed on or before that date. A bulletin as of 30 June uses the values in force on
  30 June; the year end, those in force at the year's end. A revision never applies
  backwards.
* **Review years.** Values accumulate within a review year (sums restart, means average
  the year's reports); a target without a due date is due at the end of every year of the
  program; a target with a due date belongs to the year that holds it (and is not part of
  the other years' evaluations).
* **Due.** For summed indicators, what is due by a date is the value in force times the
  share of the year's schedule elapsed: pro-rated by days from the year's start to the
  target's due date, or following the target's milestones (scaled from the task's target
  to the post's pledge). Levels, means and rates are due in full throughout, unless
  milestones say otherwise.
* **Judged.** Once a target's due date has passed, its line is judged on its actual *as of
  the due date*: the retiree centre due open by 30 April and opened in July missed its
  target, in July's bulletin and at the year end alike (as in a simulated year).
"""

import datetime as dt

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Aggregation, Indicator
from vanguard.model.letter import Pledge
from vanguard.model.target import Target
from vanguard.review.calendar import ReviewCalendar

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]


@attrs.frozen(eq=False)
class LineSchedule:
    """One pledge line's calendar: each month's value in force, value due and the month whose
    actual is judged; and in which review years the line counts."""

    in_force: Floats
    due: Floats
    judged: Ints
    active: NDArray[np.bool_]


class Schedules:
    """Line schedules of one program's calendar, sharing what lines have in common: the
    share of its year due by each month depends only on the task's target and the
    indicator, so it is computed once per target, not once per line."""

    def __init__(self, calendar: ReviewCalendar) -> None:
        self.calendar = calendar
        self._ends = [month.end for month in calendar.months]
        self._shares: dict[tuple[Target | None, bool], tuple[Floats, Ints, NDArray[np.bool_]]]
        self._shares = {}

    def of(
        self, pledge: Pledge, target: Target | None, indicator: Indicator | None
    ) -> LineSchedule:
        """The schedule of ``pledge`` (on ``target``'s task) over the calendar's months."""
        built_up = indicator is None or indicator.over_time is Aggregation.SUM
        key = (target, built_up)
        if key not in self._shares:
            self._shares[key] = self._target(target, built_up)
        share, judged, active = self._shares[key]
        if pledge.revisions:
            in_force = np.asarray([pledge.value_on(end) for end in self._ends], dtype=np.float64)
        else:
            in_force = np.full(len(self._ends), float(pledge.value))
        return LineSchedule(in_force, in_force * share, judged, active)

    def _target(
        self, target: Target | None, built_up: bool
    ) -> tuple[Floats, Ints, NDArray[np.bool_]]:
        calendar = self.calendar
        months = calendar.months
        judged = np.arange(len(months), dtype=np.intp)
        active = np.ones(len(calendar.years), dtype=np.bool_)
        deadline: dt.date | None = None
        if target is not None and target.due is not None:
            deadline = target.due
            home = calendar.year_containing(deadline)
            active[:] = False
            active[home] = True
            stop = calendar.year_spans[home][1]
            due_month = calendar.month_ending(deadline)
            judged[due_month:stop] = due_month
        share = np.ones(len(months), dtype=np.float64)
        for y, (first, stop) in enumerate(calendar.year_spans):
            year = calendar.years[y]
            ends = deadline or year.end
            for m in range(first, stop):
                share[m] = _share(months[m].end, year.start, ends, target, built_up)
        return share, judged, active


def _share(
    when: dt.date, start: dt.date, due: dt.date, target: Target | None, built_up: bool
) -> float:
    """The share of a pledge due by ``when`` in a year starting ``start``, due in full ``due``."""
    if when >= due:
        return 1.0
    if target is not None and target.milestones:
        reached = [m for m in target.milestones if start <= m.due <= when]
        amount = target.amount()  # a relative target has no milestones (checked on load)
        if not reached or not amount:
            return 0.0
        latest = max(reached, key=lambda m: m.due)
        return latest.value / amount
    if not built_up:
        return 1.0
    span = (due - start).days + 1
    elapsed = max(0, (when - start).days + 1)
    return min(1.0, elapsed / span)


__all__ = ["LineSchedule", "Schedules"]
