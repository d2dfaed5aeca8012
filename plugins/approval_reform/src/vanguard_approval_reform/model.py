"""Administrative-approval reform as a stochastic model of items, steps and windows.

Each unit (a municipal department) starts with approval items, each taking
``steps_per_item`` steps. Each month every item is abolished with the monthly hazard that
cuts ``items_cut_share`` of them over a 12-month year; an abolished item takes its steps
with it; of the steps each remaining item has beyond its one necessary step, a share is
cut with the hazard for ``steps_cut_share``. Items move to the one-stop / single window
(一站式办事, 一个窗口收费) with a monthly probability; disclosure boards (政务, 财务公开栏)
are set up one by one with a monthly probability.

Processing time follows the steps an item takes, shortened where items are handled at the
one-stop window: ``days = days_per_step x steps per item x (1 - one_stop_saving x share)``,
times a mean-one gamma variation. A department left with no approval item has nothing to
process: 0 days, and its one-stop share counts as 100 %. Invariants: items and steps never
rise; every remaining item keeps at least one step; boards never exceed
``boards_per_unit``.
"""

from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

ITEMS = "approval.items"
STEPS = "approval.steps"
PROCESSING_DAYS = "approval.processing_days"
ONE_STOP_SHARE = "approval.one_stop_share"
BOARDS = "approval.disclosure_boards"
OUTPUTS = (ITEMS, STEPS, PROCESSING_DAYS, ONE_STOP_SHARE, BOARDS)

MONTHS_PER_YEAR = 12
"""The cut shares are per year; the model's periods are months."""


def monthly_hazard(yearly_share: Array) -> Array:
    """The monthly probability that removes ``yearly_share`` of a stock in 12 months."""
    return 1.0 - (1.0 - np.clip(yearly_share, 0.0, 1.0)) ** (1.0 / MONTHS_PER_YEAR)


def _draw(rng: np.random.Generator, n: Array, p: Array, shape: tuple[int, int]) -> Array:
    """Binomial(n, p) over ``shape`` as float64 counts."""
    counts = np.broadcast_to(n, shape).astype(np.int64)
    return rng.binomial(counts, np.broadcast_to(p, shape)).astype(np.float64)


@attrs.frozen
class ApprovalReformModel:
    """Approval items and steps cut, processing days, one-stop share and disclosure boards.

    State (``(replications, units)`` counts): ``items``, ``surplus`` (steps beyond one
    per item), ``one_stop`` (items handled at the one-stop window) and ``boards``.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """The departments before the reform: all items, all steps, no boards."""
        items = np.broadcast_to(np.round(ctx.param("initial_items")), ctx.shape).copy()
        per_item = np.maximum(ctx.param("steps_per_item"), 1.0)
        surplus = np.round(items * (per_item - 1.0))
        one_stop = _draw(ctx.rng, items, ctx.param("initial_one_stop"), ctx.shape)
        return {
            "items": items,
            "surplus": surplus,
            "one_stop": one_stop,
            "boards": np.zeros(ctx.shape, dtype=np.float64),
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of reform; returns the levels at the month's end."""
        rng, shape = ctx.rng, ctx.shape
        items, surplus, one_stop = state["items"], state["surplus"], state["one_stop"]

        cut = _draw(rng, items, monthly_hazard(ctx.param("items_cut_share")), shape)
        # Which of the abolished items were at the one-stop window: drawn without replacement.
        cut_one_stop = rng.hypergeometric(
            one_stop.astype(np.int64), (items - one_stop).astype(np.int64), cut.astype(np.int64)
        ).astype(np.float64)
        share_cut = np.divide(cut, items, out=np.zeros(shape), where=items > 0)
        surplus -= _draw(rng, surplus, share_cut, shape)
        items -= cut
        one_stop -= cut_one_stop
        surplus -= _draw(rng, surplus, monthly_hazard(ctx.param("steps_cut_share")), shape)
        one_stop += _draw(rng, items - one_stop, ctx.param("one_stop_rate"), shape)

        boards = state["boards"]
        wanted = np.maximum(np.round(ctx.param("boards_per_unit")) - boards, 0.0)
        boards += _draw(rng, wanted, ctx.param("board_setup_rate"), shape)

        has_items = items > 0
        share = np.divide(one_stop, items, out=np.ones(shape), where=has_items)
        per_item = np.divide(items + surplus, items, out=np.zeros(shape), where=has_items)
        cv = np.maximum(ctx.param("processing_variation"), 1e-6)
        variation = rng.gamma(np.broadcast_to(cv**-2, shape), cv**2)
        saving = 1.0 - ctx.param("one_stop_saving") * share
        days = ctx.param("days_per_step") * per_item * saving * variation
        return {
            ITEMS: items.copy(),
            STEPS: items + surplus,
            PROCESSING_DAYS: days,
            ONE_STOP_SHARE: 100.0 * share,
            BOARDS: boards.copy(),
        }


__all__ = [
    "BOARDS",
    "ITEMS",
    "ONE_STOP_SHARE",
    "OUTPUTS",
    "PROCESSING_DAYS",
    "STEPS",
    "ApprovalReformModel",
    "monthly_hazard",
]
