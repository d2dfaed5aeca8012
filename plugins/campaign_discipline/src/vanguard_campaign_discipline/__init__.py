"""vanguard plugin: the campaign discipline every post carries (study, exams, integrity, reports).

Registered under the ``vanguard`` entry-point group as ``campaign-discipline``.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_campaign_discipline.initiative import INITIATIVE
from vanguard_campaign_discipline.posts import DisciplineModel, fridays


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the campaign-discipline initiative."""
    return [INITIATIVE]


__all__ = ["INITIATIVE", "DisciplineModel", "fridays", "vanguard_initiatives"]
