"""One validation room (issue 9, item 2): ``validate`` reports, located and with a
did-you-mean, everything ``simulate`` would refuse about a program's initiatives."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import ProgramError, Vanguard
from vanguard.cli import main
from vanguard.io.formats import render_document
from vanguard.simulation.plan import build_plan

ROOT = Path(__file__).resolve().parents[1]
ZHAOQING = ROOT / "examples" / "zhaoqing-2006.toml"
TRAINING = 0  # initiatives[0] of the Zhaoqing program: entrepreneurship-training


@pytest.fixture(scope="session")
def zhaoqing(zhaoqing_document: dict[str, Any]) -> dict[str, Any]:
    return zhaoqing_document


def with_parameters(document: dict[str, Any], index: int, **values: object) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["initiatives"][index]["parameters"] = values
    return changed


def validate(tmp_path: Path, document: dict[str, Any]) -> tuple[int, list[str]]:
    path = tmp_path / "program.toml"
    path.write_text(render_document(document, "toml"), "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, [line.removeprefix(f"{path}:") for line in result.output.splitlines()]


def test_a_misspelt_parameter_is_reported_by_validate_with_a_suggestion(
    tmp_path: Path, zhaoqing: dict[str, Any]
) -> None:
    document = with_parameters(zhaoqing, TRAINING, startup_probabilty=0.4)
    assert validate(tmp_path, document) == (
        1,
        [
            f"initiatives[{TRAINING}].parameters.startup_probabilty: 'entrepreneurship-training' "
            "has no parameter 'startup_probabilty' (did you mean 'startup_probability'?)"
        ],
    )


def test_trainees_per_month_99999_is_out_of_bounds_for_validate_too(
    tmp_path: Path, zhaoqing: dict[str, Any]
) -> None:
    document = with_parameters(zhaoqing, TRAINING, trainees_per_month=99999)
    assert validate(tmp_path, document) == (
        1,
        [
            f"initiatives[{TRAINING}].parameters.trainees_per_month: 99999.0 is outside "
            "trainees_per_month's bounds [0.0, 500.0] person/month"
        ],
    )


def test_an_integer_parameter_refuses_2_5(tmp_path: Path, zhaoqing: dict[str, Any]) -> None:
    index = next(
        i for i, use in enumerate(zhaoqing["initiatives"]) if use["name"] == "retiree-management"
    )
    document = with_parameters(zhaoqing, index, demonstration_sites=2.5)
    code, lines = validate(tmp_path, document)
    assert code == 1
    assert lines == [
        f"initiatives[{index}].parameters.demonstration_sites: demonstration_sites is a whole "
        "number, got 2.5"
    ]


def test_an_unknown_initiative_gets_a_suggestion(tmp_path: Path, zhaoqing: dict[str, Any]) -> None:
    document = copy.deepcopy(zhaoqing)
    document["initiatives"][TRAINING]["name"] = "entrepreneurship-trainig"
    for task in document["tasks"]:
        if task.get("initiative") == "entrepreneurship-training":
            task["initiative"] = "entrepreneurship-trainig"
    code, lines = validate(tmp_path, document)
    assert code == 1
    assert (
        f"initiatives[{TRAINING}].name: no installed plugin provides initiative "
        "'entrepreneurship-trainig' (did you mean 'entrepreneurship-training'?)"
    ) in lines


VALUES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.integers(-1000, 1000),
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_validate_refuses_exactly_what_the_simulation_refuses(
    installed: Vanguard, zhaoqing: dict[str, Any], data: st.DataObject
) -> None:
    # the same program through both paths: validation, and the plan simulate builds
    index = data.draw(st.integers(0, len(zhaoqing["initiatives"]) - 1), label="initiative")
    initiative = installed.initiatives()[zhaoqing["initiatives"][index]["name"]]
    names = [parameter.name for parameter in initiative.parameters]
    keys = st.sampled_from(names) | st.sampled_from([n[:-1] for n in names] + ["nope"])
    given_values = data.draw(st.dictionaries(keys, VALUES, max_size=3), label="parameters")
    document = with_parameters(zhaoqing, index, **given_values)
    program = installed.parse_program(json.dumps(document, default=str), "json", check=False)
    validated = {str(problem) for problem in installed.validate(program)}
    refused: set[str] = set()
    try:
        build_plan(program, installed.initiatives(), {**installed.indicators()})
    except ProgramError as error:
        refused = {str(problem) for problem in error.problems}
    assert bool(refused) == bool(validated)
    assert refused <= validated
