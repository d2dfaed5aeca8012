"""The [evaluation] rules are data: declared in the program file, validated with locations."""

import pytest

from vanguard import ProgramError, Vanguard
from vanguard.io.schema import program_schema

from .conftest import HERE

BASE = (HERE / "small-program.toml").read_text(encoding="utf-8")


def load(app: Vanguard, extra: str) -> ProgramError:
    with pytest.raises(ProgramError) as caught:
        app.parse_program(BASE + extra)
    return caught.value


@pytest.mark.parametrize(
    ("extra", "location", "words"),
    [
        (
            "[[evaluation.linked]]\nid='x'\nindicator='nope'\nweight=0.1\n",
            "evaluation.linked[1].indicator",
            "unknown indicator",
        ),
        (
            "[[evaluation.linked]]\nid='x'\nindicator='study.exam_score'\nweight=0.9\n",
            "evaluation.linked",
            "add up to 1.1",
        ),
        (
            "[[evaluation.linked]]\nid='tasks'\nindicator='study.exam_score'\nweight=0.1\n",
            "evaluation.linked[1].id",
            "reserved",
        ),
        (
            "[[evaluation.linked]]\nid='y'\nindicator='study.exam_score'\nweight=0.1\ncycle='c'\n",
            "evaluation.linked[1].cycle",
            "unknown cycle",
        ),
        (
            "[[evaluation.vetoes]]\nid='v2'\nname='x'\nindicator='integrity.violations'\n"
            "excludes=['competent']\n",
            "evaluation.vetoes[1].excludes",
            "top grades only",
        ),
        (
            "[[evaluation.vetoes]]\nid='v2'\nname='x'\nindicator='integrity.violations'\n"
            "excludes=['best']\n",
            "evaluation.vetoes[1].excludes[0]",
            "unknown grade",
        ),
        (
            "[[evaluation.quotas]]\ngrade='incompetent'\nshare=0.1\n",
            "evaluation.quotas[1].grade",
            "lowest grade",
        ),
        (
            "[[evaluation.quotas]]\ngrade='excellent'\nshare=1.5\n",
            "evaluation.quotas[1].share",
            "at most 1",
        ),
        (
            "[[evaluation.adjustments]]\nid='a2'\nname='x'\npoints_each=1\ncap=2\n",
            "evaluation.adjustments[2].indicator",
            "required",
        ),
        (
            "[[evaluation.vocabularies]]\ncategory='staff'\nnames=['a']\n",
            "evaluation.vocabularies[2].category",
            "no post has category",
        ),
        (
            "[[evaluation.vocabularies]]\ncategory='leadership'\nnames=['a']\n",
            "evaluation.vocabularies[2].category",
            "duplicate category",
        ),
    ],
)
def test_rule_problems_are_located(app: Vanguard, extra: str, location: str, words: str) -> None:
    error = load(app, extra)
    found = {p.location: p.message for p in error.problems}
    assert location in found, found
    assert words in found[location]


def test_formula_is_checked_by_the_sandbox_on_load(app: Vanguard) -> None:
    text = BASE.replace(
        'formula = "(1 - 0.2) * tasks + 0.2 * exam + adjustments"',
        "formula = \"__import__('os').system('true')\"",
    )
    with pytest.raises(ProgramError) as caught:
        app.parse_program(text)
    assert [p.location for p in caught.value.problems] == ["evaluation.formula"]


def test_unknown_rule_keys_and_bad_bands(app: Vanguard) -> None:
    text = BASE.replace("[evaluation]\n", "[evaluation]\ncurv = 1\n")
    with pytest.raises(ProgramError, match="did you mean 'curve'"):
        app.parse_program(text)
    bands = "[evaluation.bulletin.status]\non_track = 0.5\nlagging = 0.9\n\n"
    text = BASE.replace("[evaluation]\n", bands + "[evaluation]\n")
    with pytest.raises(ProgramError, match=r"evaluation\.bulletin\.status\.lagging"):
        app.parse_program(text)


def test_schema_describes_the_rules_with_their_bounds() -> None:
    schema = program_schema()
    assert "evaluation" in schema["$defs"]["Program"]["properties"]
    quota = schema["$defs"]["Quota"]["properties"]
    assert quota["share"]["maximum"] == 1
    assert set(quota["pool"]["enum"]) == {"unit", "category", "program"}


def test_program_without_rules_gets_the_defaults(app: Vanguard) -> None:
    start = BASE.index("[evaluation]")
    program = app.parse_program(BASE[:start])
    assert [g.id for g in program.evaluation.grades] == [
        "excellent",
        "competent",
        "basic",
        "incompetent",
    ]
