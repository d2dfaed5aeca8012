"""Cross-reference checks: ids are unique, and every reference names something that exists.

The converter checks each value on its own; these checks need the whole program. Each
problem names both places: where the bad reference is, and where the thing it should
name is (or was first) defined.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence

from vanguard.model.cycle import Cadence
from vanguard.model.indicator import Indicator
from vanguard.model.program import FORMAT, Program
from vanguard.problems import Problem, unknown
from vanguard.validation.organisation import organisation_references


def _index(
    items: Sequence[object], key: str, section: str, problems: list[Problem]
) -> dict[str, str]:
    """Map each id in ``items`` to where it is defined; report duplicates with both places."""
    seen: dict[str, str] = {}
    for position, item in enumerate(items):
        value = getattr(item, key)
        here = f"{section}[{position}].{key}"
        if value in seen:
            problems.append(
                Problem(here, f"duplicate {key} {value!r} (first defined at {seen[value]})")
            )
        else:
            seen[value] = here
    return seen


def check_references(
    program: Program, external_indicators: Mapping[str, Indicator] | None = None
) -> list[Problem]:
    """Every uniqueness and reference problem in ``program``.

    ``external_indicators`` are indicators defined outside the file (by the plugins of
    the initiatives the program uses); the file may use their codes as if its own.
    """
    problems: list[Problem] = []
    if program.format != FORMAT:
        problems.append(
            Problem(
                "format", f"unsupported format {program.format!r}; this library reads {FORMAT!r}"
            )
        )
    if not 1 <= program.year_start <= 12:
        problems.append(Problem("year_start", f"must be a month 1-12, got {program.year_start}"))
    if program.end < program.start:
        problems.append(Problem("end", f"ends ({program.end}) before it starts ({program.start})"))

    _index(program.indicators, "code", "indicators", problems)
    indicators = dict(external_indicators or {})
    for position, indicator in enumerate(program.indicators):
        if external_indicators and indicator.code in external_indicators:
            problems.append(
                Problem(
                    f"indicators[{position}].code",
                    f"indicator {indicator.code!r} is already defined by a plugin",
                )
            )
        indicators.setdefault(indicator.code, indicator)
    pillars = _index(program.pillars, "id", "pillars", problems)
    tasks = _index(program.tasks, "id", "tasks", problems)
    units = _index(program.units, "id", "units", problems)
    posts = _index(program.posts, "id", "posts", problems)
    _index(program.letters, "id", "letters", problems)
    _index(program.cycles, "id", "cycles", problems)
    initiatives = _index(program.initiatives, "name", "initiatives", problems)

    problems.extend(_indicator_problems(program, indicators))
    for i, task in enumerate(program.tasks):
        where = f"tasks[{i}]"
        if task.pillar not in pillars:
            problems.append(
                Problem(f"{where}.pillar", unknown("pillar", task.pillar, pillars, "pillars"))
            )
        if task.initiative is not None and task.initiative not in initiatives:
            problems.append(
                Problem(
                    f"{where}.initiative",
                    unknown("initiative", task.initiative, initiatives, "initiatives"),
                )
            )
        seen_targets: set[str] = set()
        for j, target in enumerate(task.targets):
            at = f"{where}.targets[{j}]"
            if target.indicator not in indicators:
                problems.append(
                    Problem(
                        f"{at}.indicator",
                        unknown("indicator", target.indicator, indicators, "indicators"),
                    )
                )
            if target.indicator in seen_targets:
                problems.append(
                    Problem(
                        f"{at}.indicator",
                        f"task {task.id!r} already has a target on {target.indicator!r}",
                    )
                )
            seen_targets.add(target.indicator)
            due = target.due or program.end
            if not program.start <= due <= program.end:
                problems.append(
                    Problem(
                        f"{at}.due",
                        f"{due} is outside the program ({program.start}..{program.end})",
                    )
                )
            for k, milestone in enumerate(target.milestones):
                if not program.start <= milestone.due <= due:
                    problems.append(
                        Problem(
                            f"{at}.milestones[{k}].due",
                            f"{milestone.due} is outside {program.start}..{due}",
                        )
                    )
    for i, unit in enumerate(program.units):
        if unit.parent is not None and unit.parent not in units:
            problems.append(
                Problem(f"units[{i}].parent", unknown("unit", unit.parent, units, "units"))
            )
    problems.extend(_unit_cycles(program))
    roots = [u.id for u in program.units if u.parent is None]
    if program.units and len(roots) != 1:
        problems.append(
            Problem(
                "units",
                f"the organisation needs exactly one root unit, found "
                f"{len(roots)}: {', '.join(roots) or 'none'}",
            )
        )
    for i, post in enumerate(program.posts):
        if post.unit not in units:
            problems.append(Problem(f"posts[{i}].unit", unknown("unit", post.unit, units, "units")))
    earliest = _year_before(program.start)  # letters may be signed up to a year early
    for i, letter in enumerate(program.letters):
        where = f"letters[{i}]"
        for role in ("pledger", "recipient"):
            post_id = getattr(letter, role)
            if post_id not in posts:
                problems.append(
                    Problem(f"{where}.{role}", unknown("post", post_id, posts, "posts"))
                )
        if letter.pledger == letter.recipient:
            problems.append(
                Problem(f"{where}.recipient", "a post cannot sign a letter with itself")
            )
        if not earliest <= letter.signed <= program.end:
            problems.append(Problem(f"{where}.signed", f"{letter.signed} is outside the program"))
        pledged: set[tuple[str, str]] = set()
        for j, pledge in enumerate(letter.pledges):
            at = f"{where}.pledges[{j}]"
            if pledge.task not in tasks:
                problems.append(Problem(f"{at}.task", unknown("task", pledge.task, tasks, "tasks")))
            if pledge.indicator not in indicators:
                problems.append(
                    Problem(
                        f"{at}.indicator",
                        unknown("indicator", pledge.indicator, indicators, "indicators"),
                    )
                )
            if (pledge.task, pledge.indicator) in pledged:
                problems.append(
                    Problem(at, f"{pledge.task}/{pledge.indicator} is pledged twice in this letter")
                )
            pledged.add((pledge.task, pledge.indicator))
            for k, revision in enumerate(pledge.revisions):
                if revision.signed < letter.signed:
                    problems.append(
                        Problem(
                            f"{at}.revisions[{k}].signed",
                            f"revised {revision.signed}, before the letter was "
                            f"signed ({letter.signed})",
                        )
                    )
    for i, cycle in enumerate(program.cycles):
        weekly = cycle.cadence is Cadence.WEEKLY
        if weekly and cycle.weekday is None:
            problems.append(Problem(f"cycles[{i}].weekday", "a weekly cycle needs a weekday"))
        if not weekly and cycle.weekday is not None:
            problems.append(Problem(f"cycles[{i}].weekday", "only weekly cycles have a weekday"))
    problems.extend(organisation_references(program, posts, units))
    for i, exempt in enumerate(program.rules.exempt):
        if exempt not in posts:
            problems.append(Problem(f"rules.exempt[{i}]", unknown("post", exempt, posts, "posts")))
    for i, figure in enumerate(program.figures):
        if figure.indicator not in indicators:
            problems.append(
                Problem(
                    f"figures[{i}].indicator",
                    unknown("indicator", figure.indicator, indicators, "indicators"),
                )
            )
    return problems


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February; the first date for year 1)."""
    if day.year == 1:
        return dt.date.min
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _indicator_problems(program: Program, indicators: Mapping[str, Indicator]) -> Iterator[Problem]:
    for i, indicator in enumerate(program.indicators):
        where = f"indicators[{i}]"
        if indicator.is_ratio:
            for part in ("numerator", "denominator"):
                code = getattr(indicator, part)
                if code is None:
                    yield Problem(
                        f"{where}.{part}", "a ratio indicator needs a numerator and a denominator"
                    )
                elif code not in indicators:
                    yield Problem(
                        f"{where}.{part}", unknown("indicator", code, indicators, "indicators")
                    )
        elif indicator.numerator is not None or indicator.denominator is not None:
            yield Problem(
                f"{where}.numerator", "numerator/denominator are only for ratio indicators"
            )


def _unit_cycles(program: Program) -> Iterable[Problem]:
    """Units that are their own ancestor (on a loop of parents), in one linear pass.

    Each unit's line of parents is walked only until it meets a unit already walked, so
    a 10,000-deep organisation costs 10,000 steps, not 50 million.
    """
    parents = {u.id: u.parent for u in program.units}
    walked: dict[str, bool] = {}  # True while on the current walk, False once finished
    looped: set[str] = set()
    for unit in program.units:
        path: list[str] = []
        current: str | None = unit.id
        while current is not None and current in parents and current not in walked:
            walked[current] = True
            path.append(current)
            current = parents[current]
        if current is not None and walked.get(current):
            looped.update(path[path.index(current) :])  # the walk closed a loop here
        walked.update(dict.fromkeys(path, False))
    for i, unit in enumerate(program.units):
        if unit.id in looped:
            yield Problem(f"units[{i}].parent", f"unit {unit.id!r} is its own ancestor")


__all__ = ["check_references"]
