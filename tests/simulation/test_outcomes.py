"""Evaluation outcomes and target-setting on the shipped example with the real plugins."""

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from vanguard import Vanguard
from vanguard.simulation import simulate, suggest_targets

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


@pytest.fixture(scope="module")
def zhaoqing():  # type: ignore[no-untyped-def]
    if not EXAMPLE.exists():
        pytest.skip("the Zhaoqing example is not shipped")
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    return app, program, simulate(program, 1100, 2006, app=app, evaluate=True)


def test_probabilities_are_probabilities(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    _, _, result = zhaoqing
    outcomes = result.outcomes()
    for row in outcomes.posts():
        for key, value in row.items():
            if key.startswith("p_"):
                assert 0.0 <= value <= 1.0, (row["post"], key)
    for post, shares in outcomes.grade_distribution().items():
        assert sum(shares) == pytest.approx(1.0), post
    for post, shares in outcomes.rank_distribution().items():
        assert sum(shares) == pytest.approx(1.0), post
    lines = outcomes.lines()
    assert any(0.0 < row["p_met"] < 1.0 for row in lines), "some pledge is uncertain"
    assert all(row["unit"] is not None for row in lines)
    units = outcomes.units()
    assert {row["unit"] for row in units} == {u.id for u in zhaoqing[1].units}
    for row in units:
        assert 0.0 <= row["p_top_rank"] <= 1.0
    assert len(outcomes.grade_names()) == len(result.outcomes().grade_distribution()["chief"])


def test_grade_and_rank_charts(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from vanguard.simulation.plots import grade_chart, rank_chart

    outcomes = zhaoqing[2].outcomes()
    deputies = [p for p in outcomes.grade_distribution() if p.startswith("deputy-")]
    ax = grade_chart(outcomes, deputies)
    assert len(ax.patches) == len(deputies) * len(outcomes.grade_names())
    ax = rank_chart(outcomes, deputies, top=3)
    assert len(ax.patches) == len(deputies) * 4


def test_evaluation_counts_do_not_depend_on_chunking(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    app, program, result = zhaoqing
    with ThreadPoolExecutor(2) as threads:
        again = simulate(
            program, 1100, 2006, app=app, evaluate=True, executor=threads, blocks_per_chunk=1
        )
    assert result.tally.extra.keys() == again.tally.extra.keys()
    for key, counts in result.tally.extra.items():
        assert np.array_equal(counts, again.tally.extra[key]), key


def test_suggested_targets_are_met_with_the_chosen_probability(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    app, program, result = zhaoqing
    rows = suggest_targets(result, program, 0.8)
    task_rows = [r for r in rows if r["post"] is None and r["indicator"] == "rural.placed"]
    assert task_rows
    (row,) = task_rows
    # re-simulate with the suggested target: met about 80 % of the time
    from vanguard.simulation import Lever, Scenario

    scenario = Scenario(
        "suggested", (Lever(indicator="rural.placed", task=row["task"], value=row["suggested"]),)
    )
    check = simulate(program, 4000, 99, app=app, scenario=scenario)
    (met,) = [m for m in check.probability_met() if m["indicator"] == "rural.placed"]
    assert met["probability"] == pytest.approx(0.8, abs=0.04)
    post_rows = [r for r in rows if r["post"] is not None and r["indicator"] == "rural.placed"]
    assert post_rows
    assert all(r["exact"] == pytest.approx(r["current"] * row["factor"]) for r in post_rows)
    # a count: every post signs a whole number, within 2 of its exact share
    assert row["suggested"] == math.floor(row["exact"])
    for r in post_rows:
        assert r["suggested"] == math.floor(r["suggested"])
        assert abs(r["suggested"] - r["exact"]) < 2.0
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        suggest_targets(result, program, 1.0)


@pytest.mark.slow
def test_the_report_figures_are_reproduced_within_two_percent() -> None:
    if not EXAMPLE.exists():
        pytest.skip("the Zhaoqing example is not shipped")
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    result = simulate(program, 10_000, 2006, app=app)
    expected = {
        "entrepreneurship.trained": 3079,
        "entrepreneurship.startups": 1213,
        "entrepreneurship.jobs": 3721,
        "rural.trained": 100_100,
        "rural.placed": 64_785,
        "liaison.officers": 48,
        "liaison.employers": 358,
        "liaison.consultations": 2200,
        "liaison.recruits": 6000,
        "liaison.workforce": 76_000,
    }
    for code, figure in expected.items():
        assert result.mean(code) == pytest.approx(figure, rel=0.02), code


@pytest.mark.parametrize("budget", [2**20, 3 * 2**20])
def test_evaluation_counts_do_not_depend_on_the_memory_budget(zhaoqing, budget) -> None:  # type: ignore[no-untyped-def]
    """A budget small enough to cut each block into many slices of replications (of
    different sizes for the two budgets) gives the default budget's counts, bit for bit."""
    app, program, result = zhaoqing
    again = simulate(program, 1100, 2006, app=app, evaluate=True, memory_budget=budget)
    assert again.review is not None
    assert result.review is not None
    slices = again.review.slice_size()
    assert slices < result.review.slice_size(), "the budget cuts blocks"
    assert slices < 1024, "the budget cuts blocks"
    assert result.tally.extra.keys() == again.tally.extra.keys()
    for key, counts in result.tally.extra.items():
        assert np.array_equal(counts, again.tally.extra[key]), key
    assert result.tally.total.tobytes() == again.tally.total.tobytes()


def test_two_small_budgets_cut_blocks_differently(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    app, program, _ = zhaoqing
    from vanguard.simulation.outcomes import review_outcomes
    from vanguard.simulation.plan import build_plan

    indicators = {**app.indicators(), **{i.code: i for i in program.indicators}}
    catalogue = app.catalogue()
    plan = build_plan(program, catalogue.initiatives, indicators, {}, catalogue.initiative_plugin)
    sizes = {review_outcomes(program, indicators, plan, budget=b).slice_size() for b in (1, 3)}
    assert len(sizes) == 1  # below the per-replication need: one replication at a time
    small, larger = (
        review_outcomes(program, indicators, plan, budget=b * 2**20).slice_size() for b in (1, 3)
    )
    assert 1 <= small < larger


def test_a_memory_budget_below_one_mebibyte_is_refused(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    from vanguard.simulation.budget import BudgetError

    app, program, _ = zhaoqing
    with pytest.raises(BudgetError, match="at least 1,048,576 bytes"):
        simulate(program, 10, 1, app=app, evaluate=True, memory_budget=1000)
    with pytest.raises(BudgetError, match="whole number"):
        simulate(program, 10, 1, app=app, evaluate=True, memory_budget=2.5e8)  # type: ignore[arg-type]
