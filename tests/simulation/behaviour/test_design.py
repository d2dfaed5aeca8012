"""Rule design by search: rules set by path, deterministic search, the budget respected."""

import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.simulation.behaviour import Audits, Behaviour
from vanguard.simulation.behaviour.design import DesignSearch, RuleRange, apply, search_rules

BEHAVIOUR = Behaviour(
    elasticities={"entrepreneurship.trained": 0.5, "entrepreneurship.startups": 0.5},
    inflation=(0.0, 0.1, 0.2),
    audits=Audits(size=0.5),
)


def test_rules_are_set_by_path(zhaoqing: Program) -> None:
    program, behaviour = apply(zhaoqing, BEHAVIOUR, "audits.default", 0.3)
    assert behaviour.audits.default == 0.3
    assert program is zhaoqing
    _, behaviour = apply(zhaoqing, behaviour, "payoff.weights.entrepreneurship.startups", 2.0)
    assert behaviour.payoff.weights == {"entrepreneurship.startups": 2.0}
    assert behaviour.audits.default == 0.3
    program, _ = apply(zhaoqing, behaviour, "ratchet.factor", 1.1)
    assert program.ratchet is not None
    assert program.ratchet.factor == 1.1


@pytest.mark.parametrize("path", ["audits", "audits.penalty", "payoff.nonesuch", "grid"])
def test_a_rule_the_search_cannot_set_is_named(zhaoqing: Program, path: str) -> None:
    with pytest.raises(VanguardError, match=path):
        apply(zhaoqing, BEHAVIOUR, path, 1.0)


def test_the_search_finds_a_design_within_budget_that_beats_no_audits(
    installed: Vanguard, zhaoqing: Program
) -> None:
    rules = [RuleRange("audits.default", 0.0, 0.6), RuleRange("audits.size", 0.0, 3.0)]

    def run() -> DesignSearch:
        return search_rules(
            zhaoqing,
            BEHAVIOUR,
            rules,
            replications=64,
            app=installed,
            budget=2.0,
            iterations=1,
            population=3,
        )

    search = run()
    best = search.best
    assert best["feasible"]
    assert best["cost"] <= 2.0
    assert all(best["objective"] >= r["objective"] for r in search.rows if r["feasible"])
    _, no_audits = apply(zhaoqing, BEHAVIOUR, "audits.default", 0.0)
    baseline = search_rules(
        zhaoqing,
        no_audits,
        [RuleRange("audits.size", 0.0, 1e-9)],
        replications=64,
        app=installed,
        iterations=1,
        population=1,
    )
    assert best["raw_objective"] > baseline.best["raw_objective"]
    assert run().rows == search.rows
