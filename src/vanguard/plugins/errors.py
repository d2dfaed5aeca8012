"""What goes wrong with plugins: a plugin failing when called, two plugins colliding."""

from collections.abc import Sequence

from vanguard.problems import VanguardError


class PluginError(VanguardError):
    """A plugin failed: it raised inside a hook, returned something off-contract, or could
    not be registered.

    ``plugin`` names the plugin (its entry-point name, or the name it was registered under);
    ``hook`` is the hook it failed in (``None`` when registration itself failed). The
    original exception is chained as ``__cause__``.
    """

    def __init__(self, plugin: str, hook: str | None, reason: str) -> None:
        self.plugin = plugin
        self.hook = hook
        self.reason = reason
        where = f" in {hook}" if hook else ""
        super().__init__(f"plugin {plugin!r} failed{where}: {reason}")


class PluginConflictError(VanguardError):
    """Two plugins (or one plugin twice) define the same initiative name or indicator code.

    ``kind`` is ``"initiative"`` or ``"indicator"``, ``key`` the clashing name or code, and
    ``providers`` the ``(plugin, initiative)`` pairs that each define it, in registration
    order.
    """

    def __init__(self, kind: str, key: str, providers: Sequence[tuple[str, str]]) -> None:
        self.kind = kind
        self.key = key
        self.providers = tuple(providers)
        named = " and ".join(
            f"plugin {plugin!r} (initiative {initiative!r})" for plugin, initiative in providers
        )
        super().__init__(f"{kind} {key!r} is defined by both {named}; uninstall or disable one")


def describe_exception(error: BaseException) -> str:
    """``TypeName: message`` for a plugin's exception, on one line (lines joined by ``; ``)."""
    text = "; ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


__all__ = ["PluginConflictError", "PluginError", "describe_exception"]
