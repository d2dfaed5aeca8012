"""The entrepreneurship-training initiative: its indicators, parameters and defaults.

Report A-III-2: to the end of 2006, 3,079 people took entrepreneurship training, 1,213 of
them started a business, and those start-ups created 3,721 jobs. The defaults reproduce
these totals in expectation over the 12 months of 2006 and the 8 county-level divisions.
"""

from vanguard import Aggregation, Indicator, Initiative, Parameter, Prior, label
from vanguard_entrepreneurship.startups import (
    JOBS,
    STARTUP_RATE,
    STARTUPS,
    TRAINED,
    StartupModel,
)

REPORT_TRAINED = 3079
REPORT_STARTUPS = 1213
REPORT_JOBS = 3721
REPORT_MONTHS = 12

COUNTIES = (
    "duanzhou",
    "dinghu",
    "gaoyao",
    "sihui",
    "guangning",
    "huaiji",
    "fengkai",
    "deqing",
)
"""The eight county-level divisions of Zhaoqing: the default units."""

TRAINEES_PER_MONTH = REPORT_TRAINED / (REPORT_MONTHS * len(COUNTIES))
STARTUP_PROBABILITY = REPORT_STARTUPS / REPORT_TRAINED
EXTRA_JOBS_PER_STARTUP = REPORT_JOBS / REPORT_STARTUPS - 1

INDICATORS = (
    Indicator(
        code=TRAINED,
        name=label("People given entrepreneurship training", "创业培训人数"),
        unit="person",
        description="People who completed entrepreneurship training in the period.",
    ),
    Indicator(
        code=STARTUPS,
        name=label("Successful business start-ups", "成功创业人数"),
        unit="business",
        description="Trainees who started a business in the period.",
    ),
    Indicator(
        code=JOBS,
        name=label("Jobs created by start-ups", "带动就业人数"),
        unit="job",
        description="Jobs created by the period's start-ups, founders included.",
    ),
    Indicator(
        code=STARTUP_RATE,
        name=label("Start-up rate", "创业成功率"),
        unit="ratio",
        over_time=Aggregation.RATIO,
        over_units=Aggregation.RATIO,
        numerator=STARTUPS,
        denominator=TRAINED,
        description="Start-ups per person trained.",
    ),
)

PARAMETERS = (
    Parameter(
        name="trainees_per_month",
        lower=0.0,
        upper=500.0,
        default=TRAINEES_PER_MONTH,
        description="Mean number of people trained per county per month (Poisson rate).",
        unit="person/month",
        prior=Prior("uniform", 0.5 * TRAINEES_PER_MONTH, 1.5 * TRAINEES_PER_MONTH),
        source="report A-III-2: 3,079 trained to end 2006 / (12 months x 8 counties)",
    ),
    Parameter(
        name="startup_probability",
        lower=0.0,
        upper=1.0,
        default=STARTUP_PROBABILITY,
        description="Probability that a trainee starts a business (binomial).",
        unit="probability",
        prior=Prior("uniform", 0.3, 0.5),
        source="report A-III-2: 1,213 start-ups / 3,079 trained = 39.4 %",
    ),
    Parameter(
        name="extra_jobs_per_startup",
        lower=0.0,
        upper=50.0,
        default=EXTRA_JOBS_PER_STARTUP,
        description=(
            "Mean number of jobs a start-up creates beyond its founder's "
            "(jobs per start-up = 1 + Poisson(this))."
        ),
        unit="job/business",
        prior=Prior("uniform", 0.5 * EXTRA_JOBS_PER_STARTUP, 1.5 * EXTRA_JOBS_PER_STARTUP),
        source="report A-III-2: 3,721 jobs / 1,213 start-ups = 3.07 jobs, founder included",
    ),
)

INITIATIVE = Initiative(
    name="entrepreneurship-training",
    title=label("Entrepreneurship Training to Enrich the People", "创业培训富民工程"),
    description=(
        "Entrepreneurship training shifted the bureau's training from skills to "
        "entrepreneurship: people are trained each month in every county, a share of them "
        "start a business, and each start-up creates jobs (its founder's and more)."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=StartupModel(),
    outputs=(TRAINED, STARTUPS, JOBS),  # the rate is derived from its parts
    default_units=COUNTIES,
    source="report A-III-2 (Pillar III, new highlights: entrepreneurship training)",
)

__all__ = [
    "COUNTIES",
    "INITIATIVE",
    "REPORT_JOBS",
    "REPORT_STARTUPS",
    "REPORT_TRAINED",
]
