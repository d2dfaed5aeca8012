"""``vanguard validate``, ``show`` and ``schema`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import vanguard
from vanguard import LetterKind, Program
from vanguard.cli import main
from vanguard.io.schema import program_schema

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.toml"))
ZHAOQING = next(path for path in EXAMPLES if path.name == "zhaoqing-2006.toml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def load(path: Path) -> Program:
    return vanguard.load_program(path)


def test_there_are_examples_to_check() -> None:
    assert {path.name for path in EXAMPLES} >= {"zhaoqing-2006.toml", "sihui-2006.toml"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_validate_accepts_each_example(path: Path) -> None:
    code, output = run("validate", str(path))
    program = load(path)
    assert code == 0
    assert output.strip() == (
        f"{path}: ok ({len(program.tasks)} key tasks, {len(program.posts)} posts, "
        f"{len(program.letters)} letters)"
    )


def test_validate_accepts_several_paths_and_reports_each() -> None:
    code, output = run("validate", *map(str, EXAMPLES))
    assert code == 0
    assert [line.split(": ok")[0] for line in output.splitlines()] == list(map(str, EXAMPLES))


def test_validate_reports_every_problem_of_a_bad_file_as_file_location_message(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'id = "p"\nname = "P"\nstart = 2006-01-01\nend = "soon"\nyear_strat = 4\n'
        'campaign = { id = "c", name = "C" }\n'
        '[[tasks]]\nid = "T1"\nname = "Task"\npillar = "P1"\n'
        '[[tasks.targets]]\nindicator = "x"\nvalue = "5"\n',
        encoding="utf-8",
    )
    code, output = run("validate", str(path))
    assert code == 1
    assert sorted(output.splitlines()) == sorted(
        [
            f"{path}:end: expected a date (YYYY-MM-DD), got 'soon'",
            f"{path}:tasks[0].targets[0].value: expected a number, got '5'",
            f"{path}:year_strat: unknown key 'year_strat' (did you mean 'year_start'?)",
        ]
    )


def test_validate_reports_dangling_references_with_both_places(tmp_path: Path) -> None:
    text = ZHAOQING.read_text(encoding="utf-8")
    program = load(ZHAOQING)
    letter = next(i for i, letter in enumerate(program.letters) if letter.recipient == "chief")
    pledger = program.letters[letter].pledger
    # rename the pledger of this letter only: its TOML line is unique by the letter's id
    document = vanguard.Vanguard(load_entrypoints=False).converter.unstructure(program)
    document["letters"][letter]["pledger"] = "nobody-here"
    bad = tmp_path / "dangling.json"
    bad.write_text(json.dumps(document, default=str), encoding="utf-8")
    code, output = run("validate", str(bad))
    assert code == 1
    assert output.splitlines() == [
        f"{bad}:letters[{letter}].pledger: unknown post 'nobody-here': no posts entry has this id"
    ]
    assert pledger in text  # the original was a real post


def test_validate_goes_on_after_a_bad_file_and_still_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [1, 2]\n", encoding="utf-8")
    code, output = run("validate", str(bad), str(ZHAOQING))
    assert code == 1
    lines = output.splitlines()
    assert f"{bad}:id: expected a string, got a list" in lines
    assert any(line.startswith(f"{ZHAOQING}: ok") for line in lines)


def test_validate_needs_a_path() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_show_prints_every_task_and_both_chains_in_full() -> None:
    program = load(ZHAOQING)
    code, output = run("show", str(ZHAOQING))
    assert code == 0
    assert len(program.tasks) == 28
    lines = output.splitlines()
    for task in program.tasks:
        # the whole line, not cut at the 80 columns rich assumes off a terminal
        assert any(line.endswith(f"{task.id} {task.name.en}") for line in lines), task.id
    assert lines[0] == f"{program.name.en} ({program.start} .. {program.end})"
    work = lines.index("Work-target letters (工作目标责任书)")
    integrity = lines.index("Integrity letters (党风廉政建设责任书)")
    assert work < integrity
    for kind, section in (
        (LetterKind.WORK_TARGET, lines[work:integrity]),
        (LetterKind.INTEGRITY, lines[integrity:]),
    ):
        shown = "\n".join(section)
        for letter in program.letters_of(kind):
            for post in (letter.pledger, letter.recipient):
                assert f"{program.post(post).title.en} ({post})" in shown, (kind, post)
    assert max(map(len, lines)) > 80  # the example does have lines longer than a terminal


def test_show_in_chinese_uses_the_reports_terms() -> None:
    program = load(ZHAOQING)
    code, output = run("show", "--lang", "zh", str(ZHAOQING))
    assert code == 0
    assert program.name.zh is not None
    assert output.splitlines()[0].startswith(program.name.zh)
    for pillar in program.pillars:
        assert pillar.name.zh is not None
        assert pillar.name.zh in output
    for task in program.tasks:
        assert task.name.zh is not None
        assert f"{task.id} {task.name.zh}" in output
        assert task.name.en not in output


def test_show_reports_a_bad_file_without_a_traceback(tmp_path: Path) -> None:
    code, output = run("show", str(tmp_path / "missing.toml"))
    assert code == 1
    assert output.splitlines() == [
        f"{tmp_path / 'missing.toml'}:(document): cannot read file: No such file or directory"
    ]


def test_schema_prints_a_valid_draft_2020_12_schema_that_accepts_the_examples() -> None:
    code, output = run("schema")
    assert code == 0
    schema = json.loads(output)
    Draft202012Validator.check_schema(schema)
    assert schema == program_schema()
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    app = vanguard.Vanguard(load_entrypoints=False)
    for path in EXAMPLES:
        document = json.loads(app.render_program(load(path), "json"))
        assert list(validator.iter_errors(document)) == [], path.name
    assert list(validator.iter_errors({"id": "x"}))  # and it does reject something


def test_show_prints_a_chain_deeper_than_pythons_recursion_limit(tmp_path: Path) -> None:
    depth = 1500
    posts = [{"id": f"p{i}", "title": f"Post {i}", "unit": "u"} for i in range(depth)]
    letters = [
        {
            "id": f"L{i}",
            "kind": "integrity",
            "pledger": f"p{i + 1}",
            "recipient": f"p{i}",
            "signed": "2006-01-05",
        }
        for i in range(depth - 1)
    ]
    document = {
        "id": "deep",
        "name": "Deep",
        "campaign": {"id": "c", "name": "C"},
        "start": "2006-01-01",
        "end": "2006-12-31",
        "units": [{"id": "u", "name": "U", "kind": "bureau"}],
        "posts": posts,
        "letters": letters,
        "rules": {"dual_responsibility": False, "follow_organisation": False},
    }
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run("validate", str(path))[0] == 0
    code, output = run("show", str(path))
    assert code == 0
    lines = output.splitlines()
    chain = lines[lines.index("Integrity letters (党风廉政建设责任书)") + 1 :]
    assert len(chain) == depth
    assert chain[0] == "└── Post 0 (p0)"
    assert chain[-1].endswith("└── Post 1499 (p1499)")
