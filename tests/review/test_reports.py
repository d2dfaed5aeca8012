"""Monthly reports: precise errors per row, all or nothing, late reports marked late."""

import json
from pathlib import Path
from typing import Any

import pytest

from vanguard import Program, ProgramError
from vanguard.review import check_reports, parse_reports, read_reports

GOOD = {"post": "head-a", "indicator": "training.trained", "period": "2006-03", "value": 4}


def problems(program: Program, rows: list[dict[str, Any]]) -> dict[str, str]:
    with pytest.raises(ProgramError) as caught:
        check_reports(program, rows, program.usable_indicators())
    return {p.location: p.message for p in caught.value.problems}


def test_good_rows_become_reports(program: Program) -> None:
    reports = check_reports(program, [GOOD], program.usable_indicators())
    assert len(reports) == 1
    assert reports[0].value == 4.0
    assert reports[0].key == "head-a/training.trained/2006-03"
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
        ({"value": "many"}, "row 2.value", "expected a number"),
        ({"value": float("nan")}, "row 2.value", "finite"),
        ({"reported": "yesterday"}, "row 2.reported", "expected a date"),
        ({"colour": "red"}, "row 2.colour", "unknown column"),
    ],
)
def test_each_bad_row_is_named(
    program: Program, change: dict[str, Any], location: str, words: str
) -> None:
    bad = {**GOOD, "period": "2006-04", **change}
    found = problems(program, [GOOD, bad])
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
    # The same report again is a retry: left out, not an error.
    assert check_reports(program, [GOOD], program.usable_indicators(), accepted) == ()


def test_quarter_label_and_month_label_of_the_same_month_are_duplicates(
    program: Program,
) -> None:
    row = {"post": "head-a", "indicator": "study.exam_score", "value": 80}
    found = problems(program, [{**row, "period": "2006Q1"}, {**row, "period": "2006-03"}])
    assert "duplicate" in found["row 2"]


def test_every_bad_row_is_reported_and_nothing_is_returned(program: Program) -> None:
    rows = [GOOD, {**GOOD, "period": "2006-05", "value": -1}, {**GOOD, "post": "x"}]
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
    late = {**GOOD, "period": "2006-04", "reported": "2006-05-06"}
    first, second = check_reports(program, [on_time, late], program.usable_indicators())
    assert not first.late
    assert second.late


def test_csv_and_json_files(program: Program, tmp_path: Path) -> None:
    csv_file = tmp_path / "reports.csv"
    csv_file.write_text(
        "post,indicator,period,value,reported\n"
        "head-a,training.trained,2006-01,3,\n"
        "head-b,training.trained,2006-01,-1,\n",
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
