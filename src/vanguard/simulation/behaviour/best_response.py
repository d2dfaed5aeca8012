"""Best responses: each post's effort spread and report inflation, vectorised over replications.

The model (assumptions stated in ``docs/explanation/behaviour.md``):

* A post acting in an initiative has tasks, the initiative's indicators with an elasticity.
  Spending effort ``e_k`` on task ``k`` multiplies its true outcomes by
  ``exp(elasticity_k * (e_k - status_quo / K))``: the passive models are the status quo,
  effort spread evenly. Efforts are multiples of ``budget / grid`` summing to at most the
  budget; every such spread is a candidate (a discrete grid, enumerated).
* The post knows the year's passive outcome of its replication (its own circumstances)
  before it chooses; it maximises, per replication, the payoff the program's rules give:
  ``score`` (weighted share of target reached, capped), ``met`` (weighted share of
  targets met), minus ``findings`` per missed target, minus ``cost`` per unit of effort.
* It may report ``(1 + s)`` times the truth for ``s`` in the declared inflation levels.
  An inflated report is found with the probability that an audit of one of its tasks
  detects it; then the corrected (true) figures count and the penalty applies (a veto
  loses the year's gains, score, met and rank, while the findings of the corrected figures
  stand; a deduction costs some points). The post weighs this in expectation, with the
  program's own rules on detected misreporting when it anticipates them
  (:func:`~vanguard.simulation.behaviour.incidents.anticipated`).
* With a ratchet, next year's target rises with this year's reported result; the post
  adds ``lookahead`` times next year's best payoff under the ratcheted target.

Nothing here draws random numbers: the same inputs give the same choices.
"""

import functools
import itertools
from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.simulation.behaviour.declaration import Payoff, Penalty

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]

CHUNK_CELLS = 2_000_000
"""Candidate values evaluated at once (``candidates x targets x replications x posts``)."""

Continuation = Callable[[Floats], Floats]
"""Next year's best payoff given this year's reports: ``(c, J, R, A)`` -> ``(c, R, A)``."""


@functools.lru_cache(maxsize=64)
def effort_grid(tasks: int, steps: int) -> Floats:
    """Every spread of at most ``steps`` steps over ``tasks`` tasks, as budget shares ``(C, K)``.

    Ordered from less effort to more within the enumeration, so ties go to the first.
    """
    rows = [c for c in itertools.product(range(steps + 1), repeat=tasks) if sum(c) <= steps]
    grid = np.array(rows, dtype=np.float64).reshape(len(rows), tasks) / steps
    grid.setflags(write=False)
    return grid


@attrs.frozen(eq=False)
class Stakes:
    """What one initiative's posts face: tasks, targets' weights and the audit rules.

    ``task_of[j]`` is the task whose effort moves target ``j``; ``weight`` the targets'
    weights; ``elasticity`` per task; ``budget`` and ``status_quo`` per post ``(A,)``;
    ``detect`` per task: the probability an inflated report of it is detected.
    """

    task_of: Ints
    weight: Floats
    elasticity: Floats
    budget: Floats
    status_quo: Floats
    detect: Floats
    inflation: Floats
    payoff: Payoff
    penalty: Penalty
    size: float
    grid: int

    @property
    def tasks(self) -> int:
        """How many tasks each post spreads its effort over."""
        return len(self.elasticity)

    def candidates(self) -> Floats:
        """Effort of each candidate spread, per task and post ``(C, K, A)``."""
        shares = effort_grid(self.tasks, self.grid)
        effort: Floats = shares[:, :, None] * self.budget[None, None, :]
        return effort

    def multipliers(self, effort: Floats) -> Floats:
        """True-outcome multipliers of efforts ``(..., K, A)`` (1 at the status quo)."""
        even = self.status_quo / self.tasks
        gain: Floats = np.exp(self.elasticity[:, None] * (effort - even[None, :]))
        return gain

    def detected_probability(self) -> float:
        """The probability an inflated report (all tasks inflated) is found."""
        return float(1.0 - np.prod(1.0 - self.detect))


@attrs.frozen(eq=False)
class Choice:
    """Each post's best response per replication: ``effort`` ``(R, A, K)``, ``inflation`` and
    its expected payoff ``value`` ``(R, A)``."""

    effort: Floats
    inflation: Floats
    value: Floats


def verdict(reported: Floats, target: Floats, stakes: Stakes) -> Floats:
    """The payoff of reports ``(..., J, R, A)`` against targets ``(J, R or 1, A)``, before costs."""
    pay = stakes.payoff
    ratio = reported / target
    weights = stakes.weight.reshape((-1, 1, 1))
    total = float(stakes.weight.sum()) or 1.0
    value: Floats = np.zeros(reported.shape[:-3] + reported.shape[-2:])
    if pay.score:
        value += pay.score / total * (np.minimum(ratio, pay.cap) * weights).sum(axis=-3)
    reached = ratio >= 1.0
    if pay.met:
        value += pay.met / total * (reached * weights).sum(axis=-3)
    if pay.findings:
        value -= pay.findings * (~reached).sum(axis=-3)
    return value


def standing(reported: Floats, target: Floats, stakes: Stakes) -> Floats:
    """What a ranking compares: the weighted share of target reached (capped), ``(..., R, A)``."""
    ratio = reported / target
    weights = stakes.weight.reshape((-1, 1, 1))
    total = float(stakes.weight.sum()) or 1.0
    value: Floats = (np.minimum(ratio, stakes.payoff.cap) * weights).sum(axis=-3) / total
    return value


def beaten(own: Floats, rivals: Floats) -> Floats:
    """The share of the other posts whose standing ``rivals`` ``(R, A)`` is below each
    post's ``own`` ``(..., R, A)`` (a tournament: the others at their passive standing)."""
    posts = own.shape[-1]
    if posts < 2:
        return np.zeros(own.shape)
    below = (rivals[:, None, :] < own[..., :, :, None]).sum(axis=-1) - (rivals < own)
    share: Floats = below / (posts - 1)
    return share


def choose(
    base: Floats, target: Floats, stakes: Stakes, continuation: Continuation | None = None
) -> Choice:
    """The best (effort, inflation) of every post in every replication.

    ``base`` ``(J, R, A)``: the targets' passive outcomes; ``target`` ``(J, R or 1, A)``.
    Candidates are tried in grid order, then inflation order; the first best wins ties.
    Without a ``continuation`` the payoff adds up over tasks, so each task's value is
    tabled once per effort level (:func:`choose_separable`); :func:`choose_jointly`
    evaluates every candidate whole (the two agree; a test holds them to it).
    """
    if continuation is None:
        return choose_separable(base, target, stakes)
    return choose_jointly(base, target, stakes, continuation)


def choose_separable(base: Floats, target: Floats, stakes: Stakes) -> Choice:
    """:func:`choose` without a continuation, from per-task tables of value by effort level."""
    _, reps, posts = base.shape
    shares = effort_grid(stakes.tasks, stakes.grid)
    levels = np.arange(stakes.grid + 1) / stakes.grid  # effort levels as budget shares
    effort_levels = levels[:, None] * stakes.budget[None, :]  # (L, A)
    gain = stakes.multipliers(
        np.broadcast_to(effort_levels[:, None, :], (len(levels), stakes.tasks, posts))
    )  # (L, K, A)
    inflation = stakes.inflation
    # table[k, l, s]: task k's targets' value at effort level l and inflation s, (R, A)
    table = np.zeros((stakes.tasks, len(levels), len(inflation), reps, posts))
    vetoed = stakes.penalty is Penalty.VETO
    # missed[k, l]: how many of task k's targets the true values miss at effort level l
    missed = np.zeros((stakes.tasks, len(levels), reps, posts) if vetoed else (0,))
    ranked = stakes.payoff.rank > 0.0
    standings = np.zeros(table.shape if ranked else (0,))
    rivals = standing(base, target, stakes) if ranked else None
    jays = len(stakes.task_of)
    for k in range(stakes.tasks):
        mine = np.flatnonzero(stakes.task_of == k)
        if not len(mine):
            continue
        sub = attrs.evolve(
            stakes, task_of=np.zeros(len(mine), dtype=np.intp), weight=stakes.weight[mine]
        )
        true = gain[:, k, None, None, :] * base[None, mine]  # (L, J_k, R, A)
        if vetoed:
            missed[k] = (true / target[mine] < 1.0).sum(axis=1)  # as verdict reads it
        for s, level in enumerate(inflation):
            table[k, :, s] = _parts(true * (1.0 + level), target[mine], sub, stakes, jays)
            if ranked:  # the share of the standing these targets make (normalised by all)
                part = standing(true * (1.0 + level), target[mine], sub)
                standings[k, :, s] = (
                    part * (float(sub.weight.sum()) or 0.0) / (float(stakes.weight.sum()) or 1.0)
                )
    steps = np.rint(shares * stakes.grid).astype(np.intp)  # (C, K)
    cost = stakes.payoff.cost * shares.sum(axis=1)[:, None] * stakes.budget[None, :]  # (C, A)
    caught = stakes.detected_probability()
    findings = stakes.payoff.findings * jays
    best = np.full((reps, posts), -np.inf)
    best_c = np.zeros((reps, posts), dtype=np.intp)
    best_s = np.zeros((reps, posts), dtype=np.intp)
    chunk = max(1, CHUNK_CELLS // max(1, reps * posts * len(inflation)))
    tasks = range(stakes.tasks)
    for first in range(0, len(steps), chunk):
        rows = steps[first : first + chunk]
        summed = table[0, rows[:, 0]]
        for k in tasks[1:]:
            summed = summed + table[k, rows[:, k]]  # (c, S, R, A)
        summed -= findings
        if rivals is not None:
            own = standings[0, rows[:, 0]]
            for k in tasks[1:]:
                own = own + standings[k, rows[:, k]]
            summed += stakes.payoff.rank * beaten(own, rivals)
        honest = summed[:, 0]
        if vetoed:  # the findings of the corrected figures stand, the gains are lost
            misses = missed[0, rows[:, 0]]
            for k in tasks[1:]:
                misses = misses + missed[k, rows[:, k]]
            found = -stakes.payoff.findings * misses - stakes.size
        else:
            found = honest - stakes.size
        for s, level in enumerate(inflation):
            if level == 0.0:
                value = honest.copy()
            else:
                value = (1.0 - caught) * summed[:, s] + caught * found
            value -= cost[first : first + chunk, None, :]
            top = np.argmax(value, axis=0)
            top_value = np.take_along_axis(value, top[None], axis=0)[0]
            better = top_value > best
            best = np.where(better, top_value, best)
            best_c = np.where(better, top + first, best_c)
            best_s = np.where(better, s, best_s)
    effort = shares[:, :, None] * stakes.budget[None, None, :]
    chosen = np.take_along_axis(
        effort.transpose(0, 2, 1)[:, None, :, :], best_c[None, :, :, None], axis=0
    )[0]
    return Choice(chosen, inflation[best_s], best)


def _parts(reported: Floats, target: Floats, sub: Stakes, stakes: Stakes, jays: int) -> Floats:
    """Score and met parts of some targets (weights normalised over all ``stakes``' targets),
    with the findings of missed targets counted as ``findings * (reached - 1)`` summed later."""
    pay = stakes.payoff
    total = float(stakes.weight.sum()) or 1.0
    ratio = reported / target
    weights = sub.weight.reshape((-1, 1, 1))
    reached = ratio >= 1.0
    value: Floats = np.zeros(reported.shape[:-3] + reported.shape[-2:])
    if pay.score:
        value += pay.score / total * (np.minimum(ratio, pay.cap) * weights).sum(axis=-3)
    if pay.met:
        value += pay.met / total * (reached * weights).sum(axis=-3)
    if pay.findings:
        value += pay.findings * reached.sum(axis=-3)
    return value


def choose_jointly(
    base: Floats, target: Floats, stakes: Stakes, continuation: Continuation | None = None
) -> Choice:
    """:func:`choose` evaluating every candidate's whole payoff (any ``continuation``)."""
    _, reps, posts = base.shape
    effort = stakes.candidates()
    gain = stakes.multipliers(effort)[:, stakes.task_of, :]  # (C, J, A)
    cost = stakes.payoff.cost * effort.sum(axis=1)  # (C, A)
    levels = stakes.inflation
    caught = stakes.detected_probability()
    best = np.full((reps, posts), -np.inf)
    best_c = np.zeros((reps, posts), dtype=np.intp)
    best_s = np.zeros((reps, posts), dtype=np.intp)
    chunk = max(1, CHUNK_CELLS // max(1, base.size))
    rivals = standing(base, target, stakes) if stakes.payoff.rank > 0.0 else None

    def judged(reported: Floats) -> Floats:
        value = verdict(reported, target, stakes)
        if rivals is not None:
            value += stakes.payoff.rank * beaten(standing(reported, target, stakes), rivals)
        return value

    for first in range(0, len(effort), chunk):
        true = gain[first : first + chunk, :, None, :] * base[None]  # (c, J, R, A)
        honest = judged(true)
        if stakes.penalty is Penalty.VETO:  # the gains lost, the findings of the truth stand
            found = -stakes.payoff.findings * (true / target < 1.0).sum(axis=-3) - stakes.size
        else:
            found = honest - stakes.size
        for s, level in enumerate(levels):
            if level == 0.0:
                reported, value = true, honest.copy()
            else:
                reported = true * (1.0 + level)
                value = (1.0 - caught) * judged(reported) + caught * found
            value -= cost[first : first + chunk, None, :]
            if continuation is not None:
                value += continuation(reported)
            top = np.argmax(value, axis=0)
            top_value = np.take_along_axis(value, top[None], axis=0)[0]
            better = top_value > best
            best = np.where(better, top_value, best)
            best_c = np.where(better, top + first, best_c)
            best_s = np.where(better, s, best_s)
    chosen = np.take_along_axis(
        effort.transpose(0, 2, 1)[:, None, :, :],  # (C, 1, A, K)
        best_c[None, :, :, None],
        axis=0,
    )[0]
    return Choice(chosen, levels[best_s], best)


def best_value(base: Floats, target: Floats, stakes: Stakes) -> Floats:
    """Only the best payoff of :func:`choose`, for targets with leading axes ``(..., J, R, A)``.

    Each leading index is one more replication (next year's target differs per candidate
    of this year); ``base`` ``(J, R, A)`` is shared.
    """
    lead = target.shape[:-3]
    jays, reps, posts = target.shape[-3:]
    flat = np.moveaxis(target.reshape((-1, jays, reps, posts)), 0, 1).reshape(jays, -1, posts)
    count = flat.shape[1] // reps
    tiled = np.tile(base, (1, count, 1))
    values = choose(tiled, flat, stakes).value
    out: Floats = values.reshape((*lead, reps, posts))
    return out


__all__ = [
    "Choice",
    "Continuation",
    "Stakes",
    "beaten",
    "best_value",
    "choose",
    "choose_jointly",
    "choose_separable",
    "effort_grid",
    "standing",
    "verdict",
]
