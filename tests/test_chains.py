"""Responsibility chains: who answers for a task, the chain rules, and the cascade of targets."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import assume
from hypothesis import strategies as st
from model_strategies import DEPTHS, explore, programs

from vanguard import (
    Aggregation,
    Campaign,
    ChainRules,
    Chains,
    Direction,
    Indicator,
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
    validate_program,
)
from vanguard.problems import Problem

WORK, INTEGRITY = LetterKind.WORK_TARGET, LetterKind.INTEGRITY
SIGNED = dt.date(2006, 1, 10)

INDICATORS = (
    Indicator(code="trained", name=Label(en="Trained"), unit="person"),
    Indicator(
        code="placement_rate",
        name=Label(en="Placement rate"),
        unit="%",
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
    ),
    Indicator(
        code="complaints", name=Label(en="Complaints"), unit="case", direction=Direction.LOWER
    ),
    Indicator(
        code="error_rate",
        name=Label(en="Error rate"),
        unit="%",
        direction=Direction.LOWER,
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
    ),
)
POSTS = (
    "party-secretary",
    "discipline-secretary",
    "chief",
    "deputy",
    "head-a",
    "head-b",
    "staff-a1",
    "staff-a2",
    "staff-b1",
)


def rules(**given: object) -> ChainRules:
    """Chain rules for this bureau of one unit: letters are not checked against the
    organisation here (tests/test_organisation.py does that)."""
    return ChainRules(follow_organisation=False, **given)  # type: ignore[arg-type]


NO_DUAL = rules(dual_responsibility=False)
TOPS = ("discipline-secretary", "chief")


def letter(
    letter_id: str,
    pledger: str,
    recipient: str,
    *pledges: tuple[str, str, float],
    kind: LetterKind = WORK,
) -> Letter:
    return Letter(
        id=letter_id,
        kind=kind,
        pledger=pledger,
        recipient=recipient,
        signed=SIGNED,
        pledges=tuple(Pledge(task=t, indicator=i, value=v) for t, i, v in pledges),
    )


def bureau_letters(
    code: str = "trained", top: float = 100, a: float = 60, b: float = 40
) -> list[Letter]:
    """chief <- deputy <- (head-a <- staff-a1, staff-a2), (head-b <- staff-b1) on T1."""
    half = a / 2 if code in ("trained", "complaints") else a
    return [
        letter("W-deputy", "deputy", "chief", ("T1", code, top)),
        letter("W-head-a", "head-a", "deputy", ("T1", code, a)),
        letter("W-head-b", "head-b", "deputy", ("T1", code, b)),
        letter("W-staff-a1", "staff-a1", "head-a", ("T1", code, half)),
        letter("W-staff-a2", "staff-a2", "head-a", ("T1", code, half)),
        letter("W-staff-b1", "staff-b1", "head-b", ("T1", code, b)),
        letter("I-discipline", "discipline-secretary", "party-secretary", kind=INTEGRITY),
        letter("I-chief", "chief", "party-secretary", kind=INTEGRITY),
        letter("I-deputy", "deputy", "discipline-secretary", kind=INTEGRITY),
        letter("I-head-a", "head-a", "deputy", kind=INTEGRITY),
        letter("I-head-b", "head-b", "deputy", kind=INTEGRITY),
    ]


def bureau(
    letters: list[Letter] | None = None,
    targets: tuple[Target, ...] = (Target(indicator="trained", value=100),),
    rules: ChainRules = NO_DUAL,
    tasks: tuple[KeyTask, ...] = (),
) -> Program:
    return Program(
        id="bureau-2006",
        name=Label(en="Bureau"),
        campaign=Campaign(id="c", name=Label(en="Campaign")),
        start=dt.date(2006, 1, 1),
        end=dt.date(2006, 12, 31),
        indicators=INDICATORS,
        pillars=(Pillar(id="P1", name=Label(en="Pillar")),),
        tasks=(
            KeyTask(id="T1", name=Label(en="Training"), pillar="P1", targets=targets),
            *tasks,
        ),
        units=(Unit(id="bureau", name=Label(en="Bureau"), kind="bureau"),),
        posts=tuple(Post(id=p, title=Label(en=p), unit="bureau") for p in POSTS),
        letters=tuple(bureau_letters() if letters is None else letters),
        rules=rules,
    )


def position(program: Program, letter_id: str) -> int:
    return next(i for i, item in enumerate(program.letters) if item.id == letter_id)


def locations(problems: list[Problem]) -> list[str]:
    return [problem.location for problem in problems]


def test_the_bureau_is_valid() -> None:
    assert validate_program(bureau()) == []


# --- accountability ---------------------------------------------------------------------------


def test_direct_responsibility_is_at_the_bottom_and_leadership_above_in_order() -> None:
    who = Chains(bureau()).accountable_for("T1")
    assert who.task == "T1"
    assert who.direct == ("staff-a1", "staff-a2", "staff-b1")
    assert who.leadership == ("head-a", "deputy", "chief", "head-b")
    assert who.lines == {
        "staff-a1": ("head-a", "deputy", "chief"),
        "staff-a2": ("head-a", "deputy", "chief"),
        "staff-b1": ("head-b", "deputy", "chief"),
    }


def test_a_task_stopping_higher_up_makes_that_post_directly_responsible() -> None:
    letters = [
        *bureau_letters(),
        letter("W2-deputy", "deputy", "chief", ("T2", "trained", 10)),
        letter("W2-head-a", "head-a", "deputy", ("T2", "trained", 10)),
    ]
    second = KeyTask(id="T2", name=Label(en="Second"), pillar="P1")
    who = Chains(bureau(letters, tasks=(second,))).accountable_for("T2")
    assert who.direct == ("head-a",)
    assert who.leadership == ("deputy", "chief")


def test_accountability_for_an_unknown_task_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Chains(bureau()).accountable_for("T99")


def test_roots_are_the_tops_of_each_chain() -> None:
    chains = Chains(bureau())
    assert chains.roots(WORK) == ("chief",)
    assert chains.roots(INTEGRITY) == ("party-secretary",)
    assert chains.below(WORK)["head-a"] == ["staff-a1", "staff-a2"]
    assert [link.letter for link in chains.of_task("T1")][:3] == [
        "W-deputy",
        "W-head-a",
        "W-head-b",
    ]


# --- cycles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closing", "loop"),
    [
        (letter("W-back", "chief", "deputy"), ["chief", "deputy"]),
        (letter("W-back", "chief", "staff-b1"), ["chief", "staff-b1", "head-b", "deputy"]),
        (
            letter("I-back", "party-secretary", "head-a", kind=INTEGRITY),
            ["party-secretary", "head-a", "deputy", "discipline-secretary"],
        ),
    ],
    ids=["two-posts", "four-posts", "integrity"],
)
def test_a_cycle_is_reported_with_the_posts_in_the_loop(closing: Letter, loop: list[str]) -> None:
    program = bureau([*bureau_letters(), closing])
    problems = [p for p in validate_program(program) if "form a cycle" in p.message]
    assert len(problems) == 1
    (problem,) = problems
    assert problem.message.startswith(f"{closing.kind.value} letters form a cycle: ")
    posts = problem.message.split(": ", 1)[1].split(" (")[0].split(" -> ")
    assert posts[0] == posts[-1]
    assert sorted(posts[:-1]) == sorted(loop)
    assert problem.location.startswith("letters[")
    in_loop = {
        f"letters[{i}]"
        for i, item in enumerate(program.letters)
        if item.kind is closing.kind and {item.pledger, item.recipient} <= set(loop)
    }
    assert problem.location in in_loop
    # a cycle never hangs the accountability walk either
    assert Chains(program).accountable_for("T1").direct


# --- one post, two responsibilities; reaching the bottom -------------------------------------


def test_one_post_two_responsibilities() -> None:
    # the top of each chain needs no letter of that kind above it (the chief tops the
    # work-target chain); the Party Secretary and the discipline secretary pledge no
    # work target although they top no work-target chain, the staff no integrity
    problems = validate_program(bureau(rules=rules()))
    assert locations(problems)[:2] == ["posts[0]", "posts[1]"]
    assert "'discipline-secretary' pledges in no work-target letter" in problems[1].message
    program = bureau(rules=rules(exempt=(*TOPS[:1], "party-secretary")))
    problems = validate_program(program)
    staff = {f"posts[{POSTS.index(p)}]" for p in ("staff-a1", "staff-a2", "staff-b1")}
    assert set(locations(problems)) == staff
    first = next(p for p in problems if p.location == f"posts[{POSTS.index('staff-a1')}]")
    assert "'staff-a1' pledges in no integrity letter" in first.message
    assert "一岗双责" in first.message


def test_exempt_posts_and_a_program_without_the_rule() -> None:
    exempt = rules(exempt=(*TOPS, "party-secretary", "staff-a1", "staff-a2"))
    assert locations(validate_program(bureau(rules=exempt))) == [
        f"posts[{POSTS.index('staff-b1')}]"
    ]
    assert validate_program(bureau(rules=rules(dual_responsibility=False))) == []


def test_every_task_must_reach_the_bottom_of_its_chain() -> None:
    stuck = KeyTask(id="T3", name=Label(en="Stuck"), pillar="P1")
    orphan = KeyTask(id="T4", name=Label(en="Orphan"), pillar="P1")
    letters = bureau_letters()
    letters[0] = attrs.evolve(
        letters[0],
        pledges=(*letters[0].pledges, Pledge(task="T3", indicator="trained", value=5)),
    )
    program = bureau(letters, tasks=(stuck, orphan))
    problems = {p.location: p.message for p in validate_program(program)}
    assert problems == {
        "tasks[1]": "key task 'T3' stops at deputy, who delegates other tasks further down: "
        "break it down to the posts below",
        "tasks[2]": "key task 'T4' is pledged in no work-target letter",
    }
    relaxed = rules(dual_responsibility=False, reach_bottom=False)
    assert validate_program(bureau(letters, tasks=(stuck, orphan), rules=relaxed)) == []


# --- the cascade ----------------------------------------------------------------------------


def _with_value(program: Program, letter_id: str, value: float) -> Program:
    at = position(program, letter_id)
    letters = list(program.letters)
    first, *rest = letters[at].pledges
    letters[at] = attrs.evolve(letters[at], pledges=(attrs.evolve(first, value=value), *rest))
    return attrs.evolve(program, letters=tuple(letters))


@pytest.mark.parametrize(
    ("code", "a", "child", "fails"),
    [
        ("trained", 60, 29, True),  # additive, higher better: 29 + 30 < 60
        ("trained", 60, 31, False),  # over-covering is fine
        ("placement_rate", 0.8, 0.79, True),  # a rate: every child at least the parent's
        ("placement_rate", 0.8, 0.95, False),
        ("complaints", 60, 31, True),  # additive, lower better: 31 + 30 > a ceiling of 60
        ("complaints", 60, 29, False),
        ("error_rate", 0.02, 0.03, True),  # a lower-is-better rate: each at most the parent's
        ("error_rate", 0.02, 0.01, False),
    ],
)
def test_the_cascade_by_kind_of_indicator(code: str, a: float, child: float, fails: bool) -> None:
    additive = code in ("trained", "complaints")
    top, b = (a + 40, 40) if additive else (a, a)
    program = bureau(
        bureau_letters(code, top=top, a=a, b=b), targets=(Target(indicator=code, value=top),)
    )
    assert validate_program(program) == []
    changed = _with_value(program, "W-staff-a1", child)
    problems = validate_program(changed)
    if not fails:
        assert problems == []
        return
    parent = f"letters[{position(program, 'W-head-a')}].pledges[0]"
    assert locations(problems) == [parent]
    rule = {
        "trained": "sum to at least",
        "complaints": "sum to at most",
        "placement_rate": "each be at least",
        "error_rate": "each be at most",
    }[code]
    assert f"must {rule} {a:g}" in problems[0].message
    assert f"letters[{position(program, 'W-staff-a1')}].pledges[0]" in problems[0].message


def test_the_top_pledges_must_cover_the_tasks_own_target() -> None:
    program = bureau(targets=(Target(indicator="trained", value=120),))
    problems = validate_program(program)
    assert locations(problems) == ["tasks[0].targets[0].value"]
    assert "must sum to at least the task's target 120" in problems[0].message
    relaxed = rules(dual_responsibility=False, cascade=False)
    assert validate_program(attrs.evolve(program, rules=relaxed)) == []


def _revise(program: Program, letter_id: str, value: float) -> Program:
    at = position(program, letter_id)
    letters = list(program.letters)
    first, *rest = letters[at].pledges
    revised = first.revised(value, dt.date(2006, 7, 1), "mid-year review")
    letters[at] = attrs.evolve(letters[at], pledges=(revised, *rest))
    return attrs.evolve(program, letters=tuple(letters))


def test_the_cascade_uses_the_revised_values() -> None:
    program = _revise(bureau(), "W-staff-a1", 20)
    assert program.letters[position(program, "W-staff-a1")].pledges[0].value == 30  # kept
    problems = validate_program(program)
    assert locations(problems) == [f"letters[{position(program, 'W-head-a')}].pledges[0]"]
    # the head revises its own pledge down to what is covered; now the deputy's is short
    program = _revise(program, "W-head-a", 50)
    problems = validate_program(program)
    assert locations(problems) == [f"letters[{position(program, 'W-deputy')}].pledges[0]"]
    # and a revision back up restores the cascade
    assert validate_program(_revise(_revise(program, "W-head-a", 60), "W-staff-a1", 30)) == []


# --- cascade invariants on generated programs -------------------------------------------------


def _staff_letters(program: Program, code: str) -> list[int]:
    return [
        i
        for i, item in enumerate(program.letters)
        if item.kind is WORK and "-staff" in item.pledger and item.pledges[0].indicator == code
    ]


def _parent_location(program: Program, staff_letter: Letter) -> str:
    head, task = staff_letter.recipient, staff_letter.pledges[0].task
    return f"letters[{position(program, f'W-{head}-{task}')}].pledges[0]"


def _change(program: Program, at: int, delta: float) -> Program:
    letters = list(program.letters)
    (pledge,) = letters[at].pledges
    letters[at] = attrs.evolve(
        letters[at], pledges=(attrs.evolve(pledge, value=pledge.value + delta),)
    )
    return attrs.evolve(program, letters=tuple(letters))


def _generated_are_valid(program: Program) -> None:
    assert validate_program(program) == []
    for task in program.tasks:
        who = Chains(program).accountable_for(task.id)
        assert all(post.split("-")[1].startswith("staff") for post in who.direct)
        assert who.leadership[-1] == "chief"


@pytest.mark.parametrize("examples", DEPTHS)
def test_generated_programs_are_valid(examples: int) -> None:
    explore(examples, _generated_are_valid, program=programs())


def _lowering_a_count(program: Program, data: st.DataObject) -> None:
    staff = _staff_letters(program, "count")
    assume(staff)
    at = data.draw(st.sampled_from(staff), label="letter")
    lowered = _change(program, at, -data.draw(st.sampled_from([1, 0.5, 1000])))
    problems = validate_program(lowered)
    assert _parent_location(program, program.letters[at]) in locations(problems)


@pytest.mark.parametrize("examples", DEPTHS)
def test_lowering_a_staff_share_of_a_count_breaks_the_parent_pledge(examples: int) -> None:
    explore(examples, _lowering_a_count, program=programs(), data=st.data())


def _raising(program: Program, data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(["rate", "count"]), label="indicator")
    staff = _staff_letters(program, code)
    assume(staff)
    at = data.draw(st.sampled_from(staff), label="letter")
    assert validate_program(_change(program, at, data.draw(st.sampled_from([0.5, 3, 1e6])))) == []


@pytest.mark.parametrize("examples", DEPTHS)
def test_raising_a_staff_pledge_of_a_rate_or_a_count_is_fine(examples: int) -> None:
    explore(examples, _raising, program=programs(), data=st.data())


def _complaints(program: Program, data: st.DataObject) -> None:
    staff = _staff_letters(program, "complaints")
    assume(staff)
    at = data.draw(st.sampled_from(staff), label="letter")
    raised = validate_program(_change(program, at, 1))
    assert _parent_location(program, program.letters[at]) in locations(raised)
    assert validate_program(_change(program, at, -1)) == []


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_lower_is_better_ceiling_breaks_when_a_share_rises(examples: int) -> None:
    explore(examples, _complaints, program=programs(), data=st.data())


def _revising(program: Program, data: st.DataObject) -> None:
    staff = _staff_letters(program, "count")
    assume(staff)
    at = data.draw(st.sampled_from(staff), label="letter")
    letters = list(program.letters)
    (pledge,) = letters[at].pledges
    lowered = pledge.revised(pledge.value - 1, dt.date(2006, 6, 30), "cut")
    letters[at] = attrs.evolve(letters[at], pledges=(lowered,))
    revised = attrs.evolve(program, letters=tuple(letters))
    assert _parent_location(program, program.letters[at]) in locations(validate_program(revised))
    # a later revision back to the original value is the one in force
    restored = lowered.revised(pledge.value, dt.date(2006, 9, 30), "restored")
    letters[at] = attrs.evolve(letters[at], pledges=(restored,))
    assert validate_program(attrs.evolve(program, letters=tuple(letters))) == []


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_revision_below_the_share_breaks_the_parent_and_a_later_one_restores_it(
    examples: int,
) -> None:
    explore(examples, _revising, program=programs(), data=st.data())
