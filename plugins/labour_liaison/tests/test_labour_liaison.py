"""Behaviour and statistics of the labour-liaison initiative."""

import datetime as dt
from importlib.metadata import entry_points

import numpy as np
import pytest
import vanguard_labour_liaison
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_labour_liaison import COUNTIES, INITIATIVE
from vanguard_labour_liaison.initiative import (
    REPORT_CONSULTATIONS,
    REPORT_EMPLOYERS,
    REPORT_OFFICERS,
    REPORT_RECRUITS,
    REPORT_WORKFORCE,
    RURAL_PLACED,
)

from vanguard import Aggregation, StepContext, Vanguard
from vanguard.testing import (
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

CODES = (
    "liaison.officers",
    "liaison.employers",
    "liaison.workforce",
    "liaison.consultations",
    "liaison.recruits",
)
OFFICERS, EMPLOYERS, WORKFORCE, CONSULTATIONS, RECRUITS = CODES
LEVELS = (OFFICERS, EMPLOYERS, WORKFORCE)
FLOWS = (CONSULTATIONS, RECRUITS)
REPORT = {
    OFFICERS: REPORT_OFFICERS,
    EMPLOYERS: REPORT_EMPLOYERS,
    WORKFORCE: REPORT_WORKFORCE,
    CONSULTATIONS: REPORT_CONSULTATIONS,
    RECRUITS: REPORT_RECRUITS,
}


def year(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per replication: levels at the last period, flows summed; both summed over units."""
    result = {code: outputs[code][-1].sum(axis=1) for code in LEVELS}
    result.update({code: outputs[code].sum(axis=(0, 2)) for code in FLOWS})
    return result


def placed_pool(replications: int, seed: int = 99):
    """A synthetic rural.placed input with rural-transfer's default expectation."""
    rng = np.random.default_rng(seed)
    draws = rng.poisson(RURAL_PLACED / 96, size=(12, replications, 8)).astype(np.float64)
    return lambda period: {"rural.placed": draws[period]}


def test_the_hook_contributes_the_initiative_under_its_catalogue_name() -> None:
    app = Vanguard(plugins=[vanguard_labour_liaison], load_entrypoints=False)
    assert list(app.initiatives()) == ["labour-liaison"]
    assert set(app.indicators()) == set(CODES)


def test_indicators_outputs_and_the_declared_input() -> None:
    assert INITIATIVE.outputs == CODES
    assert INITIATIVE.inputs == ("rural.placed",)
    assert INITIATIVE.default_units == COUNTIES
    by_code = {i.code: i for i in INITIATIVE.indicators}
    for code in LEVELS:
        assert by_code[code].over_time is Aggregation.LAST
    for code in FLOWS:
        assert by_code[code].over_time is Aggregation.SUM


def test_the_distribution_registers_its_entry_point() -> None:
    (entry_point,) = entry_points(group="vanguard", name="labour-liaison")
    assert entry_point.load() is vanguard_labour_liaison


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


def test_levels_never_fall() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=50, inputs=placed_pool(50)).outputs
    for code in LEVELS:
        assert (np.diff(outputs[code], axis=0) >= 0).all()


def test_recruits_never_exceed_the_pool() -> None:
    pool = placed_pool(50)
    outputs = simulate_initiative(
        INITIATIVE, replications=50, inputs=pool, params={"recruit_share": 1.0}
    ).outputs
    for period in range(12):
        available = pool(period)["rural.placed"].sum(axis=1)
        assert (outputs[RECRUITS][period].sum(axis=1) <= available).all()


def _check_report(replications: int, tolerance: float, inputs) -> None:
    means = {
        code: v.mean()
        for code, v in year(
            simulate_initiative(INITIATIVE, replications=replications, inputs=inputs).outputs
        ).items()
    }
    for code, figure in REPORT.items():
        assert means[code] == pytest.approx(figure, rel=tolerance), code


def test_defaults_reproduce_the_report_quickly() -> None:
    _check_report(400, 0.05, placed_pool(400))


@pytest.mark.slow
def test_defaults_reproduce_the_report_within_2_percent_over_10000_runs() -> None:
    _check_report(10_000, 0.02, placed_pool(10_000))


def test_rural_transfer_placements_as_the_pool_reproduce_the_recruits() -> None:
    rural = pytest.importorskip("vanguard_rural_transfer")
    placed = simulate_initiative(rural.INITIATIVE, replications=400, seed=1).outputs["rural.placed"]
    outputs = simulate_initiative(
        INITIATIVE, replications=400, inputs=lambda p: {"rural.placed": placed[p]}
    ).outputs
    assert year(outputs)[RECRUITS].mean() == pytest.approx(REPORT_RECRUITS, rel=0.05)


def test_an_omitted_input_draws_the_standalone_pool() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=400).outputs
    assert year(outputs)[RECRUITS].mean() == pytest.approx(REPORT_RECRUITS, rel=0.05)
    none = simulate_initiative(INITIATIVE, replications=20, params={"standalone_pool": 0.0}).outputs
    assert none[RECRUITS].sum() == 0


def test_an_empty_pool_recruits_nobody_but_the_rest_goes_on() -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=20, inputs=lambda _p: {"rural.placed": np.zeros((20, 8))}
    ).outputs
    assert outputs[RECRUITS].sum() == 0
    assert outputs[CONSULTATIONS].sum() > 0


def test_a_pool_given_per_replication_or_as_a_scalar_is_accepted() -> None:
    per_replication = simulate_initiative(
        INITIATIVE, replications=3, inputs=lambda _p: {"rural.placed": np.full(3, 5000.0)}
    ).outputs
    scalar = simulate_initiative(
        INITIATIVE, replications=3, inputs=lambda _p: {"rural.placed": np.float64(5000.0)}
    ).outputs
    assert per_replication[RECRUITS].sum() > 0
    assert scalar[RECRUITS].sum() > 0


def test_a_pool_of_the_wrong_shape_is_named_in_the_error() -> None:
    assert INITIATIVE.model is not None
    params = {k: np.asarray(v).reshape(1, 1) for k, v in INITIATIVE.defaults().items()}
    ctx = StepContext(0, 12, dt.date(2006, 1, 1), 4, COUNTIES, params, np.random.default_rng(0))
    state = INITIATIVE.model.start(ctx)
    with pytest.raises(ValueError, match=r"rural\.placed"):
        INITIATIVE.model.step(state, {"rural.placed": np.ones((3, 8))}, ctx)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("appointment_rate", OFFICERS),
        ("employers_per_officer", EMPLOYERS),
        ("workers_per_employer", WORKFORCE),
        ("consultation_rate", CONSULTATIONS),
        ("recruit_share", RECRUITS),
    ],
)
def test_raising_a_parameter_raises_its_outcome(name: str, code: str) -> None:
    base = INITIATIVE.parameter(name).default
    pool = placed_pool(300)
    low = year(
        simulate_initiative(INITIATIVE, replications=300, inputs=pool, params={name: base}).outputs
    )
    high = year(
        simulate_initiative(
            INITIATIVE, replications=300, inputs=pool, params={name: base * 1.3}
        ).outputs
    )
    assert high[code].mean() > low[code].mean() * 1.1


def test_more_placed_workers_mean_more_recruits() -> None:
    small = simulate_initiative(
        INITIATIVE, replications=200, inputs=lambda _p: {"rural.placed": np.full((200, 8), 300.0)}
    ).outputs
    large = simulate_initiative(
        INITIATIVE, replications=200, inputs=lambda _p: {"rural.placed": np.full((200, 8), 900.0)}
    ).outputs
    assert year(large)[RECRUITS].mean() > 2.5 * year(small)[RECRUITS].mean()


def test_no_officer_no_employer_no_recruit() -> None:
    outputs = simulate_initiative(
        INITIATIVE,
        replications=20,
        inputs=placed_pool(20),
        params={"initial_officers_per_unit": 0.0, "appointment_rate": 0.0},
    ).outputs
    for code in CODES:
        assert outputs[code].sum() == 0, code


def test_recruits_are_shared_among_units_by_their_linked_employers() -> None:
    assert INITIATIVE.model is not None
    params = {k: np.asarray(v).reshape(1, 1) for k, v in INITIATIVE.defaults().items()}
    params["appointment_rate"] = np.zeros((1, 1))  # no new links: the employers stay put
    params["recruit_share"] = np.full((1, 1), 0.5)
    replications = 2000
    ctx = StepContext(
        0, 12, dt.date(2006, 1, 1), replications, COUNTIES, params, np.random.default_rng(3)
    )
    employers = np.array([10.0, 0, 30, 0, 0, 0, 0, 60])
    state = {
        "officers": np.ones((replications, 8)),
        "employers": np.tile(employers, (replications, 1)),
        "workforce": np.zeros((replications, 8)),
    }
    pool = {"rural.placed": np.full((replications, 8), 125.0)}  # 1,000 a month city-wide
    recruits = INITIATIVE.model.step(state, pool, ctx)[RECRUITS]
    assert (recruits[:, employers == 0] == 0).all()
    shares = recruits.sum(axis=0) / recruits.sum()
    np.testing.assert_allclose(shares, employers / employers.sum(), atol=0.005)
    assert recruits.sum(axis=1).mean() == pytest.approx(500, rel=0.01)


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
