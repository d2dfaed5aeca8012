"""Letters against the organisation: each letter goes to the post its pledger answers to.

With ``rules.follow_organisation`` (the default): every unit with posts names its head; a
work-target letter goes to the pledger's superior, an integrity letter follows the
clean-government chain (:class:`~vanguard.chain.organisation.Organisation` says who that
is, and why). With ``rules.dual_responsibility`` (the default): every post pledges in a
letter of each kind unless it tops that kind's chain (一岗双责), and a post holding no
letter at all is a problem, except the posts in ``rules.exempt``.
"""

from collections.abc import Iterator, Mapping

from vanguard.chain.chains import Chains
from vanguard.chain.organisation import Organisation, Superior
from vanguard.model.letter import LetterKind
from vanguard.model.organisation import Post
from vanguard.model.program import Program
from vanguard.problems import Problem, unknown

_ROUTE = {
    LetterKind.WORK_TARGET: "a work-target letter goes to the pledger's superior",
    LetterKind.INTEGRITY: "an integrity letter follows the clean-government chain",
}


def organisation_references(
    program: Program, posts: Mapping[str, str], units: Mapping[str, str]
) -> Iterator[Problem]:
    """The organisation's own references: heads, declared superiors, the chain's posts.

    ``posts`` and ``units`` map each id to where it is defined (the reference stage's
    indexes). A unit's head is a post of the unit or of a unit below it.
    """
    within = _Subtrees(program)
    unit_of = {post.id: post.unit for post in program.posts}
    for i, unit in enumerate(program.units):
        if unit.head is None:
            continue
        if unit.head not in posts:
            yield Problem(f"units[{i}].head", unknown("post", unit.head, posts, "posts"))
        elif not within(unit_of[unit.head], unit.id):
            yield Problem(
                f"units[{i}].head",
                f"{unit.head!r} is a post of unit {unit_of[unit.head]!r}, not of {unit.id!r} "
                "or a unit below it",
            )
    for i, post in enumerate(program.posts):
        if post.superior is None:
            continue
        if post.superior not in posts:
            yield Problem(f"posts[{i}].superior", unknown("post", post.superior, posts, "posts"))
        elif post.superior == post.id:
            yield Problem(f"posts[{i}].superior", "a post cannot be its own superior")
    chain = program.rules.clean_government
    if chain is not None:
        at = "rules.clean_government"
        for role in ("secretary", "discipline_secretary"):
            post_id = getattr(chain, role)
            if post_id is not None and post_id not in posts:
                yield Problem(f"{at}.{role}", unknown("post", post_id, posts, "posts"))
        kinds = {unit.kind for unit in program.units}
        for k, kind in enumerate(chain.heads_of):
            if kind not in kinds:
                yield Problem(f"{at}.heads_of[{k}]", unknown("unit kind", kind, kinds, "units"))


class _Subtrees:
    """Whether a unit lies in another's subtree, in constant time: each unit's entry and
    exit in one depth-first walk of the tree (units on a loop of parents are in no
    subtree; the loop itself is reported elsewhere)."""

    def __init__(self, program: Program) -> None:
        children: dict[str | None, list[str]] = {}
        for unit in program.units:
            children.setdefault(unit.parent, []).append(unit.id)
        self._span: dict[str, tuple[int, int]] = {}
        clock = 0
        stack: list[tuple[str, bool]] = [(root, False) for root in children.get(None, [])]
        while stack:
            unit_id, leaving = stack.pop()
            if leaving:
                self._span[unit_id] = (self._span[unit_id][0], clock)
                continue
            if unit_id in self._span:
                continue
            self._span[unit_id] = (clock, -1)
            clock += 1
            stack.append((unit_id, True))
            stack.extend((child, False) for child in children.get(unit_id, []))

    def __call__(self, unit_id: str, ancestor: str) -> bool:
        inner, outer = self._span.get(unit_id), self._span.get(ancestor)
        if inner is None or outer is None:
            return False
        return outer[0] <= inner[0] and inner[1] <= outer[1]


def organisation_problems(program: Program) -> list[Problem]:
    """Letters off the organisation, units without a head, posts short of a letter."""
    rules = program.rules
    organisation = Organisation(program)
    if rules.follow_organisation:
        headless = list(_headless_units(program))
        if headless:
            return headless  # superiors are unknown: checking letters would only add noise
        problems = list(_misrouted(program, organisation))
    else:
        problems = []
    if rules.dual_responsibility:
        problems.extend(_unheld(program, organisation, rules.follow_organisation))
    return problems


def _headless_units(program: Program) -> Iterator[Problem]:
    staffed: dict[str, list[Post]] = {}
    for post in program.posts:
        staffed.setdefault(post.unit, []).append(post)
    for i, unit in enumerate(program.units):
        if unit.head is None and unit.id in staffed:
            posts = staffed[unit.id]
            likely = next((post for post in posts if post.category != "staff"), posts[0])
            yield Problem(
                f"units[{i}]",
                f'unit {unit.id!r} has posts but names no head (head = "{likely.id}"?): '
                "letters follow the organisation (rules.follow_organisation)",
            )


def _misrouted(program: Program, organisation: Organisation) -> Iterator[Problem]:
    for i, letter in enumerate(program.letters):
        expected = organisation.answers_to(letter.pledger, letter.kind)
        if expected.post == letter.recipient:
            continue
        if expected.post is None:
            message = (
                f"{letter.pledger!r} answers to nobody in the {letter.kind.value} chain "
                f"({expected.because}), so it signs no {letter.kind.value} letter: remove "
                "the letter or declare the post's superior"
            )
        else:
            message = (
                f"{_ROUTE[letter.kind]}: {letter.pledger!r} answers to {expected.post!r} "
                f"({expected.because}), not {letter.recipient!r}"
            )
        yield Problem(f"letters[{i}].recipient", message)


def _unheld(program: Program, organisation: Organisation, follow: bool) -> Iterator[Problem]:
    chains = Chains(program)
    pledged: dict[LetterKind, set[str]] = {kind: set() for kind in LetterKind}
    held: set[str] = set()
    for link in chains.links:
        pledged[link.kind].add(link.pledger)
        held.update((link.pledger, link.recipient))
    tops = {kind: set(chains.roots(kind)) for kind in LetterKind}
    exempt = set(program.rules.exempt)
    for i, post in enumerate(program.posts):
        if post.id in exempt:
            continue
        if post.id not in held:
            yield Problem(
                f"posts[{i}]",
                f"post {post.id!r} holds no letter: every post answers for its work targets "
                "and for integrity (one post, two responsibilities, 一岗双责); add its letters "
                "or list it in rules.exempt",
            )
            continue
        for kind in LetterKind:
            if post.id in pledged[kind]:
                continue
            answer = (
                organisation.answers_to(post.id, kind)
                if follow
                else Superior(None if post.id in tops[kind] else "", "")
            )
            if answer.post is None:
                continue  # it tops this chain
            to = f" to {answer.post!r} ({answer.because})" if answer.post else ""
            yield Problem(
                f"posts[{i}]",
                f"post {post.id!r} pledges in no {kind.value} letter: one post, two "
                f"responsibilities (一岗双责) wants one{to}; add it or list the post in "
                "rules.exempt",
            )


__all__ = ["organisation_problems", "organisation_references"]
