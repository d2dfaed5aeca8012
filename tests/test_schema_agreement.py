"""The exported JSON Schema accepts exactly what the loader's structural stage accepts.

The schema (:func:`vanguard.io.schema.program_schema`) and the converter are generated
from the same model, so they must agree on every document: valid ones, broken ones, and
arbitrary JSON put anywhere. Cross-references are beyond JSON Schema, so the loader's
side here is structuring only (``structure(converter, document, Program)``).

JSON Schema is about JSON: documents are JSON-shaped (dates as ISO strings) and hold no
NaN or infinity, which JSON cannot write (the loader's JSON reader refuses them anyway).
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import assume
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from model_strategies import (
    DEPTHS,
    constraint_breaches,
    document_nodes,
    explore,
    get_at,
    location,
    objects,
    programs,
    set_at,
    tables,
    typo,
    wrong_values,
)

from vanguard import Program, Vanguard
from vanguard.io.converter import make_converter, structure
from vanguard.io.schema import program_schema
from vanguard.problems import ProgramError

VALIDATOR = Draft202012Validator(
    program_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
)
CONVERTER = make_converter()


def json_document(program: Program) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        Vanguard(load_entrypoints=False).render_program(program, "json")
    )
    return document


def loader_accepts(document: Any) -> bool:
    try:
        structure(CONVERTER, document, Program)
    except ProgramError:
        return False
    return True


def schema_accepts(document: Any) -> bool:
    return VALIDATOR.is_valid(document)


def assert_agree(document: Any, expected: bool | None = None) -> None:
    loader, schema = loader_accepts(document), schema_accepts(document)
    detail = (
        [str(p) for p in _problems(document)]
        if not loader
        else [e.message for e in VALIDATOR.iter_errors(document)][:5]
    )
    assert loader == schema, f"loader {loader}, schema {schema}: {detail}"
    if expected is not None:
        assert loader == expected, detail


def _problems(document: Any) -> tuple[Any, ...]:
    try:
        structure(CONVERTER, document, Program)
    except ProgramError as error:
        return error.problems
    return ()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2006-01-01", "2006-02-30", "monthly", "work-target", "x", "A-1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
"""Any JSON value (some of them close to valid ones)."""


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(program_schema())


def test_both_accept_the_examples_and_reject_a_stub() -> None:
    app = Vanguard()
    for name in ("zhaoqing-2006.toml", "sihui-2006.toml"):
        program = app.load_program(f"examples/{name}")
        assert_agree(json_document(program), expected=True)
    assert_agree({"id": "p"}, expected=False)


def _valid(program: Program) -> None:
    assert_agree(json_document(program), expected=True)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_accept_valid_programs(examples: int) -> None:
    explore(examples, _valid, program=programs())


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_accept_any_type_valid_program(examples: int) -> None:
    explore(examples, _valid, program=objects(Program))


def _nodes(document: dict[str, Any]) -> list[Any]:
    return [node for node in document_nodes(document) if node.path]


def _wrong_type(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    node = data.draw(st.sampled_from(_nodes(document)), label="node")
    set_at(document, node.path, data.draw(st.sampled_from(wrong_values(node, json_only=True))))
    assert_agree(document, expected=False)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_reject_a_wrong_type(examples: int) -> None:
    explore(examples, _wrong_type, program=objects(Program), data=st.data())


def _breach(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    nodes = [node for node in _nodes(document) if constraint_breaches(node)]
    node = data.draw(st.sampled_from(nodes), label="node")
    set_at(document, node.path, data.draw(st.sampled_from(constraint_breaches(node))))
    assert_agree(document, expected=False)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_reject_a_broken_constraint(examples: int) -> None:
    explore(examples, _breach, program=objects(Program), data=st.data())


def _unknown_key(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    table = data.draw(st.sampled_from(tables(document_nodes(document))), label="table")
    fields = [field.name for field in attrs.fields(table.tp)]
    key = typo(data.draw(st.sampled_from(fields)), data.draw(st.integers(0, 50)), True)
    assume(key not in fields)
    get_at(document, table.path)[key] = data.draw(json_values)
    assert_agree(document, expected=False)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_reject_an_unknown_key(examples: int) -> None:
    explore(examples, _unknown_key, program=programs(), data=st.data())


def _missing_key(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    table = data.draw(
        st.sampled_from([t for t in tables(document_nodes(document)) if t.value]), label="table"
    )
    key = data.draw(st.sampled_from(sorted(table.value)), label="key")
    del get_at(document, table.path)[key]
    field = attrs.fields_dict(table.tp)[key]
    # a key with a default may be left out; one without is required by both
    assert_agree(document, expected=field.default is not attrs.NOTHING)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_agree_on_which_keys_may_be_left_out(examples: int) -> None:
    explore(examples, _missing_key, program=objects(Program), data=st.data())


def _anything(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    node = data.draw(st.sampled_from(_nodes(document)), label="node")
    set_at(document, node.path, data.draw(json_values, label="value"))
    assert_agree(document)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_agree_on_any_json_value_anywhere(examples: int) -> None:
    explore(examples, _anything, program=objects(Program), data=st.data())


def _text(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    nodes = [n for n in _nodes(document) if isinstance(n.value, str)]
    node = data.draw(st.sampled_from(nodes), label="node")
    text = data.draw(
        st.text(max_size=12) | st.from_regex(r"\d{4}-\d{2}-\d{2}\n?", fullmatch=True),
        label="text",
    )
    set_at(document, node.path, text)
    assert_agree(document)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_agree_on_any_text_where_text_is_expected(examples: int) -> None:
    # ids (pattern, length), names, dates ("2006-02-30", "2006-01-01\n"), enumerations
    explore(examples, _text, program=objects(Program), data=st.data())


def _number(program: Program, data: st.DataObject) -> None:
    document = json_document(program)
    nodes = [
        n
        for n in _nodes(document)
        if isinstance(n.value, int | float) and not isinstance(n.value, bool)
    ]
    assume(nodes)
    node = data.draw(st.sampled_from(nodes), label="node")
    number = data.draw(
        st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.sampled_from([10**308 * 2, -(10**309), 3.0, -0.0, 1e-320]),
        label="number",
    )
    set_at(document, node.path, number)
    assert_agree(document)


@pytest.mark.parametrize("examples", DEPTHS)
def test_both_agree_on_any_number_where_a_number_is_expected(examples: int) -> None:
    explore(examples, _number, program=objects(Program), data=st.data())


def test_location_spelling_matches_the_loader() -> None:
    # the helper the other tests rely on spells locations as the loader does
    assert location(("tasks", 3, "targets", 0, "value")) == "tasks[3].targets[0].value"
