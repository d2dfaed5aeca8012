"""The application object: one :class:`Vanguard` owns its plugins and its converter."""

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from vanguard.io.converter import make_converter, structure
from vanguard.io.formats import DEFAULT_LIMITS, Format, Limits
from vanguard.io.loading import parse_program, read_program, render_program, write_program
from vanguard.io.problems import Problem, raise_if_any
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.plugins.calls import Hooks
from vanguard.plugins.catalogue import Catalogue
from vanguard.plugins.errors import PluginError, describe_exception
from vanguard.plugins.host import PluginHost
from vanguard.plugins.initiative import Initiative
from vanguard.plugins.status import PluginStatus
from vanguard.validation import reference_problems, rule_problems

if TYPE_CHECKING:
    from vanguard.ledger import Ledger

_T = TypeVar("_T")


class Vanguard:
    """An app instance: its own plugin manager, its own converter, no global state.

    ``plugins`` are registered explicitly, in order (modules or objects with
    :data:`~vanguard.hookimpl` functions); a plugin that cannot be registered raises
    :class:`~vanguard.PluginError`. With ``load_entrypoints`` the installed distributions'
    ``vanguard`` entry points are loaded too, safely: one that fails to import or register
    is listed as broken by :meth:`plugins` (and logged as a warning on the
    ``vanguard.plugins`` logger) while the others load. ``environ`` (default
    :data:`os.environ`) is read for ``VANGUARD_LOAD_PLUGINS`` (an allowlist of entry-point
    names; set but empty loads none) and ``VANGUARD_DISABLE_PLUGINS`` (a blocklist); both
    apply to entry points only, never to the plugins the app registers itself.

    Two apps never share plugins: each has its own pluggy manager. Plugins are called
    through :attr:`hooks`, the typed facade.
    """

    def __init__(
        self,
        plugins: Iterable[object] = (),
        *,
        load_entrypoints: bool = True,
        limits: Limits = DEFAULT_LIMITS,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.converter = make_converter()
        self.limits = limits
        self._host = PluginHost()
        self.hooks = Hooks(self._host.manager, self)
        """The typed facade: one method per hook (``app.hooks.record_appended(record)``)."""
        self._catalogue: Catalogue | None = None
        for plugin in plugins:
            self._host.register(plugin)
        if load_entrypoints:
            self._host.load_entrypoints(os.environ if environ is None else environ)

    @property
    def plugin_manager(self) -> pluggy.PluginManager:
        """This app's own pluggy manager (for introspection; call hooks via :attr:`hooks`)."""
        return self._host.manager

    def register(self, plugin: object, name: str | None = None) -> str:
        """Register ``plugin`` (a module or an object with hook implementations).

        :return: the name it is registered under (``name``, else the module's name or the
            object's class name).
        :raises PluginError: when it cannot be registered (already registered, the name is
            taken, or a hook implementation does not match its specification); nothing of
            it stays registered then.
        """
        registered = self._host.register(plugin, name)
        self._catalogue = None
        return registered

    def unregister(self, name: str) -> None:
        """Remove the plugin registered as ``name``; KeyError when there is none."""
        self._host.unregister(name)
        self._catalogue = None

    def plugins(self) -> list[PluginStatus]:
        """Every plugin this app knows: ok, broken (with the reason) or disabled.

        Asks each ``ok`` plugin for its initiatives; one that raises doing so is listed as
        broken with the reason, so listing never fails because of one plugin.
        """
        statuses = []
        for status in self._host.statuses():
            if status.ok and "vanguard_initiatives" in status.hooks:
                try:
                    contributed = self.hooks.initiatives(plugin=status.name)
                except PluginError as error:
                    cause = error.__cause__
                    reason = error.reason if cause is None else describe_exception(cause)
                    status = attrs.evolve(
                        status, state="broken", reason=f"vanguard_initiatives failed: {reason}"
                    )
                else:
                    names = tuple(i.name for _, initiatives in contributed for i in initiatives)
                    status = attrs.evolve(status, initiatives=names)
            statuses.append(status)
        return statuses

    def catalogue(self) -> Catalogue:
        """Every initiative and indicator of the plugins, with who provides each (cached).

        :raises PluginConflictError: two plugins define the same initiative or indicator.
        :raises PluginError: a plugin failed in ``vanguard_initiatives``.
        """
        if self._catalogue is None:
            # the facade answers in call order (last registered first); the catalogue and its
            # conflict messages read better in registration order
            self._catalogue = Catalogue.build(reversed(self.hooks.initiatives()))
        return self._catalogue

    def initiatives(self) -> dict[str, Initiative]:
        """Every initiative the registered plugins contribute, by name."""
        return self.catalogue().initiatives

    def indicators(self) -> dict[str, Indicator]:
        """Every indicator the plugins' initiatives define, by code."""
        return self.catalogue().indicators

    def validate(self, program: Program) -> list[Problem]:
        """Every problem with ``program`` given this app's plugins (empty when valid).

        The library's own checks come first; when every reference resolves, each used
        initiative's ``check_program`` and every plugin's ``vanguard_check_program`` hook
        add theirs.
        """
        indicators = self.indicators()
        catalogue = self.catalogue()
        problems = reference_problems(program, indicators)
        problems.extend(
            Problem(
                f"initiatives[{i}].name", f"no installed plugin provides initiative {use.name!r}"
            )
            for i, use in enumerate(program.initiatives)
            if use.name not in catalogue.initiatives
        )
        if problems:
            return problems
        problems = rule_problems(program, indicators)
        for use in program.initiatives:
            initiative = catalogue.initiatives[use.name]
            if initiative.check_program is None:
                continue
            try:
                problems.extend(initiative.check_program(program, use))
            except Exception as error:
                plugin = catalogue.initiative_plugin[use.name]
                hook = f"initiative {use.name!r} check_program"
                raise PluginError(plugin, hook, describe_exception(error)) from error
        problems.extend(self.hooks.check_program(program))
        return problems

    def load_program(self, path: str | Path, *, check: bool = True) -> Program:
        """Load and (with ``check``) validate the program file at ``path``."""
        program = read_program(self.converter, path, self.indicators(), self.limits, check=False)
        if check:
            raise_if_any(self.validate(program), str(path))
        return program

    def parse_program(self, text: str, fmt: Format = "toml", *, check: bool = True) -> Program:
        """Load and validate a program from text."""
        program = parse_program(self.converter, text, fmt, self.indicators(), check=False)
        if check:
            raise_if_any(self.validate(program))
        return program

    def dump_program(self, program: Program, path: str | Path) -> None:
        """Write ``program`` to ``path`` (format from the suffix), losing nothing."""
        write_program(self.converter, program, path)

    def render_program(self, program: Program, fmt: Format = "toml") -> str:
        """``program`` as text in ``fmt``."""
        return render_program(self.converter, program, fmt)

    def open_ledger(self, url_or_path: str | Path, *, create: bool = True) -> "Ledger":
        """Open the ledger at ``url_or_path``, telling the plugins about each new record.

        Every record the returned ledger stores fires the ``vanguard_record_appended`` hook
        (after its transaction committed). See :meth:`vanguard.ledger.Ledger.open` for
        ``create`` and the accepted locations.
        """
        from vanguard.ledger import Ledger  # SQLAlchemy loads only when a ledger is used

        return Ledger.open(url_or_path, create=create, on_append=self.hooks.record_appended)

    def unstructure(self, value: Any) -> Any:
        """Plain data for any model object, through this app's converter."""
        return self.converter.unstructure(value)

    def structure(self, data: Any, cls: type[_T], source: str | None = None) -> _T:
        """A model object from plain data, through this app's converter.

        :raises ProgramError: listing every problem, each at its location in ``data``.
        """
        return structure(self.converter, data, cls, source)


def load_program(path: str | Path) -> Program:
    """Load the program at ``path`` with a fresh app using the installed plugins."""
    return Vanguard().load_program(path)


def dump_program(program: Program, path: str | Path) -> None:
    """Write ``program`` to ``path``; the format comes from the suffix."""
    Vanguard(load_entrypoints=False).dump_program(program, path)
