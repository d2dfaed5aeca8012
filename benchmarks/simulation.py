"""Simulation benchmarks (issue 5, item 10): every figure printed side by side in one run.

    .venv/bin/python benchmarks/simulation.py            # everything (several minutes)
    .venv/bin/python benchmarks/simulation.py --only entrepreneurship zhaoqing
    .venv/bin/python benchmarks/simulation.py --large 10000000   # the 10-million run
    .venv/bin/python benchmarks/simulation.py --only entrepreneurship program zhaoqing \
        evaluation --markdown benchmarks/simulation-results.md   # the results file

Sections:

- ``entrepreneurship``: the engine (``simulate`` with the entrepreneurship-training
  plugin's model: 8 counties, 36 months, Poisson(9) trainees a month, start-up probability
  0.394, 1 + Poisson(2.07) jobs a start-up), 10,000 replications, against (a) its bare
  draws: the very numbers the engine draws (common random numbers: one uniform per cell
  from each block's coupled stream, turned into a count by ``poisson_quantile``, as
  ``StepContext.poisson`` does), and nothing else; (b) the same model as a researcher
  writes it in plain numpy (:func:`plain_numpy`: ``rng.poisson`` trainees,
  ``rng.binomial`` start-ups, every replication at once, and the same summaries: means
  and standard deviations to date per month and county). Interleaved, the fastest of
  ``--rounds``. Targets (issue 14.3): engine <= 1.2x its bare draws and <= 1x plain numpy.
  Also the per-entity pure-Python loops, against the engine at ``--entity-replications``.
- ``program``: the whole Zhaoqing example, simulation only, against its models alone
  (:func:`models_alone`: the same models, contexts, streams and inputs, without the
  engine's copies, checks, totals to date and reductions), interleaved (target <= 1.2x).
- ``zhaoqing``: the whole Zhaoqing example, every initiative, with and without the
  year-end evaluation, 10,000 replications on one core: time (the fastest of five runs)
  and peak memory (target < 2 s, < 1 GB).
- ``evaluation``: the whole Zhaoqing example with the campaign-discipline plugin (every
  post's study, exams, integrity, reports on time and documents simulated), 10,000
  replications, with the year-end evaluation against simulation only, interleaved in one
  process, the fastest of five rounds each (issue 10 target: <= 1.5x).
- ``large``: ``--large`` replications (default 1,000,000; the issue's 10,000,000 with
  ``--large 10000000``) of the whole program: peak memory stays bounded.
- ``dask``: a Dask LocalCluster with 2 worker processes against 1, interleaved, the
  fastest of ``--rounds`` each (target >= 1.7x).

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
from collections.abc import Callable
from pathlib import Path

from machine import machine  # benchmarks/machine.py (this script's folder)

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
    """The engine with the plugin's model: ``(seconds, mean year-end jobs)``."""
    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.parse_program(ENTREPRENEURSHIP_PROGRAM, check=False)
    started = time.perf_counter()
    result = simulate(program, replications, seed, app=app)
    return time.perf_counter() - started, result.mean("entrepreneurship.jobs")


def bare_draws(replications: int, seed: int, check: bool = False) -> tuple[float, float]:
    """The draws the engine makes, and nothing else: block by block, from the coupled
    stream of each block (``coupled_generator``), one uniform per cell per count turned
    into a count by ``poisson_quantile`` (``StepContext.poisson``): founders, the other
    trainees, the founders' extra jobs. ``check`` adds up the jobs (untimed use only: the
    mean must be the engine's exactly, which shows these are the same draws)."""
    import numpy as np

    from vanguard.plugins.draws import poisson_quantile
    from vanguard.simulation.streams import coupled_generator

    name, shape, jobs = "entrepreneurship-training", (1024, len(COUNTIES)), 0.0
    founders, others = (
        np.full((1, 1), TRAINEES * P_START),
        np.full((1, 1), TRAINEES * (1 - P_START)),
    )
    started = time.perf_counter()
    for block in range(math.ceil(replications / 1024)):
        shape = (min(1024, replications - block * 1024), len(COUNTIES))
        uniforms = coupled_generator(seed, block, name)
        for _ in range(MONTHS):
            startups = poisson_quantile(uniforms.random(shape), founders)
            poisson_quantile(uniforms.random(shape), others)
            extra = poisson_quantile(uniforms.random(shape), startups * EXTRA)
            if check:
                jobs += float((startups + extra).sum())
    return time.perf_counter() - started, jobs / replications


def plain_numpy(replications: int, seed: int) -> tuple[float, float]:
    """The same model as a researcher writes it in numpy, every replication at once: each
    month and county Poisson trainees, binomial start-ups, jobs = founders + Poisson(extra
    per founder); then what the engine reports: per month and county the mean and
    standard deviation of the totals to date, and the year-end start-up rate."""
    import numpy as np

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    shape = (MONTHS, replications, len(COUNTIES))
    trained, startups, jobs = np.empty(shape), np.empty(shape), np.empty(shape)
    for month in range(MONTHS):
        trained[month] = rng.poisson(TRAINEES, shape[1:])
        startups[month] = rng.binomial(trained[month].astype(np.int64), P_START)
        jobs[month] = startups[month] + rng.poisson(startups[month] * EXTRA)
    summary = {}
    for name, flow in (("trained", trained), ("startups", startups), ("jobs", jobs)):
        to_date = np.cumsum(flow, axis=0)
        summary[name] = (to_date.mean(axis=1), to_date.std(axis=1, ddof=1))
    year = np.cumsum(startups, axis=0)[-1] / np.cumsum(trained, axis=0)[-1]
    summary["rate"] = (np.nanmean(year, axis=0), np.nanstd(year, axis=0, ddof=1))
    mean_jobs = float(summary["jobs"][0][-1].sum())
    return time.perf_counter() - started, mean_jobs


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


def interleaved(
    runs: dict[str, Callable[[], tuple[float, float]]], rounds: int
) -> dict[str, list[float]]:
    """Each run once per round, in turn (so all see the same load), after one warm-up."""
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            times[name].append(run()[0])
    return times


def entrepreneurship(replications: int, entity_replications: int, rounds: int) -> dict[str, object]:
    """Engine, bare draws and the plain numpy model at ``replications``; the per-entity
    loops against the engine at ``entity_replications``: interleaved, fastest of ``rounds``."""
    seed = 2006
    main = interleaved(
        {
            "engine": lambda: engine_run(replications, seed),
            "bare": lambda: bare_draws(replications, seed),
            "numpy": lambda: plain_numpy(replications, seed),
        },
        rounds,
    )
    small = interleaved(
        {
            "engine": lambda: engine_run(entity_replications, seed),
            "entity": lambda: per_entity(entity_replications, seed),
            "entity_numpy": lambda: per_entity_numpy(entity_replications, seed),
        },
        rounds,
    )
    fastest = {name: min(t) for name, t in main.items()}
    fastest_small = {name: min(t) for name, t in small.items()}
    return {
        "replications": replications,
        "rounds": rounds,
        "engine_s": fastest["engine"],
        "bare_draws_s": fastest["bare"],
        "plain_numpy_s": fastest["numpy"],
        "engine_over_bare": fastest["engine"] / fastest["bare"],
        "engine_over_numpy": fastest["engine"] / fastest["numpy"],
        "entity_replications": entity_replications,
        "engine_small_s": fastest_small["engine"],
        "per_entity_s": fastest_small["entity"],
        "per_entity_numpy_s": fastest_small["entity_numpy"],
        "speed_up_vs_per_entity": fastest_small["entity"] / fastest_small["engine"],
        "speed_up_vs_per_entity_numpy": fastest_small["entity_numpy"] / fastest_small["engine"],
        "mean_jobs_engine": engine_run(replications, seed)[1],
        "mean_jobs_bare": bare_draws(replications, seed, check=True)[1],
        "mean_jobs_numpy": plain_numpy(replications, seed)[1],
        "mean_jobs_per_entity": per_entity(entity_replications, seed)[1],
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


def models_alone(plan: object, replications: int, seed: int, check: str = "") -> float:
    """The plan's models stepped as the engine steps them (the same contexts, parameters,
    streams and inputs, block by block), with nothing else: no copies into period arrays,
    no checks, no totals to date, no reduction. ``check`` names an indicator whose flows
    are added up over every period, unit and replication (untimed use: its mean must be
    the engine's)."""
    import numpy as np

    from vanguard.plugins.initiative import StepContext
    from vanguard.simulation.spreads import unit_parameters
    from vanguard.simulation.streams import block_generator, blocks, coupled_generator

    total = 0.0
    for block in blocks(replications):
        running = []
        for step in plan.steps:  # type: ignore[attr-defined]
            params = {name: np.full((1, 1), value) for name, value in step.parameters}
            if step.spreads:
                shape = (block.size, len(step.units))
                unit_parameters(step.name, step.spreads, params, shape, seed, block.index)
            ctx = StepContext(
                0,
                plan.periods,  # type: ignore[attr-defined]
                plan.period_starts[0],  # type: ignore[attr-defined]
                block.size,
                step.units,
                params,
                block_generator(seed, block.index, step.name),
                coupled_generator(seed, block.index, step.name),
            )
            running.append((step, ctx, step.implementation.start(ctx)))
        latest: dict[str, object] = {}
        for period in range(plan.periods):  # type: ignore[attr-defined]
            start = plan.period_starts[period]  # type: ignore[attr-defined]
            for step, ctx, state in running:
                now = StepContext(
                    period, ctx.periods, start, ctx.replications, ctx.units, ctx.params,
                    ctx.rng, ctx.uniforms,
                )  # fmt: skip
                outputs = step.implementation.step(
                    state, {code: latest[code] for code in step.inputs}, now
                )
                latest.update(outputs)
                if check in outputs:
                    total += float(np.sum(outputs[check]))
    return total / replications


def whole_program(replications: int, rounds: int) -> dict[str, object]:
    """The whole Zhaoqing example, simulation only, against its models alone
    (:func:`models_alone`): interleaved, the fastest of ``rounds`` each."""
    from vanguard import Vanguard
    from vanguard.simulation import simulate

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    seed, code = 2006, "entrepreneurship.trained"
    plan = simulate(program, 1024, seed, app=app).plan

    def engine() -> tuple[float, float]:
        started = time.perf_counter()
        result = simulate(program, replications, seed, app=app)
        return time.perf_counter() - started, result.mean(code)

    def alone() -> tuple[float, float]:
        started = time.perf_counter()
        models_alone(plan, replications, seed)
        return time.perf_counter() - started, 0.0

    times = interleaved({"engine": engine, "models": alone}, rounds)
    return {
        "replications": replications,
        "rounds": rounds,
        "initiatives": len(plan.steps),
        "engine_s": min(times["engine"]),
        "models_s": min(times["models"]),
        "ratio": min(times["engine"]) / min(times["models"]),
        "trained_engine": engine()[1],
        "trained_models": models_alone(plan, replications, seed, check=code),
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
        default=["entrepreneurship", "program", "zhaoqing", "evaluation", "large", "dask"],
    )
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (>= 5)")
    parser.add_argument("--markdown", type=Path, help="also write the output to this results file")
    parser.add_argument("-n", "--replications", type=int, default=10_000)
    parser.add_argument(
        "--entity-replications",
        type=int,
        default=1_000,
        help="replications the per-entity versions and the engine beside them run",
    )
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--large-workers", type=int, default=1)
    parser.add_argument("--dask-replications", type=int, default=200_000)
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    if "entrepreneurship" in args.only:
        e = in_subprocess(
            "entrepreneurship", args.replications, args.entity_replications, args.rounds
        )
        fastest = f"fastest of {e['rounds']} interleaved rounds"
        rows += [
            (
                "entrepreneurship: engine (simulate, 8 counties x 36 months)",
                f"{e['engine_s']:.3f} s",
                f"{e['replications']:,} reps, {fastest}",
            ),
            (
                "entrepreneurship: its bare draws (CRN: poisson_quantile on coupled uniforms)",
                f"{e['bare_draws_s']:.3f} s",
                f"engine / bare draws = {e['engine_over_bare']:.2f}x (target <= 1.2x)",
            ),
            (
                "entrepreneurship: plain numpy model (rng.poisson, rng.binomial, all reps)",
                f"{e['plain_numpy_s']:.3f} s",
                f"engine / plain numpy = {e['engine_over_numpy']:.2f}x (target <= 1x)",
            ),
            (
                "entrepreneurship: per-entity pure Python",
                f"{e['per_entity_s']:.2f} s",
                f"engine is {e['speed_up_vs_per_entity']:,.0f}x faster; both on "
                f"{e['entity_replications']:,} reps, {fastest}",
            ),
            (
                "entrepreneurship: per-entity, numpy scalar draws",
                f"{e['per_entity_numpy_s']:.2f} s",
                f"engine is {e['speed_up_vs_per_entity_numpy']:,.0f}x faster; both on "
                f"{e['entity_replications']:,} reps",
            ),
            (
                "entrepreneurship: mean jobs engine / bare draws",
                f"{e['mean_jobs_engine']:,.3f}",
                f"{e['mean_jobs_bare']:,.3f} (the same draws: equal); plain numpy "
                f"{e['mean_jobs_numpy']:,.1f}, per-entity {e['mean_jobs_per_entity']:,.1f} "
                f"(expected {8 * 36 * 9 * 0.394 * 3.07:,.1f})",
            ),
        ]
    if "program" in args.only:
        w = in_subprocess("whole_program", args.replications, args.rounds)
        rows += [
            (
                f"whole Zhaoqing program ({w['initiatives']} models), simulation only",
                f"{w['engine_s']:.2f} s",
                f"{w['replications']:,} reps, fastest of {w['rounds']} interleaved rounds",
            ),
            (
                "whole Zhaoqing program: its models alone (no copies, checks, reductions)",
                f"{w['models_s']:.2f} s",
                f"engine / models = {w['ratio']:.2f}x (target <= 1.2x); mean trained "
                f"{w['trained_engine']:,.3f} / {w['trained_models']:,.3f} (equal)",
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
        runs: dict[int, list[dict[str, object]]] = {1: [], 2: []}
        for _ in range(args.rounds):  # interleaved: 1 worker, 2 workers, 1, 2, ...
            for workers in runs:
                runs[workers].append(in_subprocess("dask", args.dask_replications, workers))
        one, two = (max(runs[w], key=lambda r: float(r["throughput"])) for w in (1, 2))  # type: ignore[arg-type]
        tallies = {r["tally"] for w in runs for r in runs[w]}
        same = "identical" if len(tallies) == 1 else "DIFFERENT"
        rows.append(
            (
                "Dask LocalCluster, 1 worker",
                f"{one['throughput']:,.0f} rep/s",
                f"{args.dask_replications:,} reps in {one['seconds']:.1f} s, fastest of "
                f"{args.rounds} interleaved rounds",
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
    lines = [machine(), f"{'benchmark':<{width}}  {'figure':>14}  notes"]
    lines += [f"{name:<{width}}  {figure:>14}  {note}" for name, figure, note in rows]
    print("\n".join(lines))
    if args.markdown is not None:
        args.markdown.write_text(results_file(lines, sys.argv[1:]), encoding="utf-8")


def results_file(lines: list[str], argv: list[str]) -> str:
    """The results file: the command that wrote it and its output as printed."""
    return (
        "# Simulation benchmarks: measured figures\n\n"
        "Generated by `benchmarks/simulation.py` (do not edit by hand): ratios are measured "
        "side by side in one run (interleaved, the fastest of the rounds shown); absolute "
        "seconds hold for the machine on the first line only (shared with other work while "
        "it ran: see its load average). Run:\n\n"
        f"    python benchmarks/simulation.py {' '.join(argv)}\n\n"
        "```\n" + "\n".join(lines) + "\n```\n"
    )


if __name__ == "__main__":
    main()
