"""What-ifs, not models: how much of the real-year gap is bias and how much is spread.

Patches ``Feed.fill`` in this process only (nothing here is shipped or imported by the
library): with ``debias`` each summed cell a post reports is scaled so that its mean year
total over the block is its pledge (an oracle: it removes every systematic difference
between a simulated output and what the post pledged); then every cell but filing,
integrity and exam scores is multiplied by a per-post, per-replication pace drawn
N(MU, SD) (2 - pace where lower is better), as the shipped years' generator paces its
posts. The figures bound what a per-post effect can do with and without the biases
(docs/explanation/real-year-acceptance.md):

    .venv/bin/python tests/simulation/real_year_whatif.py MU SD debias|no [replications]
"""

import sys
from typing import Any

import numpy as np
import real_year

from vanguard.model.indicator import Aggregation, Direction
from vanguard.simulation import feed, outcomes

SKIP = ("management.reports_on_time", "integrity.", "study.exam")
_fill = feed.Feed.fill
_review_outcomes = outcomes.review_outcomes
_hook: list[outcomes.ReviewOutcomes] = []


def _patched_fill(self: feed.Feed, raw: np.ndarray, flows: Any, first: int) -> None:
    _fill(self, raw, flows, first)
    hook = _hook[-1]
    layout = hook.layout
    first_line: dict[int, int] = {}
    for i, c in enumerate(layout.line_cell):
        if layout.direct[i]:
            first_line.setdefault(int(c), i)
    cells, lower = [], []
    for c in range(raw.shape[2]):
        code = layout.axes.indicators[int(layout.cell_code[c])]
        indicator = hook.indicators.get(code)
        if indicator is None or code.startswith(SKIP) or np.isnan(raw[0, 0, c]):
            continue
        if DEBIAS and c in first_line and indicator.over_time is Aggregation.SUM:
            pledge = float(layout.in_force[first_line[c], -1])
            mean = float(raw[:, :, c].sum(axis=0).mean())
            if mean > 0 and pledge > 0:
                raw[:, :, c] *= pledge / mean
        cells.append(c)
        lower.append(indicator.direction is Direction.LOWER)
    if SD > 0 or MU != 1:
        chosen = np.asarray(cells, dtype=np.intp)
        rng = np.random.default_rng(first + 7)
        pace = rng.normal(MU, SD, (raw.shape[1], len(layout.axes.posts)))[
            :, layout.cell_post[chosen]
        ]
        pace = np.where(np.asarray(lower)[None], 2 - pace, pace)
        raw[:, :, chosen] *= pace[None]


def _patched_review_outcomes(*args: Any, **kwargs: Any) -> outcomes.ReviewOutcomes:
    hook = _review_outcomes(*args, **kwargs)
    _hook.append(hook)
    return hook


if __name__ == "__main__":
    MU, SD, DEBIAS = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "debias"
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    feed.Feed.fill = _patched_fill  # type: ignore[method-assign]
    real_year.review_outcomes = _patched_review_outcomes
    for name in ("zhaoqing", "sihui"):
        found = real_year.figures(name, count)
        outside = [
            p for p, bad in zip(found.posts, found.scored & ~found.inside, strict=True) if bad
        ]
        print(name, round(found.coverage, 3), outside)
