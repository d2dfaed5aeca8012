"""The documented effects emerge from best responses, not from rules that state them
(issue 11, acceptance 2-5): seeded statistical tests on the Zhaoqing program."""

import datetime as dt
import itertools

import attrs
import numpy as np
import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program, Ratchet
from vanguard.simulation.behaviour import (
    Audits,
    Behaviour,
    Payoff,
    Penalty,
    behaviour_rows,
    bunching,
    mean_effort,
)
from vanguard.simulation.simulate import simulate

TRAINING = {"entrepreneurship.trained": 0.5, "entrepreneurship.startups": 0.5}


def _gap(app: Vanguard, program: Program, behaviour: Behaviour) -> tuple[float, float]:
    """Mean reported minus true, and mean true, over posts and targets."""
    result = simulate(program, 400, seed=3, app=app, behaviour=behaviour)
    rows = behaviour_rows(result, program, behaviour)
    gap = sum(r["reported"] - r["true"] for r in rows) / len(rows)
    return gap, sum(r["true"] for r in rows) / len(rows)


def _misreporting(audits: Audits) -> Behaviour:
    return Behaviour(elasticities=TRAINING, inflation=(0.0, 0.1, 0.2), audits=audits)


def test_without_audits_reported_exceeds_true(installed: Vanguard, zhaoqing: Program) -> None:
    gap, true = _gap(installed, zhaoqing, _misreporting(Audits()))
    assert gap > 0.05 * true


def test_the_gap_shrinks_as_audit_probability_times_penalty_rises(
    installed: Vanguard, zhaoqing: Program
) -> None:
    gaps = [
        _gap(installed, zhaoqing, _misreporting(Audits(default=p, size=0.5)))[0]
        for p in (0.0, 0.02, 0.05, 0.1, 0.2, 0.4)
    ]
    assert all(later <= earlier for earlier, later in itertools.pairwise(gaps))
    assert gaps[-1] < 0.2 * gaps[0]
    # at a fixed audit probability, a bigger penalty: the same direction
    small = _gap(installed, zhaoqing, _misreporting(Audits(default=0.05, size=0.2)))[0]
    big = _gap(installed, zhaoqing, _misreporting(Audits(default=0.05, size=2.0)))[0]
    assert big < small


def test_certain_detection_and_a_veto_leave_no_gap(installed: Vanguard, zhaoqing: Program) -> None:
    veto = Audits(default=1.0, detection=1.0, penalty=Penalty.VETO, size=5.0)
    gap, true = _gap(installed, zhaoqing, _misreporting(veto))
    assert abs(gap) <= 1e-3 * true
    # and the veto raises what is really achieved: inflation no longer stands in for effort
    assert true > _gap(installed, zhaoqing, _misreporting(Audits()))[1]


def test_an_audit_capacity_deters_like_its_probability(
    installed: Vanguard, unmapped: Program
) -> None:
    """Without a unit mapping the training initiative's 8 county offices are the only
    acting posts: a capacity of 8 audits a year audits every one."""
    everyone = _misreporting(Audits(capacity=8, penalty=Penalty.VETO, size=5.0))
    assert abs(_gap(installed, unmapped, everyone)[0]) <= 1e-6


def test_bunching_just_above_targets_with_behaviour_not_without(
    installed: Vanguard, unmapped: Program
) -> None:
    """Targets at each post's passive mean (the county offices, no unit mapping): passively
    as many posts end just below as just above; responding posts that can cross do, with
    the least effort."""
    off = simulate(unmapped, 400, seed=5, app=installed)
    units = off.plan.step_of("rural-transfer").units
    targets = {
        code: {unit: off.mean(code, unit) for unit in units}
        for code in ("rural.placed", "rural.placement_rate")
    }
    behaviour = Behaviour(
        elasticities={"rural.placed": 0.5},
        payoff=Payoff(score=0.0, met=1.0, findings=1.0, cost=0.5),
        targets=targets,
    )
    on = simulate(unmapped, 400, seed=5, app=installed, behaviour=behaviour)
    bands = bunching(on, unmapped, behaviour)
    passive, true = bands["passive"], bands["true"]
    assert true["above"] > 3 * max(true["below"], 1)
    assert bands["reported"]["above"] > bands["reported"]["below"]
    # behaviour off (the passive values are the off run's, a test in test_off.py)
    assert 0.8 < passive["above"] / passive["below"] < 1.25


def test_weighting_one_indicator_lowers_the_unweighted_task(
    installed: Vanguard, zhaoqing: Program
) -> None:
    def trained(weight: float) -> float:
        weights = {"entrepreneurship.startups": weight, "entrepreneurship.startup_rate": weight}
        behaviour = Behaviour(elasticities=TRAINING, payoff=Payoff(weights=weights))
        result = simulate(zhaoqing, 400, seed=3, app=installed, behaviour=behaviour)
        rows = behaviour_rows(result, zhaoqing, behaviour)
        return float(
            np.mean([r["true"] for r in rows if r["indicator"] == "entrepreneurship.trained"])
        )

    assert trained(4.0) < trained(1.0)


@pytest.mark.parametrize("factor", [1.0, 1.1])
def test_a_ratchet_lowers_first_year_effort(
    installed: Vanguard, zhaoqing: Program, factor: float
) -> None:
    two_years = attrs.evolve(zhaoqing, end=dt.date(2007, 12, 31))
    behaviour = Behaviour(elasticities={"rural.placed": 0.5})

    def first_year_effort(program: Program) -> float:
        result = simulate(program, 200, seed=5, app=installed, behaviour=behaviour)
        effort = mean_effort(result, program, behaviour)
        return float(np.mean([v for key, v in effort.items() if key[0] == 0]))

    fixed = first_year_effort(two_years)
    ratcheted = first_year_effort(attrs.evolve(two_years, ratchet=Ratchet(factor=factor)))
    assert ratcheted < fixed
    # posts that do not look ahead do not hold back: the effect is anticipation
    behaviour = attrs.evolve(behaviour, lookahead=0.0)
    myopic = first_year_effort(attrs.evolve(two_years, ratchet=Ratchet(factor=factor)))
    assert myopic == pytest.approx(fixed, abs=1e-9)


def test_targets_and_the_evaluation_see_the_reported_values(
    installed: Vanguard, zhaoqing: Program
) -> None:
    """Unaudited inflation raises the probability that the task target and the posts'
    pledge lines on the inflated indicator are met (the review sees what is reported)."""
    inflating = Behaviour(
        elasticities={"entrepreneurship.trained": 1e-300}, grid=1, budget=1.0, inflation=(0.0, 0.3)
    )

    def met(behaviour: Behaviour | None) -> tuple[float, float]:
        result = simulate(zhaoqing, 128, seed=13, app=installed, behaviour=behaviour, evaluate=True)
        task = next(
            r["probability"]
            for r in result.probability_met()
            if r["indicator"] == "entrepreneurship.trained"
        )
        lines = [
            r["p_met"]
            for r in result.outcomes().lines()
            if r["indicator"] == "entrepreneurship.trained"
        ]
        return task, float(np.mean(lines))

    task_off, lines_off = met(None)
    task_on, lines_on = met(inflating)
    assert task_on > task_off
    assert lines_on > lines_off


def test_a_ranking_draws_out_tournament_effort(installed: Vanguard, unmapped: Program) -> None:
    """Paying for outranking the other county offices (争先进位) raises effort and true
    results even for posts whose targets are already met (no unit mapping: the offices
    differ, where the staff sharing all eight counties by equal pledges are alike)."""

    def effort_and_true(rank: float) -> tuple[float, float]:
        behaviour = Behaviour(elasticities=TRAINING, payoff=Payoff(rank=rank, cost=0.3))
        result = simulate(unmapped, 300, seed=3, app=installed, behaviour=behaviour)
        effort = mean_effort(result, unmapped, behaviour)
        rows = behaviour_rows(result, unmapped, behaviour)
        return float(np.mean(list(effort.values()))), float(np.mean([r["true"] for r in rows]))

    effort_off, true_off = effort_and_true(0.0)
    effort_on, true_on = effort_and_true(2.0)
    assert effort_on > effort_off
    assert true_on > true_off
