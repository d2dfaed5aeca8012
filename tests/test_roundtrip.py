"""Every model class survives a trip through every file format unchanged."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_strategies import objects, programs

import vanguard
from vanguard.io.converter import structure
from vanguard.io.formats import parse_document, render_document

MODEL_CLASSES = [
    vanguard.Label,
    vanguard.Indicator,
    vanguard.Milestone,
    vanguard.Target,
    vanguard.KeyTask,
    vanguard.Pillar,
    vanguard.Unit,
    vanguard.Post,
    vanguard.Revision,
    vanguard.Pledge,
    vanguard.Letter,
    vanguard.ReviewCycle,
    vanguard.Campaign,
    vanguard.InitiativeUse,
    vanguard.ChainRules,
    vanguard.ReportedFigure,
    vanguard.Program,
]
FORMATS = ["toml", "yaml", "json"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_class_round_trips_through_every_format(cls, fmt, data):
    app = vanguard.Vanguard(load_entrypoints=False)
    original = data.draw(objects(cls))
    document = {"item": app.converter.unstructure(original, cls)}
    text = render_document(document, fmt)
    parsed = parse_document(text, fmt)
    assert structure(app.converter, parsed["item"], cls) == original


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs())
def test_valid_programs_load_back_equal_and_valid(program, fmt):
    app = vanguard.Vanguard(load_entrypoints=False)
    text = app.render_program(program, fmt)
    assert app.parse_program(text, fmt) == program


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(program=programs())
def test_dump_and_load_use_the_suffix(tmp_path, program):
    app = vanguard.Vanguard(load_entrypoints=False)
    for suffix in (".toml", ".yaml", ".yml", ".json"):
        path = tmp_path / f"program{suffix}"
        app.dump_program(program, path)
        assert app.load_program(path) == program


def test_a_revision_never_erases_the_original_pledge():
    pledge = vanguard.Pledge(task="T01", indicator="count", value=100)
    revised = pledge.revised(120, dt.date(2006, 7, 1), "mid-year review")
    assert revised.value == 100
    assert revised.effective_value == 120
    assert revised.value_on(dt.date(2006, 6, 30)) == 100
    assert revised.revised(90, dt.date(2006, 10, 1), "again").revisions[0].value == 120
