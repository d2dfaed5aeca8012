"""Behaviour and statistics of the campaign-discipline initiative."""

import datetime as dt
from importlib.metadata import entry_points

import numpy as np
import vanguard_campaign_discipline
from vanguard_campaign_discipline import INITIATIVE, fridays
from vanguard_campaign_discipline.initiative import ATTENDANCE_RATE, EXAM_MEAN
from vanguard_campaign_discipline.posts import (
    ATTENDANCE,
    DOCUMENTS,
    EXAM_SCORE,
    EXAMS,
    ON_TIME,
    VIOLATIONS,
)

from vanguard import Vanguard
from vanguard.testing import assert_initiative_conforms, simulate_initiative

POSTS = tuple(f"post-{i}" for i in range(40))


def run(replications: int = 400, **parameters: float) -> dict[str, np.ndarray]:
    """(months, replications, posts) per output, for 2006 over 40 posts."""
    return simulate_initiative(
        INITIATIVE,
        replications=replications,
        periods=12,
        units=POSTS,
        start=dt.date(2006, 1, 1),
        params=parameters or None,
    ).outputs


def test_the_distribution_registers_its_entry_point_and_initiative() -> None:
    (entry_point,) = [
        ep for ep in entry_points(group="vanguard") if ep.name == "campaign-discipline"
    ]
    assert entry_point.load() is vanguard_campaign_discipline
    app = Vanguard(plugins=[vanguard_campaign_discipline], load_entrypoints=False)
    assert list(app.initiatives()) == ["campaign-discipline"]


def test_conforms_to_the_initiative_contract() -> None:
    assert_initiative_conforms(INITIATIVE)


def test_every_parameter_states_its_source() -> None:
    for parameter in INITIATIVE.parameters:
        assert parameter.description
        assert parameter.unit
        assert parameter.source
        assert parameter.lower <= parameter.default <= parameter.upper


def test_fridays_are_counted_from_the_period_start() -> None:
    assert sum(fridays(dt.date(2006, m, 1)) for m in range(1, 13)) == 52  # 2006 has 52
    assert fridays(dt.date(2006, 12, 1)) == 5
    assert fridays(dt.date(2006, 12, 30)) == 0  # a Saturday, the month's last Friday gone
    assert fridays(dt.date(2006, 12, 29)) == 1


def test_a_year_of_study_matches_the_calibrated_rate_and_exams_come_once_a_quarter() -> None:
    out = run()
    attended = out[ATTENDANCE].sum(axis=0)  # (R, posts)
    assert abs(attended.mean() - 52 * ATTENDANCE_RATE) < 0.5
    assert attended.max() <= 52
    exams = out[EXAMS]
    assert set(np.unique(exams[[0, 1, 3, 4, 6, 7, 9, 10]])) == {0.0}
    assert exams.sum(axis=0).max() <= 4
    assert abs(out[EXAM_SCORE].mean() - EXAM_MEAN) < 0.5
    assert out[ON_TIME].max() <= 1
    assert out[VIOLATIONS].min() >= 0
    assert out[DOCUMENTS].min() >= 0


def test_a_posts_exam_score_is_constant_within_a_quarter() -> None:
    score = run(50)[EXAM_SCORE]
    for first in (0, 3, 6, 9):
        np.testing.assert_array_equal(score[first], score[first + 1])
        np.testing.assert_array_equal(score[first], score[first + 2])


def test_a_posts_exam_ability_carries_across_quarters() -> None:
    """Drawn once per replication and post: quarter scores of one post correlate by
    ability^2 / (ability^2 + noise^2); with no ability spread they do not."""
    score = run(400)[EXAM_SCORE]
    q1, q4 = score[0].ravel(), score[9].ravel()
    ability, noise = 3.116, 4.029
    expected = ability**2 / (ability**2 + noise**2)
    assert abs(np.corrcoef(q1, q4)[0, 1] - expected) < 0.05
    flat = run(400, exam_ability_sd=0.0)[EXAM_SCORE]
    assert abs(np.corrcoef(flat[0].ravel(), flat[9].ravel())[0, 1]) < 0.03


def test_attendance_and_lateness_are_properties_of_the_post() -> None:
    out = run(400, attendance_spread=0.1)
    first, second = out[ATTENDANCE][:6].sum(axis=0), out[ATTENDANCE][6:].sum(axis=0)
    assert np.corrcoef(first.ravel(), second.ravel())[0, 1] > 0.5
    calm = run(400, attendance_spread=0.0)
    first, second = calm[ATTENDANCE][:6].sum(axis=0), calm[ATTENDANCE][6:].sum(axis=0)
    assert abs(np.corrcoef(first.ravel(), second.ravel())[0, 1]) < 0.05
    late = 1 - out[ON_TIME]
    assert np.corrcoef(late[:6].sum(axis=0).ravel(), late[6:].sum(axis=0).ravel())[0, 1] > 0.2


def test_the_same_seed_gives_the_same_year() -> None:
    a, b = run(20), run(20)
    for code in INITIATIVE.outputs:
        np.testing.assert_array_equal(a[code], b[code])


def test_counts_are_the_engines_coupled_draws() -> None:
    """Violations and documents are ``StepContext.poisson`` (one mechanism, the engine's):
    the model's counts equal ``poisson_quantile`` of the coupled stream's uniforms, drawn in
    the model's order, and no number of the model's own stream is spent on them."""
    from vanguard.plugins.draws import poisson_quantile
    from vanguard.plugins.initiative import StepContext

    params = {name: np.full((1, 1), value) for name, value in INITIATIVE.defaults().items()}
    params["violation_rate"] = np.full((1, 1), 0.4)
    params["documents_per_month"] = np.full((1, 1), 3.0)
    shape = (50, len(POSTS))

    def context(uniforms_seed: int) -> StepContext:
        return StepContext(
            0, 12, dt.date(2006, 1, 1), 50, POSTS, params,
            np.random.default_rng(1), np.random.default_rng(uniforms_seed),
        )  # fmt: skip

    model = INITIATIVE.model
    assert model is not None
    ctx = context(2)
    out = model.step(model.start(ctx), {}, ctx)
    uniforms = np.random.default_rng(2)
    np.testing.assert_array_equal(out[VIOLATIONS], poisson_quantile(uniforms.random(shape), 0.4))
    np.testing.assert_array_equal(out[DOCUMENTS], poisson_quantile(uniforms.random(shape), 3.0))
    other = context(3)  # other uniforms: the counts move, the rest of the month does not
    moved = model.step(model.start(other), {}, other)
    assert not np.array_equal(moved[DOCUMENTS], out[DOCUMENTS])
    for code in (ATTENDANCE, EXAMS, EXAM_SCORE, ON_TIME):
        np.testing.assert_array_equal(moved[code], out[code])


def test_a_parameter_moves_its_own_indicator_and_no_other() -> None:
    """Fixed draws per step whatever the parameters: more documents per month leaves every
    other output of the same seed exactly as it was, and never lowers a post's count."""
    base, more = run(50), run(50, documents_per_month=0.5)
    assert (more[DOCUMENTS] >= base[DOCUMENTS]).all()
    assert more[DOCUMENTS].sum() > base[DOCUMENTS].sum()
    for code in (ATTENDANCE, EXAMS, EXAM_SCORE, VIOLATIONS, ON_TIME):
        np.testing.assert_array_equal(more[code], base[code])
