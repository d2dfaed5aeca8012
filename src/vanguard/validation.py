"""Whole-program validation: references, chain rules and the cascade, all problems at once."""

from collections.abc import Mapping

from vanguard.chain.cascade import cascade_problems
from vanguard.chain.chains import chain_problems
from vanguard.io.problems import Problem
from vanguard.io.references import check_references
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.rule_checks import appraisal_problems


def reference_problems(
    program: Program, external_indicators: Mapping[str, Indicator] | None = None
) -> list[Problem]:
    """Uniqueness and reference problems, of the program and of its evaluation rules."""
    problems = check_references(program, external_indicators)
    problems.extend(appraisal_problems(program, program.usable_indicators(external_indicators)))
    return problems


def rule_problems(
    program: Program, external_indicators: Mapping[str, Indicator] | None = None
) -> list[Problem]:
    """Breaches of the chain rules and the cascade; meaningful once references resolve."""
    problems = chain_problems(program)
    if program.rules.cascade:
        problems.extend(cascade_problems(program, program.usable_indicators(external_indicators)))
    return problems


def validate_program(
    program: Program, external_indicators: Mapping[str, Indicator] | None = None
) -> list[Problem]:
    """Every problem with ``program`` beyond the types of its values (empty when valid).

    Reference problems are reported first; chain and cascade rules are checked only when
    references resolve, so one dangling id does not cascade into a page of noise.
    """
    return reference_problems(program, external_indicators) or rule_problems(
        program, external_indicators
    )


__all__ = ["reference_problems", "rule_problems", "validate_program"]
