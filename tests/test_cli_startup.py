"""The command line starts without loading numpy, SQLAlchemy or pandas (lazy commands)."""

import subprocess
import sys

import click

from vanguard.cli import COMMANDS, load_command


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = (
        "import sys, vanguard.cli; "
        "print(','.join(m for m in ('numpy', 'sqlalchemy', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_listed_short_help_is_each_commands_own() -> None:
    for name, (_, _, short_help) in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        assert command.get_short_help_str(limit=10_000) == short_help, name
        assert isinstance(command, click.Command)
