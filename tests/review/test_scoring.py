"""Achievement, the scoring curve and ranking: the numbers users rely on."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanguard.model.appraisal import ScoringCurve
from vanguard.review.curves import achievement, score
from vanguard.review.ranking import group_codes, rank_change, rank_within

CURVE = ScoringCurve(
    threshold=0.6, at_threshold=60, full_marks=100, bonus_per_excess=50, bonus_cap=10
)


@pytest.mark.parametrize(
    ("ratio", "points"),
    [(0.0, 0), (0.59, 0), (0.6, 60), (0.8, 80), (1.0, 100), (1.1, 105), (1.5, 110), (3.0, 110)],
)
def test_curve_threshold_full_marks_and_capped_bonus(ratio: float, points: float) -> None:
    assert float(score(np.asarray(ratio), CURVE)) == pytest.approx(points)


def test_achievement_higher_and_lower_is_better() -> None:
    assert float(achievement(np.asarray(30.0), np.asarray(40.0), False)) == pytest.approx(0.75)
    # A ceiling of 4 complaints: 2 is better than the target, 6 is worse.
    assert float(achievement(np.asarray(2.0), np.asarray(4.0), True)) == pytest.approx(1.5)
    assert float(achievement(np.asarray(6.0), np.asarray(4.0), True)) == pytest.approx(0.5)
    # A ceiling of zero violations: one breach is a miss, none is on target.
    assert float(achievement(np.asarray(0.0), np.asarray(0.0), True)) == 1.0
    assert float(achievement(np.asarray(1.0), np.asarray(0.0), True)) == 0.0
    # Never reported: nothing achieved, whichever the direction.
    assert float(achievement(np.asarray(np.nan), np.asarray(4.0), True)) == 0.0


curves = st.builds(
    ScoringCurve,
    threshold=st.floats(0, 0.95),
    at_threshold=st.floats(0, 100),
    full_marks=st.just(100.0),
    bonus_per_excess=st.floats(0, 200),
    bonus_cap=st.floats(0, 50),
)
values = st.floats(0, 1e6, allow_nan=False)


@given(curves, values, values, st.floats(0.01, 1e5), st.booleans())
def test_scores_are_monotone_in_achievement(
    curve: ScoringCurve, a: float, b: float, due: float, lower: bool
) -> None:
    low, high = sorted((a, b))
    # For "lower is better" the better actual is the smaller one.
    better, worse = (low, high) if lower else (high, low)
    s_better = score(achievement(np.asarray(better), np.asarray(due), lower), curve)
    s_worse = score(achievement(np.asarray(worse), np.asarray(due), lower), curve)
    assert s_better >= s_worse
    assert 0 <= s_worse <= curve.full_marks + curve.bonus_cap


def test_competition_ranks_within_groups() -> None:
    scores = np.asarray([[90.0, 80.0, 90.0, np.nan, 70.0]])
    groups = group_codes(["a", "a", "a", "a", "b"])
    np.testing.assert_array_equal(rank_within(scores, groups), [[1, 3, 1, 0, 1]])


@given(
    st.lists(st.floats(0, 100) | st.just(float("nan")), min_size=1, max_size=12),
    st.lists(st.floats(0, 100) | st.just(float("nan")), min_size=1, max_size=12),
)
def test_rank_change_is_consistent_with_two_rankings(
    before: list[float], after: list[float]
) -> None:
    n = min(len(before), len(after))
    groups = np.zeros(n, dtype=np.int64)
    first = rank_within(np.asarray([before[:n]]), groups)
    second = rank_within(np.asarray([after[:n]]), groups)
    change = rank_change(first, second)
    both = (first > 0) & (second > 0)
    np.testing.assert_array_equal(second[both] + change[both], first[both])
    assert np.all(change[~both] == 0)
    # Ranks are 1..n: the best item is 1, and an item's rank counts those strictly ahead.
    valid = second[second > 0]
    if valid.size:
        assert valid.min() == 1
