"""Run on Dask: a local cluster here; pass a scheduler address to use a real one.

The result is bit-identical to a serial run with the same seed.

Run from the repository root:  .venv/bin/python examples/gallery/dask_cluster.py
Needs the ``dask`` extra.
"""

from pathlib import Path

import distributed

from vanguard import Vanguard, simulate

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

if __name__ == "__main__":  # worker processes import this file; only the driver runs
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = simulate(
            program, 50_000, seed=2006, app=app, executor=client.get_executor(), workers=2
        )
    serial = simulate(program, 50_000, seed=2006, app=app)
    print("rural.placed mean:", result.mean("rural.placed"))
    print("identical to serial:", result.tally.total.tobytes() == serial.tally.total.tobytes())
