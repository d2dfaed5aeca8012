"""Plugin faults isolated in the simulation: a model raising is named with its plugin,
initiative, block and seed; a broken plugin blocks only the programs that use it."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import attrs
import pytest
import toy

from vanguard import Initiative, Program, ProgramError, Vanguard, hookimpl, simulate
from vanguard.plugins.initiative import Array, StepContext
from vanguard.simulation.executors import ChunkError


class FailsInMay:
    """The toy training model, failing in its fifth period of block 1."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return toy.TrainingModel().start(ctx)

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        if ctx.period == 4 and ctx.replications < 1024:
            raise ValueError("the county file for May is missing")
        return toy.TrainingModel().step(state, inputs, ctx)


class FailingToy:
    @hookimpl
    def vanguard_initiatives(self) -> list[Initiative]:
        return [toy.HIRING, attrs.evolve(toy.TRAINING, model=FailsInMay())]


class Broken:
    @hookimpl
    def vanguard_initiatives(self) -> list[Initiative]:
        raise RuntimeError("cannot read the initiative catalogue")


def test_a_model_raising_in_step_is_reported_with_plugin_initiative_block_and_seed(
    program: Program,
) -> None:
    app = Vanguard(plugins=[FailingToy()], load_entrypoints=False)
    with pytest.raises(ChunkError) as caught:
        simulate(program, 1500, 42, app=app)  # block 1 holds the last 476 replications
    message = str(caught.value)
    assert caught.value.seed == 42
    assert caught.value.block_ids == (1,)
    assert message.startswith("simulation failed in block 1 (seed 42): block 1: ")
    assert "plugin 'FailingToy', initiative 'toy-training', step of period 4 (2006-05)" in message
    assert "ValueError: the county file for May is missing" in message


def test_one_broken_plugin_no_longer_blocks_every_program(program: Program) -> None:
    app = Vanguard(plugins=[toy.ToyPlugin(), Broken()], load_entrypoints=False)
    alone = Vanguard(plugins=[toy.ToyPlugin()], load_entrypoints=False)
    assert app.validate(program) == alone.validate(program)  # as if it were not installed
    result = simulate(program, 50, 7, app=app)
    assert result.replications == 50
    assert app.disabled_plugins() == {
        "Broken": "vanguard_initiatives failed: RuntimeError: cannot read the initiative catalogue"
    }


def test_a_program_using_a_broken_plugin_gets_an_error_naming_it(program: Program) -> None:
    app = Vanguard(plugins=[Broken()], load_entrypoints=False)
    problems = [str(problem) for problem in app.validate(program)]
    assert (
        "initiatives[0].name: no installed plugin provides initiative 'toy-hiring'; plugin "
        "'Broken', which may provide it, is disabled for this run: vanguard_initiatives "
        "failed: RuntimeError: cannot read the initiative catalogue"
    ) in problems


def test_simulating_a_program_that_uses_a_broken_plugin_names_it(program: Program) -> None:
    app = Vanguard(plugins=[Broken()], load_entrypoints=False)
    with pytest.raises(ProgramError, match="plugin 'Broken', which may provide it, is disabled"):
        simulate(program, 10, 1, app=app)
