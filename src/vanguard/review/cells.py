"""Cells: the (post, indicator) pairs the review actually reads, for fast array work.

The actuals array has a slot for every post and every indicator any post may report, but
a post reads only a few of them: its own pledges, the indicators the rules read for every
post (linked inputs, adjustments, vetoes), the parts of its rates. Gathering just those
*cells* before rolling up and accumulating keeps 10,000 simulated years cheap. The
results are exactly those of :func:`~vanguard.review.actuals.rolled_up` followed by
:func:`~vanguard.review.actuals.to_date` on the same cells (tested).
"""

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Aggregation, Indicator
from vanguard.model.letter import Letter, LetterKind
from vanguard.model.program import Program
from vanguard.review.actuals import Actuals, Axes, _accumulate, _bottom_up
from vanguard.review.lines import PledgeLines

Ints = NDArray[np.intp]


@attrs.frozen(eq=False)
class Cells:
    """Which cells are read, and how they roll up and accumulate.

    ``posts``/``codes`` give each cell's position on the actuals' axes; ``index`` maps
    ``(post position, indicator position)`` to the cell. ``rollup`` lists, bottom-up,
    ``(parent cell, child cells, average?)``; ``groups`` the cells each over-time rule
    accumulates; ``ratios`` the rate cells computed from their parts' cells.
    """

    posts: Ints
    codes: Ints
    index: dict[tuple[int, int], int]
    rollup: tuple[tuple[int, Ints, bool], ...]
    groups: dict[Aggregation, Ints]
    ratios: tuple[Ints, Ints, Ints]
    levels: tuple["RollupLevel", ...] = ()
    """The roll-up batched: parents whose children are all final, one level at a time."""


@attrs.frozen(eq=False)
class RollupLevel:
    """Parents rolled up together, each from the same number of children: ``kids`` is
    ``(parents, children)``; ``mean`` marks parents that average their children."""

    parents: Ints
    kids: Ints
    mean: NDArray[np.bool_]


def cell_layout(
    program: Program, axes: Axes, lines: PledgeLines, indicators: Mapping[str, Indicator]
) -> Cells:
    """The cells of ``program`` on ``axes`` (computed once, shared by every replication)."""
    post_at = {post: i for i, post in enumerate(axes.posts)}
    code_at = {code: i for i, code in enumerate(axes.indicators)}
    wanted: dict[tuple[int, int], None] = {}
    for line in lines.lines:
        wanted[(post_at[line.post], code_at[line.indicator])] = None
    rules = program.evaluation
    everyone = [item.indicator for item in rules.linked]
    everyone += [item.indicator for item in rules.vetoes]
    everyone += [item.indicator for item in rules.adjustments if item.indicator]
    for code in everyone:
        if code in code_at:
            for p in range(len(axes.posts)):
                wanted[(p, code_at[code])] = None
    for p, k in list(wanted):
        indicator = indicators.get(axes.indicators[k])
        if indicator is not None and indicator.is_ratio:
            for part in (indicator.numerator, indicator.denominator):
                if part in code_at:
                    wanted[(p, code_at[part])] = None

    below_of: dict[int, dict[str, list[str]]] = {}
    work_letters = program.letters_of(LetterKind.WORK_TARGET)
    changed = True
    while changed:  # children of read cells are read too (they feed the roll-up)
        changed = False
        for k in sorted({k for _, k in wanted}):
            if k not in below_of:
                below_of[k] = _below(work_letters, axes.indicators[k])
            below = below_of[k]
            for parent, kids in below.items():
                if parent in post_at and (post_at[parent], k) in wanted:
                    for kid in kids:
                        if kid in post_at and (post_at[kid], k) not in wanted:
                            wanted[(post_at[kid], k)] = None
                            changed = True
    index = {cell: c for c, cell in enumerate(wanted)}
    rollup: list[tuple[int, Ints, bool]] = []
    for k in sorted({k for _, k in wanted}):
        if k not in below_of:
            below_of[k] = _below(work_letters, axes.indicators[k])
        below = below_of[k]
        indicator = indicators.get(axes.indicators[k])
        mean = indicator is not None and indicator.over_units in (
            Aggregation.MEAN,
            Aggregation.RATIO,
        )
        for parent in _bottom_up(below):
            cell = index.get((post_at.get(parent, -1), k))
            if cell is None:
                continue  # nobody reads this post's value of the indicator
            kid_cells = [
                index[(post_at[kid], k)] for kid in below.get(parent, []) if kid in post_at
            ]
            if kid_cells:
                rollup.append((cell, np.asarray(kid_cells, dtype=np.intp), mean))
    groups: dict[Aggregation, list[int]] = {rule: [] for rule in Aggregation}
    ratio_cells: list[tuple[int, int, int]] = []
    for (p, k), c in index.items():
        indicator = indicators.get(axes.indicators[k])
        rule = Aggregation.SUM if indicator is None else indicator.over_time
        if rule is Aggregation.RATIO:
            assert indicator is not None
            top = index.get((p, code_at.get(indicator.numerator or "", -1)))
            bottom = index.get((p, code_at.get(indicator.denominator or "", -1)))
            if top is not None and bottom is not None:
                ratio_cells.append((c, top, bottom))
            rule = Aggregation.MEAN
        groups[rule].append(c)
    triples = np.asarray(ratio_cells, dtype=np.intp).reshape(-1, 3)
    return Cells(
        levels=_levels(rollup),
        posts=np.asarray([p for p, _ in index], dtype=np.intp),
        codes=np.asarray([k for _, k in index], dtype=np.intp),
        index=index,
        rollup=tuple(rollup),
        groups={rule: np.asarray(cells, dtype=np.intp) for rule, cells in groups.items()},
        ratios=(triples[:, 0], triples[:, 1], triples[:, 2]),
    )


def _levels(rollup: Sequence[tuple[int, Ints, bool]]) -> tuple[RollupLevel, ...]:
    """Batch the bottom-up roll-up by depth (and number of children), so each batch reads
    only final children.

    A parent's depth is one more than its deepest child that is rolled up before it; a
    child rolled up only *after* its parent (a cut cycle) must be read unrolled, which a
    batch cannot promise, so then every parent gets its own level (the order of the list).
    """
    position = {parent: i for i, (parent, _, _) in enumerate(rollup)}
    depth: dict[int, int] = {}
    for i, (parent, kids, _) in enumerate(rollup):
        if any(position.get(int(kid), -1) >= i for kid in kids):
            depth = {parent: j for j, (parent, _, _) in enumerate(rollup)}
            break
        depth[parent] = 1 + max((depth.get(int(kid), -1) for kid in kids), default=-1)
    levels = []
    for level in sorted(set(depth.values())):
        members = [entry for entry in rollup if depth[entry[0]] == level]
        for width in sorted({len(kids) for _, kids, _ in members}):
            batch = [entry for entry in members if len(entry[1]) == width]
            levels.append(
                RollupLevel(
                    parents=np.asarray([parent for parent, _, _ in batch], dtype=np.intp),
                    kids=np.asarray([kids for _, kids, _ in batch], dtype=np.intp),
                    mean=np.asarray([mean for _, _, mean in batch], dtype=np.bool_),
                )
            )
    return tuple(levels)


def _below(letters: Sequence[Letter], code: str) -> dict[str, list[str]]:
    """For each post, the posts that pledged ``code`` to it (file order)."""
    below: dict[str, list[str]] = {}
    for letter in letters:
        if any(p.indicator == code for p in letter.pledges):
            kids = below.setdefault(letter.recipient, [])
            if letter.pledger not in kids:
                kids.append(letter.pledger)
    return below


def cells_to_date(actuals: Actuals, cells: Cells) -> NDArray[np.float64]:
    """Values to date of every cell, shape ``(replications, cells, months)``."""
    raw = actuals.values[:, cells.posts, cells.codes, :]
    for parent, kids, mean in cells.rollup:
        part = raw[:, kids, :]
        count = np.sum(~np.isnan(part), axis=1)
        total = np.nansum(part, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            rolled = np.where(count > 0, total / count if mean else total, np.nan)
        own = raw[:, parent, :]
        raw[:, parent, :] = np.where(np.isnan(own), rolled, own)
    result = np.full_like(raw, np.nan)
    for rule, members in cells.groups.items():
        if len(members):
            result[:, members, :] = _accumulate(raw[:, members, :], rule)
    rates, tops, bottoms = cells.ratios
    if len(rates):
        numerator, denominator = result[:, tops, :], result[:, bottoms, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            from_parts = np.where(denominator > 0, numerator / denominator, np.nan)
        result[:, rates, :] = np.where(np.isnan(from_parts), result[:, rates, :], from_parts)
    return result


def cells_at_year_end(actuals: Actuals, cells: Cells) -> NDArray[np.float64]:
    """``cells_to_date(actuals, cells)[:, :, -1:]``, bit for bit, without the other months.

    The roll-up still runs month by month (a post's own report wins month by month), but
    in batches of parents, and each over-time rule is applied to the last month only; the
    sums add children, and then months, one after another, exactly as the roll-up and the
    running sums do. The work is done on a ``(cells, months, replications)`` copy: taking
    a cell's children copies whole rows, and a month is a contiguous run of replications.
    """
    gathered = actuals.values[:, cells.posts, cells.codes, :]  # (replications, cells, months)
    raw = np.ascontiguousarray(gathered.transpose(1, 2, 0))
    # Missing values are remembered in ``missing`` and held as 0.0 in ``raw``: what the
    # sums add for them, so no later pass needs to mask them again.
    missing = np.isnan(raw)
    raw[missing] = 0.0
    for level in cells.levels:
        kids_missing = missing[level.kids]  # (parents, children, months, replications)
        none = kids_missing.all(axis=1)
        rolled = raw[level.kids].sum(axis=1)  # children in order (an outer-axis reduction)
        if level.mean.any():
            count = level.kids.shape[1] - kids_missing[level.mean].sum(axis=1, dtype=np.int32)
            with np.errstate(invalid="ignore", divide="ignore"):
                rolled[level.mean] /= count
        own_missing = missing[level.parents]
        own = raw[level.parents]
        np.copyto(own, rolled, where=own_missing & ~none)
        raw[level.parents] = own
        missing[level.parents] = own_missing & none
    span = raw.shape[1]
    none = missing.all(axis=1)
    total = raw[:, 0, :].copy()
    for month in range(1, span):  # in order, as a running sum adds them
        np.add(total, raw[:, month, :], out=total)
    means = cells.groups.get(Aggregation.MEAN, np.zeros(0, dtype=np.intp))
    if len(means):
        with np.errstate(invalid="ignore", divide="ignore"):
            total[means] /= span - missing[means].sum(axis=1, dtype=np.int32)
    lasts = cells.groups.get(Aggregation.LAST, np.zeros(0, dtype=np.intp))
    if len(lasts):
        months = np.arange(span)[None, :, None]
        positions = np.where(missing[lasts], -1, months).max(axis=1)
        taken = np.take_along_axis(raw[lasts], np.maximum(positions, 0)[:, None, :], axis=1)
        total[lasts] = taken[:, 0, :]
    total[none] = np.nan
    rates, tops, bottoms = cells.ratios
    if len(rates):
        numerator, denominator = total[tops], total[bottoms]
        with np.errstate(invalid="ignore", divide="ignore"):
            from_parts = np.where(denominator > 0, numerator / denominator, np.nan)
        total[rates] = np.where(np.isnan(from_parts), total[rates], from_parts)
    result: NDArray[np.float64] = total.T[:, :, None]
    return result


__all__ = ["Cells", "RollupLevel", "cell_layout", "cells_at_year_end", "cells_to_date"]
