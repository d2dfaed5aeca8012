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
from vanguard.review.actuals import Actuals, rolled_up, to_date
from vanguard.review.curves import achievement, score
from vanguard.review.lines import PledgeLines, pledge_lines

Array = NDArray[np.float64]


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
    to_date: Array
    actual: Array
    achievement: Array
    score: Array
    post_score: Array
    unit_score: Array
    program_score: Array


def measure_progress(
    program: Program,
    actuals: Actuals,
    indicators: Mapping[str, Indicator],
    lines: PledgeLines | None = None,
) -> Progress:
    """Score every line of ``program`` against ``actuals`` at every month end."""
    lines = lines or pledge_lines(program, indicators)
    axes = actuals.axes
    values = to_date(rolled_up(program, actuals, indicators), axes, indicators)
    post_at = {post: i for i, post in enumerate(axes.posts)}
    code_at = {code: i for i, code in enumerate(axes.indicators)}
    replications, _posts, _codes, months = values.shape
    count = len(lines.lines)
    if count:
        p = np.asarray([post_at[line.post] for line in lines.lines])
        k = np.asarray([code_at[line.indicator] for line in lines.lines])
        actual = values[:, p, k, :]
    else:
        actual = np.zeros((replications, 0, months))
    ratio = achievement(actual, lines.expected[None], lines.lower[None, :, None])
    points = score(ratio, program.evaluation.curve)

    weights = np.zeros((len(axes.posts), count))
    for i, line in enumerate(lines.lines):
        weights[post_at[line.post], i] = line.weight
    totals = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        post_score = np.einsum("pl,rlt->rpt", weights, points) / totals[None, :, None]
    post_score = np.where(totals[None, :, None] > 0, post_score, np.nan)

    members = _unit_members(program, axes.posts)
    unit_score = np.full((replications, len(program.units), months), np.nan)
    for u, posts in enumerate(members):
        part = post_score[:, posts, :]
        valid = ~np.isnan(part)
        n = valid.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(valid, part, 0.0).sum(axis=1) / n
        unit_score[:, u, :] = np.where(n > 0, mean, np.nan)

    top = np.asarray([line.weight if line.top else 0.0 for line in lines.lines])
    top_weight = top.sum()
    program_score = (
        np.einsum("l,rlt->rt", top, points) / top_weight
        if top_weight > 0
        else np.full((replications, months), np.nan)
    )
    return Progress(lines, values, actual, ratio, points, post_score, unit_score, program_score)


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
