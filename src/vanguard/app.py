"""The application object: one :class:`Vanguard` owns its plugins and its converter."""

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from vanguard.io.converter import make_converter, structure
from vanguard.io.formats import Format
from vanguard.io.loading import parse_program, read_program, render_program, write_program
from vanguard.limits import DEFAULT_LIMITS, Limits
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.plugins.calls import Hooks
from vanguard.plugins.catalogue import Catalogue
from vanguard.plugins.errors import PluginConflictError, PluginError, describe_exception
from vanguard.plugins.host import PluginHost
from vanguard.plugins.initiative import Initiative
from vanguard.plugins.status import PluginStatus
from vanguard.problems import Problem, raise_if_any
from vanguard.validation import limit_problems, reference_problems, rule_problems

if TYPE_CHECKING:
    from vanguard.ledger import Ledger
    from vanguard.review.campaign import CampaignBulletin
    from vanguard.review.session import Review

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

        Builds the catalogue first, so a plugin whose ``vanguard_initiatives`` fails is
        listed as broken with the reason; listing never fails because of one plugin.
        """
        with contextlib.suppress(PluginConflictError):  # listing is how users find the pair
            self.catalogue()
        contributed = (self._catalogue.initiative_plugin if self._catalogue else {}).items()
        statuses = []
        for status in self._host.statuses():
            if status.ok:
                names = tuple(name for name, plugin in contributed if plugin == status.name)
                status = attrs.evolve(status, initiatives=names)
            statuses.append(status)
        return statuses

    def disabled_plugins(self) -> dict[str, str]:
        """The plugins that are not working in this app (failed to load, or disabled for
        this run after a hook failed), each with the reason."""
        return self._host.disabled()

    def catalogue(self) -> Catalogue:
        """Every initiative and indicator of the working plugins, with who provides each.

        A plugin whose ``vanguard_initiatives`` raises or returns something off-contract is
        disabled for this app's run (see :meth:`disabled_plugins`, logged as a warning):
        the other plugins' initiatives are catalogued, so programs that do not use it
        validate and simulate. Cached until a plugin is registered or disabled.

        :raises PluginConflictError: two plugins define the same initiative or indicator.
        """
        if self._catalogue is None:
            contributed, failures = self.hooks.initiatives_of_each()
            for failure in failures:
                self._host.disable(failure.plugin, f"{failure.hook} failed: {failure.reason}")
            # the facade answers in call order (last registered first); the catalogue and
            # its conflict messages read better in registration order
            self._catalogue = Catalogue.build(reversed(contributed))
        return self._catalogue

    def initiatives(self) -> dict[str, Initiative]:
        """Every initiative the working plugins contribute, by name."""
        return self.catalogue().initiatives

    def indicators(self) -> dict[str, Indicator]:
        """Every indicator the working plugins' initiatives define, by code."""
        return self.catalogue().indicators

    def validate(self, program: Program) -> list[Problem]:
        """Every problem with ``program`` given this app's plugins and limits (empty if valid).

        The library's checks run in stages (see :mod:`vanguard.validation`: limits, then
        references and the initiatives the program uses, then the rules); when those
        pass, each used initiative's ``check_program`` and every plugin's
        ``vanguard_check_program`` hook add theirs. A plugin that fails in a check is
        disabled for this run: a problem names it when the program uses one of its
        initiatives, and validation goes on without it otherwise.
        """
        catalogue = self.catalogue()
        indicators = catalogue.indicators
        problems = limit_problems(program, self.limits) or reference_problems(
            program,
            indicators,
            initiatives=catalogue.initiatives,
            disabled=self.disabled_plugins(),
        )
        if problems:
            return problems
        problems = rule_problems(program, indicators)
        problems.extend(self._plugin_problems(program, catalogue))
        return problems

    def _plugin_problems(self, program: Program, catalogue: Catalogue) -> list[Problem]:
        """The plugins' own checks of ``program``, each plugin's failure isolated."""
        problems: list[Problem] = []
        failed: dict[str, str] = {}
        for use in program.initiatives:
            initiative = catalogue.initiatives[use.name]
            plugin = catalogue.initiative_plugin[use.name]
            if initiative.check_program is None or plugin in failed:
                continue
            try:
                problems.extend(initiative.check_program(program, use))
            except Exception as error:
                failed[plugin] = f"initiative {use.name!r} check_program failed: " + (
                    describe_exception(error)
                )
        for plugin in self.hooks.implementers("vanguard_check_program"):
            if plugin in failed:
                continue
            try:
                problems.extend(self.hooks.check_program(program, plugin=plugin))
            except PluginError as error:
                failed[plugin] = f"{error.hook} failed: {error.reason}"
        for plugin, reason in failed.items():
            self._host.disable(plugin, reason)
            self._catalogue = None
            problems.extend(
                Problem(
                    f"initiatives[{i}].name",
                    f"plugin {plugin!r}, which provides {use.name!r}, is disabled for this "
                    f"run: {reason}",
                )
                for i, use in enumerate(program.initiatives)
                if catalogue.initiative_plugin.get(use.name) == plugin
            )
        return problems

    def load_program(self, path: str | Path, *, check: bool = True) -> Program:
        """Load and (with ``check``) validate the program file at ``path``."""
        program = read_program(self.converter, path, self.indicators(), self.limits, check=False)
        if check:
            raise_if_any(self.validate(program), str(path))
        return program

    def parse_program(self, text: str, fmt: Format = "toml", *, check: bool = True) -> Program:
        """Load and validate a program from text."""
        program = parse_program(
            self.converter, text, fmt, self.indicators(), limits=self.limits, check=False
        )
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

    def review(
        self,
        program: Program,
        *,
        ledger: "Ledger | str | Path | None" = None,
        reports: str | Path | None = None,
        create: bool = True,
        encoding: str | None = None,
    ) -> "Review":
        """The review of ``program``: record and correct reports, publish bulletins,
        evaluate years and explain posts, with this app's indicators and converter.

        Give ``ledger`` (an open :class:`~vanguard.ledger.Ledger`, or a location the review
        opens, ``create`` as in :meth:`open_ledger`, and closes at the end of a ``with``
        block) to record what is published, or ``reports`` (a report file) to compute
        without recording. Publishing fires ``vanguard_bulletin_published`` and evaluating
        ``vanguard_evaluation_completed`` on this app's plugins::

            with app.review(program, ledger="ledger.sqlite") as review:
                review.record("reports.csv")
                bulletin = review.publish("2006Q3")
                evaluation = review.evaluate(2006)
                print(review.explain("head-a"))
        """
        from vanguard.review.session import Review

        return Review(
            self, program, ledger=ledger, reports=reports, create=create, encoding=encoding
        )

    def publish_campaign(
        self, programs: Sequence[Program], quarter: str, *, ledger: "Ledger | str | Path"
    ) -> "CampaignBulletin":
        """Publish the bulletin of ``quarter`` of each of ``programs`` (one campaign's) and
        record the campaign bulletin ranking them (争先进位: each agency's rank and its
        movement since the campaign bulletin recorded last), in ``ledger`` (open, or a
        location that must exist). Publishing again when nothing changed records nothing.
        See :mod:`vanguard.review.campaign`.

        :raises ProgramError: programs of several campaigns, or one given twice.
        """
        from vanguard.review.campaign import publish_campaign

        if isinstance(ledger, str | Path):
            with self.open_ledger(ledger, create=False) as opened:
                return publish_campaign(self, programs, quarter, opened)[0]
        return publish_campaign(self, programs, quarter, ledger)[0]

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
