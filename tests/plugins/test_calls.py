"""The typed hook facade: conflicts named, failing plugins named, events reach every plugin."""

from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanguard import (
    Indicator,
    Initiative,
    InitiativeUse,
    Parameter,
    PluginConflictError,
    PluginError,
    Problem,
    Program,
    Vanguard,
    hookimpl,
)
from vanguard.model.label import label
from vanguard.plugins.catalogue import Catalogue

MINI_PROGRAM = """
id = "mini"
name = "Mini program"
start = 2006-01-01
end = 2006-12-31

[campaign]
id = "c"
name = "Campaign"
"""

USES_ALPHA = MINI_PROGRAM.replace(
    "[campaign]", '[[initiatives]]\nname = "alpha"\nunits = ["north"]\n\n[campaign]'
)


def initiative(name: str, *codes: str, **fields: object) -> Initiative:
    indicators = tuple(Indicator(code=code, name=label(code), unit="person") for code in codes)
    return Initiative(
        name=name,
        title=label(name),
        description="test initiative",
        indicators=indicators,
        **fields,  # type: ignore[arg-type]  # tests pass the optional fields they exercise
    )


class Contributes:
    def __init__(self, *initiatives: Initiative) -> None:
        self.initiatives = initiatives

    @hookimpl
    def vanguard_initiatives(self) -> tuple[Initiative, ...]:
        return self.initiatives


class Listens:
    """Records every event it hears, under its own name."""

    def __init__(self, heard: list[tuple[str, str, object]], name: str) -> None:
        self.heard = heard
        self.name = name

    @hookimpl
    def vanguard_record_appended(self, record: object) -> None:
        self.heard.append((self.name, "record", record))

    @hookimpl
    def vanguard_bulletin_published(self, bulletin: object) -> None:
        self.heard.append((self.name, "bulletin", bulletin))

    @hookimpl
    def vanguard_evaluation_completed(self, evaluation: object) -> None:
        self.heard.append((self.name, "evaluation", evaluation))


class Fails:
    @hookimpl
    def vanguard_record_appended(self, record: object) -> None:
        raise ConnectionError(f"mail server down while sending {record}")

    @hookimpl
    def vanguard_bulletin_published(self) -> None:
        raise ConnectionError("intranet unreachable")

    @hookimpl
    def vanguard_evaluation_completed(self) -> None:
        raise ConnectionError("archive full")


def test_same_initiative_name_from_two_plugins_names_both(
    register_plugin: Callable[..., Vanguard],
) -> None:
    app = register_plugin(Contributes(initiative("alpha", "alpha.count")), name="first")
    app.register(Contributes(initiative("alpha", "other.count")), name="second")
    with pytest.raises(PluginConflictError) as caught:
        app.initiatives()
    message = str(caught.value)
    assert "initiative 'alpha'" in message
    assert "plugin 'first'" in message
    assert "plugin 'second'" in message
    assert [plugin for plugin, _ in caught.value.providers] == ["first", "second"]
    assert message == (
        "initiative 'alpha' is defined by both plugin 'first' (initiative 'alpha') and plugin "
        "'second' (initiative 'alpha'); uninstall or disable one"
    )


def test_same_indicator_code_from_two_plugins_names_both_and_their_initiatives(
    vanguard_app: Vanguard,
) -> None:
    vanguard_app.register(Contributes(initiative("alpha", "shared.count")), name="first")
    vanguard_app.register(Contributes(initiative("beta", "shared.count")), name="second")
    with pytest.raises(PluginConflictError) as caught:
        vanguard_app.indicators()
    assert caught.value.kind == "indicator"
    assert caught.value.key == "shared.count"
    assert caught.value.providers == (("first", "alpha"), ("second", "beta"))
    # listing still works: it is how the user finds the two culprits
    assert {status.name for status in vanguard_app.plugins()} == {"first", "second"}


def test_a_plugin_raising_in_vanguard_initiatives_is_named_and_disabled_for_the_run(
    register_plugin: Callable[..., Vanguard],
) -> None:
    class Raises:
        @hookimpl
        def vanguard_initiatives(self) -> list[Initiative]:
            raise KeyError("catalogue.csv")

    app = register_plugin(Contributes(initiative("alpha", "alpha.count")))
    app.register(Raises(), name="raises")
    with pytest.raises(PluginError) as caught:  # the facade names the plugin
        app.hooks.initiatives(plugin="raises")
    assert (caught.value.plugin, caught.value.hook) == ("raises", "vanguard_initiatives")
    assert str(caught.value) == (
        "plugin 'raises' failed in vanguard_initiatives: KeyError: 'catalogue.csv'"
    )
    assert isinstance(caught.value.__cause__, KeyError)
    # the app disables it for the run and catalogues the others
    assert set(app.initiatives()) == {"alpha"}
    reason = "vanguard_initiatives failed: KeyError: 'catalogue.csv'"
    assert app.disabled_plugins() == {"raises": reason}
    [listed] = [status for status in app.plugins() if status.name == "raises"]
    assert (listed.state, listed.reason) == ("broken", reason)


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        (42, "returned int, expected an iterable of Initiative"),
        (["alpha"], "returned str 'alpha', expected Initiative"),
    ],
)
def test_off_contract_initiatives_are_named(
    register_plugin: Callable[..., Vanguard], returned: object, expected: str
) -> None:
    class Sloppy:
        @hookimpl
        def vanguard_initiatives(self) -> object:
            return returned

    app = register_plugin(Sloppy(), name="sloppy")
    with pytest.raises(
        PluginError, match=f"plugin 'sloppy' failed in vanguard_initiatives: {expected}"
    ):
        app.hooks.initiatives()
    assert app.initiatives() == {}
    assert app.disabled_plugins() == {"sloppy": f"vanguard_initiatives failed: {expected}"}


def test_a_generator_failing_half_way_is_named(register_plugin: Callable[..., Vanguard]) -> None:
    class HalfWay:
        @hookimpl
        def vanguard_initiatives(self) -> Iterator[Initiative]:
            yield initiative("alpha", "alpha.count")
            raise RuntimeError("second definition file unreadable")

    app = register_plugin(HalfWay(), name="half-way")
    with pytest.raises(PluginError, match=r"'half-way'.*second definition file unreadable"):
        app.hooks.initiatives()
    assert app.initiatives() == {}  # nothing of a plugin that failed half-way
    assert "second definition file unreadable" in app.disabled_plugins()["half-way"]


def test_events_reach_every_plugin_in_order(register_plugin: Callable[..., Vanguard]) -> None:
    heard: list[tuple[str, str, object]] = []
    app = register_plugin(Listens(heard, "first"), name="first")
    app.register(Listens(heard, "second"), name="second")
    app.hooks.record_appended("record-1")
    app.hooks.bulletin_published("bulletin-2006Q1")
    app.hooks.evaluation_completed("evaluation-2006")
    # last registered is called first, as pluggy orders implementations
    assert heard == [
        ("second", "record", "record-1"),
        ("first", "record", "record-1"),
        ("second", "bulletin", "bulletin-2006Q1"),
        ("first", "bulletin", "bulletin-2006Q1"),
        ("second", "evaluation", "evaluation-2006"),
        ("first", "evaluation", "evaluation-2006"),
    ]


@pytest.mark.parametrize(
    ("event", "hook", "reason"),
    [
        ("record_appended", "vanguard_record_appended", "mail server down while sending r1"),
        ("bulletin_published", "vanguard_bulletin_published", "intranet unreachable"),
        ("evaluation_completed", "vanguard_evaluation_completed", "archive full"),
    ],
)
def test_a_failing_listener_is_named_after_every_other_listener_heard(
    register_plugin: Callable[..., Vanguard], event: str, hook: str, reason: str
) -> None:
    heard: list[tuple[str, str, object]] = []
    app = register_plugin(Listens(heard, "before"), name="before")
    app.register(Fails(), name="mailer")
    app.register(Listens(heard, "after"), name="after")
    with pytest.raises(PluginError) as caught:
        getattr(app.hooks, event)("r1")
    assert caught.value.plugin == "mailer"
    assert caught.value.hook == hook
    assert str(caught.value) == f"plugin 'mailer' failed in {hook}: ConnectionError: {reason}"
    assert [name for name, _, _ in heard] == ["after", "before"]


def test_check_program_hook_problems_are_reported_with_the_librarys(
    register_plugin: Callable[..., Vanguard],
) -> None:
    class Checks:
        @hookimpl
        def vanguard_check_program(self, program: Program, app: Vanguard) -> list[Problem]:
            assert isinstance(app, Vanguard)
            if not program.tasks:
                return [Problem("tasks", "an agency program needs at least one key task")]
            return []

    app = register_plugin(Checks())
    program = app.parse_program(MINI_PROGRAM, check=False)
    assert app.validate(program) == [
        Problem("tasks", "an agency program needs at least one key task")
    ]
    assert app.hooks.check_program(program) == app.validate(program)


def test_check_program_hook_returning_junk_is_named(
    register_plugin: Callable[..., Vanguard],
) -> None:
    class Junk:
        @hookimpl
        def vanguard_check_program(self) -> list[str]:
            return ["tasks: missing"]

    app = register_plugin(Junk(), name="junk")
    program = app.parse_program(MINI_PROGRAM, check=False)
    with pytest.raises(PluginError, match=r"'junk' failed in vanguard_check_program.*Problem"):
        app.hooks.check_program(program)
    # the program uses none of its initiatives: it validates, and the plugin is disabled
    assert app.validate(program) == []
    assert app.disabled_plugins() == {
        "junk": "vanguard_check_program failed: returned str 'tasks: missing', expected Problem"
    }


def test_initiative_check_runs_for_programs_using_it(
    register_plugin: Callable[..., Vanguard],
) -> None:
    def needs_two_units(program: Program, use: InitiativeUse) -> list[Problem]:
        index = program.initiatives.index(use)
        if len(use.units) < 2:
            return [Problem(f"initiatives[{index}].units", "a competition needs two windows")]
        return []

    alpha = initiative("alpha", "alpha.count", check_program=needs_two_units)
    app = register_plugin(Contributes(alpha))
    program = app.parse_program(USES_ALPHA, check=False)
    assert [str(p) for p in app.validate(program)] == [
        "initiatives[0].units: a competition needs two windows"
    ]


def test_a_failing_initiative_check_names_its_plugin(
    register_plugin: Callable[..., Vanguard],
) -> None:
    def crashes(program: Program, use: InitiativeUse) -> list[Problem]:
        raise ZeroDivisionError("division by zero")

    app = register_plugin(
        Contributes(initiative("alpha", "alpha.count", check_program=crashes)), name="alpha-plugin"
    )
    program = app.parse_program(USES_ALPHA, check=False)
    assert [str(problem) for problem in app.validate(program)] == [
        "initiatives[0].name: plugin 'alpha-plugin', which provides 'alpha', is disabled for "
        "this run: initiative 'alpha' check_program failed: ZeroDivisionError: division by zero"
    ]


def test_unknown_initiative_is_located_and_plugin_checks_wait_for_it(
    vanguard_app: Vanguard,
) -> None:
    program = vanguard_app.parse_program(USES_ALPHA, check=False)
    assert [str(p) for p in vanguard_app.validate(program)] == [
        "initiatives[0].name: no installed plugin provides initiative 'alpha'"
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outputs": ("beta.count",)}, "output 'beta.count' is not one of its own indicators"),
        ({"inputs": ("alpha.count",)}, "input 'alpha.count' is one of its own indicators"),
        ({"outputs": ("alpha.count", "alpha.count")}, "output 'alpha.count' is listed twice"),
        (
            {"parameters": (Parameter("rate", 0, 1, 0.5), Parameter("rate", 0, 2, 1))},
            "parameter 'rate' is defined twice",
        ),
    ],
)
def test_initiative_contract_is_checked_on_construction(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=f"initiative 'alpha': .*{message}"):
        initiative("alpha", "alpha.count", **fields)


def test_duplicate_indicator_codes_in_one_initiative_are_refused() -> None:
    with pytest.raises(ValueError, match=r"indicator code 'alpha\.count' is defined twice"):
        initiative("alpha", "alpha.count", "alpha.count")


def test_parameter_bounds_are_checked() -> None:
    with pytest.raises(ValueError, match="parameter 'rate': lower bound 2 is above upper bound 1"):
        Parameter("rate", 2, 1, 1.5)
    with pytest.raises(ValueError, match=r"parameter 'rate': default 3 is outside \[0, 1\]"):
        Parameter("rate", 0, 1, 3)


def test_tryfirst_and_trylast_order_the_calls(register_plugin: Callable[..., Vanguard]) -> None:
    heard: list[tuple[str, str, object]] = []

    class Early(Listens):
        @hookimpl(tryfirst=True)
        def vanguard_record_appended(self, record: object) -> None:
            self.heard.append((self.name, "record", record))

    class Late(Listens):
        @hookimpl(trylast=True)
        def vanguard_record_appended(self, record: object) -> None:
            self.heard.append((self.name, "record", record))

    app = register_plugin(Early(heard, "early"), name="early")
    app.register(Listens(heard, "plain"), name="plain")
    app.register(Late(heard, "late"), name="late")
    app.hooks.record_appended("r")
    assert [name for name, _, _ in heard] == ["early", "plain", "late"]


@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=3, unique=True),
        min_size=1,
        max_size=4,
    )
)
def test_a_catalogue_is_built_exactly_when_names_are_unique(plugins: list[list[str]]) -> None:
    contributions = [
        (f"plugin-{i}", [initiative(name, f"{name}.{i}") for name in names])
        for i, names in enumerate(plugins)
    ]
    all_names = [name for names in plugins for name in names]
    if len(all_names) == len(set(all_names)):
        catalogue = Catalogue.build(contributions)
        assert set(catalogue.initiatives) == set(all_names)
        for i, names in enumerate(plugins):
            for name in names:
                assert catalogue.initiative_plugin[name] == f"plugin-{i}"
    else:
        with pytest.raises(PluginConflictError) as caught:
            Catalogue.build(contributions)
        first, second = caught.value.providers
        assert first[0] != second[0] or first == second
        assert caught.value.key in all_names
