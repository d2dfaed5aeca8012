"""Pledge lines: every pledge of the work-target letters, laid out for array scoring.

A *line* is one post's pledge on one indicator of one key task, with the cumulative value
due by the end of each month (its schedule). Lines are what bulletins score and rank,
what the year-end score weighs and what findings are raised on. The layout is computed
once per program and shared by every replication.
"""

import datetime as dt
from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.chain.chains import Chains
from vanguard.model.indicator import Aggregation, Direction, Indicator
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.model.target import Target
from vanguard.review.calendar import ReviewCalendar


@attrs.frozen
class Line:
    """One pledge as a line of the bulletin.

    ``direct`` is True when the post delegated this task no further (direct
    responsibility); ``leaders`` are the posts above it in the task's chain, nearest first
    (leadership responsibility); ``top`` is True when the post pledged to the top of the
    chain (its line counts towards the program's own score). ``weight`` is the line's
    share of the post's task score: the task's weight divided by the number of the post's
    lines on that task.
    """

    post: str
    task: str
    indicator: str
    value: float
    letter: str
    direct: bool
    top: bool
    leaders: tuple[str, ...]
    weight: float


@attrs.frozen(eq=False)
class PledgeLines:
    """The lines of a program and their schedules.

    ``expected`` has shape (lines, months): the cumulative value due by each month's end,
    pro-rated linearly for summed indicators, following the target's milestones when it has
    them, and the full value throughout for levels, means and rates (which are not built up).
    ``lower`` marks "lower is better" lines (their value is a ceiling).
    """

    lines: tuple[Line, ...]
    expected: NDArray[np.float64]
    lower: NDArray[np.bool_]
    layouts: dict[object, object] = attrs.field(factory=dict, repr=False)
    """Derived layouts cached per actuals axes (see :mod:`vanguard.review.cells`)."""

    def of_post(self, post: str) -> list[int]:
        """The positions of ``post``'s lines."""
        return [i for i, line in enumerate(self.lines) if line.post == post]


def pledge_lines(program: Program, indicators: Mapping[str, Indicator]) -> PledgeLines:
    """The lines of ``program`` (work-target pledges in file order) with their schedules."""
    calendar = ReviewCalendar(program)
    chains = Chains(program)
    accountable = {task.id: chains.accountable_for(task.id) for task in program.tasks}
    raw: list[tuple[str, str, str, float, str, str]] = []
    for letter in program.letters_of(LetterKind.WORK_TARGET):
        for pledge in letter.pledges:
            raw.append(
                (
                    letter.pledger,
                    pledge.task,
                    pledge.indicator,
                    pledge.value_on(program.end),
                    letter.id,
                    letter.recipient,
                )
            )
    pledgers = {(post, task, code) for post, task, code, *_ in raw}
    per_task: dict[tuple[str, str], int] = {}
    for post, task, *_ in raw:
        per_task[(post, task)] = per_task.get((post, task), 0) + 1
    lines: list[Line] = []
    schedules: list[list[float]] = []
    lower: list[bool] = []
    for post, task_id, code, value, letter_id, recipient in raw:
        key_task = program.task(task_id)
        who = accountable[task_id]
        direct = post in who.direct
        leaders = who.lines.get(post) or _leaders_above(chains, task_id, post)
        lines.append(
            Line(
                post=post,
                task=task_id,
                indicator=code,
                value=value,
                letter=letter_id,
                direct=direct,
                top=(recipient, task_id, code) not in pledgers,
                leaders=leaders,
                weight=key_task.weight / per_task[(post, task_id)],
            )
        )
        target = next((t for t in key_task.targets if t.indicator == code), None)
        indicator = indicators.get(code)
        schedules.append(
            [_due(program, target, indicator, value, month.end) for month in calendar.months]
        )
        lower.append(indicator is not None and indicator.direction is Direction.LOWER)
    expected = np.asarray(schedules, dtype=np.float64).reshape(len(lines), len(calendar.months))
    return PledgeLines(tuple(lines), expected, np.asarray(lower, dtype=np.bool_))


def _leaders_above(chains: Chains, task: str, post: str) -> tuple[str, ...]:
    """The chain above a post that pledged a task and delegated it further."""
    up: dict[str, str] = {}
    for link in chains.of_task(task):
        up.setdefault(link.pledger, link.recipient)
    line, seen, current = [], {post}, up.get(post)
    while current is not None and current not in seen:
        line.append(current)
        seen.add(current)
        current = up.get(current)
    return tuple(line)


def _due(
    program: Program,
    target: Target | None,
    indicator: Indicator | None,
    value: float,
    when: dt.date,
) -> float:
    """The cumulative share of ``value`` due by ``when``, following the task's target."""
    built_up = indicator is None or indicator.over_time is Aggregation.SUM
    if target is None:
        if not built_up:
            return value
        span = (program.end - program.start).days + 1
        return value * min(1.0, max(0, (when - program.start).days + 1) / span)
    if not built_up and not target.milestones:
        return value
    full = target.value
    share = target.expected_by(when, program.start, program.end)
    if full == 0:
        return value if when >= (target.due or program.end) else 0.0
    return value * share / full


__all__ = ["Line", "PledgeLines", "pledge_lines"]
