"""Hostile files get the library's own located error, quickly; never a crash or a hang.

Each file is loaded twice: through the library (``vanguard.load_program`` and an app's
``load_program``) and through ``vanguard validate`` as a user runs it. The library must
raise :class:`ProgramError` (never RecursionError, MemoryError or a parser's exception);
the CLI must exit 1 with one ``file:location: message`` line and no traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import vanguard
from vanguard.cli import main
from vanguard.problems import ProgramError

DEEP = 10_000


def _write(text: str | bytes) -> Callable[[Path, str], Path]:
    def make(tmp_path: Path, name: str) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make


def _sparse(size: int) -> Callable[[Path, str], Path]:
    def make(tmp_path: Path, name: str) -> Path:
        path = tmp_path / name
        with path.open("wb") as file:
            file.truncate(size)  # sparse: instant, and takes no disk space
        return path

    return make


def _directory(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def _missing(tmp_path: Path, name: str) -> Path:
    return tmp_path / name


def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)  # reading it would block forever
    return path


def _endless(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.symlink_to("/dev/zero")  # reading it would never end
    return path


HUGE_NUMBER = "9" * 5000

# name -> (file name, how to make it, a fragment the one-line message must contain)
HOSTILE: dict[str, tuple[str, Callable[[Path, str], Path], str]] = {
    "yaml-os-system": (
        "p.yaml",
        _write("id: x\nname: !!python/object/apply:os.system ['echo pwned']\n"),
        "YAML tag",
    ),
    "yaml-python-name": ("p.yaml", _write("id: !!python/name:os.system\n"), "YAML tag"),
    "yaml-python-new": (
        "p.yaml",
        _write("id: !!python/object/new:collections.OrderedDict [[]]\n"),
        "YAML tag",
    ),
    "yaml-python-module": ("p.yaml", _write("id: !!python/module:os\n"), "YAML tag"),
    "yaml-local-tag": ("p.yaml", _write("id: !custom 1\n"), "YAML tag"),
    "yaml-binary": ("p.yaml", _write("id: !!binary aGVsbG8=\n"), "YAML tag"),
    "yaml-billion-laughs": (
        "p.yaml",
        _write(
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                for i in range(8)
            )
        ),
        "anchors and aliases",
    ),
    "toml-deep-arrays": ("p.toml", _write("id = " + "[" * DEEP + "]" * DEEP + "\n"), "nesting"),
    "toml-deep-inline-tables": (
        "p.toml",
        _write("id = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"),
        "nesting",
    ),
    "toml-deep-dotted-keys": ("p.toml", _write("a" + ".a" * (DEEP - 1) + " = 1\n"), "nesting"),
    "toml-deep-dotted-quoted-keys": (
        "p.toml",
        _write("x = {" + '"a".' * (DEEP - 1) + "a = 1}\n"),
        "nesting",
    ),
    "toml-deep-table-header": ("p.toml", _write("[a" + ".a" * (DEEP - 1) + "]\n"), "nesting"),
    "json-deep-arrays": ("p.json", _write("[" * DEEP + "]" * DEEP), "nesting"),
    "json-deep-objects": ("p.json", _write('{"a":' * DEEP + "1" + "}" * DEEP), "nesting"),
    "yaml-deep-flow": ("p.yaml", _write("id: " + "[" * DEEP + "]" * DEEP + "\n"), "nesting"),
    "yaml-deep-flow-mappings": (
        "p.yaml",
        _write("id: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n"),
        "nesting",
    ),
    "yaml-deep-block": ("p.yaml", _write("id:\n" + "- " * DEEP + "1\n"), "nesting"),
    "yaml-deep-block-mappings": (
        "p.yaml",
        _write("".join(" " * i + "a:\n" for i in range(200)) + " " * 200 + "b: 1\n"),
        "nesting",
    ),
    "toml-huge-integer": ("p.toml", _write(f"id = {HUGE_NUMBER}\n"), "too many digits"),
    "json-huge-integer": ("p.json", _write(f'{{"id": {HUGE_NUMBER}}}'), "too many digits"),
    "yaml-huge-integer": ("p.yaml", _write(f"id: {HUGE_NUMBER}\n"), "too many digits"),
    "hundred-megabytes": ("p.toml", _sparse(100 * 1024 * 1024), "the limit is"),
    "not-utf8": ("p.toml", _write(b'id = "caf\xe9"\n'), "not UTF-8"),
    "utf16": ("p.json", _write('{"id": "x"}'.encode("utf-16")), "not UTF-8"),
    "empty-toml": ("p.toml", _write(""), "the document is empty"),
    "empty-yaml": ("p.yaml", _write(" \n"), "the document is empty"),
    "empty-json": ("p.json", _write(""), "the document is empty"),
    "top-level-list-json": ("p.json", _write("[1, 2, 3]"), "table (a mapping) at top level"),
    "top-level-list-yaml": ("p.yaml", _write("- 1\n- 2\n"), "table (a mapping) at top level"),
    "top-level-string-yaml": ("p.yaml", _write("just text\n"), "table (a mapping) at top level"),
    "json-nan": ("p.json", _write('{"id": NaN}'), "not a number this library accepts"),
    "json-huge-float": ("p.json", _write('{"id": 1e999}'), "out of range"),
    "directory": ("programs.toml", _directory, "is a directory"),
    "directory-without-suffix": ("programs", _directory, "is a directory"),
    "fifo": ("pipe.toml", _fifo, "is not a regular file"),
    "dev-zero": ("zero.toml", _endless, "is not a regular file"),
    "missing": ("nowhere.toml", _missing, "cannot read file"),
    "text-suffix": ("program.txt", _write('id = "x"\n'), "unknown file type '.txt'"),
    "no-suffix": ("program", _write('id = "x"\n'), "unknown file type"),
}


@pytest.fixture(params=sorted(HOSTILE), ids=str)
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    name, make, fragment = HOSTILE[request.param]
    return make(tmp_path, name), fragment


def _assert_own_error(load: Callable[[Path], object], path: Path, fragment: str) -> None:
    with pytest.raises(ProgramError) as caught:
        load(path)
    error = caught.value
    assert error.source == str(path)
    assert len(error.problems) == 1
    assert fragment in error.problems[0].message
    assert error.problems[0].location == ""  # about the document itself


def test_the_module_function_gives_its_own_error(hostile: tuple[Path, str]) -> None:
    path, fragment = hostile
    _assert_own_error(vanguard.load_program, path, fragment)


def test_an_app_gives_its_own_error(hostile: tuple[Path, str]) -> None:
    path, fragment = hostile
    _assert_own_error(vanguard.Vanguard(load_entrypoints=False).load_program, path, fragment)


def test_validate_prints_one_line_and_exits_1(hostile: tuple[Path, str]) -> None:
    path, fragment = hostile
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:(document): ")
    assert fragment in lines[0]


def test_a_tighter_limit_refuses_a_file_the_default_accepts(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"id": ' + "[" * 10 + "]" * 10 + "}")
    with pytest.raises(ProgramError) as caught:
        vanguard.Vanguard(load_entrypoints=False, limits=vanguard.Limits(max_depth=5)).load_program(
            path
        )
    assert "nesting deeper than 5 levels" in str(caught.value)
    # The default limit lets the same nesting through to the converter, which then
    # complains about the value's type, at its location.
    with pytest.raises(ProgramError) as caught:
        vanguard.load_program(path)
    assert "id: expected a string, got a list" in str(caught.value)


def test_a_dotted_word_in_a_string_is_no_nesting(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('id = "a.b.c"\nname = "x.y"\n')
    with pytest.raises(ProgramError) as caught:
        vanguard.load_program(path)
    assert all("nesting" not in problem.message for problem in caught.value.problems)
    assert any(problem.location == "campaign" for problem in caught.value.problems)


def test_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    app = vanguard.Vanguard(load_entrypoints=False)
    program = app.parse_program(
        'id = "p"\nname = "P"\nstart = 2006-01-01\nend = 2006-12-31\n'
        'campaign = { id = "c", name = "C" }\n'
    )
    for fmt in ("toml", "yaml", "json"):
        path = tmp_path / f"bom.{fmt}"
        path.write_bytes(b"\xef\xbb\xbf" + app.render_program(program, fmt).encode("utf-8"))
        assert app.load_program(path) == program
