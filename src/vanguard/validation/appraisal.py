"""Checks of the ``[evaluation]`` rules that need the whole program.

The converter checks each value on its own (types, bounds); these checks relate values
to each other and to the rest of the program: indicators, cycles and grades named by the
rules exist, thresholds are ordered, weights do not exceed one, a veto rules out only top
grades, and a formula passes the sandbox and can neither overflow nor divide by zero.
Each problem is located under ``evaluation``.
"""

from collections.abc import Iterator, Mapping

from vanguard.model.appraisal import AdjustmentSource
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError
from vanguard.review.formula import compile_formula
from vanguard.validation.formulas import formula_problems, input_ranges

RESERVED = ("tasks", "adjustments")
"""Names a formula always has; rule ids may not take them."""


def appraisal_problems(program: Program, indicators: Mapping[str, Indicator]) -> list[Problem]:
    """Every problem of ``program.evaluation`` (empty when its rules are consistent)."""
    return list(_problems(program, indicators))


def _problems(program: Program, indicators: Mapping[str, Indicator]) -> Iterator[Problem]:
    rules = program.evaluation
    at = "evaluation"
    status = rules.bulletin.status
    if status.lagging > status.on_track:
        yield Problem(
            f"{at}.bulletin.status.lagging",
            f"must not exceed on_track ({status.on_track:g}), got {status.lagging:g}",
        )
    curve = rules.curve
    if curve.threshold >= 1:
        yield Problem(f"{at}.curve.threshold", "must be below 1 (full marks come at the target)")
    if curve.at_threshold > curve.full_marks:
        yield Problem(f"{at}.curve.at_threshold", "must not exceed full_marks")

    cycles = {cycle.id for cycle in program.cycles}
    names: dict[str, str] = {}

    def name(value: str, where: str) -> Iterator[Problem]:
        if value in RESERVED:
            yield Problem(where, f"{value!r} is reserved for the formula")
        elif value in names:
            yield Problem(where, f"duplicate id {value!r} (first used at {names[value]})")
        else:
            names[value] = where

    def indicator(code: str | None, where: str) -> Iterator[Problem]:
        if code is not None and code not in indicators:
            yield Problem(where, f"unknown indicator {code!r}")

    for i, linked in enumerate(rules.linked):
        yield from name(linked.id, f"{at}.linked[{i}].id")
        yield from indicator(linked.indicator, f"{at}.linked[{i}].indicator")
        if linked.cycle is not None and linked.cycle not in cycles:
            yield Problem(f"{at}.linked[{i}].cycle", f"unknown cycle {linked.cycle!r}")
    total = sum(linked.weight for linked in rules.linked)
    if total > 1 + 1e-9:
        yield Problem(f"{at}.linked", f"the linked inputs' weights add up to {total:g}, over 1")
    for j, adjustment in enumerate(rules.adjustments):
        where = f"{at}.adjustments[{j}]"
        yield from name(adjustment.id, f"{where}.id")
        if adjustment.source is AdjustmentSource.INDICATOR:
            if adjustment.indicator is None:
                yield Problem(f"{where}.indicator", "required when source is 'indicator'")
            yield from indicator(adjustment.indicator, f"{where}.indicator")
        elif adjustment.source is AdjustmentSource.IMPROVEMENT:
            if adjustment.indicator is None:
                yield Problem(f"{where}.indicator", "required when source is 'improvement'")
            else:
                yield from indicator(adjustment.indicator, f"{where}.indicator")
                if not any(
                    t.indicator == adjustment.indicator and t.baseline is not None
                    for task in program.tasks
                    for t in task.targets
                ):
                    yield Problem(
                        f"{where}.indicator",
                        f"no target on {adjustment.indicator!r} states a baseline to "
                        "improve on (add baseline = {...} to the task's target)",
                    )
        elif adjustment.indicator is not None:
            yield Problem(f"{where}.indicator", "only for source 'indicator'")

    grades = [band.id for band in rules.grades]
    known = set(grades)  # membership in constant time: a file may list 100,000 grades
    if not grades:
        yield Problem(f"{at}.grades", "at least one grade band is needed")
    seen_grades: set[str] = set()
    for g, band in enumerate(rules.grades):
        if band.id in seen_grades:
            yield Problem(f"{at}.grades[{g}].id", f"duplicate grade {band.id!r}")
        seen_grades.add(band.id)
        if g and band.minimum >= rules.grades[g - 1].minimum:
            yield Problem(
                f"{at}.grades[{g}].minimum",
                "grade bands are listed best first: each minimum must be below the previous",
            )
    for v, veto in enumerate(rules.vetoes):
        where = f"{at}.vetoes[{v}]"
        yield from name(veto.id, f"{where}.id")
        yield from indicator(veto.indicator, f"{where}.indicator")
        for e, grade in enumerate(veto.excludes):
            if grade not in known:
                yield Problem(f"{where}.excludes[{e}]", f"unknown grade {grade!r}")
        if set(veto.excludes) <= known and veto.excludes:
            if set(veto.excludes) != set(grades[: len(set(veto.excludes))]):
                yield Problem(
                    f"{where}.excludes",
                    f"a veto rules out the top grades only: list the first "
                    f"{len(set(veto.excludes))} of {', '.join(grades)}",
                )
            if len(set(veto.excludes)) >= len(grades):
                yield Problem(f"{where}.excludes", "a veto must leave at least one grade")
    categories = {post.category for post in program.posts}
    seen_categories: set[str] = set()
    for c, vocabulary in enumerate(rules.vocabularies):
        where = f"{at}.vocabularies[{c}]"
        if vocabulary.category in seen_categories:
            yield Problem(f"{where}.category", f"duplicate category {vocabulary.category!r}")
        seen_categories.add(vocabulary.category)
        if vocabulary.category not in categories:
            yield Problem(f"{where}.category", f"no post has category {vocabulary.category!r}")
        if len(vocabulary.names) != len(grades):
            yield Problem(
                f"{where}.names",
                f"needs one name per grade band ({len(grades)}), got {len(vocabulary.names)}",
            )
    quota_keys: set[tuple[str, str]] = set()
    for q, quota in enumerate(rules.quotas):
        where = f"{at}.quotas[{q}]"
        if quota.grade not in known:
            yield Problem(f"{where}.grade", f"unknown grade {quota.grade!r}")
        elif quota.grade == grades[-1]:
            yield Problem(f"{where}.grade", "the lowest grade cannot have a quota")
        key = (quota.grade, quota.pool.value)
        if key in quota_keys:
            yield Problem(where, f"a second quota on {quota.grade!r} per {quota.pool.value}")
        quota_keys.add(key)
    severities = rules.findings.severities
    if not severities:
        yield Problem(f"{at}.findings.severities", "at least one severity band is needed")
    for s, severity in enumerate(severities):
        if s and severity.shortfall < severities[s - 1].shortfall:
            yield Problem(
                f"{at}.findings.severities[{s}].shortfall",
                "severities are listed least severe first: shortfalls must not decrease",
            )
    if rules.formula is not None:
        try:
            formula = compile_formula(rules.formula, [*RESERVED, *names], f"{at}.formula")
        except ProgramError as error:
            yield from error.problems
        else:
            yield from formula_problems(formula, input_ranges(rules), f"{at}.formula")


__all__ = ["RESERVED", "appraisal_problems"]
