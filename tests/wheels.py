"""Building and installing real wheels offline, for the packaging tests."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def clean_environment() -> dict[str, str]:
    """This process's environment without the ``VANGUARD_*`` settings of the run."""
    return {k: v for k, v in os.environ.items() if not k.startswith("VANGUARD_")}


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command``; fail the test with its output unless it succeeds."""
    environment = clean_environment() if env is None else env
    done = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(source: Path, dest: Path) -> Path:
    """The wheel of the project at ``source``, built into ``dest`` without the network
    (hatchling comes from this environment)."""
    before = set(dest.glob("*.whl"))
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-index"]
    run([*pip, "--no-build-isolation", "-w", str(dest), str(source)], cwd=dest)
    [wheel] = set(dest.glob("*.whl")) - before
    return wheel


def fresh_venv(where: Path, wheels: list[Path]) -> Path:
    """A new virtualenv at ``where`` with ``wheels`` installed (not editable), and this
    environment's third-party packages visible to it as the already-installed dependencies
    (offline: nothing is downloaded). Returns its ``bin`` directory."""
    run([sys.executable, "-m", "venv", "--without-pip", str(where)], cwd=where.parent)
    python = where / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    run([*pip, "--no-index", "--no-deps", *map(str, wheels)], cwd=where)
    site = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=where,
    ).stdout.strip()
    # a plain path line: the .pth files there (this checkout's editable install) are not run
    dependencies = sysconfig.get_paths()["purelib"]
    Path(site, "_dependencies.pth").write_text(dependencies + "\n", encoding="utf-8")
    return where / "bin"
