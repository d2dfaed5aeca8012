"""Fan chart: rural workers placed over 2006 against the target, 10,000 simulated years.

Run from the repository root:  .venv/bin/python examples/gallery/fan_chart.py
Needs the ``plot`` extra (matplotlib). Writes ``fan_chart.png``.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write a file; no window needed
import matplotlib.pyplot as plt

from vanguard import Vanguard, simulate
from vanguard.simulation.plots import fan_chart

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

app = Vanguard()
program = app.load_program(EXAMPLE)
result = simulate(program, 10_000, seed=2006, app=app)

figure, axes = plt.subplots(1, 2, figsize=(14, 4.8), layout="constrained")
fan_chart(result, "rural.placed", ax=axes[0], reported=64_785, app=app)
fan_chart(result, "entrepreneurship.startups", ax=axes[1], reported=1213, app=app)
figure.savefig("fan_chart.png", dpi=120)
print("wrote fan_chart.png")
