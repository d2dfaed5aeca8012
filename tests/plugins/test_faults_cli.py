"""One bad installed plugin never blocks the rest: the shipped example validates and
simulates beside a plugin whose ``vanguard_initiatives`` raises or returns junk."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vanguard.cli import main

from .conftest import FakeDistribution

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"

RAISES = """
import vanguard

@vanguard.hookimpl
def vanguard_initiatives():
    raise RuntimeError("licence server unreachable")
"""

JUNK = """
import vanguard

@vanguard.hookimpl
def vanguard_initiatives():
    return 42
"""


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (RAISES, "RuntimeError: licence server unreachable"),
        (JUNK, "returned int, expected an iterable of Initiative"),
    ],
    ids=["raises", "wrong-type"],
)
def test_a_broken_plugin_no_longer_makes_validate_and_simulate_of_every_program_exit_1(
    fake_distribution: FakeDistribution, source: str, reason: str
) -> None:
    fake_distribution("vanguard-broken", {"broken": source})
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", str(EXAMPLE)])
    assert validated.exit_code == 0, validated.output
    assert "ok (28 key tasks" in validated.output
    simulated = runner.invoke(
        main, ["simulate", str(EXAMPLE), "-n", "20", "--seed", "1", "--no-progress"]
    )
    assert simulated.exit_code == 0, simulated.output
    listed = runner.invoke(main, ["plugins", "--json"])
    assert listed.exit_code == 0
    assert f'"reason": "vanguard_initiatives failed: {reason}"' in listed.output
