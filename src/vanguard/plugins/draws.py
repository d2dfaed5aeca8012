"""Coupled draws: counts by inverse CDF on shared uniforms, so levers on rates stay paired.

``rng.poisson(rate)`` draws a fine Poisson count, but how many raw numbers it consumes
depends on the rate: under "+20 % training places" every later draw of the stream is
shifted and the baseline and the scenario share nothing (their correlation was about
0.01). :func:`poisson_quantile` instead turns one uniform per cell into the smallest count
whose cumulative probability exceeds it. The uniforms come from their own stream (one
``(replications, units)`` array per call, whatever the rates), so two scenarios draw the
same uniforms, and for a fixed uniform the count never decreases when the rate grows:
a lever at 1.0 changes nothing, a larger rate never gives fewer events in any cell.

The search is exact up to floating-point rounding of the probabilities (about 1e-13,
and the mass more than eight standard deviations under the rate, below 1e-15).
"""

import math

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

_SMALL = 20
_TABLES = 64
"""More distinct rates than this in one call: each cell sums its own probabilities."""
_LOG_FACTORIALS = np.array([math.lgamma(n + 1) for n in range(_SMALL)])


def log_factorial(n: Floats) -> Floats:
    """``log(n!)`` for whole numbers ``n >= 0`` (exact table below 20, Stirling's series
    with three correction terms above, relative error under 1e-14)."""
    small = n < _SMALL
    x = np.where(small, _SMALL, n) + 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    stirling = (
        (x - 0.5) * np.log(x)
        - x
        + 0.5 * math.log(2 * math.pi)
        + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260))
    )
    table = _LOG_FACTORIALS[np.where(small, n, 0).astype(np.int64)]
    result: Floats = np.where(small, table, stirling)
    return result


_TOP = 1.0 - 2.0**-30
"""The largest uniform :func:`poisson_quantile` looks up (see the comment there)."""


def poisson_quantile(uniforms: Floats, rate: Floats | float) -> Floats:
    """The Poisson(``rate``) quantile of each uniform in [0, 1): the smallest ``k`` with
    ``P(X <= k) > u``, as float64 counts shaped like ``uniforms``.

    ``rate`` broadcasts to the uniforms' shape; a rate of 0 gives 0. Each distinct rate
    gets one table of cumulative probabilities (rates are mostly a parameter, or a whole
    count times one), and its cells are looked up in it with a binary search; with more
    than 64 distinct rates in the call each cell sums its own (the same counts, up to the
    rounding of the probabilities).

    :raises ValueError: a rate is negative or not finite.
    """
    # Uniforms are capped at 1 - 2**-30: the float sums of the probabilities are not exact
    # within 1e-15 of 1, where a larger rate could otherwise give fewer events (Hypothesis
    # found u = 1 - 2**-53 at rates 104 and 182); the mass above the cap is under 1e-9.
    u = np.minimum(np.asarray(uniforms, dtype=np.float64), _TOP)
    lam = np.broadcast_to(np.asarray(rate, dtype=np.float64), u.shape)
    if not np.isfinite(lam).all() or (lam < 0).any():
        raise ValueError("a Poisson rate is finite and at least 0")
    flat_u = u.ravel()
    rates, which = np.unique(lam.ravel(), return_inverse=True)
    if len(rates) > _TABLES:
        return _per_cell(flat_u, lam.ravel()).reshape(u.shape)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(rates) + 1))
    out = np.zeros(flat_u.shape)
    for i, value in enumerate(rates.tolist()):
        if value == 0.0:
            continue
        cells = order[bounds[i] : bounds[i + 1]]
        first, table = _cumulative(value)
        found = np.searchsorted(table, flat_u[cells], side="right")
        out[cells] = first + np.minimum(found, len(table) - 1)
    result: Floats = out.reshape(u.shape)
    return result


def _per_cell(u: Floats, lam: Floats) -> Floats:
    """:func:`poisson_quantile` for many distinct rates (one per cell, as a rate times a
    count per replication gives): every cell sums its own probabilities, all cells at once,
    from eight standard deviations under its rate (as :func:`_cumulative`) until the sum
    exceeds its uniform; the probabilities follow ``p(k + 1) = p(k) * rate / (k + 1)``."""
    out = np.zeros(u.shape)
    cells = np.flatnonzero(lam > 0)
    rate = lam[cells]
    target = u[cells]
    spread = np.sqrt(rate)
    count = np.maximum(0.0, np.floor(rate - 8.0 * spread - 8.0))
    last = count + np.ceil(56.0 * spread + 56.0) - 1.0  # the table's last count
    mass = np.exp(count * np.log(rate) - rate - log_factorial(count))
    total = mass.copy()
    finished = np.zeros(cells.shape, dtype=bool)
    while cells.size:
        done = (total > target) | (count >= last)
        fresh = done & ~finished
        out[cells[fresh]] = count[fresh]
        finished = done
        if finished.all():
            break
        if 2 * np.count_nonzero(finished) > finished.size:
            # compact only now and then: copying every array each step costs more
            keep = ~finished
            cells, rate, target, last = cells[keep], rate[keep], target[keep], last[keep]
            count, mass, total = count[keep], mass[keep], total[keep]
            finished = finished[keep]
        count = count + 1.0
        mass = mass * rate / count
        total = total + mass
    return out


def _cumulative(rate: float) -> tuple[float, Floats]:
    """``(first, P(first <= X <= first + j) for j = 0, 1, ...)`` for X ~ Poisson(rate).

    The table runs from eight standard deviations under the rate (the mass under it is
    below 1e-15) to 48 over it (the mass over it is far under a double's resolution).
    """
    spread = math.sqrt(rate)
    first = max(0.0, math.floor(rate - 8.0 * spread - 8.0))
    counts = first + np.arange(math.ceil(56.0 * spread + 56.0), dtype=np.float64)
    mass = np.exp(counts * math.log(rate) - rate - log_factorial(counts))
    return first, np.cumsum(mass)


__all__ = ["log_factorial", "poisson_quantile"]
