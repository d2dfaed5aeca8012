"""vanguard: model campaign programs and their evaluation, and simulate their outcomes.

The public API is what this module exports (see ``__all__``); everything else is private
and may change without notice.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # What the lazy table below provides, for type checkers and editors.
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
    from vanguard.ledger.store import Ledger
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
    from vanguard.model.study import Attendance, StudyRecords
    from vanguard.model.target import Baseline, Milestone, Target
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
        publish_bulletin,
        rank_programs,
        read_reports,
        review_axes,
    )
    from vanguard.review.campaign import AgencyStanding, CampaignBulletin, rank_campaign
    from vanguard.review.explain import explain
    from vanguard.review.study import import_attendance, stored_study
    from vanguard.simulation import (
        Comparison,
        Lever,
        ObservedSeries,
        ObservedTotal,
        Scenario,
        SimulationResult,
        calibrate,
        compare,
        observed_series,
        sobol,
        suggest_targets,
    )
    from vanguard.simulation.simulate import simulate
    from vanguard.validation import validate_program

__version__ = "0.1.0"

_WHERE: dict[str, str] = {
    "AT_PLEDGE": "vanguard.model.indicator",
    "Accountability": "vanguard.chain.chains",
    "Actuals": "vanguard.review",
    "Aggregation": "vanguard.model.indicator",
    "Appraisal": "vanguard.model.appraisal",
    "Array": "vanguard.plugins.initiative",
    "Assignment": "vanguard.model.assignment",
    "AgencyStanding": "vanguard.review.campaign",
    "Baseline": "vanguard.model.target",
    "Attendance": "vanguard.model.study",
    "Bulletin": "vanguard.review",
    "ByCapacity": "vanguard.chain.split",
    "ByWeight": "vanguard.chain.split",
    "Cadence": "vanguard.model.cycle",
    "Campaign": "vanguard.model.program",
    "CampaignBulletin": "vanguard.review.campaign",
    "ChainRules": "vanguard.model.program",
    "Chains": "vanguard.chain.chains",
    "CleanGovernment": "vanguard.model.program",
    "Comparison": "vanguard.simulation",
    "Direction": "vanguard.model.indicator",
    "Discrepancy": "vanguard.ledger",
    "Entry": "vanguard.ledger",
    "Evaluation": "vanguard.review",
    "EvaluationArrays": "vanguard.review",
    "Even": "vanguard.chain.split",
    "Finding": "vanguard.review",
    "Indicator": "vanguard.model.indicator",
    "Initiative": "vanguard.plugins.initiative",
    "InitiativeModel": "vanguard.plugins.initiative",
    "InitiativeUse": "vanguard.model.program",
    "KeyTask": "vanguard.model.program",
    "Label": "vanguard.model.label",
    "Ledger": "vanguard.ledger.store",
    "LedgerBusyError": "vanguard.ledger",
    "LedgerConflictError": "vanguard.ledger",
    "LedgerError": "vanguard.ledger",
    "Letter": "vanguard.model.letter",
    "LetterKind": "vanguard.model.letter",
    "Lever": "vanguard.simulation",
    "Limits": "vanguard.limits",
    "Milestone": "vanguard.model.target",
    "Occurrence": "vanguard.model.cycle",
    "Parameter": "vanguard.plugins.initiative",
    "Pillar": "vanguard.model.program",
    "Pledge": "vanguard.model.letter",
    "PluginConflictError": "vanguard.plugins.errors",
    "PluginError": "vanguard.plugins.errors",
    "PluginStatus": "vanguard.plugins.status",
    "Post": "vanguard.model.organisation",
    "Prior": "vanguard.plugins.initiative",
    "Problem": "vanguard.problems",
    "Product": "vanguard.model.cycle",
    "Program": "vanguard.model.program",
    "ProgramError": "vanguard.problems",
    "Report": "vanguard.review",
    "ReportedFigure": "vanguard.model.program",
    "ObservedSeries": "vanguard.simulation",
    "ObservedTotal": "vanguard.simulation",
    "Review": "vanguard.review",
    "ReviewCycle": "vanguard.model.cycle",
    "Revision": "vanguard.model.letter",
    "Scenario": "vanguard.simulation",
    "SimulationResult": "vanguard.simulation",
    "SpreadKind": "vanguard.model.assignment",
    "StepContext": "vanguard.plugins.initiative",
    "StudyRecords": "vanguard.model.study",
    "Target": "vanguard.model.target",
    "Unit": "vanguard.model.organisation",
    "UnitSpread": "vanguard.model.assignment",
    "Vanguard": "vanguard.app",
    "VanguardError": "vanguard.problems",
    "Verification": "vanguard.ledger",
    "Weekday": "vanguard.model.cycle",
    "calibrate": "vanguard.simulation",
    "check_reports": "vanguard.review",
    "compare": "vanguard.simulation",
    "dump_program": "vanguard.app",
    "evaluate": "vanguard.review",
    "evaluate_many": "vanguard.review",
    "observed_series": "vanguard.simulation",
    "explain": "vanguard.review",
    "hookimpl": "vanguard.plugins.markers",
    "import_attendance": "vanguard.review.study",
    "label": "vanguard.model.label",
    "load_program": "vanguard.app",
    "publish_bulletin": "vanguard.review",
    "rank_campaign": "vanguard.review.campaign",
    "rank_programs": "vanguard.review",
    "read_reports": "vanguard.review",
    "review_axes": "vanguard.review",
    "simulate": "vanguard.simulation",
    "sobol": "vanguard.simulation",
    "split_pledge": "vanguard.chain.split",
    "split_value": "vanguard.chain.split",
    "stored_study": "vanguard.review.study",
    "suggest_targets": "vanguard.simulation",
    "validate_program": "vanguard.validation",
}
"""Where each public name lives: imported on first use, so ``import vanguard`` (and the
command line's ``--version`` and ``--help``) does not load numpy, SQLAlchemy or pandas."""


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "AT_PLEDGE",
    "Accountability",
    "Actuals",
    "AgencyStanding",
    "Aggregation",
    "Appraisal",
    "Array",
    "Assignment",
    "Attendance",
    "Baseline",
    "Bulletin",
    "ByCapacity",
    "ByWeight",
    "Cadence",
    "Campaign",
    "CampaignBulletin",
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
    "ObservedSeries",
    "ObservedTotal",
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
    "StudyRecords",
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
    "import_attendance",
    "label",
    "load_program",
    "observed_series",
    "publish_bulletin",
    "rank_campaign",
    "rank_programs",
    "read_reports",
    "review_axes",
    "simulate",
    "sobol",
    "split_pledge",
    "split_value",
    "stored_study",
    "suggest_targets",
    "validate_program",
]
