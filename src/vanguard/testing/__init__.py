"""Testing kit for plugin authors: the conformance suite, model runs, docs checks, fixtures.

The pytest plugin (:mod:`vanguard.testing.pytest_plugin`) is registered under ``pytest11``,
so installing vanguard makes its fixtures available in every test session:

- ``vanguard_app``: a fresh :class:`~vanguard.Vanguard` with no entry points loaded;
- ``register_plugin``: ``register_plugin(plugin, ...)`` registers inline plugins (modules
  or objects with :data:`~vanguard.hookimpl` functions) into that app and returns it.

The conformance suite checks an initiative against its contract in one line
(:func:`assert_initiative_conforms`) or one test per check (:class:`ConformanceSuite`).

For tests of what a model does:

- :func:`simulate_initiative` steps an initiative's model month by month on its own and
  returns a :class:`ModelRun`: every output shaped ``(periods, replications, units)`` and
  the final state;
- :func:`assert_docs_page_lists` checks that the initiative's Markdown page lists every
  indicator and every parameter's default;
- :func:`vanguard.testing.strategies.parameter_values` is a Hypothesis strategy of
  parameter values within bounds (in its own module, so this one does not need
  hypothesis).
"""

from vanguard.plugins.initiative import Initiative
from vanguard.testing.conformance import (
    ConformanceSuite,
    assert_initiative_conforms,
    conformance_problems,
)
from vanguard.testing.docs_page import assert_docs_page_lists
from vanguard.testing.model_run import ModelRun, simulate_initiative
from vanguard.testing.stepping import ModelContractError, Trial


def plugin_initiatives(plugin: object) -> dict[str, Initiative]:
    """The initiatives ``plugin`` contributes through its hook, by name, in a fresh app.

    Going through the hook (rather than importing the initiative object) also tests that
    the plugin registers and that ``vanguard_initiatives`` works.
    """
    from vanguard.app import Vanguard

    return Vanguard([plugin], load_entrypoints=False).initiatives()


__all__ = [
    "ConformanceSuite",
    "ModelContractError",
    "ModelRun",
    "Trial",
    "assert_docs_page_lists",
    "assert_initiative_conforms",
    "conformance_problems",
    "plugin_initiatives",
    "simulate_initiative",
]
