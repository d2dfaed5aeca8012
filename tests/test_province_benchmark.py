"""The province generator of the scale benchmark writes programs that validate.

``benchmarks/scale.py`` times every command on ``benchmarks/province.py``'s copies of the
Zhaoqing example; a copy that ``validate`` refuses makes every figure meaningless (the
benchmark once failed at 1x on an unprefixed clean-government secretary).
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from typing import Any

from vanguard import Program, Vanguard

ROOT = Path(__file__).resolve().parents[1]


def _province() -> Any:
    spec = importlib.util.spec_from_file_location(
        "province_benchmark", ROOT / "benchmarks" / "province.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_three_copies_of_zhaoqing_validate_with_every_unit_assigned_once() -> None:
    example = tomllib.loads((ROOT / "examples" / "zhaoqing-2006.toml").read_text("utf-8"))
    document = _province().replicate(example, 3)
    app = Vanguard()
    program = app.structure(document, Program)
    assert app.validate(program) == []
    assert len(program.posts) == 3 * len(example["posts"])
    for use, original in zip(program.initiatives, example["initiatives"], strict=True):
        assert len(use.units) == 3 * len(original["units"])
        assigned = [unit for entry in use.assign for unit in entry.units]
        assert (
            len(assigned)
            == len(set(assigned))
            == 3 * sum(len(entry["units"]) for entry in original.get("assign", []))
        )
    assert program.rules.clean_government is None  # one chain per bureau: see province.py
