"""``vanguard plugins`` and the other commands with a broken plugin installed."""

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanguard.cli import main

BROKEN = "raise ImportError('No module named [secret_driver]')\n"

MINI_PROGRAM = """
id = "mini"
name = "Mini program"
start = 2006-01-01
end = 2006-12-31

[campaign]
id = "c"
name = "Campaign"
"""


@pytest.fixture
def installed(
    fake_distribution: Callable[..., dict[str, str]], plugin_source: Callable[[str, str], str]
) -> dict[str, str]:
    """A broken and a good distribution; the environment loads only these two."""
    fake_distribution("vanguard-broken", {"broken-one": BROKEN}, version="0.3")
    fake_distribution("vanguard-good", {"good-one": plugin_source("good", "good.count")})
    return {"VANGUARD_LOAD_PLUGINS": "broken-one,good-one"}


def test_plugins_json_lists_the_broken_one_and_exits_0(installed: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["plugins", "--json"], env=installed)
    assert result.exit_code == 0, result.output
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert listed["broken-one"]["status"] == "broken"
    assert listed["broken-one"]["reason"] == (
        "import failed: ImportError: No module named [secret_driver]"
    )
    assert listed["broken-one"]["distribution"] == "vanguard-broken"
    assert listed["broken-one"]["version"] == "0.3"
    assert listed["good-one"] == {
        "name": "good-one",
        "status": "ok",
        "reason": None,
        "origin": "entry point",
        "distribution": "vanguard-good",
        "version": "1.0",
        "hooks": ["vanguard_initiatives"],
        "initiatives": ["good"],
    }


def test_plugins_table_shows_status_reason_and_what_each_provides(
    installed: dict[str, str],
) -> None:
    environ = {**installed, "VANGUARD_DISABLE_PLUGINS": "good-one"}
    result = CliRunner().invoke(main, ["plugins"], env=environ)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    [broken] = [line for line in lines if "broken-one" in line]
    assert "vanguard-broken 0.3" in broken
    assert "broken (import failed: ImportError: No module named [secret_driver])" in broken
    [good] = [line for line in lines if "good-one" in line]
    assert "disabled (listed in VANGUARD_DISABLE_PLUGINS)" in good


def test_plugins_table_lists_initiatives_and_hooks(installed: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["plugins"], env=installed)
    [good] = [line for line in result.stdout.splitlines() if "good-one" in line]
    assert "vanguard-good 1.0" in good
    assert " good " in good
    assert "vanguard_initiatives" in good
    assert " ok " in good


def test_plugins_with_none_loaded(installed: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["plugins", "--json"], env={"VANGUARD_LOAD_PLUGINS": ""})
    assert result.exit_code == 0
    assert all(entry["status"] == "disabled" for entry in json.loads(result.stdout))


def test_other_commands_work_with_a_broken_plugin_installed(
    installed: dict[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    program = tmp_path / "mini.toml"
    program.write_text(MINI_PROGRAM, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="vanguard.plugins"):
        result = CliRunner().invoke(main, ["validate", str(program)], env=installed)
    assert result.exit_code == 0, result.output
    assert "ok (0 key tasks" in result.stdout
    assert "'broken-one'" in caplog.text


def test_a_conflict_is_an_error_message_not_a_traceback(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
    tmp_path: Path,
) -> None:
    fake_distribution("vanguard-one", {"one": plugin_source("same", "one.count")})
    fake_distribution("vanguard-two", {"two": plugin_source("same", "two.count")})
    program = tmp_path / "mini.toml"
    program.write_text(MINI_PROGRAM, encoding="utf-8")
    environ = {"VANGUARD_LOAD_PLUGINS": "one,two"}
    result = CliRunner().invoke(main, ["validate", str(program)], env=environ)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "error: initiative 'same' is defined by both plugin" in result.stderr
    assert "'one'" in result.stderr
    assert "'two'" in result.stderr
    listing = CliRunner().invoke(main, ["plugins", "--json"], env=environ)
    assert listing.exit_code == 0
    ok = {entry["name"] for entry in json.loads(listing.stdout) if entry["status"] == "ok"}
    assert ok == {"one", "two"}
    assert listing.stderr.startswith("warning: initiative 'same' is defined by both plugin")


def test_the_real_command_warns_on_stderr_and_carries_on(tmp_path: Path) -> None:
    """End to end, in a fresh process: the warning reaches stderr, the command succeeds."""
    site = tmp_path / "site"
    info = site / "vanguard_broken-0.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: vanguard-broken\nVersion: 0.3\n")
    (info / "entry_points.txt").write_text("[vanguard]\nbroken-one = cli_broken_plugin\n")
    (site / "cli_broken_plugin.py").write_text(BROKEN)
    program = tmp_path / "mini.toml"
    program.write_text(MINI_PROGRAM, encoding="utf-8")
    environ = {**os.environ, "PYTHONPATH": str(site), "VANGUARD_LOAD_PLUGINS": "broken-one"}
    environ.pop("VANGUARD_DISABLE_PLUGINS", None)
    for command in (["plugins"], ["validate", str(program)]):
        done = subprocess.run(
            [sys.executable, "-m", "vanguard", *command],
            env=environ,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert "vanguard plugin 'broken-one' (vanguard-broken) is broken" in done.stderr
