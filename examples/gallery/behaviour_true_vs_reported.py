"""Behaviour under targets: reported against true, and bunching at the targets.

Left: each county office's mean reported result against its true result (shares of
target) under today's rules (rare audits, a small deduction) and with a veto on detected
misreporting. Right: with pass/fail targets (nothing for exceeding them), how results
spread around the targets with behaviour off and on: posts that can reach the target stop
just above it.

Run from the repository root:  .venv/bin/python examples/gallery/behaviour_true_vs_reported.py
Needs the ``plot`` extra (matplotlib). Writes ``behaviour_true_vs_reported.png``.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write a file; no window needed
import attrs
import matplotlib.pyplot as plt

from vanguard import Vanguard, simulate
from vanguard.simulation.behaviour import (
    Audits,
    Behaviour,
    Payoff,
    Penalty,
    behaviour_rows,
    ratio_histogram,
)
from vanguard.simulation.behaviour.plots import bunching_chart, true_against_reported

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

app = Vanguard()
program = app.load_program(EXAMPLE)
today = Behaviour(
    elasticities={
        "entrepreneurship.trained": 0.5,
        "entrepreneurship.startups": 0.5,
        "rural.placed": 0.5,
    },
    inflation=(0.0, 0.1, 0.2),
    payoff=Payoff(score=1.0, met=1.0, findings=0.5, cost=0.05),
    audits=Audits(default=0.05, detection=0.8, size=0.5),
)
veto = attrs.evolve(today, audits=attrs.evolve(today.audits, penalty=Penalty.VETO, size=5.0))
designs = {}
for name, behaviour in (("today's rules", today), ("veto on misreporting", veto)):
    result = simulate(program, 2_000, seed=2006, app=app, behaviour=behaviour)
    designs[name] = behaviour_rows(result, program, behaviour)
pass_fail = attrs.evolve(
    today, inflation=(0.0,), payoff=Payoff(score=0.0, met=1.0, findings=1.0, cost=0.5)
)
result = simulate(program, 2_000, seed=2006, app=app, behaviour=pass_fail)
edges, off = ratio_histogram(result, program, pass_fail, "passive")
counts = {"passive": off, "true": ratio_histogram(result, program, pass_fail, "true")[1]}

figure, axes = plt.subplots(1, 2, figsize=(15, 5), layout="constrained")
true_against_reported(designs, ax=axes[0])
bunching_chart(edges, counts, ax=axes[1])
figure.savefig("behaviour_true_vs_reported.png", dpi=120)
print("wrote behaviour_true_vs_reported.png")
