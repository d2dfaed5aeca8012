"""The initiative conformance suite: does an initiative keep the contract plugins promise?

One line in a plugin's tests::

    from vanguard.testing import assert_initiative_conforms
    assert_initiative_conforms(MY_INITIATIVE)

or, for one test per check, subclass :class:`ConformanceSuite`. Every check returns the
problems it finds as sentences naming the indicator, parameter, output or period at fault,
so a failure says what to fix.
"""

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from vanguard.plugins.initiative import Initiative, InitiativeModel, Parameter
from vanguard.testing.stepping import (
    DEFAULT_PERIODS,
    DEFAULT_REPLICATIONS,
    Trial,
    determinism_problems,
    seed_problems,
    step_problems,
    unit_parameter_problems,
)

PRIOR_DRAWS = 4000
PRIOR_MASS_WITHIN_BOUNDS = 0.5
"""A prior that puts less than this share of its draws within the bounds is not sensible."""


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
    ratios = {i.code: i for i in initiative.indicators if i.is_ratio}
    problems += [
        f"output {code!r} is a ratio: vanguard computes it from its numerator "
        f"({ratios[code].numerator!r}) and denominator ({ratios[code].denominator!r}), which "
        "the model outputs instead; remove it from outputs"
        for code in initiative.outputs
        if code in ratios
    ]
    duplicates = {
        unit for unit in initiative.default_units if initiative.default_units.count(unit) > 1
    }
    problems += [f"default unit {unit!r} is listed twice" for unit in sorted(duplicates)]
    return problems


def _contract(initiative: Initiative, *topics: str) -> list[str]:
    return [p for p in initiative.contract_problems() if any(p.startswith(t) for t in topics)]


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
        problems += unit_parameter_problems(initiative, trial)
    return list(dict.fromkeys(problems))


def assert_initiative_conforms(initiative: Initiative, **options: Any) -> None:
    """Raise :class:`AssertionError` listing every way ``initiative`` breaks the contract.

    Checks: documentation (description, every parameter described), indicators (unique
    namespaced codes, units, ratios naming their parts), parameters (defaults within
    bounds, sensible priors), declarations (outputs are own indicators, inputs are not),
    and the model: ``start``/``step`` return every declared output as a finite float64
    array of shape ``(replications, units)`` for a few periods, the same numbers for the
    same seed (never touching the global random state), and different numbers for a
    different seed when it draws from ``ctx.rng``, and the same numbers with every
    parameter units may differ in shaped ``(replications, units)`` (as when a program
    spreads it over the units). ``options`` as for
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

    def test_model_takes_parameters_that_differ_by_unit(self) -> None:
        _raise_if_any(self.initiative, unit_parameter_problems(self.initiative, self._trial()))


__all__ = [
    "ConformanceSuite",
    "assert_initiative_conforms",
    "conformance_problems",
    "declaration_problems",
    "documentation_problems",
    "indicator_problems",
    "parameter_problems",
]
