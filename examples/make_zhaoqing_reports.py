"""Generate ``zhaoqing-2006-reports.csv``: a year of monthly reports for the Zhaoqing example.

Every post reports, each month, the indicators it pledged and delegated no further (the
posts above it are rolled up from them); every post reports its quarterly exam score
(booked as ``2006Q1`` .. ``2006Q4``). The values follow each pledge's schedule with
realistic variation: each post has its own pace, a few posts lag clearly (so bulletins
name laggards and the evaluation raises findings), one staff member has an integrity
breach (the veto), a few reports come in late, and the service windows earn
labour-competition points. Where the report gives a figure (3,079 people trained,
1,213 start-ups, 100,100 rural workers trained, ...) the year's reports add up to it
exactly, so the demo reproduces the report's numbers.

Run from the repository root (the initiative plugins must be installed)::

    .venv/bin/python examples/make_zhaoqing_reports.py

The output is deterministic (seeded); the committed CSV is this script's output.
"""

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from vanguard import Vanguard
from vanguard.model.indicator import Aggregation, Direction, Indicator
from vanguard.review.actuals import known_indicators
from vanguard.review.calendar import ReviewCalendar
from vanguard.review.lines import pledge_lines

HERE = Path(__file__).parent
SEED = 20061231
LAGGARDS = {
    # post: pace (share of the schedule achieved)
    "rights-centre.staff-1": 0.72,
    "arbitration.staff-2": 0.80,
    "inspection.staff-3": 0.84,
    "retiree-centre.staff-3": 0.88,
}
LATE_REPORTERS = {"rights-centre.staff-1": 4, "policy.staff-2": 2}
INTEGRITY_BREACH = ("si-fund.staff-2", "2006-08")


def main() -> None:
    app = Vanguard()
    program = app.load_program(HERE / "zhaoqing-2006.toml")
    indicators = known_indicators(program, app.indicators())
    lines = pledge_lines(program, indicators)
    calendar = ReviewCalendar(program)
    months = calendar.months
    rng = np.random.default_rng(np.random.SeedSequence(SEED))
    pace = {post.id: float(np.clip(rng.normal(1.03, 0.05), 0.9, 1.15)) for post in program.posts}
    pace.update(LAGGARDS)

    series: dict[tuple[str, str], np.ndarray] = {}
    for i, line in enumerate(lines.lines):
        if not line.direct or line.indicator == "study.exam_score":
            continue
        indicator = indicators[line.indicator]
        schedule = lines.expected[i]
        own = pace[line.post] * rng.uniform(0.97, 1.03)
        better = own if indicator.direction is Direction.HIGHER else 2.0 - own
        if line.indicator == "integrity.violations":
            values = np.zeros(len(months))
        elif line.indicator == "management.reports_on_time":
            values = np.ones(len(months))  # set to 0 below for the months reported late
        elif indicator.over_time is Aggregation.SUM:
            expected = np.maximum(np.diff(schedule, prepend=0.0) * better, 0.0)
            # Large counts vary like Poisson counts; small ones are rounded at random, so a
            # pledge of 45 study sessions is not missed by chance alone.
            rounded = np.floor(expected) + (rng.random(len(months)) < expected % 1)
            values = np.where(expected >= 20, rng.poisson(expected), rounded).astype(float)
        elif indicator.over_time is Aggregation.LAST:
            values = np.round(schedule * min(better, 1.1)) if line.value > 1 else schedule.copy()
            values = np.maximum.accumulate(values)
        else:  # means and rates: around the pledged level
            level = line.value * better if line.value > 0 else 0.0
            noise = rng.normal(1.0, 0.02, len(months))
            values = level * noise
            if indicator.unit in ("percent", "%"):
                values = np.minimum(values, 100.0)
            if 0 < line.value <= 1:
                values = np.clip(values, 0.0, 1.0)
        series[(line.post, line.indicator)] = values

    for figure in program.figures:
        _match_figure(series, figure.indicator, figure.value, indicators[figure.indicator])
    post, month = INTEGRITY_BREACH
    series.setdefault((post, "integrity.violations"), np.zeros(len(months)))
    series[(post, "integrity.violations")][calendar.month_of(month) or 0] = 1.0

    rows = []
    for (post, code), values in series.items():
        late_months = set(
            rng.choice(len(months), size=LATE_REPORTERS.get(post, 0), replace=False).tolist()
        )
        for m, occurrence in enumerate(months):
            delay = int(rng.integers(1, 5)) + (12 if m in late_months else 0)
            if code == "management.reports_on_time" and m in late_months:
                values[m] = 0.0
            rows.append(_row(post, code, occurrence.label, values[m], occurrence.end, delay))
    for post in program.posts:
        for q, quarter in enumerate(calendar.quarters):
            score = float(np.clip(rng.normal(84 + 40 * (pace[post.id] - 1.0), 4), 40, 100))
            rows.append(
                _row(post.id, "study.exam_score", quarter.label, round(score, 1), quarter.end, 4)
            )
            if any(
                line.post == post.id and line.indicator.startswith("windows.")
                for line in lines.lines
            ):
                points = float(rng.integers(10, 40) + (15 if q == 3 else 0))
                rows.append(
                    _row(
                        post.id, "windows.competition_points", quarter.label, points, quarter.end, 3
                    )
                )
    rows.sort(key=lambda row: (row["period"][:4] + _month_key(row["period"]), row["post"]))
    with (HERE / "zhaoqing-2006-reports.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(
            out, fieldnames=["post", "indicator", "period", "value", "reported"]
        )
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} reports")


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
    return floors


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


if __name__ == "__main__":
    main()
