"""The ``--behaviour`` part of ``vanguard simulate``: true against reported, per indicator."""

from collections import defaultdict
from typing import Any

from rich.table import Table

from vanguard.model.program import Program
from vanguard.simulation.behaviour import Behaviour, behaviour_rows


def behaviour_table(result: Any, program: Program, behaviour: Behaviour) -> Table:
    """Per review year and target indicator, averaged over its acting posts (so ratios stay
    ratios): the mean passive, true and reported values, the undetected and detected
    inflation, the inflation (share overstated) and the share of replications caught."""
    sums: dict[tuple[int, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    posts: dict[tuple[int, str], int] = defaultdict(int)
    for row in behaviour_rows(result, program, behaviour):
        key = (int(row["year"]), str(row["indicator"]))
        posts[key] += 1
        for name in ("passive", "true", "reported", "undetected", "detected"):
            sums[key][name] += float(row[name])
        for name in ("inflation", "caught"):
            sums[key][name] += float(row[name])
    table = Table(title="Behaviour: true against reported (means per acting post)")
    for column in ("year", "indicator", "posts", "passive", "true", "reported"):
        table.add_column(column, justify="left" if column == "indicator" else "right")
    for column in ("undetected", "detected", "inflation", "caught"):
        table.add_column(column, justify="right")
    for key in sorted(sums):
        year, code = key
        values, count = sums[key], posts[key]
        table.add_row(
            str(year),
            code,
            str(count),
            *(
                f"{values[n] / count:,.2f}"
                for n in ("passive", "true", "reported", "undetected", "detected")
            ),
            *(f"{values[n] / count:.1%}" for n in ("inflation", "caught")),
        )
    return table


__all__ = ["behaviour_table"]
