"""The initiative contract: what a plugin contributes, as typed, frozen objects.

An :class:`Initiative` is what the ``vanguard_initiatives`` hook returns. It names the
indicators it defines, the parameters researchers may vary and calibrate (with defaults,
bounds and priors), and the :class:`InitiativeModel` the simulation engine steps.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Literal, Protocol, runtime_checkable

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Indicator
from vanguard.model.label import Label
from vanguard.model.program import InitiativeUse, Program
from vanguard.plugins.draws import binomial_quantile, poisson_quantile
from vanguard.problems import Problem

Array = NDArray[np.float64]
"""Every array crossing the model boundary is float64, shaped ``(replications, units)``."""

Distribution = Literal["uniform", "normal", "lognormal", "beta", "gamma", "triangular"]


@attrs.frozen
class Prior:
    """A prior over a parameter, for calibration and sensitivity analysis.

    ``a`` and ``b`` (and ``c`` for ``triangular``) follow numpy's Generator methods:
    uniform(low=a, high=b), normal(loc=a, scale=b), lognormal(mean=a, sigma=b),
    beta(a, b), gamma(shape=a, scale=b), triangular(left=a, mode=c, right=b).
    """

    distribution: Distribution
    a: float
    b: float
    c: float | None = None

    def sample(self, rng: np.random.Generator, size: int) -> Array:
        """``size`` independent draws from this prior."""
        match self.distribution:
            case "uniform":
                return rng.uniform(self.a, self.b, size)
            case "normal":
                return rng.normal(self.a, self.b, size)
            case "lognormal":
                return rng.lognormal(self.a, self.b, size)
            case "beta":
                return rng.beta(self.a, self.b, size)
            case "gamma":
                return rng.gamma(self.a, self.b, size)
            case "triangular":
                mode = (self.a + self.b) / 2 if self.c is None else self.c
                return rng.triangular(self.a, mode, self.b, size)
        raise ValueError(f"unknown distribution {self.distribution!r}")  # pragma: no cover


def _within_bounds(instance: "Parameter", _attribute: object, value: float) -> None:
    if not instance.lower <= instance.upper:
        raise ValueError(
            f"parameter {instance.name!r}: lower bound {instance.lower!r} is above "
            f"upper bound {instance.upper!r}"
        )
    if not instance.lower <= value <= instance.upper:
        raise ValueError(
            f"parameter {instance.name!r}: default {value!r} is outside "
            f"[{instance.lower!r}, {instance.upper!r}]"
        )


@attrs.frozen
class Parameter:
    """A tunable number of an initiative's model.

    Contract: ``lower <= default <= upper``; the engine passes every value to the model
    as an array broadcastable to ``(replications, 1)`` so scenarios and sensitivity runs
    can vary it per replication.
    """

    name: str
    lower: float
    upper: float
    default: float = attrs.field(validator=_within_bounds)
    description: str = ""
    unit: str = ""
    """The unit of the value, for people (documentation only; may be left empty)."""
    prior: Prior | None = None
    integer: bool = False
    """Whole numbers only: a program or scenario giving a fraction is refused."""
    source: str | None = None
    """Where the default comes from (e.g. "report A-III-2: 1,213 / 3,079")."""
    per_unit: bool = True
    """Whether units may differ in it (a program's ``[initiatives.spread]``); False for a
    parameter that acts on all units together (a city-wide pool or share), which the
    model may reshape to ``(replications, 1)``."""


@attrs.frozen
class StepContext:
    """What the engine tells a model at each call.

    ``period`` counts from 0 up to ``periods - 1`` (months of the program);
    ``params`` maps every parameter name to an array broadcastable to
    ``(replications, 1)``; ``rng`` is the only source of randomness a model may use.
    """

    period: int
    periods: int
    period_start: dt.date
    replications: int
    units: tuple[str, ...]
    params: Mapping[str, Array]
    rng: np.random.Generator
    uniforms: np.random.Generator | None = None
    """The stream of :meth:`poisson` (its own, so levers on rates stay coupled); None:
    :meth:`poisson` takes its uniforms from ``rng``."""

    def poisson(self, rate: Array | float) -> Array:
        """Poisson(``rate``) counts shaped :attr:`shape`, coupled across scenarios.

        One uniform per cell is drawn whatever the rates and turned into a count by the
        inverse CDF (:func:`vanguard.plugins.draws.poisson_quantile`): the same call in two
        scenarios of one seed gets the same uniforms, a rate scaled by 1.0 gives the same
        counts bit for bit, and a larger rate never gives fewer in any cell. Prefer it to
        ``rng.poisson`` for every count a lever on a rate should move.
        """
        source = self.rng if self.uniforms is None else self.uniforms
        return poisson_quantile(source.random(self.shape), rate)

    def binomial(self, trials: Array | float, p: Array | float) -> Array:
        """Binomial(``trials``, ``p``) counts, coupled across scenarios like :meth:`poisson`.

        One uniform per cell of the broadcast shape of ``trials`` and ``p`` (which must not
        depend on parameter values: ``(replications, units)``, or cohorts by period too) is
        drawn from the same stream as :meth:`poisson` and turned into a count by the
        inverse CDF (:func:`vanguard.plugins.draws.binomial_quantile`): a larger ``p`` never
        gives fewer in any cell. Prefer it to ``rng.binomial`` for every count a lever on a
        probability should move.
        """
        source = self.rng if self.uniforms is None else self.uniforms
        shape = np.broadcast_shapes(np.shape(trials), np.shape(p))
        return binomial_quantile(source.random(shape), trials, p)

    @property
    def shape(self) -> tuple[int, int]:
        """``(replications, units)``: the shape of every array a model returns."""
        return (self.replications, len(self.units))

    def param(self, name: str) -> Array:
        """Parameter ``name`` as a float64 array broadcastable to ``(replications, 1)``.

        :raises KeyError: the engine did not pass it (naming it and those it passed).
        """
        try:
            value = self.params[name]
        except KeyError:
            passed = ", ".join(sorted(self.params)) or "none"
            raise KeyError(f"parameter {name!r} was not passed (passed: {passed})") from None
        return np.asarray(value, dtype=np.float64)


@runtime_checkable
class InitiativeModel(Protocol):
    """A simulation model, vectorised over replications and units, stepped once a period.

    The engine calls :meth:`start` once, then :meth:`step` once per period in order.
    ``state`` is the model's own mutable mapping of arrays (the engine never reads it).
    ``inputs`` holds, for each code in the initiative's ``inputs``, the producing
    initiative's values for this period, shaped ``(replications, producer's units)``.
    :meth:`step` returns one array per code in the initiative's ``outputs``, each shaped
    ``ctx.shape``: the period's flow for indicators aggregated over time by sum, the
    period's level otherwise. Same seed, same numbers: a model draws only from ``ctx.rng``.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]: ...

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]: ...


ProgramCheck = Callable[[Program, InitiativeUse], Iterable[Problem]]
"""Checks a program that uses the initiative; yields located problems (none when fine)."""

Scorer = Callable[[Mapping[str, Array], tuple[str, ...], Mapping[str, Array]], Array]
"""Scoring contribution: ``(year totals by indicator code, units, params) -> points``.

Totals are shaped ``(replications, units)``; the result too: points awarded to each of
the initiative's units (a window competition's ranking awards), added as a bonus to the
matching organisation units at year end.
"""


@attrs.frozen
class Initiative:
    """An initiative a plugin contributes (entrepreneurship training, a window competition, ...).

    Contract: indicator codes and parameter names are unique within the initiative;
    ``outputs`` are codes of its own indicators; ``inputs`` are codes of indicators
    other initiatives output (the engine orders models so producers step first). These
    rules are checked when the object is built (a ``ValueError`` naming the initiative
    lists every breach); :func:`vanguard.testing.assert_initiative_conforms` checks the
    rest (documentation, priors, the model's shapes and determinism).

    Stability: field names and meanings do not change; new fields are only added with
    defaults, so plugins written against this class keep working.
    """

    name: str
    """What programs call it: ``[[initiatives]] name = "job-fair"``."""
    title: Label
    """Its name for people (English, optionally Chinese)."""
    description: str
    """What the initiative does and how its model works."""
    indicators: tuple[Indicator, ...] = ()
    """The indicators it defines (targets are set on them, actuals reported for them)."""
    parameters: tuple[Parameter, ...] = ()
    """What programs, scenarios, calibration and sensitivity runs may change."""
    model: InitiativeModel | None = None
    """The simulation model stepped every period; None: the initiative only defines indicators."""
    outputs: tuple[str, ...] = ()
    """Codes the model returns each step: its own indicators, never a ratio (vanguard
    computes a ratio from its numerator and denominator)."""
    inputs: tuple[str, ...] = ()
    """Codes of other initiatives' indicators the model reads each step."""
    default_units: tuple[str, ...] = ()
    """The places the model works over when a program's ``[[initiatives]]`` names no ``units``."""
    check_program: ProgramCheck | None = None
    """Checks how a program uses the initiative (located problems; none when fine)."""
    score: Scorer | None = None
    """Points awarded to the initiative's units at year end (a competition's prizes)."""
    source: str | None = None
    """Where in the report the initiative is described (e.g. "A-III-2")."""

    def __attrs_post_init__(self) -> None:
        problems = self.contract_problems()
        if problems:
            raise ValueError(f"initiative {self.name!r}: " + "; ".join(problems))

    def contract_problems(self) -> list[str]:
        """What breaks the class contract (checked on construction, so normally empty)."""
        problems = []
        if not self.name.strip():
            problems.append("name is empty")
        codes = [indicator.code for indicator in self.indicators]
        problems += [f"indicator code {c!r} is defined twice" for c in _repeated(codes)]
        names = [parameter.name for parameter in self.parameters]
        problems += [f"parameter {n!r} is defined twice" for n in _repeated(names)]
        problems += [f"output {c!r} is listed twice" for c in _repeated(self.outputs)]
        problems += [f"input {c!r} is listed twice" for c in _repeated(self.inputs)]
        problems += [
            f"output {code!r} is not one of its own indicators ({', '.join(codes) or 'none'})"
            for code in self.outputs
            if code not in codes
        ]
        problems += [
            f"input {code!r} is one of its own indicators (inputs come from other initiatives)"
            for code in self.inputs
            if code in codes
        ]
        return problems

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; KeyError when there is none."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    def defaults(self) -> dict[str, float]:
        """Every parameter's default value."""
        return {parameter.name: parameter.default for parameter in self.parameters}


def _repeated(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


__all__ = [
    "Array",
    "Initiative",
    "InitiativeModel",
    "Parameter",
    "Prior",
    "ProgramCheck",
    "Scorer",
    "StepContext",
]
