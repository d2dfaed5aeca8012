"""Checks a program's dated targets for the centre and its demonstration sites.

The report dates two milestones (A-III-5): the centre opened in April 2006, and the
provincial on-site meeting at its demonstration sites was held in September 2006. A
program expresses them as dated targets on ``retirees.centre_open`` (value 1 due
2006-04-30) and ``retirees.demonstration_sites``.

Decision: a program that uses the initiative *without* such targets is fine (another
agency need not share Zhaoqing's milestones), and so is a program whose dates differ from
the report's. What is a problem is a dated target the model, as the program configures
it, can never meet, or one that cannot mean anything:

* a target on ``retirees.centre_open`` whose value is not 0 or 1 (the centre is open or
  not);
* a target (or milestone) requiring the centre open, or demonstration sites, before the
  month the program's parameters open the centre (``centre_opens_period``);
* a target on ``retirees.demonstration_sites`` above the number of sites the program's
  parameters provide (``demonstration_sites`` x the initiative's units).

Each problem names the target and says which parameter to change.
"""

import datetime as dt
from collections.abc import Iterator, Mapping

import attrs

from vanguard import InitiativeUse, Problem, Program, Target
from vanguard_retiree_management.model import CENTRE_OPEN, SITES


def month_start(start: dt.date, period: int) -> dt.date:
    """The first day of the month ``period`` months after the month of ``start``."""
    month = start.month - 1 + period
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def _dated(
    target: Target, program: Program, where: str
) -> Iterator[tuple[str, str, dt.date, float]]:
    """``(place, due's location, due, value)`` for the target and each of its milestones.

    A target without ``due`` is due at the program's end; its location is then the target.
    """
    yield where, f"{where}.due" if target.due else where, target.due or program.end, target.value
    for k, milestone in enumerate(target.milestones):
        place = f"{where}.milestones[{k}]"
        yield place, f"{place}.due", milestone.due, milestone.value


@attrs.frozen
class MilestoneCheck:
    """The initiative's ``check_program``: dated targets the configured model cannot meet.

    ``defaults`` are the initiative's parameter defaults (a program's ``parameters``
    override them); ``default_units`` apply when the program names no units.
    """

    defaults: Mapping[str, float]
    default_units: tuple[str, ...]

    def __call__(self, program: Program, use: InitiativeUse) -> Iterator[Problem]:
        values = {**self.defaults, **use.parameters}
        index = program.initiatives.index(use) if use in program.initiatives else 0
        lever = f"initiatives[{index}].parameters"
        opens_period = max(round(values["centre_opens_period"]), 0)
        opens = month_start(program.start, opens_period)
        units = len(use.units or self.default_units)
        sites = round(values["demonstration_sites"]) * units
        for i, task in enumerate(program.tasks):
            for j, target in enumerate(task.targets):
                where = f"tasks[{i}].targets[{j}]"
                if target.indicator == CENTRE_OPEN:
                    yield from _check_centre(target, program, where, opens, lever)
                elif target.indicator == SITES:
                    yield from _check_sites(target, program, where, opens, sites, lever)


def _check_centre(
    target: Target, program: Program, where: str, opens: dt.date, lever: str
) -> Iterator[Problem]:
    for place, location, due, value in _dated(target, program, where):
        if value not in (0.0, 1.0):
            yield Problem(
                f"{place}.value",
                f"{CENTRE_OPEN} is 0 or 1 (the centre is open or not); got {value:g}",
            )
        elif value == 1.0 and due < opens:
            yield Problem(
                location,
                f"the centre must be open by {due.isoformat()}, but the model opens it in "
                f"{opens:%B %Y}; set {lever}.centre_opens_period or move the date",
            )


def _check_sites(
    target: Target, program: Program, where: str, opens: dt.date, sites: int, lever: str
) -> Iterator[Problem]:
    for place, location, due, value in _dated(target, program, where):
        if value > sites:
            yield Problem(
                f"{place}.value",
                f"{value:g} demonstration sites are targeted but the model provides at most "
                f"{sites}; raise {lever}.demonstration_sites (per unit) or lower the target",
            )
        elif value > 0 and due < opens:
            yield Problem(
                location,
                f"demonstration sites are due by {due.isoformat()}, before the centre opens "
                f"in {opens:%B %Y}; set {lever}.centre_opens_period or move the date",
            )


__all__ = ["MilestoneCheck", "month_start"]
