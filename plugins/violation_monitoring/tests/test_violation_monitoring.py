"""The violation-monitoring initiative: contract, mechanism and determinism."""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import vanguard_violation_monitoring
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_violation_monitoring import INITIATIVE

import vanguard
from vanguard import Aggregation, Direction, StepContext
from vanguard.testing import (
    assert_docs_page_lists,
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values


def test_the_initiative_conforms_to_the_plugin_contract() -> None:
    assert_initiative_conforms(INITIATIVE, periods=12, replications=3)


def test_the_plugin_contributes_the_initiative_through_its_hook() -> None:
    app = vanguard.Vanguard(plugins=[vanguard_violation_monitoring], load_entrypoints=False)
    assert app.initiatives()["violation-monitoring"] is INITIATIVE
    assert "monitoring.coverage_rate" in app.indicators()


def test_indicators_have_the_agreed_codes_and_aggregations() -> None:
    by_code = {indicator.code: indicator for indicator in INITIATIVE.indicators}
    assert set(by_code) == {*INITIATIVE.outputs, "monitoring.coverage_rate"}
    rate = by_code["monitoring.coverage_rate"]
    assert rate.is_ratio
    assert (rate.numerator, rate.denominator) == (
        "monitoring.employers_covered",
        "monitoring.employers",
    )
    assert by_code["monitoring.employers_covered"].over_time is Aggregation.LAST
    assert by_code["monitoring.employers"].over_time is Aggregation.LAST
    assert by_code["monitoring.violations_detected"].direction is Direction.HIGHER
    # The ratio is derived by the engine from its parts, never stepped.
    assert "monitoring.coverage_rate" not in INITIATIVE.outputs


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
    first = simulate_initiative(INITIATIVE, seed=5, replications=20).outputs
    again = simulate_initiative(INITIATIVE, seed=5, replications=20).outputs
    other = simulate_initiative(INITIATIVE, seed=6, replications=20).outputs
    for code in INITIATIVE.outputs:
        np.testing.assert_array_equal(first[code], again[code])
    assert not np.array_equal(first["monitoring.inspections"], other["monitoring.inspections"])


def test_coverage_grows_monotonically_and_stays_within_the_target() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=200).outputs
    covered = outputs["monitoring.employers_covered"]
    employers = outputs["monitoring.employers"]
    assert (np.diff(covered, axis=0) >= 0).all()
    assert (covered <= np.floor(0.9 * employers)).all()
    np.testing.assert_array_equal(employers, 600.0)


def test_coverage_approaches_the_target_at_the_set_speed() -> None:
    # The gap to the target shrinks by a factor (1 - speed) a month.
    outputs = simulate_initiative(INITIATIVE, replications=2000).outputs
    share = outputs["monitoring.employers_covered"][-1].mean() / 600.0
    expected = 0.9 - (0.9 - 0.2) * (1 - 0.15) ** 12
    assert share == pytest.approx(expected, rel=0.02)


def test_no_growth_without_speed_and_full_coverage_at_speed_one() -> None:
    still = simulate_initiative(INITIATIVE, params={"coverage_speed": 0.0}, replications=50).outputs
    covered = still["monitoring.employers_covered"]
    np.testing.assert_array_equal(covered, np.broadcast_to(covered[0], covered.shape))
    full = simulate_initiative(
        INITIATIVE, params={"coverage_speed": 1.0, "target_coverage": 1.0}, replications=200
    ).outputs
    np.testing.assert_array_equal(full["monitoring.employers_covered"], 600.0)


def test_detections_follow_inspections_prevalence_and_detection() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=2000).outputs
    inspections = outputs["monitoring.inspections"]
    detected = outputs["monitoring.violations_detected"]
    assert (detected <= inspections).all()
    assert detected.sum() / inspections.sum() == pytest.approx(0.12 * 0.7, rel=0.03)
    ratio = inspections.sum() / outputs["monitoring.employers_covered"].sum()
    assert ratio == pytest.approx(0.08, rel=0.02)


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("detection_probability", 0.3, 0.9),
        ("violation_prevalence", 0.05, 0.3),
        ("inspections_per_covered", 0.02, 0.2),
        ("coverage_speed", 0.05, 0.5),
    ],
)
def test_raising_a_lever_raises_violations_detected(name: str, low: float, high: float) -> None:
    less = simulate_initiative(INITIATIVE, params={name: low}, replications=300).outputs
    more = simulate_initiative(INITIATIVE, params={name: high}, replications=300).outputs
    code = "monitoring.violations_detected"
    assert more[code].sum(axis=0).mean() > less[code].sum(axis=0).mean()


def test_parameters_vary_per_replication() -> None:
    assert INITIATIVE.model is not None
    params = {name: np.full((2, 1), value) for name, value in INITIATIVE.defaults().items()}
    params["employers"] = np.array([[100.0], [1000.0]])
    ctx = StepContext(0, 12, dt.date(2006, 1, 1), 2, ("a",), params, np.random.default_rng(0))
    out = INITIATIVE.model.step(INITIATIVE.model.start(ctx), {}, ctx)
    np.testing.assert_array_equal(out["monitoring.employers"], [[100.0], [1000.0]])


DOCS = Path(__file__).resolve().parents[3] / "docs" / "initiatives" / "violation-monitoring.md"


@pytest.mark.skipif(not DOCS.exists(), reason="the docs are in the source checkout only")
def test_the_docs_page_lists_every_indicator_and_every_parameter_default() -> None:
    assert_docs_page_lists(INITIATIVE, DOCS)


@settings(max_examples=60, deadline=None)
@given(values=parameter_values(INITIATIVE), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_for_any_parameters_within_bounds(
    values: dict[str, float], seed: int
) -> None:
    outputs = simulate_initiative(
        INITIATIVE, params=values, seed=seed, replications=3, periods=6, units=("a", "b")
    ).outputs
    for code, series in outputs.items():
        assert np.isfinite(series).all(), code
        assert (series >= 0).all(), code
    covered = outputs["monitoring.employers_covered"]
    assert (covered <= outputs["monitoring.employers"]).all()
    assert (np.diff(covered, axis=0) >= 0).all()
    assert (outputs["monitoring.violations_detected"] <= outputs["monitoring.inspections"]).all()
