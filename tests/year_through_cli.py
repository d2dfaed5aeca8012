"""One example program's year through the command line, as the demo is run by hand.

Used by ``test_zhaoqing_end_to_end.py`` and ``test_sihui_end_to_end.py``: a fresh SQLite
ledger, ``vanguard ledger init``, ``ledger import PROGRAM REPORTS``, the four quarterly
bulletins, ``evaluate --year``, ``explain`` of a lagging post and ``ledger verify
--program``; then the records the commands left in the ledger, read back, so the tests can
check what was published and not only that the commands exited 0. The checks both
programs share (rank changes, laggards, grade words, quotas, findings, tampering) are here;
each test file adds what is particular to its program.
"""

import csv
import importlib.util
import itertools
import math
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from vanguard import LetterKind, Program, Vanguard
from vanguard.cli import main
from vanguard.ledger import Ledger

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
QUARTERS = ("2006Q1", "2006Q2", "2006Q3", "2006Q4")


def invoke(*args: str) -> Result:
    """Run ``vanguard ARGS`` in-process; exceptions propagate (a traceback is a failure)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def succeed(*args: str) -> str:
    """The output of ``vanguard ARGS``, which must exit 0."""
    result = invoke(*args)
    assert result.exit_code == 0, f"vanguard {' '.join(args)}:\n{result.output}"
    return result.output


@dataclass(frozen=True)
class Year:
    """What the commands printed and what they recorded for one program's year."""

    program_path: Path
    program: Program
    ledger: Path
    imported: str
    bulletin_outputs: tuple[str, ...]
    evaluation_output: str
    explanation: str
    verification: str
    bulletins: tuple[dict[str, Any], ...]
    evaluation: dict[str, Any]
    findings: tuple[dict[str, Any], ...]
    kinds: frozenset[str]


def run_year(app: Vanguard, name: str, laggard: str, workdir: Path) -> Year:
    """Run the year of ``examples/<name>-2006.toml`` with its reports into a new ledger."""
    program_path = EXAMPLES / f"{name}-2006.toml"
    reports = EXAMPLES / f"{name}-2006-reports.csv"
    ledger = workdir / "ledger.sqlite"
    where = ("--ledger", str(ledger))
    program = str(program_path)
    succeed("ledger", "init", *where)
    imported = succeed("ledger", "import", program, str(reports), *where)
    register = EXAMPLES / f"{name}-2006-register.csv"
    if register.exists():  # the rectification register the program reads indicators from
        imported += succeed("problems", "import", program, str(register), *where)
    bulletins = tuple(
        succeed("bulletin", program, "--quarter", quarter, *where) for quarter in QUARTERS
    )
    evaluation = succeed("evaluate", program, "--year", "2006", *where)
    explanation = succeed("explain", program, laggard, *where)
    verification = succeed("ledger", "verify", "--program", program, *where)
    with Ledger.open(ledger, create=False) as opened:
        entries = opened.entries()
        loaded = app.load_program(program_path)
        published = tuple(
            e.payload for e in opened.entries("bulletin") if e.payload["program"] == loaded.id
        )
        (appraisal,) = [e.payload for e in opened.entries("evaluation")]
        findings = tuple(e.payload for e in opened.entries("finding"))
    return Year(
        program_path=program_path,
        program=loaded,
        ledger=ledger,
        imported=imported,
        bulletin_outputs=bulletins,
        evaluation_output=evaluation,
        explanation=explanation,
        verification=verification,
        bulletins=published,
        evaluation=appraisal,
        findings=findings,
        kinds=frozenset(entry.kind for entry in entries),
    )


def check_reports_are_generated(app: Vanguard, name: str) -> None:
    """The committed ``examples/<name>-2006-reports.csv`` is what ``examples/make_reports.py``
    writes for it today (the generator is deterministic and kept in step with the program)."""
    spec = importlib.util.spec_from_file_location("make_reports", EXAMPLES / "make_reports.py")
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    rows = generator.generate(app, generator.EXAMPLES[name])
    with (EXAMPLES / f"{name}-2006-reports.csv").open(encoding="utf-8", newline="") as source:
        assert list(csv.DictReader(source)) == rows


# ------------------------------------------------------------------ shared checks


def check_import(year: Year, reports: int) -> None:
    """Every row of the reports file is stored, with the program's letters."""
    name = year.program.id
    assert f"imported {reports} reports of {name}" in year.imported
    letters = len(year.program.letters)
    assert f"{name}: {letters} letters" in year.imported
    assert year.kinds >= {"report", "bulletin", "evaluation", "finding"}


def check_rank_changes(year: Year) -> None:
    """Q1 has no previous bulletin; from Q2 on every standing has a rank change, some move,
    and each change is the previous bulletin's rank minus the new one."""
    first = year.bulletins[0]
    assert [b["quarter"] for b in year.bulletins] == list(QUARTERS)
    assert all(s["change"] is None for s in first["posts"])
    for earlier, later in itertools.pairwise(year.bulletins):
        assert later["previous"] == earlier["quarter"]
        before = {(s["group"], s["id"]): s["rank"] for s in earlier["posts"]}
        changes = [s["change"] for s in later["posts"]]
        assert None not in changes
        assert any(change != 0 for change in changes), later["quarter"]
        for standing in later["posts"]:
            key = (standing["group"], standing["id"])
            assert standing["change"] == before[key] - standing["rank"], standing
    for output in year.bulletin_outputs[1:]:
        # The printed table shows the moves: up (+n), down (-n) and unchanged (=).
        cells = output.split()
        assert any(cell.startswith("+") and cell[1:].isdigit() for cell in cells)
        assert any(cell.startswith("-") and cell[1:].isdigit() for cell in cells)
    assert "new" in year.bulletin_outputs[0].split()


def check_laggards(year: Year, expected: Sequence[str]) -> None:
    """Every bulletin names laggards (printed and recorded); the posts that fell clearly
    behind are among them once the year is under way."""
    for payload, output in zip(year.bulletins, year.bulletin_outputs, strict=True):
        assert payload["laggards"], payload["quarter"]
        assert "laggards:" in output
        for post in payload["laggards"]:
            assert post in output
    for payload in year.bulletins[1:]:
        assert set(expected) <= set(payload["laggards"]), (payload["quarter"], expected)


def check_grades(year: Year) -> None:
    """Every grade is a word of its post's category vocabulary, the quota of excellent
    grades is kept per category, and the printed table uses those words."""
    vocabularies = {
        item.category: [name.en for name in item.names]
        for item in year.program.evaluation.vocabularies
    }
    graded = [p for p in year.evaluation["posts"] if p["grade"] is not None]
    assert len(graded) >= len(year.program.posts) - 3
    for post in graded:
        assert post["grade_name"]["en"] in vocabularies[post["category"]], post["post"]
    words = {p["grade_name"]["en"] for p in graded}
    assert len(words) >= 3, words  # the grades tell posts apart
    for quota in year.program.evaluation.quotas:
        for category in vocabularies:
            pool = [p for p in graded if p["category"] == category]
            top = sum(p["grade"] == quota.grade for p in pool)
            assert top <= math.floor(quota.share * len(pool) + 1e-9), (category, top, len(pool))
    staff = vocabularies["staff"]
    assert any(word in year.evaluation_output for word in staff if word not in {"excellent"})


def check_findings(year: Year, laggards: Sequence[str]) -> None:
    """A lagging post answers for its misses directly, and the post it signed its letter
    with answers for them as leader; the counts printed match the records."""
    direct = [f for f in year.findings if f["responsibility"] == "direct"]
    leadership = [f for f in year.findings if f["responsibility"] == "leadership"]
    assert f"{len(year.findings)} accountability findings ({len(direct)} direct, " in (
        year.evaluation_output
    )
    for post in laggards:
        mine = [f for f in direct if f["post"] == post]
        assert mine, post
        (recipient,) = {
            letter.recipient
            for letter in year.program.letters_of(LetterKind.WORK_TARGET)
            if letter.pledger == post
        }
        above = [f for f in leadership if f["line_post"] == post]
        assert {f["post"] for f in above} >= {recipient}, post
        for finding in mine:
            assert finding["achievement"] < 0.95
            assert any(
                f["post"] == recipient
                and (f["task"], f["indicator"]) == (finding["task"], finding["indicator"])
                for f in above
            )


def check_explanation(year: Year, post: str) -> None:
    """``explain`` states the lagging post's grade in its category's words, the numbers
    behind it, and the findings against it."""
    appraisal = next(p for p in year.evaluation["posts"] if p["post"] == post)
    text = year.explanation
    heading = text.splitlines()[0]
    assert f"({post}), 2006 appraisal: {appraisal['grade_name']['en']}" in heading
    assert f"{appraisal['final']:.2f} points" in heading
    assert "final score by the program's formula" in text
    from vanguard import Vanguard

    title = Vanguard().load_program(year.program_path).post(post).title.en
    assert f"finding against {title} on " in text  # the post by its title, not its id
    assert "direct responsibility" in text


def check_verified(year: Year) -> None:
    assert "ok: every published bulletin and evaluation matches" in year.verification


def tamper(year: Year, workdir: Path, offset: int) -> tuple[Path, int, str]:
    """A copy of the year's ledger with one stored report's value edited by hand (sqlite3);
    returns the copy, the record's number and its key."""
    copy = workdir / "tampered.sqlite"
    shutil.copyfile(year.ledger, copy)
    db = sqlite3.connect(copy)
    with db:
        seq, key = db.execute(
            "select seq, key from ledger_records where kind = 'report' "
            "order by seq limit 1 offset ?",
            (offset,),
        ).fetchone()
        db.execute(
            "update ledger_records set payload = replace(payload, '\"value\":', '\"value\":1') "
            "where seq = ?",
            (seq,),
        )
    db.close()
    return copy, int(seq), str(key)


def check_tampering_named(year: Year, workdir: Path, offset: int) -> None:
    """Editing a stored report by hand makes ``ledger verify`` fail and name the record."""
    copy, seq, key = tamper(year, workdir, offset)
    result = invoke("ledger", "verify", "--ledger", str(copy), "--program", str(year.program_path))
    assert result.exit_code == 1, result.output
    assert f"record {seq} (report '{key}'): changed" in result.output
    assert "FAILED: 1 problem(s)" in result.output


def check_deletion_named(year: Year, workdir: Path) -> None:
    """Deleting a published bulletin by hand makes ``ledger verify`` fail and say which
    record is missing."""
    copy = workdir / "deleted.sqlite"
    shutil.copyfile(year.ledger, copy)
    db = sqlite3.connect(copy)
    with db:
        (seq,) = db.execute(
            "select seq from ledger_records where kind = 'bulletin' and key = ?",
            (f"{year.program.id}/2006Q2",),
        ).fetchone()
        db.execute("delete from ledger_records where seq = ?", (seq,))
    db.close()
    result = invoke("ledger", "verify", "--ledger", str(copy))
    assert result.exit_code == 1, result.output
    assert f"removed: record {seq} is missing" in result.output


def check_simulation(year: Year, indicators: Sequence[str]) -> str:
    """``simulate -n 200 --seed 2006`` runs (with the year-end evaluation) and is
    reproducible: the same seed prints the same table."""
    args = ("simulate", str(year.program_path), "-n", "200", "--seed", "2006", "--no-progress")
    first = succeed(*args, "--evaluate")
    assert f"{year.program.id}: year-end totals over 200 replications (seed 2006)" in first
    assert "Year-end evaluation over 200 simulated years" in first
    for code in indicators:
        assert code in first, code
    again = succeed(*args, "--evaluate")

    def table(text: str) -> list[str]:  # the timing line differs between runs
        return [line for line in text.splitlines() if "replications in" not in line]

    assert table(first) == table(again)
    return first
