"""Results: the summaries of a run, as numbers, tidy pandas frames and Parquet files.

pandas and pyarrow are optional (the ``frames`` extra) and imported only by the methods
that return frames or write files.
"""

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from vanguard.io.output import replacing
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.simulation.plan import Plan
from vanguard.simulation.provenance import Provenance
from vanguard.simulation.tally import Floats, Layout, Tally, quantiles

if TYPE_CHECKING:
    import pandas as pd

    from vanguard.simulation.behaviour.declaration import Behaviour

TOTAL = "(all)"
"""The unit name of an indicator's all-units total."""

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def require_frames() -> Any:
    """pandas, or a VanguardError saying which extra to install."""
    try:
        import pandas
    except ImportError:
        raise VanguardError(
            "tidy frames and Parquet need pandas and pyarrow: "
            "pip install 'vanguard-campaigns[frames]'"
        ) from None
    return pandas


@attrs.frozen
class SimulationResult:
    """The outcome of :func:`vanguard.simulate`: reduced summaries plus provenance.

    Means and standard deviations are exact (sums folded in block order); quantiles come
    from fixed-edge histograms (resolution 1/512 of the first block's range) with exact
    extremes. Per-replication values exist only when the run was asked to keep them.
    """

    plan: Plan
    tally: Tally
    provenance: Provenance
    collected: tuple[str, ...] = ()
    review: Any = None
    """The evaluation hook when the run evaluated each year (``simulate(..., evaluate=True)``)."""
    response: Any = None
    """The compiled behaviour (:class:`vanguard.simulation.behaviour.Response`) when posts
    responded to the rules; None for a passive run."""

    def __repr__(self) -> str:
        """One line: what it is and its size (the fields are all still there)."""
        from vanguard.reports.notebook import result_repr

        return result_repr(self)

    def _repr_html_(self) -> str:
        """A compact summary table for notebooks (well under 20 KB)."""
        from vanguard.reports.notebook import result_html

        return result_html(self)

    def outcomes(self) -> Any:
        """The evaluation outcomes (:class:`vanguard.simulation.outcome_tables.Outcomes`)."""
        from vanguard.simulation.outcome_tables import Outcomes

        if self.review is None:
            raise VanguardError("this run did not evaluate: simulate(..., evaluate=True)")
        keys = ("line_met", "line_severity", "post_grade", "post_rank", "post_scored")
        return Outcomes(
            self.review,
            {
                k: v
                for k, v in self.tally.extra.items()
                if k in keys or k.startswith(("post_", "unit_", "program_", "year_"))
            },
            self.replications,
        )

    @property
    def replications(self) -> int:
        """Number of replications run."""
        return self.tally.replications

    @property
    def indicators(self) -> tuple[str, ...]:
        """Codes of the simulated indicators, in plan order."""
        return self.tally.layout.codes

    def units(self, code: str) -> tuple[str, ...]:
        """The units indicator ``code`` is simulated over."""
        return self.tally.layout.units[self.tally.layout.index(code)]

    def _cell(self, code: str, unit: str | None, period: int | None) -> int:
        layout = self.tally.layout
        i = layout.index(code)
        units = layout.units[i]
        column = len(units) if unit in (None, TOTAL) else _position(layout, i, unit, code)
        row = layout.periods - 1 if period is None else period % layout.periods
        return layout.grid_offsets[i] + row * (len(units) + 1) + column

    def _spread_cell(self, code: str, unit: str | None, period: int | None) -> int:
        layout = self.tally.layout
        i = layout.index(code)
        units = layout.units[i]
        base = layout.spread_offsets[i]
        if period is None or period % layout.periods == layout.periods - 1:
            column = len(units) if unit in (None, TOTAL) else _position(layout, i, unit, code)
            return base + column
        if unit not in (None, TOTAL):
            raise VanguardError("quantiles before the year end exist for all-units totals only")
        return base + len(units) + 1 + period % layout.periods

    def mean(self, code: str, unit: str | None = None, period: int | None = None) -> float:
        """Mean to-date value of ``code``: all units unless ``unit``, year end unless ``period``."""
        assert self.tally.total is not None
        assert self.tally.finite is not None
        cell = self._cell(code, unit, period)
        n = self.tally.finite[cell]
        return float(self.tally.total[cell] / n) if n else math.nan

    def sd(self, code: str, unit: str | None = None, period: int | None = None) -> float:
        """Standard deviation across replications (same cell as :meth:`mean`)."""
        assert self.tally.squares is not None
        assert self.tally.finite is not None
        cell = self._cell(code, unit, period)
        n = int(self.tally.finite[cell])
        if n < 2:
            return math.nan
        mean = self.mean(code, unit, period)
        variance = (self.tally.squares[cell] - n * mean * mean) / (n - 1)
        return math.sqrt(max(variance, 0.0))

    def quantile(
        self,
        code: str,
        q: float | Sequence[float],
        unit: str | None = None,
        period: int | None = None,
    ) -> Any:
        """Quantile(s) ``q`` of ``code`` at year end (any unit) or at ``period`` (total)."""
        tally = self.tally
        assert tally.histogram is not None
        assert tally.low is not None
        assert tally.high is not None
        cell = self._spread_cell(code, unit, period)
        qs = [q] if isinstance(q, int | float) else list(q)
        values = quantiles(tally.histogram, tally.low, tally.high, tally.edges, cell, qs)
        return float(values[0]) if isinstance(q, int | float) else values

    def fan(self, code: str, qs: Sequence[float] = QUANTILES) -> tuple[Floats, Floats]:
        """Per period: the mean all-units total and its quantiles ``qs`` (periods x len(qs))."""
        periods = self.tally.layout.periods
        means = np.array([self.mean(code, None, p) for p in range(periods)])
        bands = np.array([self.quantile(code, qs, None, p) for p in range(periods)])
        return means, bands

    def probability_met(self, level: float = 0.95) -> list[dict[str, Any]]:
        """For each program-level target: the probability the all-units total meets it, with
        its Wilson interval at ``level`` (``low``, ``high``)."""
        from vanguard.simulation.intervals import wilson

        assert self.tally.met is not None
        rows = []
        for i, t in enumerate(self.plan.targets):
            met = int(self.tally.met[i])
            low, high = wilson(met, self.replications, level)
            rows.append(
                {
                    "task": t.task,
                    "indicator": t.indicator,
                    "target": t.value,
                    "period": self.plan.period_labels[t.period],
                    "probability": met / self.replications,
                    "low": low,
                    "high": high,
                }
            )
        return rows

    def task_met(self, level: float = 0.95) -> list[dict[str, Any]]:
        """Per task with program-level targets: P(all its targets met in the same
        replication) with its Wilson interval, next to the product of the targets' own
        probabilities (what the joint would be were they independent)."""
        from vanguard.simulation.engine import plan_tasks
        from vanguard.simulation.intervals import wilson

        assert self.tally.met is not None
        counts = self.tally.extra.get("task_met")
        rows = []
        for k, task in enumerate(plan_tasks(self.plan)):
            which = [i for i, t in enumerate(self.plan.targets) if t.task == task]
            met = int(counts[k]) if counts is not None else 0
            low, high = wilson(met, self.replications, level)
            rows.append(
                {
                    "task": task,
                    "targets": len(which),
                    "p_met": met / self.replications,
                    "low": low,
                    "high": high,
                    "product_of_marginals": math.prod(
                        int(self.tally.met[i]) / self.replications for i in which
                    ),
                }
            )
        return rows

    def summary_rows(
        self, qs: Sequence[float] = (0.05, 0.5, 0.95), *, units: bool = True
    ) -> list[dict[str, Any]]:
        """Year-end summary per indicator and unit (and all units): mean, sd, quantiles.
        ``units`` False: the all-units rows only (a program may have thousands of units)."""
        rows = []
        for code in self.indicators:
            for unit in (*(self.units(code) if units else ()), TOTAL):
                row: dict[str, Any] = {
                    "indicator": code,
                    "unit": unit,
                    "mean": self.mean(code, unit),
                    "sd": self.sd(code, unit),
                }
                for q, value in zip(qs, self.quantile(code, qs, unit), strict=True):
                    row[f"q{round(q * 100):02d}"] = float(value)
                rows.append(row)
        return rows

    def behaviour_rows(
        self, program: Program | None = None, behaviour: "Behaviour | None" = None
    ) -> list[dict[str, Any]]:
        """True against reported per year, initiative, indicator and acting post: exactly
        :func:`vanguard.simulation.behaviour.behaviour_rows` of this result (the run must
        have been simulated with ``behaviour``)."""
        from vanguard.simulation.behaviour.summary import behaviour_rows

        return behaviour_rows(self, program, behaviour)

    def figure_rows(self, program: Program) -> list[dict[str, Any]]:
        """The program's reported figures next to the simulated mean and its 90 % band."""
        rows = []
        for figure in program.figures:
            if figure.indicator not in self.indicators:
                continue
            mean = self.mean(figure.indicator)
            low, high = self.quantile(figure.indicator, (0.05, 0.95))
            rows.append(
                {
                    "indicator": figure.indicator,
                    "reported": figure.value,
                    "mean": mean,
                    "q05": float(low),
                    "q95": float(high),
                    "deviation": (mean - figure.value) / figure.value if figure.value else math.nan,
                    "source": figure.source,
                }
            )
        return rows

    def summary(self, qs: Sequence[float] = QUANTILES) -> "pd.DataFrame":
        """Tidy year-end summary: one row per indicator and unit (needs the frames extra)."""
        pandas = require_frames()
        frame: pd.DataFrame = pandas.DataFrame(self.summary_rows(qs))
        return frame

    def periods(self) -> "pd.DataFrame":
        """Tidy per-period means and sds: indicator, period, unit, mean, sd."""
        pandas = require_frames()
        rows = [
            {
                "indicator": code,
                "period": label,
                "unit": unit,
                "mean": self.mean(code, unit, p),
                "sd": self.sd(code, unit, p),
            }
            for code in self.indicators
            for p, label in enumerate(self.plan.period_labels)
            for unit in (*self.units(code), TOTAL)
        ]
        frame: pd.DataFrame = pandas.DataFrame(rows)
        return frame

    def frame(self) -> "pd.DataFrame":
        """Every kept replication: replication, period, unit, indicator, value (to date).

        Only for runs made with ``keep=True``; ``value`` is the indicator's value to date
        (cumulative for sums, running mean for means, level for levels, ratio of totals).
        """
        pandas = require_frames()
        if not self.tally.kept:
            raise VanguardError("this run kept no replications: simulate(..., keep=True)")
        labels = np.array(self.plan.period_labels, dtype=object)
        parts = []
        first = 0
        for block in self.tally.kept:
            reps = 0
            for code, values in block.items():
                periods, reps, width = values.shape
                units = np.array((*self.units(code), TOTAL), dtype=object)
                p, r, u = np.meshgrid(
                    np.arange(periods), np.arange(reps), np.arange(width), indexing="ij"
                )
                parts.append(
                    pandas.DataFrame(
                        {
                            "replication": (r + first).ravel(),
                            "period": labels[p.ravel()],
                            "unit": units[u.ravel()],
                            "indicator": code,
                            "value": values.ravel(),
                        }
                    )
                )
            first += reps
        frame: pd.DataFrame = pandas.concat(parts, ignore_index=True)
        return frame

    def values(self, code: str) -> Floats:
        """Each replication's year-end all-units total of ``code`` (runs with ``collect``)."""
        if code not in self.collected:
            raise VanguardError(f"{code!r} was not collected: simulate(..., collect=[{code!r}])")
        column = self.collected.index(code)
        return np.concatenate([block[:, column] for block in self.tally.collected])

    def to_parquet(self, path: str | Path, *, replications: bool | None = None) -> Path:
        """Write the summary (or, for a kept run, every replication) with provenance.

        The provenance is stored as JSON in the file's schema metadata under ``vanguard``.
        The file is written under a temporary name and renamed into place, so a failure
        (a full disk) leaves the previous file, never a truncated one.
        """
        require_frames()
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise VanguardError(
                "Parquet needs pyarrow: pip install 'vanguard-campaigns[frames]'"
            ) from None
        keep = bool(self.tally.kept) if replications is None else replications
        frame = self.frame() if keep else self.summary()
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"vanguard"] = json.dumps(self.provenance.as_dict()).encode()
        path = Path(path)
        with replacing(path) as temporary:
            pq.write_table(table.replace_schema_metadata(meta), temporary)
        return path


def _position(layout: Layout, i: int, unit: str, code: str) -> int:
    """Column of ``unit`` among indicator ``i``'s units (a lookup, not a search: a summary
    asks for every unit, and the units may be every post)."""
    try:
        return layout.positions[i][unit]
    except KeyError:
        units = layout.units[i]
        raise VanguardError(
            f"indicator {code!r} is not simulated over unit {unit!r} (units: {', '.join(units)})"
        ) from None


def read_provenance(path: str | Path) -> dict[str, Any]:
    """The provenance stored in a Parquet file written by :meth:`SimulationResult.to_parquet`."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    result: dict[str, Any] = json.loads(meta[b"vanguard"])
    return result


__all__ = ["QUANTILES", "TOTAL", "SimulationResult", "read_provenance", "require_frames"]
