"""The previous masterplan: what the last administration planned, realised and completed.

A table with one row per programme of the previous masterplan (CSV, Excel or DataFrame):
``id`` and optionally ``name``, ``dimension``, ``agency``, ``planned_total``, realised
spending per year (``realised_<YYYY>``) or in total (``realised``), ``completed`` and
``priority``. Indonesian names (``kode``, ``nama``, ``realisasi_2021``, ``selesai`` …) are
accepted. The continuity report compares it with the new plan.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import PreviousValidationError
from .collect import Failures, repeated
from .tables import AUTO, NUMBER_STYLE, as_text, normalise_name, number_problem, parse_bools, parse_numbers, read_table

__all__ = ["PreviousValidationError", "read_previous"]

_ALIASES = {
    "kode": "id",
    "nama": "name",
    "nama_program": "name",
    "dimensi": "dimension",
    "perangkat_daerah": "agency",
    "opd": "agency",
    "pagu_total": "planned_total",
    "rencana_total": "planned_total",
    "realisasi": "realised",
    "realisasi_total": "realised",
    "selesai": "completed",
    "prioritas": "priority",
    "kode_nomenklatur": "code",
    "kode_sub_giat": "code",
    "kode_sub_kegiatan": "code",
}


#: Every column name the reader accepts, by the column it means (the input reference documents these).
ALIASES = {
    **{
        name: name
        for name in ("id", "name", "dimension", "agency", "planned_total", "realised", "completed", "priority", "code")
    },
    **_ALIASES,
}
_DATA = ("planned_total", "realised", "completed", "priority")


def _known(name: str) -> bool:
    return name in ALIASES or bool(re.match(r"^(realised|realisasi)_\d{4}$", name))


def read_previous(source: str | Path | pd.DataFrame, sheet: str | int = 0, need_data: bool = True) -> pd.DataFrame:
    """Read and validate the previous masterplan (file or DataFrame).

    ``need_data=False`` reads a table of ids and names only (to match programmes, as
    :func:`~targetplan.crosswalk` does); otherwise a table without any data column
    (planned, realised, completed, priority) is an error.

    Returns a new DataFrame with columns ``id``, ``name``, ``dimension``, ``agency``,
    ``planned_total``, ``realised`` (total), the ``realised_<YYYY>`` columns given,
    ``completed`` and ``priority`` (NaN where not given). The source is not modified.

    Examples
    --------
    >>> import targetplan as tp
    >>> prev = tp.read_previous(tp.example_path("bogor", "previous_masterplan.csv"))
    >>> int(prev["completed"].sum()) > 0
    True
    """
    if isinstance(source, pd.DataFrame):
        frame, name = source.copy(deep=True), "DataFrame"
    else:
        frame, name = (
            read_table(source, sheet=sheet, what="previous masterplan", error=PreviousValidationError, known=_known),
            Path(source).name,
        )
    found = ", ".join(str(c) for c in frame.columns[:20])
    frame = frame.rename(columns=lambda c: _ALIASES.get(normalise_name(c), normalise_name(c)))
    frame = frame.rename(columns=lambda c: re.sub(r"^realisasi_(\d{4})$", r"realised_\1", c))
    style = frame.attrs.get(NUMBER_STYLE, AUTO)
    failures = Failures()
    repeated(frame, failures)
    failures.raise_if_any(PreviousValidationError, name)
    if "id" not in frame.columns:
        failures.add(
            None,
            None,
            "id",
            None,
            (
                f"kolom wajib 'id' tidak ada (judul kolom yang terbaca: {found})",
                f"required column 'id' is missing (the headers read: {found})",
            ),
            (
                "tambahkan id program (sama seperti di katalog), kolom id atau kode",
                "add the programme ids (as in the catalogue), a column id or kode",
            ),
        )
        failures.raise_if_any(PreviousValidationError, name)
    data = [c for c in frame.columns if c in _DATA or re.match(r"^realised_\d{4}$", str(c))]
    if not data and need_data:
        failures.add(
            None,
            None,
            None,
            found,
            (
                "tidak ada kolom data: rencana, realisasi, selesai atau prioritas",
                "no data columns: nothing planned, realised, completed or prioritised",
            ),
            (
                "tambahkan paling sedikit satu kolom: planned_total (pagu_total), realised_<TTTT> / realised "
                "(realisasi), completed (selesai) atau priority (prioritas)",
                "add at least one of planned_total (pagu_total), realised_<YYYY> / realised (realisasi), "
                "completed (selesai) or priority (prioritas)",
            ),
        )
        failures.raise_if_any(PreviousValidationError, name)
    out = pd.DataFrame(index=frame.index)
    out["id"] = as_text(frame["id"])
    ids = out["id"]
    for r in frame.index[ids == ""]:
        failures.add(
            r,
            None,
            "id",
            "",
            ("id kosong", "missing id"),
            ("beri setiap program id-nya", "give every programme its id"),
        )
    for r in frame.index[ids.duplicated(keep=False) & (ids != "")]:
        failures.add(
            r,
            ids[r],
            "id",
            ids[r],
            ("id ganda", "duplicate id"),
            ("sebut setiap program sekali saja", "list every programme once"),
        )
    for col in ("name", "dimension", "agency"):
        out[col] = as_text(frame[col]) if col in frame.columns else ""
    year_cols = sorted(c for c in frame.columns if re.match(r"^realised_\d{4}$", str(c)))
    for col in ("planned_total", "priority", "realised", *year_cols):
        if col not in frame.columns:
            out[col] = np.nan
            continue
        values, bad = parse_numbers(frame[col], style=style)
        for r in frame.index[bad]:
            problem, fix = number_problem(frame.at[r, col], style, ("jumlah dalam rupiah", "amount in rupiah"))
            failures.add(r, ids[r], col, frame.at[r, col], problem, fix)
        for r in frame.index[~bad & ((values < 0) | np.isinf(values))]:
            failures.add(
                r,
                ids[r],
                col,
                frame.at[r, col],
                ("bukan jumlah 0 atau lebih", "not an amount of 0 or more"),
                ("tulis angka (rupiah), atau kosongkan", "write a number (rupiah), or leave blank"),
            )
        out[col] = values
    if year_cols:
        by_year = out[year_cols].fillna(0.0).sum(axis=1)
        out["realised"] = out["realised"].where(out["realised"].notna(), by_year)
    out["realised"] = out["realised"].fillna(0.0)
    if "completed" in frame.columns:
        values, bad = parse_bools(frame["completed"])
        for r in frame.index[bad]:
            failures.add(
                r,
                ids[r],
                "completed",
                frame.at[r, "completed"],
                ("bukan nilai ya/tidak", "not a yes/no value"),
                ("tulis ya atau tidak (true/false)", "write true or false (ya/tidak)"),
            )
        out["completed"] = values.astype(bool)
    else:
        out["completed"] = False
    failures.raise_if_any(PreviousValidationError, name)
    cols = ["id", "name", "dimension", "agency", "planned_total", "realised", *year_cols, "completed", "priority"]
    if "code" in frame.columns:  # a nomenclature code (kept as text), for tp.crosswalk
        out["code"] = as_text(frame["code"])
        cols.insert(2, "code")
    return out[cols].reset_index(drop=True)
