"""What a calibration fits to: observed totals (exact or with their uncertainty) and
observed monthly series read from a reports file or a ledger.

A calibration's ``observed`` maps indicator codes to one of:

- a plain number: the year-end all-units total, taken as exact (the method of simulated
  moments weighs its relative gap);
- a :class:`ObservedTotal`: the year-end total with the standard error ``sd`` of its measurement
  (a survey figure, a rounded report figure): the fit weighs the gap in units of ``sd``
  and the bootstrap adds that measurement noise to each synthetic year;
- a :class:`ObservedSeries`: the all-units flow month by month (counts), fitted by a count
  likelihood (Poisson or negative binomial, see :mod:`vanguard.simulation.likelihood`).

:func:`observed_series` reads series from what posts reported: each month's flow is the
sum, over the posts that report the indicator, of their own monthly figures (the shipped
years of reports, and a ledger's reports in force, corrections applied).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from vanguard.model.indicator import Aggregation, Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError

if TYPE_CHECKING:
    from vanguard.app import Vanguard
    from vanguard.ledger import Ledger
    from vanguard.review.reports import Report


@attrs.frozen
class ObservedTotal:
    """An observed year-end all-units total; ``sd`` is its standard error (``None``:
    taken as exact)."""

    value: float
    sd: float | None = None


def _labels(periods: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(period) for period in periods)


def _counts(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(value) for value in values)


@attrs.frozen
class ObservedSeries:
    """An observed all-units monthly flow: ``values[i]`` is the count of month
    ``periods[i]`` (a label such as ``"2006-03"``); ``source`` says where it was read."""

    periods: tuple[str, ...] = attrs.field(converter=_labels)
    values: tuple[float, ...] = attrs.field(converter=_counts)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if len(self.periods) != len(self.values):
            raise ValueError(
                f"a series needs one value per period: {len(self.periods)} periods, "
                f"{len(self.values)} values"
            )

    @property
    def total(self) -> float:
        """The sum of the months' counts."""
        return math.fsum(self.values)


Observed = float | ObservedTotal | ObservedSeries
"""What one observed indicator may be: a number, an :class:`ObservedTotal` or an
:class:`ObservedSeries`."""


def normalised(observed: Mapping[str, Observed]) -> dict[str, ObservedTotal | ObservedSeries]:
    """``observed`` with plain numbers as exact :class:`ObservedTotal` s; a problem names each
    entry that is none of the three or holds a value that is not finite (or a negative
    ``sd`` or count)."""
    found: dict[str, ObservedTotal | ObservedSeries] = {}
    problems = []
    for code, value in observed.items():
        place = f"observed: {code}"
        if isinstance(value, bool) or not isinstance(
            value, (int, float, ObservedTotal, ObservedSeries)
        ):
            problems.append(
                Problem(place, "must be a number, an ObservedTotal or an ObservedSeries")
            )
            continue
        item = ObservedTotal(float(value)) if isinstance(value, (int, float)) else value
        if isinstance(item, ObservedTotal):
            if not math.isfinite(item.value):
                problems.append(Problem(place, "must be a finite number"))
            elif item.sd is not None and not (math.isfinite(item.sd) and item.sd > 0):
                problems.append(Problem(place, f"sd must be a positive number, got {item.sd}"))
        else:
            bad = [
                period
                for period, count in zip(item.periods, item.values, strict=True)
                if not (math.isfinite(count) and count >= 0)
            ]
            if not item.periods:
                problems.append(Problem(place, "the series has no months"))
            elif bad:
                problems.append(
                    Problem(f"{place} {bad[0]}", "a count must be a finite number >= 0")
                )
            elif len(set(item.periods)) != len(item.periods):
                problems.append(Problem(place, "a month appears twice in the series"))
        found[code] = item
    if problems:
        raise ProgramError(problems)
    return found


def observed_series(
    program: Program | str | Path,
    reports: "str | Path | Ledger | Iterable[Report]",
    codes: Sequence[str],
    *,
    app: "Vanguard | None" = None,
) -> dict[str, ObservedSeries]:
    """Each of ``codes`` as a :class:`ObservedSeries`: month by month, the sum of what the posts
    reporting it reported (months nobody reported are left out).

    ``reports`` is a reports file (CSV, JSON or .xlsx, checked as ``ledger import`` checks
    it), a :class:`~vanguard.ledger.Ledger` (the program's reports in force, corrections
    applied) or reports already read.

    :raises ProgramError: naming the indicator: unknown to the program, not summed over
        months and units (a rate or a level is not a count), or never reported.
    """
    from vanguard.app import Vanguard
    from vanguard.ledger import Ledger
    from vanguard.review.calendar import ReviewCalendar
    from vanguard.review.recording import stored_reports
    from vanguard.review.reports import read_reports

    app = app or Vanguard()
    if not isinstance(program, Program):
        program = app.load_program(program)
    indicators: dict[str, Indicator] = {
        **app.indicators(),
        **{i.code: i for i in program.indicators},
    }
    if isinstance(reports, Ledger):
        source = "the ledger"
        read: tuple[Report, ...] = stored_reports(reports, program)
    elif isinstance(reports, (str, Path)):
        source = str(reports)
        read = read_reports(reports, program, indicators)
    else:
        source = "reports"
        read = tuple(reports)
    problems = []
    for code in codes:
        indicator = indicators.get(code)
        if indicator is None:
            problems.append(Problem(f"observed: {code}", "no such indicator in the program"))
        elif indicator.over_time is not Aggregation.SUM or indicator.over_units is not (
            Aggregation.SUM
        ):
            problems.append(
                Problem(
                    f"observed: {code}",
                    "is not summed over months and units: a monthly series of counts "
                    "needs a count indicator",
                )
            )
    if problems:
        raise ProgramError(problems)
    months = ReviewCalendar(program).labels
    sums: dict[str, dict[str, list[float]]] = {code: {} for code in codes}
    for report in read:
        if report.indicator in sums and report.period in months:
            sums[report.indicator].setdefault(report.period, []).append(report.value)
    series = {}
    for code in codes:
        by_month = sums[code]
        if not by_month:
            problems.append(Problem(f"observed: {code}", f"nobody reported it in {source}"))
            continue
        periods = tuple(month for month in months if month in by_month)
        series[code] = ObservedSeries(
            periods, tuple(math.fsum(by_month[m]) for m in periods), source
        )
    if problems:
        raise ProgramError(problems)
    return series


__all__ = ["Observed", "ObservedSeries", "ObservedTotal", "normalised", "observed_series"]
