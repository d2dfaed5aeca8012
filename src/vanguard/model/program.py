"""The program: a campaign's plan for one agency, with pillars, key tasks and everything else."""

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Annotated, Any, NamedTuple

import attrs

from vanguard.model._constraints import Constraint, Id, Text, model
from vanguard.model.appraisal import Appraisal
from vanguard.model.assignment import Assignment, UnitSpread
from vanguard.model.behaviour import Behaviour
from vanguard.model.cycle import ReviewCycle
from vanguard.model.indicator import Indicator
from vanguard.model.label import Label
from vanguard.model.letter import Letter, LetterKind
from vanguard.model.organisation import Post, Unit
from vanguard.model.target import Target

FORMAT = "vanguard/1"
"""The file-format version this library reads and writes."""


Weight = Annotated[float, Constraint(minimum=0, maximum=1e6)]
"""A task's weight in the year-end score: not negative, at most a million."""


@model
class Campaign:
    """The campaign several programs belong to (排头兵实践活动)."""

    id: Id
    name: Label


@model
class Pillar:
    """A pillar of the program (e.g. "build a high-quality workforce")."""

    id: Id
    name: Label
    description: Text | None = None


@model
class KeyTask:
    """A key task (重点工作) with its quantified targets.

    ``weight`` is the task's weight in the year-end evaluation (a finite number from 0 to
    a million; validation wants at least one task of a program weighing more than 0);
    ``initiative`` names the plugin initiative that models it, if any; ``source`` cites
    where the report names it.
    """

    id: Id
    name: Label
    pillar: Id
    targets: tuple[Target, ...] = ()
    initiative: Id | None = None
    weight: Weight = 1.0
    source: Text | None = None


@model
class InitiativeUse:
    """An initiative (a plugin) the program runs, over which units and with which parameters.

    ``units`` are the places the initiative's simulation model works over (the eight
    county-level divisions of Zhaoqing, the service windows of a competition);
    ``parameters`` override the plugin's defaults. ``assign`` says which posts (or
    organisation units) answer for which of those units (see
    :class:`~vanguard.model.assignment.Assignment`); without it a post reports from the
    unit named like it or like its organisation unit, else from all units. ``spread``
    lets a parameter vary from unit to unit around its value (a hierarchical prior, see
    :class:`~vanguard.model.assignment.UnitSpread`).
    """

    name: Id
    units: tuple[Id, ...] = ()
    parameters: Mapping[str, float] = attrs.field(factory=dict)
    assign: tuple[Assignment, ...] = ()
    spread: Mapping[str, UnitSpread] = attrs.field(factory=dict)


@model
class CleanGovernment:
    """The clean-government chain (党风廉政建设责任制): who signs integrity letters with whom.

    As the report has it (A-I-1): the Party ``secretary`` tops the chain, and the members
    of the secretary's own unit (the leadership) sign with the secretary; the
    ``discipline_secretary`` (纪委书记) signs with the secretary, and the head of every unit
    of a kind in ``heads_of`` (every section and institution) signs with the discipline
    secretary (with the secretary when there is none). Everyone else signs with their
    superior in the organisation, as for work targets.
    """

    secretary: Id
    discipline_secretary: Id | None = None
    heads_of: tuple[Id, ...] = ()


@model
class ChainRules:
    """Structural rules of the letter chains, on by default as the report describes them.

    ``follow_organisation``: every work-target letter goes to the pledger's superior (the
    head of its unit or of the unit above, or the superior the post declares), and every
    integrity letter follows ``clean_government`` (the organisation too, when that is not
    given). ``dual_responsibility``: every post pledges in a letter of each kind to the
    post it answers to (一岗双责), unless it tops that kind's chain; a post with no letter
    at all is a problem; posts in ``exempt`` are not checked. ``reach_bottom``: every key
    task is pledged down to at least one post that delegates it no further. ``cascade``:
    pledges beneath a post cover what it pledged above.
    ``delegated_reports``: whether a post may report an indicator it delegated (one that
    posts beneath it pledged to it in work-target letters). Off by default: the post's
    actual is rolled up from their reports, and a report of its own would stand in for
    theirs and hide the ones that are missing.
    """

    dual_responsibility: bool = True
    reach_bottom: bool = True
    cascade: bool = True
    follow_organisation: bool = True
    exempt: tuple[Id, ...] = ()
    delegated_reports: bool = False
    """Allow a post to report an indicator it delegated (its report then replaces the
    roll-up of the reports beneath it)."""
    clean_government: CleanGovernment | None = None


@model
class Ratchet:
    """Next year's pledge set from this year's result (the ratchet principle).

    In every review year after the first, a pledge line's value in force is raised to
    ``factor`` times the line's actual of the year before when that is more ("lower is
    better" lines: lowered to it when that is less). For the first year of a program whose
    ``previous`` program is in the ledger, the year before is that program's last
    evaluation. ``indicators`` limits the rule to those indicators (all when empty).
    """

    factor: Annotated[float, Constraint(exclusive_minimum=0, maximum=100)] = 1.0
    indicators: tuple[Id, ...] = ()


@model
class ReportedFigure:
    """A figure the source report gives, which simulations are compared with and calibrated to."""

    indicator: Id
    value: float
    source: Text
    by: dt.date | None = None


@model
class Program:
    """One agency's program within a campaign: the root object of a program file.

    Invariants checked on load (see :func:`vanguard.validate_program`): ids are unique
    within their kind; every reference (a task's pillar, a letter's posts, a pledge's task
    and indicator, a post's unit) resolves; the letter chains have no cycle and obey
    ``rules``.
    """

    id: Id
    name: Label
    campaign: Campaign
    start: dt.date
    end: dt.date
    format: str = FORMAT
    year_start: int = 1
    initiatives: tuple[InitiativeUse, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    tasks: tuple[KeyTask, ...] = ()
    units: tuple[Unit, ...] = ()
    posts: tuple[Post, ...] = ()
    letters: tuple[Letter, ...] = ()
    cycles: tuple[ReviewCycle, ...] = ()
    rules: ChainRules = ChainRules()
    figures: tuple[ReportedFigure, ...] = ()
    evaluation: Appraisal = Appraisal()
    ratchet: Ratchet | None = None
    previous: Id | None = None
    """The id of the program this one follows (last year's), whose recorded results give
    this program's baselines (see :class:`Ratchet`)."""
    behaviour: Behaviour | None = None
    """How posts respond to the rules in a simulation (:mod:`vanguard.simulation.behaviour`);
    None: posts are passive draws. ``simulate(..., behaviour=...)`` and a scenario's
    ``behaviour`` table take precedence."""
    description: Text | None = None

    def __repr__(self) -> str:
        """One line: what it is and its size (the fields are all still there)."""
        from vanguard.reports.notebook import program_repr

        return program_repr(self)

    def _repr_html_(self) -> str:
        """A compact summary table for notebooks (well under 20 KB)."""
        from vanguard.reports.notebook import program_html

        return program_html(self)

    def usable_indicators(
        self, external: Mapping[str, Indicator] | None = None
    ) -> dict[str, Indicator]:
        """Every indicator the program can use, by code: ``external`` (the plugins') and its own.

        A code defined in both keeps the external definition (the file may not redefine a
        plugin's indicator; validation reports that).
        """
        indicators = dict(external or {})
        for indicator in self.indicators:
            indicators.setdefault(indicator.code, indicator)
        return indicators

    def task(self, task_id: str) -> KeyTask:
        """The key task with id ``task_id`` (the first, if two share it); KeyError if none.

        Lookups by id use an index built on first use, so they take constant time.
        """
        return self._index.tasks[task_id]

    def post(self, post_id: str) -> Post:
        """The post with id ``post_id``; KeyError when there is none."""
        return self._index.posts[post_id]

    def unit(self, unit_id: str) -> Unit:
        """The unit with id ``unit_id``; KeyError when there is none."""
        return self._index.units[unit_id]

    def letter(self, letter_id: str) -> Letter:
        """The letter with id ``letter_id``; KeyError when there is none."""
        return self._index.letters[letter_id]

    def indicator(self, code: str) -> Indicator:
        """The program's own indicator ``code`` (not a plugin's); KeyError when none."""
        return self._index.indicators[code]

    def letters_of(self, kind: LetterKind) -> tuple[Letter, ...]:
        """The letters of one kind, in file order."""
        return tuple(letter for letter in self.letters if letter.kind is kind)

    @functools.cached_property
    def _index(self) -> "_Index":
        return _Index.of(self)


class _Index(NamedTuple):
    """A program's parts by id, the first of each id winning (duplicates are a problem
    validation reports; lookups stay defined). Not a model class: nothing of it is in a
    program file."""

    tasks: dict[str, KeyTask]
    posts: dict[str, Post]
    units: dict[str, Unit]
    letters: dict[str, Letter]
    indicators: dict[str, Indicator]

    @classmethod
    def of(cls, program: "Program") -> "_Index":
        def first(items: tuple[Any, ...], key: str) -> dict[str, Any]:
            index: dict[str, Any] = {}
            for item in items:
                index.setdefault(getattr(item, key), item)
            return index

        return cls(
            first(program.tasks, "id"),
            first(program.posts, "id"),
            first(program.units, "id"),
            first(program.letters, "id"),
            first(program.indicators, "code"),
        )


__all__ = [
    "FORMAT",
    "Campaign",
    "ChainRules",
    "CleanGovernment",
    "InitiativeUse",
    "KeyTask",
    "Pillar",
    "Program",
    "Ratchet",
    "ReportedFigure",
]
