"""`vanguard calibrate` through the command line: totals, monthly series, refusals."""

import json
from pathlib import Path

from click.testing import CliRunner

from vanguard.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"
PROGRAM = str(EXAMPLES / "zhaoqing-2006.toml")
REPORTS = str(EXAMPLES / "zhaoqing-2006-reports.csv")
TRAINEES = "entrepreneurship-training.trainees_per_month"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["calibrate", PROGRAM, *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_monthly_series_from_the_reports_is_fitted_by_poisson_and_printed_as_json() -> None:
    code, out, _ = _run(
        "--fit",
        TRAINEES,
        "--monthly",
        "entrepreneurship.trained",
        "--reports",
        REPORTS,
        "-n",
        "200",
        "--json",
    )
    assert code == 0
    found = json.loads(out)
    assert found["command"] == "calibrate"
    assert found["likelihood"] == "poisson"
    assert found["simulated_initiatives"] == ["entrepreneurship-training"]
    assert [m["period"] for m in found["months"]] == [f"2006-{m:02d}" for m in range(1, 13)]
    assert sum(m["observed"] for m in found["months"]) == 3079
    (estimate,) = found["estimates"]
    # 3,079 trained over 12 months in 8 counties: about 32 a county a month
    assert 30.0 < estimate["estimate"] < 34.0


def test_a_total_within_a_standard_error_is_read_from_the_option() -> None:
    code, out, _ = _run(
        "--fit",
        TRAINEES,
        "--observed",
        "entrepreneurship.trained=3,079±50",
        "-n",
        "200",
        "--no-progress",
    )
    assert code == 0
    assert "entrepreneurship.trained: observed 3,079" in out


def test_bad_requests_are_one_line_each_and_never_a_traceback() -> None:
    code, _, err = _run("--fit", "nope", "--observed", "x=1")
    assert code == 2
    assert "INITIATIVE.PARAMETER" in err
    code, _, err = _run("--fit", "a.b", "--observed", "x=1±y")
    assert code == 2
    assert "CODE=VALUE" in err
    code, _, err = _run("--fit", "no-such.thing", "--observed", "entrepreneurship.trained=1")
    assert code == 1
    assert "parameters: no-such: the program runs no such initiative" in err
    code, _, err = _run("--fit", TRAINEES)
    assert code == 2
    assert "observe something" in err
    code, _, err = _run(
        "--fit",
        TRAINEES,
        "--monthly",
        "entrepreneurship.trained",
        "--ledger",
        "/nonexistent/ledger.sqlite",
    )
    assert code == 1
    assert "no ledger at" in err
    assert "Traceback" not in err
