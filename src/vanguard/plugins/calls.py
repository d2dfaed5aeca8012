"""The typed facade through which an app calls its plugins: one method per hook.

Each implementation is called on its own (last registered first; ``tryfirst`` and
``trylast`` honoured, as pluggy orders them), so every result is attributed to its plugin
and a plugin that raises is named in the :class:`~vanguard.PluginError` the caller gets.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from vanguard.model.program import Program
from vanguard.plugins.errors import PluginError, describe_exception
from vanguard.plugins.initiative import Initiative
from vanguard.problems import Problem

if TYPE_CHECKING:
    from vanguard.ledger.records import Entry
    from vanguard.review.bulletin import Bulletin
    from vanguard.review.yearend import Evaluation

T = TypeVar("T")


class Hooks:
    """``app.hooks``: call every plugin of one app, typed, with failures named.

    Method names are the hook names without the ``vanguard_`` prefix. The event methods
    (:meth:`record_appended`, :meth:`bulletin_published`, :meth:`evaluation_completed`)
    notify every plugin even when one fails, then raise the first failure (with the
    others added as notes).
    """

    def __init__(self, manager: pluggy.PluginManager, app: Any) -> None:
        self._manager = manager
        self._app = app

    def _call(
        self,
        hook: str,
        arguments: dict[str, Any],
        *,
        only: str | None = None,
        notify_all: bool = False,
    ) -> list[tuple[str, Any]]:
        """``(plugin name, result)`` for every implementation that returned non-None."""
        caller: pluggy.HookCaller = getattr(self._manager.hook, hook)
        results: list[tuple[str, Any]] = []
        failures: list[PluginError] = []
        for impl in reversed(caller.get_hookimpls()):
            if only is not None and impl.plugin_name != only:
                continue
            try:
                result = impl.function(*[arguments[name] for name in impl.argnames])
            except Exception as error:
                failure = PluginError(impl.plugin_name, hook, describe_exception(error))
                failure.__cause__ = error
                if not notify_all:
                    raise failure from error
                failures.append(failure)
                continue
            if result is not None:
                results.append((impl.plugin_name, result))
        if failures:
            first = failures[0]
            for other in failures[1:]:
                first.add_note(f"also: {other}")
            raise first
        return results

    def initiatives_of_each(
        self,
    ) -> tuple[list[tuple[str, tuple[Initiative, ...]]], list[PluginError]]:
        """``vanguard_initiatives`` of every plugin, each on its own: what the plugins that
        answered contributed (in call order), and one :class:`PluginError` per plugin that
        raised or returned something off-contract."""
        contributed, failures = [], []
        for name in self.implementers("vanguard_initiatives"):
            try:
                contributed.extend(self.initiatives(plugin=name))
            except PluginError as error:
                failures.append(error)
        return contributed, failures

    def implementers(self, hook: str) -> list[str]:
        """The plugins implementing ``hook``, in call order (last registered first)."""
        caller: pluggy.HookCaller = getattr(self._manager.hook, hook)
        return list(dict.fromkeys(impl.plugin_name for impl in reversed(caller.get_hookimpls())))

    def initiatives(self, plugin: str | None = None) -> list[tuple[str, tuple[Initiative, ...]]]:
        """``vanguard_initiatives``: each plugin's name with the initiatives it contributes.

        ``plugin`` restricts the call to that one plugin. A plugin returning something
        other than an iterable of :class:`~vanguard.Initiative` is a :class:`PluginError`
        naming it; conflicts between plugins are checked by the caller
        (:meth:`vanguard.Vanguard.initiatives`).
        """
        hook = "vanguard_initiatives"
        contributions = []
        for name, returned in self._call(hook, {}, only=plugin):
            contributions.append((name, _typed_items(name, hook, returned, Initiative)))
        return contributions

    def check_program(self, program: Program, plugin: str | None = None) -> list[Problem]:
        """``vanguard_check_program``: every plugin's problems with ``program``, in order.

        ``plugin`` restricts the call to that one plugin.
        """
        hook = "vanguard_check_program"
        problems: list[Problem] = []
        arguments = {"program": program, "app": self._app}
        for name, returned in self._call(hook, arguments, only=plugin):
            problems.extend(_typed_items(name, hook, returned, Problem))
        return problems

    def record_appended(self, record: "Entry") -> None:
        """``vanguard_record_appended``: tell every plugin the ledger appended ``record``."""
        self._call("vanguard_record_appended", {"record": record}, notify_all=True)

    def bulletin_published(self, bulletin: "Bulletin") -> None:
        """``vanguard_bulletin_published``: tell every plugin ``bulletin`` was published."""
        self._call("vanguard_bulletin_published", {"bulletin": bulletin}, notify_all=True)

    def evaluation_completed(self, evaluation: "Evaluation") -> None:
        """``vanguard_evaluation_completed``: tell every plugin ``evaluation`` is complete."""
        self._call("vanguard_evaluation_completed", {"evaluation": evaluation}, notify_all=True)


def _typed_items(plugin: str, hook: str, returned: object, kind: type[T]) -> tuple[T, ...]:
    """``returned`` as a tuple of ``kind``; a :class:`PluginError` naming ``plugin`` if not."""
    if not isinstance(returned, Iterable) or isinstance(returned, str | bytes):
        raise PluginError(
            plugin,
            hook,
            f"returned {type(returned).__name__}, expected an iterable of {kind.__name__}",
        )
    items: list[T] = []
    try:
        for item in returned:
            if not isinstance(item, kind):
                raise PluginError(
                    plugin,
                    hook,
                    f"returned {type(item).__name__} {item!r:.60}, expected {kind.__name__}",
                )
            items.append(item)
    except PluginError:
        raise
    except Exception as error:  # a generator that fails half-way is still this plugin's
        raise PluginError(plugin, hook, describe_exception(error)) from error
    return tuple(items)


__all__ = ["Hooks"]
