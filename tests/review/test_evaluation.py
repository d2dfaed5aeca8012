"""The year-end evaluation: scores, linked inputs, adjustments, vetoes, quotas, findings,
explanations; and the same numbers whether one year or many are evaluated at once."""

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import Program
from vanguard.review import (
    Actuals,
    Responsibility,
    evaluate,
    evaluate_many,
    explain_finding,
    explain_post,
    review_axes,
)
from vanguard.review.evaluation import EvaluationArrays


def test_posts_are_scored_graded_and_ranked(program: Program, actuals: Actuals) -> None:
    result = evaluate(program, actuals)
    assert result.post("chief").final is None  # pledged nothing: not graded
    a, b, c = (result.post(p) for p in ("head-a", "head-b", "head-c"))
    assert a.final is not None
    assert b.final is not None
    assert c.final is not None
    assert a.final > b.final > c.final
    assert (a.rank, b.rank, c.rank) == (1, 2, 3)
    assert c.grade == "incompetent"
    assert c.grade_name is not None
    assert c.grade_name.zh == "不合格"


def test_linked_exam_scores_enter_with_their_weight(program: Program, actuals: Actuals) -> None:
    result = evaluate(program, actuals)
    a = result.post("head-a")
    assert a.task_score is not None
    assert a.final is not None
    expected = 0.8 * a.task_score + 0.2 * a.linked["exam"] + sum(a.adjustments.values())
    assert a.final == pytest.approx(expected)
    axes = actuals.axes
    exam = actuals.values[0, axes.posts.index("head-a"), axes.indicators.index("study.exam_score")]
    assert a.linked["exam"] == pytest.approx(np.nanmean(exam))


def test_bonus_and_late_deduction_are_counted_and_capped(
    program: Program, actuals: Actuals
) -> None:
    a = evaluate(program, actuals).post("head-a")
    assert a.adjustment_counts == {"recognition": 1.0, "late": 1.0}
    assert a.adjustments == {"recognition": 3.0, "late": -1.0}
    actuals.values[
        0,
        actuals.axes.posts.index("head-a"),
        actuals.axes.indicators.index("awards.recognitions"),
        :,
    ] = 1.0
    assert evaluate(program, actuals).post("head-a").adjustments["recognition"] == 5.0


def test_integrity_veto_rules_out_the_top_grade(program: Program, actuals: Actuals) -> None:
    b = evaluate(program, actuals).post("head-b")
    assert b.vetoes == ("integrity",)
    assert b.grade != "excellent"
    # Give head-b a perfect year: the veto still holds.
    row = actuals.axes.posts.index("head-b")
    trained = actuals.axes.indicators.index("training.trained")
    actuals.values[0, row, trained, :] = 100.0
    b = evaluate(program, actuals).post("head-b")
    assert b.reached == "excellent"
    assert b.grade == "competent"


def test_quota_limits_excellent_section_heads(program: Program, actuals: Actuals) -> None:
    heads = ["head-a", "head-b", "head-c"]
    trained = actuals.axes.indicators.index("training.trained")
    for post in heads:
        actuals.values[0, actuals.axes.posts.index(post), trained, :] = 50.0
    actuals.values[0, :, actuals.axes.indicators.index("integrity.violations"), :] = np.nan
    result = evaluate(program, actuals)
    reached = [result.post(p).reached for p in heads]
    assert reached.count("excellent") >= 2
    # 34 % of 3 section heads, rounded down: one may be excellent.
    assert [result.post(p).grade for p in heads].count("excellent") == 1


def test_findings_direct_for_the_post_and_leadership_above(
    program: Program, actuals: Actuals
) -> None:
    result = evaluate(program, actuals)
    direct = [f for f in result.findings if f.responsibility is Responsibility.DIRECT]
    assert {(f.post, f.task, f.indicator) for f in direct} >= {("head-c", "T1", "training.trained")}
    missed = next(f for f in direct if f.post == "head-c" and f.task == "T1")
    assert missed.achievement < 0.7
    assert missed.severity == "serious"
    leaders = {
        f.post
        for f in result.findings
        if f.responsibility is Responsibility.LEADERSHIP and f.line_post == "head-c"
    }
    assert leaders == {"deputy", "chief"}
    assert all(f.responsibility is Responsibility.LEADERSHIP for f in result.findings_for("chief"))


def test_explanations_name_inputs_rules_and_numbers(program: Program, actuals: Actuals) -> None:
    result = evaluate(program, actuals)
    text = str(explain_post(program, result, "head-b"))
    assert "veto Integrity breach: Integrity violations for the year > 0" in text
    assert "formula" in text
    assert "Training / People trained (person): pledged 40" in text
    assert f"{result.post('head-b').final:.2f}" in text
    finding = result.findings_for("head-c")[0]
    why = str(explain_finding(program, finding))
    assert "direct responsibility" in why
    assert "shortfall" in why
    assert str(explain_post(program, result, "chief")).endswith("the post pledged no work targets")


def _same(many: EvaluationArrays, one: EvaluationArrays, index: int) -> None:
    per_line = {"line_active"}  # no replication axis
    for field in attrs.fields(EvaluationArrays):
        value = getattr(many, field.name)
        if isinstance(value, np.ndarray):
            mine = value if field.name in per_line else value[index]
            theirs = getattr(one, field.name)
            theirs = theirs if field.name in per_line else theirs[0]
            np.testing.assert_array_equal(mine, theirs, err_msg=field.name)


# The actuals fixture is only read (each example derives new arrays from it).
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), replications=st.integers(2, 6))
def test_vectorised_results_equal_the_one_replication_path(
    program: Program, actuals: Actuals, seed: int, replications: int
) -> None:
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    noise = rng.uniform(0.3, 1.7, size=(replications, *actuals.values.shape[1:]))
    values = actuals.values * noise
    values[rng.random(values.shape) < 0.05] = np.nan
    late = (rng.random((replications, *actuals.late.shape[1:])) < 0.1).astype(float)
    many_actuals = Actuals(actuals.axes, values, late)
    many = evaluate_many(program, many_actuals)
    assert many.replications == replications
    chunked = evaluate_many(program, many_actuals, chunk=2)
    for r in range(replications):
        one = evaluate_many(program, many_actuals.replication(r))
        _same(many, one, r)
        _same(chunked, one, r)
    assert evaluate(program, many_actuals, replication=1) == evaluate(
        program, many_actuals.replication(1)
    )


def test_simulation_can_fill_the_array_directly(program: Program) -> None:
    axes = review_axes(program, program.usable_indicators())
    actuals = Actuals.empty(axes, replications=1000)
    assert actuals.values.shape == (1000, 5, len(axes.indicators), 12)
    trained = axes.indicators.index("training.trained")
    rng = np.random.default_rng(np.random.SeedSequence(7))
    actuals.values[:, 2:, trained, :] = rng.poisson(3.3, size=(1000, 3, 12))
    result = evaluate_many(program, actuals)
    assert result.final.shape == (1000, 5)
    counts = result.grade_counts(program.evaluation)
    assert np.all(counts["excellent"] <= 1)  # the quota, in every simulated year


def test_wrongly_shaped_actuals_are_refused(program: Program) -> None:
    from vanguard import VanguardError

    axes = review_axes(program, program.usable_indicators())
    with pytest.raises(VanguardError, match="shape"):
        Actuals(axes, np.zeros((2, 3)))


def test_a_deputys_actual_is_rolled_up_from_the_sections(
    program: Program, actuals: Actuals
) -> None:
    from vanguard.review.layout import review_layout
    from vanguard.review.progress import gather, to_date

    known = program.usable_indicators()
    layout = review_layout(program, known, actuals.axes)
    values = to_date(layout, gather(layout, actuals))
    deputy = actuals.axes.posts.index("deputy")
    trained = actuals.axes.indicators.index("training.trained")
    heads = [actuals.axes.posts.index(p) for p in ("head-a", "head-b", "head-c")]
    np.testing.assert_allclose(
        values[-1, 0, layout.cell_index[(deputy, trained)]],
        np.nansum(actuals.values[0, heads, trained, :]),
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    post=st.sampled_from(["head-a", "head-b", "head-c"]),
    month=st.integers(0, 11),
    extra=st.floats(0.1, 50),
)
def test_more_training_never_lowers_a_posts_score_or_grade(
    program: Program, actuals: Actuals, post: str, month: int, extra: float
) -> None:
    axes = actuals.axes
    before = evaluate_many(program, actuals)
    values = actuals.values.copy()
    values[0, axes.posts.index(post), axes.indicators.index("training.trained"), month] += extra
    after = evaluate_many(program, Actuals(axes, values, actuals.late))
    p = axes.posts.index(post)
    assert after.task_score[0, p] >= before.task_score[0, p]
    assert after.final[0, p] >= before.final[0, p]
    assert after.band[0, p] <= before.band[0, p]  # a better (or the same) band


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), share=st.floats(0, 1))
def test_quotas_and_vetoes_hold_in_every_simulated_year(
    program: Program, actuals: Actuals, seed: int, share: float
) -> None:
    from vanguard.model.appraisal import Quota, QuotaPool

    rules = attrs.evolve(
        program.evaluation,
        quotas=(
            Quota(grade="excellent", share=share, pool=QuotaPool.PROGRAM),
            Quota(grade="competent", share=share, pool=QuotaPool.PROGRAM),
        ),
    )
    strict = attrs.evolve(program, evaluation=rules)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    values = actuals.values * rng.uniform(0.5, 2.0, size=(40, *actuals.values.shape[1:]))
    violations = actuals.axes.indicators.index("integrity.violations")
    values[:, :, violations, 6] = rng.random((40, values.shape[1])) < 0.3
    result = evaluate_many(strict, Actuals(actuals.axes, values))
    graded = (result.grade >= 0).sum(axis=-1)
    allowed = np.floor(share * graded + 1e-9)
    assert np.all((result.grade == 0).sum(axis=-1) <= allowed)
    assert np.all((result.grade == 1).sum(axis=-1) <= allowed)
    assert not np.any(result.vetoed[..., 0] & (result.grade == 0))
    assert np.all(result.grade >= result.band)
