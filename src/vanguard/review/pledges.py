"""The pledge map: every work-target pledge, who made it to whom, and where it sits in its chain.

This is the one place that reads the work-target letters for the review. A pledge of
indicator ``k`` on task ``t`` by post ``p`` is *delegated* when some letter pledges the same
``(t, k)`` to ``p``; a pledge delegated no further carries *direct* responsibility, and the
posts that received it, up the chain of letters pledging ``(t, k)``, carry *leadership*
responsibility. For actuals, what counts is the indicator alone: a post's value of ``k`` is
rolled up from every post that pledged ``k`` to it (on any task), by the indicator's
over-units rule. Bulletins, the year-end evaluation, the simulation's hand-off and the
cell layout all take these facts from here, so they cannot disagree.
"""

from collections.abc import Iterator

import attrs

from vanguard.model.letter import LetterKind, Pledge
from vanguard.model.program import Program


@attrs.frozen
class PledgeEntry:
    """One pledge of one work-target letter, with the letter's two parties."""

    post: str
    task: str
    indicator: str
    pledge: Pledge
    letter: str
    recipient: str


class PledgeMap:
    """Every work-target pledge of a program, indexed (derived, read-only)."""

    def __init__(self, program: Program) -> None:
        self.program = program
        entries: list[PledgeEntry] = []
        for letter in program.letters:
            if letter.kind is not LetterKind.WORK_TARGET:
                continue
            for pledge in letter.pledges:
                entries.append(
                    PledgeEntry(
                        letter.pledger,
                        pledge.task,
                        pledge.indicator,
                        pledge,
                        letter.id,
                        letter.recipient,
                    )
                )
        self.entries: tuple[PledgeEntry, ...] = tuple(entries)
        """Every pledge, in file order (letters, then pledges within a letter)."""
        self._up: dict[tuple[str, str, str], str] = {}
        self._below: dict[str, dict[str, list[str]]] = {}
        for entry in entries:
            self._up.setdefault((entry.post, entry.task, entry.indicator), entry.recipient)
            kids = self._below.setdefault(entry.indicator, {}).setdefault(entry.recipient, [])
            if entry.post not in kids:
                kids.append(entry.post)
        self._received = {(e.recipient, e.task, e.indicator) for e in entries}

    def __iter__(self) -> Iterator[PledgeEntry]:
        return iter(self.entries)

    def delegated(self, post: str, task: str, indicator: str) -> bool:
        """Whether some post pledged ``(task, indicator)`` to ``post``."""
        return (post, task, indicator) in self._received

    def pledged(self, post: str, task: str, indicator: str) -> bool:
        """Whether ``post`` pledged ``(task, indicator)`` upwards."""
        return (post, task, indicator) in self._up

    def leaders(self, post: str, task: str, indicator: str) -> tuple[str, ...]:
        """The posts above ``post`` in the chain of ``(task, indicator)``, nearest first: the
        recipient of its pledge, that post's recipient, and so on to the top."""
        chain: list[str] = []
        seen = {post}
        current = self._up.get((post, task, indicator))
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self._up.get((current, task, indicator))
        return tuple(chain)

    def below(self, indicator: str) -> dict[str, list[str]]:
        """For each post, the posts that pledged ``indicator`` to it (on any task), in file
        order: the tree the post's value of ``indicator`` is rolled up from."""
        return self._below.get(indicator, {})


def bottom_up(below: dict[str, list[str]]) -> list[str]:
    """The posts of a roll-up tree ordered so each comes after every post beneath it.

    Letters have no cycles in a valid program; should one slip through, the walk cuts it
    (each post is placed once) instead of looping.
    """
    order: list[str] = []
    state: dict[str, int] = {}
    for start in below:
        if state.get(start):
            continue
        state[start] = 1
        stack = [(start, iter(below.get(start, [])))]
        while stack:
            node, kids = stack[-1]
            kid = next(kids, None)
            if kid is None:
                stack.pop()
                state[node] = 2
                order.append(node)
            elif not state.get(kid):
                state[kid] = 1
                stack.append((kid, iter(below.get(kid, []))))
    return order


__all__ = ["PledgeEntry", "PledgeMap", "bottom_up"]
