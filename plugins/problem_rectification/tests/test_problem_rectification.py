"""The problem-rectification initiative: contract, mechanism and determinism."""

from pathlib import Path

import numpy as np
import pytest
import vanguard_problem_rectification
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_problem_rectification import INITIATIVE

import vanguard
from vanguard import Aggregation, Direction
from vanguard.testing import (
    assert_docs_page_lists,
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

IDENTIFIED = "rectification.problems_identified"
MEASURES = "rectification.measures_completed"
RESOLVED = "rectification.cases_resolved"
LONG = "rectification.long_pending_resolved"
COMPLAINTS = "rectification.complaints"
ENTERED = "rectification.register_entered"
ON_TIME = "rectification.register_on_time"
LATE = "rectification.register_long_pending"


def test_the_initiative_conforms_to_the_plugin_contract() -> None:
    assert_initiative_conforms(INITIATIVE, periods=12, replications=3)


def test_the_plugin_contributes_the_initiative_through_its_hook() -> None:
    app = vanguard.Vanguard(plugins=[vanguard_problem_rectification], load_entrypoints=False)
    assert app.initiatives()["problem-rectification"] is INITIATIVE
    assert set(app.indicators()) == set(INITIATIVE.outputs)


def test_indicators_are_flows_and_complaints_are_lower_is_better() -> None:
    by_code = {indicator.code: indicator for indicator in INITIATIVE.indicators}
    assert set(by_code) == {
        IDENTIFIED,
        MEASURES,
        RESOLVED,
        LONG,
        COMPLAINTS,
        ENTERED,
        ON_TIME,
        LATE,
    }
    # the register's long-pending cases are a stock (the latest month counts), lower is better
    late = by_code.pop(LATE)
    assert (late.over_time, late.direction) == (Aggregation.LAST, Direction.LOWER)
    for code in (ENTERED, ON_TIME):  # the register's flows, higher is better
        assert by_code.pop(code).direction is Direction.HIGHER
    for code, indicator in by_code.items():
        assert indicator.over_time is Aggregation.SUM, code
        assert indicator.over_units is Aggregation.SUM, code
        expected = Direction.LOWER if code == COMPLAINTS else Direction.HIGHER
        assert indicator.direction is expected, code


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
    first = simulate_initiative(INITIATIVE, seed=21, replications=20).outputs
    again = simulate_initiative(INITIATIVE, seed=21, replications=20).outputs
    other = simulate_initiative(INITIATIVE, seed=22, replications=20).outputs
    for code in INITIATIVE.outputs:
        np.testing.assert_array_equal(first[code], again[code])
    assert not np.array_equal(first[COMPLAINTS], other[COMPLAINTS])


def test_problems_are_conserved_through_the_register() -> None:
    model_run = simulate_initiative(INITIATIVE, replications=100)
    outputs, state = model_run.outputs, model_run.state
    total = state["unidentified"] + state["open"] + state["long_pending"] + state["resolved"]
    np.testing.assert_array_equal(total, 24 + 5)
    np.testing.assert_array_equal(state["resolved"], outputs[RESOLVED].sum(axis=0))
    assert (state["unidentified"] + outputs[IDENTIFIED].sum(axis=0) == 24).all()
    assert (state["long_pending"] + outputs[LONG].sum(axis=0) == 5).all()


def test_the_funnel_never_widens() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=100).outputs
    assert (outputs[LONG] <= outputs[RESOLVED]).all()
    assert (outputs[RESOLVED] <= outputs[MEASURES]).all()
    new_resolved = (outputs[RESOLVED] - outputs[LONG]).cumsum(axis=0)
    assert (new_resolved <= outputs[IDENTIFIED].cumsum(axis=0)).all()


def test_expected_identification_and_long_pending_resolution() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=3000).outputs
    identified = outputs[IDENTIFIED].sum(axis=0).mean()
    assert identified == pytest.approx(24 * (1 - 0.75**12), rel=0.01)
    # A long-pending case is resolved with probability 0.3 x 0.5 x 0.8 a month.
    long_resolved = outputs[LONG].sum(axis=0).mean()
    assert long_resolved == pytest.approx(5 * (1 - (1 - 0.12) ** 12), rel=0.02)


def test_complaints_fall_as_problems_are_resolved() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=1000).outputs
    monthly = outputs[COMPLAINTS].mean(axis=(1, 2))
    assert monthly[-1] < 0.5 * monthly[0]
    # None unresolved at all: only the background remains.
    quiet = simulate_initiative(
        INITIATIVE, params={"problems": 0, "long_pending": 0}, replications=2000
    ).outputs
    assert quiet[COMPLAINTS].mean() == pytest.approx(0.5, rel=0.03)


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("measure_completion", 0.1, 0.6),
        ("measure_effectiveness", 0.3, 1.0),
        ("identification_rate", 0.05, 0.6),
    ],
)
def test_faster_rectification_resolves_more_and_draws_fewer_complaints(
    name: str, low: float, high: float
) -> None:
    slow = simulate_initiative(INITIATIVE, params={name: low}, replications=300).outputs
    fast = simulate_initiative(INITIATIVE, params={name: high}, replications=300).outputs
    assert fast[RESOLVED].sum(axis=0).mean() > slow[RESOLVED].sum(axis=0).mean()
    assert fast[COMPLAINTS].sum(axis=0).mean() < slow[COMPLAINTS].sum(axis=0).mean()


def test_long_pending_cases_resolve_more_slowly_than_new_ones() -> None:
    state = simulate_initiative(
        INITIATIVE, params={"identification_rate": 1.0}, replications=500
    ).state
    new_left = state["open"].sum() / (24 * state["open"].size)
    long_left = state["long_pending"].sum() / (5 * state["long_pending"].size)
    assert long_left > new_left
    stuck = simulate_initiative(
        INITIATIVE, params={"long_pending_factor": 0.0}, replications=20
    ).outputs
    assert (stuck[LONG] == 0).all()


DOCS = Path(__file__).resolve().parents[3] / "docs" / "initiatives" / "problem-rectification.md"


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
    total = state["unidentified"] + state["open"] + state["long_pending"] + state["resolved"]
    np.testing.assert_array_equal(total, values["problems"] + values["long_pending"])
    assert (outputs[LONG] <= outputs[RESOLVED]).all()
    assert (outputs[RESOLVED] <= outputs[MEASURES]).all()


# --- the register of cases (what stands for a program's register indicators) -----------


def test_the_register_counts_leave_the_other_counts_as_they_were() -> None:
    """The register draws from a stream of its own: the problem counts are the same
    numbers whatever the register's parameters."""
    few = simulate_initiative(INITIATIVE, seed=5, replications=50).outputs
    many = simulate_initiative(
        INITIATIVE, seed=5, replications=50, params={"register_cases": 20.0}
    ).outputs
    for code in (IDENTIFIED, MEASURES, RESOLVED, LONG, COMPLAINTS):
        np.testing.assert_array_equal(few[code], many[code])
    assert many[ENTERED].sum() > few[ENTERED].sum()


def test_register_cases_are_conserved_and_rectified_on_time_mostly() -> None:
    run = simulate_initiative(INITIATIVE, seed=8, replications=4000)
    outputs, state = run.outputs, run.state
    entered = outputs[ENTERED].sum(axis=0)
    assert entered.mean() == pytest.approx(1.5, rel=0.03)
    # every case entered is open before its deadline, long-pending, or rectified
    late_done = entered - state["cases_due"] - state["cases_late"] - outputs[ON_TIME].sum(axis=0)
    assert (late_done >= 0).all()
    np.testing.assert_array_equal(outputs[LATE][-1], state["cases_late"])
    # on time with probability p / (p + (1 - p) / d) = 0.5 / (0.5 + 0.5 / 3.5) = 7 / 9
    rectified = outputs[ON_TIME].sum() + late_done.sum() + state["cases_due"].sum()
    assert outputs[ON_TIME].sum() / rectified == pytest.approx(7 / 9, abs=0.03)


def test_slower_rectification_leaves_more_long_pending_cases_open() -> None:
    slow = simulate_initiative(
        INITIATIVE, seed=3, replications=500, params={"register_resolution": 0.1}
    ).outputs
    fast = simulate_initiative(
        INITIATIVE, seed=3, replications=500, params={"register_resolution": 0.9}
    ).outputs
    assert slow[LATE][-1].mean() > 3 * fast[LATE][-1].mean()
    assert slow[ON_TIME].sum() < fast[ON_TIME].sum()
