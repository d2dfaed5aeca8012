"""Posts that act: who answers for which units, on which pledges, across initiatives.

When the program's ``[[initiatives]]`` entries map units to posts (``assign``, see
:class:`~vanguard.model.assignment.Assignment`), the acting posts are the program's posts,
not the initiatives' units: each post with a direct pledge (one it pledged and did not
delegate further down) on an indicator an acting initiative simulates answers for the
units its entries give it, and spreads one effort budget over all such pledged tasks,
whatever initiative each belongs to.

* A post's **target** on an indicator is the sum of its direct pledges on it (over key
  tasks), the annual value in force at the program's end; ``Behaviour.targets`` replaces
  it per post.
* A post's **value** on an indicator is its share of its units' value: over each entry,
  in proportion to its pledge among the entry's posts with direct pledges (as the review
  feed shares a summed indicator); a mean over units is the share-weighted mean; a rate
  is its parts' ratio (the shares cancel).
* A unit's **flow** then moves by the share-weighted mean of its posts' multipliers, so a
  unit answered for by one post moves exactly by that post's effort. The review sees the
  units' totals split by pledges, as it does for passive runs; what each post chose (and
  its true and reported part) is in the behaviour rows.

Without any ``assign`` entry on an acting initiative, :func:`duties` is empty and the
layer keeps the initiatives' units as its acting posts.
"""

from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.behaviour import Behaviour
from vanguard.model.indicator import Aggregation, Direction
from vanguard.model.program import Program
from vanguard.simulation.plan import Plan

Floats = NDArray[np.float64]


@attrs.frozen(eq=False)
class Duty:
    """One post's pledged target on one simulated indicator of one initiative.

    ``step`` produces ``flow`` (the indicator, or a rate's numerator); ``weight`` over the
    step's units is the post's share of each (0 where it answers for none).
    """

    post: str
    code: str
    step: str
    flow: str
    target: float
    weight: Floats


def duties(program: Program, plan: Plan, behaviour: Behaviour) -> tuple[Duty, ...]:
    """Every acting post's duties, in the program's post order then plan order (see the
    module); empty when no acting initiative assigns its units to posts."""
    uses = {use.name: use for use in program.initiatives}
    units_of = {post.id: post.unit for post in program.posts}
    posts_of: dict[str, list[str]] = {}
    for post in program.posts:
        posts_of.setdefault(post.unit, []).append(post.id)
    pledges = direct_pledges(program)
    producer = {code: step for step in plan.steps for code in step.outputs}
    rates: dict[str, list[str]] = {}
    for series in plan.series:
        if series.numerator is not None:
            for part in (series.numerator, series.denominator):
                if part is not None:
                    rates.setdefault(part, []).append(series.code)
    found: list[Duty] = []
    for series in plan.series:
        if series.direction is not Direction.HIGHER:
            continue  # effort raises values: lower-is-better targets get no task
        flow = series.numerator or series.code
        step = producer.get(flow)
        if step is None or behaviour.elasticities.get(flow, 0.0) <= 0.0:
            continue
        assign = uses[step.name].assign if step.name in uses else ()
        if not assign:
            continue
        position = {name: u for u, name in enumerate(step.units)}
        entries = []  # (units, the entry's posts with direct pledges on the code)
        for entry in assign:
            if not entry.covers(series.code, rates.get(series.code, ())):
                continue
            named = [  # a post, or an organisation unit meaning each of its posts
                p
                for name in entry.to
                for p in ([name] if name in units_of else posts_of.get(name, []))
            ]
            pledged = [p for p in dict.fromkeys(named) if pledges.get((p, series.code), 0.0) > 0]
            units = [position[u] for u in entry.units if u in position]
            if pledged and units:
                entries.append((units, pledged))
        for post in program.posts:
            if pledges.get((post.id, series.code), 0.0) <= 0.0:
                continue
            weight = np.zeros(len(step.units))
            for units, pledged in entries:
                if post.id in pledged:
                    total = sum(pledges[p, series.code] for p in pledged)
                    weight[units] += pledges[post.id, series.code] / total
            if not weight.any():
                continue
            given = behaviour.targets.get(series.code, {})
            target = float(given.get(post.id, pledges[post.id, series.code]))
            found.append(Duty(post.id, series.code, step.name, flow, target, weight))
    order = {post.id: i for i, post in enumerate(program.posts)}
    return tuple(sorted(found, key=lambda d: order[d.post]))


def direct_pledges(program: Program) -> dict[tuple[str, str], float]:
    """Each post's pledges it did not delegate, summed by indicator: ``(post, code) ->
    value`` (a pledge is delegated when a letter to the post pledges the same task and
    indicator)."""
    delegated = {
        (letter.recipient, pledge.task, pledge.indicator)
        for letter in program.letters
        for pledge in letter.pledges
    }
    out: dict[tuple[str, str], float] = {}
    for letter in program.letters:
        for pledge in letter.pledges:
            if (letter.pledger, pledge.task, pledge.indicator) in delegated:
                continue
            key = (letter.pledger, pledge.indicator)
            out[key] = out.get(key, 0.0) + pledge.value_on(program.end)
    return out


def mapping(duties_of: Mapping[str, Duty], posts: tuple[str, ...], how: Aggregation) -> Floats:
    """The matrix ``(units, posts)`` that turns units' year values into the posts' values
    of one indicator (``duties_of``: each post's duty on it); a mean is share-weighted."""
    matrix = np.stack([duties_of[post].weight for post in posts], axis=1)
    if how is not Aggregation.SUM:
        matrix = matrix / matrix.sum(axis=0, keepdims=True)
    out: Floats = matrix
    return out


__all__ = ["Duty", "direct_pledges", "duties", "mapping"]
