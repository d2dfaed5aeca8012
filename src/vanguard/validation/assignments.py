"""Each initiative's units mapped to the organisation, and its units' spreads, checked.

A program's ``[[initiatives]]`` entry may say which posts answer for which of the
initiative's units (``assign``) and how a parameter varies from unit to unit (``spread``).
The rules, reported with their place and a did-you-mean:

* every unit an entry assigns is one of the initiative's units, and is assigned once for
  each indicator (an entry without ``indicators`` assigns it for all of them);
* every name in ``to`` is a post or an organisation unit of the program, and every name
  in ``indicators`` an indicator of the initiative;
* an entry assigns some units to someone;
* once an initiative assigns units, every post that pledges one of its indicators and
  delegates it to nobody (so reports it itself) is assigned some units: a post left out
  would silently be judged on nothing;
* a spread names a parameter of the initiative that units may differ in (see
  :attr:`~vanguard.plugins.initiative.Parameter.per_unit`); a ``beta`` spread is below 1 and its
  parameter a probability (bounds within 0 and 1); a ``lognormal`` one's parameter is
  never negative.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from vanguard.model.assignment import SpreadKind, entries_by_name, entries_for
from vanguard.model.program import InitiativeUse, Program
from vanguard.problems import Problem, did_you_mean

if TYPE_CHECKING:  # the initiative contract imports numpy; checking it needs no numpy
    from vanguard.plugins.initiative import Initiative


def assignment_problems(
    program: Program, use: InitiativeUse, where: str, initiative: "Initiative | None"
) -> list[Problem]:
    """Every problem with ``use``'s ``assign`` and ``spread`` (``where``: the entry's place,
    ``initiatives[2]``); ``initiative`` is the plugin's, when one provides it."""
    problems: list[Problem] = []
    units = use.units or (initiative.default_units if initiative is not None else ())
    known_units = set(units)
    posts = {post.id for post in program.posts}
    org_units = {unit.id for unit in program.units}
    codes = _codes(initiative)
    first_at: dict[str, dict[str, str]] = {}  # unit -> indicator -> where first assigned
    for j, entry in enumerate(use.assign):
        at = f"{where}.assign[{j}]"
        for k, code in enumerate(entry.indicators):
            if codes and code not in codes:
                problems.append(
                    Problem(
                        f"{at}.indicators[{k}]",
                        f"unknown indicator {code!r}: {use.name!r} defines "
                        f"{', '.join(sorted(codes))}" + did_you_mean(code, sorted(codes)),
                    )
                )
        covered = _covered(entry.indicators, codes)
        if not entry.units:
            problems.append(Problem(f"{at}.units", "assigns no units"))
        if not entry.to:
            problems.append(Problem(f"{at}.to", "assigns its units to nobody"))
        for k, unit in enumerate(entry.units):
            place = f"{at}.units[{k}]"
            if known_units and unit not in known_units:
                problems.append(
                    Problem(
                        place,
                        f"unknown unit {unit!r}: {use.name!r} runs over "
                        f"{', '.join(units)}" + did_you_mean(unit, units),
                    )
                )
                continue
            earlier = first_at.setdefault(unit, {})
            if ALL in covered or ALL in earlier:
                twice = list(earlier.values())
            else:
                twice = [earlier[c] for c in covered if c in earlier]
            if twice:
                problems.append(
                    Problem(place, f"unit {unit!r} is assigned twice (first at {twice[0]})")
                )
            for c in covered:
                earlier.setdefault(c, place)
        for k, name in enumerate(entry.to):
            if name not in posts and name not in org_units:
                problems.append(
                    Problem(
                        f"{at}.to[{k}]",
                        f"unknown post or unit {name!r}: no posts or units entry has this id"
                        + did_you_mean(name, sorted(posts | org_units)),
                    )
                )
    if initiative is not None:
        if use.assign:
            problems.extend(_unassigned(program, use, where, initiative))
        problems.extend(_spread_problems(use, where, initiative))
    return problems


ALL = "*"
"""Stands for every indicator of an initiative the plugins do not describe."""


def _codes(initiative: "Initiative | None") -> set[str]:
    return set() if initiative is None else {i.code for i in initiative.indicators}


def _covered(named: tuple[str, ...], codes: set[str]) -> set[str]:
    """The indicators an entry covers: those named (a rate bringing nothing more here: its
    parts are the initiative's, covered by naming them or the rate), else all."""
    if named:
        return set(named)
    return codes or {ALL}


def _unassigned(
    program: Program, use: InitiativeUse, where: str, initiative: "Initiative"
) -> list[Problem]:
    """Posts reporting an indicator of the initiative themselves, but assigned no unit."""
    codes = {indicator.code for indicator in initiative.indicators}
    pledged: dict[str, set[str]] = {}
    delegated: dict[str, set[str]] = {}
    for letter in program.letters:
        for pledge in letter.pledges:
            if pledge.indicator in codes:
                pledged.setdefault(letter.pledger, set()).add(pledge.indicator)
                delegated.setdefault(letter.recipient, set()).add(pledge.indicator)
    unit_of = {post.id: post.unit for post in program.posts}
    named = entries_by_name(use.assign)
    problems = []
    for post, indicators in pledged.items():
        own = indicators - delegated.get(post, set())
        missing = sorted(
            code
            for code in own
            if not entries_for(use.assign, post, unit_of.get(post), code, index=named)
        )
        if missing:
            problems.append(
                Problem(
                    f"{where}.assign",
                    f"post {post!r} reports {', '.join(missing)} of {use.name!r} itself, but "
                    "no entry assigns it units for that: add the post (or its unit) to the "
                    "'to' of an entry covering it",
                )
            )
    return problems


def _spread_problems(use: InitiativeUse, where: str, initiative: "Initiative") -> list[Problem]:
    declared = {parameter.name: parameter for parameter in initiative.parameters}
    problems = []
    for name, spread in use.spread.items():
        place = f"{where}.spread.{name}"
        parameter = declared.get(name)
        if parameter is None:
            hint = did_you_mean(name, declared) or f"; its parameters are {', '.join(declared)}"
            problems.append(Problem(place, f"{use.name!r} has no parameter {name!r}{hint}"))
            continue
        if not parameter.per_unit:
            problems.append(
                Problem(
                    place,
                    f"the units of {use.name!r} cannot differ in {name}: it acts on all of "
                    "them together",
                )
            )
            continue
        if spread.distribution is SpreadKind.BETA:
            if spread.spread >= 1:
                problems.append(
                    Problem(f"{place}.spread", f"a beta spread is below 1, got {spread.spread!r}")
                )
            if parameter.lower < 0 or parameter.upper > 1:
                problems.append(
                    Problem(
                        f"{place}.distribution",
                        f"a beta spread needs a probability, but {name} lies in "
                        f"[{parameter.lower!r}, {parameter.upper!r}]; use lognormal",
                    )
                )
        elif parameter.lower < 0:
            problems.append(
                Problem(
                    f"{place}.distribution",
                    f"a lognormal spread needs a parameter that is never negative, but {name} "
                    f"may be as low as {parameter.lower!r}",
                )
            )
        if parameter.integer and spread.spread > 0:
            problems.append(
                Problem(place, f"{name} is a whole number; units cannot spread around it")
            )
    return problems


def all_assignment_problems(
    program: Program, initiatives: "Mapping[str, Initiative] | None" = None
) -> list[Problem]:
    """:func:`assignment_problems` of every ``[[initiatives]]`` entry of ``program``."""
    found = initiatives or {}
    problems = []
    for i, use in enumerate(program.initiatives):
        problems.extend(assignment_problems(program, use, f"initiatives[{i}]", found.get(use.name)))
    return problems


__all__ = ["all_assignment_problems", "assignment_problems"]
