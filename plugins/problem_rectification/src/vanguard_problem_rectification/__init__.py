"""vanguard plugin: problem identification, rectification and complaints (report B-II, B-III).

Registers one initiative, ``problem-rectification``, through the ``vanguard`` entry point.
"""

from collections.abc import Iterable

import vanguard
from vanguard_problem_rectification.initiative import INITIATIVE
from vanguard_problem_rectification.model import RectificationModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[vanguard.Initiative]:
    """The problem-rectification initiative."""
    return [INITIATIVE]


__all__ = ["INITIATIVE", "RectificationModel", "vanguard_initiatives"]
