"""The engine: step every initiative of a plan over one block of replications, then reduce.

State is held as float64 arrays shaped ``(replications, units)``; each period every model
steps once, producers before consumers, and receives the producers' values of that period
as inputs. Nothing loops over replications or people in Python: the per-block Python work
is one call per initiative per period, whatever the block size.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Aggregation
from vanguard.plugins.initiative import StepContext
from vanguard.problems import VanguardError
from vanguard.simulation.plan import Plan, Series
from vanguard.simulation.spreads import unit_parameters
from vanguard.simulation.streams import Block, block_generator, coupled_generator
from vanguard.simulation.tally import BlockTally, Edges, Floats, Layout


@attrs.frozen(eq=False)
class BlockValues:
    """What one block simulated.

    ``flows`` maps each indicator an initiative's model outputs to the values it returned
    period by period, shaped ``(periods, replications, units)``: what each unit would report
    for that period (a count for summed indicators, a level or a sample for others).
    ``to_date`` maps each simulated indicator (rates included) to its values to date shaped
    ``(periods, replications, units + 1)`` (last column: all units).
    """

    flows: Mapping[str, Floats]
    to_date: Mapping[str, Floats]
    behaviour: object = None
    """What the behaviour layer recorded for the block (None without one); ``flows`` are
    then the reported values."""


BlockHook = Callable[[Plan, Block, BlockValues], Mapping[str, np.ndarray]]
"""Extra per-block reduction (e.g. the review engine): ``(plan, block, values) -> counts``.

The hook returns integer count arrays, summed over blocks (exactly, in any order).
"""


BlockResponse = Callable[
    [Plan, int, Block, Mapping[str, Floats]], tuple[Mapping[str, Floats], object]
]
"""The behaviour layer: ``(plan, seed, block, flows) -> (reported flows, record)``."""


class ModelError(VanguardError):
    """An initiative's model returned something the contract forbids (shape, NaN, missing)."""


@attrs.frozen
class Options:
    """What a run reduces beyond the default summaries.

    ``variation`` gives, for ``(initiative, parameter)``, one value per replication of the run
    (sensitivity analysis); ``keep`` keeps every replication's values (modest runs only);
    ``collect`` keeps each replication's year-end all-units total of these indicators.
    """

    variation: Mapping[tuple[str, str], Floats] = attrs.field(factory=dict)
    keep: bool = False
    collect: tuple[str, ...] = ()
    hooks: tuple[BlockHook, ...] = ()
    behaviour: "BlockResponse | None" = None
    """Posts' response to the rules (:mod:`vanguard.simulation.behaviour`); None: passive."""


@attrs.define(eq=False)
class Workspace:
    """The arrays consecutive blocks of one run reuse, one per name and shape.

    Fresh memory costs a page fault per 4 KB: a block of the entrepreneurship model
    (1,024 replications, 36 months, 8 counties) touched some 5,400 pages of it, as long as
    its draws on a loaded machine; the model outputs alone were 1,800 of them. An array
    handed out is overwritten when a later block asks for the same name and shape: a run
    holds one workspace per pass (or per chunk on an executor), and a block's
    :class:`BlockValues` are read before the next block starts (as :func:`run_block` does).
    """

    _arrays: dict[tuple[str, tuple[int, ...]], Floats] = attrs.field(factory=dict)

    def empty(self, name: str, shape: tuple[int, ...]) -> Floats:
        """An uninitialised float64 array ``shape`` for ``name``: the same memory each call."""
        array = self._arrays.get((name, shape))
        if array is None:
            array = self._arrays[name, shape] = np.empty(shape)
        return array


def run_block(
    plan: Plan,
    seed: int,
    block: Block,
    edges: Edges | None,
    options: Options,
    workspace: Workspace | None = None,
) -> BlockTally:
    """Simulate ``block`` of a run seeded ``seed`` and reduce it.

    With ``edges`` None (block 0) the tally keeps the raw spread values so the driver can
    derive histogram edges from them. ``workspace``: the run's reused arrays (see
    :class:`Workspace`); None: fresh ones.
    """
    values = simulate(plan, seed, block, options, workspace)
    return reduce_block(plan, block, values, edges, options)


def simulate(
    plan: Plan, seed: int, block: Block, options: Options, workspace: Workspace | None = None
) -> BlockValues:
    """Every model output's per-period values over ``block`` and every simulated indicator's
    values to date (see :class:`BlockValues`).

    With a ``workspace`` the flows live in its arrays (valid until its next block); without,
    in arrays of their own.
    """
    periods, reps = plan.periods, block.size
    produced: dict[str, Floats] = {}
    for step in plan.steps:
        for code in step.outputs:
            flow = (periods, reps, len(step.units))
            produced[code] = np.empty(flow) if workspace is None else workspace.empty(code, flow)
    contexts = []
    states = []
    for step in plan.steps:
        params: dict[str, Floats] = {
            name: np.full((1, 1), value) for name, value in step.parameters
        }
        for (initiative, name), values in options.variation.items():
            if initiative == step.name:
                chunk = values[block.first : block.first + block.size]
                params[name] = np.asarray(chunk, dtype=np.float64).reshape(-1, 1)
        if step.spreads:
            shape = (reps, len(step.units))
            unit_parameters(step.name, step.spreads, params, shape, seed, block.index)
        rng = block_generator(seed, block.index, step.name)
        uniforms = coupled_generator(seed, block.index, step.name)
        ctx = StepContext(
            0, periods, plan.period_starts[0], reps, step.units, params, rng, uniforms
        )
        contexts.append(ctx)
        states.append(step.model.start(ctx))
    # What each step reads and writes, looked up once: the loop below does per period and
    # model one call and one copy per output, nothing that grows with the block.
    wiring = [
        (
            step,
            ctx,
            state,
            tuple((code, produced[code]) for code in step.outputs),
            tuple((code, produced[code]) for code in step.inputs),
        )
        for step, ctx, state in zip(plan.steps, contexts, states, strict=True)
    ]
    for period in range(periods):
        start = plan.period_starts[period]
        for step, ctx, state, writes, reads in wiring:
            now = StepContext(
                period, periods, start, reps, ctx.units, ctx.params, ctx.rng, ctx.uniforms
            )
            outputs = step.model.step(state, {code: got[period] for code, got in reads}, now)
            for code, into in writes:
                value = outputs.get(code)
                if value is None:
                    raise ModelError(f"{step.name}: step returned no {code!r} (period {period})")
                array = np.asarray(value, dtype=np.float64)
                if array.shape != into.shape[1:]:
                    raise ModelError(
                        f"{step.name}: {code!r} has shape {array.shape}, "
                        f"expected {now.shape} (period {period})"
                    )
                if not np.isfinite(array).all():  # checked while the array is in cache
                    raise ModelError(
                        f"indicator {code!r}: the model returned NaN or infinity (period {period})"
                    )
                into[period] = array
    record = None
    if options.behaviour is not None:
        responded, record = options.behaviour(plan, seed, block, produced)
        produced = dict(responded)
    return BlockValues(produced, ToDate(plan.series, produced), record)


class ToDate(Mapping[str, Floats]):
    """Every simulated indicator's values to date (see :class:`BlockValues`), computed
    when asked for and not kept: each is ``(periods, replications, units + 1)``, as large
    as the flows it comes from, so holding them all would double a block's memory. A
    reduction reads one at a time; reading one twice computes it twice (the same bits).
    """

    summed: frozenset[str]
    """The series summed over time and over units."""

    def __init__(self, series: Sequence[Series], produced: Mapping[str, Floats]):
        self._series = {s.code: s for s in series}
        self._produced = produced
        self.summed = frozenset(
            s.code
            for s in series
            if s.numerator is None
            and s.over_time is Aggregation.SUM
            and s.over_units is Aggregation.SUM
        )

    def __getitem__(self, code: str) -> Floats:
        series = self._series[code]
        if series.numerator is None:
            return _to_date(series, self._produced)
        return _ratio(series, self._produced, self)

    def __iter__(self) -> Iterator[str]:
        return iter(self._series)

    def __len__(self) -> int:
        return len(self._series)

    def direct(self, code: str) -> bool:
        """Whether ``code`` is a series computed from its own flows (not a rate)."""
        return self._series[code].numerator is None


def running_total(values: Floats, out: Floats | None = None) -> Floats:
    """``np.cumsum(values, axis=0)``, bit for bit, but period by period (into ``out``).

    numpy's cumsum along the first axis walks memory with a stride and is some 30x slower
    on these (periods, replications, units) arrays than adding whole periods.
    """
    if out is None:
        out = np.empty_like(values)
    if len(values):
        out[0] = values[0]
    for t in range(1, len(values)):
        np.add(out[t - 1], values[t], out=out[t])
    return out


def _over_time(values: Floats, how: Aggregation) -> Floats:
    if how is Aggregation.SUM:
        return running_total(values)
    if how is Aggregation.MEAN:
        steps = np.arange(1, values.shape[0] + 1, dtype=np.float64)
        mean: Floats = running_total(values) / steps[:, None, None]
        return mean
    return values


def _over_units(values: Floats, how: Aggregation) -> Floats:
    if how is Aggregation.MEAN:
        mean: Floats = values.mean(axis=2)
        return mean
    if how is Aggregation.LAST:
        return values[:, :, -1]
    # einsum reduces these small trailing axes several times faster than ndarray.sum
    total: Floats = np.einsum("pru->pr", values)
    return total


def _to_date(series: Series, produced: Mapping[str, Floats]) -> Floats:
    """Cumulative values per unit plus the all-units total as a last column."""
    per_unit, total = _to_date_parts(series, produced)
    periods, reps, units = per_unit.shape
    out = np.empty((periods, reps, units + 1))
    out[:, :, :units] = per_unit
    out[:, :, units] = total
    return out


def _to_date_parts(series: Series, produced: Mapping[str, Floats]) -> tuple[Floats, Floats]:
    """:func:`_to_date` in two contiguous parts: per unit ``(periods, replications, units)``
    (for a level, the flows themselves: read only) and all units ``(periods,
    replications)``. Reductions read the parts and never build the whole (a strided copy
    as large as the flows)."""
    values = produced[series.code]
    periods = values.shape[0]
    if series.over_time is Aggregation.SUM:
        per_unit = running_total(values)
    elif series.over_time is Aggregation.MEAN:
        steps = np.arange(1, periods + 1, dtype=np.float64)[:, None, None]
        per_unit = running_total(values)
        np.divide(per_unit, steps, out=per_unit)
    else:
        per_unit = values
    return per_unit, _over_units(per_unit, series.over_units)


def _ratio(series: Series, produced: Mapping[str, Floats], done: "ToDate") -> Floats:
    """Numerator to date over denominator to date, per unit and for all units (NaN at 0).

    Each part is taken to date by its own over-time rule (a coverage rate divides two
    year-end levels, a start-up rate two running sums); the all-units ratio divides the
    parts' totals over the units.
    """
    assert series.numerator is not None
    assert series.denominator is not None
    parts = []
    for code in (series.numerator, series.denominator):
        if code in done.summed:
            parts.append(done[code])  # already summed over time and units
            continue
        direct = code in done and done.direct(code)
        per_unit = done[code][:, :, :-1] if direct else running_total(produced[code])
        parts.append(np.concatenate((per_unit, per_unit.sum(axis=2, keepdims=True)), axis=2))
    both, under = parts
    ratio: Floats = np.full(both.shape, np.nan)
    np.divide(both, under, out=ratio, where=under > 0)
    return ratio


def _sums(per_unit: Floats, column: Floats, total: Floats, squares: Floats, g: int) -> None:
    """Write the sums over replications of a series to date and of its squares, period by
    period and unit by unit then all units (``(periods, units + 1)`` in C order), into
    ``total`` and ``squares`` from offset ``g``: the bits einsum gives on the whole array.

    einsum adds over replications one after another when there are two columns or more;
    the all-units column goes through it as one of two columns (alone, its contiguous
    replications would be added in another order).
    """
    periods, _, units = per_unit.shape
    cells = periods * (units + 1)
    grid = total[g : g + cells].reshape(periods, units + 1)
    grid_squares = squares[g : g + cells].reshape(periods, units + 1)
    if units < 2:  # one unit: einsum would add its contiguous replications otherwise
        whole = np.concatenate((per_unit, column[:, :, None]), axis=2)
        grid[:] = np.einsum("pru->pu", whole)
        grid_squares[:] = np.einsum("pru,pru->pu", whole, whole)
        return
    # einsum: no temporary for the squares, and fast over the replication axis
    grid[:, :units] = np.einsum("pru->pu", per_unit)
    grid_squares[:, :units] = np.einsum("pru,pru->pu", per_unit, per_unit)
    pair = np.zeros((*column.shape, 2))
    pair[:, :, 0] = column
    grid[:, units] = np.einsum("pru->pu", pair)[:, 0]
    grid_squares[:, units] = np.einsum("pru,pru->pu", pair, pair)[:, 0]


def target_flags(plan: Plan, to_date: Mapping[str, Floats]) -> NDArray[np.bool_]:
    """``(targets, replications)``: whether each replication's all-units total meets each of
    the plan's targets at its period."""
    rows = [
        to_date[t.indicator][t.period, :, -1] >= t.value
        if t.direction.value == "higher"
        else to_date[t.indicator][t.period, :, -1] <= t.value
        for t in plan.targets
    ]
    if not rows:
        return np.zeros((0, 0), dtype=np.bool_)
    return np.stack(rows)


def plan_tasks(plan: Plan) -> tuple[str, ...]:
    """The tasks that carry program-level targets, in the order they first appear."""
    return tuple(dict.fromkeys(t.task for t in plan.targets))


def task_counts(plan: Plan, flags: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Per task of :func:`plan_tasks`: replications in which all of its targets are met."""
    tasks = plan_tasks(plan)
    counts = np.zeros(len(tasks), dtype=np.int64)
    for k, task in enumerate(tasks):
        rows = [i for i, t in enumerate(plan.targets) if t.task == task]
        counts[k] = np.count_nonzero(flags[rows].all(axis=0))
    return counts


def reduce_block(
    plan: Plan, block: Block, values: BlockValues, edges: Edges | None, options: Options
) -> BlockTally:
    """The block's sums, extremes, histograms and target counts (see :mod:`tally`)."""
    to_date = values.to_date
    layout = Layout.of(plan)
    total = np.empty(layout.grid_size)
    squares = np.empty(layout.grid_size)
    finite = np.empty(layout.grid_size, dtype=np.int64)
    spread = np.empty((block.size, layout.spread_size))
    # One series to date at a time (each is as large as its flows); what is read again
    # later is its all-units column, ``(periods, replications, 1)``.
    totals: dict[str, Floats] = {}
    for i, series in enumerate(plan.series):
        g = layout.grid_offsets[i]
        s = layout.spread_offsets[i]
        if series.numerator is None:
            per_unit, column = _to_date_parts(series, values.flows)
            totals[series.code] = column[:, :, None]
            _sums(per_unit, column, total, squares, g)
            cells = per_unit.shape[0] * (per_unit.shape[2] + 1)
            finite[g : g + cells] = block.size
            width = per_unit.shape[2]
            spread[:, s : s + width] = per_unit[-1]
            spread[:, s + width] = column[-1]
            spread[:, s + width + 1 : s + width + 1 + plan.periods] = column.T
            del per_unit, column
            continue
        series_values = to_date[series.code]
        totals[series.code] = series_values[:, :, -1:].copy()
        cells = series_values.shape[0] * series_values.shape[2]
        known = np.isfinite(series_values)  # rates are finite or NaN (no part: 0/0)
        present = np.where(known, series_values, 0.0)
        total[g : g + cells] = np.einsum("pru->pu", present).ravel()
        squares[g : g + cells] = np.einsum("pru,pru->pu", present, present).ravel()
        finite[g : g + cells] = np.einsum("pru->pu", known.view(np.int8), dtype=np.int64).ravel()
        width = series_values.shape[2]
        spread[:, s : s + width] = series_values[-1]
        spread[:, s + width : s + width + plan.periods] = series_values[:, :, -1].T
        del series_values
    flags = target_flags(plan, totals)
    met = flags.sum(axis=1, dtype=np.int64)
    # Joint: all of a task's targets met in the same replication (not the product of the
    # targets' shares); counted per task in first-appearance order (see ``plan_tasks``).
    extra: dict[str, np.ndarray] = {"task_met": task_counts(plan, flags)}
    for hook in options.hooks:
        for key, counts in hook(plan, block, values).items():
            extra[key] = np.asarray(counts)
    tally = BlockTally(
        block=block.index,
        replications=block.size,
        total=total,
        squares=squares,
        finite=finite,
        low=np.fmin.reduce(spread, axis=0),
        high=np.fmax.reduce(spread, axis=0),
        spread=spread if edges is None else None,
        histogram=None if edges is None else edges.histogram(spread),
        met=met,
        extra=extra,
    )
    if options.keep:
        tally.kept = dict(to_date)
    if options.collect:
        tally.collected = np.stack([totals[c][-1, :, -1] for c in options.collect], axis=1)
    return tally


__all__ = [
    "BlockHook",
    "BlockResponse",
    "BlockValues",
    "ModelError",
    "Options",
    "Workspace",
    "plan_tasks",
    "reduce_block",
    "run_block",
    "simulate",
    "target_flags",
    "task_counts",
]
