"""Tables and HTML views for people, formatted through the column registry.

:func:`show_table` turns a report table into text cells in the report language;
:class:`HtmlView` gives every result object the same escaped notebook view (its repr, a
headline, then its tables under their titles).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .columns import Kind, column, label
from .language import Language, get_language, pick
from .money import format_money, format_number, format_percent
from .words import VALUES, YES_NO, baseline_description, baseline_name, table_title, value_word

__all__ = ["HtmlView", "is_missing", "relabel", "render_html", "show_cell", "show_table"]


def is_missing(value: Any) -> bool:
    """Whether a cell is missing (None, NA or NaN)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _money(value: Any, lang: Language) -> str:
    if is_missing(value):
        return "-"
    amount = float(value)
    # solver round-off (a few rupiah either side of zero) must not show as "-Rp 0"
    return format_money(0.0 if abs(amount) < 0.5 else amount, lang)


def show_cell(name: str, value: Any, lang: Language | None = None, decimals: int | None = None) -> Any:
    """One cell of column ``name`` as text for people (unknown columns: the value unchanged).

    ``decimals`` overrides the column's own for a target (the programme's ``target_decimals``).
    """
    lang = lang or get_language()
    if isinstance(value, dict):  # extra_ceiling: {year: rupiah}
        return "; ".join(f"{k}: {_money(v, lang)}" for k, v in value.items()) or "-"
    if is_missing(value):
        return "-"
    spec = column(name)
    if spec is None:
        return value
    kind = spec.kind
    if kind is Kind.BOOL and isinstance(value, bool | np.bool_ | int | np.integer):
        return pick(YES_NO[bool(value)], lang)
    if kind is Kind.CATEGORY or name in VALUES:
        return value_word(name, value, lang)
    if kind is Kind.MONEY:
        return _money(value, lang)
    if kind is Kind.SHARE:
        return format_percent(float(value), spec.places, lang)
    if kind is Kind.TARGET and decimals is not None:
        return format_number(float(value), int(decimals), lang)
    if kind in (Kind.VALUE, Kind.TARGET):
        return format_number(float(value), spec.places, lang)
    if kind is Kind.YEAR:
        return str(int(value))
    if kind is Kind.COUNT:
        return format_number(int(value), 0, lang)
    return value


def relabel(frame: pd.DataFrame, lang: Language | None = None) -> pd.DataFrame:
    """Copy of ``frame`` with headings (columns and index name) in the given language."""
    out = frame.rename(columns=lambda c: label(str(c), lang))
    if out.index.name:
        out.index.name = label(str(out.index.name), lang)
    return out


def show_table(
    table: pd.DataFrame, lang: Language | None = None, decimals: Mapping[Any, int] | None = None
) -> pd.DataFrame:
    """Copy of a report table with every cell as text in the language; headings translated.

    Money in rupiah (``Rp 1,2 M``), shares as percentages, values with the language's
    decimal mark, years as plain numbers, yes/no and category words in the language,
    ``extra_ceiling`` as ``2024: Rp 1,2 M; 2026: Rp 3 M``; manual rankings by name.
    Targets are shown with the decimals of their programme where ``decimals`` maps the
    table's row labels (programme ids) to them. The table itself is not modified.

    Examples
    --------
    >>> frame = pd.DataFrame({"decision": ["drop"], "share": [0.65]}, index=pd.Index(["P1"], name="id"))
    >>> show_table(frame, "id").to_dict("records")
    [{'Keputusan': 'dihentikan', 'Porsi pagu': '65,0%'}]
    """
    lang = lang or get_language()
    shown = table.copy()
    places = [decimals.get(k) for k in shown.index] if decimals else [None] * len(shown)
    for name in shown.columns:
        values = [show_cell(str(name), v, lang, d) for v, d in zip(shown[name].tolist(), places, strict=True)]
        shown[name] = pd.Series(values, index=shown.index, dtype=object)
    if "description" in shown.columns and shown.index.name == "baseline":
        shown["description"] = [
            baseline_description(str(k), str(v), lang) for k, v in zip(shown.index, shown["description"], strict=True)
        ]
    index_name = shown.index.name
    if index_name == "baseline":
        shown.index = pd.Index([baseline_name(str(k), lang) for k in shown.index], name=index_name)
    elif index_name in VALUES:
        shown.index = pd.Index([value_word(index_name, k, lang) for k in shown.index], name=index_name)
    return relabel(shown, lang)


def render_html(
    title: str,
    headline: str,
    tables: dict[str, pd.DataFrame],
    lang: Language,
    max_rows: int | None = None,
    decimals: Mapping[Any, int] | None = None,
) -> str:
    """Render a notebook view: a bold title, a headline, every table under its title; all text escaped."""
    parts = [f"<p><b>{html.escape(title)}</b></p>"]
    if headline:
        parts.append(f"<p>{html.escape(headline)}</p>")
    for name, table in tables.items():
        shown = show_table(table, lang, decimals).to_html(max_rows=max_rows, escape=True)
        parts.append(f"<h4>{html.escape(table_title(name, lang))}</h4>{shown}")
    return "".join(parts)


class HtmlView:
    """Mixin: the notebook view of a result object, the same for every kind and always escaped.

    A class using it defines :meth:`html_tables` (the tables to show, by name) and may
    define :meth:`view_title` (the title, in the language), :meth:`headline` (one
    sentence on the whole object) and ``lang``.
    """

    lang: Language | None = None
    #: Most rows shown per table (``None``: all).
    html_max_rows: int | None = 60

    def headline(self, lang: Language) -> str:
        """One sentence on the whole object, in the language (empty by default)."""
        return ""

    def view_title(self, lang: Language) -> str:
        """Title of the notebook view, in the language (the ``repr`` unless a class words it)."""
        return repr(self)

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the tables the notebook view shows, by name (see :data:`~targetplan.text.words.TABLE_TITLES`)."""
        return {}

    def target_decimals(self) -> Mapping[Any, int] | None:
        """Return the decimals each programme's targets are shown with, by id (``None``: the columns' own)."""
        catalog = getattr(getattr(self, "plan", None), "catalog", None) or getattr(self, "catalog", None)
        if catalog is None or "target_decimals" not in catalog.columns:
            return None
        return dict(zip(catalog.ids, catalog.values("target_decimals").tolist(), strict=True))

    def _repr_html_(self) -> str:
        lang = self.lang or get_language()
        tables = self.html_tables(lang)
        title = self.view_title(lang)
        return render_html(title, self.headline(lang), tables, lang, self.html_max_rows, self.target_decimals())
