"""The behaviour gallery figure renders as a reader gets it, read like a paper's figure."""

import runpy
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

SCRIPT = (
    Path(__file__).resolve().parents[3] / "examples" / "gallery" / "behaviour_true_vs_reported.py"
)


def test_the_gallery_figure_has_titles_labels_and_legends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    figure = runpy.run_path(str(SCRIPT), run_name="__main__")["figure"]
    figure.canvas.draw()
    assert (tmp_path / "behaviour_true_vs_reported.png").is_file()
    for ax in figure.axes:
        assert ax.get_title()
        assert ax.get_xlabel()
        assert ax.get_ylabel()
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert "target" in labels
    scatter, bunching = figure.axes
    assert {"today's rules", "veto on misreporting"} <= {
        t.get_text() for t in scatter.get_legend().get_texts()
    }
    assert any("%" in tick.get_text() for tick in bunching.get_xticklabels())
