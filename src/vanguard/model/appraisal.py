"""Evaluation rules, declared in the program file's ``[evaluation]`` section (rules are data).

Everything the quarterly bulletin and the year-end appraisal (年终一考评) compute is
configured here: the status bands of a bulletin, the scoring curve, inputs linked from
other cycles (quarterly exam results, 挂钩), bonuses and deductions with caps, veto rules,
grade bands with per-category vocabularies, quotas with their tie-break, and the rules of
accountability findings (行政问责). Defaults follow the report's practice, so a program
without an ``[evaluation]`` section still gets bulletins and an appraisal.
"""

import enum
from typing import Annotated

from vanguard.model._constraints import Constraint, Fraction, Id, NonNegative, Text, model
from vanguard.model.label import Label

Points = Annotated[float, Constraint(minimum=0, maximum=1000)]
"""A number of points on the evaluation's scale (0..1000)."""

Formula = Annotated[str, Constraint(min_length=1, max_length=500, printable=True)]
"""An arithmetic expression over declared input names (see :mod:`vanguard.review.formula`)."""


@model
class StatusBands:
    """How a bulletin names progress: achievement (actual / due so far) against thresholds.

    At or above ``on_track`` a line is *on track*; at or above ``lagging`` it is
    *lagging*; below, it is *behind*. Contract: ``lagging <= on_track`` (checked on load).
    """

    on_track: Annotated[float, Constraint(minimum=0, maximum=10)] = 1.0
    lagging: Annotated[float, Constraint(minimum=0, maximum=10)] = 0.85


@model
class BulletinRules:
    """What a quarterly bulletin (每季一通报) shows: status bands and how many laggards to name."""

    status: StatusBands = StatusBands()
    laggards: Annotated[int, Constraint(minimum=0, maximum=1000)] = 3


@model
class ScoringCurve:
    """Points for an achievement ratio (actual / target; mirrored for "lower is better").

    Below ``threshold`` a task line scores 0; at ``threshold`` it scores
    ``at_threshold``, rising linearly to ``full_marks`` at the target (achievement 1);
    over-achievement earns ``bonus_per_excess`` points per unit of excess achievement
    (0.1 excess = 10 % over target), capped at ``bonus_cap``. The curve is non-decreasing.
    Contract: ``at_threshold <= full_marks`` and ``threshold < 1`` (checked on load).
    """

    threshold: Fraction = 0.5
    at_threshold: Points = 0.0
    full_marks: Points = 100.0
    bonus_per_excess: NonNegative = 50.0
    bonus_cap: Points = 10.0


@model
class LinkedInput:
    """A result from another review cycle linked into the year-end score with a weight (挂钩).

    The values of ``indicator`` reported in the year (quarterly exam scores, on the same
    points scale) are combined with the indicator's own over-time aggregation (a mean for
    exam scores); the year-end score is ``(1 - sum of weights) * task score + sum of
    weight * input``. ``cycle`` names the review cycle the results come from; ``id`` is
    the name the input has in a ``formula``.
    """

    id: Id
    indicator: Id
    weight: Fraction
    cycle: Id | None = None
    name: Label | None = None


class AdjustmentSource(enum.Enum):
    """What an adjustment counts, besides an indicator's year total."""

    INDICATOR = "indicator"
    LATE_REPORTS = "late-reports"
    IMPROVEMENT = "improvement"
    """The post's improvement over its baselines on ``indicator``, in percent (the mean
    over its pledge lines on targets that state a baseline; 0 without one)."""


@model
class Adjustment:
    """A bonus or a deduction: ``points_each`` per counted item, the total capped at ``cap``.

    Positive ``points_each`` is a bonus (national or provincial recognition), negative a
    deduction (complaints, violations, late reports). The count is the year total of
    ``indicator`` (``source = "indicator"``), the number of late reports, or the post's
    improvement in percent over the baselines of its targets on ``indicator``
    (``source = "improvement"``: 0.5 points per percent over last year, say).
    """

    id: Id
    name: Label
    points_each: Annotated[float, Constraint(minimum=-1000, maximum=1000)]
    cap: Points
    source: AdjustmentSource = AdjustmentSource.INDICATOR
    indicator: Id | None = None


@model
class Veto:
    """A veto (一票否决): when ``indicator``'s year total exceeds ``above``, the post cannot
    receive any grade in ``excludes`` (the top grade when empty); it gets the best grade
    still allowed. No quota or score overrides a veto.
    """

    id: Id
    name: Label
    indicator: Id
    above: float = 0.0
    excludes: tuple[Id, ...] = ()


@model
class GradeBand:
    """A grade reached from ``minimum`` points; bands are listed best first."""

    id: Id
    minimum: Annotated[float, Constraint(minimum=-1000, maximum=1000)]
    name: Label | None = None


@model
class Vocabulary:
    """The words for each grade in one post category (leadership: 优秀/称职/基本称职/不称职)."""

    category: Id
    names: tuple[Label, ...]
    """One name per grade band, in the bands' order (best first)."""


class QuotaPool(enum.Enum):
    """The posts a quota counts over."""

    UNIT = "unit"
    CATEGORY = "category"
    PROGRAM = "program"


class TieBreak(enum.Enum):
    """How posts with equal final scores are ordered for a quota (the stated tie-break)."""

    TASK_SCORE = "task-score"
    """Higher weighted task score first, then file order of the posts."""
    FEWER_LATE = "fewer-late-reports"
    """Fewer late reports first, then file order of the posts."""
    FILE_ORDER = "file-order"
    """The post listed earlier in the program file first."""


@model
class Quota:
    """At most ``share`` of the graded posts of each pool may receive ``grade``.

    The number allowed is ``floor(share * posts in the pool)``; posts beyond it, ordered
    by final score then ``tie_break``, move down to the next grade (and count against
    that grade's quota, if it has one).
    """

    grade: Id
    share: Fraction
    pool: QuotaPool = QuotaPool.UNIT
    tie_break: TieBreak = TieBreak.TASK_SCORE


@model
class SeverityBand:
    """A finding's severity, reached from a ``shortfall`` (1 - achievement); bands listed
    least severe first, each band's shortfall at least the previous one's."""

    id: Id
    shortfall: Fraction
    name: Label | None = None


@model
class FindingRules:
    """Administrative accountability (行政问责) for missed targets.

    A pledge missed by more than ``tolerance`` (as a share of its target) at year end
    yields a finding of direct responsibility for the post that pledged it and (with
    ``leadership``) of leadership responsibility for the posts above it in the task's
    chain; severity comes from ``severities`` by the size of the miss.
    """

    tolerance: Fraction = 0.0
    leadership: bool = True
    severities: tuple[SeverityBand, ...] = (
        SeverityBand(id="minor", shortfall=0.0, name=Label(en="minor", zh="轻微")),
        SeverityBand(id="serious", shortfall=0.2, name=Label(en="serious", zh="较重")),
        SeverityBand(id="grave", shortfall=0.5, name=Label(en="grave", zh="严重")),
    )


DEFAULT_GRADES = (
    GradeBand(id="excellent", minimum=90, name=Label(en="excellent", zh="优秀")),
    GradeBand(id="competent", minimum=75, name=Label(en="competent", zh="称职")),
    GradeBand(id="basic", minimum=60, name=Label(en="basically competent", zh="基本称职")),
    GradeBand(id="incompetent", minimum=-1000, name=Label(en="incompetent", zh="不称职")),
)
"""The four grades of the cadre appraisal, best first."""


@model
class Appraisal:
    """The program's evaluation rules: the ``[evaluation]`` section of a program file.

    ``formula`` optionally replaces the default combination of the year-end score; it
    may use the names ``tasks`` (weighted task score), ``adjustments`` (sum of capped
    bonuses and deductions), each linked input's ``id`` and each adjustment's ``id``.
    """

    bulletin: BulletinRules = BulletinRules()
    curve: ScoringCurve = ScoringCurve()
    linked: tuple[LinkedInput, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    vocabularies: tuple[Vocabulary, ...] = ()
    quotas: tuple[Quota, ...] = ()
    findings: FindingRules = FindingRules()
    formula: Formula | None = None
    description: Text | None = None


__all__ = [
    "DEFAULT_GRADES",
    "Adjustment",
    "AdjustmentSource",
    "Appraisal",
    "BulletinRules",
    "FindingRules",
    "GradeBand",
    "LinkedInput",
    "Quota",
    "QuotaPool",
    "ScoringCurve",
    "SeverityBand",
    "StatusBands",
    "TieBreak",
    "Veto",
    "Vocabulary",
]
