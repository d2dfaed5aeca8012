"""Fake installed distributions for the plugin host's tests: real ``*.dist-info`` on sys.path."""

import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

FakeDistribution = Callable[..., dict[str, str]]

INITIATIVE_MODULE = """
import vanguard
from vanguard.model.label import label


@vanguard.hookimpl
def vanguard_initiatives():
    return [
        vanguard.Initiative(
            name="{initiative}",
            title=label("{initiative}"),
            description="A fake initiative for the host's tests.",
            indicators=(vanguard.Indicator(code="{code}", name=label("{code}"), unit="person"),),
            outputs=("{code}",),
        )
    ]
"""


def initiative_module(initiative: str, code: str) -> str:
    """Source of a plugin module contributing one initiative with one indicator."""
    return INITIATIVE_MODULE.format(initiative=initiative, code=code)


@pytest.fixture
def plugin_source() -> Callable[[str, str], str]:
    """``plugin_source(initiative, code)``: a plugin module's source (see INITIATIVE_MODULE)."""
    return initiative_module


@pytest.fixture
def fake_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeDistribution]:
    """Install a fake distribution: ``make(dist, {entry point: source})`` -> module names.

    Each entry point gets a module of its own (unique name, so tests never share
    ``sys.modules`` entries) whose source is given; the distribution's ``*.dist-info``
    declares them in the ``vanguard`` group. The directory is put on ``sys.path`` and the
    modules are forgotten afterwards.
    """
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    made: list[str] = []

    def make(
        distribution: str, entry_points: dict[str, str], version: str = "1.0"
    ) -> dict[str, str]:
        modules = {}
        lines = ["[vanguard]"]
        for name, source in entry_points.items():
            module = f"fake_{name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
            (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            lines.append(f"{name} = {module}")
            modules[name] = module
            made.append(module)
        info = root / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return modules

    yield make
    for module in made:
        sys.modules.pop(module, None)
