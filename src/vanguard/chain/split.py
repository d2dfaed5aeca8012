"""Splitting a target among sub-posts by a rule, so users need not write every pledge by hand."""

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import attrs

from vanguard.model.indicator import Indicator
from vanguard.model.letter import Letter, LetterKind, Pledge


@attrs.frozen
class Even:
    """Every sub-post gets an equal share."""


@attrs.frozen
class ByWeight:
    """Shares proportional to the given weights (missing posts weigh nothing)."""

    weights: Mapping[str, float]


@attrs.frozen
class ByCapacity:
    """Shares proportional to capacity (staff, windows, budget), each within its capacity.

    Contract: the total capacity must be at least the value split (so no proportional
    share exceeds its post's capacity); with ``whole=True`` the whole part of each
    capacity counts.
    """

    capacities: Mapping[str, float]


SplitRule = Even | ByWeight | ByCapacity


def split_value(
    value: float,
    posts: Sequence[str],
    rule: SplitRule,
    indicator: Indicator | None = None,
    whole: bool = False,
) -> dict[str, float]:
    """Shares of ``value`` for ``posts`` (in their order) under ``rule``.

    For an additive indicator the shares sum to ``value`` exactly (``sum(shares.values())
    == value``); with ``whole=True`` they are whole numbers, rounded by largest remainder
    so the sum is still exact. For a rate (not additive) every post carries the full
    ``value``: a section's placement rate target is each staff member's too.

    :raises ValueError: no posts, a post listed twice, a value that is not finite (or not
        whole, with ``whole=True``), negative or all-zero weights, negative capacities or
        too little capacity.
    """
    if not posts:
        raise ValueError("split among no posts")
    if len(set(posts)) != len(posts):
        raise ValueError("a post is listed twice")
    if not math.isfinite(value):
        raise ValueError(f"the value to split must be a finite number, got {value!r}")
    if indicator is not None and not indicator.additive:
        return dict.fromkeys(posts, value)
    if whole and value != math.floor(value):
        raise ValueError(f"whole shares need a whole value, got {value:g}")
    capacity: dict[str, float] | None = None
    match rule:
        case Even():
            weights = dict.fromkeys(posts, 1.0)
        case ByWeight(weights=given):
            weights = {post: float(given.get(post, 0.0)) for post in posts}
            if not all(math.isfinite(w) and w >= 0 for w in weights.values()):
                raise ValueError("weights must be non-negative finite numbers")
        case ByCapacity(capacities=given):
            capacity = _capacities(
                value, {post: float(given.get(post, 0.0)) for post in posts}, whole
            )
            weights = capacity
    total = math.fsum(weights.values())
    if total <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    shares = {post: value * (weight / total) for post, weight in weights.items()}  # no underflow
    if capacity is not None:
        # value <= total capacity, so each share is within its capacity up to rounding
        shares = {post: min(share, capacity[post]) for post, share in shares.items()}
    return _whole(shares, value, capacity) if whole else _exact(shares, value, weights, capacity)


def _capacities(value: float, capacity: dict[str, float], whole: bool) -> dict[str, float]:
    if not all(math.isfinite(c) and c >= 0 for c in capacity.values()):
        raise ValueError("capacities must be non-negative finite numbers")
    if value < 0:
        raise ValueError(f"a split by capacity needs a non-negative value, got {value:g}")
    if whole:
        capacity = {post: float(math.floor(c)) for post, c in capacity.items()}
    total = math.fsum(capacity.values())
    if total < value:
        kind = "whole capacity" if whole else "capacity"
        raise ValueError(f"total {kind} {total:g} is below the value {value:g}")
    if total == 0:  # and so the value is 0 too: nobody takes anything
        return dict.fromkeys(capacity, 1.0)
    return capacity


def _exact(
    shares: dict[str, float],
    value: float,
    weights: dict[str, float],
    capacity: dict[str, float] | None,
) -> dict[str, float]:
    """Move the rounding error of the division onto one share, so the sum is exact.

    The largest shares are tried first (the error is smallest relative to them), each
    stepped one unit in the last place at a time from its value towards the corrected
    value and a few units past it (which steps make the sum exact depends on how the
    other shares round, so every one in between is tried); a share never takes the
    opposite sign of the value, leaves its capacity, or goes to a post weighing nothing.
    """
    error = value - sum(shares.values())
    if error == 0:
        return shares
    # the largest shares absorb the error best; trying only the first few keeps the work
    # linear in the number of posts (each try sums every share)
    for post in sorted(shares, key=lambda p: -abs(shares[p]))[:16]:
        original = shares[post]
        if weights[post] == 0:
            continue
        for candidate in _towards(original, original + error, 4):
            if candidate * value < 0 or (capacity is not None and candidate > capacity[post]):
                continue
            shares[post] = candidate
            if sum(shares.values()) == value:
                return shares
        shares[post] = original
    return shares


def _towards(start: float, target: float, past: int, most: int = 64) -> list[float]:
    """The floats from ``start`` (excluded) to ``target``, one unit in the last place at a
    time, and ``past`` more beyond it; at most ``most`` of them."""
    if target == start:
        return []
    direction = math.inf if target > start else -math.inf
    found: list[float] = []
    current, beyond = start, 0
    while len(found) < most and beyond <= past:
        current = math.nextafter(current, direction)
        found.append(current)
        if (current >= target) if direction > 0 else (current <= target):
            beyond += 1
    return found


def _whole(
    shares: dict[str, float], value: float, capacity: dict[str, float] | None
) -> dict[str, float]:
    """Whole shares summing to ``value``: floors, plus one for the largest remainders."""
    floors = {post: math.floor(share) for post, share in shares.items()}
    missing = int(value) - sum(floors.values())
    order = sorted(shares, key=lambda post: (floors[post] - shares[post], post))
    for post in order * 2:  # a second pass only ever matters for rounding noise
        if missing <= 0:
            break
        if capacity is None or floors[post] + 1 <= capacity[post]:
            floors[post] += 1
            missing -= 1
    return {post: float(count) for post, count in floors.items()}


def split_pledge(
    pledge: Pledge,
    recipient: str,
    pledgers: Sequence[str],
    rule: SplitRule,
    signed: dt.date,
    indicator: Indicator | None = None,
    whole: bool = False,
    id_prefix: str = "WT",
) -> tuple[Letter, ...]:
    """Work-target letters by which ``pledgers`` take ``recipient``'s ``pledge`` between them.

    The shares cover the pledge by construction, so the cascade check passes.
    """
    shares = split_value(pledge.effective_value, pledgers, rule, indicator, whole)
    return tuple(
        Letter(
            id=f"{id_prefix}-{post}-{pledge.task}-{pledge.indicator}",
            kind=LetterKind.WORK_TARGET,
            pledger=post,
            recipient=recipient,
            signed=signed,
            pledges=(Pledge(task=pledge.task, indicator=pledge.indicator, value=share),),
        )
        for post, share in shares.items()
    )


__all__ = ["ByCapacity", "ByWeight", "Even", "SplitRule", "split_pledge", "split_value"]
