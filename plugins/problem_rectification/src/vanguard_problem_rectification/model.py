"""Problem identification and rectification as a stochastic register model.

Every unit (a municipal department) starts with problems nobody has yet written down and
with long-pending cases (久拖不决) already known. Each month: every unidentified problem
is identified (对照问题认真进行查找) with a monthly probability and given a rectification
measure (落实整改措施); every measure in progress completes with a monthly probability
(a long-pending case's more slowly, by a factor); a completed measure resolves its problem
with a probability, otherwise the problem stays open with a new measure. Complaints
against the department and its law-enforcement staff arrive (Poisson) at a background
rate plus a rate per problem still unresolved, so they fall as problems are resolved.

Invariant: ``unidentified + open + long_pending + resolved`` equals the unit's problems
at the start plus its long-pending cases, at every period.

Beside these counts the model keeps a small **register of cases** (整改台账, what
:mod:`vanguard.review.register` records for a real year): cases are entered (Poisson,
``register_cases`` a year), each open case is rectified in a month with probability
``register_resolution``; one not rectified passes its deadline with probability
``1 / register_deadline_months`` a month (deadlines a few months after opening, so the
time to the deadline is geometric with that mean) and is then long-pending, rectified
with probability ``register_resolution x long_pending_factor`` a month. Its outputs stand
for a program's register indicators in simulated years (a program's
``register.cases_registered`` declared ``simulate = "rectification.register_entered"``).
The register draws from its own stream, spawned from the model's generator without
advancing it, so the counts above are the same numbers with or without it.
"""

from collections.abc import Mapping, MutableMapping
from typing import cast

import attrs
import numpy as np

from vanguard import Array, StepContext
from vanguard.plugins.draws import poisson_quantile

IDENTIFIED = "rectification.problems_identified"
MEASURES = "rectification.measures_completed"
RESOLVED = "rectification.cases_resolved"
LONG_PENDING_RESOLVED = "rectification.long_pending_resolved"
COMPLAINTS = "rectification.complaints"
REGISTER_ENTERED = "rectification.register_entered"
REGISTER_ON_TIME = "rectification.register_on_time"
REGISTER_LONG_PENDING = "rectification.register_long_pending"
OUTPUTS = (
    IDENTIFIED,
    MEASURES,
    RESOLVED,
    LONG_PENDING_RESOLVED,
    COMPLAINTS,
    REGISTER_ENTERED,
    REGISTER_ON_TIME,
    REGISTER_LONG_PENDING,
)


def _draw(rng: np.random.Generator, n: Array, p: Array, shape: tuple[int, int]) -> Array:
    """Binomial(n, p) over ``shape`` as float64 counts."""
    counts = np.broadcast_to(n, shape).astype(np.int64)
    return rng.binomial(counts, np.broadcast_to(np.clip(p, 0.0, 1.0), shape)).astype(np.float64)


@attrs.frozen
class RectificationModel:
    """Problems identified, measures completed, cases resolved (long-pending flagged), complaints.

    State (``(replications, units)`` counts): ``unidentified``, ``open`` (identified,
    a measure in progress), ``long_pending`` (long-pending cases still unresolved) and
    ``resolved`` (cumulative); the register's ``cases_due`` (open, before their deadline)
    and ``cases_late`` (open past it); and ``register_rng``, the register's own stream.
    """

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """The register before the campaign: only the long-pending cases are known."""

        def count(name: str) -> Array:
            return np.broadcast_to(np.round(ctx.param(name)), ctx.shape).copy()

        return {
            "unidentified": count("problems"),
            "open": np.zeros(ctx.shape, dtype=np.float64),
            "long_pending": count("long_pending"),
            "resolved": np.zeros(ctx.shape, dtype=np.float64),
            "cases_due": np.zeros(ctx.shape, dtype=np.float64),
            "cases_late": np.zeros(ctx.shape, dtype=np.float64),
            # spawning leaves ctx.rng where it was: the counts above draw what they drew
            # before the register was modelled
            "register_rng": ctx.rng.spawn(1)[0],  # type: ignore[dict-item]
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of identification, rectification and complaints."""
        rng, shape = ctx.rng, ctx.shape
        identified = _draw(rng, state["unidentified"], ctx.param("identification_rate"), shape)
        state["unidentified"] -= identified
        state["open"] += identified

        completion = ctx.param("measure_completion")
        done = _draw(rng, state["open"], completion, shape)
        slow = completion * ctx.param("long_pending_factor")
        done_long = _draw(rng, state["long_pending"], slow, shape)
        effective = ctx.param("measure_effectiveness")
        resolved = _draw(rng, done, effective, shape)
        resolved_long = _draw(rng, done_long, effective, shape)
        state["open"] -= resolved
        state["long_pending"] -= resolved_long
        state["resolved"] += resolved + resolved_long

        unresolved = state["unidentified"] + state["open"] + state["long_pending"]
        rate = ctx.param("background_complaints") + (
            ctx.param("complaints_per_problem") * unresolved
        )
        # A coupled draw (inverse CDF on shared uniforms): fewer unresolved problems under
        # a scenario never give more complaints in a cell, so scenarios pair tightly.
        complaints = ctx.poisson(rate)
        return {
            IDENTIFIED: identified,
            MEASURES: done + done_long,
            RESOLVED: resolved + resolved_long,
            LONG_PENDING_RESOLVED: resolved_long,
            COMPLAINTS: complaints,
            **self._register(state, ctx),
        }

    def _register(self, state: MutableMapping[str, Array], ctx: StepContext) -> dict[str, Array]:
        """One month of the register of cases: entered, rectified on time, long-pending."""
        rng, shape = cast(np.random.Generator, state["register_rng"]), ctx.shape
        entered = poisson_quantile(rng.random(shape), ctx.param("register_cases") / 12.0)
        state["cases_due"] += entered
        resolution = ctx.param("register_resolution")
        on_time = _draw(rng, state["cases_due"], resolution, shape)
        state["cases_due"] -= on_time
        overdue = _draw(rng, state["cases_due"], 1.0 / ctx.param("register_deadline_months"), shape)
        state["cases_due"] -= overdue
        late_done = _draw(
            rng, state["cases_late"], resolution * ctx.param("long_pending_factor"), shape
        )
        state["cases_late"] += overdue - late_done
        return {
            REGISTER_ENTERED: entered,
            REGISTER_ON_TIME: on_time,
            REGISTER_LONG_PENDING: state["cases_late"].copy(),
        }


__all__ = [
    "COMPLAINTS",
    "IDENTIFIED",
    "LONG_PENDING_RESOLVED",
    "MEASURES",
    "OUTPUTS",
    "REGISTER_ENTERED",
    "REGISTER_LONG_PENDING",
    "REGISTER_ON_TIME",
    "RESOLVED",
    "RectificationModel",
]
