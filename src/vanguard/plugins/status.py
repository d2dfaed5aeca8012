"""What ``vanguard plugins`` reports for each plugin: where it came from and whether it loaded."""

from typing import Any, Literal

import attrs

State = Literal["ok", "broken", "disabled"]
"""``ok``: registered and working; ``broken``: failed to import, register or answer (see
``reason``); ``disabled``: installed but not loaded because of ``VANGUARD_LOAD_PLUGINS`` or
``VANGUARD_DISABLE_PLUGINS``."""

Origin = Literal["entry point", "registered"]
"""``entry point``: found in an installed distribution's ``vanguard`` entry points;
``registered``: passed to :class:`~vanguard.Vanguard` (or ``app.register``) by the app."""


@attrs.frozen
class PluginStatus:
    """One plugin as the host sees it: a snapshot, safe to keep and to print.

    ``name`` is the entry-point name (or the name the app registered it under);
    ``distribution`` and ``version`` are those of the installed distribution providing the
    entry point (``None`` for plugins the app registered itself); ``hooks`` are the hook
    names it implements and ``initiatives`` the names of the initiatives it contributes
    (both empty unless the plugin is ``ok``); ``reason`` says why a plugin is broken or
    disabled.
    """

    name: str
    state: State
    origin: Origin
    distribution: str | None = None
    version: str | None = None
    reason: str | None = None
    hooks: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the plugin is registered and working."""
        return self.state == "ok"

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for ``vanguard plugins --json``)."""
        return {
            "name": self.name,
            "status": self.state,
            "reason": self.reason,
            "origin": self.origin,
            "distribution": self.distribution,
            "version": self.version,
            "hooks": list(self.hooks),
            "initiatives": list(self.initiatives),
        }


__all__ = ["Origin", "PluginStatus", "State"]
