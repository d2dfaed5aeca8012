"""The simulation model: liaison officers, the employers they link, and what they do for them.

Per unit (county) and month, for every replication at once:

- officers: ``Poisson(initial_officers_per_unit)`` in post at the start, then
  ``Poisson(appointment_rate)`` appointed each month;
- employers: every officer links ``Poisson(employers_per_officer)`` employers when
  appointed (drawn for all the month's new officers at once);
- workforce: every linked employer employs ``Gamma(employer_size_shape,
  workers_per_employer / employer_size_shape)`` workers (summed in one gamma draw per
  unit, rounded to whole workers);
- consultations: ``Poisson(consultation_rate x linked employers)`` a month;
- recruits: drawn from the month's **recruit pool**, the rural workers placed into jobs
  that month across all the producer's units (input ``rural.placed``): city-wide recruits
  ~ Binomial(pool, ``recruit_share``), shared among units in proportion to their linked
  employers (a multinomial share-out). No linked employer anywhere: no recruit.

When the input ``rural.placed`` is omitted (the program does not run ``rural-transfer``),
the pool is drawn as ``Poisson(standalone_pool)`` city-wide, whose default is
rural-transfer's expected monthly placements, so the model still reproduces the report.
When it is passed as zeros, the pool is empty and there is no recruit.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard import Array, StepContext

Counts = NDArray[np.int64]

OFFICERS = "liaison.officers"
EMPLOYERS = "liaison.employers"
WORKFORCE = "liaison.workforce"
CONSULTATIONS = "liaison.consultations"
RECRUITS = "liaison.recruits"
RECRUIT_POOL = "rural.placed"


def _recruit_pool(inputs: Mapping[str, Array], ctx: StepContext) -> Counts:
    """The month's placed workers available to recruit, city-wide: shape (replications,)."""
    if RECRUIT_POOL not in inputs:
        # Coupled (one uniform per cell of ctx.shape, the first unit's taken): a lever on
        # the pool moves it monotonically.
        pool: Counts = ctx.poisson(ctx.param("standalone_pool"))[:, 0].astype(np.int64)
        return pool
    placed = np.asarray(inputs[RECRUIT_POOL], dtype=np.float64)
    if placed.ndim < 2:  # a scalar, or one value per replication
        placed = placed.reshape(-1, 1)
    try:
        placed = np.broadcast_to(placed, (ctx.replications, placed.shape[1]))
    except ValueError:
        raise ValueError(
            f"labour-liaison: input {RECRUIT_POOL!r} has shape {placed.shape}, expected "
            f"({ctx.replications}, units of rural-transfer)"
        ) from None
    total: Counts = np.rint(np.clip(placed, 0, None).sum(axis=1)).astype(np.int64)
    return total


@attrs.frozen
class LiaisonModel:
    """Officers, employers and workforce accumulate (levels); consultations and recruits
    are monthly flows.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """Officers in post at the start, and the employers they already link."""
        initial = ctx.param("initial_officers_per_unit")
        officers = ctx.poisson(initial)
        employers, workforce = _link(officers, ctx)
        return {
            "officers": officers,
            "employers": employers,
            "workforce": workforce,
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month: appointments, new links, consultations and recruits."""
        # Counts are coupled draws (ctx.poisson, ctx.binomial): a lever on a rate or share
        # moves each cell's count monotonically instead of reshuffling the stream.
        appointed = ctx.poisson(ctx.param("appointment_rate"))
        employers, workforce = _link(appointed, ctx)
        state["officers"] = state["officers"] + appointed
        state["employers"] = state["employers"] + employers
        state["workforce"] = state["workforce"] + workforce
        consultations = ctx.poisson(ctx.param("consultation_rate") * state["employers"])
        return {
            OFFICERS: state["officers"].copy(),
            EMPLOYERS: state["employers"].copy(),
            WORKFORCE: state["workforce"].copy(),
            CONSULTATIONS: consultations,
            RECRUITS: _recruits(state["employers"], _recruit_pool(inputs, ctx), ctx),
        }


def _link(officers: Array, ctx: StepContext) -> tuple[Array, Array]:
    """Employers linked by ``officers`` new officers, and those employers' workforce."""
    employers = ctx.poisson(ctx.param("employers_per_officer") * officers)
    shape = ctx.param("employer_size_shape")
    scale = ctx.param("workers_per_employer") / shape
    workforce: Array = np.rint(ctx.rng.gamma(shape * employers, np.broadcast_to(scale, ctx.shape)))
    return employers, workforce


def _recruits(employers: Array, pool: Counts, ctx: StepContext) -> Array:
    """City-wide recruits from ``pool``, shared among units by their linked employers.

    The share-out is a multinomial draw, made as one conditional binomial per unit (the
    loop runs over units, never over replications or people).
    """
    linked = employers.sum(axis=1)
    share = np.broadcast_to(ctx.param("recruit_share"), (ctx.replications, 1))[:, 0]
    remaining = ctx.binomial(pool, np.where(linked > 0, share, 0.0))
    recruits = np.zeros(ctx.shape)
    unshared = linked.copy()  # employers of the units not yet served
    last = ctx.shape[1] - 1
    for unit in range(last):
        weight = employers[:, unit]
        probability = np.divide(
            weight, unshared, out=np.zeros(ctx.replications), where=unshared > 0
        )
        # The share-out's probabilities are the units' shares of linked employers (state, no
        # lever): numpy's binomial, a fraction of the cost of the coupled draw for pools of
        # hundreds (coupled, it took a quarter of the whole Zhaoqing program's time). The
        # city-wide recruits above, which ``recruit_share`` moves, are coupled.
        drawn = ctx.rng.binomial(remaining.astype(np.int64), np.clip(probability, 0.0, 1.0))
        recruits[:, unit] = drawn
        remaining = remaining - drawn
        unshared = unshared - weight
    recruits[:, last] = remaining
    return recruits


__all__ = [
    "CONSULTATIONS",
    "EMPLOYERS",
    "OFFICERS",
    "RECRUITS",
    "RECRUIT_POOL",
    "WORKFORCE",
    "LiaisonModel",
]
