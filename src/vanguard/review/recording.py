"""Keeping reviews in the ledger: reports, bulletins, evaluations and findings as records.

Record kinds and keys (one program's records never collide with another's):

* ``report`` ``<program>/<post>/<indicator>/<period>``: :meth:`Report.to_payload` plus the
  program id;
* ``bulletin`` ``<program>/<quarter>``: :meth:`Bulletin.to_payload`;
* ``evaluation`` ``<program>/<year>``: :meth:`Evaluation.to_payload`;
* ``finding`` ``<program>/<year>/<finding key>``: :meth:`Finding.to_payload`.

Imports are all or nothing: the rows are checked against the program and against the
reports already stored (a repeat is a duplicate), then appended in one transaction.
Published bulletins and evaluations can be recomputed from the stored reports:
:func:`recompute_matches` says whether they still agree.
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vanguard.io.problems import VanguardError
from vanguard.ledger import Entry, Ledger
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.review.actuals import Actuals
from vanguard.review.baselines import ledger_baseline
from vanguard.review.bulletin import Bulletin, publish_bulletin
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import evaluate_many
from vanguard.review.layout import review_layout
from vanguard.review.reports import Report, check_reports, read_reports
from vanguard.review.yearend import Evaluation, evaluation_of

REPORT, BULLETIN, EVALUATION, FINDING = "report", "bulletin", "evaluation", "finding"


def stored_reports(
    ledger: Ledger, program: Program, before: int | None = None
) -> tuple[Report, ...]:
    """The reports of ``program`` stored in ``ledger``, in append order (only those stored
    before record number ``before``, when given)."""
    return tuple(
        Report.from_payload(entry.payload)
        for entry in ledger.entries(REPORT)
        if entry.payload.get("program") == program.id and (before is None or entry.seq < before)
    )


def record_reports(ledger: Ledger, program: Program, reports: Sequence[Report]) -> list[Entry]:
    """Append checked ``reports`` in one transaction (all or none)."""
    return ledger.append_many(
        [
            (REPORT, f"{program.id}/{report.key}", {"program": program.id, **report.to_payload()})
            for report in reports
        ]
    )


def import_reports(
    ledger: Ledger,
    program: Program,
    path: str | Path,
    indicators: Mapping[str, Indicator] | None = None,
) -> list[Entry]:
    """Check the report file at ``path`` (CSV or JSON) against ``program`` and the reports
    already stored, then store every row, or raise ProgramError naming every bad row and
    store nothing."""
    known = program.usable_indicators(indicators)
    reports = read_reports(path, program, known, stored_reports(ledger, program))
    return record_reports(ledger, program, reports)


def add_reports(
    ledger: Ledger,
    program: Program,
    rows: Sequence[Mapping[str, Any]],
    indicators: Mapping[str, Indicator] | None = None,
) -> list[Entry]:
    """Like :func:`import_reports` for rows given from Python."""
    known = program.usable_indicators(indicators)
    reports = check_reports(program, rows, known, stored_reports(ledger, program))
    return record_reports(ledger, program, reports)


def ledger_actuals(
    ledger: Ledger,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
    before: int | None = None,
) -> Actuals:
    """One replication of actuals from the reports stored for ``program`` (before record
    number ``before``, when given: the reports a record was computed from)."""
    known = program.usable_indicators(indicators)
    return Actuals.from_reports(program, stored_reports(ledger, program, before), known)


def stored_bulletin(
    ledger: Ledger, converter: Any, program: Program, quarter: str
) -> Bulletin | None:
    """The bulletin published for ``quarter``, if any."""
    entry = ledger.get(BULLETIN, f"{program.id}/{quarter}")
    return None if entry is None else Bulletin.from_payload(converter, entry.payload)


def publish_to_ledger(
    ledger: Ledger,
    converter: Any,
    program: Program,
    quarter: str,
    indicators: Mapping[str, Indicator] | None = None,
) -> tuple[Bulletin, Entry]:
    """Compute the bulletin of ``quarter`` from the stored reports and record it.

    The rank change is measured against the bulletin published for the previous quarter
    (if it was published). Publishing again with unchanged reports is a no-op; with
    changed reports it is a :class:`~vanguard.ledger.LedgerConflictError` (a published
    bulletin is never rewritten).
    """
    calendar = ReviewCalendar(program)
    position = calendar.quarter(quarter)
    previous = None
    if position:
        previous = stored_bulletin(
            ledger, converter, program, calendar.quarters[position - 1].label
        )
    actuals = ledger_actuals(ledger, program, indicators)
    layout = review_layout(program, program.usable_indicators(indicators), actuals.axes)
    bulletin = publish_bulletin(
        program,
        actuals,
        quarter,
        indicators,
        previous,
        layout=layout,
        baseline=ledger_baseline(ledger, layout, program.previous),
    )
    entry = ledger.append(BULLETIN, f"{program.id}/{quarter}", bulletin.to_payload(converter))
    return bulletin, entry


def record_evaluation(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
    year: str | int | None = None,
) -> tuple[Evaluation, list[Entry]]:
    """Evaluate review ``year`` (default: the program's last) from the stored reports;
    record the evaluation and its findings in one transaction."""
    evaluation = ledger_evaluation(ledger, program, indicators, year)
    prefix = f"{program.id}/{evaluation.year}"
    records: list[tuple[str, str, Mapping[str, Any]]] = [
        (EVALUATION, prefix, evaluation.to_payload(converter))
    ]
    records += [
        (FINDING, f"{prefix}/{finding.key}", finding.to_payload())
        for finding in evaluation.findings
    ]
    return evaluation, ledger.append_many(records)


def ledger_evaluation(
    ledger: Ledger,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
    year: str | int | None = None,
    before: int | None = None,
) -> Evaluation:
    """The evaluation of review ``year`` from the reports stored (before record number
    ``before``, when given), with the baselines the ledger holds for the program."""
    actuals = ledger_actuals(ledger, program, indicators, before)
    layout = review_layout(program, program.usable_indicators(indicators), actuals.axes)
    baseline = ledger_baseline(ledger, layout, program.previous, before)
    arrays = evaluate_many(
        program, actuals, indicators, year=year, layout=layout, baseline=baseline
    )
    return evaluation_of(program, arrays, 0)


def recompute_matches(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
) -> list[str]:
    """Recompute every published bulletin and evaluation of ``program`` from the reports
    stored before it was published (a late report filed afterwards does not count); the
    records that no longer match (empty when all agree)."""
    mismatched = []
    published = {entry.key: entry for entry in ledger.entries(BULLETIN)}
    calendar = ReviewCalendar(program)
    previous: Bulletin | None = None
    for quarter in calendar.quarters:
        key = f"{program.id}/{quarter.label}"
        entry = published.get(key)
        if entry is None:
            previous = None
            continue
        actuals = ledger_actuals(ledger, program, indicators, entry.seq)
        layout = review_layout(program, program.usable_indicators(indicators), actuals.axes)
        again = publish_bulletin(
            program,
            actuals,
            quarter.label,
            indicators,
            previous,
            layout=layout,
            baseline=ledger_baseline(ledger, layout, program.previous, entry.seq),
        )
        if _plain(again.to_payload(converter)) != entry.payload:
            mismatched.append(f"{BULLETIN} {key}")
        previous = Bulletin.from_payload(converter, entry.payload)
    for entry in ledger.entries(EVALUATION):
        if not entry.key.startswith(f"{program.id}/"):
            continue
        year = entry.key.split("/")[-1]
        again_eval = ledger_evaluation(ledger, program, indicators, year, entry.seq)
        if _plain(again_eval.to_payload(converter)) != entry.payload:
            mismatched.append(f"{EVALUATION} {entry.key}")
    return mismatched


def _plain(payload: Mapping[str, Any]) -> Any:
    """``payload`` as the ledger returns it (tuples as lists)."""
    import json

    return json.loads(json.dumps(payload))


def require_program_reports(ledger: Ledger, program: Program) -> None:
    """VanguardError when the ledger holds no report of ``program`` (nothing to review)."""
    if not stored_reports(ledger, program):
        raise VanguardError(
            f"the ledger {ledger.location} holds no reports of program {program.id!r}: "
            "import them first (vanguard ledger import)"
        )


__all__ = [
    "add_reports",
    "import_reports",
    "ledger_actuals",
    "ledger_evaluation",
    "publish_to_ledger",
    "recompute_matches",
    "record_evaluation",
    "record_reports",
    "require_program_reports",
    "stored_bulletin",
    "stored_reports",
]
