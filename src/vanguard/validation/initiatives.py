"""The initiatives a program runs, checked against what the plugins provide.

One set of rules for ``vanguard validate`` and for the simulation's plan (which calls the
same functions), so a program ``simulate`` would refuse is reported by ``validate`` first:
every initiative is provided by a working plugin; every parameter the program (or a
scenario) sets exists (with a did-you-mean), lies within its bounds and is whole where
the parameter is an integer; a modelled initiative runs over some units; every input an
initiative needs is output by another initiative of the program, without a cycle; the
units each initiative assigns to posts, and its units' spreads, are sound
(:mod:`~vanguard.validation.assignments`).
"""

import math
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from vanguard.model.program import Program
from vanguard.problems import Problem, did_you_mean
from vanguard.validation.assignments import assignment_problems

if TYPE_CHECKING:  # the initiative contract imports numpy; checking it needs no numpy
    from vanguard.plugins.initiative import Initiative


def initiative_problems(
    program: Program,
    initiatives: Mapping[str, "Initiative"],
    disabled: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every problem with the program's ``[[initiatives]]`` given the plugins' ``initiatives``.

    ``disabled`` maps each plugin disabled for this run (it failed) to the reason; an
    initiative no working plugin provides names them, since one may be its provider.
    """
    problems: list[Problem] = []
    modelled: dict[str, tuple[int, Initiative]] = {}
    for i, use in enumerate(program.initiatives):
        where = f"initiatives[{i}]"
        initiative = initiatives.get(use.name)
        problems.extend(assignment_problems(program, use, where, initiative))
        if initiative is None:
            problems.append(Problem(f"{where}.name", _unprovided(use.name, initiatives, disabled)))
            continue
        problems.extend(parameter_problems(initiative, use.parameters, f"{where}.parameters."))
        if initiative.model is not None:
            modelled[use.name] = (i, initiative)
            if not (use.units or initiative.default_units):
                problems.append(Problem(f"{where}.units", f"{use.name!r} runs over no units"))
    producer = {code: name for name, (_, found) in modelled.items() for code in found.outputs}
    for name, (i, initiative) in modelled.items():
        for code in initiative.inputs:
            if code not in producer:
                problems.append(
                    Problem(
                        f"initiatives[{i}]",
                        f"{name!r} needs indicator {code!r}, which no initiative of the program "
                        "outputs",
                    )
                )
    if not problems:
        inputs = {name: tuple(found.inputs) for name, (_, found) in modelled.items()}
        _order, cycle = input_order(inputs, producer)
        if cycle is not None:
            problems.append(cycle)
    return problems


def _unprovided(name: str, initiatives: Collection[str], disabled: Mapping[str, str] | None) -> str:
    message = f"no installed plugin provides initiative {name!r}" + did_you_mean(name, initiatives)
    for plugin, reason in (disabled or {}).items():
        message += f"; plugin {plugin!r}, which may provide it, is disabled for this run: {reason}"
    return message


def parameter_problems(
    initiative: "Initiative", given: Mapping[str, object], at: str
) -> list[Problem]:
    """Each value in ``given`` (parameter name -> value) that ``initiative`` cannot run with.

    ``at`` followed by a parameter's name is the value's location
    (``initiatives[0].parameters.`` + ``startup_rate``, ``scenario: more-training.``).
    """

    def where(key: str) -> str:
        return f"{at}{key}"

    declared = {parameter.name: parameter for parameter in initiative.parameters}
    problems = []
    for key, value in given.items():
        parameter = declared.get(key)
        if parameter is None:
            hint = did_you_mean(key, declared) or f"; its parameters are {', '.join(declared)}"
            problems.append(
                Problem(where(key), f"{initiative.name!r} has no parameter {key!r}{hint}")
            )
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(where(key), f"expected a number, got {value!r:.40}"))
            continue
        number = float(value)
        if not math.isfinite(number) or not parameter.lower <= number <= parameter.upper:
            unit = f" {parameter.unit}" if parameter.unit else ""
            problems.append(
                Problem(
                    where(key),
                    f"{value!r} is outside {key}'s bounds [{parameter.lower!r}, "
                    f"{parameter.upper!r}]{unit}",
                )
            )
        elif parameter.integer and not number.is_integer():
            problems.append(Problem(where(key), f"{key} is a whole number, got {value!r}"))
    return problems


def input_order(
    inputs: Mapping[str, Sequence[str]], producer: Mapping[str, str]
) -> tuple[list[str], Problem | None]:
    """Initiatives with producers before consumers (else in the given order), or the cycle.

    ``inputs`` maps each initiative to the indicator codes it needs; ``producer`` maps a
    code to the initiative that outputs it (every needed code has one). Iterative depth
    first search: returns the order and None, or a partial order and the located cycle.
    """
    ordered: list[str] = []
    state: dict[str, str] = {}
    for root in inputs:
        if root in state:
            continue
        trail: list[str] = [root]
        pending = [iter(inputs[root])]
        state[root] = "visiting"
        while pending:
            following = next(pending[-1], None)
            if following is None:
                done = trail.pop()
                pending.pop()
                state[done] = "done"
                ordered.append(done)
                continue
            name = producer[following]
            if state.get(name) == "visiting":
                cycle = " -> ".join((*trail[trail.index(name) :], name))
                return ordered, Problem("initiatives", f"inputs form a cycle: {cycle}")
            if name not in state:
                state[name] = "visiting"
                trail.append(name)
                pending.append(iter(inputs[name]))
    return ordered, None


__all__ = ["initiative_problems", "input_order", "parameter_problems"]
