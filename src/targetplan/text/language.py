"""The report language: Indonesian (the default) or English.

Every text targetplan writes for people — headings, sentences, money, sheet names — is
in one language at a time. :func:`set_language` sets it for the process; each function
that writes text also takes ``lang=`` for one call.
"""

from __future__ import annotations

from typing import Literal

from ..exceptions import ArgumentError

__all__ = ["Language", "checked", "get_language", "pick", "set_language"]

Language = Literal["id", "en"]

#: A text in both languages: (Indonesian, English).
Pair = tuple[str, str]

_language: Language = "id"


def checked(lang: object) -> Language:
    """Return ``lang`` when it is a known language, else raise :class:`~targetplan.exceptions.ArgumentError`."""
    if lang == "id":
        return "id"
    if lang == "en":
        return "en"
    raise ArgumentError(f"unknown language {lang!r}; use 'id' (Indonesian) or 'en' (English)")


def set_language(lang: Language) -> None:
    """Set the default language of reports and money formatting (``"id"`` or ``"en"``).

    Examples
    --------
    >>> from targetplan.text.money import format_money
    >>> set_language("en"); format_money(3e9)
    'IDR 3 bn'
    >>> set_language("id")
    """
    global _language
    _language = checked(lang)


def get_language() -> Language:
    """Return the default report language set by :func:`set_language`."""
    return _language


def pick(pair: Pair, lang: Language | None = None) -> str:
    """Return the text of ``pair`` in ``lang`` (default: the language set with :func:`set_language`).

    Examples
    --------
    >>> pick(("Pagu", "Ceiling"), "en")
    'Ceiling'
    """
    return pair[0] if checked(lang or _language) == "id" else pair[1]
