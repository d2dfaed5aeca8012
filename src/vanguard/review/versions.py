"""Versions of a bulletin: what changed between a re-issued bulletin and the first one.

A published bulletin is never rewritten. When a quarter is published again and its
numbers differ (a report was corrected, a late report arrived), the ledger gets a new
version (``v2``, ``v3``, ...) that carries, in ``changes``, every difference from the
*first* version: line by line (actual, due, achievement, score), post and unit standings
(score, rank) and the program's score. Readers of the first version see exactly what
moved, and why is in the corrections recorded between the two.
"""

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal, TypeVar

import attrs

if TYPE_CHECKING:
    from vanguard.review.bulletin import Bulletin, Standing

Item = Literal["line", "post", "unit", "program"]
K = TypeVar("K")


@attrs.frozen
class BulletinChange:
    """One number that differs between a bulletin's first version and a later one.

    ``item`` is what it belongs to: a ``line`` (``id`` ``post/task/indicator``), a
    ``post`` or ``unit`` standing (``id`` the post or unit) or the ``program``;
    ``field`` names the number (``actual``, ``due``, ``achievement``, ``score``, ``rank``,
    or ``pledged`` for a line present in one version only, None on the side without it);
    ``before`` is its value in the first version, ``after`` in this one (None: none).
    """

    item: Item
    id: str
    field: str
    before: float | None
    after: float | None

    def __str__(self) -> str:
        return f"{self.item} {self.id}: {self.field} {_show(self.before)} -> {_show(self.after)}"


def bulletin_changes(first: "Bulletin", later: "Bulletin") -> tuple[BulletinChange, ...]:
    """Every difference between ``first`` and ``later`` (see :class:`BulletinChange`), in
    the order: lines, posts, units, program."""
    found: list[BulletinChange] = []
    lines_before = {(line.post, line.task, line.indicator): line for line in first.lines}
    lines_after = {(line.post, line.task, line.indicator): line for line in later.lines}
    for key in _union(lines_before, lines_after):
        ident = "/".join(key)
        old, new = lines_before.get(key), lines_after.get(key)
        if old is None or new is None:
            pledged = (None if old is None else old.pledged, None if new is None else new.pledged)
            found.append(BulletinChange("line", ident, "pledged", *pledged))
            continue
        for name in ("actual", "due", "achievement", "score"):
            found += _differ("line", ident, name, getattr(old, name), getattr(new, name))
    standings: list[tuple[Item, tuple[Standing, ...], tuple[Standing, ...]]] = [
        ("post", first.posts, later.posts),
        ("unit", first.units, later.units),
    ]
    for item, before, after in standings:
        old_by = {standing.id: standing for standing in before}
        new_by = {standing.id: standing for standing in after}
        for ident in _union(old_by, new_by):
            old_s, new_s = old_by.get(ident), new_by.get(ident)
            for name in ("score", "rank"):
                found += _differ(
                    item,
                    ident,
                    name,
                    None if old_s is None else getattr(old_s, name),
                    None if new_s is None else getattr(new_s, name),
                )
    found += _differ("program", first.program, "score", first.program_score, later.program_score)
    return tuple(found)


def _union(first: Mapping[K, object], second: Mapping[K, object]) -> Iterable[K]:
    """The keys of both, in ``first``'s order then ``second``'s new ones."""
    return [*first, *(key for key in second if key not in first)]


def _differ(
    item: Item, ident: str, name: str, before: float | None, after: float | None
) -> Iterator[BulletinChange]:
    if not _same(before, after):
        yield BulletinChange(item, ident, name, _plain(before), _plain(after))


def _same(before: float | None, after: float | None) -> bool:
    if before is None or after is None:
        return before is after
    return before == after or (math.isnan(before) and math.isnan(after))


def _plain(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


__all__ = ["BulletinChange", "bulletin_changes"]
