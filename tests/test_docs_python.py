"""Every Python block of the documentation runs, as a reader would run it.

Each page's blocks run in page order in one namespace, in a scratch directory that has
the shipped ``examples/`` (so ``"examples/zhaoqing-2006.toml"`` works as in a checkout).
A block captioned with a path is a file the page asks you to write (a module that a later
block imports). The few blocks that cannot run here say why, just above them
(``% not run: REASON``). The plugin tutorial runs in a package of its own
(``tests/test_plugin_tutorial.py``) and "Your first program" through its ``pycon``
sessions (``tests/test_docs_examples.py``).
"""

import sys
from pathlib import Path

import pytest
from docs_blocks import Block, python_blocks

ROOT = Path(__file__).resolve().parents[1]
ELSEWHERE = {
    "docs/tutorials/writing-a-plugin.md": "tests/test_plugin_tutorial.py",
}
SLOW = {
    "docs/howto/scenarios.md",
    "docs/tutorials/simulate-zhaoqing.md",
    "docs/howto/campaign-bulletin.md",
}
"""Pages whose blocks simulate thousands of years or import both examples' years of
reports (several seconds): run with --slow."""

PAGES = sorted(
    str(path.relative_to(ROOT))
    for path in [ROOT / "README.md", *ROOT.glob("docs/**/*.md")]
    if "_build" not in path.parts and python_blocks(path)
)


def test_every_page_with_python_is_run_here_or_elsewhere() -> None:
    for page, test in ELSEWHERE.items():
        assert page in PAGES
        assert (ROOT / test).is_file()
    assert len(PAGES) > 8


def run_page(page: str, blocks: list[Block]) -> None:
    namespace = {"__name__": "__docs__"}
    for block in blocks:
        if block.not_run is not None:
            assert block.not_run.strip(), f"{page}:{block.line}: say why it cannot run"
            continue
        if block.role == "file":
            assert block.path is not None
            Path(block.path).parent.mkdir(parents=True, exist_ok=True)
            Path(block.path).write_text(block.source, encoding="utf-8")
            continue
        assert block.role == "code", f"{page}:{block.line}: {block.caption} cannot be run"
        # pad so that a traceback names the page's own line
        source = "\n" * block.line + block.source
        exec(compile(source, page, "exec"), namespace)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(page, marks=[pytest.mark.slow] if page in SLOW else [])
        for page in PAGES
        if page not in ELSEWHERE
    ],
)
def test_the_python_blocks_of_a_page_run(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # modules the page writes are importable
    monkeypatch.setattr(sys, "argv", [page])
    run_page(page, python_blocks(ROOT / page))
    if page == "README.md":
        printed = capsys.readouterr().out
        assert "28 key tasks" in printed
        assert "entrepreneurship.trained 3" in printed
