"""Audits: which inflated reports are found, drawn once per block from the run's own stream.

Every post and task gets its two uniform draws (audited? detected when audited?) whether
or not it inflated and whatever the audit probability, so runs that differ only in their
audit rules see the same draws (common random numbers): raising an audit probability
can only find more, never fewer.
"""

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.simulation.behaviour.declaration import Audits
from vanguard.simulation.streams import block_generator

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

STREAM = "behaviour:audits"
"""The name of the random stream audits draw from (initiative names have no colon)."""


def audit_probabilities(audits: Audits, tasks: tuple[str, ...], posts: int) -> Floats:
    """The probability each task's report is audited in a year ``(K,)``.

    A ``capacity`` of audits a year is shared evenly over all ``posts`` acting posts.
    """
    if audits.capacity is not None:
        share = min(1.0, audits.capacity / posts) if posts else 0.0
        return np.full(len(tasks), share)
    return np.array([audits.probability.get(code, audits.default) for code in tasks])


@attrs.frozen(eq=False)
class Inspection:
    """One year's audits of one initiative's posts: ``audited`` ``(R, A, K)``, ``detected``
    ``(R, A)`` (an inflated report was found)."""

    audited: Bools
    detected: Bools


def inspect(draws: Floats, probability: Floats, detection: float, inflation: Floats) -> Inspection:
    """Audit (uniform ``draws`` ``(2, R, A, K)``) posts inflating by ``inflation`` ``(R, A)``."""
    audited = draws[0] < probability
    found = audited & (draws[1] < detection)
    detected = (inflation > 0.0) & found.any(axis=2)
    return Inspection(audited, detected)


def audit_stream(seed: int, block: int) -> np.random.Generator:
    """The generator audits of block ``block`` draw from (see :data:`STREAM`)."""
    return block_generator(seed, block, STREAM)


__all__ = ["STREAM", "Inspection", "audit_probabilities", "audit_stream", "inspect"]
