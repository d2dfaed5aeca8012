"""Responsibility letters: signed pledges of targets (work targets) or of conduct (integrity)."""

import datetime as dt
import enum

from vanguard.model._constraints import Id, Text, model
from vanguard.model.label import Label


class LetterKind(enum.Enum):
    """What a letter answers for: business targets or integrity (one post, two responsibilities)."""

    WORK_TARGET = "work-target"
    """工作目标责任书: quantified targets of key tasks."""
    INTEGRITY = "integrity"
    """党风廉政建设责任书: clean-government commitments."""


@model
class Revision:
    """A later change to a pledged value, signed on ``signed`` for ``reason``.

    Revisions are appended, never substituted: the original value stays on the pledge.
    """

    value: float
    signed: dt.date
    reason: Text


@model
class Pledge:
    """A target of one indicator of one key task, pledged in a letter."""

    task: Id
    indicator: Id
    value: float
    revisions: tuple[Revision, ...] = ()

    @property
    def effective_value(self) -> float:
        """The value in force now: the latest revision's, or the original."""
        return self.value_on(dt.date.max)

    def value_on(self, when: dt.date) -> float:
        """The value in force on ``when`` (revisions signed after ``when`` do not count)."""
        if not self.revisions:
            return self.value
        value = self.value
        for revision in sorted(self.revisions, key=lambda r: r.signed):
            if revision.signed <= when:
                value = revision.value
        return value

    def revised(self, value: float, signed: dt.date, reason: str) -> "Pledge":
        """A copy of this pledge with one more revision; the original value is kept."""
        return Pledge(
            task=self.task,
            indicator=self.indicator,
            value=self.value,
            revisions=(*self.revisions, Revision(value=value, signed=signed, reason=reason)),
        )


@model
class Letter:
    """A responsibility letter signed by ``pledger`` to ``recipient`` on ``signed``.

    A work-target letter carries pledges; an integrity letter carries commitments (and may
    carry pledges on integrity indicators, such as zero violations).
    """

    id: Id
    kind: LetterKind
    pledger: Id
    recipient: Id
    signed: dt.date
    pledges: tuple[Pledge, ...] = ()
    commitments: tuple[Label, ...] = ()
    title: Label | None = None

    def pledge_for(self, task: str, indicator: str) -> Pledge | None:
        """The pledge on ``task``/``indicator`` in this letter, if any."""
        for pledge in self.pledges:
            if pledge.task == task and pledge.indicator == indicator:
                return pledge
        return None


__all__ = ["Letter", "LetterKind", "Pledge", "Revision"]
