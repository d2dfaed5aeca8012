"""Seeds and random streams: how one seed becomes every random number of a run.

Replications are grouped in fixed-size *blocks* (:data:`BLOCK_SIZE` replications each,
the last one possibly shorter). Block ``b`` of a run seeded ``seed`` draws from
``SeedSequence(seed, spawn_key=(b, k))`` where ``k`` is a stable number derived from the
initiative's name: one independent stream per block and per initiative. Because a block's
numbers depend only on ``(seed, block, initiative)``, a run gives the same numbers whatever
the number of workers or the chunk size (chunks are whole numbers of blocks), and two
scenarios of the same program draw the same numbers for the same initiative (common random
numbers) even when one of them runs an extra initiative. Never ``seed + i``.

Common random numbers only pair two scenarios if a lever does not shift the stream: a
model's ``StepContext.poisson`` draws from a second stream per block and initiative
(:func:`coupled_generator`), one uniform per cell per call turned into a count by the
inverse CDF, so a lever on a rate moves each count monotonically instead of reshuffling
every later draw.
"""

import zlib
from collections.abc import Iterator, Sequence
from typing import overload

import attrs
import numpy as np

from vanguard.problems import VanguardError

BLOCK_SIZE = 1024
"""Replications per block: the unit of randomness, of stepping and of reduction."""

MAX_SEED_BITS = 4096
"""The largest seed is ``2**4096 - 1``: numpy's SeedSequence takes any non-negative
integer, and 4,096 bits is far more entropy than any generator uses (it keeps a seed
printable and its provenance record small)."""


class RunError(VanguardError, ValueError):
    """A run that cannot be made as asked: a seed numpy's
    :class:`~numpy.random.SeedSequence` cannot take, or a number of replications out of
    bounds (the message names the value)."""


def check_seed(seed: object) -> int:
    """``seed`` as an int if :class:`numpy.random.SeedSequence` accepts it as a run's seed.

    :raises RunError: not a whole number, negative, or over :data:`MAX_SEED_BITS` bits.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise RunError(f"a seed is a non-negative whole number, got {seed!r:.60}")
    value = int(seed)
    if value < 0:
        raise RunError(f"a seed is a non-negative whole number, got {value}")
    if value.bit_length() > MAX_SEED_BITS:
        raise RunError(f"a seed has at most {MAX_SEED_BITS} bits, got {value.bit_length()}")
    try:
        np.random.SeedSequence(value)
    except (TypeError, ValueError) as error:  # pragma: no cover - numpy's own refusal
        raise RunError(f"numpy refuses the seed {value}: {error}") from None
    return value


def stream_key(name: str) -> int:
    """A stable 32-bit number for a stream name (CRC-32 of its UTF-8 bytes).

    Python's ``hash`` is salted per process, so it cannot be used here.
    """
    return zlib.crc32(name.encode("utf-8"))


def block_generator(seed: int, block: int, stream: str) -> np.random.Generator:
    """The generator of stream ``stream`` (an initiative's name) in block ``block``."""
    sequence = np.random.SeedSequence(seed, spawn_key=(block, stream_key(stream)))
    return np.random.Generator(np.random.PCG64(sequence))


def coupled_generator(seed: int, block: int, stream: str) -> np.random.Generator:
    """The uniforms of stream ``stream``'s coupled draws (``StepContext.poisson``) in block
    ``block``: a stream of its own (spawn key ``(block, key, 1)``), so the uniforms a model
    gets there do not depend on how many numbers its other draws consumed."""
    sequence = np.random.SeedSequence(seed, spawn_key=(block, stream_key(stream), 1))
    return np.random.Generator(np.random.PCG64(sequence))


@attrs.frozen
class Block:
    """Replications ``first`` .. ``first + size - 1`` of a run: block number ``index``."""

    index: int
    first: int
    size: int


@attrs.frozen
class Blocks(Sequence[Block]):
    """The blocks of a run, made one at a time as they are needed (a lazy sequence).

    A run of 10^8 replications has about 100,000 blocks: none is built before it runs,
    so planning a run costs the same memory whatever its size. Slices are lazy too.
    """

    replications: int
    block_size: int
    first: int = 0
    stop: int | None = None

    @property
    def _stop(self) -> int:
        count = -(-self.replications // self.block_size)
        return count if self.stop is None else min(self.stop, count)

    def __len__(self) -> int:
        return max(0, self._stop - self.first)

    @overload
    def __getitem__(self, index: int) -> Block: ...

    @overload
    def __getitem__(self, index: slice) -> "Blocks": ...

    def __getitem__(self, index: int | slice) -> "Block | Blocks":
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("blocks can only be sliced with step 1")
            return attrs.evolve(self, first=self.first + start, stop=self.first + max(start, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        number = self.first + index
        first = number * self.block_size
        return Block(number, first, min(self.block_size, self.replications - first))

    def __iter__(self) -> Iterator[Block]:
        for index in range(len(self)):
            yield self[index]


def blocks(replications: int, block_size: int = BLOCK_SIZE) -> Blocks:
    """The blocks of a run of ``replications`` replications, in order (lazily)."""
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    if block_size < 1:
        raise ValueError(f"block size must be at least 1, got {block_size}")
    return Blocks(replications, block_size)


def chunks(run_blocks: Sequence[Block], blocks_per_chunk: int) -> Iterator[list[Block]]:
    """Consecutive groups of ``blocks_per_chunk`` blocks (the last may be shorter), each
    made when it is reached."""
    if blocks_per_chunk < 1:
        raise ValueError(f"blocks per chunk must be at least 1, got {blocks_per_chunk}")
    for start in range(0, len(run_blocks), blocks_per_chunk):
        yield list(run_blocks[start : start + blocks_per_chunk])


__all__ = [
    "BLOCK_SIZE",
    "MAX_SEED_BITS",
    "Block",
    "Blocks",
    "RunError",
    "block_generator",
    "blocks",
    "check_seed",
    "chunks",
    "coupled_generator",
    "stream_key",
]
