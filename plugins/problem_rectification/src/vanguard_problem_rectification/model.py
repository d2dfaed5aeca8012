"""Problem identification and rectification as a stochastic register model.

Every unit (a municipal department) starts with problems nobody has yet written down and
with long-pending cases (久拖不决) already known. Each month: every unidentified problem
is identified (对照问题认真进行查找) with a monthly probability and given a rectification
measure (落实整改措施); every measure in progress completes with a monthly probability
(a long-pending case's more slowly, by a factor); a completed measure resolves its problem
with a probability, otherwise the problem stays open with a new measure. Complaints
against the department and its law-enforcement staff arrive (Poisson) at a background
rate plus a rate per problem still unresolved, so they fall as problems are resolved.

Invariant: ``unidentified + open + long_pending + resolved`` equals the unit's problems
at the start plus its long-pending cases, at every period.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

IDENTIFIED = "rectification.problems_identified"
MEASURES = "rectification.measures_completed"
RESOLVED = "rectification.cases_resolved"
LONG_PENDING_RESOLVED = "rectification.long_pending_resolved"
COMPLAINTS = "rectification.complaints"
OUTPUTS = (IDENTIFIED, MEASURES, RESOLVED, LONG_PENDING_RESOLVED, COMPLAINTS)


def _draw(rng: np.random.Generator, n: Array, p: Array, shape: tuple[int, int]) -> Array:
    """Binomial(n, p) over ``shape`` as float64 counts."""
    counts = np.broadcast_to(n, shape).astype(np.int64)
    return rng.binomial(counts, np.broadcast_to(np.clip(p, 0.0, 1.0), shape)).astype(np.float64)


@attrs.frozen
class RectificationModel:
    """Problems identified, measures completed, cases resolved (long-pending flagged), complaints.

    State (``(replications, units)`` counts): ``unidentified``, ``open`` (identified,
    a measure in progress), ``long_pending`` (long-pending cases still unresolved) and
    ``resolved`` (cumulative).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """The register before the campaign: only the long-pending cases are known."""

        def count(name: str) -> Array:
            return np.broadcast_to(np.round(ctx.param(name)), ctx.shape).copy()

        return {
            "unidentified": count("problems"),
            "open": np.zeros(ctx.shape, dtype=np.float64),
            "long_pending": count("long_pending"),
            "resolved": np.zeros(ctx.shape, dtype=np.float64),
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of identification, rectification and complaints."""
        rng, shape = ctx.rng, ctx.shape
        identified = _draw(rng, state["unidentified"], ctx.param("identification_rate"), shape)
        state["unidentified"] -= identified
        state["open"] += identified

        completion = ctx.param("measure_completion")
        done = _draw(rng, state["open"], completion, shape)
        slow = completion * ctx.param("long_pending_factor")
        done_long = _draw(rng, state["long_pending"], slow, shape)
        effective = ctx.param("measure_effectiveness")
        resolved = _draw(rng, done, effective, shape)
        resolved_long = _draw(rng, done_long, effective, shape)
        state["open"] -= resolved
        state["long_pending"] -= resolved_long
        state["resolved"] += resolved + resolved_long

        unresolved = state["unidentified"] + state["open"] + state["long_pending"]
        rate = ctx.param("background_complaints") + (
            ctx.param("complaints_per_problem") * unresolved
        )
        # A coupled draw (inverse CDF on shared uniforms): fewer unresolved problems under
        # a scenario never give more complaints in a cell, so scenarios pair tightly.
        complaints = ctx.poisson(rate)
        return {
            IDENTIFIED: identified,
            MEASURES: done + done_long,
            RESOLVED: resolved + resolved_long,
            LONG_PENDING_RESOLVED: resolved_long,
            COMPLAINTS: complaints,
        }


__all__ = [
    "COMPLAINTS",
    "IDENTIFIED",
    "LONG_PENDING_RESOLVED",
    "MEASURES",
    "OUTPUTS",
    "RESOLVED",
    "RectificationModel",
]
