"""Units that differ: a parameter drawn per unit around the initiative's value.

A program may declare that a parameter varies from unit to unit (``[initiatives.spread]``,
see :class:`~vanguard.model.assignment.UnitSpread`): a county's start-up probability
scatters around the initiative's. Each replication draws one value per unit, at the
start of the run, held for all its periods. The draws come from a stream of their own
per block, initiative and parameter (``SeedSequence(seed, spawn_key=(block, key))`` with
``key`` from ``"<initiative>/spread/<parameter>"``), so:

* they do not depend on the number of workers or the chunk size (blocks are fixed);
* the model's own stream is untouched: with every spread 0 a run gives, bit for bit, the
  numbers it gives with no spread declared;
* declaring a spread on one parameter does not change another's draws.
"""

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.assignment import SpreadKind
from vanguard.simulation.streams import block_generator

Floats = NDArray[np.float64]


@attrs.frozen
class UnitDraw:
    """How parameter ``parameter`` of a step varies over its units (see the module); drawn
    values are kept within ``[lower, upper]``, the parameter's bounds."""

    parameter: str
    distribution: SpreadKind
    spread: float
    lower: float
    upper: float

    def stream(self, initiative: str) -> str:
        """The name of the random stream the draws come from."""
        return f"{initiative}/spread/{self.parameter}"

    def draw(self, centre: Floats, shape: tuple[int, int], rng: np.random.Generator) -> Floats:
        """Values shaped ``shape`` ``(replications, units)`` around ``centre`` (broadcastable
        to ``(replications, 1)``: the initiative's value, per replication when a scenario or
        sensitivity run varies it)."""
        theta = np.broadcast_to(np.asarray(centre, dtype=np.float64), (shape[0], 1))
        if self.distribution is SpreadKind.LOGNORMAL:
            s = self.spread
            z = rng.standard_normal(shape)
            # mean-preserving: E[exp(sZ - s^2/2)] = 1; with s = 0 the factor is exactly 1
            values = theta * np.exp(s * z - s * s / 2)
        elif self.spread == 0:
            values = np.broadcast_to(theta, shape).copy()
        else:
            k = 1.0 / (self.spread * self.spread) - 1.0
            inside = (theta > 0) & (theta < 1)
            safe = np.where(inside, theta, 0.5)
            drawn = rng.beta(
                np.broadcast_to(safe * k, shape), np.broadcast_to((1 - safe) * k, shape)
            )
            values = np.where(inside, drawn, theta)
        clipped: Floats = np.clip(values, self.lower, self.upper)
        return clipped


def unit_parameters(
    initiative: str,
    draws: tuple[UnitDraw, ...],
    params: dict[str, Floats],
    shape: tuple[int, int],
    seed: int,
    block: int,
) -> None:
    """Replace each parameter of ``draws`` in ``params`` with its per-unit values for block
    ``block`` of a run seeded ``seed`` (in place)."""
    for unit_draw in draws:
        rng = block_generator(seed, block, unit_draw.stream(initiative))
        params[unit_draw.parameter] = unit_draw.draw(params[unit_draw.parameter], shape, rng)


__all__ = ["UnitDraw", "unit_parameters"]
