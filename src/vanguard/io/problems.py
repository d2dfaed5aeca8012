"""Deprecated location of :mod:`vanguard.problems`, kept so existing imports keep working.

Import :class:`~vanguard.Problem`, :class:`~vanguard.ProgramError` and
:class:`~vanguard.VanguardError` from ``vanguard`` (or :mod:`vanguard.problems`).
"""

from vanguard.problems import Problem, ProgramError, VanguardError, describe, raise_if_any

__all__ = ["Problem", "ProgramError", "VanguardError", "describe", "raise_if_any"]
