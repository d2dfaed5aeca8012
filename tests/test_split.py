"""Splitting a target among sub-posts: even, by weight, by capacity; whole numbers; rates."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import assume
from hypothesis import strategies as st
from model_strategies import DEPTHS, explore

from vanguard import (
    Aggregation,
    ByCapacity,
    ByWeight,
    Even,
    Indicator,
    Label,
    LetterKind,
    Pledge,
    split_pledge,
    split_value,
)

COUNT = Indicator(code="trained", name=Label(en="Trained"), unit="person")
RATE = Indicator(
    code="rate",
    name=Label(en="Placement rate"),
    unit="%",
    over_time=Aggregation.MEAN,
    over_units=Aggregation.MEAN,
)
RATIO = Indicator(
    code="ratio",
    name=Label(en="Ratio"),
    unit="%",
    over_time=Aggregation.RATIO,
    over_units=Aggregation.RATIO,
    numerator="a",
    denominator="b",
)
POSTS = ["staff-1", "staff-2", "staff-3"]


def test_even() -> None:
    assert split_value(90, POSTS, Even(), COUNT) == dict.fromkeys(POSTS, 30.0)


def test_by_weight_and_missing_posts_weigh_nothing() -> None:
    shares = split_value(100, POSTS, ByWeight({"staff-1": 3, "staff-2": 1}), COUNT)
    assert shares == {"staff-1": 75.0, "staff-2": 25.0, "staff-3": 0.0}


def test_by_capacity_passes_on_what_a_capped_post_cannot_take() -> None:
    capacities = {"staff-1": 10, "staff-2": 100, "staff-3": 100}
    shares = split_value(150, POSTS, ByCapacity(capacities), COUNT)
    assert shares["staff-1"] == pytest.approx(10 * 150 / 210)
    assert sum(shares.values()) == 150
    tight = split_value(200, POSTS, ByCapacity({"staff-1": 10, "staff-2": 95, "staff-3": 95}))
    assert tight == {"staff-1": 10.0, "staff-2": 95.0, "staff-3": 95.0}


def test_whole_numbers_by_largest_remainder() -> None:
    shares = split_value(100, POSTS, Even(), COUNT, whole=True)
    assert shares == {"staff-1": 34.0, "staff-2": 33.0, "staff-3": 33.0}
    weighted = split_value(
        10, POSTS, ByWeight({"staff-1": 1, "staff-2": 2, "staff-3": 3}), whole=True
    )
    assert weighted == {"staff-1": 2.0, "staff-2": 3.0, "staff-3": 5.0}


@pytest.mark.parametrize("indicator", [RATE, RATIO], ids=["mean", "ratio"])
@pytest.mark.parametrize(
    "rule", [Even(), ByWeight({"staff-1": 5}), ByCapacity({"staff-1": 0.1})], ids=repr
)
def test_a_rate_is_every_posts_full_target(indicator: Indicator, rule: object) -> None:
    assert split_value(0.85, POSTS, rule, indicator) == dict.fromkeys(POSTS, 0.85)  # type: ignore[arg-type]  # rules are a closed union


@pytest.mark.parametrize(
    ("posts", "rule", "value", "whole", "message"),
    [
        ([], Even(), 10, False, "split among no posts"),
        (["a", "b", "a"], Even(), 10, False, "a post is listed twice"),
        (["a", "b"], ByWeight({"a": -1, "b": 2}), 10, False, "weights must be non-negative"),
        (["a", "b"], ByWeight({}), 10, False, "not all zero"),
        (["a", "b"], ByWeight({"a": math.nan}), 10, False, "weights must be"),
        (["a", "b"], ByCapacity({"a": 3, "b": 4}), 10, False, "total capacity 7 is below"),
        (["a", "b"], ByCapacity({"a": -3, "b": 40}), 10, False, "capacities must be non-neg"),
        (["a", "b"], ByCapacity({"a": 0.9, "b": 0.9}), 1, True, "whole capacity"),
        (["a", "b"], ByCapacity({"a": 3, "b": 4}), -2, False, "non-negative value"),
        (["a", "b"], Even(), 10.5, True, "whole shares need a whole value"),
        (["a", "b"], Even(), math.nan, False, "finite"),
        (["a", "b"], Even(), math.inf, False, "finite"),
    ],
)
def test_bad_input_is_a_clear_value_error(
    posts: list[str], rule: object, value: float, whole: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        split_value(value, posts, rule, COUNT, whole=whole)  # type: ignore[arg-type]  # closed union


def test_split_pledge_writes_letters_that_cover_the_pledge() -> None:
    pledge = Pledge(task="T1", indicator="trained", value=100).revised(
        120, dt.date(2006, 6, 1), "raised"
    )
    letters = split_pledge(pledge, "head", POSTS, Even(), dt.date(2006, 7, 1), COUNT, whole=True)
    assert [letter.pledger for letter in letters] == POSTS
    assert {letter.recipient for letter in letters} == {"head"}
    assert {letter.kind for letter in letters} == {LetterKind.WORK_TARGET}
    assert [letter.pledges[0].value for letter in letters] == [40, 40, 40]  # the revised 120
    assert len({letter.id for letter in letters}) == 3


# --- properties -----------------------------------------------------------------------------

post_lists = st.lists(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=8, unique=True
)
values = st.floats(min_value=0, max_value=1e9, allow_nan=False) | st.integers(0, 10**6).map(float)


@st.composite
def rules(draw: st.DrawFn, posts: list[str], value: float, whole: bool) -> object:
    kind = draw(st.sampled_from(["even", "weight", "capacity"]))
    if kind == "even":
        return Even()
    if kind == "weight":
        weights = {p: draw(st.floats(0, 1e6)) for p in posts}
        assume(sum(weights.values()) > 0)
        return ByWeight(weights)
    capacities = {
        p: float(draw(st.integers(0, 10**6))) if whole else draw(st.floats(0, 1e9)) for p in posts
    }
    assume(sum(capacities.values()) >= value)
    return ByCapacity(capacities)


def _shares_sum_exactly(data: st.DataObject) -> None:
    posts = data.draw(post_lists, label="posts")
    whole = data.draw(st.booleans(), label="whole")
    value = data.draw(st.integers(0, 10**6).map(float) if whole else values, label="value")
    rule = data.draw(rules(posts, value, whole), label="rule")
    shares = split_value(value, posts, rule, COUNT, whole=whole)  # type: ignore[arg-type]
    assert list(shares) == posts
    assert sum(shares.values()) == value
    assert all(share >= 0 for share in shares.values())
    if whole:
        assert all(share == int(share) for share in shares.values())
    if isinstance(rule, ByCapacity):
        assert all(shares[p] <= rule.capacities[p] for p in posts)
    if isinstance(rule, ByWeight):
        assert all(shares[p] == 0 for p in posts if rule.weights[p] == 0)


@pytest.mark.parametrize("examples", DEPTHS)
def test_additive_shares_sum_exactly_to_the_value(examples: int) -> None:
    explore(examples * 10, _shares_sum_exactly, data=st.data())


def _rates_give_full_value(data: st.DataObject) -> None:
    posts = data.draw(post_lists)
    value = data.draw(values)
    rule = data.draw(rules(posts, value, False))
    assert split_value(value, posts, rule, RATE) == dict.fromkeys(posts, value)  # type: ignore[arg-type]


@pytest.mark.parametrize("examples", DEPTHS)
def test_rates_give_every_post_the_full_value(examples: int) -> None:
    explore(examples * 5, _rates_give_full_value, data=st.data())
