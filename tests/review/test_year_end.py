"""The review core's values to date agree with the plain reference implementation
(tests/review/reference.py) for every cell it reads, whatever is reported and missing:
roll-up, accumulation within the year, rates from their parts."""

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_reference import assert_close_or_both_nan, values_to_date

from vanguard import Program, Vanguard
from vanguard.review import Actuals, review_axes
from vanguard.review.layout import review_layout
from vanguard.review.progress import gather, to_date

ZHAOQING = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


def _agrees(program: Program, indicators: object, values: np.ndarray) -> None:
    known = program.usable_indicators(indicators)  # type: ignore[arg-type]
    axes = review_axes(program, known)
    layout = review_layout(program, known, axes)
    actuals = Actuals(axes, values)
    fast = to_date(layout, gather(layout, actuals))
    for r in range(actuals.replications):
        expected = values_to_date(program, actuals, known, r)
        for c in range(layout.cells):
            post = axes.posts[int(layout.cell_post[c])]
            code = axes.indicators[int(layout.cell_code[c])]
            for month in range(layout.months):
                assert_close_or_both_nan(
                    float(fast[month, c, r]), expected[(post, code, month)], (post, code, month)
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
