"""A ratio indicator divides its parts as each part adds up over time: levels stay levels."""

from collections.abc import Mapping, MutableMapping

import numpy as np
import pytest

from vanguard import Indicator, Initiative, Label, Parameter, StepContext, Vanguard, hookimpl
from vanguard.model.indicator import Aggregation
from vanguard.plugins.initiative import Array
from vanguard.simulation import TOTAL, simulate


class CoverageModel:
    """Covered employers grow by Binomial draws towards a fixed register of 100 per unit."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return {"covered": np.zeros(ctx.shape)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        gap = (100 - state["covered"]).astype(np.int64)
        state["covered"] = state["covered"] + ctx.rng.binomial(gap, ctx.params["pace"])
        return {"net.covered": state["covered"].copy(), "net.employers": np.full(ctx.shape, 100.0)}


def _level(code: str) -> Indicator:
    return Indicator(code=code, name=Label(en=code), unit="employer", over_time=Aggregation.LAST)


COVERAGE = Initiative(
    name="coverage",
    title=Label(en="Coverage"),
    description="Employers covered by a monitoring network (levels, and their ratio).",
    indicators=(
        _level("net.covered"),
        _level("net.employers"),
        Indicator(
            code="net.rate",
            name=Label(en="Coverage rate"),
            unit="share",
            over_time=Aggregation.RATIO,
            over_units=Aggregation.RATIO,
            numerator="net.covered",
            denominator="net.employers",
        ),
    ),
    parameters=(Parameter("pace", 0.0, 1.0, 0.2, description="monthly share of the gap closed"),),
    model=CoverageModel(),
    outputs=("net.covered", "net.employers"),
    default_units=("a", "b"),
)

PROGRAM = """
id = "net"
name = "Network"
start = 2006-01-01
end = 2006-12-31
campaign = { id = "c", name = "Campaign" }

[[initiatives]]
name = "coverage"
"""


class CoveragePlugin:
    @hookimpl
    def vanguard_initiatives(self) -> list[Initiative]:
        return [COVERAGE]


def test_a_rate_of_two_levels_is_the_year_end_level_ratio_not_a_running_average() -> None:
    app = Vanguard(plugins=[CoveragePlugin()], load_entrypoints=False)
    program = app.parse_program(PROGRAM, check=False)
    result = simulate(program, 200, 7, app=app, keep=True)
    frame = result.frame()
    year_end = frame[(frame.period == "2006-12") & (frame.unit == TOTAL)]
    by = {
        code: year_end[year_end.indicator == code].value.to_numpy()
        for code in ("net.covered", "net.employers", "net.rate")
    }
    np.testing.assert_allclose(by["net.rate"], by["net.covered"] / by["net.employers"])
    # 1 - 0.8**12 of the register is covered by December; a running average would be ~0.6
    assert result.mean("net.rate") == pytest.approx(1 - 0.8**12, abs=0.01)
