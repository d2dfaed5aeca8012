"""The initiative conformance suite: does an initiative keep the contract plugins promise?

One line in a plugin's tests::

    from vanguard.testing import assert_initiative_conforms
    assert_initiative_conforms(MY_INITIATIVE)

or, for one test per check, subclass :class:`ConformanceSuite`. Every check returns the
problems it finds as sentences naming the indicator, parameter, output or period at fault,
so a failure says what to fix.
"""

import datetime as dt
import math
import pickle
import random
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs
import numpy as np

from vanguard.plugins.initiative import (
    Array,
    Initiative,
    InitiativeModel,
    Parameter,
    StepContext,
)

DEFAULT_SEED = 20060101
DEFAULT_PERIODS = 4
DEFAULT_REPLICATIONS = 2
PLACEHOLDER_UNITS = ("unit-a", "unit-b", "unit-c")
"""Units the model is stepped over when the initiative declares no ``default_units``."""

PRIOR_DRAWS = 4000
PRIOR_MASS_WITHIN_BOUNDS = 0.5
"""A prior that puts less than this share of its draws within the bounds is not sensible."""


@attrs.frozen
class Trial:
    """How the suite steps a model: over which units, for how long, with which seed."""

    units: tuple[str, ...] = PLACEHOLDER_UNITS
    periods: int = DEFAULT_PERIODS
    replications: int = DEFAULT_REPLICATIONS
    seed: int = DEFAULT_SEED

    @classmethod
    def for_initiative(cls, initiative: Initiative, **options: Any) -> "Trial":
        """The initiative's own default units, unless ``options`` say otherwise."""
        units = options.pop("units", None) or initiative.default_units or PLACEHOLDER_UNITS
        return cls(units=tuple(units), **options)


class ModelContractError(Exception):
    """The model broke its contract while being stepped (the message says how)."""


# --- checks without running the model -----------------------------------------------------


def documentation_problems(initiative: Initiative) -> list[str]:
    """Name, title and description present; every parameter and indicator described."""
    problems = []
    if not initiative.title.en.strip():
        problems.append("title is empty")
    if not initiative.description.strip():
        problems.append("description is empty: say what the initiative does and models")
    for parameter in initiative.parameters:
        if not parameter.description.strip():
            problems.append(f"parameter {parameter.name!r} has no description")
    for indicator in initiative.indicators:
        if not indicator.name.en.strip():
            problems.append(f"indicator {indicator.code!r} has no name")
    return problems


def indicator_problems(initiative: Initiative) -> list[str]:
    """Indicators well formed: namespaced unique codes, a unit, ratios naming their parts."""
    problems = list(_contract(initiative, "indicator code"))
    codes = {indicator.code for indicator in initiative.indicators}
    available = codes | set(initiative.inputs)
    for indicator in initiative.indicators:
        where = f"indicator {indicator.code!r}"
        if "." not in indicator.code:
            problems.append(
                f"{where}: codes are namespaced '<initiative>.<name>' so that plugins "
                "never collide (e.g. 'windows.served')"
            )
        if not indicator.unit.strip():
            problems.append(f"{where} has no unit")
        if indicator.is_ratio:
            for part in ("numerator", "denominator"):
                code = getattr(indicator, part)
                if code is None:
                    problems.append(f"{where} is a ratio but names no {part}")
                elif code not in available:
                    problems.append(
                        f"{where}: {part} {code!r} is neither one of its indicators nor an input"
                    )
        elif indicator.numerator is not None or indicator.denominator is not None:
            problems.append(f"{where} names a numerator or denominator but is not a ratio")
    return problems


def parameter_problems(initiative: Initiative) -> list[str]:
    """Parameters: unique names, finite bounds holding the default, sensible priors."""
    problems = list(_contract(initiative, "parameter"))
    for parameter in initiative.parameters:
        where = f"parameter {parameter.name!r}"
        numbers = (parameter.lower, parameter.upper, parameter.default)
        if not all(math.isfinite(value) for value in numbers):
            problems.append(f"{where}: bounds and default must be finite, got {numbers}")
            continue
        if not parameter.lower <= parameter.default <= parameter.upper:
            problems.append(
                f"{where}: default {parameter.default!r} is outside "
                f"[{parameter.lower!r}, {parameter.upper!r}]"
            )
        if parameter.integer and not float(parameter.default).is_integer():
            problems.append(f"{where} is an integer but its default is {parameter.default!r}")
        if parameter.prior is not None:
            problems.extend(_prior_problems(where, parameter))
    return problems


def _prior_problems(where: str, parameter: Parameter) -> list[str]:
    prior, lower, upper = parameter.prior, parameter.lower, parameter.upper
    if prior is None:
        return []
    try:
        draws = prior.sample(np.random.default_rng(0), PRIOR_DRAWS)
    except (ValueError, TypeError) as error:
        return [f"{where}: prior {prior} cannot be sampled: {error}"]
    if not np.all(np.isfinite(draws)):
        return [f"{where}: prior {prior} draws non-finite values"]
    within = float(np.mean((draws >= lower) & (draws <= upper)))
    if within < PRIOR_MASS_WITHIN_BOUNDS:
        return [
            f"{where}: prior {prior.distribution}(a={prior.a}, b={prior.b}) puts only "
            f"{within:.0%} of its draws within the bounds [{lower}, {upper}]"
        ]
    return []


def declaration_problems(initiative: Initiative) -> list[str]:
    """Outputs and inputs declared consistently with the model and the indicators."""
    problems = list(_contract(initiative, "output", "input"))
    if initiative.model is not None:
        if not isinstance(initiative.model, InitiativeModel):
            problems.append("model has no start(ctx) and step(state, inputs, ctx) methods")
        if not initiative.outputs:
            problems.append("has a model but declares no outputs")
    elif initiative.outputs:
        problems.append("declares outputs but has no model to produce them")
    duplicates = {
        unit for unit in initiative.default_units if initiative.default_units.count(unit) > 1
    }
    problems += [f"default unit {unit!r} is listed twice" for unit in sorted(duplicates)]
    return problems


def _contract(initiative: Initiative, *topics: str) -> list[str]:
    return [p for p in initiative.contract_problems() if any(p.startswith(t) for t in topics)]


# --- checks that run the model ------------------------------------------------------------


def month_start(first: dt.date, period: int) -> dt.date:
    """The first day of the ``period``-th month after ``first``'s month."""
    months = first.month - 1 + period
    return dt.date(first.year + months // 12, months % 12 + 1, 1)


def run_model(
    initiative: Initiative, trial: Trial, rng: np.random.Generator
) -> list[dict[str, Array]]:
    """Step the initiative's model over ``trial``; each period's outputs, checked.

    :raises ModelContractError: the model raised, or returned something off-contract (the message
        names the period and the output).
    """
    model = initiative.model
    if model is None:
        return []
    shape = (trial.replications, len(trial.units))
    params = {
        p.name: np.full((trial.replications, 1), p.default, dtype=np.float64)
        for p in initiative.parameters
    }
    inputs = {code: np.full(shape, 10.0) for code in initiative.inputs}
    non_negative = {i.code for i in initiative.indicators if i.non_negative}

    def context(period: int) -> StepContext:
        return StepContext(
            period=period,
            periods=trial.periods,
            period_start=month_start(dt.date(2006, 1, 1), period),
            replications=trial.replications,
            units=trial.units,
            params=params,
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
        where = f"model.step at period {period}"
        try:
            outputs = model.step(state, inputs, ctx)
        except Exception as error:
            raise ModelContractError(f"{where} raised {type(error).__name__}: {error}") from error
        periods.append(_checked_outputs(where, outputs, initiative.outputs, ctx, non_negative))
    return periods


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


# --- the suite ----------------------------------------------------------------------------


def conformance_problems(initiative: Initiative, **options: Any) -> list[str]:
    """Every problem the suite finds (empty when the initiative conforms).

    ``options`` adjust the trial: ``units`` (default: the initiative's ``default_units``,
    else three placeholder units), ``periods`` (4), ``replications`` (2), ``seed``.
    """
    trial = Trial.for_initiative(initiative, **options)
    problems = (
        documentation_problems(initiative)
        + indicator_problems(initiative)
        + parameter_problems(initiative)
        + declaration_problems(initiative)
    )
    stepped = step_problems(initiative, trial)
    problems += stepped
    if not stepped:
        problems += determinism_problems(initiative, trial)
        problems += seed_problems(initiative, trial)
    return list(dict.fromkeys(problems))


def assert_initiative_conforms(initiative: Initiative, **options: Any) -> None:
    """Raise :class:`AssertionError` listing every way ``initiative`` breaks the contract.

    Checks: documentation (description, every parameter described), indicators (unique
    namespaced codes, units, ratios naming their parts), parameters (defaults within
    bounds, sensible priors), declarations (outputs are own indicators, inputs are not),
    and the model: ``start``/``step`` return every declared output as a finite float64
    array of shape ``(replications, units)`` for a few periods, the same numbers for the
    same seed (never touching the global random state), and different numbers for a
    different seed when it draws from ``ctx.rng``. ``options`` as for
    :func:`conformance_problems`.
    """
    _raise_if_any(initiative, conformance_problems(initiative, **options))


def _raise_if_any(initiative: Initiative, problems: Sequence[str]) -> None:
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise AssertionError(
            f"initiative {initiative.name!r} breaks the initiative contract:\n{listed}"
        )


class ConformanceSuite:
    """One test per check, for plugin authors to subclass in their test module::

        class TestWindowCompetition(ConformanceSuite):
            initiative = WINDOW_COMPETITION

    ``initiative`` (a class attribute or a property) is the initiative under test; set
    ``units``, ``periods`` or ``replications`` to change the trial.
    """

    initiative: ClassVar[Initiative]
    units: ClassVar[tuple[str, ...] | None] = None
    periods: ClassVar[int] = DEFAULT_PERIODS
    replications: ClassVar[int] = DEFAULT_REPLICATIONS

    def _trial(self) -> Trial:
        return Trial.for_initiative(
            self.initiative,
            units=self.units,
            periods=self.periods,
            replications=self.replications,
        )

    def test_is_documented(self) -> None:
        _raise_if_any(self.initiative, documentation_problems(self.initiative))

    def test_indicators_are_well_formed(self) -> None:
        _raise_if_any(self.initiative, indicator_problems(self.initiative))

    def test_parameters_are_within_bounds_with_sensible_priors(self) -> None:
        _raise_if_any(self.initiative, parameter_problems(self.initiative))

    def test_outputs_and_inputs_are_declared(self) -> None:
        _raise_if_any(self.initiative, declaration_problems(self.initiative))

    def test_model_steps_with_the_right_shapes(self) -> None:
        _raise_if_any(self.initiative, step_problems(self.initiative, self._trial()))

    def test_model_is_deterministic_for_a_seed(self) -> None:
        _raise_if_any(self.initiative, determinism_problems(self.initiative, self._trial()))

    def test_model_depends_on_the_seed(self) -> None:
        _raise_if_any(self.initiative, seed_problems(self.initiative, self._trial()))


__all__ = [
    "ConformanceSuite",
    "ModelContractError",
    "Trial",
    "assert_initiative_conforms",
    "conformance_problems",
    "declaration_problems",
    "determinism_problems",
    "documentation_problems",
    "indicator_problems",
    "parameter_problems",
    "run_model",
    "seed_problems",
    "step_problems",
]
