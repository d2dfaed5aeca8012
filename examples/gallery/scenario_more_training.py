"""Scenario: what if entrepreneurship training had 20 % more places?

Both runs use the same seed, so every initiative draws the same random numbers in both
(common random numbers): unaffected indicators differ by exactly zero.

Run from the repository root:  .venv/bin/python examples/gallery/scenario_more_training.py
"""

from pathlib import Path

from vanguard import Lever, Scenario, Vanguard, compare

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

more = Scenario(
    "more-training",
    (Lever("entrepreneurship-training", "trainees_per_month", scale=1.2),),
    description="+20 % entrepreneurship training places",
)
app = Vanguard()
comparison = compare(
    EXAMPLE,
    [more],
    10_000,
    seed=2006,
    app=app,
    indicators=[
        "entrepreneurship.trained",
        "entrepreneurship.startups",
        "entrepreneurship.jobs",
        "rural.placed",
    ],
)
for row in comparison.rows():
    if "ci_low" in row:
        print(
            f"{row['indicator']:<28} {row['baseline']:>10,.1f} -> {row['value']:>10,.1f}  "
            f"difference {row['difference']:+9.1f}  95 % CI [{row['ci_low']:+.1f}, "
            f"{row['ci_high']:+.1f}]"
        )
    else:
        print(f"{row['indicator']:<60} {row['baseline']:.1%} -> {row['value']:.1%}")
