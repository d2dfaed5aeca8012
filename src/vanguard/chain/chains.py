"""Responsibility chains derived from the letters, and who is accountable for a task.

A letter is a link from the post that pledges up to the post it pledges to. The links of
one kind form that kind's chain (Party Secretary -> Discipline Secretary -> section heads
for integrity; chief -> deputies -> section heads -> staff for work targets). The links
carrying pledges on one key task form that task's chain.
"""

from collections import defaultdict

import attrs

from vanguard.model.letter import LetterKind
from vanguard.model.program import Program


@attrs.frozen
class Link:
    """One signed letter seen as an edge: ``pledger`` answers to ``recipient``."""

    letter: str
    position: int
    pledger: str
    recipient: str
    kind: LetterKind


@attrs.frozen
class Accountability:
    """Who answers for a key task.

    ``direct`` are the posts at the bottom of the task's chain (they pledged the task and
    delegated it no further): they bear direct responsibility. ``leadership`` are the posts
    above them that pledged or received the parent targets, nearest first: they bear
    leadership responsibility. ``lines`` gives each direct post's chain upward.
    """

    task: str
    direct: tuple[str, ...]
    leadership: tuple[str, ...]
    lines: dict[str, tuple[str, ...]]


class Chains:
    """The letter chains of one program (derived, read-only)."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.links = tuple(
            Link(letter.id, position, letter.pledger, letter.recipient, letter.kind)
            for position, letter in enumerate(program.letters)
        )
        # Work-target links by the tasks they pledge, so a task's chain is found without
        # scanning every letter (programs with thousands of tasks and letters stay fast).
        self._by_task: dict[str, list[Link]] = defaultdict(list)
        for link in self.of_kind(LetterKind.WORK_TARGET):
            for task in dict.fromkeys(p.task for p in program.letters[link.position].pledges):
                self._by_task[task].append(link)

    def of_kind(self, kind: LetterKind) -> tuple[Link, ...]:
        """Every link of ``kind``, in file order."""
        return tuple(link for link in self.links if link.kind is kind)

    def of_task(self, task: str) -> tuple[Link, ...]:
        """The work-target links carrying at least one pledge on ``task``."""
        return tuple(self._by_task.get(task, ()))

    def roots(self, kind: LetterKind) -> tuple[str, ...]:
        """Posts that receive letters of ``kind`` but pledge none: the top of that chain."""
        links = self.of_kind(kind)
        pledgers = {link.pledger for link in links}
        return tuple(
            dict.fromkeys(link.recipient for link in links if link.recipient not in pledgers)
        )

    def below(self, kind: LetterKind) -> dict[str, list[str]]:
        """For each post, the posts that pledged to it in letters of ``kind``, in file order."""
        tree: dict[str, list[str]] = defaultdict(list)
        for link in self.of_kind(kind):
            if link.pledger not in tree[link.recipient]:
                tree[link.recipient].append(link.pledger)
        return dict(tree)

    def accountable_for(self, task: str) -> Accountability:
        """Who is directly responsible for ``task`` and who holds leadership above them.

        KeyError when the program has no such task.
        """
        self.program.task(task)
        links = self.of_task(task)
        up: dict[str, str] = {}
        for link in links:
            up.setdefault(link.pledger, link.recipient)
        recipients = {link.recipient for link in links}
        direct = tuple(
            dict.fromkeys(link.pledger for link in links if link.pledger not in recipients)
        )
        lines: dict[str, tuple[str, ...]] = {}
        leadership: dict[str, None] = {}
        for post in direct:
            line, seen, current = [], {post}, up.get(post)
            while current is not None and current not in seen:
                line.append(current)
                seen.add(current)
                current = up.get(current)
            lines[post] = tuple(line)
            leadership.update(dict.fromkeys(line))
        return Accountability(task, direct, tuple(leadership), lines)


__all__ = ["Accountability", "Chains", "Link"]
