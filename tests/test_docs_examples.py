"""The tutorial "Your first program" works as written.

``docs/tutorials/first-program.toml`` is the tutorial's program; the page shows it piece by
piece (``literalinclude`` between ``# step:`` / ``# end:`` markers), runs its ``pycon``
examples in order in one namespace, and shows ``console`` sessions whose output must be
what the command prints. The draft mistakes the page describes are applied here to the
final file, in the same order, so each validation session is reproduced.
"""

import doctest
import re
import shutil
import typing
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import vanguard
from vanguard.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE = DOCS / "tutorials" / "first-program.md"
PROGRAM = DOCS / "tutorials" / "first-program.toml"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
INCLUDE = re.compile(r"^```\{literalinclude\} first-program\.toml\n(.*?)^```$", re.M | re.S)


def blocks(language: str) -> list[str]:
    """The contents of the page's fenced blocks in ``language``, in page order."""
    return [body for lang, body in FENCE.findall(PAGE.read_text("utf-8")) if lang == language]


def sessions() -> list[tuple[list[str], list[str]]]:
    """Each console block as (command words, expected output lines)."""
    found = []
    for body in blocks("console"):
        first, *output = body.rstrip("\n").split("\n")
        assert first.startswith("$ vanguard "), first
        found.append((first[len("$ vanguard ") :].split(), output))
    return found


# The draft mistakes, in the order the page walks through them (section 7). Each entry
# is a list of (text in the final file, what the draft had instead).
DRAFTS = {
    "slips": [
        ('pledger = "deputy"\nrecipient = "director"', 'pledgr = "deputy"\nrecipient = "director"'),
        (
            '{ indicator = "training.placed", value = 780 }',
            '{ indicator = "training.placed", value = "780" }',
        ),
    ],
    "reference": [
        (
            'work-target"\npledger = "training.staff-1"\nrecipient = "training.head"',
            'work-target"\npledger = "training.staff-1"\nrecipient = "training.haed"',
        )
    ],
    "rules": [
        (
            '{ task = "T01", indicator = "training.trained", value = 480 }',
            '{ task = "T01", indicator = "training.trained", value = 380 }',
        ),
        (
            '[[letters]]\nid = "IN-training.staff-2"\nkind = "integrity"\n'
            'pledger = "training.staff-2"\nrecipient = "training.head"\nsigned = 2006-01-11\n'
            'commitments = [{ en = "Observe the rules of honest conduct", '
            'zh = "严格遵守廉洁自律规定" }]\n',
            "",
        ),
    ],
    "final": [],
}


def draft(name: str) -> str:
    text = PROGRAM.read_text("utf-8")
    for final, wrong in DRAFTS[name]:
        assert text.count(final) == 1, f"{name}: {final!r} is not in the program once"
        text = text.replace(final, wrong)
    return text


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(PROGRAM, tmp_path / "first-program.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_final_program_is_valid() -> None:
    program = vanguard.load_program(PROGRAM)
    assert [task.id for task in program.tasks] == ["T01"]
    assert len(program.posts) == 7
    assert {letter.kind for letter in program.letters} == set(vanguard.LetterKind)


def test_every_included_piece_exists_and_the_pieces_cover_the_file() -> None:
    text = PROGRAM.read_text("utf-8")
    includes = INCLUDE.findall(PAGE.read_text("utf-8"))
    assert len(includes) == 10
    covered = []
    for options in includes:
        start = re.search(r':start-after: "(.*)"', options)
        end = re.search(r':end-before: "(.*)"', options)
        assert start, options
        assert end, options
        assert text.count(start.group(1)) == 1, start.group(1)
        assert text.count(end.group(1)) == 1, end.group(1)
        covered.append(text.split(start.group(1))[1].split(end.group(1))[0])
    # Outside the pieces the file holds only comments and blank lines: the page shows it all.
    rest = text
    for piece in covered:
        rest = rest.replace(piece, "\n")
    assert all(line.startswith("#") or not line.strip() for line in rest.splitlines())


def test_the_python_examples_run_as_shown(workdir: Path) -> None:
    examples = blocks("pycon")
    assert len(examples) >= 6
    # One doctest for the whole page: the examples share one namespace, as in a session.
    test = doctest.DocTestParser().get_doctest("\n".join(examples), {}, PAGE.name, str(PAGE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.attempted >= 20
    assert result.failed == 0, f"{result.failed} of the page's examples failed (see above)"
    assert (workdir / "first-program-split.yaml").exists()


def test_the_console_sessions_print_what_the_page_shows(workdir: Path) -> None:
    found = sessions()
    validations = [s for s in found if s[0][0] == "validate"]
    assert len(validations) == len(DRAFTS)
    runner = CliRunner()
    for (args, expected), name in zip(validations, DRAFTS, strict=True):
        (workdir / "first-program.toml").write_text(draft(name), "utf-8")
        result = runner.invoke(main, args)
        assert result.output.splitlines() == expected, name
        assert result.exit_code == (0 if name == "final" else 1), name
    shows = [s for s in found if s[0][0] == "show"]
    assert len(shows) == 1
    (args, expected) = shows[0]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == expected


def model_classes(cls: type, seen: dict[str, type]) -> dict[str, type]:
    """Every model class a program file can contain, reached from ``cls`` by its fields."""
    seen[f"{cls.__module__}.{cls.__name__}"] = cls
    for hint in typing.get_type_hints(cls).values():
        for inner in (hint, *typing.get_args(hint), *map(typing.get_args, typing.get_args(hint))):
            for tp in inner if isinstance(inner, tuple) else (inner,):
                name = f"{getattr(tp, '__module__', '')}.{getattr(tp, '__name__', '')}"
                if attrs.has(tp) and name not in seen:
                    model_classes(tp, seen)
    return seen


def test_the_file_format_page_has_a_table_for_every_section() -> None:
    page = (DOCS / "reference" / "file-format.md").read_text("utf-8")
    tables = set(re.findall(r"^```\{program-keys\} (\S+)$", page, re.MULTILINE))
    classes = model_classes(vanguard.Program, {})
    assert "vanguard.model.target.Milestone" in classes
    assert "vanguard.model.appraisal.SeverityBand" in classes
    assert set(classes) <= tables, sorted(set(classes) - tables)
    assert tables <= set(classes), sorted(tables - set(classes))


def test_the_smallest_program_reads_the_same_in_every_format() -> None:
    page = (DOCS / "reference" / "file-format.md").read_text("utf-8")
    section = page.split("## The smallest program", 1)[1].split("\n## ", 1)[0]
    app = vanguard.Vanguard(load_entrypoints=False)
    programs = {
        fmt: app.parse_program(body, fmt)
        for fmt, body in FENCE.findall(section)
        if fmt in ("toml", "yaml", "json")
    }
    assert set(programs) == {"toml", "yaml", "json"}
    assert programs["toml"] == programs["yaml"] == programs["json"]
    assert programs["toml"].tasks == ()
