"""The retiree-management initiative: its indicators, parameters and model.

Report A-III-5: in April 2006 Zhaoqing opened the province's first Enterprise Retiree
Management Service Centre for retirees of city-level enterprises
(市直企业退休人员管理服务中心), and in September 2006 the provincial department held its
on-site meeting on socialised-management demonstration sites in Zhaoqing. The two dates
are the defaults of ``centre_opens_period`` (period 3 = April for a program starting in
January 2006) and ``sites_ready_period`` (period 8 = September); the report gives no
counts, so the other defaults are assumptions, marked as such in their ``source``.
"""

from vanguard import Aggregation, Indicator, Initiative, Label, Parameter, Prior
from vanguard_retiree_management.milestones import MilestoneCheck
from vanguard_retiree_management.model import (
    CASELOAD,
    CENTRE_OPEN,
    OUTPUTS,
    SERVICE_LEVEL,
    SITES,
    TRANSFERRED,
    RetireeCentreModel,
)

UNITS = ("city",)
"""One unit by default: the municipal centre serving retirees of city-level enterprises."""

ASSUMED = "assumption (the report, A-III-5, gives no count)"

INDICATORS = (
    Indicator(
        code=TRANSFERRED,
        name=Label(en="Retirees moved into community management", zh="移交社区管理退休人员"),
        unit="person",
        description="Enterprise retirees moved from their employers into community management.",
    ),
    Indicator(
        code=CASELOAD,
        name=Label(en="Retirees under the centre's management", zh="中心管理服务人数"),
        unit="person",
        over_time=Aggregation.LAST,
        description="Retirees the centre manages at the period's end.",
    ),
    Indicator(
        code=SERVICE_LEVEL,
        name=Label(en="Retirees served to standard", zh="管理服务达标率"),
        unit="percent",
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Percentage of all the unit's enterprise retirees served to standard.",
    ),
    Indicator(
        code=CENTRE_OPEN,
        name=Label(en="Retiree Management Service Centre open", zh="企业退休人员管理服务中心成立"),
        unit="0/1",
        over_time=Aggregation.LAST,
        over_units=Aggregation.MEAN,
        description=(
            "1 once the centre is open, else 0 (over units: the share of units whose centre "
            "is open). Dated target in the report: April 2006."
        ),
    ),
    Indicator(
        code=SITES,
        name=Label(en="Demonstration sites ready", zh="社会化管理服务示范点"),
        unit="site",
        over_time=Aggregation.LAST,
        description="Demonstration sites ready at the period's end (report: by September 2006).",
    ),
)

PARAMETERS = (
    Parameter(
        name="retirees",
        lower=1.0,
        upper=1_000_000.0,
        default=15_000.0,
        description="Enterprise retirees managed by their former employers at the start, per unit.",
        unit="person",
        prior=Prior("uniform", 10_000.0, 20_000.0),
        integer=True,
        source=ASSUMED,
    ),
    Parameter(
        name="centre_opens_period",
        lower=0.0,
        upper=120.0,
        default=3.0,
        description=(
            "Period (0 = the program's first month) in which the centre opens; transfers "
            "start then."
        ),
        unit="period",
        prior=Prior("triangular", 2.0, 4.0, 3.0),
        integer=True,
        source="report A-III-5: centre opened April 2006 (period 3 of a program from January)",
    ),
    Parameter(
        name="transfer_rate",
        lower=0.0,
        upper=1.0,
        default=0.1,
        description=(
            "Monthly probability that a retiree still with an employer moves into community "
            "management, once the centre is open."
        ),
        unit="probability/month",
        prior=Prior("beta", 2.0, 18.0),
        source=ASSUMED,
    ),
    Parameter(
        name="centre_capacity",
        lower=1.0,
        upper=1_000_000.0,
        default=12_000.0,
        description="Retirees the centre can serve to standard, per unit.",
        unit="person",
        prior=Prior("uniform", 8_000.0, 16_000.0),
        source=ASSUMED,
    ),
    Parameter(
        name="centre_service_level",
        lower=0.0,
        upper=1.0,
        default=0.95,
        description="Share of the centre's caseload served to standard while within capacity.",
        unit="share",
        prior=Prior("beta", 19.0, 1.0),
        source=ASSUMED,
    ),
    Parameter(
        name="employer_service_level",
        lower=0.0,
        upper=1.0,
        default=0.6,
        description="Share of retirees still managed by their employers served to standard.",
        unit="share",
        prior=Prior("beta", 6.0, 4.0),
        source=ASSUMED,
    ),
    Parameter(
        name="demonstration_sites",
        lower=0.0,
        upper=50.0,
        default=4.0,
        description="Demonstration sites set up per unit (a whole number).",
        unit="site",
        prior=Prior("triangular", 2.0, 6.0, 4.0),
        integer=True,
        source=ASSUMED,
    ),
    Parameter(
        name="sites_ready_period",
        lower=0.0,
        upper=120.0,
        default=8.0,
        description=(
            "Period by which every demonstration site is ready (each is ready in a month "
            "drawn uniformly from the centre's opening to this period)."
        ),
        unit="period",
        prior=Prior("triangular", 7.0, 9.0, 8.0),
        integer=True,
        source="report A-III-5: provincial on-site meeting at the sites, September 2006",
    ),
)

INITIATIVE = Initiative(
    name="retiree-management",
    title=Label(en="Socialised management of enterprise retirees", zh="企业退休人员社会化管理服务"),
    description=(
        "Enterprise retirees move from their employers into community management once "
        "the Retiree Management Service Centre opens; the centre's caseload and the "
        "service level follow, and demonstration sites are set up by a dated milestone."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=RetireeCentreModel(),
    outputs=OUTPUTS,
    default_units=UNITS,
    check_program=MilestoneCheck(
        defaults={parameter.name: parameter.default for parameter in PARAMETERS},
        default_units=UNITS,
    ),
    source="A-III-5",
)

__all__ = ["INDICATORS", "INITIATIVE", "PARAMETERS", "UNITS"]
