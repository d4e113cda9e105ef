"""Headings of report tables in Indonesian and English (internal).

The DataFrames returned by the reports always have English ``snake_case`` columns (the
API); these labels are used when a table is shown to people (HTML view, text, Excel).
"""

from __future__ import annotations

import pandas as pd

from ..money import Language, get_language

LABELS: dict[str, tuple[str, str]] = {
    # column: (Indonesian, English)
    "year": ("Tahun", "Year"),
    "ceiling": ("Pagu", "Ceiling"),
    "reserve": ("Cadangan", "Reserve"),
    "available": ("Tersedia", "Available"),
    "allocated": ("Teralokasi", "Allocated"),
    "unallocated": ("Sisa", "Unallocated"),
    "utilisation": ("Serapan", "Utilisation"),
    "dimension": ("Dimensi", "Dimension"),
    "agency": ("Perangkat daerah", "Agency"),
    "programmes": ("Jumlah program", "Programmes"),
    "cost": ("Biaya", "Cost"),
    "value": ("Nilai", "Value"),
    "value_per_miliar": ("Nilai per Rp 1 M", "Value per IDR 1 bn"),
    "baseline": ("Pembanding", "Baseline"),
    "description": ("Keterangan", "Description"),
    "spend": ("Belanja", "Spend"),
    "gain": ("Tambahan nilai", "Gain"),
    "gain_pct": ("Tambahan nilai %", "Gain %"),
    "entering": ("Masuk pada optimum", "Only in optimum"),
    "leaving": ("Hanya pada pembanding", "Only in baseline"),
    "rules_broken": ("Aturan dilanggar", "Rules broken"),
    "step": ("Tambahan pagu", "Ceiling step"),
    "value_gain": ("Tambahan nilai", "Value gained"),
    "marginal_per_miliar": ("Nilai marjinal per Rp 1 M", "Marginal value per IDR 1 bn"),
    "lp_dual_per_miliar": ("Dual LP per Rp 1 M", "LP dual per IDR 1 bn"),
    "id": ("Kode", "Id"),
    "name": ("Nama", "Name"),
    "runs": ("Masuk rencana", "In plan"),
    "priority": ("Prioritas", "Priority"),
    "value_change": ("Perubahan nilai", "Value change"),
    "cost_cut_to_enter": ("Penurunan biaya agar masuk", "Cost cut to enter"),
    "priority_rise_to_enter": ("Kenaikan prioritas agar masuk", "Priority rise to enter"),
    "extra_ceiling": ("Tambahan pagu agar masuk", "Extra ceiling to enter"),
    "sentence": ("Penjelasan", "Explanation"),
}


def label(column: str, lang: Language | None = None) -> str:
    """Heading of ``column`` in the given (or default) language."""
    lang = lang or get_language()
    pair = LABELS.get(column)
    if pair is None:
        return column
    return pair[0] if lang == "id" else pair[1]


def relabel(frame: pd.DataFrame, lang: Language | None = None) -> pd.DataFrame:
    """Copy of ``frame`` with headings (columns and index name) in the given language."""
    out = frame.rename(columns=lambda c: label(str(c), lang))
    if out.index.name:
        out.index.name = label(str(out.index.name), lang)
    return out
