"""The behaviour layer in a run: passive flows in, true and reported flows out, per block.

:func:`prepare` compiles a :class:`~.declaration.Behaviour` against a program's plan into
a picklable :class:`Response`; the engine calls :meth:`Response.respond` on every block
once the models have stepped (``Options.behaviour``), and the run reduces the block's
:class:`Record` with :meth:`Response.reduce` (a block hook). The engine then takes the
*reported* flows to date, so targets, bulletins and the year-end evaluation see what posts
report, as in a real year; the true values travel beside them. A declared ``incidents``
indicator gets one more flow: each year's detected misreporting (:mod:`.incidents`).

Effort multiplies a task's own flows; models that consume them (inputs) see the passive
values (the response comes after the models, as the post knows its circumstances).

The acting posts are the program's posts when the acting initiatives assign their units
to posts (:mod:`.posts`): posts with the same pledged targets form one group, each post
spreading its budget over its tasks of every initiative; otherwise each initiative's
units are one group, as before.
"""

from collections.abc import Mapping

import attrs
import numpy as np

from vanguard.model.indicator import Aggregation, Direction
from vanguard.model.program import Program, Ratchet
from vanguard.problems import Problem, ProgramError
from vanguard.simulation.behaviour.audit import (
    Floats,
    audit_probabilities,
    audit_stream,
    inspect,
)
from vanguard.simulation.behaviour.best_response import (
    Continuation,
    Stakes,
    best_value,
    choose,
)
from vanguard.simulation.behaviour.declaration import Behaviour
from vanguard.simulation.behaviour.incidents import anticipated
from vanguard.simulation.behaviour.posts import Duty, duties, mapping
from vanguard.simulation.plan import Plan, TargetCheck
from vanguard.simulation.streams import Block

MILLI = 1000
"""Values are summed as integers of thousandths, so sums are exact in any order."""

BAND = 0.02
"""Bunching: a result within 2 % of its target, above or below."""

RATIO_BINS = np.linspace(0.8, 1.2, 41)
"""Edges of the histogram of result / target (1 % wide, 80 % to 120 %; outside: the ends)."""


Part = tuple[str, Aggregation, str | None, Aggregation | None]
"""How a target's year value is read: flow and its over-time rule, then the denominator's."""


@attrs.frozen(eq=False)
class Group:
    """Acting posts (an initiative's units, or program posts with the same pledged
    targets), their tasks and the targets effort moves.

    ``targets[j]`` is a simulated indicator with a target; ``parts[j]`` says how its year
    value is read from flows (its own, or numerator over denominator); ``annual`` ``(J,
    A)`` are its annual targets per post. For program posts (:mod:`.posts`), ``mappings[j]``
    ``(units, A)`` turns the producing initiative's units' year values into the posts',
    ``shares[k]`` ``(units, A)`` is each post's share of each unit of task ``k``'s flow,
    and ``initiatives[j]`` names the initiative of each target.
    """

    step: str
    units: tuple[str, ...]
    tasks: tuple[str, ...]
    targets: tuple[str, ...]
    parts: tuple[Part, ...]
    annual: Floats
    ratcheted: tuple[bool, ...]
    stakes: Stakes
    initiatives: tuple[str, ...] = ()
    mappings: tuple[Floats, ...] = ()
    shares: tuple[Floats, ...] = ()

    def initiative_of(self, target: int) -> str:
        """The initiative whose model simulates target ``target``."""
        return self.initiatives[target] if self.initiatives else self.step

    def initiative_of_task(self, task: int) -> str:
        """The initiative whose model produces task ``task``'s flow."""
        first = int(np.flatnonzero(self.stakes.task_of == task)[0])
        return self.initiative_of(first)


@attrs.frozen(eq=False)
class Record:
    """One block's behaviour, by group then year: arrays shaped ``(J, R, A)`` (targets),
    ``(R, A, K)`` (effort), ``(R, A)`` (inflation, detection)."""

    passive: tuple[tuple[Floats, ...], ...]
    true: tuple[tuple[Floats, ...], ...]
    reported: tuple[tuple[Floats, ...], ...]
    target: tuple[tuple[Floats, ...], ...]
    effort: tuple[tuple[Floats, ...], ...]
    inflation: tuple[tuple[Floats, ...], ...]
    detected: tuple[tuple[Floats, ...], ...]
    caught: tuple[tuple[Floats, ...], ...]


@attrs.frozen(eq=False)
class Response:
    """A compiled behaviour declaration (see the module); picklable with the plan."""

    behaviour: Behaviour
    groups: tuple[Group, ...]
    years: tuple[tuple[int, int], ...]
    ratchet: Ratchet | None

    def respond(
        self, plan: Plan, seed: int, block: Block, produced: Mapping[str, Floats]
    ) -> tuple[dict[str, Floats], Record]:
        """The reported flows of ``block`` (every other flow as produced) and its record."""
        rng = audit_stream(seed, block.index)
        out = dict(produced)
        fields: dict[str, list[tuple[Floats, ...]]] = {f.name: [] for f in attrs.fields(Record)}
        incidents = self.behaviour.incidents
        if incidents is not None:  # see :mod:`.incidents`: 0 unless an audit finds inflation
            series = plan.series_of(incidents)
            out[incidents] = np.zeros((plan.periods, block.size, len(series.units)))
        pending: dict[tuple[str, int], list[Floats]] = {}
        for group in self.groups:
            rows = self._respond_group(group, produced, out, rng, block.size, pending)
            if incidents is not None and (group.shares or series.producer == group.step):
                where = [series.units.index(unit) for unit in group.units]
                for (_, stop), detected in zip(self.years, rows["detected"], strict=True):
                    out[incidents][stop - 1][:, where] = detected
            for name, values in rows.items():
                fields[name].append(tuple(values))
        self._move_units(produced, out, pending)
        return out, Record(**{name: tuple(v) for name, v in fields.items()})

    def _move_units(
        self,
        produced: Mapping[str, Floats],
        out: dict[str, Floats],
        pending: Mapping[tuple[str, int], list[Floats]],
    ) -> None:
        """Posts' reported flows onto their units: each unit's flow times the share-weighted
        mean of its posts' reported multipliers (1 where no acting post answers for it)."""
        for (code, year), (reported, weight) in pending.items():
            if out[code] is produced[code]:
                out[code] = produced[code].copy()
            first, stop = self.years[year]
            covered = weight > 0
            factor = np.where(covered, reported / np.where(covered, weight, 1.0), 1.0)
            out[code][first:stop] = produced[code][first:stop] * factor[None]

    def _respond_group(
        self,
        group: Group,
        produced: Mapping[str, Floats],
        out: dict[str, Floats],
        rng: np.random.Generator,
        reps: int,
        pending: dict[tuple[str, int], list[Floats]],
    ) -> dict[str, list[Floats]]:
        stakes = group.stakes
        posts = bool(group.shares)  # program posts: their units move in :meth:`_move_units`
        tasks = () if posts else group.tasks
        true_flows = {code: produced[code].copy() for code in tasks}
        reported_flows = {code: produced[code].copy() for code in tasks}
        probability = audit_probabilities(self.behaviour.audits, group.tasks, self.posts)
        rows: dict[str, list[Floats]] = {f.name: [] for f in attrs.fields(Record)}
        previous: Floats | None = None
        bases = [self._year_values(group, produced, span) for span in self.years]
        for y, span in enumerate(self.years):
            target = self._target(group, y, previous)
            continuation = self._continuation(group, bases, y)
            choice = choose(bases[y], target, stakes, continuation)
            gain = stakes.multipliers(choice.effort.transpose(0, 2, 1))  # (R, K, A)
            draws = rng.random((2, reps, len(group.units), stakes.tasks))
            seen = inspect(draws, probability, self.behaviour.audits.detection, choice.inflation)
            factor = 1.0 + np.where(seen.detected, 0.0, choice.inflation)
            first, stop = span
            for k, code in enumerate(group.tasks if posts else ()):
                share = group.shares[k]  # (units, A)
                reported_part = _spread(gain[:, k, :] * factor, share)
                moved = pending.get((code, y))
                if moved is None:  # the first group of posts on this flow and year
                    pending[code, y] = [reported_part, share.sum(axis=1)]
                else:
                    moved[0] = moved[0] + reported_part
                    moved[1] = moved[1] + share.sum(axis=1)
            for k, code in enumerate(tasks):
                true_flows[code][first:stop] *= gain[None, :, k, :]
                np.multiply(
                    true_flows[code][first:stop], factor[None], out=reported_flows[code][first:stop]
                )
            true = bases[y] * gain[:, stakes.task_of, :].transpose(1, 0, 2)
            reported = true * factor[None]
            rows["passive"].append(bases[y])
            rows["true"].append(true)
            rows["reported"].append(reported)
            rows["target"].append(np.broadcast_to(target, true.shape))
            rows["effort"].append(choice.effort)
            rows["inflation"].append(choice.inflation)
            rows["detected"].append(seen.detected.astype(np.float64))
            rows["caught"].append(true * np.where(seen.detected, choice.inflation, 0.0)[None])
            previous = reported
        out.update(reported_flows)
        return rows

    @property
    def posts(self) -> int:
        """How many acting posts the run has (over all groups)."""
        return sum(len(g.units) for g in self.groups)

    def _year_values(
        self, group: Group, flows: Mapping[str, Floats], span: tuple[int, int]
    ) -> Floats:
        first, stop = span
        values = []
        for j, (code, over, denominator, under) in enumerate(group.parts):
            value = _over_year(flows[code][first:stop], over)
            if group.mappings:
                value = _spread_back(value, group.mappings[j])
            if denominator is not None and under is not None:
                bottom = _over_year(flows[denominator][first:stop], under)
                if group.mappings:
                    bottom = _spread_back(bottom, group.mappings[j])
                ratio = np.zeros_like(value)
                np.divide(value, bottom, out=ratio, where=bottom > 0)
                value = ratio
            values.append(value)
        return np.stack(values)

    def _target(self, group: Group, year: int, previous: Floats | None) -> Floats:
        target = group.annual[:, None, :]
        if previous is None or self.ratchet is None:
            return target
        raised = np.asarray(group.ratcheted)[:, None, None]
        ratcheted: Floats = np.where(
            raised, np.maximum(target, self.ratchet.factor * previous), target
        )
        return ratcheted

    def _continuation(self, group: Group, bases: list[Floats], year: int) -> Continuation | None:
        ratchet = self.ratchet
        if ratchet is None or year + 1 >= len(bases) or not any(group.ratcheted):
            return None
        after = bases[year + 1]
        weight = self.behaviour.lookahead
        raised = np.asarray(group.ratcheted)[:, None, None]

        def next_year(reported: Floats) -> Floats:
            target = np.where(
                raised,
                np.maximum(group.annual[:, None, :], ratchet.factor * reported),
                group.annual[:, None, :],
            )
            value: Floats = weight * best_value(after, target, group.stakes)
            return value

        return next_year

    def reduce(self, plan: Plan, block: Block, values: object) -> dict[str, np.ndarray]:
        """The block's behaviour as exact integer sums (a block hook; see :mod:`.summary`)."""
        record = getattr(values, "behaviour", None)
        if not isinstance(record, Record):
            return {}
        out: dict[str, np.ndarray] = {}
        for g, group in enumerate(self.groups):
            key = f"behaviour.{group.step}."
            for name in (
                "passive",
                "true",
                "reported",
                "target",
                "caught",
                "inflation",
                "detected",
            ):
                out[key + name] = np.stack(
                    [_milli(a).sum(axis=-2) for a in getattr(record, name)[g]]
                )
            out[key + "effort"] = np.stack([_milli(a).sum(axis=0) for a in record.effort[g]])
            for name in ("passive", "true", "reported"):
                counts, histograms = [], []
                for value, target in zip(getattr(record, name)[g], record.target[g], strict=True):
                    ratio = value / np.where(target > 0, target, np.inf)
                    above = (ratio >= 1.0) & (ratio < 1.0 + BAND)
                    below = (ratio < 1.0) & (ratio >= 1.0 - BAND)
                    met = ratio >= 1.0
                    counts.append(np.stack([above.sum(axis=1), below.sum(axis=1), met.sum(axis=1)]))
                    bins = np.searchsorted(RATIO_BINS, ratio, side="right") - 1
                    bins = np.clip(bins, 0, len(RATIO_BINS) - 2)
                    histograms.append(np.bincount(bins.ravel(), minlength=len(RATIO_BINS) - 1))
                out[key + name + ".bands"] = np.stack(counts).astype(np.int64)
                out[key + name + ".ratios"] = np.stack(histograms).astype(np.int64)
        return out


def _spread(per_post: Floats, share: Floats) -> Floats:
    """Posts' values ``(R, A)`` onto units ``(R, units)`` by ``share`` ``(units, A)``, summed
    over posts in one fixed order (no BLAS: the same sums in any chunking)."""
    spread: Floats = (per_post[:, None, :] * share[None, :, :]).sum(axis=2)
    return spread


def _spread_back(per_unit: Floats, matrix: Floats) -> Floats:
    """Units' values ``(R, units)`` as posts' ``(R, A)`` by ``matrix`` ``(units, A)``."""
    back: Floats = (per_unit[:, :, None] * matrix[None, :, :]).sum(axis=1)
    return back


def _milli(values: Floats) -> np.ndarray:
    return np.rint(np.asarray(values) * MILLI).astype(np.int64)


def _over_year(values: Floats, how: Aggregation) -> Floats:
    if how is Aggregation.SUM:
        total: Floats = values.sum(axis=0)
        return total
    if how is Aggregation.MEAN:
        mean: Floats = values.mean(axis=0)
        return mean
    last: Floats = values[-1]
    return last


def prepare(program: Program, plan: Plan, behaviour: Behaviour) -> Response:
    """Compile ``behaviour`` for ``plan``; :class:`ProgramError` names what does not fit."""
    problems: list[Problem] = []
    produced = {code for step in plan.steps for code in step.outputs}
    for code in behaviour.elasticities:
        if code not in produced:
            problems.append(
                Problem(
                    f"behaviour: elasticities.{code}", "no initiative of the program simulates it"
                )
            )
    if problems:
        raise ProgramError(problems)
    years = _years(plan)
    groups = []
    assigned = {use.name for use in program.initiatives if use.assign}
    for step in plan.steps:
        tasks = tuple(c for c in step.outputs if behaviour.elasticities.get(c, 0.0) > 0.0)
        if not tasks or step.name in assigned:
            continue
        group = _group(plan, step.name, step.units, tasks, behaviour, program.ratchet)
        if group is not None:
            groups.append(group)
    groups.extend(_post_groups(program, plan, behaviour))
    _check_names(groups, behaviour)
    posts = sum(len(g.units) for g in groups)
    audits = behaviour.audits
    penalty, size = anticipated(program, behaviour)  # the program's own rules, weighed ex ante
    groups = [
        attrs.evolve(
            g,
            stakes=attrs.evolve(
                g.stakes,
                detect=audit_probabilities(audits, g.tasks, posts) * audits.detection,
                penalty=penalty,
                size=size,
            ),
        )
        for g in groups
    ]
    return Response(behaviour, tuple(groups), years, program.ratchet)


def _check_names(groups: list[Group], behaviour: Behaviour) -> None:
    """Per-post ``budgets`` and ``targets`` must name acting posts (program posts under a
    unit mapping, initiative units otherwise): a name that acts nowhere is a problem."""
    acting = {unit for group in groups for unit in group.units}
    on = {(code, unit) for g in groups for code in g.targets for unit in g.units}
    problems = [
        Problem(f"behaviour: budgets.{name}", "no acting post of that name")
        for name in behaviour.budgets
        if name not in acting
    ]
    problems.extend(
        Problem(f"behaviour: targets.{code}.{name}", "no acting post has this target")
        for code, given in behaviour.targets.items()
        for name in given
        if (code, name) not in on
    )
    if problems:
        raise ProgramError(problems)


def _post_groups(program: Program, plan: Plan, behaviour: Behaviour) -> list[Group]:
    """Groups of program posts with the same pledged targets (see :mod:`.posts`)."""
    by_post: dict[str, dict[str, Duty]] = {}
    for duty in duties(program, plan, behaviour):
        by_post.setdefault(duty.post, {})[duty.code] = duty
    signatures: dict[tuple[str, ...], list[str]] = {}
    for post, mine in by_post.items():
        signatures.setdefault(tuple(mine), []).append(post)
    groups = []
    for i, (codes, members) in enumerate(signatures.items()):
        posts = tuple(members)
        first = by_post[posts[0]]
        tasks = tuple(dict.fromkeys(first[code].flow for code in codes))
        parts: list[Part] = []
        maps = []
        for code in codes:
            series = plan.series_of(code)
            matrix = mapping({p: by_post[p][code] for p in posts}, posts, series.over_units)
            if series.numerator is not None and series.denominator is not None:
                num, den = plan.series_of(series.numerator), plan.series_of(series.denominator)
                parts.append((num.code, num.over_time, den.code, den.over_time))
            else:
                parts.append((code, series.over_time, None, None))
            maps.append(matrix)
        task_of = [tasks.index(first[code].flow) for code in codes]
        shares = []
        for task in tasks:  # each post's share of each unit: from its first target on the flow
            code = codes[task_of.index(tasks.index(task))]
            shares.append(np.stack([by_post[p][code].weight for p in posts], axis=1))
        annual = np.array([[by_post[p][code].target for p in posts] for code in codes])
        stakes = _stakes(behaviour, posts, tasks, codes, task_of)
        ratchet = program.ratchet
        ratcheted = tuple(
            ratchet is not None and (not ratchet.indicators or code in ratchet.indicators)
            for code in codes
        )
        groups.append(
            Group(
                f"posts-{i + 1}",
                posts,
                tasks,
                codes,
                tuple(parts),
                annual,
                ratcheted,
                stakes,
                tuple(first[code].step for code in codes),
                tuple(maps),
                tuple(shares),
            )
        )
    return groups


def _stakes(
    behaviour: Behaviour,
    posts: tuple[str, ...],
    tasks: tuple[str, ...],
    codes: tuple[str, ...] | list[str],
    task_of: list[int],
) -> Stakes:
    return Stakes(
        task_of=np.array(task_of, dtype=np.intp),
        weight=np.array([behaviour.payoff.weight(code) for code in codes]),
        elasticity=np.array([behaviour.elasticities[c] for c in tasks]),
        budget=np.array([behaviour.budgets.get(p, behaviour.budget) for p in posts]),
        status_quo=np.full(len(posts), behaviour.status_quo),
        detect=np.zeros(len(tasks)),
        inflation=np.array(sorted(set(behaviour.inflation) | {0.0})),
        payoff=behaviour.payoff,
        penalty=behaviour.audits.penalty,
        size=behaviour.audits.size,
        grid=behaviour.grid,
    )


def _years(plan: Plan) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(plan.period_starts):
        if i == 0 or start.year != plan.period_starts[i - 1].year:
            spans.append((i, i + 1))
        else:
            spans[-1] = (spans[-1][0], i + 1)
    return tuple(spans)


def _group(
    plan: Plan,
    step: str,
    units: tuple[str, ...],
    tasks: tuple[str, ...],
    behaviour: Behaviour,
    ratchet: Ratchet | None,
) -> Group | None:
    checks: dict[str, TargetCheck] = {}
    for check in plan.targets:  # the latest due target of each indicator counts
        if check.direction is not Direction.HIGHER or check.value <= 0:
            continue  # effort raises values: lower-is-better targets get no task
        if check.indicator not in checks or check.period >= checks[check.indicator].period:
            checks[check.indicator] = check
    codes: list[str] = []
    parts: list[Part] = []
    annual: list[list[float]] = []
    task_of: list[int] = []
    for code, check in checks.items():
        series = plan.series_of(code)
        flow = series.numerator or code
        if flow not in tasks:
            continue
        if series.numerator is not None and series.denominator is not None:
            num, den = plan.series_of(series.numerator), plan.series_of(series.denominator)
            parts.append((num.code, num.over_time, den.code, den.over_time))
        else:
            parts.append((code, series.over_time, None, None))
        months = check.period + 1
        per_year = check.value * 12 / months if series.over_time is Aggregation.SUM else check.value
        if series.over_units is Aggregation.SUM:
            per_year /= len(units)
        given = behaviour.targets.get(code, {})
        annual.append([float(given.get(unit, per_year)) for unit in units])
        codes.append(code)
        task_of.append(tasks.index(flow))
    if not codes:
        return None
    stakes = _stakes(behaviour, units, tasks, codes, task_of)
    ratcheted = tuple(
        ratchet is not None and (not ratchet.indicators or code in ratchet.indicators)
        for code in codes
    )
    return Group(
        step, units, tasks, tuple(codes), tuple(parts), np.array(annual), ratcheted, stakes
    )


__all__ = ["BAND", "MILLI", "RATIO_BINS", "Group", "Record", "Response", "prepare"]
