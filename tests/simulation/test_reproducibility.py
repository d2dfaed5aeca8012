"""One seed, one result: whatever the executor, the number of workers or the chunk size."""

import random
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from vanguard import Program, Vanguard
from vanguard.simulation import ChunkError, simulate
from vanguard.simulation.streams import block_generator, blocks


def _fingerprint(result: object) -> tuple[bytes, ...]:
    tally = result.tally  # type: ignore[attr-defined]
    return (
        tally.total.tobytes(),
        tally.squares.tobytes(),
        tally.finite.tobytes(),
        tally.histogram.tobytes(),
        tally.met.tobytes(),
        tally.low.tobytes(),
        tally.high.tobytes(),
    )


N = 5000  # five blocks, the last one short


def test_same_seed_same_result_whatever_the_chunk_size(app: Vanguard, program: Program) -> None:
    reference = _fingerprint(simulate(program, N, 7, app=app))
    for size in (1, 2, 3, 10):
        assert _fingerprint(simulate(program, N, 7, app=app, blocks_per_chunk=size)) == reference


def test_threads_and_processes_give_the_serial_result(app: Vanguard, program: Program) -> None:
    reference = _fingerprint(simulate(program, N, 7, app=app))
    with ThreadPoolExecutor(2) as threads:
        assert (
            _fingerprint(simulate(program, N, 7, app=app, executor=threads, blocks_per_chunk=1))
            == reference
        )
    with ProcessPoolExecutor(2) as processes:
        assert (
            _fingerprint(simulate(program, N, 7, app=app, executor=processes, blocks_per_chunk=2))
            == reference
        )
    with ProcessPoolExecutor(1) as one:
        assert _fingerprint(simulate(program, N, 7, app=app, executor=one)) == reference


@pytest.mark.slow
def test_dask_local_cluster_gives_the_serial_result(app: Vanguard, program: Program) -> None:
    distributed = pytest.importorskip("distributed")
    reference = _fingerprint(simulate(program, N, 7, app=app))
    with (
        distributed.LocalCluster(
            n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = simulate(
            program, N, 7, app=app, executor=client.get_executor(), workers=2, blocks_per_chunk=1
        )
    assert _fingerprint(result) == reference


def test_different_seeds_differ_and_the_seed_is_recorded(app: Vanguard, program: Program) -> None:
    one = simulate(program, 2000, 1, app=app)
    two = simulate(program, 2000, 2, app=app)
    assert _fingerprint(one) != _fingerprint(two)
    assert one.provenance.seed == 1
    assert one.provenance.numpy == np.__version__
    assert one.provenance.parameters["toy-training"]["trainees"] == 9.0
    assert set(one.provenance.plugins) == {"toy-training", "toy-hiring"}


def test_no_seed_draws_a_fresh_one_and_records_it(app: Vanguard, program: Program) -> None:
    first = simulate(program, 100, app=app)
    again = simulate(program, 100, first.provenance.seed, app=app)
    assert _fingerprint(first) == _fingerprint(again)


def test_blocks_are_independent_streams_not_seed_plus_i() -> None:
    a = block_generator(5, 1, "x").random(4)
    b = block_generator(6, 0, "x").random(4)
    c = block_generator(5, 1, "y").random(4)
    assert not np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert [b.size for b in blocks(2500, 1024)] == [1024, 1024, 452]


def test_global_random_state_is_never_used(
    app: Vanguard, program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("global random state used")

    for name in (
        "random",
        "seed",
        "rand",
        "randn",
        "randint",
        "poisson",
        "binomial",
        "normal",
        "uniform",
        "default_rng",
        "get_state",
        "set_state",
        "shuffle",
        "choice",
    ):
        monkeypatch.setattr(np.random, name, refuse)
    for name in ("random", "seed", "randint", "choice", "shuffle", "gauss", "uniform"):
        monkeypatch.setattr(random, name, refuse)
    result = simulate(program, 1500, 3, app=app)
    assert result.mean("toy.trained") > 0


class BrokenModel:
    def start(self, ctx):  # type: ignore[no-untyped-def]
        return {}

    def step(self, state, inputs, ctx):  # type: ignore[no-untyped-def]
        if ctx.period == 5 and ctx.replications < 1024:  # only the short last block fails
            raise ZeroDivisionError("boom")
        return {
            "toy.trained": np.ones(ctx.shape),
            "toy.startups": np.zeros(ctx.shape),
            "toy.jobs": np.zeros(ctx.shape),
        }


def test_a_failing_chunk_is_reported_with_seed_and_block(program: Program) -> None:
    import attrs
    import toy

    from vanguard import hookimpl

    broken = attrs.evolve(toy.TRAINING, model=BrokenModel())

    class Plugin:
        @hookimpl
        def vanguard_initiatives(self):  # type: ignore[no-untyped-def]
            return [broken, toy.HIRING]

    app = Vanguard(plugins=[Plugin()], load_entrypoints=False)
    with pytest.raises(ChunkError) as caught:
        simulate(program, 3000, 11, app=app, blocks_per_chunk=1)
    assert caught.value.seed == 11
    assert caught.value.block_ids == (2,)
    assert "ZeroDivisionError: boom" in str(caught.value)
    assert "block 2" in str(caught.value)
    with ThreadPoolExecutor(2) as threads, pytest.raises(ChunkError, match="seed 11"):
        simulate(program, 3000, 11, app=app, executor=threads)


class DyingExecutor(ThreadPoolExecutor):
    """An executor whose second task fails outside the chunk (as when a worker dies)."""

    def __init__(self) -> None:
        super().__init__(1)
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.calls += 1
        if self.calls == 2:
            return super().submit(_lost_worker)
        return super().submit(fn, *args, **kwargs)


def _lost_worker() -> None:
    raise OSError("worker lost")


def test_an_executor_failure_names_the_chunk(app: Vanguard, program: Program) -> None:
    with DyingExecutor() as executor, pytest.raises(ChunkError) as caught:
        simulate(program, 5000, 9, app=app, executor=executor, blocks_per_chunk=1)
    assert caught.value.block_ids == (2,)
    assert "OSError: worker lost" in str(caught.value)
