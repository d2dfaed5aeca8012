"""The memory budget: how much working memory a run's evaluation may take per block.

The evaluation of simulated years (``simulate(..., evaluate=True)``) reviews a block's
replications a slice at a time; the slice is as large as the budget allows (at least one
replication). Slices are reduced to exact integer counts, so the budget changes the speed
and the peak memory of a run, never its numbers.
"""

from vanguard.problems import VanguardError

MEMORY_BUDGET = 256 * 2**20
"""Bytes the review of one slice of simulated years may take by default (256 MiB)."""

MIN_MEMORY_BUDGET = 2**20
"""The smallest memory budget a run takes (one mebibyte): below it, a budget is a typo."""


class BudgetError(VanguardError, ValueError):
    """A memory budget that is not a whole number of bytes of at least one mebibyte."""


def check_memory_budget(budget: object) -> int:
    """``budget`` (bytes) if it is a whole number of at least :data:`MIN_MEMORY_BUDGET`;
    None gives :data:`MEMORY_BUDGET`.

    :raises BudgetError: not a whole number, or below one mebibyte (the message names
        the value).
    """
    if budget is None:
        return MEMORY_BUDGET
    if isinstance(budget, bool) or not hasattr(budget, "__index__"):
        raise BudgetError(f"memory_budget is a whole number of bytes, got {budget!r:.40}")
    value = int(budget)
    if value < MIN_MEMORY_BUDGET:
        raise BudgetError(
            f"memory_budget must be at least {MIN_MEMORY_BUDGET:,} bytes (1 MiB), got {value:,}"
        )
    return value


__all__ = ["MEMORY_BUDGET", "MIN_MEMORY_BUDGET", "BudgetError", "check_memory_budget"]
