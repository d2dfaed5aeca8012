"""The notebook tutorial runs top to bottom in a real kernel and shows compact summaries.

``docs/tutorials/explore-in-a-notebook.ipynb`` is executed with nbclient (offline, in this
environment's Python); every cell must run, and what the notebook displays for the
program, the bulletin, the evaluation, the simulation and the comparison must be the
objects' HTML summaries, each under 20 KB.
"""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = (
    Path(__file__).resolve().parents[1] / "docs" / "tutorials" / "explore-in-a-notebook.ipynb"
)


@pytest.mark.slow
def test_the_notebook_runs_and_shows_summaries() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:  # what is committed is the source only
        assert cell.get("outputs", []) == []
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    shown = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", output
            html = output.get("data", {}).get("text/html")
            if html is not None:
                assert len(html.encode("utf-8")) < 20_000
                shown.append(html)
    assert len(shown) == 5
    program, bulletin, evaluation, simulation, comparison = shown
    assert "28 key tasks" in program
    assert "Bulletin zhaoqing-labour-2006 2006Q3" in bulletin
    assert "excellent (优秀)" in evaluation
    assert "2,000 replications (seed 2006)" in simulation
    assert "more-training" in comparison
    images = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    assert len(images) == 1  # the fan chart
