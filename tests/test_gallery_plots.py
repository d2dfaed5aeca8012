"""The gallery's figures, rendered as a reader gets them (Agg), read like a paper's.

Each plotting script of ``examples/gallery`` runs as written; then every axes of its
figure must carry a title and axis labels in the program's words (indicator names, units,
post titles, grade names of the posts' category), tick labels with thousands separators,
a legend that does not cover the data, and each colour must mean one thing in the figure.
"""

import re
import runpy
from pathlib import Path
from typing import Any

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

GALLERY = Path(__file__).resolve().parents[1] / "examples" / "gallery"


def render(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)
    figure = runpy.run_path(str(GALLERY / script), run_name="__main__")["figure"]
    figure.canvas.draw()
    assert (
        tmp_path / script.replace(".py", ".png").replace("grades_and_ranks", "grades")
    ).is_file()
    return figure


def legend_labels(ax: Any) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def check_legends_clear_of_the_data(figure: Any) -> None:
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        legend = ax.get_legend().get_window_extent(renderer)
        for other in figure.axes:  # over no axes of the figure, its own or its neighbour's
            assert not legend.overlaps(other.get_window_extent(renderer)), ax.get_title()


def appearance(handle: Any) -> tuple[Any, ...]:
    """What tells a legend entry apart: its colour with transparency, and a line's style."""
    if hasattr(handle, "get_facecolor"):  # bars, bands, markers
        return tuple(matplotlib.colors.to_rgba(handle.get_facecolor()))
    return (*matplotlib.colors.to_rgba(handle.get_color()), handle.get_linestyle())


def check_one_colour_meaning(figure: Any) -> None:
    meaning: dict[tuple[Any, ...], str] = {}
    for ax in figure.axes:
        legend = ax.get_legend()
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            # "target 64,000" and "target 1,200" mean the same thing
            label = re.sub(r" [\d,]+$", "", text.get_text())
            assert meaning.setdefault(appearance(handle), label) == label, label


def test_the_fan_charts_name_the_indicators_with_their_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figure = render("fan_chart.py", tmp_path, monkeypatch)
    placed, startups = figure.axes
    assert placed.get_title() == "Rural workers transferred into jobs\n10,000 simulated years"
    assert startups.get_title() == "Successful business start-ups\n10,000 simulated years"
    assert placed.get_ylabel() == "to date, all units (person)"
    assert startups.get_ylabel() == "to date, all units (business)"
    assert placed.get_xlabel() == "month"
    assert legend_labels(placed) == [
        "90 % band",
        "50 % band",
        "simulated mean",
        "target 64,000",
        "reported 64,785",
    ]
    assert legend_labels(startups)[-2:] == ["target 1,200", "reported 1,213"]
    ticks = [label.get_text() for label in placed.get_yticklabels()]
    assert "60,000" in ticks
    check_legends_clear_of_the_data(figure)
    check_one_colour_meaning(figure)


def test_grades_and_ranks_use_post_titles_and_the_categorys_grade_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figure = render("grades_and_ranks.py", tmp_path, monkeypatch)
    grades, ranks = figure.axes
    assert grades.get_title() == "Year-end grades of posts (2,000 simulated years)"
    assert ranks.get_title() == "Rank within the group, posts (2,000 simulated years)"
    assert grades.get_ylabel() == ranks.get_ylabel() == "probability"
    # deputies are leadership posts: their words, not the staff's ("qualified")
    assert legend_labels(grades) == [
        "excellent",
        "competent",
        "basically competent",
        "incompetent",
        "not graded",
    ]
    assert legend_labels(ranks) == ["rank 1", "rank 2", "rank 3", "rank 4", "lower or unranked"]
    bars = [label.get_text().replace("\n", " ") for label in grades.get_xticklabels()]
    assert "Deputy Chief for social insurance" in bars
    assert [label.get_text() for label in grades.get_yticklabels()][-1] == "100%"
    check_legends_clear_of_the_data(figure)
    check_one_colour_meaning(figure)
