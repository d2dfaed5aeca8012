"""The quarterly bulletin as one self-contained HTML page people want to read.

The page carries its own styles and makes no network request (a Content-Security-Policy
forbids any), so it can be mailed or archived as one file. It reads as an official reads
a bulletin: the laggards named, then one line per key task in program order (pledges on
track, lagging and behind, as whole counts), then the rankings of posts and units by
group with rank-change arrows and status colours, and last every pledge, folded under
its task, with indicator names and units. Its fixed text comes from the interface
catalog (:mod:`vanguard.i18n`), its names from the program (English or Chinese). At
400 px the secondary columns drop out; printed (A4, numbered pages) the folded pledges
are left out and no heading is left at the foot of a page. Rows carry ``data-*``
attributes (post, rank, status, task) so tools and tests can read them.
"""

from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import jinja2

from vanguard.model.indicator import Indicator
from vanguard.model.label import Language
from vanguard.model.program import Program
from vanguard.review.bulletin import Bulletin, BulletinLine, Standing, Status
from vanguard.review.campaign import CampaignBulletin
from vanguard.review.words import ProgramWords


def _template() -> jinja2.Template:
    source = files("vanguard.reports").joinpath("templates/bulletin.html.j2").read_text("utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(source)


def task_summaries(program: Program, bulletin: Bulletin, w: ProgramWords) -> list[dict[str, Any]]:
    """Each key task with pledge lines, in program order: its name, its pillar's, how many
    lines are on track, lagging and behind (whole counts, and as shares of 100 for the
    bar), the mean achievement, and its lines (in the bulletin's order)."""
    pillars = {pillar.id: pillar.name.show(w.language) for pillar in program.pillars}
    by_task: dict[str, list[BulletinLine]] = {}
    for line in bulletin.lines:
        by_task.setdefault(line.task, []).append(line)
    summaries = []
    for task in program.tasks:
        lines = by_task.get(task.id)
        if not lines:
            continue
        counts = {status: sum(1 for line in lines if line.status is status) for status in Status}
        mean = sum(line.achievement for line in lines) / len(lines)
        summaries.append(
            {
                "id": task.id,
                "name": task.name.show(w.language),
                "pillar": pillars.get(task.pillar, ""),
                "count": len(lines),
                "on_track": counts[Status.ON_TRACK],
                "lagging": counts[Status.LAGGING],
                "behind": counts[Status.BEHIND],
                "share": {
                    "on_track": round(100 * counts[Status.ON_TRACK] / len(lines), 1),
                    "lagging": round(100 * counts[Status.LAGGING] / len(lines), 1),
                    "behind": round(100 * counts[Status.BEHIND] / len(lines), 1),
                },
                "achievement": f"{mean:.0%}",
                "lines": lines,
            }
        )
    return summaries


def render_bulletin_html(
    program: Program,
    bulletin: Bulletin,
    language: Language = "en",
    campaign: CampaignBulletin | None = None,
    indicators: Mapping[str, Indicator] | None = None,
    programs: Mapping[str, str] | None = None,
) -> str:
    """The bulletin as a complete HTML document (UTF-8 text), in ``language``.

    The page opens with each key task's progress (tasks in program order; each task's name
    links to its pledges, folded below), then the ranking of posts and units by group,
    everything named in the program's words (``indicators``: the usable ones, for their
    names and units; counts read as whole numbers). It reads at 400 px (secondary columns
    drop out) and prints on A4 with page numbers, the folded pledges left out.
    ``campaign`` optionally adds the campaign bulletin: the campaign's programs (agencies)
    ranked, with each one's rank in the last campaign bulletin and its movement since
    (争先进位: up, down, the same, new), named by ``programs`` (id to name).
    """
    w = ProgramWords(program, indicators, language)
    names = {program.id: program.name.show(language), **(programs or {})}

    def arrow(change: int | None) -> str:
        if change is None:
            return w.text("new")
        if change > 0:
            return f"▲ {change}"
        if change < 0:
            return f"▼ {-change}"
        return "–"

    def change_class(change: int | None) -> str:
        if change is None:
            return "new"
        return "up" if change > 0 else "down" if change < 0 else "same"

    groups: dict[str, list[Standing]] = {}
    for standing in bulletin.posts:
        groups.setdefault(standing.group, []).append(standing)
    unit_groups: dict[str, list[Standing]] = {}
    for standing in bulletin.units:
        unit_groups.setdefault(standing.group, []).append(standing)
    return _template().render(
        program=program,
        bulletin=bulletin,
        language=language,
        title=program.name.show(language),
        groups=groups,
        unit_groups=unit_groups,
        tasks=task_summaries(program, bulletin, w),
        campaign=campaign,
        w=w,
        _=w.text,
        arrow=arrow,
        change_class=change_class,
        program_name=lambda program_id: names.get(program_id, program_id),
    )


__all__ = ["render_bulletin_html", "task_summaries"]
