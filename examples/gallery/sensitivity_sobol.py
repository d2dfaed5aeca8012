"""Sobol sensitivity of jobs created to the entrepreneurship parameters (SALib).

Run from the repository root:  .venv/bin/python examples/gallery/sensitivity_sobol.py
Needs the ``sensitivity`` extra.
"""

from pathlib import Path

from vanguard import Vanguard, sobol

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

analysis = sobol(
    EXAMPLE,
    parameters=[
        ("entrepreneurship-training", "trainees_per_month"),
        ("entrepreneurship-training", "startup_probability"),
        ("entrepreneurship-training", "extra_jobs_per_startup"),
    ],
    outcomes=["entrepreneurship.jobs"],
    app=Vanguard(),
    samples=256,
    replications_per_sample=4,
)
for row in analysis.rows():
    print(
        f"{row['parameter']:<50} S1 {row['S1']:.2f} ± {row['S1_conf']:.2f}   "
        f"ST {row['ST']:.2f} ± {row['ST_conf']:.2f}"
    )
