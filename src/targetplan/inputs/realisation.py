"""What was realised: the yearly count of spending and achieved targets (*realisasi*).

A realisation table has one row per programme and year: ``id``, ``year``, ``spent``
(rupiah) and ``achieved`` (in the programme's unit; blank when the programme has no
target). Indonesian column names ``kode``, ``tahun``, ``realisasi`` / ``realisasi_anggaran``
/ ``belanja`` and ``realisasi_target`` / ``realisasi_fisik`` / ``capaian`` are accepted
(the input reference lists them; ``capaian`` is read as the quantity achieved, in the
programme's unit, not as a percentage).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import RealisationValidationError
from .collect import Failures, repeated
from .schema import FIRST_YEAR, LAST_YEAR
from .tables import (
    AUTO,
    NUMBER_STYLE,
    as_text,
    did_you_mean_pair,
    normalise_name,
    number_problem,
    parse_numbers,
    read_table,
)

__all__ = ["RealisationValidationError", "check_against", "read_realisation"]

_ALIASES = {
    "kode": "id",
    "tahun": "year",
    "realisasi": "spent",
    "realisasi_anggaran": "spent",
    "belanja": "spent",
    "realisasi_target": "achieved",
    "realisasi_fisik": "achieved",
    "capaian": "achieved",
}

#: Every column name the reader accepts, by the column it means (the input reference documents these).
ALIASES = {**{name: name for name in ("id", "year", "spent", "achieved")}, **_ALIASES}

#: Spending or achievement this many times the plan's is another unit (thousands of rupiah, a percentage).
FAR_OUTSIDE = 100.0


def _known(name: str) -> bool:
    return name in ALIASES


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
        frame = read_table(source, sheet=sheet, what="realisation", error=RealisationValidationError, known=_known)
        name = Path(source).name
    found = ", ".join(str(c) for c in frame.columns[:20])
    frame = frame.rename(columns=lambda c: _ALIASES.get(normalise_name(c), normalise_name(c)))
    failures = Failures()
    fail = failures.add
    style = frame.attrs.get(NUMBER_STYLE, AUTO)
    repeated(frame, failures)
    failures.raise_if_any(RealisationValidationError, name)

    missing = [c for c in ("id", "year", "spent") if c not in frame.columns]
    for c in missing:
        fail(
            None,
            None,
            c,
            None,
            (
                f"kolom wajib '{c}' tidak ada (judul kolom yang terbaca: {found})",
                f"required column '{c}' is missing (the headers read: {found})",
            ),
            (
                "tabel realisasi memerlukan kolom id (kode), year (tahun), spent (realisasi) dan achieved (capaian)",
                "the realisation table needs the columns id (kode), year (tahun), spent (realisasi) "
                "and achieved (capaian)",
            ),
        )
    failures.raise_if_any(RealisationValidationError, name)
    out = pd.DataFrame(index=frame.index)
    out["id"] = as_text(frame["id"])
    for r in frame.index[out["id"] == ""]:
        fail(
            r,
            None,
            "id",
            "",
            ("id kosong", "missing id"),
            ("tulis id program di setiap baris", "give the programme id of every row"),
        )
    years, bad = parse_numbers(frame["year"])
    odd = years.notna() & ((years != years.round()) | (years < FIRST_YEAR) | (years > LAST_YEAR))
    for r in frame.index[bad | years.isna() | odd]:
        fail(
            r,
            out.at[r, "id"] or None,
            "year",
            frame.at[r, "year"],
            ("bukan tahun", "not a year"),
            ("tulis tahun seperti 2023", "write a year such as 2023"),
        )
    for col in ("spent", "achieved"):
        if col not in frame.columns:
            out[col] = np.nan
            continue
        values, bad = parse_numbers(frame[col], style=style)
        noun = (
            ("realisasi belanja dalam rupiah", "amount spent in rupiah")
            if col == "spent"
            else ("capaian dalam satuan program", "amount achieved in the programme's unit")
        )
        for r in frame.index[bad]:
            problem, fix = number_problem(frame.at[r, col], style, noun)
            fail(r, out.at[r, "id"] or None, col, frame.at[r, col], problem, fix)
        wrong = ~bad & ((values < 0) | np.isinf(values))
        if col == "spent":
            wrong = wrong | (values.isna() & ~bad)
        for r in frame.index[wrong]:
            fail(
                r,
                out.at[r, "id"] or None,
                col,
                frame.at[r, col],
                ("bukan jumlah 0 atau lebih", "not an amount of 0 or more"),
                (
                    "tulis jumlah yang terealisasi (rupiah untuk spent, satuan program untuk achieved)",
                    "write the realised amount (rupiah for spent, the programme's unit for achieved)",
                ),
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
            ("program dan tahun yang sama muncul dua kali", "the same programme and year appear twice"),
            (
                "beri satu baris per program dan tahun (jumlahkan nilainya)",
                "give one row per programme and year (add the amounts up)",
            ),
        )
    failures.raise_if_any(RealisationValidationError, name)
    out["year"] = out["year"].astype(int)
    out["spent"] = out["spent"].astype(float)
    out["achieved"] = out["achieved"].astype(float)
    out.index.name = "row"  # spreadsheet rows (or the DataFrame's labels), for messages that point back
    return out[["id", "year", "spent", "achieved"]].sort_values(["id", "year"], kind="stable")


def check_against(
    realisation: pd.DataFrame,
    ids: list[str] | tuple[str, ...],
    years: tuple[int, ...],
    source: str = "realisation",
    *,
    costs: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    before: int | None = None,
) -> None:
    """Raise :class:`RealisationValidationError` when the realisation does not fit the plan.

    Ids not in the catalogue and years outside the horizon are problems; with the plan's
    ``costs`` and ``targets`` (id × year), spending or achievement at least
    :data:`FAR_OUTSIDE` times the plan's (another unit: thousands of rupiah, a percentage);
    with ``before`` (a re-plan's first year), a year before it without any realisation.
    """
    failures = Failures()
    known = set(ids)
    for r, row in realisation.iterrows():
        if row["id"] not in known:
            hint = did_you_mean_pair(row["id"], sorted(known))
            failures.add(
                r,
                row["id"],
                "id",
                row["id"],
                ("bukan program di katalog", "not a programme of the catalogue"),
                (f"gunakan id dari katalog {hint[0]}".strip(), f"use the ids of the catalogue {hint[1]}".strip()),
            )
        if not years[0] <= int(row["year"]) <= years[-1]:
            failures.add(
                r,
                row["id"],
                "year",
                int(row["year"]),
                (
                    f"di luar horizon rencana {years[0]}-{years[-1]}",
                    f"outside the plan's horizon {years[0]}-{years[-1]}",
                ),
                ("beri realisasi hanya untuk tahun perencanaan", "give realisation for planning years only"),
            )
    for column, table, what in (
        ("spent", costs, ("biaya rencana", "planned cost")),
        ("achieved", targets, ("target", "target")),
    ):
        if table is None:
            continue
        for r, row in realisation.iterrows():
            pid, year, value = row["id"], int(row["year"]), row[column]
            if pid not in table.index or year not in table.columns or not np.isfinite(value):
                continue
            planned = float(table.at[pid, year])
            if np.isfinite(planned) and planned > 0 and value >= FAR_OUTSIDE * planned:
                times = value / planned
                failures.add(
                    r,
                    pid,
                    column,
                    float(value),
                    (
                        f"{times:,.0f} kali {what[0]} {year} ({planned:,.0f}): satuannya lain?",
                        f"{times:,.0f} times the {what[1]} of {year} ({planned:,.0f}): another unit?",
                    ),
                    (
                        "tulis belanja dalam rupiah penuh (bukan ribu/juta) dan capaian dalam satuan program "
                        "(bukan persen)",
                        "write spending in whole rupiah (not thousands or millions) and achievement in the programme's "
                        "unit (not a percentage)",
                    ),
                )
    if before is not None:
        given = set(realisation["year"].astype(int))
        for year in (y for y in years if y < before and y not in given):
            failures.add(
                None,
                None,
                "year",
                year,
                (
                    f"tidak ada realisasi untuk {year}, tahun sebelum {before}",
                    f"no realisation for {year}, a year before {before}",
                ),
                (
                    f"tambahkan baris realisasi {year} (belanja 0 bila tidak ada yang dibelanjakan)",
                    f"add the realisation rows of {year} (spent 0 where nothing was spent)",
                ),
            )
    failures.raise_if_any(RealisationValidationError, source)
