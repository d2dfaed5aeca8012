"""The ledger is the truth: published records are recomputed from what the ledger held when
they were recorded, reports are corrected by records of their own, a re-issued bulletin is
a new version, and an import is all or nothing (issue 9, items 4, 5, 6 and 10)."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import Program, ProgramError, Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.review import Actuals, check_reports, publish_bulletin
from vanguard.review.recording import (
    CORRECTION,
    REPORT,
    add_reports,
    correct_report,
    publish_to_ledger,
    recompute_matches,
    record_evaluation,
    stored_reports,
)
from vanguard.review.yearend import evaluate

from .conftest import HERE, year_rows

SMALL = HERE / "small-program.toml"
EXAMPLES = Path(__file__).parents[2] / "examples"
PLEDGE = '{ task = "T1", indicator = "training.trained", value = 40 }'
REVISED = (
    '{ task = "T1", indicator = "training.trained", value = 40, revisions = '
    '[{ value = 50, signed = 2006-11-01, reason = "takes over section C trainees" }] }'
)


def vanguard(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    lines = ["post,indicator,period,value,reported"]
    lines += [
        f"{r['post']},{r['indicator']},{r['period']},{r['value']},{r['reported']}" for r in rows
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def program_file(tmp_path: Path, old: str = "", new: str = "", name: str = "p.toml") -> Path:
    """The small program, with the first ``old`` replaced by ``new`` (in the first letter
    holding it: head-a's work-target letter for PLEDGE)."""
    text = SMALL.read_text("utf-8")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def ledger_path(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.sqlite")
    result = vanguard(
        "ledger", "import", str(SMALL), str(write_csv(year_rows(), tmp_path / "year.csv")),
        "--ledger", path,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def publish(program: Path, ledger: str, *quarters: str) -> list[Result]:
    results = [
        vanguard("bulletin", str(program), "--quarter", q, "--ledger", ledger) for q in quarters
    ]
    assert all(r.exit_code == 0 for r in results), [r.output for r in results]
    return results


# --- item 4 ------------------------------------------------------------------------------


def test_a_revision_imported_later_does_not_make_earlier_records_no_longer_match(
    ledger_path: str, tmp_path: Path
) -> None:
    publish(SMALL, ledger_path, "2006Q1", "2006Q2")
    assert (
        vanguard("evaluate", str(SMALL), "--year", "2006", "--ledger", ledger_path).exit_code == 0
    )
    revised = program_file(tmp_path, PLEDGE, REVISED)
    # Before the revision is imported, verify names it, and only it.
    pending = vanguard("ledger", "verify", "--program", str(revised), "--ledger", ledger_path)
    assert pending.exit_code == 1
    assert "letter WT-head-a: the revision of T1/training.trained signed 2006-11-01 (40 -> 50)" in (
        pending.output
    )
    assert "in the file, not in the ledger" in pending.output
    assert "no longer matches" not in pending.output
    imported = vanguard("ledger", "import", str(revised), "--ledger", ledger_path)
    assert imported.exit_code == 0, imported.output
    after = vanguard("ledger", "verify", "--program", str(revised), "--ledger", ledger_path)
    assert after.exit_code == 0, after.output
    assert "(3 records)" in after.output  # two bulletins and the evaluation


def test_verify_names_each_letter_difference_instead_of_failing_every_record(
    ledger_path: str, tmp_path: Path
) -> None:
    publish(SMALL, ledger_path, "2006Q1", "2006Q2", "2006Q3")
    # The ledger holds a revision of head-a's pledge ...
    revised = program_file(tmp_path, PLEDGE, REVISED, "revised.toml")
    assert vanguard("ledger", "import", str(revised), "--ledger", ledger_path).exit_code == 0
    # ... and the file drops it, revises head-b's pledge and quietly edits head-c's.
    parts = SMALL.read_text("utf-8").split(PLEDGE)
    assert len(parts) == 4
    edited = tmp_path / "edited.toml"
    edited.write_text(
        parts[0] + PLEDGE + parts[1] + REVISED.replace("50", "45") + parts[2]
        + PLEDGE.replace("40", "41") + parts[3],
        "utf-8",
    )  # fmt: skip
    result = vanguard("ledger", "verify", "--program", str(edited), "--ledger", ledger_path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "letter WT-head-c: the letter as signed differs from record 4: "
        "pledges[T1/training.trained].value: 40 in the ledger, 41 in the file"
    ) in lines
    assert (
        "letter WT-head-b: the revision of T1/training.trained signed 2006-11-01 (40 -> 45): "
        "in the file, not in the ledger (import the program to record it)"
    ) in lines
    assert any(
        line.startswith("letter WT-head-a: the revision of T1/training.trained signed 2006-11-01")
        and "recorded (record" in line
        and line.endswith("not in the file")
        for line in lines
    )
    assert "no longer matches" not in result.output  # the three bulletins still recompute
    report = json.loads(
        vanguard(
            "ledger", "verify", "--program", str(edited), "--ledger", ledger_path, "--json"
        ).output
    )  # fmt: skip
    assert sorted(d["nature"] for d in report["letter_differences"]) == [
        "added",
        "changed",
        "missing",
    ]
    assert [r["ok"] for r in report["recomputed"]] == [True, True, True]


def test_publishing_refuses_a_letter_changed_without_a_revision(
    ledger_path: str, tmp_path: Path
) -> None:
    edited = program_file(tmp_path, PLEDGE, PLEDGE.replace("40", "41"))
    result = vanguard("bulletin", str(edited), "--quarter", "2006Q1", "--ledger", ledger_path)
    assert result.exit_code == 1
    assert "letters.WT-head-a" in result.output
    assert "Traceback" not in result.output
    with Ledger.open(ledger_path, create=False) as ledger:
        assert ledger.entries("bulletin") == []


# --- item 5 ------------------------------------------------------------------------------


def test_a_submitted_report_can_be_corrected_and_the_bulletin_is_reissued_as_version_2(
    ledger_path: str, app: Vanguard, program: Program
) -> None:
    publish(SMALL, ledger_path, "2006Q1")
    result = vanguard(
        "reports", "correct", str(SMALL), "head-c", "training.trained", "2006-02", "9",
        "--by", "clerk Li", "--reason", "the February sheet was misread", "--on", "2006-04-20",
        "--ledger", ledger_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "corrected head-c/training.trained/2006-02:" in result.output
    with Ledger.open(ledger_path, create=False) as ledger:
        assert ledger.verify().ok
        (original,) = [
            e for e in ledger.entries(REPORT) if e.key.endswith("head-c/training.trained/2006-02")
        ]
        (correction,) = ledger.entries(CORRECTION)
        filed = original.payload["value"]
        assert correction.payload == {
            "program": "test-bureau",
            "post": "head-c",
            "indicator": "training.trained",
            "period": "2006-02",
            "previous": filed,
            "value": 9.0,
            "by": "clerk Li",
            "reason": "the February sheet was misread",
            "corrected": "2006-04-20",
            "number": 1,
        }
        assert correction.key == "test-bureau/head-c/training.trained/2006-02/correction-1"
        in_force = {r.key: r.value for r in stored_reports(ledger, program)}
        assert in_force["head-c/training.trained/2006-02"] == 9.0
        as_filed = {r.key: r.value for r in stored_reports(ledger, program, in_force=False)}
        assert as_filed["head-c/training.trained/2006-02"] == filed
    again = vanguard("bulletin", str(SMALL), "--quarter", "2006Q1", "--ledger", ledger_path)
    assert again.exit_code == 0, again.output
    assert "recorded bulletin test-bureau/2006Q1/v2" in again.output
    assert "line head-c/T1/training.trained: actual" in again.output
    with Ledger.open(ledger_path, create=False) as ledger:
        first, second = ledger.entries("bulletin")
        assert "version" not in first.payload  # the first version is as it was
        assert second.payload["version"] == 2
        items = {(c["item"], c["id"], c["field"]) for c in second.payload["changes"]}
        assert ("line", "head-c/T1/training.trained", "actual") in items
        assert ("post", "head-c", "score") in items
        assert recompute_matches(ledger, app.converter, program) == []
    # Nothing changed since: publishing again records nothing.
    third = vanguard("bulletin", str(SMALL), "--quarter", "2006Q1", "--ledger", ledger_path)
    assert "test-bureau/2006Q1/v2" in third.output
    verified = vanguard("ledger", "verify", "--program", str(SMALL), "--ledger", ledger_path)
    assert verified.exit_code == 0, verified.output


def test_the_year_end_reads_the_corrected_values(
    ledger_path: str, app: Vanguard, program: Program
) -> None:
    with Ledger.open(ledger_path, create=False) as ledger:
        first, _ = record_evaluation(ledger, app.converter, program)
        correct_report(
            ledger, program, "head-b", "integrity.violations", "2006-07", 0,
            by="discipline office", reason="the case was dismissed on appeal",
        )  # fmt: skip
        second, entries = record_evaluation(ledger, app.converter, program)
        assert entries[0].key == "test-bureau/2006/v2"
        assert entries[0].payload["version"] == 2
        assert recompute_matches(ledger, app.converter, program) == []
    head_b = {p.post: p for p in first.posts}["head-b"]
    assert head_b.vetoes  # the breach vetoed head-b ...
    assert not {p.post: p for p in second.posts}["head-b"].vetoes  # ... until corrected
    rows = [
        {**r, "value": 0.0}
        if (r["post"], r["indicator"]) == ("head-b", "integrity.violations")
        else r
        for r in year_rows()
    ]
    known = program.usable_indicators()
    direct = evaluate(
        program, Actuals.from_reports(program, check_reports(program, rows, known), known)
    )
    assert direct.to_payload(app.converter) == second.to_payload(app.converter)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("head-c", "training.trained", "2007-02", "9"), "holds no report"),
        (("head-c", "training.trained", "2006-02", "1_0"), "value: expected a plain decimal"),
        (("head-c", "training.trained", "2006-02", "-3"), "cannot be negative"),
        (("nobody", "training.trained", "2006-02", "9"), "holds no report"),
    ],
)
def test_a_bad_correction_is_refused_by_name(
    ledger_path: str, args: tuple[str, ...], words: str
) -> None:
    result = vanguard(
        "reports", "correct", "--by", "clerk", "--reason", "typo", "--ledger", ledger_path,
        "--", str(SMALL), *args,
    )  # fmt: skip
    assert result.exit_code == 1
    assert words in result.output
    assert "Traceback" not in result.output


def test_a_correction_needs_who_why_and_a_new_value(ledger_path: str, program: Program) -> None:
    with Ledger.open(ledger_path, create=False) as ledger:
        (report,) = [
            r for r in stored_reports(ledger, program) if r.key == "head-a/training.trained/2006-05"
        ]
        with pytest.raises(ProgramError) as caught:
            correct_report(
                ledger, program, "head-a", "training.trained", "2006-05", report.value,
                by=" ", reason="", on=dt.date.today() + dt.timedelta(days=3),
            )  # fmt: skip
        assert {p.location for p in caught.value.problems} == {"by", "reason", "on", "value"}
        assert len(ledger.entries(CORRECTION)) == 0


@settings(
    deadline=None, max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    corrections=st.lists(
        st.tuples(
            st.sampled_from(["head-a", "head-b", "head-c"]),
            st.integers(1, 6),
            st.integers(0, 30),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_reissued_bulletin_equals_the_bulletin_of_the_corrected_reports(
    tmp_path_factory: pytest.TempPathFactory,
    app: Vanguard,
    program: Program,
    corrections: list[tuple[str, int, int]],
) -> None:
    """Two paths, one answer: v2 from the ledger after corrections, and the bulletin of the
    same reports with the corrected values written in."""
    rows = year_rows()
    path = tmp_path_factory.mktemp("reissue") / "ledger.sqlite"
    with Ledger.open(path) as ledger:
        add_reports(ledger, program, rows, converter=app.converter)
        publish_to_ledger(ledger, app.converter, program, "2006Q2")
        for post, month, value in corrections:
            period = f"2006-{month:02d}"
            try:
                correct_report(
                    ledger, program, post, "training.trained", period, value,
                    by="clerk", reason="recount",
                )  # fmt: skip
            except ProgramError:  # the value already in force: nothing to correct
                continue
            for row in rows:
                if (row["post"], row["indicator"], row["period"]) == (
                    post,
                    "training.trained",
                    period,
                ):
                    row["value"] = float(value)
        reissued, _ = publish_to_ledger(ledger, app.converter, program, "2006Q2")
    known = program.usable_indicators()
    direct = publish_bulletin(
        program, Actuals.from_reports(program, check_reports(program, rows, known), known), "2006Q2"
    )
    assert reissued.lines == direct.lines
    assert reissued.posts == direct.posts
    assert reissued.units == direct.units
    assert reissued.program_score == direct.program_score


# --- items 6 and 10 ----------------------------------------------------------------------


def test_reports_missing_lists_the_months_a_post_filed_nothing(tmp_path: Path) -> None:
    rows = [
        r
        for r in year_rows()
        if not (r["post"] == "head-c" and r["period"] in ("2006-05", "2006-06", "2006-07"))
    ]
    ledger = str(tmp_path / "l.sqlite")
    assert (
        vanguard(
            "ledger",
            "import",
            str(SMALL),
            str(write_csv(rows, tmp_path / "r.csv")),
            "--ledger",
            ledger,
        ).exit_code
        == 0
    )
    result = vanguard("reports", "missing", str(SMALL), "--as-of", "2006-07-31", "--ledger", ledger)
    assert result.exit_code == 0, result.output
    # July is not due until 5 August; the chief's exam results were never filed.
    assert (
        "test-bureau: 4 submission(s) missing and overdue as of 2006-07-31 (2 post(s))"
        in result.output
    )
    listed = json.loads(
        vanguard(
            "reports", "missing", str(SMALL), "--as-of", "2007-01-31", "--ledger", ledger, "--json"
        ).output
    )["missing"]
    assert [(m["post"], m["period"]) for m in listed if m["post"] == "head-c"] == [
        ("head-c", "2006-05"),
        ("head-c", "2006-06"),
        ("head-c", "2006-07"),
    ]
    assert listed[-1]["days_overdue"] == (dt.date(2007, 1, 31) - dt.date(2006, 8, 5)).days
    from_file = vanguard(
        "reports",
        "missing",
        str(SMALL),
        "--as-of",
        "2007-01-31",
        "--reports",
        str(tmp_path / "r.csv"),
    )
    assert "7 submission(s) missing" in from_file.output  # head-c 3, the chief 4


def test_a_failing_import_of_the_wrong_programs_file_commits_nothing(tmp_path: Path) -> None:
    ledger = tmp_path / "l.sqlite"
    result = vanguard(
        "ledger", "import", str(EXAMPLES / "zhaoqing-2006.toml"),
        str(EXAMPLES / "sihui-2006-reports.csv"), "--ledger", str(ledger),
    )  # fmt: skip
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "seems to belong to another program" in lines[0]
    assert len(lines) == 21
    assert lines[-1].startswith("... and ")
    assert lines[-1].endswith(" more")
    with Ledger.open(ledger) as opened:
        assert len(opened) == 0  # not one letter


def test_ledger_import_takes_an_explicit_encoding_and_filing_date(tmp_path: Path) -> None:
    rows = year_rows()[:3]
    text = "post,indicator,period,value,reported\n" + "".join(
        f"{r['post']},{r['indicator']},{r['period']},{r['value']},\n" for r in rows
    )
    path = tmp_path / "history.csv"
    path.write_bytes(text.encode("gb18030"))
    ledger = str(tmp_path / "l.sqlite")
    refused = vanguard("ledger", "import", str(SMALL), str(path), "--ledger", ledger)
    assert refused.exit_code == 1
    assert "row 1.reported: required" in refused.output
    taken = vanguard(
        "ledger",
        "import",
        str(SMALL),
        str(path),
        "--ledger",
        ledger,
        "--filed-on",
        "2006-03-01",
        "--encoding",
        "gb18030",
    )
    assert taken.exit_code == 0, taken.output
    assert "imported 3 reports" in taken.output
