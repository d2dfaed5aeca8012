"""Plots of simulation results (matplotlib, the ``plot`` extra).

Every function draws on ``ax`` when given (else on a new figure) and returns the axes,
so plots compose in notebooks and scripts.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from vanguard.io.problems import VanguardError
from vanguard.simulation.results import SimulationResult


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise VanguardError(
            "plots need matplotlib: pip install 'vanguard-campaigns[plot]'"
        ) from None
    return plt


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    _, created = _pyplot().subplots(figsize=(8, 4.5))
    return created


def fan_chart(
    result: SimulationResult,
    indicator: str,
    *,
    ax: Any = None,
    target: float | None = None,
    reported: float | None = None,
) -> Any:
    """The all-units total of ``indicator`` over the periods: mean, 50 % and 90 % bands.

    ``target`` defaults to the program's target on the indicator (drawn as the straight
    pro-rated line to it); ``reported`` marks a figure at the year end.
    """
    ax = _axes(ax)
    means, bands = result.fan(indicator, (0.05, 0.25, 0.5, 0.75, 0.95))
    x = np.arange(1, len(means) + 1)
    ax.fill_between(x, bands[:, 0], bands[:, 4], alpha=0.2, color="C0", label="90 % band")
    ax.fill_between(x, bands[:, 1], bands[:, 3], alpha=0.35, color="C0", label="50 % band")
    ax.plot(x, means, color="C0", label="mean")
    checks = [t for t in result.plan.targets if t.indicator == indicator]
    if target is None and checks:
        target = checks[0].value
    if target is not None:
        due = (checks[0].period + 1) if checks else len(x)
        ax.plot([0, due], [0, target], color="C3", linestyle="--", label=f"target {target:,.0f}")
    if reported is not None:
        ax.scatter([len(x)], [reported], color="black", zorder=3, label=f"report {reported:,.0f}")
    ax.set_xticks(x, result.plan.period_labels, rotation=45, ha="right")
    ax.set_title(f"{indicator}: {result.replications:,} replications")
    ax.set_ylabel("to date, all units")
    ax.legend(loc="upper left")
    return ax


def distribution(
    result: SimulationResult, indicator: str, *, unit: str | None = None, ax: Any = None
) -> Any:
    """The year-end distribution of ``indicator`` (a unit's, or all units') as a histogram."""
    ax = _axes(ax)
    qs = np.linspace(0.0, 1.0, 201)
    values = result.quantile(indicator, list(qs), unit)
    density = np.diff(qs) / np.maximum(np.diff(values), 1e-12)
    ax.stairs(density, values, fill=True, alpha=0.6)
    ax.axvline(result.mean(indicator, unit), color="black", label="mean")
    ax.set_title(f"{indicator} at year end ({unit or 'all units'})")
    ax.legend()
    return ax


def category_distribution(
    probabilities: Mapping[str, Sequence[float]],
    categories: Sequence[str],
    *,
    title: str = "",
    ax: Any = None,
) -> Any:
    """Stacked bars: for each post or unit, the probability of each grade or rank.

    ``probabilities`` maps a name to one probability per category (summing to 1), as the
    evaluation outcomes give them.
    """
    ax = _axes(ax)
    names = list(probabilities)
    bottom = np.zeros(len(names))
    for j, category in enumerate(categories):
        heights = np.array([probabilities[n][j] for n in names])
        ax.bar(names, heights, bottom=bottom, label=str(category))
        bottom += heights
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title(title)
    ax.tick_params(axis="x", rotation=45)
    ax.legend(fontsize="small", ncols=min(len(categories), 6))
    return ax


def grade_chart(
    outcomes: Any, names: Sequence[str] | None = None, *, level: str = "post", ax: Any = None
) -> Any:
    """Stacked bars of each post's (or unit's) grade probabilities from a run's outcomes."""
    shares = outcomes.grade_distribution(level)
    chosen = {n: shares[n] for n in (names or list(shares))}
    return category_distribution(
        chosen, outcomes.grade_names(), title=f"Grade distribution by {level}", ax=ax
    )


def rank_chart(
    outcomes: Any,
    names: Sequence[str] | None = None,
    *,
    level: str = "post",
    top: int = 5,
    ax: Any = None,
) -> Any:
    """Stacked bars of the probabilities of ranks 1..``top`` (and lower) of each post or unit."""
    shares = outcomes.rank_distribution(level)
    chosen = {}
    for name in names or list(shares):
        head = list(shares[name][1 : top + 1])
        head += [0.0] * (top - len(head))
        chosen[name] = [*head, max(0.0, 1.0 - sum(head))]
    labels = [f"rank {r}" for r in range(1, top + 1)] + ["lower / unranked"]
    return category_distribution(chosen, labels, title=f"Rank distribution by {level}", ax=ax)


__all__ = ["category_distribution", "distribution", "fan_chart", "grade_chart", "rank_chart"]
