"""The plan of a simulation: a program's initiatives in dependency order, over its periods.

A :class:`Plan` is everything a worker needs to simulate blocks of replications: it is
built once (on the driver) from a program and the initiatives an app provides, checked
(every declared input produced, no cycle, parameters known and within bounds), and then
sent, pickled, to wherever blocks run.
"""

import bisect
import datetime as dt
import functools
from collections.abc import Mapping, MutableMapping

import attrs

from vanguard.model.cycle import Cadence, period_label
from vanguard.model.indicator import Aggregation, Direction, Indicator
from vanguard.model.program import Program
from vanguard.plugins.errors import describe_exception
from vanguard.plugins.initiative import Array, Initiative, InitiativeModel, StepContext
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.simulation.spreads import UnitDraw
from vanguard.validation.initiatives import initiative_problems, input_order, parameter_problems

ParameterValues = Mapping[str, Mapping[str, float]]
"""Parameter values by initiative name, then parameter name."""


class PluginModelError(VanguardError):
    """An initiative's model raised: names the plugin, the initiative, where and why.

    The executor adds the block and the seed (:class:`~vanguard.simulation.executors.ChunkError`).
    """

    def __init__(self, plugin: str, initiative: str, during: str, reason: str) -> None:
        self.plugin = plugin
        self.initiative = initiative
        self.during = during
        self.reason = reason
        super().__init__(
            f"plugin {plugin or '(unknown)'!r}, initiative {initiative!r}, {during}: {reason}"
        )

    def __reduce__(self) -> tuple[type["PluginModelError"], tuple[str, str, str, str]]:
        return (PluginModelError, (self.plugin, self.initiative, self.during, self.reason))


@attrs.frozen
class _Guarded:
    """A plugin's model whose exceptions become :class:`PluginModelError` naming it (picklable)."""

    inner: InitiativeModel
    plugin: str
    initiative: str

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        try:
            return self.inner.start(ctx)
        except Exception as error:
            raise PluginModelError(
                self.plugin, self.initiative, "start", describe_exception(error)
            ) from error

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        try:
            return self.inner.step(state, inputs, ctx)
        except Exception as error:
            during = f"step of period {ctx.period} ({ctx.period_start:%Y-%m})"
            raise PluginModelError(
                self.plugin, self.initiative, during, describe_exception(error)
            ) from error


@attrs.frozen
class Step:
    """One initiative's model, stepped once per period, in plan order.

    ``model`` is the plugin's model behind a guard that names ``plugin`` and the
    initiative when it raises; :attr:`implementation` is the plugin's own object.
    """

    name: str
    model: InitiativeModel
    units: tuple[str, ...]
    parameters: tuple[tuple[str, float], ...]
    outputs: tuple[str, ...]
    inputs: tuple[str, ...]
    plugin: str = ""
    spreads: tuple[UnitDraw, ...] = ()
    """Parameters drawn per unit around their value (the program's ``spread``)."""

    @property
    def implementation(self) -> InitiativeModel:
        """The model object the plugin provided (unguarded)."""
        return self.model.inner if isinstance(self.model, _Guarded) else self.model


@attrs.frozen
class Series:
    """An indicator the plan simulates: who produces it, over which units, how it adds up.

    Ratio indicators are derived from their numerator and denominator (both simulated), so
    cumulative rates stay correct; ``producer`` is then the numerator's producer.
    """

    code: str
    producer: str
    units: tuple[str, ...]
    over_time: Aggregation
    over_units: Aggregation
    direction: Direction
    numerator: str | None = None
    denominator: str | None = None


@attrs.frozen
class TargetCheck:
    """A program-level target: met when the all-units total at ``period`` reaches ``value``."""

    task: str
    indicator: str
    value: float
    period: int
    direction: Direction


@attrs.frozen
class Plan:
    """What to simulate: ordered steps, simulated indicators, periods and targets."""

    program: str
    steps: tuple[Step, ...]
    series: tuple[Series, ...]
    period_starts: tuple[dt.date, ...]
    period_labels: tuple[str, ...]
    targets: tuple[TargetCheck, ...] = ()

    @property
    def periods(self) -> int:
        """Number of periods (months) the program runs."""
        return len(self.period_starts)

    def series_of(self, code: str) -> Series:
        """The simulated indicator ``code``; KeyError when the plan does not simulate it."""
        return self._series_by_code[code]

    def step_of(self, name: str) -> Step:
        """The step of initiative ``name``; KeyError when the plan has none."""
        return self._steps_by_name[name]

    @functools.cached_property
    def _series_by_code(self) -> dict[str, Series]:
        return {series.code: series for series in self.series}

    @functools.cached_property
    def _steps_by_name(self) -> dict[str, Step]:
        return {step.name: step for step in self.steps}

    def parameters(self) -> dict[str, dict[str, float]]:
        """Every parameter value the plan runs with, by initiative then name."""
        return {step.name: dict(step.parameters) for step in self.steps}


def monthly_periods(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, ...], tuple[str, ...]]:
    """The first day and label of every month from ``start``'s month to ``end``'s."""
    starts: list[dt.date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        starts.append(dt.date(year, month, 1) if starts else start)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    labels = tuple(period_label(dt.date(d.year, d.month, 1), Cadence.MONTHLY) for d in starts)
    return tuple(starts), labels


def _period_of(starts: tuple[dt.date, ...], when: dt.date) -> int:
    """The index of the period that contains ``when`` (the last one when after the end)."""
    return max(0, bisect.bisect_right(starts, when) - 1)


def build_plan(
    program: Program,
    initiatives: Mapping[str, Initiative],
    indicators: Mapping[str, Indicator],
    overrides: ParameterValues | None = None,
    plugins: Mapping[str, str] | None = None,
    disabled: Mapping[str, str] | None = None,
) -> Plan:
    """Compile ``program`` into a :class:`Plan`, or raise ProgramError listing every problem.

    The program's initiatives are checked as ``vanguard validate`` checks them
    (:func:`~vanguard.validation.initiatives.initiative_problems`), and ``overrides``
    (scenario levers, calibration) by the same parameter rules. Parameter values are the
    initiative's defaults, then the program's ``initiatives[i].parameters``, then
    ``overrides``. ``plugins`` names the plugin providing each initiative and
    ``disabled`` the plugins disabled for the run (with the reason), for errors.
    """
    plugins = plugins or {}
    problems = initiative_problems(program, initiatives, disabled)
    overrides = overrides or {}
    used = {use.name: use for use in program.initiatives}
    for name, given in overrides.items():
        if name not in used:
            problems.append(
                Problem(f"scenario: {name}", "the program does not run this initiative")
            )
        elif name in initiatives:
            problems.extend(parameter_problems(initiatives[name], given, f"scenario: {name}."))
    if problems:
        raise ProgramError(problems)
    steps: dict[str, Step] = {}
    for name, use in used.items():
        initiative = initiatives[name]
        if initiative.model is None:
            continue
        values = initiative.defaults()
        values.update({key: float(value) for key, value in use.parameters.items()})
        values.update({key: float(value) for key, value in overrides.get(name, {}).items()})
        declared = {parameter.name: parameter for parameter in initiative.parameters}
        spreads = tuple(
            UnitDraw(
                key,
                spread.distribution,
                spread.spread,
                declared[key].lower,
                declared[key].upper,
            )
            for key, spread in use.spread.items()
        )
        steps[name] = Step(
            name,
            _Guarded(initiative.model, plugins.get(name, ""), name),
            tuple(use.units or initiative.default_units),
            tuple(values.items()),
            tuple(initiative.outputs),
            tuple(initiative.inputs),
            plugins.get(name, ""),
            spreads,
        )
    producer = {code: step.name for step in steps.values() for code in step.outputs}
    order, _cycle = input_order({name: step.inputs for name, step in steps.items()}, producer)
    ordered = [steps[name] for name in order]
    series = _series(ordered, producer, indicators)
    starts, labels = monthly_periods(program.start, program.end)
    simulated = {s.code: s for s in series}
    targets = tuple(
        TargetCheck(
            task.id,
            target.indicator,
            amount,
            _period_of(starts, target.due or program.end),
            simulated[target.indicator].direction,
        )
        for task in program.tasks
        for target in task.targets
        if target.indicator in simulated
        # a target relative to each line's year before has no program-level value
        and (amount := target.amount(simulated[target.indicator].direction is Direction.LOWER))
        is not None
    )
    return Plan(program.id, tuple(ordered), series, starts, labels, targets)


def _series(
    steps: list[Step], producer: Mapping[str, str], indicators: Mapping[str, Indicator]
) -> tuple[Series, ...]:
    units = {step.name: step.units for step in steps}
    found: list[Series] = []
    for step in steps:
        for code in step.outputs:
            indicator = indicators.get(code)
            if indicator is None or indicator.is_ratio:
                if indicator is None:
                    found.append(
                        Series(
                            code,
                            step.name,
                            step.units,
                            Aggregation.SUM,
                            Aggregation.SUM,
                            Direction.HIGHER,
                        )
                    )
                continue
            found.append(
                Series(
                    code,
                    step.name,
                    step.units,
                    indicator.over_time,
                    indicator.over_units,
                    indicator.direction,
                )
            )
    # Ratios whose numerator and denominator are both simulated, over the numerator's units.
    for code, indicator in indicators.items():
        num, den = indicator.numerator, indicator.denominator
        if not indicator.is_ratio or num is None or den is None:
            continue
        if num not in producer or den not in producer:
            continue
        if units[producer[num]] != units[producer[den]]:
            continue
        found.append(
            Series(
                code,
                producer[num],
                units[producer[num]],
                Aggregation.RATIO,
                Aggregation.RATIO,
                indicator.direction,
                num,
                den,
            )
        )
    return tuple(found)


__all__ = [
    "ParameterValues",
    "Plan",
    "PluginModelError",
    "Series",
    "Step",
    "TargetCheck",
    "build_plan",
    "monthly_periods",
]
