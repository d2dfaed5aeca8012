"""Best responses: the grid, the two evaluation paths, and the choices' basic properties."""

from math import comb

import numpy as np
import pytest

from vanguard.simulation.behaviour.best_response import (
    Stakes,
    choose_jointly,
    choose_separable,
    effort_grid,
)
from vanguard.simulation.behaviour.declaration import Payoff, Penalty


def _stakes(seed: int, penalty: Penalty = Penalty.DEDUCTION, **change: object) -> Stakes:
    rng = np.random.default_rng(seed)
    tasks, posts = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    targets = int(rng.integers(tasks, tasks + 3))
    task_of = np.concatenate([np.arange(tasks), rng.integers(0, tasks, targets - tasks)])
    values: dict[str, object] = {
        "task_of": task_of.astype(np.intp),
        "weight": rng.choice([0.0, 1.0, 2.5], targets),
        "elasticity": rng.uniform(0.1, 1.0, tasks),
        "budget": rng.uniform(0.5, 2.0, posts),
        "status_quo": np.ones(posts),
        "detect": rng.uniform(0.0, 0.5, tasks),
        "inflation": np.array([0.0, 0.1, 0.3]),
        "payoff": Payoff(
            findings=float(rng.uniform(0, 1)),
            cost=float(rng.uniform(0, 0.3)),
            rank=float(rng.choice([0.0, 0.5, 2.0])),
        ),
        "penalty": penalty,
        "size": float(rng.uniform(0, 2)),
        "grid": int(rng.integers(1, 7)),
    }
    values.update(change)
    return Stakes(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("tasks", "steps"), [(1, 5), (2, 4), (3, 10), (5, 3)])
def test_the_grid_is_every_spread_within_the_budget(tasks: int, steps: int) -> None:
    grid = effort_grid(tasks, steps)
    assert grid.shape == (comb(steps + tasks, tasks), tasks)
    assert (grid.sum(axis=1) <= 1 + 1e-12).all()
    assert (grid >= 0).all()
    assert len({tuple(row) for row in grid}) == len(grid)


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("penalty", list(Penalty))
def test_the_separable_and_joint_paths_agree(seed: int, penalty: Penalty) -> None:
    """Two evaluations of the same payoff: per-task tables summed, and every candidate whole."""
    stakes = _stakes(seed, penalty)
    rng = np.random.default_rng(1000 + seed)
    jays, posts = len(stakes.task_of), len(stakes.budget)
    base = rng.gamma(4.0, size=(jays, 50, posts))
    target = rng.gamma(4.0, size=(jays, 1, posts))
    fast, whole = choose_separable(base, target, stakes), choose_jointly(base, target, stakes)
    np.testing.assert_allclose(fast.value, whole.value, rtol=0, atol=1e-12)


def test_effort_stays_within_the_budget_and_costly_effort_is_not_wasted() -> None:
    stakes = _stakes(3, payoff=Payoff(score=0.0, met=1.0, findings=0.0, cost=0.2))
    rng = np.random.default_rng(0)
    jays, posts = len(stakes.task_of), len(stakes.budget)
    base = rng.gamma(4.0, size=(jays, 200, posts))
    easy = choose_separable(base, np.full((jays, 1, posts), 1e-9), stakes)
    assert (easy.effort.sum(axis=2) <= stakes.budget[None, :] + 1e-12).all()
    # every target met whatever the effort: a post spends nothing
    assert (easy.effort == 0).all()


def test_no_inflation_when_detection_is_certain_and_the_veto_is_worse() -> None:
    stakes = _stakes(
        5,
        Penalty.VETO,
        detect=np.ones(1),
        size=10.0,
        task_of=np.zeros(1, np.intp),
        weight=np.ones(1),
        elasticity=np.full(1, 0.5),
    )
    rng = np.random.default_rng(0)
    posts = len(stakes.budget)
    choice = choose_separable(
        rng.gamma(4.0, size=(1, 300, posts)), np.full((1, 1, posts), 4.0), stakes
    )
    assert (choice.inflation == 0).all()
