"""Shared test configuration for the core library's tests."""

from pathlib import Path
from typing import Any

import pytest

from vanguard import Vanguard
from vanguard.io.formats import read_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def installed() -> Vanguard:
    """An app with the installed plugins (the shipped examples' initiatives)."""
    return Vanguard()


@pytest.fixture(scope="session")
def zhaoqing_document() -> dict[str, Any]:
    """The Zhaoqing example as plain data (copy it before changing it)."""
    return read_document(EXAMPLES / "zhaoqing-2006.toml")
