"""Plots of simulation results (matplotlib, the ``plot`` extra), fit for a paper.

Every function draws on ``ax`` when given (else on a new figure) and returns the axes,
so plots compose in notebooks and scripts. They speak the program's words: indicators by
their names with their units (from the plugins of ``app``, default: the installed ones),
posts by their titles, grades in the vocabulary of the posts' category. Numbers carry
thousands separators, legends sit beside the axes (never over the data), and a colour
means one thing across the library's figures: blue the simulation, red a target, black
a reported figure, green to red the grades from best to worst (grey: not graded),
purples the ranks (beige: lower or unranked).
"""

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from vanguard.problems import VanguardError
from vanguard.simulation.results import SimulationResult

if TYPE_CHECKING:
    from vanguard.app import Vanguard
    from vanguard.model.indicator import Indicator

SIMULATED = "#1f77b4"
"""The simulation: its mean, and its bands in lighter shades."""
TARGET = "#d62728"
REPORTED = "black"
NOT_GRADED = "#bbbbbb"
UNRANKED = "#e8dcc4"


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
    _, created = _pyplot().subplots(figsize=(9, 4.5), layout="constrained")
    return created


def _thousands(axis: Any, *, percent: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    if percent:
        axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        return
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))


def _legend_beside(ax: Any, **options: Any) -> None:
    """The legend right of the axes, outside the data area."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **options)


def _indicator(code: str, app: "Vanguard | None") -> "Indicator | None":
    from vanguard.app import Vanguard

    return (app or Vanguard()).indicators().get(code)


def _name_and_unit(code: str, app: "Vanguard | None") -> tuple[str, str]:
    indicator = _indicator(code, app)
    if indicator is None:  # an indicator of the program file itself, or an unknown one
        return code, ""
    return indicator.name.en, indicator.unit


def fan_chart(
    result: SimulationResult,
    indicator: str,
    *,
    ax: Any = None,
    target: float | None = None,
    reported: float | None = None,
    app: "Vanguard | None" = None,
) -> Any:
    """The all-units total of ``indicator`` over the periods: mean, 50 % and 90 % bands.

    ``target`` defaults to the program's target on the indicator (drawn as the straight
    pro-rated line to it); ``reported`` marks a figure at the year end.
    """
    ax = _axes(ax)
    name, unit = _name_and_unit(indicator, app)
    means, bands = result.fan(indicator, (0.05, 0.25, 0.5, 0.75, 0.95))
    x = np.arange(1, len(means) + 1)
    ax.fill_between(x, bands[:, 0], bands[:, 4], alpha=0.2, color=SIMULATED, label="90 % band")
    ax.fill_between(x, bands[:, 1], bands[:, 3], alpha=0.4, color=SIMULATED, label="50 % band")
    ax.plot(x, means, color=SIMULATED, label="simulated mean")
    checks = [t for t in result.plan.targets if t.indicator == indicator]
    if target is None and checks:
        target = checks[0].value
    if target is not None:
        due = (checks[0].period + 1) if checks else len(x)
        ax.plot([0, due], [0, target], color=TARGET, linestyle="--", label=f"target {target:,.0f}")
    if reported is not None:
        ax.scatter(
            [len(x)], [reported], color=REPORTED, zorder=3, label=f"reported {reported:,.0f}"
        )
    ax.set_xticks(x, result.plan.period_labels, rotation=45, ha="right")
    ax.set_xlabel("month")
    ax.set_title(f"{name}\n{result.replications:,} simulated years", fontsize="medium")
    ax.set_ylabel(f"to date, all units ({unit})" if unit else "to date, all units")
    ax.set_ylim(bottom=0)
    _thousands(ax.yaxis)
    _legend_beside(ax)
    return ax


def distribution(
    result: SimulationResult,
    indicator: str,
    *,
    unit: str | None = None,
    ax: Any = None,
    app: "Vanguard | None" = None,
) -> Any:
    """The year-end distribution of ``indicator`` (a unit's, or all units') as a histogram."""
    ax = _axes(ax)
    name, measured_in = _name_and_unit(indicator, app)
    qs = np.linspace(0.0, 1.0, 201)
    values = result.quantile(indicator, list(qs), unit)
    density = np.diff(qs) / np.maximum(np.diff(values), 1e-12)
    ax.stairs(density, values, fill=True, alpha=0.6, color=SIMULATED, label="simulated years")
    ax.axvline(result.mean(indicator, unit), color=REPORTED, label="simulated mean")
    ax.set_title(f"{name} at year end ({unit or 'all units'})", fontsize="medium")
    ax.set_xlabel(measured_in or "value")
    ax.set_ylabel("share of simulated years per unit of value")
    _thousands(ax.xaxis)
    _legend_beside(ax)
    return ax


def category_distribution(
    probabilities: Mapping[str, Sequence[float]],
    categories: Sequence[str],
    *,
    title: str = "",
    colors: Sequence[Any] | None = None,
    legend_title: str | None = None,
    ax: Any = None,
) -> Any:
    """Stacked bars: for each post or unit, the probability of each grade or rank.

    ``probabilities`` maps a name (shown under its bar) to one probability per category
    (summing to 1), as the evaluation outcomes give them; ``colors`` one colour per
    category (default: a sequential palette, the first category darkest).
    """
    ax = _axes(ax)
    names = list(probabilities)
    if colors is None:
        colors = _palette("Purples_r", len(categories))
    bottom = np.zeros(len(names))
    for j, category in enumerate(categories):
        heights = np.array([probabilities[n][j] for n in names])
        ax.bar(names, heights, bottom=bottom, label=str(category), color=colors[j])
        bottom += heights
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    _thousands(ax.yaxis, percent=True)
    ax.set_title(title, fontsize="medium")
    # post titles are long: wrapped under few bars, slanted under many
    ax.set_xticks(range(len(names)), [textwrap.fill(name, 14) for name in names], fontsize="small")
    if len(names) > 8:
        ax.tick_params(axis="x", rotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    _legend_beside(ax, fontsize="small", title=legend_title)
    return ax


def _palette(name: str, count: int) -> list[Any]:
    import matplotlib

    cmap = matplotlib.colormaps[name]
    return [cmap(0.1 + 0.6 * i / max(count - 1, 1)) for i in range(count)]


def _grade_words(outcomes: Any, posts: Sequence[str]) -> list[str]:
    """One legend entry per grade, in the words of the shown posts' categories."""
    rules = outcomes.hook.program.evaluation
    vocabulary = {v.category: v.names for v in rules.vocabularies}
    categories = []
    for post in posts:
        category = outcomes.hook.program.post(post).category
        if category not in categories:
            categories.append(category)
    words = []
    for g, band in enumerate(rules.grades):
        default = band.name.en if band.name is not None else band.id
        names = [vocabulary[c][g].en if c in vocabulary else default for c in categories]
        words.append(" / ".join(dict.fromkeys(names or [default])))
    return [*words, "not graded"]


def grade_chart(
    outcomes: Any, names: Sequence[str] | None = None, *, level: str = "post", ax: Any = None
) -> Any:
    """Stacked bars of each post's (or unit's) grade probabilities from a run's outcomes.

    Posts show under their titles and grades in their category's words (``competent /
    qualified`` when the shown posts' categories name a grade differently).
    """
    shares = outcomes.grade_distribution(level)
    chosen_ids = list(names or list(shares))
    program = outcomes.hook.program
    if level == "post":
        labels = {post: program.post(post).title.en for post in chosen_ids}
        words = _grade_words(outcomes, chosen_ids)
    else:
        labels = {unit: _unit_name(program, unit) for unit in chosen_ids}
        words = [
            band.name.en if band.name is not None else band.id for band in program.evaluation.grades
        ] + ["not graded"]
    chosen = {labels[n]: shares[n] for n in chosen_ids}
    colors = [*_palette("RdYlGn_r", len(words) - 1), NOT_GRADED]
    scope = "posts" if level == "post" else "units"
    return category_distribution(
        chosen,
        words,
        title=f"Year-end grades of {scope} ({outcomes.replications:,} simulated years)",
        colors=colors,
        legend_title="grade",
        ax=ax,
    )


def _unit_name(program: Any, unit_id: str) -> str:
    for unit in program.units:
        if unit.id == unit_id:
            return str(unit.name.en)
    return unit_id


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
    program = outcomes.hook.program
    chosen = {}
    for name in names or list(shares):
        head = list(shares[name][1 : top + 1])
        head += [0.0] * (top - len(head))
        label = program.post(name).title.en if level == "post" else _unit_name(program, name)
        chosen[label] = [*head, max(0.0, 1.0 - sum(head))]
    labels = [f"rank {r}" for r in range(1, top + 1)] + ["lower or unranked"]
    scope = "posts" if level == "post" else "units"
    return category_distribution(
        chosen,
        labels,
        title=f"Rank within the group, {scope} ({outcomes.replications:,} simulated years)",
        colors=[*_palette("Purples_r", top), UNRANKED],
        legend_title="rank",
        ax=ax,
    )


__all__ = [
    "NOT_GRADED",
    "REPORTED",
    "SIMULATED",
    "TARGET",
    "UNRANKED",
    "category_distribution",
    "distribution",
    "fan_chart",
    "grade_chart",
    "rank_chart",
]
