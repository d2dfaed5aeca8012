"""Indicators: what is measured, in which unit, which way is better, and how it aggregates."""

import enum

from vanguard.model._constraints import Id, Text, model
from vanguard.model.label import Label


class Direction(enum.Enum):
    """Whether a larger or a smaller value of an indicator is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(enum.Enum):
    """How values of an indicator combine over periods or over units.

    ``SUM`` adds them (people trained), ``MEAN`` averages them (satisfaction), ``LAST`` keeps
    the latest (agencies at capacity level 3 at year end) and ``RATIO`` divides the
    aggregate of the indicator's ``numerator`` by that of its ``denominator`` (placement rate
    = placed / trained), which is how rates must be combined to stay correct.
    """

    SUM = "sum"
    MEAN = "mean"
    LAST = "last"
    RATIO = "ratio"


AT_PLEDGE = "at-pledge"
"""An indicator's ``simulate`` when no model simulates it: simulated years report it exactly
as pledged (each post's actual to date stays at what is due, neither helping nor hurting)."""


@model
class Indicator:
    """A quantity that targets are set on and actuals are reported for.

    Contract (checked when a program is validated): when either aggregation is ``RATIO``
    both ``numerator`` and ``denominator`` name other indicators; otherwise neither is set.
    """

    code: Id
    name: Label
    unit: Text
    direction: Direction = Direction.HIGHER
    over_time: Aggregation = Aggregation.SUM
    over_units: Aggregation = Aggregation.SUM
    numerator: Id | None = None
    denominator: Id | None = None
    non_negative: bool = True
    """Whether a negative actual is impossible (a count); such reports are refused."""
    description: Text | None = None
    simulate: Text | None = None
    """What simulated years report for a program's own indicator that no initiative
    defines: the code of an initiative's output that stands for it (``"discipline.attendance"``:
    each post reports its own unit's simulated value), or :data:`AT_PLEDGE` (exactly as
    pledged). A program's indicator that is reported and has neither is a problem
    ``vanguard validate`` reports and ``simulate`` refuses
    (:mod:`vanguard.validation.simulated`)."""
    filing: bool = False
    """Whether the indicator records filing on time: 1 in a month whose report a post
    filed by its due date, 0 when late (``management.reports_on_time``). A simulated year's
    late submissions, which the late-report deduction and tie-break count, are the months
    it is 0 for a post, as a real year's are the months filed after their due date (see
    :mod:`vanguard.simulation.filing`); declared here or on the initiative output that
    ``simulate`` names."""

    @property
    def is_ratio(self) -> bool:
        """True when the indicator is a ratio of two other indicators."""
        return Aggregation.RATIO in (self.over_time, self.over_units)

    @property
    def additive(self) -> bool:
        """True when sub-posts' values add up to the parent's (targets cascade by sum)."""
        return self.over_units is Aggregation.SUM

    def better(self, value: float, than: float) -> bool:
        """Whether ``value`` is at least as good as ``than`` in this indicator's direction."""
        return value >= than if self.direction is Direction.HIGHER else value <= than


__all__ = ["AT_PLEDGE", "Aggregation", "Direction", "Indicator"]
