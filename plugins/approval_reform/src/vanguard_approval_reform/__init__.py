"""vanguard plugin: Sihui's service efficiency, administrative-approval reform (report B-I).

Registers one initiative, ``approval-reform``, through the ``vanguard`` entry point.
"""

from collections.abc import Iterable

import vanguard
from vanguard_approval_reform.initiative import INITIATIVE
from vanguard_approval_reform.model import ApprovalReformModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[vanguard.Initiative]:
    """The approval-reform initiative."""
    return [INITIATIVE]


__all__ = ["INITIATIVE", "ApprovalReformModel", "vanguard_initiatives"]
