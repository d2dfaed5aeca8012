"""Validation is near-linear in the size of a program (issue 13): 100,000 key tasks once
took more than a minute because each task's accountability walk scanned every task.

Time is not measured (tests never depend on the clock; ``benchmarks/validation.py`` times
it): the library's own Python lines executed while validating are counted, which grows
with the work done whatever the machine, for programs of 500 and 2,000 tasks.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from vanguard import Program, Vanguard

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = str(ROOT / "src" / "vanguard")


def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "validation_benchmark", ROOT / "benchmarks" / "validation.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lines_executed(app: Vanguard, tasks: int) -> int:
    return lines_validating(app, _benchmark().program_document(tasks))


def lines_validating(app: Vanguard, document: dict[str, Any], valid: bool = True) -> int:
    """The library's lines executed by ``app.validate`` of the program ``document``."""
    program = app.structure(document, Program)
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        problems = app.validate(program)
    finally:
        sys.settrace(None)
    assert (problems == []) is valid, problems[:3]
    return count


def test_validation_work_grows_linearly_with_the_number_of_tasks() -> None:
    app = Vanguard(load_entrypoints=False)
    small, large = lines_executed(app, 500), lines_executed(app, 2_000)
    # four times the tasks: about four times the lines (the old scan per task gave 13x)
    assert large / small < 4 * 1.25, (small, large)


def grades(count: int) -> dict[str, Any]:
    document = _benchmark().program_document(10)
    bands = [{"id": f"g{i}", "minimum": 900 - i * 1e-3} for i in range(count)]
    quotas = [{"grade": "g0", "share": 0.1, "pool": pool} for pool in ("unit", "program")]
    document["evaluation"] = {"grades": bands, "quotas": quotas}
    return document


def deep_organisation(depth: int) -> dict[str, Any]:
    """Units nested ``depth`` deep, every one headed by the one post at the bottom."""
    document = _benchmark().program_document(10)
    units = [{"id": f"u{i}", "name": "U", "kind": "u", "head": "bottom"} for i in range(depth)]
    for i in range(1, depth):
        units[i]["parent"] = f"u{i - 1}"
    document["units"] = units
    document["posts"] = [{"id": "bottom", "title": "B", "unit": f"u{depth - 1}"}]
    document["letters"] = []
    document["rules"] = {"reach_bottom": False}
    return document


def test_many_grade_bands_and_a_deep_organisation_cost_linear_work() -> None:
    app = Vanguard(load_entrypoints=False)
    for make in (grades, deep_organisation):
        small = lines_validating(app, make(500), valid=make is grades)
        large = lines_validating(app, make(2_000), valid=make is grades)
        assert large / small < 4 * 1.25, (make.__name__, small, large)
