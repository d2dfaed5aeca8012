"""Ranking within groups of comparable items, over a leading replication axis.

Ranks are *competition* ranks ("1224"): an item's rank is one plus the number of items
of its group with a strictly higher score, so equal scores share a rank. Items without a
score (``NaN``) are unranked (rank 0). The rank change since the previous bulletin is
``previous rank - current rank`` (positive = moved up, 争先进位); 0 when either is unranked.
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Ranks = NDArray[np.int64]


def group_codes(groups: Sequence[str]) -> NDArray[np.int64]:
    """Integer codes for group names (same name, same code)."""
    seen: dict[str, int] = {}
    return np.asarray([seen.setdefault(name, len(seen)) for name in groups], dtype=np.int64)


def rank_within(scores: Array, groups: NDArray[np.int64]) -> Ranks:
    """Competition ranks of ``scores`` (shape ``(replications, items)``) within ``groups``."""
    valid = ~np.isnan(scores)
    same = groups[:, None] == groups[None, :]
    filled = np.where(valid, scores, -np.inf)
    higher = (filled[:, None, :] > filled[:, :, None]) & same[None] & valid[:, None, :]
    ranks = 1 + np.sum(higher, axis=-1)
    return np.where(valid, ranks, 0).astype(np.int64)


def rank_change(previous: Ranks, current: Ranks) -> Ranks:
    """Places moved up since ``previous`` (negative = moved down); 0 when unranked in either."""
    moved = previous - current
    return np.where((previous > 0) & (current > 0), moved, 0).astype(np.int64)


__all__ = ["group_codes", "rank_change", "rank_within"]
