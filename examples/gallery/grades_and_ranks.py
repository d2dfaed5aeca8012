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
from vanguard.simulation.plots import grade_chart, rank_chart

EXAMPLE = Path(__file__).resolve().parents[1] / "zhaoqing-2006.toml"

app = Vanguard()
program = app.load_program(EXAMPLE)
result = simulate(program, 2000, seed=2006, app=app, evaluate=True)
outcomes = result.outcomes()

deputies = [post for post in outcomes.grade_distribution() if post.startswith("deputy-")]
figure, axes = plt.subplots(1, 2, figsize=(14, 5.5), layout="constrained")
grade_chart(outcomes, deputies, ax=axes[0])
rank_chart(outcomes, deputies, top=4, ax=axes[1])
figure.savefig("grades.png", dpi=120)
print("wrote grades.png")

print("\nPosts most likely to be held accountable (direct finding):")
for row in sorted(outcomes.posts(), key=lambda r: -r["p_direct_finding"])[:8]:
    print(
        f"  {row['post']:<40} {row['p_direct_finding']:6.1%}   mean score {row['mean_score']:5.1f}"
    )
