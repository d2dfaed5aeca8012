"""The Rights-Protection Service Centre as a stochastic case-flow model.

Each month, in every unit (county): labour-law violations occur (Poisson); each is
reported with a reporting rate that the reward-for-reporting scheme raises; a share of
reports open a case; every open case is resolved with a monthly probability (the backlog
carries over); a share of resolved cases concern wage arrears owed to migrant workers,
and the arrears owed in them are (mostly) recovered.

Open cases are kept by the month they were opened (a cohort per period), so the days a
resolved case took are known exactly and the backlog is conserved:
``backlog(t) = backlog(t-1) + opened(t) - resolved(t)``.
"""

from collections.abc import Mapping, MutableMapping
from typing import cast

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard import Array, StepContext

DAYS_PER_MONTH = 365.25 / 12
"""A period is a month; a case resolved ``k`` months after opening took ``k + 1/2`` months."""

ARREARS_SHAPE = 2.0
"""Gamma shape of the arrears owed in one case (coefficient of variation 1/sqrt(2))."""

OUTPUTS = (
    "rights.reports",
    "rights.cases_opened",
    "rights.cases_resolved",
    "rights.arrears_recovered",
    "rights.resolution_days",
)


@attrs.frozen
class RightsCentreModel:
    """Reports, cases opened and resolved, arrears recovered and days to resolve.

    State: ``open`` holds open cases by opening period, shaped
    ``(replications, units, periods)`` (integers; a view of ``by_period``, which holds
    them periods first so that a period's cohorts are contiguous). Outputs per period:
    flows for reports, cases and arrears (yuan); the mean days to resolve of the cases
    resolved this period (when none was resolved, the mean age so far of the cases still
    open, 0 when none is open).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """An empty backlog: the centre starts with no open case."""
        by_period = np.zeros((ctx.periods, *ctx.shape), dtype=np.int64)
        # ``open`` is a view of ``by_period`` (the same numbers), periods last.
        # Integer counts (binomial draws take them as they are); only this model reads them.
        return {
            "by_period": cast(Array, by_period),
            "open": cast(Array, by_period.transpose(1, 2, 0)),
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of the centre's work; see the module docstring for the mechanism."""
        rng = ctx.rng
        shape = ctx.shape
        base = ctx.param("base_reporting_rate")
        # The reward brings forward a share of the violations that would go unreported.
        reporting = base + ctx.param("reward_uplift") * (1.0 - base)
        # Reports are the violations thinned by the reporting rate, cases those thinned by
        # the opening rate: the cases opened and the other reports are independent Poisson
        # counts, the same law as binomial draws on a Poisson count, at a fraction of the
        # cost.
        rate = ctx.param("violations_per_month") * reporting
        opening = ctx.param("case_opening_rate")
        # Counts are coupled draws (ctx.poisson, ctx.binomial: inverse CDF on shared
        # uniforms), so a lever on a rate or a probability moves each count monotonically.
        opened = ctx.poisson(rate * opening).astype(np.int64)
        reports = opened + ctx.poisson(rate * (1 - opening))

        open_cases = cast(NDArray[np.int64], state["by_period"])
        open_cases[ctx.period] = opened
        cohorts = open_cases[: ctx.period + 1]  # (cohorts, replications, units)
        p_resolve = np.broadcast_to(ctx.param("resolution_probability"), cohorts.shape)
        resolved_by_cohort = ctx.binomial(cohorts, p_resolve).astype(np.int64)
        cohorts -= resolved_by_cohort
        # Twice the age in months (k + 1/2) of each cohort: integer arithmetic, exact.
        twice_ages = 2 * (ctx.period - np.arange(ctx.period + 1)) + 1
        resolved = resolved_by_cohort.sum(axis=0).astype(np.float64)
        resolved_days = np.tensordot(twice_ages, resolved_by_cohort, 1) * (DAYS_PER_MONTH / 2)
        still_open = cohorts.sum(axis=0).astype(np.float64)
        waiting_days = np.tensordot(twice_ages, cohorts, 1) * (DAYS_PER_MONTH / 2)
        days = np.where(
            resolved > 0,
            resolved_days / np.maximum(resolved, 1.0),
            np.where(still_open > 0, waiting_days / np.maximum(still_open, 1.0), 0.0),
        )

        arrears_cases = ctx.binomial(
            resolved, np.broadcast_to(ctx.param("arrears_case_share"), shape)
        )
        owed = rng.gamma(
            ARREARS_SHAPE * arrears_cases, ctx.param("arrears_per_case") / ARREARS_SHAPE, shape
        )
        recovered = owed * ctx.param("recovery_share")
        return {
            "rights.reports": reports.astype(np.float64),
            "rights.cases_opened": opened.astype(np.float64),
            "rights.cases_resolved": resolved,
            "rights.arrears_recovered": recovered,
            "rights.resolution_days": days,
        }


__all__ = ["DAYS_PER_MONTH", "OUTPUTS", "RightsCentreModel"]
