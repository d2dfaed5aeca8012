"""vanguard: model campaign programs and their evaluation, and simulate their outcomes.

The public API is what this module exports (see ``__all__``); everything else is private
and may change without notice.
"""

from typing import TYPE_CHECKING, Any

from vanguard.app import Vanguard, dump_program, load_program
from vanguard.chain.chains import Accountability, Chains
from vanguard.chain.split import ByCapacity, ByWeight, Even, split_pledge, split_value
from vanguard.ledger import (
    Discrepancy,
    Entry,
    LedgerBusyError,
    LedgerConflictError,
    LedgerError,
    Verification,
)
from vanguard.limits import Limits
from vanguard.model.appraisal import Appraisal
from vanguard.model.assignment import Assignment, SpreadKind, UnitSpread
from vanguard.model.cycle import Cadence, Occurrence, Product, ReviewCycle, Weekday
from vanguard.model.indicator import AT_PLEDGE, Aggregation, Direction, Indicator
from vanguard.model.label import Label, label
from vanguard.model.letter import Letter, LetterKind, Pledge, Revision
from vanguard.model.organisation import Post, Unit
from vanguard.model.program import (
    Campaign,
    ChainRules,
    CleanGovernment,
    InitiativeUse,
    KeyTask,
    Pillar,
    Program,
    ReportedFigure,
)
from vanguard.model.target import Milestone, Target
from vanguard.plugins.errors import PluginConflictError, PluginError
from vanguard.plugins.initiative import (
    Array,
    Initiative,
    InitiativeModel,
    Parameter,
    Prior,
    StepContext,
)
from vanguard.plugins.markers import hookimpl
from vanguard.plugins.status import PluginStatus
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.review import (
    Actuals,
    Bulletin,
    Evaluation,
    EvaluationArrays,
    Finding,
    Report,
    Review,
    check_reports,
    evaluate,
    evaluate_many,
    explain,
    publish_bulletin,
    rank_programs,
    read_reports,
    review_axes,
)
from vanguard.simulation import (
    Comparison,
    Lever,
    Scenario,
    SimulationResult,
    calibrate,
    compare,
    simulate,
    sobol,
    suggest_targets,
)
from vanguard.validation import validate_program

if TYPE_CHECKING:
    from vanguard.ledger.store import Ledger

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Ledger loads SQLAlchemy; importing it only on first use keeps `import vanguard` light.
    if name == "Ledger":
        from vanguard.ledger.store import Ledger

        return Ledger
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AT_PLEDGE",
    "Accountability",
    "Actuals",
    "Aggregation",
    "Appraisal",
    "Array",
    "Assignment",
    "Bulletin",
    "ByCapacity",
    "ByWeight",
    "Cadence",
    "Campaign",
    "ChainRules",
    "Chains",
    "CleanGovernment",
    "Comparison",
    "Direction",
    "Discrepancy",
    "Entry",
    "Evaluation",
    "EvaluationArrays",
    "Even",
    "Finding",
    "Indicator",
    "Initiative",
    "InitiativeModel",
    "InitiativeUse",
    "KeyTask",
    "Label",
    "Ledger",
    "LedgerBusyError",
    "LedgerConflictError",
    "LedgerError",
    "Letter",
    "LetterKind",
    "Lever",
    "Limits",
    "Milestone",
    "Occurrence",
    "Parameter",
    "Pillar",
    "Pledge",
    "PluginConflictError",
    "PluginError",
    "PluginStatus",
    "Post",
    "Prior",
    "Problem",
    "Product",
    "Program",
    "ProgramError",
    "Report",
    "ReportedFigure",
    "Review",
    "ReviewCycle",
    "Revision",
    "Scenario",
    "SimulationResult",
    "SpreadKind",
    "StepContext",
    "Target",
    "Unit",
    "UnitSpread",
    "Vanguard",
    "VanguardError",
    "Verification",
    "Weekday",
    "__version__",
    "calibrate",
    "check_reports",
    "compare",
    "dump_program",
    "evaluate",
    "evaluate_many",
    "explain",
    "hookimpl",
    "label",
    "load_program",
    "publish_bulletin",
    "rank_programs",
    "read_reports",
    "review_axes",
    "simulate",
    "sobol",
    "split_pledge",
    "split_value",
    "suggest_targets",
    "validate_program",
]
