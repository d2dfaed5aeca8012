"""Calibration: fit chosen parameters so simulated totals match observed ones.

Method of simulated moments: the objective is the weighted sum of squared relative gaps
between each observed year-end total and its simulated mean. Every evaluation reuses the
same seed (common random numbers), so the objective is a deterministic function of the
parameters and a derivative-free simplex search (Nelder-Mead, numpy only, in a logit
transform of each parameter's bounds) converges on it.
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
from vanguard.simulation.executors import execute
from vanguard.simulation.plan import build_plan
from vanguard.simulation.progress import ProgressOption, progress_for
from vanguard.simulation.provenance import record
from vanguard.simulation.results import SimulationResult
from vanguard.simulation.tally import Floats

if TYPE_CHECKING:
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

    def rows(self) -> list[dict[str, Any]]:
        """One row per observed total: observed, simulated mean, relative gap."""
        return [
            {
                "indicator": code,
                "observed": value,
                "simulated": self.simulated[code],
                "gap": (self.simulated[code] - value) / value if value else math.nan,
            }
            for code, value in self.observed.items()
        ]

    def __str__(self) -> str:
        lines = [
            f"calibration ({'converged' if self.converged else 'NOT converged'} after "
            f"{self.evaluations} evaluations, objective {self.objective:.3g}):"
        ]
        for (initiative, name), value in self.parameters.items():
            before = self.start[(initiative, name)]
            lines.append(f"  {initiative}.{name}: {before:g} -> {value:.6g}")
        for row in self.rows():
            lines.append(
                f"  {row['indicator']}: observed {row['observed']:,.6g}, simulated "
                f"{row['simulated']:,.6g} ({row['gap']:+.2%})"
            )
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
    observed: Mapping[str, float],
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
) -> Fit:
    """Fit ``parameters`` so the mean year-end totals match ``observed`` (by indicator code).

    Each parameter is searched within its declared bounds, starting from the program's
    value (or the default). Use at least as many observed totals as parameters.
    ``executor`` (any :class:`concurrent.futures.Executor`) runs each evaluation's chunks.
    ``progress`` shows a bar of the evaluations (each a simulation of ``replications``) out
    of at most ``max_evaluations + 1``; see :mod:`vanguard.simulation.progress`.
    """
    from vanguard.app import Vanguard

    app = app or Vanguard()
    if not isinstance(program, Program):
        program = app.load_program(program)
    if not parameters:
        raise VanguardError("calibrate: name at least one (initiative, parameter) to fit")
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
    for code, value in observed.items():
        if code not in simulated_codes:
            problems.append(Problem(f"observed: {code}", "the program does not simulate it"))
        elif not math.isfinite(value):
            problems.append(Problem(f"observed: {code}", "must be a finite number"))
    if problems:
        raise ProgramError(problems)
    lo, hi = np.array(lower), np.array(upper)
    weight = {code: (weights or {}).get(code, 1.0) for code in observed}

    def values_of(x: Floats) -> Floats:
        values: Floats = lo + (hi - lo) / (1.0 + np.exp(-x))
        return values

    def to_x(values: Sequence[float]) -> Floats:
        share = np.clip((np.array(values) - lo) / (hi - lo), 1e-6, 1 - 1e-6)
        logit: Floats = np.log(share / (1 - share))
        return logit

    def run(values: Floats) -> SimulationResult:
        overrides: dict[str, dict[str, float]] = {}
        for (initiative, name), value, integer in zip(parameters, values, whole, strict=True):
            # an integer parameter runs with the nearest whole value the search reached
            overrides.setdefault(initiative, {})[name] = float(round(value) if integer else value)
        plan = build_plan(program, initiatives, indicators, overrides)
        tally = execute(plan, seed, replications, executor=executor)
        return SimulationResult(plan, tally, provenance)

    assert base is not None
    provenance = record(base, seed, replications, 1024)

    def objective(x: Floats) -> float:
        result = run(values_of(x))
        return sum(
            weight[code] * ((result.mean(code) - value) / (abs(value) or 1.0)) ** 2
            for code, value in observed.items()
        )

    with progress_for(progress, max_evaluations + 1, "calibrating", unit="runs") as advance:

        def counted(x: Floats) -> float:
            found = objective(x)
            if advance is not None:
                advance(1)
            return found

        best, value, evaluations, converged = nelder_mead(
            counted, to_x(start), max_evaluations=max_evaluations, tolerance=tolerance
        )
        fitted = values_of(best)
        final = run(fitted)
        if advance is not None:
            advance(1)
    return Fit(
        parameters={p: float(v) for p, v in zip(parameters, fitted, strict=True)},
        start=dict(zip(parameters, start, strict=True)),
        observed=dict(observed),
        simulated={code: final.mean(code) for code in observed},
        objective=value,
        evaluations=evaluations,
        converged=converged,
        replications=replications,
        seed=seed,
    )


__all__ = ["Fit", "ParameterName", "calibrate", "nelder_mead"]
