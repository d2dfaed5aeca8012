"""``vanguard new-plugin``: the generated package installs, its tests pass, vanguard lists it."""

import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from wheels import ROOT, build_wheel, clean_environment, run

from vanguard.cli import main
from vanguard.scaffold import PluginNames, ScaffoldError, new_plugin


def test_generates_every_file_with_the_names_filled_in(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-plugin", "job-fair", "--dest", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert "created vanguard-job-fair" in result.stdout
    root = tmp_path / "p"
    files = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    assert files == [
        "README.md",
        "pyproject.toml",
        "src/vanguard_job_fair/__init__.py",
        "src/vanguard_job_fair/initiative.py",
        "src/vanguard_job_fair/model.py",
        "src/vanguard_job_fair/py.typed",
        "tests/test_conformance.py",
    ]
    for path in root.rglob("*"):
        if path.is_file():
            assert "{{" not in path.read_text(encoding="utf-8"), path
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "vanguard-job-fair"' in pyproject
    assert '[project.entry-points.vanguard]\njob-fair = "vanguard_job_fair"' in pyproject
    assert "code=COMPLETIONS" in (root / "src/vanguard_job_fair/initiative.py").read_text()
    assert '"job_fair.completions"' in (root / "src/vanguard_job_fair/initiative.py").read_text()


def test_names_derive_from_the_one_given() -> None:
    names = PluginNames.of("vanguard-job-fair")
    assert (names.name, names.distribution, names.package, names.prefix, names.title) == (
        "job-fair",
        "vanguard-job-fair",
        "vanguard_job_fair",
        "job_fair",
        "Job fair",
    )


@pytest.mark.parametrize("name", ["Job-Fair", "job_fair", "9lives", "job--fair", "job-", ""])
def test_a_bad_name_is_refused_with_the_rule(name: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-plugin", name, "--dest", str(tmp_path / "p")])
    assert result.exit_code == 1
    assert f"error: plugin name {name!r} is not valid: use lowercase letters" in result.stderr
    assert not (tmp_path / "p").exists()


def test_an_occupied_destination_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine")
    with pytest.raises(ScaffoldError, match="already exists and is not empty"):
        new_plugin("job-fair", tmp_path)
    assert (tmp_path / "README.md").read_text() == "mine"


def test_the_default_destination_is_named_after_the_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert new_plugin("job-fair") == tmp_path / "vanguard-job-fair"
    assert (tmp_path / "vanguard-job-fair" / "pyproject.toml").is_file()


@pytest.mark.slow
def test_the_generated_plugin_installs_passes_its_tests_and_is_listed(tmp_path: Path) -> None:
    source = new_plugin("job-fair", tmp_path / "src-tree")
    site = tmp_path / "site"
    env = clean_environment()
    # a real, non-editable install (wheel built by hatchling) into a directory of its own,
    # without the network: vanguard and hatchling come from this environment
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--target",
            str(site),
            str(source),
        ],
        cwd=tmp_path,
        env=env,
    )
    assert (site / "vanguard_job_fair" / "model.py").is_file()
    shutil.rmtree(source / "src")  # the tests must now import the installed copy
    env["PYTHONPATH"] = str(site)
    tests = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=source, env=env
    )
    assert "11 passed" in tests.stdout
    env["VANGUARD_LOAD_PLUGINS"] = "job-fair"
    listing = run([sys.executable, "-m", "vanguard", "plugins", "--json"], cwd=tmp_path, env=env)
    [plugin] = [entry for entry in json.loads(listing.stdout) if entry["name"] == "job-fair"]
    assert plugin["status"] == "ok"
    assert (plugin["distribution"], plugin["version"]) == ("vanguard-job-fair", "0.1.0")
    assert plugin["initiatives"] == ["job-fair"]


@pytest.mark.slow
def test_the_template_ships_in_the_wheel(tmp_path: Path) -> None:
    shipped = set(zipfile.ZipFile(build_wheel(ROOT, tmp_path)).namelist())
    assert "vanguard/scaffold/template/pyproject.toml.tmpl" in shipped
    assert "vanguard/scaffold/template/src/__package__/model.py.tmpl" in shipped
    assert "vanguard/scaffold/template/tests/test_conformance.py.tmpl" in shipped
