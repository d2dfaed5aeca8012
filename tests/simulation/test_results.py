"""Results: exact means, sensible quantiles, tidy frames, Parquet with provenance."""

from pathlib import Path

import numpy as np
import pytest

from vanguard import Program, Vanguard, VanguardError
from vanguard.simulation import TOTAL, read_provenance, simulate


@pytest.fixture
def kept(app: Vanguard, program: Program):  # type: ignore[no-untyped-def]
    return simulate(program, 3000, 21, app=app, keep=True, collect=["toy.jobs"])


def test_means_and_quantiles_agree_with_the_kept_replications(kept) -> None:  # type: ignore[no-untyped-def]
    frame = kept.frame()
    year_end = frame[(frame.period == "2006-12") & (frame.unit == TOTAL)]
    jobs = year_end[year_end.indicator == "toy.jobs"].value.to_numpy()
    assert len(jobs) == 3000
    assert kept.mean("toy.jobs") == pytest.approx(jobs.mean(), rel=1e-12)
    assert kept.sd("toy.jobs") == pytest.approx(jobs.std(ddof=1), rel=1e-9)
    assert np.array_equal(kept.values("toy.jobs"), jobs)
    for q in (0.05, 0.5, 0.95):
        exact = np.quantile(jobs, q)
        assert kept.quantile("toy.jobs", q) == pytest.approx(exact, abs=2.0)
    north = year_end[(year_end.indicator == "toy.trained")]
    assert kept.quantile("toy.trained", 0.0) == north.value.min()
    assert kept.quantile("toy.trained", 1.0) == north.value.max()


def test_aggregations_over_time_and_units(kept) -> None:  # type: ignore[no-untyped-def]
    # sums accumulate: 9 a month per unit, 3 units
    assert kept.mean("toy.trained", "north", period=0) == pytest.approx(9, rel=0.05)
    assert kept.mean("toy.trained") == pytest.approx(324, rel=0.02)
    # a level ("last") is not summed over periods: staff equals hires to date
    assert kept.mean("toy.staff") == pytest.approx(kept.mean("toy.hires"))
    # a ratio is the ratio of totals, never a mean of ratios
    assert kept.mean("toy.rate", period=11) == pytest.approx(0.4, abs=0.01)
    frame = kept.frame()
    row = frame[(frame.replication == 5) & (frame.period == "2006-12") & (frame.unit == TOTAL)]
    by = dict(zip(row.indicator, row.value, strict=True))
    assert by["toy.rate"] == pytest.approx(by["toy.startups"] / by["toy.trained"])


def test_summary_and_probabilities(kept) -> None:  # type: ignore[no-untyped-def]
    summary = kept.summary()
    assert {"indicator", "unit", "mean", "sd", "q05", "q50", "q95"} <= set(summary.columns)
    assert len(summary) == 3 * 4 + 2 * 2 + 4  # three county indicators, two city ones, a ratio
    (trained, jobs) = kept.probability_met()
    assert trained["target"] == 320
    assert 0.4 < trained["probability"] < 0.8
    assert jobs["indicator"] == "toy.jobs"
    periods = kept.periods()
    assert set(periods.period) == {f"2006-{m:02d}" for m in range(1, 13)}


def test_parquet_keeps_provenance(kept, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    path = kept.to_parquet(tmp_path / "run.parquet", replications=False)
    assert len(pd.read_parquet(path)) == len(kept.summary())
    meta = read_provenance(path)
    assert meta["seed"] == 21
    assert meta["replications"] == 3000
    assert meta["numpy"] == np.__version__
    assert meta["parameters"]["toy-training"]["startup_rate"] == 0.4
    full = kept.to_parquet(tmp_path / "all.parquet")
    assert set(pd.read_parquet(full).replication) == set(range(3000))


def test_questions_the_run_cannot_answer_are_clear_errors(app: Vanguard, program: Program) -> None:
    result = simulate(program, 100, 1, app=app)
    with pytest.raises(VanguardError, match="kept no replications"):
        result.frame()
    with pytest.raises(VanguardError, match="not collected"):
        result.values("toy.jobs")
    with pytest.raises(KeyError, match=r"toy\.nothing"):
        result.mean("toy.nothing")
    with pytest.raises(VanguardError, match="not simulated over unit 'west'"):
        result.mean("toy.jobs", "west")
    with pytest.raises(VanguardError, match=r"cannot collect 'toy\.nothing'"):
        simulate(program, 10, 1, app=app, collect=["toy.nothing"])
    with pytest.raises(ValueError, match="a seed is a non-negative whole number, got -1"):
        simulate(program, 10, -1, app=app)
    with pytest.raises(ValueError, match="replications must be at least 1"):
        simulate(program, 0, 1, app=app)


def test_the_reduced_state_does_not_grow_with_replications(app: Vanguard, program: Program) -> None:
    def held(result) -> int:  # type: ignore[no-untyped-def]
        tally = result.tally
        assert not tally.kept
        assert not tally.collected
        arrays = (
            tally.total,
            tally.squares,
            tally.finite,
            tally.low,
            tally.high,
            tally.histogram,
            tally.met,
            *tally.extra.values(),
        )
        return sum(a.nbytes for a in arrays)

    small = simulate(program, 1000, 1, app=app)
    large = simulate(program, 20_000, 1, app=app)
    assert held(small) == held(large)
