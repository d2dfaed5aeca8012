"""Rule design by search: the audit rates, penalties, weights or ratchet that do the most.

Each candidate design is simulated with the same seed (common random numbers: designs
differ by their rules, not by noise), scored by an objective (by default the mean share
of each target *truly* achieved), and searched with SciPy's differential evolution (the
``design`` extra). A budget bounds the cost of audits (``audit_cost`` per expected audit a
year); a design over budget scores its objective minus the excess times ``overrun``.
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from vanguard.model.program import Program, Ratchet
from vanguard.problems import VanguardError
from vanguard.simulation.behaviour.declaration import Behaviour
from vanguard.simulation.behaviour.response import prepare
from vanguard.simulation.behaviour.summary import behaviour_rows
from vanguard.simulation.plan import Plan

if TYPE_CHECKING:
    from vanguard.app import Vanguard

Objective = Callable[[list[dict[str, Any]]], float]
"""A design's score from its :func:`~.summary.behaviour_rows` (higher is better)."""


@attrs.frozen
class RuleRange:
    """One rule the search may set, by path, between ``low`` and ``high``.

    Paths: ``audits.default``, ``audits.size``, ``audits.detection``,
    ``audits.probability.<indicator>``, ``payoff.<part>`` (score, met, findings, cost),
    ``payoff.weights.<indicator>``, ``ratchet.factor`` (the program's ratchet).
    """

    path: str
    low: float
    high: float


def true_share(rows: list[dict[str, Any]]) -> float:
    """The default objective: the mean over posts and targets of true value / target."""
    shares = [r["true"] / r["target"] for r in rows if r["target"] > 0]
    return sum(shares) / len(shares) if shares else 0.0


def apply(
    program: Program, behaviour: Behaviour, path: str, value: float
) -> tuple[Program, Behaviour]:
    """``program`` and ``behaviour`` with the rule at ``path`` set to ``value``."""
    head, _, rest = path.partition(".")
    if head == "ratchet" and rest == "factor":
        ratchet = program.ratchet or Ratchet()
        return _changed(program, ratchet=_changed(ratchet, factor=value)), behaviour
    if head in ("audits", "payoff") and rest:
        part = getattr(behaviour, head)
        field, _, key = rest.partition(".")
        if key and field in ("probability", "weights"):
            changed = attrs.evolve(part, **{field: {**getattr(part, field), key: value}})
        elif (
            not key
            and field in attrs.fields_dict(type(part))
            and field
            not in (
                "probability",
                "weights",
                "penalty",
                "capacity",
            )
        ):
            changed = attrs.evolve(part, **{field: value})
        else:
            raise VanguardError(f"design: {path!r} is not a rule the search can set")
        return program, _changed(behaviour, **{head: changed})
    raise VanguardError(f"design: {path!r} is not a rule the search can set")


_Model = TypeVar("_Model")


def _changed(instance: _Model, **changes: Any) -> _Model:
    """A changed copy of a frozen model object (``@model`` classes are attrs classes)."""
    return cast(_Model, attrs.evolve(cast(Any, instance), **changes))


def expected_audits(program: Program, plan: Plan, behaviour: Behaviour) -> float:
    """Audits a year the design asks for: the sum over posts and tasks of audit probabilities."""
    from vanguard.simulation.behaviour.audit import audit_probabilities

    response = prepare(program, plan, behaviour)
    posts = response.posts
    return float(
        sum(
            audit_probabilities(behaviour.audits, g.tasks, posts).sum() * len(g.units)
            for g in response.groups
        )
    )


@attrs.frozen(eq=False)
class DesignSearch:
    """Every design the search tried (``rows``, tidy) and the best one (``best``)."""

    rows: tuple[dict[str, Any], ...]
    best: dict[str, Any]

    def frame(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``frames`` extra)."""
        from vanguard.simulation.results import require_frames

        return require_frames().DataFrame(list(self.rows))

    def plot(self, rule: str, ax: Any = None) -> Any:
        """Objective against one rule's value, feasible designs filled (needs ``plot``)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise VanguardError(
                "plots need matplotlib: pip install 'vanguard-campaigns[plot]'"
            ) from None
        if ax is None:
            _, ax = plt.subplots()
        for feasible, marker in ((True, "o"), (False, "x")):
            chosen = [r for r in self.rows if r["feasible"] is feasible]
            ax.scatter(
                [r[rule] for r in chosen],
                [r["objective"] for r in chosen],
                marker=marker,
                label="within budget" if feasible else "over budget",
            )
        ax.scatter([self.best[rule]], [self.best["objective"]], marker="*", s=200, label="best")
        ax.set_xlabel(rule)
        ax.set_ylabel("objective")
        ax.legend()
        return ax


def search_rules(
    program: Program,
    behaviour: Behaviour,
    rules: Sequence[RuleRange],
    *,
    replications: int = 500,
    seed: int = 2006,
    app: "Vanguard | None" = None,
    objective: Objective = true_share,
    budget: float | None = None,
    audit_cost: float = 1.0,
    overrun: float = 1.0,
    iterations: int = 10,
    population: int = 6,
) -> DesignSearch:
    """Search ``rules`` for the design that maximises ``objective`` within ``budget``.

    Differential evolution (``scipy.optimize.differential_evolution``, seeded with
    ``seed``, no polishing) over the ranges; every evaluation simulates ``replications``
    with the same ``seed``. The result is deterministic for the same arguments.
    """
    try:
        from scipy.optimize import (  # type: ignore[import-untyped]  # SciPy ships no stubs
            differential_evolution,
        )
    except ImportError:
        raise VanguardError(
            "rule design search needs SciPy: pip install 'vanguard-campaigns[design]'"
        ) from None
    from vanguard.app import Vanguard
    from vanguard.simulation.simulate import simulate

    app = app or Vanguard()
    if not rules:
        raise VanguardError("design: give at least one rule to search")
    for rule in rules:
        if not rule.low < rule.high:
            raise VanguardError(f"design: {rule.path}: low must be below high")
        apply(program, behaviour, rule.path, rule.low)  # names a bad path before any run
    rows: list[dict[str, Any]] = []

    def score(values: Sequence[float]) -> float:
        design_program, design = program, behaviour
        for rule, value in zip(rules, values, strict=True):
            design_program, design = apply(design_program, design, rule.path, float(value))
        result = simulate(design_program, replications, seed=seed, app=app, behaviour=design)
        found = behaviour_rows(result, design_program, design)
        audits = expected_audits(design_program, result.plan, design)
        cost = audit_cost * audits
        excess = 0.0 if budget is None else max(0.0, cost - budget)
        value = objective(found)
        row: dict[str, Any] = {rule.path: float(v) for rule, v in zip(rules, values, strict=True)}
        row.update(
            objective=value - overrun * excess,
            raw_objective=value,
            true=sum(r["true"] for r in found),
            reported=sum(r["reported"] for r in found),
            audits=audits,
            cost=cost,
            feasible=excess == 0.0,
        )
        rows.append(row)
        return -float(row["objective"])

    differential_evolution(
        score,
        [(rule.low, rule.high) for rule in rules],
        seed=seed,
        maxiter=iterations,
        popsize=population,
        polish=False,
        tol=0.0,
    )
    best = max(rows, key=lambda r: (r["feasible"], r["objective"]))
    return DesignSearch(tuple(rows), dict(best))


__all__ = [
    "DesignSearch",
    "Objective",
    "RuleRange",
    "apply",
    "expected_audits",
    "search_rules",
    "true_share",
]
