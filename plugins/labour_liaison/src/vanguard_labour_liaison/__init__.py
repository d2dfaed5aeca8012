"""vanguard plugin: the labour-liaison initiative (企业劳动用工联络员制度).

Registered under the ``vanguard`` entry-point group as ``labour-liaison``. It declares the
input ``rural.placed`` (from the ``rural-transfer`` initiative) as its recruit pool.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_labour_liaison.initiative import COUNTIES, INITIATIVE
from vanguard_labour_liaison.liaison import LiaisonModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the labour-liaison initiative."""
    return [INITIATIVE]


__all__ = ["COUNTIES", "INITIATIVE", "LiaisonModel", "vanguard_initiatives"]
