"""Words shown to people: category values, table titles, names of the manual rankings.

The API keeps English category words (``continuing``, ``drop``); reports, workbooks and
plots show them through this module in the report language.
"""

from __future__ import annotations

from typing import Any

from .language import Language, Pair, pick

__all__ = [
    "BASELINE_DESCRIPTIONS",
    "BASELINE_NAMES",
    "SHEET_NAMES",
    "TABLE_TITLES",
    "VALUES",
    "YES_NO",
    "baseline_description",
    "baseline_name",
    "sheet_name",
    "table_title",
    "value_word",
]

#: Section titles of the report tables, by their key in ``report.tables``.
TABLE_TITLES: dict[str, Pair] = {
    # a catalogue, a plan
    "catalogue": ("Program dalam katalog", "Programmes in the catalogue"),
    "chosen": ("Program dalam rencana", "Programmes in the plan"),
    # efficiency report
    "yearly": ("Penggunaan pagu per tahun", "Budget use per year"),
    "by_dimension": ("Per dimensi", "By dimension"),
    "by_agency": ("Per perangkat daerah", "By agency"),
    "baselines": ("Dibanding cara manual", "Against manual rankings"),
    "by_source": ("Per sumber dana", "By funding source"),
    "source_marginal": ("Nilai tambahan per Rp 1 M pagu sumber dana", "Value of one more IDR 1 bn per funding source"),
    "marginal": ("Nilai tambahan pagu per tahun", "Marginal value of each year's ceiling"),
    "explanations": ("Mengapa program tidak masuk", "Why programmes are left out"),
    "rules": ("Harga setiap aturan", "The price of every rule"),
    "unspent": ("Mengapa pagu tidak terpakai", "Why money stays unspent"),
    # continuity report
    "programmes": ("Keputusan per program", "Decision per programme"),
    "terms": ("Belanja per periode", "Spending per term"),
    "commitments": ("Komitmen untuk periode berikutnya", "Commitments to later terms"),
    "spanning": ("Program yang melintasi batas periode", "Programmes across a term boundary"),
    "previous": ("Program masterplan sebelumnya", "Programmes of the previous masterplan"),
    "previous_summary": ("Masterplan sebelumnya per kategori", "Previous masterplan by category"),
    # scenarios, progress, the yearly cycle
    "scenarios": ("Perbandingan skenario", "Scenarios compared"),
    "points": ("Titik kurva nilai terhadap pagu", "Points of the value curve"),
    "dimensions": ("Per dimensi", "By dimension"),
    "progress": ("Kemajuan per program", "Progress per programme"),
    "carried": ("Lingkup yang dibawa ke tahun berikutnya", "Scope carried forward"),
    "changes": ("Perubahan dari rencana yang disetujui", "Changes from the approved plan"),
    "outside_plan": ("Realisasi di luar rencana", "Spending outside the plan"),
    # criteria and weights
    "criteria": ("Kriteria dan bobot", "Criteria and weights"),
    "ahp_weights": ("Bobot dari perbandingan berpasangan", "Weights from pairwise comparison"),
    "weight_ranges": (
        "Rentang bobot dengan pilihan program yang sama",
        "Weight ranges that keep the chosen programmes",
    ),
    "criteria_scores": ("Rincian skor kriteria per program", "Score breakdown by criterion"),
}

#: Workbook sheet names (at most 31 characters, Excel's limit), by the key of the sheet.
SHEET_NAMES: dict[str, Pair] = {
    # a plan
    "summary": ("ringkasan", "summary"),
    "selection": ("pilihan", "selection"),
    "why_not": ("mengapa_tidak", "why_not"),
    "targets": ("target", "targets"),
    "costs": ("biaya", "costs"),
    "yearly": ("anggaran", "budget"),
    "levels": ("tingkat", "levels"),
    "about": ("tentang", "about"),
    # a study
    "scenario_budget": ("anggaran", "budget"),
    "programme_changes": ("perbedaan_program", "programme_changes"),
    "budget_changes": ("perbedaan_anggaran", "budget_changes"),
    # the efficiency report's tables
    "efficiency_yearly": ("efisiensi_per_tahun", "efficiency_yearly"),
    "efficiency_by_dimension": ("efisiensi_per_dimensi", "efficiency_by_dimension"),
    "efficiency_by_agency": ("efisiensi_per_perangkat_daerah", "efficiency_by_agency"),
    "efficiency_baselines": ("efisiensi_cara_manual", "efficiency_baselines"),
    "efficiency_marginal": ("efisiensi_nilai_marjinal", "efficiency_marginal"),
    "efficiency_by_source": ("efisiensi_per_sumber_dana", "efficiency_by_source"),
    "efficiency_source_marginal": ("efisiensi_marjinal_sumber_dana", "efficiency_source_marginal"),
    "efficiency_rules": ("efisiensi_harga_aturan", "efficiency_rules"),
    "efficiency_unspent": ("efisiensi_pagu_tak_terpakai", "efficiency_unspent"),
    "efficiency_explanations": ("efisiensi_penjelasan", "efficiency_explanations"),
    "efficiency_criteria_scores": ("efisiensi_skor_kriteria", "efficiency_criteria_scores"),
    # the continuity report's tables
    "continuity_programmes": ("kontinuitas_keputusan", "continuity_programmes"),
    "continuity_terms": ("kontinuitas_per_periode", "continuity_terms"),
    "continuity_commitments": ("kontinuitas_komitmen", "continuity_commitments"),
    "continuity_spanning": ("kontinuitas_lintas_periode", "continuity_spanning"),
    "continuity_previous": ("kontinuitas_masterplan_lama", "continuity_previous"),
    "continuity_previous_summary": ("kontinuitas_ringkasan_lama", "continuity_previous_summary"),
}

#: Readable names of the manual rankings.
BASELINE_NAMES: dict[str, Pair] = {
    "priority": ("Peringkat prioritas", "Priority ranking"),
    "value_per_cost": ("Peringkat nilai/biaya", "Value per rupiah"),
    "carryover_first": ("Lanjutan dahulu", "Carry-overs first"),
}

#: What each manual ranking does.
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
        # the status of a plan (a study's scenarios share the column name)
        "optimal": ("optimal", "optimal"),
        "feasible": ("layak (batas waktu)", "feasible (time limit)"),
        "infeasible": ("tidak layak", "infeasible"),
        "no_solution": ("tanpa rencana (batas waktu)", "no plan (time limit)"),
        "error": ("galat solver", "solver error"),
        # the progress of a programme (ProgressReport.programmes)
        "behind": ("terlambat", "behind"),
        "on": ("sesuai jadwal", "on schedule"),
        "ahead": ("lebih cepat", "ahead"),
        "not_started": ("belum mulai", "not started"),
        "unplanned": ("di luar rencana", "unplanned"),
        "not_planned": ("tidak direncanakan", "not planned"),
    },
    "mode": {
        "whole": ("utuh", "whole"),
        "scalable": ("dapat diperkecil", "scalable"),
        "flexible": ("fleksibel", "flexible"),
    },
    "rule_kind": {
        "ceiling": ("pagu tahunan", "yearly ceiling"),
        "reserve": ("cadangan", "reserve"),
        "group_cap": ("batas atas kelompok", "group cap"),
        "group_floor": ("batas bawah kelompok", "group floor"),
        "source_ceiling": ("pagu sumber dana", "source ceiling"),
        "earmark": ("peruntukan sumber dana", "earmark"),
        "count_cap": ("batas jumlah program", "count cap"),
        "continuity": ("lantai kontinuitas", "continuity floor"),
        "commitment": ("batas komitmen", "commitment cap"),
        "mandatory": ("program wajib", "mandatory programme"),
        "excluded": ("program dikecualikan", "excluded programme"),
        "required_group": ("kelompok wajib", "required group"),
        "requires": ("prasyarat", "requirement"),
    },
    "change": {
        "dropped": ("dihentikan", "dropped"),
        "added": ("ditambahkan", "added"),
        "rescheduled": ("dijadwal ulang", "rescheduled"),
        "resized": ("diubah besarnya", "resized"),
        # between two plans or two scenarios (plan_changes, Study.diff)
        "enter": ("masuk", "enters"),
        "leave": ("keluar", "leaves"),
        "start": ("tahun mulai bergeser", "start moves"),
        "level": ("tingkat berubah", "level changes"),
    },
    "reason": {
        "not_planned": ("tidak direncanakan", "not planned"),
        "over_plan": ("di atas rencana", "above the plan"),
    },
    "state": {
        "started": ("berjalan", "started"),
        "finished": ("selesai", "finished"),
        "not_started": ("belum mulai", "not started"),
        "cannot_fit": ("tidak muat lagi", "no longer fits"),
    },
    "source": {
        "(unspecified)": ("(tanpa sumber dana)", "(unspecified)"),
    },
    "target_kind": {
        "annual": ("tahunan", "annual"),
        "cumulative": ("kumulatif", "cumulative"),
        "index": ("indeks", "index"),
    },
}

#: Yes and no.
YES_NO: dict[bool, Pair] = {True: ("ya", "yes"), False: ("tidak", "no")}


def table_title(name: str, lang: Language | None = None) -> str:
    """Section title of the report table ``name`` (its key in ``report.tables``)."""
    pair = TABLE_TITLES.get(name)
    return pick(pair, lang) if pair else name.replace("_", " ")


def sheet_name(key: str, lang: Language | None = None) -> str:
    """Workbook sheet name of ``key`` in the language (an unknown key as it is, cut to 31 characters).

    Examples
    --------
    >>> sheet_name("why_not", "id"), sheet_name("why_not", "en")
    ('mengapa_tidak', 'why_not')
    """
    pair = SHEET_NAMES.get(key)
    return (pick(pair, lang) if pair else key)[:31]


def baseline_name(key: str, lang: Language | None = None) -> str:
    """Readable name of a manual ranking (``"value_per_cost"`` → ``"Peringkat nilai/biaya"``)."""
    pair = BASELINE_NAMES.get(str(key))
    return pick(pair, lang) if pair else str(key)


def baseline_description(key: str, default: str, lang: Language | None = None) -> str:
    """Describe a manual ranking in the language; ``default`` for rankings not known here."""
    pair = BASELINE_DESCRIPTIONS.get(str(key))
    return pick(pair, lang) if pair else default


def value_word(column: str, value: Any, lang: Language | None = None) -> Any:
    """Return a category word of ``column`` in the language; other values unchanged."""
    pair = VALUES.get(column, {}).get(value) if isinstance(value, str) else None
    return pick(pair, lang) if pair else value
