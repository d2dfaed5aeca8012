"""The quarterly bulletin (每季一通报): progress against what is due, scored, ranked, published.

At a quarter's end every line's actual to date is set against the value due by then, of
the pledge in force then (pro-rated or by the task's milestones; a target past its due
date is judged on its actual at that date, see :mod:`~vanguard.review.schedule`); its
achievement gives a status (on track, lagging, behind: thresholds in the program's
``evaluation.bulletin.status``) and a score on the scoring curve. Posts are ranked among
posts of the same category, units among units of the same kind; the rank change is
measured against the previous bulletin (the one published, when given, so a late report
cannot rewrite history); the posts furthest behind are named as laggards.
"""

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import StatusBands
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError
from vanguard.review.actuals import Actuals
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.layout import ReviewLayout, review_layout
from vanguard.review.progress import Progress, gather, measure, to_date
from vanguard.review.ranking import rank_within
from vanguard.review.versions import BulletinChange

if TYPE_CHECKING:
    import pandas as pd

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


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
    baseline: float | None = None
    """The line's baseline, when its target states one (:mod:`~vanguard.review.relative`)."""


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
    year_ago_score: float | None = None
    """The score in the same quarter a year earlier (programs of several years)."""
    year_change: int | None = None
    """Places moved up since the same quarter a year earlier (None when there is none)."""


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

    def to_frame(self, table: Literal["posts", "units", "lines"] = "posts") -> "pd.DataFrame":
        """The ranked ``posts`` (default) or ``units``, or the pledge ``lines``, as a pandas
        DataFrame: one row each, a column per field (see :mod:`vanguard.review.frames`)."""
        from vanguard.review.frames import frame_of

        if table == "lines":
            return frame_of(self.lines, BulletinLine)
        if table not in ("posts", "units"):
            raise ValueError(f"a bulletin's tables are posts, units and lines, not {table!r}")
        return frame_of(self.posts if table == "posts" else self.units, Standing)

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
    previous: "Bulletin | None" = None,
    replication: int = 0,
    *,
    layout: ReviewLayout | None = None,
    baseline: Floats | None = None,
) -> Bulletin:
    """The bulletin of ``quarter`` (``2006Q3``) for one replication of ``actuals``.

    Everything is as of the quarter's end: the pledges in force then, what was due by then,
    the actuals reported for the months to then. ``previous`` is the bulletin published for
    the quarter before; without it, the previous quarter's ranking is recomputed from the
    same actuals. In a program of several years each standing also shows the change
    against the same quarter a year earlier. ``baseline`` is as for
    :func:`~vanguard.review.evaluate_many` (the program's ratchet applies to bulletins too).
    """
    known = program.usable_indicators(indicators)
    calendar = ReviewCalendar(program)
    position = calendar.quarter(quarter)
    if position is None:
        known_quarters = ", ".join(q.label for q in calendar.quarters)
        raise ProgramError(
            [Problem("quarter", f"no quarter {quarter!r} in the program ({known_quarters})")]
        )
    layout = layout or review_layout(program, known, actuals.axes)
    values = to_date(layout, gather(layout, actuals.replication(replication)))
    month = calendar.month_ending(calendar.quarters[position].end)
    earlier = calendar.month_ending(calendar.quarters[position - 1].end) if position else None
    year_ago = calendar.month_ending(calendar.quarters[position - 4].end) if position >= 4 else None
    as_of = [month, *(m for m in (earlier, year_ago) if m is not None)]
    progress = measure(
        layout,
        values,
        as_of,
        program.evaluation.curve,
        ratchet=program.ratchet,
        baseline=baseline,
    )
    at_earlier = 1 if earlier is not None else None
    at_year_ago = as_of.index(year_ago) if year_ago is not None else None
    bands = program.evaluation.bulletin.status
    lines = _lines(progress, bands)
    worst: dict[str, Status] = {}
    order = list(Status)
    for line in lines:
        current = worst.get(line.post, Status.ON_TRACK)
        worst[line.post] = max(current, line.status, key=order.index)

    posts = actuals.axes.posts
    category_of = {post.id: post.category for post in program.posts}
    categories = [category_of[post] for post in posts]
    kinds = [unit.kind for unit in program.units]
    unit_ids = tuple(unit.id for unit in program.units)
    post_groups = layout.post_category.astype(np.int64)
    unit_groups = layout.unit_kind.astype(np.int64)
    post_ranks = _ranks(progress.post_score, post_groups)
    unit_ranks = _ranks(progress.unit_score, unit_groups)
    post_before = _previous(previous, "posts", post_ranks, at_earlier, posts)
    unit_before = _previous(previous, "units", unit_ranks, at_earlier, unit_ids)
    post_year_ago = _previous(None, "posts", post_ranks, at_year_ago, posts)
    unit_year_ago = _previous(None, "units", unit_ranks, at_year_ago, unit_ids)

    def standing(
        item: str,
        i: int,
        group: str,
        scores: Floats,
        ranks: list[Ints],
        before: dict[str, int] | None,
        year_before: dict[str, int] | None,
        status: Status | None,
    ) -> Standing:
        return Standing(
            item,
            group,
            _number(scores[i, 0, 0]),
            int(ranks[0][i]),
            _change(before, item, int(ranks[0][i])),
            status,
            year_ago_score=(None if at_year_ago is None else _number(scores[i, at_year_ago, 0])),
            year_change=_change(year_before, item, int(ranks[0][i])),
        )

    post_standings = [
        standing(
            post,
            i,
            categories[i],
            progress.post_score,
            post_ranks,
            post_before,
            post_year_ago,
            worst.get(post),
        )
        for i, post in enumerate(posts)
        if post_ranks[0][i] > 0
    ]
    unit_standings = [
        standing(
            unit, i, kinds[i], progress.unit_score, unit_ranks, unit_before, unit_year_ago, None
        )
        for i, unit in enumerate(unit_ids)
        if unit_ranks[0][i] > 0
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
        program_score=_number(progress.program_score[0, 0]),
        laggards=tuple(item.id for item in behind[: program.evaluation.bulletin.laggards]),
        previous=calendar.quarters[position - 1].label if position else None,
    )


def _ranks(scores: Floats, groups: NDArray[np.int64]) -> list[Ints]:
    """Ranks within groups at each as-of month, of one replication: ``[as_of][item]``."""
    return [rank_within(scores[:, a, 0][None, :], groups)[0] for a in range(scores.shape[1])]


def _lines(progress: Progress, bands: StatusBands) -> list[BulletinLine]:
    """The lines active in the quarter's year, as of its end."""
    result = []
    for i, line in enumerate(progress.layout.lines):
        if not progress.active[i, 0]:
            continue
        ratio = float(progress.achievement[i, 0, 0])
        result.append(
            BulletinLine(
                post=line.post,
                task=line.task,
                indicator=line.indicator,
                pledged=float(progress.pledged[i, 0, 0]),
                due=float(progress.due[i, 0, 0]),
                actual=_number(progress.actual[i, 0, 0]),
                achievement=ratio,
                status=status_of(ratio, bands),
                score=float(progress.score[i, 0, 0]),
                baseline=None if progress.baseline is None else _number(progress.baseline[i, 0, 0]),
            )
        )
    return result


def _previous(
    previous: "Bulletin | None",
    kind: str,
    ranks: list[Ints],
    at: int | None,
    ids: Sequence[str],
) -> dict[str, int] | None:
    """Ranks to compare with, by id: the published ``previous`` bulletin's, else those at
    as-of position ``at`` (None when there is nothing to compare with)."""
    if previous is not None:
        return {item.id: item.rank for item in getattr(previous, kind)}
    if at is None:
        return None
    return {item: int(rank) for item, rank in zip(ids, ranks[at], strict=True) if rank > 0}


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
