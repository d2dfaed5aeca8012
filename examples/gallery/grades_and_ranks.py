"""Grade and rank distributions: every simulated year through the year-end evaluation.

Run from the repository root:  .venv/bin/python examples/gallery/grades_and_ranks.py
Needs the ``plot`` extra. Writes ``grades.png`` and prints the posts most at risk of an
accountability finding.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from vanguard import Vanguard, simulate
from vanguard.simulation.plots import category_distribution

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

app = Vanguard()
program = app.load_program(EXAMPLE)
result = simulate(program, 2000, seed=2006, app=app, evaluate=True)
outcomes = result.outcomes()

deputies = {
    p: shares for p, shares in outcomes.grade_distribution().items() if p.startswith("deputy-")
}
ranks = {
    p: [*shares[1:5], 1 - sum(shares[1:5])]
    for p, shares in outcomes.rank_distribution().items()
    if p.startswith("deputy-")
}
figure, axes = plt.subplots(1, 2, figsize=(13, 4.5))
category_distribution(deputies, outcomes.grade_names(), title="Deputy chiefs: grade", ax=axes[0])
category_distribution(
    ranks,
    ["1st", "2nd", "3rd", "4th", "lower"],
    title="Deputy chiefs: rank among leadership",
    ax=axes[1],
)
figure.tight_layout()
figure.savefig("grades.png", dpi=120)
print("wrote grades.png")

print("\nPosts most likely to be held accountable (direct finding):")
for row in sorted(outcomes.posts(), key=lambda r: -r["p_direct_finding"])[:8]:
    print(
        f"  {row['post']:<40} {row['p_direct_finding']:6.1%}   mean score {row['mean_score']:5.1f}"
    )
