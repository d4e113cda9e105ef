"""Shared helpers for reading and cleaning input tables (internal).

Input tables are read with every cell as text so that codes such as
``2.16.03.2.02.0035`` stay strings and a stray word in a money column can be reported
with its row instead of silently becoming ``NaN``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import InputValidationError

_TRUE = {"true", "1", "yes", "y", "ya", "wajib", "t", "1.0"}
_FALSE = {"false", "0", "no", "n", "tidak", "f", "0.0", ""}
_ID_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")


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


def read_table(
    path: str | Path,
    sheet: str | int = 0,
    what: str = "table",
    error: type[InputValidationError] = InputValidationError,
) -> pd.DataFrame:
    """Read a CSV or Excel file as text, with spreadsheet row numbers as the index.

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
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            try:
                frame = pd.read_excel(p, sheet_name=sheet, dtype=str, keep_default_na=False)
            except ImportError:
                raise fail(
                    "reading Excel files needs the optional package openpyxl",
                    "pip install 'targetplan[excel]' (or save the sheet as CSV)",
                ) from None
            except (ValueError, KeyError, IndexError) as exc:
                if (
                    "not found" in str(exc).lower()
                    or "out of range" in str(exc).lower()
                    or isinstance(exc, (KeyError, IndexError))
                ):
                    raise fail(
                        f"the workbook has no sheet {sheet!r}",
                        "name an existing sheet (by name or by 0-based position)",
                        sheet,
                    ) from None
                raise
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
            first = text.splitlines()[0] if text.splitlines() else ""
            sep = ";" if first.count(";") > first.count(",") else ","
            import io

            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except InputValidationError:
        raise
    except (pd.errors.EmptyDataError, pd.errors.ParserError, ValueError, OSError) as exc:
        raise fail(
            f"the {what} file could not be read as a table: {exc}",
            "check that it is a CSV (comma or semicolon separated) or an Excel workbook",
        ) from None
    if frame.shape[1] == 0 or frame.empty:
        raise fail(f"the {what} file has no data rows", "add at least one row under the header")
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped strings, with missing values as ``""``."""
    out = series.astype(object).where(series.notna(), "")
    return out.map(lambda v: str(v).strip())


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse numbers, accepting Indonesian style ``1.250.000,50``.

    Returns
    -------
    values : Series of float
        Parsed values, ``NaN`` where blank or not a number.
    bad : Series of bool
        True where the cell is not blank and is not a number.
    """
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.astype(float)
        return values, pd.Series(False, index=series.index)
    text = as_text(series)
    values = pd.to_numeric(text.where(text != "", np.nan), errors="coerce").astype(float)
    bad = values.isna() & (text != "")
    if bad.any():
        retry = text[bad]
        fixed = retry.map(lambda s: s.replace(".", "").replace(",", ".") if _ID_NUMBER.match(s) else s)
        again = pd.to_numeric(fixed, errors="coerce")
        values.loc[again.index] = again.astype(float)
        bad = values.isna() & (text != "")
    return values, bad


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
