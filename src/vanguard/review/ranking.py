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
    items = scores.shape[-1]
    # Sort each replication by group, then score from the highest (NaN last): an item's
    # rank is one plus its place among its group's items at the first of its equals.
    ranked = np.lexsort((-scores, np.broadcast_to(groups, scores.shape)), axis=-1)
    ordered = np.take_along_axis(scores, ranked, axis=-1)
    sorted_groups = np.sort(groups)
    start_of = np.searchsorted(sorted_groups, sorted_groups, side="left")
    column = np.arange(items)
    new_run = np.ones(scores.shape, dtype=np.bool_)
    new_run[..., 1:] = (ordered[..., 1:] != ordered[..., :-1]) | (start_of[1:] == column[1:])
    first = np.maximum.accumulate(np.where(new_run, column, 0), axis=-1)
    ranks = np.empty(scores.shape, dtype=np.int64)
    np.put_along_axis(ranks, ranked, 1 + first - start_of, axis=-1)
    return np.where(valid, ranks, 0).astype(np.int64)


def rank_change(previous: Ranks, current: Ranks) -> Ranks:
    """Places moved up since ``previous`` (negative = moved down); 0 when unranked in either."""
    moved = previous - current
    return np.where((previous > 0) & (current > 0), moved, 0).astype(np.int64)


__all__ = ["group_codes", "rank_change", "rank_within"]
