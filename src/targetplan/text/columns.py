"""The one registry of the columns targetplan shows to people.

The DataFrames the library returns keep English ``snake_case`` columns (the API). When a
table is shown to people — a notebook view, a workbook, a text summary, a plot — every
column is looked up here once: its heading in Indonesian and English, and its
:class:`Kind` (money, a share, a count, a year, a value with so many decimals, a target in
the programme's unit, yes/no, a category word, plain text). The Excel number formats, the
HTML views and the plots all derive their formatting from the kind, so a column is
described in one place.

Examples
--------
>>> column("carryover_spend").label("id"), column("carryover_spend").kind
('Belanja lanjutan', <Kind.MONEY: 'money'>)
>>> label("realised_2021", "en")
'Realised 2021'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .language import Language, Pair, pick

__all__ = ["COLUMNS", "Column", "Kind", "column", "label"]


class Kind(StrEnum):
    """How the cells of a column are shown."""

    MONEY = "money"
    """Rupiah (``Rp 1,25 M``; ``#,##0`` in a workbook)."""
    SHARE = "share"
    """A share shown as a percentage (``71,0%``)."""
    VALUE = "value"
    """A number with a fixed number of decimals (value points, priorities)."""
    COUNT = "count"
    """A whole number of things (programmes)."""
    YEAR = "year"
    """A calendar year, written without a thousands separator."""
    TARGET = "target"
    """A target in the programme's own unit."""
    BOOL = "bool"
    """Yes / no."""
    CATEGORY = "category"
    """A category word translated into the report language (``lanjutan``)."""
    TEXT = "text"
    """Text shown as it is."""


@dataclass(frozen=True)
class Column:
    """One column: its API name, its heading in both languages, and how its cells are shown."""

    name: str
    id: str
    en: str
    kind: Kind = Kind.TEXT
    decimals: int | None = None

    @property
    def places(self) -> int:
        """Decimals shown: as given, else 1 for a share and 2 for a value or target."""
        if self.decimals is not None:
            return self.decimals
        return 1 if self.kind is Kind.SHARE else 2

    def label(self, lang: Language | None = None) -> str:
        """Return the heading in ``lang`` (default: the language set with :func:`~targetplan.set_language`)."""
        return pick((self.id, self.en), lang)


def _c(name: str, pair: Pair, kind: Kind = Kind.TEXT, decimals: int | None = None) -> Column:
    return Column(name, pair[0], pair[1], kind, decimals)


_M, _S, _V, _N, _Y, _T, _B, _C = (
    Kind.MONEY,
    Kind.SHARE,
    Kind.VALUE,
    Kind.COUNT,
    Kind.YEAR,
    Kind.TARGET,
    Kind.BOOL,
    Kind.CATEGORY,
)

#: Every column shown to people, by API name.
COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        # budget use
        _c("year", ("Tahun", "Year"), _Y),
        _c("ceiling", ("Pagu", "Ceiling"), _M),
        _c("reserve", ("Cadangan", "Reserve"), _M),
        _c("available", ("Tersedia", "Available"), _M),
        _c("allocated", ("Teralokasi", "Allocated"), _M),
        _c("unallocated", ("Sisa", "Unallocated"), _M),
        _c("utilisation", ("Alokasi (% pagu)", "Utilisation"), _S),
        # per group
        _c("dimension", ("Dimensi", "Dimension")),
        _c("agency", ("Perangkat daerah", "Agency")),
        _c("programmes", ("Jumlah program", "Programmes"), _N),
        _c("cost", ("Biaya", "Cost"), _M),
        _c("value", ("Nilai", "Value"), _V),
        _c("value_per_miliar", ("Nilai per Rp 1 M", "Value per IDR 1 bn"), _V),
        _c("source", ("Sumber dana", "Funding source")),
        _c("binding", ("Terpakai penuh", "Binding"), _B),
        # baselines
        _c("baseline", ("Pembanding", "Baseline")),
        _c("description", ("Keterangan", "Description")),
        _c("spend", ("Belanja", "Spend"), _M),
        _c("gain", ("Tambahan nilai", "Gain"), _V),
        _c("gain_pct", ("Tambahan nilai %", "Gain %"), _S),
        _c("entering", ("Masuk pada optimum", "Only in optimum")),
        _c("leaving", ("Hanya pada pembanding", "Only in baseline")),
        _c("rules_broken", ("Aturan dilanggar", "Rules broken")),
        # marginal values
        _c("step", ("Tambahan pagu", "Ceiling step"), _M),
        _c("value_gain", ("Tambahan nilai", "Value gained"), _V),
        _c("marginal_per_miliar", ("Nilai marjinal per Rp 1 M", "Marginal value per IDR 1 bn"), _V, 3),
        _c("lp_dual_per_miliar", ("Dual LP per Rp 1 M", "LP dual per IDR 1 bn"), _V, 3),
        # explanations
        _c("id", ("Kode", "Id")),
        _c("name", ("Nama", "Name")),
        _c("runs", ("Masuk rencana", "In plan"), _B),
        _c("priority", ("Prioritas", "Priority"), _V),
        _c("value_change", ("Perubahan nilai", "Value change"), _V),
        _c("cost_cut_to_enter", ("Penurunan biaya agar masuk", "Cost cut to enter"), _S),
        _c("priority_rise_to_enter", ("Kenaikan prioritas agar masuk", "Priority rise to enter"), _V),
        _c("extra_ceiling", ("Tambahan pagu agar masuk", "Extra ceiling to enter")),
        _c("extra_source", ("Tambahan pagu sumber dana agar masuk", "Extra source ceiling to enter")),
        _c("kept_out_by", ("Aturan yang menahannya", "Rules that keep it out")),
        _c("lost_to", ("Kalah dari (kelompok alternatif)", "Lost to (exclusive group)")),
        _c("blocked_by", ("Prasyarat yang tidak terpenuhi", "Requirement not met")),
        _c("level_to_enter", ("Level bila masuk", "Level when in"), _S),
        # the price of each rule, unspent money
        _c("rule", ("Aturan", "Rule")),
        _c("rule_kind", ("Jenis aturan", "Kind of rule"), _C),
        _c("tight_years", ("Tahun di batasnya", "Years at its limit")),
        _c("binds", ("Mengikat", "Binds"), _B),
        _c("price", ("Harga (nilai yang hilang)", "Price (value lost)"), _V),
        _c("price_share", ("Harga ÷ nilai rencana", "Price ÷ plan value"), _S),
        _c("extra_spend", ("Tambahan belanja tanpa aturan ini", "More spending without it"), _M),
        _c("extra_spend_years", ("Perubahan belanja per tahun tanpa aturan ini", "Spending change by year without it")),
        _c("enter_without", ("Masuk tanpa aturan ini", "Enter without it")),
        _c("leave_without", ("Keluar tanpa aturan ini", "Leave without it")),
        _c("resolved", ("Diselesaikan ulang", "Re-solved"), _B),
        _c("unallocated_share", ("Porsi pagu tidak terpakai", "Share of the ceiling unused"), _S),
        _c("causes", ("Aturan yang menahan belanja", "Rules holding spending back")),
        _c("fill", ("Belanja tambahan terbesar tanpa satu aturan", "Most spending added without one rule"), _M),
        _c("sentence", ("Penjelasan", "Explanation")),
        # plan selection and workbooks
        _c("item", ("Uraian", "Item")),
        _c("unit", ("Satuan", "Unit")),
        _c("status", ("Status", "Status"), _C),
        _c("mode", ("Mode", "Mode"), _C),
        _c("mandatory", ("Wajib", "Mandatory"), _B),
        _c("excluded", ("Dikecualikan", "Excluded"), _B),
        _c("start_year", ("Tahun mulai", "Start year"), _Y),
        _c("end_year", ("Tahun akhir", "End year"), _Y),
        _c("level", ("Tingkat", "Level"), _S),
        _c("full_cost", ("Biaya lingkup penuh", "Full-scope cost"), _M),
        # continuity: programmes
        _c("decision", ("Keputusan", "Decision"), _C),
        _c("first_year", ("Tahun pertama", "First year"), _Y),
        _c("last_year", ("Tahun terakhir", "Last year"), _Y),
        # continuity: terms and commitments
        _c("term", ("Periode", "Term")),
        _c("start", ("Awal", "Start"), _Y),
        _c("end", ("Akhir", "End"), _Y),
        _c("carryover_spend", ("Belanja lanjutan", "Carry-over spend"), _M),
        _c("new_spend", ("Belanja baru", "New spend"), _M),
        _c("carryover_share", ("Porsi lanjutan", "Carry-over share"), _S),
        _c("from_term", ("Dari periode", "From term")),
        _c("to_term", ("Ke periode", "To term")),
        _c("amount", ("Jumlah", "Amount"), _M),
        _c("share", ("Porsi pagu", "Share of ceilings"), _S),
        _c("boundary", ("Batas periode", "Term boundary"), _Y),
        _c("cost_before", ("Biaya sebelum batas", "Cost before"), _M),
        _c("cost_after", ("Biaya sesudah batas", "Cost after"), _M),
        # continuity: previous masterplan
        _c("category", ("Kategori", "Category"), _C),
        _c("in_catalogue", ("Dalam katalog", "In catalogue"), _B),
        _c("delivered", ("Porsi terlaksana", "Delivered"), _S),
        _c("realised", ("Realisasi", "Realised"), _M),
        _c("planned_total", ("Total rencana", "Planned total"), _M),
        _c("completed", ("Selesai", "Completed"), _B),
        _c("unpriced", ("Tanpa prioritas", "Unpriced"), _N),
        # scenarios and the frontier
        _c("scenario", ("Skenario", "Scenario")),
        _c("continuity_index", ("Indeks keberlanjutan", "Continuity index"), _S),
        _c("gap", ("Jaminan: paling jauh dari yang terbaik", "Guarantee: at most this far from the best"), _S, 3),
        _c("seconds", ("Detik", "Seconds"), _V, 1),
        _c("changes", ("Perubahan", "Changes"), _N),
        _c("value_given_up", ("Nilai dilepas", "Value given up"), _V),
        _c("message", ("Pesan", "Message")),
        _c("scale", ("Skala pagu", "Budget scale"), _V),
        _c("slope", ("Nilai per Rp 1 M tambahan", "Value per extra IDR 1 bn"), _V, 3),
        _c("reused", ("Rencana pagu lebih kecil dipakai", "Smaller budget's plan kept"), _B),
        _c("elasticity", ("Elastisitas nilai terhadap pagu", "Elasticity of value to budget"), _V),
        _c("requested", ("Skala yang diminta", "Scale asked for"), _B),
        # progress and the yearly cycle
        _c("planned_cost", ("Biaya rencana", "Planned cost"), _M),
        _c("spent", ("Realisasi anggaran", "Spent"), _M),
        _c("planned_target", ("Target rencana", "Planned target"), _T),
        _c("achieved", ("Realisasi target", "Achieved"), _T),
        _c("achievement", ("Capaian", "Achievement"), _S),
        _c("achievement_final", ("Capaian terhadap target akhir", "Achievement against the final target"), _S),
        _c("final_target", ("Target akhir", "Final target"), _T),
        _c("reported", ("Dilaporkan", "Reported"), _B),
        _c("target_kind", ("Sifat target", "Kind of target"), _C),
        _c("target_baseline", ("Kondisi awal", "Baseline"), _T),
        _c("spend_rate", ("Realisasi anggaran %", "Spending rate"), _S),
        _c("behind", ("Terlambat", "Behind"), _N),
        _c("state", ("Keadaan", "State"), _C),
        _c("remaining_cost", ("Sisa biaya", "Remaining cost"), _M),
        _c("remaining_target", ("Sisa target", "Remaining target"), _T),
        _c("remaining_share", ("Porsi sisa", "Remaining share"), _S),
        # nomenclature codes, groups by code, the crosswalk
        _c("code", ("Kode nomenklatur", "Nomenclature code")),
        _c("urusan", ("Urusan", "Affair (urusan)")),
        _c("bidang", ("Bidang urusan", "Field (bidang)")),
        _c("program", ("Program", "Programme code")),
        _c("kegiatan", ("Kegiatan", "Activity (kegiatan)")),
        _c("candidates", ("Jumlah kandidat", "Candidates"), _N),
        _c("match", ("Padanan", "Match")),
        _c("catalogue_id", ("Kode di katalog", "Catalogue id")),
        _c("change", ("Perubahan", "Change"), _C),
        _c("cost_change", ("Perubahan biaya", "Cost change"), _M),
        _c("start_before", ("Mulai (rencana lama)", "Start before"), _Y),
        _c("start_after", ("Mulai (rencana baru)", "Start after"), _Y),
        _c("level_before", ("Tingkat (rencana lama)", "Level before"), _S),
        _c("level_after", ("Tingkat (rencana baru)", "Level after"), _S),
        _c("start_base", ("Mulai (skenario dasar)", "Start (base scenario)"), _Y),
        _c("start_scenario", ("Mulai (skenario ini)", "Start (this scenario)"), _Y),
        _c("level_base", ("Tingkat (skenario dasar)", "Level (base scenario)"), _S),
        _c("level_scenario", ("Tingkat (skenario ini)", "Level (this scenario)"), _S),
        _c("cost_base", ("Biaya (skenario dasar)", "Cost (base scenario)"), _M),
        _c("cost_scenario", ("Biaya (skenario ini)", "Cost (this scenario)"), _M),
        _c("allocated_base", ("Teralokasi pada skenario dasar", "Allocated in the base scenario"), _M),
        _c("allocated_change", ("Selisih teralokasi", "Change in allocation"), _M),
        _c("planned", ("Rencana", "Planned"), _M),
        _c("excess", ("Kelebihan", "Excess"), _M),
        _c("reason", ("Sebab", "Reason"), _C),
        # criteria, weights and their ranges
        _c("criterion", ("Kriteria", "Criterion")),
        _c("label", ("Nama kriteria", "Criterion name")),
        _c("group", ("Kelompok", "Group")),
        _c("depth", ("Jenjang", "Depth"), _N),
        _c("column", ("Kolom katalog", "Catalogue column")),
        _c("kind", ("Jenis nilai", "Kind of value")),
        _c("direction", ("Arah", "Direction")),
        _c("normalise", ("Normalisasi", "Normalisation")),
        _c("weight", ("Bobot", "Weight"), _S),
        _c("global_weight", ("Bobot total", "Global weight"), _S),
        _c("weight_low", ("Bobot terendah, pilihan sama", "Lowest weight, same choice"), _S),
        _c("weight_high", ("Bobot tertinggi, pilihan sama", "Highest weight, same choice"), _S),
        _c("enter_below", ("Masuk bila bobot lebih rendah", "Enter below the range")),
        _c("leave_below", ("Keluar bila bobot lebih rendah", "Leave below the range")),
        _c("enter_above", ("Masuk bila bobot lebih tinggi", "Enter above the range")),
        _c("leave_above", ("Keluar bila bobot lebih tinggi", "Leave above the range")),
    )
}

#: Column families with the year at the end (``realised_2021``, ``cost_2024``).
YEARLY: dict[str, Column] = {
    "realised": _c("realised", ("Realisasi", "Realised"), _M),
    "cost": _c("cost", ("Biaya", "Cost"), _M),
}

_YEARLY_NAME = re.compile(r"([a-z_]+)_(\d{4})")

#: Column families named after a criterion (``score_keamanan_siber``, ``points_keamanan_siber``).
PER_CRITERION: dict[str, Column] = {
    "score": _c("score", ("Skor", "Score"), _V),
    "points": _c("points", ("Poin", "Points"), _V),
}

_CRITERION_NAME = re.compile(r"(score|points)_([a-z][a-z0-9_]*)")


def column(name: str) -> Column | None:
    """Return the registry entry of ``name`` (``cost_2024`` by its family); ``None`` if unknown."""
    found = COLUMNS.get(name)
    if found is not None:
        return found
    match = _YEARLY_NAME.fullmatch(name)
    if match and match.group(1) in YEARLY:
        family = YEARLY[match.group(1)]
        year = match.group(2)
        return Column(name, f"{family.id} {year}", f"{family.en} {year}", family.kind, family.decimals)
    match = _CRITERION_NAME.fullmatch(name)
    if match:
        family, words = PER_CRITERION[match.group(1)], match.group(2).replace("_", " ")
        return Column(name, f"{family.id} {words}", f"{family.en} {words}", family.kind, family.decimals)
    return None


def label(name: str, lang: Language | None = None) -> str:
    """Heading of column ``name`` in the given (or default) language; unknown columns keep their name.

    Examples
    --------
    >>> label("carryover_spend", "id"), label("realised_2021", "en"), label("kode_rekening", "id")
    ('Belanja lanjutan', 'Realised 2021', 'kode_rekening')
    """
    found = column(name)
    return found.label(lang) if found is not None else name
