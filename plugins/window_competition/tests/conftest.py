"""A minimal engine for the plugin's own tests: steps the model month by month."""

import datetime as dt
from collections.abc import Callable, Mapping

import numpy as np
import pytest

from vanguard import Initiative, StepContext
from vanguard.plugins.initiative import Array

Simulate = Callable[..., dict[str, Array]]


def _month_start(period: int) -> dt.date:
    return dt.date(2006 + period // 12, period % 12 + 1, 1)


def run(
    initiative: Initiative,
    *,
    replications: int,
    periods: int = 12,
    seed: int = 2006,
    params: Mapping[str, float | Array] | None = None,
    units: tuple[str, ...] | None = None,
    inputs: Callable[[int], Mapping[str, Array]] | None = None,
) -> dict[str, Array]:
    """Every output per period, stacked: ``{code: array (periods, replications, units)}``."""
    assert initiative.model is not None
    values = {**initiative.defaults(), **(params or {})}
    arrays = {
        name: np.asarray(value, dtype=np.float64).reshape(-1, 1) for name, value in values.items()
    }
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    units = units or initiative.default_units
    context = StepContext(0, periods, _month_start(0), replications, units, arrays, rng)
    state = initiative.model.start(context)
    stacked: dict[str, list[Array]] = {code: [] for code in initiative.outputs}
    for period in range(periods):
        context = StepContext(
            period, periods, _month_start(period), replications, units, arrays, rng
        )
        produced = initiative.model.step(state, inputs(period) if inputs else {}, context)
        for code in initiative.outputs:
            stacked[code].append(produced[code])
    return {code: np.stack(arrays_) for code, arrays_ in stacked.items()}


@pytest.fixture
def simulate() -> Simulate:
    """Run an initiative's model: ``simulate(initiative, replications=..., ...)``."""
    return run
