"""Late submissions in a simulated year, read from what stands for filing on time.

A real year's late submissions come from the reports' filing dates (a post's filing for
a month counts once, however many indicators it holds; :mod:`vanguard.review.
submissions`), and the late-report deduction and tie-break count them. A simulated year
has no filing dates: its posts file late in the months an indicator that records filing
on time (:attr:`~vanguard.model.indicator.Indicator.filing`: 1 when the month's report
went in by its due date, 0 when late; declared on the indicator itself or on the
initiative output its ``simulate`` names) is 0 for them. Without such an indicator every
simulated report is on time, as before.
"""

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from vanguard.model.indicator import Indicator
from vanguard.review.layout import ReviewLayout

Floats = NDArray[np.float64]
Ints = NDArray[np.intp]


def records_filing(code: str, indicators: Mapping[str, Indicator]) -> bool:
    """Whether indicator ``code`` records filing on time, itself or through the initiative
    output its ``simulate`` names."""
    indicator = indicators.get(code)
    if indicator is None:
        return False
    if indicator.filing:
        return True
    source = indicators.get(indicator.simulate) if indicator.simulate else None
    return bool(source is not None and source.filing)


def filing_cells(layout: ReviewLayout, indicators: Mapping[str, Indicator]) -> tuple[Ints, Ints]:
    """``(cells, posts)``: the cells a post reports itself (not rolled up to it) of every
    indicator recording filing on time, and each cell's post."""
    parents = layout.parent_cells
    found = []
    for code in layout.axes.indicators:
        if records_filing(code, indicators):
            cells = layout.cells_of(code)
            found.append(cells[(cells >= 0) & ~np.isin(cells, parents)])
    cells = np.concatenate(found) if found else np.zeros(0, dtype=np.intp)
    return cells, layout.cell_post[cells].astype(np.intp)


def late_submissions(raw: Floats, cells: Ints, posts: Ints, count: int) -> Floats:
    """``(count, months, replications)`` late submissions (1 late, 0 not) from ``raw``
    ``(months, replications, cells)`` monthly values, before they are accumulated: a
    post's month is late when any of its filing ``cells`` is 0 in it (one submission
    counts once, as in a real year); a cell not reported (``NaN``) says nothing."""
    months, replications = raw.shape[:2]
    late = np.zeros((count, months, replications))
    if len(cells):
        missed = (raw[:, :, cells] == 0).astype(np.float64)  # (months, R, k)
        np.maximum.at(late, posts, missed.transpose(2, 0, 1))
    return late


__all__ = ["filing_cells", "late_submissions", "records_filing"]
