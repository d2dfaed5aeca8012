"""Calibration recovers known parameters; the simplex minimises; bad requests are named."""

import numpy as np
import pytest

from vanguard import Program, ProgramError, Vanguard
from vanguard.simulation import simulate
from vanguard.simulation.calibration import calibrate, nelder_mead

FITTED = [
    ("toy-training", "trainees"),
    ("toy-training", "startup_rate"),
    ("toy-training", "extra_jobs"),
]


def test_calibrate_recovers_known_parameters_from_synthetic_data(
    app: Vanguard, program: Program
) -> None:
    truth = {"trainees": 12.0, "startup_rate": 0.3, "extra_jobs": 1.5}
    synthetic = simulate(program, 20_000, 99, app=app, parameters={"toy-training": truth})
    observed = {c: synthetic.mean(c) for c in ("toy.trained", "toy.startups", "toy.jobs")}
    fit = calibrate(program, observed, FITTED, app=app, replications=2000, seed=5)
    assert fit.converged
    for (_, name), value in fit.parameters.items():
        assert value == pytest.approx(truth[name], rel=0.03), name
    for row in fit.rows():
        assert abs(row["gap"]) < 0.01
    assert "trainees: 9 -> 12" in str(fit)


def test_nelder_mead_finds_the_minimum_of_a_quadratic() -> None:
    def bowl(x: np.ndarray) -> float:
        return float((x[0] - 1.5) ** 2 + 3 * (x[1] + 2.0) ** 2)

    best, value, evaluations, converged = nelder_mead(bowl, np.zeros(2))
    assert converged
    assert best == pytest.approx([1.5, -2.0], abs=1e-3)
    assert value < 1e-6
    assert evaluations < 300


def test_calibrate_names_unknown_parameters_and_indicators(app: Vanguard, program: Program) -> None:
    with pytest.raises(ProgramError) as caught:
        calibrate(program, {"toy.nothing": 1.0}, [("toy-training", "nope")], app=app)
    text = str(caught.value)
    assert "toy-training.nope" in text
    with pytest.raises(ProgramError, match=r"observed: toy\.nothing"):
        calibrate(program, {"toy.nothing": 1.0}, [("toy-training", "trainees")], app=app)


def test_more_parameters_than_observed_figures_is_refused_naming_them(
    app: Vanguard, program: Program
) -> None:
    observed = {"toy.trained": 324.0, "toy.startups": 130.0}
    with pytest.raises(ProgramError) as caught:
        calibrate(program, observed, FITTED, app=app, replications=200)
    text = str(caught.value)
    for _, name in FITTED:
        assert f"toy-training.{name}" in text
    assert "3 free parameters against 2 observed figures" in text


def test_a_flat_direction_is_refused_naming_the_parameters_it_joins(
    app: Vanguard, program: Program
) -> None:
    # start-ups and jobs move with trainees * startup_rate only: the two cannot be told apart
    observed = {"toy.startups": 130.0, "toy.jobs": 390.0}
    fitted = [("toy-training", "trainees"), ("toy-training", "startup_rate")]
    with pytest.raises(ProgramError, match="flat direction") as caught:
        calibrate(program, observed, fitted, app=app, replications=500)
    text = str(caught.value)
    assert "toy-training.trainees" in text
    assert "toy-training.startup_rate" in text


def test_a_parameter_no_observed_figure_depends_on_is_refused(
    app: Vanguard, program: Program
) -> None:
    fitted = [("toy-training", "trainees"), ("toy-hiring", "share")]
    observed = {"toy.trained": 324.0, "toy.startups": 130.0}
    with pytest.raises(ProgramError, match=r"toy-hiring\.share") as caught:
        calibrate(program, observed, fitted, app=app, replications=200)
    assert "toy-training.trainees" not in str(caught.value)


def test_fitting_only_the_needed_initiatives_gives_the_whole_programs_estimate(
    app: Vanguard, program: Program
) -> None:
    observed = {"toy.trained": 340.0}
    fitted = [("toy-training", "trainees")]
    needed = calibrate(program, observed, fitted, app=app, replications=300, seed=3)
    whole = calibrate(
        program, observed, fitted, app=app, replications=300, seed=3, only_needed=False
    )
    assert needed.simulated_initiatives == ("toy-training",)
    assert set(whole.simulated_initiatives) == {"toy-training", "toy-hiring"}
    assert needed.parameters == whole.parameters
    assert needed.simulated == whole.simulated
    assert needed.evaluations == whole.evaluations


def test_the_needed_plan_simulates_the_kept_indicators_bit_for_bit(
    app: Vanguard, program: Program
) -> None:
    from vanguard.simulation.executors import execute
    from vanguard.simulation.needs import needed_plan
    from vanguard.simulation.plan import build_plan
    from vanguard.simulation.provenance import record
    from vanguard.simulation.results import SimulationResult

    plan = build_plan(program, app.initiatives(), app.indicators())
    small = needed_plan(plan, {"toy.rate"})
    assert [s.name for s in small.steps] == ["toy-training"]
    assert "toy.rate" in {s.code for s in small.series}
    full = SimulationResult(plan, execute(plan, 11, 700), record(plan, 11, 700, 1024))
    cut = SimulationResult(small, execute(small, 11, 700), record(small, 11, 700, 1024))
    assert cut.indicators == tuple(s.code for s in small.series)
    for code in cut.indicators:
        for period in range(plan.periods):
            for unit in (*cut.units(code), None):
                assert full.mean(code, unit, period) == cut.mean(code, unit, period), code
                assert full.sd(code, unit, period) == cut.sd(code, unit, period), code


def test_a_bootstrap_interval_covers_the_known_parameter(app: Vanguard, program: Program) -> None:
    truth = {"trainees": 12.0, "startup_rate": 0.3, "extra_jobs": 2.0}
    # one synthetic year (36 Poisson(12) draws: 450 trained, about 0.9 sd above the mean)
    one_year = simulate(program, 1, 42, app=app, parameters={"toy-training": truth})
    observed = {"toy.trained": one_year.mean("toy.trained")}
    fit = calibrate(
        program,
        observed,
        [("toy-training", "trainees")],
        app=app,
        replications=200,
        seed=8,
        bootstrap=30,
        progress=False,
    )
    low, high = fit.intervals[("toy-training", "trainees")]
    assert low < fit.parameters[("toy-training", "trainees")] < high
    assert low <= 12.0 <= high
    # one year's 36 Poisson(12) draws pin the rate to sd 0.58: a 90 % width near 1.9
    assert 0.8 < high - low < 3.5
    (row,) = fit.estimate_rows()
    assert row["parameter"] == "trainees"
    assert row["bootstrap"] == 30
    assert (row["low"], row["high"]) == (low, high)
    assert "bootstrap" in str(fit)
    frame = fit.frame()
    assert list(frame["estimate"]) == [row["estimate"]]
