"""The rectification register (issue 15): cases, measures, resolutions and corrections
as append-only ledger records, the long-pending cases still open at a date, imports."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import Program
from vanguard.ledger import Ledger
from vanguard.ledger.register import CORRECTED, OPENED, program_entries, replay
from vanguard.model.rectification import Case, Measure, Source
from vanguard.problems import ProgramError
from vanguard.review.register import (
    add_measure,
    correct_case,
    import_cases,
    register_cases,
    register_problems,
    resolve_case,
    stored_register,
)

TODAY = dt.date(2007, 1, 31)
YEAR_END = dt.date(2006, 12, 31)
HEADER = "case,unit,owner,description,source,opened,deadline,measures,resolved,resolution\n"
ROWS = (
    "C1,sec-a,head-a,Office hall queue too long,complaint,2006-02-10,2006-04-30,"
    "2006-03-01: second window opened,2006-04-20,queue under 15 minutes\n"
    "C2,sec-c,head-c,Training ledger incomplete,inspection,2006-03-05,2006-06-30,"
    "2006-05-02: records rebuilt; 2006-09-01: clerk assigned,,\n"
    "C3,sec-b,head-b,Duty roster not posted,self-found,2006-11-01,2007-01-15,,,\n"
)


def ledger_at(tmp: Path) -> Ledger:
    return Ledger.open(tmp / "ledger.sqlite")


def write(tmp: Path, text: str, name: str = "cases.csv") -> Path:
    path = tmp / name
    path.write_text(text, "utf-8")
    return path


def test_an_open_long_pending_case_is_named_at_the_year_end_with_its_owner(
    program: Program, tmp_path: Path
) -> None:
    with ledger_at(tmp_path) as ledger:
        import_cases(ledger, program, write(tmp_path, HEADER + ROWS), today=TODAY)
        register = stored_register(ledger, program)
    late = register.long_pending_on(YEAR_END)
    assert [(case.id, case.owner, case.unit) for case in late] == [("C2", "head-c", "sec-c")]
    assert late[0].days_overdue(YEAR_END) == (YEAR_END - dt.date(2006, 6, 30)).days
    # C1 was resolved on time, C3 is open but not yet due at the year end
    assert {case.id for case in register.open_on(YEAR_END)} == {"C2", "C3"}
    assert register.get("C1") is not None
    assert register.get("C1").rectified_on_time
    # earlier in the year C2 was open but not yet past its deadline
    assert register.long_pending_on(dt.date(2006, 6, 30)) == ()


def test_resolving_the_case_takes_it_off_the_long_pending_list_from_that_day(
    program: Program, tmp_path: Path
) -> None:
    with ledger_at(tmp_path) as ledger:
        import_cases(ledger, program, write(tmp_path, HEADER + ROWS), today=TODAY)
        resolve_case(ledger, program, "C2", dt.date(2007, 1, 10), "ledger audited", today=TODAY)
        register = stored_register(ledger, program)
    assert [case.id for case in register.long_pending_on(YEAR_END)] == ["C2"]
    assert register.long_pending_on(dt.date(2007, 1, 10)) == ()
    assert not register.get("C2").rectified_on_time  # type: ignore[union-attr]


def test_a_correction_keeps_old_new_who_and_why_and_replays(
    program: Program, tmp_path: Path
) -> None:
    with ledger_at(tmp_path) as ledger:
        import_cases(ledger, program, write(tmp_path, HEADER + ROWS), today=TODAY)
        opened = ledger.get(OPENED, f"{program.id}/C2")
        correction, entry = correct_case(
            ledger,
            program,
            "C2",
            "deadline",
            "2006-12-31",
            by="deputy",
            reason="the county extended the deadline in its June circular",
            on=dt.date(2006, 7, 3),
        )
        payload = entry.payload
        assert entry.kind == CORRECTED
        assert (payload["previous"], payload["value"]) == ("2006-06-30", "2006-12-31")
        assert (payload["by"], payload["reason"]) == (
            "deputy",
            "the county extended the deadline in its June circular",
        )
        assert correction.number == 1
        # the opening record stays as it was appended
        assert ledger.get(OPENED, f"{program.id}/C2") == opened
        register = stored_register(ledger, program)
        assert register.get("C2").deadline == dt.date(2006, 12, 31)  # type: ignore[union-attr]
        assert register.long_pending_on(YEAR_END) == ()
        # as the ledger stood before the correction, the old deadline holds
        before = stored_register(ledger, program, before=entry.seq)
        assert before.get("C2").deadline == dt.date(2006, 6, 30)  # type: ignore[union-attr]
        assert register_problems(ledger, program) == []
        with pytest.raises(ProgramError, match="already"):
            correct_case(
                ledger, program, "C2", "deadline", "2006-12-31", by="deputy", reason="again"
            )


@pytest.mark.parametrize(
    ("row", "place"),
    [
        ("C9,sec-a,head-b,x,complaint,2006-01-02,2006-02-01,,,\n", "rows[3].owner"),
        ("C9,sec-x,head-a,x,complaint,2006-01-02,2006-02-01,,,\n", "rows[3].unit"),
        ("C9,sec-a,head-a,x,rumour,2006-01-02,2006-02-01,,,\n", "rows[3].source"),
        ("C9,sec-a,head-a,x,complaint,2006-13-02,2006-02-01,,,\n", "rows[3].opened"),
        ("C9,sec-a,head-a,x,complaint,2006-03-02,2006-02-01,,,\n", "rows[3].deadline"),
        (
            "C9,sec-a,head-a,x,complaint,2006-01-02,2006-02-01,2005-12-01: early,,\n",
            "rows[3].measures[1]",
        ),
        ("C9,sec-a,head-a,x,complaint,2006-01-02,2006-02-01,,2006-01-05,\n", "rows[3].resolution"),
        ("C9,sec-a,head-a,,complaint,2006-01-02,2006-02-01,,,\n", "rows[3].description"),
        ("C1,sec-a,head-a,x,complaint,2006-01-02,2006-02-01,,,\n", "rows[3]"),
    ],
)
def test_a_bad_row_is_refused_by_its_place_and_nothing_is_stored(
    program: Program, tmp_path: Path, row: str, place: str
) -> None:
    path = write(tmp_path, HEADER + ROWS + row)
    with ledger_at(tmp_path) as ledger:
        before = ledger.entries()
        with pytest.raises(ProgramError) as raised:
            import_cases(ledger, program, path, today=TODAY)
        assert ledger.entries() == before == []
    message = str(raised.value)
    assert any(line.strip().startswith(f"{place}:") for line in message.splitlines())
    assert str(path) in message


def test_a_row_changing_a_stored_case_is_refused_and_nothing_is_stored(
    program: Program, tmp_path: Path
) -> None:
    with ledger_at(tmp_path) as ledger:
        import_cases(ledger, program, write(tmp_path, HEADER + ROWS), today=TODAY)
        before = ledger.entries()
        changed = ROWS.replace("2006-06-30", "2006-07-31")
        with pytest.raises(ProgramError, match="correction"):
            import_cases(ledger, program, write(tmp_path, HEADER + changed, "b.csv"), today=TODAY)
        assert ledger.entries() == before


def test_reimport_is_idempotent_and_a_longer_file_stores_only_what_it_adds(
    program: Program, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER + ROWS)
    with ledger_at(tmp_path) as ledger:
        first = import_cases(ledger, program, path, today=TODAY)
        count = len(ledger.entries())
        again = import_cases(ledger, program, path, today=TODAY)
        assert first
        assert again == []
        assert len(ledger.entries()) == count
        more = ROWS.replace(
            "2006-09-01: clerk assigned,,",
            "2006-09-01: clerk assigned; 2006-12-20: audit,2007-01-05,ledger complete",
        )
        import_cases(ledger, program, write(tmp_path, HEADER + more, "more.csv"), today=TODAY)
        assert len(ledger.entries()) == count + 2
        case = stored_register(ledger, program).get("C2")
    assert case is not None
    assert [m.taken for m in case.measures][-1] == dt.date(2006, 12, 20)
    assert case.resolved == dt.date(2007, 1, 5)


def test_verify_names_a_register_record_that_does_not_fit(program: Program, tmp_path: Path) -> None:
    with ledger_at(tmp_path) as ledger:
        import_cases(ledger, program, write(tmp_path, HEADER + ROWS), today=TODAY)
        ledger.append(
            "case.resolved",
            f"{program.id}/C9/resolved",
            {"program": program.id, "case": "C9", "resolved": "2006-05-01", "resolution": "x"},
        )
        problems = register_problems(ledger, program)
    assert len(problems) == 1
    assert "C9" in problems[0]
    assert "no case" in problems[0]


# --- replaying the records equals applying the operations ------------------------------

PAIRS = (("sec-a", "head-a"), ("sec-b", "head-b"), ("sec-c", "head-c"))
START = dt.date(2006, 1, 1)


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """Valid operations on a small register: open, measure, resolve, correct a deadline."""
    ops: list[tuple[str, ...]] = []
    opened: dict[str, int] = {}
    resolved: set[str] = set()
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["open", "measure", "resolve", "correct"]))
        if kind == "open" or not opened:
            case = f"C{len(opened) + 1}"
            day = draw(st.integers(0, 300))
            pair = draw(st.integers(0, 2))
            opened[case] = day
            ops.append(("open", case, str(pair), str(day), str(draw(st.integers(0, 120)))))
            continue
        case = draw(st.sampled_from(sorted(opened)))
        later = str(draw(st.integers(opened[case], 390)))
        if kind == "resolve" and case in resolved:
            kind = "measure"
        if kind == "resolve":
            resolved.add(case)
        ops.append((kind, case, later))
    return ops


def directly(ops: list[tuple[str, ...]]) -> dict[str, Case]:
    from vanguard.ledger.register import evolve

    cases: dict[str, Case] = {}
    for op in ops:
        kind, case = op[0], op[1]
        if kind == "open":
            unit, owner = PAIRS[int(op[2])]
            day = START + dt.timedelta(int(op[3]))
            cases[case] = Case(
                id=case,
                unit=unit,
                owner=owner,
                description=f"problem {case}",
                source=Source.INSPECTION,
                opened=day,
                deadline=day + dt.timedelta(int(op[4])),
            )
            continue
        day = START + dt.timedelta(int(op[2]))
        current = cases[case]
        if kind == "measure":
            measure = Measure(day, f"measure on {day}")
            cases[case] = evolve(current, measures=(*current.measures, measure))
        elif kind == "resolve":
            cases[case] = evolve(current, resolved=day, resolution="done")
        elif max(day, current.opened) != current.deadline:
            cases[case] = evolve(current, deadline=max(day, current.opened))
    return cases


def through_the_ledger(program: Program, ledger: Ledger, ops: list[tuple[str, ...]]) -> None:
    for op in ops:
        kind, case = op[0], op[1]
        if kind == "open":
            register_cases(ledger, program, [directly([op])[case]], today=TODAY)
            continue
        day = START + dt.timedelta(int(op[2]))
        if kind == "measure":
            add_measure(ledger, program, case, day, f"measure on {day}", today=TODAY)
        elif kind == "resolve":
            resolve_case(ledger, program, case, day, "done", today=TODAY)
        else:
            stored = stored_register(ledger, program).get(case)
            assert stored is not None
            value = max(day, stored.opened)
            if value != stored.deadline:
                correct_case(
                    ledger,
                    program,
                    case,
                    "deadline",
                    value.isoformat(),
                    by="deputy",
                    reason="deadline moved",
                )


@settings(max_examples=25, deadline=None)
@given(ops=operations())
def test_replaying_the_records_in_order_equals_applying_the_operations(
    program: Program, ops: list[tuple[str, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp, Ledger.open(Path(tmp) / "l.sqlite") as ledger:
        through_the_ledger(program, ledger, ops)
        entries = program_entries(ledger.entries(), program.id, None)
        assert register_problems(ledger, program) == []
    expected = directly(ops)
    assert {case.id: case for case in replay(entries).cases} == expected
    assert [case.id for case in replay(entries).cases] == list(expected)


# --- the command line -------------------------------------------------------------------


def test_problems_import_then_list_open_names_the_long_pending_case(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from vanguard.cli import main

    program = str(Path(__file__).parent / "small-program.toml")
    cases = str(write(tmp_path, HEADER + ROWS))
    ledger = str(tmp_path / "l.sqlite")
    runner = CliRunner(env={"COLUMNS": "200"})  # a wide table: no cell wrapped
    imported = runner.invoke(main, ["problems", "import", program, cases, "--ledger", ledger])
    assert imported.exit_code == 0, imported.output
    assert "7 register record(s) stored" in imported.output
    again = runner.invoke(main, ["problems", "import", program, cases, "--ledger", ledger])
    assert "0 register record(s) stored" in again.output
    listed = runner.invoke(
        main,
        ["problems", "list", program, "--ledger", ledger, "--open", "--as-of", "2006-12-31"],
    )
    assert listed.exit_code == 0, listed.output
    assert "C2" in listed.output
    assert "Head of section C" in listed.output
    assert "long-pending, 184 days overdue" in listed.output
    assert "C1" not in listed.output
    assert "2 case(s) as of 2006-12-31, 1 long-pending" in listed.output
    as_json = runner.invoke(
        main,
        [
            "problems",
            "list",
            program,
            "--ledger",
            ledger,
            "--open",
            "--as-of",
            "2006-12-31",
            "--json",
        ],
    )
    document = json.loads(as_json.output)
    assert (document["command"], document["format"], document["program"]) == (
        "problems list",
        1,
        "test-bureau",
    )
    assert document["as_of"] == "2006-12-31"
    pending = [row for row in document["cases"] if row["long_pending"]]
    assert [(row["case"], row["owner"], row["owner_name"]) for row in pending] == [
        ("C2", "head-c", "Head of section C")
    ]
    zh = runner.invoke(
        main,
        ["problems", "list", program, "--ledger", ledger, "--as-of", "2006-12-31", "--lang", "zh"],
    )
    assert zh.exit_code == 0, zh.output
    assert "久拖未结" in zh.output


def test_problems_import_of_a_bad_file_exits_1_naming_the_row(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vanguard.cli import main

    program = str(Path(__file__).parent / "small-program.toml")
    cases = str(write(tmp_path, HEADER + ROWS.replace("head-c", "head-a")))
    ledger = str(tmp_path / "l.sqlite")
    result = CliRunner().invoke(main, ["problems", "import", program, cases, "--ledger", ledger])
    assert result.exit_code == 1
    assert "rows[1].owner" in result.output
    assert "Traceback" not in result.output


def test_ledger_verify_program_replays_the_register_and_names_a_record_that_does_not_fit(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from vanguard.cli import main

    program = str(Path(__file__).parent / "small-program.toml")
    ledger = str(tmp_path / "l.sqlite")
    runner = CliRunner()
    for arguments in (
        ["ledger", "import", program, "--ledger", ledger],
        ["problems", "import", program, str(write(tmp_path, HEADER + ROWS)), "--ledger", ledger],
    ):
        assert runner.invoke(main, arguments).exit_code == 0
    verify = ["ledger", "verify", "--ledger", ledger, "--program", program]
    good = runner.invoke(main, verify)
    assert good.exit_code == 0, good.output
    with Ledger.open(ledger) as stored:
        stored.append(
            "case.resolved",
            "test-bureau/C1/resolved-again",
            {"program": "test-bureau", "case": "C1", "resolved": "2006-05-01", "resolution": "x"},
        )
    bad = runner.invoke(main, verify)
    assert bad.exit_code == 1
    assert "case.resolved test-bureau/C1/resolved-again" in bad.output
    assert "resolved a second time" in bad.output


# --- indicators derived from the register -----------------------------------------------


def test_register_figures_count_identified_on_time_and_long_pending_at_the_year_end(
    program: Program, tmp_path: Path
) -> None:
    from vanguard.review.register_figures import register_figures, register_report_rows

    with ledger_at(tmp_path) as ledger:
        import_cases(ledger, program, write(tmp_path, HEADER + ROWS), today=TODAY)
        resolve_case(ledger, program, "C3", dt.date(2007, 1, 20), "posted", today=TODAY)
        register = stored_register(ledger, program)
    year = {f.unit: f for f in register_figures(register, dt.date(2006, 1, 1), YEAR_END)}
    assert [(f.identified, f.rectified_on_time, f.long_pending_open) for f in year.values()] == [
        (1, 1, 0),  # sec-a: C1 resolved on time
        (1, 0, 0),  # sec-b: C3 not yet due
        (1, 0, 1),  # sec-c: C2 long-pending
    ]
    january = {f.unit: f for f in register_figures(register, dt.date(2007, 1, 1), TODAY)}
    assert (january["sec-b"].identified, january["sec-b"].resolved_late) == (0, 1)
    rows = register_report_rows(register, 2006)
    assert len(rows) == 3 * 4 * 12
    value = {(r["post"], r["indicator"], r["period"]): r["value"] for r in rows}
    assert value["head-c", "rectification.measures_completed", "2006-05"] == 1.0
    assert value["head-a", "rectification.cases_resolved", "2006-04"] == 1.0
    assert sum(v for (p, i, _), v in value.items() if i.endswith("identified")) == 3.0
    later = register_report_rows(register, 2007)
    assert [
        (r["post"], r["period"])
        for r in later
        if r["indicator"] == "rectification.long_pending_resolved" and r["value"]
    ] == [("head-b", "2007-01")]
