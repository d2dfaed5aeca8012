"""The shipped real years against their simulated years: the figures of issue 10's acceptance.

``figures(example)`` evaluates the shipped year of reports and ``replications`` simulated
years of the same program (every initiative the program runs, the campaign-discipline
plugin included), each through the same review core, and returns what the acceptance
compares (see ``docs/explanation/real-year-acceptance.md``). Run as a script to print them:

    .venv/bin/python tests/simulation/real_year.py 2000
"""

import sys
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from vanguard import Vanguard
from vanguard.model.rectification import Register
from vanguard.review import Actuals
from vanguard.review.evaluation import EvaluationArrays, evaluate_many
from vanguard.review.register import COLUMNS, cases_from_rows
from vanguard.review.register_actuals import with_register
from vanguard.review.report_files import read_rows
from vanguard.review.reports import read_reports
from vanguard.simulation.engine import Options, simulate
from vanguard.simulation.outcomes import review_outcomes
from vanguard.simulation.plan import build_plan
from vanguard.simulation.streams import Block

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FAR = 3.0
"""How many standard deviations an expected actual must be from its pledge for a post's
P(direct finding) to be allowed at 0 % or 100 %."""


@attrs.frozen
class Figures:
    posts: tuple[str, ...]
    real_score: np.ndarray  # (posts,), NaN: not scored
    band: np.ndarray  # (2, posts): the simulated 5 % and 95 % quantiles of each post's score
    real_findings: int
    findings_band: tuple[float, float]
    findings_mean: float
    real_excellent: int
    excellent_band: tuple[float, float]
    p_direct: np.ndarray  # (posts,)
    far: np.ndarray  # (posts,): some direct line's expected actual is > FAR sd from its pledge

    @property
    def scored(self) -> np.ndarray:
        return ~np.isnan(self.real_score) & ~np.isnan(self.band[0])

    @property
    def inside(self) -> np.ndarray:
        """Scored posts whose real score lies within their simulated band."""
        lo, hi = self.band
        return (self.real_score >= lo) & (self.real_score <= hi)

    @property
    def coverage(self) -> float:
        return float(self.inside[self.scored].mean())

    @property
    def certain(self) -> list[str]:
        """Posts with P(direct finding) 0 % or 100 % though no line of theirs is far."""
        sure = (self.p_direct == 0) | (self.p_direct == 1)
        return [post for post, bad in zip(self.posts, sure & ~self.far, strict=True) if bad]


def _direct_findings(arrays: EvaluationArrays) -> np.ndarray:
    """Per replication: lines the post answers for itself (direct) with a finding."""
    counts: np.ndarray = ((arrays.severity >= 0) & arrays.layout.direct[None]).sum(axis=1)
    return counts


def figures(example: str, replications: int = 1000, seed: int = 2006) -> Figures:
    app = Vanguard()
    program = app.load_program(EXAMPLES / f"{example}-2006.toml")
    known = program.usable_indicators(app.indicators())
    reports = read_reports(EXAMPLES / f"{example}-2006-reports.csv", program, known)
    actuals = Actuals.from_reports(program, reports, known)
    register = EXAMPLES / f"{example}-2006-register.csv"
    if register.exists():  # the indicators read from the rectification register
        rows = read_rows(register, None, COLUMNS)
        cases = Register(tuple(cases_from_rows(rows, str(register))))
        actuals = with_register(actuals, program, cases, known)
    real = evaluate_many(program, actuals, known)
    plan = build_plan(program, app.initiatives(), app.indicators())
    hook = review_outcomes(program, app.indicators(), plan)
    values = simulate(plan, seed, Block(index=0, first=0, size=replications), Options())
    sim = hook.evaluate(values, 0, replications)[-1]
    layout = sim.layout
    excellent = 0  # grades are ordered best first
    with np.errstate(all="ignore"):
        scored = ~np.isnan(sim.final).all(axis=0)
        band = np.full((2, len(sim.posts)), np.nan)
        band[:, scored] = np.nanpercentile(sim.final[:, scored], [5, 95], axis=0)
    findings = _direct_findings(sim)
    excellent_counts = (sim.grade == excellent).sum(axis=1)
    missed = (sim.severity >= 0) & layout.direct[None]  # (R, lines)
    posts = len(sim.posts)
    p_direct = np.zeros(posts)
    far = np.zeros(posts, dtype=bool)
    mean, sd = sim.line_actual.mean(axis=0), sim.line_actual.std(axis=0)
    pledged = sim.line_pledged.mean(axis=0)
    with np.errstate(all="ignore"):
        distance = np.abs(mean - pledged) / sd  # inf where sd 0 and the mean is off
    distance = np.where(np.isnan(distance), 0.0, distance)  # at its pledge exactly: 0 sd away
    for p in range(posts):
        mine = (layout.line_post == p) & layout.direct & sim.line_active
        if mine.any():
            p_direct[p] = missed[:, mine].any(axis=1).mean()
            far[p] = bool((distance[mine] > FAR).any())
        else:
            far[p] = True  # answers for no line itself: no direct finding can be raised
    return Figures(
        posts=tuple(sim.posts),
        real_score=real.final[0],
        band=band,
        real_findings=int(_direct_findings(real)[0]),
        findings_band=tuple(float(q) for q in np.percentile(findings, [5, 95])),  # type: ignore[arg-type]
        findings_mean=float(findings.mean()),
        real_excellent=int((real.grade == excellent).sum()),
        excellent_band=tuple(float(q) for q in np.percentile(excellent_counts, [5, 95])),  # type: ignore[arg-type]
        p_direct=p_direct,
        far=far,
    )


def summary(example: str, found: Figures) -> dict[str, Any]:
    outside = [
        f"{post} {score:.1f} not in [{lo:.1f}, {hi:.1f}]"
        for post, score, lo, hi, bad in zip(
            found.posts, found.real_score, *found.band, found.scored & ~found.inside, strict=True
        )
        if bad
    ]
    return {
        "example": example,
        "coverage": round(found.coverage, 3),
        "scored posts": int(found.scored.sum()),
        "direct findings": f"real {found.real_findings}, simulated 90 % band "
        f"{found.findings_band}, mean {found.findings_mean:.1f}",
        "excellent": f"real {found.real_excellent}, simulated 90 % band {found.excellent_band}",
        "P(direct) 0/100 % without a far line": found.certain,
        "outside their band": outside,
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for name in ("zhaoqing", "sihui"):
        for key, value in summary(name, figures(name, count)).items():
            print(f"{key}: {value}")
        print()
