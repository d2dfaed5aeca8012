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


def _scenario(tmp_path: Path, name: str, rate: float) -> str:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\n[behaviour.audits]\ndefault = {rate}\n', "utf-8")
    return str(path)


def test_compare_of_two_audit_rates_is_one_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "compare",
            EXAMPLE,
            _scenario(tmp_path, "audits-02", 0.02),
            _scenario(tmp_path, "audits-50", 0.5),
            "-n",
            "64",
            "--behaviour",
            BEHAVIOUR,
            "--indicator",
            "rural.placed",
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Behaviour: true against reported, per run" in out
    lines = [line for line in out.splitlines() if "rural.placed" in line and "%" in line]
    assert [line.split("│")[1].strip() for line in lines] == ["baseline", "audits-02", "audits-50"]
    assert "windows.served" not in out  # --indicator limits both tables


def test_compare_names_a_bad_scenario_field_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[behaviour.audits]\ndefault = 2\n', "utf-8")
    result = CliRunner().invoke(main, ["compare", EXAMPLE, str(bad), "-n", "8"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "behaviour.audits.default" in result.output
    assert "bad.toml" in result.output


def test_a_program_files_behaviour_prints_without_the_option(tmp_path: Path) -> None:
    program = tmp_path / "program.toml"
    program.write_text(
        Path(EXAMPLE).read_text("utf-8")
        + '\n[behaviour]\n[behaviour.elasticities]\n"windows.served" = 0.3\n',
        "utf-8",
    )
    result = CliRunner().invoke(
        main, ["simulate", str(program), "-n", "64", "--seed", "3", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert "Behaviour: true against reported" in result.output
