"""Detected misreporting meets the program's own rules (issue 11, item 2): a behaviour
declaring ``incidents`` counts each detected post on a program indicator, and the
program's vetoes and deductions on that indicator act in the simulated evaluation."""

import itertools
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
    (no penalty of the behaviour layer's own: only the program's rules punish, and the
    posts do not anticipate them)."""
    return Behaviour(
        elasticities={"entrepreneurship.trained": 1e-300},
        grid=1,
        budget=1.0,
        inflation=(0.0, 0.3),
        audits=audits,
        incidents=incidents,
        anticipate=False,  # naive posts: the rules meet them after the fact
    )


def _posts(app: Vanguard, program: Program, behaviour: Behaviour) -> dict[str, dict[str, Any]]:
    result = simulate(program, 128, seed=13, app=app, behaviour=behaviour, evaluate=True)
    return {row["post"]: row for row in result.outcomes().posts()}


AUDITED = Audits(default=0.5, detection=1.0, size=0.0)
"""Half the reports audited, an audited inflated report always found."""


def test_detected_misreporting_triggers_the_programs_veto_and_deduction(
    installed: Vanguard, guarded: Program
) -> None:
    """Each acting post (the staff answering for the county offices) reports its own
    detected misreporting: the veto leaves it the lowest grade in about the share of years
    it was caught; the others' scores stay."""
    from vanguard.simulation.behaviour import behaviour_rows

    behaviour = _inflating(AUDITED)
    result = simulate(guarded, 128, seed=13, app=installed, behaviour=behaviour, evaluate=True)
    counted = {row["post"]: row for row in result.outcomes().posts()}
    uncounted = _posts(installed, guarded, _inflating(AUDITED, incidents=None))
    caught = {r["post"]: r["caught"] for r in behaviour_rows(result)}
    assert set(caught)
    assert all(post.startswith(REPORTERS) for post in caught)
    for post, share in caught.items():
        assert 0.3 < share < 0.7  # every post inflates; half the reports are audited
        assert counted[post]["p_incompetent"] >= share - 1e-9
        assert uncounted[post]["p_incompetent"] <= 0.5 * share
        assert counted[post]["mean_score"] < uncounted[post]["mean_score"] - 3
    for post in counted.keys() - set(caught) - {"training.head", "employment-training-centre.head"}:
        # no one else answers for those offices: their scores stay (the heads roll up
        # their staff's results); grades may rise into the excellent quota the vetoed free
        np.testing.assert_equal(counted[post]["mean_score"], uncounted[post]["mean_score"])


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
    units = result.plan.series_of(FALSIFIED).units  # the posts (the campaign discipline's)
    acting = [post for group in response.groups for post in group.units]
    detected = np.concatenate(
        [record[0] for record in values.behaviour.detected],  # type: ignore[attr-defined]
        axis=1,
    )
    where = [units.index(post) for post in acting]
    np.testing.assert_array_equal(flow[-1][:, where], detected)
    assert not np.delete(flow[-1], where, axis=1).any()
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


def _inflation(app: Vanguard, program: Program, behaviour: Behaviour) -> tuple[float, float]:
    """The mean share posts overstate by (their ex-ante choice) and the mean gap of
    reported over true, over posts and targets."""
    from vanguard.simulation.behaviour import behaviour_rows

    rows = behaviour_rows(simulate(program, 256, seed=21, app=app, behaviour=behaviour))
    inflation = sum(r["inflation"] for r in rows) / len(rows)
    return inflation, sum(r["reported"] - r["true"] for r in rows) / len(rows)


def _deduction_only(guarded: Program) -> Program:
    rules = guarded.evaluation
    vetoes = tuple(v for v in rules.vetoes if v.indicator != FALSIFIED)
    return attrs.evolve(guarded, evaluation=attrs.evolve(rules, vetoes=vetoes))


def test_posts_anticipating_the_programs_veto_do_not_inflate_when_detection_is_certain(
    installed: Vanguard, guarded: Program
) -> None:
    """The audits' own penalty is nil: only the program's veto deters, and it deters
    only the posts that weigh it when they choose."""
    certain = Audits(default=1.0, detection=1.0, size=0.0)
    weighing = attrs.evolve(_inflating(certain), anticipate=True)
    assert _inflation(installed, guarded, weighing) == (0.0, 0.0)
    # half the reports audited: naive posts always inflate (and half are vetoed); posts
    # weighing the veto inflate far less (only those whose honest year brings findings)
    naive, naive_gap = _inflation(installed, guarded, _inflating(AUDITED))
    weighed, weighed_gap = _inflation(
        installed, guarded, attrs.evolve(_inflating(AUDITED), anticipate=True)
    )
    assert naive == pytest.approx(0.3)
    assert weighed < 0.5 * naive
    assert weighed_gap < 0.5 * naive_gap


def test_the_gap_shrinks_with_audits_times_the_programs_deduction_by_choice(
    installed: Vanguard, guarded: Program
) -> None:
    """With the program's deduction the only penalty, anticipating posts inflate less as
    audits rise (the choice moves); naive posts inflate the same at every audit rate (only
    detection after the fact moves the gap)."""
    program = _deduction_only(guarded)
    rates = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8)

    def runs(anticipate: bool) -> list[tuple[float, float]]:
        return [
            _inflation(
                installed,
                program,
                attrs.evolve(
                    _inflating(Audits(default=p, detection=1.0, size=0.0)), anticipate=anticipate
                ),
            )
            for p in rates
        ]

    weighing, naive = runs(True), runs(False)
    chosen = [inflation for inflation, _ in weighing]
    gaps = [gap for _, gap in weighing]
    assert all(b <= a for a, b in itertools.pairwise(chosen))
    assert all(b <= a for a, b in itertools.pairwise(gaps))
    assert chosen[-1] < 0.5 * chosen[0]
    assert len({inflation for inflation, _ in naive}) == 1
    assert naive[0][0] == chosen[0]  # without audits there is nothing to anticipate


def test_what_posts_anticipate_is_read_from_the_programs_rules(guarded: Program) -> None:
    from vanguard.model.behaviour import Penalty
    from vanguard.simulation.behaviour.incidents import anticipated

    own = Audits(penalty=Penalty.DEDUCTION, size=0.25)
    weighing = attrs.evolve(_inflating(own), anticipate=True)
    assert anticipated(guarded, weighing)[0] is Penalty.VETO
    penalty, size = anticipated(_deduction_only(guarded), weighing)
    assert penalty is Penalty.DEDUCTION
    assert size == pytest.approx(0.25 + weighing.payoff.score * 10 / 100)
    assert anticipated(guarded, _inflating(own)) == (Penalty.DEDUCTION, 0.25)
    assert anticipated(guarded, attrs.evolve(weighing, incidents=None)) == (
        Penalty.DEDUCTION,
        0.25,
    )
