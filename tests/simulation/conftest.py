"""Fixtures for the simulation tests: an app with the toy initiatives and their program."""

import sys
from pathlib import Path

import pytest

from vanguard import Program, Vanguard

sys.path.insert(0, str(Path(__file__).parent))  # the toy module, importable by worker processes

import toy


@pytest.fixture
def app() -> Vanguard:
    return Vanguard(plugins=[toy.ToyPlugin()], load_entrypoints=False)


@pytest.fixture
def program(app: Vanguard) -> Program:
    return app.parse_program(toy.PROGRAM, check=False)
