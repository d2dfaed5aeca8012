"""Calibration: fit the start-up probability and jobs per start-up to the report's figures.

Method of simulated moments with common random numbers and a Nelder-Mead search.

Run from the repository root:  .venv/bin/python examples/gallery/calibrate_startups.py
"""

from pathlib import Path

from vanguard import Vanguard, calibrate

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

fit = calibrate(
    EXAMPLE,
    observed={
        "entrepreneurship.trained": 3079,
        "entrepreneurship.startups": 1213,
        "entrepreneurship.jobs": 3721,
    },
    parameters=[
        ("entrepreneurship-training", "trainees_per_month"),
        ("entrepreneurship-training", "startup_probability"),
        ("entrepreneurship-training", "extra_jobs_per_startup"),
    ],
    app=Vanguard(),
    replications=2000,
    seed=2006,
)
print(fit)
