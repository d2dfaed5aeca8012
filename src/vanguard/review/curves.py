"""Achievement and the scoring curve, elementwise over arrays of any shape.

*Achievement* compares an actual with what is due: ``actual / due`` for "higher is
better" indicators, mirrored for "lower is better" ones (``2 - actual / ceiling``: at the
ceiling it is 1, at zero 2, at twice the ceiling 0). When nothing is due yet (zero),
the difference is measured on a unit scale instead. A line never reported has
achievement 0. The *score* maps achievement through :class:`~vanguard.model.appraisal.ScoringCurve`.
Both are non-decreasing in the actual (higher-is-better) or in its negative (lower).
"""

import numpy as np
from numpy.typing import NDArray

from vanguard.model.appraisal import ScoringCurve

Array = NDArray[np.float64]


def achievement(actual: Array, due: Array, lower: NDArray[np.bool_] | bool) -> Array:
    """The achievement ratio of ``actual`` against ``due`` (broadcast together)."""
    scale = np.where(np.abs(due) > 0, np.abs(due), 1.0)
    sign = np.where(lower, -1.0, 1.0)
    with np.errstate(invalid="ignore"):
        ratio = 1.0 + sign * (actual - due) / scale
    return np.where(np.isnan(actual), 0.0, np.maximum(ratio, 0.0))


def score(ratio: Array, curve: ScoringCurve) -> Array:
    """Points for achievement ``ratio`` under ``curve`` (0 below the threshold, full marks at
    1, a capped bonus above)."""
    span = max(1.0 - curve.threshold, 1e-12)
    rising = curve.at_threshold + (curve.full_marks - curve.at_threshold) * (
        (ratio - curve.threshold) / span
    )
    bonus = np.minimum(curve.bonus_per_excess * (ratio - 1.0), curve.bonus_cap)
    return np.where(
        ratio < curve.threshold,
        0.0,
        np.where(ratio < 1.0, rising, curve.full_marks + np.maximum(bonus, 0.0)),
    )


__all__ = ["achievement", "score"]
