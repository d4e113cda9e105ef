"""A sheet as a grid of text cells with its merged ranges, for reading printed matrices.

:func:`~targetplan.inputs.tables.read_table` reads a table whose first row is the header.
Printed planning matrices are not such tables: a title above, one to three header rows
with merged cells, a row of column numbers, blank spacer rows. :func:`read_grid` gives the
raw sheet instead — every cell as text, rows numbered as the spreadsheet numbers them, and
the merged ranges — so that a reader can find the header and fill merged cells itself.
The file is only read.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import InputValidationError
from .collect import failure
from .tables import AUTO, INDONESIAN

__all__ = ["Grid", "column_letter", "read_grid"]


@dataclass
class Grid:
    """The cells of one sheet as text.

    Attributes
    ----------
    cells : DataFrame
        Index: spreadsheet row numbers (1 = first row); columns: 0-based column
        positions; every cell a stripped string (``""`` when blank).
    merged : list of (first_row, first_col, last_row, last_col)
        Merged ranges: rows as spreadsheet numbers, columns 0-based (inclusive).
    number_style : str
        ``"id"`` for a semicolon-separated CSV file (Indonesian numbers), else ``"auto"``.
    """

    cells: pd.DataFrame
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    number_style: str = AUTO

    def filled(self) -> pd.DataFrame:
        """Return the cells with every merged range filled with the value of its top-left cell."""
        cells = self.cells.copy()
        for r0, c0, r1, c1 in self.merged:
            if r0 not in cells.index or c0 not in cells.columns:
                continue
            value = cells.at[r0, c0]
            rows = [r for r in range(r0, r1 + 1) if r in cells.index]
            cols = [c for c in range(c0, c1 + 1) if c in cells.columns]
            cells.loc[rows, cols] = value
        return cells


def column_letter(position: int) -> str:
    """Return the spreadsheet letter of a 0-based column position (0 → ``A``, 27 → ``AB``).

    Examples
    --------
    >>> column_letter(0), column_letter(7), column_letter(27)
    ('A', 'H', 'AB')
    """
    letters = ""
    n = position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: Any) -> str:
    """Return a cell value as text: whole floats without ``.0``, dates as ISO dates, blanks as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_grid(
    path: str | Path,
    sheet: str | int = 0,
    what: str = "table",
    error: type[InputValidationError] = InputValidationError,
) -> Grid:
    """Read one sheet of a workbook (or a CSV file) as a :class:`Grid` of text cells.

    Raises
    ------
    InputValidationError
        (of the class ``error``) when the file is missing, not a table, or has no such sheet.
    """
    p = Path(path)

    def fail(problem: str, fix: str, value: Any = None) -> InputValidationError:
        return error([failure(None, None, None, value, problem, fix)], str(p))

    if not p.exists():
        raise fail(f"the {what} file does not exist", "check the path and the working directory", str(p))
    if p.is_dir():
        raise fail(f"the {what} path is a folder, not a file", "give the path of a .xlsx or .csv file", str(p))
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(p, sheet, fail)
    if suffix in (".csv", ".txt"):
        return _read_csv(p, fail, what)
    raise fail(
        f"a {suffix or 'suffix-less'} file is not a {what}",
        "give an Excel workbook (.xlsx) or a CSV file (comma or semicolon separated)",
        str(p),
    )


def _read_workbook(p: Path, sheet: str | int, fail: Any) -> Grid:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise fail(
            "reading Excel files needs the optional package openpyxl",
            "pip install 'targetplan[excel]' (or save the sheet as CSV)",
        ) from None
    try:
        book = openpyxl.load_workbook(p, data_only=True)
        formulas = openpyxl.load_workbook(p, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise fail(f"the file could not be read as a workbook: {exc}", "save it again as .xlsx") from None
    try:
        names = list(book.sheetnames)
        known = sheet in names if isinstance(sheet, str) else 0 <= sheet < len(names)
        if not known:
            listed = ", ".join(repr(n) for n in names)
            raise fail(
                f"the workbook has no sheet {sheet!r}",
                f"name an existing sheet (by name or by 0-based position): {listed}",
                sheet,
            )
        ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
        wf = formulas[ws.title]
        rows = []
        for values, raw in zip(ws.iter_rows(values_only=True), wf.iter_rows(values_only=True), strict=False):
            row = []
            for value, formula in zip(values, raw, strict=False):
                # a formula without a stored value: keep its text, so it is reported, not read as blank
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    row.append(formula)
                else:
                    row.append(_text(value))
            rows.append(row)
        merged = [(rng.min_row, rng.min_col - 1, rng.max_row, rng.max_col - 1) for rng in ws.merged_cells.ranges]
    finally:
        book.close()
        formulas.close()
    width = max((len(r) for r in rows), default=0)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    cells.index = pd.RangeIndex(1, 1 + len(cells))
    return Grid(cells, merged, AUTO)


def _read_csv(p: Path, fail: Any, what: str) -> Grid:
    raw = p.read_bytes()
    if not raw.strip():
        raise fail(f"the {what} file is empty", "export the matrix again")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(
            "the file is not UTF-8 text (an Excel file saved with a .csv name, or another encoding?)",
            "save it as 'CSV UTF-8' from your spreadsheet program",
        ) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        cells = pd.read_csv(
            io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise fail(f"the {what} file could not be read as a table: {exc}", "check the separator and quotes") from None
    cells = cells.map(lambda v: str(v).strip()).astype(object)
    cells.index = pd.RangeIndex(1, 1 + len(cells))
    return Grid(cells, [], INDONESIAN if sep == ";" else AUTO)
