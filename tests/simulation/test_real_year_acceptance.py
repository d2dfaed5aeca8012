"""Issue 10's acceptance against the real year: can the simulation produce the shipped years?

For Zhaoqing and Sihui, the shipped year of reports and 2,000 simulated years of the same
program are evaluated by the same core (``real_year.figures``; the figures and what they
mean: ``docs/explanation/real-year-acceptance.md``). The generator of the shipped years
(``examples/make_reports.py``) is not tuned to the simulation.
"""

from functools import cache

import pytest
from real_year import Figures, figures

REPLICATIONS = 2000
EXAMPLES = ("zhaoqing", "sihui")

pytestmark = pytest.mark.slow


@cache
def _figures(example: str) -> Figures:
    return figures(example, REPLICATIONS, seed=2006)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_real_number_of_direct_findings_lies_in_the_simulated_90_percent_band(
    example: str,
) -> None:
    found = _figures(example)
    low, high = found.findings_band
    assert low <= found.real_findings <= high, (found.real_findings, found.findings_band)
    if example == "zhaoqing":
        assert found.real_findings == 30  # the shipped year's figure the issue quotes


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_real_number_of_excellent_grades_lies_in_the_simulated_90_percent_band(
    example: str,
) -> None:
    found = _figures(example)
    low, high = found.excellent_band
    assert low <= found.real_excellent <= high, (found.real_excellent, found.excellent_band)


@pytest.mark.parametrize("example", EXAMPLES)
def test_no_post_is_certain_of_a_direct_finding_or_of_none_unless_a_line_is_far(
    example: str,
) -> None:
    """P(direct finding) 0 % or 100 % only when some line's expected actual is more than
    3 sd from its pledge (at-pledge lines are 0 sd away: a post with nothing else would be
    certain of no finding, which is what the at-pledge declaration makes visible)."""
    assert _figures(example).certain == []


@pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 10 acceptance not met yet: 61 % (Zhaoqing) and 65 % (Sihui) of posts' real "
        "scores lie within their simulated 5-95 % band (2,000 replications). Left: units of "
        "one initiative that differ in size (Sihui's rectification: 24.7 resolved cases "
        "simulated in each department, 63/62/62/31/31/31 pledged by six; Zhaoqing's "
        "windows.served at a fifth of the si-fund pledges), a per-post persistent pace "
        "(laggards included), and models that overshoot pledges (rights.resolution_days, "
        "error rates, satisfaction); see docs/explanation/real-year-acceptance.md"
    ),
)
@pytest.mark.parametrize("example", EXAMPLES)
def test_for_90_percent_of_posts_the_real_score_lies_in_the_simulated_band(
    example: str,
) -> None:
    found = _figures(example)
    assert found.coverage >= 0.9, found.coverage
