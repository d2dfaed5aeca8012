"""The units a program assigns to posts, and its units' spreads, checked with their place
and a did-you-mean, in every file format (issue 10, item 2)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from vanguard import Assignment, ProgramError, SpreadKind, UnitSpread, Vanguard
from vanguard.io.formats import render_document
from vanguard.validation import validate_program

SUNRISE = 1  # initiatives[1] of the Zhaoqing program
WINDOWS = 2


@pytest.fixture(scope="module")
def app() -> Vanguard:
    return Vanguard()


def problems(app: Vanguard, tmp_path: Path, document: dict[str, Any]) -> list[str]:
    path = tmp_path / "program.toml"
    path.write_text(render_document(document, "toml"), "utf-8")
    try:
        app.load_program(path)
    except ProgramError as error:
        return [str(problem) for problem in error.problems]
    return []


def changed(document: dict[str, Any], index: int, **fields: Any) -> dict[str, Any]:
    result = copy.deepcopy(document)
    result["initiatives"][index].update(fields)
    return result


def test_the_shipped_assignments_are_read_in_every_format(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    loaded = []
    for fmt in ("toml", "yaml", "json"):
        path = tmp_path / f"program.{fmt}"
        path.write_text(render_document(zhaoqing_document, fmt), "utf-8")  # type: ignore[arg-type]
        loaded.append(app.load_program(path))
    sunrise = loaded[0].initiatives[SUNRISE]
    assert sunrise.assign[0] == Assignment(("city", "duanzhou"), ("si-fund.staff-1",))
    assert all(program == loaded[0] for program in loaded)


def test_an_unknown_unit_is_named_with_its_place_and_a_did_you_mean(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    document = changed(
        zhaoqing_document, SUNRISE, assign=[{"units": ["duanzou"], "to": ["si-fund.staff-1"]}]
    )
    found = problems(app, tmp_path, document)
    assert any(
        p.startswith("initiatives[1].assign[0].units[0]: unknown unit 'duanzou'")
        and "did you mean 'duanzhou'" in p
        for p in found
    ), found


def test_an_unknown_post_is_named_with_its_place_and_a_did_you_mean(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    assign = copy.deepcopy(zhaoqing_document["initiatives"][SUNRISE]["assign"])
    assign[1]["to"] = ["si-fund.staf-2"]
    found = problems(app, tmp_path, changed(zhaoqing_document, SUNRISE, assign=assign))
    assert any(
        p.startswith("initiatives[1].assign[1].to[0]: unknown post or unit 'si-fund.staf-2'")
        and "did you mean 'si-fund.staff-2'" in p
        for p in found
    ), found


def test_a_unit_assigned_twice_names_both_places(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    assign = copy.deepcopy(zhaoqing_document["initiatives"][WINDOWS]["assign"])
    assign.append({"units": ["si-fund"], "to": ["social-insurance"]})
    found = problems(app, tmp_path, changed(zhaoqing_document, WINDOWS, assign=assign))
    last = len(assign) - 1
    assert (
        f"initiatives[2].assign[{last}].units[0]: unit 'si-fund' is assigned twice "
        "(first at initiatives[2].assign[1].units[0])"
    ) in found


def test_a_unit_may_be_assigned_once_per_indicator(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    assign = copy.deepcopy(zhaoqing_document["initiatives"][WINDOWS]["assign"])
    assign[1]["indicators"] = ["windows.served", "windows.error_rate", "windows.waiting_minutes"]
    assign.append(
        {"units": ["si-fund"], "to": ["si-fund"], "indicators": ["windows.competition_points"]}
    )
    assert problems(app, tmp_path, changed(zhaoqing_document, WINDOWS, assign=assign)) == []
    assign[-1]["indicators"] = ["windows.servd"]
    found = problems(app, tmp_path, changed(zhaoqing_document, WINDOWS, assign=assign))
    assert any(
        p.startswith(f"initiatives[2].assign[{len(assign) - 1}].indicators[0]: unknown indicator")
        and "did you mean 'windows.served'" in p
        for p in found
    ), found


def test_a_post_that_reports_an_assigned_initiative_but_has_no_units_is_reported(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    assign = copy.deepcopy(zhaoqing_document["initiatives"][SUNRISE]["assign"])
    del assign[2]  # si-fund.staff-3 and its two agencies
    found = problems(app, tmp_path, changed(zhaoqing_document, SUNRISE, assign=assign))
    assert any(
        p.startswith("initiatives[1].assign: post 'si-fund.staff-3' reports")
        and "sunrise.error_rate" in p
        for p in found
    ), found
    assert not any("si-fund.head" in p for p in found), "the head's actual is rolled up"


@pytest.mark.parametrize(
    ("name", "spread", "message"),
    [
        ("upgrade_probabilty", {"distribution": "beta", "spread": 0.2}, "did you mean"),
        ("cases_per_month", {"distribution": "beta", "spread": 0.2}, "needs a probability"),
        ("upgrade_probability", {"distribution": "beta", "spread": 1.5}, "below 1"),
    ],
    ids=["unknown", "not-a-probability", "too-wide"],
)
def test_a_spread_that_cannot_be_drawn_is_reported_with_its_place(
    app: Vanguard,
    tmp_path: Path,
    zhaoqing_document: dict[str, Any],
    name: str,
    spread: dict[str, Any],
    message: str,
) -> None:
    document = changed(zhaoqing_document, SUNRISE, spread={name: spread})
    found = problems(app, tmp_path, document)
    assert any(p.startswith(f"initiatives[1].spread.{name}") and message in p for p in found), found


def test_a_spread_of_an_unknown_distribution_is_refused_on_load(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    spread = {"cases_per_month": {"distribution": "poisson", "spread": 0.2}}
    found = problems(app, tmp_path, changed(zhaoqing_document, SUNRISE, spread=spread))
    # the converter's own path for a table's key, as for parameters
    assert any("initiatives[1].spread['cases_per_month'].distribution" in p for p in found), found


def test_assignments_are_checked_without_the_plugins_too(app: Vanguard) -> None:
    program = app.load_program(Path(__file__).resolve().parents[1] / "examples/zhaoqing-2006.toml")
    import attrs

    uses = list(program.initiatives)
    uses[SUNRISE] = attrs.evolve(
        uses[SUNRISE],
        assign=(*uses[SUNRISE].assign, Assignment(("city",), ("nobody",))),
        spread={"cases_per_month": UnitSpread(SpreadKind.LOGNORMAL, 0.1)},
    )
    found = [str(p) for p in validate_program(attrs.evolve(program, initiatives=tuple(uses)))]
    assert any("unknown post or unit 'nobody'" in p for p in found), found
    assert any("unit 'city' is assigned twice" in p for p in found), found


def test_a_city_wide_parameter_cannot_spread_over_units(
    app: Vanguard, tmp_path: Path, zhaoqing_document: dict[str, Any]
) -> None:
    """The liaison model draws one city-wide recruit share: units cannot differ in it."""
    spread = {"recruit_share": {"distribution": "beta", "spread": 0.1}}
    found = problems(app, tmp_path, changed(zhaoqing_document, 4, spread=spread))
    assert any(
        p.startswith("initiatives[4].spread.recruit_share: the units of 'labour-liaison' cannot")
        for p in found
    ), found
