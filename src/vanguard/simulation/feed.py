"""The hand-off: what each post would report in a simulated year, month by month.

The review core (:mod:`vanguard.review.progress`) reads raw monthly cell values, whatever
their origin. A real year's come from reports; a simulated year's are written here, from
the per-period values the initiatives' models return (never from running totals differenced
back), into the cells a post reports itself (the roll-up and the accumulation to date are
the core's, as for a real year):

* **a simulated indicator** is reported from the units of the initiative that belong to
  the post. When the program's ``[[initiatives]]`` entry assigns units to posts
  (``assign``, see :class:`~vanguard.model.assignment.Assignment`), those are the units of
  every entry naming the post or its organisation unit; otherwise the unit named like the
  post, else the unit named like the post's organisation unit (a service window the post
  works at), else all the initiative's units (the eight counties a section serves). Over
  several units values combine by the indicator's over-units rule. Where several posts
  report from the same units (the same entry), a summed indicator is shared among them in
  proportion to their pledges in force that year, equally when those total zero (ceilings
  of none) (the parts of a rate share as the rate's pledged part does, so the post's rate
  is the units' rate). A post answering for the
  units of several entries reports the sum of its shares of each. A post that reports it
  without a pledge (a rule reads it for every post) gets its own units' whole value, and
  nothing when no unit is its own;
* **a program's indicator that stands for an initiative's output** (its ``simulate``
  names the output's code) is reported from that output, as the output itself would be;
* **an indicator declared ``simulate = "at-pledge"``** is reported exactly as pledged: each
  month the value that keeps the post's actual to date at what is due (neither helping nor
  hurting), by the post's first line on it. Only what is declared so: an indicator no
  model simulates and none declared is not reported at all (``vanguard validate`` reports
  such a program and ``simulate`` refuses it, :mod:`vanguard.validation.simulated`);
* **a series of the plan no model outputs** (the behaviour layer's ``incidents``,
  :mod:`vanguard.simulation.behaviour.incidents`) is reported as an output of its
  producer's units would be;
* a rate is never reported: the core computes it from its parts.
"""

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.assignment import Assignment, entries_by_name, entries_for
from vanguard.model.indicator import AT_PLEDGE, Aggregation, Indicator
from vanguard.model.program import Program
from vanguard.review.layout import ReviewLayout
from vanguard.simulation.plan import Plan

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]

ALL_UNITS = -1
"""A cell's unit when it reports from all of the initiative's units (no own unit)."""

Group = tuple[int, ...]
"""The positions, among an initiative's units, of the units a cell reports from together."""


@attrs.frozen(eq=False)
class Term:
    """Cells ``cells[i]`` report, each month, ``share[i, month]`` times a combination of
    units' values in that month's period: of unit ``units[i]`` each (``each``), or of the
    units ``units`` together (combined by the source's over-units rule). ``add``: added to
    what an earlier term wrote (a post answering for the units of several entries).

    ``group``, when given, batches groups of one size: ``units`` is then ``(groups,
    size)``, one group a row, and cell ``cells[i]`` reports from row ``group[i]``; each
    row is combined exactly as a lone group would be."""

    cells: Ints
    units: Ints
    each: bool
    share: Floats
    add: bool = False
    group: Ints | None = None


@attrs.frozen(eq=False)
class Source:
    """How the cells of one simulated indicator are filled: by ``terms``, writing terms
    before adding ones."""

    code: str
    terms: tuple[Term, ...]
    over_units: Aggregation


@attrs.frozen(eq=False)
class Feed:
    """Every cell a simulated post reports, and from what (see the module).

    ``sources`` fill simulated indicators; ``pledged_cells`` with ``pledged`` ``(cells,
    months)`` fill the rest at their pledges; ``period`` maps each review month to the
    plan's period.
    """

    sources: tuple[Source, ...]
    pledged_cells: Ints
    pledged: Floats
    period: Ints
    unfed: Ints
    """The cells :meth:`fill` never writes (parents, rates, cells nobody reports): the
    ones :meth:`reset` makes ``NaN`` again."""

    def buffer(self, months: int, cells: int, replications: int) -> Floats:
        """A raw buffer ``(months, replications, cells)`` for :meth:`fill`, ``NaN`` where no
        source writes (the other cells are left as they come: :meth:`fill` writes them)."""
        raw = np.empty((months, replications, cells))
        self.reset(raw)
        return raw

    def clear(self, raw: Floats) -> None:
        """Make a used buffer fresh again for :meth:`fill` (``NaN`` where no source writes).

        The whole buffer is set (one contiguous pass is faster than setting the unfed
        cells alone); :meth:`fill` then writes every fed cell of every month, so each cell
        is reported in every month or in none.
        """
        raw.fill(np.nan)

    def reset(self, raw: Floats) -> None:
        """Make a buffer :meth:`fill` and the accumulation to date have used fresh again for
        :meth:`fill`: the cells it never writes become ``NaN`` (it overwrites the others in
        every month), which costs a fraction of :meth:`clear`."""
        raw[:, :, self.unfed] = np.nan

    def fill(self, raw: Floats, flows: Mapping[str, Floats], first: int) -> None:
        """Write replications ``first .. first + raw.shape[1]`` of a block's ``flows``
        (``(periods, replications, units)`` per output) into ``raw`` ``(months,
        replications, cells)``; cells not reported stay as they are (``NaN`` when fresh)."""
        stop = first + raw.shape[1]
        if len(self.pledged_cells):
            raw[:, :, self.pledged_cells] = self.pledged.T[:, None, :]
        months = len(self.period)
        # review months are the plan's first periods (the usual case): a view, no copy
        in_order = bool((self.period == np.arange(months)).all())
        for source in self.sources:
            flow = flows[source.code]
            # (months, R, units)
            values = flow[:months, first:stop] if in_order else flow[self.period, first:stop]
            for term in source.terms:
                if term.each:
                    part = values[:, :, term.units] * term.share.T[:, None, :]
                elif term.group is not None:
                    # (months, R, groups, size) reduced over its contiguous last axis: the
                    # bits of each group's own (months, R, size) reduction
                    combined = _over_units_last(values[:, :, term.units], source.over_units)
                    part = combined[:, :, term.group] * term.share.T[:, None, :]
                else:
                    whole = len(term.units) == values.shape[2] and bool(
                        (term.units == np.arange(values.shape[2])).all()
                    )
                    chosen = values if whole else values[:, :, term.units]
                    combined = _over_units(chosen, source.over_units)  # (months, R)
                    part = combined[:, :, None] * term.share.T[:, None, :]
                if term.add:
                    raw[:, :, term.cells] += part
                else:
                    raw[:, :, term.cells] = part


def _over_units(values: Floats, how: Aggregation) -> Floats:
    if how is Aggregation.MEAN:
        mean: Floats = values.mean(axis=2)
        return mean
    if how is Aggregation.LAST:
        return values[:, :, -1]
    total: Floats = values.sum(axis=2)
    return total


def _over_units_last(values: Floats, how: Aggregation) -> Floats:
    """:func:`_over_units` of every group at once: ``values`` ``(months, R, groups,
    size)``, combined over the last axis."""
    if how is Aggregation.MEAN:
        mean: Floats = values.mean(axis=3)
        return mean
    if how is Aggregation.LAST:
        return values[:, :, :, -1]
    total: Floats = values.sum(axis=3)
    return total


def review_feed(
    program: Program, layout: ReviewLayout, plan: Plan, indicators: Mapping[str, Indicator]
) -> Feed:
    """The feed of ``program``'s simulated years on ``layout`` from ``plan``'s outputs."""
    axes = layout.axes
    months = len(axes.periods)
    period_at = {label: p for p, label in enumerate(plan.period_labels)}
    period = np.asarray([period_at.get(label, 0) for label in axes.periods], dtype=np.intp)
    producer = {code: step for step in plan.steps for code in step.outputs}
    for series in plan.series:  # a flow no model outputs (the behaviour layer's incidents)
        if series.numerator is None and series.code not in producer:
            producer[series.code] = plan.step_of(series.producer)
    assign = {use.name: use.assign for use in program.initiatives}
    named = {name: entries_by_name(entries) for name, entries in assign.items()}
    units_of = {post.id: post.unit for post in program.posts}
    parents = set(layout.parent_cells.tolist())
    first_line: dict[int, int] = {}
    for i, cell in enumerate(layout.line_cell):
        if layout.direct[i]:
            first_line.setdefault(int(cell), i)
    rate_of: dict[int, list[tuple[int, int]]] = {}  # part cell -> (rate cell, sibling part)
    for rate, top, bottom in zip(*layout.ratios, strict=True):
        rate_of.setdefault(int(top), []).append((int(rate), int(bottom)))
        rate_of.setdefault(int(bottom), []).append((int(rate), int(top)))
    year_of = np.asarray([layout.year_of(m) for m in range(months)], dtype=np.intp)
    rates_of_part: dict[str, list[str]] = {}  # a rate's part -> the rates it is a part of
    for rate in indicators.values():
        if rate.is_ratio:
            for part in (rate.numerator, rate.denominator):
                if part is not None:
                    rates_of_part.setdefault(part, []).append(rate.code)

    def in_force(cell: int) -> Floats:
        """The cell's direct pledge in force at the end of each month's year, by month."""
        line = first_line[cell]
        ends = [layout.year_end(y) for y in range(len(layout.year_spans))]
        return np.asarray(layout.in_force[line, ends], dtype=np.float64)[year_of]

    reporters: dict[str, list[tuple[int, list[Group]]]] = {}  # output code -> [(cell, groups)]
    pledged_cells: list[int] = []
    # each initiative's unit positions, built once: its units may be every post
    positions: dict[str, dict[str, int]] = {}
    for c in range(layout.cells):
        code = axes.indicators[int(layout.cell_code[c])]
        indicator = indicators.get(code)
        if c in parents or (indicator is not None and indicator.is_ratio):
            continue
        declared = None if indicator is None else indicator.simulate
        if declared is not None and declared != AT_PLEDGE:
            code = declared  # the program's indicator stands for this output
        step = producer.get(code)
        if step is None:
            if c in first_line and declared == AT_PLEDGE:
                pledged_cells.append(c)
            continue
        post = axes.posts[int(layout.cell_post[c])]
        if step.name not in positions:
            positions[step.name] = {name: u for u, name in enumerate(step.units)}
        groups, own = _groups(
            step.units,
            positions[step.name],
            assign.get(step.name, ()),
            post,
            units_of.get(post),
            code,
            rates_of_part.get(code, ()),
            named.get(step.name, {}),
        )
        if c in first_line or c in rate_of or own:
            reporters.setdefault(code, []).append((c, groups))

    sources = []
    for code, cells in reporters.items():
        indicator = indicators.get(code)
        how = Aggregation.SUM if indicator is None else indicator.over_units
        shares: dict[tuple[int, Group], Floats] = {}
        if how is Aggregation.SUM:
            pledges = {c: in_force(c) for c, _ in cells if c in first_line}
            totals: dict[Group, Floats] = {}
            counts: dict[Group, int] = {}
            for c, groups in cells:
                for group in groups:
                    if c in pledges:
                        totals[group] = totals.get(group, 0.0) + pledges[c]
                        counts[group] = counts.get(group, 0) + 1
            for c, groups in cells:
                for group in groups:
                    if c in pledges:
                        total = totals[group]
                        # pledges that total nothing (ceilings of none: no violation, no
                        # long-pending case) share the units' value equally, else a
                        # post pledging a ceiling of zero would never report a breach
                        even = np.full(months, 1.0 / counts[group])
                        shares[c, group] = np.divide(pledges[c], total, out=even, where=total > 0)
        sources.append((code, cells, shares, how))
    _share_parts_as_siblings(sources, rate_of, first_line)
    pledged = np.zeros((len(pledged_cells), months))
    for row, c in enumerate(pledged_cells):
        pledged[row] = _at_pledge(
            layout, first_line[c], indicators.get(axes.indicators[int(layout.cell_code[c])])
        )
    built = tuple(
        Source(code, _terms(cells, shares, months), how) for code, cells, shares, how in sources
    )
    fed = np.zeros(layout.cells, dtype=np.bool_)
    fed[pledged_cells] = True
    for source in built:
        for term in source.terms:
            fed[term.cells] = True
    unfed = np.flatnonzero(~fed).astype(np.intp)
    return Feed(built, np.asarray(pledged_cells, dtype=np.intp), pledged, period, unfed)


def _groups(
    units: Sequence[str],
    position: Mapping[str, int],
    assign: Sequence[Assignment],
    post: str,
    unit: str | None,
    code: str,
    rates: Sequence[str],
    named: Mapping[str, list[int]],
) -> tuple[list[Group], bool]:
    """The unit groups a post reports indicator ``code`` of an initiative from (``rates``:
    those ``code`` is a part of; ``position``: each of ``units`` by name), and whether
    they are its own (assigned or named like it) rather than all units for want of any. A
    group lists its units in the initiative's order, whatever the entry's, so sums are
    added in one order."""
    if assign:
        groups = [
            tuple(sorted(position[name] for name in assign[e].units if name in position))
            for e in entries_for(assign, post, unit, code, rates, named)
        ]
        groups = [group for group in groups if group]
        return groups, bool(groups)
    own = _own_unit(position, post, unit)
    if own == ALL_UNITS:
        return [tuple(range(len(units)))], False
    return [(own,)], True


def _own_unit(position: Mapping[str, int], post: str, unit: str | None) -> int:
    if post in position:
        return position[post]
    if unit is not None and unit in position:
        return position[unit]
    return ALL_UNITS


SourceParts = tuple[
    str, list[tuple[int, list[Group]]], dict[tuple[int, Group], Floats], Aggregation
]


def _share_parts_as_siblings(
    sources: list[SourceParts],
    rate_of: Mapping[int, list[tuple[int, int]]],
    first_line: Mapping[int, int],
) -> None:
    """A rate's part a post did not pledge takes the share of the part it did pledge, group
    by group, so the post's rate is its units' rate (a scale common to both parts cancels).
    Changes the shares of ``sources`` in place."""
    where = {c: s for s, (_, cells, _, _) in enumerate(sources) for c, _ in cells}
    for part, rates in rate_of.items():
        if part in first_line or part not in where:
            continue
        for _, sibling in rates:
            if sibling in first_line and sibling in where:
                mine, theirs = sources[where[part]][2], sources[where[sibling]][2]
                for (cell, group), share in list(theirs.items()):
                    if cell == sibling:
                        mine[part, group] = share
                break


def _terms(
    cells: Sequence[tuple[int, list[Group]]],
    shares: Mapping[tuple[int, Group], Floats],
    months: int,
) -> tuple[Term, ...]:
    """The terms writing ``cells`` (share 1 where ``shares`` gives none): one per unit group
    of several units, one for all single units together; a cell's first group writes, the
    others add."""
    each: dict[bool, list[tuple[int, int, Floats]]] = {False: [], True: []}
    together: dict[tuple[Group, bool], list[tuple[int, Floats]]] = {}
    ones = np.ones(months)
    for c, groups in cells:
        for k, group in enumerate(groups):
            share = shares.get((c, group), ones)
            if len(group) == 1:
                each[k > 0].append((c, group[0], share))
            else:
                together.setdefault((group, k > 0), []).append((c, share))
    terms = []
    for add in (False, True):
        if each[add]:
            terms.append(
                Term(
                    np.asarray([c for c, _, _ in each[add]], dtype=np.intp),
                    np.asarray([u for _, u, _ in each[add]], dtype=np.intp),
                    True,
                    np.stack([share for _, _, share in each[add]]),
                    add,
                )
            )
        if not add:
            terms.extend(_batched(together, months))
            continue
        for (group, added), rows in together.items():
            if added is add:
                terms.append(
                    Term(
                        np.asarray([c for c, _ in rows], dtype=np.intp),
                        np.asarray(group, dtype=np.intp),
                        False,
                        np.stack([share for _, share in rows]),
                        add,
                    )
                )
    return tuple(terms)


def _batched(
    together: Mapping[tuple[Group, bool], list[tuple[int, Floats]]], months: int
) -> list[Term]:
    """The writing terms of groups of several units, one per group size: each cell is
    written by one group only, so writing them all at once gives what one term a group
    would (adding terms stay one a group: a cell may add from several)."""
    by_size: dict[int, list[tuple[Group, list[tuple[int, Floats]]]]] = {}
    for (group, added), rows in together.items():
        if not added:
            by_size.setdefault(len(group), []).append((group, rows))
    terms = []
    for groups in by_size.values():
        cells = [c for _, rows in groups for c, _ in rows]
        rows_of = [g for g, (_, rows) in enumerate(groups) for _ in rows]
        shares = [share for _, rows in groups for _, share in rows]
        terms.append(
            Term(
                np.asarray(cells, dtype=np.intp),
                np.asarray([group for group, _ in groups], dtype=np.intp),
                False,
                np.stack(shares).reshape(len(cells), months),
                False,
                np.asarray(rows_of, dtype=np.intp),
            )
        )
    return terms


def _at_pledge(layout: ReviewLayout, line: int, indicator: Indicator | None) -> Floats:
    """Monthly values that keep a line's actual to date exactly at what is due, each year."""
    due: Floats = layout.due[line]
    rule = Aggregation.SUM if indicator is None else indicator.over_time
    values: Floats = np.empty_like(due)
    for first, stop in layout.year_spans:
        year = due[first:stop]
        if rule is Aggregation.SUM:
            values[first:stop] = np.diff(year, prepend=0.0)
        elif rule is Aggregation.MEAN:
            # the mean of the first m months must be what is due at month m
            count = np.arange(1, len(year) + 1, dtype=np.float64)
            values[first:stop] = np.diff(year * count, prepend=0.0)
        else:
            values[first:stop] = year
    return values


__all__ = ["ALL_UNITS", "Feed", "Source", "Term", "review_feed"]
