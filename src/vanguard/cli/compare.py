"""``vanguard compare``: a program's baseline against scenario files, common random numbers.

Each scenario file may change parameters, targets and how posts respond (its
``behaviour`` table), so "audits at 10 %" against "audits at 50 %" is one command; with
behaviour on (``--behaviour``, or the program's ``[behaviour]``) the true and reported
values of every run are printed side by side.
"""

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from vanguard.cli._common import app, reports_problems, text
from vanguard.cli.simulate import replications_option, seed_option, wide_console


def comparison_table(comparison: Any, indicators: tuple[str, ...] = ()) -> Table:
    """Per scenario and indicator: baseline and scenario means and the paired difference
    (of ``indicators`` and the targets on them only, when given)."""
    _ = text()
    table = Table(title=_("Scenarios against the baseline (paired by seed)"))
    for column in ("scenario", "indicator"):
        table.add_column(column)
    for column in ("baseline", "scenario value", "difference", "95 % interval"):
        table.add_column(column, justify="right")
    for row in comparison.rows():
        code = str(row["indicator"])
        if indicators and not any(code == c or code.endswith(f": {c})") for c in indicators):
            continue
        low, high = row.get("ci_low"), row.get("ci_high")
        interval = "" if low is None else f"{low:,.2f} .. {high:,.2f}"
        table.add_row(
            str(row["scenario"]),
            str(row["indicator"]),
            f"{row['baseline']:,.3f}",
            f"{row['value']:,.3f}",
            f"{row['difference']:+,.3f}",
            interval,
        )
    return table


def behaviour_comparison_table(rows: list[dict[str, Any]]) -> Table:
    """:meth:`~vanguard.simulation.scenarios.Comparison.behaviour_rows` as a table."""
    _ = text()
    table = Table(title=_("Behaviour: true against reported, per run (means per acting post)"))
    for column in ("scenario", "year", "indicator"):
        table.add_column(column, justify="right" if column == "year" else "left")
    for column in ("true", "reported", "undetected", "detected", "inflation", "caught"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            str(row["scenario"]),
            str(row["year"]),
            str(row["indicator"]),
            *(f"{row[n]:,.2f}" for n in ("true", "reported", "undetected", "detected")),
            *(f"{row[n]:.1%}" for n in ("inflation", "caught")),
        )
    return table


@click.command()
@click.argument("program_path", metavar="PROGRAM", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "scenario_paths",
    metavar="SCENARIO...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@replications_option(2_000, "Number of simulated years per run.")
@seed_option(2006, "Seed shared by every run (common random numbers).")
@click.option(
    "--behaviour",
    "behaviour_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A behaviour file for the baseline (default: the program's [behaviour]).",
)
@click.option(
    "--indicator",
    "indicators",
    multiple=True,
    help="Compare only this indicator (repeat for more; default: every simulated one).",
)
@reports_problems
def compare_command(
    program_path: Path,
    scenario_paths: tuple[Path, ...],
    replications: int,
    seed: int,
    behaviour_path: Path | None,
    indicators: tuple[str, ...],
) -> None:
    """Compare PROGRAM's baseline with each SCENARIO file, paired by seed.

    Scenario files may change parameters, targets and the posts' behaviour (audit rates,
    penalties, on or off); with behaviour on, true and reported values are printed too.
    """
    from vanguard.simulation import compare, load_scenario
    from vanguard.simulation.behaviour import load_behaviour

    vanguard = app()
    program = vanguard.load_program(program_path)
    scenarios = [load_scenario(path) for path in scenario_paths]
    behaviour = load_behaviour(behaviour_path, vanguard) if behaviour_path else None
    comparison = compare(
        program,
        scenarios,
        replications,
        seed,
        app=vanguard,
        indicators=list(indicators) or None,
        behaviour=behaviour,
    )
    out = wide_console()
    out.print(comparison_table(comparison, indicators))
    rows = comparison.behaviour_rows()
    if indicators:
        rows = [row for row in rows if row["indicator"] in indicators]
    if rows:
        out.print(behaviour_comparison_table(rows))
    _ = text()
    click.echo(
        _(
            "{replications} replications per run; seed {seed}",
            replications=f"{replications:,}",
            seed=seed,
        )
    )


__all__ = ["behaviour_comparison_table", "compare_command", "comparison_table"]
