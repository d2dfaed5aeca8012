"""Simulating one initiative on its own, month by month, for a plugin's behavioural tests.

:func:`simulate_initiative` steps the model the way the conformance suite does (through
:func:`~vanguard.testing.stepping.step_model`, so every output is checked against the
contract as it comes), and stacks the outputs so a test can assert on a whole year::

    from vanguard.testing import simulate_initiative

    run = simulate_initiative(INITIATIVE, replications=400)
    trained = run.outputs["entrepreneurship.trained"]  # shape (12, 400, units)
    assert trained.sum(axis=(0, 2)).mean() == pytest.approx(3079, rel=0.05)
"""

import datetime as dt
from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard.plugins.initiative import Array, Initiative
from vanguard.testing.stepping import (
    DEFAULT_START,
    PLACEHOLDER_UNITS,
    Inputs,
    Trial,
    step_model,
)


@attrs.frozen
class ModelRun:
    """What :func:`simulate_initiative` gives back."""

    outputs: dict[str, Array]
    """Every declared output, by indicator code, shaped ``(periods, replications, units)``."""
    state: MutableMapping[str, Array]
    """The model's state after the last period (as ``model.start`` made and ``step`` kept it)."""


def simulate_initiative(
    initiative: Initiative,
    *,
    replications: int,
    periods: int = 12,
    seed: int = 2006,
    params: Mapping[str, float | Array] | None = None,
    units: tuple[str, ...] | None = None,
    inputs: Inputs | Mapping[str, Array] | None = None,
    start: dt.date = DEFAULT_START,
) -> ModelRun:
    """Run ``initiative``'s model for ``periods`` months from ``start``, as the engine would.

    The defaults are a program year (12 months of 2006) and seed 2006.

    - ``params`` override the parameters' defaults; each value is a scalar or one value per
      replication, and reaches the model shaped ``(replications, 1)``;
    - ``units`` default to the initiative's ``default_units`` (or three placeholder units
      when it declares none);
    - ``inputs`` are the values of the declared inputs: a mapping used every period, or a
      function ``inputs(period) -> mapping``; without them the model gets no inputs (as a
      model run on its own, without the producing initiative);
    - randomness comes from ``np.random.SeedSequence(seed)``: the same arguments give the
      same numbers.

    :raises ValueError: no model, ``replications`` or ``periods`` below 1, no units, or
        ``params``/``inputs`` naming what the initiative does not declare.
    :raises ~vanguard.testing.stepping.ModelContractError: the model raised or returned
        something off-contract (wrong codes, shape or dtype, non-finite or negative counts);
        the message names the period and the output, the original error is its cause.
    """
    if replications < 1 or periods < 1:
        raise ValueError(
            f"simulate_initiative needs replications >= 1 and periods >= 1, "
            f"got replications={replications}, periods={periods}"
        )
    chosen = units if units is not None else (initiative.default_units or PLACEHOLDER_UNITS)
    if not chosen:
        raise ValueError(f"simulate_initiative: no units to run {initiative.name!r} over")
    trial = Trial(
        units=tuple(chosen), periods=periods, replications=replications, seed=seed, start=start
    )
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    per_period = _per_period(inputs)
    steps, state = step_model(initiative, trial, rng, params=params, inputs=per_period)
    outputs = {code: np.stack([step[code] for step in steps]) for code in initiative.outputs}
    return ModelRun(outputs=outputs, state=state)


def _per_period(inputs: Inputs | Mapping[str, Array] | None) -> Inputs | None:
    if inputs is None or callable(inputs):
        return inputs
    fixed = inputs
    return lambda _period: fixed


__all__ = ["ModelRun", "simulate_initiative"]
