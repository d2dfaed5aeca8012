"""Calibrate the campaign-discipline defaults to the shipped years of reports.

    .venv/bin/python plugins/campaign_discipline/calibrate_defaults.py

Both shipped years (``examples/zhaoqing-2006-reports.csv``, ``examples/sihui-2006-reports.csv``)
are pooled. For each indicator, its units are the posts that report it (33 + 24 posts report
the sessions they attended, every post its exam scores, 2 policy staff their documents):

* the **means** (``attendance_rate``, ``exam_mean``, ``exam_sitting_probability``,
  ``violation_rate``, ``late_probability``, ``documents_per_month``) are fitted one at a time
  with the library's own calibration (:func:`vanguard.simulation.calibration.calibrate`:
  simulated moments, common random numbers, 2,000 replications, seed 2006), each starting
  from its plain moment, to the observed mean year total per post;
* the **spreads** the mean-only calibration cannot see are moments of the same reports:
  ``exam_noise_sd`` is the pooled within-post sd of the quarterly scores;
  ``exam_ability_sd`` the sd of the posts' mean scores with a quarter of the within-post
  variance taken out; ``attendance_spread`` the between-post variance of sessions attended
  less the binomial part, over 52 squared; ``late_spread`` stays 2 (a modelling choice: one
  or two posts a year carry the late reports, too few to estimate a spread from).

Prints the values to paste into ``initiative.py``.
"""

import math
from pathlib import Path

import numpy as np
import pandas as pd

from vanguard import Vanguard
from vanguard.simulation.calibration import calibrate

ROOT = Path(__file__).resolve().parents[2]
FILES = ("zhaoqing-2006-reports.csv", "sihui-2006-reports.csv")
FIT = {  # parameter: (program indicator in the reports, plugin output, value per post)
    "attendance_rate": ("study.sessions_attended", "discipline.attendance"),
    "exam_mean": ("study.exam_score", "discipline.exam_score"),
    "late_probability": ("management.reports_on_time", "discipline.reports_on_time"),
    "documents_per_month": ("policy.documents_issued", "discipline.documents"),
    "violation_rate": ("integrity.violations", "discipline.violations"),
}

PROGRAM = """
id = "discipline-calibration"
name = "Campaign discipline calibration"
start = 2006-01-01
end = 2006-12-31
campaign = {{ id = "vanguard-practice", name = "Vanguard practice campaign" }}

[[initiatives]]
name = "campaign-discipline"
units = {units!r}
parameters = {{ {parameter} = {start!r} }}
"""
START = {  # where each fit starts: the plain moment (so the output does not depend on the
    # defaults it replaces, and rerunning the script reprints the same numbers)
    "attendance_rate": lambda mean: mean / 52,
    "exam_mean": lambda mean: mean,
    "late_probability": lambda mean: 1 - mean / 12,
    "documents_per_month": lambda mean: mean / 12,
}


def reports() -> pd.DataFrame:
    """Both years of reports, posts prefixed by their example (one post per row set)."""
    frames = []
    for name in FILES:
        frame = pd.read_csv(ROOT / "examples" / name)
        frame["post"] = name.split("-")[0] + ":" + frame["post"]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    data = reports()
    app = Vanguard()
    fitted: dict[str, float] = {}
    for parameter, (code, output) in FIT.items():
        rows = data[data.indicator == code]
        per_post = rows.groupby("post").value
        posts = sorted(rows.post.unique())
        units = [f"p{i}" for i in range(len(posts))]
        observed = per_post.mean().mean() if code == "study.exam_score" else per_post.sum()
        if code == "integrity.violations":
            observed = per_post.sum().sum()  # summed over units: the year's breaches
        elif code != "study.exam_score":
            observed = observed.mean()
        if observed == 0 or (code == "integrity.violations" and observed <= 1):
            # a count of one or none: the moment is the estimate (a fit would chase noise)
            months = 12 * data.post.nunique()  # the veto reads every post's breaches
            fitted[parameter] = float(observed) / months
            print(f"{parameter}: {observed} over {months} post-months -> {fitted[parameter]:.6g}")
            continue
        start = float(START[parameter](float(observed)))
        text = PROGRAM.format(units=units, parameter=parameter, start=start)
        program = app.parse_program(text, "toml")
        fit = calibrate(
            program,
            {output: float(observed)},
            [("campaign-discipline", parameter)],
            app=app,
            replications=2000,
            seed=2006,
        )
        fitted[parameter] = fit.parameters[("campaign-discipline", parameter)]
        print(fit)
    scores = data[data.indicator == "study.exam_score"].groupby("post").value
    within = float(scores.var().mean())
    fitted["exam_noise_sd"] = math.sqrt(within)
    fitted["exam_ability_sd"] = math.sqrt(max(float(scores.mean().var()) - within / 4, 0.0))
    attended = data[data.indicator == "study.sessions_attended"].groupby("post").value.sum()
    p = fitted["attendance_rate"]
    extra = float(attended.var()) - 52 * p * (1 - p)
    fitted["attendance_spread"] = math.sqrt(max(extra, 0.0)) / 52
    sat = data[data.indicator == "study.exams_taken"].groupby("post").value.sum()
    fitted["exam_sitting_probability"] = float(np.clip(sat.mean() / 4, 0, 1))
    print("\n# --- calibrate_defaults.py output")
    for name, value in sorted(fitted.items()):
        print(f"{name.upper()} = {value:.4g}")


if __name__ == "__main__":
    main()
