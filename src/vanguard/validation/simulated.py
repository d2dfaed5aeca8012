"""What a simulated year reports for each indicator: simulated, standing for an output, or
declared at its pledge; never silently.

A program that runs an initiative with a simulation model can be simulated, and in a
simulated year every indicator a post reports (one it pledges, or one the year-end
evaluation reads from every post: a linked input, a veto, an adjustment) must come from
somewhere. It does when an initiative of the program outputs it (a rate: when its parts
come from somewhere); otherwise the program says what stands for it in the indicator's
``simulate``: the code of an initiative's output (the program's ``study.sessions_attended``
reported as the ``campaign-discipline`` initiative's ``discipline.attendance``), or
``"at-pledge"`` (reported exactly as pledged). An indicator left silent is a problem
``vanguard validate`` reports and :func:`vanguard.simulate` refuses: filling it at the
pledge unasked would make its findings impossible in every simulated year.
"""

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from vanguard.model.indicator import AT_PLEDGE, Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, did_you_mean

if TYPE_CHECKING:  # the initiative contract imports numpy; checking it needs no numpy
    from vanguard.plugins.initiative import Initiative


def _reported(program: Program) -> Iterator[tuple[str, str]]:
    """(indicator code, where it is first used) for everything a post reports."""
    for t, task in enumerate(program.tasks):
        for k, target in enumerate(task.targets):
            yield target.indicator, f"tasks[{t}].targets[{k}]"
    for i, letter in enumerate(program.letters):
        for k, pledge in enumerate(letter.pledges):
            yield pledge.indicator, f"letters[{i}].pledges[{k}]"
    rules = program.evaluation
    for k, item in enumerate(rules.linked):
        yield item.indicator, f"evaluation.linked[{k}]"
    for k, veto in enumerate(rules.vetoes):
        yield veto.indicator, f"evaluation.vetoes[{k}]"
    for k, adjustment in enumerate(rules.adjustments):
        if adjustment.indicator:
            yield adjustment.indicator, f"evaluation.adjustments[{k}]"


def simulation_problems(
    program: Program,
    initiatives: Mapping[str, "Initiative"],
    external_indicators: Mapping[str, Indicator] | None = None,
) -> list[Problem]:
    """Every indicator ``program`` reports that its simulated years would leave silent, and
    every ``simulate`` that names no output of the program's initiatives (empty when fine,
    and always empty for a program that runs no modelled initiative: it is not simulated).

    References are assumed to resolve (run after the reference checks).
    """
    outputs: dict[str, str] = {}  # code -> initiative
    for use in program.initiatives:
        initiative = initiatives.get(use.name)
        if initiative is not None and initiative.model is not None:
            outputs.update(dict.fromkeys(initiative.outputs, use.name))
    if not outputs:
        return []
    indicators = program.usable_indicators(external_indicators)
    own = {indicator.code: i for i, indicator in enumerate(program.indicators)}
    problems: list[Problem] = []
    for code, i in own.items():
        declared = program.indicators[i].simulate
        if declared is None or declared == AT_PLEDGE:
            continue
        where = f"indicators[{i}].simulate"
        if declared not in outputs:
            hint = did_you_mean(declared, outputs) or (
                f'; use "{AT_PLEDGE}" or one of {", ".join(sorted(outputs))}'
            )
            problems.append(
                Problem(where, f"no initiative of the program outputs {declared!r}{hint}")
            )
            continue
        mine, theirs = indicators[code], indicators.get(declared)
        if mine.is_ratio:
            problems.append(Problem(where, "a rate is computed from its parts: map its parts"))
        elif theirs is not None and theirs.over_time is not mine.over_time:
            problems.append(
                Problem(
                    where,
                    f"{code!r} adds up over time by {mine.over_time.value}, {declared!r} by "
                    f"{theirs.over_time.value}: they cannot stand for each other",
                )
            )
    seen: set[str] = set()
    for code, first in _reported(program):
        indicator = indicators.get(code)
        parts = [code]
        if indicator is not None and indicator.is_ratio:
            parts = [p for p in (indicator.numerator, indicator.denominator) if p is not None]
        for part in parts:
            if part in seen or part in outputs:
                continue
            seen.add(part)
            if part in own:
                if program.indicators[own[part]].simulate is None:
                    problems.append(
                        Problem(
                            f"indicators[{own[part]}]",
                            f"{part!r} is reported ({first}) but no initiative of the program "
                            f'simulates it: declare simulate = "{AT_PLEDGE}" or name the '
                            "initiative output that stands for it",
                        )
                    )
            elif part in indicators:
                problems.append(
                    Problem(
                        first,
                        f"{part!r} is reported but no initiative the program runs outputs it "
                        "(a plugin's indicator cannot be declared at its pledge: run the "
                        "initiative that simulates it)",
                    )
                )
    return problems


__all__ = ["simulation_problems"]
