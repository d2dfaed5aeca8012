"""Review cycles: monthly reports, quarterly bulletins, the year-end appraisal, findings.

The engine works on arrays with a leading replication axis, so a simulation evaluates
thousands of simulated years in one call (:func:`evaluate_many`) with the same code that
evaluates one real year (:func:`evaluate`, one replication). Everything it applies is
declared in the program file's ``[evaluation]`` section
(:class:`~vanguard.model.appraisal.Appraisal`).
"""

from vanguard.review.actuals import Actuals, Axes, review_axes
from vanguard.review.bulletin import (
    Bulletin,
    BulletinLine,
    Standing,
    Status,
    publish_bulletin,
    rank_programs,
)
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import EvaluationArrays, evaluate_many
from vanguard.review.explain import (
    Explanation,
    explain,
    explain_finding,
    explain_post,
    explain_standing,
    explain_unit,
)
from vanguard.review.findings import Finding, Responsibility
from vanguard.review.formula import Formula, FormulaError, compile_formula
from vanguard.review.frames import findings_frame, reports_frame
from vanguard.review.reports import Report, check_reports, parse_reports, read_reports
from vanguard.review.session import Review
from vanguard.review.submissions import Submission, SubmissionStatus, late_submissions
from vanguard.review.versions import BulletinChange
from vanguard.review.yearend import Evaluation, PostAppraisal, UnitAppraisal, evaluate

__all__ = [
    "Actuals",
    "Axes",
    "Bulletin",
    "BulletinChange",
    "BulletinLine",
    "Evaluation",
    "EvaluationArrays",
    "Explanation",
    "Finding",
    "Formula",
    "FormulaError",
    "PostAppraisal",
    "Report",
    "Responsibility",
    "Review",
    "ReviewCalendar",
    "Standing",
    "Status",
    "Submission",
    "SubmissionStatus",
    "UnitAppraisal",
    "check_reports",
    "compile_formula",
    "evaluate",
    "evaluate_many",
    "explain",
    "explain_finding",
    "explain_post",
    "explain_standing",
    "explain_unit",
    "findings_frame",
    "late_submissions",
    "parse_reports",
    "publish_bulletin",
    "rank_programs",
    "read_reports",
    "reports_frame",
    "review_axes",
]
