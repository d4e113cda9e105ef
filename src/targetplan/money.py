"""Rupiah formatting, in Indonesian or English style.

Money is stored as plain numbers in rupiah everywhere in targetplan; this module only
turns numbers into text for reports. Indonesian style writes ``Rp 1,25 M`` (miliar,
10^9) and ``Rp 2,9 T`` (triliun, 10^12) with a decimal comma; English style writes
``IDR 1.25 bn`` and ``IDR 2.9 tn``.

Examples
--------
>>> format_money(1.25e9)
'Rp 1,25 M'
>>> format_money(2.9e12)
'Rp 2,9 T'
>>> format_money(1.25e9, lang="en")
'IDR 1.25 bn'
>>> format_money(250_000_000)
'Rp 250 jt'
"""

from __future__ import annotations

import math
from typing import Literal

__all__ = ["Language", "format_money", "format_number", "format_percent", "get_language", "set_language"]

Language = Literal["id", "en"]

_language: Language = "id"

# (threshold, Indonesian suffix, English suffix)
_SCALES = (
    (1e12, "T", "tn"),
    (1e9, "M", "bn"),
    (1e6, "jt", "m"),
    (1e3, "rb", "k"),
)


def set_language(lang: Language) -> None:
    """Set the default language of reports and money formatting (``"id"`` or ``"en"``).

    Examples
    --------
    >>> set_language("en"); format_money(3e9)
    'IDR 3 bn'
    >>> set_language("id")
    """
    global _language
    if lang not in ("id", "en"):
        from .exceptions import TargetplanError

        raise TargetplanError(f"unknown language {lang!r}; use 'id' (Indonesian) or 'en' (English)")
    _language = lang


def get_language() -> Language:
    """Return the default report language set by :func:`set_language`."""
    return _language


def _number(value: float, decimals: int, lang: Language) -> str:
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_money(amount: float, lang: Language | None = None, decimals: int = 2) -> str:
    """Format an amount in rupiah for people.

    Parameters
    ----------
    amount : float
        Amount in rupiah.
    lang : {"id", "en"}, optional
        Style; defaults to the language set with :func:`set_language` (Indonesian).
    decimals : int, default 2
        Largest number of decimals shown; trailing zeros are dropped.

    Returns
    -------
    str

    Examples
    --------
    >>> format_money(-3.7e9)
    '-Rp 3,7 M'
    >>> format_money(0)
    'Rp 0'
    """
    lang = lang or _language
    prefix = "Rp " if lang == "id" else "IDR "
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "-"
    sign = "-" if amount < 0 else ""
    value = abs(float(amount))
    for threshold, suffix_id, suffix_en in _SCALES:
        if value >= threshold * 0.9995:
            scaled = value / threshold
            suffix = suffix_id if lang == "id" else suffix_en
            return f"{sign}{prefix}{_number(scaled, decimals, lang)} {suffix}"
    return f"{sign}{prefix}{_number(value, 0, lang)}"


def format_number(value: float, decimals: int = 2, lang: Language | None = None) -> str:
    """Format a plain number with thousands separators in the report language.

    Examples
    --------
    >>> format_number(1905.45)
    '1.905,45'
    >>> format_number(1905.45, lang="en")
    '1,905.45'
    """
    lang = lang or _language
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = f"{float(value):,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(share: float, decimals: int = 1, lang: Language | None = None) -> str:
    """Format a share (0.163) as a percentage in the report language.

    Examples
    --------
    >>> format_percent(0.163)
    '16,3%'
    >>> format_percent(0.163, lang="en")
    '16.3%'
    """
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "-"
    return format_number(100 * float(share), decimals, lang) + "%"
