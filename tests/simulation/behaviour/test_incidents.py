"""Detected misreporting meets the program's own rules (issue 11, item 2): a behaviour
declaring ``incidents`` counts each detected post on a program indicator, and the
program's vetoes and deductions on that indicator act in the simulated evaluation."""

from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

from vanguard.app import Vanguard
from vanguard.model.appraisal import Adjustment, Veto
from vanguard.model.label import Label
from vanguard.model.program import Program
from vanguard.problems import ProgramError
from vanguard.simulation import engine
from vanguard.simulation.behaviour import Audits, Behaviour, load_behaviour
from vanguard.simulation.simulate import simulate
from vanguard.simulation.streams import Block

FALSIFIED = "statistics.falsified_reports"
REPORTERS = ("training.", "employment-training-centre.")
"""The posts answering for the county offices of entrepreneurship training (``assign``)."""


@pytest.fixture(scope="module")
def guarded(zhaoqing: Program) -> Program:
    """Zhaoqing with a falsified-reports indicator, a veto on it leaving only the lowest
    grade, and a deduction of 10 points per report."""
    like = next(i for i in zhaoqing.indicators if i.code == "integrity.violations")
    falsified = attrs.evolve(
        like, code=FALSIFIED, simulate="at-pledge", name=Label("Falsified statistical reports")
    )
    rules = zhaoqing.evaluation
    veto = Veto(
        "falsified",
        Label("Falsified statistics"),
        FALSIFIED,
        0.0,
        tuple(g.id for g in rules.grades[:-1]),
    )
    deduction = Adjustment(
        "falsified", Label("Falsified statistics"), -10.0, 100.0, indicator=FALSIFIED
    )
    rules = attrs.evolve(
        rules, vetoes=(*rules.vetoes, veto), adjustments=(*rules.adjustments, deduction)
    )
    return attrs.evolve(zhaoqing, indicators=(*zhaoqing.indicators, falsified), evaluation=rules)


def _inflating(audits: Audits, incidents: str | None = FALSIFIED) -> Behaviour:
    """Posts that inflate training reports by 30 % whenever it pays in their own payoff
    (no penalty of the behaviour layer's own: only the program's rules punish)."""
    return Behaviour(
        elasticities={"entrepreneurship.trained": 1e-300},
        grid=1,
        budget=1.0,
        inflation=(0.0, 0.3),
        audits=audits,
        incidents=incidents,
    )


def _posts(app: Vanguard, program: Program, behaviour: Behaviour) -> dict[str, dict[str, Any]]:
    result = simulate(program, 128, seed=13, app=app, behaviour=behaviour, evaluate=True)
    return {row["post"]: row for row in result.outcomes().posts()}


AUDITED = Audits(default=0.5, detection=1.0, size=0.0)
"""Half the reports audited, an audited inflated report always found."""


def test_detected_misreporting_triggers_the_programs_veto_and_deduction(
    installed: Vanguard, guarded: Program
) -> None:
    counted = _posts(installed, guarded, _inflating(AUDITED))
    uncounted = _posts(installed, guarded, _inflating(AUDITED, incidents=None))
    reporters = [post for post in counted if post.startswith(REPORTERS)]
    assert reporters
    for post in reporters:
        # up to eight inflating county offices, each found with probability 1/2: the
        # veto leaves the lowest grade in nearly every replication
        assert counted[post]["p_incompetent"] >= 0.95
        assert uncounted[post]["p_incompetent"] <= 0.5
        assert counted[post]["mean_score"] < uncounted[post]["mean_score"] - 20
    for post in counted.keys() - set(reporters):  # no one else answers for those offices:
        # their scores stay; their grades may rise into the excellent quota the vetoed free
        np.testing.assert_equal(counted[post]["mean_score"], uncounted[post]["mean_score"])
        assert counted[post]["p_excellent"] >= uncounted[post]["p_excellent"]


def test_without_audits_the_programs_rules_never_fire(
    installed: Vanguard, guarded: Program
) -> None:
    never = Audits()
    np.testing.assert_equal(  # NaN (a post never scored) equals NaN here
        _posts(installed, guarded, _inflating(never)),
        _posts(installed, guarded, _inflating(never, incidents=None)),
    )


def test_the_incidents_flow_counts_each_detected_post_in_the_years_last_month(
    installed: Vanguard, guarded: Program
) -> None:
    behaviour = _inflating(AUDITED)
    result = simulate(guarded, 1, seed=1, app=installed, behaviour=behaviour)
    from vanguard.simulation.behaviour.response import prepare

    response = prepare(guarded, result.plan, behaviour)
    options = engine.Options(behaviour=response.respond)
    values = engine.simulate(result.plan, 7, Block(0, 0, 64), options)
    flow = values.flows[FALSIFIED]
    detected = values.behaviour.detected[0][0]  # type: ignore[attr-defined]
    np.testing.assert_array_equal(flow[-1], detected)
    assert not flow[:-1].any()
    assert 0 < detected.mean() < 1


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("no.such_indicator", "no indicator of the program"),
        ("integrity.violations", "already simulated"),
    ],
)
def test_a_bad_incidents_indicator_is_named(
    installed: Vanguard, guarded: Program, code: str, reason: str
) -> None:
    with pytest.raises(ProgramError, match=reason) as caught:
        simulate(guarded, 8, seed=1, app=installed, behaviour=_inflating(AUDITED, code))
    assert "behaviour: incidents" in str(caught.value)


def test_the_evaluation_with_incidents_does_not_depend_on_chunks_or_workers(
    installed: Vanguard, guarded: Program
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    def counts(**how: Any) -> dict[str, list[int]]:
        result = simulate(
            guarded, 300, seed=9, app=installed, block_size=64, evaluate=True,
            behaviour=_inflating(AUDITED), **how,
        )  # fmt: skip
        return {k: np.asarray(v).ravel().tolist() for k, v in result.tally.extra.items()}

    reference = counts(blocks_per_chunk=1)
    with ProcessPoolExecutor(2) as processes:
        assert counts(executor=processes, blocks_per_chunk=2) == reference
    assert counts(blocks_per_chunk=3) == reference


def test_a_behaviour_file_declares_incidents(installed: Vanguard, tmp_path: Path) -> None:
    path = tmp_path / "behaviour.toml"
    path.write_text(
        f'incidents = "{FALSIFIED}"\n[elasticities]\n"entrepreneurship.trained" = 0.5\n',
        encoding="utf-8",
    )
    assert load_behaviour(path, installed).incidents == FALSIFIED
