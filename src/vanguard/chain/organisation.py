"""Who answers to whom: the superior of every post, for each kind of letter.

The organisation says it (层级管理): a post answers to the head of its unit; a unit's head
answers to the head of the unit above; a post may declare another ``superior`` (a section
head answering to the deputy chief who oversees the section, 分管). Integrity letters
follow the program's clean-government chain when it declares one
(:class:`~vanguard.model.program.CleanGovernment`), the organisation otherwise. Letters
are checked against these answers (:mod:`vanguard.validation.organisation`).
"""

import attrs

from vanguard.model.letter import LetterKind
from vanguard.model.organisation import Post, Unit
from vanguard.model.program import Program


@attrs.frozen
class Superior:
    """The post a post answers to for one kind of letter, and why.

    ``post`` is None when the post tops that chain (it answers to nobody); ``because``
    says where the answer comes from, in the file's terms (``head of unit 'office',
    units[2].head``).
    """

    post: str | None
    because: str


class Organisation:
    """The superiors of a program's posts (derived, read-only; every lookup is constant or
    proportional to the depth of the organisation)."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._posts: dict[str, tuple[int, Post]] = {}
        for i, post in enumerate(program.posts):
            self._posts.setdefault(post.id, (i, post))
        self._units: dict[str, tuple[int, Unit]] = {}
        for j, unit in enumerate(program.units):
            self._units.setdefault(unit.id, (j, unit))
        self._headed: dict[str, list[Unit]] = {}
        for unit in program.units:
            if unit.head is not None:
                self._headed.setdefault(unit.head, []).append(unit)
        self._nearest: dict[str, str | None] = {}
        self._answers: dict[tuple[str, LetterKind], Superior] = {}

    def head(self, unit_id: str) -> str | None:
        """The post heading ``unit_id``, if it names one."""
        return self._units[unit_id][1].head

    def heads(self, post_id: str) -> tuple[Unit, ...]:
        """The units ``post_id`` heads."""
        return tuple(self._headed.get(post_id, ()))

    def superior(self, post_id: str) -> Superior:
        """The post ``post_id`` answers to for work targets (KeyError for an unknown post)."""
        index, post = self._posts[post_id]
        if post.superior is not None:
            return Superior(post.superior, f"declared at posts[{index}].superior")
        unit_id: str | None = post.unit
        while unit_id is not None:
            found = self._nearest_headed(unit_id)
            if found is None:
                break
            j, unit = self._units[found]
            if unit.head != post_id:
                return Superior(unit.head, f"head of unit {found!r}, units[{j}].head")
            unit_id = unit.parent  # the post heads this unit: it answers to the one above
        return Superior(None, "it heads the organisation")

    def integrity_superior(self, post_id: str) -> Superior:
        """The post ``post_id`` signs its integrity letter with (KeyError for an unknown post)."""
        chain = self.program.rules.clean_government
        if chain is None:
            return self.superior(post_id)
        where = "rules.clean_government"
        if post_id == chain.secretary:
            return Superior(None, f"it tops the clean-government chain, {where}.secretary")
        if post_id == chain.discipline_secretary:
            return Superior(
                chain.secretary, f"the discipline secretary signs with the secretary, {where}"
            )
        post = self._posts[post_id][1]
        leadership = self._posts.get(chain.secretary)
        if leadership is not None and post.unit == leadership[1].unit:
            return Superior(
                chain.secretary,
                f"the members of the secretary's unit {post.unit!r} sign with the secretary, "
                f"{where}",
            )
        kinds = [unit.kind for unit in self.heads(post_id) if unit.kind in chain.heads_of]
        if kinds:
            signer = chain.discipline_secretary or chain.secretary
            return Superior(
                signer, f"the heads of {kinds[0]!r} units sign with {signer!r}, {where}.heads_of"
            )
        return self.superior(post_id)

    def answers_to(self, post_id: str, kind: LetterKind) -> Superior:
        """:meth:`superior` for work-target letters, :meth:`integrity_superior` for integrity
        (remembered: a post with thousands of letters is looked up once)."""
        key = (post_id, kind)
        if key not in self._answers:
            integrity = kind is LetterKind.INTEGRITY
            self._answers[key] = (
                self.integrity_superior(post_id) if integrity else self.superior(post_id)
            )
        return self._answers[key]

    def _nearest_headed(self, unit_id: str) -> str | None:
        """The unit at or above ``unit_id`` that names a head, nearest first (memoised)."""
        walked: dict[str, None] = {}
        current: str | None = unit_id
        found: str | None = None
        while current is not None:
            if current in self._nearest:
                found = self._nearest[current]
                break
            entry = self._units.get(current)
            if entry is None or current in walked:  # unknown unit or a loop: stop there
                break
            walked[current] = None
            if entry[1].head is not None:
                found = current
                break
            current = entry[1].parent
        self._nearest.update(dict.fromkeys(walked, found))
        return found


__all__ = ["Organisation", "Superior"]
