"""Strict parsing in every format: a key given twice, control characters and lone
surrogates are refused with their place, as TOML refuses a duplicate key itself."""

from __future__ import annotations

import pytest

from vanguard import ProgramError, Vanguard
from vanguard.io.formats import Format

HEAD = {
    "toml": 'id = "p"\nname = "P"\nstart = 2006-01-01\nend = 2006-12-31\n'
    'campaign = { id = "c", name = "C" }\n',
    "yaml": "id: p\nname: P\nstart: 2006-01-01\nend: 2006-12-31\ncampaign: {id: c, name: C}\n",
}


def problems(text: str, fmt: Format) -> list[str]:
    with pytest.raises(ProgramError) as caught:
        Vanguard(load_entrypoints=False).parse_program(text, fmt)
    return [str(problem) for problem in caught.value.problems]


def test_a_duplicate_key_in_yaml_is_refused_with_its_line_not_last_wins() -> None:
    text = HEAD["yaml"] + "description: first\ndescription: second\n"
    assert problems(text, "yaml") == [
        "(document): line 7: key 'description' is given more than once (first at line 6)"
    ]


def test_a_duplicate_key_in_a_nested_yaml_mapping_is_refused() -> None:
    text = HEAD["yaml"] + "pillars:\n  - id: P1\n    name: One\n    id: P2\n"
    assert problems(text, "yaml") == [
        "(document): line 9: key 'id' is given more than once (first at line 7)"
    ]


def test_a_yaml_merge_key_is_refused() -> None:
    text = HEAD["yaml"] + "pillars:\n  - <<: {id: P1}\n    name: One\n"
    assert problems(text, "yaml") == ["(document): line 7: YAML merge keys (<<) are not supported"]


def test_a_duplicate_key_in_json_is_refused_at_its_path() -> None:
    text = (
        '{"id": "p", "name": "P", "start": "2006-01-01", "end": "2006-12-31", '
        '"campaign": {"id": "c", "name": "C"}, '
        '"pillars": [{"id": "P1", "name": "One", "name": "Two"}], "id": "q"}'
    )
    assert sorted(problems(text, "json")) == [
        "id: key 'id' is given more than once",
        "pillars[0].name: key 'name' is given more than once",
    ]


def test_toml_refuses_a_duplicate_key_itself() -> None:
    [problem] = problems(HEAD["toml"] + 'description = "a"\ndescription = "b"\n', "toml")
    assert problem.startswith("(document): not valid TOML")


def test_a_lone_surrogate_in_a_json_description_is_refused_at_its_place() -> None:
    text = (
        '{"id": "p", "name": "P", "start": "2006-01-01", "end": "2006-12-31", '
        '"campaign": {"id": "c", "name": "C"}, "description": "caf\\ud800"}'
    )
    assert problems(text, "json") == [
        "description: text contains a lone surrogate U+D800 at position 3"
    ]


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("toml", HEAD["toml"] + 'description = "bell \\u0007"\n'),
        ("yaml", HEAD["yaml"] + 'description: "bell \\a"\n'),
    ],
)
def test_a_control_character_in_a_text_is_refused_at_its_place(fmt: Format, text: str) -> None:
    assert problems(text, fmt) == [
        "description: text contains control character U+0007 at position 5"
    ]


def test_a_control_character_in_a_key_is_refused() -> None:
    text = (
        '{"id": "p", "name": "P", "start": "2006-01-01", "end": "2006-12-31", '
        '"campaign": {"id": "c", "name": "C"}, "initiatives": '
        '[{"name": "x", "parameters": {"rate\\u0000": 1}}]}'
    )
    assert problems(text, "json") == [
        "initiatives[0].parameters: a key contains control character U+0000 at position 4"
    ]


def test_tabs_and_line_breaks_in_text_are_fine() -> None:
    text = HEAD["toml"] + 'description = """two\r\nlines\tand a tab"""\n'
    program = Vanguard(load_entrypoints=False).parse_program(text)
    assert program.description is not None
    assert "\t" in program.description


def test_a_program_built_in_python_refuses_the_same_characters() -> None:
    from vanguard import Label

    with pytest.raises(ValueError, match=r"en: contains control character U\+001B at position 0"):
        Label(en="\x1b[31mred")
