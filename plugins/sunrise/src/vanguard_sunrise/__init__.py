"""vanguard plugin: the sunrise-project initiative (旭日工程).

Registered under the ``vanguard`` entry-point group as ``sunrise-project``.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_sunrise.agencies import AgencyModel
from vanguard_sunrise.initiative import AGENCIES, INITIATIVE


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the sunrise-project initiative."""
    return [INITIATIVE]


__all__ = ["AGENCIES", "INITIATIVE", "AgencyModel", "vanguard_initiatives"]
