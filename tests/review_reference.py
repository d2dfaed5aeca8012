"""A plain reference implementation of the review's rules, for differential tests.

It follows the rules as the docs state them, one post, indicator and month at a time with
dictionaries and loops, sharing no code with :mod:`vanguard.review.progress`: a post's own
report wins; otherwise its value of an indicator is the aggregate (by the over-units rule)
of the posts that pledged it that indicator (or a rate the indicator is a part of); values
accumulate within each review year by the over-time rule; a rate is its numerator to date
over its denominator to date.
"""

import math
from collections.abc import Mapping
from functools import cache

import numpy as np

from vanguard import Aggregation, Indicator, LetterKind, Program
from vanguard.review import Actuals
from vanguard.review.calendar import ReviewCalendar


def children(
    program: Program, code: str, indicators: Mapping[str, Indicator]
) -> dict[str, list[str]]:
    """Post -> posts that pledged it ``code``, then those that pledged it a rate ``code``
    is a part of, in work-target letters (file order)."""
    rates = [
        rate
        for rate, indicator in indicators.items()
        if indicator.is_ratio and code in (indicator.numerator, indicator.denominator)
    ]
    below: dict[str, list[str]] = {}
    for wanted in (code, *rates):
        for letter in program.letters:
            if letter.kind is not LetterKind.WORK_TARGET:
                continue
            if any(pledge.indicator == wanted for pledge in letter.pledges):
                kids = below.setdefault(letter.recipient, [])
                if letter.pledger not in kids:
                    kids.append(letter.pledger)
    return below


def values_to_date(
    program: Program, actuals: Actuals, indicators: Mapping[str, Indicator], replication: int
) -> dict[tuple[str, str, int], float]:
    """``(post, indicator, month) -> value to date`` for every post, indicator and month."""
    axes = actuals.axes
    calendar = ReviewCalendar(program)
    year_of = calendar.year_of_month
    raw = actuals.values[replication]
    post_at = {post: i for i, post in enumerate(axes.posts)}
    code_at = {code: k for k, code in enumerate(axes.indicators)}
    trees = {code: children(program, code, indicators) for code in axes.indicators}

    @cache
    def rolled(post: str, code: str, month: int) -> float:
        own = float(raw[post_at[post], code_at[code], month])
        if not math.isnan(own):
            return own
        values = [rolled(kid, code, month) for kid in trees[code].get(post, []) if kid in post_at]
        present = [v for v in values if not math.isnan(v)]
        if not present:
            return math.nan
        rule = indicators[code].over_units if code in indicators else Aggregation.SUM
        if rule is Aggregation.MEAN:
            return sum(present) / len(present)
        if rule is Aggregation.LAST:
            return present[-1]
        total = 0.0
        for value in present:
            total += value
        return total

    @cache
    def to_date(post: str, code: str, month: int) -> float:
        indicator = indicators.get(code)
        if indicator is not None and indicator.is_ratio:
            top = to_date(post, indicator.numerator or "", month)
            bottom = to_date(post, indicator.denominator or "", month)
            return top / bottom if bottom > 0 else math.nan
        months = [m for m in range(month + 1) if year_of[m] == year_of[month]]
        present = [v for v in (rolled(post, code, m) for m in months) if not math.isnan(v)]
        if not present:
            return math.nan
        rule = indicator.over_time if indicator is not None else Aggregation.SUM
        if rule is Aggregation.LAST:
            return present[-1]
        total = 0.0
        for value in present:
            total += value
        return total / len(present) if rule is Aggregation.MEAN else total

    return {
        (post, code, month): to_date(post, code, month)
        for post in axes.posts
        for code in axes.indicators
        for month in range(len(axes.periods))
    }


def assert_close_or_both_nan(actual: float, expected: float, where: object) -> None:
    if math.isnan(expected):
        assert math.isnan(actual), (where, actual)
    else:
        assert np.isclose(actual, expected, rtol=1e-12, atol=1e-9), (where, actual, expected)
