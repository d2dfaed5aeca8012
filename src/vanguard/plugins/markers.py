"""The pluggy markers: ``hookimpl`` is public (plugins use it), ``hookspec`` is the host's."""

import pluggy

PROJECT = "vanguard"
"""The pluggy project name and the entry-point group plugins register under."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["PROJECT", "hookimpl", "hookspec"]
