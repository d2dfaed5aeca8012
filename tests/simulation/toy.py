"""Toy initiatives for the simulation tests: small, fast, with known expected values."""

from collections.abc import Mapping, MutableMapping

import numpy as np

from vanguard import Indicator, Initiative, Label, Parameter, Prior, StepContext, hookimpl
from vanguard.model.indicator import Aggregation
from vanguard.plugins.initiative import Array

COUNTIES = ("north", "south", "east")


class TrainingModel:
    """Poisson(trainees) trained a month per unit; Binomial start-ups; 1 + Poisson jobs each."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return {}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        lam = np.broadcast_to(ctx.params["trainees"], ctx.shape)
        trained = ctx.rng.poisson(lam).astype(np.float64)
        p = np.broadcast_to(ctx.params["startup_rate"], ctx.shape)
        startups = ctx.rng.binomial(trained.astype(np.int64), p).astype(np.float64)
        jobs = startups + ctx.rng.poisson(ctx.params["extra_jobs"] * startups)
        return {"toy.trained": trained, "toy.startups": startups, "toy.jobs": jobs}


class HiringModel:
    """Consumes start-ups: hires a Binomial share of them; keeps a running head count."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return {"staff": np.zeros(ctx.shape)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        pool = inputs["toy.startups"].sum(axis=1, keepdims=True)
        hires = ctx.rng.binomial(pool.astype(np.int64), ctx.params["share"]).astype(np.float64)
        state["staff"] = state["staff"] + hires
        return {"toy.hires": hires, "toy.staff": state["staff"].copy()}


def _indicator(code: str, **kwargs: object) -> Indicator:
    return Indicator(code=code, name=Label(en=code), unit="count", **kwargs)  # type: ignore[arg-type]


TRAINING = Initiative(
    name="toy-training",
    title=Label(en="Toy training"),
    description="A small training model with a known mean.",
    indicators=(
        _indicator("toy.trained"),
        _indicator("toy.startups"),
        _indicator("toy.jobs"),
        _indicator(
            "toy.rate",
            over_time=Aggregation.RATIO,
            over_units=Aggregation.RATIO,
            numerator="toy.startups",
            denominator="toy.trained",
        ),
    ),
    parameters=(
        Parameter("trainees", 0.0, 100.0, 9.0, prior=Prior("uniform", 5.0, 15.0)),
        Parameter("startup_rate", 0.0, 1.0, 0.4, prior=Prior("uniform", 0.2, 0.6)),
        Parameter("extra_jobs", 0.0, 10.0, 2.0, prior=Prior("uniform", 1.0, 3.0)),
    ),
    model=TrainingModel(),
    outputs=("toy.trained", "toy.startups", "toy.jobs"),
    default_units=COUNTIES,
)

HIRING = Initiative(
    name="toy-hiring",
    title=Label(en="Toy hiring"),
    description="Consumes the training model's start-ups.",
    indicators=(_indicator("toy.hires"), _indicator("toy.staff", over_time=Aggregation.LAST)),
    parameters=(Parameter("share", 0.0, 1.0, 0.5),),
    model=HiringModel(),
    outputs=("toy.hires", "toy.staff"),
    inputs=("toy.startups",),
    default_units=("city",),
)


class ToyPlugin:
    """Registers both toy initiatives."""

    @hookimpl
    def vanguard_initiatives(self) -> list[Initiative]:
        return [HIRING, TRAINING]


PROGRAM = """
id = "toy"
name = "Toy program"
start = 2006-01-01
end = 2006-12-31
campaign = { id = "vanguard", name = "Vanguard practice" }

[[initiatives]]
name = "toy-hiring"

[[initiatives]]
name = "toy-training"

[[pillars]]
id = "p1"
name = "Results"

[[tasks]]
id = "t1"
name = "Train people"
pillar = "p1"
targets = [{ indicator = "toy.trained", value = 320 }, { indicator = "toy.jobs", value = 400 }]

[[figures]]
indicator = "toy.trained"
value = 324
source = "made up"
"""
