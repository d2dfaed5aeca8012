"""The approval-reform initiative: contract, mechanism and determinism."""

from pathlib import Path

import numpy as np
import pytest
import vanguard_approval_reform
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_approval_reform import INITIATIVE
from vanguard_approval_reform.model import monthly_hazard

import vanguard
from vanguard import Aggregation, Direction
from vanguard.testing import (
    assert_docs_page_lists,
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values


def test_the_initiative_conforms_to_the_plugin_contract() -> None:
    assert_initiative_conforms(INITIATIVE, periods=12, replications=3)


def test_the_plugin_contributes_the_initiative_through_its_hook() -> None:
    app = vanguard.Vanguard(plugins=[vanguard_approval_reform], load_entrypoints=False)
    assert app.initiatives()["approval-reform"] is INITIATIVE
    assert set(app.indicators()) == set(INITIATIVE.outputs)


def test_indicators_have_the_agreed_codes_directions_and_aggregations() -> None:
    by_code = {indicator.code: indicator for indicator in INITIATIVE.indicators}
    expected = {
        "approval.items": (Direction.LOWER, Aggregation.LAST),
        "approval.steps": (Direction.LOWER, Aggregation.LAST),
        "approval.processing_days": (Direction.LOWER, Aggregation.MEAN),
        "approval.one_stop_share": (Direction.HIGHER, Aggregation.MEAN),
        "approval.disclosure_boards": (Direction.HIGHER, Aggregation.LAST),
    }
    assert {code: (i.direction, i.over_time) for code, i in by_code.items()} == expected
    assert by_code["approval.one_stop_share"].unit == "percent"


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


def test_the_model_returns_one_finite_non_negative_array_per_output() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=7, units=("a", "b", "c")).outputs
    assert set(outputs) == set(INITIATIVE.outputs)
    for code, values in outputs.items():
        assert values.shape == (12, 7, 3), code
        assert values.dtype == np.float64, code
        assert np.isfinite(values).all(), code
        assert (values >= 0).all(), code


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    first = simulate_initiative(INITIATIVE, seed=8, replications=20).outputs
    again = simulate_initiative(INITIATIVE, seed=8, replications=20).outputs
    other = simulate_initiative(INITIATIVE, seed=9, replications=20).outputs
    for code in INITIATIVE.outputs:
        np.testing.assert_array_equal(first[code], again[code])
    assert not np.array_equal(first["approval.items"], other["approval.items"])


def test_the_monthly_hazard_cuts_the_yearly_share() -> None:
    hazard = monthly_hazard(np.array([0.0, 0.3, 0.99]))
    np.testing.assert_allclose(1 - (1 - hazard) ** 12, [0.0, 0.3, 0.99])


def test_items_and_steps_only_fall_and_every_item_keeps_a_step() -> None:
    model_run = simulate_initiative(INITIATIVE, replications=200)
    outputs, state = model_run.outputs, model_run.state
    items, steps = outputs["approval.items"], outputs["approval.steps"]
    assert (np.diff(items, axis=0) <= 0).all()
    assert (np.diff(steps, axis=0) <= 0).all()
    assert (steps >= items).all()
    assert (items <= 20).all()
    assert (state["one_stop"] <= state["items"]).all()


def test_a_year_cuts_the_set_shares_in_expectation() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=3000).outputs
    assert outputs["approval.items"][-1].mean() == pytest.approx(20 * 0.7, rel=0.01)
    # Steps beyond one per item: 5 per item, cut with the items and by 35 % more.
    expected_steps = 20 * 0.7 * (1 + 5 * 0.65)
    assert outputs["approval.steps"][-1].mean() == pytest.approx(expected_steps, rel=0.02)


def test_the_one_stop_share_is_a_percentage_that_rises() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=1000).outputs
    share = outputs["approval.one_stop_share"]
    assert ((share >= 0) & (share <= 100)).all()
    means = share.mean(axis=(1, 2))
    assert (np.diff(means) > 0).all()
    expected_end = 100 * (1 - 0.8 * (1 - 0.12) ** 12)
    assert means[-1] == pytest.approx(expected_end, rel=0.03)


def test_processing_time_falls_over_the_year() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=500).outputs
    days = outputs["approval.processing_days"].mean(axis=(1, 2))
    assert days[-1] < 0.75 * days[0]


def test_without_reform_processing_time_stays_at_its_start() -> None:
    frozen = {"items_cut_share": 0.0, "steps_cut_share": 0.0, "one_stop_rate": 0.0}
    outputs = simulate_initiative(INITIATIVE, params=frozen, replications=500).outputs
    np.testing.assert_array_equal(outputs["approval.items"], 20)
    np.testing.assert_array_equal(outputs["approval.steps"], 120)
    # 2.5 days x 6 steps, 20 % of items handled at the window saving 40 %.
    days = outputs["approval.processing_days"]
    assert days.mean() == pytest.approx(2.5 * 6 * (1 - 0.4 * 0.2), rel=0.01)


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("steps_cut_share", 0.05, 0.8),
        ("one_stop_rate", 0.0, 0.5),
        ("one_stop_saving", 0.0, 0.8),
    ],
)
def test_faster_reform_means_shorter_processing(name: str, low: float, high: float) -> None:
    slow = simulate_initiative(INITIATIVE, params={name: low}, replications=300).outputs
    fast = simulate_initiative(INITIATIVE, params={name: high}, replications=300).outputs
    code = "approval.processing_days"
    assert fast[code].mean() < slow[code].mean()


def test_boards_reach_the_target_and_never_exceed_it() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=300).outputs
    boards = outputs["approval.disclosure_boards"]
    assert (boards <= 2).all()
    assert (np.diff(boards, axis=0) >= 0).all()
    assert (boards[-1] == 2).mean() > 0.95
    none = simulate_initiative(
        INITIATIVE, params={"board_setup_rate": 0.0}, replications=10
    ).outputs
    assert (none["approval.disclosure_boards"] == 0).all()


def test_a_department_with_every_item_abolished_processes_nothing() -> None:
    outputs = simulate_initiative(
        INITIATIVE, params={"initial_items": 1, "items_cut_share": 0.99}, replications=200
    ).outputs
    gone = outputs["approval.items"][-1] == 0
    assert gone.any()
    assert (outputs["approval.processing_days"][-1][gone] == 0).all()
    assert (outputs["approval.one_stop_share"][-1][gone] == 100).all()


DOCS = Path(__file__).resolve().parents[3] / "docs" / "initiatives" / "approval-reform.md"


@pytest.mark.skipif(not DOCS.exists(), reason="the docs are in the source checkout only")
def test_the_docs_page_lists_every_indicator_and_every_parameter_default() -> None:
    assert_docs_page_lists(INITIATIVE, DOCS)


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
    items, steps = outputs["approval.items"], outputs["approval.steps"]
    assert (steps >= items).all()
    assert (np.diff(items, axis=0) <= 0).all()
    assert (np.diff(steps, axis=0) <= 0).all()
    assert (outputs["approval.one_stop_share"] <= 100 + 1e-9).all()
    assert (outputs["approval.disclosure_boards"] <= values["boards_per_unit"]).all()
    assert (state["one_stop"] <= state["items"]).all()
