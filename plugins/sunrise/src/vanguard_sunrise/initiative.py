"""The sunrise-project initiative: its indicators, parameters and defaults.

Report A-I-5: the "Sunrise Project" (旭日工程) builds the operational capacity of the
social-insurance agencies at every level (the city's and the counties'). The report gives
no figures for it, so the defaults are stated assumptions (see each parameter's
``source``), meant to be replaced by an agency's own data or calibrated.
"""

from vanguard import Aggregation, Direction, Indicator, Initiative, Parameter, Prior, label
from vanguard_sunrise.agencies import (
    AT_STANDARD,
    CASES,
    DAYS,
    ERROR_RATE,
    ERRORS,
    LEVEL,
    TOP_LEVEL,
    AgencyModel,
)

AGENCIES = (
    "city",
    "duanzhou",
    "dinghu",
    "gaoyao",
    "sihui",
    "guangning",
    "huaiji",
    "fengkai",
    "deqing",
)
"""The city social-insurance agency and the eight county-level ones: the default units."""

_ASSUMED = "not quantified in the report (A-I-5 names the project only): assumption"

INDICATORS = (
    Indicator(
        code=AT_STANDARD,
        name=label("Agencies at the capacity standard", "达标经办机构"),
        unit="agency",
        over_time=Aggregation.LAST,
        description="Agencies whose capacity level has reached the standard level.",
    ),
    Indicator(
        code=LEVEL,
        name=label("Capacity level", "业务能力等级"),
        unit="level",
        over_time=Aggregation.LAST,
        over_units=Aggregation.MEAN,
        description="Operational capacity level, 1 (basic) to 5 (model agency).",
    ),
    Indicator(
        code=CASES,
        name=label("Social-insurance cases processed", "经办业务量"),
        unit="case",
        description="Cases (registrations, contributions, benefit claims) processed.",
    ),
    Indicator(
        code=ERRORS,
        name=label("Cases processed with an error", "差错件数"),
        unit="case",
        direction=Direction.LOWER,
        description="Processed cases found to contain an error.",
    ),
    Indicator(
        code=ERROR_RATE,
        name=label("Processing error rate", "差错率"),
        unit="ratio",
        direction=Direction.LOWER,
        over_time=Aggregation.RATIO,
        over_units=Aggregation.RATIO,
        numerator=ERRORS,
        denominator=CASES,
        description="Cases with an error per case processed.",
    ),
    Indicator(
        code=DAYS,
        name=label("Processing time", "办结时限"),
        unit="day",
        direction=Direction.LOWER,
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Mean working days from application to completion of a case.",
    ),
)

PARAMETERS = (
    Parameter(
        name="initial_level",
        lower=1.0,
        upper=float(TOP_LEVEL),
        default=1.0,
        description=(
            "Capacity level of every agency at the start (a fractional part starts that "
            "share of agencies one level higher)."
        ),
        unit="level",
        prior=Prior("uniform", 1.0, 2.0),
        source=_ASSUMED + ": every agency starts at the basic level",
    ),
    Parameter(
        name="upgrade_probability",
        lower=0.0,
        upper=1.0,
        default=0.2,
        description="Monthly probability that an agency below level 5 moves up one level.",
        unit="probability/month",
        prior=Prior("uniform", 0.1, 0.3),
        source=_ASSUMED + ": about 2.4 levels gained a year, 72 % of agencies at level 3 "
        "by the end of the year",
    ),
    Parameter(
        name="standard_level",
        lower=1.0,
        upper=float(TOP_LEVEL),
        default=3.0,
        description="Level from which an agency counts as meeting the capacity standard.",
        unit="level",
        integer=True,
        prior=Prior("uniform", 2.0, 4.0),
        source=_ASSUMED + ": the middle of the five levels",
    ),
    Parameter(
        name="cases_per_month",
        lower=0.0,
        upper=1_000_000.0,
        default=1000.0,
        description="Mean cases an agency at level 1 processes a month (Poisson).",
        unit="case/month",
        prior=Prior("uniform", 500.0, 1500.0),
        source=_ASSUMED,
    ),
    Parameter(
        name="volume_gain_per_level",
        lower=0.0,
        upper=5.0,
        default=0.25,
        description="Extra processing volume per level above 1, as a share of level 1's.",
        unit="share/level",
        prior=Prior("uniform", 0.1, 0.4),
        source=_ASSUMED,
    ),
    Parameter(
        name="error_rate_at_level_1",
        lower=0.0,
        upper=1.0,
        default=0.03,
        description="Probability that a case processed by a level-1 agency has an error.",
        unit="probability",
        prior=Prior("uniform", 0.015, 0.045),
        source=_ASSUMED,
    ),
    Parameter(
        name="error_reduction_per_level",
        lower=0.0,
        upper=1.0,
        default=0.3,
        description="Share by which the error rate falls with each level gained.",
        unit="share/level",
        prior=Prior("uniform", 0.1, 0.5),
        source=_ASSUMED,
    ),
    Parameter(
        name="processing_days_at_level_1",
        lower=0.0,
        upper=365.0,
        default=15.0,
        description="Mean processing time of a case at a level-1 agency.",
        unit="day",
        prior=Prior("uniform", 10.0, 20.0),
        source=_ASSUMED,
    ),
    Parameter(
        name="days_reduction_per_level",
        lower=0.0,
        upper=1.0,
        default=0.2,
        description="Share by which the processing time falls with each level gained.",
        unit="share/level",
        prior=Prior("uniform", 0.05, 0.35),
        source=_ASSUMED,
    ),
)

INITIATIVE = Initiative(
    name="sunrise-project",
    title=label("Sunrise Project: social-insurance agency capacity", "旭日工程"),
    description=(
        "Capacity building of the social-insurance agencies at city and county level: "
        "agencies move up capacity levels, and with each level they process more cases, "
        "faster and with fewer errors."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=AgencyModel(),
    outputs=(AT_STANDARD, LEVEL, CASES, ERRORS, DAYS),  # the error rate: from its parts
    default_units=AGENCIES,
    source="report A-I-5 (Pillar I, the Service Quality Improvement Project)",
)

__all__ = ["AGENCIES", "INITIATIVE"]
