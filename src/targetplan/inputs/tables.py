"""Reading input tables and cleaning their cells, shared by every reader of input files.

Input tables are read with every cell as text so that codes such as
``2.16.03.2.02.0035`` stay strings and a stray word in a money column can be reported
with its row instead of silently becoming ``NaN``.
"""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputValidationError

_TRUE = {"true", "1", "yes", "y", "ya", "wajib", "t", "1.0"}
_FALSE = {"false", "0", "no", "n", "tidak", "f", "0.0", ""}
_ID_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")
# Indonesian style only: thousands dots in groups of three, optional decimal comma
_INDONESIAN_NUMBER = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def normalise_name(name: object) -> str:
    """Lower-case a column name and turn spaces and dashes into underscores."""
    text = str(name).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def did_you_mean(name: str, known: list[str]) -> str:
    """Return a 'did you mean' hint for ``name`` among ``known`` names, or ``""``."""
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"did you mean '{match[0]}'?" if match else ""


def close_match(name: str, known: list[str]) -> str | None:
    """Return the known name closest to ``name`` when it is very close, else ``None``."""
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
    return match[0] if match else None


#: ``frame.attrs`` key set by :func:`read_table`: how numbers in the table's cells are written.
NUMBER_STYLE = "number_style"
#: Any style: plain digits (``1250000.5``), or Indonesian style when unambiguous (``1.250.000,50``).
AUTO = "auto"
#: Indonesian style: dot = thousands, comma = decimal (``750.000``, ``2,5``); semicolon CSV files.
INDONESIAN = "id"


def sheet_names(path: str | Path) -> list[str]:
    """Return the sheet names of a workbook (needs openpyxl for .xlsx)."""
    with pd.ExcelFile(path) as book:
        return [str(name) for name in book.sheet_names]


def read_table(
    path: str | Path,
    sheet: str | int = 0,
    what: str = "table",
    error: type[InputValidationError] = InputValidationError,
    allow_empty: bool = False,
) -> pd.DataFrame:
    """Read a CSV or Excel file as text, with spreadsheet row numbers as the index.

    The first row that is not blank is the header; its names are kept as written (a
    repeated name stays repeated, so the caller can report it). Rows whose cells are all
    blank are dropped; the other rows keep their spreadsheet row numbers. A semicolon-
    separated CSV file is the export of a comma-decimal spreadsheet (Indonesian Excel),
    so its ``frame.attrs[NUMBER_STYLE]`` is :data:`INDONESIAN`; otherwise :data:`AUTO`.
    The file is opened read-only; nothing is written back.
    """
    p = Path(path)

    def fail(problem: str, fix: str, value: Any = None) -> InputValidationError:
        return error(
            [{"row": None, "id": None, "column": None, "value": value, "problem": problem, "fix": fix}], str(p)
        )

    if not p.exists():
        raise fail(f"the {what} file does not exist", "check the path and the working directory", str(p)) from None
    if p.is_dir():
        raise fail(
            f"the {what} path is a folder, not a file", "give the path of a .csv or .xlsx file", str(p)
        ) from None
    suffix = p.suffix.lower()
    style = AUTO
    try:
        if suffix in (".json", ".toml", ".xml", ".parquet", ".pdf", ".docx"):
            raise fail(
                f"a {suffix} file is not a {what} table",
                "give a CSV file (comma or semicolon separated) or an Excel workbook (.xlsx)",
                str(p),
            )
        if suffix in (".xlsx", ".xlsm", ".xls"):
            try:
                with pd.ExcelFile(p) as book:
                    names = [str(name) for name in book.sheet_names]
                    known = sheet in names if isinstance(sheet, str) else 0 <= sheet < len(names)
                    if not known:
                        listed = ", ".join(repr(n) for n in names)
                        raise fail(
                            f"the workbook has no sheet {sheet!r}",
                            f"name an existing sheet (by name or by 0-based position): {listed}",
                            sheet,
                        )
                    grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=str, keep_default_na=False)
            except ImportError:
                raise fail(
                    "reading Excel files needs the optional package openpyxl",
                    "pip install 'targetplan[excel]' (or save the sheet as CSV)",
                ) from None
            # header=None numbers the rows from the sheet's first row
            grid.index = pd.RangeIndex(1, 1 + len(grid))
            if suffix != ".xls":
                _show_uncalculated_formulas(p, sheet, grid)
        else:
            raw = p.read_bytes()
            if not raw.strip():
                raise fail(f"the {what} file is empty", "export the table again with its header row")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise fail(
                    "the file is not UTF-8 text (an Excel file saved with a .csv name, or another encoding?)",
                    "save it as 'CSV UTF-8' from your spreadsheet program",
                ) from None
            first = next((line for line in text.splitlines() if line.strip()), "")
            sep = ";" if first.count(";") > first.count(",") else ","
            style = INDONESIAN if sep == ";" else AUTO
            import io

            # header=None: pandas would rename a repeated header to 'name.1'; blank lines
            # are kept so that every row keeps its line number
            grid = pd.read_csv(
                io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False
            )
            grid.index = pd.RangeIndex(1, 1 + len(grid))
    except InputValidationError:
        raise
    except (pd.errors.EmptyDataError, pd.errors.ParserError, ValueError, OSError) as exc:
        raise fail(
            f"the {what} file could not be read as a table: {exc}",
            "check that it is a CSV (comma or semicolon separated) or an Excel workbook",
        ) from None
    frame = _with_header(grid)
    if frame.shape[1] == 0 or (frame.empty and not allow_empty):
        raise fail(f"the {what} file has no data rows", "add at least one row under the header")
    frame.attrs[NUMBER_STYLE] = style
    return frame


def _show_uncalculated_formulas(path: Path, sheet: str | int, grid: pd.DataFrame) -> None:
    """Put the formula text in cells whose formula has no stored value.

    A workbook written by a program (not saved by Excel) holds formulas without their
    values; read for values, such a cell looks blank, i.e. a cost of 0. With its formula
    text in place it is reported instead (``is_formula``).
    """
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
        for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            if r > len(grid):
                break
            for j, value in enumerate(row[: grid.shape[1]]):
                if isinstance(value, str) and value.startswith("=") and grid.iat[r - 1, j] == "":
                    grid.iat[r - 1, j] = value
    finally:
        book.close()


def is_formula(value: Any) -> bool:
    """Whether a cell holds a spreadsheet formula (``=...``) rather than a value."""
    return isinstance(value, str) and value.strip().startswith("=")


#: The fix for a formula cell without a value.
FORMULA_FIX = (
    "the workbook holds a formula without its computed value (written by a program, never calculated): "
    "open it in Excel or LibreOffice and save it again, or write the number itself"
)


def _with_header(grid: pd.DataFrame) -> pd.DataFrame:
    """Drop blank rows, take the first row as the header; columns blank throughout are dropped."""
    cells = grid.astype(object).where(grid.notna(), "").map(lambda v: str(v).strip())
    grid = grid[(cells != "").any(axis=1)]
    if grid.empty:
        return pd.DataFrame()
    header = [str(v).strip() if pd.notna(v) else "" for v in grid.iloc[0]]
    body = grid.iloc[1:]
    blank = cells.loc[body.index]
    keep = [j for j, name in enumerate(header) if name != "" or (blank.iloc[:, j] != "").any()]
    frame = body.iloc[:, keep].copy()
    # a blank header above data gets pandas' usual name
    frame.columns = [header[j] if header[j] != "" else f"Unnamed: {j}" for j in keep]
    return frame


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped strings, with missing values as ``""``."""
    out = series.astype(object).where(series.notna(), "")
    return out.map(lambda v: str(v).strip())


def parse_numbers(series: pd.Series, style: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written as text.

    Parameters
    ----------
    series : Series
        Cells; numeric series are taken as they are.
    style : {"auto", "id"}, optional
        ``"auto"`` reads plain digits (``1250000.5``, ``750.000`` is 750) and, where plain
        reading fails, Indonesian style (``1.250.000,50``, ``2,5``). ``"id"`` reads
        Indonesian style only: a dot separates thousands and a comma the decimals
        (``750.000`` is 750000; ``0.4`` is not a number there, ``0,4`` is). Defaults to
        the style :func:`read_table` recorded in ``series.attrs``, else ``"auto"``.

    Returns
    -------
    values : Series of float
        Parsed values, ``NaN`` where blank or not a number.
    bad : Series of bool
        True where the cell is not blank and is not a number.
    """
    if style is None:
        style = series.attrs.get(NUMBER_STYLE, AUTO)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.astype(float)
        return values, pd.Series(False, index=series.index)
    text = as_text(series)
    if style == INDONESIAN:
        plain = text.map(_from_indonesian).astype(object)
        values = pd.to_numeric(plain.where(text != "", np.nan), errors="coerce").astype(float)
        return values, values.isna() & (text != "")
    values = pd.to_numeric(text.where(text != "", np.nan), errors="coerce").astype(float)
    bad = values.isna() & (text != "")
    if bad.any():
        retry = text[bad]
        fixed = retry.map(lambda s: s.replace(".", "").replace(",", ".") if _ID_NUMBER.match(s) else s)
        again = pd.to_numeric(fixed, errors="coerce")
        values.loc[again.index] = again.astype(float)
        bad = values.isna() & (text != "")
    return values, bad


def _from_indonesian(cell: str) -> str | float:
    """Rewrite an Indonesian-style number (``1.250.000,50``) as ``1250000.50`` for ``pd.to_numeric``.

    A cell with a dot or comma placed where Indonesian style puts none (``0.4``) is not
    a number (``NaN``); other cells (``inf``, ``1e9``, words) are returned unchanged.
    """
    if _INDONESIAN_NUMBER.match(cell):
        return cell.replace(".", "").replace(",", ".")
    return math.nan if "." in cell or "," in cell else cell


def parse_bools(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no cells (true/false, 1/0, ya/tidak); blank is False."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype(bool), pd.Series(False, index=series.index)
    text = as_text(series).str.lower()
    values = text.isin(_TRUE)
    bad = ~(text.isin(_TRUE) | text.isin(_FALSE))
    return values, bad


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``;``- or ``,``-separated cell into stripped non-empty parts."""
    parts = re.split(r"[;,]", value) if value else []
    return tuple(p.strip() for p in parts if p.strip())
