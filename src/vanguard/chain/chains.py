"""Responsibility chains derived from the letters, and who is accountable for a task.

A letter is a link from the post that pledges up to the post it pledges to. The links of
one kind form that kind's chain (Party Secretary -> Discipline Secretary -> section heads
for integrity; chief -> deputies -> section heads -> staff for work targets). The links
carrying pledges on one key task form that task's chain.
"""

from collections import defaultdict
from collections.abc import Iterator

import attrs

from vanguard.io.problems import Problem
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


def chain_problems(program: Program) -> list[Problem]:
    """Cycles, and breaches of the program's chain rules (dual responsibility, reach)."""
    chains = Chains(program)
    problems = list(_cycles(chains))
    rules = program.rules
    if rules.dual_responsibility:
        problems.extend(_dual_responsibility(program, chains))
    if rules.reach_bottom:
        problems.extend(_reach_bottom(program, chains))
    return problems


def _cycles(chains: Chains) -> Iterator[Problem]:
    for kind in LetterKind:
        edges: dict[str, list[Link]] = defaultdict(list)
        for link in chains.of_kind(kind):
            edges[link.pledger].append(link)
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in list(edges):
            if state.get(start):
                continue
            # Iterative depth-first search: chains can be long, recursion is not safe.
            path: list[Link] = []
            stack: list[tuple[str, Iterator[Link]]] = [(start, iter(edges[start]))]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                following = next(children, None)
                if following is None:
                    state[node] = 2
                    stack.pop()
                    if path:
                        path.pop()
                    continue
                link = following
                nxt = link.recipient
                if state.get(nxt) == 1:
                    loop = [*path, link]
                    first = next(i for i, item in enumerate(loop) if item.pledger == nxt)
                    loop = loop[first:]
                    posts = " -> ".join([*(item.pledger for item in loop), nxt])
                    places = ", ".join(f"letters[{item.position}]" for item in loop)
                    yield Problem(
                        f"letters[{link.position}]",
                        f"{kind.value} letters form a cycle: {posts} ({places})",
                    )
                elif not state.get(nxt):
                    state[nxt] = 1
                    path.append(link)
                    stack.append((nxt, iter(edges.get(nxt, []))))


_ARTICLE = {LetterKind.WORK_TARGET: "a", LetterKind.INTEGRITY: "an"}


def _dual_responsibility(program: Program, chains: Chains) -> Iterator[Problem]:
    pledged: dict[LetterKind, dict[str, int]] = {kind: {} for kind in LetterKind}
    for link in chains.links:
        pledged[link.kind].setdefault(link.pledger, link.position)
    exempt = set(program.rules.exempt)
    for i, post in enumerate(program.posts):
        if post.id in exempt:
            continue
        held = {kind: pledged[kind].get(post.id) for kind in LetterKind}
        if all(position is None for position in held.values()):
            continue
        for kind, position in held.items():
            if position is None:
                other = next(k for k, p in held.items() if p is not None)
                yield Problem(
                    f"posts[{i}]",
                    f"post {post.id!r} pledges in {_ARTICLE[other]} {other.value} letter "
                    f"(letters[{held[other]}]) but in no {kind.value} letter: one post, two "
                    "responsibilities (一岗双责); add the letter or list the post in rules.exempt",
                )


def _reach_bottom(program: Program, chains: Chains) -> Iterator[Problem]:
    managers = {link.recipient for link in chains.of_kind(LetterKind.WORK_TARGET)}
    for i, task in enumerate(program.tasks):
        accountability = chains.accountable_for(task.id)
        if not accountability.direct:
            yield Problem(
                f"tasks[{i}]", f"key task {task.id!r} is pledged in no work-target letter"
            )
        elif all(post in managers for post in accountability.direct):
            stuck = ", ".join(accountability.direct)
            yield Problem(
                f"tasks[{i}]",
                f"key task {task.id!r} stops at {stuck}, who "
                f"{'delegates' if len(accountability.direct) == 1 else 'delegate'} other "
                "tasks further down: break it down to the posts below",
            )


__all__ = ["Accountability", "Chains", "Link", "chain_problems"]
