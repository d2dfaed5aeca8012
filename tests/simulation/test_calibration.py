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
