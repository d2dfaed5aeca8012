"""The review is true in time: pledges in force on each date, dated targets judged at their
date, review years of their own, the ratchet, and lateness counted by submission.

Each test is named after what a user saw before the review core was rebuilt."""

import datetime as dt
from typing import Any

import attrs
import numpy as np
import pytest

from vanguard import Program, Vanguard
from vanguard.model.program import Ratchet
from vanguard.review import Actuals, check_reports, evaluate, publish_bulletin
from vanguard.review.explain import explain_standing

from .conftest import filed


def _revise(program: Program, letter_id: str, indicator: str, value: float, on: dt.date) -> Program:
    letters = []
    for letter in program.letters:
        if letter.id == letter_id:
            pledges = tuple(
                p.revised(value, on, "revised by the deputy") if p.indicator == indicator else p
                for p in letter.pledges
            )
            letter = attrs.evolve(letter, pledges=pledges)
        letters.append(letter)
    return attrs.evolve(program, letters=tuple(letters))


def _actuals(program: Program, rows: list[dict[str, Any]]) -> Actuals:
    known = program.usable_indicators()
    dated = [{"reported": filed(row["period"]), **row} for row in rows]
    return Actuals.from_reports(program, check_reports(program, dated, known), known)


def _next_year(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same reports a year later, each filed three days after its period."""
    later = []
    for row in rows:
        period = row["period"].replace("2006", "2007")
        later.append(dict(row, period=period, reported=filed(period)))
    return later


def _line(bulletin: Any, post: str, indicator: str) -> Any:
    return next(x for x in bulletin.lines if x.post == post and x.indicator == indicator)


def test_a_pledge_lowered_in_november_is_not_applied_backwards(
    program: Program, rows: list[dict[str, Any]]
) -> None:
    # head-a's 40 trained is lowered to 24 on 2006-11-01
    revised = _revise(program, "WT-head-a", "training.trained", 24, dt.date(2006, 11, 1))
    actuals = _actuals(revised, rows)
    q2 = publish_bulletin(revised, actuals, "2006Q2")
    line = _line(q2, "head-a", "training.trained")
    assert line.pledged == 40  # in force on 2006-06-30
    assert line.due == pytest.approx(40 * 181 / 365)
    # a count due reads as a whole number (19.8 people are 20)
    assert "due 20 of 40" in str(explain_standing(revised, q2, "head-a"))
    q4 = publish_bulletin(revised, actuals, "2006Q4")
    assert _line(q4, "head-a", "training.trained").pledged == 24
    year_end = evaluate(revised, actuals).post("head-a")
    trained = next(x for x in year_end.lines if x.indicator == "training.trained")
    assert trained.pledged == 24
    # the unrevised program's Q2 bulletin is the same as the revised one's
    assert publish_bulletin(program, _actuals(program, rows), "2006Q2").lines == q2.lines


def test_a_dated_target_reached_late_is_a_finding_at_year_end(app: Vanguard) -> None:
    program = app.parse_program(DATED)
    opened_in_july = [
        {"post": "head", "indicator": "centre.open", "period": f"2006-{m:02d}", "value": v}
        for m, v in ((1, 0), (4, 0), (7, 1), (12, 1))
    ]
    actuals = _actuals(program, opened_in_july)
    head = evaluate(program, actuals).post("head")
    (line,) = head.lines
    assert line.actual == 0.0  # as of 30 April, the target's date
    assert line.achievement == 0.0
    findings = evaluate(program, actuals).findings_for("head")
    assert [f.responsibility.value for f in findings] == ["direct"]
    q3 = publish_bulletin(program, actuals, "2006Q3")
    assert _line(q3, "head", "centre.open").actual == 0.0  # judged at its date, in July too
    on_time = [{"post": "head", "indicator": "centre.open", "period": "2006-04", "value": 1}]
    assert evaluate(program, _actuals(program, on_time)).findings == ()


def test_evaluating_2006_of_a_two_year_program_is_as_of_the_end_of_2006(
    program: Program, rows: list[dict[str, Any]]
) -> None:
    two_years = attrs.evolve(program, end=dt.date(2007, 12, 31))
    actuals = _actuals(two_years, rows)  # reports for 2006 only
    first = evaluate(two_years, actuals, year="2006")
    assert (first.year, first.as_of) == ("2006", dt.date(2006, 12, 31))
    assert first == attrs.evolve(evaluate(program, _actuals(program, rows)), as_of=first.as_of)
    second = evaluate(two_years, actuals, year="2007")
    assert (second.year, second.as_of) == ("2007", dt.date(2007, 12, 31))
    # nothing reported in 2007: every line of 2007 stands at nothing, not at 2006's totals
    assert all(line.actual is None for post in second.posts for line in post.lines)
    assert second.post("head-a").final != first.post("head-a").final


def test_a_ratchet_raises_next_years_pledge_to_this_years_result(
    program: Program, rows: list[dict[str, Any]]
) -> None:
    two_years = attrs.evolve(
        program,
        end=dt.date(2007, 12, 31),
        ratchet=Ratchet(factor=1.05, indicators=("training.trained",)),
    )
    again = _next_year(rows)
    actuals = _actuals(two_years, rows + again)
    first, second = (evaluate(two_years, actuals, year=y) for y in ("2006", "2007"))
    for post in ("head-a", "head-b", "head-c"):
        trained_2006 = next(x for x in first.post(post).lines if x.indicator == "training.trained")
        trained_2007 = next(x for x in second.post(post).lines if x.indicator == "training.trained")
        assert trained_2006.pledged == 40
        assert trained_2006.actual is not None
        assert trained_2007.pledged == pytest.approx(max(40, 1.05 * trained_2006.actual))
    satisfaction = next(
        x for x in second.post("head-a").lines if x.indicator == "service.satisfaction"
    )
    assert satisfaction.pledged == 90  # the ratchet names only training.trained
    q2 = publish_bulletin(two_years, actuals, "2007Q2")
    a = q2.standing("head-a")
    assert a.year_ago_score is not None
    assert a.year_change is not None


def test_two_late_months_count_two_late_submissions(
    program: Program, rows: list[dict[str, Any]]
) -> None:
    late = [
        dict(row, reported=dt.date(2006, 3 + int(row["period"][5:7]), 28))
        if row["post"] == "head-c" and row["period"] in ("2006-02", "2006-05")
        else row
        for row in rows
    ]
    actuals = _actuals(program, late)
    assert actuals.late[0, actuals.axes.posts.index("head-c")].sum() == 2
    assert evaluate(program, actuals).post("head-c").late_reports == 2


def test_the_one_replication_path_and_many_agree_with_a_ratchet(
    program: Program, rows: list[dict[str, Any]]
) -> None:
    from vanguard.review import evaluate_many

    two_years = attrs.evolve(program, end=dt.date(2007, 12, 31), ratchet=Ratchet(factor=1.1))
    again = _next_year(rows)
    one = _actuals(two_years, rows + again)
    rng = np.random.default_rng(np.random.SeedSequence(9))
    values = one.values * rng.uniform(0.5, 1.5, size=(5, *one.values.shape[1:]))
    many = evaluate_many(two_years, Actuals(one.axes, values), year="2007")
    for r in range(5):
        alone = evaluate_many(two_years, Actuals(one.axes, values[r : r + 1]), year="2007")
        np.testing.assert_array_equal(many.final[r], alone.final[0])
        np.testing.assert_array_equal(many.line_pledged[r], alone.line_pledged[0])


DATED = """
id = "dated"
name = "A dated target"
start = 2006-01-01
end = 2006-12-31
[campaign]
id = "c"
name = "Campaign"
[[indicators]]
code = "centre.open"
name = "Centre open"
unit = "flag"
over_time = "last"
over_units = "last"
[[pillars]]
id = "P"
name = "Pillar"
[[tasks]]
id = "T25"
name = "Open the centre"
pillar = "P"
targets = [{ indicator = "centre.open", value = 1, due = 2006-04-30 }]
[[units]]
id = "bureau"
name = "Bureau"
kind = "bureau"
head = "chief"
[[posts]]
id = "chief"
title = "Chief"
unit = "bureau"
category = "leadership"
[[posts]]
id = "head"
title = "Head"
unit = "bureau"
[[letters]]
id = "WT"
kind = "work-target"
pledger = "head"
recipient = "chief"
signed = 2006-01-05
pledges = [{ task = "T25", indicator = "centre.open", value = 1 }]
[[letters]]
id = "IN"
kind = "integrity"
pledger = "head"
recipient = "chief"
signed = 2006-01-05
commitments = ["No breach"]
"""


def test_a_dated_targets_line_counts_only_in_the_year_of_its_date(app: Vanguard) -> None:
    program = attrs.evolve(app.parse_program(DATED), end=dt.date(2007, 12, 31))
    rows = [{"post": "head", "indicator": "centre.open", "period": "2006-04", "value": 1}]
    actuals = _actuals(program, rows)
    assert [len(p.lines) for p in evaluate(program, actuals, year="2006").posts] == [0, 1]
    later = evaluate(program, actuals, year="2007")
    assert later.post("head").final is None  # nothing due from the head in 2007
    assert all(line.post != "head" for line in publish_bulletin(program, actuals, "2007Q1").lines)
