"""Properties: chunking never changes a result; quantiles are ordered and within range."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import Vanguard
from vanguard.simulation import simulate
from vanguard.simulation.tally import BINS, Edges, quantiles


def _fingerprint(result: object) -> bytes:
    tally = result.tally  # type: ignore[attr-defined]
    return b"".join(
        part.tobytes()
        for part in (tally.total, tally.squares, tally.finite, tally.histogram, tally.met)
    )


@settings(max_examples=12, deadline=None)
@given(
    replications=st.integers(1, 3000),
    block_size=st.sampled_from([50, 256, 1024]),
    chunk=st.integers(1, 6),
    seed=st.integers(0, 2**64),
)
def test_chunking_never_changes_the_result(
    replications: int, block_size: int, chunk: int, seed: int
) -> None:
    import toy

    app = Vanguard(plugins=[toy.ToyPlugin()], load_entrypoints=False)
    program = app.parse_program(toy.PROGRAM, check=False)
    whole = simulate(
        program, replications, seed, app=app, block_size=block_size, blocks_per_chunk=10**6
    )
    chunked = simulate(
        program, replications, seed, app=app, block_size=block_size, blocks_per_chunk=chunk
    )
    assert _fingerprint(whole) == _fingerprint(chunked)
    assert whole.replications == replications


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300),
    qs=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6),
)
def test_quantiles_are_ordered_and_within_the_extremes(
    values: list[float], qs: list[float]
) -> None:
    spread = np.array(values)[:, None]
    edges = Edges.around(spread[: max(1, len(values) // 2)])
    histogram = edges.histogram(spread)
    assert histogram.sum() == len(values)
    assert histogram.shape == (1, BINS + 3)
    low, high = spread.min(axis=0), spread.max(axis=0)
    found = quantiles(histogram, low, high, edges, 0, sorted(qs))
    assert np.all(np.diff(found) >= -1e-9 * max(1.0, abs(high[0])))
    assert np.all(found >= low[0] - 1e-9)
    assert np.all(found <= high[0] + 1e-9)
