"""The quarterly bulletin (每季一通报): progress against what is due, scored, ranked, published.

At a quarter's end every line's cumulative actual is set against the value due by then
(pro-rated or by the task's milestones, see :mod:`~vanguard.review.lines`); its
achievement gives a status (on track, lagging, behind: thresholds in the program's
``evaluation.bulletin.status``) and a score on the scoring curve. Posts are ranked among
posts of the same category, units among units of the same kind; the rank change is
measured against the previous bulletin (the one published, when given, so a late report
cannot rewrite history); the posts furthest behind are named as laggards.
"""

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from vanguard.io.problems import Problem, ProgramError
from vanguard.model.appraisal import StatusBands
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.actuals import Actuals
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.progress import Progress, measure_progress
from vanguard.review.ranking import group_codes, rank_within
from vanguard.review.versions import BulletinChange


class Status(enum.Enum):
    """A line's progress against what is due, best first."""

    ON_TRACK = "on-track"
    LAGGING = "lagging"
    BEHIND = "behind"


def status_of(achievement: float, bands: StatusBands) -> Status:
    """The status band an achievement ratio falls in."""
    if achievement >= bands.on_track:
        return Status.ON_TRACK
    if achievement >= bands.lagging:
        return Status.LAGGING
    return Status.BEHIND


@attrs.frozen
class BulletinLine:
    """One pledge's progress: due and actual to date, achievement, status and score."""

    post: str
    task: str
    indicator: str
    pledged: float
    due: float
    actual: float | None
    achievement: float
    status: Status
    score: float


@attrs.frozen
class Standing:
    """A ranked item (post, unit or program): its score, rank within ``group`` and the
    rank change since the previous bulletin (positive = moved up; None for the first)."""

    id: str
    group: str
    score: float | None
    rank: int
    change: int | None
    status: Status | None = None


@attrs.frozen
class Bulletin:
    """A published quarterly bulletin of one program."""

    program: str
    campaign: str
    quarter: str
    as_of: dt.date
    lines: tuple[BulletinLine, ...]
    posts: tuple[Standing, ...]
    units: tuple[Standing, ...]
    program_score: float | None
    laggards: tuple[str, ...]
    previous: str | None
    version: int = 1
    """1 for the bulletin first published for the quarter; 2, 3, ... for re-issues."""
    changes: tuple[BulletinChange, ...] = ()
    """For a re-issue, every number that differs from the first version."""

    def __repr__(self) -> str:
        """One line: what it is and its size (the fields are all still there)."""
        from vanguard.reports.notebook import bulletin_repr

        return bulletin_repr(self)

    def _repr_html_(self) -> str:
        """A compact summary table for notebooks (well under 20 KB)."""
        from vanguard.reports.notebook import bulletin_html

        return bulletin_html(self)

    def standing(self, post_or_unit: str) -> Standing:
        """The standing of a post or unit; KeyError when it is not ranked here."""
        for item in (*self.posts, *self.units):
            if item.id == post_or_unit:
                return item
        raise KeyError(post_or_unit)

    def to_payload(self, converter: Any) -> dict[str, Any]:
        """Plain JSON data (dates as ISO strings) through the app's converter."""
        data: dict[str, Any] = converter.unstructure(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_payload(cls, converter: Any, payload: Mapping[str, Any]) -> "Bulletin":
        """The bulletin recorded by :meth:`to_payload`."""
        data = dict(payload)
        data["as_of"] = dt.date.fromisoformat(data["as_of"])
        bulletin: Bulletin = converter.structure(data, cls)
        return bulletin


def publish_bulletin(
    program: Program,
    actuals: Actuals,
    quarter: str,
    indicators: Mapping[str, Indicator] | None = None,
    previous: Bulletin | None = None,
    replication: int = 0,
) -> Bulletin:
    """The bulletin of ``quarter`` (``2006Q3``) for one replication of ``actuals``.

    ``previous`` is the bulletin published for the quarter before; without it, the
    previous quarter's ranking is recomputed from the same actuals.
    """
    indicators = program.usable_indicators(indicators)
    calendar = ReviewCalendar(program)
    position = calendar.quarter(quarter)
    if position is None:
        known = ", ".join(q.label for q in calendar.quarters)
        raise ProgramError([Problem("quarter", f"no quarter {quarter!r} in the program ({known})")])
    progress = measure_progress(program, actuals.replication(replication), indicators)
    month = calendar.month_ending(calendar.quarters[position].end)
    earlier = calendar.month_ending(calendar.quarters[position - 1].end) if position else None
    bands = program.evaluation.bulletin.status
    lines = _lines(progress, month, bands)
    worst: dict[str, Status] = {}
    order = list(Status)
    for line in lines:
        current = worst.get(line.post, Status.ON_TRACK)
        worst[line.post] = max(current, line.status, key=order.index)

    posts = actuals.axes.posts
    categories = [program.post(post).category for post in posts]
    post_scores = progress.post_score[:, :, month]
    unit_scores = progress.unit_score[:, :, month]
    post_ranks = rank_within(post_scores, group_codes(categories))[0]
    kinds = [unit.kind for unit in program.units]
    unit_ranks = rank_within(unit_scores, group_codes(kinds))[0]
    post_before = _previous(progress, previous, earlier, "posts", categories, posts)
    unit_ids = tuple(unit.id for unit in program.units)
    unit_before = _previous(progress, previous, earlier, "units", kinds, unit_ids)

    post_standings = [
        Standing(
            post,
            categories[i],
            _number(post_scores[0, i]),
            int(post_ranks[i]),
            _change(post_before, post, int(post_ranks[i])),
            worst.get(post),
        )
        for i, post in enumerate(posts)
        if post_ranks[i] > 0
    ]
    unit_standings = [
        Standing(
            unit,
            kinds[i],
            _number(unit_scores[0, i]),
            int(unit_ranks[i]),
            _change(unit_before, unit, int(unit_ranks[i])),
        )
        for i, unit in enumerate(unit_ids)
        if unit_ranks[i] > 0
    ]
    behind = sorted(
        (item for item in post_standings if item.status is not Status.ON_TRACK),
        key=lambda item: (order.index(item.status or Status.ON_TRACK) * -1, item.score or 0.0),
    )
    return Bulletin(
        program=program.id,
        campaign=program.campaign.id,
        quarter=quarter,
        as_of=calendar.quarters[position].end,
        lines=tuple(lines),
        posts=tuple(sorted(post_standings, key=lambda s: (s.group, s.rank, s.id))),
        units=tuple(sorted(unit_standings, key=lambda s: (s.group, s.rank, s.id))),
        program_score=_number(progress.program_score[0, month]),
        laggards=tuple(item.id for item in behind[: program.evaluation.bulletin.laggards]),
        previous=calendar.quarters[position - 1].label if position else None,
    )


def _lines(progress: Progress, month: int, bands: StatusBands) -> list[BulletinLine]:
    result = []
    for i, line in enumerate(progress.lines.lines):
        ratio = float(progress.achievement[0, i, month])
        result.append(
            BulletinLine(
                post=line.post,
                task=line.task,
                indicator=line.indicator,
                pledged=line.value,
                due=float(progress.lines.expected[i, month]),
                actual=_number(progress.actual[0, i, month]),
                achievement=ratio,
                status=status_of(ratio, bands),
                score=float(progress.score[0, i, month]),
            )
        )
    return result


def _previous(
    progress: Progress,
    previous: Bulletin | None,
    month: int | None,
    kind: str,
    groups: Sequence[str],
    ids: Sequence[str],
) -> dict[str, int] | None:
    """The ranks of the previous bulletin, by id (None for the first quarter)."""
    if previous is not None:
        return {item.id: item.rank for item in getattr(previous, kind)}
    if month is None:
        return None
    scores = progress.post_score if kind == "posts" else progress.unit_score
    ranks = rank_within(scores[:, :, month], group_codes(groups))[0]
    return {item: int(rank) for item, rank in zip(ids, ranks, strict=True) if rank > 0}


def _change(before: dict[str, int] | None, item: str, rank: int) -> int | None:
    if before is None or item not in before:
        return None
    return before[item] - rank


def _number(value: float | np.floating[Any]) -> float | None:
    return None if np.isnan(value) else float(value)


def rank_programs(
    bulletins: Sequence[Bulletin], previous: Sequence[Bulletin] = ()
) -> list[Standing]:
    """The programs of one campaign ranked by their bulletins' program scores (the province
    ranking its cities), with the rank change since ``previous`` bulletins, if given."""
    scores = np.asarray(
        [[b.program_score if b.program_score is not None else np.nan for b in bulletins]]
    )
    ranks = rank_within(scores, np.zeros(len(bulletins), dtype=np.int64))[0]
    before: dict[str, int] | None = None
    if previous:
        old = np.asarray(
            [[b.program_score if b.program_score is not None else np.nan for b in previous]]
        )
        old_ranks = rank_within(old, np.zeros(len(previous), dtype=np.int64))[0]
        before = {b.program: int(r) for b, r in zip(previous, old_ranks, strict=True) if r > 0}
    standings = [
        Standing(
            b.program, b.campaign, b.program_score, int(rank), _change(before, b.program, int(rank))
        )
        for b, rank in zip(bulletins, ranks, strict=True)
    ]
    return sorted(standings, key=lambda s: (s.rank == 0, s.rank, s.id))


__all__ = [
    "Bulletin",
    "BulletinLine",
    "Standing",
    "Status",
    "publish_bulletin",
    "rank_programs",
    "status_of",
]
