"""Keeping reviews in the ledger: reports, corrections, bulletins, evaluations and findings.

Record kinds and keys (one program's records never collide with another's):

* ``report`` ``<program>/<post>/<indicator>/<period>``: :meth:`Report.to_payload` plus the
  program id;
* ``report.corrected`` ``<program>/<post>/<indicator>/<period>/correction-<n>``: a
  correction of that report (:class:`Correction`: old and new value, who, when, why); the
  report's own record stays as it was filed;
* ``bulletin`` ``<program>/<quarter>`` (the first version), ``<program>/<quarter>/v<n>``
  (re-issues): :meth:`Bulletin.to_payload`;
* ``evaluation`` ``<program>/<year>`` (then ``<program>/<year>/v<n>``):
  :meth:`Evaluation.to_payload`, with ``version`` for re-issues;
* ``finding`` ``<program>/<year>/<finding key>`` (``<program>/<year>/v<n>/<finding key>``
  for a re-issued evaluation): :meth:`Finding.to_payload`;
* the program's letters and revisions (:mod:`vanguard.ledger.letters`).

**The ledger is the truth.** Everything computed from the ledger reads the reports *in
force*: each report's value after the latest correction recorded before the point in
question. Bulletins and evaluations are computed from the letters and revisions as
recorded in the ledger, and the program file's letters are recorded in the same
transaction as what they produce, so :mod:`~vanguard.review.recomputation` can later redo
every published record from the ledger alone (with the file's tasks and rules).

**Imports never half-happen.** An import checks every row against the program and
against the reports already stored, then appends the program's letters, revisions and the
new reports in one transaction: all of them or none.
"""

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import attrs
import cattrs

from vanguard.io.converter import make_converter
from vanguard.ledger import Entry, Ledger
from vanguard.ledger.letters import (
    letter_differences,
    letter_entries,
    letter_records,
    letters_from_records,
)
from vanguard.ledger.records import of_program
from vanguard.ledger.store import Record
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import Problem, ProgramError, VanguardError
from vanguard.review.actuals import Actuals
from vanguard.review.baselines import ledger_baseline
from vanguard.review.bulletin import Bulletin, publish_bulletin
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import evaluate_many
from vanguard.review.layout import review_layout
from vanguard.review.reports import Report, check_reports, plain_number, read_reports
from vanguard.review.versions import bulletin_changes
from vanguard.review.yearend import Evaluation, evaluation_of

REPORT, CORRECTION = "report", "report.corrected"
BULLETIN, EVALUATION, FINDING = "bulletin", "evaluation", "finding"
MAX_TEXT = 2000
"""Longest accepted name of a corrector and reason for a correction, in characters."""


@attrs.frozen
class Correction:
    """A correction of a submitted report: the report's ``previous`` value in force is
    replaced by ``value``, by ``by`` on ``corrected`` for ``reason``; ``number`` counts
    the corrections of that report from 1."""

    post: str
    indicator: str
    period: str
    previous: float
    value: float
    by: str
    reason: str
    corrected: dt.date
    number: int

    @property
    def key(self) -> str:
        """The corrected report's key, as :attr:`Report.key`."""
        return f"{self.post}/{self.indicator}/{self.period}"

    def to_payload(self, program: str) -> dict[str, Any]:
        """Plain JSON data (for the ledger)."""
        return {
            "program": program,
            **attrs.asdict(self),
            "corrected": self.corrected.isoformat(),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> "Correction":
        """The correction recorded as ``payload`` by :meth:`to_payload`."""
        fields = {name: payload[name] for name in attrs.fields_dict(cls)}
        fields["corrected"] = dt.date.fromisoformat(str(fields["corrected"]))
        return cls(**fields)


def stored_reports(
    ledger: Ledger, program: Program, before: int | None = None, *, in_force: bool = True
) -> tuple[Report, ...]:
    """The reports of ``program`` stored in ``ledger``, in append order (only those stored
    before record number ``before``, when given).

    With ``in_force`` (the default) each carries the value in force: that of the latest
    correction recorded before ``before``; without, the value as filed.
    """
    dates: dict[str, dt.date] = {}  # a year of reports has a few hundred filing dates
    reports = [
        Report.from_payload(payload, dates)
        for _, payload in _program_payloads(ledger, REPORT, program, before)
    ]
    if not in_force:
        return tuple(reports)
    latest = {item.key: item.value for item in stored_corrections(ledger, program, before)}
    return tuple(
        attrs.evolve(report, value=latest[report.key]) if report.key in latest else report
        for report in reports
    )


def stored_corrections(
    ledger: Ledger, program: Program, before: int | None = None
) -> tuple[Correction, ...]:
    """The corrections of ``program``'s reports, in the order they were recorded."""
    return tuple(
        Correction.from_payload(payload)
        for _, payload in _program_payloads(ledger, CORRECTION, program, before)
    )


def _program_payloads(
    ledger: Ledger, kind: str, program: Program, before: int | None
) -> list[tuple[int, dict[str, Any]]]:
    """``(seq, payload)`` of the records of ``kind`` that belong to ``program``."""
    return [
        (seq, payload)
        for seq, payload in ledger.payloads(kind, before=before)
        if payload.get("program") == program.id
    ]


def _program_entries(
    ledger: Ledger, kind: str, program: Program, before: int | None
) -> list[Entry]:
    return of_program(ledger.entries(kind), (kind,), program.id, before)


def record_reports(
    ledger: Ledger,
    program: Program,
    reports: Sequence[Report],
    converter: cattrs.Converter | None = None,
) -> list[Entry]:
    """Append checked ``reports`` with the program's letters and revisions not yet
    recorded, in one transaction (all or none); the reports' entries."""
    letters = _letters_to_record(ledger, program, converter)
    # the reports' records are made as the ledger takes them: no list of payloads
    records = itertools.chain(letters, _report_records(program, reports))
    return ledger.append_many(records)[len(letters) :]


def _report_records(program: Program, reports: Iterable[Report]) -> Iterator[Record]:
    """The ledger record of each report, in order."""
    for report in reports:
        yield REPORT, f"{program.id}/{report.key}", {"program": program.id, **report.to_payload()}


def import_reports(
    ledger: Ledger,
    program: Program,
    path: str | Path,
    indicators: Mapping[str, Indicator] | None = None,
    *,
    converter: cattrs.Converter | None = None,
    encoding: str | None = None,
    undated: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Entry]:
    """Check the report file at ``path`` (CSV or JSON) against ``program`` and the reports
    already stored, then store the program's letters and every new report in one
    transaction, or raise ProgramError naming every bad row and store nothing.

    ``encoding``, ``undated`` and ``today`` are as in
    :func:`~vanguard.review.read_reports`; ``converter`` is the app's (for the letters).
    """
    known = program.usable_indicators(indicators)
    originals = stored_reports(ledger, program, in_force=False)
    reports = read_reports(
        path, program, known, originals, encoding=encoding, undated=undated, today=today
    )
    return record_reports(ledger, program, reports, converter)


def add_reports(
    ledger: Ledger,
    program: Program,
    rows: Sequence[Mapping[str, Any]],
    indicators: Mapping[str, Indicator] | None = None,
    *,
    converter: cattrs.Converter | None = None,
    undated: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Entry]:
    """Like :func:`import_reports` for rows given from Python."""
    known = program.usable_indicators(indicators)
    originals = stored_reports(ledger, program, in_force=False)
    reports = check_reports(program, rows, known, originals, today=today, undated=undated)
    return record_reports(ledger, program, reports, converter)


def correct_report(
    ledger: Ledger,
    program: Program,
    post: str,
    indicator: str,
    period: str,
    value: object,
    *,
    by: str,
    reason: str,
    on: dt.date | None = None,
    indicators: Mapping[str, Indicator] | None = None,
) -> tuple[Correction, Entry]:
    """Record a correction of the report of ``indicator`` by ``post`` for ``period``.

    The report's own record stays as filed; the correction is a new record keeping the
    value it replaces, the new ``value``, who made it (``by``), when (``on``, default
    today) and why (``reason``). From then on everything read from the ledger uses the new
    value; bulletins already published are not rewritten (publishing the quarter again
    issues a new version). Raises ProgramError naming each problem: no such report, a
    value that is not a plain number within the limits (or negative for a count), no
    ``by`` or ``reason``, a date in the future or before the report was filed, or a value
    already in force.
    """
    known = program.usable_indicators(indicators)
    today = dt.date.today()
    on = on or today
    calendar = ReviewCalendar(program)
    month = calendar.month_of(period)
    problems: list[Problem] = []
    in_force = [
        report
        for report in stored_reports(ledger, program)
        if (report.post, report.indicator) == (post, indicator)
        and month is not None
        and calendar.month_of(report.period) == month
    ]
    if not in_force:
        problems.append(
            Problem(
                f"{post}/{indicator}/{period}",
                f"the ledger holds no report of {indicator} by {post} for {period} in program "
                f"{program.id!r}: nothing to correct (import it as a report)",
            )
        )
    number = plain_number(value)
    if isinstance(number, str):
        problems.append(Problem("value", number))
    elif indicator in known and known[indicator].non_negative and number < 0:
        problems.append(Problem("value", f"{indicator} cannot be negative, got {number:g}"))
    for name, text in (("by", by), ("reason", reason)):
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(name, "required: who corrects the report, and why"))
        elif len(text) > MAX_TEXT or not text.isprintable():
            problems.append(
                Problem(name, f"at most {MAX_TEXT} printable characters, got {len(text)}")
            )
    if on > today:
        problems.append(Problem("on", f"{on} is in the future (today is {today})"))
    if in_force and not isinstance(number, str):
        report = in_force[0]
        if report.reported is not None and on < report.reported:
            problems.append(
                Problem("on", f"{on} is before the report was filed ({report.reported})")
            )
        if report.value == number:
            problems.append(Problem("value", f"{report.key} is already {number:g}"))
    if problems:
        raise ProgramError(problems)
    assert not isinstance(number, str)
    report = in_force[0]
    count = sum(1 for item in stored_corrections(ledger, program) if item.key == report.key)
    correction = Correction(
        post=report.post,
        indicator=report.indicator,
        period=report.period,
        previous=report.value,
        value=number,
        by=by.strip(),
        reason=reason.strip(),
        corrected=on,
        number=count + 1,
    )
    key = f"{program.id}/{report.key}/correction-{correction.number}"
    return correction, ledger.append(CORRECTION, key, correction.to_payload(program.id))


def ledger_actuals(
    ledger: Ledger,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
    before: int | None = None,
) -> Actuals:
    """One replication of actuals from the reports in force for ``program`` (before record
    number ``before``, when given: the reports a record was computed from)."""
    known = program.usable_indicators(indicators)
    actuals = Actuals.from_reports(program, stored_reports(ledger, program, before), known)
    return _with_ledger_register(ledger, program, known, actuals, before)


def _with_ledger_register(
    ledger: Ledger,
    program: Program,
    known: Mapping[str, Indicator],
    actuals: Actuals,
    before: int | None,
) -> Actuals:
    """``actuals`` with the indicators the program reads from its rectification register
    filled from the register's records (before ``before``); see
    :mod:`vanguard.review.register_actuals`."""
    from vanguard.review.register_actuals import register_codes, with_register

    if not register_codes(actuals):
        return actuals
    from vanguard.review.register import stored_register

    return with_register(actuals, program, stored_register(ledger, program, before), known)


def as_recorded(
    ledger: Ledger,
    program: Program,
    converter: cattrs.Converter,
    before: int | None = None,
    pending: Sequence[Record] = (),
) -> Program:
    """``program`` with its letters as recorded in the ledger (before record ``before``,
    when given), followed by ``pending`` letter records about to be appended. A ledger
    holding no letter of the program leaves the file's letters in place."""
    entries = letter_entries(ledger, program, before)
    records: list[Record] = [(entry.kind, entry.key, entry.payload) for entry in entries]
    if not records and not pending:
        return program
    recorded = [*records, *pending]
    if recorded_as_filed(recorded, letter_records(program, converter)):
        # the ledger holds the file's letters, record for record: they read back as the
        # file's (tests/ledger/test_letter_records_round_trip.py), without structuring them
        return program
    letters = letters_from_records(recorded, converter)
    # cast: the model's decorator hides from mypy that Program is an attrs class
    return cast(Program, attrs.evolve(cast(Any, program), letters=letters))


def recorded_as_filed(recorded: Sequence[Record], filed: Sequence[Record]) -> bool:
    """Whether the letter records a ledger holds (and is about to append), in record order,
    are the program file's :func:`~vanguard.ledger.letters.letter_records`, in file order:
    the same kinds, keys and payloads (both plain JSON: lists, string keys, ISO dates)."""
    return len(recorded) == len(filed) and all(
        mine == theirs for mine, theirs in zip(recorded, filed, strict=True)
    )


def _letters_to_record(
    ledger: Ledger, program: Program, converter: cattrs.Converter | None
) -> list[Record]:
    """The program's letter and revision records the ledger does not hold yet; a
    ProgramError naming every letter the file changed or dropped since it was recorded
    (what was signed stays signed)."""
    converter = converter or make_converter()
    records = letter_records(program, converter)
    differences = letter_differences(ledger, program, converter, records)
    refused = [item for item in differences if item.nature != "added"]
    if refused:
        raise ProgramError(
            [Problem(f"letters.{item.letter}", item.message) for item in refused]
            + [
                Problem(
                    "letters",
                    "the program file's letters disagree with the ledger's: a signed letter "
                    "is changed by a revision (pledges.revisions), never by editing it",
                )
            ]
        )
    added = {item.record for item in differences}
    return [record for record in records if f"{record[0]} {record[1]}" in added]


def versions(ledger: Ledger, kind: str, base: str) -> list[Entry]:
    """The entries of record ``base`` (version 1) and of its re-issues ``base/v2`` ...,
    in version order."""
    found = [
        entry
        for entry in ledger.entries(kind)
        if entry.key == base or _version_of(entry.key, base) is not None
    ]
    return sorted(found, key=lambda entry: _version_of(entry.key, base) or 1)


def _version_of(key: str, base: str) -> int | None:
    suffix = key.removeprefix(f"{base}/v")
    if key == suffix or not suffix.isdigit():
        return None
    return int(suffix)


def stored_bulletin(
    ledger: Ledger,
    converter: Any,
    program: Program,
    quarter: str,
    before: int | None = None,
) -> Bulletin | None:
    """The latest version of the bulletin published for ``quarter`` (before record
    ``before``, when given), if any."""
    entries = [
        entry
        for entry in versions(ledger, BULLETIN, f"{program.id}/{quarter}")
        if before is None or entry.seq < before
    ]
    return Bulletin.from_payload(converter, entries[-1].payload) if entries else None


def previous_bulletin(
    ledger: Ledger,
    converter: Any,
    program: Program,
    quarter: str,
    before: int | None = None,
) -> Bulletin | None:
    """The latest version of the bulletin of the quarter before ``quarter`` (recorded
    before record ``before``, when given): what rank changes are measured against."""
    calendar = ReviewCalendar(program)
    position = calendar.quarter(quarter)
    if not position:
        return None
    earlier = calendar.quarters[position - 1].label
    return stored_bulletin(ledger, converter, program, earlier, before)


@attrs.frozen
class PreparedBulletin:
    """A bulletin computed from the ledger, and what recording it appends.

    ``records`` are the pending letters and the bulletin's record; ``latest`` is the
    bulletin's latest recorded version when publishing again changed nothing (then
    nothing is appended). Made by :func:`prepare_bulletin`, recorded by
    :func:`record_bulletin`, so a caller can write the bulletin elsewhere first and record
    only once that succeeded.
    """

    bulletin: Bulletin
    records: tuple[tuple[str, str, Mapping[str, Any]], ...] = ()
    latest: Entry | None = None


def prepare_bulletin(
    ledger: Ledger,
    converter: Any,
    program: Program,
    quarter: str,
    indicators: Mapping[str, Indicator] | None = None,
) -> PreparedBulletin:
    """The bulletin :func:`publish_to_ledger` would record for ``quarter``, unrecorded."""
    pending = _letters_to_record(ledger, program, converter)
    basis = as_recorded(ledger, program, converter, pending=pending)
    previous = previous_bulletin(ledger, converter, program, quarter)
    fresh = ledger_bulletin(ledger, basis, quarter, indicators, previous)
    base = f"{program.id}/{quarter}"
    published = versions(ledger, BULLETIN, base)
    if not published:
        bulletin, key = fresh, base
    else:
        first = Bulletin.from_payload(converter, published[0].payload)
        latest = Bulletin.from_payload(converter, published[-1].payload)
        if _same_numbers(converter, fresh, latest):
            return PreparedBulletin(latest, latest=published[-1])
        bulletin = attrs.evolve(
            fresh, version=latest.version + 1, changes=bulletin_changes(first, fresh)
        )
        key = f"{base}/v{bulletin.version}"
    return PreparedBulletin(bulletin, (*pending, (BULLETIN, key, bulletin.to_payload(converter))))


def record_bulletin(ledger: Ledger, prepared: PreparedBulletin) -> Entry:
    """Append what ``prepared`` records (nothing when it is unchanged); the bulletin's entry."""
    if prepared.latest is not None:
        return prepared.latest
    return ledger.append_many(list(prepared.records))[-1]


def publish_to_ledger(
    ledger: Ledger,
    converter: Any,
    program: Program,
    quarter: str,
    indicators: Mapping[str, Indicator] | None = None,
) -> tuple[Bulletin, Entry]:
    """Compute the bulletin of ``quarter`` from the ledger and record it.

    The bulletin is computed from the letters as recorded and the reports in force; the
    program file's letters not yet recorded are recorded in the same transaction (a
    letter the file changed or dropped is refused). The rank change is measured against
    the latest version of the previous quarter's bulletin. Publishing again when nothing
    changed records nothing and returns the latest version; when the numbers changed
    (corrections, late reports) it records a new version listing what changed since the
    first (see :mod:`~vanguard.review.versions`). The same as :func:`prepare_bulletin`
    then :func:`record_bulletin`.
    """
    prepared = prepare_bulletin(ledger, converter, program, quarter, indicators)
    return prepared.bulletin, record_bulletin(ledger, prepared)


def _same_numbers(converter: Any, fresh: Bulletin, latest: Bulletin) -> bool:
    """Whether two bulletins agree in everything but their version."""
    plain = attrs.evolve(latest, version=1, changes=())
    return bool(plain.to_payload(converter) == fresh.to_payload(converter))


def record_evaluation(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
    year: str | int | None = None,
) -> tuple[Evaluation, list[Entry]]:
    """Evaluate review ``year`` (default: the program's last) from the ledger (letters as
    recorded, reports in force); record the evaluation and its findings, with the file's
    letters not yet recorded, in one transaction.

    Evaluating again when nothing changed records nothing; when the numbers changed
    (corrections, late reports) it records version 2, 3, ... with its own findings.
    """
    pending = _letters_to_record(ledger, program, converter)
    basis = as_recorded(ledger, program, converter, pending=pending)
    evaluation = ledger_evaluation(ledger, basis, indicators, year)
    base = f"{program.id}/{evaluation.year}"
    payload = evaluation.to_payload(converter)
    published = versions(ledger, EVALUATION, base)
    if published and evaluation_payload(published[-1]) == _plain(payload):
        findings = ledger.entries(FINDING)
        prefix = f"{published[-1].key}/"
        return evaluation, [published[-1], *(f for f in findings if f.key.startswith(prefix))]
    version = len(published) + 1
    key = base if version == 1 else f"{base}/v{version}"
    if version > 1:
        payload = {**payload, "version": version}
    records: list[tuple[str, str, Mapping[str, Any]]] = [*pending, (EVALUATION, key, payload)]
    records += [
        (FINDING, f"{key}/{finding.key}", finding.to_payload()) for finding in evaluation.findings
    ]
    return evaluation, ledger.append_many(records)[len(pending) :]


def ledger_bulletin(
    ledger: Ledger,
    program: Program,
    quarter: str,
    indicators: Mapping[str, Indicator] | None = None,
    previous: Bulletin | None = None,
    before: int | None = None,
) -> Bulletin:
    """The bulletin of ``quarter`` from the reports in force (before record number
    ``before``, when given), with the baselines the ledger holds for the program.
    ``program`` carries the letters to use (see :func:`as_recorded`)."""
    actuals = ledger_actuals(ledger, program, indicators, before)
    layout = review_layout(program, program.usable_indicators(indicators), actuals.axes)
    baseline = ledger_baseline(ledger, layout, program.previous, before)
    return publish_bulletin(
        program, actuals, quarter, indicators, previous, layout=layout, baseline=baseline
    )


def ledger_evaluation(
    ledger: Ledger,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
    year: str | int | None = None,
    before: int | None = None,
) -> Evaluation:
    """The evaluation of review ``year`` (default: the last) from the reports in force
    (before record number ``before``, when given), with the baselines the ledger holds for
    the program. ``program`` carries the letters to use (see :func:`as_recorded`)."""
    actuals = ledger_actuals(ledger, program, indicators, before)
    layout = review_layout(program, program.usable_indicators(indicators), actuals.axes)
    baseline = ledger_baseline(ledger, layout, program.previous, before)
    arrays = evaluate_many(
        program, actuals, indicators, year=year, layout=layout, baseline=baseline
    )
    return evaluation_of(program, arrays, 0)


def evaluation_payload(entry: Entry) -> dict[str, Any]:
    """An evaluation record's payload without its ``version`` (what was evaluated)."""
    return {name: item for name, item in entry.payload.items() if name != "version"}


def _plain(payload: Mapping[str, Any]) -> Any:
    """``payload`` as the ledger returns it (tuples as lists)."""
    import json

    return json.loads(json.dumps(payload))


def recompute_matches(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
) -> list[str]:
    """The published bulletins and evaluations of ``program`` that no longer match their
    recomputation from the ledger (empty when all agree); see
    :func:`~vanguard.review.recomputation.recheck`."""
    from vanguard.review.recomputation import recheck

    return [str(item) for item in recheck(ledger, converter, program, indicators) if not item.ok]


def require_program_reports(ledger: Ledger, program: Program) -> None:
    """VanguardError when the ledger holds no report of ``program`` (nothing to review)."""
    # The library keys a program's reports "<program>/...": look there first, then (for
    # records keyed otherwise) through every report.
    # One record answers (a year of reports need not be read, nor decoded, to know).
    candidates = ledger.payloads(REPORT, prefix=f"{program.id}/", limit=1)
    if not any(payload.get("program") == program.id for _, payload in candidates) and not (
        _program_payloads(ledger, REPORT, program, None)
    ):
        raise VanguardError(
            f"the ledger {ledger.location} holds no reports of program {program.id!r}: "
            "import them first (vanguard ledger import)"
        )


__all__ = [
    "CORRECTION",
    "Correction",
    "add_reports",
    "as_recorded",
    "correct_report",
    "evaluation_payload",
    "import_reports",
    "ledger_actuals",
    "ledger_bulletin",
    "ledger_evaluation",
    "previous_bulletin",
    "publish_to_ledger",
    "recompute_matches",
    "record_evaluation",
    "record_reports",
    "require_program_reports",
    "stored_bulletin",
    "stored_corrections",
    "stored_reports",
    "versions",
]
