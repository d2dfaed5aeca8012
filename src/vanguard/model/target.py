"""Targets: a value of an indicator due by a date, optionally with its own schedule."""

import datetime as dt

from vanguard.model._constraints import Id, Text, model


@model
class Milestone:
    """A cumulative value of the target's indicator due by ``due``.

    Milestones give a task its own schedule (and express dated targets such as "the
    service centre opened by April 2006": value 1 due 2006-04-30).
    """

    due: dt.date
    value: float


@model
class Target:
    """A quantified target of a key task.

    ``value`` is due by ``due`` (the program's end when omitted). Progress before then is
    pro-rated linearly from the program's start, unless ``milestones`` give the task's own
    schedule. For "lower is better" indicators ``value`` is a ceiling.
    """

    indicator: Id
    value: float
    due: dt.date | None = None
    milestones: tuple[Milestone, ...] = ()
    note: Text | None = None

    def expected_by(self, when: dt.date, start: dt.date, end: dt.date) -> float:
        """The cumulative value due by ``when`` for a program running ``start``..``end``.

        With milestones, the latest milestone on or before ``when`` applies (zero before the
        first); without, the target is pro-rated linearly by elapsed days to ``due``.
        """
        due = self.due or end
        if self.milestones:
            reached = [
                m.value for m in sorted(self.milestones, key=lambda m: m.due) if m.due <= when
            ]
            if when >= due:
                return self.value
            return reached[-1] if reached else 0.0
        if when >= due:
            return self.value
        span = (due - start).days + 1
        elapsed = max(0, (when - start).days + 1)
        return self.value * elapsed / span


__all__ = ["Milestone", "Target"]
