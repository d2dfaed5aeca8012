"""Monte Carlo simulation of whole programs: many replications, reproducible, reduced as it goes.

Start with :func:`simulate`; compare levers with :func:`compare`; fit parameters with
:func:`calibrate` (to totals, or to monthly series read by :func:`observed_series`);
rank parameters with :func:`sobol`. See the reference page
``docs/reference/simulation.md``.
"""

from vanguard.simulation.calibration import Fit, calibrate
from vanguard.simulation.differences import differences, met_differences
from vanguard.simulation.engine import ModelError, Options
from vanguard.simulation.executors import ChunkError
from vanguard.simulation.observations import ObservedSeries, ObservedTotal, observed_series
from vanguard.simulation.outcome_tables import Outcomes
from vanguard.simulation.plan import Plan, build_plan
from vanguard.simulation.provenance import Provenance
from vanguard.simulation.results import TOTAL, SimulationResult, read_provenance
from vanguard.simulation.scenarios import Comparison, Lever, Scenario, compare, load_scenario
from vanguard.simulation.sensitivity import Sensitivity, sobol
from vanguard.simulation.simulate import simulate
from vanguard.simulation.streams import BLOCK_SIZE
from vanguard.simulation.targets import suggest_targets

__all__ = [
    "BLOCK_SIZE",
    "TOTAL",
    "ChunkError",
    "Comparison",
    "Fit",
    "Lever",
    "ModelError",
    "ObservedSeries",
    "ObservedTotal",
    "Options",
    "Outcomes",
    "Plan",
    "Provenance",
    "Scenario",
    "Sensitivity",
    "SimulationResult",
    "build_plan",
    "calibrate",
    "compare",
    "differences",
    "load_scenario",
    "met_differences",
    "observed_series",
    "read_provenance",
    "simulate",
    "sobol",
    "suggest_targets",
]
