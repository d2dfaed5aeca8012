"""Answers with their uncertainty: joint P(task met), per-post and per-year distributions,
paired differences, and the ``simulate --json`` document."""

import json
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import Program, Vanguard
from vanguard.cli import main
from vanguard.simulation import Scenario, compare, differences, met_differences, simulate
from vanguard.simulation.engine import task_counts
from vanguard.simulation.intervals import independent, paired, wilson

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


@pytest.fixture(scope="module")
def zhaoqing():  # type: ignore[no-untyped-def]
    if not EXAMPLE.exists():
        pytest.skip("the Zhaoqing example is not shipped")
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    return app, program, simulate(program, 1100, 2006, app=app, evaluate=True)


def test_joint_task_met_is_at_most_its_least_likely_target(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    _, _, result = zhaoqing
    marginals: dict[str, list[float]] = {}
    for row in result.probability_met():
        marginals.setdefault(row["task"], []).append(row["probability"])
        assert row["low"] <= row["probability"] <= row["high"]
    tasks = result.task_met()
    assert {row["task"] for row in tasks} == set(marginals)
    for row in tasks:
        assert row["p_met"] <= min(marginals[row["task"]]) + 1e-12, row
        assert row["targets"] == len(marginals[row["task"]])
        assert row["low"] <= row["p_met"] <= row["high"]
    # the targets of a task move together: the joint is above the product of marginals
    many = [row for row in tasks if row["targets"] > 1 and 0 < row["p_met"] < 1]
    assert any(row["p_met"] > row["product_of_marginals"] + 0.05 for row in many)


def test_joint_equals_the_product_only_for_independent_targets(program: Program) -> None:
    plan = simulate(program, 1, 1, app=_toy_app()).plan
    assert [t.task for t in plan.targets] == ["t1", "t1"]
    rng = np.random.default_rng(np.random.SeedSequence(10))
    n = 200_000
    a, b = rng.random(n) < 0.6, rng.random(n) < 0.7
    (independent_joint,) = task_counts(plan, np.stack([a, b])) / n
    assert independent_joint == pytest.approx(0.6 * 0.7, abs=0.005)
    (same,) = task_counts(plan, np.stack([a, a])) / n
    assert same == pytest.approx(a.mean())
    assert abs(same - a.mean() ** 2) > 0.2  # dependent: far from the product


def _toy_app() -> Vanguard:
    import toy

    return Vanguard(plugins=[toy.ToyPlugin()], load_entrypoints=False)


def test_toy_task_joint_is_above_the_product_of_correlated_targets(program: Program) -> None:
    result = simulate(program, 4096, 5, app=_toy_app())
    (task,) = result.task_met()
    met = [row["probability"] for row in result.probability_met()]
    assert task["p_met"] <= min(met)
    assert task["p_met"] > task["product_of_marginals"]  # trained and jobs move together


@settings(max_examples=8, deadline=None)
@given(block_size=st.sampled_from([64, 100, 256]), per_chunk=st.integers(1, 3))
def test_task_joint_is_identical_across_chunkings(block_size: int, per_chunk: int) -> None:
    import toy

    app = _toy_app()
    program = app.parse_program(toy.PROGRAM, check=False)
    first = simulate(program, 600, 8, app=app, block_size=block_size)
    with ThreadPoolExecutor(2) as threads:
        again = simulate(
            program,
            600,
            8,
            app=app,
            block_size=block_size,
            executor=threads,
            blocks_per_chunk=per_chunk,
        )
    assert first.task_met() == again.task_met()


def test_posts_grades_and_year_distributions(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    _, program, result = zhaoqing
    outcomes = result.outcomes()
    by_post: dict[str, float] = {}
    for row in outcomes.grades():
        by_post[row["post"]] = by_post.get(row["post"], 0.0) + row["probability"]
    assert set(by_post) == {post.id for post in program.posts}
    for post, total in by_post.items():
        assert total == pytest.approx(1.0), post
    words = {row["name_zh"] for row in outcomes.grades()}
    assert {"优秀", "称职", "基本称职", "不称职"} <= words
    for row in outcomes.posts():
        quantiles = [row[k] for k in ("q05", "q25", "q50", "q75", "q95")]
        if math.isnan(row["mean_score"]):
            assert all(math.isnan(q) for q in quantiles)
            continue
        assert quantiles == sorted(quantiles)
        assert quantiles[0] - 0.1 <= row["mean_score"] <= quantiles[-1] + 0.1
    findings = {(r["kind"], r["severity"]): r for r in outcomes.findings()}
    direct = findings[("direct", "all")]
    assert direct["q05"] <= direct["mean"] <= direct["q95"]
    parts = [r["mean"] for (kind, sev), r in findings.items() if kind == "direct" and sev != "all"]
    assert sum(parts) == pytest.approx(direct["mean"])
    # P(at least one direct finding in the year) >= each post's P(direct finding)
    assert all(r["p_direct_finding"] <= direct["p_any"] + 1e-12 for r in outcomes.posts())
    distribution = [r for r in outcomes.finding_distribution() if r["severity"] == "all"]
    assert sum(r["probability"] for r in distribution if r["kind"] == "direct") == pytest.approx(1)
    counts = outcomes.grade_counts()
    posts_in = {
        c: sum(1 for p in program.posts if p.category == c) for c in {r["category"] for r in counts}
    }
    for category, size in posts_in.items():
        means = [r["mean"] for r in counts if r["category"] == category]
        assert sum(means) == pytest.approx(size), category
    (quota,) = outcomes.quotas()
    assert 0.0 <= quota["p_binds"] <= 1.0
    assert quota["mean_demoted"] >= 0.0
    frame = outcomes.frame("grades")
    assert list(frame.columns) == ["post", "category", "grade", "name", "name_zh", "probability"]


def test_a_binding_quota_is_counted(zhaoqing) -> None:  # type: ignore[no-untyped-def]
    import attrs

    app, program, _ = zhaoqing
    rules = program.evaluation
    # no post of a category may be excellent: binds whenever any post scores in that band
    # (at the example's 15 % some 40 posts a year are demoted, so at 0 % it always binds)
    (quota,) = rules.quotas
    tight = attrs.evolve(
        program, evaluation=attrs.evolve(rules, quotas=(attrs.evolve(quota, share=0.0),))
    )
    result = simulate(tight, 256, 3, app=app, evaluate=True)
    (row,) = result.outcomes().quotas()
    assert row["p_binds"] == 1.0
    assert row["mean_demoted"] > 1.0
    grades = {r["post"]: r for r in result.outcomes().posts()}
    assert all(r["p_excellent"] == 0.0 for r in grades.values())


def test_compare_with_itself_gives_zero_with_a_zero_width_paired_interval(program: Program) -> None:
    comparison = compare(program, [Scenario("same")], 512, 4, app=_toy_app())
    for row in differences(comparison):
        assert row["difference"] == 0.0
        assert row["paired_low"] == row["paired_high"] == 0.0
        assert row["independent_high"] - row["independent_low"] > 0.0
    rows = met_differences(comparison)
    assert rows
    for row in rows:
        assert row["difference"] == 0.0
        assert row["paired_low"] == row["paired_high"] == 0.0
        assert row["baseline_low"] <= row["p_baseline"] <= row["baseline_high"]


def test_intervals() -> None:
    low, high = wilson(0, 100)
    assert low == 0.0
    assert 0.0 < high < 0.05
    low, high = wilson(50, 100)
    assert low < 0.5 < high
    assert high - low == pytest.approx(2 * 1.96 * 0.05, rel=0.05)
    rng = np.random.default_rng(np.random.SeedSequence(3))
    base = rng.normal(size=4000)
    scenario = base + 0.1 + 0.01 * rng.normal(size=4000)
    mean, p_low, p_high = paired(scenario, base)
    _, i_low, i_high = independent(scenario, base)
    assert p_low < mean < p_high
    assert p_low < 0.1 < p_high
    assert (i_high - i_low) > 20 * (p_high - p_low)


def test_simulate_json_has_the_documented_keys() -> None:
    if not EXAMPLE.exists():
        pytest.skip("the Zhaoqing example is not shipped")
    args = ["simulate", str(EXAMPLE), "-n", "300", "--seed", "5", "--evaluate", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["command"] == "simulate"
    assert document["program"] == "zhaoqing-labour-2006"
    assert document["format"] == 1
    assert document["replications"] == 300
    assert document["seed"] == 5
    keys = {"totals", "targets", "tasks", "figures", "year", "posts", "grades", "findings"}
    assert keys | {"grade_counts", "quotas", "scenario", "elapsed_seconds"} <= set(document)
    assert {"post", "category", "q05", "q95", "p_direct_finding", "p_top_rank"} <= set(
        document["posts"][0]
    )
    assert {"task", "targets", "p_met", "low", "high"} <= set(document["tasks"][0])
    assert {"kind", "severity", "mean", "q05", "q50", "q95", "p_any"} <= set(
        document["findings"][0]
    )
    plain = CliRunner().invoke(
        main, ["simulate", str(EXAMPLE), "-n", "50", "--seed", "5", "--json"]
    )
    assert "posts" not in json.loads(plain.output)
