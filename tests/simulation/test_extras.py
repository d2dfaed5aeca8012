"""The optional parts: Sobol sensitivity, plots, progress bars, Ctrl-C."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from vanguard import Program, Vanguard
from vanguard.simulation import simulate, sobol
from vanguard.simulation.progress import progress_bar


def test_sobol_ranks_the_parameter_that_matters(app: Vanguard, program: Program) -> None:
    pytest.importorskip("SALib")
    analysis = sobol(
        program,
        [("toy-training", "trainees"), ("toy-hiring", "share")],
        ["toy.trained"],
        app=app,
        samples=256,
        seed=3,
    )
    (trainees, share) = analysis.indices["toy.trained"].total
    assert trainees > 0.8  # trained people depend on the training rate only
    assert share < 0.05
    assert {row["parameter"] for row in analysis.rows()} == {
        "toy-training.trainees",
        "toy-hiring.share",
    }


def test_plots_draw_fan_chart_and_distributions(
    app: Vanguard, program: Program, tmp_path: Path
) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from vanguard.simulation.plots import category_distribution, distribution, fan_chart

    result = simulate(program, 2000, 1, app=app)
    ax = fan_chart(result, "toy.trained", reported=324, app=app)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "target 320" in labels
    assert "reported 324" in labels
    assert ax.get_ylabel() == "to date, all units (count)"
    histogram = distribution(result, "toy.jobs", unit="north", app=app)
    assert histogram.get_title() == "toy.jobs at year end (north)"
    assert histogram.get_xlabel() == "count"
    category_distribution({"a": [0.5, 0.5], "b": [1.0, 0.0]}, ["good", "bad"])
    ax.figure.savefig(tmp_path / "fan.png")
    assert (tmp_path / "fan.png").stat().st_size > 0


def test_progress_reports_every_replication(app: Vanguard, program: Program) -> None:
    seen: list[int] = []
    simulate(program, 3000, 1, app=app, progress=seen.append, blocks_per_chunk=1)
    assert sum(seen) == 3000
    with progress_bar(10, enabled=False) as callback:
        assert callback is None


def test_ctrl_c_stops_the_run_and_cancels_pending_chunks(app: Vanguard, program: Program) -> None:
    calls: list[int] = []

    def interrupt(done: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with ThreadPoolExecutor(1) as threads, pytest.raises(KeyboardInterrupt):
        simulate(
            program, 20 * 1024, 1, app=app, executor=threads, blocks_per_chunk=1, progress=interrupt
        )
    assert len(calls) == 2  # nothing was folded after the interruption


def test_a_progress_bar_counts_to_its_total_on_a_terminal() -> None:
    import io

    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress_bar(40, "calibrating", unit="runs", console=console) as advance:
        assert advance is not None
        for _ in range(40):
            advance(1)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())  # colours, cursor
    assert "calibrating" in shown
    assert "40/40 runs" in shown


def test_no_bar_is_drawn_where_nobody_sees_it() -> None:
    import io

    from rich.console import Console

    log = Console(file=io.StringIO(), force_terminal=False)
    with progress_bar(10, console=log, enabled=None) as advance:
        assert advance is None


def test_calibration_reports_each_evaluation(app: Vanguard, program: Program) -> None:
    from vanguard.simulation import calibrate

    seen: list[int] = []
    fit = calibrate(
        program,
        {"toy.trained": 300.0},
        [("toy-training", "trainees")],
        app=app,
        replications=200,
        max_evaluations=12,
        progress=seen.append,
    )
    assert sum(seen) == fit.evaluations + 1  # every evaluation, and the final run


def test_sensitivity_reports_every_replication(app: Vanguard, program: Program) -> None:
    pytest.importorskip("SALib")
    seen: list[int] = []
    sobol(
        program,
        [("toy-training", "trainees"), ("toy-hiring", "share")],
        ["toy.trained"],
        app=app,
        samples=16,
        seed=3,
        progress=seen.append,
    )
    assert sum(seen) == 16 * (2 + 2)
