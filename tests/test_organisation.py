"""Letters against the organisation (issue 9, item 9): a work-target letter goes to the
pledger's superior, an integrity letter follows the declared clean-government chain, every
post holds both kinds unless exempt, and a post with no letter is a problem."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from vanguard import ProgramError, Vanguard
from vanguard.chain.organisation import Organisation
from vanguard.model.letter import LetterKind

ROOT = Path(__file__).resolve().parents[1]
ZHAOQING = ROOT / "examples" / "zhaoqing-2006.toml"
SIHUI = ROOT / "examples" / "sihui-2006.toml"


@pytest.fixture(scope="session")
def zhaoqing(zhaoqing_document: dict[str, Any]) -> dict[str, Any]:
    return zhaoqing_document


def problems(installed: Vanguard, document: dict[str, Any]) -> list[str]:
    try:
        installed.parse_program(json.dumps(document, default=str), "json")
    except ProgramError as error:
        return [str(problem) for problem in error.problems]
    return []


def letter_at(document: dict[str, Any], letter_id: str) -> int:
    return next(i for i, letter in enumerate(document["letters"]) if letter["id"] == letter_id)


def test_a_work_target_letter_to_the_head_of_another_section_is_a_problem(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    at = letter_at(document, "WT-office.staff-1")
    document["letters"][at]["recipient"] = "policy.head"
    found = problems(installed, document)
    assert (
        f"letters[{at}].recipient: a work-target letter goes to the pledger's superior: "
        "'office.staff-1' answers to 'office.head' (head of unit 'office', units[2].head), "
        "not 'policy.head'"
    ) in found


def test_an_integrity_letter_to_a_peer_is_a_problem(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    at = letter_at(document, "IN-office.staff-1")
    document["letters"][at]["recipient"] = "office.staff-2"
    found = problems(installed, document)
    assert found == [
        f"letters[{at}].recipient: an integrity letter follows the clean-government chain: "
        "'office.staff-1' answers to 'office.head' (head of unit 'office', units[2].head), "
        "not 'office.staff-2'"
    ]


def test_a_section_heads_integrity_letter_goes_to_the_discipline_secretary(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    at = letter_at(document, "IN-training.head")
    document["letters"][at]["recipient"] = "deputy-employment"  # the work-target superior
    [problem] = problems(installed, document)
    assert problem.startswith(f"letters[{at}].recipient: an integrity letter follows")
    assert "answers to 'discipline-secretary' (the heads of 'section' units sign with" in problem


def test_a_post_with_no_letters_at_all_is_a_problem(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    document["posts"].append({"id": "office.staff-4", "title": "New clerk", "unit": "office"})
    at = len(document["posts"]) - 1
    assert problems(installed, document) == [
        f"posts[{at}]: post 'office.staff-4' holds no letter: every post answers for its work "
        "targets and for integrity (one post, two responsibilities, 一岗双责); add its letters "
        "or list it in rules.exempt"
    ]
    document["rules"]["exempt"].append("office.staff-4")
    assert problems(installed, document) == []


def test_a_post_holding_only_one_kind_is_told_who_the_other_goes_to(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    del document["letters"][letter_at(document, "IN-office.staff-1")]
    [problem] = problems(installed, document)
    assert problem.startswith("posts[8]: post 'office.staff-1' pledges in no integrity letter")
    assert "wants one to 'office.head'" in problem


def test_a_unit_with_posts_must_say_who_heads_it(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    del document["units"][2]["head"]
    assert problems(installed, document) == [
        "units[2]: unit 'office' has posts but names no head (head = \"office.head\"?): "
        "letters follow the organisation (rules.follow_organisation)"
    ]
    document["units"][2]["head"] = "policy.head"  # a post of another unit
    [problem] = problems(installed, document)
    assert problem == (
        "units[2].head: 'policy.head' is a post of unit 'policy', not of 'office' or a unit "
        "below it"
    )


def test_references_of_the_organisation_are_checked_with_a_suggestion(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    document["rules"]["clean_government"]["secretary"] = "party-secretry"
    document["rules"]["clean_government"]["heads_of"].append("sectoin")
    found = problems(installed, document)
    assert (
        "rules.clean_government.secretary: unknown post 'party-secretry': no posts entry has "
        "this id (did you mean 'party-secretary'?)"
    ) in found
    assert any(p.startswith("rules.clean_government.heads_of[2]: unknown unit kind") for p in found)


@pytest.mark.parametrize("path", [ZHAOQING, SIHUI], ids=["zhaoqing", "sihui"])
def test_the_examples_follow_the_reports_chains(installed: Vanguard, path: Path) -> None:
    program = installed.load_program(path)
    organisation = Organisation(program)
    chain = program.rules.clean_government
    assert chain is not None
    assert organisation.integrity_superior(chain.secretary).post is None
    assert organisation.integrity_superior(chain.discipline_secretary or "").post == chain.secretary
    heads = [unit.head for unit in program.units if unit.kind in chain.heads_of]
    assert heads
    assert all(
        organisation.integrity_superior(head or "").post == chain.discipline_secretary
        for head in heads
    )
    # every letter goes where the organisation says, and every post holds both kinds
    for letter in program.letters:
        assert organisation.answers_to(letter.pledger, letter.kind).post == letter.recipient
    pledged = {(letter.pledger, letter.kind) for letter in program.letters}
    for post in program.posts:
        if post.id in program.rules.exempt:
            continue
        for kind in LetterKind:
            answer = organisation.answers_to(post.id, kind)
            assert answer.post is None or (post.id, kind) in pledged, (post.id, kind)


def test_without_the_rule_letters_are_not_checked_against_the_organisation(
    installed: Vanguard, zhaoqing: dict[str, Any]
) -> None:
    document = copy.deepcopy(zhaoqing)
    document["letters"][letter_at(document, "IN-office.staff-1")]["recipient"] = "office.staff-2"
    for unit in document["units"]:
        unit.pop("head", None)
    document["rules"]["follow_organisation"] = False
    assert problems(installed, document) == []
