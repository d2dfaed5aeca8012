"""Provenance: what every result records so a run can be trusted and reproduced."""

import importlib.metadata
import platform
import sys
from collections.abc import Mapping

import attrs
import numpy as np

from vanguard.simulation.plan import Plan


@attrs.frozen
class Provenance:
    """Seed, size, parameters and versions of a run (everything needed to repeat it)."""

    program: str
    seed: int
    replications: int
    block_size: int
    parameters: Mapping[str, Mapping[str, float]]
    plugins: Mapping[str, str]
    numpy: str
    vanguard: str
    python: str
    scenario: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain data (JSON-ready)."""
        return {
            "program": self.program,
            "seed": self.seed,
            "replications": self.replications,
            "block_size": self.block_size,
            "scenario": self.scenario,
            "parameters": {k: dict(v) for k, v in self.parameters.items()},
            "plugins": dict(self.plugins),
            "numpy": self.numpy,
            "vanguard": self.vanguard,
            "python": self.python,
        }


def _plugin_distributions() -> dict[str, str]:
    """Top-level module -> "distribution version" for every ``vanguard`` entry point."""
    found = {}
    for point in importlib.metadata.entry_points(group="vanguard"):
        if point.dist is not None:
            found[point.module.split(".")[0]] = f"{point.dist.name} {point.dist.version}"
    return found


def _distribution_version(module: str, providers: Mapping[str, list[str]]) -> str:
    """The version of the installed distribution providing top-level ``module``."""
    top = module.split(".")[0]
    names = providers.get(top, [])
    for name in names:
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover - racing uninstall
            continue
    return f"{top} (not installed as a distribution)"


def record(
    plan: Plan, seed: int, replications: int, block_size: int, scenario: str | None = None
) -> Provenance:
    """The provenance of a run of ``plan``: plugin versions come from importlib.metadata."""
    # Entry points are cheap to read; scanning every distribution's files is not, so that
    # is done only for models registered some other way (an app's own plugins).
    known = _plugin_distributions()
    plugins = {}
    providers: Mapping[str, list[str]] | None = None
    for step in plan.steps:
        module = type(step.implementation).__module__
        if module.split(".")[0] in known:
            plugins[step.name] = known[module.split(".")[0]]
            continue
        if providers is None:
            providers = importlib.metadata.packages_distributions()
        plugins[step.name] = _distribution_version(module, providers)
    from vanguard import __version__ as own

    return Provenance(
        plan.program,
        seed,
        replications,
        block_size,
        plan.parameters(),
        plugins,
        np.__version__,
        own,
        f"{platform.python_implementation()} {sys.version.split()[0]}",
        scenario,
    )


__all__ = ["Provenance", "record"]
