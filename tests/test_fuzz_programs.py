"""Fuzzing program files (issue 13): random mutations of both shipped examples, in TOML,
YAML and JSON, give a located error or a program, never anything else."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import Vanguard, VanguardError
from vanguard.io.formats import Format, read_document, render_document
from vanguard.problems import ProgramError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("zhaoqing-2006.toml", "sihui-2006.toml")
FORMATS: tuple[Format, ...] = ("toml", "yaml", "json")


@functools.cache
def app() -> Vanguard:
    return Vanguard()


@functools.cache
def document(name: str) -> dict[str, Any]:
    return read_document(ROOT / "examples" / name)


@functools.cache
def text(name: str, fmt: Format) -> str:
    return render_document(document(name), fmt)


JUNK = st.text(
    st.sampled_from([*"[]{}\"'=:,#\n\t -.0123456789eE_\\", "\u0000", "\ud800", "é", "中"]),
    max_size=12,
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["2006-13-40", "9999-12-31", "0001-01-01", "chief", "T01", ""]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def paths(node: object, trail: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path to a value in ``node`` (keys and indexes), depth first."""
    found = [trail] if trail else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += paths(child, (*trail, key))
    elif isinstance(node, list):
        for index, child in enumerate(node[:3]):  # the first few items of each list suffice
            found += paths(child, (*trail, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Format]:
    name = draw(st.sampled_from(EXAMPLES))
    fmt = draw(st.sampled_from(FORMATS))
    how = draw(st.sampled_from(["replace", "delete", "duplicate", "cut", "insert", "lines"]))
    if how in ("replace", "delete", "duplicate"):
        data = copy.deepcopy(document(name))
        trail = draw(st.sampled_from(paths(data)))
        parent: Any = data
        for step in trail[:-1]:
            parent = parent[step]
        last = trail[-1]
        if how == "replace":
            parent[last] = draw(VALUES)
        elif how == "delete":
            del parent[last]
        elif isinstance(parent, list):
            parent.insert(int(str(last)), copy.deepcopy(parent[last]))
        else:
            parent[f"{last}_"] = copy.deepcopy(parent[last])
        try:
            return render_document(data, fmt), fmt
        except (TypeError, ValueError, OverflowError):  # a value the writer cannot write
            return text(name, fmt), fmt
    original = text(name, fmt)
    at = draw(st.integers(0, len(original)))
    if how == "cut":
        return original[:at] + original[at + draw(st.integers(1, 200)) :], fmt
    if how == "insert":
        return original[:at] + draw(JUNK) + original[at:], fmt
    lines = original.splitlines(keepends=True)
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i] + lines[i]  # swap, and repeat one line
    return "".join(lines), fmt


def refusal(program_text: str, fmt: Format) -> VanguardError | None:
    """The library's error for the text, or None when it is a valid program; anything
    else that is raised (a parser's, numpy's, a RecursionError) fails the test."""
    try:
        app().parse_program(program_text, fmt)
    except VanguardError as error:
        return error
    return None


def check(program_text: str, fmt: Format) -> None:
    error = refusal(program_text, fmt)
    if isinstance(error, ProgramError):
        assert error.problems
        for problem in error.problems:
            assert isinstance(problem.location, str)
            assert problem.message.strip()
            assert "\n" not in str(problem)
    elif error is not None:  # a plugin's own refusal, named
        assert str(error).strip()


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@fuzz(60)
@given(case=mutated())
def test_a_mutated_example_gives_a_located_error_or_a_program(case: tuple[str, Format]) -> None:
    check(*case)


@pytest.mark.slow
@fuzz(1500)
@given(case=mutated())
def test_many_mutated_examples_give_a_located_error_or_a_program(
    case: tuple[str, Format],
) -> None:
    check(*case)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_read_back_from_every_format(name: str, fmt: Format) -> None:
    program = app().parse_program(text(name, fmt), fmt)
    assert program == app().load_program(ROOT / "examples" / name)
