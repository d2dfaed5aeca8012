"""The test run has no wall-clock deadlines, so a loaded machine cannot fail it."""

from hypothesis import settings


def test_hypothesis_runs_without_a_deadline() -> None:
    assert settings.default.deadline is None


def test_settings_given_per_test_keep_no_deadline() -> None:
    # @settings(max_examples=...) on a test inherits the loaded profile's deadline
    assert settings(max_examples=3).deadline is None
