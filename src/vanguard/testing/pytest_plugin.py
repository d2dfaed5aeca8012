"""The ``vanguard`` pytest plugin (``pytest11`` entry point): fixtures for plugin authors.

pytest imports this module in every session of every project installed alongside
vanguard, so it defines fixtures only: no hooks that change how other projects' tests run,
and the app is built only when a fixture is used.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from vanguard.app import Vanguard

RegisterPlugin = Callable[..., "Vanguard"]
"""``register_plugin(*plugins, name=None) -> app``: the type of the ``register_plugin`` fixture."""


@pytest.fixture
def vanguard_app() -> "Vanguard":
    """A fresh :class:`~vanguard.Vanguard` app of its own: no entry points, no plugins."""
    from vanguard.app import Vanguard

    return Vanguard(load_entrypoints=False)


@pytest.fixture
def register_plugin(vanguard_app: "Vanguard") -> RegisterPlugin:
    """Register inline plugins into the test's ``vanguard_app`` and return that app.

    ``register_plugin(plugin)`` takes modules or objects with :data:`~vanguard.hookimpl`
    functions; ``name=`` names a single plugin. A plugin that cannot be registered raises
    :class:`~vanguard.PluginError`, as it would in an application.
    """

    def register(*plugins: object, name: str | None = None) -> "Vanguard":
        if name is not None and len(plugins) != 1:
            raise TypeError("name= names a single plugin")
        for plugin in plugins:
            vanguard_app.register(plugin, name)
        return vanguard_app

    return register
