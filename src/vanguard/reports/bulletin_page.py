"""The quarterly bulletin as one self-contained HTML page people want to read.

The page carries its own styles and makes no network request (a Content-Security-Policy
forbids any), so it can be mailed or archived as one file: the ranking table with
rank-change arrows, status colours, per-task progress bars and the laggards named.
Rows carry ``data-*`` attributes (post, rank, status) so tools and tests can read them.
"""

from importlib.resources import files

import jinja2

from vanguard.model.label import Language
from vanguard.model.program import Program
from vanguard.review.bulletin import Bulletin, BulletinLine, Standing, Status

STATUS_WORDS = {
    Status.ON_TRACK: ("on track", "进度正常"),
    Status.LAGGING: ("lagging", "进度滞后"),
    Status.BEHIND: ("behind", "严重滞后"),
}


def _template() -> jinja2.Template:
    source = files("vanguard.reports").joinpath("templates/bulletin.html.j2").read_text("utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(source)


def render_bulletin_html(
    program: Program,
    bulletin: Bulletin,
    language: Language = "en",
    campaign: list[Standing] | None = None,
) -> str:
    """The bulletin as a complete HTML document (UTF-8 text).

    ``campaign`` optionally adds the ranking of the campaign's programs
    (:func:`~vanguard.review.rank_programs`).
    """
    template = _template()
    posts = {post.id: post for post in program.posts}
    units = {unit.id: unit for unit in program.units}
    tasks = {task.id: task for task in program.tasks}

    def post_name(post_id: str) -> str:
        post = posts.get(post_id)
        return post.title.show(language) if post else post_id

    def unit_name(unit_id: str) -> str:
        unit = units.get(unit_id)
        return unit.name.show(language) if unit else unit_id

    def task_name(task_id: str) -> str:
        task = tasks.get(task_id)
        return task.name.show(language) if task else task_id

    def status_word(status: Status | None) -> str:
        if status is None:
            return ""
        en, zh = STATUS_WORDS[status]
        return zh if language == "zh" else en

    def arrow(change: int | None) -> str:
        if change is None:
            return "new"
        if change > 0:
            return f"▲ {change}"
        if change < 0:
            return f"▼ {-change}"
        return "–"

    def bar(line: BulletinLine) -> float:
        return round(max(0.0, min(line.achievement, 1.0)) * 100, 1)

    groups: dict[str, list[Standing]] = {}
    for standing in bulletin.posts:
        groups.setdefault(standing.group, []).append(standing)
    unit_groups: dict[str, list[Standing]] = {}
    for standing in bulletin.units:
        unit_groups.setdefault(standing.group, []).append(standing)
    by_task: dict[str, list[BulletinLine]] = {}
    for line in bulletin.lines:
        by_task.setdefault(line.task, []).append(line)
    return template.render(
        program=program,
        bulletin=bulletin,
        language=language,
        title=program.name.show(language),
        groups=groups,
        unit_groups=unit_groups,
        by_task=by_task,
        campaign=campaign or [],
        post_name=post_name,
        unit_name=unit_name,
        task_name=task_name,
        post_unit=lambda post_id: unit_name(posts[post_id].unit) if post_id in posts else "",
        status_word=status_word,
        arrow=arrow,
        bar=bar,
        Status=Status,
    )


__all__ = ["render_bulletin_html"]
