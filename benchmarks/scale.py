"""How the commands grow with the size of a program: 1x, 10x, 50x (and 190x) Zhaoqing.

For each size, ``benchmarks/province.py`` writes the program and a year of reports; then
every command a user runs on a year is timed as a whole process (the fastest of
``--rounds`` runs; each round goes command by command, the sizes interleaved) with its
peak memory (the process's own maximum resident set: ``ru_maxrss`` of ``wait4`` on its
pid, which counts that child alone, not this driver nor the other commands; the programs
are written by a child first, so no command is forked from a process that held one):

    vanguard validate PROGRAM
    vanguard ledger import PROGRAM REPORTS          (into a fresh ledger each round)
    vanguard bulletin PROGRAM --quarter 2006Q3
    vanguard evaluate PROGRAM --year 2006
    vanguard simulate PROGRAM -n 1000 --evaluate --seed 1

and the growth exponent between successive sizes (``log(t2 / t1) / log(n2 / n1)`` in
posts: 1.0 is linear). The targets (issue 9 at 50x, issue 14 at 190x): each command under
5 s at 50x and 10 s at 190x on one core, the simulation under 1 GB, growth at most
n log n. Run with the project's virtualenv active::

    python benchmarks/scale.py                 # 1x, 10x, 50x
    python benchmarks/scale.py --sizes 1 10 50 190 --rounds 5

``bulletin`` and ``evaluate`` peak within a fraction of a MB of each other (both load the
program and the ledger's year and evaluate it; the peak is in that common part): peaks
are printed to 0.1 MB so the two are told apart.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py (this script's folder)

POSTS_PER_COPY = 53


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env()
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{error[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def _env() -> dict[str, str]:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.setdefault("VANGUARD_LEDGER", "ledger.sqlite")
    return env


def commands(copies: int, vanguard: str) -> dict[str, list[list[str]]]:
    """Each benchmarked command, preceded by what it needs (untimed)."""
    program, reports = f"zhaoqing-x{copies}.toml", f"zhaoqing-x{copies}-reports.csv"
    ledger = ["--ledger", f"x{copies}.sqlite"]
    return {
        "validate": [[vanguard, "validate", program]],
        "import": [[vanguard, "ledger", "import", program, reports, *ledger]],
        "bulletin": [[vanguard, "bulletin", program, "--quarter", "2006Q3", *ledger]],
        "evaluate": [[vanguard, "evaluate", program, "--year", "2006", *ledger]],
        "simulate": [[vanguard, "simulate", program, "-n", "1000", "--evaluate", "--seed", "1"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="only these commands")
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write the table to this file (rewritten after every round, so an "
        "interrupted run leaves the rounds it finished)",
    )
    args = parser.parse_args()
    vanguard = shutil.which("vanguard") or str(Path(sys.executable).parent / "vanguard")
    work = Path(tempfile.mkdtemp(prefix="vanguard-scale-"))
    for copies in args.sizes:  # in a child: a forked child's peak counts its parent's size
        subprocess.run(
            [sys.executable, str(Path(__file__).parent / "province.py"), str(copies), str(work)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    names = args.only or list(commands(1, vanguard))
    best: dict[tuple[str, int], tuple[float, float]] = {}
    text = ""
    for done in range(args.rounds):
        for copies in args.sizes:
            ledger = work / f"x{copies}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{ledger}{suffix}").unlink(missing_ok=True)
        # command by command, the sizes interleaved: an interrupted run has every size of
        # the commands it reached (import runs before bulletin and evaluate need it)
        for name in commands(1, vanguard):
            if name not in names and name != "import":
                continue
            for copies in args.sizes:
                (command,) = commands(copies, vanguard)[name]
                wall, peak = run(command, work)
                print(
                    f"round {done + 1} {copies}x {name}: {wall:.2f} s {peak:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
                old = best.get((name, copies))
                best[(name, copies)] = (
                    (min(wall, old[0]), max(peak, old[1])) if old else (wall, peak)
                )
                text = table(best, names, args.sizes, done + 1)
                if args.markdown is not None:  # this round is under way: done finished
                    args.markdown.write_text(_markdown(text, args, done), encoding="utf-8")
        if args.markdown is not None:  # the round is over: done + 1 finished, none under way
            args.markdown.write_text(_markdown(text, args, done + 1), encoding="utf-8")
    print(text)
    shutil.rmtree(work, ignore_errors=True)


def table(
    best: dict[tuple[str, int], tuple[float, float]],
    names: list[str],
    sizes: list[int],
    rounds: int,
) -> str:
    """The fastest time, largest peak memory and growth exponents of each command."""
    lines = [
        f"fastest of up to {rounds} rounds; peak memory is the largest seen; "
        "'not run': the run ended before that cell",
        f"{'command':<10}"
        + "".join(f"{f'{c}x ({c * POSTS_PER_COPY} posts)':>26}" for c in sizes)
        + "   growth",
    ]
    for name in names:
        cells, exponents = [], []
        for i, copies in enumerate(sizes):
            if (name, copies) not in best:
                cells.append("not run")
                continue
            wall, peak = best[(name, copies)]
            cells.append(f"{wall:8.2f} s {peak:8.1f} MB")
            if i and (name, sizes[i - 1]) in best:
                before = best[(name, sizes[i - 1])][0]
                exponents.append(math.log(wall / before) / math.log(copies / sizes[i - 1]))
        growth = ", ".join(f"{e:.2f}" for e in exponents)
        lines.append(f"{name:<10}" + "".join(f"{cell:>26}" for cell in cells) + f"   {growth}")
    return "\n".join(lines)


def rounds_line(finished: int, rounds: int) -> str:
    """How far the run got: ``finished`` whole rounds of ``rounds``, and whether the table
    holds cells of a round still under way."""
    if finished >= rounds:
        return f"Rounds finished: {rounds} of {rounds}."
    return (
        f"Rounds finished: {finished} of {rounds}; round {finished + 1} was under way "
        "(its cells so far are in the table)."
    )


def _markdown(text: str, args: argparse.Namespace, finished_rounds: int) -> str:
    """The results file: what was run, on what, and the table as the script printed it."""
    sizes = " ".join(str(size) for size in args.sizes)
    only = f" --only {' '.join(args.only)}" if args.only else ""
    return (
        "# Scale: commands against the size of a program\n\n"
        "Generated by `benchmarks/scale.py` (do not edit by hand). Run:\n\n"
        f"    python benchmarks/scale.py --sizes {sizes} --rounds {args.rounds}{only}"
        f" --markdown {args.markdown}\n\n"
        f"{rounds_line(finished_rounds, args.rounds)} "
        f"Written on the {machine()} (shared with other work while it ran)."
        " Times are wall seconds of whole processes, one thread each; peak memory is each "
        "process's own maximum resident set; growth is the exponent between successive "
        "sizes, in posts.\n\n"
        f"```\n{text}\n```\n"
    )


if __name__ == "__main__":
    main()
