"""Scenarios: named levers on parameters and targets, compared with common random numbers.

A :class:`Scenario` ("+20 % training places") changes initiative parameters and/or the
targets of key tasks, and may change how posts respond to the rules (its ``behaviour``
table: audit rates, penalties, weights, or the behaviour switched on or off).
:func:`compare` runs the baseline and every scenario with the same seed: each initiative
draws from the same stream in every scenario (see :mod:`vanguard.simulation.streams`), so
a difference between scenarios is the effect of the levers, not noise, and the difference
of two identical scenarios is exactly zero.
"""

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import numpy as np

from vanguard.io.converter import make_converter, structure
from vanguard.io.formats import read_document
from vanguard.model.program import Program
from vanguard.plugins.initiative import Initiative
from vanguard.problems import Problem, ProgramError
from vanguard.simulation.results import SimulationResult

if TYPE_CHECKING:
    from vanguard.app import Vanguard
    from vanguard.model.behaviour import Behaviour


@attrs.frozen
class Lever:
    """One change. A parameter lever names ``initiative`` and ``parameter``; a target lever
    names ``indicator`` (and optionally ``task``). Either ``scale`` (multiply the current
    value) or ``value`` (replace it) is given, not both.
    """

    initiative: str | None = None
    parameter: str | None = None
    indicator: str | None = None
    task: str | None = None
    scale: float | None = None
    value: float | None = None

    def problems(self, where: str) -> list[Problem]:
        """What is wrong with this lever (empty when fine)."""
        found = []
        on_parameter = self.initiative is not None or self.parameter is not None
        on_target = self.indicator is not None or self.task is not None
        if on_parameter == on_target:
            found.append(
                Problem(
                    where,
                    "a lever names either initiative and parameter, "
                    "or indicator (and optionally task)",
                )
            )
        elif on_parameter and (self.initiative is None or self.parameter is None):
            found.append(Problem(where, "a parameter lever needs both initiative and parameter"))
        elif on_target and self.indicator is None:
            found.append(Problem(where, "a target lever needs indicator"))
        if (self.scale is None) == (self.value is None):
            found.append(Problem(where, "give exactly one of scale and value"))
        return found

    def changed(self, current: float) -> float:
        """The new value of something now at ``current``."""
        return current * self.scale if self.scale is not None else float(self.value or 0.0)


@attrs.frozen
class Scenario:
    """A named variation of a program: levers applied in order.

    ``behaviour`` is a partial behaviour declaration merged over the run's (the one given
    to ``simulate``, else the program's ``[behaviour]``): tables merge key by key, any
    other value replaces, so ``{"audits": {"default": 0.5}}`` changes one audit rate and
    ``{"on": False}`` switches the behaviour off. Over no declaration it must be a whole
    one (its ``elasticities`` at least). See :meth:`behaviour_of`.
    """

    name: str
    levers: tuple[Lever, ...] = ()
    description: str | None = None
    behaviour: Mapping[str, Any] = attrs.field(factory=dict)

    def behaviour_of(
        self, base: "Behaviour | None", converter: Any = None, source: str | None = None
    ) -> "Behaviour | None":
        """``base`` changed by this scenario's ``behaviour`` table (``base`` itself when the
        table is empty); :class:`ProgramError` names each bad field as
        ``behaviour.<path>``, in ``source`` (the scenario file) when given."""
        from vanguard.model.behaviour import Behaviour

        if not self.behaviour:
            return base
        converter = converter or make_converter()
        document = {} if base is None else converter.unstructure(base, Behaviour)
        merged = _merged(document, self.behaviour)
        try:
            return structure(converter, merged, Behaviour)
        except ProgramError as error:
            raise ProgramError(
                [
                    Problem(
                        f"behaviour.{p.location}" if p.location else "behaviour",
                        p.message,
                        p.expected,
                        p.received,
                    )
                    for p in error.problems
                ],
                source or f"scenario {self.name!r}",
            ) from None

    def apply(
        self, program: Program, initiatives: Mapping[str, Initiative]
    ) -> tuple[Program, dict[str, dict[str, float]]]:
        """The program with target levers applied, and the parameter overrides to run with."""
        problems = [
            p
            for i, lever in enumerate(self.levers)
            for p in lever.problems(f"scenario {self.name!r}: levers[{i}]")
        ]
        if problems:
            raise ProgramError(problems)
        overrides: dict[str, dict[str, float]] = {}
        uses = {use.name: use for use in program.initiatives}
        for i, lever in enumerate(self.levers):
            where = f"scenario {self.name!r}: levers[{i}]"
            if lever.initiative is not None and lever.parameter is not None:
                initiative = initiatives.get(lever.initiative)
                if initiative is None or lever.initiative not in uses:
                    raise ProgramError(
                        [Problem(where, f"the program runs no initiative {lever.initiative!r}")]
                    )
                try:
                    default = initiative.parameter(lever.parameter).default
                except KeyError:
                    raise ProgramError(
                        [
                            Problem(
                                where, f"{lever.initiative!r} has no parameter {lever.parameter!r}"
                            )
                        ]
                    ) from None
                current = overrides.get(lever.initiative, {}).get(
                    lever.parameter, uses[lever.initiative].parameters.get(lever.parameter, default)
                )
                overrides.setdefault(lever.initiative, {})[lever.parameter] = lever.changed(current)
            else:
                program = _retarget(program, lever, where)
        return program, overrides


def _merged(base: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``change`` merged in: tables key by key, other values replaced."""
    out = dict(base)
    for key, value in change.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


_Model = TypeVar("_Model")


def _evolve(instance: _Model, **changes: Any) -> _Model:
    """A changed copy of a frozen model object (``@model`` classes are attrs classes)."""
    return cast(_Model, attrs.evolve(cast(Any, instance), **changes))


def _retarget(program: Program, lever: Lever, where: str) -> Program:
    """Targets (and the pledges cascading them) of ``lever.indicator`` changed."""
    hit = False
    tasks = []
    for task in program.tasks:
        if lever.task not in (None, task.id):
            tasks.append(task)
            continue
        targets = []
        for target in task.targets:
            if target.indicator == lever.indicator:
                hit = True
                if target.value is None:
                    raise ProgramError(
                        [
                            Problem(
                                where,
                                f"the target on {lever.indicator!r} is stated relative to "
                                "its baseline: it has no value to change",
                            )
                        ]
                    )
                target = _evolve(target, value=lever.changed(target.value))
            targets.append(target)
        tasks.append(_evolve(task, targets=tuple(targets)))
    if not hit:
        raise ProgramError(
            [
                Problem(
                    where,
                    f"no target on {lever.indicator!r}"
                    + (f" in task {lever.task!r}" if lever.task else ""),
                )
            ]
        )
    letters = tuple(
        _evolve(
            letter,
            pledges=tuple(
                _evolve(p, value=lever.changed(p.value))
                if p.indicator == lever.indicator and lever.task in (None, p.task)
                else p
                for p in letter.pledges
            ),
        )
        for letter in program.letters
    )
    return _evolve(program, tasks=tuple(tasks), letters=letters)


def load_scenario(path: str | Path) -> Scenario:
    """A scenario from a TOML, YAML or JSON file; ProgramError with located problems."""
    document = read_document(Path(path))
    scenario = structure(make_converter(), document, Scenario, str(path))
    problems = [
        p for i, lever in enumerate(scenario.levers) for p in lever.problems(f"levers[{i}]")
    ]
    if problems:
        raise ProgramError(problems, str(path))
    if scenario.behaviour:  # each bad field named now, not at the run
        from vanguard.model.behaviour import Behaviour

        placeholder = (
            Behaviour(elasticities={}) if "elasticities" not in scenario.behaviour else None
        )
        scenario.behaviour_of(placeholder, source=str(path))
    return scenario


@attrs.frozen
class Comparison:
    """Baseline and scenarios run with common random numbers; paired differences.

    ``rows()``: per scenario and indicator, the mean year-end total under the baseline and
    the scenario, the mean paired difference with its confidence interval (normal, level
    ``level``) and the 5-95 % range of the per-replication difference.
    """

    baseline: SimulationResult
    scenarios: Mapping[str, SimulationResult]
    level: float = 0.95

    def __repr__(self) -> str:
        """One line: what it is and its size (the fields are all still there)."""
        from vanguard.reports.notebook import comparison_repr

        return comparison_repr(self)

    def _repr_html_(self) -> str:
        """A compact summary table for notebooks (well under 20 KB)."""
        from vanguard.reports.notebook import comparison_html

        return comparison_html(self)

    def difference(self, scenario: str, code: str) -> np.ndarray:
        """Per-replication difference (scenario - baseline) of ``code``'s year-end total."""
        return self.scenarios[scenario].values(code) - self.baseline.values(code)

    def rows(self) -> list[dict[str, Any]]:
        """The comparison as plain rows (see the class docstring)."""
        z = _normal_quantile(0.5 + self.level / 2)
        rows = []
        for name, result in self.scenarios.items():
            for code in result.collected:
                diff = self.difference(name, code)
                diff = diff[np.isfinite(diff)]
                n = len(diff)
                mean = float(diff.mean()) if n else math.nan
                half = z * float(diff.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan
                low, high = np.quantile(diff, [0.05, 0.95]) if n else (math.nan, math.nan)
                rows.append(
                    {
                        "scenario": name,
                        "indicator": code,
                        "baseline": self.baseline.mean(code),
                        "value": result.mean(code),
                        "difference": mean,
                        "ci_low": mean - half,
                        "ci_high": mean + half,
                        "q05": float(low),
                        "q95": float(high),
                    }
                )
            base_met = {
                (t["task"], t["indicator"]): t["probability"]
                for t in self.baseline.probability_met()
            }
            for t in result.probability_met():
                before = base_met.get((t["task"], t["indicator"]))
                if before is not None:
                    rows.append(
                        {
                            "scenario": name,
                            "indicator": f"P(met {t['task']}: {t['indicator']})",
                            "baseline": before,
                            "value": t["probability"],
                            "difference": t["probability"] - before,
                        }
                    )
        return rows

    def frame(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (frames extra)."""
        from vanguard.simulation.results import require_frames

        return require_frames().DataFrame(self.rows())

    def behaviour_rows(self) -> list[dict[str, Any]]:
        """True against reported in the baseline and every scenario whose posts responded:
        per ``scenario`` (``"baseline"`` first), review ``year`` and target ``indicator``,
        the means over acting posts of ``target``, ``passive``, ``true``, ``reported``,
        ``undetected`` and ``detected`` inflation, and the shares of replications posts
        ``inflated`` and were ``caught`` (see
        :func:`vanguard.simulation.behaviour.behaviour_rows`). Runs without behaviour
        have no rows."""
        from vanguard.simulation.behaviour.summary import behaviour_rows

        runs = {"baseline": self.baseline, **self.scenarios}
        names = ("target", "passive", "true", "reported", "undetected", "detected")
        out: list[dict[str, Any]] = []
        for scenario, result in runs.items():
            if result.response is None:
                continue
            groups: dict[tuple[int, str], list[dict[str, Any]]] = {}
            for row in behaviour_rows(result):
                groups.setdefault((row["year"], row["indicator"]), []).append(row)
            for (year, code), rows in groups.items():
                mean = {
                    n: sum(r[n] for r in rows) / len(rows) for n in (*names, "inflation", "caught")
                }
                out.append({"scenario": scenario, "year": year, "indicator": code, **mean})
        return out


def _normal_quantile(p: float) -> float:
    """The standard normal quantile (Acklam's rational approximation; |error| < 1.2e-9)."""
    a = (
        -3.969683028665376e01,
        2.209460984245205e02,
        -2.759285104469687e02,
        1.383577518672690e02,
        -3.066479806614716e01,
        2.506628277459239e00,
    )
    b = (
        -5.447609879822406e01,
        1.615858368580409e02,
        -1.556989798598866e02,
        6.680131188771972e01,
        -1.328068155288572e01,
    )
    c = (
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e00,
        -2.549732539343734e00,
        4.374664141464968e00,
        2.938163982698783e00,
    )
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    if p < 0.02425:
        q = math.sqrt(-2 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
        )
    if p > 1 - 0.02425:
        return -_normal_quantile(1 - p)
    q = p - 0.5
    r = q * q
    return (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    )


def compare(
    program: Program | str | Path,
    scenarios: Sequence[Scenario],
    replications: int = 10_000,
    seed: int = 2006,
    *,
    app: "Vanguard | None" = None,
    indicators: Sequence[str] | None = None,
    executor: Executor | None = None,
    level: float = 0.95,
    behaviour: "Behaviour | None" = None,
) -> Comparison:
    """Run the baseline and each scenario with the same ``seed`` (common random numbers).

    Each replication's year-end total of ``indicators`` (default: every simulated one) is
    kept to pair the runs: memory grows with ``replications`` x indicators x scenarios.
    ``behaviour`` (default: the program's ``[behaviour]``) is the baseline's; each
    scenario's ``behaviour`` table changes it for that scenario (audits at 10 % against
    50 %: two scenarios, one call), and :meth:`Comparison.behaviour_rows` sets true
    against reported side by side.
    """
    from vanguard.app import Vanguard
    from vanguard.simulation.simulate import simulate

    app = app or Vanguard()
    if not isinstance(program, Program):
        program = app.load_program(program)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names) or "baseline" in names:
        raise ProgramError(
            [Problem("scenarios", "scenario names must be unique and not 'baseline'")]
        )
    probe = simulate(program, 1, seed, app=app)
    codes = tuple(indicators or probe.indicators)
    baseline = simulate(
        program,
        replications,
        seed,
        app=app,
        collect=codes,
        executor=executor,
        behaviour=behaviour,
    )
    results = {
        s.name: simulate(
            program,
            replications,
            seed,
            app=app,
            scenario=s,
            collect=codes,
            executor=executor,
            behaviour=behaviour,
        )
        for s in scenarios
    }
    return Comparison(baseline, results, level)


__all__ = ["Comparison", "Lever", "Scenario", "compare", "load_scenario"]
