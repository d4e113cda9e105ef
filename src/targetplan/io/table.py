"""One table (a catalogue read from a matrix, a crosswalk) as a CSV file or a workbook, written atomically.

Text cells stay text: a nomenclature code such as ``2.16.03.2.02.0014`` is written as a
string (quoted where needed in CSV, a text cell in a workbook), so it is never turned into
a number when the file is read back.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exceptions import ArgumentError
from .files import atomic_path, escape_text

__all__ = ["write_table"]


def write_table(frame: pd.DataFrame, path: str | Path, sheet: str = "table") -> Path:
    """Write ``frame`` (without its index) to a ``.csv`` (UTF-8, comma) or ``.xlsx`` file, atomically.

    Lists and tuples in cells are written ``;``-separated; text that a spreadsheet would
    run as a formula is prefixed with ``'``.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> out = write_table(pd.DataFrame({"code": ["2.16.03"]}), pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> out.read_text().splitlines()
    ['code', '2.16.03']
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ArgumentError(f"{target}: give a .csv or .xlsx file name")
    shown = frame.copy()
    for col in shown.columns:
        if shown[col].map(lambda v: isinstance(v, tuple | list)).any():
            shown[col] = shown[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple | list) else v)
    shown = escape_text(shown)
    with atomic_path(target) as tmp:
        if suffix == ".csv":
            shown.to_csv(tmp, index=False, encoding="utf-8")
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                shown.to_excel(writer, sheet_name=sheet, index=False)
    return target
