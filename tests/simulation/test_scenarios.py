"""Scenarios: levers on parameters and targets, compared with common random numbers."""

from pathlib import Path

import numpy as np
import pytest

from vanguard import Program, ProgramError, Vanguard
from vanguard.simulation import Lever, Scenario, compare, load_scenario, simulate

MORE = Scenario("more-training", (Lever("toy-training", "trainees", scale=1.2),))


def test_identical_scenarios_differ_by_exactly_zero(app: Vanguard, program: Program) -> None:
    same = Scenario("same", (Lever("toy-training", "trainees", scale=1.0),))
    comparison = compare(program, [same], 3000, 4, app=app)
    for code in comparison.baseline.collected:
        assert np.array_equal(comparison.difference("same", code), np.zeros(3000))
    assert all(row["difference"] == 0 for row in comparison.rows())


def test_a_lever_effect_is_estimated_with_an_interval(app: Vanguard, program: Program) -> None:
    comparison = compare(program, [MORE], 4000, 4, app=app, indicators=["toy.trained"])
    (row,) = [r for r in comparison.rows() if r["indicator"] == "toy.trained"]
    # 20 % more of 9 a month over 3 units and 12 months: +64.8 expected.
    assert row["ci_low"] < 64.8 < row["ci_high"]
    assert row["value"] - row["baseline"] == pytest.approx(row["difference"])
    assert row["baseline"] == pytest.approx(324, rel=0.01)


def test_unaffected_initiatives_draw_the_same_numbers(app: Vanguard, program: Program) -> None:
    hire_more = Scenario("hire-more", (Lever("toy-hiring", "share", value=0.6),))
    comparison = compare(program, [hire_more], 2000, 8, app=app)
    assert np.array_equal(comparison.difference("hire-more", "toy.jobs"), np.zeros(2000))
    assert comparison.difference("hire-more", "toy.hires").mean() > 0


def test_target_levers_change_the_probability_of_meeting_it(
    app: Vanguard, program: Program
) -> None:
    easier = Scenario("easier", (Lever(indicator="toy.trained", scale=0.9),))
    baseline = simulate(program, 2000, 3, app=app)
    result = simulate(program, 2000, 3, app=app, scenario=easier)
    before = {t["indicator"]: t for t in baseline.probability_met()}
    after = {t["indicator"]: t for t in result.probability_met()}
    assert after["toy.trained"]["target"] == pytest.approx(288)
    assert after["toy.trained"]["probability"] > before["toy.trained"]["probability"]
    assert result.provenance.scenario == "easier"


def test_bad_levers_are_reported_with_their_place(app: Vanguard, program: Program) -> None:
    with pytest.raises(ProgramError, match=r"levers\[0\].*exactly one of scale and value"):
        simulate(
            program, 10, 1, app=app, scenario=Scenario("x", (Lever("toy-training", "trainees"),))
        )
    with pytest.raises(ProgramError, match="has no parameter 'nope'"):
        simulate(
            program,
            10,
            1,
            app=app,
            scenario=Scenario("x", (Lever("toy-training", "nope", scale=2),)),
        )
    with pytest.raises(ProgramError, match=r"1.5 is outside share's bounds \[0.0, 1.0\]"):
        simulate(
            program,
            10,
            1,
            app=app,
            scenario=Scenario("x", (Lever("toy-hiring", "share", scale=3),)),
        )


def test_scenario_files_load_and_bad_keys_are_located(tmp_path: Path) -> None:
    good = tmp_path / "more.toml"
    good.write_text(
        'name = "more"\n[[levers]]\ninitiative = "toy-training"\n'
        'parameter = "trainees"\nscale = 1.2\n',
        encoding="utf-8",
    )
    assert load_scenario(good) == Scenario("more", (Lever("toy-training", "trainees", scale=1.2),))
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\n[[levers]]\ninitiative = "toy-training"\nscal = 1.2\n', encoding="utf-8"
    )
    with pytest.raises(ProgramError) as caught:
        load_scenario(bad)
    assert "levers[0].scal" in str(caught.value)
