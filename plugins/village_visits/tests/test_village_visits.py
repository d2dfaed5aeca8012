"""Behaviour and statistics of the village-visits initiative."""

from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
import pytest
import vanguard_village_visits
from hypothesis import given, settings
from hypothesis import strategies as st
from vanguard_village_visits import CADRES, INITIATIVE

from vanguard import Aggregation, Vanguard
from vanguard.testing import (
    assert_docs_page_lists,
    assert_initiative_conforms,
    simulate_initiative,
)
from vanguard.testing.strategies import parameter_values

COMMUNITY = "villages.community_visits"
FARM = "villages.farm_visits"
HARDSHIP = "villages.hardship_visits"
VISITS = "villages.visits"
FAMILIES = "villages.hardship_families"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "initiatives" / "village-visits.md"


def totals(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Year totals per replication and cadre (summed over the periods)."""
    return {code: values.sum(axis=0) for code, values in outputs.items()}


def test_the_hook_contributes_the_initiative_under_its_catalogue_name() -> None:
    app = Vanguard(plugins=[vanguard_village_visits], load_entrypoints=False)
    assert app.initiatives()["village-visits"] is INITIATIVE
    assert set(app.indicators()) == {COMMUNITY, FARM, HARDSHIP, VISITS, FAMILIES}


def test_the_distribution_registers_its_entry_point() -> None:
    (entry_point,) = entry_points(group="vanguard", name="village-visits")
    assert entry_point.load() is vanguard_village_visits


def test_conforms_to_the_initiative_contract() -> None:
    assert_initiative_conforms(INITIATIVE, periods=12, replications=3)


def test_every_indicator_is_a_count_summed_over_months_and_cadres() -> None:
    assert INITIATIVE.outputs == (COMMUNITY, FARM, HARDSHIP, VISITS, FAMILIES)
    assert INITIATIVE.default_units == CADRES
    for indicator in INITIATIVE.indicators:
        assert indicator.over_time is Aggregation.SUM, indicator.code
        assert indicator.over_units is Aggregation.SUM, indicator.code
    units = {indicator.code: indicator.unit for indicator in INITIATIVE.indicators}
    assert units == {
        COMMUNITY: "visit",
        FARM: "visit",
        HARDSHIP: "visit",
        VISITS: "visit",
        FAMILIES: "household",
    }
    # the report's three kinds of household, in its words
    names = {indicator.code: indicator.name.zh for indicator in INITIATIVE.indicators}
    assert "进社区" in names[COMMUNITY]
    assert "进农家" in names[FARM]
    assert "进特困家庭" in names[HARDSHIP]
    assert "特困家庭" in names[FAMILIES]


def test_every_parameter_says_where_its_value_comes_from() -> None:
    rng = np.random.default_rng(0)
    for parameter in INITIATIVE.parameters:
        assert parameter.description, parameter.name
        assert parameter.unit, parameter.name
        # the report gives no count for Sihui: each default says so, and why its value
        assert parameter.source is not None, parameter.name
        assert parameter.source.startswith("assumption: the report (B-II)"), parameter.name
        assert ";" in parameter.source, parameter.name  # ... followed by the reason
        assert parameter.prior is not None, parameter.name
        assert parameter.prior.a <= parameter.default <= parameter.prior.b, parameter.name
        draws = parameter.prior.sample(rng, 2000)
        assert parameter.lower <= draws.min(), parameter.name
        assert draws.max() <= parameter.upper, parameter.name


@pytest.mark.skipif(not DOCS.exists(), reason="the docs are in the source checkout only")
def test_the_docs_page_lists_every_indicator_and_every_parameter_default() -> None:
    assert_docs_page_lists(INITIATIVE, DOCS)


def test_visits_add_up_over_kinds_and_families_are_distinct() -> None:
    year = totals(simulate_initiative(INITIATIVE, replications=200).outputs)
    assert (year[VISITS] == year[COMMUNITY] + year[FARM] + year[HARDSHIP]).all()
    assert (year[FAMILIES] <= year[HARDSHIP]).all()
    assert (year[FAMILIES] <= INITIATIVE.parameter("hardship_families").default).all()


def test_defaults_give_the_documented_year_per_cadre() -> None:
    year = totals(simulate_initiative(INITIATIVE, replications=1000).outputs)
    assert year[FARM].mean() == pytest.approx(12 * 15, rel=0.01)
    assert year[COMMUNITY].mean() == pytest.approx(12 * 6, rel=0.02)
    assert year[HARDSHIP].mean() == pytest.approx(12 * 5, rel=0.02)
    assert year[VISITS].mean() == pytest.approx(312, rel=0.01)
    # a cadre's 80 families, each visit to any of them alike: 80 x (1 - (1 - 5/80)^12)
    assert year[FAMILIES].mean() == pytest.approx(80 * (1 - (1 - 5 / 80) ** 12), rel=0.02)


def test_with_many_visits_every_family_in_a_cadres_charge_is_reached_once() -> None:
    params = {"hardship_visits_per_month": 150.0, "hardship_families": 20.0}
    year = totals(simulate_initiative(INITIATIVE, replications=50, params=params).outputs)
    assert (year[FAMILIES] == 20).all()
    assert (year[HARDSHIP] > 20).all()  # the rest were repeat visits


def test_a_cadre_with_no_families_in_hardship_reaches_none() -> None:
    params = {"hardship_families": 0.0}
    year = totals(simulate_initiative(INITIATIVE, replications=20, params=params).outputs)
    assert (year[FAMILIES] == 0).all()
    assert year[HARDSHIP].sum() > 0


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("farm_visits_per_month", FARM),
        ("community_visits_per_month", COMMUNITY),
        ("hardship_visits_per_month", HARDSHIP),
        ("hardship_visits_per_month", FAMILIES),
        ("hardship_families", FAMILIES),
    ],
)
def test_raising_a_parameter_never_lowers_its_outcome_on_the_same_seed(
    name: str, code: str
) -> None:
    # coupled draws: the same uniforms under both values, so the year moves one way only
    base = INITIATIVE.parameter(name).default
    low = totals(simulate_initiative(INITIATIVE, replications=200, params={name: base}).outputs)
    high = totals(
        simulate_initiative(INITIATIVE, replications=200, params={name: round(base * 1.5)}).outputs
    )
    assert high[code].mean() > low[code].mean() * 1.05
    if code in (FARM, COMMUNITY):
        # one draw each, on the same uniforms: never fewer in any cell (hardship visits are
        # split into first and repeat visits by the families left, so they pair in the mean)
        assert (high[code] >= low[code]).all()


def test_parameters_vary_per_replication() -> None:
    rates = np.array([0.0, 10.0, 20.0])
    year = totals(
        simulate_initiative(
            INITIATIVE, replications=3, params={"farm_visits_per_month": rates}
        ).outputs
    )
    assert (year[FARM][0] == 0).all()
    assert year[FARM][1].mean() < year[FARM][2].mean()


@settings(max_examples=40, deadline=None)
@given(values=parameter_values(INITIATIVE), replications=st.integers(1, 4))
def test_any_parameters_within_bounds_give_consistent_counts(
    values: dict[str, float], replications: int
) -> None:
    outputs = simulate_initiative(
        INITIATIVE, replications=replications, periods=12, params=values
    ).outputs
    for code in (COMMUNITY, FARM, HARDSHIP, FAMILIES):
        assert (outputs[code] >= 0).all(), code
        assert (outputs[code] == np.round(outputs[code])).all(), code
    year = totals(outputs)
    assert (year[FAMILIES] <= year[HARDSHIP]).all()
    assert (year[FAMILIES] <= round(values["hardship_families"])).all()
