"""The year-end path of the cells (what the evaluation reads) gives, bit for bit, the last
month of the full month-by-month path, whatever is reported and whatever is missing."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import Program, Vanguard
from vanguard.review import Actuals, review_axes
from vanguard.review.cells import cell_layout, cells_at_year_end, cells_to_date
from vanguard.review.lines import pledge_lines

ZHAOQING = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


def _same_year_end(program: Program, indicators: object, values: np.ndarray) -> None:
    known = program.usable_indicators(indicators)  # type: ignore[arg-type]
    axes = review_axes(program, known)
    cells = cell_layout(program, axes, pledge_lines(program, known), known)
    actuals = Actuals(axes, values)
    full = cells_to_date(actuals, cells)
    np.testing.assert_array_equal(cells_at_year_end(actuals, cells), full[:, :, -1:])


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), missing=st.sampled_from([0.0, 0.3, 0.9]))
def test_small_program(program: Program, actuals: Actuals, seed: int, missing: float) -> None:
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    values = np.concatenate([actuals.values] * 3) * rng.uniform(0.2, 1.8, (3, 1, 1, 1))
    values[rng.random(values.shape) < missing] = np.nan
    _same_year_end(program, None, values)


def test_zhaoqing_with_deep_chains_and_every_rule() -> None:
    if not ZHAOQING.exists():
        pytest.skip("the Zhaoqing example is not shipped")
    app = Vanguard()
    program = app.load_program(ZHAOQING)
    indicators = app.indicators()
    axes = review_axes(program, program.usable_indicators(indicators))
    rng = np.random.default_rng(np.random.SeedSequence(2006))
    for missing in (0.0, 0.5, 0.95):
        values = rng.uniform(0.0, 500.0, size=(7, *axes.shape))
        values[rng.random(values.shape) < missing] = np.nan
        _same_year_end(program, indicators, values)
