"""The formula sandbox: arithmetic over declared inputs; every escape attempt refused."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanguard.review import FormulaError, compile_formula

INPUTS = ("tasks", "exam", "adjustments")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.8 * tasks + 0.2 * exam + adjustments", 0.8 * 90 + 0.2 * 80 + 2),
        ("min(tasks, 100) - max(exam, 85, 86)", 90 - 86),
        ("clip(tasks + adjustments, 0, 91)", 91),
        ("abs(adjustments - 5)", 3),
        ("tasks ** 2 / 100", 81),
        ("(tasks >= 90) * 5 + (exam < 70)", 5),
        ("10 if exam > 75 else 0", 10),
        ("tasks / (exam - 80)", 0),
        ("-tasks + +exam", -10),
        ("60 < tasks <= 90", 1),
    ],
)
def test_allowed_arithmetic(text: str, expected: float) -> None:
    formula = compile_formula(text, INPUTS)
    assert formula({"tasks": 90.0, "exam": 80.0, "adjustments": 2.0}) == pytest.approx(expected)


def test_works_elementwise_over_replications() -> None:
    formula = compile_formula("0.5 * tasks + 0.5 * exam", INPUTS)
    tasks = np.arange(6.0).reshape(2, 3)
    result = formula({"tasks": tasks, "exam": 2.0})
    assert result.shape == (2, 3)
    np.testing.assert_allclose(result, 0.5 * tasks + 1.0)


ESCAPES = [
    "().__class__.__bases__[0].__subclasses__()",
    "__import__('os').system('echo pwned')",
    "(lambda: 1)()",
    "[x for x in (1, 2)]",
    "{x: 1 for x in (1,)}",
    "sum(x for x in (1, 2))",
    "9**9**9",
    "2 ** tasks",
    "10 ** 400",
    "open('/etc/passwd')",
    "tasks.real",
    "exam[0]",
    "globals()",
    "eval('1')",
    "min(*[1, 2])",
    "max(tasks, key=abs)",
    "'a' * 10",
    "b'x'",
    "True + 1",
    "None",
    "tasks if (x := 1) else 0",
    "f'{tasks}'",
    "(1, 2)",
    "tasks and exam",
    "not tasks",
    "tasks // 2",
    "tasks % 2",
    "tasks @ exam",
    "1 << 1000",
    "~tasks",
    "unknown + 1",
    "__builtins__",
    "tasks; import os",
    "",
    "   ",
    "(" * 300 + "1" + ")" * 300,
    "1" + " + 1" * 300,
    "-" * 100 + "1",
    "1e400",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_escape_payloads_are_refused_with_a_located_reason(text: str) -> None:
    with pytest.raises(FormulaError) as caught:
        compile_formula(text, INPUTS, "evaluation.formula")
    (problem,) = caught.value.problems
    assert problem.location == "evaluation.formula"
    assert problem.message


def test_long_text_is_refused_before_parsing() -> None:
    with pytest.raises(FormulaError, match="at most 500 characters"):
        compile_formula("1+" * 400 + "1", INPUTS)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(FormulaError, match="nest"):
        compile_formula("(" * 30 + "tasks" + ")" * 30 + " + " + "-(" * 25 + "1" + ")" * 25, INPUTS)


@given(
    st.recursive(
        st.sampled_from(["tasks", "exam", "1", "2.5", "0"]),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, inner).map(lambda t: f"max({t[0]}, {t[1]})"),
            inner.map(lambda t: f"abs({t})"),
        ),
        max_leaves=12,
    ),
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
)
def test_any_allowed_formula_evaluates_to_a_number_without_error(
    text: str, tasks: float, exam: float
) -> None:
    formula = compile_formula(text, INPUTS)
    value = formula({"tasks": tasks, "exam": exam, "adjustments": 0.0})
    assert value.shape == ()
