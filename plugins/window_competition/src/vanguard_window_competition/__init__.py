"""vanguard plugin: the window-competition initiative (服务窗口劳动竞赛).

Registered under the ``vanguard`` entry-point group as ``window-competition``.
"""

from collections.abc import Iterable

import vanguard
from vanguard import Initiative
from vanguard_window_competition.awards import score_year
from vanguard_window_competition.initiative import INITIATIVE, MODEL_WINDOW, WINDOWS
from vanguard_window_competition.windows import CompetitionModel


@vanguard.hookimpl
def vanguard_initiatives() -> Iterable[Initiative]:
    """Contribute the window-competition initiative."""
    return [INITIATIVE]


__all__ = [
    "INITIATIVE",
    "MODEL_WINDOW",
    "WINDOWS",
    "CompetitionModel",
    "score_year",
    "vanguard_initiatives",
]
