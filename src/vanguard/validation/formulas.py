"""Formulas that cannot produce a non-number: interval arithmetic over the formula's tree.

A year-end formula is checked over the whole range its inputs can take (the declared
bounds of :func:`input_ranges`): each node of the checked tree is given the interval of
values it can reach, from its children's intervals. A divisor whose interval holds 0, a
negative power of a base that can be 0, or a node whose interval leaves the float range
is refused, naming the sub-expression and the inputs' ranges. The intervals are
conservative (``tasks - tasks`` ranges over ``[-110, 110]``), so a refused formula may
still never fail on real data; a formula that passes can never give infinity or NaN for
inputs within their bounds.
"""

import ast
import math
from collections.abc import Callable, Iterable, Mapping

import attrs

from vanguard.model.appraisal import Appraisal
from vanguard.problems import Problem
from vanguard.review.formula import Formula, literal_value

LINKED_RANGE = (0.0, 1000.0)
"""The range of a linked input (an exam score, on the points scale of the evaluation)."""


@attrs.frozen
class Interval:
    """The closed range ``low .. high`` of values a part of a formula can take."""

    low: float
    high: float

    @property
    def holds_zero(self) -> bool:
        """Whether 0 is in the range."""
        return self.low <= 0.0 <= self.high

    def __str__(self) -> str:
        return f"{self.low:g}..{self.high:g}"


class _RefusedError(Exception):
    """A part of the formula can overflow or divide by zero."""


def input_ranges(rules: Appraisal) -> dict[str, Interval]:
    """The declared range of every name a year-end formula may use.

    ``tasks`` (a weighted mean of line scores) lies within the scoring curve's
    ``0 .. full_marks + bonus_cap``; each adjustment within ``-cap .. cap`` and
    ``adjustments`` within the sum of those; each linked input within
    :data:`LINKED_RANGE`.
    """
    curve = rules.curve
    ranges = {"tasks": Interval(0.0, curve.full_marks + curve.bonus_cap)}
    caps = [adjustment.cap for adjustment in rules.adjustments]
    ranges["adjustments"] = Interval(-sum(caps), sum(caps))
    ranges.update({item.id: Interval(-item.cap, item.cap) for item in rules.adjustments})
    ranges.update({item.id: Interval(*LINKED_RANGE) for item in rules.linked})
    return ranges


def formula_problems(
    formula: Formula, ranges: Mapping[str, Interval], location: str
) -> list[Problem]:
    """Why ``formula`` may overflow or divide by zero for inputs in ``ranges`` (or nothing)."""
    try:
        _range(formula.tree.body, ranges)
    except _RefusedError as refused:
        used = ", ".join(f"{name} {ranges[name]}" for name in sorted(formula.names()))
        return [Problem(location, f"{refused} (the inputs range over {used or 'no input'})")]
    return []


def formula_range(formula: Formula, ranges: Mapping[str, Interval]) -> Interval:
    """The range of values ``formula`` can take for inputs in ``ranges``.

    :raises ValueError: the formula can overflow or divide by zero there.
    """
    try:
        return _range(formula.tree.body, ranges)
    except _RefusedError as refused:
        raise ValueError(str(refused)) from None


def _range(node: ast.expr, ranges: Mapping[str, Interval]) -> Interval:
    result = _node_range(node, ranges)
    if not (math.isfinite(result.low) and math.isfinite(result.high)):
        raise _RefusedError(f"`{ast.unparse(node)}` can overflow (go beyond the float range)")
    return result


def _node_range(node: ast.expr, ranges: Mapping[str, Interval]) -> Interval:
    match node:
        case ast.Constant(value=value):
            assert isinstance(value, int | float)  # the sandbox admits numbers only
            return Interval(float(value), float(value))
        case ast.Name(id=name):
            return ranges[name]
        case ast.UnaryOp(op=op, operand=operand):
            inner = _range(operand, ranges)
            return Interval(-inner.high, -inner.low) if isinstance(op, ast.USub) else inner
        case ast.BinOp(left=left, op=ast.Pow(), right=right):
            exponent = literal_value(right)
            assert exponent is not None  # the sandbox admits literal exponents only
            return _power(_range(left, ranges), exponent, node)
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _range(left, ranges), _range(right, ranges)
            if isinstance(op, ast.Add):
                return Interval(a.low + b.low, a.high + b.high)
            if isinstance(op, ast.Sub):
                return Interval(a.low - b.high, a.high - b.low)
            if isinstance(op, ast.Mult):
                return _product(a, b)
            if b.holds_zero:
                raise _RefusedError(
                    f"`{ast.unparse(node)}` can divide by zero: `{ast.unparse(right)}` ranges "
                    f"over {b}, which holds 0"
                )
            return _product(a, Interval(1.0 / b.high, 1.0 / b.low))
        case ast.Compare(left=left, comparators=comparators):
            for part in (left, *comparators):
                _range(part, ranges)
            return Interval(0.0, 1.0)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            _range(test, ranges)
            return _hull([_range(body, ranges), _range(orelse, ranges)])
        case ast.Call(func=ast.Name(id=name), args=args):
            values = [_range(arg, ranges) for arg in args]
            return _FUNCTIONS[name](values)
    raise AssertionError(f"unchecked node {type(node).__name__}")  # the sandbox refuses it


def _product(a: Interval, b: Interval) -> Interval:
    corners = [x * y for x in (a.low, a.high) for y in (b.low, b.high)]
    if any(math.isnan(corner) for corner in corners):  # infinity times zero
        return Interval(-math.inf, math.inf)
    return Interval(min(corners), max(corners))


def _power(base: Interval, exponent: float, node: ast.expr) -> Interval:
    """``base ** exponent`` as the sandbox computes it (``|base|`` for a fractional power)."""
    if exponent == 0:
        return Interval(1.0, 1.0)
    whole = exponent.is_integer()
    if not whole:
        top = max(abs(base.low), abs(base.high))
        base = Interval(0.0 if base.holds_zero else min(abs(base.low), abs(base.high)), top)
    if exponent < 0 and base.holds_zero:
        raise _RefusedError(
            f"`{ast.unparse(node)}` can divide by zero: a negative power of a base that "
            f"ranges over {base}, which holds 0"
        )

    def power(value: float) -> float:
        try:
            return float(value**exponent)
        except OverflowError:
            return math.inf
        except ZeroDivisionError:  # pragma: no cover - refused above
            return math.nan

    ends = [power(base.low), power(base.high)]
    if whole and int(exponent) % 2 == 0 and base.holds_zero:
        ends.append(0.0)  # an even power of a range across 0 reaches 0 ...
        ends = [0.0, max(ends)]  # ... and its largest end
    return Interval(min(ends), max(ends))


def _hull(values: Iterable[Interval]) -> Interval:
    items = list(values)
    return Interval(min(v.low for v in items), max(v.high for v in items))


def _absolute(values: list[Interval]) -> Interval:
    [value] = values
    if value.low >= 0:
        return value
    if value.high <= 0:
        return Interval(-value.high, -value.low)
    return Interval(0.0, max(-value.low, value.high))


def _minimum(values: list[Interval]) -> Interval:
    return Interval(min(v.low for v in values), min(v.high for v in values))


def _maximum(values: list[Interval]) -> Interval:
    return Interval(max(v.low for v in values), max(v.high for v in values))


def _clip(values: list[Interval]) -> Interval:
    value, low, high = values
    return _minimum([_maximum([value, low]), high])


_FUNCTIONS: dict[str, Callable[[list[Interval]], Interval]] = {
    "abs": _absolute,
    "min": _minimum,
    "max": _maximum,
    "clip": _clip,
}


__all__ = ["LINKED_RANGE", "Interval", "formula_problems", "formula_range", "input_ranges"]
