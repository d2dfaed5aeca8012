"""vanguard plugin: the rural-transfer initiative (农村青年技能培训工程).

Registered under the ``vanguard`` entry-point group as ``rural-transfer``. Its
``rural.placed`` indicator is the recruit pool of the ``labour-liaison`` initiative.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_rural_transfer.initiative import COUNTIES, INITIATIVE
from vanguard_rural_transfer.transfer import TransferModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the rural-transfer initiative."""
    return [INITIATIVE]


__all__ = ["COUNTIES", "INITIATIVE", "TransferModel", "vanguard_initiatives"]
