"""Behaviour benchmark (issue 11, item 4): the whole Zhaoqing program, 10,000 replications,
with posts responding to the rules against the passive baseline, side by side in one run.

    .venv/bin/python benchmarks/behaviour.py [--replications 10000] [--rounds 5]

Runs alternate (passive, behaviour, passive, ...) and each figure is the fastest of
``--rounds`` runs; the target is behaviour <= 5x the passive time. The declaration is
``examples/behaviour/zhaoqing-behaviour.toml`` (every higher-is-better simulated target
has a task; misreporting and audits on). The program maps its units to posts (``assign``),
so the acting posts are its posts, each choosing over its pledged tasks of every
initiative it answers for (up to six tasks a post).
"""

import argparse
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py (this script's folder)

from vanguard.app import Vanguard
from vanguard.simulation.behaviour import behaviour_rows, load_behaviour
from vanguard.simulation.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "examples" / "zhaoqing-2006.toml"
DECLARATION = ROOT / "examples" / "behaviour" / "zhaoqing-behaviour.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replications", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    app = Vanguard()
    program = app.load_program(PROGRAM)
    behaviour = load_behaviour(DECLARATION, app)
    times: dict[str, list[float]] = {"passive": [], "behaviour": []}
    result = None
    for _ in range(args.rounds):
        for name in times:
            start = time.perf_counter()
            run = simulate(
                program,
                args.replications,
                seed=2006,
                app=app,
                behaviour=behaviour if name == "behaviour" else None,
            )
            times[name].append(time.perf_counter() - start)
            if name == "behaviour":
                result = run
    passive, responding = min(times["passive"]), min(times["behaviour"])
    print(
        f"Zhaoqing, {args.replications:,} replications, fastest of {args.rounds} interleaved rounds"
    )
    print(f"  passive (behaviour off): {passive:8.3f} s")
    print(f"  behaviour on:            {responding:8.3f} s")
    print(f"  ratio:                   {responding / passive:8.2f}x  (target <= 5x)")
    assert result is not None
    rows = behaviour_rows(result, program, behaviour)
    true = sum(r["true"] for r in rows)
    reported = sum(r["reported"] for r in rows)
    passive_sum = sum(r["passive"] for r in rows)
    print(
        f"  posts x targets: {len(rows)}; mean reported / true = {reported / true:.4f}; "
        f"true / passive = {true / passive_sum:.4f}"
    )


if __name__ == "__main__":
    main()
