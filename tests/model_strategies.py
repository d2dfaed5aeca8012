"""Hypothesis strategies for the model: any valid object, and valid whole programs.

``objects(cls)`` builds arbitrary (type-valid) instances of a model class, for round trips;
``programs()`` builds programs whose references resolve and whose letters cascade, for
invariants of the chain logic.
"""

import datetime as dt
import typing
from types import NoneType, UnionType
from typing import Any, get_args, get_origin

import attrs
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
from vanguard.model._constraints import constraint_of

ids = st.from_regex(r"[A-Za-z][A-Za-z0-9_.:\-]{0,12}", fullmatch=True)
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=24)
numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _for_type(tp: Any) -> st.SearchStrategy[Any]:
    base, constraint = constraint_of(tp)
    if constraint is not None:
        if constraint.pattern is not None:
            return ids
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
        return st.dictionaries(ids, numbers, max_size=3)
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
    units = [Unit(id="bureau", name=Label(en="Bureau"), kind="bureau")]
    posts = [Post(id="chief", title=Label(en="Chief"), unit="bureau", category="leadership")]
    for s in range(sections):
        units.append(
            Unit(id=f"s{s}", name=Label(en=f"Section {s}"), kind="section", parent="bureau")
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
