"""``simulate``: the one call researchers make to run a program many times."""

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from vanguard.model.program import Program
from vanguard.problems import ProgramError, VanguardError
from vanguard.simulation.budget import check_memory_budget
from vanguard.simulation.engine import BlockHook, Options
from vanguard.simulation.executors import Progress, execute
from vanguard.simulation.plan import ParameterValues, build_plan
from vanguard.simulation.provenance import record
from vanguard.simulation.results import SimulationResult
from vanguard.simulation.streams import BLOCK_SIZE, RunError, check_seed
from vanguard.simulation.tally import Floats
from vanguard.validation.simulated import simulation_problems

if TYPE_CHECKING:
    from vanguard.app import Vanguard
    from vanguard.simulation.behaviour.declaration import Behaviour
    from vanguard.simulation.scenarios import Scenario

KEEP_LIMIT = 50_000_000
"""Most values (replications x periods x units x indicators) a run may keep in memory."""


def fresh_seed() -> int:
    """A new seed from the operating system's entropy (recorded with the result)."""
    entropy = np.random.SeedSequence().entropy
    assert isinstance(entropy, int)
    return entropy


def simulate(
    program: Program | str | Path,
    replications: int = 10_000,
    seed: int | None = None,
    *,
    app: "Vanguard | None" = None,
    scenario: "Scenario | None" = None,
    parameters: ParameterValues | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    blocks_per_chunk: int | None = None,
    block_size: int = BLOCK_SIZE,
    keep: bool = False,
    collect: Sequence[str] = (),
    variation: Mapping[tuple[str, str], Floats] | None = None,
    hooks: Sequence[BlockHook] = (),
    evaluate: bool = False,
    progress: Progress | None = None,
    behaviour: "Behaviour | None" = None,
    memory_budget: int | None = None,
) -> SimulationResult:
    """Simulate ``program`` ``replications`` times; the same ``seed`` gives the same result.

    ``seed`` None draws a fresh one (recorded in ``result.provenance``). ``parameters``
    override initiative parameters (``{"entrepreneurship-training": {"startup_rate":
    0.4}}``), after the program's own and the ``scenario``'s levers. ``executor`` (any
    :class:`concurrent.futures.Executor`, e.g. a process pool or
    ``distributed.Client(...).get_executor()``) runs chunks of ``blocks_per_chunk`` blocks;
    none of these change the numbers. ``keep`` keeps every replication (see
    :meth:`SimulationResult.frame`); ``collect`` keeps each replication's year-end total of
    the named indicators; ``variation`` gives per-replication parameter values.
    ``evaluate`` runs every simulated year through the year-end evaluation (see
    :meth:`SimulationResult.outcomes`); it costs more than the simulation itself.
    ``behaviour`` makes posts respond to the rules (:mod:`vanguard.simulation.behaviour`):
    results then hold reported values, with the true ones beside them (see
    :func:`~vanguard.simulation.behaviour.summary.behaviour_rows`); None (the default) takes
    the program's own ``behaviour`` section, and without one changes nothing. A
    ``scenario``'s ``behaviour`` table changes whichever applies (or switches it off).
    ``memory_budget`` (bytes; default :data:`~vanguard.simulation.budget.MEMORY_BUDGET`)
    bounds the evaluation's working memory per block: replications are reviewed in slices
    sized from it. It never changes the numbers (slices are reduced to exact integer
    counts).

    ``replications`` is at most the app's ``limits.max_replications`` (10^8 by default);
    work is planned lazily, so memory does not grow with it before blocks run. A model
    that raises stops the run with a :class:`~vanguard.simulation.executors.ChunkError`
    naming the plugin, the initiative, the block and the seed.
    """
    from vanguard.app import Vanguard

    app = app or Vanguard()
    check_replications(replications, app.limits.max_replications)
    seed = fresh_seed() if seed is None else check_seed(seed)
    if not isinstance(program, Program):
        program = app.load_program(program)
    overrides: dict[str, dict[str, float]] = {}
    behaviour = program.behaviour if behaviour is None else behaviour
    if scenario is not None:
        behaviour = scenario.behaviour_of(behaviour, app.converter)
        program, levers = scenario.apply(program, app.initiatives())
        _merge(overrides, levers)
    if behaviour is not None and not behaviour.on:
        behaviour = None  # declared, switched off: exactly the passive run
    _merge(overrides, parameters or {})
    indicators = {**app.indicators(), **{i.code: i for i in program.indicators}}
    catalogue = app.catalogue()
    plan = build_plan(
        program,
        catalogue.initiatives,
        indicators,
        overrides,
        catalogue.initiative_plugin,
        app.disabled_plugins(),
    )
    if behaviour is not None and behaviour.incidents is not None:
        from vanguard.simulation.behaviour.incidents import with_incidents

        plan = with_incidents(plan, behaviour, indicators, program)
    if not plan.steps:
        raise VanguardError(f"program {program.id!r} runs no initiative with a simulation model")
    silent = simulation_problems(program, catalogue.initiatives, app.indicators())
    if silent:  # what validate reports: an indicator no model simulates, not declared so
        raise ProgramError(silent)
    simulated = {series.code for series in plan.series}
    for code in collect:
        if code not in simulated:
            raise VanguardError(f"cannot collect {code!r}: the program does not simulate it")
    for (initiative, name), values in (variation or {}).items():
        if len(values) != replications:
            raise VanguardError(
                f"variation of {initiative}.{name} has {len(values)} values "
                f"for {replications} replications"
            )
    if keep:
        cells = sum(plan.periods * (len(s.units) + 1) for s in plan.series)
        if replications * cells > KEEP_LIMIT:
            raise VanguardError(
                f"keep=True would hold {replications * cells:,} values "
                f"(limit {KEEP_LIMIT:,}); run fewer replications or use "
                "summaries and collect="
            )
    if replications * len(collect) > KEEP_LIMIT:
        raise VanguardError(
            f"collect= would hold {replications * len(collect):,} values (limit "
            f"{KEEP_LIMIT:,}); collect fewer indicators or run fewer replications"
        )
    budget = check_memory_budget(memory_budget)
    review = None
    if evaluate:
        from vanguard.simulation.outcomes import review_outcomes

        review = review_outcomes(program, indicators, plan, budget=budget)
        hooks = (*hooks, review)
    response = None
    if behaviour is not None:
        from vanguard.simulation.behaviour.response import prepare

        response = prepare(program, plan, behaviour)
        hooks = (*hooks, response.reduce)
    options = Options(
        dict(variation or {}),
        keep,
        tuple(collect),
        tuple(hooks),
        None if response is None else response.respond,
    )
    tally = execute(
        plan,
        seed,
        replications,
        executor=executor,
        workers=workers,
        blocks_per_chunk=blocks_per_chunk,
        block_size=block_size,
        options=options,
        progress=progress,
    )
    provenance = record(
        plan, seed, replications, block_size, scenario.name if scenario is not None else None
    )
    return SimulationResult(plan, tally, provenance, tuple(collect), review, response)


def check_replications(replications: object, most: int) -> int:
    """``replications`` if it is a whole number from 1 to ``most``; :class:`RunError` if not."""
    if isinstance(replications, bool) or not isinstance(replications, int | np.integer):
        raise RunError(f"replications must be a whole number, got {replications!r:.40}")
    if replications < 1:
        raise RunError(f"replications must be at least 1, got {int(replications)}")
    if replications > most:
        raise RunError(
            f"replications must be at most {most:,} (Limits.max_replications), got "
            f"{int(replications):,}"
        )
    return int(replications)


def _merge(into: dict[str, dict[str, float]], more: ParameterValues) -> None:
    for initiative, values in more.items():
        into.setdefault(initiative, {}).update(values)


__all__ = [
    "KEEP_LIMIT",
    "check_replications",
    "fresh_seed",
    "simulate",
]
