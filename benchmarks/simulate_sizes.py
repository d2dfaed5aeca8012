"""``simulate -n 1000 --evaluate`` against a baseline build, size by size, in one run.

For each size (copies of Zhaoqing, written by ``benchmarks/province.py``), the command

    vanguard simulate PROGRAM -n 1000 --evaluate --seed 1 --no-progress

runs as a whole process under this build's ``vanguard`` and under ``--baseline`` (another
checkout's ``vanguard``, e.g. main's), the two interleaved round after round. Each cell is
the fastest wall time, the fastest CPU time (user + system: less sensitive than wall time to
other work on a shared machine) and the largest peak resident memory (``wait4``); then the
ratio this build / baseline of each. The same seed must print the same numbers: with
``--check`` the two builds' ``--json`` documents are compared first (timing left out).

    python benchmarks/simulate_sizes.py --baseline ../main/.venv/bin/vanguard
    python benchmarks/simulate_sizes.py --baseline B --sizes 1 10 50 --rounds 3 --check
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POSTS_PER_COPY = 53


def _env() -> dict[str, str]:
    return dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def run(vanguard: str, program: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident megabytes of one simulation."""
    command = [vanguard, "simulate", str(program), "-n", "1000", "--evaluate", "--seed", "1"]
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{error[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def same_numbers(builds: dict[str, str], program: Path) -> bool:
    """Whether the builds print the same ``--json`` document (but its elapsed time)."""
    documents = []
    for vanguard in builds.values():
        command = [vanguard, "simulate", str(program), "-n", "1000", "--evaluate", "--seed", "1"]
        out = subprocess.run(
            [*command, "--json"], check=True, capture_output=True, text=True, env=_env()
        )
        document = json.loads(out.stdout)
        document.pop("elapsed_seconds", None)
        documents.append(document)
    return all(document == documents[0] for document in documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="the baseline build's vanguard")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare the numbers first")
    args = parser.parse_args()
    own = Path(sys.executable).parent / "vanguard"  # this interpreter's build first
    this = str(own) if own.exists() else shutil.which("vanguard") or "vanguard"
    builds = {"this": this, "baseline": args.baseline}
    work = Path(tempfile.mkdtemp(prefix="vanguard-simulate-sizes-"))
    for copies in args.sizes:
        subprocess.run(
            [sys.executable, str(Path(__file__).parent / "province.py"), str(copies), str(work)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if args.check:
        for copies in args.sizes:
            same = same_numbers(builds, work / f"zhaoqing-x{copies}.toml")
            print(f"{copies}x: {'same numbers' if same else 'THE NUMBERS DIFFER'}", flush=True)
    best: dict[tuple[int, str], tuple[float, float, float]] = {}
    for done in range(args.rounds):
        for copies in args.sizes:
            for name, vanguard in builds.items():
                wall, cpu, peak = run(vanguard, work / f"zhaoqing-x{copies}.toml")
                print(
                    f"round {done + 1} {copies}x {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                    f"{peak:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
                old = best.get((copies, name))
                best[(copies, name)] = (
                    (wall, cpu, peak)
                    if old is None
                    else (min(old[0], wall), min(old[1], cpu), max(old[2], peak))
                )
    print(f"fastest of {args.rounds} rounds (interleaved); peak: the largest seen")
    print(f"{'size':<18}{'build':<10}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}")
    for copies in args.sizes:
        for name in builds:
            wall, cpu, peak = best[(copies, name)]
            size = f"{copies}x ({copies * POSTS_PER_COPY} posts)"
            print(f"{size:<18}{name:<10}{wall:9.2f}{cpu:9.2f}{peak:9.0f}")
        a, b = best[(copies, "this")], best[(copies, "baseline")]
        print(f"{'':<18}{'ratio':<10}{a[0] / b[0]:9.2f}{a[1] / b[1]:9.2f}{a[2] / b[2]:9.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
