"""The violation-monitoring initiative: its indicators, parameters and model.

The report names "building the labour-law violation monitoring network"
(实施劳动保障违法行为监控网络建设工程) as one of the bureau's 28 key tasks (A-II-1) but gives
no figure for it, so every default is an assumption, marked as such in its ``source``.
"""

from vanguard import Aggregation, Direction, Indicator, Initiative, Label, Parameter, Prior
from vanguard_violation_monitoring.model import OUTPUTS, MonitoringNetworkModel

COUNTIES = ("duanzhou", "dinghu", "gaoyao", "sihui", "guangning", "huaiji", "fengkai", "deqing")
"""The eight county-level divisions of Zhaoqing the network covers."""

ASSUMED = "assumption (the report, A-II-1, names the task but gives no figure)"

INDICATORS = (
    Indicator(
        code="monitoring.employers_covered",
        name=Label(en="Employers covered by the monitoring network", zh="监控网络覆盖用人单位"),
        unit="employer",
        over_time=Aggregation.LAST,
        description="Employers the network covers at the period's end.",
    ),
    Indicator(
        code="monitoring.inspections",
        name=Label(en="Monitoring inspections", zh="监察检查"),
        unit="inspection",
        description="Inspections of covered employers in the period.",
    ),
    Indicator(
        code="monitoring.violations_detected",
        name=Label(en="Labour-law violations detected", zh="查处违法行为"),
        unit="violation",
        description=(
            "Violations the network's inspections detected in the period (higher is better: "
            "the network exists to find them)."
        ),
    ),
    Indicator(
        code="monitoring.coverage_rate",
        name=Label(en="Coverage of employers", zh="监控覆盖率"),
        unit="ratio",
        over_time=Aggregation.RATIO,
        over_units=Aggregation.RATIO,
        numerator="monitoring.employers_covered",
        denominator="monitoring.employers",
        description="Employers covered / employers (derived; not a model output).",
    ),
    Indicator(
        code="monitoring.employers",
        name=Label(en="Employers", zh="用人单位"),
        unit="employer",
        direction=Direction.HIGHER,
        over_time=Aggregation.LAST,
        description="Employers in the unit (the coverage rate's denominator).",
    ),
)

PARAMETERS = (
    Parameter(
        name="employers",
        lower=1.0,
        upper=100_000.0,
        default=600.0,
        description="Employers per unit (rounded to a whole number).",
        unit="employer",
        prior=Prior("uniform", 300.0, 900.0),
        integer=True,
        source=ASSUMED,
    ),
    Parameter(
        name="initial_coverage",
        lower=0.0,
        upper=1.0,
        default=0.2,
        description="Share of employers the network covers at the program's start.",
        unit="share",
        prior=Prior("beta", 2.0, 8.0),
        source=ASSUMED,
    ),
    Parameter(
        name="target_coverage",
        lower=0.0,
        upper=1.0,
        default=0.9,
        description="Share of employers the network aims to cover (coverage grows towards it).",
        unit="share",
        prior=Prior("beta", 18.0, 2.0),
        source=ASSUMED,
    ),
    Parameter(
        name="coverage_speed",
        lower=0.0,
        upper=1.0,
        default=0.15,
        description="Monthly share of the gap to the target coverage that is closed.",
        unit="1/month",
        prior=Prior("beta", 3.0, 17.0),
        source=ASSUMED,
    ),
    Parameter(
        name="inspections_per_covered",
        lower=0.0,
        upper=10.0,
        default=0.08,
        description="Mean inspections per covered employer per month.",
        unit="inspection/employer/month",
        prior=Prior("gamma", 4.0, 0.02),
        source=ASSUMED,
    ),
    Parameter(
        name="violation_prevalence",
        lower=0.0,
        upper=1.0,
        default=0.12,
        description="Share of inspected employers in violation of labour law.",
        unit="share",
        prior=Prior("beta", 3.0, 22.0),
        source=ASSUMED,
    ),
    Parameter(
        name="detection_probability",
        lower=0.0,
        upper=1.0,
        default=0.7,
        description="Probability that an inspection of an employer in violation detects it.",
        unit="probability",
        prior=Prior("beta", 7.0, 3.0),
        source=ASSUMED,
    ),
)

INITIATIVE = Initiative(
    name="violation-monitoring",
    title=Label(en="Labour-law violation monitoring network", zh="劳动保障违法行为监控网络"),
    description=(
        "The monitoring network's coverage of employers grows towards a target share; "
        "covered employers are inspected and violations detected."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=MonitoringNetworkModel(),
    outputs=OUTPUTS,
    default_units=COUNTIES,
    source="A-II-1",
)

__all__ = ["COUNTIES", "INDICATORS", "INITIATIVE", "PARAMETERS"]
