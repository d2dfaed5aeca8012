"""``vanguard calibrate``: fit initiative parameters to observed totals or monthly series."""

import re
from pathlib import Path
from typing import Any

import click

from vanguard.cli._common import LEDGER, app, reports_problems
from vanguard.cli._json import AS_JSON, emit, program_header
from vanguard.cli.simulate import executor_for, replications_option, seed_option

_TOTAL = re.compile(
    r"\s*(?P<code>[^=\s]+)\s*=\s*(?P<value>[-+0-9.eE_,]+)"
    r"(?:\s*(?:±|\+-|\+/-)\s*(?P<sd>[0-9.eE_,]+))?\s*"
)


class ObservedOption(click.ParamType):  # type: ignore[type-arg]  # generic only in stubs
    """``CODE=VALUE`` or ``CODE=VALUE±SD`` (also ``+-`` or ``+/-``): an observed total."""

    name = "CODE=VALUE[±SD]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from vanguard.simulation.observations import ObservedTotal

        if not isinstance(value, str):
            return value
        found = _TOTAL.fullmatch(value)
        if found is None:
            self.fail(f"{value!r} is not CODE=VALUE or CODE=VALUE±SD", param, ctx)
        try:
            number = float(found["value"].replace(",", "").replace("_", ""))
            sd = None if found["sd"] is None else float(found["sd"].replace(",", ""))
        except ValueError:
            self.fail(f"{value!r}: the value and the sd must be plain numbers", param, ctx)
        return found["code"], ObservedTotal(number, sd)


def _parameter(text: str) -> tuple[str, str]:
    initiative, dot, name = text.rpartition(".")
    if not dot or not initiative or not name:
        raise click.BadParameter(
            f"{text!r} is not INITIATIVE.PARAMETER (e.g. "
            "entrepreneurship-training.trainees_per_month)",
            param_hint="--fit",
        )
    return initiative, name


@click.command("calibrate")
@click.argument("program_path", metavar="PROGRAM", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--fit",
    "fitted",
    multiple=True,
    required=True,
    metavar="INITIATIVE.PARAMETER",
    help="A parameter to fit (repeatable), e.g. entrepreneurship-training.trainees_per_month.",
)
@click.option(
    "--observed",
    "totals",
    type=ObservedOption(),
    multiple=True,
    help="An observed year-end total (repeatable): CODE=VALUE, or CODE=VALUE±SD when it is "
    "known within a standard error SD.",
)
@click.option(
    "--monthly",
    "monthly",
    multiple=True,
    metavar="CODE",
    help="Fit CODE's monthly counts (repeatable), read from --reports FILE or, without it, "
    "from the ledger's reports in force.",
)
@click.option(
    "--reports",
    "reports_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The reports file (CSV, JSON or .xlsx) the --monthly series are read from.",
)
@LEDGER
@click.option(
    "--likelihood",
    type=click.Choice(["moments", "poisson", "negative-binomial"]),
    default=None,
    help="The objective: simulated moments (totals; the default without --monthly) or a "
    "count likelihood (poisson, the default with --monthly; or negative-binomial).",
)
@replications_option(2000, "Replications per evaluation of the objective.")
@seed_option(2006, "Seed of every evaluation (common random numbers).")
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Refits of synthetic years for the intervals (0: no intervals).",
)
@click.option(
    "--level",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    default=0.9,
    show_default=True,
    help="The intervals' level.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Local worker processes.")
@click.option("--no-progress", is_flag=True, help="Do not show progress bars.")
@AS_JSON
@reports_problems
def calibrate_command(
    program_path: Path,
    fitted: tuple[str, ...],
    totals: tuple[tuple[str, Any], ...],
    monthly: tuple[str, ...],
    reports_path: Path | None,
    ledger_url: str,
    likelihood: str | None,
    replications: int,
    seed: int,
    bootstrap: int,
    level: float,
    workers: int | None,
    no_progress: bool,
    as_json: bool,
) -> None:
    """Fit initiative parameters so the simulation matches observed totals or monthly series.

    Observed figures are year-end totals (--observed CODE=VALUE[±SD]) and monthly series
    of counts (--monthly CODE, read from --reports FILE or the ledger). A fit that the
    figures cannot identify is refused, naming the parameters; only the initiatives the
    figures need are simulated.
    """
    from vanguard.ledger import Ledger
    from vanguard.simulation.calibration import calibrate
    from vanguard.simulation.observations import observed_series

    parameters = [_parameter(text) for text in fitted]
    if not totals and not monthly:
        raise click.UsageError("observe something: give --observed CODE=VALUE or --monthly CODE")
    vanguard = app()
    program = vanguard.load_program(program_path)
    observed: dict[str, Any] = dict(totals)
    if monthly:
        if reports_path is not None:
            observed.update(observed_series(program, reports_path, monthly, app=vanguard))
        else:
            with Ledger.open(ledger_url, create=False) as ledger:
                observed.update(observed_series(program, ledger, monthly, app=vanguard))
    chosen = likelihood or ("poisson" if monthly else "moments")
    with executor_for(workers, None, 0.0) as (executor, _):
        fit = calibrate(
            program,
            observed,
            parameters,
            app=vanguard,
            replications=replications,
            seed=seed,
            executor=executor,
            progress=False if (no_progress or as_json) else None,
            bootstrap=bootstrap,
            level=level,
            likelihood=chosen,
        )
    if as_json:
        body = {
            **program_header(program, program_path),
            "likelihood": fit.likelihood,
            "converged": fit.converged,
            "evaluations": fit.evaluations,
            "objective": fit.objective,
            "replications": fit.replications,
            "seed": fit.seed,
            "simulated_initiatives": list(fit.simulated_initiatives),
            "estimates": fit.estimate_rows(),
            "figures": fit.rows(),
            "months": fit.series_rows(),
            "dispersion": dict(fit.dispersion),
        }
        emit("calibrate", **body)
        return
    click.echo(str(fit))


__all__ = ["calibrate_command"]
