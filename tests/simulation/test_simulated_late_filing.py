"""A simulated post files late in the months its on-time indicator is 0, and is judged for
it exactly as a real post whose reports of those months came in after their due date."""

import datetime as dt
from typing import Any

import attrs
import numpy as np
from campaigns import campaigns, mirror_plugin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_real_and_simulated_years_agree import _reported_cells, _same, _value

from vanguard import Indicator, Label, Program, Vanguard
from vanguard.model.appraisal import Adjustment
from vanguard.model.indicator import Aggregation
from vanguard.review import Actuals, check_reports
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import evaluate_many
from vanguard.simulation.engine import Options, simulate
from vanguard.simulation.filing import late_submissions
from vanguard.simulation.outcomes import review_outcomes
from vanguard.simulation.plan import build_plan
from vanguard.simulation.streams import Block

ON_TIME = "d.on_time"
REPLICATIONS = 3


def _with_on_time(
    program: Program, indicators: tuple[Indicator, ...], filing: bool
) -> tuple[Program, tuple[Indicator, ...]]:
    """``program`` reading an on-time indicator for every post (a small bonus per report
    on time), beside its late-report deduction."""
    on_time = Indicator(
        code=ON_TIME,
        name=Label(en="reports on time"),
        unit="report",
        over_units=Aggregation.MEAN,
        filing=filing,
    )
    rules = program.evaluation
    assert rules is not None
    bonus = Adjustment(
        id="on-time", name=Label(en="on time"), points_each=0.25, cap=3, indicator=ON_TIME
    )
    rules = attrs.evolve(rules, adjustments=(*rules.adjustments, bonus))
    return attrs.evolve(program, evaluation=rules), (*indicators, on_time)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=campaigns(), seed=st.integers(0, 2**32 - 1))
def test_a_simulated_late_month_is_judged_as_a_real_late_filing(
    drawn: tuple[Program, tuple[Indicator, ...]], seed: int
) -> None:
    program, indicators = _with_on_time(*drawn, filing=True)
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
        p = posts.index(post)
        if code == ON_TIME:  # about one month in five late
            table[code][:, :, p] = (rng.random((months, REPLICATIONS)) >= 0.2).astype(float)
        else:
            table[code][:, :, p] = _value(rng, known[code], (months, REPLICATIONS))
    app = Vanguard([mirror_plugin(indicators, table)], load_entrypoints=False)
    assert app.validate(program) == []

    plan = build_plan(program, app.initiatives(), app.indicators())
    hook = review_outcomes(program, app.indicators(), plan)
    values = simulate(plan, 0, Block(index=0, first=0, size=REPLICATIONS), Options())
    simulated = hook.evaluate(values, 0, REPLICATIONS)

    reporting = {post for post, code in cells if code == ON_TIME}
    for r in range(REPLICATIONS):
        rows: list[dict[str, Any]] = []
        for m, month in enumerate(calendar.months):
            for post in {post for post, _ in cells}:
                p = posts.index(post)
                late = post in reporting and table[ON_TIME][m, r, p] == 0
                # a late month's whole filing comes in after its due date
                filed = month.end + dt.timedelta(days=45 if late else 0)
                rows.extend(
                    {
                        "post": post,
                        "indicator": code,
                        "period": month.label,
                        "value": float(table[code][m, r, p]),
                        "reported": filed,
                    }
                    for mine, code in cells
                    if mine == post
                )
        reports = check_reports(program, rows, known, today=dt.date(2030, 1, 1))
        actuals = Actuals.from_reports(program, reports, known)
        for year, arrays in enumerate(simulated):
            real = evaluate_many(program, actuals, known, year=year)
            _same(real, arrays, r)  # late submissions, scores, grades, ranks, findings
    if any((table[ON_TIME][:, :, posts.index(post)] == 0).any() for post in reporting):
        assert simulated[0].late.sum() > 0  # the deduction had something to count


def test_a_late_month_counts_once_whichever_filing_cell_says_so_and_none_without_one() -> None:
    raw = np.array([[[1.0, 0.0, np.nan]], [[0.0, 1.0, 1.0]]])  # (months 2, R 1, cells 3)
    cells, posts = np.array([0, 1, 2]), np.array([0, 0, 1])
    late = late_submissions(raw, cells, posts, 2)
    # post 0 has two filing cells: a month is late when either says so, once
    assert late[:, :, 0].tolist() == [[1.0, 1.0], [0.0, 0.0]]
    none = late_submissions(raw, np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), 2)
    assert not none.any()
