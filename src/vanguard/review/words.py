"""The program's own words for the ids a review result carries, in English or Chinese.

A bulletin or an evaluation names posts, tasks, indicators, grades and groups by id;
people read their names. :class:`ProgramWords` gives each in the program's words
(post titles, task names, indicator names and units, grades in the vocabulary of the
post's category) and, for what a program file does not name (bulletin statuses, the post
categories the library knows, units of measure), the interface catalog's words
(:mod:`vanguard.i18n`). Counts read as whole numbers (:meth:`ProgramWords.amount`).
"""

from collections.abc import Mapping

from vanguard.i18n import _, words
from vanguard.model.indicator import Indicator
from vanguard.model.label import Language
from vanguard.model.program import Program
from vanguard.review.bulletin import Status

STATUSES = {
    Status.ON_TRACK: _("on track"),
    Status.LAGGING: _("lagging"),
    Status.BEHIND: _("behind"),
}
"""A bulletin line's status in words."""

CATEGORIES = {
    "leadership": _("leadership posts"),
    "section-head": _("section heads"),
    "staff": _("staff"),
}
"""The post categories the shipped programs use; another category reads as its id."""

UNITS = {
    unit: unit
    for unit in (
        _("person"),
        _("case"),
        _("day"),
        _("employer"),
        _("item"),
        _("inspection"),
        _("complaint"),
        _("consultation"),
        _("violation"),
        _("report"),
        _("job"),
        _("business"),
        _("agency"),
        _("officer"),
        _("board"),
        _("site"),
        _("step"),
        _("problem"),
        _("measure"),
        _("minute"),
        _("period"),
        _("level"),
        _("point"),
        _("percent"),
        _("share"),
        _("ratio"),
        _("probability"),
        _("yuan"),
        _("month"),
        _("year"),
        _("session"),
        _("exam"),
        _("check"),
        _("document"),
        _("event"),
        _("household"),
        _("rule"),
        _("village"),
        _("visit"),
        _("bulletin"),
    )
}
"""Units of measure the catalog translates (a unit such as ``case/month`` word by word)."""

FRACTIONAL = frozenset({"percent", "share", "ratio", "probability", "point", "level"})
"""Units whose values are not counts (shown with decimals)."""


class ProgramWords:
    """Names for the ids of ``program`` in ``language``; ``indicators`` are the usable ones
    (the plugins' and the file's own; default: the file's own)."""

    def __init__(
        self,
        program: Program,
        indicators: Mapping[str, Indicator] | None = None,
        language: Language = "en",
    ) -> None:
        self.program = program
        self.language: Language = language
        self.text = words(language)
        """The interface catalog of ``language``: ``text("message {field}", field=...)``."""
        self.indicators = program.usable_indicators(indicators)
        self._posts = {post.id: post for post in program.posts}
        self._units = {unit.id: unit for unit in program.units}
        self._tasks = {task.id: task for task in program.tasks}
        rules = program.evaluation
        self._vocabulary = {v.category: v.names for v in rules.vocabularies}
        self._grades = [band.id for band in rules.grades]
        self._band_names = {band.id: band.name for band in rules.grades}

    def post(self, post_id: str) -> str:
        """The post's title (its id when the program has no such post)."""
        post = self._posts.get(post_id)
        return post.title.show(self.language) if post else post_id

    def post_unit(self, post_id: str) -> str:
        """The name of the unit the post belongs to."""
        post = self._posts.get(post_id)
        return self.unit(post.unit) if post else ""

    def unit(self, unit_id: str) -> str:
        """The unit's name."""
        unit = self._units.get(unit_id)
        return unit.name.show(self.language) if unit else unit_id

    def task(self, task_id: str) -> str:
        """The key task's name."""
        task = self._tasks.get(task_id)
        return task.name.show(self.language) if task else task_id

    def indicator(self, code: str) -> str:
        """The indicator's name."""
        indicator = self.indicators.get(code)
        return indicator.name.show(self.language) if indicator else code

    def measure(self, code: str) -> str:
        """The indicator's unit of measure in words (``case/month``: each part translated)."""
        indicator = self.indicators.get(code)
        if indicator is None or not indicator.unit:
            return ""
        return "/".join(
            self.text(part) if part in UNITS else part for part in indicator.unit.split("/")
        )

    def is_count(self, code: str) -> bool:
        """Whether the indicator counts things (its values read as whole numbers)."""
        indicator = self.indicators.get(code)
        if indicator is None or indicator.is_ratio:
            return False
        first = indicator.unit.split("/")[0] if indicator.unit else ""
        return first not in FRACTIONAL and bool(first)

    def amount(self, code: str, value: float | None) -> str:
        """``value`` of indicator ``code`` for reading: counts whole (``34``, ``1,250``),
        other values with one decimal (``86.4``); ``not reported`` for None."""
        if value is None:
            return self.text("not reported")
        if self.is_count(code):
            return f"{round(value):,}"
        if value != 0 and abs(value) < 10:
            return f"{value:.4g}"
        return f"{value:,.1f}"

    def grade(self, category: str, grade: str | None) -> str:
        """A grade in the words of ``category`` (the band's own name, else its id)."""
        if grade is None:
            return ""
        names = self._vocabulary.get(category)
        if names is not None and grade in self._grades:
            return names[self._grades.index(grade)].show(self.language)
        name = self._band_names.get(grade)
        return name.show(self.language) if name is not None else grade

    def category(self, category: str) -> str:
        """A post category (a bulletin's ranking group) in words."""
        return self.text(CATEGORIES[category]) if category in CATEGORIES else category

    def status(self, status: Status | None) -> str:
        """A bulletin status in words (empty for None)."""
        return "" if status is None else self.text(STATUSES[status])


__all__ = ["CATEGORIES", "STATUSES", "UNITS", "ProgramWords"]
