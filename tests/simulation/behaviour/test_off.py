"""Behaviour off: every result is the passive engine's, bit for bit (issue 11, acceptance 1)."""

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program
from vanguard.simulation import engine
from vanguard.simulation.behaviour import Audits, Behaviour, behaviour_rows
from vanguard.simulation.results import SimulationResult
from vanguard.simulation.simulate import simulate
from vanguard.simulation.streams import Block

GOLDEN = Path(__file__).parent / "data" / "zhaoqing-golden.npz"
"""The passive engine's arrays of the Zhaoqing example (data/make_golden.py, behaviour off).

First computed on main's code before the behaviour layer existed; regenerated when every
model's counts became coupled draws (``StepContext.poisson`` and ``binomial``, issue 10
item 4), which changed the plugins' numbers by design. Every array is compared: the tests
below compare the behaviour-off path with passive runs directly."""


def test_engine_reproduces_the_golden_arrays(installed: Vanguard, zhaoqing: Program) -> None:
    plan = simulate(zhaoqing, 1, seed=1, app=installed).plan
    values = engine.simulate(plan, 20061231, Block(1, 8, 8), engine.Options())
    golden = np.load(GOLDEN)
    assert values.behaviour is None
    compared = 0
    for code, flow in values.flows.items():
        np.testing.assert_array_equal(flow, golden["flow:" + code], strict=True)
        compared += 1
    for code, to_date in values.to_date.items():
        np.testing.assert_array_equal(to_date[-1], golden["to_date:" + code], strict=True)
        compared += 1
    assert compared == len(golden.files) - 1  # every array but the means compared


def test_simulate_reproduces_the_golden_means(installed: Vanguard, zhaoqing: Program) -> None:
    golden = np.load(GOLDEN)
    result = simulate(zhaoqing, 300, seed=7, app=installed, block_size=64, behaviour=None)
    means = np.array([result.mean(s.code) for s in result.plan.series])
    np.testing.assert_array_equal(means, golden["means-300-seed-7"], strict=True)


def _summaries(result: object) -> list[np.ndarray]:
    tally = result.tally  # type: ignore[attr-defined]
    return [tally.total, tally.squares, tally.finite, tally.low, tally.high, tally.met]


def test_a_behaviour_that_moves_nothing_changes_nothing(
    installed: Vanguard, zhaoqing: Program
) -> None:
    """The hook runs (groups respond) but with no elasticity and no inflation nothing moves:
    the engine's summaries equal the run without a declaration exactly."""
    passive = simulate(zhaoqing, 200, seed=11, app=installed)
    still = Behaviour(elasticities={"rural.placed": 1e-300}, budget=1.0, grid=1)
    responding = simulate(zhaoqing, 200, seed=11, app=installed, behaviour=still)
    assert any(key.startswith("behaviour.") for key in responding.tally.extra)
    for a, b in zip(_summaries(passive), _summaries(responding), strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_passive_column_is_the_behaviour_off_result(
    installed: Vanguard, unmapped: Program
) -> None:
    """Two paths: the behaviour run's passive value of each post (a county office: no
    unit mapping) equals the mean of the run without behaviour (same seed), to the
    thousandth the summary is summed in. Posts of a mapping: ``test_posts.py``."""
    behaviour = Behaviour(elasticities={"entrepreneurship.startups": 0.5}, inflation=(0.0, 0.1))
    off = simulate(unmapped, 256, seed=5, app=installed)
    on = simulate(unmapped, 256, seed=5, app=installed, behaviour=behaviour)
    rows = behaviour_rows(on, unmapped, behaviour)
    assert rows
    for row in rows:
        assert row["passive"] == pytest.approx(off.mean(row["indicator"], row["post"]), abs=1e-3)


REPRODUCED = Behaviour(
    elasticities={"rural.placed": 0.5, "rural.trained": 0.3},
    inflation=(0.0, 0.2),
    audits=Audits(default=0.3, detection=0.7),
)


def _behaviour_sums(result: SimulationResult) -> dict[str, list[int]]:
    extra = result.tally.extra
    assert any(key.startswith("behaviour.") for key in extra)
    return {key: np.asarray(value).ravel().tolist() for key, value in extra.items()}


def test_chunks_and_process_workers_do_not_change_the_behaviour(
    installed: Vanguard, zhaoqing: Program
) -> None:
    def run(**how: Any) -> SimulationResult:
        return simulate(
            zhaoqing, 300, seed=9, app=installed, block_size=64, behaviour=REPRODUCED, **how
        )

    reference = run(blocks_per_chunk=1)
    with ProcessPoolExecutor(2) as processes:
        others = [run(blocks_per_chunk=3), run(executor=processes, blocks_per_chunk=2)]
    for other in others:
        assert _behaviour_sums(other) == _behaviour_sums(reference)
        np.testing.assert_array_equal(other.tally.total, reference.tally.total)


@pytest.mark.slow
def test_a_dask_cluster_gives_the_serial_behaviour(installed: Vanguard, zhaoqing: Program) -> None:
    distributed = pytest.importorskip("distributed")
    reference = simulate(zhaoqing, 300, seed=9, app=installed, block_size=64, behaviour=REPRODUCED)
    with (
        distributed.LocalCluster(
            n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = simulate(
            zhaoqing,
            300,
            seed=9,
            app=installed,
            block_size=64,
            behaviour=REPRODUCED,
            executor=client.get_executor(),
            workers=2,
            blocks_per_chunk=1,
        )
    assert _behaviour_sums(result) == _behaviour_sums(reference)
