"""Every hook is documented (spec docstring and reference page) and exercised by a test.

Like datasette's ``test_docs``: adding a hook specification without documenting it in
``docs/reference/hooks.md`` or without a test that uses it fails here.
"""

import inspect
import re
from pathlib import Path

import pytest

from vanguard.plugins import hookspecs
from vanguard.plugins.calls import Hooks

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference" / "hooks.md"
THIS_FILE = Path(__file__).resolve()

HOOKS = sorted(
    name
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, "vanguard_spec")
)


def test_the_spec_module_defines_the_hooks() -> None:
    assert "vanguard_initiatives" in HOOKS
    assert len(HOOKS) >= 5


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_in_the_reference_page(hook: str) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert ".. automodule:: vanguard.plugins.hookspecs" in text
    assert f"`{hook}" in text, f"{hook} is not described in {REFERENCE.relative_to(ROOT)}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_docstring_states_its_contract(hook: str) -> None:
    function = getattr(hookspecs, hook)
    doc = inspect.getdoc(function) or ""
    for parameter in inspect.signature(function).parameters:
        assert f":param {parameter}:" in doc, f"{hook}: parameter {parameter!r} undocumented"
    assert ":return:" in doc, f"{hook}: return value undocumented"
    assert "firstresult" in doc, f"{hook}: does not say whether it is firstresult"
    assert "Called " in doc, f"{hook}: does not say when it is called"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_typed_facade_method(hook: str) -> None:
    method = hook.removeprefix("vanguard_")
    assert callable(getattr(Hooks, method, None)), f"app.hooks.{method}() is missing"
    assert f"app.hooks.{method}(" in (inspect.getdoc(getattr(hookspecs, hook)) or "")


def _test_sources() -> str:
    sources = [
        path.read_text(encoding="utf-8")
        for folder in (ROOT / "tests", ROOT / "plugins")
        for path in folder.rglob("test_*.py")
        if path.resolve() != THIS_FILE
    ]
    return "\n".join(sources)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_exercised_by_a_test(hook: str) -> None:
    assert re.search(rf"\b{hook}\b", _test_sources()), f"no test implements or calls {hook}"
