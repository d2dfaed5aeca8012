"""The conformance kit checks that a model takes parameters that differ by unit (the
shape the engine passes when a program spreads one over the units)."""

import attrs

from vanguard import Vanguard
from vanguard.testing.conformance import conformance_problems
from vanguard.testing.stepping import Trial, unit_parameter_problems


def test_a_model_that_reshapes_a_per_unit_parameter_is_reported_unless_declared_city_wide() -> None:
    liaison = Vanguard().catalogue().initiatives["labour-liaison"]
    assert conformance_problems(liaison) == []
    claimed = attrs.evolve(
        liaison, parameters=tuple(attrs.evolve(p, per_unit=True) for p in liaison.parameters)
    )
    found = unit_parameter_problems(claimed, Trial.for_initiative(claimed))
    assert len(found) == 1, found
    assert found[0].startswith("parameter 'recruit_share' shaped (replications, units)")
    assert "per_unit=False" in found[0]
