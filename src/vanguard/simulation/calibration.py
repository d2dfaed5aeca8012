"""Calibration: fit chosen parameters so simulated totals match observed ones.

Method of simulated moments: the objective is the weighted sum of squared relative gaps
between each observed year-end total and its simulated mean. Every evaluation reuses the
same seed (common random numbers), so the objective is a deterministic function of the
parameters and a derivative-free simplex search (Nelder-Mead, numpy only, in a logit
transform of each parameter's bounds) converges on it.

Before searching, the fit is checked to be identified (:mod:`vanguard.simulation.
identification`): more free parameters than observed figures, or a flat direction of the
figures' Jacobian, is refused naming the parameters. Only the initiatives the observed
figures need are simulated (:mod:`vanguard.simulation.needs`): the same values, bit for bit,
as the whole program. Intervals come from a parametric bootstrap: synthetic years drawn
from the fitted model (each replication of a run at the estimate, on a spawned seed, is one
year's observed figures), each refitted like the real one; the interval is the central
``level`` share of the refitted values.
"""

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.simulation.engine import Options
from vanguard.simulation.executors import execute
from vanguard.simulation.identification import (
    count_problems,
    flat_problems,
    steps_for,
    unfed_problems,
)
from vanguard.simulation.likelihood import (
    Targets,
    fitted_dispersion,
    objective,
    synthetic_counts,
    targets_of,
)
from vanguard.simulation.needs import needed_initiatives, needed_plan
from vanguard.simulation.observations import Observed, ObservedSeries, ObservedTotal, normalised
from vanguard.simulation.plan import Plan, build_plan
from vanguard.simulation.progress import ProgressOption, progress_for
from vanguard.simulation.provenance import record
from vanguard.simulation.results import SimulationResult
from vanguard.simulation.tally import Floats

if TYPE_CHECKING:
    import pandas as pd

    from vanguard.app import Vanguard

ParameterName = tuple[str, str]
"""``(initiative, parameter)``."""


@attrs.frozen
class Fit:
    """The outcome of :func:`calibrate`: fitted values, the fit achieved, how it was found."""

    parameters: Mapping[ParameterName, float]
    start: Mapping[ParameterName, float]
    observed: Mapping[str, float]
    simulated: Mapping[str, float]
    objective: float
    evaluations: int
    converged: bool
    replications: int
    seed: int
    intervals: Mapping[ParameterName, tuple[float, float]] = attrs.field(factory=dict)
    """Per parameter, the central ``level`` bootstrap interval (empty without a bootstrap)."""
    draws: Mapping[ParameterName, tuple[float, ...]] = attrs.field(factory=dict)
    """Per parameter, every bootstrap refit's value."""
    level: float = 0.9
    simulated_initiatives: tuple[str, ...] = ()
    """The initiatives each evaluation simulated (those the observed figures need)."""
    likelihood: str = "moments"
    """The objective minimised (see :mod:`vanguard.simulation.likelihood`)."""
    dispersion: Mapping[str, float] = attrs.field(factory=dict)
    """Per indicator fitted by the negative binomial, its size ``k`` (given or profiled)."""
    observations: Mapping[str, ObservedTotal | ObservedSeries] = attrs.field(factory=dict)
    """What was fitted, as given (a plain number as an exact :class:`ObservedTotal`)."""
    series: Mapping[str, tuple[tuple[str, float, float], ...]] = attrs.field(factory=dict)
    """Per observed series, ``(month, observed, simulated)`` at the estimate."""

    def estimate_rows(self) -> list[dict[str, Any]]:
        """One row per fitted parameter: ``initiative``, ``parameter``, ``start``,
        ``estimate``, ``low``, ``high`` (NaN without a bootstrap), ``level``, ``bootstrap``
        (refits)."""
        rows = []
        for key, value in self.parameters.items():
            low, high = self.intervals.get(key, (math.nan, math.nan))
            rows.append(
                {
                    "initiative": key[0],
                    "parameter": key[1],
                    "start": self.start[key],
                    "estimate": value,
                    "low": low,
                    "high": high,
                    "level": self.level,
                    "bootstrap": len(self.draws.get(key, ())),
                }
            )
        return rows

    def frame(self) -> "pd.DataFrame":
        """:meth:`estimate_rows` as a pandas DataFrame (needs the ``frames`` extra)."""
        from vanguard.simulation.results import require_frames

        frame: pd.DataFrame = require_frames().DataFrame(self.estimate_rows())
        return frame

    def rows(self) -> list[dict[str, Any]]:
        """One row per observed indicator: observed, simulated mean, relative gap (for a
        series, its months' sums; :meth:`series_rows` has each month)."""
        return [
            {
                "indicator": code,
                "observed": value,
                "simulated": self.simulated[code],
                "gap": (self.simulated[code] - value) / value if value else math.nan,
            }
            for code, value in self.observed.items()
        ]

    def series_rows(self) -> list[dict[str, Any]]:
        """One row per month of each observed series: ``indicator``, ``period``,
        ``observed``, ``simulated`` (the fitted mean flow of that month)."""
        return [
            {"indicator": code, "period": month, "observed": seen, "simulated": mean}
            for code, months in self.series.items()
            for month, seen, mean in months
        ]

    def __str__(self) -> str:
        fitted_by = "" if self.likelihood == "moments" else f", {self.likelihood} likelihood"
        lines = [
            f"calibration ({'converged' if self.converged else 'NOT converged'} after "
            f"{self.evaluations} evaluations, objective {self.objective:.3g}{fitted_by}):"
        ]
        for (initiative, name), value in self.parameters.items():
            before = self.start[(initiative, name)]
            line = f"  {initiative}.{name}: {before:g} -> {value:.6g}"
            if (initiative, name) in self.intervals:
                low, high = self.intervals[(initiative, name)]
                line += f" [{low:.6g}, {high:.6g}] ({self.level:.0%}, bootstrap)"
            lines.append(line)
        for row in self.rows():
            lines.append(
                f"  {row['indicator']}: observed {row['observed']:,.6g}, simulated "
                f"{row['simulated']:,.6g} ({row['gap']:+.2%})"
                + (
                    f", {len(self.series[row['indicator']])} months"
                    if row["indicator"] in self.series
                    else ""
                )
            )
        for code, k in self.dispersion.items():
            lines.append(f"  {code}: negative-binomial size k = {k:.4g}")
        return "\n".join(lines)


def nelder_mead(
    objective: Callable[[Floats], float],
    start: Floats,
    *,
    step: float = 0.5,
    max_evaluations: int = 300,
    tolerance: float = 1e-8,
) -> tuple[Floats, float, int, bool]:
    """Minimise ``objective`` from ``start`` with the Nelder-Mead simplex (numpy only).

    Returns ``(best point, best value, evaluations, converged)``; converged when the
    simplex's values differ by less than ``tolerance`` (absolute) and its points by less
    than ``tolerance ** 0.5``.
    """
    n = len(start)
    simplex = np.vstack([start] + [start + step * np.eye(n)[i] for i in range(n)])
    values = np.array([objective(x) for x in simplex])
    evaluations = n + 1
    while evaluations < max_evaluations:
        order = np.argsort(values, kind="stable")
        simplex, values = simplex[order], values[order]
        spread = float(np.max(np.abs(simplex[1:] - simplex[0]))) if n else 0.0
        if values[-1] - values[0] < tolerance and spread < math.sqrt(tolerance):
            return simplex[0], float(values[0]), evaluations, True
        centroid = simplex[:-1].mean(axis=0)
        reflected = centroid + (centroid - simplex[-1])
        fr = objective(reflected)
        evaluations += 1
        if values[0] <= fr < values[-2]:
            simplex[-1], values[-1] = reflected, fr
            continue
        if fr < values[0]:
            expanded = centroid + 2.0 * (centroid - simplex[-1])
            fe = objective(expanded)
            evaluations += 1
            simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
            continue
        contracted = centroid + 0.5 * ((reflected if fr < values[-1] else simplex[-1]) - centroid)
        fc = objective(contracted)
        evaluations += 1
        if fc < min(fr, values[-1]):
            simplex[-1], values[-1] = contracted, fc
            continue
        for i in range(1, n + 1):  # shrink towards the best point
            simplex[i] = simplex[0] + 0.5 * (simplex[i] - simplex[0])
            values[i] = objective(simplex[i])
            evaluations += 1
    best = int(np.argmin(values))
    return simplex[best], float(values[best]), evaluations, False


def calibrate(
    program: Program | str | Path,
    observed: Mapping[str, Observed],
    parameters: Sequence[ParameterName],
    *,
    app: "Vanguard | None" = None,
    replications: int = 2000,
    seed: int = 2006,
    weights: Mapping[str, float] | None = None,
    max_evaluations: int = 300,
    tolerance: float = 1e-10,
    executor: Executor | None = None,
    progress: ProgressOption = None,
    bootstrap: int = 0,
    level: float = 0.9,
    only_needed: bool = True,
    likelihood: str = "moments",
    dispersion: Mapping[str, float] | None = None,
) -> Fit:
    """Fit ``parameters`` so the simulated means match ``observed`` (by indicator code).

    ``observed`` maps each indicator code to its year-end total (a number, taken as exact,
    or a :class:`~vanguard.simulation.observations.ObservedTotal` with its standard error) or to a
    monthly :class:`~vanguard.simulation.observations.ObservedSeries` (see
    :func:`~vanguard.simulation.observations.observed_series`, which reads one from a
    reports file or a ledger). ``likelihood`` chooses the objective: ``"moments"`` (totals
    only), ``"poisson"`` or ``"negative-binomial"`` (counts; ``dispersion`` fixes the size
    ``k`` per code, otherwise it is profiled); see :mod:`vanguard.simulation.likelihood`.

    Each parameter is searched within its declared bounds, starting from the program's
    value (or the default). ``executor`` (any :class:`concurrent.futures.Executor`) runs
    each evaluation's chunks. ``progress`` shows a bar of the evaluations (each a
    simulation of ``replications``) and one of the bootstrap refits; see
    :mod:`vanguard.simulation.progress`.

    ``bootstrap`` refits (0: none) give each parameter an interval at ``level``
    (:attr:`Fit.intervals`, :meth:`Fit.estimate_rows`). Each refit fits a synthetic year
    drawn from the fitted model: under ``"moments"`` one replication's totals (plus the
    measurement noise of a total with an ``sd``); under a count likelihood each count drawn
    from that likelihood at the fitted means. ``only_needed`` (the default)
    simulates only the initiatives producing the observed figures and those feeding them:
    the fit is the same, bit for bit, as with ``only_needed=False`` (the whole program).

    :raises ProgramError: naming the place: an unknown initiative, parameter or observed
        indicator, a figure that is not finite, a month the program does not run, a
        series under the moments objective, and a fit that is not identified (more
        parameters than observed figures, each month of a series counting as one, a
        parameter no observed figure depends on, or a flat direction of the figures'
        Jacobian at the start), naming the parameters.
    """
    from vanguard.app import Vanguard

    app = app or Vanguard()
    if not isinstance(program, Program):
        program = app.load_program(program)
    if not parameters:
        raise VanguardError("calibrate: name at least one (initiative, parameter) to fit")
    if bootstrap < 0 or not 0.0 < level < 1.0:
        raise VanguardError(
            f"calibrate: bootstrap must be >= 0 and level in (0, 1), got {bootstrap}, {level}"
        )
    observations = normalised(observed)
    initiatives = app.initiatives()
    indicators = {**app.indicators(), **{i.code: i for i in program.indicators}}
    uses = {use.name: use for use in program.initiatives}
    problems, lower, upper, start, whole = [], [], [], [], []
    for initiative, name in parameters:
        found = initiatives.get(initiative)
        if found is None or initiative not in uses:
            problems.append(
                Problem(f"parameters: {initiative}", "the program runs no such initiative")
            )
            continue
        try:
            parameter = found.parameter(name)
        except KeyError:
            problems.append(Problem(f"parameters: {initiative}.{name}", "no such parameter"))
            continue
        lower.append(parameter.lower)
        upper.append(parameter.upper)
        whole.append(parameter.integer)
        start.append(float(uses[initiative].parameters.get(name, parameter.default)))
    base = build_plan(program, initiatives, indicators) if not problems else None
    simulated_codes = {s.code for s in base.series} if base else set()
    for code in observations:
        if code not in simulated_codes:
            problems.append(Problem(f"observed: {code}", "the program does not simulate it"))
    if problems:
        raise ProgramError(problems)
    assert base is not None
    targets = targets_of(observations, base.period_labels, likelihood)
    problems.extend(count_problems(parameters, list(targets.labels)))
    if problems:
        raise ProgramError(problems)
    needed = needed_initiatives(base, set(observations))
    unfed = unfed_problems(parameters, needed)
    if unfed:
        raise ProgramError(unfed)
    kept = needed if only_needed else frozenset(step.name for step in base.steps)
    lo, hi = np.array(lower), np.array(upper)
    codes = list(observations)
    weight = np.array([(weights or {}).get(code, 1.0) for code in targets.codes])
    scale = targets.scale
    given = dict(dispersion or {})
    provenance = record(base, seed, replications, 1024)

    def values_of(x: Floats) -> Floats:
        values: Floats = lo + (hi - lo) / (1.0 + np.exp(-x))
        return values

    def to_x(values: Sequence[float] | Floats) -> Floats:
        share = np.clip((np.array(values) - lo) / (hi - lo), 1e-6, 1 - 1e-6)
        logit: Floats = np.log(share / (1 - share))
        return logit

    def plan_at(values: Floats) -> Plan:
        overrides: dict[str, dict[str, float]] = {}
        for (initiative, name), value, integer in zip(parameters, values, whole, strict=True):
            # an integer parameter runs with the nearest whole value the search reached
            overrides.setdefault(initiative, {})[name] = float(round(value) if integer else value)
        plan = build_plan(program, initiatives, indicators, overrides)
        return needed_plan(plan, set(observations)) if only_needed else plan

    def figures(values: Floats) -> Floats:
        plan = plan_at(values)
        tally = execute(plan, seed, replications, executor=executor)
        return targets.simulated(SimulationResult(plan, tally, provenance))

    start_values = np.array(start)
    problems = flat_problems(
        parameters, start_values, steps_for(start_values, lo, hi, whole), figures, scale
    )
    if problems:
        raise ProgramError(problems)

    def search(
        target: Floats, origin: Floats, advance: Callable[[int], object] | None
    ) -> tuple[Floats, float, int, bool]:
        seen = attrs.evolve(targets, values=target)

        def cost(x: Floats) -> float:
            found = objective(likelihood, seen, figures(values_of(x)), weight, given)
            if advance is not None:
                advance(1)
            return found

        return nelder_mead(cost, origin, max_evaluations=max_evaluations, tolerance=tolerance)

    target = targets.values
    with progress_for(progress, max_evaluations + 1, "calibrating", unit="runs") as advance:
        best, value, evaluations, converged = search(target, to_x(start), advance)
        fitted = values_of(best)
        final = figures(fitted)
        if advance is not None:
            advance(1)
    intervals: dict[ParameterName, tuple[float, float]] = {}
    draws: dict[ParameterName, tuple[float, ...]] = {}
    found_dispersion = (
        fitted_dispersion(targets, final, given) if likelihood == "negative-binomial" else {}
    )
    if bootstrap:
        years = _synthetic_observations(
            likelihood, targets, final, found_dispersion, plan_at(fitted), seed, bootstrap, executor
        )
        refits = np.empty((bootstrap, len(parameters)))
        with progress_for(progress, bootstrap, "bootstrapping", unit="refits") as advance:
            for b in range(bootstrap):
                refits[b] = values_of(search(years[b], best, None)[0])
                if advance is not None:
                    advance(1)
        tail = (1.0 - level) / 2.0
        for j, key in enumerate(parameters):
            low, high = np.quantile(refits[:, j], [tail, 1.0 - tail])
            intervals[key] = (float(low), float(high))
            draws[key] = tuple(float(v) for v in refits[:, j])
    element_codes = np.array(targets.codes)
    return Fit(
        parameters={p: float(v) for p, v in zip(parameters, fitted, strict=True)},
        start=dict(zip(parameters, start, strict=True)),
        observed={code: _observed_total(item) for code, item in observations.items()},
        simulated={code: math.fsum(final[element_codes == code]) for code in codes},
        objective=value,
        evaluations=evaluations,
        converged=converged,
        replications=replications,
        seed=seed,
        intervals=intervals,
        draws=draws,
        level=level,
        simulated_initiatives=tuple(step.name for step in base.steps if step.name in kept),
        likelihood=likelihood,
        dispersion=found_dispersion,
        observations=observations,
        series={
            code: tuple(
                (month, count, float(mean))
                for month, count, mean in zip(
                    item.periods, item.values, final[element_codes == code], strict=True
                )
            )
            for code, item in observations.items()
            if isinstance(item, ObservedSeries)
        },
    )


def _observed_total(item: ObservedTotal | ObservedSeries) -> float:
    return item.value if isinstance(item, ObservedTotal) else item.total


def _synthetic_observations(
    likelihood: str,
    targets: Targets,
    fitted: Floats,
    dispersion: Mapping[str, float],
    plan: Plan,
    seed: int,
    years: int,
    executor: Executor | None,
) -> Floats:
    """``(years, elements)`` synthetic observations for the bootstrap (see
    :func:`calibrate`), drawn on seeds spawned from ``seed``: never the fit's own draws."""
    # child 0 seeds the synthetic replications (as before series existed), child 1 the
    # observation noise: neither shares draws with the fit's own evaluations
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[1])
    if likelihood != "moments":
        return synthetic_counts(likelihood, targets, fitted, dispersion, rng, years)
    drawn = _synthetic_years(plan, list(targets.codes), seed, years, executor)
    stated = ~np.isnan(targets.sd)
    if stated.any():  # the measurement noise of totals stated with their standard error
        drawn[:, stated] += rng.normal(0.0, targets.sd[stated], size=(years, int(stated.sum())))
    return drawn


def _synthetic_years(
    plan: Plan, codes: Sequence[str], seed: int, years: int, executor: Executor | None
) -> Floats:
    """``years`` synthetic observed years from ``plan`` (the fitted model): each one
    replication's year-end all-units totals of ``codes``, on a seed spawned from ``seed``
    so the synthetic years share no draws with the fit's own evaluations."""
    (child,) = np.random.SeedSequence(seed).spawn(1)
    synthetic_seed = int(child.generate_state(1)[0])
    options = Options(collect=tuple(codes))
    tally = execute(plan, synthetic_seed, years, executor=executor, options=options)
    result = SimulationResult(plan, tally, record(plan, synthetic_seed, years, 1024), tuple(codes))
    return np.column_stack([result.values(code) for code in codes])


__all__ = ["Fit", "ParameterName", "calibrate", "nelder_mead"]
