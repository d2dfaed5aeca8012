"""Whether a calibration is identified: can the observed figures pin down every parameter?

Two ways a fit is not identified, both refused before any search (a simplex on such an
objective "converges" somewhere on a ridge and silently moves parameters nothing observed
constrains):

- more free parameters than independent observed figures;
- a flat direction: the Jacobian of the observed figures with respect to the parameters
  (finite differences under common random numbers, each column scaled to unit length so
  the parameters' scales do not matter) has numerical rank below the number of parameters.
  A parameter whose initiative feeds no observed figure is the plainest case (its column is
  zero); two parameters that only move the figures through their product are another.
"""

from collections.abc import Callable, Sequence

import numpy as np

from vanguard.problems import Problem
from vanguard.simulation.tally import Floats

FLAT = 0.05
"""Smallest singular value of the column-scaled Jacobian, relative to its largest, below
which a direction counts as flat (well above the noise of common-random-number differences
at the relative step :data:`STEP`, well below any real trade-off between parameters)."""

STEP = 0.1
"""Relative finite-difference step (of a parameter's value, at least 1 % of its range)."""


def _names(parameters: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{initiative}.{name}" for initiative, name in parameters)


def count_problems(parameters: Sequence[tuple[str, str]], observed: Sequence[str]) -> list[Problem]:
    """A problem when ``parameters`` outnumber the ``observed`` figures."""
    if len(parameters) <= len(observed):
        return []
    return [
        Problem(
            f"parameters: {_names(parameters)}",
            f"{len(parameters)} free parameters against {len(observed)} observed figures "
            f"({', '.join(observed)}): the fit is not identified; fix "
            f"{len(parameters) - len(observed)} of them at known values or observe more",
        )
    ]


def unfed_problems(parameters: Sequence[tuple[str, str]], needed: frozenset[str]) -> list[Problem]:
    """A problem naming each parameter whose initiative feeds no observed figure."""
    return [
        Problem(
            f"parameters: {initiative}.{name}",
            "no observed figure depends on this initiative: nothing identifies it",
        )
        for initiative, name in parameters
        if initiative not in needed
    ]


def steps_for(values: Floats, lower: Floats, upper: Floats, whole: Sequence[bool]) -> Floats:
    """Finite-difference steps: :data:`STEP` of each value (at least 1 % of its range, a
    whole step for integer parameters), pointing inwards when the upper bound is near."""
    size = np.maximum(STEP * np.abs(values), 0.01 * (upper - lower))
    size = np.where(np.asarray(whole), np.maximum(np.round(size), 1.0), size)
    step: Floats = np.where(values + size > upper, -size, size)
    return step


def flat_problems(
    parameters: Sequence[tuple[str, str]],
    values: Floats,
    steps: Floats,
    figures: Callable[[Floats], Floats],
    scale: Floats,
) -> list[Problem]:
    """Problems naming the parameters along each flat direction of the Jacobian.

    ``figures(values)`` gives the simulated observed figures (the same random numbers
    each call); ``scale`` divides them (the observed values) so each row is relative.
    """
    base = figures(values) / scale
    columns = []
    for j in range(len(values)):
        moved = values.copy()
        moved[j] += steps[j]
        # each column is scaled to unit length below, so its own step size drops out
        columns.append(figures(moved) / scale - base)
    jacobian = np.column_stack(columns)
    norms = np.linalg.norm(jacobian, axis=0)
    zero = [p for p, n in zip(parameters, norms, strict=True) if not n > 0]
    if zero:
        return [
            Problem(
                f"parameters: {_names(zero)}",
                "no observed figure moves with these parameters (a flat direction): "
                "the fit is not identified",
            )
        ]
    _, singular, right = np.linalg.svd(jacobian / norms, full_matrices=False)
    problems = []
    for k in np.flatnonzero(singular < FLAT * singular[0]):
        direction = right[k]
        involved = [p for p, w in zip(parameters, direction, strict=True) if abs(w) > 0.2]
        problems.append(
            Problem(
                f"parameters: {_names(involved)}",
                "the observed figures do not tell these parameters apart (a flat direction "
                f"of the Jacobian, relative singular value {singular[k] / singular[0]:.2g}): "
                "the fit is not identified; fix all but one of them or observe a figure "
                "that moves them differently",
            )
        )
    return problems


__all__ = ["FLAT", "STEP", "count_problems", "flat_problems", "steps_for", "unfed_problems"]
