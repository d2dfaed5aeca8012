"""``vanguard plugins``: every plugin installed, what it provides, and whether it loaded."""

import json

import click
from rich.markup import escape
from rich.table import Table

from vanguard.cli._common import app, console, reports_problems, text
from vanguard.i18n import _
from vanguard.plugins.errors import PluginConflictError, PluginError
from vanguard.plugins.status import PluginStatus

STATE_STYLE = {"ok": "green", "broken": "bold red", "disabled": "yellow"}
STATES = {"ok": _("ok"), "broken": _("broken"), "disabled": _("disabled")}
"""A plugin's state in words (translated where shown)."""
NO_PLUGINS = _("no vanguard plugins installed")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@reports_problems
def plugins(as_json: bool) -> None:
    """List every plugin: distribution and version, initiatives, hooks and status.

    Status is ok, broken (with the reason) or disabled (by VANGUARD_LOAD_PLUGINS or
    VANGUARD_DISABLE_PLUGINS). Exits 0 even when a plugin is broken: listing is how you
    find out.
    """
    vanguard = app()
    statuses = vanguard.plugins()
    try:
        vanguard.catalogue()
    except (PluginConflictError, PluginError) as error:
        # the listing is how users find the culprit, so say it and still list everything
        click.echo(f"warning: {error}", err=True)
    if as_json:
        click.echo(json.dumps([status.as_dict() for status in statuses], indent=2))
        return
    if not statuses:
        click.echo(text()(NO_PLUGINS))
        return
    out = console()
    if not out.is_terminal:
        # piped output is read by grep and people alike: one line per plugin, never wrapped
        out.width = max(out.width, 500)
    out.print(plugin_table(statuses))


def plugin_table(statuses: list[PluginStatus]) -> Table:
    """One row per plugin, broken and disabled ones with their reason."""
    _ = text()
    table = Table(title=_("vanguard plugins"))
    for column in (_("name"), _("distribution"), _("initiatives"), _("hooks"), _("status")):
        table.add_column(column, overflow="fold")
    for status in statuses:
        if status.distribution is not None:
            distribution = f"{status.distribution} {status.version or ''}".strip()
        else:
            distribution = _("(registered by the app)")
        state = f"[{STATE_STYLE[status.state]}]{_(STATES[status.state])}[/]"
        if status.reason:
            state += f" ({escape(status.reason)})"
        table.add_row(
            escape(status.name),
            escape(distribution),
            escape("\n".join(status.initiatives)) or "-",
            "\n".join(status.hooks) or "-",
            state,
        )
    return table


__all__ = ["plugin_table", "plugins"]
