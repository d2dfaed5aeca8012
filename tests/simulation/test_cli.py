"""``vanguard simulate`` on the shipped example with the real plugins."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from vanguard.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "zhaoqing-2006.toml"

pytestmark = pytest.mark.skipif(not EXAMPLE.exists(), reason="the Zhaoqing example is shipped")


def _table(output: str) -> str:
    """The output without the timing line (which differs from run to run)."""
    return "\n".join(line for line in output.splitlines() if " replications in " not in line)


def test_simulate_prints_totals_targets_and_the_reports_figures(tmp_path: Path) -> None:
    out = tmp_path / "run.parquet"
    result = CliRunner().invoke(
        main,
        [
            "simulate",
            str(EXAMPLE),
            "-n",
            "500",
            "--seed",
            "2006",
            "--no-progress",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "entrepreneurship.trained" in result.output
    assert "3,079" in result.output  # the report's figure
    assert "The report's figures against the simulation" in result.output
    assert "seed 2006" in result.output
    from vanguard.simulation import read_provenance

    assert read_provenance(out)["seed"] == 2006


def test_workers_do_not_change_the_numbers() -> None:
    runner = CliRunner()
    args = ["simulate", str(EXAMPLE), "-n", "2100", "--seed", "7", "--no-progress"]
    serial = runner.invoke(main, args)
    pooled = runner.invoke(main, [*args, "--workers", "2", "--chunk-blocks", "1"])
    assert serial.exit_code == 0, serial.output
    assert pooled.exit_code == 0, pooled.output
    assert _table(serial.output) == _table(pooled.output)


def test_bad_scenario_is_a_located_error_not_a_traceback(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "more"\n[[levers]]\ninitiative = "entrepreneurship-training"\n'
        'parameter = "no_such_parameter"\nscale = 1.2\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "simulate",
            str(EXAMPLE),
            "-n",
            "10",
            "--seed",
            "1",
            "--scenario",
            str(scenario),
            "--no-progress",
        ],
    )
    assert result.exit_code == 1
    assert "no_such_parameter" in result.output
    assert "Traceback" not in result.output


def test_workers_and_dask_together_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        main, ["simulate", str(EXAMPLE), "--workers", "2", "--dask", "tcp://nowhere:1"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output


def test_evaluate_shows_who_will_be_held_accountable() -> None:
    result = CliRunner().invoke(
        main, ["simulate", str(EXAMPLE), "-n", "300", "--seed", "1", "--no-progress", "--evaluate"]
    )
    assert result.exit_code == 0, result.output
    assert "most likely to be held accountable" in result.output
    assert "P(direct" in result.output


@pytest.mark.slow
def test_dask_address_gives_the_serial_numbers() -> None:
    distributed = pytest.importorskip("distributed")
    runner = CliRunner()
    args = ["simulate", str(EXAMPLE), "-n", "2100", "--seed", "7", "--no-progress"]
    serial = runner.invoke(main, args)
    with distributed.LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        on_dask = runner.invoke(main, [*args, "--dask", cluster.scheduler_address])
    assert on_dask.exit_code == 0, on_dask.output
    assert _table(serial.output) == _table(on_dask.output)


def test_a_small_memory_budget_prints_the_same_evaluation() -> None:
    """--memory-budget 1 reviews a few replications at a time; the tables are the same."""
    base = ["simulate", str(EXAMPLE), "-n", "300", "--seed", "1", "--no-progress", "--evaluate"]
    default = CliRunner().invoke(main, base)
    small = CliRunner().invoke(main, [*base, "--memory-budget", "1"])
    assert default.exit_code == 0, default.output
    assert small.exit_code == 0, small.output
    assert _table(small.output) == _table(default.output)
    refused = CliRunner().invoke(main, [*base, "--memory-budget", "0"])
    assert refused.exit_code == 2
    assert "--memory-budget" in refused.output
