"""Write zhaoqing-golden.npz: the passive engine's arrays (behaviour off).

    .venv/bin/python tests/simulation/behaviour/data/make_golden.py

Run it only when the models' numbers change by design (as when their counts became
coupled draws), never to make test_off.py pass after a change to the engine.

It holds one block's per-period flows and year-end values to date of the Zhaoqing example
(seed 20061231, block 1 of 8 replications) and the year-end means of a 300-replication run
(seed 7, blocks of 64). test_off.py demands the engine reproduce them bit for bit.
"""

from pathlib import Path

import numpy as np

from vanguard.app import Vanguard
from vanguard.simulation import engine
from vanguard.simulation.simulate import simulate
from vanguard.simulation.streams import Block

ROOT = Path(__file__).resolve().parents[4]
PROGRAM = ROOT / "examples" / "zhaoqing-2006.toml"

app = Vanguard()
plan = simulate(PROGRAM, 8, seed=20061231, app=app).plan
values = engine.simulate(plan, 20061231, Block(1, 8, 8), engine.Options())
arrays = {"flow:" + k: a for k, a in values.flows.items()}
arrays.update({"to_date:" + k: a[-1] for k, a in values.to_date.items()})
result = simulate(PROGRAM, 300, seed=7, app=app, block_size=64, behaviour=None)
arrays["means-300-seed-7"] = np.array([result.mean(s.code) for s in result.plan.series])
np.savez_compressed(Path(__file__).with_name("zhaoqing-golden.npz"), **arrays)
