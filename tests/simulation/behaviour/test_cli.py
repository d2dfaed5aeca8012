"""``vanguard simulate --behaviour FILE``: true against reported; bad files named, no traceback."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vanguard.cli import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = str(ROOT / "examples" / "zhaoqing-2006.toml")
BEHAVIOUR = str(ROOT / "examples" / "behaviour" / "zhaoqing-behaviour.toml")


def run(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["simulate", EXAMPLE, "-n", "64", "--seed", "3", "--no-progress", *args]
    )


def test_prints_true_against_reported() -> None:
    result = run("--behaviour", BEHAVIOUR)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Behaviour: true against reported" in out
    assert "windows.served" in out


def test_without_behaviour_no_behaviour_table() -> None:
    result = run()
    assert result.exit_code == 0
    assert "Behaviour" not in result.output


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ('elasticities = { "windows.served" = 2.0 }\nbudget = "x"\n', "budget"),
        ("elasticities = { nope = 2.0 }\n", "elasticities.nope"),
        ("elasticities = [\n", ""),
    ],
)
def test_bad_file_is_located_without_traceback(tmp_path: Path, text: str, place: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    result = run("--behaviour", str(path))
    assert result.exit_code in (1, 2)
    out = result.output
    assert "Traceback" not in out
    assert "internal error" not in out
    assert place in out


def test_missing_file_without_traceback(tmp_path: Path) -> None:
    result = run("--behaviour", str(tmp_path / "nowhere.toml"))
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    assert "nowhere.toml" in result.output


def test_result_accessor_gives_the_function_rows() -> None:
    from vanguard import Vanguard
    from vanguard.simulation import simulate
    from vanguard.simulation.behaviour import behaviour_rows, load_behaviour

    app = Vanguard()
    program = app.load_program(EXAMPLE)
    behaviour = load_behaviour(BEHAVIOUR, app)
    result = simulate(program, 64, seed=5, app=app, behaviour=behaviour)
    rows = result.behaviour_rows(program, behaviour)
    assert rows
    assert rows == behaviour_rows(result, program, behaviour)
