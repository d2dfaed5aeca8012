"""Testing kit for plugin authors: pytest fixtures and the initiative conformance suite.

The pytest plugin (:mod:`vanguard.testing.pytest_plugin`) is registered under ``pytest11``,
so installing vanguard makes its fixtures available in every test session:

- ``vanguard_app``: a fresh :class:`~vanguard.Vanguard` with no entry points loaded;
- ``register_plugin``: ``register_plugin(plugin, ...)`` registers inline plugins (modules
  or objects with :data:`~vanguard.hookimpl` functions) into that app and returns it.

The conformance suite checks an initiative against its contract in one line
(:func:`assert_initiative_conforms`) or one test per check (:class:`ConformanceSuite`).
"""

from vanguard.plugins.initiative import Initiative
from vanguard.testing.conformance import (
    ConformanceSuite,
    assert_initiative_conforms,
    conformance_problems,
)
from vanguard.testing.stepping import Trial


def plugin_initiatives(plugin: object) -> dict[str, Initiative]:
    """The initiatives ``plugin`` contributes through its hook, by name, in a fresh app.

    Going through the hook (rather than importing the initiative object) also tests that
    the plugin registers and that ``vanguard_initiatives`` works.
    """
    from vanguard.app import Vanguard

    return Vanguard([plugin], load_entrypoints=False).initiatives()


__all__ = [
    "ConformanceSuite",
    "Trial",
    "assert_initiative_conforms",
    "conformance_problems",
    "plugin_initiatives",
]
