"""The Sihui example end to end through the command line (issue 6: "the Sihui example runs
end to end: reports, bulletins, evaluation, simulation").

A year of monthly reports (``examples/sihui-2006-reports.csv``, written by
``examples/make_reports.py``) is imported into a fresh ledger, the four quarterly
bulletins and the year-end evaluation are published, a lagging post's grade is
explained, the ledger verifies and recomputes, a hand edit is caught and named, and the
program simulates reproducibly. The shared steps and checks are in ``year_through_cli``.
"""

import csv
from pathlib import Path

import pytest
from year_through_cli import (
    EXAMPLES,
    Year,
    check_deletion_named,
    check_explanation,
    check_findings,
    check_grades,
    check_import,
    check_laggards,
    check_rank_changes,
    check_reports_are_generated,
    check_simulation,
    check_tampering_named,
    check_verified,
    run_year,
)

from vanguard import Vanguard

# The posts the reports make lag (examples/make_reports.py, EXAMPLES["sihui"].laggards).
LAGGARDS = ("land-resources.staff-2", "civil-affairs.staff-1", "public-security.staff-2")
CLEARLY_BEHIND = ("land-resources.staff-2", "civil-affairs.staff-1")


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    app = Vanguard()
    if not {"approval-reform", "problem-rectification"} <= set(app.initiatives()):
        pytest.skip("the approval-reform and problem-rectification plugins are not installed")
    return run_year(app, "sihui", LAGGARDS[0], tmp_path_factory.mktemp("sihui"))


def test_the_reports_cover_every_direct_pledge_every_month(year: Year) -> None:
    with (EXAMPLES / "sihui-2006-reports.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    check_import(year, len(rows))
    months = {(r["post"], r["indicator"]): set() for r in rows}
    for row in rows:
        months[(row["post"], row["indicator"])].add(row["period"])
    monthly = {key: periods for key, periods in months.items() if "Q" not in min(periods)}
    assert monthly
    assert all(len(periods) == 12 for periods in monthly.values())
    # Every post sits the quarterly exams: the linked input of the evaluation.
    exams = {key[0] for key, periods in months.items() if key[1] == "study.exam_score"}
    assert exams == {post.id for post in year.program.posts}
    assert all(len(months[(post, "study.exam_score")]) == 4 for post in exams)
    # Both initiatives' indicators are reported.
    codes = {key[1] for key in months}
    assert {"approval.items", "approval.steps", "rectification.complaints"} <= codes
    assert {"villages.visits", "rectification.long_pending_resolved"} <= codes


def test_the_committed_reports_are_the_generators_output(year: Year) -> None:
    check_reports_are_generated(Vanguard(), "sihui")


def test_bulletins_rank_posts_and_name_the_laggards(year: Year) -> None:
    check_rank_changes(year)
    check_laggards(year, CLEARLY_BEHIND)
    # The year ends with most posts on track: the laggards are a few, not the rule.
    last = year.bulletins[-1]["posts"]
    on_track = sum(1 for s in last if s["status"] == "on-track")
    assert on_track > len(last) / 2


def test_the_evaluation_grades_in_each_categorys_words(year: Year) -> None:
    check_grades(year)
    posts = {p["post"]: p for p in year.evaluation["posts"]}
    # No integrity breach is reported in Sihui: no veto, and the laggards rank low.
    assert all(not p["vetoes"] for p in posts.values())
    staff = [p for p in posts.values() if p["category"] == "staff"]
    for post in LAGGARDS:
        assert posts[post]["grade"] != "excellent"
        assert posts[post]["rank"] > len(staff) / 2, post
    # The complaints deduction and the exam link are applied.
    assert posts[LAGGARDS[0]]["adjustments"]["complaints"] < 0
    assert "exam" in posts[LAGGARDS[0]]["linked"]


def test_findings_hold_the_laggards_and_their_leaders_to_account(year: Year) -> None:
    check_findings(year, LAGGARDS)
    for post in CLEARLY_BEHIND:
        assert any(
            f["post"] == post and f["severity"] in ("serious", "grave") for f in year.findings
        ), post
    # The chain reaches the mayor at the top of the work-target chain.
    assert any(
        f["post"] == "mayor" and f["line_post"] in LAGGARDS and f["responsibility"] == "leadership"
        for f in year.findings
    )


def test_explain_a_lagging_post(year: Year) -> None:
    check_explanation(year, LAGGARDS[0])
    assert "linked input exam (" in year.explanation
    assert "Complaints against departments and law-enforcement staff" in year.explanation


def test_the_ledger_verifies_and_hand_edits_are_named(year: Year, tmp_path: Path) -> None:
    check_verified(year)
    check_deletion_named(year, tmp_path)
    check_tampering_named(year, tmp_path, offset=500)


def test_the_program_simulates(year: Year) -> None:
    check_simulation(
        year, ["approval.items", "approval.processing_days", "rectification.complaints"]
    )


def test_the_register_is_read_by_the_bulletins_and_the_year_end(year: Year) -> None:
    """The register imported with the reports: each quarter's bulletin shows the heads'
    register lines as of its end, and the year end names the long-pending case R02 with
    its owner and holds that post to account for it."""
    assert "sihui-agencies-2006: 36 register record(s) stored" in year.imported
    long_pending = {
        bulletin["quarter"]: {
            line["post"]: line["actual"]
            for line in bulletin["lines"]
            if line["indicator"] == "register.long_pending_open" and line["actual"]
        }
        for bulletin in year.bulletins
    }
    assert long_pending == {
        "2006Q1": {},
        "2006Q2": {"public-security.head": 1.0, "deputy-executive": 1.0},  # R05, due 31 May
        "2006Q3": {"land-resources.head": 1.0, "deputy-economy": 1.0},  # R02, due 31 August
        "2006Q4": {"land-resources.head": 1.0, "deputy-economy": 1.0},
    }
    assert "long-pending at 2006-12-31: case R02" in year.evaluation_output
    assert "owned by Director of Land Resources (land-resources.head)" in " ".join(
        year.evaluation_output.split()
    )
    assert {
        (f["post"], f["responsibility"])
        for f in year.findings
        if f["indicator"] == "register.long_pending_open"
    } == {
        ("land-resources.head", "direct"),
        ("deputy-economy", "leadership"),
        ("mayor", "leadership"),
    }
