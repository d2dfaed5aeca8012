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

import functools
import math

import attrs
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
    has one table of cumulative probabilities (rates are mostly a parameter, or a whole
    count times one), looked up through its guide (:class:`_Table`); with more than 64
    distinct rates in the call each cell sums its own (the same counts, up to the rounding
    of the probabilities).

    :raises ValueError: a rate is negative or not finite.
    """
    # Uniforms are capped at 1 - 2**-30: the float sums of the probabilities are not exact
    # within 1e-15 of 1, where a larger rate could otherwise give fewer events (Hypothesis
    # found u = 1 - 2**-53 at rates 104 and 182); the mass above the cap is under 1e-9.
    u = np.minimum(np.asarray(uniforms, dtype=np.float64), _TOP)
    given = np.asarray(rate, dtype=np.float64)
    if not np.isfinite(given).all() or (given < 0).any():
        raise ValueError("a Poisson rate is finite and at least 0")
    if given.size == 1:  # one rate for every cell (a parameter): no grouping at all
        if np.broadcast_shapes(given.shape, u.shape) != u.shape:
            raise ValueError(f"a rate shaped {given.shape} does not fit uniforms {u.shape}")
        value = float(given.reshape(()))
        result: Floats = _table(value).look_up(u.ravel()).reshape(u.shape)
        return result
    flat_u = u.ravel()
    lam = np.broadcast_to(given, u.shape).ravel()
    rates, which = np.unique(lam, return_inverse=True)
    if len(rates) > _TABLES:
        return _per_cell(flat_u, lam).reshape(u.shape)
    tables = [_table(value) for value in rates.tolist()]
    guides = np.stack([table.guide for table in tables])
    found = guides[which, (flat_u * _GUIDE).astype(np.intp)]
    missed = np.flatnonzero(found < 0)
    if missed.size:
        missed_which = which[missed]
        for i in np.unique(missed_which).tolist():
            cells = missed[missed_which == i]
            found[cells] = tables[i].search(flat_u[cells])
    firsts = np.array([table.first for table in tables])
    counts: Floats = firsts[which] + found
    return counts.reshape(u.shape)


_GUIDE = 1 << 12
"""Guide entries per table: the uniforms' range [0, 1) is cut into this many equal steps
(a power of two, so ``u * _GUIDE`` is exact and its whole part is the step of ``u``)."""


@attrs.frozen(eq=False)
class _Table:
    """The cumulative probabilities of one rate and a guide into them.

    ``cumulative[j] = P(X <= first + j)``; the count of a uniform ``u`` is ``first`` plus
    ``min(searchsorted(cumulative, u, "right"), len - 1)``. ``guide[s]`` is that number for
    every ``u`` in step ``s`` (``[s, s + 1) / _GUIDE``) when no cumulative probability falls
    inside the step, else -1: most cells take their count from the guide in one gather,
    exactly the binary search's (a search costs some 30 ns a cell, and only the cells of
    the few steps that hold a probability take it).
    """

    first: float
    cumulative: Floats
    guide: NDArray[np.int32]

    @classmethod
    def of(cls, rate: float) -> "_Table":
        if rate == 0.0:
            cumulative = np.ones(1)
            first = 0.0
        else:
            start, cumulative = _cumulative(rate)
            first = float(start)
        edges = np.arange(_GUIDE + 1, dtype=np.float64) / _GUIDE
        low = np.searchsorted(cumulative, edges[:-1], side="right")
        high = np.searchsorted(cumulative, edges[1:], side="left")
        counts = np.minimum(low, len(cumulative) - 1)
        guide = np.where(low == high, counts, -1).astype(np.int32)
        cumulative.flags.writeable = False
        guide.flags.writeable = False
        return cls(first, cumulative, guide)

    def search(self, u: Floats) -> NDArray[np.intp]:
        """The binary search the guide stands for (the counts less ``first``)."""
        found = np.searchsorted(self.cumulative, u, side="right")
        result: NDArray[np.intp] = np.minimum(found, len(self.cumulative) - 1)
        return result

    def look_up(self, u: Floats) -> Floats:
        """The counts of uniforms ``u`` (each in ``[0, _TOP]``), as float64."""
        found = self.guide[(u * _GUIDE).astype(np.intp)]
        missed = np.flatnonzero(found < 0)
        if missed.size:
            found[missed] = self.search(u[missed])
        counts: Floats = np.add(found, self.first, dtype=np.float64)
        return counts


@functools.lru_cache(maxsize=1024)
def _table(rate: float) -> _Table:
    """The table of ``rate``, made once per process: the same few rates (a parameter, a
    count times one) come back every period of every block. A memo of a pure function
    (read-only arrays), so it never changes a number; about 20 KB a rate."""
    return _Table.of(rate)


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


def binomial_quantile(uniforms: Floats, trials: Floats | float, p: Floats | float) -> Floats:
    """The Binomial(``trials``, ``p``) quantile of each uniform in [0, 1): the smallest
    ``k`` with ``P(X <= k) > u``, as float64 counts shaped like ``uniforms``.

    ``trials`` (whole numbers >= 0) and ``p`` (in [0, 1]) broadcast to the uniforms' shape.
    For a fixed uniform the count never decreases when ``p`` grows (the binomial CDF falls
    in ``p``), and ``p`` of 0 gives 0, of 1 gives ``trials``. Each cell sums its own
    probabilities, all cells at once, from eight standard deviations under its mean
    (the mass under it is below 1e-15), as :func:`poisson_quantile` does for many rates.

    :raises ValueError: a count of trials is negative or not whole, or ``p`` is outside
        [0, 1].
    """
    u = np.minimum(np.asarray(uniforms, dtype=np.float64), _TOP)  # see poisson_quantile
    n = np.broadcast_to(np.asarray(trials, dtype=np.float64), u.shape).ravel()
    q = np.broadcast_to(np.asarray(p, dtype=np.float64), u.shape).ravel()
    if not np.isfinite(n).all() or (n < 0).any() or (n != np.floor(n)).any():
        raise ValueError("a binomial count of trials is a whole number, at least 0")
    if not ((q >= 0) & (q <= 1)).all():
        raise ValueError("a binomial probability is in [0, 1]")
    out = np.where(q == 1.0, n, 0.0)
    cells = np.flatnonzero((n > 0) & (q > 0) & (q < 1))
    if cells.size:
        out[cells] = _binomial_cells(u.ravel()[cells], n[cells], q[cells])
    result: Floats = out.reshape(u.shape)
    return result


def _binomial_cells(u: Floats, n: Floats, p: Floats) -> Floats:
    """:func:`binomial_quantile` for cells with ``n > 0`` and ``0 < p < 1``: the
    probabilities follow ``P(k + 1) = P(k) * (n - k) / (k + 1) * p / (1 - p)``."""
    out = np.empty(u.shape)
    cells = np.arange(u.size)
    odds = p / (1.0 - p)
    spread = np.sqrt(n * p * (1.0 - p))
    count = np.maximum(0.0, np.floor(n * p - 8.0 * spread - 8.0))
    last = np.minimum(n, count + np.ceil(56.0 * spread + 56.0) - 1.0)
    mass = np.exp(
        log_factorial(n)
        - log_factorial(count)
        - log_factorial(n - count)
        + count * np.log(p)
        + (n - count) * np.log1p(-p)
    )
    total = mass.copy()
    target = u
    finished = np.zeros(cells.shape, dtype=bool)
    while cells.size:
        done = (total > target) | (count >= last)
        fresh = done & ~finished
        out[cells[fresh]] = count[fresh]
        finished = done
        if finished.all():
            break
        if 2 * np.count_nonzero(finished) > finished.size:
            keep = ~finished  # compact now and then (see _per_cell)
            cells, n, odds = cells[keep], n[keep], odds[keep]
            target, last = target[keep], last[keep]
            count, mass, total = count[keep], mass[keep], total[keep]
            finished = finished[keep]
        mass = mass * (n - count) / (count + 1.0) * odds
        count = count + 1.0
        total = total + mass
    return out


__all__ = ["binomial_quantile", "log_factorial", "poisson_quantile"]
