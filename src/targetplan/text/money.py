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
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .language import Language, checked, get_language

__all__ = [
    "MILIAR",
    "format_money",
    "format_number",
    "format_percent",
    "signed_number",
    "signed_percent",
]

#: One miliar rupiah (10^9), the unit of "value per Rp 1 M" and of the plots' money axes.
MILIAR = 1e9

# (threshold, Indonesian suffix, English suffix)
_SCALES = (
    (1e12, "T", "tn"),
    (1e9, "M", "bn"),
    (1e6, "jt", "m"),
    (1e3, "rb", "k"),
)


def _missing(value: object) -> bool:
    """Tell whether ``value`` is shown as ``-``: None, NaN and infinities."""
    return value is None or not math.isfinite(float(value))  # type: ignore[arg-type]


def _rounded(value: float, decimals: int) -> str:
    """Write ``value`` with thousands commas and ``decimals`` decimals, halves rounded away from zero.

    Python's own formatting rounds half to even on the binary value (2.5 -> "2"); people
    expect 2.5 -> "3". The shortest repr of the float is what people think it is.
    """
    number = Decimal(repr(float(value)))
    with localcontext() as ctx:
        ctx.prec = max(28, number.adjusted() + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return f"{rounded:,f}"


def _localised(text: str, lang: Language) -> str:
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _number(value: float, decimals: int, lang: Language) -> str:
    text = _rounded(value, decimals)
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return _localised(text, lang)


def format_money(amount: float, lang: Language | None = None, decimals: int = 2) -> str:
    """Format an amount in rupiah for people.

    Parameters
    ----------
    amount : float
        Amount in rupiah.
    lang : {"id", "en"}, optional
        Style; defaults to the language set with :func:`set_language` (Indonesian).
    decimals : int, default 2
        Largest number of decimals shown; trailing zeros are dropped. Halves are
        rounded up (away from zero).

    Returns
    -------
    str
        ``"-"`` for a missing amount (None, NaN) and for an infinite one.

    Raises
    ------
    TargetplanError
        For an unknown ``lang``.

    Examples
    --------
    >>> format_money(-3.7e9)
    '-Rp 3,7 M'
    >>> format_money(0)
    'Rp 0'
    >>> format_money(2.5e6, decimals=0)
    'Rp 3 jt'
    """
    lang = checked(get_language() if lang is None else lang)
    prefix = "Rp " if lang == "id" else "IDR "
    if _missing(amount):
        return "-"
    sign = "-" if amount < 0 else ""
    value = abs(float(amount))
    for threshold, suffix_id, suffix_en in _SCALES:
        if value >= threshold * 0.9995:
            scaled = value / threshold
            suffix = suffix_id if lang == "id" else suffix_en
            return f"{sign}{prefix}{_number(scaled, decimals, lang)} {suffix}"
    body = _number(value, 0, lang)
    return f"{'' if body == '0' else sign}{prefix}{body}"


def format_number(value: float, decimals: int = 2, lang: Language | None = None) -> str:
    """Format a plain number with thousands separators in the report language.

    Halves are rounded up (away from zero); a missing or infinite value is ``"-"``.

    Examples
    --------
    >>> format_number(1905.45)
    '1.905,45'
    >>> format_number(1905.45, lang="en")
    '1,905.45'
    """
    lang = checked(get_language() if lang is None else lang)
    if _missing(value):
        return "-"
    return _localised(_rounded(value, decimals), lang)


def format_percent(share: float, decimals: int = 1, lang: Language | None = None) -> str:
    """Format a share (0.163) as a percentage in the report language.

    Halves are rounded up (away from zero); a missing or infinite share is ``"-"``.

    Examples
    --------
    >>> format_percent(0.163)
    '16,3%'
    >>> format_percent(0.163, lang="en")
    '16.3%'
    """
    lang = checked(get_language() if lang is None else lang)
    if _missing(share):
        return "-"
    return format_number(100 * float(share), decimals, lang) + "%"


def _with_sign(text: str, value: float | None) -> str:
    if _missing(value):
        return "-"
    if not any(ch in "123456789" for ch in text):  # rounds to zero: no sign at all
        return text.lstrip("-")
    return text if float(value) < 0 else "+" + text  # type: ignore[arg-type]


def signed_number(value: float, decimals: int = 2, lang: Language | None = None) -> str:
    """Write a number with its sign, in the language (``+267,45``, ``-5,00``, ``0,00``).

    Examples
    --------
    >>> signed_number(-5, 2, "id"), signed_number(267.45, 2, "en"), signed_number(-0.001, 2, "id")
    ('-5,00', '+267.45', '0,00')
    """
    return _with_sign(format_number(value, decimals, lang), value)


def signed_percent(share: float, decimals: int = 1, lang: Language | None = None) -> str:
    """Write a share as a percentage with its sign (``+16,3%``, ``-62,5%``).

    Examples
    --------
    >>> signed_percent(-0.625, 1, "id"), signed_percent(0.163, 1, "en")
    ('-62,5%', '+16.3%')
    """
    return _with_sign(format_percent(share, decimals, lang), share)
