"""Limits declared once and enforced at the edge: sizes, counts, dates, years and weights.

Each test is named after what a hostile or careless user saw before (issue 13).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanguard import Limits, ProgramError, Vanguard
from vanguard.cli import main
from vanguard.limits import DEFAULT_LIMITS
from vanguard.validation.limits import count_problems, document_counts

MINIMAL = {
    "id": "p",
    "name": "P",
    "campaign": {"id": "c", "name": "C"},
    "start": "2006-01-01",
    "end": "2006-12-31",
}
TASKS = [
    {"id": "T1", "name": "One", "pillar": "P1"},
    {"id": "T2", "name": "Two", "pillar": "P1"},
]


def app(limits: Limits = DEFAULT_LIMITS) -> Vanguard:
    return Vanguard(load_entrypoints=False, limits=limits)


def problems_of(document: dict[str, object], limits: Limits = DEFAULT_LIMITS) -> list[str]:
    try:
        app(limits).parse_program(json.dumps(document), "json")
    except ProgramError as error:
        return [str(problem) for problem in error.problems]
    return []


def program_with(**changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        **MINIMAL,
        "pillars": [{"id": "P1", "name": "Pillar"}],
        "rules": {"reach_bottom": False},  # tasks pledged in no letter are fine here
    }
    document.update(changes)
    return document


@pytest.mark.parametrize(("weight", "words"), [(-3, "at least 0"), (1e300, "at most 1e+06")])
def test_task_weights_of_minus_3_or_1e300_are_refused(weight: float, words: str) -> None:
    tasks = [{**TASKS[0], "weight": weight}, TASKS[1]]
    [problem] = problems_of(program_with(tasks=tasks))
    assert problem.startswith("tasks[0].weight: must be")
    assert words in problem


def test_all_weights_zero_is_refused_so_no_empty_grade_table_is_printed() -> None:
    tasks = [{**task, "weight": 0} for task in TASKS]
    [problem] = problems_of(program_with(tasks=tasks))
    assert problem.startswith("tasks: every key task weighs 0")
    assert problems_of(program_with(tasks=[{**TASKS[0], "weight": 0}, TASKS[1]])) == []


def test_dates_from_0001_to_9999_are_refused_at_their_place() -> None:
    found = problems_of(program_with(start="0001-01-01", end="9999-12-31"))
    assert found[:2] == [
        "start: 0001-01-01 is outside the dates a program may use (1900-01-01..2199-12-31; "
        "see Limits(earliest=..., latest=...))",
        "end: 9999-12-31 is outside the dates a program may use (1900-01-01..2199-12-31; "
        "see Limits(earliest=..., latest=...))",
    ]


def test_a_200_year_program_is_refused_before_anything_is_simulated() -> None:
    [problem] = problems_of(program_with(start="1950-01-01", end="2149-12-31"))
    assert problem.startswith("end: the program spans 200 years (1950-01-01..2149-12-31)")
    assert "at most 10 are allowed" in problem
    assert problems_of(program_with(start="2006-07-01", end="2016-06-30")) == []  # 10 years
    wide = Limits(max_years=200)
    assert problems_of(program_with(start="1950-01-01", end="2149-12-31"), wide) == []


def test_a_date_deep_inside_the_program_is_checked_too() -> None:
    letters = [
        {"id": "L", "kind": "integrity", "pledger": "a", "recipient": "b", "signed": "2006-01-05",
         "pledges": [{"task": "T1", "indicator": "x", "value": 1,
                      "revisions": [{"value": 2, "signed": "9999-01-01", "reason": "typo"}]}]},
    ]  # fmt: skip
    found = problems_of(program_with(letters=letters))
    assert found[0].startswith("letters[0].pledges[0].revisions[0].signed: 9999-01-01 is outside")


def test_counts_are_refused_on_the_document_before_it_is_structured() -> None:
    # a million broken letters: the count is the one problem, no letter is even looked at
    letters = [{"broken": True}] * 1_000
    limits = Limits(max_letters=999)
    found = problems_of(program_with(letters=letters), limits)
    assert found == [
        "letters: 1,000 letters is over the limit of 999 (raise it with Limits(max_letters=...) "
        "or --limit max_letters=N)"
    ]


def test_limits_are_set_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(program_with(start="1950-01-01", end="2149-12-31")), "utf-8")
    runner = CliRunner()
    refused = runner.invoke(main, ["validate", str(path)])
    assert refused.exit_code == 1
    assert "the program spans 200 years" in refused.output
    allowed = runner.invoke(main, ["--limit", "max_years=200", "validate", str(path)])
    assert allowed.exit_code == 0, allowed.output
    misspelt = runner.invoke(main, ["--limit", "max_year=200", "validate", str(path)])
    assert misspelt.exit_code == 2
    assert "unknown limit (did you mean 'max_years'?)" in misspelt.output
    for bad in ("max_years", "max_years=ten", "max_years=0", "earliest=yesterday"):
        result = runner.invoke(main, ["--limit", bad, "validate", str(path)])
        assert result.exit_code == 2, (bad, result.output)
        assert "Traceback" not in result.output


def test_a_province_size_program_is_inside_the_default_limits() -> None:
    # the Zhaoqing bureau replicated 190 times (issue 14): 10,070 posts, 19,570 letters,
    # 133,000 pledges and 17,003,778 bytes of TOML must be admitted as they are
    province = {
        "tasks": 28 * 190,
        "posts": 53 * 190,
        "units": 16 * 190,
        "letters": 103 * 190,
        "indicators": 17,
        "cycles": 5,
        "pledges": 700 * 190,
    }
    limits = Limits()
    assert count_problems(province, limits) == []
    assert limits.max_bytes > 17_003_778 * 3
    tenfold = {key: value * 10 for key, value in province.items() if key != "cycles"}
    assert count_problems(tenfold, limits) == []


def test_document_counts_read_every_counted_list() -> None:
    document = program_with(
        tasks=TASKS, letters=[{"pledges": [{}, {}]}, {"pledges": [{}]}, {"pledges": "x"}]
    )
    counts = document_counts(document)
    assert (counts["tasks"], counts["letters"], counts["pledges"]) == (2, 3, 3)


def test_limits_refuse_nonsense_values() -> None:
    with pytest.raises(ValueError, match="max_posts must be at least 1"):
        Limits(max_posts=0)
    with pytest.raises(ValueError, match="earliest"):
        Limits(earliest=dt.date(2000, 1, 1), latest=dt.date(1999, 1, 1))
    assert Limits().replaced({"max_bytes": "134_217_728"}).max_bytes == 128 * 1024 * 1024
    assert math.isfinite(Limits().max_replications)
