"""Simulation benchmarks (issue 5, item 10): every figure printed side by side in one run.

    .venv/bin/python benchmarks/simulation.py            # everything (several minutes)
    .venv/bin/python benchmarks/simulation.py --only entrepreneurship zhaoqing
    .venv/bin/python benchmarks/simulation.py --large 10000000   # the 10-million run

Sections:

- ``entrepreneurship``: the engine (with the entrepreneurship-training plugin's model)
  against a per-entity pure-Python implementation of the same model (8 counties, 36 months,
  Poisson(9) trainees a month, start-up probability 0.394, 1 + Poisson(2.07) jobs a
  start-up) and against the bare cost of drawing the random numbers that model needs, for
  10,000 replications. Targets: >= 200x faster than per-entity, <= 1.5x the bare draws.
- ``zhaoqing``: the whole Zhaoqing example, every initiative, with and without the
  year-end evaluation, 10,000 replications on one core: time (the fastest of five runs)
  and peak memory (target < 2 s, < 1 GB).
- ``evaluation``: the whole Zhaoqing example with the campaign-discipline plugin (every
  post's study, exams, integrity, reports on time and documents simulated), 10,000
  replications, with the year-end evaluation against simulation only, interleaved in one
  process, the fastest of five rounds each (issue 10 target: <= 1.5x).
- ``large``: ``--large`` replications (default 1,000,000; the issue's 10,000,000 with
  ``--large 10000000``) of the whole program: peak memory stays bounded.
- ``dask``: a Dask LocalCluster with 2 worker processes against 1 (target >= 1.7x).

Heavy sections run in a fresh subprocess with one thread per library, so timings and peak
memory (``ru_maxrss``) are those of that run alone.
"""

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhaoqing-2006.toml"
COUNTIES = ("duanzhou", "dinghu", "gaoyao", "sihui", "guangning", "huaiji", "fengkai", "deqing")
MONTHS, TRAINEES, P_START, EXTRA = 36, 9.0, 0.394, 2.07

ENTREPRENEURSHIP_PROGRAM = f"""
id = "bench"
name = "Entrepreneurship benchmark"
start = 2004-01-01
end = 2006-12-31
campaign = {{ id = "vanguard", name = "Vanguard practice" }}

[[initiatives]]
name = "entrepreneurship-training"
units = {list(COUNTIES)!r}

[initiatives.parameters]
trainees_per_month = {TRAINEES}
startup_probability = {P_START}
extra_jobs_per_startup = {EXTRA}
"""


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- entrepreneurship ---------------------------------------------------------------------
def engine_run(replications: int, seed: int) -> tuple[float, float]:
    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.parse_program(ENTREPRENEURSHIP_PROGRAM, check=False)
    simulate(program, 1024, seed, app=app)  # warm up imports and caches
    started = time.perf_counter()
    result = simulate(program, replications, seed, app=app)
    return time.perf_counter() - started, result.mean("entrepreneurship.jobs")


def bare_draws(replications: int, seed: int) -> float:
    """Only the draws the model needs, block by block as the engine draws them (the
    start-ups as a Poisson thinning of the trainees, as the plugin draws them)."""
    import numpy as np

    started = time.perf_counter()
    for block in range(math.ceil(replications / 1024)):
        size = min(1024, replications - block * 1024)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))
        for _ in range(MONTHS):
            # as the model draws them: founders and other trainees (two Poisson counts,
            # the binomial split of a Poisson count), then the founders' extra jobs
            startups = rng.poisson(TRAINEES * P_START, size=(size, len(COUNTIES)))
            rng.poisson(TRAINEES * (1 - P_START), size=(size, len(COUNTIES)))
            rng.poisson(startups * EXTRA)
    return time.perf_counter() - started


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: one uniform per event, as a per-entity model would draw."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def per_entity(replications: int, seed: int) -> tuple[float, float]:
    """Straightforward pure Python: every trainee, start-up and job is drawn one by one."""
    rng = random.Random(seed)  # an instance: never the global random state
    started = time.perf_counter()
    jobs_total = 0
    for _ in range(replications):
        for _county in COUNTIES:
            for _month in range(MONTHS):
                for _trainee in range(_poisson(rng, TRAINEES)):
                    if rng.random() < P_START:
                        jobs_total += 1 + _poisson(rng, EXTRA)
    return time.perf_counter() - started, jobs_total / replications


def per_entity_numpy(replications: int, seed: int) -> tuple[float, float]:
    """The same loops drawing each number from a numpy Generator, one scalar at a time."""
    import numpy as np

    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    started = time.perf_counter()
    jobs_total = 0
    for _ in range(replications):
        for _county in COUNTIES:
            for _month in range(MONTHS):
                for _trainee in range(int(rng.poisson(TRAINEES))):
                    if rng.random() < P_START:
                        jobs_total += 1 + int(rng.poisson(EXTRA))
    return time.perf_counter() - started, jobs_total / replications


def entrepreneurship(replications: int, entity_replications: int) -> dict[str, object]:
    engine, engine_jobs = min(engine_run(replications, 2006) for _ in range(3))
    bare = min(bare_draws(replications, 2006) for _ in range(3))
    entity, entity_jobs = per_entity(entity_replications, 2006)
    entity_full = entity * replications / entity_replications
    numpy_reps = max(1, entity_replications // 10)
    numpy_entity, _ = per_entity_numpy(numpy_reps, 2006)
    numpy_full = numpy_entity * replications / numpy_reps
    return {
        "replications": replications,
        "engine_s": engine,
        "bare_draws_s": bare,
        "per_entity_s": entity_full,
        "per_entity_measured_on": entity_replications,
        "speed_up_vs_per_entity": entity_full / engine,
        "per_entity_numpy_s": numpy_full,
        "per_entity_numpy_measured_on": numpy_reps,
        "speed_up_vs_per_entity_numpy": numpy_full / engine,
        "engine_over_bare": engine / bare,
        "mean_jobs_engine": engine_jobs,
        "mean_jobs_per_entity": entity_jobs,
    }


# ---- whole program --------------------------------------------------------------------------
def zhaoqing(replications: int, evaluate: bool, repeats: int = 5) -> dict[str, object]:
    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    simulate(program, 256, 1, app=app, evaluate=evaluate)  # warm up
    times = []
    for _ in range(repeats):  # the machine is shared: the minimum is the run's own cost
        started = time.perf_counter()
        result = simulate(program, replications, 2006, app=app, evaluate=evaluate)
        times.append(time.perf_counter() - started)
    return {
        "replications": replications,
        "evaluate": evaluate,
        "seconds": min(times),
        "all_seconds": ", ".join(f"{t:.2f}" for t in times),
        "peak_mb": peak_mb(),
        "trained": result.mean("entrepreneurship.trained"),
    }


def large(replications: int, workers: int) -> dict[str, object]:
    from concurrent.futures import ProcessPoolExecutor

    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    started = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            result = simulate(program, replications, 2006, app=app, executor=pool)
    else:
        result = simulate(program, replications, 2006, app=app)
    return {
        "replications": replications,
        "workers": workers,
        "seconds": time.perf_counter() - started,
        "driver_peak_mb": peak_mb(),
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "trained": result.mean("entrepreneurship.trained"),
    }


def dask(replications: int, workers: int) -> dict[str, object]:
    import distributed

    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        executor = client.get_executor()
        simulate(
            program, 4096, 1, app=app, executor=executor, workers=workers, blocks_per_chunk=1
        )  # warm the workers up (imports)
        started = time.perf_counter()
        result = simulate(
            program,
            replications,
            2006,
            app=app,
            executor=executor,
            workers=workers,
            blocks_per_chunk=8,
        )
        seconds = time.perf_counter() - started
    return {
        "replications": replications,
        "workers": workers,
        "seconds": seconds,
        "throughput": replications / seconds,
        "trained": result.mean("entrepreneurship.trained"),
        "tally": result.tally.total.tobytes().hex()[:16],
    }


# ---- driver ---------------------------------------------------------------------------------
def evaluation(replications: int, repeats: int = 5) -> dict[str, object]:
    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    assert any(use.name == "campaign-discipline" for use in program.initiatives)
    for evaluate in (False, True):
        simulate(program, 256, 1, app=app, evaluate=evaluate)  # warm up
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(repeats):  # interleaved, so both see the same load on a shared machine
        for evaluate in (False, True):
            started = time.perf_counter()
            simulate(program, replications, 2006, app=app, evaluate=evaluate)
            times[evaluate].append(time.perf_counter() - started)
    only, evaluated = min(times[False]), min(times[True])
    return {
        "replications": replications,
        "simulation_s": only,
        "evaluated_s": evaluated,
        "ratio": evaluated / only,
    }


def in_subprocess(function: str, *args: object) -> dict[str, object]:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        f"import simulation as b; print(json.dumps(b.{function}(*{args!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        nargs="*",
        default=["entrepreneurship", "zhaoqing", "evaluation", "large", "dask"],
    )
    parser.add_argument("-n", "--replications", type=int, default=10_000)
    parser.add_argument(
        "--entity-replications",
        type=int,
        default=10_000,
        help="replications the per-entity version runs (scaled to -n)",
    )
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--large-workers", type=int, default=1)
    parser.add_argument("--dask-replications", type=int, default=200_000)
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    if "entrepreneurship" in args.only:
        e = in_subprocess("entrepreneurship", args.replications, args.entity_replications)
        rows += [
            ("entrepreneurship: engine", f"{e['engine_s']:.3f} s", f"{e['replications']:,} reps"),
            (
                "entrepreneurship: bare random draws",
                f"{e['bare_draws_s']:.3f} s",
                f"engine / bare = {e['engine_over_bare']:.2f}x (target <= 1.5x)",
            ),
            (
                "entrepreneurship: per-entity pure Python",
                f"{e['per_entity_s']:.1f} s",
                f"engine is {e['speed_up_vs_per_entity']:,.0f}x faster (target >= 200x); "
                f"measured on {e['per_entity_measured_on']:,} reps",
            ),
            (
                "entrepreneurship: per-entity, numpy scalar draws",
                f"{e['per_entity_numpy_s']:.1f} s",
                f"engine is {e['speed_up_vs_per_entity_numpy']:,.0f}x faster; measured on "
                f"{e['per_entity_numpy_measured_on']:,} reps",
            ),
            (
                "entrepreneurship: mean jobs engine / per-entity",
                f"{e['mean_jobs_engine']:,.1f}",
                f"{e['mean_jobs_per_entity']:,.1f} (expected {8 * 36 * 9 * 0.394 * 3.07:,.1f})",
            ),
        ]
    if "zhaoqing" in args.only:
        for evaluate in (False, True):
            z = in_subprocess("zhaoqing", args.replications, evaluate)
            label = "with evaluation" if evaluate else "simulation only"
            rows.append(
                (
                    f"whole Zhaoqing program, {label}",
                    f"{z['seconds']:.2f} s",
                    f"{z['replications']:,} reps, one core, fastest of "
                    f"{z['all_seconds']} s; peak "
                    f"{z['peak_mb']:.0f} MB (target < 2 s, < 1 GB)",
                )
            )
    if "evaluation" in args.only:
        v = in_subprocess("evaluation", args.replications)
        rows.append(
            (
                "Zhaoqing with campaign discipline: evaluated / simulation only",
                f"{v['evaluated_s']:.2f} s / {v['simulation_s']:.2f} s",
                f"{v['ratio']:.2f}x (target <= 1.5x), {v['replications']:,} reps, fastest "
                "of 5 interleaved rounds each",
            )
        )
    if "large" in args.only:
        g = in_subprocess("large", args.large, args.large_workers)
        rows.append(
            (
                f"whole Zhaoqing program, {args.large:,} replications",
                f"{g['seconds']:.1f} s",
                f"{g['workers']} worker(s); peak driver {g['driver_peak_mb']:.0f} MB, "
                f"worker {g['children_peak_mb']:.0f} MB",
            )
        )
    if "dask" in args.only:
        one = in_subprocess("dask", args.dask_replications, 1)
        two = in_subprocess("dask", args.dask_replications, 2)
        same = "identical" if one["tally"] == two["tally"] else "DIFFERENT"
        rows.append(
            (
                "Dask LocalCluster, 1 worker",
                f"{one['throughput']:,.0f} rep/s",
                f"{args.dask_replications:,} reps in {one['seconds']:.1f} s",
            )
        )
        rows.append(
            (
                "Dask LocalCluster, 2 workers",
                f"{two['throughput']:,.0f} rep/s",
                f"{two['throughput'] / one['throughput']:.2f}x one worker (target >= "
                f"1.7x); results {same}",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'figure':>14}  notes")
    for name, figure, note in rows:
        print(f"{name:<{width}}  {figure:>14}  {note}")


if __name__ == "__main__":
    main()
