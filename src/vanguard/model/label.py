"""Bilingual names: every name carries English and, where the report has one, its Chinese term."""

from typing import Literal

from vanguard.model._constraints import Text, model

Language = Literal["en", "zh"]
"""Which rendering of a name to show: ``"en"`` English, ``"zh"`` the report's Chinese term."""


@model
class Label:
    """A name in English and, optionally, in the report's own Chinese term.

    In a program file a label is either a plain string (English only) or a table
    ``{ en = "Study system", zh = "学习制度" }``.
    """

    en: Text
    zh: Text | None = None

    def show(self, language: Language = "en") -> str:
        """The name in ``language``, falling back to English when no Chinese term is given."""
        if language == "zh" and self.zh is not None:
            return self.zh
        return self.en

    def __str__(self) -> str:
        return self.en if self.zh is None else f"{self.en} ({self.zh})"


def label(en: str, zh: str | None = None) -> Label:
    """Shorthand for :class:`Label` used by plugins and tests."""
    return Label(en=en, zh=zh)


__all__ = ["Label", "Language", "label"]
