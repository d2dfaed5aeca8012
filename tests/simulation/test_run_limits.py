"""Simulation limits (issue 13): -n within a documented maximum with work planned lazily,
any seed numpy's SeedSequence takes, and Dask addresses checked with a short timeout."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import toy
from click.testing import CliRunner

from vanguard import Limits, Program, Vanguard, simulate
from vanguard.cli import main
from vanguard.simulation.streams import MAX_SEED_BITS, blocks

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


class FirstBlockDoneError(Exception):
    """Raised from the progress callback once the first block has run."""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_n_of_a_trillion_is_refused_before_any_work() -> None:
    code, output = run("simulate", str(EXAMPLE), "-n", "1000000000000", "--no-progress")
    assert code == 2
    assert (
        "Invalid value for '-n' / '--replications': 1,000,000,000,000 is over the limit of "
        "100,000,000 replications (raise it with --limit max_replications=N)"
    ) in output


def test_a_trillion_replications_plan_lazily_memory_does_not_grow_before_they_run(
    program: Program,
) -> None:
    app = Vanguard(
        plugins=[toy.ToyPlugin()], load_entrypoints=False, limits=Limits(max_replications=10**12)
    )

    def stop(done: int) -> None:
        raise FirstBlockDoneError(done)

    tracemalloc.start()
    try:
        with pytest.raises(FirstBlockDoneError):
            simulate(program, 10**12, 1, app=app, progress=stop)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20  # 976,562,500 blocks were once built up front (> 100 GB)
    run_blocks = blocks(10**12)
    assert len(run_blocks) == 976_562_500
    assert run_blocks[-1].size == 10**12 - 976_562_499 * 1024


def test_seed_2_to_the_200_is_a_seed_as_numpy_takes_it(program: Program, app: Vanguard) -> None:
    first = simulate(program, 30, 2**200, app=app)
    again = simulate(program, 30, 2**200, app=app)
    assert first.provenance.seed == 2**200
    assert np.array_equal(first.tally.total, again.tally.total)
    code, _ = run("simulate", str(EXAMPLE), "-n", "5", "--seed", str(2**200), "--no-progress")
    assert code == 0


def test_a_seed_beyond_what_a_run_records_is_a_one_line_usage_error() -> None:
    code, output = run("simulate", str(EXAMPLE), "-n", "5", "--seed", str(2 ** (MAX_SEED_BITS + 1)))
    assert code == 2
    assert f"a seed has at most {MAX_SEED_BITS} bits" in output


def test_dask_not_an_address_is_a_clear_usage_error() -> None:
    code, output = run("simulate", str(EXAMPLE), "-n", "5", "--dask", "not an address")
    assert code == 2
    assert "--dask 'not an address' is not a scheduler address: give [tcp://]HOST:PORT" in output


def test_an_unreachable_dask_scheduler_is_a_clear_error_after_a_short_timeout() -> None:
    pytest.importorskip("distributed")
    code, output = run(
        "simulate", str(EXAMPLE), "-n", "5", "--no-progress",
        "--dask", "tcp://127.0.0.1:1", "--dask-timeout", "0.5",
    )  # fmt: skip
    assert code == 1
    [line] = [line for line in output.splitlines() if line.startswith("error:")]
    assert line.startswith(
        "error: cannot reach the Dask scheduler at tcp://127.0.0.1:1 within 0.5 s"
    )
