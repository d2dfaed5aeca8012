"""Behaviour and statistics of the rural-transfer initiative."""

import datetime as dt
from importlib.metadata import entry_points

import numpy as np
import pytest
import vanguard_rural_transfer
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_rural_transfer import COUNTIES, INITIATIVE
from vanguard_rural_transfer.initiative import REPORT_PLACED, REPORT_TRAINED

from vanguard import Aggregation, StepContext, Vanguard
from vanguard.testing import (
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

CODES = ("rural.trained", "rural.placed", "rural.transferred_out", "rural.placement_rate")
TRAINED, PLACED, OUT, RATE = CODES


def totals(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Year totals per replication (summed over periods and counties)."""
    return {code: values.sum(axis=(0, 2)) for code, values in outputs.items()}


def test_the_hook_contributes_the_initiative_under_its_catalogue_name() -> None:
    app = Vanguard(plugins=[vanguard_rural_transfer], load_entrypoints=False)
    assert list(app.initiatives()) == ["rural-transfer"]
    assert set(app.indicators()) == set(CODES)


def test_indicators_and_outputs_follow_the_catalogue() -> None:
    assert INITIATIVE.outputs == CODES[:3]  # the rate is derived by the engine from its parts
    assert INITIATIVE.inputs == ()
    assert INITIATIVE.default_units == COUNTIES
    rate = {i.code: i for i in INITIATIVE.indicators}[RATE]
    assert rate.over_time is Aggregation.RATIO
    assert (rate.numerator, rate.denominator) == (PLACED, TRAINED)


def test_the_distribution_registers_its_entry_point() -> None:
    (entry_point,) = entry_points(group="vanguard", name="rural-transfer")
    assert entry_point.load() is vanguard_rural_transfer


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


def test_transferred_out_within_placed_within_trained() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=100).outputs
    assert (outputs[OUT] <= outputs[PLACED]).all()
    assert (outputs[PLACED] <= outputs[TRAINED]).all()


def _check_report_totals(replications: int, tolerance: float) -> None:
    year = totals(simulate_initiative(INITIATIVE, replications=replications).outputs)
    assert year[TRAINED].mean() == pytest.approx(REPORT_TRAINED, rel=tolerance)
    assert year[PLACED].mean() == pytest.approx(REPORT_PLACED, rel=tolerance)
    pooled = year[PLACED].sum() / year[TRAINED].sum()
    assert pooled == pytest.approx(REPORT_PLACED / REPORT_TRAINED, rel=tolerance)


def test_defaults_reproduce_the_report_totals_quickly() -> None:
    _check_report_totals(replications=300, tolerance=0.05)


@pytest.mark.slow
def test_defaults_reproduce_the_report_totals_within_2_percent_over_10000_runs() -> None:
    _check_report_totals(replications=10_000, tolerance=0.02)


def test_half_of_the_placed_leave_their_county_by_default() -> None:
    year = totals(simulate_initiative(INITIATIVE, replications=200).outputs)
    assert year[OUT].sum() / year[PLACED].sum() == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("trainees_per_month", TRAINED),
        ("placement_probability", PLACED),
        ("out_of_county_share", OUT),
    ],
)
def test_raising_a_parameter_raises_its_outcome(name: str, code: str) -> None:
    base = INITIATIVE.parameter(name).default
    low = totals(simulate_initiative(INITIATIVE, replications=200, params={name: base}).outputs)[
        code
    ].mean()
    high = totals(
        simulate_initiative(INITIATIVE, replications=200, params={name: base * 1.2}).outputs
    )[code].mean()
    assert high > low * 1.1


def test_parameters_vary_per_replication() -> None:
    probabilities = np.array([0.0, 1.0, 0.5])
    outputs = simulate_initiative(
        INITIATIVE, replications=3, params={"placement_probability": probabilities}
    ).outputs
    year = totals(outputs)
    assert year[PLACED][0] == 0
    assert year[PLACED][1] == year[TRAINED][1]
    assert 0 < year[PLACED][2] < year[TRAINED][2]


def test_a_missing_parameter_is_named_in_the_error() -> None:
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
    assert (outputs[TRAINED] >= 0).all()
    assert (outputs[PLACED] <= outputs[TRAINED]).all()
    assert (outputs[OUT] <= outputs[PLACED]).all()
