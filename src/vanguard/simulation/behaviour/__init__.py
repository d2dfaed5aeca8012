"""Behaviour under targets: posts that respond to the rules (off unless declared).

Declare a :class:`Behaviour` (in Python or a behaviour file, :func:`load_behaviour`), pass
it to ``vanguard.simulate(..., behaviour=...)``, and read true against reported values
with :func:`behaviour_rows`, :func:`bunching` and :func:`mean_effort`. The model and its
assumptions: ``docs/explanation/behaviour.md``.
"""

from vanguard.simulation.behaviour.declaration import (
    Audits,
    Behaviour,
    Payoff,
    Penalty,
    load_behaviour,
)
from vanguard.simulation.behaviour.response import Response, prepare
from vanguard.simulation.behaviour.summary import (
    behaviour_rows,
    bunching,
    mean_effort,
    ratio_histogram,
)

__all__ = [
    "Audits",
    "Behaviour",
    "Payoff",
    "Penalty",
    "Response",
    "behaviour_rows",
    "bunching",
    "load_behaviour",
    "mean_effort",
    "prepare",
    "ratio_histogram",
]
