"""The plan of a simulation: a program's initiatives in dependency order, over its periods.

A :class:`Plan` is everything a worker needs to simulate blocks of replications: it is
built once (on the driver) from a program and the initiatives an app provides, checked
(every declared input produced, no cycle, parameters known and within bounds), and then
sent, pickled, to wherever blocks run.
"""

import datetime as dt
from collections.abc import Mapping

import attrs

from vanguard.io.problems import Problem, ProgramError
from vanguard.model.cycle import Cadence, period_label
from vanguard.model.indicator import Aggregation, Direction, Indicator
from vanguard.model.program import Program
from vanguard.plugins.initiative import Initiative, InitiativeModel

ParameterValues = Mapping[str, Mapping[str, float]]
"""Parameter values by initiative name, then parameter name."""


@attrs.frozen
class Step:
    """One initiative's model, stepped once per period, in plan order."""

    name: str
    model: InitiativeModel
    units: tuple[str, ...]
    parameters: tuple[tuple[str, float], ...]
    outputs: tuple[str, ...]
    inputs: tuple[str, ...]


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
        for series in self.series:
            if series.code == code:
                return series
        raise KeyError(code)

    def step_of(self, name: str) -> Step:
        """The step of initiative ``name``; KeyError when the plan has none."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

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
    index = 0
    for i, first in enumerate(starts):
        if first <= when:
            index = i
    return index


def build_plan(
    program: Program,
    initiatives: Mapping[str, Initiative],
    indicators: Mapping[str, Indicator],
    overrides: ParameterValues | None = None,
) -> Plan:
    """Compile ``program`` into a :class:`Plan`, or raise ProgramError listing every problem.

    Parameter values are the initiative's defaults, then the program's
    ``initiatives[i].parameters``, then ``overrides`` (scenario levers, calibration).
    """
    problems: list[Problem] = []
    overrides = overrides or {}
    used = {use.name: (i, use) for i, use in enumerate(program.initiatives)}
    steps: dict[str, Step] = {}
    for name, (i, use) in used.items():
        initiative = initiatives.get(name)
        where = f"initiatives[{i}]"
        if initiative is None:
            problems.append(Problem(f"{where}.name", f"no installed plugin provides {name!r}"))
            continue
        if initiative.model is None:
            continue
        values = initiative.defaults()
        for source, given in (("parameters", use.parameters), ("scenario", overrides.get(name))):
            for key, value in (given or {}).items():
                location = (
                    f"{where}.parameters.{key}"
                    if source == "parameters"
                    else (f"scenario: {name}.{key}")
                )
                if key not in values:
                    problems.append(Problem(location, f"{name!r} has no parameter {key!r}"))
                    continue
                bound = initiative.parameter(key)
                if not bound.lower <= float(value) <= bound.upper:
                    problems.append(
                        Problem(
                            location, f"{value!r} is outside [{bound.lower!r}, {bound.upper!r}]"
                        )
                    )
                    continue
                values[key] = float(value)
        units = use.units or initiative.default_units
        if not units:
            problems.append(Problem(f"{where}.units", f"{name!r} runs over no units"))
        steps[name] = Step(
            name,
            initiative.model,
            tuple(units),
            tuple(values.items()),
            tuple(initiative.outputs),
            tuple(initiative.inputs),
        )
    for name in overrides:
        if name not in used:
            problems.append(
                Problem(f"scenario: {name}", "the program does not run this initiative")
            )
    producer = {code: step.name for step in steps.values() for code in step.outputs}
    for step in steps.values():
        for code in step.inputs:
            if code not in producer:
                i = used[step.name][0]
                problems.append(
                    Problem(
                        f"initiatives[{i}]",
                        f"{step.name!r} needs indicator "
                        f"{code!r}, which no initiative of the program outputs",
                    )
                )
    if problems:
        raise ProgramError(problems)
    ordered = _dependency_order(steps, producer)
    series = _series(ordered, producer, indicators)
    starts, labels = monthly_periods(program.start, program.end)
    simulated = {s.code: s for s in series}
    targets = tuple(
        TargetCheck(
            task.id,
            target.indicator,
            target.value,
            _period_of(starts, target.due or program.end),
            simulated[target.indicator].direction,
        )
        for task in program.tasks
        for target in task.targets
        if target.indicator in simulated
    )
    return Plan(program.id, tuple(ordered), series, starts, labels, targets)


def _dependency_order(steps: Mapping[str, Step], producer: Mapping[str, str]) -> list[Step]:
    """Producers before consumers, otherwise the program's order; ProgramError on a cycle."""
    ordered: list[Step] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            cycle = " -> ".join((*trail[trail.index(name) :], name))
            raise ProgramError([Problem("initiatives", f"inputs form a cycle: {cycle}")])
        state[name] = "visiting"
        for code in steps[name].inputs:
            visit(producer[code], (*trail, name))
        state[name] = "done"
        ordered.append(steps[name])

    for name in steps:
        visit(name, ())
    return ordered


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
    "Series",
    "Step",
    "TargetCheck",
    "build_plan",
    "monthly_periods",
]
