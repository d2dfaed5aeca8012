"""The labour-liaison initiative: its indicators, parameters and defaults.

Report A-III-3: the city has 48 employer labour-liaison officers, linked to 358 employers
that employ 76,000 (7.6万) workers; the officers gave those employers 2,200+ consultations
on labour law and recruited 6,000+ workers for them. The defaults reproduce these figures
in expectation over the 12 months of 2006 and 8 county-level units, given rural-transfer's
default placements as the recruit pool.
"""

from vanguard import Aggregation, Indicator, Initiative, Parameter, Prior, label
from vanguard_labour_liaison.liaison import (
    CONSULTATIONS,
    EMPLOYERS,
    OFFICERS,
    RECRUIT_POOL,
    RECRUITS,
    WORKFORCE,
    LiaisonModel,
)

REPORT_OFFICERS = 48
REPORT_EMPLOYERS = 358
REPORT_WORKFORCE = 76_000
REPORT_CONSULTATIONS = 2_200
REPORT_RECRUITS = 6_000
REPORT_MONTHS = 12
RURAL_PLACED = 64_785
"""Report A-III-1: rural workers placed into jobs in 2006, the recruit pool."""

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

INITIAL_OFFICERS_PER_UNIT = REPORT_OFFICERS / 2 / len(COUNTIES)
APPOINTMENT_RATE = REPORT_OFFICERS / 2 / len(COUNTIES) / REPORT_MONTHS
EMPLOYERS_PER_OFFICER = REPORT_EMPLOYERS / REPORT_OFFICERS
WORKERS_PER_EMPLOYER = REPORT_WORKFORCE / REPORT_EMPLOYERS
# Expected linked employers summed over the months of 2006: officers in post after month t's
# appointments are initial + rate * (t + 1) per unit, each linking EMPLOYERS_PER_OFFICER.
EMPLOYER_MONTHS = (
    EMPLOYERS_PER_OFFICER
    * len(COUNTIES)
    * (
        REPORT_MONTHS * INITIAL_OFFICERS_PER_UNIT
        + APPOINTMENT_RATE * REPORT_MONTHS * (REPORT_MONTHS + 1) / 2
    )
)
CONSULTATION_RATE = REPORT_CONSULTATIONS / EMPLOYER_MONTHS
RECRUIT_SHARE = REPORT_RECRUITS / RURAL_PLACED
STANDALONE_POOL = RURAL_PLACED / REPORT_MONTHS

INDICATORS = (
    Indicator(
        code=OFFICERS,
        name=label("Employer labour-liaison officers", "企业劳动用工联络员"),
        unit="officer",
        description="Liaison officers in post at the end of the period.",
        over_time=Aggregation.LAST,
    ),
    Indicator(
        code=EMPLOYERS,
        name=label("Employers linked to liaison officers", "挂钩联络用人单位"),
        unit="employer",
        description="Employers linked to a liaison officer at the end of the period.",
        over_time=Aggregation.LAST,
    ),
    Indicator(
        code=WORKFORCE,
        name=label("Workers employed by linked employers", "总用工人数"),
        unit="person",
        description="Total workforce of the linked employers at the end of the period.",
        over_time=Aggregation.LAST,
    ),
    Indicator(
        code=CONSULTATIONS,
        name=label("Labour-law consultations given", "法律法规咨询服务"),
        unit="consultation",
        description="Consultations on labour law given to linked employers in the period.",
    ),
    Indicator(
        code=RECRUITS,
        name=label("Workers recruited for linked employers", "招收劳动力"),
        unit="person",
        description="Workers recruited for linked employers in the period.",
    ),
)

_SOURCE_OFFICERS = (
    "report A-III-3: 48 officers at the end of 2006; the system was 'further improved' in "
    "2006, so half are taken as in post at the start and half appointed during the year "
    "(assumption: the report gives no dates)"
)

PARAMETERS = (
    Parameter(
        name="initial_officers_per_unit",
        lower=0.0,
        upper=100.0,
        default=INITIAL_OFFICERS_PER_UNIT,
        description="Mean number of officers per unit in post at the start (Poisson).",
        unit="officer",
        prior=Prior("uniform", 1.5, 4.5),
        source=_SOURCE_OFFICERS + ": 24 / 8 units",
    ),
    Parameter(
        name="appointment_rate",
        lower=0.0,
        upper=10.0,
        default=APPOINTMENT_RATE,
        description="Mean number of officers appointed per unit per month (Poisson).",
        unit="officer/month",
        prior=Prior("uniform", 0.125, 0.375),
        source=_SOURCE_OFFICERS + ": 24 / (8 units x 12 months)",
    ),
    Parameter(
        name="employers_per_officer",
        lower=0.0,
        upper=100.0,
        default=EMPLOYERS_PER_OFFICER,
        description="Mean number of employers an officer links (Poisson per officer).",
        unit="employer/officer",
        prior=Prior("uniform", 0.5 * EMPLOYERS_PER_OFFICER, 1.5 * EMPLOYERS_PER_OFFICER),
        source="report A-III-3: 358 employers / 48 officers = 7.46",
    ),
    Parameter(
        name="workers_per_employer",
        lower=1.0,
        upper=10_000.0,
        default=WORKERS_PER_EMPLOYER,
        description="Mean workforce of a linked employer.",
        unit="person/employer",
        prior=Prior("uniform", 0.5 * WORKERS_PER_EMPLOYER, 1.5 * WORKERS_PER_EMPLOYER),
        source="report A-III-3: 76,000 workers / 358 employers = 212.3",
    ),
    Parameter(
        name="employer_size_shape",
        lower=0.05,
        upper=100.0,
        default=1.0,
        description=(
            "Gamma shape of an employer's workforce (1: exponential, many small employers "
            "and a few large ones; larger: more even sizes)."
        ),
        unit="",
        prior=Prior("uniform", 0.5, 2.0),
        source="not in the report (A-III-3 gives only the total): assumption",
    ),
    Parameter(
        name="consultation_rate",
        lower=0.0,
        upper=20.0,
        default=CONSULTATION_RATE,
        description="Mean consultations per linked employer per month (Poisson).",
        unit="consultation/employer/month",
        prior=Prior("uniform", 0.5 * CONSULTATION_RATE, 1.5 * CONSULTATION_RATE),
        source=(
            "report A-III-3: 2,200 consultations / 3,311.5 expected employer-months of 2006 "
            "(358 employers at year end, half of them linked from the start)"
        ),
    ),
    Parameter(
        name="recruit_share",
        lower=0.0,
        upper=1.0,
        default=RECRUIT_SHARE,
        description=(
            "Probability that a rural worker placed in the month is recruited for a linked "
            "employer (binomial over the recruit pool)."
        ),
        unit="probability",
        prior=Prior("uniform", 0.5 * RECRUIT_SHARE, 1.5 * RECRUIT_SHARE),
        source="report A-III-3 and A-III-1: 6,000 recruits / 64,785 rural workers placed",
        per_unit=False,  # one city-wide share of the pool, drawn before it is shared out
    ),
    Parameter(
        name="standalone_pool",
        lower=0.0,
        upper=100_000.0,
        default=STANDALONE_POOL,
        description=(
            "Mean city-wide recruit pool per month when the program does not run "
            "rural-transfer (the input rural.placed is omitted)."
        ),
        unit="person/month",
        prior=Prior("uniform", 0.5 * STANDALONE_POOL, 1.5 * STANDALONE_POOL),
        source="report A-III-1: 64,785 placed / 12 months (rural-transfer's expectation)",
        per_unit=False,  # a city-wide pool
    ),
)

INITIATIVE = Initiative(
    name="labour-liaison",
    title=label("Employer labour-liaison officers", "企业劳动用工联络员制度"),
    description=(
        "Employer services: liaison officers are appointed, each linked to employers; they "
        "give those employers labour-law consultations and recruit workers for them from "
        "the rural workers placed by the rural-transfer initiative."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=LiaisonModel(),
    outputs=(OFFICERS, EMPLOYERS, WORKFORCE, CONSULTATIONS, RECRUITS),
    inputs=(RECRUIT_POOL,),
    default_units=COUNTIES,
    source="report A-III-3 (Pillar III, new highlights: employer services)",
)

__all__ = [
    "COUNTIES",
    "INITIATIVE",
    "REPORT_CONSULTATIONS",
    "REPORT_EMPLOYERS",
    "REPORT_OFFICERS",
    "REPORT_RECRUITS",
    "REPORT_WORKFORCE",
]
