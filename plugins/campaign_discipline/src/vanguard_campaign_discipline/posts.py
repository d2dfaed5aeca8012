"""The simulation model: the discipline indicators of every post, month by month.

The model's units are posts. Once per replication and post (at :meth:`DisciplineModel.start`)
each post draws what persists all year: its attendance propensity (the share of Friday
study sessions it attends, ``attendance_rate`` plus a normal offset of sd
``attendance_spread``), its exam ability (a normal offset of sd ``exam_ability_sd`` around
``exam_mean``, kept across the four quarters) and its lateness (a probability of filing a
monthly report late, logit-normal: ``late_probability`` is the typical post's, and the
logit varies by post with sd ``late_spread``). Each month:

* sessions attended ~ Binomial(Fridays in the month, the post's propensity), drawn a
  Friday at a time;
* in the first month of a quarter the post sits the quarter's exam with probability
  ``exam_sitting_probability`` and scores its ability plus Normal(0, ``exam_noise_sd``),
  clipped to 0..100; the score is reported for every month of the quarter (its mean over
  the year is the mean of the quarters) and the exam is counted in the quarter's last month;
* integrity breaches ~ Poisson(``violation_rate``);
* reports on time ~ Bernoulli(1 - the post's lateness);
* documents issued ~ Poisson(``documents_per_month``).

Every draw is a fixed number of uniforms or standard normals whatever the parameters
(Bernoulli sums, inverse-CDF Poisson counts, scaled normals; no rejection sampler), so
under one seed a parameter moves its own indicator monotonically and no other.
"""

import datetime as dt
from collections.abc import Mapping, MutableMapping

import attrs
import numpy as np

from vanguard import Array, StepContext

ATTENDANCE = "discipline.attendance"
EXAMS = "discipline.exams"
EXAM_SCORE = "discipline.exam_score"
VIOLATIONS = "discipline.violations"
ON_TIME = "discipline.reports_on_time"
DOCUMENTS = "discipline.documents"

FRIDAY = 4  # date.weekday() of a Friday: study time every Friday afternoon (A-I-2)


def fridays(start: dt.date) -> int:
    """Fridays from ``start`` to the end of its month (a whole month from its first day)."""
    following = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    days = (following - start).days
    first = (FRIDAY - start.weekday()) % 7
    return 0 if first >= days else 1 + (days - 1 - first) // 7


@attrs.frozen
class DisciplineModel:
    """Per-post persistent effects drawn at start, monthly draws around them (see module)."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        """Draw each post's attendance propensity, exam ability and lateness for the year."""
        shape = ctx.shape
        attendance = ctx.param("attendance_rate") + ctx.param("attendance_spread") * (
            ctx.rng.standard_normal(shape)
        )
        ability = ctx.param("exam_mean") + ctx.param("exam_ability_sd") * (
            ctx.rng.standard_normal(shape)
        )
        typical = np.clip(ctx.param("late_probability"), 1e-9, 1 - 1e-9)
        logit = np.log(typical / (1 - typical)) + ctx.param("late_spread") * (
            ctx.rng.standard_normal(shape)
        )
        late = 1.0 / (1.0 + np.exp(-logit))
        return {
            "attendance": np.clip(attendance, 0.0, 1.0),
            "ability": ability,
            "late": late,
            "score": np.zeros(shape),
            "sat": np.zeros(shape),
        }

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        """One month of study, exams, integrity, reports and documents for every post."""
        shape = ctx.shape
        month = ctx.period_start.month
        # A Friday at a time (at most five a month): a sum of Bernoulli draws has the
        # binomial's law at under half its cost for so few trials.
        sessions = fridays(ctx.period_start)
        attended = (ctx.rng.random((sessions, *shape)) < state["attendance"]).sum(axis=0)
        if (month - 1) % 3 == 0 or ctx.period == 0:  # a quarter's exam, from its first month
            noise = ctx.param("exam_noise_sd") * ctx.rng.standard_normal(shape)
            state["score"] = np.clip(state["ability"] + noise, 0.0, 100.0)
            state["sat"] = (ctx.rng.random(shape) < ctx.param("exam_sitting_probability")).astype(
                np.float64
            )
        exams = state["sat"] if month % 3 == 0 else np.zeros(shape)
        # Counts are the engine's coupled draws (ctx.poisson: inverse CDF on shared uniforms).
        violations = ctx.poisson(ctx.param("violation_rate"))
        on_time = ctx.rng.random(shape) >= state["late"]
        documents = ctx.poisson(ctx.param("documents_per_month"))
        return {
            ATTENDANCE: attended.astype(np.float64),
            EXAMS: exams.copy(),
            EXAM_SCORE: state["score"].copy(),
            VIOLATIONS: violations.astype(np.float64),
            ON_TIME: on_time.astype(np.float64),
            DOCUMENTS: documents.astype(np.float64),
        }


__all__ = [
    "ATTENDANCE",
    "DOCUMENTS",
    "EXAMS",
    "EXAM_SCORE",
    "ON_TIME",
    "VIOLATIONS",
    "DisciplineModel",
    "fridays",
]
