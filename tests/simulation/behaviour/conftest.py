"""Shared fixtures: the Zhaoqing program, loaded once with the installed plugins."""

from pathlib import Path

import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def zhaoqing(installed: Vanguard) -> Program:
    return installed.load_program(ROOT / "examples" / "zhaoqing-2006.toml")


@pytest.fixture(scope="session")
def unmapped(zhaoqing: Program) -> Program:
    """Zhaoqing without its unit mapping (no ``assign``): the initiatives' units act, one
    initiative at a time, as before posts acted across initiatives."""
    import attrs

    uses = tuple(attrs.evolve(use, assign=()) for use in zhaoqing.initiatives)
    return attrs.evolve(zhaoqing, initiatives=uses)
