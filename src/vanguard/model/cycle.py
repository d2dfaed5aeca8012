"""Review cycles: the calendar on which reports, bulletins, exams and evaluations fall due."""

import calendar
import datetime as dt
import enum

import attrs

from vanguard.model._constraints import Id, Text, model
from vanguard.model.label import Label


class Cadence(enum.Enum):
    """How often a cycle recurs."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class Product(enum.Enum):
    """What one occurrence of a cycle produces."""

    STUDY_SESSION = "study-session"
    """每周五下午学习: a study session (attendance may be reported)."""
    REPORT = "report"
    """每月一汇报: every post reports its actuals."""
    BULLETIN = "bulletin"
    """每季一通报: progress against targets, ranked, published."""
    EXAM = "exam"
    """按季度分专题考核: an exam on one topic, its results linked into the appraisal."""
    EVALUATION = "evaluation"
    """年终一考评: the year-end appraisal with scores and grades."""


class Weekday(enum.Enum):
    """Day of the week of a weekly cycle."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def index(self) -> int:
        """Monday is 0, as in :meth:`datetime.date.weekday`."""
        return list(Weekday).index(self)


@attrs.frozen
class Occurrence:
    """One occurrence of a cycle: the period it covers and when its product is due."""

    cycle: str
    label: str
    start: dt.date
    end: dt.date
    due: dt.date


@model
class ReviewCycle:
    """A recurring review on the program's calendar.

    ``offset_days`` moves the due date after the end of the period covered (a monthly
    report due 5 days after the month ends). ``weekday`` is required for weekly cycles and
    not allowed for others (checked when the program is validated). ``topics`` lists,
    in order, the topic of each occurrence (one topic per quarterly exam).
    """

    id: Id
    name: Label
    cadence: Cadence
    produces: Product
    weekday: Weekday | None = None
    offset_days: int = 0
    topics: tuple[Label, ...] = ()
    description: Text | None = None

    def occurrences(self, start: dt.date, end: dt.date, year_start: int = 1) -> list[Occurrence]:
        """Every occurrence whose period ends within ``start``..``end``.

        ``year_start`` is the month (1-12) the reporting year starts in; quarters and
        years are counted from it.
        """
        if self.cadence is Cadence.WEEKLY:
            return self._weekly(start, end)
        months = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.YEARLY: 12}[self.cadence]
        result = []
        first = _month_start(start, year_start, months)
        while first <= end:
            last = _add_months(first, months) - dt.timedelta(days=1)
            if last >= start:
                result.append(
                    Occurrence(
                        cycle=self.id,
                        label=period_label(first, self.cadence, year_start),
                        start=max(first, start),
                        end=min(last, end),
                        due=min(last, end) + dt.timedelta(days=self.offset_days),
                    )
                )
            first = _add_months(first, months)
        return result

    def _weekly(self, start: dt.date, end: dt.date) -> list[Occurrence]:
        weekday = (self.weekday or Weekday.MONDAY).index
        day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
        result = []
        while day <= end:
            iso = day.isocalendar()
            result.append(
                Occurrence(
                    cycle=self.id,
                    label=f"{iso.year}W{iso.week:02d}",
                    start=day,
                    end=day,
                    due=day + dt.timedelta(days=self.offset_days),
                )
            )
            day += dt.timedelta(days=7)
        return result


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_start(day: dt.date, year_start: int, months: int) -> dt.date:
    """The first day of the ``months``-long period (aligned on ``year_start``) holding ``day``."""
    offset = (day.month - year_start) % 12
    aligned = day.month - offset % months
    first = dt.date(day.year, 1, 1)
    return _add_months(first, aligned - 1)


def period_label(first: dt.date, cadence: Cadence, year_start: int = 1) -> str:
    """The label of the period starting on ``first``: ``2006-03``, ``2006Q3``, ``2006``.

    With a year starting in another month than January, quarters and years are named
    after the calendar year in which the reporting year starts.
    """
    if cadence is Cadence.MONTHLY:
        return f"{first.year}-{first.month:02d}"
    offset = (first.month - year_start) % 12
    year = first.year if first.month >= year_start else first.year - 1
    if cadence is Cadence.QUARTERLY:
        return f"{year}Q{offset // 3 + 1}"
    return f"{year}"


__all__ = ["Cadence", "Occurrence", "Product", "ReviewCycle", "Weekday", "period_label"]
