"""Baselines: each pledge line's result in the year before the program, from the ledger.

A program that follows last year's (``previous`` names it) with a ratchet sets this
year's pledges from last year's results. Those results are what the ledger recorded when
last year was evaluated, matched line by line on ``(post, task, indicator)``; a line with
no such result has no baseline (``NaN``) and keeps its pledge.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from vanguard.review.layout import ReviewLayout

if TYPE_CHECKING:
    from vanguard.ledger import Ledger

Floats = NDArray[np.float64]

EVALUATION = "evaluation"


def baseline_from(layout: ReviewLayout, evaluation: Mapping[str, Any]) -> Floats:
    """``(lines,)``: each line's actual in a recorded evaluation's payload (``NaN`` when the
    evaluation has no such line or it was never reported)."""
    found: dict[tuple[str, str, str], float] = {}
    for post in evaluation.get("posts", []):
        for line in post.get("lines", []):
            actual = line.get("actual")
            if actual is not None:
                found[(str(post["post"]), str(line["task"]), str(line["indicator"]))] = float(
                    actual
                )
    return np.asarray(
        [found.get((line.post, line.task, line.indicator), np.nan) for line in layout.lines],
        dtype=np.float64,
    )


def latest_evaluation(entries: Iterable[Any], program: str) -> Mapping[str, Any] | None:
    """The payload of the last review year's evaluation of ``program`` among ledger
    ``entries`` (by year label), or None."""
    mine = [entry for entry in entries if str(entry.key).startswith(f"{program}/")]
    if not mine:
        return None
    latest = max(mine, key=lambda entry: str(entry.key).split("/")[-1])
    payload: Mapping[str, Any] = latest.payload
    return payload


def ledger_baseline(
    ledger: "Ledger", layout: ReviewLayout, previous: str | None, before: int | None = None
) -> Floats | None:
    """The baseline of ``layout``'s lines from program ``previous``'s last recorded
    evaluation (recorded before record number ``before``, when given), or None when there is
    no previous program or no such record."""
    if previous is None:
        return None
    entries = [e for e in ledger.entries(EVALUATION) if before is None or e.seq < before]
    payload = latest_evaluation(entries, previous)
    return None if payload is None else baseline_from(layout, payload)


__all__ = ["baseline_from", "latest_evaluation", "ledger_baseline"]
