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

import attrs
import numpy as np

from vanguard import StepContext
from vanguard.plugins.initiative import Array

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


def _param(ctx: StepContext, name: str) -> Array:
    """The parameter as a float64 array broadcastable to ``(replications, 1)``."""
    return np.asarray(ctx.params[name], dtype=np.float64)


@attrs.frozen
class RightsCentreModel:
    """Reports, cases opened and resolved, arrears recovered and days to resolve.

    State: ``open`` holds open cases by opening period, shaped
    ``(replications, units, periods)``. Outputs per period: flows for reports, cases and
    arrears (yuan); the mean days to resolve of the cases resolved this period (when none
    was resolved, the mean age so far of the cases still open, 0 when none is open).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """An empty backlog: the centre starts with no open case."""
        return {"open": np.zeros((*ctx.shape, ctx.periods), dtype=np.float64)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of the centre's work; see the module docstring for the mechanism."""
        rng = ctx.rng
        shape = ctx.shape
        violations = rng.poisson(np.broadcast_to(_param(ctx, "violations_per_month"), shape))
        base = _param(ctx, "base_reporting_rate")
        # The reward brings forward a share of the violations that would go unreported.
        reporting = base + _param(ctx, "reward_uplift") * (1.0 - base)
        reports = rng.binomial(violations, np.broadcast_to(reporting, shape))
        opened = rng.binomial(reports, np.broadcast_to(_param(ctx, "case_opening_rate"), shape))

        open_cases = state["open"]
        open_cases[..., ctx.period] += opened
        cohorts = open_cases[..., : ctx.period + 1]
        p_resolve = np.broadcast_to(_param(ctx, "resolution_probability")[..., None], cohorts.shape)
        resolved_by_cohort = rng.binomial(cohorts.astype(np.int64), p_resolve).astype(np.float64)
        ages = ctx.period - np.arange(ctx.period + 1) + 0.5
        resolved = resolved_by_cohort.sum(axis=-1)
        resolved_days = (resolved_by_cohort * ages).sum(axis=-1) * DAYS_PER_MONTH
        cohorts -= resolved_by_cohort

        still_open = cohorts.sum(axis=-1)
        waiting_days = (cohorts * ages).sum(axis=-1) * DAYS_PER_MONTH
        days = np.where(
            resolved > 0,
            resolved_days / np.maximum(resolved, 1.0),
            np.where(still_open > 0, waiting_days / np.maximum(still_open, 1.0), 0.0),
        )

        arrears_cases = rng.binomial(
            resolved.astype(np.int64), np.broadcast_to(_param(ctx, "arrears_case_share"), shape)
        )
        owed = rng.gamma(
            ARREARS_SHAPE * arrears_cases, _param(ctx, "arrears_per_case") / ARREARS_SHAPE, shape
        )
        recovered = owed * _param(ctx, "recovery_share")
        return {
            "rights.reports": reports.astype(np.float64),
            "rights.cases_opened": opened.astype(np.float64),
            "rights.cases_resolved": resolved,
            "rights.arrears_recovered": recovered,
            "rights.resolution_days": days,
        }


__all__ = ["DAYS_PER_MONTH", "OUTPUTS", "RightsCentreModel"]
