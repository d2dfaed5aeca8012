"""The simulation model: service windows competing and emulating the model window.

Every window has a **performance gap** in [0, 1] to the best practice: 0 performs like the
model window (the Employment Training Centre, a "National Quality Service Window"), 1 is
the worst. The model window's gap is 0 throughout; every other window starts at
``initial_gap`` x Uniform(0.5, 1.5) (clipped to [0, 1]). Each month, for every replication:

1. the month's results follow from the gap ``g``:

   - served ~ Poisson(``served_per_month`` x (1 - ``throughput_gap_factor`` x g));
   - errors ~ Binomial(served, ``best_error_rate`` x (1 + ``error_gap_factor`` x g));
   - waiting minutes ~ Gamma with mean ``best_waiting_minutes`` x (1 +
     ``waiting_gap_factor`` x g), 25 % coefficient of variation;
   - satisfaction (percent) = share satisfied in a survey of ``survey_size`` customers,
     each satisfied with probability ``best_satisfaction`` x (1 -
     ``satisfaction_gap_factor`` x g);

2. in a **round** month (the last ``rounds_per_quarter`` months of each calendar quarter)
   the windows are ranked on the month's results and awarded points
   (:mod:`vanguard_window_competition.awards`);
3. every window closes ``emulation_rate`` of its gap to the benchmark, and in a round
   month a further ``round_boost`` of what remains (competition spurs improvement).

The benchmark is the model window when it is among the units; otherwise the best window
(smallest gap) of each replication, whose gap then stays where it is.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext
from vanguard_window_competition.awards import (
    ERRORS,
    POINTS,
    SATISFACTION,
    SERVED,
    WAITING,
    performance_ranks,
    points_for,
)

MODEL_WINDOW = "employment-training-centre"
"""The unit id of the model window the others emulate (report A-I-3)."""

WAITING_SHAPE = 16.0
"""Gamma shape of a month's mean waiting time: 25 % month-to-month variation."""


def is_round_month(month: int, rounds_per_quarter: Array) -> Array:
    """Whether a round is held in calendar ``month`` (1..12), per replication.

    Rounds fall in the last ``rounds_per_quarter`` (1..3, rounded) months of a quarter:
    one round a quarter means March, June, September and December.
    """
    rounds = np.clip(np.rint(rounds_per_quarter), 0, 3)
    held: Array = ((month - 1) % 3 >= 3 - rounds).astype(np.float64)
    return held


@attrs.frozen
class CompetitionModel:
    """State: each window's performance gap. Outputs: the month's served and errors
    (flows), waiting minutes and satisfaction (levels, averaged over time), the error
    rate (errors / served, 0 when nobody was served) and the round's points (a flow: 0 in
    a month without a round).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """Initial gaps: the model window at 0, the others spread around ``initial_gap``."""
        spread = ctx.rng.uniform(0.5, 1.5, size=ctx.shape)
        gap = np.clip(ctx.param("initial_gap") * spread, 0.0, 1.0)
        if MODEL_WINDOW in ctx.units:
            gap[:, ctx.units.index(MODEL_WINDOW)] = 0.0
        return {"gap": gap}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of service, a round when one is due, then emulation."""
        gap = state["gap"]
        rng = ctx.rng
        volume = ctx.param("served_per_month") * np.clip(
            1 - ctx.param("throughput_gap_factor") * gap, 0.0, None
        )
        error_probability = np.clip(
            ctx.param("best_error_rate") * (1 + ctx.param("error_gap_factor") * gap), 0.0, 1.0
        )
        # Customers are Poisson and each is served in error with the error probability:
        # errors and the other customers are independent Poisson counts (thinning), the
        # same law as a binomial draw on those served, at a fraction of its cost. Counts
        # are coupled draws (ctx.poisson, ctx.binomial): a lever moves them monotonically.
        errors = ctx.poisson(volume * error_probability)
        served = errors + ctx.poisson(volume * (1 - error_probability))
        mean_wait = ctx.param("best_waiting_minutes") * (1 + ctx.param("waiting_gap_factor") * gap)
        waiting = rng.gamma(WAITING_SHAPE, mean_wait / WAITING_SHAPE)
        survey = np.maximum(np.rint(ctx.param("survey_size")), 1).astype(np.int64)
        satisfied_probability = ctx.param("best_satisfaction") * (
            1 - ctx.param("satisfaction_gap_factor") * gap
        )
        satisfied = ctx.binomial(
            np.broadcast_to(survey, ctx.shape), np.clip(satisfied_probability, 0.0, 1.0)
        )
        served_f = served.astype(np.float64)
        errors_f = errors.astype(np.float64)
        error_rate = np.divide(errors_f, served_f, out=np.zeros(ctx.shape), where=served > 0)
        satisfaction = 100.0 * satisfied / survey

        round_held = is_round_month(ctx.period_start.month, ctx.param("rounds_per_quarter"))
        points = np.zeros(ctx.shape)
        if np.any(round_held):  # ranking is only needed in a month with a round
            rank = performance_ranks(served_f, error_rate, waiting, satisfaction)
            points = round_held * points_for(
                rank, ctx.param("first_prize_points"), ctx.param("points_step")
            )

        benchmark = (
            gap[:, [ctx.units.index(MODEL_WINDOW)]]
            if MODEL_WINDOW in ctx.units
            else gap.min(axis=1, keepdims=True)
        )
        closing = 1 - (1 - ctx.param("emulation_rate")) * (
            1 - round_held * ctx.param("round_boost")
        )
        state["gap"] = gap - closing * (gap - benchmark)
        return {
            SERVED: served_f,
            ERRORS: errors_f,
            WAITING: np.asarray(waiting, dtype=np.float64),
            SATISFACTION: np.asarray(satisfaction, dtype=np.float64),
            POINTS: np.broadcast_to(points, ctx.shape).astype(np.float64),
        }


__all__ = ["MODEL_WINDOW", "CompetitionModel", "is_round_month"]
