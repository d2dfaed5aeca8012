"""Socialised management of enterprise retirees as a stochastic transfer model.

At the start every unit's enterprise retirees are managed by their former employers. The
Enterprise Retiree Management Service Centre opens in period ``centre_opens_period``; from
then on each month every retiree still with an employer moves into community management
with probability ``transfer_rate`` and joins the centre's caseload. Demonstration sites
become ready one by one, each in a month drawn uniformly between the centre's opening and
``sites_ready_period`` (so all are ready by then).

The service level is the percentage of all the unit's retirees served to standard: the
centre serves ``centre_service_level`` of its caseload while within ``centre_capacity``
(proportionally less beyond), employers ``employer_service_level`` of theirs.

Invariant: ``with_employers + caseload`` equals the unit's retirees at every period.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

TRANSFERRED = "retirees.transferred"
CASELOAD = "retirees.caseload"
SERVICE_LEVEL = "retirees.service_level"
CENTRE_OPEN = "retirees.centre_open"
SITES = "retirees.demonstration_sites"
OUTPUTS = (TRANSFERRED, CASELOAD, SERVICE_LEVEL, CENTRE_OPEN, SITES)


def opening_period(ctx: StepContext) -> Array:
    """The period the centre opens in, per replication (a whole number, at least 0)."""
    return np.maximum(np.round(ctx.param("centre_opens_period")), 0.0)


@attrs.frozen
class RetireeCentreModel:
    """Retirees transferred, the centre's caseload and service level, and its milestones.

    State (``(replications, units)`` unless noted): ``with_employers``, ``caseload``, and
    ``site_ready`` (``(replications, units, sites)``: the period each demonstration site
    is ready, ``inf`` for sites beyond the unit's number).
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """All retirees with their employers; the demonstration sites' ready dates drawn."""
        retirees = np.broadcast_to(np.maximum(np.round(ctx.param("retirees")), 0.0), ctx.shape)
        sites = np.broadcast_to(np.round(ctx.param("demonstration_sites")), ctx.shape)
        most = int(sites.max()) if sites.size else 0
        opens = opening_period(ctx)[..., None].astype(np.int64)
        ready = np.round(ctx.param("sites_ready_period"))[..., None].astype(np.int64)
        # A site cannot be ready before the centre it demonstrates has opened.
        ready_by = np.maximum(ready, opens)
        drawn = ctx.rng.integers(opens, ready_by + 1, size=(*ctx.shape, most)).astype(np.float64)
        site_ready = np.where(np.arange(most) < sites[..., None], drawn, np.inf)
        return {
            "with_employers": retirees.copy(),
            "caseload": np.zeros(ctx.shape, dtype=np.float64),
            "site_ready": site_ready,
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month: transfers once the centre is open, then the levels at month end."""
        shape = ctx.shape
        is_open = np.broadcast_to(ctx.period >= opening_period(ctx), shape)
        rate = np.where(is_open, ctx.param("transfer_rate"), 0.0)
        moved = ctx.rng.binomial(state["with_employers"].astype(np.int64), rate)
        state["with_employers"] -= moved
        state["caseload"] += moved
        employers, caseload = state["with_employers"], state["caseload"]

        capacity = ctx.param("centre_capacity")
        # Beyond capacity the centre serves only ``capacity`` retirees to standard.
        load = np.where(caseload > capacity, capacity / np.maximum(caseload, 1.0), 1.0)
        served = caseload * ctx.param("centre_service_level") * load + employers * ctx.param(
            "employer_service_level"
        )
        level = 100.0 * served / np.maximum(caseload + employers, 1.0)
        sites = (state["site_ready"] <= ctx.period).sum(axis=-1).astype(np.float64)
        return {
            TRANSFERRED: moved.astype(np.float64),
            CASELOAD: caseload.copy(),
            SERVICE_LEVEL: np.broadcast_to(level, shape).copy(),
            CENTRE_OPEN: is_open.astype(np.float64),
            SITES: sites,
        }


__all__ = [
    "CASELOAD",
    "CENTRE_OPEN",
    "OUTPUTS",
    "SERVICE_LEVEL",
    "SITES",
    "TRANSFERRED",
    "RetireeCentreModel",
    "opening_period",
]
