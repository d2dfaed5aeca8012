"""Detected misreporting as a program indicator, so the program's own rules act on it.

A :class:`~.declaration.Behaviour` naming ``incidents`` (a program indicator, such as
falsified statistical reports) makes the run simulate that indicator as one more flow of
the acting initiative's units: 1 in a year's last month for each post whose inflated
report an audit detected that year, 0 otherwise. The review feed then reports it from the
units like any simulated indicator, so a veto, deduction or finding the program declares
on it applies in the year-end evaluation with no rule of the behaviour layer's own.

Only a run whose behaviour declares ``incidents`` gets the extra series: every other plan
is exactly what :func:`~vanguard.simulation.plan.build_plan` made.

Posts that ``anticipate`` (the default) weigh those same rules when they choose whether to
inflate (:func:`anticipated`): a detected report is one incident, so a veto on the
indicator firing above less than 1 is a veto of the year, a deduction costs its points
(at most its cap) as a share of the curve's full marks of the score, and a target on the
indicator (zero falsified reports) is missed: one finding.
"""

from collections.abc import Mapping

import attrs

from vanguard.model.appraisal import AdjustmentSource
from vanguard.model.behaviour import Penalty
from vanguard.model.indicator import AT_PLEDGE, Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError
from vanguard.simulation.behaviour.declaration import Behaviour
from vanguard.simulation.plan import Plan, Series

WHERE = "behaviour: incidents"


def with_incidents(
    plan: Plan,
    behaviour: Behaviour,
    indicators: Mapping[str, Indicator],
    program: Program | None = None,
) -> Plan:
    """``plan`` simulating ``behaviour.incidents`` over the acting posts (``plan`` itself
    when none is declared); :class:`ProgramError` names what does not fit.

    Without a unit mapping (``assign``) the acting posts are the units of the one
    initiative whose outputs have an elasticity; with one (program posts acting across
    initiatives, :mod:`.posts`) the count is a flow of an initiative whose units are the
    posts (the campaign discipline every post carries), so each post reports its own.
    The indicator must be the program's, summed (a count), not a rate, and not simulated
    otherwise.
    """
    code = behaviour.incidents
    if code is None:
        return plan
    indicator = indicators.get(code)
    acting = [
        step
        for step in plan.steps
        if any(behaviour.elasticities.get(c, 0.0) > 0.0 for c in step.outputs)
    ]
    assigned = set() if program is None else {u.name for u in program.initiatives if u.assign}
    if program is not None and any(step.name in assigned for step in acting):
        from vanguard.simulation.behaviour.posts import duties

        posts = {duty.post for duty in duties(program, plan, behaviour)}
        hosts = [s for s in plan.steps if s.name not in assigned and posts <= set(s.units)]
        acting = hosts[:1] if posts else []
        if not acting:
            raise ProgramError(
                [
                    Problem(
                        WHERE,
                        "posts acting across initiatives count incidents on an initiative "
                        "whose units are the posts; the program runs none",
                    )
                ]
            )
    reason = None
    if indicator is None:
        reason = f"{code!r} is no indicator of the program"
    elif indicator.is_ratio:
        reason = f"{code!r} is a rate; incidents are counted"
    elif any(s.code == code for s in plan.series) or indicator.simulate not in (None, AT_PLEDGE):
        reason = f"{code!r} is already simulated (declare an indicator of its own)"
    elif len(acting) != 1:
        names = ", ".join(step.name for step in acting) or "none"
        reason = f"posts of exactly one initiative must act to count incidents (acting: {names})"
    if reason is not None:
        raise ProgramError([Problem(WHERE, reason)])
    assert indicator is not None
    step = acting[0]
    series = Series(
        code, step.name, step.units, indicator.over_time, indicator.over_units, indicator.direction
    )
    return attrs.evolve(plan, series=(*plan.series, series))


def anticipated(program: Program, behaviour: Behaviour) -> tuple[Penalty, float]:
    """What a detected inflated report costs a post in its payoff, as it weighs it ex ante:
    the audits' own penalty and size, plus (when ``incidents`` is declared and posts
    ``anticipate``) the program's own rules on one incident (see the module)."""
    audits = behaviour.audits
    penalty, size = audits.penalty, audits.size
    code = behaviour.incidents
    if code is None or not behaviour.anticipate:
        return penalty, size
    rules = program.evaluation
    if any(veto.indicator == code and veto.above < 1.0 for veto in rules.vetoes):
        penalty = Penalty.VETO
    points = sum(
        min(-adjustment.points_each, adjustment.cap)
        for adjustment in rules.adjustments
        if adjustment.source is AdjustmentSource.INDICATOR
        and adjustment.indicator == code
        and adjustment.points_each < 0
    )
    full = rules.curve.full_marks or 100.0
    size += behaviour.payoff.score * points / full
    if any(t.indicator == code for task in program.tasks for t in task.targets):
        size += behaviour.payoff.findings
    return penalty, size


__all__ = ["anticipated", "with_incidents"]
