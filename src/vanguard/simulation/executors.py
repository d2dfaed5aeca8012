"""Execution: blocks of replications run in chunks, serially or on any executor.

One boundary: anything implementing :class:`concurrent.futures.Executor` runs chunks
(``ProcessPoolExecutor``, ``ThreadPoolExecutor``, Dask's ``Client.get_executor()``). Chunks
are whole numbers of blocks; results are folded in block order, so the outcome is
bit-identical whatever the executor, the number of workers or the chunk size. A chunk that
fails stops the run with :class:`ChunkError` naming its seed, its blocks and the error;
Ctrl-C cancels what has not started and re-raises ``KeyboardInterrupt``.
"""

import signal
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future

from vanguard.problems import VanguardError
from vanguard.simulation.engine import Options, Workspace, run_block
from vanguard.simulation.plan import Plan
from vanguard.simulation.streams import BLOCK_SIZE, Block, blocks, chunks
from vanguard.simulation.tally import ChunkTally, Edges, Layout, Tally

Progress = Callable[[int], None]
"""Called with the number of replications just completed."""


class ChunkError(VanguardError):
    """A chunk of blocks failed; the run stopped. Carries the seed, the blocks and the error."""

    def __init__(self, seed: int, block_ids: tuple[int, ...], error: str, details: str = ""):
        self.seed = seed
        self.block_ids = block_ids
        self.error = error
        self.details = details
        span = (
            f"block {block_ids[0]}"
            if len(block_ids) == 1
            else f"blocks {block_ids[0]}..{block_ids[-1]}"
        )
        super().__init__(f"simulation failed in {span} (seed {seed}): {error}")

    def __reduce__(self) -> tuple[type["ChunkError"], tuple[int, tuple[int, ...], str, str]]:
        return (ChunkError, (self.seed, self.block_ids, self.error, self.details))


def run_chunk(
    plan: Plan,
    seed: int,
    chunk: list[Block],
    edges: Edges | None,
    options: Options,
    workspace: Workspace | None = None,
) -> ChunkTally:
    """Simulate and reduce consecutive blocks; ChunkError (with the failing block) on error.

    The blocks reuse ``workspace``'s arrays (a new one when None: one per chunk)."""
    tallies = []
    workspace = Workspace() if workspace is None else workspace
    for block in chunk:
        try:
            tallies.append(run_block(plan, seed, block, edges, options, workspace))
        except Exception as error:  # every failure is reported with its seed and block
            raise ChunkError(
                seed,
                tuple(b.index for b in chunk),
                f"block {block.index}: {type(error).__name__}: {error}",
                traceback.format_exc(),
            ) from error
    return ChunkTally.of(tallies)


def ignore_interrupts() -> None:
    """Worker-process initializer: leave Ctrl-C to the driver, which cancels cleanly.

    Use as ``ProcessPoolExecutor(n, initializer=ignore_interrupts)`` so that an interrupt
    does not also break every worker mid-chunk.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_blocks_per_chunk(remaining: int, workers: int) -> int:
    """About four chunks per worker, at most 32 blocks (32,768 replications) per chunk."""
    return max(1, min(32, -(-remaining // (4 * max(1, workers)))))


def execute(
    plan: Plan,
    seed: int,
    replications: int,
    *,
    executor: Executor | None = None,
    blocks_per_chunk: int | None = None,
    block_size: int = BLOCK_SIZE,
    options: Options | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Tally:
    """Run ``replications`` replications of ``plan`` and fold them into a :class:`Tally`.

    Block 0 runs here first (its values fix the histogram edges); the other blocks run in
    chunks of ``blocks_per_chunk`` on ``executor`` (here, serially, when None) with at most
    two chunks per worker in flight, so memory stays bounded however large the run.
    ``workers`` (default: the executor's ``_max_workers``, else 2) sizes chunks and the
    in-flight window; it never changes the result.
    """
    options = options or Options()
    run_blocks = blocks(replications, block_size)
    workspace = Workspace()  # the blocks run here, one after the other, share it
    first = run_chunk(plan, seed, list(run_blocks[:1]), None, options, workspace)
    assert first.spread is not None
    tally = Tally(Layout.of(plan), Edges.around(first.spread))
    tally.add(first)
    if progress is not None:
        progress(first.replications)
    rest = run_blocks[1:]
    if not rest:
        return tally
    if workers is None:
        workers = int(getattr(executor, "_max_workers", 2)) if executor is not None else 1
    size = blocks_per_chunk or default_blocks_per_chunk(len(rest), workers)
    groups = chunks(rest, size)
    if executor is None:
        for group in groups:
            chunk = run_chunk(plan, seed, group, tally.edges, options, workspace)
            tally.add(chunk)
            if progress is not None:
                progress(chunk.replications)
        return tally
    in_flight: deque[tuple[Future[ChunkTally], list[Block]]] = deque()
    try:
        for group in groups:
            future = executor.submit(run_chunk, plan, seed, group, tally.edges, options)
            in_flight.append((future, group))
            while len(in_flight) >= 2 * workers:
                _fold(tally, seed, *in_flight.popleft(), progress)
        while in_flight:
            _fold(tally, seed, *in_flight.popleft(), progress)
    except BaseException:
        for future, _ in in_flight:
            future.cancel()
        raise
    return tally


def _fold(
    tally: Tally,
    seed: int,
    future: "Future[ChunkTally]",
    group: list[Block],
    progress: Progress | None,
) -> None:
    try:
        chunk = future.result()
    except ChunkError:
        raise
    except Exception as error:  # the executor itself failed (a worker died, a lost connection)
        raise ChunkError(
            seed, tuple(b.index for b in group), f"{type(error).__name__}: {error}"
        ) from error
    tally.add(chunk)
    if progress is not None:
        progress(chunk.replications)


__all__ = [
    "ChunkError",
    "Progress",
    "default_blocks_per_chunk",
    "execute",
    "ignore_interrupts",
    "run_chunk",
]
