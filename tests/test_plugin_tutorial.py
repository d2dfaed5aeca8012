"""``docs/tutorials/writing-a-plugin.md`` works when followed word for word.

Every block of the page is used in page order, in a fresh home directory and virtualenv:
each ``$`` command of a ``console`` block runs in a shell (``cd`` moves on), and the
output lines the page shows must appear in what it prints; a block captioned with a path
is written to that file (``(continued)`` appends, ``(excerpt)`` must be found there). Only
the blocks the page marks ``% not run: REASON`` are left out. The virtualenv sees this
environment's packages as already installed, so ``pip install`` needs no network.
"""

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from docs_blocks import Block, blocks
from wheels import clean_environment, run

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "tutorials" / "writing-a-plugin.md"
HOME_ON_THE_PAGE = "/home/you"


def test_every_block_of_the_page_is_used_or_says_why_not() -> None:
    for block in blocks(PAGE):
        if block.language in ("text",) or block.not_run is not None:
            continue
        assert block.language == "console" or block.caption is not None, (
            f"line {block.line}: a {block.language} block must name its file (:caption:) "
            "or say why it is not run"
        )


def reader_environment(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A new home and virtualenv on PATH, as a reader with vanguard installed has."""
    venv, home = tmp_path / "venv", tmp_path / "home"
    home.mkdir()
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bin_dir = venv / "bin"
    site = run(
        [
            str(bin_dir / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        cwd=tmp_path,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    Path(site, "_installed_here.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    for name, call in (("vanguard", "vanguard.cli:main"), ("pytest", "pytest:console_main")):
        module, function = call.split(":")
        script = bin_dir / name
        script.write_text(
            f"#!{bin_dir / 'python'}\nimport sys\nfrom {module} import {function}\n"
            f"sys.exit({function}())\n"
        )
        script.chmod(0o755)
    env = clean_environment()
    env.pop("PYTHONPATH", None)
    env.update(
        HOME=str(home),
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        PIP_NO_INDEX="1",  # offline: everything it needs is installed already
        PIP_NO_BUILD_ISOLATION="0",  # pip's inverted switch: build with the installed hatchling
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env, home


def follow_console(block: Block, cwd: Path, env: dict[str, str], home: Path) -> Path:
    """Run the block's commands; check the output the page shows. Returns the new cwd."""
    lines = block.source.rstrip("\n").split("\n")
    steps: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"line {block.line}: output before any command"
            steps[-1][1].append(line.replace(HOME_ON_THE_PAGE, str(home)))
    for command, shown in steps:
        if command.startswith("cd "):
            cwd = (cwd / command[3:].strip()).resolve()
            continue
        done = subprocess.run(
            command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        printed = done.stdout + done.stderr
        assert done.returncode == 0, f"$ {command}\n{printed}"
        for expected in shown:
            if re.search(r"[A-Za-z]", expected):
                # whole words: "9 passed" is not in "19 passed"
                found = re.search(rf"(?<![\w.]){re.escape(expected.strip())}(?!\w)", printed)
                assert found, f"$ {command}: {expected!r} not in\n{printed}"
    return cwd


def follow_file(block: Block, cwd: Path) -> None:
    assert block.path is not None
    path = cwd / block.path
    if block.role == "excerpt":
        text = path.read_text(encoding="utf-8")
        for line in block.source.splitlines():
            assert line in text.splitlines() or not line.strip(), f"{block.path}: {line!r}"
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if block.role == "continued":
        with path.open("a", encoding="utf-8") as file:
            file.write("\n\n" + block.source)
    else:
        path.write_text(block.source, encoding="utf-8")


@pytest.mark.slow
def test_the_plugin_tutorial_works_word_for_word(tmp_path: Path) -> None:
    env, home = reader_environment(tmp_path)
    cwd = home
    followed = 0
    for block in blocks(PAGE):
        if block.not_run is not None or block.language == "text":
            continue
        if block.language == "console":
            cwd = follow_console(block, cwd, env, home)
        else:
            follow_file(block, cwd)
        followed += 1
    assert followed >= 12
    listed = run(["vanguard", "plugins", "--json"], cwd=home, env=env).stdout
    assert '"name": "job-fair"' in listed
