"""Review-engine benchmark: the Zhaoqing year-end evaluation of 10,000 simulated years.

    .venv/bin/python benchmarks/review.py [--replications 10000] [--block 1000]

The shipped reports (``examples/zhaoqing-2006-reports.csv``) are perturbed per
replication (each post's values scaled by a random factor) and evaluated with
:func:`vanguard.review.evaluate_many` in blocks, as the simulation feeds it. Prints the
time per 10,000 replications and the grade counts' means (a sanity check).
"""

import argparse
import time
from pathlib import Path

import numpy as np
from machine import machine  # benchmarks/machine.py (this script's folder)

from vanguard import Vanguard
from vanguard.review import Actuals, evaluate_many, read_reports
from vanguard.review.layout import review_layout

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=10_000)
    parser.add_argument("--block", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5, help="the fastest of these is shown")
    args = parser.parse_args()
    print(machine())
    app = Vanguard()
    program = app.load_program(ROOT / "examples" / "zhaoqing-2006.toml")
    known = program.usable_indicators(app.indicators())
    reports = read_reports(ROOT / "examples" / "zhaoqing-2006-reports.csv", program, known)
    year = Actuals.from_reports(program, reports, known)
    layout = review_layout(program, known, year.axes)  # built once, as the simulation does
    evaluate_many(program, year, known, layout=layout)  # warm the layout cache
    rounds = []
    for _ in range(args.rounds):  # the same perturbed years each round (the same seed)
        rng = np.random.default_rng(np.random.SeedSequence(2006))
        elapsed, excellent = 0.0, []
        for start in range(0, args.replications, args.block):
            size = min(args.block, args.replications - start)
            scale = rng.uniform(0.8, 1.2, size=(size, year.values.shape[1], 1, 1))
            block = Actuals(year.axes, year.values * scale)
            began = time.perf_counter()
            result = evaluate_many(program, block, known, layout=layout)
            elapsed += time.perf_counter() - began
            excellent.append(result.grade_counts(program.evaluation)["excellent"])
        rounds.append(elapsed)
    elapsed = min(rounds)
    per = elapsed * 10_000 / args.replications
    print(
        f"{args.replications} replications in blocks of {args.block}: {elapsed:.2f} s "
        f"({per:.2f} s per 10,000), the fastest of {args.rounds} rounds (absolute seconds: "
        "this machine only)"
    )
    print(f"posts graded excellent per year: mean {np.concatenate(excellent).mean():.2f}")


if __name__ == "__main__":
    main()
