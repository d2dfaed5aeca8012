"""Keeping the rectification register: registering cases, measures, resolutions, corrections.

Every write checks its input against the program (the unit and owner post exist, the
owner post belongs to the unit, dates are in order and not in the future) and raises
:class:`~vanguard.problems.ProgramError` naming every problem, storing nothing. What is
stored is never edited: see :mod:`vanguard.ledger.register` for the records.

An import (:func:`import_cases`, ``vanguard problems import``) takes one row per case, from
a CSV or JSON file or the first sheet of an Excel workbook (``.xlsx``, the
``spreadsheets`` extra):
``case, unit, owner, description, source, opened, deadline`` and optionally
``measures`` (``DATE: text`` items separated by ``;``), ``resolved`` and ``resolution``.
It is idempotent: importing the same file again stores nothing, and a file that adds
measures or a resolution to stored cases stores just those. A row that changes what is
stored for a case is refused: record a correction instead.
"""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import attrs

from vanguard.io.spreadsheets import Place
from vanguard.ledger import Entry, Ledger
from vanguard.ledger.register import (
    CORRECTABLE,
    CORRECTED,
    KINDS,
    CaseCorrection,
    corrected,
    field_text,
    measure_record,
    opened_record,
    program_entries,
    replay,
    resolved_record,
)
from vanguard.ledger.store import Record
from vanguard.model.label import Language
from vanguard.model.program import Program
from vanguard.model.rectification import Case, Measure, Register, Source
from vanguard.problems import Problem, ProgramError, did_you_mean, raise_if_any
from vanguard.review.report_files import read_rows

MAX_TEXT = 2000
"""Longest accepted description, measure, resolution, corrector or reason, in characters."""
COLUMNS = ("case", "unit", "owner", "description", "source", "opened", "deadline")
OPTIONAL = ("measures", "resolved", "resolution")


def stored_register(ledger: Ledger, program: Program, before: int | None = None) -> Register:
    """``program``'s register as its records stand (those before record ``before``, when
    given). Records that do not fit are skipped here; ``ledger verify --program`` names
    them (:func:`register_problems`)."""
    return replay(program_entries(register_entries(ledger), program.id, before))


def register_entries(ledger: Ledger) -> list[Entry]:
    """Every register record of the ledger (all programs), in record order: read by kind,
    so a ledger of many reports is not read whole."""
    found = [entry for kind in KINDS for entry in ledger.entries(kind)]
    return sorted(found, key=lambda entry: entry.seq)


def register_problems(ledger: Ledger, program: Program) -> list[str]:
    """One line per register record of ``program`` that does not fit the records before
    it, or names a unit or post the program does not have (empty when all is well)."""
    found: list[str] = []

    def report(entry: Entry, message: str) -> None:
        found.append(f"{entry.kind} {entry.key} (record {entry.seq}): {message}")

    entries = program_entries(register_entries(ledger), program.id, None)
    register = replay(entries, report)
    posts = {post.id: post for post in program.posts}
    units = {unit.id for unit in program.units}
    for case in register.cases:
        where = f"case {case.id!r}"
        if case.unit not in units:
            found.append(f"{where}: unit {case.unit!r} is not in program {program.id!r}")
        if case.owner not in posts:
            found.append(f"{where}: owner post {case.owner!r} is not in program {program.id!r}")
    return found


CASE_COLUMNS = (
    "case",
    "unit",
    "owner",
    "owner_name",
    "description",
    "source",
    "opened",
    "deadline",
    "measures",
    "last_measure",
    "resolved",
    "resolution",
    "open",
    "long_pending",
    "days_overdue",
)
"""The columns of :func:`case_rows` (and of ``vanguard problems list --json``)."""


def case_rows(
    register: Register, program: Program, day: dt.date, *, open_only: bool = False
) -> list[dict[str, Any]]:
    """One flat row per case of ``register`` as it stands at the end of ``day`` (only the
    cases open then, with ``open_only``), columns :data:`CASE_COLUMNS`: dates as ISO text,
    ``owner_name`` the owner post's title in English, ``measures`` how many were taken by
    ``day``, ``resolved``/``resolution`` empty (None) while the case is open at ``day``."""
    titles = {post.id: post.title.en for post in program.posts}
    rows: list[dict[str, Any]] = []
    for case in register.cases:
        if case.opened > day or (open_only and not case.open_on(day)):
            continue
        taken = [measure.taken for measure in case.measures if measure.taken <= day]
        shut = case.resolved is not None and case.resolved <= day
        rows.append(
            {
                "case": case.id,
                "unit": case.unit,
                "owner": case.owner,
                "owner_name": titles.get(case.owner),
                "description": case.description,
                "source": case.source.value,
                "opened": case.opened.isoformat(),
                "deadline": case.deadline.isoformat(),
                "measures": len(taken),
                "last_measure": max(taken).isoformat() if taken else None,
                "resolved": case.resolved.isoformat() if shut and case.resolved else None,
                "resolution": case.resolution if shut else None,
                "open": case.open_on(day),
                "long_pending": case.long_pending_on(day),
                "days_overdue": case.days_overdue(day),
            }
        )
    return rows


def year_end(program: Program, year: str | int | None = None) -> dt.date:
    """The last day of review ``year`` of ``program`` (default: its last year); a
    ProgramError naming the program's years when it has no such year."""
    from vanguard.review.calendar import ReviewCalendar
    from vanguard.review.evaluation import year_position

    return ReviewCalendar(program).years[year_position(program, year)].end


def long_pending_at_year_end(
    ledger: Ledger, program: Program, year: str | int | None = None
) -> tuple[dt.date, tuple[Case, ...]]:
    """The year end of review ``year`` and the cases of the register still open past their
    deadline then, longest overdue first: each names its unit and owner post, what the
    year-end evaluation states beside its findings."""
    day = year_end(program, year)
    return day, stored_register(ledger, program).long_pending_on(day)


def long_pending_text(
    program: Program, cases: Sequence[Case], day: dt.date, language: Language = "en"
) -> str:
    """One sentence per case of ``cases`` (long-pending at ``day``), in the program's words:
    the case, what it is, its unit and owner post by title, how long past its deadline."""
    from vanguard.i18n import words

    _ = words(language)
    lines = []
    for case in cases:
        owner = program.post(case.owner).title.show(language)
        unit = program.unit(case.unit).name.show(language)
        lines.append(
            _(
                "long-pending at {date}: case {case} ({description}) of {unit}, owned by "
                "{owner} ({post}), open {days} days past its deadline of {deadline}",
                date=day,
                case=case.id,
                description=case.description,
                unit=unit,
                owner=owner,
                post=case.owner,
                days=case.days_overdue(day),
                deadline=case.deadline,
            )
        )
    return "\n".join(lines)


def register_cases(
    ledger: Ledger,
    program: Program,
    cases: Sequence[Case],
    *,
    today: dt.date | None = None,
    location: str = "cases",
) -> list[Entry]:
    """Check ``cases`` and store each one's opening, measures and resolution not yet
    stored, in one transaction; the entries appended, in order (none when all of it was
    stored already).

    A case already stored must agree with what is stored (its measures may go on, and
    its resolution may be added); anything else is a ProgramError naming the place as
    ``<location>[i].<field>`` (an import names the file's rows).
    """
    today = today or dt.date.today()
    register = stored_register(ledger, program)
    problems: list[Problem] = []
    records: list[Record] = []
    seen: set[str] = set()
    for index, case in enumerate(cases):
        where = f"{location}[{index}]"
        if case.id in seen:
            problems.append(Problem(where, f"case {case.id!r} appears twice"))
            continue
        seen.add(case.id)
        problems += _case_problems(program, case, where, today)
        stored = register.get(case.id)
        if stored is not None:
            # only what the file adds is stored: the opening stays as recorded (it may
            # have been corrected since), the measures go on from the stored ones
            problems += _drift(stored, case, where)
        else:
            records.append(opened_record(program.id, case))
        known = len(stored.measures) if stored is not None else 0
        for number, measure in enumerate(case.measures[known:], start=known + 1):
            records.append(measure_record(program.id, case.id, number, measure))
        unresolved = stored is None or stored.resolved is None
        if unresolved and case.resolved is not None and case.resolution is not None:
            records.append(resolved_record(program.id, case.id, case.resolved, case.resolution))
    raise_if_any(problems)
    return ledger.append_many(records)


def add_measure(
    ledger: Ledger,
    program: Program,
    case: str,
    taken: dt.date,
    description: str,
    *,
    today: dt.date | None = None,
) -> Entry:
    """Record a measure taken on case ``case``."""
    stored = _stored_case(ledger, program, case)
    measure = Measure(taken, description)
    updated = Case(**{**_fields(stored), "measures": (*stored.measures, measure)})
    raise_if_any(_case_problems(program, updated, f"case {case}", today or dt.date.today()))
    return ledger.append(*measure_record(program.id, case, len(updated.measures), measure))


def resolve_case(
    ledger: Ledger,
    program: Program,
    case: str,
    resolved: dt.date,
    resolution: str,
    *,
    today: dt.date | None = None,
) -> Entry:
    """Record that case ``case`` was resolved on ``resolved``, and how."""
    stored = _stored_case(ledger, program, case)
    if stored.resolved is not None:
        raise ProgramError(
            [
                Problem(
                    f"case {case}",
                    f"already resolved on {stored.resolved}: record a correction of the "
                    f"date instead (vanguard problems correct PROGRAM {case} resolved DATE; "
                    "correct_case)",
                )
            ]
        )
    updated = Case(**{**_fields(stored), "resolved": resolved, "resolution": resolution})
    raise_if_any(_case_problems(program, updated, f"case {case}", today or dt.date.today()))
    return ledger.append(*resolved_record(program.id, case, resolved, resolution))


def correct_case(
    ledger: Ledger,
    program: Program,
    case: str,
    field: str,
    value: str,
    *,
    by: str,
    reason: str,
    on: dt.date | None = None,
) -> tuple[CaseCorrection, Entry]:
    """Record a correction of ``field`` of case ``case`` to ``value`` (text: a date as
    ``YYYY-MM-DD``, a source by name), by ``by`` on ``on`` (default today) for
    ``reason``. The corrected record stays as appended; the register reads the new value
    from then on."""
    today = dt.date.today()
    on = on or today
    stored = _stored_case(ledger, program, case)
    where = f"case {case}"
    problems: list[Problem] = []
    if field not in CORRECTABLE:
        problems.append(
            Problem("field", f"{field!r} cannot be corrected" + did_you_mean(field, CORRECTABLE))
        )
    for name, text in (("by", by), ("reason", reason)):
        problems += _text_problems(name, text, "who corrects the case, and why")
    if on > today:
        problems.append(Problem("on", f"{on} is in the future (today is {today})"))
    raise_if_any(problems)
    try:
        updated = corrected(stored, field, value)
    except ValueError as error:
        raise ProgramError([Problem(f"{where}.{field}", str(error))]) from None
    if field_text(stored, field) == field_text(updated, field):
        raise ProgramError([Problem(f"{where}.{field}", f"is already {value!r}")])
    raise_if_any(_case_problems(program, updated, where, today))
    count = sum(
        1
        for entry in ledger.entries(CORRECTED)
        if entry.payload.get("program") == program.id and entry.payload.get("case") == case
    )
    correction = CaseCorrection(
        case=case,
        field=field,
        previous=field_text(stored, field),
        value=str(field_text(updated, field)),
        by=by.strip(),
        reason=reason.strip(),
        corrected=on,
        number=count + 1,
    )
    return correction, ledger.append(*correction.record(program.id))


def import_cases(
    ledger: Ledger,
    program: Program,
    path: str | Path,
    *,
    encoding: str | None = None,
    today: dt.date | None = None,
) -> list[Entry]:
    """Read the case file at ``path`` (CSV or JSON rows, or an Excel ``.xlsx`` workbook
    whose first sheet has the columns in its header row; see the module) and register its
    cases (:func:`register_cases`); a ProgramError names every bad row and cell, with the
    file (a workbook's as ``'cases'!C5 (owner)``), and nothing is stored."""
    source = str(path)
    places: list[Place] = []
    if Path(path).suffix.lower() == ".xlsx":
        rows, places = workbook_rows(path)
    else:
        rows = read_rows(Path(path), encoding, COLUMNS)
    try:
        cases = cases_from_rows(rows, source)
        return register_cases(ledger, program, cases, today=today, location="rows")
    except ProgramError as error:
        located = [_in_workbook(problem, places) for problem in error.problems]
        raise ProgramError(located, source) from None


def workbook_rows(path: str | Path) -> tuple[list[dict[str, str]], list[Place]]:
    """The case rows of the first sheet of the workbook at ``path`` (columns found by
    their header, in any order; dates as ``YYYY-MM-DD`` whether typed as text or as Excel
    dates), with where each row is; ProgramError when the file is no workbook or the
    header lacks a required column."""
    from vanguard.io.spreadsheets import open_workbook, sheet_table

    book = open_workbook(path)
    try:
        sheet = book.worksheets[0]
        wanted = {name: (name,) for name in (*COLUMNS, *OPTIONAL)}
        table, problems = sheet_table(sheet, wanted, COLUMNS)
    finally:
        book.close()
    if problems:
        raise ProgramError(problems, str(path))
    rows = [{key: _cell_text(value) for key, value in cells.items()} for cells, _ in table]
    return rows, [place for _, place in table]


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV cell would hold (a date typed as a date in Excel
    comes as a datetime: its day)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_ROW = re.compile(r"^rows\[(\d+)\](?:\.(\w+))?")


def _in_workbook(problem: Problem, places: Sequence[Place]) -> Problem:
    """``rows[3].owner`` of the rows read as the workbook's ``'cases'!C5 (owner)``."""
    found = _ROW.match(problem.location)
    if found is None or not 0 <= int(found[1]) < len(places):
        return problem
    place = places[int(found[1])]
    column = found[2]
    where = place.cell(column) if column in place.columns else str(place)
    return attrs.evolve(problem, location=where + problem.location[found.end() :])


def cases_from_rows(rows: Sequence[Mapping[str, Any]], source: str | None = None) -> list[Case]:
    """The cases of plain rows (row ``i`` is located as ``rows[i].column``)."""
    problems: list[Problem] = []
    cases: list[Case] = []
    for index, row in enumerate(rows):
        where = f"rows[{index}]"
        missing = [name for name in COLUMNS if not str(row.get(name) or "").strip()]
        unknown = sorted(set(row) - set(COLUMNS) - set(OPTIONAL))
        problems += [Problem(f"{where}.{name}", "required") for name in missing]
        problems += [
            Problem(f"{where}.{name}", "unknown column" + did_you_mean(name, COLUMNS + OPTIONAL))
            for name in unknown
        ]
        if missing or unknown:
            continue
        fields: dict[str, Any] = {name: str(row[name]).strip() for name in COLUMNS}
        fields["id"] = fields.pop("case")
        bad = False
        for name in ("opened", "deadline"):
            fields[name], problem = _date(fields[name], f"{where}.{name}")
            if problem is not None:
                problems.append(problem)
                bad = True
        try:
            fields["source"] = Source(fields["source"])
        except ValueError:
            names = [item.value for item in Source]
            problems.append(
                Problem(
                    f"{where}.source",
                    f"{fields['source']!r} is not one of {', '.join(names)}"
                    + did_you_mean(fields["source"], names),
                )
            )
            bad = True
        measures: list[Measure] = []
        for number, item in enumerate(_items(row.get("measures")), start=1):
            day, _, text = item.partition(":")
            taken, problem = _date(day.strip(), f"{where}.measures[{number}]")
            if problem is not None or not text.strip():
                problems.append(problem or Problem(f"{where}.measures[{number}]", "no text"))
                bad = True
            else:
                measures.append(Measure(taken, text.strip()))  # type: ignore[arg-type]
        resolved_text = str(row.get("resolved") or "").strip()
        resolution = str(row.get("resolution") or "").strip()
        if bool(resolved_text) != bool(resolution):
            problems.append(Problem(f"{where}.resolution", "give both resolved and resolution"))
            bad = True
        elif resolved_text:
            fields["resolved"], problem = _date(resolved_text, f"{where}.resolved")
            fields["resolution"] = resolution
            if problem is not None:
                problems.append(problem)
                bad = True
        if not bad:
            try:
                cases.append(Case(**fields, measures=tuple(measures)))
            except (TypeError, ValueError) as error:
                problems.append(Problem(where, str(error)))
    raise_if_any(problems, source)
    return cases


def _items(cell: object) -> list[str]:
    return [item.strip() for item in str(cell or "").split(";") if item.strip()]


def _date(text: str, where: str) -> tuple[dt.date | None, Problem | None]:
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, Problem(where, f"{text!r} is not a date (YYYY-MM-DD)")


def _stored_case(ledger: Ledger, program: Program, case: str) -> Case:
    register = stored_register(ledger, program)
    found = register.get(case)
    if found is None:
        known = [item.id for item in register.cases]
        raise ProgramError(
            [
                Problem(
                    f"case {case}",
                    f"the register of {program.id!r} holds no such case"
                    + did_you_mean(case, known),
                )
            ]
        )
    return found


def _fields(case: Case) -> dict[str, Any]:
    # cast: the model's decorator hides from mypy that Case is an attrs class
    return attrs.asdict(cast(Any, case), recurse=False)


def _text_problems(name: str, text: object, what: str) -> list[Problem]:
    if not isinstance(text, str) or not text.strip():
        return [Problem(name, f"required: {what}")]
    if len(text) > MAX_TEXT or not text.isprintable():
        return [Problem(name, f"at most {MAX_TEXT} printable characters, got {len(text)}")]
    return []


def _case_problems(program: Program, case: Case, where: str, today: dt.date) -> list[Problem]:
    """What is wrong with ``case`` in ``program``: unknown unit or post, a post of another
    unit, dates out of order or in the future, empty or overlong text."""
    problems: list[Problem] = []
    units = {unit.id for unit in program.units}
    posts = {post.id: post for post in program.posts}
    if case.unit not in units:
        problems.append(
            Problem(f"{where}.unit", f"unknown unit {case.unit!r}" + did_you_mean(case.unit, units))
        )
    owner = posts.get(case.owner)
    if owner is None:
        problems.append(
            Problem(
                f"{where}.owner", f"unknown post {case.owner!r}" + did_you_mean(case.owner, posts)
            )
        )
    elif owner.unit != case.unit:
        problems.append(
            Problem(
                f"{where}.owner",
                f"post {case.owner!r} is in unit {owner.unit!r}, not {case.unit!r}",
            )
        )
    problems += _text_problems(f"{where}.description", case.description, "what the problem is")
    if case.deadline < case.opened:
        problems.append(
            Problem(f"{where}.deadline", f"{case.deadline} is before it opened ({case.opened})")
        )
    if case.opened > today:
        problems.append(Problem(f"{where}.opened", f"{case.opened} is in the future"))
    for number, measure in enumerate(case.measures, start=1):
        if not case.opened <= measure.taken <= today:
            problems.append(
                Problem(
                    f"{where}.measures[{number}]",
                    f"{measure.taken} is not between the opening and today",
                )
            )
        problems += _text_problems(
            f"{where}.measures[{number}]", measure.description, "the measure"
        )
    if case.resolved is not None:
        if not case.opened <= case.resolved <= today:
            problems.append(
                Problem(
                    f"{where}.resolved", f"{case.resolved} is not between the opening and today"
                )
            )
        problems += _text_problems(f"{where}.resolution", case.resolution, "how it was resolved")
    return problems


def _drift(stored: Case, case: Case, where: str) -> list[Problem]:
    """How ``case`` contradicts the stored case of the same id (empty when it only adds)."""
    problems = [
        Problem(
            f"{where}.{name}",
            f"the register holds {field_text(stored, name)!r}; record a correction to change it",
        )
        for name in ("unit", "owner", "description", "source", "opened", "deadline")
        if field_text(stored, name) != field_text(case, name)
    ]
    if case.measures[: len(stored.measures)] != stored.measures:
        problems.append(
            Problem(f"{where}.measures", "the stored measures must come first, unchanged")
        )
    if stored.resolved is not None and (stored.resolved, stored.resolution) != (
        case.resolved,
        case.resolution,
    ):
        problems.append(
            Problem(f"{where}.resolved", f"the register holds it resolved on {stored.resolved}")
        )
    return problems


__all__ = [
    "CASE_COLUMNS",
    "COLUMNS",
    "add_measure",
    "case_rows",
    "cases_from_rows",
    "correct_case",
    "import_cases",
    "long_pending_at_year_end",
    "long_pending_text",
    "register_cases",
    "register_entries",
    "register_problems",
    "resolve_case",
    "stored_register",
    "workbook_rows",
    "year_end",
]
