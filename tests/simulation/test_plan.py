"""Plans: dependency order, and every problem with a program or a model named clearly."""

import attrs
import numpy as np
import pytest
import toy

from vanguard import Program, ProgramError, Vanguard, hookimpl
from vanguard.simulation import ModelError, build_plan, simulate
from vanguard.simulation.executors import ChunkError


def _app(*initiatives):  # type: ignore[no-untyped-def]
    class Plugin:
        @hookimpl
        def vanguard_initiatives(self):  # type: ignore[no-untyped-def]
            return list(initiatives)

    return Vanguard(plugins=[Plugin()], load_entrypoints=False)


def test_producers_step_before_consumers(app: Vanguard, program: Program) -> None:
    plan = build_plan(program, app.initiatives(), app.indicators())
    # the program lists toy-hiring first; it consumes toy-training's start-ups
    assert [s.name for s in plan.steps] == ["toy-training", "toy-hiring"]
    assert plan.periods == 12
    assert plan.period_labels[0] == "2006-01"
    assert plan.series_of("toy.rate").numerator == "toy.startups"


def test_a_missing_producer_is_named(program: Program) -> None:
    app = _app(toy.HIRING, attrs.evolve(toy.TRAINING, outputs=("toy.trained", "toy.jobs")))
    with pytest.raises(ProgramError, match=r"needs indicator 'toy\.startups'"):
        simulate(program, 10, 1, app=app)


def test_a_cycle_of_inputs_is_named(program: Program) -> None:
    training = attrs.evolve(toy.TRAINING, inputs=("toy.hires",))
    with pytest.raises(ProgramError, match=r"cycle: toy-.* -> toy-.* -> toy-"):
        simulate(program, 10, 1, app=_app(toy.HIRING, training))


def test_unknown_initiatives_and_parameters_are_located(app: Vanguard, program: Program) -> None:
    with pytest.raises(ProgramError, match=r"scenario: toy-training\.nope"):
        simulate(program, 10, 1, app=app, parameters={"toy-training": {"nope": 1.0}})
    with pytest.raises(ProgramError, match="the program does not run this initiative"):
        simulate(program, 10, 1, app=app, parameters={"elsewhere": {"x": 1.0}})
    with pytest.raises(ProgramError, match="no installed plugin provides initiative 'toy-hiring'"):
        simulate(program, 10, 1, app=_app(toy.TRAINING))


class WrongShape:
    def start(self, ctx):  # type: ignore[no-untyped-def]
        return {}

    def step(self, state, inputs, ctx):  # type: ignore[no-untyped-def]
        return {
            "toy.trained": np.ones(ctx.shape[1]),
            "toy.startups": np.zeros(ctx.shape),
            "toy.jobs": np.zeros(ctx.shape),
        }


class NotANumber(WrongShape):
    def step(self, state, inputs, ctx):  # type: ignore[no-untyped-def]
        return {
            "toy.trained": np.full(ctx.shape, np.nan),
            "toy.startups": np.zeros(ctx.shape),
            "toy.jobs": np.zeros(ctx.shape),
        }


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (WrongShape(), r"'toy.trained' has shape \(3,\), expected \(\d+, 3\)"),
        (NotANumber(), "'toy.trained': the model returned NaN"),
    ],
)
def test_model_contract_breaches_are_reported(
    program: Program, model: object, message: str
) -> None:
    app = _app(toy.HIRING, attrs.evolve(toy.TRAINING, model=model))
    with pytest.raises(ChunkError, match=message) as caught:
        simulate(program, 10, 1, app=app)
    assert isinstance(caught.value.__cause__, ModelError)


def test_per_replication_parameters(app: Vanguard, program: Program) -> None:
    rates = np.where(np.arange(2000) < 1000, 0.0, 1.0)
    result = simulate(
        program,
        2000,
        1,
        app=app,
        collect=["toy.startups", "toy.trained"],
        variation={("toy-training", "startup_rate"): rates},
    )
    startups, trained = result.values("toy.startups"), result.values("toy.trained")
    assert np.all(startups[:1000] == 0)
    assert np.array_equal(startups[1000:], trained[1000:])
