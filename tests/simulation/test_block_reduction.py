"""A block's reduction reads each series to date in parts (per unit, all units); the sums
must be the bits of the whole arrays ``BlockValues.to_date`` gives, for one unit or many."""

from pathlib import Path

import numpy as np
import pytest

from vanguard import Vanguard
from vanguard.simulation.engine import Options, reduce_block, simulate
from vanguard.simulation.plan import build_plan
from vanguard.simulation.streams import Block
from vanguard.simulation.tally import Layout

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhaoqing-2006.toml"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the Zhaoqing example is shipped")
@pytest.mark.parametrize("replications", [1, 2, 37])
def test_sums_and_spread_are_those_of_the_whole_values_to_date(replications: int) -> None:
    app = Vanguard()
    program = app.load_program(EXAMPLE)
    indicators = {**app.indicators(), **{i.code: i for i in program.indicators}}
    catalogue = app.catalogue()
    plan = build_plan(program, catalogue.initiatives, indicators, {}, catalogue.initiative_plugin)
    assert {len(s.units) for s in plan.series} >= {1, 8}, "series of one unit and of several"
    block = Block(0, 0, replications)
    values = simulate(plan, 11, block, Options())
    tally = reduce_block(plan, block, values, None, Options())
    layout = Layout.of(plan)
    assert tally.spread is not None
    for i, series in enumerate(plan.series):
        whole = values.to_date[series.code]
        present = np.where(np.isfinite(whole), whole, 0.0)
        g = layout.grid_offsets[i]
        cells = whole.shape[0] * whole.shape[2]
        total = np.einsum("pru->pu", present).ravel()
        squares = np.einsum("pru,pru->pu", present, present).ravel()
        assert tally.total[g : g + cells].tobytes() == total.tobytes(), series.code
        assert tally.squares[g : g + cells].tobytes() == squares.tobytes(), series.code
        s, width = layout.spread_offsets[i], whole.shape[2]
        assert np.array_equal(tally.spread[:, s : s + width], whole[-1], equal_nan=True)
        assert np.array_equal(
            tally.spread[:, s + width : s + width + plan.periods], whole[:, :, -1].T, equal_nan=True
        )
