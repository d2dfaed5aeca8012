"""Grades: bands, vetoes and quotas; quotas are never exceeded and vetoes never overridden."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vanguard.model.appraisal import DEFAULT_GRADES, Quota, TieBreak
from vanguard.review.grading import apply_quotas, apply_vetoes, band_of


def test_bands_by_minimum_best_first() -> None:
    scores = np.asarray([[95.0, 90.0, 89.9, 60.0, 10.0, np.nan]])
    np.testing.assert_array_equal(band_of(scores, DEFAULT_GRADES), [[0, 0, 1, 2, 3, -1]])


def test_quota_keeps_the_best_and_breaks_ties_as_stated() -> None:
    final = np.asarray([[95.0, 95.0, 99.0, 92.0]])
    task = np.asarray([[80.0, 85.0, 70.0, 99.0]])
    grades = band_of(final, DEFAULT_GRADES)
    quota = Quota(grade="excellent", share=0.5, tie_break=TieBreak.TASK_SCORE)
    result = apply_quotas(
        grades, final, {TieBreak.TASK_SCORE: task}, np.zeros(4, dtype=np.int64), [(0, quota)], 4
    )
    # Two of four may be excellent: 99 first, then of the two 95s the better task score.
    np.testing.assert_array_equal(result, [[1, 0, 0, 1]])


posts = st.integers(1, 12)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), count=posts, replications=st.integers(1, 4))
def test_quotas_never_exceeded_and_vetoes_never_overridden(
    data: st.DataObject, count: int, replications: int
) -> None:
    shape = (replications, count)
    final = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 110)))
    # Many ties, so the tie-break matters.
    final = np.round(final / 10) * 10
    task = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 110)))
    vetoed = data.draw(hnp.arrays(np.bool_, shape))
    pools = np.asarray(data.draw(st.lists(st.integers(0, 2), min_size=count, max_size=count)))
    shares = data.draw(st.tuples(st.floats(0, 1), st.floats(0, 1)))
    quotas = [
        (0, Quota(grade="excellent", share=shares[0])),
        (1, Quota(grade="competent", share=shares[1])),
    ]
    band = band_of(final, DEFAULT_GRADES)
    excluded = np.zeros((*shape, 4), dtype=np.bool_)
    excluded[..., 0] = vetoed
    vetoed_grades = apply_vetoes(band, excluded)
    grades = apply_quotas(vetoed_grades, final, {TieBreak.TASK_SCORE: task}, pools, quotas, 4)
    # Grades only ever move down: a quota cannot lift anyone, nor undo a veto.
    assert np.all(grades >= band)
    assert np.all(grades >= vetoed_grades)
    assert not np.any(vetoed & (grades == 0))
    for pool in np.unique(pools):
        members = pools == pool
        size = members.sum()
        for index, quota in quotas:
            held = np.sum((grades == index) & members, axis=-1)
            assert np.all(held <= np.floor(quota.share * size + 1e-9))
    # Within a grade's holders in a pool, nobody kept the grade over someone scoring higher
    # who was demoted from it.
    for r in range(replications):
        for p in range(count):
            for q in range(count):
                same = pools[p] == pools[q] and vetoed_grades[r, p] == vetoed_grades[r, q] == 0
                if same and grades[r, p] == 0 and grades[r, q] > 0:
                    assert final[r, p] >= final[r, q]
