"""The behaviour declaration, read from a behaviour file (the classes live in the model:
:mod:`vanguard.model.behaviour`, so a program file or a scenario may declare them too).

A :class:`Behaviour` is read from a behaviour file (TOML, YAML or JSON, structured by the
app's one converter, :func:`load_behaviour`), declared in a program file's ``[behaviour]``
section, changed by a scenario's ``[behaviour]`` table, or built in Python and passed to
``simulate(..., behaviour=...)``. Without one, every post is the passive draw of the
initiatives' models, exactly as before.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from vanguard.model.behaviour import Audits, Behaviour, Payoff, Penalty

if TYPE_CHECKING:
    from vanguard.app import Vanguard


def load_behaviour(path: str | Path, app: "Vanguard | None" = None) -> Behaviour:
    """Read a behaviour file; :class:`~vanguard.problems.ProgramError` names each bad field."""
    from vanguard.app import Vanguard
    from vanguard.io.converter import structure
    from vanguard.io.formats import read_document

    app = app or Vanguard()
    path = Path(path)
    document = read_document(path, app.limits)
    return structure(app.converter, document, Behaviour, str(path))


__all__ = ["Audits", "Behaviour", "Payoff", "Penalty", "load_behaviour"]
