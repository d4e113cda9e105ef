"""Words and number styles of report tables shown to people (internal).

The DataFrames returned by the reports always have English ``snake_case`` columns and
English category words (the API); this module is used only when a table is shown to
people (HTML view, text, Excel headings, plots):

* :data:`LABELS` – column headings, in Indonesian and English;
* :data:`TABLE_TITLES` – section titles of the tables of both reports;
* :data:`BASELINE_NAMES` / :data:`BASELINE_DESCRIPTIONS` – readable names of the manual
  rankings (shared by the summary, the HTML view and the plots);
* :data:`VALUES` – category words in cells (decision, category, status);
* :func:`show_table` – a copy of a table with every cell as text in the report language.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from ..money import Language, format_money, format_number, format_percent, get_language

Pair = tuple[str, str]  # (Indonesian, English)

LABELS: dict[str, Pair] = {
    # budget use
    "year": ("Tahun", "Year"),
    "ceiling": ("Pagu", "Ceiling"),
    "reserve": ("Cadangan", "Reserve"),
    "available": ("Tersedia", "Available"),
    "allocated": ("Teralokasi", "Allocated"),
    "unallocated": ("Sisa", "Unallocated"),
    "utilisation": ("Serapan", "Utilisation"),
    # per group
    "dimension": ("Dimensi", "Dimension"),
    "agency": ("Perangkat daerah", "Agency"),
    "programmes": ("Jumlah program", "Programmes"),
    "cost": ("Biaya", "Cost"),
    "value": ("Nilai", "Value"),
    "value_per_miliar": ("Nilai per Rp 1 M", "Value per IDR 1 bn"),
    "source": ("Sumber dana", "Funding source"),
    "binding": ("Terpakai penuh", "Binding"),
    # baselines
    "baseline": ("Pembanding", "Baseline"),
    "description": ("Keterangan", "Description"),
    "spend": ("Belanja", "Spend"),
    "gain": ("Tambahan nilai", "Gain"),
    "gain_pct": ("Tambahan nilai %", "Gain %"),
    "entering": ("Masuk pada optimum", "Only in optimum"),
    "leaving": ("Hanya pada pembanding", "Only in baseline"),
    "rules_broken": ("Aturan dilanggar", "Rules broken"),
    # marginal values
    "step": ("Tambahan pagu", "Ceiling step"),
    "value_gain": ("Tambahan nilai", "Value gained"),
    "marginal_per_miliar": ("Nilai marjinal per Rp 1 M", "Marginal value per IDR 1 bn"),
    "lp_dual_per_miliar": ("Dual LP per Rp 1 M", "LP dual per IDR 1 bn"),
    # explanations
    "id": ("Kode", "Id"),
    "name": ("Nama", "Name"),
    "runs": ("Masuk rencana", "In plan"),
    "priority": ("Prioritas", "Priority"),
    "value_change": ("Perubahan nilai", "Value change"),
    "cost_cut_to_enter": ("Penurunan biaya agar masuk", "Cost cut to enter"),
    "priority_rise_to_enter": ("Kenaikan prioritas agar masuk", "Priority rise to enter"),
    "extra_ceiling": ("Tambahan pagu agar masuk", "Extra ceiling to enter"),
    "sentence": ("Penjelasan", "Explanation"),
    # plan selection and Excel sheets
    "item": ("Butir", "Item"),
    "unit": ("Satuan", "Unit"),
    "status": ("Status", "Status"),
    "mode": ("Mode", "Mode"),
    "mandatory": ("Wajib", "Mandatory"),
    "excluded": ("Dikecualikan", "Excluded"),
    "start_year": ("Tahun mulai", "Start year"),
    "end_year": ("Tahun akhir", "End year"),
    "level": ("Tingkat", "Level"),
    # continuity: programmes
    "decision": ("Keputusan", "Decision"),
    "first_year": ("Tahun pertama", "First year"),
    "last_year": ("Tahun terakhir", "Last year"),
    # continuity: terms and commitments
    "term": ("Periode", "Term"),
    "start": ("Awal", "Start"),
    "end": ("Akhir", "End"),
    "carryover_spend": ("Belanja lanjutan", "Carry-over spend"),
    "new_spend": ("Belanja baru", "New spend"),
    "carryover_share": ("Porsi lanjutan", "Carry-over share"),
    "from_term": ("Dari periode", "From term"),
    "to_term": ("Ke periode", "To term"),
    "amount": ("Jumlah", "Amount"),
    "share": ("Porsi pagu", "Share of ceilings"),
    "boundary": ("Batas periode", "Term boundary"),
    "cost_before": ("Biaya sebelum batas", "Cost before"),
    "cost_after": ("Biaya sesudah batas", "Cost after"),
    # continuity: previous masterplan
    "category": ("Kategori", "Category"),
    "in_catalogue": ("Dalam katalog", "In catalogue"),
    "delivered": ("Porsi terlaksana", "Delivered"),
    "realised": ("Realisasi", "Realised"),
    "planned_total": ("Total rencana", "Planned total"),
    "completed": ("Selesai", "Completed"),
    "unpriced": ("Tanpa prioritas", "Unpriced"),
}

#: Column families with the year at the end (``realised_2021``, ``cost_2024``).
_YEARLY_LABELS: dict[str, Pair] = {
    "realised": ("Realisasi", "Realised"),
    "cost": ("Biaya", "Cost"),
}

TABLE_TITLES: dict[str, Pair] = {
    # efficiency report
    "yearly": ("Penggunaan pagu per tahun", "Budget use per year"),
    "by_dimension": ("Per dimensi", "By dimension"),
    "by_agency": ("Per perangkat daerah", "By agency"),
    "baselines": ("Dibanding cara manual", "Against manual rankings"),
    "by_source": ("Per sumber dana", "By funding source"),
    "source_marginal": ("Nilai tambahan per Rp 1 M pagu sumber dana", "Value of one more IDR 1 bn per funding source"),
    "marginal": ("Nilai tambahan pagu per tahun", "Marginal value of each year's ceiling"),
    "explanations": ("Mengapa program tidak masuk", "Why programmes are left out"),
    # continuity report
    "programmes": ("Keputusan per program", "Decision per programme"),
    "terms": ("Belanja per periode", "Spending per term"),
    "commitments": ("Komitmen untuk periode berikutnya", "Commitments to later terms"),
    "spanning": ("Program yang melintasi batas periode", "Programmes across a term boundary"),
    "previous": ("Program masterplan sebelumnya", "Programmes of the previous masterplan"),
    "previous_summary": ("Masterplan sebelumnya per kategori", "Previous masterplan by category"),
}

BASELINE_NAMES: dict[str, Pair] = {
    "priority": ("Peringkat prioritas", "Priority ranking"),
    "value_per_cost": ("Peringkat nilai/biaya", "Value per rupiah"),
    "carryover_first": ("Lanjutan dahulu", "Carry-overs first"),
}

BASELINE_DESCRIPTIONS: dict[str, Pair] = {
    "priority": (
        "urut menurut prioritas, danai dari atas sampai dana habis (cara manual spreadsheet)",
        "rank by priority, fund down the list (manual spreadsheet method)",
    ),
    "value_per_cost": (
        "urut menurut prioritas per rupiah, danai dari atas sampai dana habis",
        "rank by priority per rupiah, fund down the list",
    ),
    "carryover_first": (
        "danai semua program lanjutan lebih dulu, lalu sisanya menurut prioritas",
        "fund every carry-over first, then rank the rest by priority",
    ),
}

#: Category words in cells, per column: {column: {value: (Indonesian, English)}}.
VALUES: dict[str, dict[str, Pair]] = {
    "decision": {
        "continue": ("lanjut", "continue"),
        "drop": ("dihentikan", "drop"),
        "start": ("mulai", "start"),
        "defer": ("ditunda", "defer"),
        "not_funded": ("tidak didanai", "not funded"),
    },
    "category": {
        "completed": ("selesai", "completed"),
        "continued": ("dilanjutkan", "continued"),
        "dropped": ("dihentikan", "dropped"),
    },
    "status": {
        "continuing": ("lanjutan", "carry-over"),
        "new": ("baru", "new"),
    },
}

_YES_NO: dict[bool, Pair] = {True: ("ya", "yes"), False: ("tidak", "no")}

# How cells are shown, by column (API name).
_MONEY = {
    "ceiling",
    "reserve",
    "available",
    "allocated",
    "unallocated",
    "cost",
    "spend",
    "step",
    "amount",
    "carryover_spend",
    "new_spend",
    "realised",
    "cost_before",
    "cost_after",
    "planned_total",
}
_SHARE = {"utilisation", "gain_pct", "cost_cut_to_enter", "carryover_share", "share", "delivered", "level"}
_DECIMALS = {
    "value": 2,
    "value_per_miliar": 2,
    "priority": 2,
    "gain": 2,
    "value_gain": 2,
    "value_change": 2,
    "priority_rise_to_enter": 2,
    "marginal_per_miliar": 3,
    "lp_dual_per_miliar": 3,
}
_YEAR = {"year", "start_year", "end_year", "first_year", "last_year", "start", "end", "boundary"}
_COUNT = {"programmes", "unpriced"}
_BOOL = {"runs", "completed", "in_catalogue", "mandatory", "excluded"}


def _pick(pair: Pair, lang: Language | None) -> str:
    return pair[0] if (lang or get_language()) == "id" else pair[1]


def label(column: str, lang: Language | None = None) -> str:
    """Heading of ``column`` in the given (or default) language.

    Examples
    --------
    >>> label("carryover_spend", "id"), label("realised_2021", "en")
    ('Belanja lanjutan', 'Realised 2021')
    """
    pair = LABELS.get(column)
    if pair is not None:
        return _pick(pair, lang)
    match = re.fullmatch(r"([a-z_]+)_(\d{4})", column)
    if match and match.group(1) in _YEARLY_LABELS:
        return f"{_pick(_YEARLY_LABELS[match.group(1)], lang)} {match.group(2)}"
    return column


def table_title(name: str, lang: Language | None = None) -> str:
    """Section title of the report table ``name`` (its key in ``report.tables``)."""
    pair = TABLE_TITLES.get(name)
    return _pick(pair, lang) if pair else name.replace("_", " ")


def baseline_name(key: str, lang: Language | None = None) -> str:
    """Readable name of a manual ranking (``"value_per_cost"`` → ``"Peringkat nilai/biaya"``)."""
    pair = BASELINE_NAMES.get(str(key))
    return _pick(pair, lang) if pair else str(key)


def baseline_description(key: str, default: str, lang: Language | None = None) -> str:
    """Describe a manual ranking in the language; ``default`` for rankings not known here."""
    pair = BASELINE_DESCRIPTIONS.get(str(key))
    return _pick(pair, lang) if pair else default


def value_word(column: str, value: Any, lang: Language | None = None) -> Any:
    """Return a category word of ``column`` in the language; other values unchanged."""
    pair = VALUES.get(column, {}).get(value) if isinstance(value, str) else None
    return _pick(pair, lang) if pair else value


def relabel(frame: pd.DataFrame, lang: Language | None = None) -> pd.DataFrame:
    """Copy of ``frame`` with headings (columns and index name) in the given language."""
    out = frame.rename(columns=lambda c: label(str(c), lang))
    if out.index.name:
        out.index.name = label(str(out.index.name), lang)
    return out


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _money(value: Any, lang: Language) -> str:
    if _missing(value):
        return "-"
    amount = float(value)
    # solver round-off (a few rupiah either side of zero) must not show as "-Rp 0"
    return format_money(0.0 if abs(amount) < 0.5 else amount, lang)


def _cell(column: str, value: Any, lang: Language) -> Any:
    """One cell of ``column`` as text for people."""
    if isinstance(value, dict):  # extra_ceiling: {year: rupiah}
        return "; ".join(f"{k}: {_money(v, lang)}" for k, v in value.items()) or "-"
    if _missing(value):
        return "-"
    if column in _BOOL and isinstance(value, bool | np.bool_ | int | np.integer):
        return _pick(_YES_NO[bool(value)], lang)
    if column in VALUES:
        return value_word(column, value, lang)
    if column in _MONEY or re.fullmatch(r"(realised|cost)_\d{4}", column):
        return _money(value, lang)
    if column in _SHARE:
        return format_percent(float(value), 1, lang)
    if column in _DECIMALS:
        return format_number(float(value), _DECIMALS[column], lang)
    if column in _YEAR:
        return str(int(value))
    if column in _COUNT:
        return format_number(int(value), 0, lang)
    return value


def show_table(table: pd.DataFrame, lang: Language | None = None) -> pd.DataFrame:
    """Copy of a report table with every cell as text in the language; headings translated.

    Money in rupiah (``Rp 1,2 M``), shares as percentages, values with the language's
    decimal mark, years as plain numbers, yes/no and category words in the language,
    ``extra_ceiling`` as ``2024: Rp 1,2 M; 2026: Rp 3 M``; manual rankings by name.
    The table itself is not modified.

    Examples
    --------
    >>> frame = pd.DataFrame({"decision": ["drop"], "share": [0.65]}, index=pd.Index(["P1"], name="id"))
    >>> show_table(frame, "id").to_dict("records")
    [{'Keputusan': 'dihentikan', 'Porsi pagu': '65,0%'}]
    """
    lang = lang or get_language()
    shown = table.copy()
    for column in shown.columns:
        name = str(column)
        values = [_cell(name, v, lang) for v in shown[column].tolist()]
        shown[column] = pd.Series(values, index=shown.index, dtype=object)
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


def _with_sign(text: str, value: Any) -> str:
    if _missing(value):
        return "-"
    if not any(ch in "123456789" for ch in text):  # rounds to zero: no sign at all
        return text.lstrip("-")
    return text if float(value) < 0 else "+" + text


def signed_number(value: float, decimals: int = 2, lang: Language | None = None) -> str:
    """Write a number with its sign, in the language (``+267,45``, ``-5,00``, ``0,00``).

    Examples
    --------
    >>> signed_number(-5, 2, "id"), signed_number(267.45, 2, "en"), signed_number(-0.001, 2, "id")
    ('-5,00', '+267.45', '0,00')
    """
    return _with_sign(format_number(value, decimals, lang), value)


def signed_percent(share: float, decimals: int = 1, lang: Language | None = None) -> str:
    """Write a share as a percentage with its sign (``+16,3%``, ``-62,5%``).

    Examples
    --------
    >>> signed_percent(-0.625, 1, "id"), signed_percent(0.163, 1, "en")
    ('-62,5%', '+16.3%')
    """
    return _with_sign(format_percent(share, decimals, lang), share)


def report_html(
    report: Any, headline: str, tables: dict[str, pd.DataFrame], lang: Language, max_rows: int | None = None
) -> str:
    """Return the notebook view of a report: its repr, a one-line headline, every table under its title."""
    import html

    parts = [f"<p><b>{html.escape(repr(report))}</b></p>", f"<p>{html.escape(headline)}</p>"]
    for name, table in tables.items():
        shown = show_table(table, lang).to_html(max_rows=max_rows)
        parts.append(f"<h4>{html.escape(table_title(name, lang))}</h4>{shown}")
    return "".join(parts)
