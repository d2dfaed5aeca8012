"""Coupled Poisson draws (``StepContext.poisson``): monotone in the rate, Poisson in law,
a lever at 1.0 changes nothing, and runs are bit-identical whatever the chunking."""

import math
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import vanguard_entrepreneurship
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import Vanguard
from vanguard.plugins.draws import log_factorial, poisson_quantile
from vanguard.simulation import Lever, Scenario, compare, simulate

TRAINED = "entrepreneurship.trained"

PROGRAM = """
id = "crn"
name = "Coupled draws"
start = 2006-01-01
end = 2006-12-31
campaign = { id = "vanguard", name = "Vanguard practice" }

[[initiatives]]
name = "entrepreneurship-training"

[[pillars]]
id = "p1"
name = "Results"

[[tasks]]
id = "t1"
name = "Train people"
pillar = "p1"
targets = [{ indicator = "entrepreneurship.trained", value = 3000 }]
"""

rates = st.floats(0.0, 400.0, allow_nan=False, allow_infinity=False)
uniforms = st.lists(st.floats(0.0, 1.0, exclude_max=True), min_size=1, max_size=30)


@given(u=uniforms, low=rates, factor=st.floats(1.0, 3.0))
@settings(deadline=None, max_examples=300)
def test_a_larger_rate_never_gives_fewer_events_for_the_same_uniforms(
    u: list[float], low: float, factor: float
) -> None:
    cells = np.array(u)
    high = low * factor
    assert (poisson_quantile(cells, high) >= poisson_quantile(cells, low)).all()


@given(u=uniforms, rate=rates)
@settings(deadline=None, max_examples=200)
def test_the_count_is_the_smallest_whose_cumulative_probability_exceeds_the_uniform(
    u: list[float], rate: float
) -> None:
    cells = np.array(u)
    counts = poisson_quantile(cells, rate)
    assert (counts == np.floor(counts)).all()
    assert (counts >= 0).all()
    if rate == 0:
        assert (counts == 0).all()
        return
    # Check against the CDF summed in log space from 0 (independent of the table's start).
    for cell, k in zip(cells.tolist(), counts.tolist(), strict=True):
        ks = np.arange(k + 1.0)
        pmf = np.exp(ks * math.log(rate) - rate - log_factorial(ks))
        cdf = np.cumsum(pmf)
        assert cdf[-1] > cell - 1e-9
        if k > 0:
            assert cdf[-2] <= cell + 1e-9


@pytest.mark.parametrize("rate", [0.3, 2.5, 11.0, 46.0, 260.0])
def test_the_law_is_poisson_mean_variance_and_chi_square(rate: float) -> None:
    n = 200_000
    ours = poisson_quantile(np.random.default_rng(np.random.SeedSequence(11)).random(n), rate)
    theirs = np.random.default_rng(np.random.SeedSequence(12)).poisson(rate, n)
    # Mean and variance within 5 standard errors of Poisson's (var of s^2 ~ (2l^2 + l)/n).
    assert abs(ours.mean() - rate) < 5 * math.sqrt(rate / n)
    assert abs(ours.var() - rate) < 5 * math.sqrt((2 * rate * rate + rate) / n)
    # Two-sample chi-square on bins holding >= 50 expected counts in the pooled sample.
    edges = np.unique(np.quantile(np.concatenate([ours, theirs]), np.linspace(0, 1, 21)))
    a = np.histogram(ours, np.append(edges, np.inf))[0]
    b = np.histogram(theirs, np.append(edges, np.inf))[0]
    keep = (a + b) > 0
    a, b = a[keep], b[keep]
    chi2 = float((((a - b) ** 2) / (a + b)).sum())
    dof = len(a) - 1
    # 99.99 % point of chi-square(dof) by Wilson-Hilferty (z = 3.72).
    limit = dof * (1 - 2 / (9 * dof) + 3.72 * math.sqrt(2 / (9 * dof))) ** 3
    assert chi2 < limit


@pytest.fixture
def app() -> Vanguard:
    return Vanguard(plugins=[vanguard_entrepreneurship], load_entrypoints=False)


def _fingerprint(result: object) -> tuple[bytes, ...]:
    tally = result.tally  # type: ignore[attr-defined]
    return tuple(
        getattr(tally, name).tobytes()
        for name in ("total", "squares", "finite", "histogram", "met", "low", "high")
    )


def test_a_lever_at_one_gives_the_baseline_bit_for_bit(app: Vanguard) -> None:
    program = app.parse_program(PROGRAM, check=False)
    same = Scenario("same", (Lever("entrepreneurship-training", "trainees_per_month", scale=1.0),))
    comparison = compare(program, [same], 3000, 5, app=app)
    for code in comparison.baseline.collected:
        assert comparison.scenarios["same"].values(code).tobytes() == (
            comparison.baseline.values(code).tobytes()
        )
    assert _fingerprint(comparison.scenarios["same"]) == _fingerprint(comparison.baseline)


def test_more_places_never_train_fewer_in_any_replication(app: Vanguard) -> None:
    program = app.parse_program(PROGRAM, check=False)
    more = Scenario("more", (Lever("entrepreneurship-training", "trainees_per_month", scale=1.2),))
    comparison = compare(program, [more], 3000, 5, app=app, indicators=[TRAINED])
    difference = comparison.difference("more", TRAINED)
    assert (difference >= 0).all()
    before, after = (
        comparison.baseline.values(TRAINED),
        comparison.scenarios["more"].values(TRAINED),
    )
    assert np.corrcoef(before, after)[0, 1] > 0.9


def test_coupled_runs_are_identical_across_chunkings_and_workers(app: Vanguard) -> None:
    program = app.parse_program(PROGRAM, check=False)
    more = Scenario("more", (Lever("entrepreneurship-training", "trainees_per_month", scale=1.2),))
    n = 5000  # five blocks, the last one short
    reference = _fingerprint(simulate(program, n, 7, app=app, scenario=more))
    for size in (1, 2, 3):
        result = simulate(program, n, 7, app=app, scenario=more, blocks_per_chunk=size)
        assert _fingerprint(result) == reference
    with ProcessPoolExecutor(2) as processes:
        result = simulate(
            program, n, 7, app=app, scenario=more, executor=processes, blocks_per_chunk=2
        )
    assert _fingerprint(result) == reference


@given(
    # Uniforms within 1e-9 of 1 are left out: there the sums of the two paths round to 1.0
    # at different counts (a chance under 1e-9 a cell; both far in the tail).
    u=st.lists(st.floats(0.0, 1.0 - 1e-9), min_size=65, max_size=120),
    rates=st.lists(rates, min_size=65, max_size=120),
)
@settings(deadline=None, max_examples=100)
def test_many_distinct_rates_give_the_counts_of_one_table_per_rate(
    u: list[float], rates: list[float]
) -> None:
    """Past 64 distinct rates every cell sums its own probabilities: the same counts as
    looking each cell up in its rate's table (the two paths of poisson_quantile)."""
    n = min(len(u), len(rates))
    cells, lam = np.array(u[:n]), np.array(rates[:n])
    one_by_one = np.array([poisson_quantile(cells[i : i + 1], lam[i])[0] for i in range(n)])
    assert np.array_equal(poisson_quantile(cells, lam), one_by_one)
