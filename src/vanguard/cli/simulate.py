"""``vanguard simulate``: Monte Carlo runs of a program from the command line."""

import contextlib
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.table import Table

from vanguard.cli._common import app, console, current_language, current_limits, reports_problems
from vanguard.io.output import check_output
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.simulation.executors import ignore_interrupts

if TYPE_CHECKING:
    from vanguard.review.words import ProgramWords

EXAMPLE = "zhaoqing-2006.toml"

F = TypeVar("F", bound=Callable[..., Any])


DASK_TIMEOUT = 5.0
"""Seconds to wait for a Dask scheduler to answer before giving up (``--dask-timeout``)."""

_DASK_ADDRESS = re.compile(
    r"(?:(?P<scheme>tcp|tls|ws|wss|ucx)://)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)"
    r":(?P<port>[0-9]{1,5})"
)


_IN_PROCESS = re.compile(r"inproc://[^\s/]+(?:/[0-9]+)+")
"""A scheduler in this process (a ``LocalCluster(processes=False)``)."""


def check_dask_address(address: str) -> str:
    """``address`` if it reads as a scheduler address (``tcp://host:8786``, ``host:8786``,
    or a scheduler in this process, ``inproc://...``).

    :raises VanguardError: it does not, saying what one looks like.
    """
    if _IN_PROCESS.fullmatch(address.strip()):
        return address.strip()
    found = _DASK_ADDRESS.fullmatch(address.strip())
    if found is None or not 0 < int(found.group("port")) < 65536:
        raise VanguardError(
            f"--dask {address!r:.80} is not a scheduler address: give "
            "[tcp://]HOST:PORT, e.g. tcp://127.0.0.1:8786"
        )
    return address.strip()


@contextlib.contextmanager
def executor_for(
    workers: int | None, dask: str | None, dask_timeout: float = DASK_TIMEOUT
) -> Iterator[tuple[Executor | None, int | None]]:
    """A process pool for ``--workers N`` (N > 1), a Dask executor for ``--dask``, else None;
    with the number of workers (the Dask cluster's threads) to size chunks by.

    The Dask address is checked first, then the scheduler must answer within
    ``dask_timeout`` seconds; either failure is a :class:`VanguardError` saying which.
    """
    if dask is not None:
        address = check_dask_address(dask)
        try:
            import distributed
        except ImportError:
            raise VanguardError(
                "--dask needs distributed: pip install 'vanguard-campaigns[dask]'"
            ) from None
        try:
            client = distributed.Client(  # type: ignore[no-untyped-call]  # untyped library
                address, timeout=dask_timeout
            )
        except (OSError, TimeoutError, ValueError) as error:
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            raise VanguardError(
                f"cannot reach the Dask scheduler at {address} within {dask_timeout:g} s: {reason}"
            ) from None
        with client:
            info = client.scheduler_info()
            threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
            executor = client.get_executor()  # type: ignore[no-untyped-call]  # untyped library
            yield executor, max(1, threads)
        return
    if workers is None or workers <= 1:
        yield None, None
        return
    pool = ProcessPoolExecutor(workers, initializer=ignore_interrupts)
    try:
        yield pool, workers
    finally:
        # On Ctrl-C or an error, chunks not started are dropped rather than waited for.
        pool.shutdown(wait=True, cancel_futures=True)


def wide_console() -> Any:
    """A console at least 150 columns wide when piped (tables are read whole, not on screen)."""
    out = console()
    if not out.is_terminal:
        out.width = max(out.width, 150)
    return out


def _number(value: float) -> str:
    if math.isnan(value):
        return "-"
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def summary_table(
    result: Any, program: Program, units: bool = False, w: "ProgramWords | None" = None
) -> Table:
    """Year-end totals next to the program's targets and the report's figures.

    In English indicators and units are shown by code (what a script filters on); in
    another language by the program's own names."""
    w = w or _words(program)
    _ = w.text
    english = w.language == "en"
    targets: dict[str, list[str]] = {}
    met: dict[str, list[str]] = {}
    for row in result.probability_met():
        targets.setdefault(row["indicator"], []).append(_number(row["target"]))
        met.setdefault(row["indicator"], []).append(f"{row['probability']:.0%}")
    figures = {f.indicator: f.value for f in program.figures}
    table = Table(
        title=_(
            "{program}: year-end totals over {replications} replications (seed {seed})",
            program=program.id if english else program.name.show(w.language),
            replications=f"{result.replications:,}",
            seed=result.provenance.seed,
        )
    )
    columns = [
        ("indicator", _("indicator")),
        ("unit", _("unit")),
        ("mean", _("mean")),
        ("5 %", "5 %"),
        ("95 %", "95 %"),
        ("target", _("target")),
        ("P(met)", _("P(met)")),
        ("report", _("reported figure")),
        ("vs report", _("vs report")),
    ]
    if not units:
        columns = [c for c in columns if c[0] != "unit"]
    for key, header in columns:
        table.add_column(
            header,
            justify="left" if key in ("indicator", "unit") else "right",
            no_wrap=key == "indicator",
        )
    for row in result.summary_rows((0.05, 0.95), units=units):
        code = row["indicator"]
        reported = figures.get(code) if row["unit"] == "(all)" else None
        gap = "" if reported is None else f"{(row['mean'] - reported) / reported:+.1%}"
        name = code if english else w.indicator(code)
        where = row["unit"] if english or row["unit"] != "(all)" else _("(all)")
        first = [name, where] if units else [name]
        table.add_row(
            *first,
            _number(row["mean"]),
            _number(row["q05"]),
            _number(row["q95"]),
            " / ".join(targets.get(code, [])) if row["unit"] == "(all)" else "",
            " / ".join(met.get(code, [])) if row["unit"] == "(all)" else "",
            "" if reported is None else _number(reported),
            gap,
        )
    return table


def figures_table(result: Any, program: Program, w: "ProgramWords | None" = None) -> Table:
    """The report's figures against the simulated mean: the calibration check."""
    w = w or _words(program)
    _ = w.text
    table = Table(title=_("The report's figures against the simulation"))
    for column in (
        _("indicator"),
        _("reported figure"),
        _("simulated mean"),
        _("90 % band"),
        _("deviation"),
        _("within 2 %"),
    ):
        table.add_column(
            column, justify="left" if column == _("indicator") else "right", no_wrap=True
        )
    for row in result.figure_rows(program):
        ok = abs(row["deviation"]) <= 0.02
        code = row["indicator"]
        table.add_row(
            code if w.language == "en" else w.indicator(code),
            _number(row["reported"]),
            _number(row["mean"]),
            f"{_number(row['q05'])} .. {_number(row['q95'])}",
            f"{row['deviation']:+.2%}",
            f"[green]{_('yes')}[/]" if ok else f"[red]{_('no')}[/]",
        )
    return table


def evaluation_table(
    result: Any, program: Program, limit: int = 15, w: "ProgramWords | None" = None
) -> Table:
    """Posts most at risk of a finding: mean score, P(each grade), P(direct / leadership)."""
    w = w or _words(program)
    _ = w.text
    outcomes = result.outcomes()
    bands = program.evaluation.grades
    grades = [band.id for band in bands]
    table = Table(
        title=_(
            "Year-end evaluation over {replications} simulated years: the {limit} posts most "
            "likely to be held accountable",
            replications=f"{result.replications:,}",
            limit=limit,
        )
    )
    columns = [_("post"), _("mean score")]
    columns += [f"P({g if w.language == 'en' else w.grade('', g)})" for g in grades]
    columns += [_("P(top rank)"), _("P(direct finding)"), _("P(leadership finding)")]
    for column in columns:
        table.add_column(
            column, justify="left" if column == _("post") else "right", no_wrap=column == _("post")
        )
    rows = sorted(
        outcomes.posts(),
        key=lambda r: (-r["p_direct_finding"], -r["p_leadership_finding"], r["post"]),
    )
    for row in rows[:limit]:
        post = row["post"]
        table.add_row(
            post if w.language == "en" else f"{w.post(post)} ({post})",
            _number(row["mean_score"]),
            *(f"{row[f'p_{g}']:.0%}" for g in grades),
            f"{row['p_top_rank']:.0%}",
            f"{row['p_direct_finding']:.0%}",
            f"{row['p_leadership_finding']:.0%}",
        )
    return table


def _words(program: Program, indicators: Any = None) -> "ProgramWords":
    """The program's words in the running command's language."""
    from vanguard.review.words import ProgramWords

    return ProgramWords(program, indicators, current_language())


def seed_option(default: int | None, help: str) -> Callable[[F], F]:
    """``--seed``: any seed numpy's SeedSequence takes (a usage error otherwise)."""

    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        from vanguard.simulation.streams import RunError, check_seed

        if value is None:
            return None
        try:
            return check_seed(value)
        except RunError as error:
            raise click.BadParameter(str(error)) from None

    return click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=default,
        show_default=default is not None,
        callback=check,
        help=help,
    )


def replications_option(default: int, help: str) -> Callable[[F], F]:
    """``-n``: replications, from 1 to the limit (``--limit max_replications=N``)."""

    def check(ctx: click.Context, param: click.Parameter, value: int) -> int:
        most = current_limits().max_replications
        if value > most:
            raise click.BadParameter(
                f"{value:,} is over the limit of {most:,} replications (raise it with "
                "--limit max_replications=N)"
            )
        return value

    return click.option(
        "-n",
        "--replications",
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        callback=check,
        help=f"{help} At most 100,000,000 unless --limit max_replications says otherwise.",
    )


def run_simulation(
    program: Program,
    vanguard: Any,
    replications: int,
    seed: int | None,
    *,
    scenario: Any = None,
    workers: int | None = None,
    dask: str | None = None,
    dask_timeout: float = DASK_TIMEOUT,
    show_progress: bool = True,
    chunk_blocks: int | None = None,
    evaluate: bool = False,
    behaviour: Any = None,
    memory_budget: int | None = None,
) -> Any:
    from vanguard.simulation import simulate
    from vanguard.simulation.progress import progress_bar

    with (
        executor_for(workers, dask, dask_timeout) as (executor, size),
        progress_bar(replications, enabled=None if show_progress else False) as progress,
    ):
        return simulate(
            program,
            replications,
            seed,
            app=vanguard,
            scenario=scenario,
            executor=executor,
            workers=size,
            blocks_per_chunk=chunk_blocks,
            progress=progress,
            evaluate=evaluate,
            behaviour=behaviour,
            memory_budget=memory_budget,
        )


def memory_budget_option() -> Callable[[F], F]:
    """``--memory-budget MB``: the evaluation's working memory per block, in mebibytes."""
    from vanguard.simulation.budget import MEMORY_BUDGET

    return click.option(
        "--memory-budget",
        "memory_budget",
        type=click.IntRange(min=1),
        default=MEMORY_BUDGET // 2**20,
        show_default=True,
        help="Mebibytes the evaluation of a block may work in (--evaluate): replications "
        "are reviewed in slices that fit. Never changes the numbers.",
    )


@click.command()
@click.argument("program_path", metavar="PROGRAM", type=click.Path(dir_okay=False, path_type=Path))
@replications_option(10_000, "Number of simulated years.")
@seed_option(None, "Seed (the same seed gives the same numbers); fresh when omitted.")
@click.option(
    "--scenario",
    "scenario_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A scenario file (TOML, YAML or JSON) of levers to apply.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Local worker processes.")
@click.option(
    "--dask", "dask", metavar="ADDRESS", help="Run on a Dask scheduler at ADDRESS (HOST:PORT)."
)
@click.option(
    "--dask-timeout",
    type=click.FloatRange(min=0.1, max=600),
    default=DASK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for the Dask scheduler to answer.",
)
@click.option(
    "--chunk-blocks",
    type=click.IntRange(min=1),
    help="Blocks of 1,024 replications per chunk sent to a worker.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the summary (with provenance) to this Parquet file.",
)
@click.option("--units", is_flag=True, help="Show every unit, not only all-units totals.")
@click.option(
    "--evaluate",
    is_flag=True,
    help="Run every simulated year through the year-end evaluation (grades, findings).",
)
@memory_budget_option()
@click.option(
    "--behaviour",
    "behaviour_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A behaviour file: posts respond to the rules; prints true against reported.",
)
@click.option("--no-progress", is_flag=True, help="Do not show a progress bar.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object (see the CLI reference) instead of tables; no progress bar.",
)
@reports_problems
def simulate(
    program_path: Path,
    replications: int,
    seed: int | None,
    scenario_path: Path | None,
    workers: int | None,
    dask: str | None,
    dask_timeout: float,
    chunk_blocks: int | None,
    out: Path | None,
    units: bool,
    evaluate: bool,
    memory_budget: int,
    behaviour_path: Path | None,
    no_progress: bool,
    as_json: bool,
) -> None:
    """Simulate PROGRAM many times; print totals next to its targets and reported figures.

    The same --seed reproduces the numbers bit for bit, whatever --workers, --dask or
    --chunk-blocks. Ctrl-C stops the run cleanly (exit status 130).
    """
    from vanguard.cli.behaviour import behaviour_table
    from vanguard.simulation import load_scenario
    from vanguard.simulation.behaviour import load_behaviour

    if workers is not None and dask is not None:
        raise click.UsageError("give --workers or --dask, not both")
    if dask is not None:
        try:
            dask = check_dask_address(dask)
        except VanguardError as error:
            raise click.BadParameter(str(error), param_hint="--dask") from None
    if out is not None:
        check_output(out, "--out")  # before the run, not after it
    vanguard = app()
    program = vanguard.load_program(program_path)
    scenario = load_scenario(scenario_path) if scenario_path else None
    behaviour = load_behaviour(behaviour_path, vanguard) if behaviour_path else None
    started = time.perf_counter()
    try:
        result = run_simulation(
            program,
            vanguard,
            replications,
            seed,
            scenario=scenario,
            workers=workers,
            dask=dask,
            dask_timeout=dask_timeout,
            show_progress=not (no_progress or as_json),
            chunk_blocks=chunk_blocks,
            evaluate=evaluate,
            behaviour=behaviour,
            memory_budget=memory_budget * 2**20,
        )
    except KeyboardInterrupt:
        click.echo("interrupted: no result was produced", err=True)
        sys.exit(130)
    elapsed = time.perf_counter() - started
    if as_json:
        document = simulation_document(result, program, evaluate, elapsed, scenario)
        click.echo(json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False))
        if out is not None:
            result.to_parquet(out)
        return
    out_console = wide_console()
    w = _words(program, vanguard.indicators())
    _ = w.text
    out_console.print(summary_table(result, program, units, w))
    if result.figure_rows(program):
        out_console.print(figures_table(result, program, w))
    if evaluate:
        out_console.print(evaluation_table(result, program, w=w))
    if result.response is not None:  # --behaviour, the program's [behaviour] or the scenario's
        out_console.print(behaviour_table(result, program, result.response.behaviour))
    done = _(
        "{replications} replications in {seconds} s; seed {seed}",
        replications=f"{result.replications:,}",
        seconds=f"{elapsed:.2f}",
        seed=result.provenance.seed,
    )
    if scenario:
        done += _("; scenario {name}", name=scenario.name)
    click.echo(done)
    if out is not None:
        result.to_parquet(out)
        click.echo(f"wrote {out}")


JSON_FORMAT = 1
"""The version of ``--json`` documents (bumped on an incompatible change of shape)."""


def simulation_document(
    result: Any, program: Program, evaluate: bool, elapsed: float, scenario: Any = None
) -> dict[str, Any]:
    """The ``vanguard simulate --json`` document: ``command``, ``program``, ``format``, the
    run's scalars, then tables as lists of records (the API's rows; NaN becomes null)."""
    document: dict[str, Any] = {
        "command": "simulate",
        "program": program.id,
        "format": JSON_FORMAT,
        "replications": result.replications,
        "seed": result.provenance.seed,
        "scenario": scenario.name if scenario is not None else None,
        "elapsed_seconds": elapsed,
        "totals": result.summary_rows((0.05, 0.5, 0.95)),
        "targets": result.probability_met(),
        "tasks": result.task_met(),
        "figures": result.figure_rows(program),
    }
    if evaluate:
        outcomes = result.outcomes()
        document["year"] = _last_year(program)  # the outcomes' rows are of the last year
        for table in ("posts", "grades", "findings", "grade_counts", "quotas"):
            document[table] = getattr(outcomes, table)()
    plain: dict[str, Any] = _plain(document)
    return plain


def _last_year(program: Program) -> str:
    from vanguard.review.calendar import ReviewCalendar

    return ReviewCalendar(program).years[-1].label


def _plain(value: Any) -> Any:
    """``value`` with NaN and infinities as None and numpy scalars as Python numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def find_example(name: str = EXAMPLE) -> Path:
    """The shipped example ``name``.

    An installed wheel carries the examples as package data (``vanguard/examples``); a
    source checkout (an editable install) has them in its ``examples/``; last, ``./examples``.
    """
    import vanguard

    package = Path(vanguard.__file__).resolve().parent
    candidates = [
        package / "examples" / name,
        package.parents[1] / "examples" / name,
        Path.cwd() / "examples" / name,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise VanguardError(
        f"cannot find the example {name} (looked in {', '.join(str(c.parent) for c in candidates)})"
    )


__all__ = [
    "check_dask_address",
    "evaluation_table",
    "executor_for",
    "figures_table",
    "find_example",
    "replications_option",
    "run_simulation",
    "seed_option",
    "simulate",
    "simulation_document",
    "summary_table",
]
