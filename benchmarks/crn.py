"""Common random numbers that couple (issue 10, item 4): figures printed side by side.

    .venv/bin/python benchmarks/crn.py                 # 10,000 replications
    .venv/bin/python benchmarks/crn.py --replications 4000 --rounds 5

Sections:

- ``variance``: the whole Zhaoqing example, baseline against "+20 % entrepreneurship
  training places" (``trainees_per_month`` scaled by 1.2). The 95 % half-width of the
  difference in mean ``entrepreneurship.trained``: paired (the two runs share the seed,
  common random numbers) against independent (the scenario run with a seed of its own),
  and the ratio (target >= 5x). The same two figures with the models' coupled draws
  replaced by ``rng.poisson`` (what the engine did before ``StepContext.poisson``) show
  what the coupling buys, measured in the same run.
- ``cost``: ``StepContext.poisson`` (a uniform per cell, inverse CDF) against
  ``rng.poisson`` for the draws the entrepreneurship model makes, and the whole Zhaoqing
  program with its coupled draws against the same with ``rng.poisson``: interleaved, the
  fastest of ``--rounds`` rounds each.
"""

import argparse
import contextlib
import io
import math
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from machine import machine  # benchmarks/machine.py (this script's folder)

from vanguard import Vanguard
from vanguard.plugins.draws import poisson_quantile
from vanguard.plugins.initiative import StepContext
from vanguard.simulation import Lever, Scenario, compare, simulate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhaoqing-2006.toml"
TRAINED = "entrepreneurship.trained"
MORE = Scenario(
    "more-places", (Lever("entrepreneurship-training", "trainees_per_month", scale=1.2),)
)
Z95 = 1.959963984540054


def _uncoupled_poisson(self: StepContext, rate: Any) -> Any:
    """``rng.poisson`` on the model's own stream: the draws before coupling."""
    return self.rng.poisson(np.broadcast_to(rate, self.shape)).astype(np.float64)


def _uncoupled_binomial(self: StepContext, trials: Any, p: Any) -> Any:
    """``rng.binomial`` on the model's own stream: the draws before coupling."""
    return self.rng.binomial(np.asarray(trials).astype(np.int64), p).astype(np.float64)


@contextmanager
def uncoupled() -> Iterator[None]:
    """Within: ``StepContext.poisson`` and ``binomial`` draw with ``rng.poisson`` and
    ``rng.binomial`` (in this process only)."""
    coupled = StepContext.poisson, StepContext.binomial
    StepContext.poisson = _uncoupled_poisson  # type: ignore[method-assign]
    StepContext.binomial = _uncoupled_binomial  # type: ignore[method-assign]
    try:
        yield
    finally:
        StepContext.poisson, StepContext.binomial = coupled  # type: ignore[method-assign]


def half_widths(app: Vanguard, replications: int, seed: int) -> dict[str, float]:
    """Paired and independent 95 % half-widths of the difference in mean trained."""
    program = app.load_program(EXAMPLE)
    comparison = compare(program, [MORE], replications, seed, app=app, indicators=[TRAINED])
    before = comparison.baseline.values(TRAINED)
    after = comparison.scenarios[MORE.name].values(TRAINED)
    other_seed = int(np.random.SeedSequence(seed).spawn(1)[0].generate_state(1)[0])
    alone = simulate(
        program, replications, other_seed, app=app, scenario=MORE, collect=[TRAINED]
    ).values(TRAINED)
    n = len(before)
    paired = Z95 * float(np.std(after - before, ddof=1)) / math.sqrt(n)
    independent = Z95 * math.sqrt(
        (float(np.var(alone, ddof=1)) + float(np.var(before, ddof=1))) / n
    )
    return {
        "paired": paired,
        "independent": independent,
        "correlation": float(np.corrcoef(before, after)[0, 1]),
        "difference": float((after - before).mean()),
        "difference_independent": float(alone.mean() - before.mean()),
    }


def variance(replications: int, seed: int) -> None:
    app = Vanguard()
    coupled = half_widths(app, replications, seed)
    with uncoupled():
        plain = half_widths(app, replications, seed)
    print(f"\n== variance: Zhaoqing, +20 % training places, {replications:,} replications ==")
    print(
        f"{'draws':<28}{'paired hw':>11}{'indep. hw':>11}{'ratio':>8}"
        f"{'corr':>8}{'mean diff (paired)':>20}{'(indep.)':>10}"
    )
    for label, row in (("ctx.poisson (coupled)", coupled), ("rng.poisson (before)", plain)):
        ratio = row["independent"] / row["paired"]
        print(
            f"{label:<28}{row['paired']:>11.2f}{row['independent']:>11.2f}{ratio:>7.1f}x"
            f"{row['correlation']:>8.3f}{row['difference']:>20.1f}"
            f"{row['difference_independent']:>10.1f}"
        )
    print(
        "half-width ratio, independent / paired (target >= 5x): "
        f"{coupled['independent'] / coupled['paired']:.1f}x coupled, "
        f"{plain['independent'] / plain['paired']:.1f}x before"
    )


def _best(functions: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Interleaved timings of each function, ``rounds`` rounds."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return times


def cost(replications: int, seed: int, rounds: int) -> None:
    shape = (replications, 8)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    startups = rng.poisson(9.0 * 0.394, shape).astype(np.float64)
    cases = {
        "scalar rate 3.55 (founders)": 9.0 * 0.394,
        "scalar rate 5.45 (other trainees)": 9.0 * (1 - 0.394),
        "per-cell rate, founders x 2.07 (jobs)": startups * 2.07,
        # a rate per replication (sensitivity, calibration) times a count: every cell its own
        "distinct rates, U(0.5, 1.5) x founders": rng.uniform(0.5, 1.5, (shape[0], 1)) * startups,
    }
    print(f"\n== cost: one month's draw, {shape[0]:,} x {shape[1]} cells, best of {rounds} ==")
    print(f"{'draw':<40}{'ctx.poisson':>13}{'rng.poisson':>13}{'ratio':>8}")
    for label, rate in cases.items():
        uniforms = np.random.default_rng(1)
        draws = np.random.default_rng(2)
        times = _best(
            {
                "coupled": lambda r=rate, g=uniforms: poisson_quantile(g.random(shape), r),
                "plain": lambda r=rate, g=draws: g.poisson(np.broadcast_to(r, shape)),
            },
            rounds,
        )
        a, b = min(times["coupled"]), min(times["plain"])
        print(f"{label:<40}{a * 1e3:>10.2f} ms{b * 1e3:>10.2f} ms{a / b:>7.2f}x")

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    simulate(program, 1024, seed, app=app)  # warm up imports and caches

    def plain_run() -> object:
        with uncoupled():
            return simulate(program, replications, seed, app=app)

    times = _best(
        {"coupled": lambda: simulate(program, replications, seed, app=app), "plain": plain_run},
        rounds,
    )
    a, b = min(times["coupled"]), min(times["plain"])
    print(
        f"whole Zhaoqing program, {replications:,} replications: coupled {a:.2f} s, "
        f"rng.poisson {b:.2f} s, ratio {a / b:.2f}x "
        f"(rounds: {', '.join(f'{t:.2f}' for t in times['coupled'])} vs "
        f"{', '.join(f'{t:.2f}' for t in times['plain'])})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2006)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=("variance", "cost"))
    parser.add_argument("--markdown", type=Path, help="also write the output to this file")
    args = parser.parse_args()
    output = io.StringIO()
    with contextlib.redirect_stdout(Tee(sys.stdout, output)):
        print(machine())
        sections = args.only or ["variance", "cost"]
        if "variance" in sections:
            variance(args.replications, args.seed)
        if "cost" in sections:
            cost(args.replications, args.seed, args.rounds)
    if args.markdown is not None:
        args.markdown.write_text(
            "# Common random numbers: measured figures\n\n"
            "Generated by `benchmarks/crn.py` (do not edit by hand): ratios measured side by "
            "side in one run (interleaved, the fastest of the rounds); absolute times hold "
            "for the machine on the first line only. Run:\n\n"
            f"    python benchmarks/crn.py {' '.join(sys.argv[1:])}\n\n"
            f"```\n{output.getvalue().strip()}\n```\n",
            encoding="utf-8",
        )


class Tee(io.TextIOBase):
    """Writes to every stream it holds (the terminal and the results file's buffer)."""

    def __init__(self, *streams: Any) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)


if __name__ == "__main__":
    main()
