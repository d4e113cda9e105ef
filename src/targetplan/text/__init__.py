"""Text for people: the report language, money and numbers, column headings and words.

The bottom of the package with :mod:`targetplan.exceptions`: everything that shows a
number or a word to a person comes here, so one language is used at a time.
"""

from __future__ import annotations

from .columns import COLUMNS, Column, Kind, column, label
from .language import Language, get_language, pick, set_language
from .money import MILIAR, format_money, format_number, format_percent, signed_number, signed_percent
from .show import HtmlView, relabel, render_html, show_cell, show_table

__all__ = [
    "COLUMNS",
    "MILIAR",
    "Column",
    "HtmlView",
    "Kind",
    "Language",
    "column",
    "format_money",
    "format_number",
    "format_percent",
    "get_language",
    "label",
    "pick",
    "relabel",
    "render_html",
    "set_language",
    "show_cell",
    "show_table",
    "signed_number",
    "signed_percent",
]
