"""The behaviour declaration: how posts respond to a program's rules (off unless declared).

A model module (no numpy), so a program file may carry a ``[behaviour]`` section
(:attr:`vanguard.model.program.Program.behaviour`) and a scenario may change it; the
simulation's behaviour layer (:mod:`vanguard.simulation.behaviour`) compiles and runs it.

The acting posts are the program's posts when the initiatives' ``assign`` entries map
units to posts: each post spreads one effort budget over its pledged tasks across every
initiative it answers for. Without a mapping they are the units each initiative runs
over (the county offices, the service windows). A post may inflate what it reports (see
:mod:`vanguard.simulation.behaviour.best_response` for the model).
"""

import enum
from collections.abc import Mapping
from typing import Annotated

import attrs

from vanguard.model._constraints import Constraint, Id, model

NonNegative = Annotated[float, Constraint(minimum=0, maximum=1e6)]
Probability = Annotated[float, Constraint(minimum=0, maximum=1)]
Elasticity = Annotated[float, Constraint(minimum=0, maximum=20)]
Steps = Annotated[int, Constraint(minimum=1, maximum=40)]
Share = Annotated[float, Constraint(minimum=0, maximum=10)]


class Penalty(enum.Enum):
    """What detected misreporting costs the post."""

    VETO = "veto"
    """一票否决: the year's gains (score, met, rank) are lost and ``size`` points more; the
    findings of the corrected figures stand."""
    DEDUCTION = "deduction"
    """``size`` points are deducted from the payoff of the corrected (true) figures."""


@model
class Payoff:
    """How much each part of the program's verdict is worth to a post (its weights).

    ``score``: the weighted share of targets reached (capped at ``cap``); ``met``: the
    weighted share of targets met (the grade threshold); ``findings``: lost per missed
    target (an accountability finding); ``cost``: lost per unit of effort spent.
    ``weights`` weigh indicators in ``score`` and ``met`` (1 when not named; 0: not measured).
    """

    score: NonNegative = 1.0
    met: NonNegative = 1.0
    findings: NonNegative = 0.5
    cost: NonNegative = 0.05
    rank: NonNegative = 0.0
    cap: Annotated[float, Constraint(minimum=1, maximum=10)] = 1.2
    weights: Mapping[Id, NonNegative] = attrs.field(factory=dict)

    def weight(self, code: str) -> float:
        """The weight of indicator ``code`` (1 when the declaration does not name it)."""
        return float(self.weights.get(code, 1.0))


@model
class Audits:
    """How inflated reports are found: audited with a probability, detected when audited.

    ``probability`` per indicator (``default`` for the others), or ``capacity`` audits a
    year shared over all acting posts (probability ``capacity / posts``, overriding
    both); an audit of an inflated report detects it with probability ``detection``.
    """

    default: Probability = 0.0
    probability: Mapping[Id, Probability] = attrs.field(factory=dict)
    capacity: Annotated[int, Constraint(minimum=0, maximum=10**9)] | None = None
    detection: Probability = 1.0
    penalty: Penalty = Penalty.DEDUCTION
    size: NonNegative = 1.0


@model
class Behaviour:
    """Posts that respond to the rules (see the module).

    ``budget``: effort a post may spend in a year (per post in ``budgets``), where the
    passive models correspond to ``status_quo`` spread evenly over its tasks;
    ``elasticities``: how much one unit of effort raises an indicator's true value
    (``exp(elasticity * (effort - status quo share))``; indicators not named get no effort);
    ``grid``: effort steps of ``budget / grid``; ``inflation``: the shares by which a post
    may overstate its reports (``(0.0,)``: never); ``targets``: annual targets per
    indicator and unit, replacing the program's (cascaded evenly over units otherwise);
    ``lookahead``: the weight of next year's payoff when a ratchet links the years;
    ``incidents``: a program indicator (falsified reports) the run counts detected
    misreporting on, 1 per detected post and year, so the program's own vetoes,
    deductions and findings on it apply (:mod:`vanguard.simulation.behaviour.incidents`;
    None: only the audits' own penalty); ``anticipate``: posts weigh those rules of the
    program (its veto, deduction and finding on ``incidents``) in their choice, besides the
    audits' own penalty (False: they only meet them after the fact); ``on``: False declares
    the behaviour but runs posts passively (a scenario may switch it on, and back off).
    """

    elasticities: Mapping[Id, Elasticity]
    budget: Share = 1.5
    status_quo: Share = 1.0
    budgets: Mapping[Id, Share] = attrs.field(factory=dict)
    grid: Steps = 10
    inflation: tuple[Share, ...] = (0.0,)
    payoff: Payoff = Payoff()
    audits: Audits = Audits()
    targets: Mapping[Id, Mapping[Id, NonNegative]] = attrs.field(factory=dict)
    lookahead: Probability = 1.0
    incidents: Id | None = None
    anticipate: bool = True
    on: bool = True


__all__ = ["Audits", "Behaviour", "Payoff", "Penalty"]
