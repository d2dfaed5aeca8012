"""The application object: one :class:`Vanguard` owns its plugins and its converter."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pluggy

from vanguard.io.converter import make_converter
from vanguard.io.formats import DEFAULT_LIMITS, Format, Limits
from vanguard.io.loading import parse_program, read_program, render_program, write_program
from vanguard.io.problems import Problem
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.plugins import hookspecs
from vanguard.plugins.initiative import Initiative
from vanguard.plugins.markers import PROJECT
from vanguard.validation import validate_program


class Vanguard:
    """An app instance: its own plugin manager, its own converter, no global state.

    ``plugins`` are registered explicitly (modules or objects with :data:`hookimpl`
    functions); with ``load_entrypoints`` the installed distributions' ``vanguard``
    entry points are loaded too.
    """

    def __init__(self, plugins: Iterable[object] = (), *, load_entrypoints: bool = True,
                 limits: Limits = DEFAULT_LIMITS) -> None:
        self.converter = make_converter()
        self.limits = limits
        self._pm = pluggy.PluginManager(PROJECT)
        self._pm.add_hookspecs(hookspecs)
        for plugin in plugins:
            self._pm.register(plugin)
        if load_entrypoints:
            self._pm.load_setuptools_entrypoints(PROJECT)
        self._initiatives: dict[str, Initiative] | None = None

    def initiatives(self) -> dict[str, Initiative]:
        """Every initiative the registered plugins contribute, by name."""
        if self._initiatives is None:
            found: dict[str, Initiative] = {}
            for contributed in self._pm.hook.vanguard_initiatives():
                for initiative in contributed:
                    found[initiative.name] = initiative
            self._initiatives = found
        return self._initiatives

    def indicators(self) -> dict[str, Indicator]:
        """Every indicator the plugins' initiatives define, by code."""
        return {
            indicator.code: indicator
            for initiative in self.initiatives().values()
            for indicator in initiative.indicators
        }

    def validate(self, program: Program) -> list[Problem]:
        """Every problem with ``program`` given this app's plugins (empty when valid)."""
        problems = validate_program(program, self.indicators())
        initiatives = self.initiatives()
        for i, use in enumerate(program.initiatives):
            initiative = initiatives.get(use.name)
            if initiative is None:
                problems.append(Problem(f"initiatives[{i}].name",
                                        f"no installed plugin provides initiative {use.name!r}"))
        return problems

    def load_program(self, path: str | Path, *, check: bool = True) -> Program:
        """Load and (with ``check``) validate the program file at ``path``."""
        program = read_program(self.converter, path, self.indicators(), self.limits, check=False)
        if check:
            from vanguard.io.problems import raise_if_any

            raise_if_any(self.validate(program), str(path))
        return program

    def parse_program(self, text: str, fmt: Format = "toml", *, check: bool = True) -> Program:
        """Load and validate a program from text."""
        program = parse_program(self.converter, text, fmt, self.indicators(), check=False)
        if check:
            from vanguard.io.problems import raise_if_any

            raise_if_any(self.validate(program))
        return program

    def dump_program(self, program: Program, path: str | Path) -> None:
        """Write ``program`` to ``path`` (format from the suffix), losing nothing."""
        write_program(self.converter, program, path)

    def render_program(self, program: Program, fmt: Format = "toml") -> str:
        """``program`` as text in ``fmt``."""
        return render_program(self.converter, program, fmt)

    def unstructure(self, value: Any) -> Any:
        """Plain data for any model object, through this app's converter."""
        return self.converter.unstructure(value)

    def structure(self, data: Any, cls: type[Any]) -> Any:
        """A model object from plain data, through this app's converter."""
        return self.converter.structure(data, cls)


def load_program(path: str | Path) -> Program:
    """Load the program at ``path`` with a fresh app using the installed plugins."""
    return Vanguard().load_program(path)


def dump_program(program: Program, path: str | Path) -> None:
    """Write ``program`` to ``path``; the format comes from the suffix."""
    Vanguard(load_entrypoints=False).dump_program(program, path)


