"""The one workbook writer for people: every ``.xlsx`` targetplan writes for a person goes through here.

A workbook is a list of :class:`Sheet` (a flat table with API column names, or a
label / value list) written in one language at a time:

* sheet names and headings in the language (:mod:`targetplan.text.words`,
  :mod:`targetplan.text.columns`); category words (``lanjutan``, ``fleksibel``) and
  yes / no translated;
* money in one unit for the whole workbook, ``Rp`` or ``Rp juta``, named in the heading
  (``Pagu (Rp juta)``), with a number format (never *General*); shares as percentages;
  targets with their programme's decimals; years without a thousands separator;
* a totals row (``Jumlah`` / ``Total``) under the columns that add up;
* column widths from what the cells show, the header row frozen (and the first column
  of a table), an auto-filter;
* print setup: landscape A4, fit to the page width, the header row repeated on every page.

Text that a spreadsheet could run as a formula is stored as text; control characters a
workbook cannot hold are replaced. The file is written atomically.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, TargetplanError
from ..text.columns import Kind, column, label
from ..text.language import Language, Pair, pick
from ..text.words import VALUES, YES_NO, sheet_name, value_word
from .files import FORMULA_STARTS, atomic_path

__all__ = [
    "MONEY_UNITS",
    "MoneyUnit",
    "Sheet",
    "Workbook",
    "choose_money_unit",
    "need_openpyxl",
    "number_format",
]

#: The units money can be shown in: rupiah, or millions of rupiah (*juta*).
MoneyUnit = Literal["Rp", "Rp juta"]
MONEY_UNITS: dict[str, tuple[float, str, Pair]] = {
    # unit: (rupiah per unit, Excel number format, heading suffix (Indonesian, English))
    "Rp": (1.0, "#,##0", ("Rp", "Rp")),
    "Rp juta": (1e6, "#,##0.00", ("Rp juta", "Rp million")),
}
SHARE_FORMAT = "0.0%"
YEAR_FORMAT = "0"
COUNT_FORMAT = "#,##0"
_TOTAL: Pair = ("Jumlah", "Total")

_EXCEL_HINT = "pip install 'targetplan[excel]' (or save with plan.to_csv() / plan.to_json())"


def need_openpyxl() -> None:
    """Raise :class:`~targetplan.exceptions.TargetplanError` when openpyxl is missing, with the fix."""
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise TargetplanError(f"writing Excel files needs the optional package openpyxl; {_EXCEL_HINT}") from None


def choose_money_unit(amounts: Sequence[float], unit: str | None = None) -> MoneyUnit:
    """Return the money unit of a workbook: ``unit`` when given, else from the size of ``amounts``.

    ``Rp juta`` once the largest amount reaches Rp 1 miliar (a city's yearly ceilings), ``Rp``
    for smaller sums, so that no cell shows 11 digits and none shows ``0,00``.

    Examples
    --------
    >>> choose_money_unit([4.2e10]), choose_money_unit([7.5e8]), choose_money_unit([4.2e10], "Rp")
    ('Rp juta', 'Rp', 'Rp')
    """
    if unit is not None:
        if unit not in MONEY_UNITS:
            raise ArgumentError(
                f"money_unit {unit!r} is not known; use 'Rp' (rupiah) or 'Rp juta' (millions of rupiah)"
            )
        return unit  # type: ignore[return-value]
    finite = [abs(float(a)) for a in amounts if a is not None and math.isfinite(float(a))]
    return "Rp juta" if finite and max(finite) >= 1e9 else "Rp"


def number_format(kind: Kind | None, unit: MoneyUnit = "Rp", decimals: int | None = None) -> str | None:
    """Excel number format of a kind of cell (``None``: text, left as it is).

    Examples
    --------
    >>> number_format(Kind.MONEY, "Rp juta"), number_format(Kind.SHARE), number_format(Kind.TARGET, decimals=1)
    ('#,##0.00', '0.0%', '#,##0.0')
    """
    if kind is Kind.MONEY:
        return MONEY_UNITS[unit][1]
    if kind is Kind.SHARE:
        places = 1 if decimals is None else decimals
        return "0." + "0" * places + "%" if places else "0%"
    if kind is Kind.YEAR:
        return YEAR_FORMAT
    if kind is Kind.COUNT:
        return COUNT_FORMAT
    if kind in (Kind.VALUE, Kind.TARGET):
        places = 2 if decimals is None else decimals
        return "#,##0." + "0" * places if places else "#,##0"
    return None


@dataclass
class Sheet:
    """One sheet: a flat table whose headings are API column names (or years), or a label / value list.

    Parameters
    ----------
    key : str
        The sheet's key (``"selection"``); its name in each language comes from
        :data:`~targetplan.text.words.SHEET_NAMES` unless ``name`` is given.
    frame : DataFrame
        The cells, without an index. String headings are API names looked up in the column
        registry; integer headings are years whose cells are of kind ``year_kind``.
    name : str, optional
        A name of its own (a scenario's), used as it is in every language.
    year_kind : Kind, optional
        Kind of the cells under year headings (money in a costs sheet, shares in levels).
    rows : list of Kind, optional
        For a label / value list (two columns, ``item`` and ``value``): the kind of each row's value.
    row_decimals : list of int, optional
        Decimals of each row's targets (the programme's ``target_decimals``).
    totals : sequence, optional
        Headings of the columns summed in a totals row; ``"utilisation"`` is allocated ÷ ceiling.
    kinds : dict, optional
        Kind of a heading that is not in the registry, or that differs here.
    """

    key: str
    frame: pd.DataFrame
    name: str | None = None
    year_kind: Kind | None = None
    rows: list[Kind | None] = field(default_factory=list)
    row_decimals: list[int] = field(default_factory=list)
    totals: Sequence[Any] = ()
    kinds: dict[Any, Kind] = field(default_factory=dict)

    @property
    def is_list(self) -> bool:
        """Whether the sheet is a label / value list."""
        return bool(self.rows) or list(self.frame.columns) == ["item", "value"]

    def kind_of(self, heading: Any) -> Kind | None:
        """Kind of the cells under ``heading``."""
        if heading in self.kinds:
            return self.kinds[heading]
        if not isinstance(heading, str):
            return self.year_kind
        spec = column(heading)
        return None if spec is None else spec.kind

    def decimals_of(self, heading: Any) -> int | None:
        """Decimals of the cells under ``heading`` (the registry's; ``None`` for the kind's default)."""
        spec = column(heading) if isinstance(heading, str) else None
        return None if spec is None else spec.places


def list_sheet(key: str, rows: list[tuple[str, Any, Kind | None]]) -> Sheet:
    """Make a label / value sheet from ``(label, value, kind)`` rows."""
    frame = pd.DataFrame({"item": [r[0] for r in rows], "value": pd.Series([r[1] for r in rows], dtype=object)})
    return Sheet(key, frame, rows=[r[2] for r in rows] or [None])


class Workbook:
    """Sheets for people in one language and one money unit, written to one ``.xlsx`` file.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl, pandas as pd
    >>> book = Workbook(lang="en", money_unit="Rp juta")
    >>> book.add(Sheet("yearly", pd.DataFrame({"year": [2024, 2025], "ceiling": [4.2e10, 4.4e10]}), totals=["ceiling"]))
    >>> path = book.write(pathlib.Path(tempfile.mkdtemp()) / "b.xlsx")
    >>> ws = openpyxl.load_workbook(path)["budget"]
    >>> [c.value for c in ws[1]], [c.value for c in ws[4]], ws["B2"].number_format
    (['Year', 'Ceiling (Rp million)'], ['Total', 86000], '#,##0.00')
    """

    def __init__(self, lang: Language, money_unit: MoneyUnit = "Rp") -> None:
        self.lang: Language = lang
        self.unit: MoneyUnit = choose_money_unit([], money_unit)
        self.sheets: list[Sheet] = []

    # ------------------------------------------------------------------ words
    def say(self, pair: Pair) -> str:
        """Return the text of ``pair`` in the workbook's language."""
        return pick(pair, self.lang)

    @property
    def unit_label(self) -> str:
        """The money unit as written in headings (``Rp juta`` / ``Rp million``)."""
        return self.say(MONEY_UNITS[self.unit][2])

    def heading(self, sheet: Sheet, name: Any) -> Any:
        """Return the heading of a column for people, with the money unit where the cells are money."""
        text = label(name, self.lang) if isinstance(name, str) else str(name)
        if sheet.kind_of(name) is Kind.MONEY:
            return f"{text} ({self.unit_label})"
        return text if isinstance(name, str) else int(name)

    def add(self, sheet: Sheet) -> None:
        """Add a sheet at the end."""
        self.sheets.append(sheet)

    # ------------------------------------------------------------------ cells
    def _cell(self, sheet: Sheet, name: Any, value: Any, kind: Kind | None, decimals: int | None) -> Any:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, str):
            if isinstance(name, str) and (kind is Kind.CATEGORY or name in VALUES):
                value = value_word(name, value, self.lang)
            return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if isinstance(value, bool | np.bool_):
            return pick(YES_NO[bool(value)], self.lang)
        if isinstance(value, dict):
            money = kind is Kind.MONEY or name == "extra_ceiling"
            return "; ".join(f"{k}: {self._money_text(v) if money else v}" for k, v in value.items())
        if isinstance(value, tuple | list | set | frozenset):
            return "; ".join(str(v) for v in value)
        if isinstance(value, pd.Timestamp):
            return value.to_pydatetime()
        if isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            if not math.isfinite(number):
                return None
            if kind is Kind.MONEY:
                number = round(number) / MONEY_UNITS[self.unit][0]  # whole rupiah, then the unit
            elif kind is Kind.TARGET and decimals is not None:
                number = round(number, decimals)
            if abs(number) < 1e-9:
                return 0  # solver round-off: no -0 and no 1e-12
            if kind in (Kind.YEAR, Kind.COUNT) or (isinstance(value, int | np.integer) and number.is_integer()):
                return round(number)
            return number
        return str(value)

    def _money_text(self, value: Any) -> str:
        from ..text.money import format_money

        return format_money(float(value), self.lang)

    # ------------------------------------------------------------------ writing
    def write(self, path: str | Path) -> Path:
        """Write every sheet to ``path`` atomically (replaced only once the workbook is complete)."""
        need_openpyxl()
        from openpyxl import Workbook as Book

        book = Book()
        book.remove(book.active)
        used: set[str] = set()
        for sheet in self.sheets:
            ws = book.create_sheet(self._unique_name(sheet, used))
            self._fill(ws, sheet)
        target = Path(path)
        with atomic_path(target) as tmp:
            book.save(tmp)
        return target

    def _unique_name(self, sheet: Sheet, used: set[str]) -> str:
        base = sheet.name if sheet.name is not None else sheet_name(sheet.key, self.lang)
        base = "".join("_" if c in "[]:*?/\\" else c for c in base).strip("'")[:31] or "sheet"
        name, k = base, 1
        while name.lower() in used:
            k += 1
            name = f"{base[:28]}_{k}"
        used.add(name.lower())
        return name

    def _fill(self, ws: Any, sheet: Sheet) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

        frame = sheet.frame
        n_rows, n_cols = frame.shape
        headings = [self.heading(sheet, name) for name in frame.columns]
        if sheet.is_list:
            headings = [label("item", self.lang), self.say(("Isi", "Value"))]
        ws.append(headings)
        columns: list[tuple[Any, list[Kind | None], list[int | None]]] = []
        for j, name in enumerate(frame.columns):
            if sheet.is_list and j == 1:
                kinds = list(sheet.rows) + [None] * (n_rows - len(sheet.rows))
                columns.append((name, kinds, [None] * n_rows))
                continue
            kind = sheet.kind_of(name)
            places: list[int | None]
            if kind is Kind.TARGET and sheet.row_decimals:
                places = list(sheet.row_decimals)
            else:
                places = [sheet.decimals_of(name)] * n_rows
            columns.append((name, [kind] * n_rows, places))
        values = [frame.iloc[:, j].tolist() for j in range(n_cols)]
        if sheet.is_list:  # a money row names its unit after its label
            values[0] = [
                f"{text} ({self.unit_label})" if kind is Kind.MONEY else text
                for text, kind in zip(values[0], columns[1][1], strict=True)
            ]
        for i in range(n_rows):
            row = []
            for j, (name, kinds_j, places_j) in enumerate(columns):
                row.append(self._cell(sheet, name, values[j][i], kinds_j[i], places_j[i]))
            ws.append(row)
        formats = [
            [number_format(kinds[i], self.unit, places[i]) for i in range(n_rows)] for _, kinds, places in columns
        ]
        # A row made tall by a wrapped sentence reads from its top (only sheets with sentences:
        # a style on every cell of a 50,000-programme sheet costs seconds); a list's values,
        # numbers or words, line up on the left.
        wrapping = sheet.is_list or any(c in ("sentence", "message") for c in frame.columns)
        top = Alignment(vertical="top")
        left = Alignment(horizontal="left", vertical="top")
        for j in range(n_cols):
            for i in range(n_rows):
                cell = ws.cell(row=i + 2, column=j + 1)
                if wrapping:
                    cell.alignment = left if sheet.is_list and j == 1 else top
                if formats[j][i] is not None and isinstance(cell.value, int | float):
                    cell.number_format = formats[j][i]
        total_row = self._totals(ws, sheet, columns, n_rows) if sheet.totals and n_rows else None
        # Text that looks like a formula stays text: openpyxl makes a str starting with "=" a
        # formula, so undo that, and mark such cells with Excel's quote prefix (the UI's "'").
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    c.data_type = "s"
                if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS):
                    c.quotePrefix = True
        bold = Font(bold=True)
        for c in ws[1]:
            c.font = bold
            c.fill = PatternFill("solid", start_color="DDEBF7")
            c.border = Border(bottom=Side(style="thin"))
            c.alignment = Alignment(vertical="top", wrap_text=True)
        if total_row is not None:
            for c in ws[total_row]:
                c.font = bold
                c.border = Border(top=Side(style="thin"))
        header_lines = 1
        for j in range(n_cols):
            # a long heading wraps (over at most three lines) rather than widening its column
            heading_width = len(str(headings[j]))
            widths = [min(heading_width, max(12, math.ceil(heading_width / 3)))]
            for i in range(n_rows + (1 if total_row else 0)):
                cell = ws.cell(row=i + 2, column=j + 1)
                widths.append(_shown_width(cell.value, cell.number_format))
            # Sentences wrap in a wide column; names and other text are cut at the column's edge.
            wraps = (sheet.is_list and j == 1) or frame.columns[j] in ("sentence", "message")
            width = min(max(widths) + 2, 80 if wraps else 60)
            ws.column_dimensions[get_column_letter(j + 1)].width = width
            header_lines = max(header_lines, math.ceil(heading_width * 1.2 / max(width - 2, 1)))
            if wraps and max(widths) + 2 > width:
                for i in range(n_rows):
                    cell = ws.cell(row=i + 2, column=j + 1)
                    cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
                    lines = math.ceil(_shown_width(cell.value, cell.number_format) * 1.1 / width) or 1
                    height = ws.row_dimensions[i + 2].height or 15
                    ws.row_dimensions[i + 2].height = max(height, 15 * lines)
        ws.row_dimensions[1].height = 15 * min(header_lines, 4)
        ws.freeze_panes = "B2" if n_cols > 1 and not sheet.is_list else "A2"
        if not sheet.is_list and n_rows and n_cols:
            ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{n_rows + 1}"
        _print_setup(ws)

    def _totals(self, ws: Any, sheet: Sheet, columns: list[Any], n_rows: int) -> int:
        """Append the totals row; return its row number."""
        frame = sheet.frame
        row: list[Any] = [None] * frame.shape[1]
        row[0] = self.say(_TOTAL)
        sums: dict[Any, float] = {}
        for j, name in enumerate(frame.columns):
            if name in sheet.totals and name != "utilisation":
                numbers = pd.to_numeric(frame.iloc[:, j], errors="coerce").to_numpy(dtype=float)
                sums[name] = math.fsum(numbers[np.isfinite(numbers)])
                kind = columns[j][1][0] if columns[j][1] else None
                row[j] = self._cell(sheet, name, sums[name], kind, None)
        if "utilisation" in sheet.totals and "utilisation" in frame.columns:
            ceiling, allocated = sums.get("ceiling"), sums.get("allocated")
            if ceiling and allocated is not None:
                row[list(frame.columns).index("utilisation")] = allocated / ceiling
        ws.append(row)
        r = n_rows + 2
        for j, name in enumerate(frame.columns):
            cell = ws.cell(row=r, column=j + 1)
            kind = columns[j][1][0] if columns[j][1] else None
            fmt = number_format(kind, self.unit, sheet.decimals_of(name))
            if fmt is not None and isinstance(cell.value, int | float):
                cell.number_format = fmt
        return r


def _shown_width(value: Any, fmt: str) -> int:
    """About how many characters a cell shows."""
    if value is None:
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        if fmt.endswith("%"):
            return len(f"{100 * value:,.1f}%")
        decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
        return len(f"{value:,.{decimals}f}") if fmt != YEAR_FORMAT else len(str(int(value)))
    return max((len(line) for line in str(value).splitlines()), default=0)


def _print_setup(ws: Any) -> None:
    """Landscape A4, fit to the page width (as many pages down as needed), header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
