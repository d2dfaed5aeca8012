"""The rural-transfer initiative: its indicators, parameters and defaults.

Report A-III-1: under the Rural Youth Skills Training project, 100,100 (10.01万) rural
workers were trained for transfer and 64,785 transferred into jobs; Zhaoqing became a
national pilot city for urban-rural integrated employment in 2006. The defaults reproduce
both totals in expectation over the 12 months of 2006 and the 8 county-level divisions.
"""

from vanguard import Aggregation, Indicator, Initiative, Parameter, Prior, label
from vanguard_rural_transfer.transfer import (
    PLACED,
    PLACEMENT_RATE,
    TRAINED,
    TRANSFERRED_OUT,
    TransferModel,
)

REPORT_TRAINED = 100_100
REPORT_PLACED = 64_785
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
PLACEMENT_PROBABILITY = REPORT_PLACED / REPORT_TRAINED
OUT_OF_COUNTY_SHARE = 0.5

INDICATORS = (
    Indicator(
        code=TRAINED,
        name=label("Rural workers trained for transfer", "农村劳动力转移培训"),
        unit="person",
        description="Rural workers who completed transfer (skills) training in the period.",
    ),
    Indicator(
        code=PLACED,
        name=label("Rural workers transferred into jobs", "转移就业"),
        unit="person",
        description="Trained rural workers placed into non-farm jobs in the period.",
    ),
    Indicator(
        code=TRANSFERRED_OUT,
        name=label("Placed workers transferred out of their county", "转移出县"),
        unit="person",
        description="Placed workers whose job lies outside their home county.",
    ),
    Indicator(
        code=PLACEMENT_RATE,
        name=label("Transfer-placement rate", "转移就业率"),
        unit="ratio",
        over_time=Aggregation.RATIO,
        over_units=Aggregation.RATIO,
        numerator=PLACED,
        denominator=TRAINED,
        description="Workers placed per worker trained.",
    ),
)

PARAMETERS = (
    Parameter(
        name="trainees_per_month",
        lower=0.0,
        upper=10_000.0,
        default=TRAINEES_PER_MONTH,
        description="Mean number of rural workers trained per county per month (Poisson rate).",
        unit="person/month",
        prior=Prior("uniform", 0.5 * TRAINEES_PER_MONTH, 1.5 * TRAINEES_PER_MONTH),
        source="report A-III-1: 100,100 trained in 2006 / (12 months x 8 counties)",
    ),
    Parameter(
        name="placement_probability",
        lower=0.0,
        upper=1.0,
        default=PLACEMENT_PROBABILITY,
        description="Probability that a trained worker is placed into a job (binomial).",
        unit="probability",
        prior=Prior("uniform", 0.55, 0.75),
        source="report A-III-1: 64,785 placed / 100,100 trained = 64.7 %",
    ),
    Parameter(
        name="out_of_county_share",
        lower=0.0,
        upper=1.0,
        default=OUT_OF_COUNTY_SHARE,
        description="Probability that a placed worker's job lies outside their home county.",
        unit="probability",
        prior=Prior("uniform", 0.2, 0.8),
        source=(
            "not quantified in the report (A-III-1 gives no split by destination); "
            "an even split, with a wide prior, until local data are supplied"
        ),
    ),
)

INITIATIVE = Initiative(
    name="rural-transfer",
    title=label("Rural Youth Skills Training project", "肇庆市农村青年技能培训工程"),
    description=(
        "Urban-rural integrated employment: rural workers are trained each month in every "
        "county, a share of them are placed into non-farm jobs, and some of those jobs lie "
        "outside their home county (transfer out)."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=TransferModel(),
    outputs=(TRAINED, PLACED, TRANSFERRED_OUT),  # the rate is derived from its parts
    default_units=COUNTIES,
    source="report A-III-1 (Pillar III, new highlights: urban-rural integrated employment)",
)

__all__ = ["COUNTIES", "INITIATIVE", "REPORT_PLACED", "REPORT_TRAINED"]
