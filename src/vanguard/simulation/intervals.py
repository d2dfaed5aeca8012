"""Intervals: how sure a Monte Carlo answer is, from the replications that gave it.

Proportions get Wilson score intervals (sound near 0 and 1, where a normal interval
leaves [0, 1]); differences of means get normal intervals, paired across replications
(common random numbers: one difference per replication) or independent (the two runs'
variances added), so the two can be shown side by side.
"""

import math
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray


def z_of(level: float) -> float:
    """The two-sided normal quantile of confidence ``level`` (1.96 for 0.95)."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level must be between 0 and 1, got {level!r}")
    return NormalDist().inv_cdf(0.5 + level / 2)


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of ``successes`` out of ``n`` (NaN, NaN when ``n`` is 0)."""
    if n <= 0:
        return math.nan, math.nan
    z = z_of(level)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def paired(
    scenario: NDArray[np.float64], baseline: NDArray[np.float64], level: float = 0.95
) -> tuple[float, float, float]:
    """Mean of ``scenario - baseline`` per replication and its interval ``(mean, low, high)``.

    Replications where either value is not finite are left out of both.
    """
    diff = np.asarray(scenario, dtype=np.float64) - np.asarray(baseline, dtype=np.float64)
    diff = diff[np.isfinite(diff)]
    n = len(diff)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(diff.mean())
    half = z_of(level) * float(diff.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan
    return mean, mean - half, mean + half


def independent(
    scenario: NDArray[np.float64], baseline: NDArray[np.float64], level: float = 0.95
) -> tuple[float, float, float]:
    """The same difference of means with the interval of two independent runs."""
    a = np.asarray(scenario, dtype=np.float64)
    b = np.asarray(baseline, dtype=np.float64)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if len(a) < 2 or len(b) < 2:
        mean = float(a.mean() - b.mean()) if len(a) and len(b) else math.nan
        return mean, math.nan, math.nan
    mean = float(a.mean() - b.mean())
    half = z_of(level) * math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return mean, mean - half, mean + half


__all__ = ["independent", "paired", "wilson", "z_of"]
