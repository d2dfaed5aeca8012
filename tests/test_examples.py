"""The shipped example programs: they load, validate, and model the report as it is written.

``examples/zhaoqing-2006.toml`` is program A of the source report (the Zhaoqing labour
bureau), ``examples/sihui-2006.toml`` program B (the Sihui municipal agencies). These tests
pin what users and the other parts of the library rely on: 28 key tasks, both letter
chains in the report's shape, every task broken down to staff, the review cycles, the
report's figures, bilingual names, and a lossless round trip through every format.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from vanguard import (
    Cadence,
    Chains,
    Label,
    LetterKind,
    Product,
    Program,
    Vanguard,
    Weekday,
)
from vanguard.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ZHAOQING = EXAMPLES / "zhaoqing-2006.toml"
SIHUI = EXAMPLES / "sihui-2006.toml"

# The top of each chain in each program: (integrity root, work-target root).
ROOTS_BY_PROGRAM = {
    "zhaoqing-labour-2006": ("party-secretary", "chief"),
    "sihui-agencies-2006": ("party-secretary", "mayor"),
}

# Report, section 2 (facts and figures): indicator -> value.
REPORT_FIGURES = {
    "entrepreneurship.trained": 3079,
    "entrepreneurship.startups": 1213,
    "entrepreneurship.jobs": 3721,
    "rural.trained": 100_100,
    "rural.placed": 64_785,
    "liaison.officers": 48,
    "liaison.employers": 358,
    "liaison.workforce": 76_000,
    "liaison.consultations": 2200,
    "liaison.recruits": 6000,
}

ZHAOQING_INITIATIVES = {
    "entrepreneurship-training",
    "sunrise-project",
    "window-competition",
    "rural-transfer",
    "labour-liaison",
    "rights-protection",
    "violation-monitoring",
    "retiree-management",
    "campaign-discipline",
}
SIHUI_INITIATIVES = {
    "approval-reform",
    "problem-rectification",
    "campaign-discipline",
    "village-visits",
}


@cache
def _app() -> Vanguard:
    return Vanguard()


def _require_plugins(path: Path) -> Vanguard:
    """The app with the installed plugins; skip when an initiative the file uses is missing."""
    with path.open("rb") as handle:
        wanted = [use["name"] for use in tomllib.load(handle).get("initiatives", [])]
    app = _app()
    missing = sorted(set(wanted) - set(app.initiatives()))
    if missing:
        pytest.skip(
            f"{path.name} uses initiative(s) {', '.join(missing)} whose plugin is not installed "
            "(pip install -e plugins/<folder>)"
        )
    return app


@cache
def _load(path: Path) -> Program:
    program: Program = _require_plugins(path).load_program(path)
    return program


@pytest.fixture(params=[ZHAOQING, SIHUI], ids=["zhaoqing", "sihui"])
def example(request: pytest.FixtureRequest) -> tuple[Path, Program]:
    path: Path = request.param
    return path, _load(path)


@pytest.fixture
def zhaoqing() -> Program:
    return _load(ZHAOQING)


@pytest.fixture
def sihui() -> Program:
    return _load(SIHUI)


# ------------------------------------------------------------------ loading and validation


def test_examples_validate_with_the_installed_plugins(example: tuple[Path, Program]) -> None:
    path, program = example
    assert _app().validate(program) == []
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{path}: ok" in result.output


def test_both_programs_belong_to_one_campaign(zhaoqing: Program, sihui: Program) -> None:
    assert zhaoqing.campaign == sihui.campaign
    assert zhaoqing.campaign.id == "vanguard-practice"
    assert zhaoqing.campaign.name.zh == "排头兵实践活动"
    for program in (zhaoqing, sihui):
        assert (program.start, program.end) == (dt.date(2006, 1, 1), dt.date(2006, 12, 31))
    assert zhaoqing.id != sihui.id


# ------------------------------------------------------------------ key tasks


def test_zhaoqing_has_the_28_key_tasks(zhaoqing: Program) -> None:
    ids = [task.id for task in zhaoqing.tasks]
    assert len(ids) == 28
    assert len(set(ids)) == 28
    assert {pillar.id for pillar in zhaoqing.pillars} == {"workforce", "mechanism", "highlights"}
    for task in zhaoqing.tasks:
        assert task.targets, f"{task.id} has no quantified target"
        assert task.source is not None, task.id
        assert task.source.startswith("A-"), task.id


def test_zhaoqing_names_the_three_tasks_the_report_names(zhaoqing: Program) -> None:
    names = {task.name.zh: task for task in zhaoqing.tasks}
    for term, initiative in [
        ("创业培训富民工程", "entrepreneurship-training"),
        ("企业劳动用工联络员制度", "labour-liaison"),
        ("劳动保障违法行为监控网络建设工程", "violation-monitoring"),
    ]:
        assert term in names, term
        assert names[term].initiative == initiative


def test_targets_sit_at_or_below_the_report_figures(zhaoqing: Program) -> None:
    targets = {target.indicator: target.value for task in zhaoqing.tasks for target in task.targets}
    for code, achieved in REPORT_FIGURES.items():
        assert code in targets, f"no target on {code}"
        assert 0.9 * achieved <= targets[code] <= achieved, code
    assert targets["entrepreneurship.startup_rate"] <= 1213 / 3079
    assert targets["rural.placement_rate"] <= 64_785 / 100_100


def test_dated_targets_for_the_retiree_centre(zhaoqing: Program) -> None:
    targets = {t.indicator: t for task in zhaoqing.tasks for t in task.targets}
    assert targets["retirees.centre_open"].due == dt.date(2006, 4, 30)
    assert targets["retirees.demonstration_sites"].due == dt.date(2006, 9, 30)


def test_plugin_tasks_use_their_initiatives_indicators(example: tuple[Path, Program]) -> None:
    _, program = example
    initiatives = _app().initiatives()
    used = {use.name for use in program.initiatives}
    for task in program.tasks:
        if task.initiative is None:
            continue
        assert task.initiative in used, task.id
        codes = {indicator.code for indicator in initiatives[task.initiative].indicators}
        for target in task.targets:
            local = {indicator.code for indicator in program.indicators}
            assert target.indicator in codes | local, (task.id, target.indicator)
            assert target.indicator not in local or target.indicator not in codes


def test_initiatives_used(zhaoqing: Program, sihui: Program) -> None:
    assert {use.name for use in zhaoqing.initiatives} == ZHAOQING_INITIATIVES
    assert {use.name for use in sihui.initiatives} == SIHUI_INITIATIVES
    counties = {"duanzhou", "dinghu", "gaoyao", "sihui", "guangning", "huaiji", "fengkai", "deqing"}
    uses = {use.name: use for use in zhaoqing.initiatives}
    assert set(uses["entrepreneurship-training"].units) == counties
    assert set(uses["rural-transfer"].units) == counties
    # The counties are where initiatives run, not units of the bureau.
    assert not counties & {unit.id for unit in zhaoqing.units}
    assert "employment-training-centre" in uses["window-competition"].units


def test_sihui_tasks_come_from_program_b(sihui: Program) -> None:
    assert {pillar.id for pillar in sihui.pillars} == {"service", "problems", "rectification"}
    for task in sihui.tasks:
        assert task.targets, task.id
        assert task.source is not None, task.id
        assert task.source.startswith("B-"), task.id
    initiatives = {task.initiative for task in sihui.tasks}
    # campaign discipline is carried by every post, not a task of its own: the program's
    # study and integrity indicators stand for its outputs (``simulate``)
    assert initiatives >= SIHUI_INITIATIVES - {"campaign-discipline"}


def test_sihui_counts_village_visits_with_the_initiative(sihui: Program) -> None:
    # the visits and the families in hardship come from the village-visits initiative,
    # not from a plain indicator of the program's own
    local = {indicator.code for indicator in sihui.indicators}
    assert not {"villages.visits", "villages.hardship_families"} & local
    tasks = {task.id: task for task in sihui.tasks}
    assert tasks["S07"].initiative == tasks["S08"].initiative == "village-visits"
    pledged = {pledge.indicator for letter in sihui.letters for pledge in letter.pledges}
    assert {"villages.visits", "villages.hardship_families", "approval.items"} <= pledged
    (use,) = (use for use in sihui.initiatives if use.name == "village-visits")
    pledgers = {
        letter.pledger
        for letter in sihui.letters
        for pledge in letter.pledges
        if pledge.indicator.startswith("villages.")
        and pledge.indicator != "villages.civilised_villages"
        and letter.pledger.split(".")[-1].startswith("staff")
    }
    assert set(use.units) == pledgers  # the units are the cadres who visit


# ------------------------------------------------------------------ letter chains


def _category(program: Program, post_id: str) -> str:
    return program.post(post_id).category


def test_every_task_is_broken_down_to_staff(example: tuple[Path, Program]) -> None:
    _, program = example
    chains = Chains(program)
    for task in program.tasks:
        accountable = chains.accountable_for(task.id)
        assert accountable.direct, task.id
        for post in accountable.direct:
            assert _category(program, post) == "staff", (task.id, post)
        root = ROOTS_BY_PROGRAM[program.id][1]
        for line in accountable.lines.values():
            assert line[-1] == root, (task.id, line)
            assert len(line) == 3, (task.id, line)  # head, leader, top


def test_every_staff_post_pledges_work_targets(example: tuple[Path, Program]) -> None:
    _, program = example
    pledgers = {link.pledger for link in Chains(program).of_kind(LetterKind.WORK_TARGET)}
    for post in program.posts:
        if post.category == "staff":
            assert post.id in pledgers, post.id


def test_integrity_chain_has_the_reports_shape(example: tuple[Path, Program]) -> None:
    """Party Secretary -> Discipline Inspection Secretary -> every section/institution head."""
    _, program = example
    top, _ = ROOTS_BY_PROGRAM[program.id]
    chains = Chains(program)
    assert chains.roots(LetterKind.INTEGRITY) == (top,)
    below = chains.below(LetterKind.INTEGRITY)
    assert "discipline-secretary" in below[top]
    heads = {post.id for post in program.posts if post.category == "section-head"}
    led_units = {program.post(post).unit for post in heads}
    branch_units = {
        unit.id for unit in program.units if unit.kind in {"section", "institution", "department"}
    }
    assert led_units == branch_units  # every section and institution has its head
    assert set(below["discipline-secretary"]) == heads
    # and, so every post holds both kinds (一岗双责), staff sign with their own head
    for post in program.posts:
        if post.category == "staff":
            (head,) = [h for h, pledgers in below.items() if post.id in pledgers]
            assert program.post(head).unit == post.unit


def test_work_target_chain_has_the_reports_shape(example: tuple[Path, Program]) -> None:
    """Chief -> each deputy -> section heads -> staff."""
    _, program = example
    _, top = ROOTS_BY_PROGRAM[program.id]
    chains = Chains(program)
    assert chains.roots(LetterKind.WORK_TARGET) == (top,)
    below = chains.below(LetterKind.WORK_TARGET)
    leaders = below[top]
    deputies = [post.id for post in program.posts if post.id.startswith("deputy-")]
    assert len(deputies) >= 3
    assert set(deputies) <= set(leaders)
    assert set(leaders) - set(deputies) <= {"discipline-secretary"}
    heads_reached = set()
    for leader in leaders:
        assert _category(program, leader) == "leadership"
        for head in below[leader]:
            assert _category(program, head) == "section-head", (leader, head)
            heads_reached.add(head)
            for member in below[head]:
                assert _category(program, member) == "staff", (head, member)
                assert program.post(member).unit == program.post(head).unit
                assert member not in below  # staff are the bottom
    assert heads_reached == {p.id for p in program.posts if p.category == "section-head"}


def test_every_integrity_letter_pledges_zero_violations(example: tuple[Path, Program]) -> None:
    """So every post reports on integrity, which the year-end veto rule relies on."""
    _, program = example
    letters = program.letters_of(LetterKind.INTEGRITY)
    assert letters
    for letter in letters:
        assert letter.commitments, letter.id
        values = [p.value for p in letter.pledges if p.indicator == "integrity.violations"]
        assert values == [0], letter.id


def test_every_post_holds_both_kinds_of_letter(example: tuple[Path, Program]) -> None:
    _, program = example
    integrity_top, work_top = ROOTS_BY_PROGRAM[program.id]
    chains = Chains(program)
    pledged = {kind: {link.pledger for link in chains.of_kind(kind)} for kind in LetterKind}
    for post in program.posts:
        if post.id == integrity_top:
            continue
        assert post.id in pledged[LetterKind.INTEGRITY], post.id
        if post.id != work_top:
            assert post.id in pledged[LetterKind.WORK_TARGET], post.id


def test_top_pledges_cover_every_task_target(example: tuple[Path, Program]) -> None:
    _, program = example
    _, top = ROOTS_BY_PROGRAM[program.id]
    indicators = {**_app().indicators(), **{i.code: i for i in program.indicators}}
    for task in program.tasks:
        for target in task.targets:
            values = [
                pledge.effective_value
                for letter in program.letters_of(LetterKind.WORK_TARGET)
                if letter.recipient == top
                for pledge in letter.pledges
                if pledge.task == task.id and pledge.indicator == target.indicator
            ]
            assert values, (task.id, target.indicator)
            indicator = indicators[target.indicator]
            if indicator.additive:
                assert indicator.better(sum(values), target.value), (task.id, target.indicator)
            else:
                assert all(indicator.better(v, target.value) for v in values), task.id


def test_a_revised_pledge_keeps_its_original(zhaoqing: Program) -> None:
    revised = [
        (letter, pledge)
        for letter in zhaoqing.letters
        for pledge in letter.pledges
        if pledge.revisions
    ]
    assert revised
    for letter, pledge in revised:
        assert pledge.value != pledge.effective_value
        assert pledge.value_on(letter.signed) == pledge.value
        assert all(revision.reason for revision in pledge.revisions)


def test_letters_as_first_signed_also_cascade(example: tuple[Path, Program]) -> None:
    """A revision moves a pledge within the cascade: the January letters were consistent too."""
    _, program = example
    assert any(pledge.revisions for letter in program.letters for pledge in letter.pledges)
    as_signed = tuple(
        attrs.evolve(
            letter,
            pledges=tuple(attrs.evolve(pledge, revisions=()) for pledge in letter.pledges),
        )
        for letter in program.letters
    )
    assert _app().validate(attrs.evolve(program, letters=as_signed)) == []


def test_lowering_a_staff_pledge_breaks_the_cascade(zhaoqing: Program) -> None:
    position, letter = next(
        (i, letter)
        for i, letter in enumerate(zhaoqing.letters)
        if letter.pledger == "training.staff-2" and letter.kind is LetterKind.WORK_TARGET
    )
    j, pledge = next((j, p) for j, p in enumerate(letter.pledges) if p.indicator == "rural.trained")
    lowered = attrs.evolve(pledge, value=pledge.value - 1)
    pledges = (*letter.pledges[:j], lowered, *letter.pledges[j + 1 :])
    letters = list(zhaoqing.letters)
    letters[position] = attrs.evolve(letter, pledges=pledges)
    problems = _app().validate(attrs.evolve(zhaoqing, letters=tuple(letters)))
    assert problems
    assert all("T17/rural.trained" in problem.message for problem in problems)


# ------------------------------------------------------------------ cycles and figures


def test_review_cycles(example: tuple[Path, Program]) -> None:
    _, program = example
    cycles = {cycle.id: cycle for cycle in program.cycles}
    expected = {
        "weekly-study": (Cadence.WEEKLY, Product.STUDY_SESSION, 52),
        "monthly-report": (Cadence.MONTHLY, Product.REPORT, 12),
        "quarterly-bulletin": (Cadence.QUARTERLY, Product.BULLETIN, 4),
        "quarterly-exam": (Cadence.QUARTERLY, Product.EXAM, 4),
        "year-end-evaluation": (Cadence.YEARLY, Product.EVALUATION, 1),
    }
    assert set(cycles) == set(expected)
    for cycle_id, (cadence, product, count) in expected.items():
        cycle = cycles[cycle_id]
        assert (cycle.cadence, cycle.produces) == (cadence, product)
        occurrences = cycle.occurrences(program.start, program.end, program.year_start)
        assert len(occurrences) == count, cycle_id
    assert cycles["weekly-study"].weekday is Weekday.FRIDAY
    assert len(cycles["quarterly-exam"].topics) == 4  # one topic per quarter
    assert cycles["monthly-report"].offset_days == 5
    assert cycles["quarterly-bulletin"].offset_days == 10
    bulletins = cycles["quarterly-bulletin"].occurrences(program.start, program.end)
    assert [b.label for b in bulletins] == ["2006Q1", "2006Q2", "2006Q3", "2006Q4"]
    assert bulletins[0].due == dt.date(2006, 4, 10)


def test_zhaoqing_carries_every_figure_of_the_report(zhaoqing: Program) -> None:
    figures = {figure.indicator: figure for figure in zhaoqing.figures}
    for code, value in REPORT_FIGURES.items():
        assert figures[code].value == value, code
        assert figures[code].source.startswith("A-III-"), code
    assert figures["retirees.centre_open"].by == dt.date(2006, 4, 30)


# ------------------------------------------------------------------ names


def _labels(value: Any, where: str) -> Iterator[tuple[str, Label]]:
    if isinstance(value, Label):
        yield where, value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _labels(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _labels(item, f"{where}[{i}]")


def test_every_name_is_in_english_and_chinese(example: tuple[Path, Program]) -> None:
    _, program = example
    labels = list(_labels(program, "program"))
    assert len(labels) > 100
    for where, label in labels:
        assert label.en.strip(), where
        assert label.zh is not None, f"{where} has no Chinese term"
        assert any("\u4e00" <= char <= "\u9fff" for char in label.zh), where


# ------------------------------------------------------------------ CLI and formats


def test_show_prints_every_task_and_both_chains(zhaoqing: Program) -> None:
    result = CliRunner().invoke(main, ["show", str(ZHAOQING)])
    assert result.exit_code == 0, result.output
    for task in zhaoqing.tasks:
        assert f"{task.id} " in result.output, task.id
    assert "Work-target letters" in result.output
    assert "Integrity letters" in result.output
    for post in ("party-secretary", "discipline-secretary", "chief", "training.staff-1"):
        assert f"({post})" in result.output, post


def test_show_in_chinese(zhaoqing: Program) -> None:
    result = CliRunner().invoke(main, ["show", str(ZHAOQING), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    for term in ("创业培训富民工程", "局党组书记", "局直属机关纪委书记", "就业训练中心主任"):
        assert term in result.output, term


def test_round_trip_through_every_format(example: tuple[Path, Program]) -> None:
    """TOML -> JSON -> YAML -> TOML keeps the program equal, revisions and labels included."""
    _, program = example
    app = _app()
    from_toml = app.parse_program(app.render_program(program, "toml"), "toml")
    from_json = app.parse_program(app.render_program(from_toml, "json"), "json")
    from_yaml = app.parse_program(app.render_program(from_json, "yaml"), "yaml")
    back = app.parse_program(app.render_program(from_yaml, "toml"), "toml")
    assert from_toml == program
    assert from_json == program
    assert from_yaml == program
    assert back == program


def test_every_post_carries_its_own_campaign_discipline(zhaoqing: Program, sihui: Program) -> None:
    """The discipline indicators are simulated per post (issue 10, item 1): the plugin runs
    over every post, and the program's own study, integrity and report indicators stand for
    its outputs; every other indicator of the program is declared at its pledge."""
    for program in (zhaoqing, sihui):
        (use,) = [use for use in program.initiatives if use.name == "campaign-discipline"]
        assert set(use.units) == {post.id for post in program.posts}
        declared = {indicator.code: indicator.simulate for indicator in program.indicators}
        assert declared["study.sessions_attended"] == "discipline.attendance"
        assert declared["study.exam_score"] == "discipline.exam_score"
        assert declared["integrity.violations"] == "discipline.violations"
        assert all(value is not None for value in declared.values())
