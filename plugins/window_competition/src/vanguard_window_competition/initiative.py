"""The window-competition initiative: indicators, parameters, program check and scoring.

Report A-I-3 and A-I-4: the whole city system learns from the bureau's Employment
Training Centre, a "National Quality Service Window", and the service windows hold labour
competitions. The report gives no figures for either, so the defaults are stated
assumptions (see each parameter's ``source``).
"""

from collections.abc import Iterator

from vanguard import Aggregation, Direction, Indicator, Initiative, Parameter, Prior, label
from vanguard.model.program import InitiativeUse, Program
from vanguard.problems import Problem
from vanguard_window_competition.awards import (
    ERROR_RATE,
    ERRORS,
    FIRST_PRIZE_POINTS,
    POINTS,
    POINTS_STEP,
    SATISFACTION,
    SERVED,
    WAITING,
    score_year,
)
from vanguard_window_competition.windows import MODEL_WINDOW, CompetitionModel

WINDOWS = (
    MODEL_WINDOW,
    "social-insurance-registration",
    "labour-dispute-reception",
    "employment-registration",
    "pension-payment",
)
"""The model window and four service windows of the city system: the default units."""

NAME = "window-competition"
_ASSUMED = "not quantified in the report (A-I-3, A-I-4 name the practice only): assumption"

INDICATORS = (
    Indicator(
        code=SERVED,
        name=label("People served at the window", "窗口服务人次"),
        unit="person",
        description="Customers whose business the window completed in the period.",
    ),
    Indicator(
        code=ERRORS,
        name=label("Service errors", "差错件数"),
        unit="case",
        direction=Direction.LOWER,
        description="Completed cases found to contain an error.",
    ),
    Indicator(
        code=ERROR_RATE,
        name=label("Service error rate", "差错率"),
        unit="ratio",
        direction=Direction.LOWER,
        over_time=Aggregation.RATIO,
        over_units=Aggregation.RATIO,
        numerator=ERRORS,
        denominator=SERVED,
        description="Errors per person served.",
    ),
    Indicator(
        code=WAITING,
        name=label("Waiting time", "等候时间"),
        unit="minute",
        direction=Direction.LOWER,
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Mean minutes a customer waits before being served.",
    ),
    Indicator(
        code=SATISFACTION,
        name=label("Customer satisfaction", "群众满意率"),
        unit="percent",
        over_time=Aggregation.MEAN,
        over_units=Aggregation.MEAN,
        description="Share of surveyed customers satisfied with the service, in percent.",
    ),
    Indicator(
        code=POINTS,
        name=label("Competition points", "竞赛积分"),
        unit="point",
        description="Points awarded by the competition rounds held in the period.",
    ),
)


def _parameter(
    name: str,
    default: float,
    bounds: tuple[float, float],
    prior: Prior,
    description: str,
    unit: str,
    *,
    integer: bool = False,
    source: str = _ASSUMED,
) -> Parameter:
    return Parameter(
        name=name,
        lower=bounds[0],
        upper=bounds[1],
        default=default,
        description=description,
        unit=unit,
        prior=prior,
        integer=integer,
        source=source,
    )


PARAMETERS = (
    _parameter(
        "served_per_month",
        800.0,
        (0.0, 1_000_000.0),
        Prior("uniform", 400.0, 1200.0),
        "Mean people a window performing like the model window serves a month (Poisson).",
        "person/month",
        source="assumption: about 40 people a working day at a busy city service window",
    ),
    _parameter(
        "throughput_gap_factor",
        0.5,
        (0.0, 1.0),
        Prior("uniform", 0.2, 0.8),
        "Share of throughput lost at the largest gap (served x (1 - factor x gap)).",
        "share",
    ),
    _parameter(
        "best_error_rate",
        0.005,
        (0.0, 1.0),
        Prior("uniform", 0.0025, 0.0075),
        "Error probability per case at the model window.",
        "probability",
    ),
    _parameter(
        "error_gap_factor",
        4.0,
        (0.0, 100.0),
        Prior("uniform", 2.0, 6.0),
        "Relative rise of the error rate at the largest gap (rate x (1 + factor x gap)).",
        "factor",
    ),
    _parameter(
        "best_waiting_minutes",
        10.0,
        (0.0, 600.0),
        Prior("uniform", 5.0, 15.0),
        "Mean waiting time at the model window.",
        "minute",
    ),
    _parameter(
        "waiting_gap_factor",
        2.0,
        (0.0, 100.0),
        Prior("uniform", 1.0, 3.0),
        "Relative rise of the waiting time at the largest gap (minutes x (1 + factor x gap)).",
        "factor",
    ),
    _parameter(
        "best_satisfaction",
        0.98,
        (0.0, 1.0),
        Prior("uniform", 0.95, 1.0),
        "Probability that a customer of the model window is satisfied.",
        "probability",
        source="assumption: a National Quality Service Window (A-I-3) satisfies nearly all",
    ),
    _parameter(
        "satisfaction_gap_factor",
        0.4,
        (0.0, 1.0),
        Prior("uniform", 0.2, 0.6),
        "Share of satisfaction lost at the largest gap (probability x (1 - factor x gap)).",
        "share",
    ),
    _parameter(
        "survey_size",
        100.0,
        (1.0, 100_000.0),
        Prior("uniform", 50.0, 150.0),
        "Customers surveyed about satisfaction per window per month.",
        "person",
        integer=True,
    ),
    _parameter(
        "initial_gap",
        0.4,
        (0.0, 1.0),
        Prior("uniform", 0.2, 0.6),
        "Mean initial performance gap of the other windows to the model window "
        "(each window: this x Uniform(0.5, 1.5)).",
        "share",
    ),
    _parameter(
        "emulation_rate",
        0.05,
        (0.0, 1.0),
        Prior("uniform", 0.02, 0.1),
        "Share of its gap to the model window a window closes each month by emulating it.",
        "share/month",
        source="assumption: the city-wide drive to learn from the model window (A-I-3) "
        "halves a window's gap in about a year together with the rounds",
    ),
    _parameter(
        "rounds_per_quarter",
        1.0,
        (0.0, 3.0),
        Prior("uniform", 0.0, 3.0),
        "Competition rounds a quarter (0..3), held in the quarter's last months.",
        "round/quarter",
        integer=True,
        source="assumption: one round a quarter, judged with the quarterly bulletin (A-II-2)",
    ),
    _parameter(
        "round_boost",
        0.1,
        (0.0, 1.0),
        Prior("uniform", 0.0, 0.2),
        "Further share of its gap a window closes after a competition round.",
        "share/round",
    ),
    _parameter(
        "first_prize_points",
        FIRST_PRIZE_POINTS,
        (0.0, 1000.0),
        Prior("uniform", 5.0, 15.0),
        "Points for the winner of a round and of the year.",
        "point",
        integer=True,
        source="assumption: the usual 10 / 8 / 6 / 4 / 2 award scale",
    ),
    _parameter(
        "points_step",
        POINTS_STEP,
        (0.0, 1000.0),
        Prior("uniform", 1.0, 3.0),
        "Points fewer for each place down the ranking (never below 0).",
        "point",
        integer=True,
        source="assumption: the usual 10 / 8 / 6 / 4 / 2 award scale",
    ),
)


def check_program(program: Program, use: InitiativeUse) -> Iterator[Problem]:
    """A competition needs at least two distinct windows.

    Yields a problem located at the use's ``units`` when fewer than two distinct windows
    are listed, or when a window is listed twice. (No units: the default windows run.)
    """
    index = next((i for i, other in enumerate(program.initiatives) if other is use), None)
    if index is None:  # an equal copy of the use: locate it by value
        index = next((i for i, other in enumerate(program.initiatives) if other == use), None)
    where = "initiatives.units" if index is None else f"initiatives[{index}].units"
    if use.units and len(set(use.units)) < 2:
        yield Problem(where, f"{NAME}: a competition needs at least two windows")
    duplicated = sorted({unit for unit in use.units if use.units.count(unit) > 1})
    if duplicated:
        yield Problem(where, f"{NAME}: window(s) listed more than once: {', '.join(duplicated)}")


INITIATIVE = Initiative(
    name=NAME,
    title=label("Service-window labour competition", "服务窗口劳动竞赛"),
    description=(
        "Service windows compete in rounds on throughput, error rate, waiting time and "
        "satisfaction; rounds and the year-end ranking award points. The Employment "
        "Training Centre, a National Quality Service Window, is the model the other "
        "windows emulate: each closes a share of its performance gap every month."
    ),
    indicators=INDICATORS,
    parameters=PARAMETERS,
    model=CompetitionModel(),
    outputs=(SERVED, ERRORS, WAITING, SATISFACTION, POINTS),  # the error rate: from its parts
    default_units=WINDOWS,
    check_program=check_program,
    score=score_year,
    source="report A-I-3 (emulate the model window) and A-I-4 (labour competitions)",
)

__all__ = ["INITIATIVE", "MODEL_WINDOW", "WINDOWS", "check_program"]
