"""The plugin host: isolation between apps, safe entry-point loading, allow and block lists."""

import logging
import types
from collections.abc import Callable

import pytest

from vanguard import Indicator, Initiative, PluginError, Vanguard, hookimpl
from vanguard.model.label import label


def initiative(name: str, *codes: str) -> Initiative:
    indicators = tuple(Indicator(code=code, name=label(code), unit="person") for code in codes)
    return Initiative(
        name=name, title=label(name), description="test initiative", indicators=indicators
    )


class Contributes:
    """A plugin object contributing the initiatives it is given."""

    def __init__(self, *initiatives: Initiative) -> None:
        self.initiatives = initiatives

    @hookimpl
    def vanguard_initiatives(self) -> tuple[Initiative, ...]:
        return self.initiatives


BROKEN = "raise RuntimeError('the database driver is missing')\n"


def test_two_apps_do_not_see_each_others_plugins() -> None:
    first = Vanguard([Contributes(initiative("alpha", "alpha.count"))], load_entrypoints=False)
    second = Vanguard([Contributes(initiative("beta", "beta.count"))], load_entrypoints=False)
    assert set(first.initiatives()) == {"alpha"}
    assert set(second.indicators()) == {"beta.count"}
    first.register(Contributes(initiative("gamma", "gamma.count")), name="late")
    assert set(first.initiatives()) == {"alpha", "gamma"}
    assert set(second.initiatives()) == {"beta"}
    assert first.plugin_manager is not second.plugin_manager


def test_registering_a_plugin_refreshes_the_cached_initiatives() -> None:
    app = Vanguard(load_entrypoints=False)
    assert app.initiatives() == {}
    name = app.register(Contributes(initiative("alpha", "alpha.count")))
    assert name == "Contributes"
    assert set(app.initiatives()) == {"alpha"}
    app.unregister(name)
    assert app.initiatives() == {}


def test_a_module_plugin_is_named_after_its_module() -> None:
    module = types.ModuleType("my_agency.plugin")

    @hookimpl
    def vanguard_initiatives() -> list[Initiative]:
        return [initiative("agency-own", "agency.count")]

    module.vanguard_initiatives = vanguard_initiatives  # type: ignore[attr-defined]
    app = Vanguard([module], load_entrypoints=False)
    [status] = app.plugins()
    assert (status.name, status.state, status.origin) == ("my_agency.plugin", "ok", "registered")
    assert status.initiatives == ("agency-own",)
    assert status.hooks == ("vanguard_initiatives",)


def test_an_entry_point_that_raises_on_import_is_listed_broken_and_the_others_load(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_distribution("vanguard-broken", {"broken-one": BROKEN}, version="0.3")
    fake_distribution("vanguard-good", {"good-one": plugin_source("good", "good.count")})
    environ = {"VANGUARD_LOAD_PLUGINS": "broken-one,good-one"}
    with caplog.at_level(logging.WARNING, logger="vanguard.plugins"):
        app = Vanguard(environ=environ)
    statuses = {status.name: status for status in app.plugins()}
    broken = statuses["broken-one"]
    assert broken.state == "broken"
    assert (broken.distribution, broken.version) == ("vanguard-broken", "0.3")
    assert broken.reason == "import failed: RuntimeError: the database driver is missing"
    assert statuses["good-one"].state == "ok"
    assert statuses["good-one"].initiatives == ("good",)
    assert set(app.initiatives()) == {"good"}
    assert "'broken-one'" in caplog.text
    assert "the database driver is missing" in caplog.text


def test_a_plugin_that_fails_to_register_leaves_nothing_registered(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
) -> None:
    misspelt = "import vanguard\n\n@vanguard.hookimpl\ndef vanguard_initiative():\n    return []\n"
    wrong_argument = (
        "import vanguard\n\n"
        "@vanguard.hookimpl\n"
        "def vanguard_initiatives():\n    return []\n\n"
        "@vanguard.hookimpl\n"
        "def vanguard_record_appended(entry):\n    pass\n"
    )
    fake_distribution("vanguard-sloppy", {"misspelt": misspelt, "wrong-argument": wrong_argument})
    app = Vanguard(environ={"VANGUARD_LOAD_PLUGINS": "misspelt,wrong-argument"})
    statuses = {status.name: status for status in app.plugins()}
    assert statuses["misspelt"].state == "broken"
    assert "vanguard_initiative is not a vanguard hook" in (statuses["misspelt"].reason or "")
    assert statuses["wrong-argument"].state == "broken"
    assert "entry" in (statuses["wrong-argument"].reason or "")
    for name in ("misspelt", "wrong-argument"):
        assert app.plugin_manager.get_plugin(name) is None
    assert app.plugin_manager.hook.vanguard_initiatives.get_hookimpls() == []
    assert app.initiatives() == {}


def test_a_hook_wrapper_is_refused_whole() -> None:
    class Wraps:
        @hookimpl
        def vanguard_initiatives(self) -> list[Initiative]:
            return [initiative("wrapped", "wrapped.count")]

        @hookimpl(wrapper=True)
        def vanguard_check_program(self) -> object:
            return (yield)

    app = Vanguard(load_entrypoints=False)
    with pytest.raises(PluginError, match="hook wrappers are not supported") as caught:
        app.register(Wraps(), name="wraps")
    assert caught.value.plugin == "wraps"
    assert app.plugin_manager.get_plugin("wraps") is None
    assert app.plugin_manager.hook.vanguard_initiatives.get_hookimpls() == []


def test_registering_the_same_plugin_twice_names_it() -> None:
    plugin = Contributes()
    app = Vanguard([plugin], load_entrypoints=False)
    with pytest.raises(PluginError, match=r"'Contributes'.*already registered"):
        app.register(plugin)
    with pytest.raises(PluginError, match=r"'Contributes'.*already registered"):
        app.register(Contributes(), name="Contributes")


def test_empty_load_list_loads_no_entry_point(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_distribution("vanguard-good", {"good-one": plugin_source("good", "good.count")})
    monkeypatch.setenv("VANGUARD_LOAD_PLUGINS", "")
    app = Vanguard()
    assert app.initiatives() == {}
    statuses = app.plugins()
    assert statuses, "installed plugins are still listed"
    assert {status.state for status in statuses} == {"disabled"}
    good = next(status for status in statuses if status.name == "good-one")
    assert good.reason == "not listed in VANGUARD_LOAD_PLUGINS"


def test_load_list_loads_only_the_listed(
    fake_distribution: Callable[..., dict[str, str]], plugin_source: Callable[[str, str], str]
) -> None:
    fake_distribution(
        "vanguard-pair",
        {
            "one": plugin_source("one", "one.count"),
            "two": plugin_source("two", "two.count"),
        },
    )
    app = Vanguard(environ={"VANGUARD_LOAD_PLUGINS": " two , "})
    assert set(app.initiatives()) == {"two"}
    loaded = {status.name for status in app.plugins() if status.ok}
    assert loaded == {"two"}


def test_disable_list_skips_the_named_and_lists_them_disabled(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
) -> None:
    fake_distribution(
        "vanguard-pair",
        {
            "one": plugin_source("one", "one.count"),
            "two": plugin_source("two", "two.count"),
        },
    )
    environ = {"VANGUARD_LOAD_PLUGINS": "one,two", "VANGUARD_DISABLE_PLUGINS": "one"}
    app = Vanguard(environ=environ)
    assert set(app.initiatives()) == {"two"}
    statuses = {status.name: status for status in app.plugins()}
    assert statuses["one"].state == "disabled"
    assert statuses["one"].reason == "listed in VANGUARD_DISABLE_PLUGINS"
    assert statuses["one"].distribution == "vanguard-pair"


def test_the_environment_lists_apply_to_entry_points_only(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
) -> None:
    fake_distribution("vanguard-good", {"good-one": plugin_source("good", "good.count")})
    own = Contributes(initiative("own", "own.count"))
    app = Vanguard([own], environ={"VANGUARD_LOAD_PLUGINS": ""})
    assert set(app.initiatives()) == {"own"}


def test_an_entry_point_name_taken_twice_breaks_the_second(
    fake_distribution: Callable[..., dict[str, str]],
    plugin_source: Callable[[str, str], str],
) -> None:
    fake_distribution("vanguard-first", {"same": plugin_source("first", "first.count")})
    fake_distribution("vanguard-second", {"same": plugin_source("second", "second.count")})
    app = Vanguard(environ={"VANGUARD_LOAD_PLUGINS": "same"})
    statuses = [status for status in app.plugins() if status.name == "same"]
    assert sorted(status.state for status in statuses) == ["broken", "ok"]
    [ok] = [status for status in statuses if status.ok]
    [broken] = [status for status in statuses if not status.ok]
    assert broken.reason == f"the plugin name 'same' is already taken by {ok.distribution}"
    assert len(app.initiatives()) == 1


def test_an_app_plugin_that_cannot_register_fails_the_constructor() -> None:
    class Misspelt:
        @hookimpl
        def vanguard_initiative(self) -> list[Initiative]:
            return []

    with pytest.raises(
        PluginError, match=r"plugin 'Misspelt' failed: ValueError: vanguard_initiative"
    ):
        Vanguard([Misspelt()], load_entrypoints=False)
