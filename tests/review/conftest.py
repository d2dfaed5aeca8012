"""Fixtures for the review tests: a small program (a deputy over three section heads) and
a year of reports for it, with one section lagging."""

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vanguard import Program, Vanguard
from vanguard.review import Actuals, check_reports

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def app() -> Vanguard:
    return Vanguard(load_entrypoints=False)


@pytest.fixture(scope="session")
def program(app: Vanguard) -> Program:
    return app.load_program(HERE / "small-program.toml")


def filed(period: str, days: int = 3) -> dt.date:
    """A filing date ``days`` after the end of ``period`` (``2006-03`` or ``2006Q1``)."""
    year, rest = int(period[:4]), period[5:]
    month = int(rest) * 3 if period[4] == "Q" else int(rest)
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next + dt.timedelta(days=days - 1)


def year_rows(seed: int = 5, slow: float = 0.6) -> list[dict[str, Any]]:
    """A year of monthly reports, each filed three days after its period ended: head-a
    ahead, head-b on target, head-c at ``slow`` pace."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    rows: list[dict[str, Any]] = []
    for month in range(1, 13):
        period = f"2006-{month:02d}"
        for post, pace in (("head-a", 1.2), ("head-b", 1.0), ("head-c", slow)):
            rows.append(
                {
                    "post": post,
                    "indicator": "training.trained",
                    "period": period,
                    "value": float(round(10 / 3 * pace + rng.normal(0, 0.3), 1)),
                }
            )
            rows.append(
                {
                    "post": post,
                    "indicator": "service.complaints",
                    "period": period,
                    "value": float(rng.poisson(0.1 / pace)),
                }
            )
            rows.append(
                {
                    "post": post,
                    "indicator": "service.satisfaction",
                    "period": period,
                    "value": float(round(86 + 4 * pace + rng.normal(0, 1), 1)),
                }
            )
        if month % 3 == 0:
            for post in ("deputy", "head-a", "head-b", "head-c"):
                rows.append(
                    {
                        "post": post,
                        "indicator": "study.exam_score",
                        "period": f"2006Q{month // 3}",
                        "value": float(round(rng.normal(85, 4), 1)),
                    }
                )
    rows.append(
        {"post": "head-b", "indicator": "integrity.violations", "period": "2006-07", "value": 1.0}
    )
    rows.append(
        {
            "post": "head-a",
            "indicator": "awards.recognitions",
            "period": "2006-09",
            "value": 1.0,
            "reported": dt.date(2006, 11, 30),
        }
    )
    for row in rows:
        row.setdefault("reported", filed(row["period"]))
    return rows


@pytest.fixture
def rows() -> list[dict[str, Any]]:
    return year_rows()


@pytest.fixture
def actuals(program: Program, rows: list[dict[str, Any]]) -> Actuals:
    known = program.usable_indicators()
    return Actuals.from_reports(program, check_reports(program, rows, known), known)
