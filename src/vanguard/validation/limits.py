"""The program's size, dates and weights against the :class:`~vanguard.Limits`.

Checked first, before any other rule, so an oversized program is refused in one pass over
its lists (no rule runs over a million letters it will refuse anyway). Dates must lie in
the declared range and the program may span at most ``max_years`` years: date arithmetic
beyond year 9999 is impossible and a 200-year program is a typing error, not a plan. Task
weights are not negative (the model's constraint) and at least one is above zero, so
every evaluation has a weighted mean to take.
"""

import datetime as dt
from collections.abc import Iterator, Mapping

from vanguard.limits import Limits
from vanguard.model.program import Program
from vanguard.problems import Problem


def limit_problems(program: Program, limits: Limits) -> list[Problem]:
    """Counts over their limits, dates out of range, a span too long, weights all zero."""
    counts = {section: len(getattr(program, section)) for section, _, _ in COUNTED}
    counts["pledges"] = sum(len(letter.pledges) for letter in program.letters)
    problems = count_problems(counts, limits)
    if problems:
        return problems  # nothing else is worth walking over
    problems.extend(_dates(program, limits))
    span = _years_between(program.start, program.end)
    if program.start <= program.end and span > limits.max_years:
        problems.append(
            Problem(
                "end",
                f"the program spans {span} years ({program.start}..{program.end}); at most "
                f"{limits.max_years} are allowed (raise it with Limits(max_years=...) or "
                "--limit max_years=N)",
            )
        )
    if program.tasks and not any(task.weight > 0 for task in program.tasks):
        problems.append(
            Problem(
                "tasks",
                "every key task weighs 0: at least one weight must be above 0 for the "
                "year-end score to be a weighted mean (see tasks[0].weight)",
            )
        )
    return problems


COUNTED = (
    ("tasks", "key tasks", "max_tasks"),
    ("posts", "posts", "max_posts"),
    ("units", "units", "max_units"),
    ("letters", "letters", "max_letters"),
    ("indicators", "indicators", "max_indicators"),
    ("cycles", "review cycles", "max_cycles"),
)
"""The program's lists that have a limit: (section, what it holds, the limit's name)."""


def count_problems(counts: Mapping[str, int], limits: Limits) -> list[Problem]:
    """Each count of ``counts`` (by section name, and ``pledges``) over its limit.

    The same check runs on a parsed document, before it is structured (so an oversized
    file costs one pass, not the building of a million objects), and on a program.
    """
    problems = [
        limits.refuse(section, what, counts[section], limit)
        for section, what, limit in COUNTED
        if counts.get(section, 0) > getattr(limits, limit)
    ]
    if counts.get("pledges", 0) > limits.max_pledges:
        problems.append(limits.refuse("letters", "pledges", counts["pledges"], "max_pledges"))
    return problems


def document_counts(document: Mapping[str, object]) -> dict[str, int]:
    """The counts :func:`count_problems` checks, read from a parsed program document."""
    counts = {}
    for section, _, _ in COUNTED:
        value = document.get(section)
        counts[section] = len(value) if isinstance(value, list) else 0
    letters = document.get("letters")
    counts["pledges"] = sum(
        len(pledges)
        for letter in (letters if isinstance(letters, list) else ())
        if isinstance(letter, dict) and isinstance(pledges := letter.get("pledges"), list)
    )
    return counts


def _dates(program: Program, limits: Limits) -> Iterator[Problem]:
    """Every date of the program outside ``limits.earliest`` .. ``limits.latest``."""
    low, high = limits.earliest, limits.latest
    for location, day in _every_date(program):
        if not low <= day <= high:
            yield Problem(
                location,
                f"{day} is outside the dates a program may use ({low}..{high}; see "
                "Limits(earliest=..., latest=...))",
            )


def _every_date(program: Program) -> Iterator[tuple[str, dt.date]]:
    yield "start", program.start
    yield "end", program.end
    for i, task in enumerate(program.tasks):
        for j, target in enumerate(task.targets):
            if target.due is not None:
                yield f"tasks[{i}].targets[{j}].due", target.due
            for k, milestone in enumerate(target.milestones):
                yield f"tasks[{i}].targets[{j}].milestones[{k}].due", milestone.due
    for i, letter in enumerate(program.letters):
        yield f"letters[{i}].signed", letter.signed
        for j, pledge in enumerate(letter.pledges):
            for k, revision in enumerate(pledge.revisions):
                yield f"letters[{i}].pledges[{j}].revisions[{k}].signed", revision.signed
    for i, figure in enumerate(program.figures):
        if figure.by is not None:
            yield f"figures[{i}].by", figure.by


def _years_between(start: dt.date, end: dt.date) -> int:
    """How many calendar years ``start``..``end`` touches, counted as a planner would: a
    program of 2006-01-01..2006-12-31 spans 1 year, 2006-07-01..2008-06-30 spans 2."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return -(-months // 12)


__all__ = ["COUNTED", "count_problems", "document_counts", "limit_problems"]
