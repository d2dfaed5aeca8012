"""The plugin host: one pluggy manager per app, safe registration and entry-point loading.

Loading is safe: a plugin that fails to import or to register is recorded as broken (with
the reason) and logged as a warning, pluggy's state is cleaned of anything it half
registered, and every other plugin still loads. Plugins the application registers itself
are different: a failure there is the application's bug, so it raises
:class:`~vanguard.PluginError`.
"""

import importlib.metadata
import logging
import types
from collections.abc import Mapping

import attrs
import pluggy

from vanguard.plugins import hookspecs
from vanguard.plugins.errors import PluginError, describe_exception
from vanguard.plugins.markers import PROJECT
from vanguard.plugins.status import Origin, PluginStatus

LOAD_VARIABLE = "VANGUARD_LOAD_PLUGINS"
"""Allowlist: a comma-separated list of entry-point names; set but empty loads none."""

DISABLE_VARIABLE = "VANGUARD_DISABLE_PLUGINS"
"""Blocklist: a comma-separated list of entry-point names that are not loaded."""

log = logging.getLogger("vanguard.plugins")


def _names(value: str) -> set[str]:
    return {name.strip() for name in value.split(",") if name.strip()}


def _plugin_name(plugin: object) -> str:
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__
    name = getattr(plugin, "__name__", None)
    return name if isinstance(name, str) else type(plugin).__name__


class PluginHost:
    """A pluggy :class:`~pluggy.PluginManager` of its own, and the status of every plugin."""

    def __init__(self) -> None:
        self.manager = pluggy.PluginManager(PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self._statuses: dict[str, PluginStatus] = {}

    def register(
        self,
        plugin: object,
        name: str | None = None,
        *,
        origin: Origin = "registered",
        distribution: str | None = None,
        version: str | None = None,
    ) -> str:
        """Register ``plugin`` and return its name; :class:`PluginError` when it cannot be.

        The name defaults to the module's name (or the object's class name, numbered when
        taken). A plugin whose hook implementations do not match a hook specification
        (unknown hook, wrong parameter, a hook wrapper) is refused whole: nothing of it
        stays registered.
        """
        if plugin is None:
            raise PluginError(name or "None", None, "None is not a plugin")
        if self.manager.is_registered(plugin):
            existing = self.manager.get_name(plugin) or _plugin_name(plugin)
            raise PluginError(existing, None, "this plugin object is already registered")
        if name is None:
            base = _plugin_name(plugin)
            name, number = base, 1
            while name in self._statuses:
                number += 1
                name = f"{base}#{number}"
        elif name in self._statuses:
            raise PluginError(name, None, "a plugin of that name is already registered")
        try:
            self.manager.register(plugin, name=name)
            self._refuse_off_contract(plugin)
        except Exception as error:
            self._discard(plugin, name)
            raise PluginError(name, None, describe_exception(error)) from error
        self._statuses[name] = PluginStatus(
            name=name, state="ok", origin=origin, distribution=distribution, version=version
        )
        return name

    def _refuse_off_contract(self, plugin: object) -> None:
        for caller in self.manager.get_hookcallers(plugin) or []:
            if not caller.name.startswith("vanguard_"):
                continue  # not meant for us (a plugin object may serve several hosts)
            if not caller.has_spec():
                raise ValueError(f"{caller.name} is not a vanguard hook (misspelt?)")
            for impl in caller.get_hookimpls():
                if impl.plugin is plugin and (impl.hookwrapper or impl.wrapper):
                    raise ValueError(
                        f"{caller.name}: hook wrappers are not supported; vanguard calls "
                        "each implementation on its own"
                    )

    def _discard(self, plugin: object, name: str) -> None:
        """Undo whatever part of a failed registration pluggy kept."""
        if self.manager.is_registered(plugin):
            self.manager.unregister(plugin=plugin)
        elif self.manager.get_plugin(name) is not None:
            self.manager.unregister(name=name)

    def unregister(self, name: str) -> None:
        """Remove the plugin called ``name`` (KeyError when there is none)."""
        status = self._statuses.pop(name)
        if status.state == "ok":
            self.manager.unregister(name=name)

    def disable(self, name: str, reason: str) -> None:
        """Take the plugin called ``name`` out of this run: none of its hooks is called
        again, and it is listed as broken with ``reason`` (logged as a warning)."""
        status = self._statuses[name]
        if status.state != "ok":
            return
        self.manager.unregister(name=name)
        self._statuses[name] = attrs.evolve(status, state="broken", reason=reason)
        log.warning("vanguard plugin %r is disabled for this run: %s", name, reason)

    def disabled(self) -> dict[str, str]:
        """Every plugin that is registered in name but not working, with the reason."""
        return {
            status.name: status.reason or status.state
            for status in self._statuses.values()
            if status.state == "broken"
        }

    def load_entrypoints(self, environ: Mapping[str, str]) -> None:
        """Load every installed ``vanguard`` entry point that ``environ`` allows.

        Each one that fails to import or to register is recorded as broken and logged as
        a warning; the rest load regardless.
        """
        allowed = _names(environ[LOAD_VARIABLE]) if LOAD_VARIABLE in environ else None
        disabled = _names(environ.get(DISABLE_VARIABLE, ""))
        seen: set[str] = set()
        try:
            entry_points = list(importlib.metadata.entry_points(group=PROJECT))
        except Exception as error:  # a corrupt *.dist-info must not stop the app
            log.warning("cannot list vanguard entry points: %s", describe_exception(error))
            return
        for entry_point in entry_points:
            seen.add(entry_point.name)
            self._load(entry_point, allowed, disabled)
        for missing in sorted((allowed or set()) - seen):
            log.warning(
                "%s names %r, but no such vanguard plugin is installed", LOAD_VARIABLE, missing
            )

    def _load(
        self,
        entry_point: importlib.metadata.EntryPoint,
        allowed: set[str] | None,
        disabled: set[str],
    ) -> None:
        name = entry_point.name
        dist = entry_point.dist
        distribution = dist.name if dist is not None else None
        version = dist.version if dist is not None else None

        def record(state: str, reason: str) -> None:
            # a name clash is kept under a second key so that both distributions are listed
            key = name if name not in self._statuses else f"{name}@{distribution}"
            self._statuses[key] = PluginStatus(
                name=name,
                state="broken" if state == "broken" else "disabled",
                origin="entry point",
                distribution=distribution,
                version=version,
                reason=reason,
            )

        if name in self._statuses:
            other = self._statuses[name].distribution or "the application"
            reason = f"the plugin name {name!r} is already taken by {other}"
            record("broken", reason)
            log.warning("vanguard plugin %r (%s) is broken: %s", name, distribution, reason)
            return
        if allowed is not None and name not in allowed:
            record("disabled", f"not listed in {LOAD_VARIABLE}")
            return
        if name in disabled:
            record("disabled", f"listed in {DISABLE_VARIABLE}")
            return
        try:
            plugin = entry_point.load()
        except (Exception, SystemExit) as error:
            reason = f"import failed: {describe_exception(error)}"
            record("broken", reason)
            log.warning(
                "vanguard plugin %r (%s) is broken and was not loaded: %s",
                name,
                distribution,
                reason,
            )
            return
        try:
            self.register(
                plugin, name, origin="entry point", distribution=distribution, version=version
            )
        except PluginError as error:
            reason = f"registration failed: {error.reason}"
            record("broken", reason)
            log.warning(
                "vanguard plugin %r (%s) is broken and was not loaded: %s",
                name,
                distribution,
                reason,
            )

    def statuses(self) -> list[PluginStatus]:
        """Every plugin in the order it was met, with the hooks each ``ok`` one implements."""
        result = []
        for status in self._statuses.values():
            if status.state == "ok":
                plugin = self.manager.get_plugin(status.name)
                callers = self.manager.get_hookcallers(plugin) or []
                status = attrs.evolve(status, hooks=tuple(sorted(c.name for c in callers)))
            result.append(status)
        return result


__all__ = ["DISABLE_VARIABLE", "LOAD_VARIABLE", "PluginHost"]
