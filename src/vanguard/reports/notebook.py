"""Compact summaries of the library's big objects, for the console and for notebooks.

A program holds hundreds of posts and letters and an evaluation thousands of numbers:
their full attrs representation is hundreds of kilobytes, which buries a notebook. Each
``__repr__`` here is one line; each ``_repr_html_`` a small table (at most
:data:`ROWS` rows, well under 20 KB) with the rest a method call away. The objects keep
every field: ``attrs.asdict(obj)`` or the app's converter give all of it.
"""

import html
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vanguard.model.program import Program
    from vanguard.review.bulletin import Bulletin
    from vanguard.review.yearend import Evaluation
    from vanguard.simulation.results import SimulationResult
    from vanguard.simulation.scenarios import Comparison

ROWS = 12
"""At most this many rows per table; a last row says how many more there are."""

_STYLE = "border-collapse:collapse;font-size:90%"
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:{align}"


def number(value: float | None, digits: int = 1) -> str:
    """A number for people: thousands separators, whole numbers without decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def share(value: float) -> str:
    """A probability or share as a percentage."""
    return "-" if math.isnan(value) else f"{value:.1%}"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{n:,} {name}" for name, n in counter.most_common()) or "none"


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]], total: int | None = None) -> str:
    """An HTML table of at most :data:`ROWS` rows (numbers right-aligned), escaped."""
    out = [f'<table style="{_STYLE}"><tr>']
    out += [f'<th style="{_CELL.format(align="left")}">{html.escape(h)}</th>' for h in headers]
    out.append("</tr>")
    shown = 0
    for row in rows:
        if shown == ROWS:
            break
        out.append("<tr>")
        for cell in row:
            align = "right" if isinstance(cell, int | float) else "left"
            text = number(cell) if isinstance(cell, int | float) else str(cell)
            out.append(f'<td style="{_CELL.format(align=align)}">{html.escape(text)}</td>')
        out.append("</tr>")
        shown += 1
    if total is not None and total > shown:
        more = f"... {total - shown:,} more"
        out.append(f'<tr><td colspan="{len(headers)}"><i>{more}</i></td></tr>')
    out.append("</table>")
    return "".join(out)


def _heading(title: str, facts: str) -> str:
    return f"<p><b>{html.escape(title)}</b><br>{html.escape(facts)}</p>"


# --- Program ---------------------------------------------------------------------------


def _program_facts(program: "Program") -> str:
    return (
        f"{program.start} .. {program.end}: {len(program.pillars)} pillars, "
        f"{len(program.tasks)} key tasks, {len(program.units)} units, {len(program.posts)} "
        f"posts, {len(program.letters)} letters, {len(program.cycles)} review cycles, "
        f"{len(program.initiatives)} initiatives"
    )


def program_repr(program: "Program") -> str:
    return f"<Program {program.id} {str(program.name)!r}, {_program_facts(program)}>"


def program_html(program: "Program") -> str:
    pillar_of = {pillar.id: str(pillar.name) for pillar in program.pillars}
    rows = [
        (task.id, str(task.name), pillar_of.get(task.pillar, task.pillar), len(task.targets))
        for task in program.tasks
    ]
    return _heading(f"Program {program.id}: {program.name}", _program_facts(program)) + _table(
        ("key task", "name", "pillar", "targets"), rows, len(rows)
    )


# --- Bulletin ----------------------------------------------------------------------------


def _bulletin_facts(bulletin: "Bulletin") -> str:
    moved = sum(1 for standing in bulletin.posts if standing.change)
    laggards = ", ".join(bulletin.laggards[:5]) or "none"
    if len(bulletin.laggards) > 5:
        laggards += f" and {len(bulletin.laggards) - 5} more"
    return (
        f"as of {bulletin.as_of}: programme score {number(bulletin.program_score)}, "
        f"{len(bulletin.posts):,} posts ranked ({moved:,} changed rank), "
        f"{len(bulletin.lines):,} pledge lines; laggards: {laggards}"
    )


def bulletin_repr(bulletin: "Bulletin") -> str:
    return f"<Bulletin {bulletin.program} {bulletin.quarter} {_bulletin_facts(bulletin)}>"


def bulletin_html(bulletin: "Bulletin") -> str:
    best = sorted(bulletin.posts, key=lambda s: (s.group, s.rank))
    rows = [
        (s.group, s.rank, s.id, s.score, "-" if s.change is None else f"{s.change:+d}")
        for s in best
    ]
    return _heading(
        f"Bulletin {bulletin.program} {bulletin.quarter}", _bulletin_facts(bulletin)
    ) + _table(("group", "rank", "post", "score", "change"), rows, len(rows))


# --- Evaluation --------------------------------------------------------------------------


def _grade_counts(evaluation: "Evaluation") -> Counter[str]:
    return Counter(
        str(item.grade_name) if item.grade_name else "not graded" for item in evaluation.posts
    )


def _evaluation_facts(evaluation: "Evaluation") -> str:
    kinds = Counter(finding.responsibility.value for finding in evaluation.findings)
    return (
        f"as of {evaluation.as_of}: programme score {number(evaluation.program_score)}; "
        f"grades: {_counts(_grade_counts(evaluation))}; "
        f"{len(evaluation.findings):,} findings ({_counts(kinds)})"
    )


def evaluation_repr(evaluation: "Evaluation") -> str:
    return f"<Evaluation {evaluation.program} {evaluation.year} {_evaluation_facts(evaluation)}>"


def evaluation_html(evaluation: "Evaluation") -> str:
    ranked = sorted(
        evaluation.posts,
        key=lambda p: (p.category, -math.inf if p.final is None else -p.final, p.post),
    )
    rows = [
        (p.category, p.rank, p.post, p.final, str(p.grade_name) if p.grade_name else "-")
        for p in ranked
    ]
    findings = [
        (f.post, f.responsibility.value, f.task, f.indicator, f.severity)
        for f in evaluation.findings
    ]
    return (
        _heading(
            f"Evaluation {evaluation.program} {evaluation.year}", _evaluation_facts(evaluation)
        )
        + _table(("category", "rank", "post", "final score", "grade"), rows, len(rows))
        + "<p><b>Findings</b></p>"
        + _table(
            ("post", "responsibility", "task", "indicator", "severity"), findings, len(findings)
        )
    )


# --- SimulationResult and Comparison --------------------------------------------------------


def _result_facts(result: "SimulationResult") -> str:
    provenance = result.provenance
    evaluated = ", evaluated" if result.review is not None else ""
    return (
        f"{result.replications:,} replications (seed {provenance.seed}){evaluated}, "
        f"{len(result.indicators):,} indicators, {len(result.plan.targets):,} targets"
    )


def result_repr(result: "SimulationResult") -> str:
    return f"<SimulationResult {result.provenance.program} {_result_facts(result)}>"


def result_html(result: "SimulationResult") -> str:
    rows = []
    for code in result.indicators:
        low, high = result.quantile(code, (0.05, 0.95))
        rows.append((code, result.mean(code), float(low), float(high)))
    met = [
        (t["task"], t["indicator"], t["target"], share(t["probability"]))
        for t in result.probability_met()
    ]
    return (
        _heading(f"Simulation of {result.provenance.program}", _result_facts(result))
        + _table(("indicator (all units, year end)", "mean", "5 %", "95 %"), rows, len(rows))
        + ("<p><b>Targets</b></p>" if met else "")
        + (_table(("task", "indicator", "target", "P(met)"), met, len(met)) if met else "")
    )


def comparison_repr(comparison: "Comparison") -> str:
    names = ", ".join(repr(name) for name in comparison.scenarios) or "none"
    return (
        f"<Comparison of {comparison.baseline.provenance.program}: baseline vs {names}, "
        f"{comparison.baseline.replications:,} paired replications, level {comparison.level:.0%}>"
    )


def comparison_html(comparison: "Comparison") -> str:
    rows = [
        (
            row["scenario"],
            row["indicator"],
            row["baseline"],
            row["value"],
            row["difference"],
            f"{number(row['ci_low'])} .. {number(row['ci_high'])}" if "ci_low" in row else "",
        )
        for row in comparison.rows()
    ]
    return _heading("Comparison", comparison_repr(comparison)[1:-1]) + _table(
        ("scenario", "indicator", "baseline", "scenario value", "difference", "interval"),
        rows,
        len(rows),
    )


__all__ = [
    "ROWS",
    "bulletin_html",
    "bulletin_repr",
    "comparison_html",
    "comparison_repr",
    "evaluation_html",
    "evaluation_repr",
    "number",
    "program_html",
    "program_repr",
    "result_html",
    "result_repr",
    "share",
]
