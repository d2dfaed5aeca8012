"""Seeds and random streams: how one seed becomes every random number of a run.

Replications are grouped in fixed-size *blocks* (:data:`BLOCK_SIZE` replications each,
the last one possibly shorter). Block ``b`` of a run seeded ``seed`` draws from
``SeedSequence(seed, spawn_key=(b, k))`` where ``k`` is a stable number derived from the
initiative's name: one independent stream per block and per initiative. Because a block's
numbers depend only on ``(seed, block, initiative)``, a run gives the same numbers whatever
the number of workers or the chunk size (chunks are whole numbers of blocks), and two
scenarios of the same program draw the same numbers for the same initiative (common random
numbers) even when one of them runs an extra initiative. Never ``seed + i``.
"""

import zlib
from collections.abc import Iterator

import attrs
import numpy as np

BLOCK_SIZE = 1024
"""Replications per block: the unit of randomness, of stepping and of reduction."""

MAX_SEED = 2**128 - 1


def check_seed(seed: int) -> int:
    """``seed`` if it is a usable non-negative integer; ValueError naming it otherwise."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"seed must be between 0 and 2**128 - 1, got {seed!r}")
    return int(seed)


def stream_key(name: str) -> int:
    """A stable 32-bit number for a stream name (CRC-32 of its UTF-8 bytes).

    Python's ``hash`` is salted per process, so it cannot be used here.
    """
    return zlib.crc32(name.encode("utf-8"))


def block_generator(seed: int, block: int, stream: str) -> np.random.Generator:
    """The generator of stream ``stream`` (an initiative's name) in block ``block``."""
    sequence = np.random.SeedSequence(seed, spawn_key=(block, stream_key(stream)))
    return np.random.Generator(np.random.PCG64(sequence))


@attrs.frozen
class Block:
    """Replications ``first`` .. ``first + size - 1`` of a run: block number ``index``."""

    index: int
    first: int
    size: int


def blocks(replications: int, block_size: int = BLOCK_SIZE) -> list[Block]:
    """The blocks of a run of ``replications`` replications, in order."""
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    if block_size < 1:
        raise ValueError(f"block size must be at least 1, got {block_size}")
    count = -(-replications // block_size)
    return [
        Block(b, b * block_size, min(block_size, replications - b * block_size))
        for b in range(count)
    ]


def chunks(run_blocks: list[Block], blocks_per_chunk: int) -> Iterator[list[Block]]:
    """Consecutive groups of ``blocks_per_chunk`` blocks (the last may be shorter)."""
    if blocks_per_chunk < 1:
        raise ValueError(f"blocks per chunk must be at least 1, got {blocks_per_chunk}")
    for start in range(0, len(run_blocks), blocks_per_chunk):
        yield run_blocks[start : start + blocks_per_chunk]


__all__ = [
    "BLOCK_SIZE",
    "Block",
    "block_generator",
    "blocks",
    "check_seed",
    "chunks",
    "stream_key",
]
