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
    providers = importlib.metadata.packages_distributions()
    plugins = {
        step.name: _distribution_version(type(step.model).__module__, providers)
        for step in plan.steps
    }
    try:
        own = importlib.metadata.version("vanguard")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        own = "unknown"
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
