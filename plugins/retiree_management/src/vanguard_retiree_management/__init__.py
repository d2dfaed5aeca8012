"""vanguard plugin: socialised management of enterprise retirees (report A-III-5).

Registers one initiative, ``retiree-management``, through the ``vanguard`` entry point.
"""

from collections.abc import Iterable

import vanguard
from vanguard_retiree_management.initiative import INITIATIVE
from vanguard_retiree_management.milestones import MilestoneCheck
from vanguard_retiree_management.model import RetireeCentreModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[vanguard.Initiative]:
    """The retiree-management initiative."""
    return [INITIATIVE]


__all__ = ["INITIATIVE", "MilestoneCheck", "RetireeCentreModel", "vanguard_initiatives"]
