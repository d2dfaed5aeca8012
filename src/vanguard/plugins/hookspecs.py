"""Hook specifications: the whole contract between vanguard and its plugins.

Every hook is documented with its parameters, its return value, whether it is
``firstresult`` and when the host calls it. Implement a hook with
:data:`vanguard.hookimpl` in a module (or object) registered with a
:class:`vanguard.Vanguard` app or exposed through the ``vanguard`` entry-point group.
"""

from collections.abc import Iterable

from vanguard.plugins.initiative import Initiative
from vanguard.plugins.markers import hookspec


@hookspec
def vanguard_initiatives() -> Iterable[Initiative]:  # type: ignore[empty-body]
    """Contribute initiatives.

    :return: the :class:`~vanguard.Initiative` objects this plugin provides (any
        iterable; an empty one is fine).

    Not ``firstresult``: every plugin's initiatives are collected. Called once per
    :class:`~vanguard.Vanguard` app, the first time its initiatives are needed; the result
    is cached by the app. Two plugins contributing the same initiative name or indicator
    code is an error naming both.
    """
