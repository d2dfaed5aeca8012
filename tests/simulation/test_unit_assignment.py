"""Initiative units mapped to the organisation (issue 10, item 2): each post is judged on
its own units' outcomes, and units may differ around the initiative's value."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import Assignment, Program, SpreadKind, UnitSpread, Vanguard
from vanguard.simulation import simulate
from vanguard.simulation.engine import Options
from vanguard.simulation.engine import simulate as simulate_block
from vanguard.simulation.outcomes import ReviewOutcomes, review_outcomes
from vanguard.simulation.plan import Plan, build_plan
from vanguard.simulation.spreads import UnitDraw
from vanguard.simulation.streams import Block

ROOT = Path(__file__).resolve().parents[2]
ZHAOQING = ROOT / "examples" / "zhaoqing-2006.toml"
REPLICATIONS = 48


@pytest.fixture(scope="module")
def app() -> Vanguard:
    return Vanguard()


@pytest.fixture(scope="module")
def zhaoqing(app: Vanguard) -> Program:
    return app.load_program(ZHAOQING)


def without_assignments(program: Program) -> Program:
    """The program as it was before units were assigned (posts found by name)."""
    uses = tuple(attrs.evolve(use, assign=()) for use in program.initiatives)
    return attrs.evolve(program, initiatives=uses)


def with_use(program: Program, name: str, **changes: Any) -> Program:
    uses = tuple(
        attrs.evolve(use, **changes) if use.name == name else use for use in program.initiatives
    )
    return attrs.evolve(program, initiatives=uses)


def one_year(app: Vanguard, program: Program, seed: int = 11) -> tuple[Plan, ReviewOutcomes, Any]:
    """A plan, its review hook and one block's raw monthly cells ``(months, R, cells)``."""
    indicators = {**app.indicators(), **{i.code: i for i in program.indicators}}
    catalogue = app.catalogue()
    plan = build_plan(program, catalogue.initiatives, indicators)
    hook = review_outcomes(program, indicators, plan)
    values = simulate_block(plan, seed, Block(0, 0, REPLICATIONS), Options())
    raw = hook.feed.buffer(hook.layout.months, hook.layout.cells, REPLICATIONS)
    hook.feed.fill(raw, values.flows, 0)
    return plan, hook, (values, raw)


def cell(hook: ReviewOutcomes, post: str, code: str) -> int:
    axes = hook.layout.axes
    p, c = axes.posts.index(post), axes.indicators.index(code)
    (found,) = np.flatnonzero((hook.layout.cell_post == p) & (hook.layout.cell_code == c))
    return int(found)


# Initiatives whose reporting posts all fall back to the whole initiative when no units are
# assigned, with the organisation units those posts are in.
SHARED = {
    "entrepreneurship-training": ("training", "employment-training-centre"),
    "rural-transfer": ("training", "employment-training-centre", "employment"),
    "labour-liaison": ("employment",),
    "rights-protection": ("inspection", "labour-relations", "rights-centre"),
    "violation-monitoring": ("inspection",),
    "retiree-management": ("retiree-centre", "social-insurance"),
    "sunrise-project": ("si-fund", "social-insurance"),
}


@settings(max_examples=12)
@given(
    name=st.sampled_from(sorted(SHARED)),
    order=st.randoms(use_true_random=False),
    by_post=st.booleans(),
)
def test_a_post_assigned_every_unit_reports_the_whole_initiative_figure(
    app: Vanguard, zhaoqing: Program, name: str, order: Any, by_post: bool
) -> None:
    """Assigning all of an initiative's units (in any order, to the posts or to their
    organisation units) gives, bit for bit, the cells of the old whole-initiative rule."""
    old = without_assignments(zhaoqing)
    use = next(u for u in old.initiatives if u.name == name)
    units = list(use.units)
    order.shuffle(units)
    to = list(SHARED[name])
    if by_post:
        to = [post.id for post in old.posts if post.unit in SHARED[name]]
    new = with_use(old, name, assign=(Assignment(tuple(units), tuple(to)),))
    _, _, (_, before) = one_year(app, old)
    _, _, (_, after) = one_year(app, new)
    assert before.tobytes() == after.tobytes()


def test_fund_administration_staff_are_judged_on_their_own_agencies_error_rate_not_all(
    app: Vanguard, zhaoqing: Program
) -> None:
    """Regression: si-fund staff were judged on the error rate of all nine agencies."""
    from vanguard.review.progress import to_date

    plan, hook, (values, raw) = one_year(app, zhaoqing)
    units = plan.step_of("sunrise-project").units
    current = to_date(hook.layout, raw.copy(), complete=True)[-1]  # (R, cells), year end
    errors = values.flows["sunrise.case_errors"].sum(axis=0)  # (R, units)
    cases = values.flows["sunrise.cases_processed"].sum(axis=0)
    rates = {}
    for post, own in (
        ("si-fund.staff-1", ["city", "duanzhou"]),
        ("si-fund.staff-2", ["dinghu", "gaoyao"]),
        ("social-insurance.staff-1", ["huaiji", "fengkai", "deqing"]),
    ):
        at = [units.index(u) for u in own]
        expected = errors[:, at].sum(axis=1) / cases[:, at].sum(axis=1)
        actual = current[:, cell(hook, post, "sunrise.error_rate")]
        np.testing.assert_allclose(actual, expected, rtol=1e-12)
        rates[post] = actual
    everyone = errors.sum(axis=1) / cases.sum(axis=1)
    assert not np.allclose(rates["si-fund.staff-1"], everyone)
    assert not np.allclose(rates["si-fund.staff-1"], rates["si-fund.staff-2"])
    # the rest of the bureau's staff who answer for all counties still see all of them
    trained = values.flows["entrepreneurship.trained"].sum(axis=(0, 2))
    staff = ("training.staff-1", "training.staff-2", "training.staff-3")
    staff += tuple(f"employment-training-centre.staff-{i}" for i in (1, 2, 3))
    reported = sum(
        raw[:, :, cell(hook, post, "entrepreneurship.trained")].sum(axis=0) for post in staff
    )
    np.testing.assert_allclose(reported, trained, rtol=1e-12)


SPREADS = {
    "sunrise-project": {
        "error_rate_at_level_1": UnitSpread(SpreadKind.LOGNORMAL, 0.0),
        "upgrade_probability": UnitSpread(SpreadKind.BETA, 0.0),
    },
    "entrepreneurship-training": {
        "trainees_per_month": UnitSpread(SpreadKind.LOGNORMAL, 0.0),
        "startup_probability": UnitSpread(SpreadKind.BETA, 0.0),
    },
}


def spread(program: Program, size: float) -> Program:
    for name, spreads in SPREADS.items():
        scaled = {key: attrs.evolve(value, spread=size) for key, value in spreads.items()}
        program = with_use(program, name, spread=scaled)
    return program


def same(a: Any, b: Any) -> None:
    for field in ("total", "squares", "low", "high", "met"):
        assert (
            np.asarray(getattr(a.tally, field)).tobytes()
            == np.asarray(getattr(b.tally, field)).tobytes()
        ), field
    assert a.tally.extra.keys() == b.tally.extra.keys()
    for key in a.tally.extra:
        assert np.array_equal(a.tally.extra[key], b.tally.extra[key]), key


def test_units_spread_by_zero_reproduce_the_run_without_spread_bit_for_bit(
    app: Vanguard, zhaoqing: Program
) -> None:
    plain = simulate(zhaoqing, 1100, 5, app=app, evaluate=True)
    zero = simulate(spread(zhaoqing, 0.0), 1100, 5, app=app, evaluate=True)
    same(plain, zero)
    assert plain.provenance.parameters == zero.provenance.parameters


def test_units_that_spread_change_the_run_and_do_not_depend_on_chunking(
    app: Vanguard, zhaoqing: Program
) -> None:
    program = spread(zhaoqing, 0.3)
    one = simulate(program, 2100, 5, app=app, evaluate=True)
    with ThreadPoolExecutor(2) as threads:
        again = simulate(
            program, 2100, 5, app=app, evaluate=True, executor=threads, blocks_per_chunk=1
        )
    same(one, again)
    plain = simulate(zhaoqing, 2100, 5, app=app, evaluate=True)
    assert not np.array_equal(one.tally.total, plain.tally.total)


@pytest.mark.parametrize(
    ("kind", "size", "centre"), [(SpreadKind.LOGNORMAL, 0.4, 2.5), (SpreadKind.BETA, 0.3, 0.4)]
)
def test_a_units_parameter_scatters_around_the_initiatives_value_as_declared(
    kind: SpreadKind, size: float, centre: float
) -> None:
    draw = UnitDraw("p", kind, size, 0.0, 1e9 if kind is SpreadKind.LOGNORMAL else 1.0)
    values = draw.draw(np.full((1, 1), centre), (40_000, 5), np.random.default_rng(3))
    assert values.shape == (40_000, 5)
    assert values.mean() == pytest.approx(centre, rel=0.01)
    if kind is SpreadKind.LOGNORMAL:
        assert np.log(values).std() == pytest.approx(size, rel=0.02)
    else:
        assert values.std() == pytest.approx(size * np.sqrt(centre * (1 - centre)), rel=0.02)
    # a replication's units differ; a per-replication centre moves them
    assert np.ptp(values[0]) > 0
    moved = draw.draw(np.asarray([[centre], [centre / 2]]), (2, 3), np.random.default_rng(3))
    assert moved.shape == (2, 3)
