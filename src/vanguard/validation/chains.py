"""Chain rules: letters form no cycle, and every key task reaches the bottom of its chain.

The chains themselves are derived in :mod:`vanguard.chain.chains`; these checks read them.
Letters against the organisation and one post, two responsibilities are checked in
:mod:`vanguard.validation.organisation`.
"""

from collections import defaultdict
from collections.abc import Iterator

from vanguard.chain.chains import Chains, Link
from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.problems import Problem


def chain_problems(program: Program) -> list[Problem]:
    """Cycles, and tasks that stop short of the bottom of their chain (``reach_bottom``)."""
    chains = Chains(program)
    problems = list(_cycles(chains))
    rules = program.rules
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


__all__ = ["chain_problems"]
