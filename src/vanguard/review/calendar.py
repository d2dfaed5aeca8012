"""The review calendar of a program: its months (the period axis) and its quarters.

Actuals are kept per month of the program (the monthly report cycle). Other cycles'
periods (``2006Q1`` for a quarterly exam or bulletin, ``2006`` for the year) map to the
month in which they end; bulletins are published at quarter ends and the evaluation at
the end of the year.
"""

import bisect
import datetime as dt

from vanguard.model.cycle import Cadence, Occurrence, Product, ReviewCycle
from vanguard.model.label import Label
from vanguard.model.program import Program


def _cycle(cadence: Cadence) -> ReviewCycle:
    return ReviewCycle(
        id=cadence.value, name=Label(en=cadence.value), cadence=cadence, produces=Product.REPORT
    )


class ReviewCalendar:
    """The months and quarters of ``program`` (derived, read-only)."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.months: tuple[Occurrence, ...] = tuple(
            _cycle(Cadence.MONTHLY).occurrences(program.start, program.end, program.year_start)
        )
        self.quarters: tuple[Occurrence, ...] = tuple(
            _cycle(Cadence.QUARTERLY).occurrences(program.start, program.end, program.year_start)
        )
        self.years: tuple[Occurrence, ...] = tuple(
            _cycle(Cadence.YEARLY).occurrences(program.start, program.end, program.year_start)
        )
        self._ends = [month.end for month in self.months]
        self._labels = {month.label: i for i, month in enumerate(self.months)}
        for occurrence in (*self.quarters, *self.years):
            self._labels.setdefault(occurrence.label, self.month_ending(occurrence.end))
        self.year_of_month: tuple[int, ...] = tuple(
            next(y for y, year in enumerate(self.years) if year.start <= month.end <= year.end)
            for month in self.months
        )
        """For each month, the position of the review year it belongs to."""
        self.year_spans: tuple[tuple[int, int], ...] = tuple(
            (
                self.year_of_month.index(y),
                len(self.year_of_month) - self.year_of_month[::-1].index(y),
            )
            for y in range(len(self.years))
        )
        """For each review year, its months as ``(first, stop)`` positions (stop excluded):
        values accumulate within a year, from its first month."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The month labels, in order: the period axis of :class:`~vanguard.review.Actuals`."""
        return tuple(month.label for month in self.months)

    def month_ending(self, day: dt.date) -> int:
        """The index of the month holding ``day`` (clamped to the program)."""
        position = bisect.bisect_left(self._ends, day)
        return min(position, len(self.months) - 1)

    def month_of(self, label: str) -> int | None:
        """The month a period label is booked in, or None when the program has no such period."""
        return self._labels.get(label)

    def year(self, label: str) -> int | None:
        """The position of review year ``label`` (``2006``) among the program's years."""
        for i, year in enumerate(self.years):
            if year.label == label:
                return i
        return None

    def year_containing(self, day: dt.date) -> int:
        """The position of the review year holding ``day`` (clamped to the program)."""
        return self.year_of_month[self.month_ending(day)]

    def quarter(self, label: str) -> int | None:
        """The position of quarter ``label`` (``2006Q3``) among the program's quarters."""
        for i, quarter in enumerate(self.quarters):
            if quarter.label == label:
                return i
        return None


__all__ = ["ReviewCalendar"]
