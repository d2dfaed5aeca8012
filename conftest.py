"""Root pytest configuration.

- Slow tests run only with ``--slow`` (CI passes it).
- Hypothesis runs without deadlines everywhere (the ``vanguard`` settings profile, loaded
  for every run): on a loaded machine a slow example is not a failure, and tests must never
  depend on wall-clock speed. ``HYPOTHESIS_PROFILE`` selects another registered profile.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("vanguard", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "vanguard"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
