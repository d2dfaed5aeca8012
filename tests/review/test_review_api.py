"""The app API (``app.review(...)``): record, correct, publish, evaluate and explain from
Python, with the library announcing bulletins and evaluations to the plugins; the command
line runs through the same path and records the same things."""

import tempfile
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import Bulletin, Entry, Evaluation, Program, ProgramError, Vanguard, hookimpl
from vanguard.cli import main
from vanguard.plugins import hookspecs

from .conftest import HERE, year_rows
from .test_cli import write_csv

PROGRAM = HERE / "small-program.toml"
QUARTERS = ("2006Q1", "2006Q2", "2006Q3", "2006Q4")


class Spy:
    """A plugin that keeps every bulletin and evaluation it is told about."""

    def __init__(self) -> None:
        self.bulletins: list[Bulletin] = []
        self.evaluations: list[Evaluation] = []

    @hookimpl
    def vanguard_bulletin_published(self, bulletin: Bulletin) -> None:
        self.bulletins.append(bulletin)

    @hookimpl
    def vanguard_evaluation_completed(self, evaluation: Evaluation) -> None:
        self.evaluations.append(evaluation)


@pytest.fixture
def spy() -> Spy:
    return Spy()


@pytest.fixture
def spied(spy: Spy) -> Vanguard:
    return Vanguard([spy], load_entrypoints=False)


@pytest.fixture
def small(spied: Vanguard) -> Program:
    return spied.load_program(PROGRAM)


def kinds(path: Path, app: Vanguard) -> list[str]:
    with app.open_ledger(path, create=False) as ledger:
        return [entry.kind for entry in ledger.entries()]


def test_publishing_and_evaluating_through_the_api_tells_the_plugins(
    spied: Vanguard, spy: Spy, small: Program, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.sqlite"
    with spied.review(small, ledger=path) as review:
        entries = review.record(year_rows())
        assert entries
        assert all(entry.kind == "report" for entry in entries)
        published = [review.publish(quarter) for quarter in QUARTERS]
        assert spy.bulletins == published
        assert [b.quarter for b in spy.bulletins] == list(QUARTERS)
        evaluation = review.evaluate(2006)
        assert spy.evaluations == [evaluation]
        assert evaluation.findings, "the lagging section is found responsible"
        # explaining computes the evaluation again but announces nothing
        text = str(review.explain("head-c"))
        assert "head-c" in text
        assert len(spy.evaluations) == 1
        assert len(spy.bulletins) == len(QUARTERS)
    recorded = kinds(path, spied)
    assert recorded.count("bulletin") == len(QUARTERS)
    assert recorded.count("evaluation") == 1
    assert recorded.count("finding") == len(evaluation.findings)


def test_a_failed_write_before_recording_records_nothing_and_tells_no_one(
    spied: Vanguard, spy: Spy, small: Program, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.sqlite"

    def refuse(bulletin: Bulletin) -> None:
        raise OSError(28, "No space left on device")

    with spied.review(small, ledger=path) as review:
        review.record(year_rows())
        before = len(review.ledger)
        with pytest.raises(OSError, match="No space"):
            review.publish("2006Q1", before_recording=refuse)
        assert len(review.ledger) == before
    assert spy.bulletins == []


def test_a_correction_through_the_api_issues_a_new_version(
    spied: Vanguard, small: Program, tmp_path: Path
) -> None:
    with spied.review(small, ledger=tmp_path / "ledger.sqlite") as review:
        review.record(year_rows())
        first = review.publish("2006Q1")
        again = review.publish("2006Q1")
        assert again == first, "publishing an unchanged quarter records nothing new"
        correction, entry = review.correct(
            "head-c", "training.trained", "2006-02", 9.0, by="clerk", reason="typo"
        )
        assert entry.kind == "report.corrected"
        assert correction.previous != 9.0
        second = review.publish("2006Q1")
        assert second.version == 2
        assert second.changes
        assert review.bulletin("2006Q1") == second


def test_a_review_of_a_report_file_computes_and_records_nothing(
    spied: Vanguard, spy: Spy, small: Program, tmp_path: Path
) -> None:
    reports = write_csv(year_rows(), tmp_path / "reports.csv")
    review = spied.review(small, reports=reports)
    assert not review.recording
    bulletin = review.publish("2006Q2")
    assert spy.bulletins == [bulletin]
    assert review.last_entry is None
    assert review.evaluate().year == "2006"
    with pytest.raises(Exception, match="no ledger"):
        review.record(year_rows())
    with pytest.raises(ProgramError, match="did you mean 'head-b'"):
        review.explain("head_b")
    with pytest.raises(ProgramError, match="is a unit"):
        review.explain(small.units[0].id, quarter="2006Q2")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), slow=st.floats(0.3, 1.1))
def test_the_cli_and_the_api_record_the_same_bulletins_and_evaluation(
    seed: int, slow: float
) -> None:
    """Two paths, one input: the records they leave are the same, payload for payload."""
    spy = Spy()
    spied = Vanguard([spy], load_entrypoints=False)
    small = spied.load_program(PROGRAM)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        reports = write_csv(year_rows(seed=seed, slow=slow), folder / "reports.csv")
        by_api, by_cli = folder / "api.sqlite", folder / "cli.sqlite"
        with spied.review(small, ledger=by_api) as review:
            review.record(reports)
            for quarter in QUARTERS:
                review.publish(quarter)
            review.evaluate()
        runner = CliRunner()
        program = str(PROGRAM)
        steps = [
            ["ledger", "import", program, str(reports), "--ledger", str(by_cli)],
            *(["bulletin", program, "--quarter", q, "--ledger", str(by_cli)] for q in QUARTERS),
            ["evaluate", program, "--year", "2006", "--ledger", str(by_cli)],
        ]
        for step in steps:
            result = runner.invoke(main, step, catch_exceptions=False)
            assert result.exit_code == 0, result.output

        def published(path: Path) -> list[tuple[str, str, Any]]:
            with spied.open_ledger(path, create=False) as ledger:
                return [
                    (entry.kind, entry.key, entry.payload)
                    for entry in ledger.entries()
                    if entry.kind != "report"
                ]

        assert published(by_api) == published(by_cli)
    assert len(spy.bulletins) == len(QUARTERS)


def test_frames_have_a_row_per_item_and_the_columns_even_when_empty(
    spied: Vanguard, small: Program, tmp_path: Path
) -> None:
    pd = pytest.importorskip("pandas")
    reports = write_csv(year_rows(), tmp_path / "reports.csv")
    review = spied.review(small, reports=reports)
    bulletin = review.bulletin("2006Q3")
    posts = bulletin.to_frame()
    assert list(posts["id"]) == [item.id for item in bulletin.posts]
    assert set(posts["status"].dropna()) <= {"on-track", "lagging", "behind"}
    assert len(bulletin.to_frame("lines")) == len(bulletin.lines)
    assert len(bulletin.to_frame("units")) == len(bulletin.units)
    evaluation = review.evaluation()
    frame = evaluation.to_frame()
    assert list(frame["post"]) == [item.post for item in evaluation.posts]
    assert "lines" not in frame.columns
    at, graded = next((i, p) for i, p in enumerate(evaluation.posts) if p.grade_name)
    assert graded.grade_name is not None
    assert frame.loc[at, "grade_name"] == graded.grade_name.en
    assert frame.loc[at, "grade_name_zh"] == graded.grade_name.zh
    findings = evaluation.to_frame("findings")
    assert len(findings) == len(evaluation.findings)
    assert set(findings["responsibility"]) <= {"direct", "leadership"}
    assert len(review.reports_frame()) == len(review.reports())
    from vanguard.review import findings_frame

    empty = findings_frame(())
    assert isinstance(empty, pd.DataFrame)
    assert list(empty.columns) == list(findings.columns)
    with pytest.raises(ValueError, match="posts, units and lines"):
        bulletin.to_frame("findings")  # type: ignore[arg-type]  # a wrong name on purpose


def test_hook_parameters_are_typed_with_the_classes_passed() -> None:
    from vanguard.app import Vanguard as App

    names = {"Bulletin": Bulletin, "Evaluation": Evaluation, "Entry": Entry, "Vanguard": App}
    expected = {
        "vanguard_bulletin_published": ("bulletin", Bulletin),
        "vanguard_evaluation_completed": ("evaluation", Evaluation),
        "vanguard_record_appended": ("record", Entry),
        "vanguard_check_program": ("app", App),
    }
    for hook, (parameter, kind) in expected.items():
        hints = typing.get_type_hints(getattr(hookspecs, hook), localns=names)
        assert hints[parameter] is kind, hook
