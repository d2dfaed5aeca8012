"""A real year and a simulated year fed the same monthly values are judged the same.

Random programs (revisions mid-year, rates, means, levels, ceilings, dated targets, one or
two review years with a ratchet, targets stated relative to a baseline and a rule rewarding
improvement over it, an exam linked in at a weight, a veto, a quota) and random
years of monthly values. The *real* path files the values as reports, checks them and
evaluates the year; the *simulated* path hands the same values to the engine through an
initiative whose model replays them per post, and the simulation's hand-off feeds the
review. Every number of every post and line must agree exactly: actual to date, due,
score, grade, rank, findings.
"""

from typing import Any

import attrs
import numpy as np
from campaigns import EXAM, VIOLATIONS, campaigns, mirror_plugin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import Indicator, Program, Vanguard
from vanguard.model.indicator import Aggregation, Direction
from vanguard.review import Actuals, check_reports
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import EvaluationArrays, evaluate_many
from vanguard.review.layout import review_layout
from vanguard.simulation.engine import Options, simulate
from vanguard.simulation.outcomes import review_outcomes
from vanguard.simulation.plan import build_plan
from vanguard.simulation.streams import Block

REPLICATIONS = 3


def _reported_cells(program: Program, known: dict[str, Indicator]) -> list[tuple[str, str]]:
    """The (post, indicator) pairs a post reports itself: read, not rolled up, not a rate."""
    layout = review_layout(program, known)
    parents = set(layout.parent_cells.tolist())
    cells = []
    for c in range(layout.cells):
        code = layout.axes.indicators[int(layout.cell_code[c])]
        if c in parents or known[code].is_ratio:
            continue
        cells.append((layout.axes.posts[int(layout.cell_post[c])], code))
    return cells


def _value(rng: np.random.Generator, indicator: Indicator, size: tuple[int, ...]) -> np.ndarray:
    if indicator.code == VIOLATIONS:
        return (rng.random(size) < 0.03).astype(np.float64)
    if indicator.code == EXAM or indicator.over_time is Aggregation.MEAN:
        return np.round(rng.uniform(55, 100, size), 1)
    if indicator.over_time is Aggregation.LAST:
        return rng.integers(0, 12, size).astype(np.float64)
    if indicator.direction is Direction.LOWER:
        return rng.poisson(0.4, size).astype(np.float64)
    return rng.poisson(rng.uniform(2, 40), size).astype(np.float64)


def _same(real: EvaluationArrays, simulated: EvaluationArrays, r: int) -> None:
    for field in attrs.fields(EvaluationArrays):
        mine = getattr(real, field.name)
        if not isinstance(mine, np.ndarray):
            continue
        theirs = getattr(simulated, field.name)
        if field.name == "line_active":
            np.testing.assert_array_equal(mine, theirs, err_msg=field.name)
        else:
            np.testing.assert_array_equal(mine[0], theirs[r], err_msg=field.name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=campaigns(), seed=st.integers(0, 2**32 - 1))
def test_a_real_and_a_simulated_year_of_the_same_values_agree(
    drawn: tuple[Program, tuple[Indicator, ...]], seed: int
) -> None:
    program, indicators = drawn
    known = {indicator.code: indicator for indicator in indicators}
    calendar = ReviewCalendar(program)
    months = len(calendar.months)
    posts = [post.id for post in program.posts]
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    table = {
        code: np.zeros((months, REPLICATIONS, len(posts)))
        for code, indicator in known.items()
        if not indicator.is_ratio
    }
    cells = _reported_cells(program, known)
    for post, code in cells:
        table[code][:, :, posts.index(post)] = _value(rng, known[code], (months, REPLICATIONS))

    app = Vanguard([mirror_plugin(indicators, table)], load_entrypoints=False)
    assert app.validate(program) == []

    # the simulated path: the engine steps the replaying model, the hand-off feeds the review
    plan = build_plan(program, app.initiatives(), app.indicators())
    hook = review_outcomes(program, app.indicators(), plan)
    values = simulate(plan, 0, Block(index=0, first=0, size=REPLICATIONS), Options())
    simulated = hook.evaluate(values, 0, REPLICATIONS)

    # the real path: each replication's values filed as a year of reports
    for r in range(REPLICATIONS):
        rows: list[dict[str, Any]] = [
            {
                "post": post,
                "indicator": code,
                "period": month.label,
                "value": float(table[code][m, r, posts.index(post)]),
                "reported": month.end,  # on time: the day its period ends
            }
            for post, code in cells
            for m, month in enumerate(calendar.months)
        ]
        reports = check_reports(program, rows, known)
        actuals = Actuals.from_reports(program, reports, known)
        for year, arrays in enumerate(simulated):
            real = evaluate_many(program, actuals, known, year=year)
            _same(real, arrays, r)
            _relative_targets_judged_on_their_baselines(program, known, real)


def _relative_targets_judged_on_their_baselines(
    program: Program, known: dict[str, Indicator], real: EvaluationArrays
) -> None:
    """A line on a target "p % over the year before" with a result that year is due that
    result times 1 + p / 100 (1 - p / 100 lower is better), met when it reaches it: so
    the simulated year, agreeing number for number, meets and misses it alike."""
    targets = {(task.id, t.indicator): t for task in program.tasks for t in task.targets}
    for i, line in enumerate(real.layout.lines):
        target = targets.get((line.task, line.indicator))
        base = real.line_baseline[0, i]
        if target is None or target.baseline is None or np.isnan(base):
            continue
        if not (target.relative and target.baseline.previous_year):
            continue
        lower = known[line.indicator].direction is Direction.LOWER
        np.testing.assert_allclose(real.line_pledged[0, i], base * target.factor(lower))
