"""Monte Carlo simulation of whole programs: many replications, reproducible, reduced as it goes.

Start with :func:`simulate`; compare levers with :func:`compare`; fit parameters with
:func:`calibrate`; rank parameters with :func:`sobol`. See the reference page
``docs/reference/simulation.md``.
"""

from vanguard.simulation.engine import ModelError, Options
from vanguard.simulation.executors import ChunkError
from vanguard.simulation.plan import Plan, build_plan
from vanguard.simulation.provenance import Provenance
from vanguard.simulation.results import TOTAL, SimulationResult, read_provenance
from vanguard.simulation.scenarios import Comparison, Lever, Scenario, compare, load_scenario
from vanguard.simulation.simulate import simulate
from vanguard.simulation.streams import BLOCK_SIZE

__all__ = [
    "BLOCK_SIZE",
    "TOTAL",
    "ChunkError",
    "Comparison",
    "Lever",
    "ModelError",
    "Options",
    "Plan",
    "Provenance",
    "Scenario",
    "SimulationResult",
    "build_plan",
    "compare",
    "load_scenario",
    "read_provenance",
    "simulate",
]
