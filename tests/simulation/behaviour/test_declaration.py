"""The behaviour declaration: read from a file by the app's converter, errors at their place."""

from pathlib import Path

import pytest

from vanguard.app import Vanguard
from vanguard.model.program import Program
from vanguard.problems import ProgramError
from vanguard.simulation.behaviour import Audits, Behaviour, Payoff, Penalty, load_behaviour
from vanguard.simulation.simulate import simulate

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "examples" / "behaviour" / "zhaoqing-behaviour.toml"


def test_the_shipped_declaration_reads(installed: Vanguard) -> None:
    behaviour = load_behaviour(SHIPPED, installed)
    assert behaviour.elasticities["rural.placed"] == 0.5
    assert behaviour.audits == Audits(default=0.1, detection=0.8, penalty=Penalty.DEDUCTION)
    assert behaviour.inflation == (0.0, 0.1)


def test_a_declaration_in_yaml_reads_the_same(installed: Vanguard, tmp_path: Path) -> None:
    path = tmp_path / "behaviour.yaml"
    path.write_text(
        "elasticities:\n  rural.placed: 0.5\npayoff:\n  weights:\n    rural.placed: 2\n"
        "audits:\n  capacity: 3\n  penalty: veto\n"
    )
    behaviour = load_behaviour(path, installed)
    assert behaviour == Behaviour(
        elasticities={"rural.placed": 0.5},
        payoff=Payoff(weights={"rural.placed": 2.0}),
        audits=Audits(capacity=3, penalty=Penalty.VETO),
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('grid = 0\n[elasticities]\n"rural.placed" = 0.5\n', "grid"),
        ('[elasticities]\n"rural.placed" = -1\n', "elasticities"),
        ('[elasticities]\n"rural.placed" = 0.5\n[audits]\ndefault = 1.5\n', "audits.default"),
        ('[elasticities]\n"rural.placed" = 0.5\n[audits]\npenalty = "fine"\n', "audits.penalty"),
        ('[elasticities]\n"rural.placed" = 0.5\n[payof]\nscore = 1\n', "payof"),
    ],
)
def test_bad_fields_are_named(installed: Vanguard, tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "behaviour.toml"
    path.write_text(text)
    with pytest.raises(ProgramError) as caught:
        load_behaviour(path, installed)
    message = str(caught.value)
    assert where in message
    assert str(path) in message


def test_an_indicator_the_program_does_not_simulate_is_named(
    installed: Vanguard, zhaoqing: Program
) -> None:
    behaviour = Behaviour(elasticities={"rural.placed": 0.5, "rural.nonesuch": 1.0})
    with pytest.raises(ProgramError, match=r"elasticities\.rural\.nonesuch"):
        simulate(zhaoqing, 10, seed=1, app=installed, behaviour=behaviour)
