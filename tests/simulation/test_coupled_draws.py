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
from vanguard.plugins.draws import binomial_quantile, log_factorial, poisson_quantile
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


# ---- the guide of a table: the same counts as the binary search it stands for ----------
@given(
    # steps of 2**-12 (the guide's edges) and arbitrary uniforms, mixed
    u=st.lists(
        st.one_of(
            st.integers(0, 4095).map(lambda k: k / 4096), st.floats(0.0, 1.0, exclude_max=True)
        ),
        min_size=1,
        max_size=40,
    ),
    rate=rates,
)
@settings(deadline=None, max_examples=300)
def test_the_guide_gives_the_counts_of_the_binary_search(u: list[float], rate: float) -> None:
    """The guide's counts are those of searching the table itself (the rule before the
    guide): ``first + min(searchsorted(cumulative, u, "right"), len - 1)``."""
    from vanguard.plugins.draws import _TOP, _cumulative

    cells = np.minimum(np.array(u), _TOP)
    if rate == 0:
        expected = np.zeros(cells.shape)
    else:
        first, cumulative = _cumulative(rate)
        found = np.searchsorted(cumulative, cells, side="right")
        expected = first + np.minimum(found, len(cumulative) - 1)
    assert np.array_equal(poisson_quantile(cells, rate), expected)
    # and the same through the many-rates path (two rates: each cell its table's count)
    both = poisson_quantile(
        np.concatenate([cells, cells]), np.repeat([rate, rate + 1.0], len(cells))
    )
    assert np.array_equal(both[: len(cells)], expected)


# ---- coupled binomial draws ------------------------------------------------------------
probabilities = st.floats(0.0, 1.0, allow_nan=False)
trials = st.lists(st.integers(0, 3000), min_size=1, max_size=30)


@given(u=uniforms, n=trials, low=probabilities, more=st.floats(0.0, 1.0))
@settings(deadline=None, max_examples=300)
def test_a_larger_probability_never_gives_fewer_successes_for_the_same_uniforms(
    u: list[float], n: list[int], low: float, more: float
) -> None:
    size = min(len(u), len(n))
    cells, counts = np.array(u[:size]), np.array(n[:size], dtype=np.float64)
    high = min(1.0, low + more * (1.0 - low))
    lower = binomial_quantile(cells, counts, low)
    higher = binomial_quantile(cells, counts, high)
    assert (higher >= lower).all()
    assert ((lower >= 0) & (higher <= counts)).all()


@given(u=uniforms, n=st.integers(0, 60), p=probabilities)
@settings(deadline=None, max_examples=200)
def test_the_successes_are_the_smallest_count_whose_cumulative_probability_exceeds_the_uniform(
    u: list[float], n: int, p: float
) -> None:
    cells = np.array(u)
    counts = binomial_quantile(cells, n, p)
    assert (counts == np.floor(counts)).all()
    # The CDF summed exactly (fractions of whole binomial coefficients), from 0.
    pmf = [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]
    cdf = np.cumsum(pmf)
    for cell, k in zip(cells.tolist(), counts.astype(int).tolist(), strict=True):
        assert cdf[k] > cell - 1e-9 or k == n
        if k > 0:
            assert cdf[k - 1] <= cell + 1e-9


@pytest.mark.parametrize(("n", "p"), [(3, 0.2), (40, 0.5), (400, 0.03), (2500, 0.7)])
def test_the_law_is_binomial_mean_variance_and_chi_square(n: int, p: float) -> None:
    size = 200_000
    uniforms_ = np.random.default_rng(np.random.SeedSequence(21)).random(size)
    ours = binomial_quantile(uniforms_, n, p)
    theirs = np.random.default_rng(np.random.SeedSequence(22)).binomial(n, p, size)
    variance = n * p * (1 - p)
    assert abs(ours.mean() - n * p) < 5 * math.sqrt(variance / size)
    assert abs(ours.var() - variance) < 5 * variance * math.sqrt(2 / size) + 1e-9
    edges = np.unique(np.quantile(np.concatenate([ours, theirs]), np.linspace(0, 1, 21)))
    a = np.histogram(ours, np.append(edges, np.inf))[0]
    b = np.histogram(theirs, np.append(edges, np.inf))[0]
    keep = (a + b) > 0
    a, b = a[keep], b[keep]
    chi2 = float((((a - b) ** 2) / (a + b)).sum())
    dof = len(a) - 1
    limit = dof * (1 - 2 / (9 * dof) + 3.72 * math.sqrt(2 / (9 * dof))) ** 3
    assert chi2 < limit


RIGHTS = """
id = "crn-rights"
name = "Coupled binomials"
start = 2006-01-01
end = 2006-12-31
campaign = { id = "vanguard", name = "Vanguard practice" }

[[initiatives]]
name = "rights-protection"
"""


def test_coupled_binomials_are_identical_across_chunkings_and_workers_and_move_up() -> None:
    """The rights centre resolves its cases with ``ctx.binomial``: the same numbers whatever
    the chunking or the workers, and a larger resolution probability resolves at least as
    many cases in the first month of every replication (a fresh cohort, the same uniforms)."""
    import vanguard_rights_protection

    app = Vanguard(plugins=[vanguard_rights_protection], load_entrypoints=False)
    program = app.parse_program(RIGHTS, check=False)
    n = 2100  # three blocks, the last one short
    reference = _fingerprint(simulate(program, n, 7, app=app))
    for size in (1, 2):
        assert _fingerprint(simulate(program, n, 7, app=app, blocks_per_chunk=size)) == reference
    with ProcessPoolExecutor(2) as processes:
        result = simulate(program, n, 7, app=app, executor=processes, blocks_per_chunk=1)
    assert _fingerprint(result) == reference
    faster = Scenario("faster", (Lever("rights-protection", "resolution_probability", scale=1.2),))

    def first_month(scenario: Scenario | None, code: str) -> np.ndarray:
        kept = simulate(program, 1000, 3, app=app, keep=True, scenario=scenario).tally.kept
        return np.concatenate([block[code][0] for block in kept])  # blocks in order

    resolved = first_month(None, "rights.cases_resolved")
    assert resolved.sum() > 0
    assert (first_month(faster, "rights.cases_resolved") >= resolved).all()
    opened = first_month(None, "rights.cases_opened")
    assert (first_month(faster, "rights.cases_opened") == opened).all()
