"""Packaging as a user meets it: the distribution's name, its one version, the changelog,
plugin requirements that resolve, and ``vanguard demo`` from an installed wheel."""

import importlib.metadata
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement
from wheels import ROOT, build_wheel, fresh_venv, run

import vanguard
from vanguard.cli import main

DISTRIBUTION = "vanguard-campaigns"
PLUGINS = sorted(ROOT.glob("plugins/*/pyproject.toml"))


def test_the_version_is_written_once_and_everything_reports_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    assert importlib.metadata.version(DISTRIBUTION) == vanguard.__version__
    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"vanguard, version {vanguard.__version__}\n"


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "https://keepachangelog.com/en/1.1.0/" in changelog
    assert re.search(
        rf"^## \[{re.escape(vanguard.__version__)}\] - \d{{4}}-\d\d-\d\d$", changelog, re.M
    )
    assert re.search(r"^## \[Unreleased\]$", changelog, re.M)


@pytest.mark.parametrize("pyproject", PLUGINS, ids=lambda path: path.parent.name)
def test_every_plugin_requirement_resolves_to_what_is_installed(pyproject: Path) -> None:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    for line in project["dependencies"]:
        requirement = Requirement(line)
        installed = importlib.metadata.version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (line, installed)
    # the core under its own name: "vanguard" on the public index is another project
    assert any(Requirement(line).name == DISTRIBUTION for line in project["dependencies"])


def test_no_install_hint_names_the_taken_distribution() -> None:
    texts = [*ROOT.glob("src/**/*.py"), *ROOT.glob("docs/**/*.md"), ROOT / "README.md"]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""pip install ['"]?vanguard(\[|['"\s]|$)""", text, re.M), path


@pytest.mark.slow
def test_the_demo_runs_from_the_installed_wheels(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    core = build_wheel(ROOT, wheels)
    shipped = set(zipfile.ZipFile(core).namelist())
    assert {
        "vanguard/examples/zhaoqing-2006.toml",
        "vanguard/examples/zhaoqing-2006-reports.csv",
    } <= shipped
    plugins = [build_wheel(path.parent, wheels) for path in PLUGINS]
    bin_dir = fresh_venv(tmp_path / "venv", [core, *plugins])
    elsewhere = tmp_path / "elsewhere"  # no examples/ here: they must come from the wheel
    elsewhere.mkdir()
    where = run(
        [str(bin_dir / "python"), "-c", "import vanguard; print(vanguard.__file__)"], elsewhere
    )
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "venv")
    demo = run([str(bin_dir / "vanguard"), "demo", "-n", "200", "--no-progress"], elsewhere)
    assert "zhaoqing-2006.toml: ok" in demo.stdout
    assert "ledger verify: intact" in demo.stdout
    assert "Reproduce: vanguard simulate " in demo.stdout
    assert str(tmp_path / "venv") in demo.stdout  # the example read from the installed package
