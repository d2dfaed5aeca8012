"""vanguard plugin: worker rights protection (劳动保障维权服务中心, report A-III-4).

Registers one initiative, ``rights-protection``, through the ``vanguard`` entry point.
"""

from collections.abc import Iterable

import vanguard
from vanguard_rights_protection.initiative import INITIATIVE
from vanguard_rights_protection.model import RightsCentreModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[vanguard.Initiative]:
    """The rights-protection initiative."""
    return [INITIATIVE]


__all__ = ["INITIATIVE", "RightsCentreModel", "vanguard_initiatives"]
