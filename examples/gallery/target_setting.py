"""Target-setting: the targets each task would be met with 80 % probability, per post.

Run from the repository root:  .venv/bin/python examples/gallery/target_setting.py
"""

from pathlib import Path

from vanguard import Vanguard, simulate, suggest_targets

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

app = Vanguard()
program = app.load_program(EXAMPLE)
result = simulate(program, 10_000, seed=2006, app=app)
for row in suggest_targets(result, program, probability=0.8):
    if row["post"] is None:
        print(
            f"{row['task']} {row['indicator']:<32} target {row['current']:>10,.3g} "
            f"(met {row['p_met_current']:.0%})  ->  {row['suggested']:>10,.4g} for 80 %"
        )
