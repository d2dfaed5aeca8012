"""Bulletins and the year end read the rectification register like any indicator (issue 15).

On the Sihui example: its year of reports and its register of cases in one ledger; the
department heads own the cases and pledge the register's three indicators on S10, the
deputy mayors pledge their departments' sums. What a user checks: a case resolved after
the quarter end is open in that quarter's bulletin, the long-pending case still open at
the year end is a finding against its owner and is named with the owner by ``vanguard
evaluate``, a resolution recorded later re-issues the bulletin, and the register's values
are judged exactly as the same values filed as reports would be.
"""

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from vanguard import Program, Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger
from vanguard.model.rectification import LONG_PENDING, ON_TIME, REGISTERED, Register
from vanguard.problems import ProgramError
from vanguard.review import Actuals
from vanguard.review.bulletin import publish_bulletin
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.evaluation import evaluate_many
from vanguard.review.register import (
    import_cases,
    long_pending_at_year_end,
    resolve_case,
    stored_register,
)
from vanguard.review.register_actuals import (
    month_values,
    reporting_posts,
    unplaced_cases,
    with_register,
)
from vanguard.review.reports import Report, read_reports

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROGRAM = EXAMPLES / "sihui-2006.toml"
REPORTS = EXAMPLES / "sihui-2006-reports.csv"
CASES = EXAMPLES / "sihui-2006-register.csv"
TODAY = dt.date(2007, 1, 31)


@pytest.fixture(scope="module")
def app() -> Vanguard:
    found = Vanguard()
    if "problem-rectification" not in found.initiatives():
        pytest.skip("the problem-rectification plugin is not installed")
    return found


@pytest.fixture(scope="module")
def sihui(app: Vanguard) -> Program:
    return app.load_program(PROGRAM)


@pytest.fixture(scope="module")
def stocked(app: Vanguard, sihui: Program, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding Sihui's year of reports and its register (not to be written to)."""
    path = tmp_path_factory.mktemp("sihui") / "ledger.sqlite"
    with app.review(sihui, ledger=path) as review:
        review.record(REPORTS)
        import_cases(review.ledger, sihui, CASES, today=TODAY)
    return path


@pytest.fixture
def ledger_copy(stocked: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "ledger.sqlite"
    shutil.copyfile(stocked, copy)
    return copy


def _line(bulletin: object, post: str, code: str) -> tuple[float, float | None]:
    (line,) = [
        item
        for item in bulletin.lines  # type: ignore[attr-defined]
        if item.post == post and item.indicator == code
    ]
    return line.due, line.actual


def test_a_case_resolved_after_the_quarter_is_open_in_that_quarters_bulletin(
    app: Vanguard, sihui: Program, stocked: Path
) -> None:
    # R05 (public security) was due on 31 May and resolved on 10 July
    with app.review(sihui, ledger=stocked) as review:
        second, third = review.bulletin("2006Q2"), review.bulletin("2006Q3")
    assert _line(second, "public-security.head", LONG_PENDING) == (0.0, 1.0)
    assert _line(third, "public-security.head", LONG_PENDING) == (0.0, 0.0)
    # resolved late: not rectified on time, in any quarter
    assert _line(third, "public-security.head", ON_TIME)[1] == 0.0
    # R02 (land resources) passed its deadline of 31 August: long-pending from Q3 on
    assert _line(second, "land-resources.head", LONG_PENDING)[1] == 0.0
    assert _line(third, "land-resources.head", LONG_PENDING)[1] == 1.0
    # R06 (government office) opened in March and was rectified in April, on time
    first = review.bulletin("2006Q1")
    assert _line(first, "gov-office.head", REGISTERED)[1] == 1.0
    assert _line(first, "gov-office.head", ON_TIME)[1] == 0.0
    assert _line(second, "gov-office.head", ON_TIME)[1] == 1.0


def test_a_deputy_answers_for_the_sum_of_the_departments_under_it(
    app: Vanguard, sihui: Program, stocked: Path
) -> None:
    with app.review(sihui, ledger=stocked) as review:
        fourth = review.bulletin("2006Q4")
    heads = ("development-reform", "land-resources", "construction", "industry-commerce")
    for code in (REGISTERED, ON_TIME, LONG_PENDING):
        total = sum(_line(fourth, f"{head}.head", code)[1] or 0.0 for head in heads)
        assert _line(fourth, "deputy-economy", code)[1] == total, code
    assert _line(fourth, "deputy-economy", REGISTERED)[1] == 4.0
    assert _line(fourth, "deputy-economy", LONG_PENDING)[1] == 1.0  # R02


def test_the_long_pending_case_open_at_the_year_end_is_a_finding_against_its_owner(
    app: Vanguard, sihui: Program, stocked: Path
) -> None:
    with app.review(sihui, ledger=stocked) as review:
        evaluation = review.evaluation("2006")
        day, late = long_pending_at_year_end(review.ledger, sihui, "2006")
    assert day == dt.date(2006, 12, 31)
    assert [(case.id, case.owner) for case in late] == [("R02", "land-resources.head")]
    found = {
        (f.post, f.responsibility.value, f.indicator)
        for f in evaluation.findings
        if f.indicator.startswith("register.")
    }
    assert found == {
        ("land-resources.head", "direct", LONG_PENDING),
        ("land-resources.head", "direct", ON_TIME),  # R02 never rectified
        ("public-security.head", "direct", ON_TIME),  # R05 rectified late
        ("deputy-economy", "leadership", LONG_PENDING),
        ("deputy-economy", "leadership", ON_TIME),
        ("deputy-executive", "leadership", ON_TIME),
        ("mayor", "leadership", LONG_PENDING),  # the top of the work-target chain
        ("mayor", "leadership", ON_TIME),
    }


def test_vanguard_evaluate_names_the_open_long_pending_case_with_its_owner(
    ledger_copy: Path,
) -> None:
    result = CliRunner().invoke(
        main,
        ["evaluate", str(PROGRAM), "--year", "2006", "--ledger", str(ledger_copy)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert (
        "long-pending at 2006-12-31: case R02 (Land-use approvals left over from 2005 not "
        "settled) of Land Resources Bureau, owned by Director of Land Resources "
        "(land-resources.head), open 122 days past its deadline of 2006-08-31"
    ) in result.output
    assert "case R04" not in result.output  # open, but not due until January
    chinese = CliRunner().invoke(
        main,
        ["evaluate", str(PROGRAM), "--year", "2006", "--ledger", str(ledger_copy), "--lang", "zh"],
        catch_exceptions=False,
    )
    assert "截至 2006-12-31 久拖未决：问题 R02" in chinese.output
    assert "责任岗位 市国土资源局局长（land-resources.head）" in chinese.output


def test_a_resolution_recorded_later_reissues_the_bulletin_and_verifies(
    app: Vanguard, sihui: Program, ledger_copy: Path
) -> None:
    with app.review(sihui, ledger=ledger_copy) as review:
        first = review.publish("2006Q4")
        assert _line(first, "land-resources.head", LONG_PENDING)[1] == 1.0
        resolve_case(
            review.ledger, sihui, "R02", dt.date(2006, 12, 20), "approvals settled", today=TODAY
        )
        again = review.publish("2006Q4")
        evaluation = review.evaluate("2006")
    assert again.version == 2
    assert _line(again, "land-resources.head", LONG_PENDING)[1] == 0.0
    changed = {change.id for change in again.changes}
    assert f"land-resources.head/S10/{LONG_PENDING}" in changed
    assert not [f for f in evaluation.findings if f.indicator == LONG_PENDING]
    verify = ["ledger", "verify", "--ledger", str(ledger_copy), "--program", str(PROGRAM)]
    result = CliRunner().invoke(main, verify)
    assert result.exit_code == 0, result.output
    assert "every published bulletin and evaluation matches" in result.output


def test_the_register_is_judged_as_the_same_values_filed_as_reports(
    app: Vanguard, sihui: Program, stocked: Path
) -> None:
    """Two paths, one input: the register's monthly values filled in by the register, and
    the same values filed as ordinary reports; the review cannot tell them apart."""
    known = sihui.usable_indicators(app.indicators())
    reports = read_reports(REPORTS, sihui, known)
    with Ledger.open(stocked, create=False) as ledger:
        register = stored_register(ledger, sihui)
    from_register = with_register(
        Actuals.from_reports(sihui, reports, known), sihui, register, known
    )
    months = ReviewCalendar(sihui).months
    reporting = reporting_posts(sihui, known)
    filed = [
        Report(
            post,
            code,
            month.label,
            sum(
                month_values(case, code, month.start, month.end)
                for case in register.cases
                if case.owner == post
            ),
            month.end,
        )
        for code in (REGISTERED, ON_TIME, LONG_PENDING)
        for post in sorted(reporting[code])
        for month in months
    ]
    assert sum(report.value for report in filed if report.indicator == REGISTERED) == 12
    as_reports = Actuals.from_reports(sihui, [*reports, *filed], known)
    np.testing.assert_array_equal(from_register.values, as_reports.values)
    for quarter in ("2006Q2", "2006Q4"):
        assert publish_bulletin(sihui, from_register, quarter, known) == publish_bulletin(
            sihui, as_reports, quarter, known
        )
    real, filed_year = (evaluate_many(sihui, a, known) for a in (from_register, as_reports))
    np.testing.assert_array_equal(real.final, filed_year.final)


def test_without_register_indicators_nothing_changes(app: Vanguard, stocked: Path) -> None:
    """Zhaoqing pledges no register indicator: a register changes none of its actuals."""
    zhaoqing = app.load_program(EXAMPLES / "zhaoqing-2006.toml")
    known = zhaoqing.usable_indicators(app.indicators())
    empty = Actuals.empty(Actuals.from_reports(zhaoqing, [], known).axes)
    assert with_register(empty, zhaoqing, Register(), known) is empty


def test_a_case_whose_owner_delegated_the_indicator_is_named(sihui: Program, stocked: Path) -> None:
    with Ledger.open(stocked, create=False) as ledger:
        register = stored_register(ledger, sihui)
    assert unplaced_cases(sihui, register) == []
    from vanguard.ledger.register import evolve

    # the deputy pledged the register's indicators to the mayor and its heads to it
    moved = Register((evolve(register.cases[0], owner="deputy-executive"),))
    (problem,) = unplaced_cases(sihui, moved)
    assert problem.location == "case R01"
    assert "'deputy-executive' delegated register.cases_registered" in problem.message


def test_a_register_indicator_declared_with_another_aggregation_is_refused(
    app: Vanguard, tmp_path: Path
) -> None:
    text = PROGRAM.read_text(encoding="utf-8")
    declared = (
        'code = "register.long_pending_open"\nsimulate = "rectification.register_long_pending"\n'
        'name = { en = "Long-pending cases still open", zh = "久拖未决问题数" }\nunit = "case"\n'
        'direction = "lower"\nover_time = "last"\n'
    )
    assert declared in text
    wrong = declared.replace("rectification.register_long_pending", "at-pledge").replace(
        'over_time = "last"', 'over_time = "sum"'
    )
    path = tmp_path / "sihui.toml"
    path.write_text(text.replace(declared, wrong), encoding="utf-8")
    with pytest.raises(ProgramError) as refused:
        app.load_program(path)
    (problem,) = refused.value.problems
    assert problem.location.startswith("indicators[")
    assert problem.message == (
        "register.long_pending_open is read from the rectification register: declare it "
        'over_time = "last", over_units = "sum", direction = "lower"'
    )


def test_a_tampered_register_record_is_found_by_ledger_verify(ledger_copy: Path) -> None:
    db = sqlite3.connect(ledger_copy)
    with db:
        seq, key = db.execute(
            "select seq, key from ledger_records where kind = 'case.resolved' order by seq limit 1"
        ).fetchone()
        db.execute(
            "update ledger_records set payload = replace(payload, '2006-06-15', '2006-06-01') "
            "where seq = ?",
            (seq,),
        )
    db.close()
    verify = ["ledger", "verify", "--ledger", str(ledger_copy), "--program", str(PROGRAM)]
    result = CliRunner().invoke(main, verify)
    assert result.exit_code == 1, result.output
    assert f"record {seq} (case.resolved '{key}'): changed" in result.output


def test_a_simulated_year_fills_the_register_lines_from_the_models_register(
    app: Vanguard, sihui: Program
) -> None:
    """No register in a simulated year: each head's register lines read its department's
    simulated cases (the problem-rectification model's register), with a spread, and each
    deputy's line is the sum of its departments', as in the real year."""
    from vanguard.simulation.engine import Options, simulate
    from vanguard.simulation.outcomes import review_outcomes
    from vanguard.simulation.plan import build_plan
    from vanguard.simulation.streams import Block

    plan = build_plan(sihui, app.initiatives(), app.indicators())
    hook = review_outcomes(sihui, app.indicators(), plan)
    values = simulate(plan, 2006, Block(index=0, first=0, size=200), Options())
    year = hook.evaluate(values, 0, 200)[-1]
    lines = {(line.post, line.indicator): i for i, line in enumerate(year.layout.lines)}
    heads = ("development-reform", "land-resources", "construction", "industry-commerce")
    for code in (REGISTERED, ON_TIME, LONG_PENDING):
        mine = np.stack([year.line_actual[:, lines[f"{head}.head", code]] for head in heads])
        assert len(np.unique(mine)) > 1, code  # simulated, not filled at the pledge
        np.testing.assert_array_equal(
            year.line_actual[:, lines["deputy-economy", code]], mine.sum(axis=0)
        )
    registered = year.line_actual[:, lines["land-resources.head", REGISTERED]]
    assert 1.0 < registered.mean() < 2.0  # 1.5 cases a year by default
    missed = year.severity[:, lines["land-resources.head", LONG_PENDING]] >= 0
    assert 0.0 < missed.mean() < 0.5  # a long-pending case open at the year end, sometimes
