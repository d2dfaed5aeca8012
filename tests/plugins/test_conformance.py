"""The conformance suite passes a sound initiative and fails, clearly, for each broken contract."""

import time
from collections.abc import Callable, Mapping, MutableMapping

import attrs
import numpy as np
import pytest

from vanguard import (
    Aggregation,
    Indicator,
    Initiative,
    Parameter,
    Prior,
    StepContext,
    Vanguard,
    hookimpl,
)
from vanguard.model.label import label
from vanguard.plugins.initiative import Array
from vanguard.testing import (
    ConformanceSuite,
    assert_initiative_conforms,
    conformance_problems,
    plugin_initiatives,
)


class Trainings:
    """A sound model: each unit trains Poisson(rate) people a month; a share start firms."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return {"trained": np.zeros(ctx.shape)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        trained = ctx.rng.poisson(np.broadcast_to(ctx.params["rate"], ctx.shape)).astype(float)
        startups = ctx.rng.binomial(trained.astype(np.int64), ctx.params["share"]).astype(float)
        state["trained"] = state["trained"] + trained
        return {"demo.trained": trained, "demo.startups": startups}


def demo(model: object = None, **changes: object) -> Initiative:
    sound = Initiative(
        name="demo-training",
        title=label("Demo training"),
        description="Trains people each month; some of them start a business.",
        indicators=(
            Indicator(code="demo.trained", name=label("People trained"), unit="person"),
            Indicator(code="demo.startups", name=label("Start-ups"), unit="business"),
            Indicator(
                code="demo.startup_rate",
                name=label("Start-up rate"),
                unit="ratio",
                over_time=Aggregation.RATIO,
                over_units=Aggregation.RATIO,
                numerator="demo.startups",
                denominator="demo.trained",
            ),
        ),
        parameters=(
            Parameter(
                "rate",
                0,
                500,
                40,
                description="People trained per unit and month",
                prior=Prior("uniform", 20, 60),
            ),
            Parameter(
                "share",
                0,
                1,
                0.39,
                description="Share of trainees who start a firm",
                prior=Prior("beta", 39, 61),
            ),
        ),
        model=Trainings() if model is None else model,  # type: ignore[arg-type]
        outputs=("demo.trained", "demo.startups"),
        default_units=("north", "south", "east"),
    )
    return attrs.evolve(sound, **changes)


class WrongShape(Trainings):
    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        outputs = dict(super().step(state, inputs, ctx))
        outputs["demo.startups"] = outputs["demo.startups"].sum(axis=1, keepdims=True)
        return outputs


class GlobalRandom(Trainings):
    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        trained = np.random.poisson(40, ctx.shape).astype(float)  # the bug the suite must catch
        return {"demo.trained": trained, "demo.startups": np.floor(trained * 0.39)}


class ReadsTheClock(Trainings):
    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        trained = np.full(ctx.shape, float(time.perf_counter_ns() % 1000))
        return {"demo.trained": trained, "demo.startups": np.floor(trained * 0.39)}


class IgnoresItsDraws(Trainings):
    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        ctx.rng.random()
        trained = np.full(ctx.shape, 40.0)
        return {"demo.trained": trained, "demo.startups": np.floor(trained * 0.39)}


class Fixed(Trainings):
    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        trained = np.full(ctx.shape, 40.0)
        return {"demo.trained": trained, "demo.startups": np.floor(trained * 0.39)}


class Returns:
    """A model returning fixed outputs (to break one rule at a time)."""

    def __init__(self, make: Callable[[StepContext], dict[str, object]]) -> None:
        self.make = make

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return {}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, object]:
        return self.make(ctx)


def failure(initiative: Initiative) -> str:
    with pytest.raises(AssertionError) as caught:
        assert_initiative_conforms(initiative)
    return str(caught.value)


def test_a_sound_initiative_conforms() -> None:
    assert conformance_problems(demo()) == []
    assert_initiative_conforms(demo())
    assert_initiative_conforms(demo(), units=("a",), periods=12, replications=5, seed=7)


def test_a_model_that_draws_nothing_need_not_depend_on_the_seed() -> None:
    assert_initiative_conforms(demo(Fixed()))


class TestSoundInitiative(ConformanceSuite):
    """The ready-made test class, as a plugin author subclasses it."""

    initiative = demo()


def test_wrong_shape_fails_naming_output_period_and_shapes() -> None:
    message = failure(demo(WrongShape()))
    assert message.startswith("initiative 'demo-training' breaks the initiative contract:")
    assert (
        "model.step at period 0: output 'demo.startups' has shape (2, 1), expected (2, 3) = "
        "(replications=2, units=3)" in message
    )


def test_global_random_state_fails_as_not_deterministic() -> None:
    message = failure(demo(GlobalRandom()))
    assert "the model used numpy's global random state (np.random.*)" in message
    assert "the model is not deterministic for a fixed seed: two runs with seed" in message
    assert "differ in output 'demo.trained' at period 0" in message


def test_reading_the_clock_fails_as_not_deterministic() -> None:
    message = failure(demo(ReadsTheClock()))
    assert "the model is not deterministic for a fixed seed" in message
    assert "global random state" not in message


def test_ignoring_the_seed_fails() -> None:
    assert "give identical outputs; are the draws used?" in failure(demo(IgnoresItsDraws()))


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda ctx: {"demo.trained": np.zeros(ctx.shape)},
            "returned outputs ['demo.trained'], but the initiative declares "
            "['demo.trained', 'demo.startups'] (missing ['demo.startups'], undeclared [])",
        ),
        (
            lambda ctx: {"demo.trained": np.zeros(ctx.shape), "demo.startups": [0, 0, 0]},
            "output 'demo.startups' is list, expected a numpy array",
        ),
        (
            lambda ctx: {
                "demo.trained": np.zeros(ctx.shape),
                "demo.startups": np.zeros(ctx.shape, dtype=np.int64),
            },
            "output 'demo.startups' has dtype int64, expected float64",
        ),
        (
            lambda ctx: {
                "demo.trained": np.full(ctx.shape, np.nan),
                "demo.startups": np.zeros(ctx.shape),
            },
            "output 'demo.trained' has non-finite values",
        ),
        (
            lambda ctx: {"demo.trained": -np.ones(ctx.shape), "demo.startups": np.zeros(ctx.shape)},
            "output 'demo.trained' is negative, but the indicator is non-negative",
        ),
        (lambda ctx: 1 / 0, "model.step at period 0 raised ZeroDivisionError"),
    ],
)
def test_off_contract_outputs_are_named(
    make: Callable[[StepContext], dict[str, object]], expected: str
) -> None:
    assert expected in failure(demo(Returns(make)))


def test_undocumented_and_ill_formed_parts_are_each_named() -> None:
    sloppy = demo(
        description=" ",
        parameters=(
            Parameter("rate", 0, 500, 40),
            Parameter("share", 0, 1, 0.39, description="share", prior=Prior("normal", 5, 1)),
        ),
        indicators=(
            Indicator(code="trained", name=label("People trained"), unit="person"),
            Indicator(code="demo.startups", name=label("Start-ups"), unit="business"),
            Indicator(
                code="demo.startup_rate",
                name=label("Start-up rate"),
                unit="ratio",
                over_time=Aggregation.RATIO,
                numerator="demo.startups",
                denominator="demo.graduates",
            ),
        ),
        outputs=("trained", "demo.startups"),
        model=Fixed(),
    )
    message = failure(sloppy)
    for expected in (
        "description is empty",
        "parameter 'rate' has no description",
        "parameter 'share': prior normal(a=5, b=1) puts only 0% of its draws within the bounds",
        "indicator 'trained': codes are namespaced",
        "indicator 'demo.startup_rate': denominator 'demo.graduates' is neither one of its "
        "indicators nor an input",
    ):
        assert expected in message


def test_declared_outputs_need_a_model() -> None:
    assert "declares outputs but has no model" in failure(attrs.evolve(demo(), model=None))


def test_a_ratio_is_not_a_model_output() -> None:
    # vanguard computes a rate from its parts; a model's own value would be ignored
    listed = attrs.evolve(demo(), outputs=("demo.trained", "demo.startups", "demo.startup_rate"))
    assert (
        "output 'demo.startup_rate' is a ratio: vanguard computes it from its numerator "
        "('demo.startups') and denominator ('demo.trained')"
    ) in failure(listed)


def test_the_suite_class_fails_per_check() -> None:
    class Broken(ConformanceSuite):
        initiative = demo(WrongShape())

    suite = Broken()
    suite.test_is_documented()
    suite.test_parameters_are_within_bounds_with_sensible_priors()
    with pytest.raises(AssertionError, match=r"has shape \(2, 1\), expected \(2, 3\)"):
        suite.test_model_steps_with_the_right_shapes()

    class Random(ConformanceSuite):
        initiative = demo(GlobalRandom())
        units = ("only",)

    with pytest.raises(AssertionError, match="not deterministic for a fixed seed"):
        Random().test_model_is_deterministic_for_a_seed()


def test_plugin_initiatives_go_through_the_hook(
    register_plugin: Callable[..., Vanguard], vanguard_app: Vanguard
) -> None:
    class Plugin:
        @hookimpl
        def vanguard_initiatives(self) -> list[Initiative]:
            return [demo()]

    [initiative] = plugin_initiatives(Plugin()).values()
    assert_initiative_conforms(initiative)
    app = register_plugin(Plugin())
    assert app is vanguard_app
    assert set(app.indicators()) == {"demo.trained", "demo.startups", "demo.startup_rate"}


def test_the_fixture_app_loads_no_entry_points(vanguard_app: Vanguard) -> None:
    assert vanguard_app.plugins() == []
