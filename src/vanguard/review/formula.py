"""The formula sandbox: arithmetic over declared inputs, and nothing else.

A program file may give the year-end score as a formula (``0.8 * tasks + 0.2 * exam +
adjustments``). A formula is data from a file, so it is never handed to ``eval``: it is
parsed with :mod:`ast` and every node is checked against a whitelist. Allowed are number
literals, the declared input names, ``+ - * / **`` (exponent a literal of magnitude at
most :data:`MAX_EXPONENT`), unary ``+``/``-``, comparisons (giving 1 or 0), a conditional
``a if cond else b`` and calls of ``min``, ``max``, ``abs`` and ``clip(x, lo, hi)``. There is
no attribute access, no subscript, no other name or call, no lambda or comprehension, and
the text's length, node count and nesting depth are bounded. The checked tree is then
evaluated by a small interpreter over numpy arrays (elementwise, so one formula scores
10,000 replications at once). Validation refuses a formula that can overflow or divide by
zero over its inputs' declared ranges (:mod:`vanguard.validation.formulas`); at run time,
a result that is not a finite number for finite inputs is a :class:`FormulaError` naming
the formula's place in the file.
"""

import ast
import operator
from collections.abc import Callable, Collection, Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from vanguard.problems import Problem, ProgramError

MAX_LENGTH = 500
MAX_NODES = 200
MAX_DEPTH = 20
MAX_EXPONENT = 8.0
FUNCTIONS = {"min": (2, 8), "max": (2, 8), "abs": (1, 1), "clip": (3, 3)}
"""The only callable names, with their (fewest, most) arguments."""

Array = NDArray[np.float64]

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}


class FormulaError(ProgramError):
    """A formula is not allowed (names the place and the reason)."""


@attrs.frozen
class Formula:
    """A checked formula, ready to evaluate over arrays of its inputs.

    ``location`` is where the formula stands in the program file (``evaluation.formula``),
    named by any error it raises.
    """

    text: str
    inputs: tuple[str, ...]
    tree: ast.Expression = attrs.field(eq=False, repr=False)
    location: str = "formula"

    def names(self) -> set[str]:
        """The input names the formula actually uses."""
        return {node.id for node in ast.walk(self.tree) if isinstance(node, ast.Name)} - set(
            FUNCTIONS
        )

    def __call__(self, values: Mapping[str, Array | float]) -> Array:
        """The formula's value for ``values`` (arrays broadcast together, elementwise).

        :raises FormulaError: naming :attr:`location`, where finite inputs give infinity
            or NaN (validation refuses formulas that can, over the inputs' declared
            ranges; this catches inputs beyond them). NaN inputs give NaN quietly.
        """
        used = self.names()
        missing = used - set(values)
        if missing:
            raise KeyError(f"formula input(s) not given: {', '.join(sorted(missing))}")
        with np.errstate(all="ignore"):
            result = np.asarray(_evaluate(self.tree.body, values), dtype=np.float64)
        if not np.isfinite(result).all():
            self._refuse_non_finite(result, {name: values[name] for name in sorted(used)})
        return result

    def _refuse_non_finite(self, result: Array, inputs: Mapping[str, Array | float]) -> None:
        arrays = np.broadcast_arrays(result, *(np.asarray(v, np.float64) for v in inputs.values()))
        finite = np.ones(arrays[0].shape, dtype=np.bool_)
        for array in arrays[1:]:
            finite &= np.isfinite(array)
        bad = finite & ~np.isfinite(arrays[0])
        if not bad.any():
            return
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        given = ", ".join(
            f"{name} = {array[at]:g}" for name, array in zip(inputs, arrays[1:], strict=True)
        )
        raise FormulaError(
            [
                Problem(
                    self.location,
                    f"the formula {self.text!r} gives {arrays[0][at]} for {given or 'no input'}",
                )
            ]
        )


def compile_formula(text: str, inputs: Collection[str], location: str = "formula") -> Formula:
    """Parse and check ``text``; FormulaError naming ``location`` when it is not allowed."""

    def refuse(message: str) -> FormulaError:
        return FormulaError([Problem(location, message)])

    if not isinstance(text, str) or not text.strip():
        raise refuse("a formula must be a non-empty expression")
    if len(text) > MAX_LENGTH:
        raise refuse(f"a formula may have at most {MAX_LENGTH} characters, got {len(text)}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        raise refuse(f"not an expression: {getattr(error, 'msg', error)}") from None
    allowed = set(inputs)
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise refuse(f"a formula may have at most {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise refuse(f"a formula may nest at most {MAX_DEPTH} levels deep")
        problem = _refusal(node, allowed)
        if problem is not None:
            raise refuse(problem)
        children = node.args if isinstance(node, ast.Call) else list(ast.iter_child_nodes(node))
        stack.extend((child, depth + 1) for child in children if not _is_operator(child))
    return Formula(text=text, inputs=tuple(sorted(allowed)), tree=tree, location=location)


def _is_operator(node: ast.AST) -> bool:
    return isinstance(node, ast.operator | ast.unaryop | ast.cmpop | ast.expr_context)


def _refusal(node: ast.AST, allowed: set[str]) -> str | None:
    """Why ``node`` is not allowed, or None when it is."""
    match node:
        case ast.Constant(value=value):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"only numbers are allowed, not {type(value).__name__} literals"
            if abs(value) > 1e15:
                return "number literals may not exceed 1e15"
            return None
        case ast.Name(id=name):
            if name in allowed:
                return None
            return f"unknown name {name!r}: allowed inputs are {', '.join(sorted(allowed))}"
        case ast.BinOp(op=op, right=right):
            if isinstance(op, ast.Pow):
                exponent = literal_value(right)
                if exponent is None or abs(exponent) > MAX_EXPONENT:
                    return f"an exponent must be a number literal of at most {MAX_EXPONENT:g}"
                return None
            if isinstance(op, ast.Add | ast.Sub | ast.Mult | ast.Div):
                return None
            return f"operator {type(op).__name__} is not allowed (use + - * / **)"
        case ast.UnaryOp(op=op):
            return None if isinstance(op, ast.UAdd | ast.USub) else "only unary + and - allowed"
        case ast.Compare(ops=ops):
            ok = all(type(op) in _COMPARE for op in ops)
            return None if ok else "only comparisons < <= > >= == != are allowed"
        case ast.IfExp():
            return None
        case ast.Call(func=ast.Name(id=name), args=args, keywords=[]):
            if name not in FUNCTIONS:
                return f"function {name!r} is not allowed (allowed: {', '.join(FUNCTIONS)})"
            low, high = FUNCTIONS[name]
            if not low <= len(args) <= high or any(isinstance(a, ast.Starred) for a in args):
                return f"{name} takes {low}..{high} plain arguments"
            return None
        case ast.Call():
            return "only calls of min, max, abs and clip by name, without keywords, are allowed"
        case ast.Attribute():
            return "attribute access is not allowed"
        case ast.Subscript():
            return "subscripts are not allowed"
        case ast.Lambda():
            return "lambda is not allowed"
        case ast.ListComp() | ast.SetComp() | ast.DictComp() | ast.GeneratorExp():
            return "comprehensions are not allowed"
    return f"{type(node).__name__} is not allowed in a formula"


def literal_value(node: ast.AST) -> float | None:
    """The number a literal (or a negated literal) stands for; None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = literal_value(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    return None


def _evaluate(node: ast.expr, values: Mapping[str, Any]) -> Any:
    match node:
        case ast.Constant(value=value):
            assert isinstance(value, int | float)  # compile_formula admits only numbers
            return np.float64(value)
        case ast.Name(id=name):
            return np.asarray(values[name], dtype=np.float64)
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _evaluate(left, values), _evaluate(right, values)
            if isinstance(op, ast.Div):
                return np.where(b == 0, 0.0, np.divide(a, np.where(b == 0, 1.0, b)))
            if isinstance(op, ast.Pow):
                return np.power(np.abs(a) if _fractional(b) else a, b)
            return _BINARY[type(op)](a, b)
        case ast.UnaryOp(op=op, operand=operand):
            value = _evaluate(operand, values)
            return -value if isinstance(op, ast.USub) else value
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            result = np.bool_(True)
            current = _evaluate(left, values)
            for comparison, comparator in zip(ops, comparators, strict=True):
                following = _evaluate(comparator, values)
                result = np.logical_and(result, _COMPARE[type(comparison)](current, following))
                current = following
            return result.astype(np.float64)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            condition = _evaluate(test, values) != 0
            return np.where(condition, _evaluate(body, values), _evaluate(orelse, values))
        case ast.Call(func=ast.Name(id=name), args=args):
            evaluated = [_evaluate(arg, values) for arg in args]
            if name == "abs":
                return np.abs(evaluated[0])
            if name == "clip":
                return np.clip(evaluated[0], evaluated[1], evaluated[2])
            fold = np.minimum if name == "min" else np.maximum
            result = evaluated[0]
            for item in evaluated[1:]:
                result = fold(result, item)
            return result
    raise AssertionError(f"unchecked node {type(node).__name__}")  # compile_formula refuses it


def _fractional(exponent: Any) -> bool:
    # A negative base to a fractional power has no real value; the sandbox uses |base|.
    return bool(np.any(np.asarray(exponent) % 1 != 0))


__all__ = ["FUNCTIONS", "Formula", "FormulaError", "compile_formula", "literal_value"]
