"""The review layout: a program's pledge lines, cells and groups, computed once, immutable.

A *line* is one post's pledge on one indicator of one key task (a work-target pledge); it
carries its schedule (:mod:`~vanguard.review.schedule`). A *cell* is one post's value of one
indicator: what the post reports, or what is rolled up to it from the posts that pledged
the indicator to it. The layout lists only the cells the review reads (every line's cell,
the indicators the rules read for every post, the parts of every rate, and the cells those
are rolled up from), in an order where each is fixed by array indices, so one layout
serves a real year and any number of simulated years. It holds no cache and never
changes once built.
"""

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import AdjustmentSource
from vanguard.model.indicator import Direction, Indicator
from vanguard.model.program import Program
from vanguard.model.target import Target
from vanguard.review.actuals import Axes, review_axes
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.cells import Cell, CellGroup, order_cells
from vanguard.review.groups import Groups
from vanguard.review.pledges import PledgeMap
from vanguard.review.relative import LineBaselines, line_baselines
from vanguard.review.schedule import Schedules

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]
Bools = NDArray[np.bool_]


@attrs.frozen
class Line:
    """One pledge as a line of the review.

    ``direct`` is True when nobody pledged this task and indicator to the post (it
    delegated it no further: direct responsibility); ``leaders`` are the posts above it in
    the chain of this task and indicator, nearest first (leadership responsibility);
    ``top`` is True when the post pledged to the top of that chain (its line counts towards
    the program's own score). ``weight`` is the line's share of the post's task score: the
    task's weight divided by the number of the post's lines on that task. ``value`` is
    the value in force at the program's end; the layout has the value in force on every
    month's end.
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
class ReviewLayout:
    """Everything about a program the review computes with, as arrays (see the module).

    Lines: ``in_force``, ``due`` ``(lines, months)``; ``judged`` ``(lines, months)``, the
    month whose actual counts at each month; ``active`` ``(lines, years)``; ``line_cell``,
    ``line_post``, ``weight``, ``lower``, ``direct`` ``(lines,)``.
    Cells: ``cell_post``, ``cell_code`` (positions on ``axes``), ``cell_index`` (position by
    ``(post, indicator)``), ``groups`` (contiguous slices accumulating alike, each with its
    roll-up; see :mod:`~vanguard.review.cells`), ``ratios`` ``(rate, numerator,
    denominator)`` cells. Groups: ``post_lines``
    (each post's lines), ``unit_posts`` (each unit's posts, in it or beneath it), ``leads``
    (each post's lines it leads above).
    """

    program: str
    axes: Axes
    year_spans: tuple[tuple[int, int], ...]
    lines: tuple[Line, ...]
    in_force: Floats
    due: Floats
    judged: Ints
    active: Bools
    line_cell: Ints
    line_post: Ints
    weight: Floats
    lower: Bools
    direct: Bools
    top: Bools
    cell_post: Ints
    cell_code: Ints
    cell_index: Mapping[tuple[int, int], int]
    groups: tuple[CellGroup, ...]
    ratios: tuple[Ints, Ints, Ints]
    post_lines: Groups
    unit_posts: Groups
    leads: Groups
    post_category: Ints
    post_unit: Ints
    unit_kind: Ints
    baselines: LineBaselines | None = None
    """The lines' baselines, when a target states one (:mod:`~vanguard.review.relative`)."""

    @property
    def months(self) -> int:
        """How many months the program has."""
        return len(self.axes.periods)

    @property
    def cells(self) -> int:
        """How many cells the review reads."""
        return len(self.cell_post)

    def year_end(self, year: int) -> int:
        """The position of the last month of review year ``year``."""
        return self.year_spans[year][1] - 1

    def year_of(self, month: int) -> int:
        """The review year holding month position ``month``."""
        for y, (first, stop) in enumerate(self.year_spans):
            if first <= month < stop:
                return y
        raise IndexError(month)

    @property
    def parent_cells(self) -> Ints:
        """The cells rolled up from others (a post's value of an indicator it delegated)."""
        found = [level.parents for group in self.groups for level in group.levels]
        found += [level.extra[0] for group in self.groups for level in group.levels]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.intp)

    def year_end_months(self) -> list[int]:
        """Every month a year-end evaluation reads: each year's last month and the months
        dated targets are judged on (what :func:`~vanguard.review.progress.to_date` must
        give to evaluate every year, ratchets included)."""
        months: set[int] = set()
        for year in range(len(self.year_spans)):
            end = self.year_end(year)
            months.add(end)
            months.update(int(m) for m in np.unique(self.judged[:, end]))
        return sorted(months)

    def cells_of(self, code: str) -> Ints:
        """For every post (axes order), the cell of its value of ``code`` (-1: not read)."""
        found = np.full(len(self.axes.posts), -1, dtype=np.intp)
        if code not in self.axes.indicators:
            return found
        k = self.axes.indicators.index(code)
        for p in range(len(self.axes.posts)):
            found[p] = self.cell_index.get((p, k), -1)
        return found

    def of_post(self, post: str) -> list[int]:
        """The positions of ``post``'s lines."""
        return [i for i, line in enumerate(self.lines) if line.post == post]


def review_layout(
    program: Program, indicators: Mapping[str, Indicator], axes: Axes | None = None
) -> ReviewLayout:
    """The layout of ``program`` (``indicators``: every usable indicator, by code) on ``axes``
    (:func:`~vanguard.review.review_axes` by default)."""
    axes = axes or review_axes(program, indicators)
    calendar = ReviewCalendar(program)
    pledges = PledgeMap(program)
    tasks = {task.id: task for task in program.tasks}
    post_at = {post: i for i, post in enumerate(axes.posts)}
    code_at = {code: k for k, code in enumerate(axes.indicators)}

    per_task: dict[tuple[str, str], int] = {}
    for entry in pledges:
        per_task[(entry.post, entry.task)] = per_task.get((entry.post, entry.task), 0) + 1
    lines: list[Line] = []
    schedules = []
    line_targets: list[tuple[Target | None, Indicator | None]] = []
    schedule = Schedules(calendar)
    targets: dict[tuple[str, str], Target] = {}
    for task in program.tasks:
        for item in reversed(task.targets):  # the first target of an indicator, as before
            targets[(task.id, item.indicator)] = item
    for entry in pledges:
        task = tasks[entry.task]
        target = targets.get((entry.task, entry.indicator))
        indicator = indicators.get(entry.indicator)
        schedules.append(schedule.of(entry.pledge, target, indicator))
        line_targets.append((target, indicator))
        lines.append(
            Line(
                post=entry.post,
                task=entry.task,
                indicator=entry.indicator,
                value=entry.pledge.value_on(program.end),
                letter=entry.letter,
                direct=not pledges.delegated(entry.post, entry.task, entry.indicator),
                top=not pledges.pledged(entry.recipient, entry.task, entry.indicator),
                leaders=pledges.leaders(entry.post, entry.task, entry.indicator),
                weight=task.weight / per_task[(entry.post, entry.task)],
            )
        )

    # --- cells: what is read, then what that is rolled up from -------------------------
    wanted: dict[tuple[int, int], None] = {}
    for line in lines:
        wanted[(post_at[line.post], code_at[line.indicator])] = None
    rules = program.evaluation
    everyone = [item.indicator for item in rules.linked]
    everyone += [item.indicator for item in rules.vetoes]
    # an improvement rule reads the lines' baselines, not every post's value
    everyone += [
        item.indicator
        for item in rules.adjustments
        if item.indicator and item.source is AdjustmentSource.INDICATOR
    ]
    for code in dict.fromkeys(everyone):
        if code in code_at:
            for p in range(len(axes.posts)):
                wanted[(p, code_at[code])] = None
    rates_of = rates_with_part(indicators)
    sources: dict[Cell, list[Cell]] = {}  # each cell's sources, found once

    def sources_of(cell: Cell) -> list[Cell]:
        found = sources.get(cell)
        if found is None:
            found = _sources(cell, axes, indicators, pledges, code_at, post_at, rates_of)
            sources[cell] = found
        return found

    pending = list(wanted)
    while pending:
        cell = pending.pop()
        for source in sources_of(cell):
            if source not in wanted:
                wanted[source] = None
                pending.append(source)
    order = order_cells(
        list(wanted), sources_of, [indicators.get(code) for code in axes.indicators], code_at
    )
    index = order.index

    # --- groups -------------------------------------------------------------------------
    line_post = np.asarray([post_at[line.post] for line in lines], dtype=np.intp)
    post_lines = Groups.by_key(line_post, len(axes.posts))
    leading: list[list[int]] = [[] for _ in axes.posts]
    for i, line in enumerate(lines):
        for leader in line.leaders:
            if leader in post_at:
                leading[post_at[leader]].append(i)
    unit_at = {unit.id: u for u, unit in enumerate(program.units)}
    parent = {unit.id: unit.parent for unit in program.units}
    members: list[list[int]] = [[] for _ in program.units]
    unit_of = {post.id: post.unit for post in program.posts}
    for p, post in enumerate(axes.posts):
        current, seen = unit_of.get(post), set()
        while current is not None and current in unit_at and current not in seen:
            members[unit_at[current]].append(p)
            seen.add(current)
            current = parent.get(current)
    category_of = {post.id: post.category for post in program.posts}
    months, years = len(axes.periods), len(calendar.years)
    in_force = np.asarray([s.in_force for s in schedules], np.float64).reshape(-1, months)

    return ReviewLayout(
        program=program.id,
        axes=axes,
        year_spans=calendar.year_spans,
        lines=tuple(lines),
        in_force=in_force,
        due=np.asarray([s.due for s in schedules], np.float64).reshape(-1, months),
        judged=np.asarray([s.judged for s in schedules], np.intp).reshape(-1, months),
        active=np.asarray([s.active for s in schedules], np.bool_).reshape(-1, years),
        line_cell=np.asarray(
            [index[(post_at[line.post], code_at[line.indicator])] for line in lines],
            dtype=np.intp,
        ),
        line_post=line_post,
        weight=np.asarray([line.weight for line in lines], dtype=np.float64),
        lower=np.asarray(
            [
                (ind := indicators.get(line.indicator)) is not None
                and ind.direction is Direction.LOWER
                for line in lines
            ],
            dtype=np.bool_,
        ),
        direct=np.asarray([line.direct for line in lines], dtype=np.bool_),
        top=np.asarray([line.top for line in lines], dtype=np.bool_),
        cell_post=np.asarray([p for p, _ in order.cells], dtype=np.intp),
        cell_code=np.asarray([k for _, k in order.cells], dtype=np.intp),
        cell_index=index,
        groups=order.groups,
        ratios=order.ratios,
        post_lines=post_lines,
        unit_posts=Groups.of(members),
        leads=Groups.of(leading),
        post_category=_codes([category_of[post] for post in axes.posts]),
        post_unit=np.asarray([unit_at.get(unit_of[post], -1) for post in axes.posts], np.intp),
        unit_kind=_codes([unit.kind for unit in program.units]),
        baselines=line_baselines(
            lines,
            [t for t, _ in line_targets],
            [ind for _, ind in line_targets],
            in_force,
            schedule,
        ),
    )


def _parts(indicator: Indicator) -> tuple[str, str]:
    return (indicator.numerator or "", indicator.denominator or "")


def _codes(names: Sequence[str]) -> Ints:
    """Integer codes for group names (same name, same code)."""
    seen: dict[str, int] = {}
    return np.asarray([seen.setdefault(name, len(seen)) for name in names], dtype=np.intp)


def _sources(
    cell: Cell,
    axes: Axes,
    indicators: Mapping[str, Indicator],
    pledges: PledgeMap,
    code_at: Mapping[str, int],
    post_at: Mapping[str, int],
    rates_of: Mapping[str, list[str]],
) -> list[Cell]:
    """What a cell's value comes from: a rate's parts; else the cells of the posts that
    pledged the indicator to the cell's post, or a rate it is a part of (a head's count of
    errors adds up the errors of the staff who pledged him an error rate): its children
    in the roll-up."""
    p, k = cell
    code = axes.indicators[k]
    indicator = indicators.get(code)
    if indicator is not None and indicator.is_ratio:
        # A rate is never rolled up or taken as reported: it is its parts' quotient.
        return [(p, code_at[part]) for part in _parts(indicator) if part in code_at]
    post = axes.posts[p]
    kids = dict.fromkeys(pledges.below(code).get(post, []))
    for rate in rates_of.get(code, ()):
        kids.update(dict.fromkeys(pledges.below(rate).get(post, [])))
    return [(post_at[kid], k) for kid in kids if kid in post_at]


def rates_with_part(indicators: Mapping[str, Indicator]) -> dict[str, list[str]]:
    """For each indicator, the rates whose numerator or denominator it is."""
    found: dict[str, list[str]] = {}
    for rate, indicator in indicators.items():
        if indicator.is_ratio:
            for part in dict.fromkeys(_parts(indicator)):
                found.setdefault(part, []).append(rate)
    return found


__all__ = ["Line", "ReviewLayout", "review_layout"]
