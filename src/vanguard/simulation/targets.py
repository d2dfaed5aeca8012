"""Target-setting: the target a task is met with a chosen probability, cascaded to posts.

For a target on an all-units total, the suggested value is the simulated total's
``1 - probability`` quantile at the target's due period (``probability`` quantile for
"lower is better" indicators). Every pledge on that task and indicator, at every level of
the letter chain, is scaled by the same factor, so the suggested pledges still add up the
way the current ones do (the cascade stays consistent).
"""

from typing import Any

from vanguard.model.letter import LetterKind
from vanguard.model.program import Program
from vanguard.simulation.results import SimulationResult


def suggest_targets(
    result: SimulationResult, program: Program, probability: float = 0.8
) -> list[dict[str, Any]]:
    """For each simulated task target: the value met with ``probability``, and per post.

    Rows: ``task``, ``indicator``, ``post`` (``None`` for the task's own target),
    ``current``, ``suggested``, ``factor`` and, for the task rows, ``p_met_current``.
    """
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be strictly between 0 and 1, got {probability}")
    met = {(r["task"], r["indicator"]): r["probability"] for r in result.probability_met()}
    rows: list[dict[str, Any]] = []
    for check in result.plan.targets:
        lower = check.direction.value == "lower"
        q = probability if lower else 1.0 - probability
        suggested = float(result.quantile(check.indicator, q, None, check.period))
        factor = suggested / check.value if check.value else float("nan")
        rows.append(
            {
                "task": check.task,
                "indicator": check.indicator,
                "post": None,
                "current": check.value,
                "suggested": suggested,
                "factor": factor,
                "p_met_current": met.get((check.task, check.indicator)),
            }
        )
        for letter in program.letters_of(LetterKind.WORK_TARGET):
            pledge = letter.pledge_for(check.task, check.indicator)
            if pledge is None:
                continue
            current = pledge.effective_value
            rows.append(
                {
                    "task": check.task,
                    "indicator": check.indicator,
                    "post": letter.pledger,
                    "current": current,
                    "suggested": current * factor,
                    "factor": factor,
                    "p_met_current": None,
                }
            )
    return rows


__all__ = ["suggest_targets"]
