"""Interface text in English or Chinese, through gettext catalogs.

The library and the command line write their fixed text in English, marked with ``_``;
``src/vanguard/locale/zh/LC_MESSAGES/vanguard.po`` holds the Chinese, and the compiled
``vanguard.mo`` beside it ships in the package (tests check it is compiled from the
``.po`` and that every marked message of the commands has a translation). The words of a
program (its posts, tasks, indicators and grades) come from the program file, not from
here: the catalog only holds what the program cannot say.

Marking text::

    _ = words(language)
    _("rank {rank} among {group} posts", rank=3, group=group)

Messages are ``str.format`` templates with named fields, so a translation may put them in
another order. Extract them with Babel, update the ``.po`` and compile it::

    pybabel extract -F babel.cfg -k text --no-location --sort-output \
        -o src/vanguard/locale/vanguard.pot .
    pybabel update -i src/vanguard/locale/vanguard.pot -d src/vanguard/locale -D vanguard \
        --no-fuzzy-matching
    pybabel compile -d src/vanguard/locale -D vanguard
"""

import functools
import gettext
from importlib.resources import files
from typing import Any

from vanguard.model.label import Language

DOMAIN = "vanguard"
LANGUAGES: tuple[Language, ...] = ("en", "zh")


@functools.cache  # catalogs are read-only once parsed; caching keeps no state a caller sees
def catalog(language: Language) -> gettext.NullTranslations:
    """The translations of ``language`` (English: the messages as written)."""
    if language == "en":
        return gettext.NullTranslations()
    path = files("vanguard").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
    with path.open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


class Words:
    """The interface text of one language: ``words(message, **fields)``."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self._catalog = catalog(language)

    def __call__(self, message: str, /, **fields: Any) -> str:
        text = self._catalog.gettext(message)
        return text.format(**fields) if fields else text

    def plural(self, singular: str, plural: str, count: int, /, **fields: Any) -> str:
        """``singular`` or ``plural`` as ``count`` asks (Chinese has one form)."""
        text = self._catalog.ngettext(singular, plural, count)
        return text.format(count=count, **fields)


def words(language: Language = "en") -> Words:
    """The interface text of ``language``."""
    return Words(language)


def _(message: str) -> str:
    """Mark ``message`` for extraction where it is translated later (a table of words)."""
    return message


__all__ = ["DOMAIN", "LANGUAGES", "Words", "catalog", "words"]
