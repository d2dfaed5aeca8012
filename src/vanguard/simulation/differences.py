"""Differences: what a scenario changes, with intervals paired under common random numbers.

:func:`vanguard.simulation.compare` runs the baseline and each scenario from the same seed,
so replication ``r`` of each run shares its random numbers; the difference is taken per
replication (the paired interval) and also as two independent samples (the independent
interval, for contrast: how much the pairing buys). P(met) of each year-end target gets
Wilson intervals per run and a paired interval on its difference.
"""

from typing import TYPE_CHECKING, Any

import numpy as np

from vanguard.simulation.intervals import independent, paired, wilson

if TYPE_CHECKING:
    import pandas as pd

    from vanguard.simulation.scenarios import Comparison


def differences(comparison: "Comparison", level: float | None = None) -> list[dict[str, Any]]:
    """Per scenario and collected indicator: the mean year-end total under each run, the
    mean difference (scenario - baseline) with its paired interval (``paired_low``,
    ``paired_high``) and its independent one (``independent_low``, ``independent_high``),
    at ``level`` (default: the comparison's)."""
    level = comparison.level if level is None else level
    base = comparison.baseline
    rows = []
    for name, result in comparison.scenarios.items():
        for code in result.collected:
            after, before = result.values(code), base.values(code)
            mean, low, high = paired(after, before, level)
            _, ind_low, ind_high = independent(after, before, level)
            rows.append(
                {
                    "scenario": name,
                    "indicator": code,
                    "baseline": float(np.nanmean(before)),
                    "value": float(np.nanmean(after)),
                    "difference": mean,
                    "paired_low": low,
                    "paired_high": high,
                    "independent_low": ind_low,
                    "independent_high": ind_high,
                }
            )
    return rows


def met_differences(comparison: "Comparison", level: float | None = None) -> list[dict[str, Any]]:
    """Per scenario and year-end target on a collected indicator: P(met) under each run
    with Wilson intervals, and the difference with its paired interval (one met-or-not
    difference per replication, so a scenario compared with itself gives exactly 0 with a
    zero-width interval)."""
    level = comparison.level if level is None else level
    base = comparison.baseline
    last = base.plan.periods - 1
    rows = []
    for name, result in comparison.scenarios.items():
        targets = {(t.task, t.indicator, t.period): t for t in result.plan.targets}
        for t0 in base.plan.targets:
            t = targets.get((t0.task, t0.indicator, t0.period))
            if t is None or t0.period != last or t0.indicator not in result.collected:
                continue
            before = _met(base.values(t0.indicator), t0.value, t0.direction.value)
            after = _met(result.values(t.indicator), t.value, t.direction.value)
            n = len(before)
            mean, low, high = paired(after, before, level)
            b_low, b_high = wilson(int(before.sum()), n, level)
            s_low, s_high = wilson(int(after.sum()), len(after), level)
            rows.append(
                {
                    "scenario": name,
                    "task": t0.task,
                    "indicator": t0.indicator,
                    "baseline_target": t0.value,
                    "target": t.value,
                    "p_baseline": float(before.mean()),
                    "baseline_low": b_low,
                    "baseline_high": b_high,
                    "p_scenario": float(after.mean()),
                    "scenario_low": s_low,
                    "scenario_high": s_high,
                    "difference": mean,
                    "paired_low": low if n > 1 else float("nan"),
                    "paired_high": high if n > 1 else float("nan"),
                }
            )
    return rows


def _met(values: np.ndarray, target: float, direction: str) -> np.ndarray:
    met = values >= target if direction == "higher" else values <= target
    return np.asarray(met, dtype=np.float64)


def differences_frame(comparison: "Comparison", table: str = "means") -> "pd.DataFrame":
    """:func:`differences` (``table="means"``) or :func:`met_differences` (``"met"``) as a
    tidy pandas frame (needs the ``frames`` extra)."""
    from vanguard.problems import VanguardError
    from vanguard.simulation.results import require_frames

    pandas = require_frames()
    if table not in ("means", "met"):
        raise VanguardError(f"no comparison table {table!r}: choose 'means' or 'met'")
    rows = differences(comparison) if table == "means" else met_differences(comparison)
    frame: pd.DataFrame = pandas.DataFrame(rows)
    return frame


__all__ = ["differences", "differences_frame", "met_differences"]
