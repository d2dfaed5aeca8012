"""Ranking windows and awarding competition points, per round and at year end.

Windows are ranked on four criteria: throughput (higher is better), error rate, waiting
time (lower is better) and satisfaction (higher is better). Each criterion ranks the
windows 0 (best) .. n-1 (equal values share the better rank); the ranks are added, and the
smallest sum wins. Equal sums are separated by satisfaction; windows still equal share the
place and its points, so the listing order never decides. Rank ``r`` (the number of
windows ahead) earns ``max(first_prize_points - r * points_step, 0)`` points: 10, 8, 6, 4,
2, 0, ... by default.
"""

from collections.abc import Mapping

import numpy as np

from vanguard import Array

SERVED = "windows.served"
ERRORS = "windows.errors"
ERROR_RATE = "windows.error_rate"
WAITING = "windows.waiting_minutes"
SATISFACTION = "windows.satisfaction"
POINTS = "windows.competition_points"

FIRST_PRIZE_POINTS = 10.0
POINTS_STEP = 2.0


def ranks(values: Array) -> Array:
    """Rank of each window within its replication: how many windows have a larger value.

    0 is the best; equal values share the better rank (competition ranking: 0, 1, 1, 3).
    """
    better = values[:, None, :] > values[:, :, None]
    counted: Array = better.sum(axis=2).astype(np.float64)
    return counted


def performance_ranks(
    served: Array, error_rate: Array, waiting: Array, satisfaction: Array
) -> Array:
    """Overall rank of each window (0 = best, the number of windows ahead) on the four
    criteria, ties as documented in the module."""
    satisfaction_rank = ranks(satisfaction)
    rank_sum = ranks(served) + ranks(-error_rate) + ranks(-waiting) + satisfaction_rank
    # a fraction below 1 only separates equal rank sums: higher satisfaction first
    tie_break = satisfaction_rank / (served.shape[1] + 1)
    return ranks(-(rank_sum + tie_break))


def points_for(rank: Array, first_prize: Array | float, step: Array | float) -> Array:
    """Points earned by ``rank`` (0 = winner): first prize, less ``step`` per place."""
    awarded: Array = np.maximum(np.asarray(first_prize) - rank * np.asarray(step), 0.0)
    return awarded


def _param(params: Mapping[str, Array], name: str, default: float) -> Array:
    return np.asarray(params.get(name, default), dtype=np.float64)


def score_year(
    totals: Mapping[str, Array], units: tuple[str, ...], params: Mapping[str, Array]
) -> Array:
    """The year's ranking and awards (the initiative's ``score``).

    Windows are ranked by the competition points they collected over the year's rounds
    (``windows.competition_points``); equal points are separated by the year's
    performance ranking on the four criteria. Missing criteria count as equal for every
    window; the error rate is computed from errors and served when it is not given.
    Returns the award points per window, shaped like the totals.
    """
    shape = next(iter(totals.values())).shape if totals else (1, len(units))
    zeros = np.zeros(shape)
    served = totals.get(SERVED, zeros)
    if ERROR_RATE in totals:
        error_rate = totals[ERROR_RATE]
    elif ERRORS in totals:
        error_rate = np.divide(totals[ERRORS], served, out=zeros.copy(), where=served > 0)
    else:
        error_rate = zeros
    performance = performance_ranks(
        served, error_rate, totals.get(WAITING, zeros), totals.get(SATISFACTION, zeros)
    )
    collected = totals.get(POINTS, zeros)
    # scaled far below any difference in points, so it only separates equal points
    year_rank = ranks(collected - 1e-6 * performance / (shape[1] + 1))
    return points_for(
        year_rank,
        _param(params, "first_prize_points", FIRST_PRIZE_POINTS),
        _param(params, "points_step", POINTS_STEP),
    )


__all__ = [
    "ERRORS",
    "ERROR_RATE",
    "POINTS",
    "SATISFACTION",
    "SERVED",
    "WAITING",
    "performance_ranks",
    "points_for",
    "ranks",
    "score_year",
]
