"""The campaign-discipline initiative: the indicators every post carries, and their defaults.

Report A-I-1 and A-I-2 (and A-II-2): every Friday afternoon is study time, staff are
examined quarterly on one topic and the results are linked into the year-end appraisal;
every post holds a clean-government letter (a breach vetoes the top grade); every post
reports monthly; the policy staff issue the bureau's normative documents. The report
gives no per-post figure for any of these, so the defaults are calibrated to the shipped
years of monthly reports (``examples/zhaoqing-2006-reports.csv`` and
``examples/sihui-2006-reports.csv``, both years pooled) by ``calibrate_defaults.py``
beside this distribution's ``pyproject.toml``: the means with the library's own
calibration (:func:`vanguard.simulation.calibration.calibrate`), the spreads by the
method of moments stated with each parameter. The numbers below are that script's output.
"""

from vanguard import Aggregation, Direction, Indicator, Initiative, Parameter, Prior, label
from vanguard_campaign_discipline.posts import (
    ATTENDANCE,
    DOCUMENTS,
    EXAM_SCORE,
    EXAMS,
    ON_TIME,
    VIOLATIONS,
    DisciplineModel,
)

REPORTS = "examples/zhaoqing-2006-reports.csv + examples/sihui-2006-reports.csv"

# --- calibrate_defaults.py output (python plugins/campaign_discipline/calibrate_defaults.py)
ATTENDANCE_RATE = 0.8678
ATTENDANCE_SPREAD = 0.06012
DOCUMENTS_PER_MONTH = 0.2273
EXAM_ABILITY_SD = 3.116
EXAM_MEAN = 84.59
EXAM_NOISE_SD = 4.029
EXAM_SITTING_PROBABILITY = 1.0
LATE_PROBABILITY = 0.002632
LATE_SPREAD = 2.0  # not fitted: see calibrate_defaults.py
VIOLATION_RATE = 0.0008772
# --- end of calibrate_defaults.py output


def _count(code: str, en: str, zh: str, unit: str, description: str, **kw: object) -> Indicator:
    return Indicator(code=code, name=label(en, zh), unit=unit, description=description, **kw)  # type: ignore[arg-type]  # keyword fields of Indicator


INDICATORS = (
    _count(
        ATTENDANCE,
        "Friday study sessions attended",
        "参加周五学习次数",
        "session",
        "Friday-afternoon study sessions a post attended (A-I-2); averaged over posts.",
        over_units=Aggregation.MEAN,
    ),
    _count(
        EXAMS,
        "Quarterly topic exams sat",
        "参加季度专题考核次数",
        "exam",
        "Quarterly topic exams a post sat, counted in the quarter's last month.",
        over_units=Aggregation.MEAN,
    ),
    _count(
        EXAM_SCORE,
        "Quarterly topic exam score",
        "季度专题考核成绩",
        "point",
        "A post's score (out of 100) in the quarter's exam, reported for each month of it.",
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
    ),
    _count(
        VIOLATIONS,
        "Breaches of the clean-government rules",
        "违反廉洁纪律行为",
        "case",
        "Confirmed breaches of discipline by a post (the integrity veto, 一票否决).",
        direction=Direction.LOWER,
    ),
    _count(
        ON_TIME,
        "Monthly reports submitted on time",
        "按时月度汇报",
        "report",
        "Monthly work reports a post submitted by the due date; averaged over posts.",
        over_units=Aggregation.MEAN,
        filing=True,  # a month it is 0 is a late submission (vanguard.simulation.filing)
    ),
    _count(
        DOCUMENTS,
        "Policy documents issued",
        "出台政策性文件",
        "document",
        "Normative and policy documents a post issued or drafted.",
    ),
)


def _parameter(
    name: str, default: float, upper: float, unit: str, description: str, source: str
) -> Parameter:
    low, high = 0.5 * default, min(upper, 1.5 * default)
    prior = Prior("uniform", low, high) if default > 0 else None
    return Parameter(
        name=name,
        lower=0.0,
        upper=upper,
        default=default,
        description=description,
        unit=unit,
        prior=prior,
        source=source,
    )


PARAMETERS = (
    _parameter(
        "attendance_rate",
        ATTENDANCE_RATE,
        1.0,
        "probability",
        "Mean share of Friday study sessions a post attends.",
        f"calibrated (library calibration) to the mean sessions attended per post, {REPORTS}",
    ),
    _parameter(
        "attendance_spread",
        ATTENDANCE_SPREAD,
        0.5,
        "probability",
        "Sd of a post's own attendance share around the mean (drawn once per post and year).",
        "moments: between-post variance of sessions attended minus the binomial variance, "
        f"over 52 Fridays squared, {REPORTS}",
    ),
    _parameter(
        "exam_mean",
        EXAM_MEAN,
        100.0,
        "point",
        "Mean quarterly exam score.",
        f"calibrated (library calibration) to the mean exam score, {REPORTS}",
    ),
    _parameter(
        "exam_ability_sd",
        EXAM_ABILITY_SD,
        50.0,
        "point",
        "Sd of a post's own exam ability, kept across the quarters (drawn once per post).",
        "moments: variance of the posts' mean scores minus a quarter of the within-post "
        f"variance, {REPORTS}",
    ),
    _parameter(
        "exam_noise_sd",
        EXAM_NOISE_SD,
        50.0,
        "point",
        "Sd of a quarter's score around the post's ability.",
        f"moments: pooled within-post sd of the four quarterly scores, {REPORTS}",
    ),
    _parameter(
        "exam_sitting_probability",
        EXAM_SITTING_PROBABILITY,
        1.0,
        "probability",
        "Probability a post sits a quarter's exam.",
        f"moments: the exams sat per post (4 of 4 by every post), {REPORTS}",
    ),
    _parameter(
        "violation_rate",
        VIOLATION_RATE,
        1.0,
        "case/month",
        "Integrity breaches per post and month (Poisson).",
        f"moments (a count of one is no fit): 1 breach in Zhaoqing, 0 in Sihui, over "
        f"95 posts x 12 months, {REPORTS}",
    ),
    _parameter(
        "late_probability",
        LATE_PROBABILITY,
        1.0,
        "probability",
        "Probability that the typical post's monthly report is late (the median post's).",
        f"calibrated (library calibration) to the mean reports on time per post, {REPORTS}",
    ),
    _parameter(
        "late_spread",
        LATE_SPREAD,
        10.0,
        "logit",
        "Sd of the posts' lateness on the logit scale: large, a few posts are late often.",
        "not fitted (modelling choice): late reports cluster on one or two posts a year in "
        f"{REPORTS}; calibrate_defaults.py keeps it at 2",
    ),
    _parameter(
        "documents_per_month",
        DOCUMENTS_PER_MONTH,
        100.0,
        "document/month",
        "Policy documents a post issues per month (Poisson).",
        f"calibrated (library calibration) to the documents issued per post, {REPORTS}",
    ),
)

INITIATIVE = Initiative(
    name="campaign-discipline",
    title=label("Campaign discipline of every post", "学习考核与廉政纪律"),
    description=(
        "What every post carries besides its business targets: weekly study, the quarterly "
        "exam linked into the appraisal, the clean-government letter, monthly reports on "
        "time and, for the policy staff, documents issued. Its units are posts: a program "
        "lists the posts it simulates, and each post draws its own attendance, exam ability "
        "and lateness once a year."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=DisciplineModel(),
    outputs=(ATTENDANCE, EXAMS, EXAM_SCORE, VIOLATIONS, ON_TIME, DOCUMENTS),
    source="report A-I-1, A-I-2, A-II-2; calibrated to the shipped 2006 reports",
)

__all__ = ["INDICATORS", "INITIATIVE", "PARAMETERS"]
