"""Behaviour and statistics of the window-competition initiative."""

import datetime as dt
from importlib.metadata import entry_points

import numpy as np
import pytest
import vanguard_window_competition
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_window_competition import INITIATIVE, MODEL_WINDOW, WINDOWS, score_year
from vanguard_window_competition.awards import performance_ranks, ranks

from vanguard import Campaign, Direction, InitiativeUse, Label, Program, StepContext, Vanguard
from vanguard.testing import (
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

CODES = (
    "windows.served",
    "windows.errors",
    "windows.error_rate",
    "windows.waiting_minutes",
    "windows.satisfaction",
    "windows.competition_points",
)
SERVED, ERRORS, RATE, WAITING, SATISFACTION, POINTS = CODES
D = INITIATIVE.defaults()
ROUND_MONTHS = (3, 6, 9, 12)


def gap_factors(emulation: float, boost: float, rounds: tuple[int, ...] = ROUND_MONTHS):
    """c_t: a non-model window's gap in month t (0-based) is g0 x c_t."""
    factors, c = [], 1.0
    for month in range(1, 13):
        factors.append(c)
        c *= (1 - emulation) * (1 - (boost if month in rounds else 0.0))
    return np.array(factors)


def expected_year() -> dict[str, np.ndarray]:
    """Exact expected year figures per window, model window first, with the defaults."""
    c = gap_factors(D["emulation_rate"], D["round_boost"])
    g = D["initial_gap"] * c  # E[g_t]
    g2 = D["initial_gap"] ** 2 * (1 + 1 / 12) * c**2  # E[g_t^2], g0 = gap x U(0.5, 1.5)
    s, f = D["served_per_month"], D["throughput_gap_factor"]
    e, k = D["best_error_rate"], D["error_gap_factor"]
    other = {
        SERVED: (s * (1 - f * g)).sum(),
        ERRORS: (s * e * (1 + (k - f) * g - f * k * g2)).sum(),
        WAITING: (D["best_waiting_minutes"] * (1 + D["waiting_gap_factor"] * g)).mean(),
        SATISFACTION: (
            100 * D["best_satisfaction"] * (1 - D["satisfaction_gap_factor"] * g)
        ).mean(),
    }
    model = {
        SERVED: 12 * s,
        ERRORS: 12 * s * e,
        WAITING: D["best_waiting_minutes"],
        SATISFACTION: 100 * D["best_satisfaction"],
    }
    return {code: np.array([model[code]] + [other[code]] * 4) for code in other}


def year(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per replication and window: flows summed over months, levels averaged."""
    return {
        SERVED: outputs[SERVED].sum(axis=0),
        ERRORS: outputs[ERRORS].sum(axis=0),
        WAITING: outputs[WAITING].mean(axis=0),
        SATISFACTION: outputs[SATISFACTION].mean(axis=0),
        POINTS: outputs[POINTS].sum(axis=0),
    }


def program_using(units: tuple[str, ...]) -> Program:
    return Program(
        id="p",
        name=Label(en="P"),
        campaign=Campaign(id="c", name=Label(en="C")),
        start=dt.date(2006, 1, 1),
        end=dt.date(2006, 12, 31),
        initiatives=(
            InitiativeUse(name="rural-transfer"),
            InitiativeUse(name="window-competition", units=units),
        ),
    )


def test_the_hook_contributes_the_initiative_under_its_catalogue_name() -> None:
    app = Vanguard(plugins=[vanguard_window_competition], load_entrypoints=False)
    assert list(app.initiatives()) == ["window-competition"]
    assert set(app.indicators()) == set(CODES)


def test_indicators_units_and_scoring_follow_the_catalogue() -> None:
    assert INITIATIVE.outputs == tuple(code for code in CODES if code != RATE)  # from parts
    assert WINDOWS[0] == MODEL_WINDOW == "employment-training-centre"
    assert INITIATIVE.default_units == WINDOWS
    assert INITIATIVE.score is score_year
    by_code = {i.code: i for i in INITIATIVE.indicators}
    for code in (ERRORS, RATE, WAITING):
        assert by_code[code].direction is Direction.LOWER
    assert by_code[SATISFACTION].unit == "percent"


def test_the_distribution_registers_its_entry_point() -> None:
    (entry_point,) = [
        ep for ep in entry_points(group="vanguard") if ep.name == "window-competition"
    ]
    assert entry_point.load() is vanguard_window_competition


def test_conforms_to_the_initiative_contract() -> None:
    assert_initiative_conforms(INITIATIVE)


def test_conforms_without_the_model_window_among_the_units() -> None:
    assert_initiative_conforms(INITIATIVE, units=("a", "b", "c"), periods=12)


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


def test_a_round_a_quarter_awards_10_8_6_4_2_at_each_quarter_end() -> None:
    points = simulate_initiative(INITIATIVE, replications=30).outputs[POINTS]
    for month in range(1, 13):
        awarded = points[month - 1]
        if month in ROUND_MONTHS:
            assert (awarded.max(axis=1) == 10).all()
            ahead = (awarded[:, None, :] > awarded[:, :, None]).sum(axis=2)
            np.testing.assert_array_equal(awarded, 10 - 2 * ahead)
        else:
            assert (awarded == 0).all()
    strict = np.sort(points[2], axis=1)
    assert (strict == [2, 4, 6, 8, 10]).all(axis=1).mean() > 0.9  # ties are rare


@pytest.mark.parametrize(("rounds", "months"), [(0, 0), (1, 4), (2, 8), (3, 12)])
def test_rounds_per_quarter_sets_how_many_months_hold_a_round(rounds, months) -> None:
    points = simulate_initiative(
        INITIATIVE, replications=3, params={"rounds_per_quarter": float(rounds)}
    ).outputs
    held = (points[POINTS].sum(axis=2) > 0).all(axis=1)
    assert held.sum() == months


def test_the_model_window_is_the_benchmark_and_mostly_wins() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=300).outputs
    points = year(outputs)[POINTS]
    assert (points[:, 0] >= points[:, 1:].max(axis=1)).mean() > 0.9
    model_satisfaction = outputs[SATISFACTION][:, :, 0].mean(axis=1)
    assert model_satisfaction[0] == pytest.approx(model_satisfaction[-1], abs=0.5)


def test_other_windows_close_their_gap_by_emulation() -> None:
    outputs = simulate_initiative(INITIATIVE, replications=300).outputs
    others = outputs[SATISFACTION][:, :, 1:].mean(axis=(1, 2))
    waiting = outputs[WAITING][:, :, 1:].mean(axis=(1, 2))
    assert others[-1] > others[0] + 5
    assert waiting[-1] < waiting[0] - 2
    frozen = (
        simulate_initiative(
            INITIATIVE, replications=300, params={"emulation_rate": 0.0, "round_boost": 0.0}
        )
        .outputs[SATISFACTION][:, :, 1:]
        .mean(axis=(1, 2))
    )
    assert frozen[-1] == pytest.approx(frozen[0], abs=1.0)


def test_a_higher_emulation_rate_improves_the_others_faster() -> None:
    slow = year(
        simulate_initiative(INITIATIVE, replications=300, params={"emulation_rate": 0.02}).outputs
    )
    fast = year(
        simulate_initiative(INITIATIVE, replications=300, params={"emulation_rate": 0.15}).outputs
    )
    assert fast[SATISFACTION][:, 1:].mean() > slow[SATISFACTION][:, 1:].mean()
    assert fast[WAITING][:, 1:].mean() < slow[WAITING][:, 1:].mean()
    assert fast[SERVED][:, 1:].mean() > slow[SERVED][:, 1:].mean()
    fast_rate = fast[ERRORS][:, 1:].sum() / fast[SERVED][:, 1:].sum()
    slow_rate = slow[ERRORS][:, 1:].sum() / slow[SERVED][:, 1:].sum()
    assert fast_rate < slow_rate


def test_without_the_model_window_the_best_window_is_the_benchmark() -> None:
    units = ("a", "b", "c")
    outputs = simulate_initiative(INITIATIVE, replications=200, units=units).outputs
    assert outputs[SATISFACTION].shape == (12, 200, 3)
    spread = outputs[SATISFACTION].std(axis=2).mean(axis=1)
    assert spread[-1] < spread[0]


def _check_expectations(replications: int, tolerance: float) -> None:
    simulated = year(simulate_initiative(INITIATIVE, replications=replications).outputs)
    for code, expected in expected_year().items():
        np.testing.assert_allclose(simulated[code].mean(axis=0), expected, rtol=tolerance)


def test_the_simulated_year_matches_the_exact_expectation_quickly() -> None:
    _check_expectations(400, 0.05)


@pytest.mark.slow
def test_the_simulated_year_matches_the_exact_expectation_within_2_percent() -> None:
    _check_expectations(10_000, 0.02)


def test_the_year_score_ranks_by_points_then_performance() -> None:
    totals = {
        POINTS: np.array([[40.0, 20.0, 20.0, 36.0]]),
        SERVED: np.array([[100.0, 90.0, 95.0, 100.0]]),
        ERRORS: np.array([[1.0, 1.0, 1.0, 1.0]]),
        WAITING: np.array([[10.0, 12.0, 11.0, 10.0]]),
        SATISFACTION: np.array([[95.0, 85.0, 90.0, 95.0]]),
    }
    awarded = score_year(totals, ("a", "b", "c", "d"), {})
    np.testing.assert_array_equal(awarded, [[10.0, 4.0, 6.0, 8.0]])


def test_the_year_score_uses_the_award_parameters_and_never_goes_negative() -> None:
    points = np.array([[6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0]])
    params = {"first_prize_points": np.array([[5.0]]), "points_step": np.array([[1.0]])}
    awarded = score_year({POINTS: points}, tuple("abcdefg"), params)
    np.testing.assert_array_equal(awarded, [[5.0, 4.0, 3.0, 2.0, 1.0, 0.0, 0.0]])


def test_the_year_score_works_from_performance_alone_per_replication() -> None:
    served = np.array([[10.0, 20.0], [20.0, 10.0], [10.0, 10.0]])
    totals = {SERVED: served, RATE: np.zeros((3, 2)), WAITING: np.ones((3, 2))}
    awarded = score_year(totals, ("a", "b"), {})
    np.testing.assert_array_equal(awarded, [[8.0, 10.0], [10.0, 8.0], [10.0, 10.0]])


def test_ranks_put_the_largest_first_and_ties_share_the_better_rank() -> None:
    np.testing.assert_array_equal(ranks(np.array([[1.0, 3.0, 3.0, 2.0]])), [[3, 0, 0, 2]])
    best = performance_ranks(
        served=np.array([[10.0, 10.0]]),
        error_rate=np.array([[0.1, 0.1]]),
        waiting=np.array([[5.0, 5.0]]),
        satisfaction=np.array([[80.0, 90.0]]),
    )
    np.testing.assert_array_equal(best, [[1, 0]])


def test_the_program_check_wants_two_distinct_windows() -> None:
    assert INITIATIVE.check_program is not None
    fine = program_using(WINDOWS)
    assert list(INITIATIVE.check_program(fine, fine.initiatives[1])) == []
    defaults = program_using(())
    assert list(INITIATIVE.check_program(defaults, defaults.initiatives[1])) == []
    alone = program_using((MODEL_WINDOW,))
    (problem,) = INITIATIVE.check_program(alone, alone.initiatives[1])
    assert problem.location == "initiatives[1].units"
    assert "at least two windows" in problem.message
    twice = program_using((MODEL_WINDOW, "a", "a"))
    (problem,) = INITIATIVE.check_program(twice, twice.initiatives[1])
    assert "listed more than once: a" in problem.message


def test_a_missing_parameter_is_named_in_the_error() -> None:
    assert INITIATIVE.model is not None
    ctx = StepContext(0, 12, dt.date(2006, 1, 1), 2, WINDOWS, {}, np.random.default_rng(0))
    with pytest.raises(KeyError, match="initial_gap"):
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
