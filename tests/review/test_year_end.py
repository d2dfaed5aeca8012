"""The review core's values to date agree with the plain reference implementation
(tests/review/reference.py) for every cell it reads, whatever is reported and missing:
roll-up, accumulation within the year, rates from their parts."""

from collections.abc import Mapping
from pathlib import Path

import attrs
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_reference import assert_close_or_both_nan, values_to_date

from vanguard import Indicator, Program, Vanguard
from vanguard.review import Actuals, review_axes
from vanguard.review.layout import ReviewLayout, review_layout
from vanguard.review.progress import gather, to_date

ZHAOQING = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


def _agrees(program: Program, indicators: object, values: np.ndarray) -> None:
    known = program.usable_indicators(indicators)  # type: ignore[arg-type]
    axes = review_axes(program, known)
    layout = review_layout(program, known, axes)
    parents = layout.parent_cells.tolist()
    silent = values.copy()  # the same year with every parent leaving its report to the roll-up
    for c in parents:
        silent[:, layout.cell_post[c], layout.cell_code[c], :] = np.nan
    for year in (values, silent):
        _agrees_on(program, known, Actuals(axes, year), layout)


def _agrees_on(
    program: Program, known: Mapping[str, Indicator], actuals: Actuals, layout: ReviewLayout
) -> None:
    axes = actuals.axes
    fast = to_date(layout, gather(layout, actuals))
    for r in range(actuals.replications):
        expected = values_to_date(program, actuals, known, r)
        for c in range(layout.cells):
            post = axes.posts[int(layout.cell_post[c])]
            code = axes.indicators[int(layout.cell_code[c])]
            for month in range(layout.months):
                assert_close_or_both_nan(
                    float(fast[month, r, c]), expected[(post, code, month)], (post, code, month)
                )


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), missing=st.sampled_from([0.0, 0.3, 0.9]))
def test_small_program(program: Program, actuals: Actuals, seed: int, missing: float) -> None:
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    values = np.concatenate([actuals.values] * 2) * rng.uniform(0.2, 1.8, (2, 1, 1, 1))
    values[rng.random(values.shape) < missing] = np.nan
    _agrees(program, None, values)


def test_zhaoqing_with_deep_chains_rates_and_every_rule() -> None:
    app = Vanguard()
    program = app.load_program(ZHAOQING)
    indicators = app.indicators()
    axes = review_axes(program, program.usable_indicators(indicators))
    rng = np.random.default_rng(np.random.SeedSequence(2006))
    for missing in (0.0, 0.5, 0.95):
        values = rng.uniform(0.0, 500.0, size=(1, *axes.shape))
        values[rng.random(values.shape) < missing] = np.nan
        _agrees(program, indicators, values)


def test_a_post_pledging_one_indicator_to_two_recipients_counts_for_both(
    program: Program, actuals: Actuals
) -> None:
    from vanguard import Letter, LetterKind, Pledge

    second = Letter(
        id="WT-head-a-to-b",
        kind=LetterKind.WORK_TARGET,
        pledger="head-a",
        recipient="head-b",
        signed=program.letters[0].signed,
        pledges=(Pledge(task="T1", indicator="training.trained", value=10),),
    )
    twice = attrs.evolve(program, letters=(*program.letters, second))
    layout = review_layout(twice, twice.usable_indicators(), actuals.axes)
    assert any(len(level.extra[0]) for group in layout.groups for level in group.levels)
    rng = np.random.default_rng(np.random.SeedSequence(3))
    values = np.concatenate([actuals.values] * 2) * rng.uniform(0.5, 1.5, (2, 1, 1, 1))
    _agrees(twice, None, values)
