"""The simulation model: a cadre's visits by household kind and the families in hardship reached.

Report B-II (Sihui): with the "ten-hundred-thousand-ten-thousand" cadres stationed in
villages and the "link up, visit down" activity, the agencies' Party members and cadres
go into communities, farm households and families in hardship (进社区, 进农家, 进特困家庭)
to bring warmth and help with their difficulties. The model's units are the cadres.

Each month and cadre: visits to communities ~ Poisson(``community_visits_per_month``),
to farm households ~ Poisson(``farm_visits_per_month``), to families in hardship ~
Poisson(``hardship_visits_per_month``). The cadre has ``hardship_families`` families in
hardship in their charge; a visit to one goes to any of them alike, so it reaches a family
not yet reached with probability ``(families - reached) / families``. The month's
hardship visits are split into first visits ~ Poisson(rate x that share) and repeat
visits ~ Poisson(rate x the rest) (thinning: together they are Poisson(rate), exactly);
first visits beyond the families still unreached are counted as repeat visits, so no
family is reached twice and the hardship visits stay Poisson(rate).

Invariant: families reached in the year <= ``hardship_families``, and <= hardship visits,
for every cadre and replication.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

COMMUNITY = "villages.community_visits"
FARM = "villages.farm_visits"
HARDSHIP = "villages.hardship_visits"
VISITS = "villages.visits"
FAMILIES = "villages.hardship_families"
OUTPUTS = (COMMUNITY, FARM, HARDSHIP, VISITS, FAMILIES)


@attrs.frozen
class VisitsModel:
    """A month of visits per cadre and household kind, and the hardship families first reached.

    State (``(replications, cadres)``): ``reached``, the families in hardship each cadre
    has visited at least once so far. Outputs are monthly flows: visits of each kind,
    their total, and the families reached for the first time that month (so the year's
    sum is the number of distinct families reached).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """Before the campaign no family has been visited."""
        return {"reached": np.zeros(ctx.shape, dtype=np.float64)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of visits for every replication and cadre."""
        community = ctx.poisson(ctx.param("community_visits_per_month"))
        farm = ctx.poisson(ctx.param("farm_visits_per_month"))
        rate = ctx.param("hardship_visits_per_month")
        families = np.broadcast_to(np.round(ctx.param("hardship_families")), ctx.shape)
        unreached = families - state["reached"]
        # Share of the cadre's families not yet reached (none when the cadre has none).
        share = np.divide(unreached, families, out=np.zeros(ctx.shape), where=families > 0)
        # Coupled draws (inverse CDF on shared uniforms): a lever on a visit rate moves
        # each count monotonically, so scenarios pair tightly.
        first = ctx.poisson(rate * share)
        repeat = ctx.poisson(rate * (1.0 - share))
        reached = np.minimum(first, unreached)
        hardship = first + repeat  # first visits past the unreached count as repeats
        state["reached"] = state["reached"] + reached
        return {
            COMMUNITY: community,
            FARM: farm,
            HARDSHIP: hardship,
            VISITS: community + farm + hardship,
            FAMILIES: reached,
        }


__all__ = ["COMMUNITY", "FAMILIES", "FARM", "HARDSHIP", "OUTPUTS", "VISITS", "VisitsModel"]
