"""Monthly reports: precise errors per row, all or nothing, late reports marked late, and
the reporting discipline (no report before its period ended, none from the future, none of
a rate or of a delegated indicator)."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from vanguard import Program, ProgramError, Vanguard
from vanguard.review import check_reports, parse_reports, read_reports

from .conftest import filed

GOOD = {
    "post": "head-a",
    "indicator": "training.trained",
    "period": "2006-03",
    "value": 4,
    "reported": "2006-04-03",
}
ZHAOQING = Path(__file__).parents[2] / "examples" / "zhaoqing-2006.toml"


def row(period: str = "2006-03", **changes: Any) -> dict[str, Any]:
    """GOOD for ``period``, filed three days after it ended, with ``changes``."""
    return {**GOOD, "period": period, "reported": filed(period).isoformat(), **changes}


def problems(program: Program, rows: list[dict[str, Any]], **options: Any) -> dict[str, str]:
    with pytest.raises(ProgramError) as caught:
        check_reports(program, rows, program.usable_indicators(), **options)
    return {p.location: p.message for p in caught.value.problems}


def test_good_rows_become_reports(program: Program) -> None:
    reports = check_reports(program, [GOOD], program.usable_indicators())
    assert len(reports) == 1
    assert reports[0].value == 4.0
    assert reports[0].key == "head-a/training.trained/2006-03"
    assert reports[0].reported == dt.date(2006, 4, 3)
    assert not reports[0].late


@pytest.mark.parametrize(
    ("change", "location", "words"),
    [
        ({"post": "nobody"}, "row 2.post", "unknown post 'nobody'"),
        ({"indicator": "nothing.here"}, "row 2.indicator", "unknown indicator"),
        ({"post": "chief"}, "row 2.indicator", "pledged no target on 'training.trained'"),
        ({"period": "2007-01"}, "row 2.period", "not a month"),
        ({"period": "March"}, "row 2.period", "not a month"),
        ({"value": -3}, "row 2.value", "cannot be negative"),
        ({"value": "many"}, "row 2.value", "plain decimal number"),
        ({"value": float("nan")}, "row 2.value", "finite"),
        ({"reported": "yesterday"}, "row 2.reported", "expected a date"),
        ({"reported": "20060505"}, "row 2.reported", "expected a date"),
        ({"colour": "red"}, "row 2.colour", "unknown column"),
    ],
)
def test_each_bad_row_is_named(
    program: Program, change: dict[str, Any], location: str, words: str
) -> None:
    found = problems(program, [GOOD, {**row("2006-04"), **change}])
    assert location in found, found
    assert words in found[location]


def test_duplicates_in_a_batch_and_against_accepted_reports(program: Program) -> None:
    found = problems(program, [GOOD, dict(GOOD)])
    assert "row 2" in found
    assert "duplicate" in found["row 2"]
    assert "row 1" in found["row 2"]
    accepted = check_reports(program, [GOOD], program.usable_indicators())
    with pytest.raises(ProgramError) as caught:
        check_reports(program, [{**GOOD, "value": 5}], program.usable_indicators(), accepted)
    assert "already accepted" in str(caught.value)
    assert "vanguard reports correct" in str(caught.value)
    # The same report again is a retry: left out, not an error.
    assert check_reports(program, [GOOD], program.usable_indicators(), accepted) == ()


def test_quarter_label_and_month_label_of_the_same_month_are_duplicates(
    program: Program,
) -> None:
    exam = {"post": "head-a", "indicator": "study.exam_score", "value": 80}
    found = problems(program, [row("2006Q1", **exam), row("2006-03", **exam)])
    assert "duplicate" in found["row 2"]


def test_every_bad_row_is_reported_and_nothing_is_returned(program: Program) -> None:
    rows = [GOOD, row("2006-05", value=-1), row("2006-06", post="x")]
    found = problems(program, rows)
    assert set(found) == {"row 2.value", "row 3.post"}


def test_negative_values_of_signed_indicators_are_accepted(program: Program) -> None:
    indicators = program.usable_indicators()
    signed = {
        code: ind
        if code != "training.trained"
        else type(ind)(code=ind.code, name=ind.name, unit=ind.unit, non_negative=False)
        for code, ind in indicators.items()
    }
    reports = check_reports(program, [{**GOOD, "value": -2}], signed)
    assert reports[0].value == -2


def test_late_reports_are_accepted_and_marked(program: Program) -> None:
    # The monthly report cycle gives 5 days after the month's end.
    on_time = {**GOOD, "reported": "2006-04-05"}
    late = row("2006-04", reported="2006-05-06")
    first, second = check_reports(program, [on_time, late], program.usable_indicators())
    assert not first.late
    assert second.late


def test_csv_and_json_files(program: Program, tmp_path: Path) -> None:
    csv_file = tmp_path / "reports.csv"
    csv_file.write_text(
        "post,indicator,period,value,reported\n"
        "head-a,training.trained,2006-01,3,2006-02-02\n"
        "head-b,training.trained,2006-01,-1,2006-02-02\n",
        encoding="utf-8",
    )
    with pytest.raises(ProgramError) as caught:
        read_reports(csv_file, program, program.usable_indicators())
    assert caught.value.source == str(csv_file)
    assert [p.location for p in caught.value.problems] == ["row 2.value"]

    json_file = tmp_path / "reports.json"
    json_file.write_text(json.dumps([GOOD]), encoding="utf-8")
    assert len(read_reports(json_file, program, program.usable_indicators())) == 1


def test_malformed_files_give_located_errors(program: Program) -> None:
    known = program.usable_indicators()
    with pytest.raises(ProgramError, match="missing column"):
        parse_reports("post,value\nx,1\n", "csv", program, known)
    with pytest.raises(ProgramError, match="not valid JSON"):
        parse_reports("[NaN]", "json", program, known)
    with pytest.raises(ProgramError, match="list of reports"):
        parse_reports("{}", "json", program, known)
    with pytest.raises(ProgramError, match="row 1"):
        parse_reports("[3]", "json", program, known)
    with pytest.raises(ProgramError, match=r"\.csv or \.json"):
        parse_reports("", "xlsx", program, known)


# --- reporting discipline (issue 9: "a December report filed on 2006-10-15 ... is accepted")


def test_a_december_report_filed_in_october_is_refused(program: Program) -> None:
    found = problems(program, [row("2006-12", reported="2006-10-15")])
    assert found == {"row 1.reported": "filed 2006-10-15, before period 2006-12 ended (2006-12-31)"}


def test_a_report_for_a_period_that_has_not_ended_is_refused(program: Program) -> None:
    found = problems(program, [row("2006-07", reported="2006-07-20")], today=dt.date(2006, 7, 20))
    assert "has not ended" in found["row 1.period"]
    # A period may be reported from its last day on.
    last_day = row("2006-06", reported="2006-06-30")
    reports = check_reports(
        program, [last_day], program.usable_indicators(), today=dt.date(2006, 6, 30)
    )
    assert reports[0].reported == dt.date(2006, 6, 30)


def test_a_report_dated_in_the_future_is_refused(program: Program) -> None:
    found = problems(program, [row("2006-03", reported="2006-05-01")], today=dt.date(2006, 4, 20))
    assert found == {"row 1.reported": "2006-05-01 is in the future (today is 2006-04-20)"}


def test_an_undated_report_is_never_silently_on_time(program: Program) -> None:
    undated = row("2006-03", reported="")
    assert "required" in problems(program, [undated])["row 1.reported"]
    # A clerk importing history without dates says which date to take, and lateness
    # follows from it.
    (report,) = check_reports(
        program, [undated], program.usable_indicators(), undated=dt.date(2006, 6, 1)
    )
    assert report.reported == dt.date(2006, 6, 1)
    assert report.late


def test_a_head_reporting_an_indicator_it_delegated_is_refused_unless_allowed(
    program: Program,
) -> None:
    own = row("2006-03", post="deputy")
    found = problems(program, [own])
    assert "delegated training.trained to head-a, head-b, head-c" in found["row 1.indicator"]
    assert "rules.delegated_reports" in found["row 1.indicator"]
    allowing = attrs.evolve(program, rules=attrs.evolve(program.rules, delegated_reports=True))
    assert len(check_reports(allowing, [own], allowing.usable_indicators())) == 1


def test_a_rate_is_refused_with_the_names_of_its_parts() -> None:
    app = Vanguard()
    program = app.load_program(ZHAOQING)
    rate = {
        "post": "training.staff-1",
        "indicator": "entrepreneurship.startup_rate",
        "period": "2006-03",
        "value": 0.4,
        "reported": "2006-04-02",
    }
    with pytest.raises(ProgramError) as caught:
        check_reports(program, [rate], program.usable_indicators(app.indicators()))
    (problem,) = caught.value.problems
    assert problem.location == "row 1.indicator"
    assert problem.message == (
        "entrepreneurship.startup_rate is a ratio, computed from its parts: report "
        "entrepreneurship.startups and entrepreneurship.trained instead"
    )


# --- imports that never half-happen (issue 9: "a reports file saved by Excel as UTF-8 with
# BOM fails with 'missing column(s): post'"; "this file seems to belong to another program")

CSV_TEXT = "post,indicator,period,value,reported\nhead-a,training.trained,2006-03,4,2006-04-03\n"


def test_a_file_saved_by_excel_as_utf8_with_a_bom_is_read(program: Program, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(CSV_TEXT.encode("utf-8-sig").replace(b"\n", b"\r\n"))
    (report,) = read_reports(path, program, program.usable_indicators())
    assert report.post == "head-a"


def test_a_gbk_file_is_detected_and_an_encoding_can_be_given(
    program: Program, tmp_path: Path
) -> None:
    text = CSV_TEXT.replace("head-a,", "科长甲,")
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(ProgramError) as caught:
        read_reports(path, program, program.usable_indicators())
    assert "unknown post '科长甲'" in str(caught.value)  # decoded as GB18030, not mojibake
    with pytest.raises(ProgramError) as wrong:
        read_reports(path, program, program.usable_indicators(), encoding="utf-8")
    assert wrong.value.problems[0].location == "line 2"
    assert "--encoding" in wrong.value.problems[0].message
    unknown = pytest.raises(ProgramError, match="unknown encoding")
    with unknown:
        read_reports(path, program, program.usable_indicators(), encoding="klingon")


def test_most_posts_unknown_suggests_another_program(program: Program) -> None:
    rows = [row(f"2006-{m:02d}", post=f"stranger-{m}") for m in range(1, 7)]
    with pytest.raises(ProgramError) as caught:
        check_reports(program, [GOOD, *rows], program.usable_indicators())
    first = caught.value.problems[0]
    assert first.location == ""
    assert "6 of 7 rows name posts that program 'test-bureau' does not have" in first.message
    assert "seems to belong to another program" in first.message


# --- hostile report files (issue 13: "a reports CSV cell of 200 KB gives a traceback";
# "1,000,001 rows are refused, but after 53 s"; "1_000 and Arabic-Indic digits are accepted";
# "1e308 is accepted")


def test_a_200_kb_cell_gives_a_located_error_not_a_traceback(
    program: Program, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(
        CSV_TEXT + f'head-a,training.trained,2006-04,"{"9" * 200_000}",2006-05-03\n', "utf-8"
    )
    with pytest.raises(ProgramError) as caught:
        read_reports(path, program, program.usable_indicators())
    assert caught.value.source == str(path)
    assert [(p.location, p.message) for p in caught.value.problems] == [
        ("row 2.value", "the cell has 200,000 characters; at most 1,000")
    ]


def test_more_rows_than_the_limit_are_refused_before_any_is_checked(
    program: Program, tmp_path: Path
) -> None:
    path = tmp_path / "many.csv"
    # Rows that would each be an error: refusing on the count alone proves no row was read.
    path.write_text("post,indicator,period,value,reported\n" + "x,y,z,w,v\n" * 1_000_001, "utf-8")
    with pytest.raises(ProgramError) as caught:
        read_reports(path, program, program.usable_indicators())
    ((location, message),) = [(p.location, p.message) for p in caught.value.problems]
    assert location == "row 1000001"
    assert message.startswith("the file has 1,000,001 rows; at most 1,000,000")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1_000", "plain decimal number"),
        ("1,000", "plain decimal number"),
        ("١٠٠٠", "plain decimal number"),  # Arabic-Indic digits
        ("۱۲", "plain decimal number"),  # Extended Arabic-Indic (Persian)
        ("１２", "plain decimal number"),  # full-width digits
        ("0x10", "plain decimal number"),
        ("inf", "plain decimal number"),
        ("1e308", "beyond the largest accepted magnitude (1e+12)"),
        ("-2e13", "beyond the largest accepted magnitude"),
        (10**400, "beyond the largest accepted magnitude"),
        (1e308, "beyond the largest accepted magnitude"),
    ],
)
def test_numbers_are_plain_decimals_within_the_declared_magnitude(
    program: Program, value: object, words: str
) -> None:
    found = problems(program, [GOOD, row("2006-04", value=value)])
    assert set(found) == {"row 2.value"}
    assert words in found["row 2.value"]


@pytest.mark.parametrize("value", ["12", " 12 ", "+12", "12.", ".5", "1.5e3", "1E+03", "-0"])
def test_plain_numbers_are_accepted(program: Program, value: str) -> None:
    signed = {"training.trained"}
    indicators = {
        code: attrs.evolve(ind, non_negative=code not in signed)
        for code, ind in program.usable_indicators().items()
    }
    (report,) = check_reports(program, [{**GOOD, "value": value}], indicators)
    assert report.value == float(value)


def test_a_json_cell_too_long_is_located(program: Program) -> None:
    text = json.dumps([GOOD, row("2006-04", post="p" * 5000)])
    with pytest.raises(ProgramError) as caught:
        parse_reports(text, "json", program, program.usable_indicators())
    assert [p.location for p in caught.value.problems] == ["row 2.post"]
