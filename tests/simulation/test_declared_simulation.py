"""What a simulated year reports for each indicator is declared, never silent (issue 10).

A program's indicator is simulated by an initiative, stands for an initiative's output
(``simulate = "discipline.attendance"``) or is declared at its pledge
(``simulate = "at-pledge"``); one left silent is a problem ``validate`` reports at its
place and ``simulate`` refuses with the same problem.
"""

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from vanguard import Program, ProgramError, Vanguard
from vanguard.simulation import simulate
from vanguard.simulation.engine import Options
from vanguard.simulation.engine import simulate as run_block
from vanguard.simulation.outcomes import review_outcomes
from vanguard.simulation.plan import build_plan
from vanguard.simulation.streams import Block

ZHAOQING = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"
ATTENDED = 'code = "study.sessions_attended"\nsimulate = "discipline.attendance"'


@cache
def _app() -> Vanguard:
    return Vanguard()


def _program(old: str, new: str) -> Program:
    text = ZHAOQING.read_text(encoding="utf-8")
    assert old in text
    return _app().parse_program(text.replace(old, new), check=False)


def _index(program: Program, code: str) -> int:
    return [indicator.code for indicator in program.indicators].index(code)


def test_a_silent_indicator_is_reported_at_its_place_and_simulate_refuses_it() -> None:
    program = _program(ATTENDED, 'code = "study.sessions_attended"')
    problems = _app().validate(program)
    i = _index(program, "study.sessions_attended")
    assert [p.location for p in problems] == [f"indicators[{i}]"]
    assert "'study.sessions_attended' is reported (tasks[1].targets[0])" in problems[0].message
    assert 'simulate = "at-pledge"' in problems[0].message
    with pytest.raises(ProgramError) as refused:
        simulate(program, 16, 1, app=_app())
    assert list(refused.value.problems) == problems


def test_a_misspelt_output_is_named_with_a_suggestion() -> None:
    program = _program(ATTENDED, ATTENDED.replace("attendance", "attendence"))
    (problem,) = _app().validate(program)
    assert problem.location == f"indicators[{_index(program, 'study.sessions_attended')}].simulate"
    assert "'discipline.attendence'" in problem.message
    assert "discipline.attendance" in problem.message  # did you mean


def test_an_output_that_adds_up_otherwise_cannot_stand_for_the_indicator() -> None:
    program = _program(ATTENDED, ATTENDED.replace("discipline.attendance", "discipline.exam_score"))
    (problem,) = _app().validate(program)
    assert "by sum" in problem.message
    assert "by mean" in problem.message


def test_the_shipped_examples_declare_everything() -> None:
    assert _app().validate(_app().load_program(ZHAOQING)) == []


def _year(program: Program, replications: int = 8) -> tuple[object, object, object]:
    app = _app()
    plan = build_plan(program, app.initiatives(), app.indicators())
    hook = review_outcomes(program, app.indicators(), plan)
    values = run_block(plan, 3, Block(index=0, first=0, size=replications), Options())
    return plan, hook, values


def test_a_mapped_indicator_reports_the_posts_own_simulated_value() -> None:
    program = _app().load_program(ZHAOQING)
    plan, hook, values = _year(program)
    layout, feed = hook.layout, hook.feed  # type: ignore[attr-defined]
    raw = feed.buffer(layout.months, layout.cells, 8)
    feed.fill(raw, values.flows, 0)  # type: ignore[attr-defined]
    (step,) = [s for s in plan.steps if s.name == "campaign-discipline"]  # type: ignore[attr-defined]
    code = layout.axes.indicators.index("study.sessions_attended")
    post = layout.axes.posts.index("office.staff-1")
    (cell,) = [
        c
        for c in range(layout.cells)
        if layout.cell_code[c] == code and layout.cell_post[c] == post
    ]
    drawn = values.flows["discipline.attendance"][:, :, step.units.index("office.staff-1")]  # type: ignore[attr-defined]
    np.testing.assert_array_equal(raw[:, :, cell], drawn[: layout.months])


def test_only_a_declared_indicator_is_filled_at_its_pledge() -> None:
    """The same program with the study sessions at-pledge and silent (checks off): declared,
    every reporting cell is filled; silent, none is (the feed never fills unasked)."""
    declared = _program(ATTENDED, 'code = "study.sessions_attended"\nsimulate = "at-pledge"')
    silent = _program(ATTENDED, 'code = "study.sessions_attended"')
    for program, filled in ((declared, True), (silent, False)):
        _, hook, values = _year(program)
        layout, feed = hook.layout, hook.feed  # type: ignore[attr-defined]
        code = layout.axes.indicators.index("study.sessions_attended")
        cells = set(np.flatnonzero(layout.cell_code == code).tolist())
        assert bool(cells & set(feed.pledged_cells.tolist())) is filled
        if filled:
            arrays = hook.evaluate(values, 0, 8)[-1]  # type: ignore[attr-defined]
            lines = [
                i
                for i, line in enumerate(layout.lines)
                if line.indicator == "study.sessions_attended" and layout.direct[i]
            ]
            np.testing.assert_allclose(arrays.line_achievement[:, lines], 1.0)
