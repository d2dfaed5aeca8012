"""Explanations: which inputs, rules and numbers produced a score, a grade or a finding.

Every number in an :class:`~vanguard.review.Evaluation` can be traced: an
:class:`Explanation` lists the steps from the pledges and actuals through the scoring
curve, the linked inputs, bonuses and deductions, the grade bands, vetoes and quotas to
the grade given, in the words of the program's rules.
"""

import re
from collections.abc import Mapping

import attrs

from vanguard.i18n import _
from vanguard.model.appraisal import Appraisal
from vanguard.model.indicator import Indicator
from vanguard.model.label import Language
from vanguard.model.program import Program
from vanguard.review.bulletin import Bulletin
from vanguard.review.findings import Finding, Responsibility
from vanguard.review.words import ProgramWords
from vanguard.review.yearend import Evaluation


@attrs.frozen
class Explanation:
    """Why ``subject`` came out as ``outcome``: the ``steps``, in order."""

    subject: str
    outcome: str
    steps: tuple[str, ...]

    def __str__(self) -> str:
        # a full-width colon after Chinese text, as the catalog's own messages use
        colon = "：" if re.search("[\u4e00-\u9fff]", self.outcome) else ": "
        return "\n".join(
            [f"{self.subject}{colon}{self.outcome}", *(f"  - {s}" for s in self.steps)]
        )


def _curve(rules: Appraisal, w: ProgramWords) -> str:
    c = rules.curve
    return w.text(
        "curve: below {threshold} of target 0 points, {at_threshold} at {threshold} rising "
        "to {full} at target, +{bonus} per unit of excess up to +{cap}",
        threshold=f"{c.threshold:.0%}",
        at_threshold=f"{c.at_threshold:g}",
        full=f"{c.full_marks:g}",
        bonus=f"{c.bonus_per_excess:g}",
        cap=f"{c.bonus_cap:g}",
    )


def _pledge(w: ProgramWords, task: str, indicator: str) -> str:
    """A pledge line named for reading: task, indicator (unit)."""
    measure = w.measure(indicator)
    unit = f" ({measure})" if measure else ""
    return f"{w.task(task)} / {w.indicator(indicator)}{unit}"


def explain_post(
    program: Program,
    evaluation: Evaluation,
    post_id: str,
    *,
    language: Language = "en",
    indicators: Mapping[str, Indicator] | None = None,
) -> Explanation:
    """How ``post_id`` got its year-end score and grade, in ``language`` and the program's
    words (``indicators``: the usable ones, for their names). KeyError for an unknown post."""
    w = ProgramWords(program, indicators, language)
    _ = w.text
    rules = program.evaluation
    item = evaluation.post(post_id)
    post = program.post(post_id)
    subject = _(
        "{post}, {year} appraisal", post=f"{w.post(post_id)} ({post_id})", year=evaluation.year
    )
    if item.final is None:
        return Explanation(subject, _("not graded"), (_("the post pledged no work targets"),))
    steps = [_curve(rules, w)]
    steps.append(_("pledges as in force on {date}; actuals to that date", date=evaluation.as_of))
    for line in item.lines:
        due = (
            ""
            if line.due is None or line.due == line.pledged
            else _(" (due {due} by its date)", due=w.amount(line.indicator, line.due))
        )
        steps.append(
            _(
                "{pledge}: pledged {pledged}{due}, actual {actual} -> achievement "
                "{achievement} -> {score} points (weight {weight})",
                pledge=_pledge(w, line.task, line.indicator),
                pledged=w.amount(line.indicator, line.pledged),
                due=due,
                actual=w.amount(line.indicator, line.actual),
                achievement=f"{line.achievement:.1%}",
                score=f"{line.score:.1f}",
                weight=f"{line.weight:g}",
            )
        )
    task_score = "-" if item.task_score is None else f"{item.task_score:.2f}"
    steps.append(_("task score (weighted mean of the lines): {score}", score=task_score))
    for linked in rules.linked:
        steps.append(
            _(
                "linked input {name} ({indicator} for the year, weight {weight}): {value}",
                name=linked.id,
                indicator=w.indicator(linked.indicator),
                weight=f"{linked.weight:.0%}",
                value=f"{item.linked[linked.id]:.2f}",
            )
        )
    for adjustment in rules.adjustments:
        count = item.adjustment_counts[adjustment.id]
        points = item.adjustments[adjustment.id]
        what = w.indicator(adjustment.indicator) if adjustment.indicator else _("late reports")
        steps.append(
            _(
                "{name} ({what}): {count} x {each} = {total}, capped at +/-{cap}: {points}",
                name=adjustment.name.show(language),
                what=what,
                count=f"{count:g}",
                each=f"{adjustment.points_each:+g}",
                total=f"{count * adjustment.points_each:+g}",
                cap=f"{adjustment.cap:g}",
                points=f"{points:+g}",
            )
        )
    if rules.formula is not None:
        steps.append(
            _(
                "final score by the program's formula {formula}: {final}",
                formula=repr(rules.formula),
                final=f"{item.final:.2f}",
            )
        )
    else:
        own = 1 - sum(linked.weight for linked in rules.linked)
        steps.append(
            _(
                "final score = {own} x task score + weighted linked inputs + adjustments = {final}",
                own=f"{own:g}",
                final=f"{item.final:.2f}",
            )
        )
    band = next(b for b in rules.grades if b.id == item.reached)
    steps.append(
        _(
            "{final} >= {minimum} reaches the grade {grade}",
            final=f"{item.final:.2f}",
            minimum=f"{band.minimum:g}",
            grade=w.grade(post.category, band.id),
        )
    )
    order = [b.id for b in rules.grades]
    grade = item.reached
    for veto_id in item.vetoes:
        veto = next(v for v in rules.vetoes if v.id == veto_id)
        excluded = veto.excludes or (order[0],)
        steps.append(
            _(
                "veto {name}: {indicator} for the year > {above}, so {grades} is ruled out",
                name=veto.name.show(language),
                indicator=w.indicator(veto.indicator),
                above=f"{veto.above:g}",
                grades=_(", ").join(w.grade(post.category, g) for g in excluded),
            )
        )
        while grade in excluded and grade != order[-1]:
            grade = order[order.index(grade) + 1]
    if item.grade != grade:
        for quota in rules.quotas:
            if order.index(quota.grade) < order.index(item.grade or order[-1]) and order.index(
                quota.grade
            ) >= order.index(grade or order[0]):
                steps.append(
                    _(
                        "quota: at most {share} of the posts of each {pool} may be {grade} "
                        "(rounded down; ties broken by {tie_break}, then file order); this "
                        "post was beyond it",
                        share=f"{quota.share:.0%}",
                        pool=_(POOLS[quota.pool.value]),
                        grade=w.grade(post.category, quota.grade),
                        tie_break=_(TIE_BREAKS[quota.tie_break.value]),
                    )
                )
        steps.append(_("moved down to {grade}", grade=w.grade(post.category, item.grade)))
    steps.append(
        _(
            "rank {rank} among {category} by final score",
            rank=item.rank,
            category=w.category(post.category),
        )
    )
    for finding in evaluation.findings_for(post_id):
        found = explain_finding(program, finding, language=language, indicators=indicators)
        steps.append(str(found).replace("\n", "\n    "))
    outcome = _(
        "{grade} ({final} points)",
        grade=w.grade(post.category, item.grade),
        final=f"{item.final:.2f}",
    )
    return Explanation(subject, outcome, tuple(steps))


POOLS = {"unit": _("unit"), "category": _("post category"), "program": _("program")}
"""A quota's pool in words (translated where used)."""
TIE_BREAKS = {
    "task-score": _("the higher task score"),
    "fewer-late-reports": _("fewer late reports"),
    "file-order": _("file order"),
}
"""A quota's tie-break in words (translated where used)."""


def explain_finding(
    program: Program,
    finding: Finding,
    *,
    language: Language = "en",
    indicators: Mapping[str, Indicator] | None = None,
) -> Explanation:
    """Why ``finding`` was raised, against whom and how severe."""
    w = ProgramWords(program, indicators, language)
    _ = w.text
    severities = {band.id: band for band in program.evaluation.findings.severities}
    band = severities.get(finding.severity)
    severity = band.name.show(language) if band is not None and band.name else finding.severity
    direct = finding.responsibility is Responsibility.DIRECT
    role = (
        _("direct responsibility (直接责任): pledged the target and delegated it no further")
        if direct
        else _(
            "leadership responsibility (领导责任): above {post} in the chain of the task {task}",
            post=w.post(finding.line_post),
            task=w.task(finding.task),
        )
    )
    kind = _("direct") if direct else _("leadership")
    return Explanation(
        _(
            "finding against {post} on {pledge}",
            post=w.post(finding.post),
            pledge=_pledge(w, finding.task, finding.indicator),
        ),
        f"{severity} ({kind})",
        (
            _(
                "{post} pledged {pledged}; actual {actual}",
                post=w.post(finding.line_post),
                pledged=w.amount(finding.indicator, finding.pledged),
                actual=w.amount(finding.indicator, finding.actual),
            ),
            _rule(w, program, finding, severity),
            role,
        ),
    )


def _rule(w: ProgramWords, program: Program, finding: Finding, severity: str) -> str:
    """The rule that raised ``finding``, in the reader's language and the program's words:
    read from the program's finding rules (the ledger keeps the English sentence recorded
    with the finding, :attr:`Finding.rule`)."""
    _ = w.text
    rules = program.evaluation.findings
    band = next((b for b in rules.severities if b.id == finding.severity), None)
    if band is None:  # a finding recorded under rules the program no longer has
        return finding.rule
    return _(
        "achievement {achievement} is below {threshold} (tolerance {tolerance}); a shortfall "
        "of {shortfall} or more makes it {severity}",
        achievement=f"{finding.achievement:.1%}",
        threshold=f"{1 - rules.tolerance:.0%}",
        tolerance=f"{rules.tolerance:.0%}",
        shortfall=f"{band.shortfall:.0%}",
        severity=severity,
    )


def explain_unit(
    program: Program,
    evaluation: Evaluation,
    unit_id: str,
    *,
    language: Language = "en",
    indicators: Mapping[str, Indicator] | None = None,
) -> Explanation:
    """How a unit got its year-end score, grade and rank. KeyError for an unknown unit."""
    w = ProgramWords(program, indicators, language)
    _ = w.text
    unit = program.unit(unit_id)
    item = next(u for u in evaluation.units if u.unit == unit_id)
    subject = _(
        "{post}, {year} appraisal", post=f"{w.unit(unit_id)} ({unit_id})", year=evaluation.year
    )
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
        return Explanation(
            subject, _("not scored"), (_("no post in the unit pledged work targets"),)
        )
    steps = [
        _("{post}: task score {score}", post=w.post(p.post), score=f"{p.task_score:.2f}")
        for p in scored
        if p.task_score is not None
    ]
    steps.append(
        _(
            "unit score = mean task score of its {count} scored post(s), in it and in the "
            "units beneath it: {score}",
            count=len(scored),
            score=f"{item.score:.2f}",
        )
    )
    band = next(b for b in program.evaluation.grades if b.id == item.grade)
    steps.append(
        _(
            "{final} >= {minimum} reaches the grade {grade}",
            final=f"{item.score:.2f}",
            minimum=f"{band.minimum:g}",
            grade=w.grade("", band.id),
        )
    )
    steps.append(
        _("rank {rank} among units of the kind {kind}", rank=item.rank, kind=w.category(unit.kind))
    )
    outcome = _(
        "{grade} ({final} points)", grade=w.grade("", item.grade), final=f"{item.score:.2f}"
    )
    return Explanation(subject, outcome, tuple(steps))


def explain_standing(
    program: Program,
    bulletin: Bulletin,
    post_id: str,
    *,
    language: Language = "en",
    indicators: Mapping[str, Indicator] | None = None,
) -> Explanation:
    """How ``post_id`` came to its score, status and rank in a quarterly bulletin."""
    w = ProgramWords(program, indicators, language)
    _ = w.text
    subject = _(
        "{post}, bulletin {quarter}",
        post=f"{w.post(post_id)} ({post_id})",
        quarter=bulletin.quarter,
    )
    mine = [line for line in bulletin.lines if line.post == post_id]
    if not mine:
        return Explanation(subject, _("not ranked"), (_("the post pledged no work targets"),))
    bands = program.evaluation.bulletin.status
    steps = [
        _(
            "due to date: each pledge as in force on {date}, pro-rated (or by its task's "
            "milestones) to that date; a target past its due date is judged as of it",
            date=bulletin.as_of,
        ),
        _(
            "status bands: on track >= {on_track} of what is due, lagging >= {lagging}, "
            "behind below",
            on_track=f"{bands.on_track:.0%}",
            lagging=f"{bands.lagging:.0%}",
        ),
        _curve(program.evaluation, w),
    ]
    for line in mine:
        steps.append(
            _(
                "{pledge}: due {due} of {pledged}, actual {actual} -> {achievement} {status}, "
                "{score} points",
                pledge=_pledge(w, line.task, line.indicator),
                due=w.amount(line.indicator, line.due),
                pledged=w.amount(line.indicator, line.pledged),
                actual=w.amount(line.indicator, line.actual),
                achievement=f"{line.achievement:.1%}",
                status=w.status(line.status),
                score=f"{line.score:.1f}",
            )
        )
    standing = bulletin.standing(post_id)
    score = "-" if standing.score is None else f"{standing.score:.2f}"
    change = (
        _("first bulletin")
        if standing.change is None
        else _(
            "{change} since {previous}", change=f"{standing.change:+d}", previous=bulletin.previous
        )
        if standing.change
        else _("unchanged since {previous}", previous=bulletin.previous)
    )
    steps.append(
        _("score (weighted mean of the lines): {score}; status: the worst line's", score=score)
    )
    steps.append(
        _(
            "rank {rank} among {group} ({change})",
            rank=standing.rank,
            group=w.category(standing.group),
            change=change,
        )
    )
    if post_id in bulletin.laggards:
        steps.append(_("named as a laggard: among the posts furthest behind"))
    status = w.status(standing.status) if standing.status else "-"
    outcome = _(
        "rank {rank}, {status} ({score} points)", rank=standing.rank, status=status, score=score
    )
    return Explanation(subject, outcome, tuple(steps))


def explain(
    program: Program,
    evaluation: Evaluation,
    subject: str,
    *,
    language: Language = "en",
    indicators: Mapping[str, Indicator] | None = None,
) -> Explanation:
    """Why a post (or a unit) got its grade and its findings, in ``language``."""
    if any(post.id == subject for post in program.posts):
        return explain_post(program, evaluation, subject, language=language, indicators=indicators)
    return explain_unit(program, evaluation, subject, language=language, indicators=indicators)


__all__ = [
    "Explanation",
    "explain",
    "explain_finding",
    "explain_post",
    "explain_standing",
    "explain_unit",
]
