"""Testing kit for plugin authors: pytest fixtures and the initiative conformance suite.

The pytest plugin (:mod:`vanguard.testing.pytest_plugin`) is registered under ``pytest11``,
so installing vanguard makes its fixtures available in every test session:

- ``vanguard_app``: a fresh :class:`~vanguard.Vanguard` with no entry points loaded;
- ``register_plugin``: ``register_plugin(plugin, ...)`` registers inline plugins (modules
  or objects with :data:`~vanguard.hookimpl` functions) into that app and returns it.
"""
