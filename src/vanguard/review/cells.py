"""The cells the review reads, in an order that makes rolling up and accumulating cheap.

A cell is one post's value of one indicator. The review reads every pledge line's cell,
the cells of the indicators the rules read for every post, the parts of every rate, and
the cells those are rolled up from. Their order on the cell axis is chosen so the array
work needs no gathering:

* cells are grouped by how they accumulate over time (:class:`CellGroup`: summed over
  time and units; summed over time only; averaged; latest), rates last, so each group's
  accumulation works on one contiguous slice;
* within a group, cells are laid out by *depth* in their indicator's roll-up tree (the
  posts that pledged the indicator to a post are its children), and a depth's cells
  follow their parents' order, so the children of each parent sit side by side: a
  :class:`RollupLevel` adds every parent's children with one ``reduceat`` over a slice.

Depth is the longest chain of pledges above a cell, so every child is deeper than its
parent and final when the parent is rolled up. A child sits in the run of its first
parent one level up; any other parent (a post pledging one indicator to two recipients)
reads it as an *extra* child.
"""

from collections.abc import Callable, Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Aggregation, Indicator

Ints = NDArray[np.intp]

Cell = tuple[int, int]
"""``(post position, indicator position)`` on the actuals' axes."""


class Rule:
    """How a parent cell is rolled up from its children (the indicator's over-units rule)."""

    SUM = 0
    MEAN = 1
    LAST = 2


@attrs.frozen(eq=False)
class RollupLevel:
    """Parents rolled up together from children one level deeper.

    ``parents[i]``'s children are cells ``kids_from + starts[i]`` up to ``kids_from +
    starts[i + 1]`` (the last run ends at ``kids_to``); ``rule[i]`` is its :class:`Rule`.
    ``extra`` pairs ``(parent cell, child cell)`` for children outside a parent's run.
    """

    parents: Ints
    kids_from: int
    kids_to: int
    starts: Ints
    rule: Ints
    extra: tuple[Ints, Ints]

    @property
    def counts(self) -> Ints:
        """How many children each parent's run holds."""
        ends = np.append(self.starts[1:], self.kids_to - self.kids_from)
        return (ends - self.starts).astype(np.intp)


@attrs.frozen(eq=False)
class CellGroup:
    """A contiguous slice ``start .. stop`` of cells accumulating alike over time.

    ``over_time`` is the rule of accumulation; ``summed`` marks indicators summed over
    time and over units, whose roll-up may add children's values to date instead of their
    months (the same sums, far less work); ``levels`` are the group's roll-up, deepest first.
    """

    over_time: Aggregation
    summed: bool
    start: int
    stop: int
    levels: tuple[RollupLevel, ...]


@attrs.frozen(eq=False)
class CellOrder:
    """The cells in order: ``cells[c]`` is cell ``c``; ``index`` its position by cell."""

    cells: tuple[Cell, ...]
    index: Mapping[Cell, int]
    groups: tuple[CellGroup, ...]
    ratios: tuple[Ints, Ints, Ints]


def order_cells(
    wanted: Sequence[Cell],
    children: Callable[[Cell], list[Cell]],
    indicators: Sequence[Indicator | None],
    code_at: Mapping[str, int],
) -> CellOrder:
    """Order the ``wanted`` cells (closed under ``children``, rates' parts included);
    ``indicators[k]`` is the indicator at position ``k`` of the axes."""
    kinds: dict[Cell, str] = {}
    ratio_cells: list[Cell] = []
    for cell in wanted:
        indicator = indicators[cell[1]]
        if indicator is not None and indicator.is_ratio:
            ratio_cells.append(cell)
        else:
            kinds[cell] = _kind(indicator)
    kids = {cell: [k for k in children(cell) if k in kinds] for cell in kinds}
    parents: dict[Cell, list[Cell]] = {}
    for cell, below in kids.items():
        for kid in below:
            parents.setdefault(kid, []).append(cell)
    depth = _depths(list(kinds), kids, parents)

    ordered: list[Cell] = []
    laid_out: list[tuple[Aggregation, bool, int, list[list[Cell]]]] = []
    for kind, (over_time, summed) in _KINDS.items():
        members = [cell for cell in kinds if kinds[cell] == kind]
        if members:
            layers = _layers(members, kids, depth)
            laid_out.append((over_time, summed, len(ordered), layers))
            for layer in layers:
                ordered.extend(layer)
    ordered.extend(ratio_cells)
    index = {cell: c for c, cell in enumerate(ordered)}
    groups = tuple(
        CellGroup(
            over_time,
            summed,
            start,
            start + sum(len(layer) for layer in layers),
            _levels(layers, kids, depth, index, indicators),
        )
        for over_time, summed, start, layers in laid_out
    )
    triples = []
    for cell in ratio_cells:
        indicator = indicators[cell[1]]
        assert indicator is not None
        top = index.get((cell[0], code_at.get(indicator.numerator or "", -1)))
        bottom = index.get((cell[0], code_at.get(indicator.denominator or "", -1)))
        if top is not None and bottom is not None:
            triples.append((index[cell], top, bottom))
    found = np.asarray(triples, dtype=np.intp).reshape(-1, 3)
    return CellOrder(tuple(ordered), index, groups, (found[:, 0], found[:, 1], found[:, 2]))


# The kinds of cell, in the order their groups are laid out.
_KINDS: dict[str, tuple[Aggregation, bool]] = {
    "sum-sum": (Aggregation.SUM, True),
    "sum": (Aggregation.SUM, False),
    "mean": (Aggregation.MEAN, False),
    "last": (Aggregation.LAST, False),
}


def _kind(indicator: Indicator | None) -> str:
    if indicator is None:
        return "sum-sum"
    if indicator.over_time is Aggregation.SUM:
        return "sum-sum" if indicator.over_units is Aggregation.SUM else "sum"
    return "mean" if indicator.over_time is Aggregation.MEAN else "last"


def _rule(indicator: Indicator | None) -> int:
    if indicator is None or indicator.over_units is Aggregation.SUM:
        return Rule.SUM
    if indicator.over_units is Aggregation.LAST:
        return Rule.LAST
    return Rule.MEAN


def _depths(
    cells: list[Cell], kids: Mapping[Cell, list[Cell]], parents: Mapping[Cell, list[Cell]]
) -> dict[Cell, int]:
    """The longest chain of parents above each cell (cells on a cycle count as roots)."""
    depth: dict[Cell, int] = {}
    waiting = {cell: len(parents.get(cell, [])) for cell in cells}
    ready = [cell for cell in cells if waiting[cell] == 0]
    for cell in ready:
        depth[cell] = 0
    while ready:
        cell = ready.pop()
        for kid in kids[cell]:
            depth[kid] = max(depth.get(kid, 0), depth[cell] + 1)
            waiting[kid] -= 1
            if waiting[kid] == 0:
                ready.append(kid)
    for cell in cells:  # a cycle (an invalid program) is cut: its cells become roots
        depth.setdefault(cell, 0)
    return depth


def _layers(
    members: list[Cell], kids: Mapping[Cell, list[Cell]], depth: Mapping[Cell, int]
) -> list[list[Cell]]:
    """The group's cells by depth; each depth's cells follow their first parent one level
    up, in that parent's place, so every parent's children are side by side."""
    deepest = max(depth[cell] for cell in members)
    by_depth: dict[int, list[Cell]] = {}
    for cell in members:
        by_depth.setdefault(depth[cell], []).append(cell)
    layers = [by_depth.get(0, [])]
    for d in range(1, deepest + 1):
        layer: list[Cell] = []
        placed: set[Cell] = set()
        for parent in layers[-1]:
            for kid in kids[parent]:
                if depth[kid] == d and kid not in placed:
                    layer.append(kid)
                    placed.add(kid)
        layers.append(layer + [c for c in by_depth.get(d, []) if c not in placed])
    return layers


def _levels(
    layers: list[list[Cell]],
    kids: Mapping[Cell, list[Cell]],
    depth: Mapping[Cell, int],
    index: Mapping[Cell, int],
    indicators: Sequence[Indicator | None],
) -> tuple[RollupLevel, ...]:
    """The group's roll-up, deepest parents first."""
    levels = []
    for d in range(len(layers) - 2, -1, -1):
        below = layers[d + 1]
        runs: list[tuple[Cell, list[Cell]]] = []
        taken: set[Cell] = set()
        in_run: set[tuple[Cell, Cell]] = set()
        for parent in layers[d]:
            mine = [k for k in kids[parent] if depth[k] == d + 1 and k not in taken]
            taken.update(mine)
            in_run.update((parent, k) for k in mine)
            if mine:
                runs.append((parent, mine))
        if runs:  # runs follow their parents' order, side by side from the layer's start
            assert [k for _, mine in runs for k in mine] == below[: len(taken)]
        extra = [
            (index[parent], index[kid])
            for parent in layers[d]
            for kid in kids[parent]
            if (parent, kid) not in in_run
        ]
        if not runs and not extra:
            continue
        starts = np.cumsum([0] + [len(mine) for _, mine in runs[:-1]]).astype(np.intp)
        kids_from = index[below[0]] if below else 0
        levels.append(
            RollupLevel(
                parents=np.asarray([index[p] for p, _ in runs], dtype=np.intp),
                kids_from=kids_from,
                kids_to=kids_from + len(taken),
                starts=starts if runs else np.zeros(0, dtype=np.intp),
                rule=np.asarray([_rule(indicators[p[1]]) for p, _ in runs], dtype=np.intp),
                extra=(
                    np.asarray([p for p, _ in extra], dtype=np.intp),
                    np.asarray([k for _, k in extra], dtype=np.intp),
                ),
            )
        )
    return tuple(levels)


__all__ = ["Cell", "CellGroup", "CellOrder", "RollupLevel", "Rule", "order_cells"]
