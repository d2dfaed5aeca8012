"""The village-visits initiative: its indicators, parameters and defaults.

Report B-II (Sihui City): "combined with the 'ten-hundred-thousand-ten-thousand' cadres
stationed in villages and the 'link up, visit down' activities, the agencies' Party
members and cadres were organised to go into communities, into farm households and into
families in hardship (进社区, 进农家, 进特困家庭), to bring the people warmth and help them
with their difficulties (为群众送温暖, 帮助排忧解难)". The report names the three kinds of
household and the two activities; it gives no count of cadres, visits or families. Every
default is therefore an assumption, marked as such in its ``source`` with the reason for
its value; a program sets its own (``[[initiatives]] parameters``), and calibration can
fit them to a year of reports.
"""

from vanguard import Indicator, Initiative, Parameter, Prior, label
from vanguard_village_visits.visits import (
    COMMUNITY,
    FAMILIES,
    FARM,
    HARDSHIP,
    OUTPUTS,
    VISITS,
    VisitsModel,
)

CADRES = (
    "development-reform.staff-1",
    "development-reform.staff-2",
    "land-resources.staff-1",
    "land-resources.staff-2",
    "construction.staff-1",
    "construction.staff-2",
    "agriculture.staff-1",
    "agriculture.staff-2",
    "labour-social-security.staff-1",
    "labour-social-security.staff-2",
    "civil-affairs.staff-1",
    "civil-affairs.staff-2",
)
"""Default units: the cadres of the Sihui example who visit (a program names its own posts)."""

SILENT = "assumption: the report (B-II) names the activity but gives no count"

FARM_VISITS_PER_MONTH = 15.0
COMMUNITY_VISITS_PER_MONTH = 6.0
HARDSHIP_VISITS_PER_MONTH = 5.0
HARDSHIP_FAMILIES = 80.0

INDICATORS = (
    Indicator(
        code=COMMUNITY,
        name=label("Visits into communities", "进社区走访次数"),
        unit="visit",
        description="Visits by the cadre into urban communities (进社区) in the period.",
    ),
    Indicator(
        code=FARM,
        name=label("Visits into farm households", "进农家走访次数"),
        unit="visit",
        description="Visits by the cadre stationed in a village into farm households (进农家).",
    ),
    Indicator(
        code=HARDSHIP,
        name=label("Visits into families in hardship", "进特困家庭走访次数"),
        unit="visit",
        description=(
            "Visits by the cadre into families in hardship (进特困家庭), first and repeat "
            "visits alike."
        ),
    ),
    Indicator(
        code=VISITS,
        name=label("Visits to villages, communities and farm households", "驻村走访次数"),
        unit="visit",
        description=(
            "All visits by the cadre in the period: into communities, farm households and "
            "families in hardship ('ten-hundred-thousand-ten-thousand', 'link up, visit "
            "down'); the sum of the three kinds."
        ),
    ),
    Indicator(
        code=FAMILIES,
        name=label("Families in hardship reached", "走访帮扶特困家庭户数"),
        unit="household",
        description=(
            "Families in hardship the cadre visited for the first time in the period, to "
            "bring warmth and help with their difficulties (送温暖, 排忧解难): summed over the "
            "year, the distinct families reached."
        ),
    ),
)

PARAMETERS = (
    Parameter(
        name="farm_visits_per_month",
        lower=0.0,
        upper=200.0,
        default=FARM_VISITS_PER_MONTH,
        description="Mean visits into farm households per cadre per month (Poisson rate).",
        unit="visit/month",
        prior=Prior("uniform", 0.5 * FARM_VISITS_PER_MONTH, 1.5 * FARM_VISITS_PER_MONTH),
        source=(
            f"{SILENT}; the most frequent kind, since the cadres are stationed in the "
            "villages (驻农村): 15 a month is three or four a working week"
        ),
    ),
    Parameter(
        name="community_visits_per_month",
        lower=0.0,
        upper=200.0,
        default=COMMUNITY_VISITS_PER_MONTH,
        description="Mean visits into communities per cadre per month (Poisson rate).",
        unit="visit/month",
        prior=Prior("uniform", 0.5 * COMMUNITY_VISITS_PER_MONTH, 1.5 * COMMUNITY_VISITS_PER_MONTH),
        source=(
            f"{SILENT}; fewer than into farm households (Sihui's agencies serve a mostly "
            "rural county-level city): about one or two a week"
        ),
    ),
    Parameter(
        name="hardship_visits_per_month",
        lower=0.0,
        upper=200.0,
        default=HARDSHIP_VISITS_PER_MONTH,
        description="Mean visits into families in hardship per cadre per month (Poisson rate).",
        unit="visit/month",
        prior=Prior("uniform", 0.5 * HARDSHIP_VISITS_PER_MONTH, 1.5 * HARDSHIP_VISITS_PER_MONTH),
        source=(
            f"{SILENT}; about one a week. With the two rates above, 26 visits a month, "
            "312 a year per cadre: what the Sihui example's illustrative pledges "
            "(300 a year per stationed cadre) are set against"
        ),
    ),
    Parameter(
        name="hardship_families",
        lower=0.0,
        upper=10_000.0,
        default=HARDSHIP_FAMILIES,
        description=(
            "Families in hardship in a cadre's charge (a whole number); each visit goes to "
            "any of them alike."
        ),
        unit="household",
        prior=Prior("uniform", 40.0, 120.0),
        integer=True,
        source=(
            f"{SILENT}; with one visit a week a cadre reaches 80 x (1 - (1 - 5/80)^12) = "
            "43 of 80 families in a year, so repeat visits (a family helped more than once) "
            "are common, as 'help with their difficulties' implies"
        ),
    ),
)

INITIATIVE = Initiative(
    name="village-visits",
    title=label(
        "Cadres stationed in villages: 'ten-hundred-thousand-ten-thousand' and 'link up, "
        "visit down'",
        '"十百千万"干部下基层驻农村和"上联下访"活动',
    ),
    description=(
        "Cadres stationed in villages visit communities, farm households and families in "
        "hardship each month (Poisson, per cadre and kind); visits to families in hardship "
        "reach families not yet reached in proportion to those left, so the families "
        "reached in a year are distinct and never more than the cadre's charge. Its units "
        "are the cadres (posts)."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=VisitsModel(),
    outputs=OUTPUTS,
    default_units=CADRES,
    source="report B-II (Sihui: new ways of solving hot and difficult problems)",
)

__all__ = ["CADRES", "INDICATORS", "INITIATIVE", "PARAMETERS"]
