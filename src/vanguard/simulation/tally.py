"""Reductions: what each block of replications leaves behind, and how blocks combine.

Every block is reduced on its own to a :class:`BlockTally` (sums, sums of squares, finite
counts, extremes, fixed-edge histograms and target-met counts). The driver folds tallies
into a :class:`Tally` strictly in block order, so floating-point sums are added in the same
order whatever the chunking or the number of workers: results are bit-identical. Counts and
histograms are integers, exact in any order. Histogram edges come from block 0 (with a
margin), so every later block bins identically; values outside fall into under/overflow
bins whose extremes are tracked exactly.
"""

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.simulation.plan import Plan

Floats = NDArray[np.float64]
Counts = NDArray[np.int64]

BINS = 512
"""Histogram bins per series between the edges (plus under, over and missing bins)."""


@attrs.frozen
class Layout:
    """Where each simulated indicator's numbers sit in the flat reduction arrays.

    ``grid``: every period x (units + all-units total) cell, in C order of ``(periods,
    units + 1)``. ``spread``: the cells that get a histogram (quantiles): year-end per unit
    and total, then the all-units total of every period (for fan charts).
    """

    codes: tuple[str, ...]
    units: tuple[tuple[str, ...], ...]
    periods: int
    grid_offsets: tuple[int, ...]
    spread_offsets: tuple[int, ...]
    grid_size: int
    spread_size: int
    positions: tuple[dict[str, int], ...] = attrs.field(init=False, eq=False, repr=False)
    """Each indicator's units by name (derived from ``units``): a lookup of one unit costs
    the same whatever the number of units, which may be every post."""

    @positions.default
    def _positions(self) -> tuple[dict[str, int], ...]:
        return tuple({name: u for u, name in enumerate(units)} for units in self.units)

    @classmethod
    def of(cls, plan: Plan) -> "Layout":
        grid, spread = [], []
        g = s = 0
        for series in plan.series:
            grid.append(g)
            spread.append(s)
            g += plan.periods * (len(series.units) + 1)
            s += len(series.units) + 1 + plan.periods
        return cls(
            tuple(x.code for x in plan.series),
            tuple(x.units for x in plan.series),
            plan.periods,
            tuple(grid),
            tuple(spread),
            g,
            s,
        )

    def index(self, code: str) -> int:
        """Position of indicator ``code``; KeyError naming it when not simulated."""
        try:
            return self.codes.index(code)
        except ValueError:
            raise KeyError(f"indicator {code!r} is not simulated") from None


@attrs.frozen
class Edges:
    """Histogram edges per spread cell: ``low`` + ``width`` * [0 .. BINS]."""

    low: Floats
    width: Floats

    @classmethod
    def around(cls, spread: Floats) -> "Edges":
        """Edges covering block 0's values ``spread`` (replications x cells) with a margin."""
        low = np.fmin.reduce(spread, axis=0)
        high = np.fmax.reduce(spread, axis=0)
        low = np.where(np.isfinite(low), low, 0.0)
        high = np.where(np.isfinite(high), high, 1.0)
        span = high - low
        margin = np.maximum(0.5 * span, np.maximum(0.5, 1e-6 * np.abs(low)))
        low = low - margin
        return cls(low, (span + 2 * margin) / BINS)

    def histogram(self, spread: Floats) -> Counts:
        """Counts per cell: bin 0 underflow, 1..BINS, BINS + 1 overflow, BINS + 2 missing."""
        cells = spread.shape[1]
        # In place, in floating point (small whole numbers: exact), then one cast.
        with np.errstate(invalid="ignore"):
            scaled = spread - self.low
            scaled /= self.width
            np.floor(scaled, out=scaled)
            np.clip(scaled, -1, BINS, out=scaled)  # NaN stays NaN
        scaled[np.isnan(scaled)] = BINS + 1
        scaled += 1.0 + np.arange(cells, dtype=np.float64) * (BINS + 3)
        counts = np.bincount(scaled.astype(np.int64).ravel(), minlength=cells * (BINS + 3))
        return counts.reshape(cells, BINS + 3).astype(np.int64)


@attrs.define
class BlockTally:
    """One block's reduction. ``kept``/``collected`` only when the run asked for them."""

    block: int
    replications: int
    total: Floats
    squares: Floats
    finite: Counts
    low: Floats
    high: Floats
    spread: Floats | None
    histogram: Counts | None
    met: Counts
    kept: dict[str, Floats] | None = None
    collected: Floats | None = None
    extra: dict[str, Counts] = attrs.field(factory=dict)


@attrs.define
class ChunkTally:
    """Consecutive blocks' tallies, as a worker sends them back.

    Integer parts (counts, histograms) and extremes are merged already (exact in any
    order); floating sums stay per block so the driver adds them in block order.
    """

    first: int
    sums: list[tuple[Floats, Floats]]
    replications: int
    finite: Counts
    low: Floats
    high: Floats
    spread: Floats | None
    histogram: Counts | None
    met: Counts
    kept: list[dict[str, Floats]]
    collected: list[Floats]
    extra: dict[str, Counts]

    @classmethod
    def of(cls, tallies: Sequence[BlockTally]) -> "ChunkTally":
        """Merge consecutive block tallies (in block order) into one chunk."""
        head = tallies[0]
        chunk = cls(
            head.block,
            [(head.total, head.squares)],
            head.replications,
            head.finite,
            head.low,
            head.high,
            head.spread,
            head.histogram,
            head.met,
            [head.kept] if head.kept is not None else [],
            [head.collected] if head.collected is not None else [],
            dict(head.extra),
        )
        for tally in tallies[1:]:
            if tally.block != chunk.first + len(chunk.sums):
                raise ValueError(f"block {tally.block} merged out of order")
            chunk.sums.append((tally.total, tally.squares))
            chunk.replications += tally.replications
            chunk.finite = chunk.finite + tally.finite
            chunk.low = np.fmin(chunk.low, tally.low)
            chunk.high = np.fmax(chunk.high, tally.high)
            assert chunk.histogram is not None
            assert tally.histogram is not None
            chunk.histogram = chunk.histogram + tally.histogram
            chunk.met = chunk.met + tally.met
            _add_counts(chunk.extra, tally.extra)
            if tally.kept is not None:
                chunk.kept.append(tally.kept)
            if tally.collected is not None:
                chunk.collected.append(tally.collected)
        return chunk


def _add_counts(into: dict[str, Counts], more: dict[str, Counts]) -> None:
    for key, counts in more.items():
        into[key] = into[key] + counts if key in into else counts


@attrs.define
class Tally:
    """Chunks folded in block order: the reduced state of a whole run."""

    layout: Layout
    edges: Edges
    replications: int = 0
    blocks: int = 0
    total: Floats | None = None
    squares: Floats | None = None
    finite: Counts | None = None
    low: Floats | None = None
    high: Floats | None = None
    histogram: Counts | None = None
    met: Counts | None = None
    kept: list[dict[str, Floats]] = attrs.field(factory=list)
    collected: list[Floats] = attrs.field(factory=list)
    extra: dict[str, Counts] = attrs.field(factory=dict)

    def add(self, chunk: ChunkTally) -> None:
        """Fold the next chunk in; ValueError if it does not start at the next block."""
        if chunk.first != self.blocks:
            raise ValueError(f"block {chunk.first} folded out of order (expected {self.blocks})")
        histogram = chunk.histogram
        if histogram is None:
            assert chunk.spread is not None, "a chunk without edges keeps its spread"
            histogram = self.edges.histogram(chunk.spread)
        for total, squares in chunk.sums:
            if self.total is None or self.squares is None:
                self.total, self.squares = total.copy(), squares.copy()
            else:
                self.total += total
                self.squares += squares
        if self.finite is None or self.low is None or self.high is None:
            self.finite, self.low, self.high = chunk.finite, chunk.low, chunk.high
            self.histogram, self.met = histogram, chunk.met
        else:
            assert self.histogram is not None
            assert self.met is not None
            self.finite = self.finite + chunk.finite
            self.low = np.fmin(self.low, chunk.low)
            self.high = np.fmax(self.high, chunk.high)
            self.histogram = self.histogram + histogram
            self.met = self.met + chunk.met
        _add_counts(self.extra, chunk.extra)
        self.kept.extend(chunk.kept)
        self.collected.extend(chunk.collected)
        self.replications += chunk.replications
        self.blocks += len(chunk.sums)


def quantiles(
    histogram: Counts, low: Floats, high: Floats, edges: Edges, cell: int, qs: Sequence[float]
) -> Floats:
    """Quantiles ``qs`` of spread cell ``cell``, interpolated within its histogram's bins.

    Resolution is one bin (1/512 of block 0's range with its margin); tails beyond the edges
    are interpolated up to the exact extremes. NaN when the cell never had a finite value.
    """
    counts = histogram[cell, : BINS + 2].astype(np.float64)
    n = counts.sum()
    if n == 0:
        return np.full(len(qs), np.nan)
    lo, width = edges.low[cell], edges.width[cell]
    # Position of each bin's left and right boundary on the value axis.
    left = np.concatenate(([low[cell]], lo + width * np.arange(BINS + 1)))
    right = np.concatenate((lo + width * np.arange(BINS + 1), [high[cell]]))
    left[0] = min(left[0], right[0])
    right[-1] = max(right[-1], left[-1])
    cumulative = np.cumsum(counts)
    result = np.empty(len(qs))
    for i, q in enumerate(qs):
        rank = q * n
        b = int(np.searchsorted(cumulative, rank, side="left"))
        b = min(b, BINS + 1)
        before = cumulative[b - 1] if b > 0 else 0.0
        inside = counts[b]
        fraction = 0.5 if inside == 0 else (rank - before) / inside
        value = left[b] + fraction * (right[b] - left[b])
        result[i] = min(max(value, low[cell]), high[cell])
    return result


__all__ = ["BINS", "BlockTally", "ChunkTally", "Edges", "Layout", "Tally", "quantiles"]
