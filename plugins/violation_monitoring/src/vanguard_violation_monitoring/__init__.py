"""vanguard plugin: the labour-law violation monitoring network (one of the 28 key tasks, A-II-1).

Registers one initiative, ``violation-monitoring``, through the ``vanguard`` entry point.
"""

from collections.abc import Iterable

import vanguard
from vanguard_violation_monitoring.initiative import INITIATIVE
from vanguard_violation_monitoring.model import MonitoringNetworkModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[vanguard.Initiative]:
    """The violation-monitoring initiative."""
    return [INITIATIVE]


__all__ = ["INITIATIVE", "MonitoringNetworkModel", "vanguard_initiatives"]
