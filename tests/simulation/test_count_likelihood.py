"""Calibration to observed monthly series by a count likelihood, and to totals stated with
their uncertainty; observed series read from a reports file or a ledger."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanguard import Program, ProgramError, Vanguard
from vanguard.simulation import simulate
from vanguard.simulation.calibration import calibrate
from vanguard.simulation.likelihood import (
    negative_binomial_deviance,
    poisson_deviance,
    profiled_dispersion,
)
from vanguard.simulation.observations import ObservedSeries, ObservedTotal, observed_series

EXAMPLES = Path(__file__).parents[2] / "examples"
TRAINEES = [("toy-training", "trainees")]
TRUTH = {"trainees": 12.0, "startup_rate": 0.3, "extra_jobs": 2.0}


def _one_years_series(app: Vanguard, program: Program, code: str, seed: int) -> ObservedSeries:
    """One simulated year's monthly flows of ``code``: what a year of reports would show."""
    year = simulate(program, 1, seed, app=app, parameters={"toy-training": TRUTH})
    to_date = [year.mean(code, period=p) for p in range(12)]
    flows = np.diff([0.0, *to_date])
    return ObservedSeries([f"2006-{m:02d}" for m in range(1, 13)], flows, "one simulated year")


def test_a_poisson_fit_to_a_monthly_series_brackets_the_known_rate(
    app: Vanguard, program: Program
) -> None:
    series = _one_years_series(app, program, "toy.trained", 42)
    fit = calibrate(
        program,
        {"toy.trained": series},
        TRAINEES,
        app=app,
        replications=300,
        seed=8,
        likelihood="poisson",
        bootstrap=30,
        progress=False,
    )
    low, high = fit.intervals[TRAINEES[0]]
    assert low < TRUTH["trainees"] < high
    # the fitted mean flow sums to the observed year (the Poisson score equation)
    assert fit.simulated["toy.trained"] == pytest.approx(series.total, rel=0.01)
    months = fit.series_rows()
    assert [row["period"] for row in months] == list(series.periods)
    assert "poisson likelihood" in str(fit)
    assert "12 months" in str(fit)


def test_a_series_under_the_moments_objective_is_refused_naming_it(
    app: Vanguard, program: Program
) -> None:
    series = ObservedSeries(["2006-01", "2006-02"], [30.0, 40.0])
    with pytest.raises(ProgramError, match=r"observed: toy\.trained.*count likelihood"):
        calibrate(program, {"toy.trained": series}, TRAINEES, app=app, replications=50)


def test_bad_observations_are_named_with_their_place(app: Vanguard, program: Program) -> None:
    with pytest.raises(ProgramError, match=r"observed: toy\.trained 2007-01.*no such month"):
        calibrate(
            program,
            {"toy.trained": ObservedSeries(["2007-01"], [3.0])},
            TRAINEES,
            app=app,
            likelihood="poisson",
        )
    with pytest.raises(ProgramError, match=r"observed: toy\.trained 2006-02.*>= 0"):
        calibrate(
            program,
            {"toy.trained": ObservedSeries(["2006-01", "2006-02"], [3.0, -1.0])},
            TRAINEES,
            app=app,
            likelihood="poisson",
        )
    with pytest.raises(ProgramError, match=r"observed: toy\.trained.*sd must be a positive"):
        calibrate(program, {"toy.trained": ObservedTotal(300.0, sd=0.0)}, TRAINEES, app=app)
    with pytest.raises(ProgramError, match=r"likelihood.*'gauss' is not one of"):
        calibrate(program, {"toy.trained": 300.0}, TRAINEES, app=app, likelihood="gauss")


def test_each_month_of_a_series_counts_as_an_observation(app: Vanguard, program: Program) -> None:
    fitted = [("toy-training", "trainees"), ("toy-training", "startup_rate")]
    with pytest.raises(ProgramError, match="2 free parameters against 1 observed figures"):
        calibrate(program, {"toy.trained": 300.0}, fitted, app=app, replications=50)
    # two months are two figures: the count check passes (the start-up rate does not
    # enter toy.trained; whatever else the fit says, it is not that count)
    refused = ""
    try:
        calibrate(
            program,
            {"toy.trained": ObservedSeries(["2006-01", "2006-02"], [30.0, 40.0])},
            fitted,
            app=app,
            replications=50,
            likelihood="poisson",
            max_evaluations=20,
        )
    except ProgramError as error:
        refused = str(error)
    assert "free parameters against" not in refused


def test_a_plain_total_and_an_exact_total_fit_alike(app: Vanguard, program: Program) -> None:
    plain = calibrate(program, {"toy.trained": 340.0}, TRAINEES, app=app, replications=200, seed=3)
    exact = calibrate(
        program, {"toy.trained": ObservedTotal(340.0)}, TRAINEES, app=app, replications=200, seed=3
    )
    assert plain.parameters == exact.parameters
    assert plain.objective == exact.objective
    assert plain.evaluations == exact.evaluations


def test_a_less_certain_total_gives_a_wider_interval(app: Vanguard, program: Program) -> None:
    def width(sd: float) -> float:
        fit = calibrate(
            program,
            {"toy.trained": ObservedTotal(430.0, sd=sd)},
            TRAINEES,
            app=app,
            replications=200,
            seed=8,
            bootstrap=25,
            progress=False,
        )
        low, high = fit.intervals[TRAINEES[0]]
        return high - low

    assert width(60.0) > 1.5 * width(1.0)


def test_the_series_from_a_reports_file_and_from_the_ledger_agree(tmp_path: Path) -> None:
    from vanguard.ledger import Ledger
    from vanguard.review.recording import correct_report, import_reports

    app = Vanguard()
    program = app.load_program(EXAMPLES / "zhaoqing-2006.toml")
    reports = EXAMPLES / "zhaoqing-2006-reports.csv"
    codes = ["entrepreneurship.trained", "entrepreneurship.startups"]
    from_file = observed_series(program, reports, codes, app=app)
    indicators = {**app.indicators(), **{i.code: i for i in program.indicators}}
    ledger = Ledger.open(tmp_path / "ledger.sqlite")
    import_reports(ledger, program, reports, indicators, converter=app.converter)
    from_ledger = observed_series(program, ledger, codes, app=app)
    for code in codes:
        assert from_file[code].periods == from_ledger[code].periods
        assert from_file[code].values == from_ledger[code].values
    assert from_file["entrepreneurship.trained"].total == 3079  # the report's figure
    # a correction in force changes the month it corrects, and only that month
    correct_report(
        ledger,
        program,
        "training.staff-1",
        "entrepreneurship.trained",
        "2006-03",
        70.0,
        by="training.head",
        reason="recount",
        indicators=indicators,
    )
    corrected = observed_series(program, ledger, codes, app=app)["entrepreneurship.trained"]
    ledger.close()
    before = dict(zip(from_file[codes[0]].periods, from_file[codes[0]].values, strict=True))
    after = dict(zip(corrected.periods, corrected.values, strict=True))
    changed = {month for month in before if before[month] != after[month]}
    assert changed == {"2006-03"}


def test_a_rate_is_not_a_count_series() -> None:
    app = Vanguard()
    program = app.load_program(EXAMPLES / "zhaoqing-2006.toml")
    rate = next(i.code for i in app.indicators().values() if i.numerator)
    with pytest.raises(ProgramError, match=f"observed: {rate}.*count indicator"):
        observed_series(program, EXAMPLES / "zhaoqing-2006-reports.csv", [rate], app=app)


@given(st.lists(st.integers(0, 500), min_size=1, max_size=24), st.floats(0.5, 2.0))
def test_the_poisson_deviance_is_zero_only_at_a_perfect_fit(
    counts: list[int], factor: float
) -> None:
    y = np.array(counts, dtype=float)
    assert poisson_deviance(y, y).sum() == pytest.approx(0.0, abs=1e-9)
    mu = np.maximum(y, 1.0) * factor
    if not np.allclose(mu, y):
        assert poisson_deviance(y, mu).sum() > 0.0


def test_the_profiled_dispersion_finds_overdispersion_and_its_absence() -> None:
    rng = np.random.default_rng(2006)
    mu = np.full(400, 50.0)
    poisson = rng.poisson(mu).astype(float)
    overdispersed = rng.poisson(rng.gamma(4.0, mu / 4.0)).astype(float)
    assert profiled_dispersion(poisson, mu) > 200.0
    assert profiled_dispersion(overdispersed, mu) == pytest.approx(4.0, rel=0.35)
    # comparable across k: at the profiled k the negative binomial never fits worse than
    # at a far larger one (the Poisson limit)
    k = profiled_dispersion(overdispersed, mu)
    assert (
        negative_binomial_deviance(overdispersed, mu, k).sum()
        <= negative_binomial_deviance(overdispersed, mu, 1e6).sum()
    )
    assert math.isfinite(negative_binomial_deviance(poisson, mu, 1e6).sum())
