"""Sums, means and "any" of groups of rows, the same whatever the array's trailing shape.

A post's task score adds its lines' points; a unit's score averages its posts'; a post
has a finding when any of its lines is missed. :class:`Groups` does such reductions for
all groups at once with work proportional to the number of members (no dense group x
member matrix, no Python loop over groups). Each group's members are reduced as one
one-dimensional run, so the result for a replication never depends on how many other
replications the array holds: one simulated year gives bit for bit the numbers it gives
among 10,000.
"""

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]


@attrs.frozen(eq=False)
class Groups:
    """Members of ``size`` groups: ``rows`` lists every group's member rows, group after
    group, each group's in its given order; ``starts`` is where each non-empty group's run
    begins in ``rows``, ``filled`` which groups those runs belong to."""

    size: int
    rows: Ints
    starts: Ints
    filled: Ints
    counts: Ints
    """How many members each group has."""

    @classmethod
    def of(cls, members: Sequence[Sequence[int]]) -> "Groups":
        """Groups from each group's member rows, in the order they are to be added."""
        counts = np.asarray([len(rows) for rows in members], dtype=np.intp)
        rows = np.asarray([row for group in members for row in group], dtype=np.intp)
        offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
        filled = np.flatnonzero(counts > 0).astype(np.intp)
        return cls(len(members), rows, offsets[filled], filled, counts)

    @classmethod
    def by_key(cls, keys: Sequence[int] | NDArray[np.intp], size: int) -> "Groups":
        """Each row in the group its key names (rows in order); keys outside ``0..size-1``
        belong to no group."""
        members: list[list[int]] = [[] for _ in range(size)]
        for row, key in enumerate(keys):
            if 0 <= key < size:
                members[int(key)].append(row)
        return cls.of(members)

    def sum(self, values: Floats) -> Floats:
        """Each group's sum of its members' rows of ``values`` (0 for an empty group)."""
        total = np.zeros((self.size, *values.shape[1:]), dtype=np.float64)
        if len(self.filled):
            # reduceat adds each group's run as its own one-dimensional sum, whatever the
            # trailing shape: the same bits for one replication or ten thousand (tested).
            total[self.filled] = np.add.reduceat(values[self.rows], self.starts, axis=0)
        return total

    def any(self, values: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Whether any member row of each group is True."""
        found = np.zeros((self.size, *values.shape[1:]), dtype=np.bool_)
        if len(self.filled):
            found[self.filled] = np.logical_or.reduceat(values[self.rows], self.starts, axis=0)
        return found

    def mean_of_present(self, values: Floats) -> Floats:
        """Each group's mean over its members' non-NaN rows (NaN when there are none)."""
        present = ~np.isnan(values)
        total = self.sum(np.where(present, values, 0.0))
        count = self.sum(present.astype(np.float64))
        with np.errstate(invalid="ignore", divide="ignore"):
            result: Floats = np.where(count > 0, total / count, np.nan)
        return result


__all__ = ["Groups"]
