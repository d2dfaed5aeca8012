"""The approval-reform initiative: its indicators, parameters and model.

Report B-I (Sihui City, service quality and efficiency): municipal agencies deepened the
reform of administrative approval (深化行政审批制度改革), cut approval items
(精简行政审批事项) and steps (减少审批程序), introduced single-window fee collection, one-stop
service and end-to-end service (一个窗口收费, 一站式办事, 一条龙服务), and set up
government-affairs and finance disclosure boards (政务, 财务公开栏). The report gives no
counts, so every default except the two boards per department is an assumption, marked as
such in its ``source``.
"""

from vanguard import Aggregation, Direction, Indicator, Initiative, Label, Parameter, Prior
from vanguard_approval_reform.model import (
    BOARDS,
    ITEMS,
    ONE_STOP_SHARE,
    OUTPUTS,
    PROCESSING_DAYS,
    STEPS,
    ApprovalReformModel,
)

DEPARTMENTS = (
    "development-reform",
    "public-security",
    "land-resources",
    "construction",
    "industry-commerce",
    "labour-social-security",
)
"""Default units: Sihui municipal departments holding approval powers (programs name theirs)."""

ASSUMED = "assumption (the report, B-I, gives no count)"

INDICATORS = (
    Indicator(
        code=ITEMS,
        name=Label(en="Administrative-approval items", zh="行政审批事项"),
        unit="item",
        direction=Direction.LOWER,
        over_time=Aggregation.LAST,
        description="Approval items the department still holds at the period's end.",
    ),
    Indicator(
        code=STEPS,
        name=Label(en="Approval steps", zh="审批环节"),
        unit="step",
        direction=Direction.LOWER,
        over_time=Aggregation.LAST,
        description="Steps over all the department's approval items at the period's end.",
    ),
    Indicator(
        code=PROCESSING_DAYS,
        name=Label(en="Approval processing time", zh="审批办理时限"),
        unit="day",
        direction=Direction.LOWER,
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Mean days to process an approval in the period.",
    ),
    Indicator(
        code=ONE_STOP_SHARE,
        name=Label(en="Items handled at the one-stop window", zh="一站式办事比例"),
        unit="percent",
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Percentage of approval items handled at the one-stop / single window.",
    ),
    Indicator(
        code=BOARDS,
        name=Label(en="Disclosure boards set up", zh="政务财务公开栏"),
        unit="board",
        over_time=Aggregation.LAST,
        description="Government-affairs and finance disclosure boards in place.",
    ),
)

PARAMETERS = (
    Parameter(
        name="initial_items",
        lower=1.0,
        upper=1000.0,
        default=20.0,
        description="Approval items per department before the reform (a whole number).",
        unit="item",
        prior=Prior("uniform", 10.0, 30.0),
        integer=True,
        source=ASSUMED,
    ),
    Parameter(
        name="items_cut_share",
        lower=0.0,
        upper=0.99,
        default=0.3,
        description="Share of approval items abolished over a 12-month year.",
        unit="share/year",
        prior=Prior("beta", 3.0, 7.0),
        source=ASSUMED,
    ),
    Parameter(
        name="steps_per_item",
        lower=1.0,
        upper=50.0,
        default=6.0,
        description="Steps an approval item takes before the reform.",
        unit="step/item",
        prior=Prior("triangular", 4.0, 8.0, 6.0),
        source=ASSUMED,
    ),
    Parameter(
        name="steps_cut_share",
        lower=0.0,
        upper=0.99,
        default=0.35,
        description=(
            "Share of the steps beyond each item's one necessary step cut over a 12-month year."
        ),
        unit="share/year",
        prior=Prior("beta", 3.5, 6.5),
        source=ASSUMED,
    ),
    Parameter(
        name="days_per_step",
        lower=0.0,
        upper=60.0,
        default=2.5,
        description="Working days an approval step adds to the processing time.",
        unit="day/step",
        prior=Prior("gamma", 25.0, 0.1),
        source=ASSUMED,
    ),
    Parameter(
        name="initial_one_stop",
        lower=0.0,
        upper=1.0,
        default=0.2,
        description="Share of approval items handled at the one-stop window before the reform.",
        unit="share",
        prior=Prior("beta", 2.0, 8.0),
        source=ASSUMED,
    ),
    Parameter(
        name="one_stop_rate",
        lower=0.0,
        upper=1.0,
        default=0.12,
        description="Monthly probability that an item not yet at the one-stop window moves there.",
        unit="probability/month",
        prior=Prior("beta", 3.0, 22.0),
        source=ASSUMED,
    ),
    Parameter(
        name="one_stop_saving",
        lower=0.0,
        upper=1.0,
        default=0.4,
        description="Share of processing time saved for an item handled at the one-stop window.",
        unit="share",
        prior=Prior("beta", 4.0, 6.0),
        source=ASSUMED,
    ),
    Parameter(
        name="processing_variation",
        lower=0.0,
        upper=1.0,
        default=0.1,
        description="Coefficient of variation of a month's processing time around its mean.",
        unit="ratio",
        prior=Prior("uniform", 0.05, 0.2),
        source=ASSUMED,
    ),
    Parameter(
        name="boards_per_unit",
        lower=0.0,
        upper=20.0,
        default=2.0,
        description="Disclosure boards each department sets up (a whole number).",
        unit="board",
        prior=Prior("triangular", 1.0, 3.0, 2.0),
        integer=True,
        source="report B-I-1: a government-affairs and a finance board (政务, 财务公开栏)",
    ),
    Parameter(
        name="board_setup_rate",
        lower=0.0,
        upper=1.0,
        default=0.35,
        description="Monthly probability that a board not yet in place is set up.",
        unit="probability/month",
        prior=Prior("beta", 7.0, 13.0),
        source=ASSUMED,
    ),
)

INITIATIVE = Initiative(
    name="approval-reform",
    title=Label(en="Service efficiency: administrative-approval reform", zh="行政审批制度改革"),
    description=(
        "Sihui's service efficiency: approval items and steps cut over the year, processing "
        "time falling, more items handled at the one-stop / single window, and "
        "government-affairs and finance disclosure boards set up."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=ApprovalReformModel(),
    outputs=OUTPUTS,
    default_units=DEPARTMENTS,
    source="B-I",
)

__all__ = ["DEPARTMENTS", "INDICATORS", "INITIATIVE", "PARAMETERS"]
