"""Hypothesis strategies for the model: any valid object, and valid whole programs.

``objects(cls)`` builds arbitrary (type-valid) instances of a model class, for round trips;
``programs()`` builds programs whose references resolve and whose letters cascade, for
invariants of the chain logic.
"""

import datetime as dt
import enum
import math
import typing
from collections.abc import Callable
from types import NoneType, UnionType
from typing import Any, get_args, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanguard import (
    Aggregation,
    Campaign,
    ChainRules,
    Direction,
    Indicator,
    KeyTask,
    Label,
    Letter,
    LetterKind,
    Pillar,
    Pledge,
    Post,
    Program,
    Target,
    Unit,
)
from vanguard.chain.split import Even, split_value
from vanguard.model._constraints import ID_PATTERN, constraint_of

ids = st.from_regex(r"[A-Za-z][A-Za-z0-9_.:\-]{0,12}", fullmatch=True)
# every character a program's text may hold: no lone surrogates (Cs), no control
# characters (Cc) but tab, line feed and carriage return
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"),
    min_size=1,
    max_size=24,
)
numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _for_type(tp: Any) -> st.SearchStrategy[Any]:
    base, constraint = constraint_of(tp)
    if constraint is not None:
        if constraint.pattern is not None:
            if constraint.pattern == ID_PATTERN:
                return ids
            return st.from_regex(constraint.pattern, fullmatch=True)  # a period label, say
        if base is str:
            return texts
        if base is int:
            return st.integers(
                min_value=int(constraint.minimum) if constraint.minimum is not None else -1000,
                max_value=int(constraint.maximum) if constraint.maximum is not None else 1000,
            )
        low = constraint.minimum
        if constraint.exclusive_minimum is not None:
            low = constraint.exclusive_minimum + 1e-6
        high = constraint.maximum if constraint.maximum is not None else 1e12
        return st.floats(
            min_value=low if low is not None else -1e12, max_value=high, allow_nan=False
        )
    origin = get_origin(tp)
    if origin in (typing.Union, UnionType):
        options = [arg for arg in get_args(tp) if arg is not NoneType]
        strategy = st.one_of(*(_for_type(arg) for arg in options))
        return st.none() | strategy if NoneType in get_args(tp) else strategy
    if origin is tuple:
        return st.lists(_for_type(get_args(tp)[0]), max_size=3).map(tuple)
    if origin in (typing.Mapping, dict) or str(origin) == "<class 'collections.abc.Mapping'>":
        return st.dictionaries(ids, _for_type(get_args(tp)[1]), max_size=3)
    if tp is float:
        return numbers
    if tp is int:
        return st.integers(-1000, 1000)
    if tp is bool:
        return st.booleans()
    if tp is str:
        return texts
    if tp is dt.date:
        return dates
    if isinstance(tp, type) and hasattr(tp, "__members__"):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and attrs.has(tp):
        return objects(tp)
    raise TypeError(f"no strategy for {tp!r}")


def objects(cls: type) -> st.SearchStrategy[Any]:
    """Arbitrary instances of model class ``cls`` (types and constraints respected)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {f.name: st.deferred(lambda t=hints[f.name]: _for_type(t)) for f in attrs.fields(cls)}
    return st.builds(cls, **fields)


@st.composite
def programs(draw: st.DrawFn, max_sections: int = 4, max_staff: int = 3) -> Program:
    """A valid program: a bureau with sections and staff, tasks cascaded by letters.

    Each task's target is pledged by a section head to the chief and split (evenly,
    whole numbers for counts) among that section's staff, so every rule holds.
    """
    sections = draw(st.integers(1, max_sections))
    staff_counts = [draw(st.integers(1, max_staff)) for _ in range(sections)]
    indicators = (
        Indicator(code="count", name=Label(en="Count", zh="数量"), unit="person"),
        Indicator(
            code="rate",
            name=Label(en="Rate"),
            unit="%",
            over_time=Aggregation.MEAN,
            over_units=Aggregation.MEAN,
        ),
        Indicator(
            code="complaints", name=Label(en="Complaints"), unit="case", direction=Direction.LOWER
        ),
    )
    units = [Unit(id="bureau", name=Label(en="Bureau"), kind="bureau", head="chief")]
    posts = [Post(id="chief", title=Label(en="Chief"), unit="bureau", category="leadership")]
    for s in range(sections):
        units.append(
            Unit(
                id=f"s{s}",
                name=Label(en=f"Section {s}"),
                kind="section",
                parent="bureau",
                head=f"s{s}-head",
            )
        )
        posts.append(
            Post(id=f"s{s}-head", title=Label(en="Head"), unit=f"s{s}", category="section-head")
        )
        posts.extend(
            Post(id=f"s{s}-staff{k}", title=Label(en="Staff"), unit=f"s{s}")
            for k in range(staff_counts[s])
        )
    task_count = draw(st.integers(1, 5))
    tasks, letters = [], []
    signed = dt.date(2006, 1, 10)
    for t in range(task_count):
        code = draw(st.sampled_from([i.code for i in indicators]))
        indicator = next(i for i in indicators if i.code == code)
        value = float(draw(st.integers(0, 5000)))
        section = draw(st.integers(0, sections - 1))
        tasks.append(
            KeyTask(
                id=f"T{t:02d}",
                name=Label(en=f"Task {t}"),
                pillar="P1",
                targets=(Target(indicator=code, value=value),),
            )
        )
        head = f"s{section}-head"
        letters.append(
            Letter(
                id=f"W-{head}-T{t:02d}",
                kind=LetterKind.WORK_TARGET,
                pledger=head,
                recipient="chief",
                signed=signed,
                pledges=(Pledge(task=f"T{t:02d}", indicator=code, value=value),),
            )
        )
        staff = [f"s{section}-staff{k}" for k in range(staff_counts[section])]
        shares = split_value(value, staff, Even(), indicator, whole=indicator.additive)
        letters.extend(
            Letter(
                id=f"W-{post}-T{t:02d}",
                kind=LetterKind.WORK_TARGET,
                pledger=post,
                recipient=head,
                signed=signed,
                pledges=(Pledge(task=f"T{t:02d}", indicator=code, value=share),),
            )
            for post, share in shares.items()
        )
    for post in posts[1:]:
        superior = "chief" if post.id.endswith("-head") else post.id.split("-")[0] + "-head"
        letters.append(
            Letter(
                id=f"I-{post.id}",
                kind=LetterKind.INTEGRITY,
                pledger=post.id,
                recipient=superior,
                signed=signed,
            )
        )
    pledgers = {letter.pledger for letter in letters if letter.kind is LetterKind.WORK_TARGET}
    idle = tuple(p.id for p in posts[1:] if p.id not in pledgers)
    return Program(
        id="generated",
        name=Label(en="Generated bureau"),
        campaign=Campaign(id="campaign", name=Label(en="Campaign")),
        start=dt.date(2006, 1, 1),
        end=dt.date(2006, 12, 31),
        indicators=indicators,
        pillars=(Pillar(id="P1", name=Label(en="Pillar")),),
        tasks=tuple(tasks),
        units=tuple(units),
        posts=tuple(posts),
        letters=tuple(letters),
        rules=ChainRules(exempt=idle),
    )


# --- Mutations of a program's plain-data document (for the error-location tests) -------------


class Key(str):
    """A key of a mapping field (``parameters['k']``), as opposed to an attribute name."""


PathPart = str | int
"""One step into a document: an attribute name, a list index, or a mapping :class:`Key`."""


@attrs.frozen
class Node:
    """A node of a document and the model type declared for it.

    ``tp`` is the declared type with ``Annotated`` and ``None`` options removed;
    ``constraint`` and ``optional`` keep what was removed.
    """

    path: tuple[PathPart, ...]
    tp: Any
    value: Any
    constraint: Any = None
    optional: bool = False

    @property
    def location(self) -> str:
        """Where the loader reports a problem with this node (``tasks[3].targets[0].value``)."""
        return location(self.path)


def location(path: tuple[PathPart, ...]) -> str:
    """The loader's spelling of ``path``: ``letters[5].recipient``, ``parameters['k']``."""
    text = ""
    for part in path:
        if isinstance(part, Key):
            text += f"[{str(part)!r}]"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _declared(tp: Any) -> tuple[Any, Any, bool]:
    optional = False
    base, constraint = constraint_of(tp)
    if get_origin(base) in (typing.Union, UnionType):
        options = [arg for arg in get_args(base) if arg is not NoneType]
        optional = NoneType in get_args(base)
        if len(options) == 1:
            inner, inner_constraint, _ = _declared(options[0])
            return inner, inner_constraint or constraint, optional
    return base, constraint, optional


def _is_mapping(tp: Any) -> bool:
    return get_origin(tp) in (typing.Mapping, dict) or str(get_origin(tp)) == (
        "<class 'collections.abc.Mapping'>"
    )


def document_nodes(value: Any, tp: Any = Program, path: tuple[PathPart, ...] = ()) -> list[Node]:
    """Every node of the plain-data ``value`` of type ``tp``, parents before children."""
    base, constraint, optional = _declared(tp)
    found = [Node(path, base, value, constraint, optional)]
    if attrs.has(base) and isinstance(value, dict):
        hints = typing.get_type_hints(base, include_extras=True)
        for name, item in value.items():
            found.extend(document_nodes(item, hints[name], (*path, name)))
    elif get_origin(base) is tuple and isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(document_nodes(item, get_args(base)[0], (*path, index)))
    elif _is_mapping(base) and isinstance(value, dict):
        for key, item in value.items():
            found.extend(document_nodes(item, get_args(base)[1], (*path, Key(key))))
    return found


HUGE = 10**400
"""An integer beyond every float: no number field accepts it."""


def wrong_values(node: Node, json_only: bool = False) -> list[Any]:
    """Values of the wrong type for ``node`` (``json_only``: only values JSON can hold)."""
    tp = node.tp
    values: list[Any]
    if tp is bool:
        values = ["true", 1, 0, "yes", []]
    elif tp is float:
        values = ["abc", True, False, "5", [], {}, HUGE, -HUGE, math.inf, -math.inf, math.nan]
    elif tp is int:
        values = ["abc", True, "5", 2.5, [], {}, HUGE, math.nan]
    elif tp is str:
        values = [5, 2.5, True, [], {}]
    elif tp is dt.date:
        values = ["2006-02-30", "31/12/2006", "2006-1-1", 20060101, True, [], "2006-01-01T09:30"]
        values.append(dt.datetime(2006, 1, 1, 9, 30))
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = [5, True, [], {}, "no-such-choice"]
    elif tp is Label:
        values = [5, True, []]
    elif attrs.has(tp):
        values = [[], "x", 5, True]
    elif get_origin(tp) is tuple:
        values = [{}, "x", 5, True]
    elif _is_mapping(tp):
        values = [[], "x", 5]
    else:
        raise TypeError(f"no wrong values for {tp!r}")
    if not node.optional:
        values.append(None)
    if json_only:
        values = [
            v
            for v in values
            if not isinstance(v, dt.date) and not (isinstance(v, float) and math.isnan(v))
        ]
    return values


def constraint_breaches(node: Node) -> list[Any]:
    """Values of the right type that break ``node``'s declared constraint."""
    constraint = node.constraint
    if constraint is None:
        return []
    values: list[Any] = []
    if node.tp is str:
        if constraint.pattern is not None:
            values += ["has space", "-leading-dash", "ünïcode"]
        if constraint.min_length:
            values.append("")
        if constraint.max_length is not None:
            values.append("x" * (constraint.max_length + 1))
    elif node.tp in (int, float):
        if constraint.minimum is not None:
            values.append(constraint.minimum - 1)
        if constraint.maximum is not None:
            values.append(constraint.maximum + 1)
        if constraint.exclusive_minimum is not None:
            values.append(constraint.exclusive_minimum)
    return values


def typo(name: str, position: int, swap: bool) -> str:
    """``name`` with one letter doubled (or, with ``swap``, two neighbours swapped)."""
    position %= len(name)
    if (
        swap
        and len(name) >= 4
        and position < len(name) - 1
        and name[position] != name[position + 1]
    ):
        return name[:position] + name[position + 1] + name[position] + name[position + 2 :]
    return name[:position] + name[position] + name[position:]


def get_at(document: Any, path: tuple[PathPart, ...]) -> Any:
    """The node of ``document`` at ``path``."""
    for part in path:
        document = document[part]
    return document


def set_at(document: Any, path: tuple[PathPart, ...], value: Any) -> None:
    """Replace the node of ``document`` at ``path`` (not the root) in place."""
    get_at(document, path[:-1])[path[-1]] = value


def tables(nodes: list[Node]) -> list[Node]:
    """The nodes that are tables of a model class (where an unknown key is an error)."""
    return [node for node in nodes if attrs.has(node.tp) and isinstance(node.value, dict)]


DEPTHS = [
    pytest.param(25, id="quick"),
    pytest.param(300, id="deep", marks=pytest.mark.slow),
]
"""How many examples a property test explores: a quick run by default, a deep one with --slow.

Use as ``@pytest.mark.parametrize("examples", DEPTHS)`` with :func:`explore`.
"""


def explore(examples: int, body: Callable[..., None], **strategies: st.SearchStrategy[Any]) -> None:
    """Run ``body`` as a Hypothesis property over ``strategies`` for ``examples`` examples."""
    checks = settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    checks(given(**strategies)(body))()
