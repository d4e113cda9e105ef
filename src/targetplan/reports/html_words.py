"""The words of the HTML report, in Indonesian and English (:mod:`targetplan.reports.html`).

Each text is a pair ``(Indonesian, English)``; :func:`say` picks one and fills its fields.
Words a head of office reads right: *alokasi* is planned spending, *serapan* /
*realisasi* what was spent; the proven gap is a guarantee ("jaminan: paling jauh x % dari
yang terbaik").
"""

from __future__ import annotations

from typing import Any

from ..text.language import Language, Pair, pick

__all__ = ["CHANGE_KIND", "MONTHS_ID", "SOLVER_NAMES", "WORDS", "say"]

#: The report's own words, by key: (Indonesian, English).
WORDS: dict[str, Pair] = {
    "title_plan": ("Rencana target tahunan {span}", "Yearly targets plan {span}"),
    "title_study": ("Perbandingan skenario anggaran {span}", "Budget scenarios compared {span}"),
    "written": (
        "Disusun dengan targetplan {version} pada {date}.",
        "Prepared with targetplan {version} on {date}.",
    ),
    "contents": ("Isi", "Contents"),
    "page": ("Halaman", "Page"),
    "of": ("dari", "of"),
    "total": ("Jumlah", "Total"),
    # key figures
    "card_programmes": ("Program dalam rencana", "Programmes in the plan"),
    "card_allocated": ("Alokasi terhadap pagu", "Allocated against the ceiling"),
    "card_value": ("Nilai rencana", "Value of the plan"),
    "card_guarantee": ("Jaminan", "Guarantee"),
    "n_of_m": ("{n} dari {m}", "{n} of {m}"),
    "of_most": ("dari nilai maksimum", "of the most possible"),
    "schedule": ("Keadaan jadwal", "Schedule"),
    "no_source": ("(tanpa sumber)", "(no source)"),
    "yes": ("ya", "yes"),
    "best_proven": ("terbukti terbaik", "proven best"),
    "at_most": ("paling jauh {gap} dari yang terbaik", "at most {gap} from the best"),
    # sections
    "sec_summary": ("Ringkasan", "Summary"),
    "sec_budget": ("Anggaran per tahun", "Budget per year"),
    "sec_selection": ("Program dalam rencana", "Programmes in the plan"),
    "sec_left_out": ("Program yang tidak masuk", "Programmes left out"),
    "sec_rules": ("Harga aturan dan pembanding", "The price of the rules, and comparisons"),
    "sec_continuity": ("Keberlanjutan antar periode", "Continuity between administrations"),
    "sec_progress": ("Kemajuan: rencana dan realisasi", "Progress: planned and realised"),
    "sec_changes": ("Perubahan dari rencana yang disetujui", "Changes from the approved plan"),
    "sec_study": ("Perbandingan skenario", "Scenarios compared"),
    "sec_frontier": ("Nilai terhadap besar pagu", "Value against the size of the budget"),
    "sec_about": ("Tentang laporan ini", "About this report"),
    # summary sentences
    "failed": (
        "Tidak ada rencana: {message}",
        "There is no plan: {message}",
    ),
    "best": (
        "Rencana ini memenuhi semua pagu dan aturan, dan terbukti yang terbaik: tidak ada pilihan program lain "
        "dalam pagu dan aturan yang sama yang memberi nilai lebih besar.",
        "This plan keeps every ceiling and rule and is proven the best: no other choice of programmes within "
        "the same ceilings and rules is worth more.",
    ),
    "guarantee": (
        "Rencana ini memenuhi semua pagu dan aturan. Jaminan: paling jauh {gap} dari yang terbaik "
        "(tidak ada rencana lain yang nilainya lebih dari {gap} di atas rencana ini).",
        "This plan keeps every ceiling and rule. Guarantee: at most {gap} from the best "
        "(no other plan is worth more than {gap} above this one).",
    ),
    "time_limit": (
        "Perhitungan berhenti pada batas waktunya; dengan waktu lebih, jaminannya dapat lebih ketat.",
        "The solver stopped at its time limit; with more time the guarantee can be tighter.",
    ),
    "s_value": (
        "Nilai rencana {value} dari {most} bila semua program didanai penuh ({share}). Nilai sebuah program "
        "adalah prioritasnya dikali porsi lingkup yang didanai.",
        "The plan is worth {value} of {most} if every programme were funded in full ({share}). A programme's "
        "value is its priority times the share of its scope that is funded.",
    ),
    "s_count": (
        "{n} dari {m} program masuk rencana ({cont} lanjutan dan {new} baru); {out} tidak masuk.",
        "{n} of {m} programmes are in the plan ({cont} carried over and {new} new); {out} are left out.",
    ),
    "s_money": (
        "Alokasi {span}: {allocated} dari pagu {ceiling} ({share}). Per tahun dari {low} ({low_year}) "
        "sampai {high} ({high_year}) pagu.",
        "Allocated over {span}: {allocated} of the ceilings' {ceiling} ({share}). Per year from {low} "
        "({low_year}) to {high} ({high_year}) of the ceiling.",
    ),
    "s_alokasi": (
        "Alokasi adalah belanja yang direncanakan; realisasi (serapan) baru diketahui setelah tahun anggaran berjalan.",
        "Allocated means planned spending; what is actually spent is known only as the budget year runs.",
    ),
    "s_manual": (
        "Dibanding cara manual (urut menurut prioritas, danai dari atas sampai dana habis) rencana ini bernilai "
        "{gain} lebih besar ({value} terhadap {manual}).",
        "Against the manual way (rank by priority, fund down the list until the money runs out) this plan is "
        "worth {gain} more ({value} against {manual}).",
    ),
    "s_manual_broken": (
        " Cara manual itu pun melanggar aturan kebijakan.",
        " That manual plan even breaks a policy rule.",
    ),
    "s_costliest": (
        "Aturan yang paling mahal: {rule}; tanpanya nilai rencana naik {price}.",
        "The costliest rule: {rule}; without it the plan would gain {price}.",
    ),
    "s_unspent": (
        "Pagu yang tidak dialokasikan lebih dari 1%: {years}.",
        "Ceilings more than 1% unallocated: {years}.",
    ),
    "s_continuity": (
        "Indeks keberlanjutan {index}: porsi prioritas program masterplan sebelumnya yang belum selesai dan "
        "diteruskan oleh rencana ini.",
        "Continuity index {index}: the share of the priority of the previous masterplan's unfinished "
        "programmes that this plan carries on.",
    ),
    "s_walked": (
        "Realisasi {money} pada program sebelumnya yang dihentikan tidak akan dituntaskan.",
        "{money} already spent on previous programmes that are dropped will not be completed.",
    ),
    "s_commitment": (
        "Program yang dimulai pada periode {frm} memerlukan {money} pada periode {to} ({share} pagunya).",
        "Programmes started in the {frm} term need {money} in the {to} term ({share} of its ceilings).",
    ),
    "s_progress": (
        "Capaian masterplan s.d. {year}: {achievement}; realisasi anggaran {spend} dari yang direncanakan. "
        "{behind} program terlambat.",
        "Achievement of the masterplan to {year}: {achievement}; {spend} of the planned money spent. "
        "{behind} programmes are behind schedule.",
    ),
    "s_changes": (
        "{n} program berubah dari rencana yang disetujui: {parts}.",
        "{n} programmes change from the approved plan: {parts}.",
    ),
    "s_no_changes": ("Tidak ada perubahan dari rencana yang disetujui.", "Nothing changes from the approved plan."),
    "s_study": (
        "{n} skenario dibandingkan; nilai dari {low} ({low_name}) sampai {high} ({high_name}).",
        "{n} scenarios compared; value from {low} ({low_name}) to {high} ({high_name}).",
    ),
    "s_study_failed": ("Tanpa rencana: {names}.", "Without a plan: {names}."),
    "s_knee": (
        "Titik lutut pada {scale}× pagu ({ceiling}): di atasnya 1% pagu tambahan memberi kurang dari 0,5% nilai.",
        "The knee is at {scale}× the ceilings ({ceiling}): above it 1% more budget buys less than 0.5% more value.",
    ),
    "s_knee_below": (
        "Pada semua titik yang dihitung, 1% pagu tambahan memberi kurang dari 0,5% nilai.",
        "At every point solved, 1% more budget buys less than 0.5% more value.",
    ),
    "s_knee_above": (
        "Pada semua titik yang dihitung, tambahan pagu masih memberi nilai yang sepadan.",
        "At every point solved, more budget still buys value in proportion.",
    ),
    # section texts
    "budget_intro": (
        "Pagu per tahun dan belanja yang direncanakan (alokasi). Sisa adalah pagu yang tidak dialokasikan.",
        "The ceiling of each year and the planned spending (allocated). Unallocated is the ceiling left over.",
    ),
    "by_source": ("Per sumber dana", "By funding source"),
    "by_source_note": (
        'Belanja per sumber dana; "/" diikuti pagu sumber itu bila ada.',
        'Spending per funding source; "/" then the source\'s ceiling where it has one.',
    ),
    "money_units": (
        "Biaya per tahun dalam rupiah: jt = juta, M = miliar.",
        "Cost per year in rupiah: m = million, bn = billion.",
    ),
    "selection_intro": (
        "Program yang didanai, per dimensi, dengan biaya per tahun. Lanjutan: program masterplan sebelumnya "
        "yang diteruskan.",
        "The funded programmes, by dimension, with their cost per year. Carry-over: a programme of the "
        "previous masterplan that goes on.",
    ),
    "years": ("Tahun", "Years"),
    "level": ("Porsi didanai", "Share funded"),
    "by_dimension": ("Per dimensi", "By dimension"),
    "by_agency": ("Per perangkat daerah", "By agency"),
    "left_intro": (
        "Program katalog yang tidak didanai. Biaya: biaya lingkup penuh menurut katalog.",
        "Catalogue programmes that are not funded. Cost: the full scope's cost in the catalogue.",
    ),
    "reason": ("Alasan", "Reason"),
    "excluded_word": ("dikecualikan dalam katalog", "excluded in the catalogue"),
    "no_reasons": (
        "Alasan per program tidak dihitung untuk laporan ini (memerlukan perhitungan ulang per program).",
        "Reasons per programme were not computed for this report (they need re-solving per programme).",
    ),
    "none_left": ("Semua program katalog masuk rencana.", "Every programme of the catalogue is in the plan."),
    "full_cost": ("Biaya lingkup penuh", "Full-scope cost"),
    "rules_intro": (
        "Setiap aturan dihitung ulang tanpa aturan itu. Harganya adalah nilai yang didapat rencana bila aturan "
        "itu tidak ada; aturan yang tidak mengikat tidak berharga dan tidak dicantumkan.",
        "Each rule is re-solved without it. Its price is the value the plan would gain without the rule; "
        "rules that do not bind cost nothing and are not listed.",
    ),
    "no_rule_binds": ("Tidak ada aturan yang mengikat.", "No rule binds."),
    "unspent_title": ("Mengapa sebagian pagu tidak dialokasikan", "Why part of the ceiling is not allocated"),
    "baselines_title": ("Dibanding cara manual", "Against manual rankings"),
    "marginal_title": ("Nilai tambahan per Rp 1 M pagu", "Value of one more IDR 1 bn of ceiling"),
    "rule": ("Aturan", "Rule"),
    "continuity_terms": ("Belanja per periode", "Spending per term"),
    "continuity_commitments": ("Komitmen untuk periode berikutnya", "Commitments to later terms"),
    "continuity_previous": ("Masterplan sebelumnya per kategori", "Previous masterplan by category"),
    "continuity_dropped": (
        "Program masterplan sebelumnya yang dihentikan",
        "Programmes of the previous masterplan that are dropped",
    ),
    "continuity_decisions": ("Keputusan program: {decisions}.", "Programmes: {decisions}."),
    "progress_dimensions": ("Per dimensi", "By dimension"),
    "progress_programmes": ("Per program", "By programme"),
    "changes_table": ("Program yang berubah", "Programmes that change"),
    "outside_plan": ("Realisasi di luar rencana", "Spending outside the plan"),
    "study_intro": (
        "Setiap skenario adalah rencana terbaik untuk pagu dan aturannya sendiri.",
        "Each scenario is the best plan for its own ceilings and rules.",
    ),
    "study_yearly": ("Alokasi per tahun per skenario", "Allocated per year, by scenario"),
    "study_diff": ("Perbedaan terhadap skenario {base}", "Differences from the {base} scenario"),
    "entering": ("Masuk", "Enter"),
    "leaving": ("Keluar", "Leave"),
    "rescheduled": ("Dijadwal ulang", "Rescheduled"),
    "money_moved": ("Perubahan belanja", "Change in spending"),
    "frontier_points": ("Titik kurva", "Points of the curve"),
    # about
    "about_catalogue": ("Katalog: {n} program, {span} ({source}).", "Catalogue: {n} programmes, {span} ({source})."),
    "about_budget": ("Pagu: {total} selama {span}{reserve}.", "Ceilings: {total} over {span}{reserve}."),
    "about_budget_of": (
        "Pagu skenario {name}: {total} selama {span}{reserve}; pagu skenario lain ada di tabel perbandingan.",
        "Ceilings of the {name} scenario: {total} over {span}{reserve}; the others are in the comparison table.",
    ),
    "about_reserve": ("; cadangan {share} tidak dialokasikan", "; a reserve of {share} kept unallocated"),
    "about_terms": ("Periode pemerintahan: {terms}.", "Administrations (terms): {terms}."),
    "about_policy": ("Kebijakan: {items}.", "Policy: {items}."),
    "about_floor": ("lantai keberlanjutan {share}", "continuity floor {share}"),
    "about_cap": ("batas komitmen {share}", "commitment cap {share}"),
    "about_bonus": ("bobot tambahan program lanjutan {share}", "carry-over bonus {share}"),
    "about_solver": (
        "Dihitung dengan solver {solver} ({status}); jaminan: {guarantee}.",
        "Solved with {solver} ({status}); guarantee: {guarantee}.",
    ),
    "about_words": ("Istilah", "Terms used"),
    "def_pagu": ("Pagu", "Ceiling (pagu)"),
    "def_pagu_text": (
        "dana APBD yang tersedia untuk rencana ini per tahun.",
        "APBD money available to this plan per year.",
    ),
    "def_alokasi": ("Alokasi", "Allocated"),
    "def_alokasi_text": (
        "belanja yang direncanakan; bukan serapan atau realisasi, yaitu uang yang benar-benar dibelanjakan.",
        "planned spending; not what is actually spent (serapan, realisasi).",
    ),
    "def_nilai": ("Nilai", "Value"),
    "def_nilai_text": (
        "prioritas program dikali porsi lingkupnya yang didanai, dijumlahkan atas semua program.",
        "a programme's priority times the share of its scope funded, summed over the programmes.",
    ),
    "def_lanjutan": ("Lanjutan / baru", "Carry-over / new"),
    "def_lanjutan_text": (
        "program yang sudah ada dalam masterplan sebelumnya dan masih berjalan / program yang baru dimulai.",
        "a programme of the previous masterplan that is still running / a programme that starts anew.",
    ),
    "def_jaminan": ("Jaminan", "Guarantee"),
    "def_jaminan_text": (
        "seberapa jauh, paling banyak, nilai rencana ini dari rencana terbaik yang mungkin (terbukti oleh solver).",
        "how far at most the plan's value is from the best possible plan (proven by the solver).",
    ),
    "def_capaian": ("Capaian", "Achievement (capaian)"),
    "def_capaian_text": ("realisasi target ÷ target × 100%.", "achieved ÷ target × 100%."),
}

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

#: Solvers by their own names.
SOLVER_NAMES = {"highs": "HiGHS", "cbc": "CBC"}

#: :func:`plan_changes` kinds, said with the re-plan's words (enter = added, …).
CHANGE_KIND = {"enter": "added", "leave": "dropped", "start": "rescheduled", "level": "resized"}


def say(key: str, lang: Language, **fields: Any) -> str:
    """Return the words of ``key`` in the language, with ``fields`` filled in.

    Examples
    --------
    >>> say("n_of_m", "id", n=42, m=50), say("n_of_m", "en", n=42, m=50)
    ('42 dari 50', '42 of 50')
    """
    text = pick(WORDS[key], lang)
    return text.format(**fields) if fields else text
