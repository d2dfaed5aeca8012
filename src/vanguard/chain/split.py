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
    """Shares proportional to capacity (staff, windows, budget), each capped at its capacity.

    Contract: the total capacity must be at least the value split; what a capped post
    cannot take is passed on to the others in proportion to their remaining capacity.
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
    """Shares of ``value`` for ``posts`` under ``rule``.

    For an additive indicator the shares sum to ``value`` exactly (with ``whole=True``
    they are whole numbers, rounded by largest remainder so the sum is still exact). For a
    rate (not additive) every post carries the full ``value``: a section's placement rate
    target is each staff member's too.
    """
    if not posts:
        raise ValueError("split among no posts")
    if len(set(posts)) != len(posts):
        raise ValueError("a post is listed twice")
    if indicator is not None and not indicator.additive:
        return dict.fromkeys(posts, value)
    match rule:
        case Even():
            weights = dict.fromkeys(posts, 1.0)
        case ByWeight(weights=given):
            weights = {post: float(given.get(post, 0.0)) for post in posts}
        case ByCapacity(capacities=given):
            shares = _by_capacity(value, {post: float(given.get(post, 0.0)) for post in posts})
            return _whole(shares, value) if whole else shares
    total = sum(weights.values())
    if total <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("weights must be non-negative and not all zero")
    shares = {post: value * weight / total for post, weight in weights.items()}
    return _whole(shares, value) if whole else shares


def _by_capacity(value: float, capacity: dict[str, float]) -> dict[str, float]:
    if any(c < 0 for c in capacity.values()):
        raise ValueError("capacities must be non-negative")
    if sum(capacity.values()) + 1e-9 < value:
        raise ValueError(f"total capacity {sum(capacity.values()):g} is below the value {value:g}")
    shares = dict.fromkeys(capacity, 0.0)
    open_posts = {p for p, c in capacity.items() if c > 0}
    remaining = value
    while remaining > 1e-12 and open_posts:
        room = sum(capacity[p] - shares[p] for p in open_posts)
        for post in list(open_posts):
            free = capacity[post] - shares[post]
            take = min(free, remaining * free / room)
            shares[post] += take
        remaining = value - sum(shares.values())
        open_posts = {p for p in open_posts if capacity[p] - shares[p] > 1e-12}
    return shares


def _whole(shares: dict[str, float], value: float) -> dict[str, float]:
    floors = {post: math.floor(share) for post, share in shares.items()}
    missing = round(value) - sum(floors.values())
    order = sorted(shares, key=lambda post: (floors[post] - shares[post], post))
    for post in order[: max(0, missing)]:
        floors[post] += 1
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
