"""Fixtures: step an initiative's model over a program year outside the engine."""

import datetime as dt
from collections.abc import Callable, Mapping, MutableMapping

import numpy as np
import pytest

from vanguard import Initiative, StepContext
from vanguard.plugins.initiative import Array

Run = tuple[dict[str, Array], MutableMapping[str, Array]]
"""Outputs stacked as ``(periods, replications, units)`` and the model's final state."""


def simulate(
    initiative: Initiative,
    *,
    replications: int = 200,
    periods: int = 12,
    seed: int = 0,
    units: tuple[str, ...] | None = None,
    params: Mapping[str, float] | None = None,
    start: dt.date = dt.date(2006, 1, 1),
) -> Run:
    """Run ``initiative``'s model month by month from ``start`` as the engine would."""
    assert initiative.model is not None
    values = {**initiative.defaults(), **(params or {})}
    arrays = {name: np.full((replications, 1), value) for name, value in values.items()}
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    chosen = units if units is not None else initiative.default_units

    def ctx(period: int) -> StepContext:
        month = start.month - 1 + period
        period_start = dt.date(start.year + month // 12, month % 12 + 1, 1)
        return StepContext(period, periods, period_start, replications, chosen, arrays, rng)

    state = initiative.model.start(ctx(0))
    outputs: dict[str, list[Array]] = {code: [] for code in initiative.outputs}
    for period in range(periods):
        step = initiative.model.step(state, {}, ctx(period))
        for code in initiative.outputs:
            outputs[code].append(np.asarray(step[code]))
    return {code: np.stack(series) for code, series in outputs.items()}, state


@pytest.fixture
def run() -> Callable[..., Run]:
    """``run(initiative, **options)``: see :func:`simulate`."""
    return simulate
