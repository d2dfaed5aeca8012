"""Whole-program validation, in one room: every check a program must pass, all problems at once.

The checks run in stages, each only when the one before found nothing, so one misspelt id
or one oversized list does not bury the real problem under consequences:

1. **limits** (:mod:`~vanguard.validation.limits`): counts, dates, the span in years, task
   weights;
2. **references** (:mod:`~vanguard.validation.references`,
   :mod:`~vanguard.validation.appraisal`, :mod:`~vanguard.validation.formulas`,
   :mod:`~vanguard.validation.initiatives`): ids are unique, every reference resolves,
   the evaluation rules are consistent and their formula can neither overflow nor divide
   by zero, targets state what their baselines need (:mod:`~vanguard.validation.baselines`),
   and (given the plugins' initiatives) every initiative, parameter, bound and
   input the program uses exists and every indicator a simulated year reports is simulated
   or declared (:mod:`~vanguard.validation.simulated`);
3. **rules** (:mod:`~vanguard.validation.chains`, :mod:`~vanguard.validation.organisation`,
   :mod:`~vanguard.validation.cascade`): letters form no cycle, follow the organisation
   and the clean-government chain, every post holds both kinds (一岗双责), every task
   reaches the bottom, and the pledges cascade.

:meth:`vanguard.Vanguard.validate` runs the same stages with the app's plugins and
limits, then the plugins' own checks; the simulation's plan runs the initiative checks of
stage 2 itself, so whatever ``simulate`` refuses, ``validate`` reports first.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from vanguard.limits import DEFAULT_LIMITS, Limits
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.model.rectification import register_indicator_problems
from vanguard.problems import Problem
from vanguard.validation.appraisal import appraisal_problems
from vanguard.validation.assignments import all_assignment_problems
from vanguard.validation.baselines import baseline_problems
from vanguard.validation.cascade import cascade_problems
from vanguard.validation.chains import chain_problems
from vanguard.validation.exams import exam_topic_problems
from vanguard.validation.initiatives import initiative_problems
from vanguard.validation.limits import limit_problems
from vanguard.validation.organisation import organisation_problems
from vanguard.validation.references import check_references
from vanguard.validation.simulated import simulation_problems

if TYPE_CHECKING:
    from vanguard.plugins.initiative import Initiative


def reference_problems(
    program: Program,
    external_indicators: Mapping[str, Indicator] | None = None,
    *,
    initiatives: "Mapping[str, Initiative] | None" = None,
    disabled: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Uniqueness and reference problems, of the program, its evaluation rules and (given
    the plugins' ``initiatives``) of its initiatives; ``disabled`` names failed plugins."""
    problems = check_references(program, external_indicators)
    problems.extend(appraisal_problems(program, program.usable_indicators(external_indicators)))
    problems.extend(baseline_problems(program, program.usable_indicators(external_indicators)))
    problems.extend(exam_topic_problems(program))
    if initiatives is not None:
        problems.extend(initiative_problems(program, initiatives, disabled))
        if not problems:
            problems.extend(simulation_problems(program, initiatives, external_indicators))
    else:  # without the plugins, what can be checked of the units assigned to posts
        problems.extend(all_assignment_problems(program))
    return problems


def rule_problems(
    program: Program, external_indicators: Mapping[str, Indicator] | None = None
) -> list[Problem]:
    """Breaches of the chain rules, the organisation and the cascade (references resolve)."""
    problems = chain_problems(program)
    problems.extend(organisation_problems(program))
    problems.extend(register_indicator_problems(program))
    if program.rules.cascade:
        problems.extend(cascade_problems(program, program.usable_indicators(external_indicators)))
    return problems


def validate_program(
    program: Program,
    external_indicators: Mapping[str, Indicator] | None = None,
    *,
    initiatives: "Mapping[str, Initiative] | None" = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Problem]:
    """Every problem with ``program`` beyond the types of its values (empty when valid).

    ``external_indicators`` are the plugins' indicators; with ``initiatives`` (the plugins'
    initiatives by name) the program's ``[[initiatives]]`` are checked too. Stages as in
    the module's description: a stage runs only when the previous found nothing.
    """
    return (
        limit_problems(program, limits)
        or reference_problems(program, external_indicators, initiatives=initiatives)
        or rule_problems(program, external_indicators)
    )


__all__ = [
    "limit_problems",
    "reference_problems",
    "rule_problems",
    "simulation_problems",
    "validate_program",
]
