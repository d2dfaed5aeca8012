"""Calibration benchmark (issue 10, item 5): simulating only what the fit needs.

    .venv/bin/python benchmarks/calibration.py
    .venv/bin/python benchmarks/calibration.py --replications 2000 --evaluations 300 --bootstrap 200

Fits the entrepreneurship-training parameters of the Zhaoqing example (trainees a month,
start-up probability, extra jobs a start-up) to the report's three totals (3,079 trained,
1,213 start-ups, 3,721 jobs), with the same evaluation budget, simulating only the
initiatives the fit needs against the whole program (every initiative), interleaved in one
process, the fastest of ``--rounds`` rounds each. The two fits are checked to agree
exactly. Then one fit with ``--bootstrap`` refits prints the estimates with intervals.
"""

import argparse
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py (this script's folder)

from vanguard import Vanguard
from vanguard.simulation.calibration import calibrate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhaoqing-2006.toml"
INITIATIVE = "entrepreneurship-training"
PARAMETERS = [
    (INITIATIVE, "trainees_per_month"),
    (INITIATIVE, "startup_probability"),
    (INITIATIVE, "extra_jobs_per_startup"),
]
OBSERVED = {
    "entrepreneurship.trained": 3079.0,
    "entrepreneurship.startups": 1213.0,
    "entrepreneurship.jobs": 3721.0,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replications", type=int, default=500)
    parser.add_argument("--evaluations", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bootstrap", type=int, default=50)
    args = parser.parse_args()
    print(machine())
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    times: dict[bool, list[float]] = {True: [], False: []}
    fits = {}
    for _ in range(args.rounds):
        for only_needed in (True, False):
            began = time.perf_counter()
            fits[only_needed] = calibrate(
                program,
                OBSERVED,
                PARAMETERS,
                app=app,
                replications=args.replications,
                max_evaluations=args.evaluations,
                only_needed=only_needed,
                progress=False,
            )
            times[only_needed].append(time.perf_counter() - began)
    assert fits[True].parameters == fits[False].parameters, "the two fits disagree"
    needed, whole = min(times[True]), min(times[False])
    print(
        f"calibration, {args.evaluations} evaluations x {args.replications} replications "
        f"(fastest of {args.rounds} interleaved rounds):"
    )
    print(f"  whole program ({len(fits[False].simulated_initiatives)} initiatives): {whole:.2f} s")
    print(
        f"  only what the fit needs ({', '.join(fits[True].simulated_initiatives)}): "
        f"{needed:.2f} s  ({whole / needed:.1f}x faster, same estimate)"
    )
    began = time.perf_counter()
    fit = calibrate(
        program,
        OBSERVED,
        PARAMETERS,
        app=app,
        replications=args.replications,
        max_evaluations=args.evaluations * 5,
        bootstrap=args.bootstrap,
    )
    print(f"with {args.bootstrap} bootstrap refits ({time.perf_counter() - began:.1f} s):")
    print(fit)


if __name__ == "__main__":
    main()
