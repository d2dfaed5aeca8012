"""Behaviour and statistics of the entrepreneurship-training initiative."""

from importlib.metadata import entry_points

import numpy as np
import pytest
import vanguard_entrepreneurship
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_entrepreneurship import COUNTIES, INITIATIVE
from vanguard_entrepreneurship.initiative import REPORT_JOBS, REPORT_STARTUPS, REPORT_TRAINED

from vanguard import Aggregation, Vanguard
from vanguard.testing import (
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

CODES = (
    "entrepreneurship.trained",
    "entrepreneurship.startups",
    "entrepreneurship.jobs",
    "entrepreneurship.startup_rate",
)


def totals(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Year totals per replication (summed over periods and counties)."""
    return {code: values.sum(axis=(0, 2)) for code, values in outputs.items()}


def test_the_hook_contributes_the_initiative_under_its_catalogue_name() -> None:
    app = Vanguard(plugins=[vanguard_entrepreneurship], load_entrypoints=False)
    assert list(app.initiatives()) == ["entrepreneurship-training"]
    assert set(app.indicators()) == set(CODES)


def test_indicators_and_outputs_follow_the_catalogue() -> None:
    assert INITIATIVE.outputs == CODES[:3]  # the rate is derived by the engine from its parts
    assert INITIATIVE.default_units == COUNTIES
    assert len(COUNTIES) == 8
    rate = {i.code: i for i in INITIATIVE.indicators}["entrepreneurship.startup_rate"]
    assert rate.over_time is Aggregation.RATIO
    assert (rate.numerator, rate.denominator) == (CODES[1], CODES[0])


def test_the_distribution_registers_its_entry_point() -> None:
    (entry_point,) = [
        ep for ep in entry_points(group="vanguard") if ep.name == "entrepreneurship-training"
    ]
    assert entry_point.load() is vanguard_entrepreneurship


def test_conforms_to_the_initiative_contract() -> None:
    assert_initiative_conforms(INITIATIVE)


def test_every_parameter_is_documented_with_a_source_and_a_prior_within_bounds() -> None:
    rng = np.random.default_rng(0)
    for parameter in INITIATIVE.parameters:
        assert parameter.description
        assert parameter.source
        assert parameter.unit
        assert parameter.prior is not None
        # uniform priors: what the Sobol sensitivity analysis samples from
        assert parameter.prior.distribution == "uniform"
        assert parameter.prior.a <= parameter.default <= parameter.prior.b
        draws = parameter.prior.sample(rng, 2000)
        assert draws.min() >= parameter.lower
        assert draws.max() <= parameter.upper


def test_start_ups_never_exceed_trainees_and_jobs_at_least_start_ups() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=200).outputs
    assert (outputs[CODES[1]] <= outputs[CODES[0]]).all()
    assert (outputs[CODES[2]] >= outputs[CODES[1]]).all()


def _check_report_totals(replications: int, tolerance: float) -> None:
    means = {
        c: v.mean()
        for c, v in totals(
            simulate_initiative(INITIATIVE, replications=replications).outputs
        ).items()
    }
    assert means[CODES[0]] == pytest.approx(REPORT_TRAINED, rel=tolerance)
    assert means[CODES[1]] == pytest.approx(REPORT_STARTUPS, rel=tolerance)
    assert means[CODES[2]] == pytest.approx(REPORT_JOBS, rel=tolerance)


def test_defaults_reproduce_the_report_totals_quickly() -> None:
    _check_report_totals(replications=400, tolerance=0.05)


@pytest.mark.slow
def test_defaults_reproduce_the_report_totals_within_2_percent_over_10000_runs() -> None:
    _check_report_totals(replications=10_000, tolerance=0.02)


def test_the_year_start_up_rate_is_the_reports_39_4_percent() -> None:
    year = totals(simulate_initiative(INITIATIVE, replications=400).outputs)
    pooled = year[CODES[1]].sum() / year[CODES[0]].sum()
    assert pooled == pytest.approx(1213 / 3079, abs=0.01)


def test_the_benchmark_configuration_is_expressible_and_has_its_expectation() -> None:
    params = {
        "trainees_per_month": 9.0,
        "startup_probability": 0.394,
        "extra_jobs_per_startup": 2.07,
    }
    for parameter in INITIATIVE.parameters:
        assert parameter.lower <= params[parameter.name] <= parameter.upper
    year = totals(
        simulate_initiative(INITIATIVE, replications=400, periods=36, params=params).outputs
    )
    trained = 9 * 36 * 8
    assert year[CODES[0]].mean() == pytest.approx(trained, rel=0.02)
    assert year[CODES[1]].mean() == pytest.approx(trained * 0.394, rel=0.03)
    assert year[CODES[2]].mean() == pytest.approx(trained * 0.394 * 3.07, rel=0.03)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("trainees_per_month", CODES[0]),
        ("startup_probability", CODES[1]),
        ("extra_jobs_per_startup", CODES[2]),
    ],
)
def test_raising_a_parameter_raises_its_outcome(name: str, code: str) -> None:
    base = INITIATIVE.parameter(name).default
    low = totals(simulate_initiative(INITIATIVE, replications=300, params={name: base}).outputs)[
        code
    ].mean()
    high = totals(
        simulate_initiative(INITIATIVE, replications=300, params={name: base * 1.2}).outputs
    )[code].mean()
    assert high > low * 1.1


def test_parameters_vary_per_replication() -> None:
    """A scenario run passes one value per replication; each replication uses its own."""
    rates = np.array([0.0, 30.0, 0.0, 60.0])
    year = totals(
        simulate_initiative(
            INITIATIVE, replications=4, params={"trainees_per_month": rates}
        ).outputs
    )
    trained = year[CODES[0]]
    assert trained[0] == 0
    assert trained[2] == 0
    assert trained[3] > trained[1] > 0


def test_nobody_starts_a_business_when_the_probability_is_zero() -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=50, params={"startup_probability": 0.0}
    ).outputs
    assert outputs[CODES[0]].sum() > 0
    assert outputs[CODES[1]].sum() == 0
    assert outputs[CODES[2]].sum() == 0


def test_a_missing_parameter_is_named_in_the_error() -> None:
    import datetime as dt

    from vanguard import StepContext

    assert INITIATIVE.model is not None
    ctx = StepContext(0, 12, dt.date(2006, 1, 1), 2, COUNTIES, {}, np.random.default_rng(0))
    with pytest.raises(KeyError, match="trainees_per_month"):
        INITIATIVE.model.step({}, {}, ctx)


@settings(
    max_examples=40,
    deadline=None,
)
@given(values=parameter_values(INITIATIVE), replications=st.integers(1, 5))
def test_any_parameters_within_bounds_give_consistent_counts(
    values: dict[str, float], replications: int
) -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=replications, periods=2, params=values
    ).outputs
    trained, startups, jobs = (outputs[c] for c in CODES[:3])
    assert (trained >= 0).all()
    assert (startups <= trained).all()
    assert (jobs >= startups).all()
    assert np.array_equal(trained, np.round(trained))
