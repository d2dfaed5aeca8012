"""The testing kit's tools for plugin tests: simulate_initiative, parameter_values, docs pages.

The initiative under test is a small one of this module's own (one input, an integer
parameter), so these tests do not depend on vanguard's plugins.
"""

import datetime as dt
from collections.abc import Mapping, MutableMapping
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings

from vanguard import Indicator, Initiative, Parameter, StepContext
from vanguard.model.label import label
from vanguard.plugins.initiative import Array
from vanguard.testing import (
    ModelContractError,
    ModelRun,
    assert_docs_page_lists,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values


class Visits:
    """Each unit gets Poisson(rate) visitors a month, plus the ``demo.referrals`` input."""

    def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
        return {"total": np.zeros(ctx.shape), "months": np.zeros(ctx.shape)}

    def step(
        self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
    ) -> Mapping[str, Array]:
        rate = np.broadcast_to(ctx.params["rate"], ctx.shape)
        referred = np.broadcast_to(inputs.get("demo.referrals", 0.0), ctx.shape)
        visits = ctx.rng.poisson(rate).astype(np.float64) + referred
        state["total"] = state["total"] + visits
        state["months"] = state["months"] + 1
        desks = np.broadcast_to(ctx.params["desks"], ctx.shape).astype(np.float64)
        return {"demo.visits": visits, "demo.desks": desks.copy()}


DEMO = Initiative(
    name="demo-visits",
    title=label("Demo visits"),
    description="Visitors come each month to every unit's desks.",
    indicators=(
        Indicator(code="demo.visits", name=label("Visits"), unit="person"),
        Indicator(code="demo.desks", name=label("Desks"), unit="desk"),
    ),
    parameters=(
        Parameter(name="rate", lower=0, upper=1000, default=20, description="Visitors a month"),
        Parameter(
            name="desks", lower=0.5, upper=12.5, default=2, description="Desks", integer=True
        ),
        Parameter(name="bonus", lower=0, upper=1e6, default=12500, description="Yuan"),
    ),
    model=Visits(),
    outputs=("demo.visits", "demo.desks"),
    inputs=("demo.referrals",),
    default_units=("north", "south", "east"),
)

PAGE = """\
# Demo visits

| Code | Name | Unit |
| --- | --- | --- |
| `demo.visits` | Visits | person |
| `demo.desks` | Desks | desk |

| Parameter | Default | Bounds |
| --- | --- | --- |
| `rate` | 20 | 0 .. 1,000 |
| `desks` | 2 | 1 .. 12 (whole number) |
| `bonus` | 12,500 | 0 .. 1e+06 |
"""


# --- simulate_initiative ------------------------------------------------------------


def test_outputs_are_stacked_per_period_replication_and_unit() -> None:
    run = simulate_initiative(DEMO, replications=5)
    assert isinstance(run, ModelRun)
    assert set(run.outputs) == {"demo.visits", "demo.desks"}
    for code, values in run.outputs.items():
        assert values.shape == (12, 5, 3), code  # a year over the three default units
        assert values.dtype == np.float64, code
    np.testing.assert_array_equal(run.state["months"], 12)
    np.testing.assert_array_equal(run.state["total"], run.outputs["demo.visits"].sum(axis=0))


def test_the_same_seed_gives_the_same_numbers_another_seed_others() -> None:
    first = simulate_initiative(DEMO, replications=4, seed=7)
    again = simulate_initiative(DEMO, replications=4, seed=7)
    other = simulate_initiative(DEMO, replications=4, seed=8)
    np.testing.assert_array_equal(first.outputs["demo.visits"], again.outputs["demo.visits"])
    assert not np.array_equal(first.outputs["demo.visits"], other.outputs["demo.visits"])


def test_randomness_comes_from_a_seed_sequence_of_the_seed() -> None:
    run = simulate_initiative(DEMO, replications=2, periods=1, seed=11, units=("a",))
    expected = np.random.default_rng(np.random.SeedSequence(11)).poisson(np.full((2, 1), 20.0))
    np.testing.assert_array_equal(run.outputs["demo.visits"][0], expected)


def test_params_are_merged_over_the_defaults_and_broadcast_per_replication() -> None:
    seen: list[Mapping[str, Array]] = []

    class Spy(Visits):
        def start(self, ctx: StepContext) -> MutableMapping[str, Array]:
            seen.append(ctx.params)
            return super().start(ctx)

    spied = attrs.evolve(DEMO, model=Spy())
    run = simulate_initiative(spied, replications=3, params={"desks": 5})
    np.testing.assert_array_equal(run.outputs["demo.desks"], 5)
    params = seen[0]
    assert set(params) == {"rate", "desks", "bonus"}
    np.testing.assert_array_equal(params["rate"], np.full((3, 1), 20.0))  # the default
    np.testing.assert_array_equal(params["desks"], np.full((3, 1), 5.0))
    per_replication = simulate_initiative(
        DEMO, replications=3, params={"desks": np.array([1.0, 2.0, 3.0])}
    )
    np.testing.assert_array_equal(per_replication.outputs["demo.desks"][0, :, 0], [1, 2, 3])


def test_inputs_are_given_per_period_or_as_one_mapping() -> None:
    zero = {"rate": 0.0}
    fixed = simulate_initiative(
        DEMO, replications=2, params=zero, inputs={"demo.referrals": np.full((2, 3), 4.0)}
    )
    np.testing.assert_array_equal(fixed.outputs["demo.visits"], 4)
    rising = simulate_initiative(
        DEMO, replications=2, params=zero, inputs=lambda p: {"demo.referrals": np.full(1, p)}
    )
    np.testing.assert_array_equal(rising.outputs["demo.visits"][:, 0, 0], np.arange(12))
    alone = simulate_initiative(DEMO, replications=2, params=zero)
    np.testing.assert_array_equal(alone.outputs["demo.visits"], 0)


def test_periods_are_months_from_the_start_date() -> None:
    starts: list[dt.date] = []

    class Calendar(Visits):
        def step(
            self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
        ) -> Mapping[str, Array]:
            starts.append(ctx.period_start)
            return super().step(state, inputs, ctx)

    dated = attrs.evolve(DEMO, model=Calendar())
    simulate_initiative(dated, replications=1, periods=3, start=dt.date(2006, 11, 1))
    assert starts == [dt.date(2006, 11, 1), dt.date(2006, 12, 1), dt.date(2007, 1, 1)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"params": {"rtae": 3.0}}, r"params \['rtae'\] are not parameters of .*'demo-visits'"),
        ({"params": {"rate": [1.0, 2.0]}}, r"parameter 'rate' has 2 values, expected one or one"),
        ({"inputs": {"rural.placed": np.ones(1)}}, r"inputs for period 0 give \['rural.placed'\]"),
        ({"replications": 0}, "replications >= 1"),
        ({"units": ()}, "no units"),
    ],
)
def test_bad_arguments_are_named_in_the_error(options: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"replications": 3, **options}
    with pytest.raises(ValueError, match=message):
        simulate_initiative(DEMO, **arguments)  # type: ignore[arg-type]  # mixed option types


def test_a_model_breaking_its_contract_is_reported_with_the_period() -> None:
    class Negative(Visits):
        def step(
            self, state: MutableMapping[str, Array], inputs: Mapping[str, Array], ctx: StepContext
        ) -> Mapping[str, Array]:
            out = dict(super().step(state, inputs, ctx))
            out["demo.visits"] = out["demo.visits"] - 10.0 * ctx.period
            return out

    broken = attrs.evolve(DEMO, model=Negative())
    with pytest.raises(ModelContractError, match=r"period 1: output 'demo\.visits' is negative"):
        simulate_initiative(broken, replications=2, params={"rate": 1.0})


def test_an_initiative_without_a_model_cannot_be_simulated() -> None:
    with pytest.raises(ValueError, match="'demo-visits' has no model"):
        simulate_initiative(attrs.evolve(DEMO, model=None), replications=1)


# --- parameter_values ---------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(values=parameter_values(DEMO))
def test_parameter_values_are_within_bounds_and_whole_where_integer(
    values: dict[str, float],
) -> None:
    assert set(values) == {"rate", "desks", "bonus"}
    assert 0 <= values["rate"] <= 1000
    assert 1 <= values["desks"] <= 12  # bounds 0.5 .. 12.5 hold the whole numbers 1 .. 12
    assert values["desks"] == int(values["desks"])
    assert all(isinstance(value, float) for value in values.values())
    run = simulate_initiative(DEMO, replications=2, periods=2, params=values)
    np.testing.assert_array_equal(run.outputs["demo.desks"], values["desks"])


def test_importing_the_kit_does_not_import_hypothesis() -> None:
    import subprocess
    import sys

    check = "import sys, vanguard.testing; print('hypothesis' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


# --- assert_docs_page_lists ---------------------------------------------------------------


def test_a_page_listing_everything_passes(tmp_path: Path) -> None:
    page = tmp_path / "demo-visits.md"
    page.write_text(PAGE, encoding="utf-8")
    assert_docs_page_lists(DEMO, page)
    assert_docs_page_lists(DEMO, str(page))


def test_a_missing_indicator_or_parameter_row_is_named(tmp_path: Path) -> None:
    page = tmp_path / "demo-visits.md"
    page.write_text(
        PAGE.replace("| `demo.desks` | Desks | desk |\n", "").replace("| `rate` |", "| rate |"),
        encoding="utf-8",
    )
    with pytest.raises(AssertionError) as failure:
        assert_docs_page_lists(DEMO, page)
    message = str(failure.value)
    assert f"docs page {page} does not list everything initiative 'demo-visits'" in message
    assert "indicator 'demo.desks': no table row with the cell | `demo.desks` |" in message
    assert "parameter 'rate': no table row starting | `rate` |" in message
    assert "demo.visits" not in message
    assert "'bonus'" not in message


def test_a_stale_default_is_named_with_the_expected_cell(tmp_path: Path) -> None:
    page = tmp_path / "demo-visits.md"
    page.write_text(PAGE.replace("| 12,500 |", "| 12500 |"), encoding="utf-8")
    with pytest.raises(
        AssertionError, match=r"'bonus': its row does not show the default as the cell \| 12,500 \|"
    ):
        assert_docs_page_lists(DEMO, page)


def test_a_missing_page_is_a_failure_naming_it(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"docs page .*nowhere\.md does not exist"):
        assert_docs_page_lists(DEMO, tmp_path / "nowhere.md")
