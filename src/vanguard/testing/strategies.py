"""Hypothesis strategies for property tests of an initiative's model.

This module imports :mod:`hypothesis` (a test dependency of plugins, not of vanguard), so
import it from tests only; ``import vanguard.testing`` does not import it::

    from hypothesis import given
    from vanguard.testing import simulate_initiative
    from vanguard.testing.strategies import parameter_values

    @given(values=parameter_values(INITIATIVE))
    def test_counts_stay_finite(values):
        run = simulate_initiative(INITIATIVE, replications=3, periods=6, params=values)
        ...
"""

import math

from hypothesis import strategies as st

from vanguard.plugins.initiative import Initiative, Parameter


def parameter_values(initiative: Initiative) -> st.SearchStrategy[dict[str, float]]:
    """Any values of all the initiative's parameters within their declared bounds.

    Every parameter gets a value (a float, a whole number for ``integer`` parameters),
    never nan or infinite, so the dict can be passed as ``params`` as it is.
    """
    return st.fixed_dictionaries({p.name: parameter_value(p) for p in initiative.parameters})


def parameter_value(parameter: Parameter) -> st.SearchStrategy[float]:
    """Any value of ``parameter`` within ``[lower, upper]`` (whole numbers if ``integer``)."""
    lower = parameter.lower if math.isfinite(parameter.lower) else None
    upper = parameter.upper if math.isfinite(parameter.upper) else None
    if parameter.integer:
        return st.integers(
            None if lower is None else math.ceil(lower),
            None if upper is None else math.floor(upper),
        ).map(float)
    return st.floats(lower, upper, allow_nan=False, allow_infinity=False)


__all__ = ["parameter_value", "parameter_values"]
