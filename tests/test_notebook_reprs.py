"""In a notebook or a console, the big objects show a compact summary, not every field.

``repr`` is one line naming the object and its size; ``_repr_html_`` a small table, well
under 20 KB (a full attrs repr of the Zhaoqing program is over 100 KB, of its evaluation
close to 400 KB). Both name things in the program's words (grade names, key tasks).
"""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from vanguard import (
    Actuals,
    Lever,
    Program,
    Scenario,
    Vanguard,
    compare,
    evaluate,
    publish_bulletin,
    read_reports,
    simulate,
)
from vanguard.reports.notebook import ROWS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LIMIT = 20_000


class Balanced(HTMLParser):
    """Checks that every opened tag is closed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag != "br":
            self.open.append(tag)
        self.rows += tag == "tr"

    def handle_endtag(self, tag: str) -> None:
        assert self.open, tag
        assert self.open.pop() == tag


def check_html(text: str) -> Balanced:
    assert len(text.encode("utf-8")) < LIMIT
    parser = Balanced()
    parser.feed(text)
    parser.close()
    assert parser.open == []
    return parser


def check_repr(text: str, kind: str) -> None:
    assert text.startswith(f"<{kind} ")
    assert text.endswith(">")
    assert "\n" not in text
    assert len(text) < 600


@pytest.fixture(scope="module")
def app() -> Vanguard:
    return Vanguard()


@pytest.fixture(scope="module")
def zhaoqing(app: Vanguard) -> Program:
    return app.load_program(EXAMPLES / "zhaoqing-2006.toml")


@pytest.fixture(scope="module")
def year(app: Vanguard, zhaoqing: Program) -> Actuals:
    known = zhaoqing.usable_indicators(app.indicators())
    reports = read_reports(EXAMPLES / "zhaoqing-2006-reports.csv", zhaoqing, known)
    return Actuals.from_reports(zhaoqing, reports, known)


def test_a_program_shows_its_size_and_its_key_tasks(zhaoqing: Program) -> None:
    text = repr(zhaoqing)
    check_repr(text, "Program")
    assert "28 key tasks" in text
    assert "53 posts" in text
    assert "103 letters" in text
    page = zhaoqing._repr_html_()
    parser = check_html(page)
    assert zhaoqing.tasks[0].name.en in page
    assert parser.rows == 1 + ROWS + 1  # header, the first tasks, "... 16 more"
    assert f"... {28 - ROWS} more" in page


def test_a_bulletin_shows_its_quarter_ranking_and_laggards(
    app: Vanguard, zhaoqing: Program, year: Actuals
) -> None:
    known = zhaoqing.usable_indicators(app.indicators())
    bulletin = publish_bulletin(zhaoqing, year, "2006Q3", known)
    text = repr(bulletin)
    check_repr(text, "Bulletin")
    assert "2006Q3" in text
    assert f"{len(bulletin.posts)} posts ranked" in text
    assert bulletin.laggards[0] in text
    page = bulletin._repr_html_()
    check_html(page)
    assert "rank" in page
    assert "change" in page


def test_an_evaluation_shows_grades_in_the_programs_words(
    app: Vanguard, zhaoqing: Program, year: Actuals
) -> None:
    evaluation = evaluate(zhaoqing, year, zhaoqing.usable_indicators(app.indicators()))
    text = repr(evaluation)
    check_repr(text, "Evaluation")
    assert "excellent (优秀)" in text
    assert f"{len(evaluation.findings)} findings" in text
    page = evaluation._repr_html_()
    check_html(page)
    assert "Findings" in page
    assert "final score" in page


def test_a_simulation_and_a_comparison_show_their_size_and_figures(
    app: Vanguard, zhaoqing: Program
) -> None:
    result = simulate(zhaoqing, 300, seed=2006, app=app)
    text = repr(result)
    check_repr(text, "SimulationResult")
    assert "300 replications (seed 2006)" in text
    page = result._repr_html_()
    check_html(page)
    assert "entrepreneurship.trained" in page
    assert "P(met)" in page
    more = Scenario("more-training", (Lever(indicator="entrepreneurship.trained", scale=1.2),))
    comparison = compare(zhaoqing, [more], 300, seed=2006, app=app)
    text = repr(comparison)
    check_repr(text, "Comparison")
    assert "'more-training'" in text
    check_html(comparison._repr_html_())
