"""What ``vanguard bulletin`` and ``vanguard evaluate`` print for a large program.

A table of every post is what a bureau of 50 posts reads; for a province of 10,000 posts
it is 10,000 lines that nobody reads at a terminal (and that take longer to lay out than
the review takes to compute). Above :data:`FULL_TABLE_POSTS` posts the commands print
these summaries instead: per ranking group, how many posts stand where and who is first
and last; for a bulletin also per key task, how many of its pledge lines are on track;
then the laggards (or findings) as always, and how to see more (``--all`` for every post,
``vanguard explain`` for one, ``--json`` for every number). Work is linear in the
bulletin's or evaluation's records.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.table import Table

    from vanguard.review.bulletin import Bulletin, Standing
    from vanguard.review.words import ProgramWords
    from vanguard.review.yearend import Evaluation, PostAppraisal

T = TypeVar("T")

FULL_TABLE_POSTS = 200
"""Programs with at most this many ranked posts get the table of every post by default."""


def _status_counts(statuses: Iterable[object], order: Sequence[object]) -> list[int]:
    counts = dict.fromkeys(order, 0)
    for status in statuses:
        if status in counts:
            counts[status] += 1
    return [counts[status] for status in order]


def _mean(values: Sequence[float]) -> str:
    return f"{sum(values) / len(values):.1f}" if values else "-"


def _groups_of(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` by ``key``, in the order each key is first met."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def bulletin_summary(result: "Bulletin", w: "ProgramWords") -> "list[Table]":
    """The bulletin's posts per ranking group and its lines per key task, as rich tables."""
    from rich.table import Table

    from vanguard.review.bulletin import Status

    _ = w.text
    order = list(Status)
    posts = Table(
        _("group"),
        _("posts"),
        *(w.status(status) for status in order),
        _("mean score"),
        title=_("posts by group"),
    )
    for heading in (_("first"), _("last")):  # a post id is shown whole, folded if need be
        posts.add_column(heading, overflow="fold")
    for group, standings in _groups_of(result.posts, lambda item: item.group).items():
        scored = [item for item in standings if item.score is not None]
        best = min(scored, key=lambda item: (item.rank, item.id), default=None)
        worst = max(scored, key=lambda item: (item.rank, item.id), default=None)
        posts.add_row(
            w.category(group),
            f"{len(standings):,}",
            *(f"{n:,}" for n in _status_counts((s.status for s in standings), order)),
            _mean([item.score for item in scored if item.score is not None]),
            _standing(best),
            _standing(worst),
        )
    tasks = Table(
        _("key task"),
        _("lines"),
        *(w.status(status) for status in order),
        _("mean score"),
        title=_("pledge lines by key task"),
    )
    for task, lines in _groups_of(result.lines, lambda line: line.task).items():
        tasks.add_row(
            w.task(task),
            f"{len(lines):,}",
            *(f"{n:,}" for n in _status_counts((line.status for line in lines), order)),
            _mean([line.score for line in lines]),
        )
    return [posts, tasks]


def _standing(item: "Standing | None") -> str:
    if item is None or item.score is None:
        return "-"
    return f"{item.id} {item.score:.1f}"


def evaluation_summary(result: "Evaluation", w: "ProgramWords") -> "Table":
    """The evaluation's graded posts per category: how many got each grade, the mean
    final score, the first and the last."""
    from rich.table import Table

    _ = w.text
    grades = [band.id for band in w.program.evaluation.grades]
    table = Table(
        _("category"), _("graded"), _("grades"), _("mean score"), title=_("posts by category")
    )
    for heading in (_("first"), _("last")):
        table.add_column(heading, overflow="fold")
    graded = [item for item in result.posts if item.final is not None]
    for category, members in _groups_of(graded, lambda item: item.category).items():
        counts = dict.fromkeys(grades, 0)
        for item in members:
            if item.grade in counts:
                counts[item.grade] += 1
        finals = [item.final for item in members if item.final is not None]
        best = min(members, key=lambda item: (item.rank, item.post))
        worst = max(members, key=lambda item: (item.rank, item.post))
        table.add_row(
            w.category(category),
            f"{len(members):,}",
            "\n".join(f"{w.grade(category, grade)} {count:,}" for grade, count in counts.items()),
            _mean(finals),
            _appraisal(best),
            _appraisal(worst),
        )
    return table


def _appraisal(item: "PostAppraisal") -> str:
    final = "-" if item.final is None else f"{item.final:.1f}"
    return f"{item.post} {final}"


__all__ = ["FULL_TABLE_POSTS", "bulletin_summary", "evaluation_summary"]
