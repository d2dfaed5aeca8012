"""Posts that act across initiatives (issue 11, point 3): with the program's unit mapping
(``assign``) each post spreads one budget over its pledged tasks of every initiative it
answers for; without one, the initiatives' units act as before."""

import numpy as np
import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program
from vanguard.simulation.behaviour import Audits, Behaviour, Payoff, behaviour_rows, bunching
from vanguard.simulation.behaviour.posts import direct_pledges
from vanguard.simulation.behaviour.response import prepare
from vanguard.simulation.simulate import simulate

ACROSS = {
    "rural.placed": 0.5,
    "liaison.employers": 0.4,
    "liaison.recruits": 0.4,
    "sunrise.cases_processed": 0.3,
    "windows.served": 0.3,
}
"""Tasks of several initiatives: the employment section's staff answer for rural transfer and
labour liaison, the fund administration's staff for the Sunrise agencies and a window."""


def test_without_a_mapping_the_initiatives_units_act(
    installed: Vanguard, unmapped: Program
) -> None:
    plan = simulate(unmapped, 1, seed=1, app=installed).plan
    response = prepare(unmapped, plan, Behaviour(elasticities=ACROSS))
    assert {g.step for g in response.groups} == {
        "rural-transfer",
        "labour-liaison",
        "sunrise-project",
        "window-competition",
    }
    for group in response.groups:
        assert group.units == plan.step_of(group.step).units
        assert not group.shares


def test_with_the_mapping_posts_act_on_tasks_of_several_initiatives(
    installed: Vanguard, zhaoqing: Program
) -> None:
    plan = simulate(zhaoqing, 1, seed=1, app=installed).plan
    response = prepare(zhaoqing, plan, Behaviour(elasticities=ACROSS))
    posts = {post.id for post in zhaoqing.posts}
    pledged = direct_pledges(zhaoqing)
    of = {unit: group for group in response.groups for unit in group.units}
    assert set(of) <= posts
    employment = of["employment.staff-1"]
    assert {"rural.placed", "liaison.employers", "liaison.recruits"} <= set(employment.tasks)
    assert {employment.initiative_of(j) for j in range(len(employment.targets))} >= {
        "rural-transfer",
        "labour-liaison",
    }
    for group in response.groups:  # each post acts on its own direct pledges
        for j, code in enumerate(group.targets):
            for a, post in enumerate(group.units):
                assert group.annual[j, a] == pledged[post, code]
    # a head that delegated its pledges to its staff does not act on them
    assert "employment.head" not in of


def test_one_budget_over_two_initiatives_weighting_one_lowers_the_other(
    installed: Vanguard, zhaoqing: Program
) -> None:
    """Multitask across initiatives: weighting labour liaison's targets draws the employment
    staff's effort from rural transfer, whose true placements fall."""

    def placed(weight: float) -> float:
        weights = {"liaison.employers": weight, "liaison.recruits": weight}
        behaviour = Behaviour(elasticities=ACROSS, payoff=Payoff(weights=weights))
        rows = behaviour_rows(simulate(zhaoqing, 300, seed=4, app=installed, behaviour=behaviour))
        return float(
            np.mean(
                [
                    r["true"]
                    for r in rows
                    if r["indicator"] == "rural.placed" and r["post"].startswith("employment.")
                ]
            )
        )

    assert placed(4.0) < placed(1.0)


@pytest.mark.parametrize("code", ["sunrise.cases_processed", "rural.placed"])
def test_posts_parts_add_up_to_what_their_units_report(
    installed: Vanguard, zhaoqing: Program, code: str
) -> None:
    """Two paths: the posts' reported parts (the behaviour summary) and the units' reported
    flows the run simulated (the engine's totals). Every unit of these is answered for by
    posts whose shares add up to one, so the sums agree."""
    behaviour = Behaviour(elasticities=ACROSS, inflation=(0.0, 0.2), audits=Audits(default=0.03))
    result = simulate(zhaoqing, 256, seed=12, app=installed, behaviour=behaviour)
    rows = [r for r in behaviour_rows(result) if r["indicator"] == code]
    assert len(rows) >= 3
    assert any(r["reported"] > r["true"] for r in rows)
    total = sum(r["reported"] for r in rows)
    assert total == pytest.approx(result.mean(code), rel=1e-6)
    passive = simulate(zhaoqing, 256, seed=12, app=installed)
    assert sum(r["passive"] for r in rows) == pytest.approx(passive.mean(code), rel=1e-6)


def test_posts_bunch_just_above_their_own_targets(installed: Vanguard, zhaoqing: Program) -> None:
    """Targets at each post's passive mean: passively about as many finish just below as
    just above; responding posts cross."""
    probe = Behaviour(elasticities={"rural.placed": 1e-300}, budget=1.0, grid=1)
    start = simulate(zhaoqing, 400, seed=5, app=installed, behaviour=probe)
    targets: dict[str, dict[str, float]] = {}
    for row in behaviour_rows(start):
        targets.setdefault(row["indicator"], {})[row["post"]] = row["passive"]
    behaviour = Behaviour(
        elasticities={"rural.placed": 0.5},
        payoff=Payoff(score=0.0, met=1.0, findings=1.0, cost=0.5),
        targets=targets,
    )
    bands = bunching(simulate(zhaoqing, 400, seed=5, app=installed, behaviour=behaviour))
    passive, true = bands["passive"], bands["true"]
    assert true["above"] > 3 * max(true["below"], 1)
    assert 0.7 < passive["above"] / max(passive["below"], 1) < 1.4


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"budgets": {"duanzhou": 2.0}}, "budgets.duanzhou"),
        ({"targets": {"rural.placed": {"duanzhou": 10.0}}}, "targets.rural.placed.duanzhou"),
    ],
)
def test_per_post_settings_must_name_acting_posts(
    installed: Vanguard, zhaoqing: Program, unmapped: Program, change: dict, where: str
) -> None:
    """Under the mapping the county offices do not act (their staff do): a budget or target
    keyed by a county is named, not silently ignored; without the mapping it applies."""
    from vanguard.problems import ProgramError

    behaviour = Behaviour(elasticities={"rural.placed": 0.5}, **change)
    with pytest.raises(ProgramError, match=where.replace(".", r"\.")):
        simulate(zhaoqing, 8, seed=1, app=installed, behaviour=behaviour)
    assert simulate(unmapped, 8, seed=1, app=installed, behaviour=behaviour).response
