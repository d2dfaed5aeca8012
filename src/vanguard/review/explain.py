"""Explanations: which inputs, rules and numbers produced a score, a grade or a finding.

Every number in an :class:`~vanguard.review.Evaluation` can be traced: an
:class:`Explanation` lists the steps from the pledges and actuals through the scoring
curve, the linked inputs, bonuses and deductions, the grade bands, vetoes and quotas to
the grade given, in the words of the program's rules.
"""

import attrs

from vanguard.model.appraisal import Appraisal
from vanguard.model.program import Program
from vanguard.review.bulletin import Bulletin
from vanguard.review.findings import Finding, Responsibility
from vanguard.review.yearend import Evaluation


@attrs.frozen
class Explanation:
    """Why ``subject`` came out as ``outcome``: the ``steps``, in order."""

    subject: str
    outcome: str
    steps: tuple[str, ...]

    def __str__(self) -> str:
        return "\n".join([f"{self.subject}: {self.outcome}", *(f"  - {s}" for s in self.steps)])


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "not reported"
    # Rates such as an error rate of 0.0105 need more than one decimal to be read.
    return f"{value:,.{digits}f}" if abs(value) >= 10 or value == 0 else f"{value:.4g}"


def _curve(rules: Appraisal) -> str:
    c = rules.curve
    return (
        f"curve: below {c.threshold:.0%} of target 0 points, {c.at_threshold:g} at "
        f"{c.threshold:.0%} rising to {c.full_marks:g} at target, +{c.bonus_per_excess:g} per "
        f"unit of excess up to +{c.bonus_cap:g}"
    )


def explain_post(program: Program, evaluation: Evaluation, post_id: str) -> Explanation:
    """How ``post_id`` got its year-end score and grade. KeyError for an unknown post."""
    rules = program.evaluation
    item = evaluation.post(post_id)
    post = program.post(post_id)
    subject = f"{post.title.en} ({post_id}), {evaluation.year} appraisal"
    if item.final is None:
        return Explanation(subject, "not graded", ("the post pledged no work targets",))
    steps = [_curve(rules)]
    steps.append(f"pledges as in force on {evaluation.as_of}; actuals to that date")
    for line in item.lines:
        due = (
            ""
            if line.due is None or line.due == line.pledged
            else f" (due {_num(line.due)} by its date)"
        )
        steps.append(
            f"{line.task} / {line.indicator}: pledged {line.pledged:,g}{due}, actual "
            f"{_num(line.actual)} -> achievement {line.achievement:.1%} -> "
            f"{line.score:.1f} points (weight {line.weight:g})"
        )
    steps.append(f"task score (weighted mean of the lines): {_num(item.task_score, 2)}")
    for linked in rules.linked:
        steps.append(
            f"linked input {linked.id!r} ({linked.indicator} for the year, weight "
            f"{linked.weight:.0%}): {item.linked[linked.id]:.2f}"
        )
    for adjustment in rules.adjustments:
        count = item.adjustment_counts[adjustment.id]
        points = item.adjustments[adjustment.id]
        what = adjustment.indicator or "late reports"
        steps.append(
            f"{adjustment.name.en} ({what}): {count:g} x {adjustment.points_each:+g} = "
            f"{count * adjustment.points_each:+g}, capped at +/-{adjustment.cap:g}: {points:+g}"
        )
    if rules.formula is not None:
        steps.append(f"final score by the program's formula {rules.formula!r}: {item.final:.2f}")
    else:
        own = 1 - sum(linked.weight for linked in rules.linked)
        steps.append(
            f"final score = {own:g} x task score + weighted linked inputs + adjustments "
            f"= {item.final:.2f}"
        )
    band = next(b for b in rules.grades if b.id == item.reached)
    steps.append(f"{item.final:.2f} >= {band.minimum:g} reaches grade {band.id!r}")
    order = [b.id for b in rules.grades]
    grade = item.reached
    for veto_id in item.vetoes:
        veto = next(v for v in rules.vetoes if v.id == veto_id)
        excluded = veto.excludes or (order[0],)
        steps.append(
            f"veto {veto.id!r} ({veto.name.en}): {veto.indicator} for the year > {veto.above:g}, "
            f"so {', '.join(excluded)} is ruled out"
        )
        while grade in excluded and grade != order[-1]:
            grade = order[order.index(grade) + 1]
    if item.grade != grade:
        for quota in rules.quotas:
            if order.index(quota.grade) < order.index(item.grade or order[-1]) and order.index(
                quota.grade
            ) >= order.index(grade or order[0]):
                steps.append(
                    f"quota: at most {quota.share:.0%} of the posts of each {quota.pool.value} "
                    f"may be {quota.grade!r} (rounded down; ties broken by "
                    f"{quota.tie_break.value}, then file order); this post was beyond it"
                )
        steps.append(f"moved down to {item.grade!r}")
    name = item.grade_name.show("en") if item.grade_name else item.grade
    zh = f" / {item.grade_name.zh}" if item.grade_name and item.grade_name.zh else ""
    steps.append(f"rank {item.rank} among {post.category} posts by final score")
    for finding in evaluation.findings_for(post_id):
        steps.append(str(explain_finding(program, finding)).replace("\n", "\n    "))
    return Explanation(subject, f"{name}{zh} ({item.final:.2f} points)", tuple(steps))


def explain_finding(program: Program, finding: Finding) -> Explanation:
    """Why ``finding`` was raised, against whom and how severe."""
    task = program.task(finding.task)
    role = (
        "direct responsibility (直接责任): pledged the target and delegated it no further"
        if finding.responsibility is Responsibility.DIRECT
        else f"leadership responsibility (领导责任): above {finding.line_post} in the chain "
        f"of task {finding.task}"
    )
    return Explanation(
        f"finding against {finding.post} on {finding.task} / {finding.indicator}",
        f"{finding.severity} ({finding.responsibility.value})",
        (
            f"{finding.line_post} pledged {finding.pledged:,g} on {task.name.en} "
            f"({finding.indicator}); actual {_num(finding.actual)}",
            finding.rule,
            role,
        ),
    )


def explain_unit(program: Program, evaluation: Evaluation, unit_id: str) -> Explanation:
    """How a unit got its year-end score, grade and rank. KeyError for an unknown unit."""
    unit = program.unit(unit_id)
    item = next(u for u in evaluation.units if u.unit == unit_id)
    subject = f"{unit.name.en} ({unit_id}), {evaluation.year} appraisal"
    parents = {u.id: u.parent for u in program.units}

    def within(candidate: str | None) -> bool:
        seen: set[str] = set()
        while candidate is not None and candidate not in seen:
            if candidate == unit_id:
                return True
            seen.add(candidate)
            candidate = parents.get(candidate)
        return False

    scored = [p for p in evaluation.posts if within(p.unit) and p.task_score is not None]
    if item.score is None:
        return Explanation(subject, "not scored", ("no post in the unit pledged work targets",))
    steps = [f"{p.post}: task score {p.task_score:.2f}" for p in scored if p.task_score is not None]
    steps.append(
        f"unit score = mean task score of its {len(scored)} scored post(s), in it and "
        f"in the units beneath it: {item.score:.2f}"
    )
    band = next(b for b in program.evaluation.grades if b.id == item.grade)
    steps.append(f"{item.score:.2f} >= {band.minimum:g} reaches grade {band.id!r}")
    steps.append(f"rank {item.rank} among units of kind {unit.kind!r}")
    return Explanation(subject, f"{item.grade} ({item.score:.2f} points)", tuple(steps))


def explain_standing(program: Program, bulletin: Bulletin, post_id: str) -> Explanation:
    """How ``post_id`` came to its score, status and rank in a quarterly bulletin."""
    post = program.post(post_id)
    subject = f"{post.title.en} ({post_id}), bulletin {bulletin.quarter}"
    mine = [line for line in bulletin.lines if line.post == post_id]
    if not mine:
        return Explanation(subject, "not ranked", ("the post pledged no work targets",))
    bands = program.evaluation.bulletin.status
    steps = [
        f"due to date: each pledge as in force on {bulletin.as_of}, pro-rated (or by its "
        "task's milestones) to that date; a target past its due date is judged as of it",
        f"status bands: on track >= {bands.on_track:.0%} of what is due, lagging >= "
        f"{bands.lagging:.0%}, behind below",
        _curve(program.evaluation),
    ]
    for line in mine:
        steps.append(
            f"{line.task} / {line.indicator}: due {_num(line.due)} of {line.pledged:,g}, actual "
            f"{_num(line.actual)} -> {line.achievement:.1%} {line.status.value}, "
            f"{line.score:.1f} points"
        )
    standing = bulletin.standing(post_id)
    score = "-" if standing.score is None else f"{standing.score:.2f}"
    change = (
        "first bulletin"
        if standing.change is None
        else f"{standing.change:+d} since {bulletin.previous}"
        if standing.change
        else f"unchanged since {bulletin.previous}"
    )
    steps.append(f"score (weighted mean of the lines): {score}; status: the worst line's")
    steps.append(f"rank {standing.rank} among {standing.group} posts ({change})")
    if post_id in bulletin.laggards:
        steps.append("named as a laggard: among the posts furthest behind")
    status = standing.status.value if standing.status else "-"
    return Explanation(subject, f"rank {standing.rank}, {status} ({score} points)", tuple(steps))


def explain(program: Program, evaluation: Evaluation, subject: str) -> Explanation:
    """Why a post (or a unit) got its grade and its findings."""
    if any(post.id == subject for post in program.posts):
        return explain_post(program, evaluation, subject)
    return explain_unit(program, evaluation, subject)


__all__ = [
    "Explanation",
    "explain",
    "explain_finding",
    "explain_post",
    "explain_standing",
    "explain_unit",
]
