"""Behaviour declared in the program file or changed by a scenario file (issue 11, point 1):
both go through the app's converter, bad fields are named at their place, and a
``compare`` of audit rates is one call."""

from pathlib import Path

import attrs
import numpy as np
import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program
from vanguard.problems import ProgramError
from vanguard.simulation import compare, load_scenario
from vanguard.simulation.behaviour import Audits, Behaviour, behaviour_rows, load_behaviour
from vanguard.simulation.results import SimulationResult
from vanguard.simulation.scenarios import Scenario
from vanguard.simulation.simulate import simulate

ROOT = Path(__file__).resolve().parents[3]
PROGRAM = ROOT / "examples" / "zhaoqing-2006.toml"
DECLARED = """
[behaviour]
grid = 4
inflation = [0.0, 0.2]

[behaviour.elasticities]
"entrepreneurship.trained" = 0.5
"entrepreneurship.startups" = 0.5

[behaviour.audits]
default = 0.1
"""
BEHAVIOUR = Behaviour(
    elasticities={"entrepreneurship.trained": 0.5, "entrepreneurship.startups": 0.5},
    grid=4,
    inflation=(0.0, 0.2),
    audits=Audits(default=0.1),
)
"""What :data:`DECLARED` declares."""


def _program_file(tmp_path: Path, section: str) -> Path:
    path = tmp_path / "program.toml"
    path.write_text(PROGRAM.read_text() + "\n" + section)
    return path


def _summaries(result: SimulationResult) -> list[np.ndarray]:
    tally = result.tally
    return [tally.total, tally.squares, tally.finite, tally.low, tally.high, tally.met]


def _gap(rows: list[dict[str, float]]) -> float:
    return sum(r["reported"] - r["true"] for r in rows) / len(rows)


def test_a_program_files_behaviour_section_is_the_run_s(
    installed: Vanguard, tmp_path: Path
) -> None:
    program = installed.load_program(_program_file(tmp_path, DECLARED))
    assert program.behaviour == BEHAVIOUR
    declared = simulate(program, 128, seed=4, app=installed)
    plain = attrs.evolve(program, behaviour=None)
    given = simulate(plain, 128, seed=4, app=installed, behaviour=BEHAVIOUR)
    assert declared.response is not None
    assert behaviour_rows(declared) == behaviour_rows(given, plain, BEHAVIOUR)
    for a, b in zip(_summaries(declared), _summaries(given), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_program_file_renders_its_behaviour_and_reads_it_back(
    installed: Vanguard, tmp_path: Path
) -> None:
    program = installed.load_program(_program_file(tmp_path, DECLARED))
    again = tmp_path / "again.toml"
    again.write_text(installed.render_program(program, "toml"))
    assert installed.load_program(again).behaviour == BEHAVIOUR


ELASTIC = '[behaviour.elasticities]\n"rural.placed" = 0.5\n'


@pytest.mark.parametrize(
    ("section", "where"),
    [
        (ELASTIC + "[behaviour.audits]\ndefault = 1.5\n", "behaviour.audits.default"),
        (ELASTIC + '[behaviour.audits]\npenalty = "fine"\n', "behaviour.audits.penalty"),
        ("[behaviour]\ngrid = 0\n" + ELASTIC, "behaviour.grid"),
        ("[behaviour]\ngird = 3\n" + ELASTIC, "behaviour.gird"),
        ("[behaviour]\ngrid = 3\n", "behaviour.elasticities"),
    ],
)
def test_a_bad_behaviour_field_in_a_program_file_is_named(
    installed: Vanguard, tmp_path: Path, section: str, where: str
) -> None:
    path = _program_file(tmp_path, section)
    with pytest.raises(ProgramError) as caught:
        installed.load_program(path)
    message = str(caught.value)
    assert where in message
    assert str(path) in message


def test_a_declared_behaviour_switched_off_is_the_passive_run_exactly(
    installed: Vanguard, zhaoqing: Program
) -> None:
    passive = simulate(zhaoqing, 200, seed=8, app=installed)
    off = attrs.evolve(zhaoqing, behaviour=attrs.evolve(BEHAVIOUR, on=False))
    quiet = simulate(off, 200, seed=8, app=installed)
    assert quiet.response is None
    assert not any(key.startswith("behaviour.") for key in quiet.tally.extra)
    for a, b in zip(_summaries(passive), _summaries(quiet), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_scenario_switches_the_programs_behaviour_off_and_on(
    installed: Vanguard, zhaoqing: Program
) -> None:
    declared = attrs.evolve(zhaoqing, behaviour=BEHAVIOUR)
    passive = simulate(zhaoqing, 150, seed=2, app=installed)
    off = simulate(
        declared, 150, seed=2, app=installed, scenario=Scenario("off", behaviour={"on": False})
    )
    for a, b in zip(_summaries(passive), _summaries(off), strict=True):
        np.testing.assert_array_equal(a, b)
    dormant = attrs.evolve(zhaoqing, behaviour=attrs.evolve(BEHAVIOUR, on=False))
    on = simulate(
        dormant, 150, seed=2, app=installed, scenario=Scenario("on", behaviour={"on": True})
    )
    direct = simulate(zhaoqing, 150, seed=2, app=installed, behaviour=BEHAVIOUR)
    assert behaviour_rows(on) == behaviour_rows(direct)


def test_compare_audits_at_ten_and_fifty_percent_in_one_call(
    installed: Vanguard, zhaoqing: Program, tmp_path: Path
) -> None:
    """Two scenario files changing one audit rate: the paired runs differ only by it, the
    baseline's posts inflate, and more audits leave a smaller gap of reported over true."""
    files = []
    for name, rate in (("ten", 0.1), ("fifty", 0.5)):
        path = tmp_path / f"{name}.toml"
        path.write_text(f'name = "audits at {name}"\n[behaviour.audits]\ndefault = {rate}\n')
        files.append(load_scenario(path))
    never = attrs.evolve(BEHAVIOUR, audits=Audits(size=0.2))  # no audits, a small penalty
    comparison = compare(
        zhaoqing, files, 256, seed=6, app=installed, behaviour=never, indicators=["rural.placed"]
    )
    rows = comparison.behaviour_rows()
    by = {s: [r for r in rows if r["scenario"] == s] for s in ("baseline", *comparison.scenarios)}
    gaps = [_gap(by[s]) for s in ("baseline", "audits at ten", "audits at fifty")]
    assert gaps[0] > gaps[1] > gaps[2] >= 0.0
    assert gaps[2] < 0.05 * gaps[0]
    assert comparison.scenarios["audits at fifty"].response.behaviour.audits.default == 0.5
    # the same scenario through simulate: the same rows
    ten = simulate(zhaoqing, 256, seed=6, app=installed, behaviour=never, scenario=files[0])
    expected = behaviour_rows(ten)
    assert [r["true"] for r in expected][:3] == [
        r["true"] for r in behaviour_rows(comparison.scenarios["audits at ten"])
    ][:3]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[behaviour.audits]\ndefault = 5\n", "behaviour.audits.default"),
        ("[behaviour.audits]\npenalti = 'veto'\n", "behaviour.audits.penalti"),
        ("[behaviour]\ninflation = 0.2\n", "behaviour.inflation"),
        ("behaviour = 'off'\n", "behaviour"),
    ],
)
def test_a_bad_behaviour_change_in_a_scenario_file_is_named(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text('name = "bad"\n' + text)
    with pytest.raises(ProgramError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert where in message
    assert str(path) in message


def test_a_scenario_over_no_declaration_must_declare_a_whole_behaviour(
    installed: Vanguard, zhaoqing: Program
) -> None:
    partial = Scenario("partial", behaviour={"audits": {"default": 0.5}})
    with pytest.raises(ProgramError, match=r"behaviour\.elasticities"):
        simulate(zhaoqing, 10, seed=1, app=installed, scenario=partial)
    whole = Scenario("whole", behaviour={"elasticities": {"rural.placed": 0.5}})
    result = simulate(zhaoqing, 10, seed=1, app=installed, scenario=whole)
    assert result.response is not None


def test_the_shipped_behaviour_file_and_a_program_section_agree(installed: Vanguard) -> None:
    shipped = load_behaviour(ROOT / "examples" / "behaviour" / "zhaoqing-behaviour.toml")
    document = installed.converter.unstructure(shipped, Behaviour)
    assert installed.converter.structure(document, Behaviour) == shipped
