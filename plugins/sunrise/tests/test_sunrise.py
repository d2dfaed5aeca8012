"""Behaviour and statistics of the sunrise-project initiative."""

import datetime as dt
from importlib.metadata import entry_points
from math import comb

import numpy as np
import pytest
import vanguard_sunrise
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_sunrise import AGENCIES, INITIATIVE

from vanguard import Aggregation, Direction, StepContext, Vanguard
from vanguard.testing import (
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

CODES = (
    "sunrise.agencies_at_standard",
    "sunrise.capacity_level",
    "sunrise.cases_processed",
    "sunrise.case_errors",
    "sunrise.error_rate",
    "sunrise.processing_days",
)
AT_STANDARD, LEVEL, CASES, ERRORS, RATE, DAYS = CODES
D = INITIATIVE.defaults()


def level_distribution(months: int, p: float) -> dict[int, float]:
    """Exact law of the level after ``months`` months from level 1: min(1 + Bin, 5)."""
    law: dict[int, float] = {}
    for k in range(months + 1):
        level = min(1 + k, 5)
        law[level] = law.get(level, 0.0) + comb(months, k) * p**k * (1 - p) ** (months - k)
    return law


def expected_year() -> dict[str, float]:
    """The defaults' expected year figures over the 9 agencies, computed exactly."""
    p = D["upgrade_probability"]
    cases = errors = days = 0.0
    for month in range(1, 13):
        for level, probability in level_distribution(month, p).items():
            volume = D["cases_per_month"] * (1 + D["volume_gain_per_level"] * (level - 1))
            rate = D["error_rate_at_level_1"] * (1 - D["error_reduction_per_level"]) ** (level - 1)
            mean_days = D["processing_days_at_level_1"] * (1 - D["days_reduction_per_level"]) ** (
                level - 1
            )
            cases += 9 * probability * volume
            errors += 9 * probability * volume * rate
            days += probability * mean_days / 12
    end = level_distribution(12, p)
    return {
        AT_STANDARD: 9 * sum(q for level, q in end.items() if level >= 3),
        LEVEL: sum(level * q for level, q in end.items()),
        CASES: cases,
        ERRORS: errors,
        DAYS: days,
    }


def year(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per replication, aggregated as the indicators say."""
    return {
        AT_STANDARD: outputs[AT_STANDARD][-1].sum(axis=1),
        LEVEL: outputs[LEVEL][-1].mean(axis=1),
        CASES: outputs[CASES].sum(axis=(0, 2)),
        ERRORS: outputs[ERRORS].sum(axis=(0, 2)),
        DAYS: outputs[DAYS].mean(axis=(0, 2)),
    }


def test_the_hook_contributes_the_initiative_under_its_catalogue_name() -> None:
    app = Vanguard(plugins=[vanguard_sunrise], load_entrypoints=False)
    assert list(app.initiatives()) == ["sunrise-project"]
    assert set(app.indicators()) == set(CODES)


def test_indicators_follow_the_catalogue() -> None:
    assert INITIATIVE.outputs == tuple(code for code in CODES if code != RATE)  # from parts
    assert AGENCIES[0] == "city"
    assert len(AGENCIES) == 9
    by_code = {i.code: i for i in INITIATIVE.indicators}
    for code in (ERRORS, RATE, DAYS):
        assert by_code[code].direction is Direction.LOWER
    assert by_code[RATE].over_time is Aggregation.RATIO
    assert (by_code[RATE].numerator, by_code[RATE].denominator) == (ERRORS, CASES)
    assert by_code[DAYS].over_time is Aggregation.MEAN
    assert by_code[LEVEL].over_time is Aggregation.LAST


def test_the_distribution_registers_its_entry_point() -> None:
    (entry_point,) = entry_points(group="vanguard", name="sunrise-project")
    assert entry_point.load() is vanguard_sunrise


def test_conforms_to_the_initiative_contract() -> None:
    assert_initiative_conforms(INITIATIVE)


def test_every_parameter_is_documented_with_a_source_and_a_prior_within_bounds() -> None:
    rng = np.random.default_rng(0)
    for parameter in INITIATIVE.parameters:
        assert parameter.description
        assert parameter.source
        assert parameter.prior is not None
        # uniform priors: what the Sobol sensitivity analysis samples from
        assert parameter.prior.distribution == "uniform"
        assert parameter.prior.a <= parameter.default <= parameter.prior.b
        draws = parameter.prior.sample(rng, 2000)
        assert draws.min() >= parameter.lower
        assert draws.max() <= parameter.upper


def test_levels_climb_one_step_at_a_time_within_1_to_5() -> None:
    levels = simulate_initiative(INITIATIVE, replications=100, periods=36).outputs[LEVEL]
    assert levels.min() >= 1
    assert levels.max() == 5
    steps = np.diff(levels, axis=0)
    assert set(np.unique(steps)) <= {0.0, 1.0}


def test_at_standard_means_level_at_least_the_standard() -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=50, params={"standard_level": 4.0}
    ).outputs
    np.testing.assert_array_equal(outputs[AT_STANDARD], (outputs[LEVEL] >= 4).astype(float))


def _check_expectations(replications: int, tolerance: float) -> None:
    expected = expected_year()
    simulated = year(simulate_initiative(INITIATIVE, replications=replications).outputs)
    for code, value in expected.items():
        assert simulated[code].mean() == pytest.approx(value, rel=tolerance), code


def test_the_simulated_year_matches_the_exact_expectation_quickly() -> None:
    _check_expectations(300, 0.05)


@pytest.mark.slow
def test_the_simulated_year_matches_the_exact_expectation_within_2_percent() -> None:
    _check_expectations(10_000, 0.02)


def test_a_fractional_initial_level_starts_that_share_one_level_up() -> None:
    outputs = simulate_initiative(
        INITIATIVE,
        replications=400,
        periods=1,
        params={"initial_level": 2.25, "upgrade_probability": 0.0},
    ).outputs
    assert outputs[LEVEL].mean() == pytest.approx(2.25, abs=0.02)


def test_without_upgrades_nothing_improves() -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=20, params={"upgrade_probability": 0.0}
    ).outputs
    assert (outputs[LEVEL] == 1).all()
    assert outputs[AT_STANDARD].sum() == 0


def test_faster_upgrades_mean_more_volume_fewer_errors_and_shorter_times() -> None:
    slow = year(
        simulate_initiative(
            INITIATIVE, replications=300, params={"upgrade_probability": 0.1}
        ).outputs
    )
    fast = year(
        simulate_initiative(
            INITIATIVE, replications=300, params={"upgrade_probability": 0.4}
        ).outputs
    )
    assert fast[LEVEL].mean() > slow[LEVEL].mean() + 1
    assert fast[AT_STANDARD].mean() > slow[AT_STANDARD].mean()
    assert fast[CASES].mean() > slow[CASES].mean()
    assert fast[ERRORS].mean() / fast[CASES].mean() < slow[ERRORS].mean() / slow[CASES].mean()
    assert fast[DAYS].mean() < slow[DAYS].mean()


@pytest.mark.parametrize(
    ("name", "code", "sign"),
    [
        ("cases_per_month", CASES, 1),
        ("volume_gain_per_level", CASES, 1),
        ("error_rate_at_level_1", ERRORS, 1),
        ("error_reduction_per_level", ERRORS, -1),
        ("processing_days_at_level_1", DAYS, 1),
        ("days_reduction_per_level", DAYS, -1),
    ],
)
def test_each_parameter_moves_its_outcome_the_right_way(name: str, code: str, sign: int) -> None:
    base = D[name]
    low = year(simulate_initiative(INITIATIVE, replications=200, params={name: base}).outputs)[
        code
    ].mean()
    high = year(
        simulate_initiative(INITIATIVE, replications=200, params={name: base * 1.5}).outputs
    )[code].mean()
    assert sign * (high - low) > 0.03 * low


def test_the_error_rate_is_not_a_model_output_but_errors_over_cases() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=10).outputs
    assert RATE not in outputs  # vanguard computes a ratio from its parts
    assert (outputs[ERRORS] <= outputs[CASES]).all()


def test_a_missing_parameter_is_named_in_the_error() -> None:
    assert INITIATIVE.model is not None
    ctx = StepContext(0, 12, dt.date(2006, 1, 1), 2, AGENCIES, {}, np.random.default_rng(0))
    with pytest.raises(KeyError, match="initial_level"):
        INITIATIVE.model.start(ctx)


@settings(
    max_examples=30,
    deadline=None,
)
@given(
    values=parameter_values(INITIATIVE),
    replications=st.integers(1, 3),
)
def test_any_parameters_within_bounds_give_finite_non_negative_outputs(
    values: dict[str, float], replications: int
) -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=replications, periods=3, params=values
    ).outputs
    for code, series in outputs.items():
        assert np.isfinite(series).all(), code
        assert (series >= 0).all(), code
