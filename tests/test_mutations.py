"""A mutated program file always yields an error naming the right place.

Each test takes a valid generated program, writes its document, breaks it (a value of the
wrong type, a broken constraint, an unknown key, a dangling reference, a cycle in the
letters, a duplicate id), reads it back through a file format as a user would, and checks
that the :class:`ProgramError` holds a problem at exactly the place that was broken.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import enum
import json
from typing import Any

import attrs
import pytest
from hypothesis import assume
from hypothesis import strategies as st
from model_strategies import (
    DEPTHS,
    Node,
    constraint_breaches,
    document_nodes,
    explore,
    get_at,
    ids,
    location,
    objects,
    programs,
    set_at,
    tables,
    typo,
    wrong_values,
)

from vanguard import Campaign, Label, Limits, Program, Vanguard
from vanguard.io.formats import Format, render_document
from vanguard.problems import Problem, ProgramError

FORMATS: list[Format] = ["toml", "yaml", "json"]


def app() -> Vanguard:
    return Vanguard(load_entrypoints=False)


def document_of(program: Program) -> dict[str, Any]:
    return app().converter.unstructure(program)


def load_error(document: dict[str, Any], fmt: Format) -> ProgramError:
    """The error reading ``document`` written as ``fmt`` gives (YAML when ``fmt`` cannot
    hold one of its values: TOML has no null, JSON no NaN or infinity)."""
    try:
        text = render_document(document, fmt)
    except (TypeError, ValueError):
        fmt = "yaml"
        text = render_document(document, fmt)
    with pytest.raises(ProgramError) as caught:
        app().parse_program(text, fmt)
    return caught.value


def problem_at(error: ProgramError, where: str) -> Problem:
    found = [problem for problem in error.problems if problem.location == where]
    assert found, f"no problem at {where!r}; got {[str(p) for p in error.problems]}"
    return found[0]


formats = st.sampled_from(FORMATS)


def offered(typed: str, names: list[str]) -> str:
    """The names a did-you-mean for ``typed`` must offer: every one of ``names`` nearest to
    it (a typo of ``pledger`` can be exactly as near to ``pledges``), in their order."""
    nearness = {name: difflib.SequenceMatcher(None, name, typed).ratio() for name in names}
    best = max(nearness.values())
    nearest = [repr(name) for name in names if nearness[name] == best]
    return " or ".join([", ".join(nearest[:-1]), nearest[-1]] if nearest[1:] else nearest)


# --- wrong types and broken constraints -------------------------------------------------------


def _check_wrong_type(document: dict[str, Any], data: st.DataObject) -> None:
    nodes = [node for node in document_nodes(document) if node.path]
    node = data.draw(st.sampled_from(nodes), label="node")
    value = data.draw(st.sampled_from(wrong_values(node)), label="value")
    set_at(document, node.path, value)
    problem = problem_at(load_error(document, data.draw(formats, label="format")), node.location)
    assert problem.expected is not None
    assert problem.received is not None
    assert problem.message.startswith("expected ") or "too large" in problem.message


def _a_wrong_type_anywhere_is_reported_at_its_place(program: Program, data: st.DataObject) -> None:
    _check_wrong_type(document_of(program), data)


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_wrong_type_anywhere_is_reported_at_its_place(examples: int) -> None:
    explore(
        examples,
        _a_wrong_type_anywhere_is_reported_at_its_place,
        program=programs(),
        data=st.data(),
    )


def _a_wrong_type_in_any_part_of_the_model_is_reported_at_its_place(
    program: Program, data: st.DataObject
) -> None:
    # arbitrary (type-valid, not reference-valid) programs reach every model class:
    # cycles, milestones, revisions, initiatives' parameters, the evaluation rules
    _check_wrong_type(document_of(program), data)


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_wrong_type_in_any_part_of_the_model_is_reported_at_its_place(examples: int) -> None:
    explore(
        examples,
        _a_wrong_type_in_any_part_of_the_model_is_reported_at_its_place,
        program=objects(Program),
        data=st.data(),
    )


def _a_broken_constraint_is_reported_at_its_place(program: Program, data: st.DataObject) -> None:
    document = document_of(program)
    nodes = [node for node in document_nodes(document) if constraint_breaches(node)]
    node = data.draw(st.sampled_from(nodes), label="node")
    value = data.draw(st.sampled_from(constraint_breaches(node)), label="value")
    set_at(document, node.path, value)
    problem = problem_at(load_error(document, data.draw(formats)), node.location)
    assert problem.message.startswith("must ") or "does not match" in problem.message


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_broken_constraint_is_reported_at_its_place(examples: int) -> None:
    explore(
        examples,
        _a_broken_constraint_is_reported_at_its_place,
        program=objects(Program),
        data=st.data(),
    )


@pytest.mark.parametrize(
    ("value", "expected", "received"),
    [
        ("abc", "a number", "'abc'"),
        ("5", "a number", "'5'"),
        (True, "a number", "True"),
        ([1], "a number", "a list"),
        ({"value": 1}, "a number", "a table"),
        (float("nan"), "a finite number", "nan"),
        (float("inf"), "a finite number", "inf"),
    ],
)
def test_no_silent_coercion_of_a_target_value(value: object, expected: str, received: str):
    program = Program(
        id="p",
        name=Label(en="P"),
        campaign=Campaign(id="c", name=Label(en="C")),
        start=dt.date(2006, 1, 1),
        end=dt.date(2006, 12, 31),
    )
    document = document_of(program)
    document["tasks"] = [
        {"id": f"T{i}", "name": "Task", "pillar": "P1", "targets": [{"indicator": "x", "value": 1}]}
        for i in range(5)
    ]
    document["tasks"][3]["targets"][0]["value"] = value
    problem = problem_at(load_error(document, "yaml"), "tasks[3].targets[0].value")
    assert (problem.expected, problem.received) == (expected, received)
    assert problem.message == f"expected {expected}, got {received}"


# --- unknown keys ---------------------------------------------------------------------------


def _a_misspelt_key_is_reported_with_the_key_it_was_meant_to_be(
    program: Program, data: st.DataObject
) -> None:
    document = document_of(program)
    table = data.draw(st.sampled_from(tables(document_nodes(document))), label="table")
    fields = [field.name for field in attrs.fields(table.tp)]
    meant = data.draw(st.sampled_from(fields), label="meant")
    key = typo(meant, data.draw(st.integers(0, 100)), data.draw(st.booleans()))
    assume(key not in fields)
    get_at(document, table.path)[key] = 1
    problem = problem_at(load_error(document, data.draw(formats)), location((*table.path, key)))
    assert problem.message == f"unknown key {key!r} (did you mean {offered(key, fields)}?)"
    # one letter doubled or two swapped never brings another field of a program's tables
    # strictly nearer than the one meant (checked over every table and typo), so the key
    # meant is always among those offered
    assert repr(meant) in problem.message


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_misspelt_key_is_reported_with_the_key_it_was_meant_to_be(examples: int) -> None:
    explore(
        examples,
        _a_misspelt_key_is_reported_with_the_key_it_was_meant_to_be,
        program=programs(),
        data=st.data(),
    )


def _an_unknown_key_lists_the_allowed_keys(program: Program, data: st.DataObject) -> None:
    document = document_of(program)
    table = data.draw(st.sampled_from(tables(document_nodes(document))), label="table")
    get_at(document, table.path)["zzqx_9"] = "anything"
    problem = problem_at(
        load_error(document, data.draw(formats)), location((*table.path, "zzqx_9"))
    )
    allowed = ", ".join(field.name for field in attrs.fields(table.tp))
    assert problem.message == f"unknown key 'zzqx_9' (allowed: {allowed})"


@pytest.mark.parametrize("examples", DEPTHS)
def test_an_unknown_key_lists_the_allowed_keys(examples: int) -> None:
    explore(examples, _an_unknown_key_lists_the_allowed_keys, program=programs(), data=st.data())


# --- references, cycles, duplicates ---------------------------------------------------------


def references(document: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    """Every reference in a generated program's document: (path, kind of id, its section)."""
    found: list[tuple[tuple[Any, ...], str, str]] = []
    for i, letter in enumerate(document["letters"]):
        found.append((("letters", i, "pledger"), "post", "posts"))
        found.append((("letters", i, "recipient"), "post", "posts"))
        for j, _ in enumerate(letter.get("pledges", [])):
            found.append((("letters", i, "pledges", j, "task"), "task", "tasks"))
            found.append((("letters", i, "pledges", j, "indicator"), "indicator", "indicators"))
    for i, task in enumerate(document["tasks"]):
        found.append((("tasks", i, "pillar"), "pillar", "pillars"))
        for j, _ in enumerate(task.get("targets", [])):
            found.append((("tasks", i, "targets", j, "indicator"), "indicator", "indicators"))
    for i, unit in enumerate(document["units"]):
        if "parent" in unit:
            found.append((("units", i, "parent"), "unit", "units"))
    for i, _ in enumerate(document["posts"]):
        found.append((("posts", i, "unit"), "unit", "units"))
    for i, _ in enumerate(document.get("rules", {}).get("exempt", [])):
        found.append((("rules", "exempt", i), "post", "posts"))
    return found


def _dangle(document: dict[str, Any], data: st.DataObject, count: int) -> list[Any]:
    chosen = data.draw(
        st.lists(
            st.sampled_from(references(document)), min_size=count, max_size=count, unique=True
        ),
        label="references",
    )
    for path, _, _ in chosen:
        set_at(document, path, "missing-" + data.draw(ids, label="id"))
    return chosen


def _assert_dangling(error: ProgramError, document: dict[str, Any], reference: Any) -> None:
    path, kind, section = reference
    problem = problem_at(error, location(path))
    # both places: where the reference is (the location) and where ids are defined
    assert problem.message.startswith(f"unknown {kind} {get_at(document, path)!r}: ")
    assert f"no {section} entry has this id" in problem.message


def _a_dangling_reference_names_both_places(program: Program, data: st.DataObject) -> None:
    document = document_of(program)
    (reference,) = _dangle(document, data, 1)
    _assert_dangling(load_error(document, data.draw(formats)), document, reference)


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_dangling_reference_names_both_places(examples: int) -> None:
    explore(examples, _a_dangling_reference_names_both_places, program=programs(), data=st.data())


def _climb(document: dict[str, Any], start: int, steps: int) -> list[str]:
    """Posts from letter ``start``'s pledger upward through letters of its kind."""
    letters = document["letters"]
    kind = letters[start]["kind"]
    line = [letters[start]["pledger"], letters[start]["recipient"]]
    for _ in range(steps - 1):
        up = [x["recipient"] for x in letters if x["kind"] == kind and x["pledger"] == line[-1]]
        if not up:
            break
        line.append(up[0])
    return line


def _a_cycle_in_the_letters_is_reported_with_the_posts_in_the_loop(
    program: Program, data: st.DataObject
) -> None:
    document = document_of(program)
    letters = document["letters"]
    start = data.draw(st.integers(0, len(letters) - 1), label="letter")
    line = _climb(document, start, data.draw(st.integers(1, 3), label="steps"))
    kind = letters[start]["kind"]
    # the top of the line pledges back to its bottom: A -> B (-> C) -> A
    letters.append(
        {
            "id": "closing-the-loop",
            "kind": kind,
            "pledger": line[-1],
            "recipient": line[0],
            "signed": dt.date(2006, 1, 10),
        }
    )
    error = load_error(document, data.draw(formats))
    loops = [p for p in error.problems if "letters form a cycle" in p.message]
    assert loops, [str(p) for p in error.problems]
    in_loop = {
        f"letters[{i}]"
        for i, letter in enumerate(letters)
        if letter["kind"] == kind
        and any(
            (letter["pledger"], letter["recipient"]) == pair
            for pair in zip(line, [*line[1:], line[0]], strict=True)
        )
    }
    for problem in loops:
        assert problem.location in in_loop
        assert problem.message.startswith(f"{kind} letters form a cycle: ")
        posts = problem.message.split(": ", 1)[1].split(" (")[0].split(" -> ")
        assert posts[0] == posts[-1]
        assert sorted(posts[:-1]) == sorted(line)


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_cycle_in_the_letters_is_reported_with_the_posts_in_the_loop(examples: int) -> None:
    explore(
        examples,
        _a_cycle_in_the_letters_is_reported_with_the_posts_in_the_loop,
        program=programs(),
        data=st.data(),
    )


ID_KEYS = {"tasks": "id", "posts": "id", "units": "id", "letters": "id", "indicators": "code"}


def _duplicate(document: dict[str, Any], data: st.DataObject) -> tuple[str, str]:
    section = data.draw(
        st.sampled_from([s for s in ID_KEYS if len(document.get(s, [])) >= 2]), label="section"
    )
    first, later = sorted(
        data.draw(
            st.lists(
                st.integers(0, len(document[section]) - 1), min_size=2, max_size=2, unique=True
            ),
            label="positions",
        )
    )
    key = ID_KEYS[section]
    document[section][later][key] = document[section][first][key]
    return f"{section}[{later}].{key}", f"first defined at {section}[{first}].{key}"


def _a_duplicate_id_is_reported_with_where_it_was_first_defined(
    program: Program, data: st.DataObject
) -> None:
    document = document_of(program)
    where, first = _duplicate(document, data)
    problem = problem_at(load_error(document, data.draw(formats)), where)
    assert problem.message.startswith("duplicate ")
    assert first in problem.message


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_duplicate_id_is_reported_with_where_it_was_first_defined(examples: int) -> None:
    explore(
        examples,
        _a_duplicate_id_is_reported_with_where_it_was_first_defined,
        program=programs(),
        data=st.data(),
    )


# --- many at once ---------------------------------------------------------------------------


def _several_wrong_values_and_unknown_keys_are_all_reported_at_once(
    program: Program, data: st.DataObject
) -> None:
    document = document_of(program)
    nodes = document_nodes(document)
    leaves = [n for n in nodes if n.path and not isinstance(n.value, list | dict)]
    chosen: list[Node] = data.draw(
        st.lists(st.sampled_from(leaves), min_size=2, max_size=6, unique_by=lambda n: n.path),
        label="leaves",
    )
    broken = copy.deepcopy(document)
    for node in chosen:
        set_at(broken, node.path, data.draw(st.sampled_from(wrong_values(node))))
    extra = data.draw(
        st.lists(st.sampled_from(tables(nodes)), max_size=3, unique_by=lambda n: n.path),
        label="tables",
    )
    for table in extra:
        get_at(broken, table.path)["zzqx_9"] = True
    error = load_error(broken, data.draw(formats))
    for node in chosen:
        assert problem_at(error, node.location).expected is not None
    for table in extra:
        problem_at(error, location((*table.path, "zzqx_9")))


@pytest.mark.parametrize("examples", DEPTHS)
def test_several_wrong_values_and_unknown_keys_are_all_reported_at_once(examples: int) -> None:
    explore(
        examples,
        _several_wrong_values_and_unknown_keys_are_all_reported_at_once,
        program=programs(),
        data=st.data(),
    )


def _several_bad_references_and_a_duplicate_are_all_reported_at_once(
    program: Program, data: st.DataObject
) -> None:
    document = document_of(program)
    count = data.draw(st.integers(2, 5), label="count")
    assume(len(references(document)) >= count)
    chosen = _dangle(document, data, count)
    where, first = _duplicate(document, data)
    error = load_error(document, data.draw(formats))
    for reference in chosen:
        _assert_dangling(error, document, reference)
    assert first in problem_at(error, where).message


@pytest.mark.parametrize("examples", DEPTHS)
def test_several_bad_references_and_a_duplicate_are_all_reported_at_once(examples: int) -> None:
    explore(
        examples,
        _several_bad_references_and_a_duplicate_are_all_reported_at_once,
        program=programs(),
        data=st.data(),
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("1: 2\n", "[1]"),
        ("null: 2\n", "[None]"),
        ("true: 3\n", "[True]"),
        ("2006-01-01: 1\n", "[2006-01-01]"),
        ("1.5: 1\n", "[1.5]"),
        ("campaign: {1: 2}\n", "campaign[1]"),
    ],
)
def test_a_key_that_is_not_a_name_is_reported_not_a_crash(text: str, where: str) -> None:
    # YAML allows numbers, null, booleans and dates as keys
    with pytest.raises(ProgramError) as caught:
        app().parse_program("id: x\n" + text, "yaml")
    problem = problem_at(caught.value, where)
    assert problem.message.startswith(f"unknown key {where.split('[')[1][:-1]}: keys must be names")
    assert problem.expected == "a name"


@pytest.mark.parametrize(
    ("start", "end", "signed", "valid"),
    [
        ("0001-01-01", "0001-12-31", "0001-01-05", True),
        ("2008-02-29", "2008-12-31", "2007-02-28", True),  # a year before 29 February
        ("2008-02-29", "2008-12-31", "2007-02-27", False),
        ("9999-01-01", "9999-12-31", "9999-12-31", True),
    ],
)
def test_letters_near_the_edges_of_the_calendar(
    start: str, end: str, signed: str, valid: bool
) -> None:
    # a letter may be signed up to a year before the program starts; the whole calendar
    # is in range once the limits allow it (by default dates stop at 1900 and 2199)
    text = (
        f'id = "p"\nname = "P"\nstart = {start}\nend = {end}\n'
        'campaign = { id = "c", name = "C" }\n'
        'units = [{ id = "u", name = "U", kind = "bureau", head = "b" }]\n'
        'posts = [{ id = "a", title = "A", unit = "u" }, { id = "b", title = "B", unit = "u" }]\n'
        'rules = { exempt = ["a"] }\n'
        "[[letters]]\n"
        f'id = "L"\nkind = "integrity"\npledger = "a"\nrecipient = "b"\nsigned = {signed}\n'
    )
    calendar = Vanguard(
        load_entrypoints=False, limits=Limits(earliest=dt.date.min, latest=dt.date.max)
    )
    if valid:
        assert calendar.parse_program(text).letters[0].signed == dt.date.fromisoformat(signed)
    else:
        with pytest.raises(ProgramError) as caught:
            calendar.parse_program(text)
        assert problem_at(caught.value, "letters[0].signed").message == (
            f"{signed} is outside the program"
        )


def _misspelt_choice(program: Program, data: st.DataObject) -> None:
    document = document_of(program)
    choices = [
        node
        for node in document_nodes(document)
        if isinstance(node.tp, type) and issubclass(node.tp, enum.Enum)
    ]
    assume(choices)
    node = data.draw(st.sampled_from(choices), label="node")
    meant = node.value
    wrong = typo(meant, data.draw(st.integers(0, 50)), swap=False)
    set_at(document, node.path, wrong)
    problem = problem_at(load_error(document, data.draw(formats)), node.location)
    choices = [member.value for member in node.tp]
    assert problem.message.endswith(f"got {wrong!r} (did you mean {offered(wrong, choices)}?)")
    assert repr(meant) in problem.message
    assert problem.expected is not None
    assert all(repr(member.value) in problem.expected for member in node.tp)


@pytest.mark.parametrize("examples", DEPTHS)
def test_a_misspelt_choice_is_reported_with_the_choice_it_was_meant_to_be(examples: int) -> None:
    # cadence = "monthhly", kind = "integrrity", direction = "hhigher", ...
    explore(examples, _misspelt_choice, program=objects(Program), data=st.data())


def _organisation(units: list[dict[str, Any]]) -> str:
    document = {
        "id": "p",
        "name": "P",
        "campaign": {"id": "c", "name": "C"},
        "start": "2006-01-01",
        "end": "2006-12-31",
        "units": [{"name": "U", "kind": "k", **unit} for unit in units],
    }
    return json.dumps(document)


def test_units_on_a_loop_of_parents_are_reported_and_those_below_it_are_not() -> None:
    text = _organisation(
        [
            {"id": "root"},
            {"id": "a", "parent": "b"},
            {"id": "b", "parent": "a"},
            {"id": "c", "parent": "a"},  # under the loop, not on it
            {"id": "d", "parent": "d"},  # its own parent
        ]
    )
    with pytest.raises(ProgramError) as caught:
        app().parse_program(text, "json")
    ancestry = {p.location: p.message for p in caught.value.problems if "own ancestor" in p.message}
    assert ancestry == {
        "units[1].parent": "unit 'a' is its own ancestor",
        "units[2].parent": "unit 'b' is its own ancestor",
        "units[4].parent": "unit 'd' is its own ancestor",
    }


def test_a_ten_thousand_deep_organisation_is_valid() -> None:
    depth = 10_000
    units = [{"id": "u0"}] + [{"id": f"u{i}", "parent": f"u{i - 1}"} for i in range(1, depth)]
    program = app().parse_program(_organisation(units), "json")
    assert len(program.units) == depth
    # and a loop closed at the bottom is found, at its place
    units[0]["parent"] = f"u{depth - 1}"
    with pytest.raises(ProgramError) as caught:
        app().parse_program(_organisation(units), "json")
    assert problem_at(caught.value, "units[0].parent").message == "unit 'u0' is its own ancestor"
    assert problem_at(caught.value, f"units[{depth - 1}].parent")


def test_a_very_long_unknown_key_is_named_not_repeated() -> None:
    key = "k" * 100_000
    with pytest.raises(ProgramError) as caught:
        app().parse_program(json.dumps({"id": "p", key: 1}), "json")
    (problem,) = [p for p in caught.value.problems if "unknown key" in p.message]
    shown = "k" * 57 + "..."
    assert problem.location == shown
    assert problem.message.startswith(f"unknown key {shown!r} (allowed: id, name, ")
