"""The labour-law violation monitoring network as a stochastic coverage-and-inspection model.

Every unit (county) has a fixed number of employers. At the start a share of them is
already covered by the network; each month the network closes a share of the gap to its
target coverage (each uncovered employer below the target joins with that probability).
Covered employers are inspected (Poisson, a rate per covered employer); an inspection
detects a violation with probability prevalence x detection probability.

Invariant: ``covered <= floor(target share x employers)`` once the start's coverage is
below the target, and coverage never falls.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

OUTPUTS = (
    "monitoring.employers_covered",
    "monitoring.inspections",
    "monitoring.violations_detected",
    "monitoring.employers",
)


@attrs.frozen
class MonitoringNetworkModel:
    """Coverage of employers, inspections and violations detected, per unit and month.

    State: ``employers`` and ``covered`` (counts, ``(replications, units)``). Outputs: the
    levels ``monitoring.employers_covered`` and ``monitoring.employers`` at the period's end
    and the period's flows of inspections and violations detected.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """Employers per unit, and those the network already covers at the start."""
        employers = np.broadcast_to(np.round(ctx.param("employers")), ctx.shape).copy()
        initial = np.broadcast_to(ctx.param("initial_coverage"), ctx.shape)
        covered = ctx.rng.binomial(employers.astype(np.int64), initial).astype(np.float64)
        return {"employers": employers, "covered": covered}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month: the network grows towards its target, covered employers are inspected."""
        rng = ctx.rng
        shape = ctx.shape
        employers, covered = state["employers"], state["covered"]
        ceiling = np.floor(ctx.param("target_coverage") * employers)
        gap = np.maximum(ceiling - covered, 0.0).astype(np.int64)
        joined = rng.binomial(gap, np.broadcast_to(ctx.param("coverage_speed"), shape))
        covered += joined

        expected = ctx.param("inspections_per_covered") * covered
        hit = ctx.param("violation_prevalence") * ctx.param("detection_probability")
        # Inspections are Poisson and each detects a violation with probability ``hit``:
        # detections and the other inspections are independent Poisson counts (thinning),
        # the same law as a binomial draw on the inspections, at a fraction of its cost.
        # Both are coupled draws (inverse CDF on shared uniforms): a lever on a rate moves
        # each cell's count monotonically, so scenarios pair tightly.
        detected = ctx.poisson(expected * hit)
        inspections = detected + ctx.poisson(expected * (1 - hit))
        return {
            "monitoring.employers_covered": covered.copy(),
            "monitoring.inspections": inspections.astype(np.float64),
            "monitoring.violations_detected": detected.astype(np.float64),
            "monitoring.employers": employers.copy(),
        }


__all__ = ["OUTPUTS", "MonitoringNetworkModel"]
