"""The organisation: units in a tree, posts in units, and who holds each post."""

from vanguard.model._constraints import Id, model
from vanguard.model.label import Label


@model
class Unit:
    """A unit of the organisation: the bureau, a section, an affiliated institution, a county.

    ``kind`` groups comparable units for ranking (sections are ranked among sections).
    ``parent`` is None only for the root unit. ``head`` is the post that heads the unit
    (a post of the unit or of a unit below it): the unit's other posts answer to it, and
    it answers to the head of the unit above (unless it declares a ``superior``). Every
    unit that has posts names its head when the letters must follow the organisation
    (``rules.follow_organisation``, the default).
    """

    id: Id
    name: Label
    kind: Id
    parent: Id | None = None
    head: Id | None = None


@model
class Post:
    """A position in a unit that signs letters and reports actuals.

    ``category`` selects the grade vocabulary at year end (leadership, section head,
    staff); ``holder`` is the person currently holding the post, if recorded.
    ``superior`` is the post it answers to when that is not the one the organisation
    gives (the head of its unit, or for a unit's head the head of the unit above): a
    section head answering to the deputy chief who oversees the section (分管).
    """

    id: Id
    title: Label
    unit: Id
    category: Id = "staff"
    holder: Label | None = None
    superior: Id | None = None


__all__ = ["Post", "Unit"]
