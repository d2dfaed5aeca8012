"""The problem-rectification initiative: its indicators, parameters and model.

Report B-II and B-III (Sihui City): each municipal unit examined itself for problems
(对照问题认真进行查找), carried out rectification measures (落实整改措施) and resolved some
long-pending cases (使一些久拖不决的问题得到了解决); complaints from the public against the
municipal departments and their law-enforcement staff "greatly reduced" (大大减少); B-III
continues the rectification (落实整改) and builds standing mechanisms. The report gives no
counts, so every default is an assumption, marked as such in its ``source``. The
resolution and complaint indicators feed the program's year-end evaluation.
"""

from vanguard import Aggregation, Direction, Indicator, Initiative, Label, Parameter, Prior
from vanguard_problem_rectification.model import (
    COMPLAINTS,
    IDENTIFIED,
    LONG_PENDING_RESOLVED,
    MEASURES,
    OUTPUTS,
    REGISTER_ENTERED,
    REGISTER_LONG_PENDING,
    REGISTER_ON_TIME,
    RESOLVED,
    RectificationModel,
)

DEPARTMENTS = (
    "development-reform",
    "public-security",
    "land-resources",
    "construction",
    "industry-commerce",
    "labour-social-security",
)
"""Default units: Sihui municipal departments (a program names its own)."""

ASSUMED = "assumption (the report, B-II, gives no count)"
EXAMPLE_REGISTER = "examples/sihui-2006-register.csv (illustrative: the report names no case)"

INDICATORS = (
    Indicator(
        code=IDENTIFIED,
        name=Label(en="Problems identified", zh="查找问题"),
        unit="problem",
        over_time=Aggregation.SUM,
        description="Problems the unit identified in itself in the period.",
    ),
    Indicator(
        code=MEASURES,
        name=Label(en="Rectification measures completed", zh="落实整改措施"),
        unit="measure",
        description="Rectification measures completed in the period.",
    ),
    Indicator(
        code=RESOLVED,
        name=Label(en="Cases resolved", zh="解决问题"),
        unit="case",
        description="Problems resolved in the period, long-pending cases included.",
    ),
    Indicator(
        code=LONG_PENDING_RESOLVED,
        name=Label(en="Long-pending cases resolved", zh="解决久拖不决问题"),
        unit="case",
        description="Long-pending cases (久拖不决) resolved in the period.",
    ),
    Indicator(
        code=COMPLAINTS,
        name=Label(
            en="Complaints against departments and law-enforcement staff",
            zh="对市直部门和执法人员的投诉",
        ),
        unit="complaint",
        direction=Direction.LOWER,
        description="Complaints from the public received in the period (lower is better).",
    ),
    Indicator(
        code=REGISTER_ENTERED,
        name=Label(en="Cases entered in the register (simulated)", zh="登记整改问题数(模拟)"),
        unit="case",
        description=(
            "Cases entered in the rectification register in the period: what stands for a "
            "program's register.cases_registered in a simulated year."
        ),
    ),
    Indicator(
        code=REGISTER_ON_TIME,
        name=Label(en="Register cases rectified on time (simulated)", zh="按期整改问题数(模拟)"),
        unit="case",
        description=(
            "Register cases rectified in the period by their deadline: stands for "
            "register.rectified_on_time."
        ),
    ),
    Indicator(
        code=REGISTER_LONG_PENDING,
        name=Label(en="Long-pending register cases open (simulated)", zh="久拖未决问题数(模拟)"),
        unit="case",
        direction=Direction.LOWER,
        over_time=Aggregation.LAST,
        description=(
            "Register cases open past their deadline at the end of the period: stands for "
            "register.long_pending_open."
        ),
    ),
)

PARAMETERS = (
    Parameter(
        name="problems",
        lower=0.0,
        upper=10_000.0,
        default=24.0,
        description="Problems per unit not yet identified at the start (a whole number).",
        unit="problem",
        prior=Prior("uniform", 12.0, 36.0),
        integer=True,
        source=ASSUMED,
    ),
    Parameter(
        name="long_pending",
        lower=0.0,
        upper=1000.0,
        default=5.0,
        description="Long-pending cases (久拖不决) per unit at the start (a whole number).",
        unit="case",
        prior=Prior("triangular", 2.0, 8.0, 5.0),
        integer=True,
        source=ASSUMED,
    ),
    Parameter(
        name="identification_rate",
        lower=0.0,
        upper=1.0,
        default=0.25,
        description="Monthly probability that a problem not yet identified is identified.",
        unit="probability/month",
        prior=Prior("beta", 5.0, 15.0),
        source=ASSUMED,
    ),
    Parameter(
        name="measure_completion",
        lower=0.0,
        upper=1.0,
        default=0.3,
        description="Monthly probability that a rectification measure in progress completes.",
        unit="probability/month",
        prior=Prior("beta", 6.0, 14.0),
        source=ASSUMED,
    ),
    Parameter(
        name="measure_effectiveness",
        lower=0.0,
        upper=1.0,
        default=0.8,
        description=(
            "Probability that a completed measure resolves its problem (otherwise the "
            "problem stays open with a new measure)."
        ),
        unit="probability",
        prior=Prior("beta", 8.0, 2.0),
        source=ASSUMED,
    ),
    Parameter(
        name="long_pending_factor",
        lower=0.0,
        upper=1.0,
        default=0.5,
        description="How much more slowly a long-pending case's measure completes (a factor).",
        unit="ratio",
        prior=Prior("beta", 5.0, 5.0),
        source=ASSUMED,
    ),
    Parameter(
        name="complaints_per_problem",
        lower=0.0,
        upper=10.0,
        default=0.12,
        description="Monthly complaints per problem still unresolved (identified or not).",
        unit="complaint/problem/month",
        prior=Prior("gamma", 4.0, 0.03),
        source=ASSUMED,
    ),
    Parameter(
        name="background_complaints",
        lower=0.0,
        upper=1000.0,
        default=0.5,
        description="Monthly complaints per unit from causes outside the register.",
        unit="complaint/month",
        prior=Prior("gamma", 2.0, 0.25),
        source=ASSUMED,
    ),
    Parameter(
        name="register_cases",
        lower=0.0,
        upper=1000.0,
        default=1.5,
        description="Cases a unit enters in its rectification register in a year (Poisson mean).",
        unit="case/year",
        prior=Prior("gamma", 6.0, 0.25),
        source=EXAMPLE_REGISTER + ": 12 cases over 12 departments opened in 2006; a little "
        "more, since a unit may enter none",
    ),
    Parameter(
        name="register_resolution",
        lower=0.0,
        upper=1.0,
        default=0.5,
        description="Monthly probability that an open register case is rectified.",
        unit="probability/month",
        prior=Prior("beta", 10.0, 10.0),
        source=EXAMPLE_REGISTER + ": set so about 4 in 5 cases are rectified by their "
        "deadline, as 9 of the 11 due in 2006 were",
    ),
    Parameter(
        name="register_deadline_months",
        lower=1.0,
        upper=60.0,
        default=3.5,
        description="Mean months from a case's entry to its deadline.",
        unit="month",
        prior=Prior("uniform", 2.0, 6.0),
        source=EXAMPLE_REGISTER + ": deadlines 2 to 6 months after opening, 3.4 on average",
    ),
)

INITIATIVE = Initiative(
    name="problem-rectification",
    title=Label(en="Problem rectification and complaints", zh="查找问题, 落实整改"),
    description=(
        "Each unit identifies its problems, carries out rectification measures and "
        "resolves cases, long-pending ones included; complaints against departments and "
        "law-enforcement staff fall as problems are resolved."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=RectificationModel(),
    outputs=OUTPUTS,
    default_units=DEPARTMENTS,
    source="B-II, B-III",
)

__all__ = ["DEPARTMENTS", "INDICATORS", "INITIATIVE", "PARAMETERS"]
