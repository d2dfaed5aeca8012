"""The retiree-management initiative: contract, mechanism, milestones and program checks."""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import vanguard_retiree_management
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_retiree_management import INITIATIVE

import vanguard
from vanguard import (
    Aggregation,
    Campaign,
    InitiativeUse,
    KeyTask,
    Label,
    Milestone,
    Pillar,
    Program,
    Target,
)
from vanguard.testing import (
    assert_docs_page_lists,
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values


def test_the_initiative_conforms_to_the_plugin_contract() -> None:
    assert_initiative_conforms(INITIATIVE, periods=12, replications=3)


def test_the_plugin_contributes_the_initiative_through_its_hook() -> None:
    app = vanguard.Vanguard(plugins=[vanguard_retiree_management], load_entrypoints=False)
    assert app.initiatives()["retiree-management"] is INITIATIVE
    assert set(app.indicators()) == set(INITIATIVE.outputs)


def test_indicators_have_the_agreed_codes_and_aggregations() -> None:
    by_code = {indicator.code: indicator for indicator in INITIATIVE.indicators}
    assert set(by_code) == {
        "retirees.transferred",
        "retirees.caseload",
        "retirees.service_level",
        "retirees.centre_open",
        "retirees.demonstration_sites",
    }
    assert by_code["retirees.transferred"].over_time is Aggregation.SUM
    for code in ("retirees.caseload", "retirees.centre_open", "retirees.demonstration_sites"):
        assert by_code[code].over_time is Aggregation.LAST, code
    assert by_code["retirees.service_level"].over_time is Aggregation.MEAN
    assert by_code["retirees.service_level"].unit == "percent"


def test_every_parameter_is_documented_with_a_unit_a_source_and_a_prior_within_bounds() -> None:
    rng = np.random.default_rng(0)
    for parameter in INITIATIVE.parameters:
        assert parameter.description, parameter.name
        assert parameter.unit, parameter.name
        assert parameter.source, parameter.name
        assert parameter.prior is not None, parameter.name
        draws = parameter.prior.sample(rng, 2000)
        assert parameter.lower <= draws.min(), parameter.name
        assert draws.max() <= parameter.upper, parameter.name


def test_the_milestone_defaults_are_the_reports_dates() -> None:
    # April and September 2006 are periods 3 and 8 of a program starting January 2006.
    assert INITIATIVE.parameter("centre_opens_period").default == 3
    assert INITIATIVE.parameter("sites_ready_period").default == 8


def test_the_model_returns_one_finite_non_negative_array_per_output() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=7, units=("a", "b", "c")).outputs
    assert set(outputs) == set(INITIATIVE.outputs)
    for code, values in outputs.items():
        assert values.shape == (12, 7, 3), code
        assert values.dtype == np.float64, code
        assert np.isfinite(values).all(), code
        assert (values >= 0).all(), code


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    first = simulate_initiative(INITIATIVE, seed=3, replications=20).outputs
    again = simulate_initiative(INITIATIVE, seed=3, replications=20).outputs
    other = simulate_initiative(INITIATIVE, seed=4, replications=20).outputs
    for code in INITIATIVE.outputs:
        np.testing.assert_array_equal(first[code], again[code])
    assert not np.array_equal(first["retirees.transferred"], other["retirees.transferred"])


def test_the_centre_opens_in_april_and_nothing_moves_before() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=100).outputs
    is_open = outputs["retirees.centre_open"]
    assert (is_open[:3] == 0).all()
    assert (is_open[3:] == 1).all()
    assert (outputs["retirees.transferred"][:3] == 0).all()
    assert (outputs["retirees.transferred"][3] > 0).all()


def test_every_demonstration_site_is_ready_by_september_and_none_before_april() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=300).outputs
    sites = outputs["retirees.demonstration_sites"]
    assert (sites[:3] == 0).all()
    assert (sites[8:] == 4).all()
    assert (np.diff(sites, axis=0) >= 0).all()
    # Ready months are spread between opening and September, not all at once.
    assert 0 < sites[5].mean() < 4


def test_a_later_opening_shifts_the_milestones() -> None:
    outputs = simulate_initiative(
        INITIATIVE, params={"centre_opens_period": 6, "sites_ready_period": 4}, replications=200
    ).outputs
    assert (outputs["retirees.centre_open"][:6] == 0).all()
    assert (outputs["retirees.centre_open"][6:] == 1).all()
    # Sites cannot be ready before the centre opens: all ready in the opening month.
    assert (outputs["retirees.demonstration_sites"][:6] == 0).all()
    assert (outputs["retirees.demonstration_sites"][6:] == 4).all()


def test_retirees_are_conserved_between_employers_and_the_centre() -> None:
    model_run = simulate_initiative(INITIATIVE, replications=50, units=("a", "b"))
    outputs, state = model_run.outputs, model_run.state
    caseload = outputs["retirees.caseload"]
    np.testing.assert_array_equal(caseload, outputs["retirees.transferred"].cumsum(axis=0))
    np.testing.assert_array_equal(state["with_employers"] + caseload[-1], 15_000.0)


def test_expected_transfers_follow_the_monthly_rate() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=500).outputs
    expected = 15_000 * (1 - (1 - 0.1) ** 9)
    assert outputs["retirees.caseload"][-1].mean() == pytest.approx(expected, rel=0.01)


def test_the_service_level_is_a_percentage_that_rises_with_transfers() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=100).outputs
    level = outputs["retirees.service_level"]
    assert ((level >= 0) & (level <= 100)).all()
    np.testing.assert_allclose(level[:3], 60.0)
    assert (np.diff(level[3:], axis=0) > 0).all()
    slow = simulate_initiative(INITIATIVE, params={"transfer_rate": 0.02}, replications=100).outputs
    assert slow["retirees.service_level"].mean() < level.mean()


def test_an_overloaded_centre_serves_fewer_to_standard() -> None:
    roomy = simulate_initiative(INITIATIVE, params={"transfer_rate": 0.5}, replications=50).outputs
    tight = simulate_initiative(
        INITIATIVE, params={"transfer_rate": 0.5, "centre_capacity": 3000}, replications=50
    ).outputs
    end = np.s_[-1]
    assert tight["retirees.service_level"][end].mean() < roomy["retirees.service_level"][end].mean()
    assert tight["retirees.service_level"][end].mean() < 60.0


def program(*targets: Target, parameters: dict[str, float] | None = None) -> Program:
    """A minimal 2006 program running the initiative with a task carrying ``targets``."""
    return Program(
        id="zhaoqing",
        name=Label(en="Zhaoqing"),
        campaign=Campaign(id="vanguard", name=Label(en="Vanguard")),
        start=dt.date(2006, 1, 1),
        end=dt.date(2006, 12, 31),
        initiatives=(InitiativeUse(name="retiree-management", parameters=parameters or {}),),
        pillars=(Pillar(id="highlights", name=Label(en="New highlights")),),
        tasks=(
            KeyTask(
                id="retirees",
                name=Label(en="Retiree management"),
                pillar="highlights",
                targets=targets,
                initiative="retiree-management",
            ),
        ),
    )


def problems(prog: Program) -> list[vanguard.Problem]:
    assert INITIATIVE.check_program is not None
    return list(INITIATIVE.check_program(prog, prog.initiatives[0]))


def test_the_reports_milestones_as_dated_targets_are_fine() -> None:
    prog = program(
        Target(indicator="retirees.centre_open", value=1, due=dt.date(2006, 4, 30)),
        Target(indicator="retirees.demonstration_sites", value=4, due=dt.date(2006, 9, 30)),
    )
    assert problems(prog) == []


def test_a_program_without_dated_targets_is_fine() -> None:
    assert problems(program()) == []
    assert problems(program(Target(indicator="retirees.transferred", value=5000))) == []


def test_a_centre_due_before_the_model_opens_it_is_a_problem() -> None:
    prog = program(Target(indicator="retirees.centre_open", value=1, due=dt.date(2006, 3, 31)))
    [problem] = problems(prog)
    assert problem.location == "tasks[0].targets[0].due"
    assert "April 2006" in problem.message
    assert "initiatives[0].parameters.centre_opens_period" in problem.message
    # Opening earlier in the program's parameters makes the same target reachable.
    assert problems(program(*prog.tasks[0].targets, parameters={"centre_opens_period": 2})) == []


def test_a_milestone_before_the_opening_is_located_on_the_milestone() -> None:
    target = Target(
        indicator="retirees.centre_open",
        value=1,
        milestones=(Milestone(due=dt.date(2006, 2, 28), value=1),),
    )
    [problem] = problems(program(target))
    assert problem.location == "tasks[0].targets[0].milestones[0].due"


def test_a_centre_open_value_other_than_0_or_1_is_a_problem() -> None:
    [problem] = problems(program(Target(indicator="retirees.centre_open", value=2)))
    assert problem.location == "tasks[0].targets[0].value"
    assert "0 or 1" in problem.message


def test_more_sites_than_the_model_provides_is_a_problem() -> None:
    [problem] = problems(program(Target(indicator="retirees.demonstration_sites", value=9)))
    assert problem.location == "tasks[0].targets[0].value"
    assert "at most 4" in problem.message
    assert (
        problems(
            program(
                Target(indicator="retirees.demonstration_sites", value=9),
                parameters={"demonstration_sites": 9},
            )
        )
        == []
    )


def test_sites_due_before_the_centre_opens_is_a_problem() -> None:
    target = Target(indicator="retirees.demonstration_sites", value=2, due=dt.date(2006, 2, 1))
    [problem] = problems(program(target))
    assert problem.location == "tasks[0].targets[0].due"


DOCS = Path(__file__).resolve().parents[3] / "docs" / "initiatives" / "retiree-management.md"


@pytest.mark.skipif(not DOCS.exists(), reason="the docs are in the source checkout only")
def test_the_docs_page_lists_every_indicator_and_every_parameter_default() -> None:
    assert_docs_page_lists(INITIATIVE, DOCS)


def test_the_app_reports_an_unreachable_milestone_when_validating_a_program() -> None:
    app = vanguard.Vanguard(plugins=[vanguard_retiree_management], load_entrypoints=False)
    late = program(
        Target(indicator="retirees.centre_open", value=1, due=dt.date(2006, 4, 30)),
        parameters={"centre_opens_period": 5},
    )
    found = [p for p in app.validate(late) if p.location.startswith("tasks[0].targets")]
    assert [p.location for p in found] == ["tasks[0].targets[0].due"]
    assert "June 2006" in found[0].message


@settings(max_examples=60, deadline=None)
@given(values=parameter_values(INITIATIVE), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_for_any_parameters_within_bounds(
    values: dict[str, float], seed: int
) -> None:
    model_run = simulate_initiative(
        INITIATIVE, params=values, seed=seed, replications=3, periods=6, units=("a", "b")
    )
    outputs, state = model_run.outputs, model_run.state
    for code, series in outputs.items():
        assert np.isfinite(series).all(), code
        assert (series >= 0).all(), code
    np.testing.assert_array_equal(
        state["with_employers"] + outputs["retirees.caseload"][-1], values["retirees"]
    )
    level = outputs["retirees.service_level"]
    assert (level <= 100 + 1e-9).all()
    assert set(np.unique(outputs["retirees.centre_open"])) <= {0.0, 1.0}
    assert (outputs["retirees.demonstration_sites"] <= values["demonstration_sites"]).all()
