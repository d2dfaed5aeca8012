"""Random campaign programs for differential tests, with an initiative that replays given
monthly values.

:func:`campaigns` draws a small but complete program: a chief, one or two deputies, their
section heads and staff, in units; key tasks on indicators of every kind (summed counts,
ceilings, means, levels, rates of two summed parts, dated targets); work-target letters down
the chain with revisions signed mid-year; integrity letters; one or two review years
(sometimes with a ratchet); targets stated relative to a baseline (a stated figure of
2005, or each line's result of the year before), with a rule rewarding improvement over
it; evaluation rules with an exam linked in at a weight, a veto, a
quota and a late-report deduction. The indicators belong to a *mirror* initiative whose
model replays a table of monthly values per post (its units are the posts), so a simulated
year can be fed exactly the values a real year reports.
"""

import datetime as dt
from collections.abc import Mapping, MutableMapping
from typing import Any

import attrs
import numpy as np
from hypothesis import strategies as st

from vanguard import (
    Aggregation,
    Appraisal,
    Campaign,
    ChainRules,
    Direction,
    Indicator,
    Initiative,
    InitiativeUse,
    KeyTask,
    Label,
    Letter,
    LetterKind,
    Pillar,
    Pledge,
    Post,
    Program,
    Target,
    Unit,
    hookimpl,
)
from vanguard.model.appraisal import (
    Adjustment,
    AdjustmentSource,
    LinkedInput,
    Quota,
    QuotaPool,
    Veto,
)
from vanguard.model.program import Ratchet
from vanguard.model.target import Baseline
from vanguard.plugins.initiative import StepContext

EXAM, VIOLATIONS = "d.exam", "d.violations"


def _indicator(code: str, kind: str) -> Indicator:
    name = Label(en=code)
    if kind == "count":
        return Indicator(code=code, name=name, unit="item")
    if kind == "ceiling":
        return Indicator(code=code, name=name, unit="item", direction=Direction.LOWER)
    if kind == "mean":
        return Indicator(
            code=code,
            name=name,
            unit="point",
            over_time=Aggregation.MEAN,
            over_units=Aggregation.MEAN,
        )
    if kind == "level":
        return Indicator(
            code=code,
            name=name,
            unit="level",
            over_time=Aggregation.LAST,
            over_units=Aggregation.SUM,
        )
    raise ValueError(kind)


@st.composite
def campaigns(draw: st.DrawFn) -> tuple[Program, tuple[Indicator, ...]]:
    """A valid program and the indicators of its mirror initiative."""
    years = draw(st.sampled_from([1, 1, 2]))
    start, end = dt.date(2006, 1, 1), dt.date(2005 + years, 12, 31)
    kinds = draw(
        st.lists(st.sampled_from(["count", "ceiling", "mean", "level"]), min_size=1, max_size=4)
    )
    indicators = [_indicator(f"d.k{i}", kind) for i, kind in enumerate(kinds)]
    with_rate = draw(st.booleans())
    if with_rate:
        indicators += [_indicator("d.trained", "count"), _indicator("d.placed", "count")]
        indicators.append(
            Indicator(
                code="d.rate",
                name=Label(en="rate"),
                unit="share",
                over_time=Aggregation.RATIO,
                over_units=Aggregation.RATIO,
                numerator="d.placed",
                denominator="d.trained",
            )
        )
    indicators += [_indicator(EXAM, "mean"), _indicator(VIOLATIONS, "ceiling")]
    targetable = [i for i in indicators if i.code not in (EXAM, VIOLATIONS, "d.trained")]

    # the organisation
    deputies = draw(st.integers(1, 2))
    units = [Unit(id="bureau", name=Label(en="Bureau"), kind="bureau", head="chief")]
    posts = [Post(id="chief", title=Label(en="Chief"), unit="bureau", category="leadership")]
    heads: dict[str, list[str]] = {}  # deputy -> heads
    staff: dict[str, list[str]] = {}  # head -> staff
    for d in range(deputies):
        deputy = f"deputy-{d}"
        posts.append(Post(id=deputy, title=Label(en=deputy), unit="bureau", category="leadership"))
        heads[deputy] = []
        for h in range(draw(st.integers(1, 2))):
            unit = f"sec-{d}{h}"
            head = f"{unit}.head"
            units.append(
                Unit(id=unit, name=Label(en=unit), kind="section", parent="bureau", head=head)
            )
            posts.append(
                Post(
                    id=head,
                    title=Label(en=head),
                    unit=unit,
                    category="section-head",
                    superior=deputy,  # the deputy overseeing the section (分管)
                )
            )
            heads[deputy].append(head)
            staff[head] = [f"{unit}.staff-{s}" for s in range(draw(st.integers(0, 2)))]
            posts += [Post(id=s, title=Label(en=s), unit=unit) for s in staff[head]]

    # key tasks, each on some indicators, each overseen by one deputy
    tasks = []
    for t in range(draw(st.integers(deputies, 3))):
        on = draw(
            st.lists(
                st.sampled_from(targetable), min_size=1, max_size=3, unique_by=lambda i: i.code
            )
        )
        targets = []
        for indicator in on:
            value = float(draw(st.integers(1, 400)))
            due = None
            if indicator.over_time is not Aggregation.MEAN and draw(st.integers(0, 4)) == 0:
                due = dt.date(2006 + draw(st.integers(0, years - 1)), draw(st.integers(2, 12)), 1)
                due = dt.date(due.year + due.month // 12, due.month % 12 + 1, 1) - dt.timedelta(
                    days=1
                )
            kind = draw(st.sampled_from(["plain", "plain", "stated", "previous-year"]))
            if kind == "stated":  # "p % over the 2005 figure"
                baseline = Baseline(value=float(draw(st.integers(1, 400))), period="2005")
            elif kind == "previous-year":  # "p % over each line's result of the year before"
                baseline = Baseline(previous_year=True)
            if kind == "plain":
                targets.append(Target(indicator=indicator.code, value=value, due=due))
            else:
                targets.append(
                    Target(
                        indicator=indicator.code,
                        due=due,
                        baseline=baseline,
                        improvement=draw(st.sampled_from([-5.0, 0.0, 10.0, 25.0])),
                    )
                )
        tasks.append(
            KeyTask(
                id=f"T{t}",
                name=Label(en=f"Task {t}"),
                pillar="P",
                targets=tuple(targets),
                weight=draw(st.sampled_from([0.5, 1.0, 2.0])),
            )
        )
    overseer = {task.id: f"deputy-{t % deputies}" for t, task in enumerate(tasks)}

    def pledges(task_ids: list[str], scale: float) -> tuple[Pledge, ...]:
        made = []
        for task in tasks:
            if task.id not in task_ids:
                continue
            for target in task.targets:
                nominal = target.amount() or 100.0  # relative to each line's year before
                value = max(1.0, round(nominal * scale * draw(st.floats(0.6, 1.4))))
                pledge = Pledge(task=task.id, indicator=target.indicator, value=value)
                if draw(st.integers(0, 3)) == 0:
                    signed = dt.date(2006, draw(st.integers(2, 11)), draw(st.integers(1, 28)))
                    pledge = pledge.revised(
                        max(1.0, round(value * draw(st.floats(0.5, 1.5)))), signed, "revised"
                    )
                made.append(pledge)
        return tuple(made)

    letters = []
    signed = dt.date(2006, 1, 5)
    for deputy, own in heads.items():
        mine = [t for t, d in overseer.items() if d == deputy]
        if not mine:
            continue
        letters.append(
            Letter(
                id=f"WT-{deputy}",
                kind=LetterKind.WORK_TARGET,
                pledger=deputy,
                recipient="chief",
                signed=signed,
                pledges=pledges(mine, 1.0),
            )
        )
        for head in own:
            letters.append(
                Letter(
                    id=f"WT-{head}",
                    kind=LetterKind.WORK_TARGET,
                    pledger=head,
                    recipient=deputy,
                    signed=signed,
                    pledges=pledges(mine, 1 / len(own)),
                )
            )
            for member in staff[head]:
                letters.append(
                    Letter(
                        id=f"WT-{member}",
                        kind=LetterKind.WORK_TARGET,
                        pledger=member,
                        recipient=head,
                        signed=signed,
                        pledges=pledges(mine, 1 / len(own) / len(staff[head])),
                    )
                )
    pledging = {letter.pledger for letter in letters}
    superior = {post.id: "chief" for post in posts if post.id.startswith("deputy")}
    for deputy, own in heads.items():
        for head in own:
            superior[head] = deputy
            for member in staff[head]:
                superior[member] = head
    for post in pledging:
        letters.append(
            Letter(
                id=f"IN-{post}",
                kind=LetterKind.INTEGRITY,
                pledger=post,
                recipient=superior[post],
                signed=signed,
                commitments=(Label(en="No breach"),),
            )
        )

    against = [t.indicator for task in tasks for t in task.targets if t.baseline is not None]
    improved = (
        Adjustment(
            id="improved",
            name=Label(en="improvement over baseline"),
            points_each=draw(st.sampled_from([0.1, 0.5])),
            cap=10,
            source=AdjustmentSource.IMPROVEMENT,
            indicator=draw(st.sampled_from(against)),
        )
        if against
        else None
    )
    rules = Appraisal(
        linked=(
            LinkedInput(id="exam", indicator=EXAM, weight=draw(st.sampled_from([0.0, 0.2, 0.5]))),
        ),
        adjustments=(
            Adjustment(
                id="late",
                name=Label(en="late"),
                points_each=-1,
                cap=5,
                source=AdjustmentSource.LATE_REPORTS,
            ),
            *([] if improved is None else [improved]),
        ),
        vetoes=(Veto(id="integrity", name=Label(en="veto"), indicator=VIOLATIONS),),
        quotas=(
            Quota(
                grade="excellent",
                share=draw(st.sampled_from([0.15, 0.34, 0.5])),
                pool=draw(st.sampled_from(list(QuotaPool))),
            ),
        ),
    )
    ratchet = (
        Ratchet(factor=draw(st.sampled_from([1.0, 1.05])))
        if years > 1 and draw(st.booleans())
        else None
    )
    program = Program(
        id="random",
        name=Label(en="A random program"),
        campaign=Campaign(id="c", name=Label(en="Campaign")),
        start=start,
        end=end,
        initiatives=(InitiativeUse(name="mirror", units=tuple(p.id for p in posts)),),
        pillars=(Pillar(id="P", name=Label(en="Pillar")),),
        tasks=tuple(tasks),
        units=tuple(units),
        posts=tuple(posts),
        letters=tuple(letters),
        rules=ChainRules(cascade=False, reach_bottom=False, exempt=("chief",)),
        evaluation=rules,
        ratchet=ratchet,
        # a previous-year baseline's first year comes from last year's program (in the
        # ledger; neither path here has one, so both judge those lines on their pledges)
        previous="last-year"
        if any(t.baseline and t.baseline.previous_year for task in tasks for t in task.targets)
        else None,
    )
    return program, tuple(indicators)


@attrs.frozen(eq=False)
class Replay:
    """A model returning ``table[code][period, replication, unit]``, whatever the seed."""

    table: Mapping[str, np.ndarray]

    def start(self, ctx: StepContext) -> MutableMapping[str, np.ndarray]:
        return {}

    def step(
        self,
        state: MutableMapping[str, np.ndarray],
        inputs: Mapping[str, np.ndarray],
        ctx: StepContext,
    ) -> Mapping[str, np.ndarray]:
        return {code: values[ctx.period] for code, values in self.table.items()}


def mirror_plugin(indicators: tuple[Indicator, ...], table: Mapping[str, np.ndarray]) -> Any:
    """A plugin object contributing the mirror initiative replaying ``table``."""
    outputs = tuple(code for code in table)

    class Mirror:
        @hookimpl
        def vanguard_initiatives(self) -> list[Initiative]:
            return [
                Initiative(
                    name="mirror",
                    title=Label(en="Mirror"),
                    description="Replays given monthly values per post.",
                    indicators=indicators,
                    model=Replay(table),
                    outputs=outputs,
                )
            ]

    return Mirror()
