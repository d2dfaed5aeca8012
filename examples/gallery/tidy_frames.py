"""Tidy frames and Parquet: summaries with quantiles, and every replication of a small run.

Run from the repository root:  .venv/bin/python examples/gallery/tidy_frames.py
Needs the ``frames`` extra (pandas, pyarrow).
"""

from pathlib import Path

from vanguard import Vanguard, simulate
from vanguard.simulation import read_provenance

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

app = Vanguard()
result = simulate(EXAMPLE, 500, seed=2006, app=app, keep=True)
summary = result.summary()
print(summary[summary.unit == "(all)"].head(10).to_string(index=False))

frame = result.frame()  # replication, period, unit, indicator, value (to date)
print(frame.head().to_string(index=False))
path = result.to_parquet("zhaoqing-500.parquet")
print("wrote", path, "with provenance:", read_provenance(path)["seed"])
