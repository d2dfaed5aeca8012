"""Generate a year of monthly reports for the shipped example programs.

``zhaoqing-2006-reports.csv`` (program A, the Zhaoqing labour bureau) and
``sihui-2006-reports.csv`` (program B, the Sihui municipal agencies) are this script's
output. Every post reports, each month, the indicators it pledged and delegated no further
(the posts above it are rolled up from them), except rates, which are computed from their
parts (a rate's report would be refused); every post reports the indicators the
year-end evaluation links in from a quarterly cycle (the exam score, booked as ``2006Q1`` ..
``2006Q4``); indicators held once a quarter (the exams a post sat) are reported per quarter
too. The values follow each pledge's schedule with realistic variation: each post has its
own pace, a few posts lag clearly (so bulletins name laggards and the evaluation raises
findings), a few reports come in late and, where an example says so, one staff member has
an integrity breach (the veto) and the service windows earn labour-competition points.
Where the program states a figure of the report (3,079 people trained, 1,213 start-ups,
100,100 rural workers trained, ...) the year's reports add up to it exactly, so the demo
reproduces the report's numbers.

Run from the repository root (the initiative plugins must be installed)::

    .venv/bin/python examples/make_reports.py            # both examples
    .venv/bin/python examples/make_reports.py sihui      # one of them

The output is deterministic (each example has its own seed); the committed CSV files are
this script's output.
"""

import csv
import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import attrs
import numpy as np

from vanguard import Vanguard
from vanguard.model.cycle import Cadence
from vanguard.model.indicator import Aggregation, Direction, Indicator
from vanguard.model.program import Program
from vanguard.model.rectification import CODES as REGISTER_CODES
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.layout import review_layout

HERE = Path(__file__).parent
COLUMNS = ["post", "indicator", "period", "value", "reported"]
ON_TIME = "management.reports_on_time"
VIOLATIONS = "integrity.violations"


@dataclass(frozen=True)
class Example:
    """How one example's year of reports is generated.

    ``laggards`` maps a post to its pace (share of its schedule achieved; the other posts
    draw theirs around 1.03); ``late`` maps a post to the number of months it reports late;
    ``breach`` is the post and month of an integrity breach, if any; ``held_quarterly`` are
    indicators a post reports once a quarter (its pledge spread evenly over the quarters);
    ``points`` is an indicator earned quarterly by the posts that pledge indicators with
    the given prefix (the window labour competition). Small monthly counts are whole
    numbers: with ``cumulative_rounding`` the year's running total is rounded (from one
    random phase per pledge), so a post at its pace ends the year within one of it; without,
    each month is rounded at random on its own, which lets a steady post miss a pledge of a
    dozen by two or three (the Zhaoqing reports were first generated that way and are kept
    as they were, so the figures quoted from them stay true).
    """

    program: str
    reports: str
    seed: int
    laggards: Mapping[str, float]
    late: Mapping[str, int]
    breach: tuple[str, str] | None = None
    held_quarterly: tuple[str, ...] = ()
    points: tuple[str, str] | None = None
    cumulative_rounding: bool = True


EXAMPLES = {
    "zhaoqing": Example(
        program="zhaoqing-2006.toml",
        reports="zhaoqing-2006-reports.csv",
        seed=20061231,
        laggards={
            "rights-centre.staff-1": 0.72,
            "arbitration.staff-2": 0.80,
            "inspection.staff-3": 0.84,
            "retiree-centre.staff-3": 0.88,
        },
        late={"rights-centre.staff-1": 4, "policy.staff-2": 2},
        breach=("si-fund.staff-2", "2006-08"),
        held_quarterly=("study.exams_taken",),
        points=("windows.competition_points", "windows."),
        cumulative_rounding=False,
    ),
    "sihui": Example(
        program="sihui-2006.toml",
        reports="sihui-2006-reports.csv",
        seed=20060415,
        laggards={
            "land-resources.staff-2": 0.74,
            "civil-affairs.staff-1": 0.81,
            "public-security.staff-2": 0.86,
        },
        late={"land-resources.staff-2": 3, "finance.staff-1": 1},
        held_quarterly=("study.exams_taken",),
    ),
}


def _as_finally_revised(program: Program) -> Program:
    letters = tuple(
        attrs.evolve(
            letter,
            pledges=tuple(
                attrs.evolve(pledge, value=pledge.effective_value, revisions=())
                for pledge in letter.pledges
            ),
        )
        for letter in program.letters
    )
    return attrs.evolve(program, letters=letters)


def generate(app: Vanguard, example: Example) -> list[dict[str, str]]:
    """The example's year of reports as CSV rows (sorted by period, then post)."""
    program = app.load_program(HERE / example.program)
    indicators = program.usable_indicators(app.indicators())
    # Each post paces itself to its pledges as finally revised, from the start of the year
    # (revisions are folded into the values the generator aims at).
    lines = review_layout(_as_finally_revised(program), indicators)
    calendar = ReviewCalendar(program)
    months = calendar.months
    linked = _quarterly_linked(program)
    rng = np.random.default_rng(np.random.SeedSequence(example.seed))
    pace = {post.id: float(np.clip(rng.normal(1.03, 0.05), 0.9, 1.15)) for post in program.posts}
    pace.update(example.laggards)

    series: dict[tuple[str, str], np.ndarray] = {}
    for i, line in enumerate(lines.lines):
        if (
            not line.direct
            or line.indicator in linked
            or line.indicator in example.held_quarterly
            or line.indicator in REGISTER_CODES  # read from the rectification register
        ):
            continue
        series[(line.post, line.indicator)] = _monthly(
            rng,
            indicators[line.indicator],
            line.indicator,
            line.value,
            lines.due[i],
            pace[line.post],
            example.cumulative_rounding,
        )

    for figure in program.figures:
        _match_figure(series, figure.indicator, figure.value, indicators[figure.indicator])
    if example.breach is not None:
        breacher, month = example.breach
        series.setdefault((breacher, VIOLATIONS), np.zeros(len(months)))
        series[(breacher, VIOLATIONS)][calendar.month_of(month) or 0] = 1.0

    parts = _parts_of_rates(series, indicators)
    rows = []
    for (poster, code), values in series.items():
        late_months = set(
            rng.choice(len(months), size=example.late.get(poster, 0), replace=False).tolist()
        )
        # A rate is computed from its parts, never reported: its values are still drawn, so
        # every other report keeps the value it had when rates were written too.
        written = indicators[code].numerator is None
        for m, occurrence in enumerate(months):
            delay = int(rng.integers(1, 5)) + (12 if m in late_months else 0)
            if code == ON_TIME and m in late_months:
                values[m] = 0.0
            if written:
                rows.append(_row(poster, code, occurrence.label, values[m], occurrence.end, delay))
    held = {
        (line.post, line.indicator): line.value / len(calendar.quarters)
        for line in lines.lines
        if line.direct and line.indicator in example.held_quarterly
    }
    earners: set[str] = set()
    if example.points is not None:
        earners = {
            line.post for line in lines.lines if line.indicator.startswith(example.points[1])
        }
    for post in program.posts:
        for q, quarter in enumerate(calendar.quarters):
            for code in linked:
                score = float(np.clip(rng.normal(84 + 40 * (pace[post.id] - 1.0), 4), 40, 100))
                rows.append(_row(post.id, code, quarter.label, round(score, 1), quarter.end, 4))
            if example.points is not None and post.id in earners:
                points = float(rng.integers(10, 40) + (15 if q == 3 else 0))
                rows.append(_row(post.id, example.points[0], quarter.label, points, quarter.end, 3))
            for (holder, code), each in held.items():
                if holder == post.id:
                    rows.append(_row(post.id, code, quarter.label, each, quarter.end, 4))
    rows += _rows_of_parts(parts, rows, [month.label for month in months])
    rows.sort(key=lambda row: (row["period"][:4] + _month_key(row["period"]), row["post"]))
    return rows


def _rows_of_parts(
    parts: Mapping[tuple[str, str, str], np.ndarray],
    rows: Sequence[Mapping[str, str]],
    periods: Sequence[str],
) -> list[dict[str, str]]:
    """Rows of the derived parts of rates, filed with the report of the part they are
    derived from (the same submission, so the same filing date)."""
    filed = {(row["post"], row["indicator"], row["period"]): row["reported"] for row in rows}
    made = []
    for (poster, code, sibling), values in parts.items():
        for m, period in enumerate(periods):
            value = float(values[m])
            made.append(
                {
                    "post": poster,
                    "indicator": code,
                    "period": period,
                    "value": f"{value:.0f}" if value.is_integer() else f"{value:.4g}",
                    "reported": filed[(poster, sibling, period)],
                }
            )
    return made


def _quarterly_linked(program: Program) -> tuple[str, ...]:
    """Indicators the evaluation links in from a quarterly cycle: every post reports them."""
    quarterly = {cycle.id for cycle in program.cycles if cycle.cadence is Cadence.QUARTERLY}
    return tuple(item.indicator for item in program.evaluation.linked if item.cycle in quarterly)


def _parts_of_rates(
    series: Mapping[tuple[str, str], np.ndarray], indicators: Mapping[str, Indicator]
) -> dict[tuple[str, str, str], np.ndarray]:
    """The part of each pledged rate its post does not pledge, derived from the part it
    does and the rate drawn for it: a post judged on a rate reports both parts (the
    placement rate of the employment staff needs the trained workers they were to place).
    No number is drawn, so every other report keeps its value."""
    derived: dict[tuple[str, str, str], np.ndarray] = {}
    for (poster, code), rate in series.items():
        indicator = indicators[code]
        if indicator.numerator is None or indicator.denominator is None:
            continue
        top = series.get((poster, indicator.numerator))
        bottom = series.get((poster, indicator.denominator))
        if top is not None and bottom is None:
            value = np.where(rate > 0, top / np.where(rate > 0, rate, 1.0), 0.0)
            derived[(poster, indicator.denominator, indicator.numerator)] = _like(
                indicators[indicator.denominator], value
            )
        elif bottom is not None and top is None:
            derived[(poster, indicator.numerator, indicator.denominator)] = _like(
                indicators[indicator.numerator], rate * bottom
            )
    return derived


def _like(indicator: Indicator, values: np.ndarray) -> np.ndarray:
    """``values`` as the indicator's reports are written: whole numbers for counts."""
    if indicator.unit in ("percent", "%", "share"):
        return np.round(values, 4)
    return np.round(values)


def _monthly(
    rng: np.random.Generator,
    indicator: Indicator,
    code: str,
    pledged: float,
    schedule: np.ndarray,
    pace: float,
    cumulative: bool,
) -> np.ndarray:
    """One post's twelve monthly reports of one pledged indicator, at the post's pace."""
    months = len(schedule)
    own = pace * rng.uniform(0.97, 1.03)
    better = own if indicator.direction is Direction.HIGHER else 2.0 - own
    percent = indicator.unit in ("percent", "%")
    if code == VIOLATIONS:
        return np.zeros(months)
    if code == ON_TIME:
        return np.ones(months)  # set to 0 for the months reported late
    if indicator.over_time is Aggregation.SUM:
        expected = np.maximum(np.diff(schedule, prepend=0.0) * better, 0.0)
        # Large counts vary like Poisson counts; small ones are rounded at random, so a
        # pledge of 45 study sessions is not missed by chance alone.
        if cumulative:
            running = np.floor(np.cumsum(expected) + rng.random())
            rounded = np.diff(running, prepend=0.0)
        else:
            rounded = np.floor(expected) + (rng.random(months) < expected % 1)
        return np.where(expected >= 20, rng.poisson(expected), rounded).astype(float)
    if indicator.over_time is Aggregation.LAST:
        if pledged <= 1:
            return schedule.copy()
        values = np.round(schedule * min(better, 1.1))
        if percent:
            values = np.minimum(values, 100.0)
        # A level that is cut (approval items and steps) only falls; one built up only rises.
        if indicator.direction is Direction.LOWER:
            return np.minimum.accumulate(values)
        return np.maximum.accumulate(values)
    # means and rates: around the pledged level
    level = pledged * better if pledged > 0 else 0.0
    values = level * rng.normal(1.0, 0.02, months)
    if percent:
        values = np.minimum(values, 100.0)
    if 0 < pledged <= 1:
        values = np.clip(values, 0.0, 1.0)
    return values


def _match_figure(
    series: dict[tuple[str, str], np.ndarray], code: str, value: float, indicator: Indicator
) -> None:
    """Scale the direct posts' reports of ``code`` so the year adds up to the report's figure."""
    keys = [key for key in series if key[1] == code]
    if not keys or indicator.over_time not in (Aggregation.SUM, Aggregation.LAST):
        return
    if indicator.over_time is Aggregation.LAST:
        finals = np.asarray([series[key][-1] for key in keys])
        if finals.sum() <= 0:
            return
        target = _whole(finals * value / finals.sum(), value)
        for key, final, new in zip(keys, finals, target, strict=True):
            path = series[key] * (new / final if final else 0.0)
            path[-1] = new
            series[key] = np.minimum(np.round(path), new)
        return
    block = np.stack([series[key] for key in keys])
    if block.sum() <= 0:
        return
    scaled = _whole((block * value / block.sum()).ravel(), value).reshape(block.shape)
    for key, row in zip(keys, scaled, strict=True):
        series[key] = row


def _whole(shares: np.ndarray, total: float) -> np.ndarray:
    """Whole numbers adding up to ``total`` exactly (largest remainder)."""
    floors = np.floor(shares)
    missing = round(total - floors.sum())
    order = np.argsort(-(shares - floors), kind="stable")
    floors[order[:missing]] += 1
    return np.asarray(floors, dtype=np.float64)


def _row(
    post: str, code: str, period: str, value: float, end: dt.date, delay: int
) -> dict[str, str]:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.4g}"
    reported = end + dt.timedelta(days=delay)
    return {
        "post": post,
        "indicator": code,
        "period": period,
        "value": text,
        "reported": reported.isoformat(),
    }


def _month_key(period: str) -> str:
    if "Q" in period:
        return f"-{int(period[-1]) * 3:02d}z"
    return period[4:]


def write(rows: Sequence[Mapping[str, str]], path: Path) -> None:
    """Write ``rows`` as a report file (the columns :func:`vanguard.review.read_reports` reads)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(names: Sequence[str]) -> None:
    unknown = [name for name in names if name not in EXAMPLES]
    if unknown:
        raise SystemExit(f"unknown example(s) {', '.join(unknown)}; known: {', '.join(EXAMPLES)}")
    app = Vanguard()
    for name in names or list(EXAMPLES):
        example = EXAMPLES[name]
        rows = generate(app, example)
        write(rows, HERE / example.reports)
        print(f"{example.reports}: wrote {len(rows)} reports")


if __name__ == "__main__":
    main(sys.argv[1:])
