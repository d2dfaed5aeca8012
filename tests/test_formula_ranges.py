"""Formulas that cannot produce non-numbers: refused at validation over the inputs' ranges,
and a non-finite result at run time is an error naming the formula's place."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from vanguard import ProgramError, Vanguard
from vanguard.cli import main
from vanguard.model.appraisal import Adjustment, Appraisal, LinkedInput
from vanguard.model.label import Label
from vanguard.review.formula import FormulaError, compile_formula
from vanguard.validation.formulas import formula_problems, formula_range, input_ranges

from .review.conftest import HERE, year_rows

SMALL = HERE / "small-program.toml"
RULES = Appraisal(
    linked=(LinkedInput(id="exam", indicator="study.exam_score", weight=0.2),),
    adjustments=(Adjustment(id="bonus", name=Label(en="Bonus"), points_each=3, cap=5),),
)
NAMES = ["tasks", "adjustments", "exam", "bonus"]


def refusal(text: str) -> str | None:
    formula = compile_formula(text, NAMES, "evaluation.formula")
    found = formula_problems(formula, input_ranges(RULES), "evaluation.formula")
    return found[0].message if found else None


def program_with_formula(tmp_path: Path, formula: str) -> Path:
    text = SMALL.read_text("utf-8").replace(
        'formula = "(1 - 0.2) * tasks + 0.2 * exam + adjustments"', f'formula = "{formula}"'
    )
    path = tmp_path / "program.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_formula_that_overflows_passes_validation_no_more(tmp_path: Path) -> None:
    path = program_with_formula(tmp_path, "((tasks ** 8) ** 8) ** 8")
    with pytest.raises(ProgramError) as caught:
        Vanguard(load_entrypoints=False).load_program(path)
    [problem] = caught.value.problems
    assert problem.location == "evaluation.formula"
    assert problem.message.startswith("`((tasks ** 8) ** 8) ** 8` can overflow")
    assert "the inputs range over tasks 0..110" in problem.message


def test_a_formula_that_divides_by_zero_passes_validation_no_more() -> None:
    message = refusal("(tasks - tasks) ** -8")
    assert message is not None
    assert message.startswith("`(tasks - tasks) ** (-8)` can divide by zero")
    assert refusal("tasks / bonus") is not None  # a bonus can be 0
    assert "holds 0" in (refusal("tasks / (exam - 500)") or "")


@pytest.mark.parametrize(
    "text",
    [
        "(1 - 0.2) * tasks + 0.2 * exam + adjustments",
        "tasks / (1 + abs(adjustments))",
        "max(tasks, exam) ** 2 / 1000",
        "clip(tasks + bonus, 0, 100)",
        "tasks ** 0.5 * 10",
        "tasks if exam > 60 else tasks * 0.9",
        "max(tasks, 1) ** -1",
    ],
)
def test_ordinary_formulas_are_accepted(text: str) -> None:
    assert refusal(text) is None


OPERANDS = st.sampled_from(["tasks", "adjustments", "exam", "bonus", "2", "0.5", "1000"])


@st.composite
def formulas(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(OPERANDS)
    kind = draw(st.sampled_from(["+", "-", "*", "/", "**", "abs", "max", "neg"]))
    left = draw(formulas(depth - 1))
    if kind == "**":
        return f"({left}) ** {draw(st.sampled_from(['2', '3', '-1', '0.5', '8', '-2']))}"
    if kind == "abs":
        return f"abs({left})"
    if kind == "neg":
        return f"-({left})"
    right = draw(formulas(depth - 1))
    if kind == "max":
        return f"max({left}, {right})"
    return f"({left}) {kind} ({right})"


@settings(max_examples=300, deadline=None)
@given(text=formulas(), seed=st.integers(0, 2**32 - 1))
def test_a_formula_validation_accepts_is_finite_everywhere_in_its_inputs_ranges(
    text: str, seed: int
) -> None:
    # the same formula through both paths: the interval check and the evaluator at the
    # ends and at random points of every input's range
    formula = compile_formula(text, NAMES, "evaluation.formula")
    ranges = input_ranges(RULES)
    try:
        bounds = formula_range(formula, ranges)
    except ValueError:
        return  # refused: nothing to promise
    rng = np.random.default_rng(seed)
    values = {}
    for name in NAMES:
        interval = ranges[name]
        ends = [interval.low, interval.high, 0.0 if interval.holds_zero else interval.low]
        values[name] = np.concatenate([ends, rng.uniform(interval.low, interval.high, 61)])
    result = formula(values)
    assert np.isfinite(result).all()
    tolerance = 1e-9 * max(1.0, abs(bounds.low), abs(bounds.high))
    assert (result >= bounds.low - tolerance).all()
    assert (result <= bounds.high + tolerance).all()


def test_a_non_finite_result_at_run_time_names_the_formula() -> None:
    text = "exam ** 8 * 1e15 ** 8 * 1e15 ** 8 * 1e15 ** 2"
    formula = compile_formula(text, NAMES, "evaluation.formula")
    assert math.isfinite(formula({"exam": np.array([1000.0])})[0])
    with pytest.raises(FormulaError) as caught:
        formula({"exam": np.array([50.0, 1e5, math.nan])})
    [problem] = caught.value.problems
    assert problem.location == "evaluation.formula"
    assert "gives inf for exam = 100000" in problem.message


def test_evaluate_names_the_file_and_the_formula_when_a_result_is_not_a_number(
    tmp_path: Path,
) -> None:
    # an exam score of 100,000 is far beyond the points scale the formula was checked on
    path = program_with_formula(tmp_path, "tasks + exam ** 8 * 1e15 ** 8 * 1e15 ** 8 * 1e15 ** 2")
    rows = year_rows()
    for row in rows:
        if row["indicator"] == "study.exam_score" and row["post"] == "head-a":
            row["value"] = 100_000.0
    reports = tmp_path / "reports.csv"
    with reports.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(
            out, fieldnames=["post", "indicator", "period", "value", "reported"]
        )
        writer.writeheader()
        writer.writerows(rows)
    result = CliRunner().invoke(
        main, ["evaluate", str(path), "--year", "2006", "--reports", str(reports)]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if "formula" in line]
    assert line.startswith(f"{path}:evaluation.formula: the formula ")
    assert " gives inf for " in line
