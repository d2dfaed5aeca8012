"""The simulation model: rural workers trained, placed into jobs, and transferred out.

Each month and county: trainees ~ Poisson(``trainees_per_month``); each trainee is placed
into a non-farm job that month with probability ``placement_probability`` (placed ~
Binomial(trainees, p)); each placed worker's job lies outside their home county with
probability ``out_of_county_share`` (transferred out ~ Binomial(placed, share)). Training
courses are short, so placement is counted in the month the course ends.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

TRAINED = "rural.trained"
PLACED = "rural.placed"
TRANSFERRED_OUT = "rural.transferred_out"
PLACEMENT_RATE = "rural.placement_rate"


@attrs.frozen
class TransferModel:
    """Stateless model: each month's trainees, placements and transfers.

    Outputs per period (flows): trained, placed and transferred out of the county. The
    placement rate (an indicator of the initiative) is a ratio: the engine derives it from
    the totals of placed and trained, so the model does not return it.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """No state is carried between months."""
        return {}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of training and placement for every replication and county."""
        rate = ctx.param("trainees_per_month")
        placement = ctx.param("placement_probability")
        out_share = ctx.param("out_of_county_share")
        # Trainees are Poisson, each is placed with the placement probability and each
        # placed worker leaves the county with the out-of-county share: the three groups
        # (transferred out, placed locally, not placed) are independent Poisson counts
        # (thinning), the same law as binomial draws on the counts, at a fraction of the
        # cost for these large monthly numbers. Coupled draws (inverse CDF on shared
        # uniforms) so a lever on a rate moves each count monotonically.
        transferred = ctx.poisson(rate * placement * out_share)
        placed = transferred + ctx.poisson(rate * placement * (1 - out_share))
        trained = placed + ctx.poisson(rate * (1 - placement))
        # The placement rate is not returned: the engine divides the totals of its parts.
        return {
            TRAINED: trained.astype(np.float64),
            PLACED: placed.astype(np.float64),
            TRANSFERRED_OUT: transferred.astype(np.float64),
        }


__all__ = ["PLACED", "PLACEMENT_RATE", "TRAINED", "TRANSFERRED_OUT", "TransferModel"]
