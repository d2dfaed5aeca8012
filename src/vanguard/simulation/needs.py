"""The part of a plan a question needs: the initiatives producing some indicators, and
those feeding them.

Each initiative draws from its own random stream (:func:`~vanguard.simulation.streams.
block_generator` is keyed by the initiative's name), so dropping the initiatives an answer
does not depend on changes none of the kept ones' draws: the pruned plan gives the same
values, bit for bit, in far less time.
"""

import attrs

from vanguard.simulation.plan import Plan


def needed_initiatives(plan: Plan, codes: set[str] | frozenset[str]) -> frozenset[str]:
    """The initiatives whose models produce ``codes`` (a ratio's numerator and
    denominator), and, transitively, the producers of their inputs.

    KeyError when ``plan`` does not simulate one of ``codes``.
    """
    producer = {code: step.name for step in plan.steps for code in step.outputs}
    wanted: list[str] = []
    for code in codes:
        series = plan.series_of(code)
        for part in (series.numerator, series.denominator):
            if part is not None:
                wanted.append(part)
        if series.numerator is None:
            wanted.append(code)
    needed: set[str] = set()
    pending = [producer[code] for code in wanted]
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending.extend(producer[code] for code in plan.step_of(name).inputs if code in producer)
    return frozenset(needed)


def needed_plan(plan: Plan, codes: set[str] | frozenset[str]) -> Plan:
    """``plan`` cut down to :func:`needed_initiatives` of ``codes``: their steps (in plan
    order), the indicators they simulate and the targets on those."""
    keep = needed_initiatives(plan, codes)
    steps = tuple(step for step in plan.steps if step.name in keep)
    counts = {s.code for s in plan.series if s.numerator is None and s.producer in keep}
    series = tuple(
        s
        for s in plan.series
        if s.code in counts or (s.numerator in counts and s.denominator in counts)
    )
    simulated = {s.code for s in series}
    targets = tuple(t for t in plan.targets if t.indicator in simulated)
    return attrs.evolve(plan, steps=steps, series=series, targets=targets)


__all__ = ["needed_initiatives", "needed_plan"]
