"""vanguard plugin: cadres stationed in villages and their visits (report B-II).

Registered under the ``vanguard`` entry-point group as ``village-visits``.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_village_visits.initiative import CADRES, INITIATIVE
from vanguard_village_visits.visits import VisitsModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the village-visits initiative."""
    return [INITIATIVE]


__all__ = ["CADRES", "INITIATIVE", "VisitsModel", "vanguard_initiatives"]
