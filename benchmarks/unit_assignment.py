"""The cost of assigning initiative units to posts: Zhaoqing with evaluation, with and
without the shipped ``assign`` tables (and with a spread on two parameters).

Runs interleaved, the minimum of several rounds each; prints seconds and ratios.

    python benchmarks/unit_assignment.py [replications] [rounds]
"""

import sys
import time
from pathlib import Path

import attrs
from machine import machine  # benchmarks/machine.py (this script's folder)

from vanguard import SpreadKind, UnitSpread, Vanguard
from vanguard.simulation import simulate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "zhaoqing-2006.toml"


def main() -> None:
    replications = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(machine())
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    by_name = attrs.evolve(
        program, initiatives=tuple(attrs.evolve(u, assign=()) for u in program.initiatives)
    )
    spread = {
        "trainees_per_month": UnitSpread(SpreadKind.LOGNORMAL, 0.3),
        "startup_probability": UnitSpread(SpreadKind.BETA, 0.2),
    }
    spreading = attrs.evolve(
        program,
        initiatives=tuple(
            attrs.evolve(u, spread=spread) if u.name == "entrepreneurship-training" else u
            for u in program.initiatives
        ),
    )
    cases = {"by name (old)": by_name, "assigned": program, "assigned + spread": spreading}
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for name, case in cases.items():
            start = time.perf_counter()
            simulate(case, replications, 2006, app=app, evaluate=True)
            best[name] = min(best[name], time.perf_counter() - start)
    base = best["by name (old)"]
    for name, seconds in best.items():
        print(f"{name:20s} {seconds:7.3f} s  x{seconds / base:.3f}")


if __name__ == "__main__":
    main()
