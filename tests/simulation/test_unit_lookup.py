"""Finding a unit's column costs the same whatever the number of units.

An initiative's units may be every post of a program (the campaign discipline's are), and
a summary asks for every unit of every indicator: a search through the units for each
one made ``simulate --evaluate`` quadratic in posts (at 50x Zhaoqing, 118,200 searches of
up to 2,650 units). These tests count the comparisons of unit names, not time.
"""

from vanguard.simulation.feed import _groups
from vanguard.simulation.results import _position
from vanguard.simulation.tally import Layout

UNITS = 2000


def counted_names(count: int) -> tuple[list[str], list[int]]:
    """``count`` unit names whose equality comparisons are counted in the returned cell."""
    compared = [0]

    class Name(str):
        __hash__ = str.__hash__

        def __eq__(self, other: object) -> bool:
            compared[0] += 1
            return str.__eq__(self, other)

    return [Name(f"r{k}.post-{k}") for k in range(count)], compared


def test_every_unit_of_a_summary_is_found_without_a_search() -> None:
    names, compared = counted_names(UNITS)
    layout = Layout(("study.attendance",), (tuple(names),), 12, (0,), (0,), 12, 12)
    columns = [_position(layout, 0, name, "study.attendance") for name in names]
    assert columns == list(range(UNITS))
    assert compared[0] <= UNITS  # a search compares UNITS * (UNITS - 1) / 2 names


def test_every_post_of_an_initiative_over_posts_finds_its_own_unit_without_a_search() -> None:
    names, compared = counted_names(UNITS)
    position = {name: u for u, name in enumerate(names)}
    compared[0] = 0
    found = [_groups(names, position, (), name, None, "study.attendance", (), {}) for name in names]
    assert found == [([(u,)], True) for u in range(UNITS)]
    assert compared[0] <= UNITS
