"""Which posts answer for which of an initiative's units, and how units differ.

An initiative's model works over its own units (the eight counties of a training project,
the windows of a competition, the social-insurance agencies of the Sunrise project). A
program says, in each ``[[initiatives]]`` entry, which posts (or organisation units)
pledge the results of which of those units (:class:`Assignment`), so a post is judged on
its own units' outcomes; and how much a parameter varies from unit to unit around the
program's value (:class:`UnitSpread`, a hierarchical prior).
"""

import enum
from collections.abc import Collection, Mapping, Sequence
from typing import Annotated

from vanguard.model._constraints import Constraint, Id, model

Spread = Annotated[float, Constraint(minimum=0, maximum=10)]
"""How far units stray from the initiative's value: 0 means every unit has the value."""


class SpreadKind(enum.Enum):
    """The distribution of a unit's parameter around the initiative's value ``theta``.

    ``lognormal``: ``theta * exp(spread * Z - spread**2 / 2)`` with ``Z`` standard normal,
    so the units' mean is ``theta`` and ``spread`` is the log-scale standard deviation (a
    rate, a count per month, any positive quantity). ``beta``: a probability drawn from
    ``Beta(theta * k, (1 - theta) * k)`` with ``k = 1 / spread**2 - 1``, so the mean is
    ``theta`` and the standard deviation ``spread * sqrt(theta * (1 - theta))`` (a spread
    below 1).
    """

    LOGNORMAL = "lognormal"
    BETA = "beta"


@model
class UnitSpread:
    """One parameter's spread across the initiative's units (a hierarchical prior).

    Each replication draws one value per unit (see :class:`SpreadKind`), from a random
    stream of its own, held for the whole run of that replication; values are kept within
    the parameter's bounds. A spread of 0 gives every unit the initiative's value exactly.
    """

    distribution: SpreadKind
    spread: Spread


@model
class Assignment:
    """Who answers for some of an initiative's units.

    ``units`` are the initiative's units (as its ``units`` list names them); ``to`` names
    posts, or organisation units meaning each of their posts, that pledge those units'
    results; ``indicators`` limits the entry to some of the initiative's indicators (a
    rate brings its parts), all of them when empty. A post's simulated actual is the
    total (or rate, from the totals of its parts) over the units assigned to it; posts
    of one entry share a summed indicator in proportion to their pledges. Each unit is
    assigned at most once per indicator of the initiative.
    """

    units: tuple[Id, ...]
    to: tuple[Id, ...]
    indicators: tuple[Id, ...] = ()

    def covers(self, code: str, rates: Collection[str] = ()) -> bool:
        """Whether the entry assigns indicator ``code`` (or, for a rate's part, one of the
        ``rates`` it is a part of)."""
        if not self.indicators:
            return True
        return code in self.indicators or any(rate in self.indicators for rate in rates)


def entries_by_name(assign: Sequence[Assignment]) -> dict[str, list[int]]:
    """The positions of the entries of ``assign`` naming each post or unit in ``to``."""
    index: dict[str, list[int]] = {}
    for i, entry in enumerate(assign):
        for name in dict.fromkeys(entry.to):
            index.setdefault(name, []).append(i)
    return index


def entries_for(
    assign: Sequence[Assignment],
    post: str,
    unit: str | None,
    code: str | None = None,
    rates: Collection[str] = (),
    index: Mapping[str, list[int]] | None = None,
) -> list[int]:
    """The positions, in order, of the entries of ``assign`` that name ``post`` or its
    organisation ``unit`` and (given a ``code``) cover that indicator, see
    :meth:`Assignment.covers`: the one rule the feed and validation share. ``index`` is
    :func:`entries_by_name` of ``assign``, when the caller asks for many posts."""
    named = entries_by_name(assign) if index is None else index
    found = set(named.get(post, ()))
    if unit is not None:
        found.update(named.get(unit, ()))
    return [i for i in sorted(found) if code is None or assign[i].covers(code, rates)]


__all__ = ["Assignment", "SpreadKind", "UnitSpread", "entries_by_name", "entries_for"]
