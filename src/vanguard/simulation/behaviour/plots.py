"""Plots of behaviour under targets (matplotlib, the ``plot`` extra), in the library's style.

:func:`true_against_reported` draws each post's mean reported value against its true
value, as shares of its target, for one or more rule designs; :func:`bunching_chart`
draws how results spread around their targets, passive against responding. Colours follow
:mod:`vanguard.simulation.plots`: blue the simulation (passive), red the target line,
black what is reported.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from vanguard.simulation.plots import REPORTED, SIMULATED, TARGET, _axes, _legend_beside, _thousands

RESPONDING = "#ff7f0e"
"""True values of responding posts (and the first rule design)."""
DESIGNS = (RESPONDING, "#8c564b", "#17becf", "#7f7f7f")
"""One colour per rule design compared."""


def true_against_reported(
    designs: Mapping[str, Sequence[Mapping[str, Any]]], ax: Any = None
) -> Any:
    """For each design (name -> :func:`~.summary.behaviour_rows`), every post and target's
    mean true and reported values as shares of the target; the diagonal is honesty."""
    ax = _axes(ax)
    markers = "os^Dv"
    high, low = 1.0, 1.0
    for i, (name, rows) in enumerate(designs.items()):
        true = np.array([r["true"] / r["target"] for r in rows if r["target"] > 0])
        reported = np.array([r["reported"] / r["target"] for r in rows if r["target"] > 0])
        high = max(high, float(true.max(initial=1.0)), float(reported.max(initial=1.0)))
        low = min(low, float(true.min(initial=1.0)), float(reported.min(initial=1.0)))
        ax.scatter(
            true,
            reported,
            marker=markers[i % len(markers)],
            color=DESIGNS[i % len(DESIGNS)],
            facecolors="none",
            label=name,
        )
    low, high = 0.95 * low, 1.05 * high
    ax.plot([low, high], [low, high], color=SIMULATED, linewidth=1, label="reported = true")
    ax.axhline(1.0, color=TARGET, linewidth=1, linestyle="--", label="target")
    ax.set_xlabel("true value, share of target")
    ax.set_ylabel("reported value, share of target")
    ax.set_title("Reported against true, each post and target")
    _thousands(ax.xaxis, percent=True)
    _thousands(ax.yaxis, percent=True)
    _legend_beside(ax)
    return ax


def bunching_chart(edges: np.ndarray, counts: Mapping[str, np.ndarray], ax: Any = None) -> Any:
    """Results per 1 % band of result / target (:func:`~.summary.ratio_histogram`), one
    step line per kind (``passive`` blue, others orange and black); the target in red."""
    ax = _axes(ax)
    colours = {"passive": SIMULATED, "true": RESPONDING, "reported": REPORTED}
    labels = {
        "passive": "behaviour off",
        "true": "behaviour on, true",
        "reported": "behaviour on, reported",
    }
    for kind, values in counts.items():
        ax.stairs(values, edges, color=colours.get(kind, REPORTED), label=labels.get(kind, kind))
    ax.axvline(1.0, color=TARGET, linewidth=1, label="target")
    ax.set_xlabel("result, share of target")
    ax.set_ylabel("posts x targets x simulated years")
    ax.set_title("Results around the target, 1 % bands")
    _thousands(ax.xaxis, percent=True)
    _thousands(ax.yaxis)
    _legend_beside(ax)
    return ax


__all__ = ["DESIGNS", "RESPONDING", "bunching_chart", "true_against_reported"]
