"""The shipped demo: a year of Zhaoqing reports imported, four bulletins and the year-end
evaluation published, the ledger verified, the report's figures reproduced."""

import csv
import itertools
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from vanguard import Program, Vanguard
from vanguard.ledger import Ledger
from vanguard.review.recording import (
    import_reports,
    publish_to_ledger,
    recompute_matches,
    record_evaluation,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "zhaoqing-2006.toml"
REPORTS = ROOT / "examples" / "zhaoqing-2006-reports.csv"


@pytest.fixture(scope="module")
def zhaoqing() -> tuple[Vanguard, Program]:
    app = Vanguard()
    needed = {"entrepreneurship-training", "window-competition", "rural-transfer"}
    if not needed <= set(app.initiatives()):
        pytest.skip("the initiative plugins are not installed")
    return app, app.load_program(EXAMPLE)


def test_the_reports_reproduce_the_reports_figures(zhaoqing: tuple[Vanguard, Program]) -> None:
    _app, program = zhaoqing
    totals: dict[str, float] = defaultdict(float)
    december: dict[str, float] = defaultdict(float)
    # The figure is what the posts that pledged it report (a post judged on a rate also
    # reports the other part of the rate, for itself: the employment staff's trained).
    pledgers = {
        (letter.pledger, pledge.indicator)
        for letter in program.letters
        for pledge in letter.pledges
    }
    with REPORTS.open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            if (row["post"], row["indicator"]) not in pledgers:
                continue
            totals[row["indicator"]] += float(row["value"])
            if row["period"] == "2006-12":
                december[row["indicator"]] += float(row["value"])
    for figure in program.figures:
        if figure.indicator.startswith(
            ("liaison.officers", "liaison.employers", "liaison.workforce", "retirees.centre_open")
        ):
            assert december[figure.indicator] == figure.value, figure
        else:
            assert totals[figure.indicator] == figure.value, figure


def test_demo_end_to_end(zhaoqing: tuple[Vanguard, Program], tmp_path: Path) -> None:
    app, program = zhaoqing
    path = tmp_path / "demo.sqlite"
    with Ledger.open(path) as ledger:
        entries = import_reports(ledger, program, REPORTS, app.indicators())
        assert len(entries) > 2000
        bulletins = [
            publish_to_ledger(ledger, app.converter, program, f"2006Q{q}", app.indicators())[0]
            for q in (1, 2, 3, 4)
        ]
        evaluation, _ = record_evaluation(ledger, app.converter, program, app.indicators())
        assert ledger.verify().ok
        assert recompute_matches(ledger, app.converter, program, app.indicators()) == []

    assert all(b.laggards for b in bulletins)
    assert "rights-centre.staff-1" in bulletins[-1].laggards
    for earlier, later in itertools.pairwise(bulletins):
        for standing in later.posts:
            assert standing.change == earlier.standing(standing.id).rank - standing.rank
    breach = evaluation.post("si-fund.staff-2")
    assert breach.vetoes == ("integrity",)
    assert breach.grade != "excellent"
    staff = [p for p in evaluation.posts if p.category == "staff" and p.grade is not None]
    assert sum(p.grade == "excellent" for p in staff) <= int(0.15 * len(staff))
    laggard = evaluation.findings_for("rights-centre.staff-1")
    assert any(f.severity in ("serious", "grave") for f in laggard)
    assert any(f.responsibility.value == "leadership" for f in evaluation.findings_for("chief"))

    # Editing a stored report by hand is caught, and the record is named.
    db = sqlite3.connect(path)
    with db:
        table = db.execute(
            "select name from sqlite_master where type = 'table' and sql like '%payload%'"
        ).fetchone()[0]
        seq = db.execute(
            f"select seq from {table} where kind = 'report' limit 1 offset 99"
        ).fetchone()[0]
        db.execute(
            f"update {table} set payload = replace(payload, '\"value\":', '\"value\":1') "
            f"where seq = ?",
            (seq,),
        )
    db.close()
    with Ledger.open(path, create=False) as ledger:
        verification = ledger.verify()
        assert not verification.ok
        assert any(problem.seq == seq for problem in verification.problems)
