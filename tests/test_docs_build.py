"""The documentation builds with warnings as errors, as CI requires.

A broken cross-reference, a page left out of every toctree, an object documented twice or
a docstring autodoc cannot parse fails this test (and names itself in the output).
"""

import subprocess
import sys
from pathlib import Path

import click
import pytest

from vanguard.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.slow
def test_the_docs_build_with_warnings_as_errors(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-E",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    for page in (
        "tutorials/first-program.html",
        "explanation/domain.html",
        "explanation/design.html",
        "reference/file-format.html",
        "reference/cli.html",
    ):
        assert (tmp_path / "html" / page).is_file(), page
    # The command-line reference has a section for every command and sub-command.
    cli = (tmp_path / "html" / "reference" / "cli.html").read_text("utf-8")
    missing = [name for name in command_names(main) if f'id="{name}"' not in cli]
    assert not missing, missing


def command_names(group: click.Group, prefix: str = "vanguard") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix}-{name}")
        if isinstance(command, click.Group):
            names.extend(command_names(command, f"{prefix}-{name}"))
    return names
