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
    document = _benchmark().program_document(tasks)
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
    assert problems == []
    return count


def test_validation_work_grows_linearly_with_the_number_of_tasks() -> None:
    app = Vanguard(load_entrypoints=False)
    small, large = lines_executed(app, 500), lines_executed(app, 2_000)
    # four times the tasks: about four times the lines (the old scan per task gave 13x)
    assert large / small < 4 * 1.25, (small, large)
