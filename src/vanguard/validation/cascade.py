"""Targets cascade down the work-target chain: what is pledged beneath a post covers its pledge.

For an additive indicator (aggregated over units by sum) the pledges made to a post must
add up to at least what that post pledged above (at most, for "lower is better"
ceilings). For a rate, every pledge made to the post must be at least the post's own (at
most, for lower-is-better). At the top, the pledges made to the chain's root cover the
key task's own target.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from vanguard.model.indicator import Direction, Indicator
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.problems import Problem


class PledgeRef(NamedTuple):
    """A pledge and where it stands in the program file."""

    location: str
    pledger: str
    recipient: str
    value: float


def _covers(indicator: Indicator, children: list[float], parent: float) -> bool:
    tolerance = 1e-9 * max(1.0, abs(parent))
    higher = indicator.direction is Direction.HIGHER
    if indicator.additive:
        total = sum(children)
        return total >= parent - tolerance if higher else total <= parent + tolerance
    if higher:
        return all(child >= parent - tolerance for child in children)
    return all(child <= parent + tolerance for child in children)


def _rule(indicator: Indicator) -> str:
    word = "at least" if indicator.direction is Direction.HIGHER else "at most"
    return f"sum to {word}" if indicator.additive else f"each be {word}"


def cascade_problems(program: Program, indicators: Mapping[str, Indicator]) -> Iterator[Problem]:
    """Every place where the pledges beneath a post fail to cover what it pledged."""
    made_to: dict[tuple[str, str, str], list[PledgeRef]] = defaultdict(list)
    made_by: dict[tuple[str, str, str], list[PledgeRef]] = defaultdict(list)
    for i, letter in enumerate(program.letters):
        if letter.kind is not LetterKind.WORK_TARGET:
            continue
        for j, pledge in enumerate(letter.pledges):
            ref = PledgeRef(
                f"letters[{i}].pledges[{j}]",
                letter.pledger,
                letter.recipient,
                pledge.effective_value,
            )
            made_to[(letter.recipient, pledge.task, pledge.indicator)].append(ref)
            made_by[(letter.pledger, pledge.task, pledge.indicator)].append(ref)

    for (pledger, task_id, code), above in made_by.items():
        indicator = indicators.get(code)
        below = made_to.get((pledger, task_id, code))
        if indicator is None or not below:
            continue
        pledged = [ref.value for ref in below]
        for ref in above:
            if not _covers(indicator, pledged, ref.value):
                places = ", ".join(child.location for child in below)
                yield Problem(
                    ref.location,
                    f"{pledger!r} pledged {ref.value:g} {indicator.unit} on {task_id}/{code}, but "
                    f"the pledges made to it ({places}: {', '.join(f'{v:g}' for v in pledged)}) "
                    "must "
                    f"{_rule(indicator)} {ref.value:g}",
                )

    pledgers = {key[0] for key in made_by}
    # the pledges made to the top of each task's chain, by (task, indicator), in file order
    tops: dict[tuple[str, str], list[PledgeRef]] = defaultdict(list)
    for (recipient, task_id, code), refs in made_to.items():
        if recipient not in pledgers:
            tops[(task_id, code)].extend(refs)
    for i, task in enumerate(program.tasks):
        for j, target in enumerate(task.targets):
            indicator = indicators.get(target.indicator)
            if indicator is None:
                continue
            top = tops.get((task.id, target.indicator), [])
            # a target relative to each line's year before has no single value to cover
            amount = target.amount(indicator.direction is Direction.LOWER)
            if amount is None:
                continue
            if top and not _covers(indicator, [ref.value for ref in top], amount):
                places = ", ".join(ref.location for ref in top)
                values = ", ".join(f"{ref.value:g}" for ref in top)
                yield Problem(
                    f"tasks[{i}].targets[{j}].value",
                    f"the top pledges on {task.id}/{target.indicator} ({places}: {values}) must "
                    f"{_rule(indicator)} the task's target {amount:g}",
                )


__all__ = ["cascade_problems"]
