"""The simulation model: social-insurance agencies climbing capacity levels 1 to 5.

Per agency and month, for every replication at once:

- **capacity level**: starts at ``initial_level`` (a fractional value starts that share of
  agencies one level higher, so the mean is exact); each month an agency below
  :data:`TOP_LEVEL` moves up one level with probability ``upgrade_probability``;
- **at standard**: 1 when the agency's level is at least ``standard_level``;
- **cases processed**: Poisson(``cases_per_month`` x (1 + ``volume_gain_per_level`` x
  (level - 1))): a stronger agency handles more business;
- **case errors**: Binomial(cases, ``error_rate_at_level_1`` x (1 -
  ``error_reduction_per_level``) ^ (level - 1));
- **processing days**: the month's mean processing time, Gamma-distributed around
  ``processing_days_at_level_1`` x (1 - ``days_reduction_per_level``) ^ (level - 1) with a
  coefficient of variation of 1 / sqrt(:data:`DAYS_SHAPE`).

The level moves first, so a month's volume, errors and time reflect the level reached.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

AT_STANDARD = "sunrise.agencies_at_standard"
LEVEL = "sunrise.capacity_level"
CASES = "sunrise.cases_processed"
ERRORS = "sunrise.case_errors"
ERROR_RATE = "sunrise.error_rate"
DAYS = "sunrise.processing_days"

TOP_LEVEL = 5
"""Capacity levels run from 1 (basic) to 5 (model agency)."""

DAYS_SHAPE = 25.0
"""Gamma shape of a month's mean processing time: 20 % month-to-month variation."""


@attrs.frozen
class AgencyModel:
    """State: each agency's capacity level. Outputs: levels (at standard, capacity level,
    processing days) and monthly flows (cases processed, case errors); the month's error
    rate is errors / cases (0 in a month without a case).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """Every agency at ``initial_level`` (fractional part: a Bernoulli step up)."""
        initial = np.clip(ctx.param("initial_level"), 1, TOP_LEVEL)
        whole = np.floor(initial)
        step_up = ctx.rng.random(ctx.shape) < (initial - whole)
        return {"level": np.minimum(whole + step_up, TOP_LEVEL)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month: upgrades, then the month's casework at the new levels."""
        upgrade = ctx.rng.random(ctx.shape) < ctx.param("upgrade_probability")
        level = np.minimum(state["level"] + upgrade, TOP_LEVEL)
        state["level"] = level
        above_basic = level - 1
        volume = ctx.param("cases_per_month") * (
            1 + ctx.param("volume_gain_per_level") * above_basic
        )
        error_rate = np.clip(
            ctx.param("error_rate_at_level_1")
            * (1 - ctx.param("error_reduction_per_level")) ** above_basic,
            0,
            1,
        )
        # Cases are Poisson and each is in error with the error rate: the errors and the
        # correct cases are independent Poisson counts (thinning), the same law as a
        # binomial draw on the cases, at a fraction of its cost for large volumes. Coupled
        # draws (ctx.poisson): a lever on a rate moves each count monotonically.
        errors = ctx.poisson(volume * error_rate)
        cases = errors + ctx.poisson(volume * (1 - error_rate))
        mean_days = (
            ctx.param("processing_days_at_level_1")
            * (1 - ctx.param("days_reduction_per_level")) ** above_basic
        )
        days = ctx.rng.gamma(DAYS_SHAPE, mean_days / DAYS_SHAPE)
        cases_f = cases.astype(np.float64)
        errors_f = errors.astype(np.float64)
        return {
            AT_STANDARD: (level >= ctx.param("standard_level")).astype(np.float64),
            LEVEL: level.copy(),
            CASES: cases_f,
            ERRORS: errors_f,
            DAYS: np.asarray(days, dtype=np.float64),
        }


__all__ = [
    "AT_STANDARD",
    "CASES",
    "DAYS",
    "DAYS_SHAPE",
    "ERRORS",
    "ERROR_RATE",
    "LEVEL",
    "TOP_LEVEL",
    "AgencyModel",
]
