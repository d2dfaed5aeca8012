"""``vanguard new-plugin``: generate an initiative plugin package from the template."""

from pathlib import Path

import click

from vanguard.cli._common import reports_problems
from vanguard.scaffold import PluginNames, new_plugin


@click.command(name="new-plugin")
@click.argument("name")
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory to write the package to (default: ./vanguard-NAME). Must be empty.",
)
@reports_problems
def new_plugin_command(name: str, dest: Path | None) -> None:
    """Generate the initiative plugin NAME (e.g. job-fair) as an installable package.

    The package has a pyproject with the ``vanguard`` entry point, an example initiative
    and model under src/, tests running the conformance suite, and a README.
    """
    names = PluginNames.of(name)
    target = new_plugin(name, dest)
    click.echo(f"created {names.distribution} in {target}")
    click.echo("next steps:")
    click.echo(f"  cd {target}")
    click.echo('  pip install -e ".[test]"')
    click.echo("  pytest")
    click.echo(f"  vanguard plugins    # lists {names.name}")


__all__ = ["new_plugin_command"]
