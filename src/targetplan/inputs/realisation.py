"""What was realised: the yearly count of spending and achieved targets (*realisasi*).

A realisation table has one row per programme and year: ``id``, ``year``, ``spent``
(rupiah) and ``achieved`` (in the programme's unit; blank when the programme has no
target). Indonesian column names ``kode``, ``tahun``, ``realisasi`` / ``realisasi_anggaran``
and ``realisasi_target`` / ``realisasi_fisik`` are accepted. (*Capaian* is a percentage
of the target, not the quantity achieved, so it is deliberately not read as ``achieved``.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import RealisationValidationError
from .collect import Failures
from .tables import as_text, did_you_mean, normalise_name, parse_numbers, read_table

__all__ = ["RealisationValidationError", "check_against", "read_realisation"]

_ALIASES = {
    "kode": "id",
    "tahun": "year",
    "realisasi": "spent",
    "realisasi_anggaran": "spent",
    "belanja": "spent",
    "realisasi_target": "achieved",
    "realisasi_fisik": "achieved",
}


def read_realisation(source: str | Path | pd.DataFrame, sheet: str | int = 0) -> pd.DataFrame:
    """Read and validate a realisation table (file or DataFrame); every problem is reported at once.

    Returns
    -------
    DataFrame
        Columns ``id`` (str), ``year`` (int), ``spent`` (float, rupiah) and ``achieved``
        (float, NaN where blank), one row per programme and year, sorted by id and year.
        The source is never modified.

    Examples
    --------
    >>> import targetplan as tp
    >>> real = tp.read_realisation(tp.example_path("bogor", "realisation.csv"))
    >>> sorted(real["year"].unique().tolist())
    [2022, 2023]
    """
    if isinstance(source, pd.DataFrame):
        frame, name = source.copy(deep=True), "DataFrame"
        if not frame.index.is_unique:
            frame = frame.reset_index(drop=True)
    else:
        frame = read_table(source, sheet=sheet, what="realisation", error=RealisationValidationError)
        name = Path(source).name
    frame = frame.rename(columns=lambda c: _ALIASES.get(normalise_name(c), normalise_name(c)))
    failures = Failures()
    fail = failures.add

    missing = [c for c in ("id", "year", "spent") if c not in frame.columns]
    for c in missing:
        fail(
            None,
            None,
            c,
            None,
            f"required column '{c}' is missing",
            "the realisation table needs the columns id, year, spent (and achieved)",
        )
    failures.raise_if_any(RealisationValidationError, name)
    out = pd.DataFrame(index=frame.index)
    out["id"] = as_text(frame["id"])
    for r in frame.index[out["id"] == ""]:
        fail(r, None, "id", "", "missing id", "give the programme id of every row")
    years, bad = parse_numbers(frame["year"])
    for r in frame.index[bad | years.isna() | (years.notna() & (years != years.round()))]:
        fail(r, out.at[r, "id"] or None, "year", frame.at[r, "year"], "not a year", "write a year such as 2023")
    for col in ("spent", "achieved"):
        if col not in frame.columns:
            out[col] = np.nan
            continue
        values, bad = parse_numbers(frame[col])
        wrong = bad | (values < 0) | np.isinf(values)
        if col == "spent":
            wrong = wrong | values.isna()
        for r in frame.index[wrong]:
            fail(
                r,
                out.at[r, "id"] or None,
                col,
                frame.at[r, col],
                "not an amount of 0 or more",
                "write the realised amount (rupiah for spent, the programme's unit for achieved)",
            )
        out[col] = values
    out["year"] = years
    dup = out.duplicated(subset=["id", "year"], keep=False) & (out["id"] != "") & years.notna()
    for r in frame.index[dup]:
        fail(
            r,
            out.at[r, "id"],
            "year",
            years[r],
            "the same programme and year appear twice",
            "give one row per programme and year (add the amounts up)",
        )
    failures.raise_if_any(RealisationValidationError, name)
    out["year"] = out["year"].astype(int)
    out["spent"] = out["spent"].astype(float)
    out["achieved"] = out["achieved"].astype(float)
    out.index.name = "row"  # spreadsheet rows (or the DataFrame's labels), for messages that point back
    return out[["id", "year", "spent", "achieved"]].sort_values(["id", "year"], kind="stable")


def check_against(
    realisation: pd.DataFrame, ids: list[str] | tuple[str, ...], years: tuple[int, ...], source: str = "realisation"
) -> None:
    """Raise :class:`RealisationValidationError` for ids not in the catalogue or years outside the horizon."""
    failures = Failures()
    known = set(ids)
    for r, row in realisation.iterrows():
        if row["id"] not in known:
            fix = ("use the ids of the catalogue; " + did_you_mean(row["id"], sorted(known))).rstrip("; ")
            failures.add(r, row["id"], "id", row["id"], "not a programme of the catalogue", fix)
        if not years[0] <= int(row["year"]) <= years[-1]:
            failures.add(
                r,
                row["id"],
                "year",
                int(row["year"]),
                f"outside the plan's horizon {years[0]}-{years[-1]}",
                "give realisation for planning years only",
            )
    failures.raise_if_any(RealisationValidationError, source)
