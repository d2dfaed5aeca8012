"""Progress to date: every line's actual, achievement and score at every month end.

This is the array core that bulletins and the year-end evaluation share. All arrays keep
the leading replication axis: ``(replications, lines, months)`` for lines,
``(replications, posts, months)`` for posts' weighted task scores, ``(replications,
units, months)`` for units and ``(replications, months)`` for the program as a whole.
"""

from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.actuals import Actuals
from vanguard.review.cells import Cells, cell_layout, cells_at_year_end, cells_to_date
from vanguard.review.curves import achievement, score
from vanguard.review.lines import PledgeLines, pledge_lines

Array = NDArray[np.float64]

YEAR_END = slice(-1, None)
"""The months the year-end evaluation reads (the last one): computed without the others."""


@attrs.frozen(eq=False)
class Progress:
    """Progress of every line, post, unit and the program, at each month end.

    ``post_score`` is the weighted mean of a post's line scores (weights: the tasks'
    weights, shared among the post's lines of a task); ``NaN`` for posts that pledged
    nothing. ``unit_score`` is the mean post score of the posts in the unit and the units
    beneath it. ``program_score`` weighs the top lines (those pledged to the top of each
    task's chain, whose actuals roll up the whole chain).
    """

    lines: PledgeLines
    cells: Cells
    to_date: Array
    """Values to date of the cells read, ``(replications, cells, months)``."""
    actual: Array
    achievement: Array
    score: Array
    post_score: Array
    unit_score: Array
    program_score: Array

    def year_values(self, code: int) -> Array:
        """Every post's value to date at year end of indicator ``code`` (its position on the
        axes), ``(replications, posts)``; ``NaN`` for posts whose cell is not read."""
        replications, posts = self.post_score.shape[0], self.post_score.shape[1]
        result = np.full((replications, posts), np.nan)
        for p in range(posts):
            cell = self.cells.index.get((p, code))
            if cell is not None:
                result[:, p] = self.to_date[:, cell, -1]
        return result


def measure_progress(
    program: Program,
    actuals: Actuals,
    indicators: Mapping[str, Indicator],
    lines: PledgeLines | None = None,
    months: slice | None = None,
) -> Progress:
    """Score every line of ``program`` against ``actuals`` at every month end (only at the
    months ``months`` selects, when given: the year-end evaluation needs the last one)."""
    lines = lines or pledge_lines(program, indicators)
    axes = actuals.axes
    cells = lines.layouts.get(axes)
    if not isinstance(cells, Cells):
        cells = lines.layouts[axes] = cell_layout(program, axes, lines, indicators)
    expected = lines.expected
    if months == YEAR_END:
        values, expected = cells_at_year_end(actuals, cells), expected[:, months]
    else:
        values = cells_to_date(actuals, cells)
        if months is not None:
            values, expected = values[:, :, months], expected[:, months]
    post_at = {post: i for i, post in enumerate(axes.posts)}
    code_at = {code: i for i, code in enumerate(axes.indicators)}
    replications, _cells, span = values.shape
    at = [cells.index[(post_at[line.post], code_at[line.indicator])] for line in lines.lines]
    actual = values[:, np.asarray(at, dtype=np.intp), :]
    ratio = achievement(actual, expected[None], lines.lower[None, :, None])
    points = score(ratio, program.evaluation.curve)

    # Weighted sums are taken post by post with plain numpy sums (not einsum/BLAS, whose
    # blocking depends on the number of replications), so every replication's numbers are
    # bit-for-bit those of evaluating it alone.
    weight = np.asarray([line.weight for line in lines.lines], dtype=np.float64)
    own = _post_lines(lines, axes.posts)
    post_score = np.full((replications, len(axes.posts), span), np.nan)
    if own.scored.size:
        # The post's lines are added in file order, one column at a time (padding adds 0.0).
        total = points[:, own.lines[:, 0], :] * own.weights[None, :, 0, None]
        for column in range(1, own.lines.shape[1]):
            total += points[:, own.lines[:, column], :] * own.weights[None, :, column, None]
        post_score[:, own.scored, :] = total / own.sums[None, :, None]

    members = _unit_members(program, axes.posts)
    unit_score = np.full((replications, len(program.units), span), np.nan)
    for u, posts in enumerate(members):
        part = post_score[:, posts, :]
        valid = ~np.isnan(part)
        n = valid.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(valid, part, 0.0).sum(axis=1) / n
        unit_score[:, u, :] = np.where(n > 0, mean, np.nan)

    top = np.asarray([i for i, line in enumerate(lines.lines) if line.top], dtype=np.intp)
    top_weight = weight[top].sum() if len(top) else 0.0
    program_score = (
        (points[:, top, :] * weight[top][None, :, None]).sum(axis=1) / top_weight
        if top_weight > 0
        else np.full((replications, span), np.nan)
    )
    return Progress(
        lines, cells, values, actual, ratio, points, post_score, unit_score, program_score
    )


@attrs.frozen(eq=False)
class PostLines:
    """Each scored post's lines, padded to the widest post: ``lines`` and ``weights`` are
    ``(scored posts, widest)`` (padding: line 0, weight 0), ``sums`` the weights' totals."""

    scored: NDArray[np.intp]
    lines: NDArray[np.intp]
    weights: Array
    sums: Array


def _post_lines(lines: PledgeLines, posts: tuple[str, ...]) -> PostLines:
    """The posts' lines, computed once per layout (cached on ``lines``)."""
    key = ("post-lines", posts)
    cached = lines.layouts.get(key)
    if isinstance(cached, PostLines):
        return cached
    mine: dict[str, list[int]] = {post: [] for post in posts}
    for i, line in enumerate(lines.lines):
        if line.post in mine:
            mine[line.post].append(i)
    scored = [
        p for p, post in enumerate(posts) if sum(lines.lines[i].weight for i in mine[post]) > 0
    ]
    widest = max((len(mine[posts[p]]) for p in scored), default=0)
    at = np.zeros((len(scored), widest), dtype=np.intp)
    weights = np.zeros((len(scored), widest))
    for row, p in enumerate(scored):
        for column, i in enumerate(mine[posts[p]]):
            at[row, column] = i
            weights[row, column] = lines.lines[i].weight
    sums = np.asarray([weights[row, : len(mine[posts[p]])].sum() for row, p in enumerate(scored)])
    result = PostLines(np.asarray(scored, dtype=np.intp), at, weights, sums)
    lines.layouts[key] = result
    return result


def _unit_members(program: Program, posts: tuple[str, ...]) -> list[list[int]]:
    """For each unit, the positions of the posts in it or in any unit beneath it."""
    parent = {unit.id: unit.parent for unit in program.units}
    members: dict[str, list[int]] = {unit.id: [] for unit in program.units}
    unit_of = {post.id: post.unit for post in program.posts}
    for i, post in enumerate(posts):
        current, seen = unit_of.get(post), set()
        while current is not None and current in members and current not in seen:
            members[current].append(i)
            seen.add(current)
            current = parent.get(current)
    return [members[unit.id] for unit in program.units]


__all__ = ["Progress", "measure_progress"]
