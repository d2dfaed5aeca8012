"""The organisation: units in a tree, posts in units, and who holds each post."""

from vanguard.model._constraints import Id, model
from vanguard.model.label import Label


@model
class Unit:
    """A unit of the organisation: the bureau, a section, an affiliated institution, a county.

    ``kind`` groups comparable units for ranking (sections are ranked among sections).
    ``parent`` is None only for the root unit.
    """

    id: Id
    name: Label
    kind: Id
    parent: Id | None = None


@model
class Post:
    """A position in a unit that signs letters and reports actuals.

    ``category`` selects the grade vocabulary at year end (leadership, section head,
    staff); ``holder`` is the person currently holding the post, if recorded.
    """

    id: Id
    title: Label
    unit: Id
    category: Id = "staff"
    holder: Label | None = None


__all__ = ["Post", "Unit"]
