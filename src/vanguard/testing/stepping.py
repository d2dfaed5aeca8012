"""Stepping an initiative's model the way the simulation engine does, checking each answer.

:func:`step_model` is the kit's one way of stepping a model: it starts the model, steps it
period by period with a :class:`~vanguard.StepContext` like the engine's, and checks every
output against the contract, raising :class:`ModelContractError` with the period and
output at fault. The conformance suite's model checks (:mod:`vanguard.testing.conformance`)
use it through :func:`run_model` (default parameters, filler inputs), plugin tests through
:func:`vanguard.testing.simulate_initiative`.
"""

import datetime as dt
import pickle
import random
from collections.abc import Callable, Collection, Mapping, MutableMapping, Sequence
from typing import Any

import attrs
import numpy as np

from vanguard.plugins.initiative import Array, Initiative, StepContext

DEFAULT_SEED = 20060101
DEFAULT_PERIODS = 4
DEFAULT_REPLICATIONS = 2
PLACEHOLDER_UNITS = ("unit-a", "unit-b", "unit-c")
"""Units the model is stepped over when the initiative declares no ``default_units``."""
DEFAULT_START = dt.date(2006, 1, 1)

Inputs = Callable[[int], Mapping[str, Array]]
"""``inputs(period)``: the values of the initiative's declared inputs for that period."""


@attrs.frozen
class Trial:
    """How the suite steps a model: over which units, for how long, with which seed."""

    units: tuple[str, ...] = PLACEHOLDER_UNITS
    periods: int = DEFAULT_PERIODS
    replications: int = DEFAULT_REPLICATIONS
    seed: int = DEFAULT_SEED
    start: dt.date = DEFAULT_START
    """The first day of the first period (each period is a calendar month)."""

    @classmethod
    def for_initiative(cls, initiative: Initiative, **options: Any) -> "Trial":
        """The initiative's own default units, unless ``options`` say otherwise."""
        units = options.pop("units", None) or initiative.default_units or PLACEHOLDER_UNITS
        return cls(units=tuple(units), **options)


class ModelContractError(Exception):
    """The model broke its contract while being stepped (the message says how)."""


def month_start(first: dt.date, period: int) -> dt.date:
    """The first day of the ``period``-th month after ``first``'s month."""
    months = first.month - 1 + period
    return dt.date(first.year + months // 12, months % 12 + 1, 1)


def run_model(
    initiative: Initiative,
    trial: Trial,
    rng: np.random.Generator,
    per_unit: Collection[str] = (),
) -> list[dict[str, Array]]:
    """Step the initiative's model over ``trial`` with its default parameters, checked.

    Every declared input is fed a constant ``10.0`` (the suite tests the model, not its
    producer). Returns each period's outputs (empty when the initiative has no model).
    ``per_unit`` as for :func:`step_model`.

    :raises ModelContractError: the model raised, or returned something off-contract (the message
        names the period and the output).
    """
    if initiative.model is None:
        return []
    shape = (trial.replications, len(trial.units))
    filler = {code: np.full(shape, 10.0) for code in initiative.inputs}
    periods, _state = step_model(
        initiative, trial, rng, inputs=lambda _period: filler, per_unit=per_unit
    )
    return periods


def step_model(
    initiative: Initiative,
    trial: Trial,
    rng: np.random.Generator,
    *,
    params: Mapping[str, float | Array] | None = None,
    inputs: Inputs | None = None,
    per_unit: Collection[str] = (),
) -> tuple[list[dict[str, Array]], MutableMapping[str, Array]]:
    """Start the model and step it over ``trial``: each period's checked outputs, final state.

    ``params`` are merged over the initiative's defaults and each broadcast to
    ``(replications, 1)`` (a scalar, or one value per replication); ``inputs(period)``
    gives that period's inputs (none when ``inputs`` is None). Months start at
    ``trial.start``. The parameters named in ``per_unit`` are passed shaped
    ``(replications, units)`` instead, as the engine passes a parameter a program spreads
    over the units.

    :raises ValueError: the initiative has no model, or ``params`` or the inputs name what
        the initiative does not declare, or a parameter has the wrong number of values.
    :raises ModelContractError: the model raised, or returned something off-contract (the message
        names the period and the output).
    """
    model = initiative.model
    if model is None:
        raise ValueError(f"initiative {initiative.name!r} has no model to step")
    arrays = broadcast_params(initiative, params or {}, trial.replications)
    for name in per_unit:
        arrays[name] = np.array(
            np.broadcast_to(arrays[name], (trial.replications, len(trial.units)))
        )
    non_negative = {i.code for i in initiative.indicators if i.non_negative}

    def context(period: int) -> StepContext:
        return StepContext(
            period=period,
            periods=trial.periods,
            period_start=month_start(trial.start, period),
            replications=trial.replications,
            units=trial.units,
            params=arrays,
            rng=rng,
        )

    try:
        state = model.start(context(0))
    except Exception as error:
        raise ModelContractError(f"model.start raised {type(error).__name__}: {error}") from error
    if not isinstance(state, Mapping):
        raise ModelContractError(f"model.start returned {type(state).__name__}, expected a mapping")
    periods = []
    for period in range(trial.periods):
        ctx = context(period)
        given = _declared_inputs(initiative, inputs(period) if inputs else {}, period)
        where = f"model.step at period {period}"
        try:
            outputs = model.step(state, given, ctx)
        except Exception as error:
            raise ModelContractError(f"{where} raised {type(error).__name__}: {error}") from error
        periods.append(_checked_outputs(where, outputs, initiative.outputs, ctx, non_negative))
    return periods, state


def broadcast_params(
    initiative: Initiative, params: Mapping[str, float | Array], replications: int
) -> dict[str, Array]:
    """The initiative's defaults with ``params`` over them, each shaped ``(replications, 1)``.

    A value is a scalar or one value per replication (shape ``(replications,)`` or
    ``(replications, 1)``).

    :raises ValueError: a name the initiative does not declare, or a wrong number of values.
    """
    unknown = sorted(set(params) - {p.name for p in initiative.parameters})
    if unknown:
        raise ValueError(
            f"params {unknown} are not parameters of initiative {initiative.name!r} "
            f"(it has {[p.name for p in initiative.parameters]})"
        )
    arrays = {}
    for name, value in {**initiative.defaults(), **params}.items():
        column = np.asarray(value, dtype=np.float64).reshape(-1, 1)
        if column.shape[0] not in (1, replications):
            raise ValueError(
                f"parameter {name!r} has {column.shape[0]} values, expected one or one per "
                f"replication ({replications})"
            )
        arrays[name] = np.array(np.broadcast_to(column, (replications, 1)))
    return arrays


def _declared_inputs(
    initiative: Initiative, given: Mapping[str, Array], period: int
) -> Mapping[str, Array]:
    undeclared = sorted(set(given) - set(initiative.inputs))
    if undeclared:
        raise ValueError(
            f"inputs for period {period} give {undeclared}, which initiative "
            f"{initiative.name!r} does not declare as inputs (it declares "
            f"{list(initiative.inputs)})"
        )
    return given


def _checked_outputs(
    where: str,
    outputs: object,
    declared: Sequence[str],
    ctx: StepContext,
    non_negative: set[str],
) -> dict[str, Array]:
    if not isinstance(outputs, Mapping):
        raise ModelContractError(f"{where} returned {type(outputs).__name__}, expected a mapping")
    missing = [code for code in declared if code not in outputs]
    extra = [code for code in outputs if code not in declared]
    if missing or extra:
        raise ModelContractError(
            f"{where} returned outputs {sorted(outputs)}, but the initiative declares "
            f"{list(declared)} (missing {missing}, undeclared {extra})"
        )
    checked = {}
    for code in declared:
        value = outputs[code]
        label = f"{where}: output {code!r}"
        if not isinstance(value, np.ndarray):
            raise ModelContractError(f"{label} is {type(value).__name__}, expected a numpy array")
        if value.shape != ctx.shape:
            raise ModelContractError(
                f"{label} has shape {value.shape}, expected {ctx.shape} = "
                f"(replications={ctx.replications}, units={len(ctx.units)})"
            )
        if value.dtype != np.float64:
            raise ModelContractError(f"{label} has dtype {value.dtype}, expected float64")
        if not np.all(np.isfinite(value)):
            raise ModelContractError(f"{label} has non-finite values (nan or inf)")
        if code in non_negative and np.any(value < 0):
            raise ModelContractError(
                f"{label} is negative, but the indicator is non-negative (a count)"
            )
        checked[code] = value.copy()  # a model may reuse its buffers; keep what it said
    return checked


def step_problems(initiative: Initiative, trial: Trial) -> list[str]:
    """The model starts and steps, returning each declared output with the right shape."""
    try:
        run_model(initiative, trial, _generator(trial.seed))
    except ModelContractError as fault:
        return [str(fault)]
    return []


def determinism_problems(initiative: Initiative, trial: Trial) -> list[str]:
    """Same seed, same numbers; no use of the global random state."""
    if initiative.model is None:
        return []
    numpy_before, python_before = _global_random_states()
    try:
        first = run_model(initiative, trial, _generator(trial.seed))
        second = run_model(initiative, trial, _generator(trial.seed))
    except ModelContractError as fault:
        return [str(fault)]
    numpy_after, python_after = _global_random_states()
    problems = []
    if numpy_after != numpy_before:
        problems.append(
            "the model used numpy's global random state (np.random.*); draw only from ctx.rng"
        )
    if python_after != python_before:
        problems.append(
            "the model used Python's global random state (random.*); draw only from ctx.rng"
        )
    difference = _first_difference(first, second)
    if difference is not None:
        problems.append(
            f"the model is not deterministic for a fixed seed: two runs with seed "
            f"{trial.seed} differ in {difference}; draw randomness only from ctx.rng and do "
            "not read the clock or other outside state"
        )
    return problems


def unit_parameter_problems(initiative: Initiative, trial: Trial) -> list[str]:
    """Parameters units may differ in (:attr:`~vanguard.plugins.initiative.Parameter.per_unit`)
    work shaped ``(replications, units)``: with every unit at the default, the same numbers
    as shaped ``(replications, 1)`` (a model uses its parameters elementwise)."""
    if initiative.model is None:
        return []
    names = [p.name for p in initiative.parameters if p.per_unit and not p.integer]
    if not names:
        return []
    try:
        first = run_model(initiative, trial, _generator(trial.seed))
    except ModelContractError as fault:
        return [str(fault)]
    problems = []
    for name in names:
        try:
            steps = run_model(initiative, trial, _generator(trial.seed), per_unit=(name,))
        except ModelContractError as fault:
            problems.append(
                f"parameter {name!r} shaped (replications, units), as when a program spreads "
                f"it over the units: {fault}; use it elementwise, or declare it "
                "per_unit=False if it acts on all units together"
            )
            continue
        difference = _first_difference(first, steps)
        if difference is not None:
            problems.append(
                f"parameter {name!r} shaped (replications, units) with the same value in "
                f"every unit gives other numbers ({difference}); use it elementwise, or "
                "declare it per_unit=False"
            )
    return problems


def seed_problems(initiative: Initiative, trial: Trial) -> list[str]:
    """A model that draws from ``ctx.rng`` gives different numbers for a different seed."""
    if initiative.model is None:
        return []
    rng = _generator(trial.seed)
    untouched = rng.bit_generator.state
    try:
        first = run_model(initiative, trial, rng)
        if rng.bit_generator.state == untouched:
            return []  # the model draws nothing: deterministic by design
        other = run_model(initiative, trial, _generator(trial.seed + 1))
    except ModelContractError as fault:
        return [str(fault)]
    if _first_difference(first, other) is None:
        return [
            "the model draws from ctx.rng but seeds "
            f"{trial.seed} and {trial.seed + 1} give identical outputs; are the draws used?"
        ]
    return []


def _generator(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed))


def _global_random_states() -> tuple[bytes, bytes]:
    # np.random.get_state() holds an array, so compare pickles rather than tuples
    return pickle.dumps(np.random.get_state()), pickle.dumps(random.getstate())


def _first_difference(first: list[dict[str, Array]], second: list[dict[str, Array]]) -> str | None:
    for period, (a, b) in enumerate(zip(first, second, strict=True)):
        for code in a:
            if not np.array_equal(a[code], b[code]):
                return f"output {code!r} at period {period}"
    return None


__all__ = [
    "DEFAULT_PERIODS",
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "DEFAULT_START",
    "PLACEHOLDER_UNITS",
    "Inputs",
    "ModelContractError",
    "Trial",
    "broadcast_params",
    "determinism_problems",
    "month_start",
    "run_model",
    "seed_problems",
    "step_model",
    "step_problems",
    "unit_parameter_problems",
]
