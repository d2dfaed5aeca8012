"""Global sensitivity analysis: Sobol indices of outcomes to chosen parameters (SALib).

SALib is optional (the ``sensitivity`` extra). Parameter sets come from SALib's Sobol'
sampler over each parameter's bounds (its uniform prior when it has one, else its declared
``lower``..``upper``); each set runs ``replications_per_sample`` replications (their
year-end totals averaged), all inside one reproducible simulation whose replications carry
their own parameter values.
"""

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.simulation.calibration import ParameterName
from vanguard.simulation.progress import ProgressOption, progress_for
from vanguard.simulation.simulate import simulate
from vanguard.simulation.tally import Floats

if TYPE_CHECKING:
    from vanguard.app import Vanguard


@attrs.frozen
class Indices:
    """Sobol indices of one outcome: first order ``first`` and total ``total`` per parameter,
    with their bootstrap confidence half-widths."""

    outcome: str
    parameters: tuple[ParameterName, ...]
    first: Floats
    first_conf: Floats
    total: Floats
    total_conf: Floats


@attrs.frozen
class Sensitivity:
    """Sobol indices per outcome; :meth:`rows` as plain data."""

    indices: Mapping[str, Indices]
    samples: int
    replications_per_sample: int
    seed: int

    def rows(self) -> list[dict[str, Any]]:
        """One row per outcome and parameter: S1, S1 conf, ST, ST conf."""
        return [
            {
                "outcome": code,
                "parameter": f"{p[0]}.{p[1]}",
                "S1": float(ix.first[i]),
                "S1_conf": float(ix.first_conf[i]),
                "ST": float(ix.total[i]),
                "ST_conf": float(ix.total_conf[i]),
            }
            for code, ix in self.indices.items()
            for i, p in enumerate(ix.parameters)
        ]


def _salib() -> tuple[Any, Any]:
    try:
        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample
    except ImportError:
        raise VanguardError(
            "Sobol analysis needs SALib: pip install 'vanguard-campaigns[sensitivity]'"
        ) from None
    return sample, analyze


def sobol(
    program: Program | str | Path,
    parameters: Sequence[ParameterName],
    outcomes: Sequence[str],
    *,
    app: "Vanguard | None" = None,
    samples: int = 256,
    replications_per_sample: int = 1,
    seed: int = 2006,
    bounds: Mapping[ParameterName, tuple[float, float]] | None = None,
    executor: Executor | None = None,
    progress: ProgressOption = None,
) -> Sensitivity:
    """Sobol indices of each outcome's year-end total to ``parameters``.

    ``samples`` is SALib's base sample size N (a power of two); the run simulates
    ``N * (D + 2) * replications_per_sample`` replications for D parameters. ``progress``
    shows a bar of those replications; see :mod:`vanguard.simulation.progress`.
    """
    sample, analyze = _salib()
    from vanguard.app import Vanguard

    app = app or Vanguard()
    if not isinstance(program, Program):
        program = app.load_program(program)
    initiatives = app.initiatives()
    ranges = []
    problems = []
    for initiative, name in parameters:
        given = (bounds or {}).get((initiative, name))
        found = initiatives.get(initiative)
        if found is None:
            problems.append(Problem(f"parameters: {initiative}", "no such initiative"))
            continue
        try:
            parameter = found.parameter(name)
        except KeyError:
            problems.append(Problem(f"parameters: {initiative}.{name}", "no such parameter"))
            continue
        if given is None:
            prior = parameter.prior
            if prior is not None and prior.distribution == "uniform":
                given = (prior.a, prior.b)
            else:
                given = (parameter.lower, parameter.upper)
        ranges.append([float(given[0]), float(given[1])])
    if problems:
        raise ProgramError(problems)
    problem = {
        "num_vars": len(parameters),
        "names": [f"{i}.{n}" for i, n in parameters],
        "bounds": ranges,
    }
    points = sample.sample(problem, samples, calc_second_order=False, seed=seed)
    per = replications_per_sample
    variation = {p: np.repeat(points[:, j], per) for j, p in enumerate(parameters)}
    total = len(points) * per
    with progress_for(progress, total, "sensitivity runs") as advance:
        result = simulate(
            program,
            total,
            seed,
            app=app,
            collect=tuple(outcomes),
            variation=variation,
            executor=executor,
            progress=advance,
        )
    indices = {}
    for code in outcomes:
        y = result.values(code).reshape(len(points), per).mean(axis=1)
        found_ix = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
        indices[code] = Indices(
            code,
            tuple(parameters),
            np.asarray(found_ix["S1"]),
            np.asarray(found_ix["S1_conf"]),
            np.asarray(found_ix["ST"]),
            np.asarray(found_ix["ST_conf"]),
        )
    return Sensitivity(indices, samples, per, seed)


__all__ = ["Indices", "Sensitivity", "sobol"]
