"""vanguard plugin: the entrepreneurship-training initiative (创业培训富民工程).

Registered under the ``vanguard`` entry-point group as ``entrepreneurship-training``.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_entrepreneurship.initiative import COUNTIES, INITIATIVE
from vanguard_entrepreneurship.startups import StartupModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the entrepreneurship-training initiative."""
    return [INITIATIVE]


__all__ = ["COUNTIES", "INITIATIVE", "StartupModel", "vanguard_initiatives"]
