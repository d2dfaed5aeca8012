"""Which lines make the gap: for each post whose real score lies outside its simulated band,
its lines with the largest difference between the real line score and the simulated median.

    .venv/bin/python tests/simulation/real_year_lines.py [replications]
"""

import sys

import numpy as np
from real_year import EXAMPLES, figures

from vanguard import Vanguard
from vanguard.review import Actuals
from vanguard.review.evaluation import evaluate_many
from vanguard.review.reports import read_reports
from vanguard.simulation.engine import Options, simulate
from vanguard.simulation.outcomes import review_outcomes
from vanguard.simulation.plan import build_plan
from vanguard.simulation.streams import Block


def gaps(example: str, replications: int) -> None:
    found = figures(example, replications)
    app = Vanguard()
    program = app.load_program(EXAMPLES / f"{example}-2006.toml")
    known = program.usable_indicators(app.indicators())
    reports = read_reports(EXAMPLES / f"{example}-2006-reports.csv", program, known)
    real = evaluate_many(program, Actuals.from_reports(program, reports, known), known)
    plan = build_plan(program, app.initiatives(), app.indicators())
    hook = review_outcomes(program, app.indicators(), plan)
    values = simulate(plan, 2006, Block(index=0, first=0, size=replications), Options())
    sim = hook.evaluate(values, 0, replications)[-1]
    layout = sim.layout
    declared = {code: known[code].simulate for code in known}
    print(f"== {example}: coverage {found.coverage:.3f}")
    for p, post in enumerate(found.posts):
        if not (found.scored[p] and not found.inside[p]):
            continue
        lo, hi = found.band[:, p]
        print(f"{post}: real {found.real_score[p]:.1f}, band [{lo:.1f}, {hi:.1f}]")
        rows = []
        for i in np.flatnonzero(layout.line_post == p):
            line = layout.lines[i]
            r = float(real.line_score[0, i])
            s = float(np.nanmedian(sim.line_score[:, i]))
            ra = float(real.line_actual[0, i])
            sa = float(np.nanmedian(sim.line_actual[:, i]))
            pledged = float(real.line_pledged[0, i])
            rows.append((abs(r - s), line.indicator, r, s, ra, sa, pledged, bool(layout.direct[i])))
        rows.sort(reverse=True)
        for gap, code, r, s, ra, sa, pledged, direct in rows[:4]:
            if gap < 0.05:
                break
            how = declared.get(code) or "model"
            print(
                f"   {code:40s} {'direct' if direct else 'led   '} {how:12s} score real {r:6.2f}"
                f" sim {s:6.2f} | actual real {ra:9.1f} sim {sa:9.1f} pledged {pledged:9.1f}"
            )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    for name in ("zhaoqing", "sihui"):
        gaps(name, count)
