"""The rights-protection initiative: its indicators, parameters and model.

The report (A-III-4) names the mechanism but gives no figure: the Rights-Protection
Service Centre (劳动保障维权服务中心), the province's first reward-for-reporting scheme for
labour-law violations (举报奖励机制) and a standing mechanism against wage arrears owed to
migrant workers (拖欠农民工工资). Every default below is therefore an assumption, marked
as such in its ``source``, for agencies to calibrate to their own case records.
"""

import math

from vanguard import Aggregation, Direction, Indicator, Initiative, Label, Parameter, Prior
from vanguard_rights_protection.model import OUTPUTS, RightsCentreModel

COUNTIES = ("duanzhou", "dinghu", "gaoyao", "sihui", "guangning", "huaiji", "fengkai", "deqing")
"""The eight county-level divisions of Zhaoqing, each served by the centre."""

ASSUMED = "assumption (the report, A-III-4, gives no figure)"

INDICATORS = (
    Indicator(
        code="rights.reports",
        name=Label(en="Violation reports received", zh="举报投诉"),
        unit="report",
        description="Reports of labour-law violations received in the period.",
    ),
    Indicator(
        code="rights.cases_opened",
        name=Label(en="Rights cases opened", zh="维权立案"),
        unit="case",
        description="Cases the centre opened from reports in the period.",
    ),
    Indicator(
        code="rights.cases_resolved",
        name=Label(en="Rights cases resolved", zh="维权结案"),
        unit="case",
        description="Cases the centre resolved in the period.",
    ),
    Indicator(
        code="rights.arrears_recovered",
        name=Label(en="Wage arrears recovered for migrant workers", zh="追回拖欠农民工工资"),
        unit="yuan",
        description="Wage arrears owed to migrant workers recovered through resolved cases.",
    ),
    Indicator(
        code="rights.resolution_days",
        name=Label(en="Days to resolve a case", zh="结案天数"),
        unit="day",
        direction=Direction.LOWER,
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Mean days from opening to resolution of the cases resolved in the period.",
    ),
)

PARAMETERS = (
    Parameter(
        name="violations_per_month",
        lower=0.0,
        upper=2000.0,
        default=25.0,
        description="Mean labour-law violations occurring per unit per month (Poisson).",
        unit="violation/month",
        prior=Prior("gamma", 4.0, 6.25),
        source=ASSUMED,
    ),
    Parameter(
        name="base_reporting_rate",
        lower=0.0,
        upper=1.0,
        default=0.3,
        description="Share of violations reported without the reward-for-reporting scheme.",
        unit="probability",
        prior=Prior("beta", 3.0, 7.0),
        source=ASSUMED,
    ),
    Parameter(
        name="reward_uplift",
        lower=0.0,
        upper=1.0,
        default=0.25,
        description=(
            "Share of otherwise unreported violations the reward-for-reporting scheme "
            "brings forward (0 = no scheme): rate = base + uplift * (1 - base)."
        ),
        unit="share",
        prior=Prior("beta", 2.0, 6.0),
        source="assumption; the scheme itself is A-III-4 (举报奖励机制, first in the province)",
    ),
    Parameter(
        name="case_opening_rate",
        lower=0.0,
        upper=1.0,
        default=0.85,
        description="Share of reports that open a case (the rest are unfounded or merged).",
        unit="share",
        prior=Prior("beta", 17.0, 3.0),
        source=ASSUMED,
    ),
    Parameter(
        name="resolution_probability",
        lower=0.01,
        upper=1.0,
        default=0.55,
        description="Monthly probability that an open case is resolved.",
        unit="1/month",
        prior=Prior("beta", 11.0, 9.0),
        source=ASSUMED,
    ),
    Parameter(
        name="arrears_case_share",
        lower=0.0,
        upper=1.0,
        default=0.4,
        description="Share of resolved cases that concern wage arrears owed to migrant workers.",
        unit="share",
        prior=Prior("beta", 4.0, 6.0),
        source=ASSUMED,
    ),
    Parameter(
        name="arrears_per_case",
        lower=0.0,
        upper=1_000_000.0,
        default=6000.0,
        description="Mean wage arrears owed in one arrears case.",
        unit="yuan",
        # lognormal(mean=mu, sigma=0.5) has mean exp(mu + 0.125) = 6,000 yuan.
        prior=Prior("lognormal", math.log(6000.0) - 0.125, 0.5),
        source=ASSUMED,
    ),
    Parameter(
        name="recovery_share",
        lower=0.0,
        upper=1.0,
        default=0.9,
        description="Share of the arrears owed in a resolved case that is recovered.",
        unit="share",
        prior=Prior("beta", 9.0, 1.0),
        source=ASSUMED,
    ),
)

INITIATIVE = Initiative(
    name="rights-protection",
    title=Label(en="Worker rights protection", zh="劳动保障维权服务"),
    description=(
        "The Rights-Protection Service Centre: violations reported (raised by the "
        "reward-for-reporting scheme), cases opened and resolved with a carried-over "
        "backlog, wage arrears owed to migrant workers recovered, and days to resolve."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=RightsCentreModel(),
    outputs=OUTPUTS,
    default_units=COUNTIES,
    source="A-III-4",
)

__all__ = ["COUNTIES", "INDICATORS", "INITIATIVE", "PARAMETERS"]
