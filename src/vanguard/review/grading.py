"""Grades: bands by score, vetoes that rule grades out, quotas with a stated tie-break.

Grades are indices into the program's grade bands, 0 the best. The order of operations
is fixed and explains every grade: (1) the band the final score reaches; (2) each veto
that applies moves the post down to the best grade it does not exclude; (3) quotas, from
the best grade down, keep the first ``floor(share * pool size)`` holders of a grade in
each pool (ordered by final score, then the quota's tie-break, then file order) and move
the rest down one grade. Steps 2 and 3 only ever move grades down, so a quota can never
undo a veto. Posts without a score are not graded (``-1``) and do not count in pools.
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import GradeBand, Quota, TieBreak

Array = NDArray[np.float64]
Grades = NDArray[np.int64]


def band_of(scores: Array, bands: Sequence[GradeBand]) -> Grades:
    """The best band each score reaches (the last band when none); -1 for no score."""
    grade = np.full(scores.shape, len(bands) - 1, dtype=np.int64)
    for index in range(len(bands) - 1, -1, -1):
        grade = np.where(scores >= bands[index].minimum, index, grade)
    return np.where(np.isnan(scores), -1, grade)


def apply_vetoes(grades: Grades, excluded: NDArray[np.bool_]) -> Grades:
    """Move each post below every grade its vetoes exclude.

    ``excluded`` has shape ``grades.shape + (bands,)``: True where a triggered veto rules
    that grade out for that post. The result is the best grade at or below the current one
    not excluded (the worst grade when all are).
    """
    bands = excluded.shape[-1]
    result = grades.copy()
    for index in range(bands):
        blocked = (result == index) & excluded[..., index]
        result = np.where(blocked, np.minimum(index + 1, bands - 1), result)
    return result


def apply_quotas(
    grades: Grades,
    final: Array,
    tie_keys: dict[TieBreak, Array],
    pools: NDArray[np.int64],
    quotas: Sequence[tuple[int, Quota]],
    bands: int,
) -> Grades:
    """Demote the holders of a grade beyond its quota in each pool, best grade first.

    ``quotas`` pairs each quota with the index of its grade; ``pools`` gives each post's
    pool code; ``tie_keys`` maps each tie-break to an array where larger is better.
    """
    return quotas_applied(grades, final, tie_keys, pools, quotas, bands)[0]


def quotas_applied(
    grades: Grades,
    final: Array,
    tie_keys: dict[TieBreak, Array],
    pools: NDArray[np.int64],
    quotas: Sequence[tuple[int, Quota]],
    bands: int,
) -> tuple[Grades, Grades]:
    """:func:`apply_quotas`, and how many posts each quota demoted in each replication
    (``(replications, len(quotas))``, in the order of ``quotas``): a quota binds in a
    replication when it demotes at least one post."""
    result = grades.copy()
    posts = grades.shape[-1]
    # Each post's pool size, counted per pool (no posts x posts comparison): the graded
    # posts of each replication counted by pool code, then read back at each post's code.
    codes = np.unique(pools, return_inverse=True)[1].reshape(-1)
    width = int(codes.max(initial=-1)) + 1
    replications = grades.shape[0]
    flat = (codes[None, :] + width * np.arange(replications)[:, None]).ravel()
    graded = (result >= 0).ravel().astype(np.int64)
    counted = np.bincount(flat, weights=graded, minlength=replications * width)
    pool_size = counted.reshape(replications, width).astype(np.int64)[:, codes]
    f = np.where(np.isnan(final), -np.inf, final)
    # Posts sorted by pool, then best first (final score, tie-break key, file order): a
    # pool is the same run of columns in every replication, and a holder's place among
    # its pool's holders is the count of holders before it in that run.
    sorted_pools = np.sort(pools)
    start_of = np.searchsorted(sorted_pools, sorted_pools, side="left")  # each run's first
    file_order = np.broadcast_to(np.arange(posts), grades.shape)
    pool_of = np.broadcast_to(pools, grades.shape)
    demoted = np.zeros((replications, len(quotas)), dtype=np.int64)
    for q, (index, quota) in sorted(enumerate(quotas), key=lambda item: item[1][0]):
        allowed = np.floor(quota.share * pool_size + 1e-9).astype(np.int64)
        holder = result == index
        key = tie_keys.get(quota.tie_break, np.zeros_like(final))
        ranked = np.lexsort((file_order, -key, -f, pool_of), axis=-1)
        held = np.take_along_axis(holder, ranked, axis=-1).astype(np.int64)
        before = np.cumsum(held, axis=-1) - held
        ahead_sorted = before - before[:, start_of]
        ahead = np.empty_like(ahead_sorted)
        np.put_along_axis(ahead, ranked, ahead_sorted, axis=-1)
        demote = holder & (ahead >= allowed)
        demoted[:, q] = demote.sum(axis=-1)
        result = np.where(demote, np.minimum(index + 1, bands - 1), result)
    return result, demoted


__all__ = ["apply_quotas", "apply_vetoes", "band_of", "quotas_applied"]
