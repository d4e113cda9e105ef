"""Workbooks for people: a plan (with its reports) or a study, as one ``.xlsx`` file.

:func:`write_excel` writes a plan's summary, selection, the programmes left out and why,
yearly targets, costs, levels, budget use per year, the efficiency and continuity tables
when given, and an ``about`` sheet naming the inputs, the solver, the guarantee and the
date; :func:`write_study` writes the scenarios of a study: their summary, budget use per
year, what differs from the first scenario, each scenario's selection, and ``about``.
Both go through the one writer, :class:`targetplan.io.workbook.Workbook`: sheet names,
headings and category words in the report language, money in one unit per workbook
(``Rp`` or ``Rp juta``) named in the headings, totals rows, widths, frozen headers and an
A4 landscape print setup.

This module reads what it is given (a plan, its reports, a study) and imports nothing of
the layers that make them, so every result can offer ``to_excel()``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ..exceptions import ArgumentError, ArgumentTypeError
from ..text.columns import Kind
from ..text.language import Language, Pair, checked, get_language, pick
from ..text.money import format_money, format_percent
from ..text.words import baseline_description, baseline_name, value_word
from ..version import __version__
from .workbook import MoneyUnit, Sheet, Workbook, choose_money_unit, list_sheet, need_openpyxl

if TYPE_CHECKING:
    from ..planning.scenarios import Study
    from ..reports.continuity import ContinuityReport
    from ..reports.efficiency import EfficiencyReport
    from ..results.plan import Plan

__all__ = ["write_excel", "write_study"]

_M, _S, _V, _N = Kind.MONEY, Kind.SHARE, Kind.VALUE, Kind.COUNT


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the index into ordinary first column(s); an unnamed range index is dropped."""
    drop = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    out = frame.reset_index(drop=drop)
    out.columns = list(out.columns)
    return out


def _resolve_report(plan: Plan, report: Any, which: Literal["efficiency", "continuity"]) -> Any:
    if report is None or report is False:
        return None
    if report is True:
        return plan.efficiency() if which == "efficiency" else plan.continuity()
    expected = "EfficiencyReport" if which == "efficiency" else "ContinuityReport"
    if type(report).__name__ != expected or not hasattr(report, "tables"):
        raise ArgumentTypeError(
            f"{which} must be an {expected}, True or None, not {type(report).__name__}; pass plan.{which}() or True"
        )
    if report.plan is not plan:
        raise ArgumentError(f"the {which} report was made for another plan; pass plan.{which}() of this plan, or True")
    return report


_SUMMARY_LABELS: dict[str, tuple[str, str]] = {
    "status": ("Status rencana", "Plan status"),
    "message": ("Pesan", "Message"),
    "total_value": ("Nilai total", "Total value"),
    "max_value": ("Nilai maksimum (semua program)", "Largest possible value (every programme)"),
    "value_share": ("Porsi nilai maksimum", "Share of the largest value"),
    "programmes_in_plan": ("Program dalam rencana", "Programmes in the plan"),
    "programmes": ("Program dalam katalog", "Programmes in the catalogue"),
    "continuing_in_plan": ("Program lanjutan dalam rencana", "Continuing programmes in the plan"),
    "continuing": ("Program lanjutan dalam katalog", "Continuing programmes in the catalogue"),
    "total_ceiling": ("Jumlah pagu", "Total ceiling"),
    "total_allocated": ("Jumlah teralokasi", "Total allocated"),
    "utilisation": ("Alokasi (% pagu)", "Utilisation"),
    "mip_gap": ("Jaminan: paling jauh sekian dari yang terbaik", "Proven: at most this far from the best"),
    "gain_over_manual": ("Tambahan nilai atas peringkat manual", "Gain over the manual priority ranking"),
    "continuity_index": ("Indeks keberlanjutan (prioritas)", "Continuity index (priority)"),
    "money_index": ("Indeks keberlanjutan (uang)", "Continuity index (money)"),
    "walked_away": ("Realisasi pada program yang dihentikan", "Realised spending on dropped programmes"),
    # about
    "targetplan": ("Versi targetplan", "targetplan version"),
    "catalog_source": ("Sumber katalog", "Catalogue source"),
    "horizon": ("Horizon", "Horizon"),
    "mandatory": ("Program wajib", "Mandatory programmes"),
    "excluded": ("Program dikecualikan", "Excluded programmes"),
    "reserve": ("Cadangan (porsi pagu)", "Reserve (share of ceiling)"),
    "limits": ("Batas kelompok", "Group limits"),
    "limit": ("Batas", "Limit"),
    "cap": ("batas atas", "cap"),
    "floor": ("batas bawah", "floor"),
    "terms": ("Periode pemerintahan", "Terms"),
    "continuity_floor": ("Batas bawah keberlanjutan", "Continuity floor"),
    "carryover_bonus": ("Bonus program lanjutan", "Carry-over bonus"),
    "commitment_cap": ("Batas komitmen", "Commitment cap"),
    "max_level_change": ("Perubahan tingkat maksimum per tahun", "Largest yearly level change"),
    "solver": ("Solver", "Solver"),
    "objective_value": ("Nilai fungsi tujuan", "Objective value"),
    "option": ("Opsi", "Option"),
    "efficiency_report": ("Laporan efisiensi", "Efficiency report"),
    "continuity_report": ("Laporan keberlanjutan", "Continuity report"),
    "previous": ("Masterplan sebelumnya", "Previous masterplan"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "none": ("tidak ada", "none"),
    "date": ("Tanggal dibuat", "Written on"),
    "language": ("Bahasa", "Language"),
    "language_name": ("Bahasa Indonesia", "English"),
    "money_unit": ("Satuan uang", "Money unit"),
    "budget_years": ("Pagu per tahun", "Ceiling per year"),
    "guarantee": ("Jaminan", "Guarantee"),
    "guarantee_text": ("paling jauh {gap} dari yang terbaik", "at most {gap} from the best"),
    "guarantee_none": ("tidak ada (rencana tanpa solver)", "none (a plan made without the solver)"),
    "left_out": ("Program tidak masuk", "Programmes left out"),
    "base_scenario": ("Skenario dasar (pembanding)", "Base scenario (compared against)"),
    "scenarios": ("Skenario", "Scenarios"),
    "scenario": ("Skenario", "Scenario"),
    "why_not_source": ("Alasan program tidak masuk", "Reasons for programmes left out"),
    "why_full": (
        "dihitung ulang per program (laporan efisiensi, explain)",
        "measured by re-solving per programme (efficiency report, explain)",
    ),
    "why_quick": (
        "dari katalog dan rencana; rincian aturan: plan.to_excel(..., explain=True)",
        "from the catalogue and the plan; the rules in detail: plan.to_excel(..., explain=True)",
    ),
}


def _say(key: str, lang: Language) -> str:
    return pick(_SUMMARY_LABELS[key], lang)


def _finite_or_none(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _guarantee(gap: float | None, lang: Language) -> str:
    """Write the proven MIP gap in words: ``paling jauh 0,010% dari yang terbaik``."""
    if gap is None or not math.isfinite(gap):
        return _say("guarantee_none", lang)
    return _say("guarantee_text", lang).format(gap=format_percent(gap, 3, lang))


def _status(plan: Plan, lang: Language) -> str:
    return str(value_word("status", plan.status.value, lang))


Row = tuple[str, Any, Kind | None]


def _summary_rows(plan: Plan, eff: EfficiencyReport | None, cont: ContinuityReport | None, lang: Language) -> list[Row]:
    sel = plan.selection
    rows: list[Row] = [(_say("status", lang), _status(plan, lang), None)]
    if not plan.is_ok:
        rows.append((_say("message", lang), plan.message, None))
        return rows
    continuing = sel["status"] == "continuing"
    max_value = plan.max_value
    yearly = plan.yearly
    total_ceiling, total_allocated = float(yearly["ceiling"].sum()), float(yearly["allocated"].sum())
    runs = sel["runs"].astype(bool)
    rows += [
        (_say("total_value", lang), plan.total_value, _V),
        (_say("max_value", lang), max_value, _V),
        (_say("value_share", lang), plan.total_value / max_value if max_value else None, _S),
        (_say("programmes_in_plan", lang), int(runs.sum()), _N),
        (_say("programmes", lang), len(plan.catalog), _N),
        (_say("left_out", lang), int((~runs).sum()), _N),
        (_say("continuing_in_plan", lang), int((runs & continuing).sum()), _N),
        (_say("continuing", lang), int(continuing.sum()), _N),
        (_say("total_ceiling", lang), total_ceiling, _M),
        (_say("total_allocated", lang), total_allocated, _M),
        (_say("utilisation", lang), total_allocated / total_ceiling if total_ceiling else None, _S),
        (_say("guarantee", lang), _guarantee(plan.mip_gap, lang), None),
    ]
    if eff is not None and "priority" in eff.baselines.index:
        rows.append((_say("gain_over_manual", lang), eff.gain_over_manual, _S))
    if cont is not None and cont.previous is not None:
        rows += [
            (_say("continuity_index", lang), _finite_or_none(cont.continuity_index), _S),
            (_say("money_index", lang), _finite_or_none(cont.money_index), _S),
            (_say("walked_away", lang), _finite_or_none(cont.walked_away), _M),
        ]
    return rows


def _written_rows(book: Workbook) -> list[Row]:
    lang = book.lang
    return [
        (_say("targetplan", lang), __version__, None),
        (_say("date", lang), datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), None),
        (_say("language", lang), _say("language_name", lang), None),
        (_say("money_unit", lang), book.unit_label, None),
    ]


def _budget_rows(plan: Plan, lang: Language) -> list[Row]:
    budget = plan.budget
    rows: list[Row] = [
        (_say("total_ceiling", lang), float(sum(budget.ceilings.values())), _M),
        (
            _say("budget_years", lang),
            "; ".join(f"{y}: {format_money(c, lang)}" for y, c in sorted(budget.ceilings.items())),
            None,
        ),
        (_say("reserve", lang), budget.reserve, _S),
        (_say("limits", lang), len(budget.limits), _N),
    ]
    for lim in budget.limits:
        parts = []
        for word, amount in (("cap", lim.cap), ("floor", lim.floor)):
            if amount is not None:
                shown = format_percent(amount, 1, lang) if lim.as_share else format_money(amount, lang)
                parts.append(f"{_say(word, lang)} {shown}")
        when = str(lim.year) if lim.year is not None else ("setiap tahun" if lang == "id" else "every year")
        rows.append((_say("limit", lang), f"{lim.group_by} = {lim.group}, {when}: {', '.join(parts)}", None))
    return rows


def _policy_rows(plan: Plan, lang: Language) -> list[Row]:
    policy = plan.policy
    terms = "; ".join(f"{t.name} ({t.start}-{t.end})" for t in policy.terms) or _say("none", lang)
    rows: list[Row] = [(_say("terms", lang), terms, None)]
    for key in ("continuity_floor", "carryover_bonus", "commitment_cap", "max_level_change"):
        value = getattr(policy, key)
        rows.append((_say(key, lang), value, _S) if value is not None else (_say(key, lang), _say("none", lang), None))
    return rows


def _about_rows(
    plan: Plan, eff: EfficiencyReport | None, cont: ContinuityReport | None, book: Workbook, explained: bool
) -> list[Row]:
    lang = book.lang
    cat = plan.catalog
    yes, no = _say("yes", lang), _say("no", lang)
    rows = [
        *_written_rows(book),
        (_say("catalog_source", lang), cat.source, None),
        (_say("horizon", lang), f"{cat.years[0]}-{cat.years[-1]}", None),
        (_say("programmes", lang), len(cat), _N),
        (_say("continuing", lang), int((cat.values("status") == "continuing").sum()), _N),
        (_say("mandatory", lang), int(cat.values("mandatory").astype(bool).sum()), _N),
        (_say("excluded", lang), int(cat.values("excluded").astype(bool).sum()), _N),
    ]
    rows += _budget_rows(plan, lang) + _policy_rows(plan, lang)
    rows += [
        (_say("solver", lang), plan.solver, None),
        (_say("status", lang), _status(plan, lang), None),
        (_say("guarantee", lang), _guarantee(plan.mip_gap, lang), None),
        (_say("objective_value", lang), _finite_or_none(plan.objective_value), _V),
    ]
    for key in sorted(plan.options):
        value = plan.options[key]
        if isinstance(value, bool):
            value = yes if value else no
        elif isinstance(value, float):
            value = f"{value:g}"  # a solver setting as it was given (0.0001), not a figure for people
        elif value is not None and not isinstance(value, int | str):
            value = str(value)
        rows.append((f"{_say('option', lang)}: {key}", value, None))
    rows += [
        (_say("message", lang), plan.message, None),
        (_say("efficiency_report", lang), yes if eff is not None else no, None),
        (_say("continuity_report", lang), yes if cont is not None else no, None),
    ]
    if cont is not None:
        rows.append((_say("previous", lang), yes if cont.previous is not None else no, None))
    rows.append((_say("why_not_source", lang), _say("why_full" if explained else "why_quick", lang), None))
    return rows


# ---------------------------------------------------------------------- why not
_WHY: dict[str, Pair] = {
    "excluded": ("Dikecualikan dalam katalog (kolom excluded).", "Excluded in the catalogue (the excluded column)."),
    "lost_to": (
        "Kalah dari {other} dalam kelompok alternatif {group}: paling banyak satu program kelompok ini masuk.",
        "Lost to {other} in the exclusive group {group}: at most one programme of the group runs.",
    ),
    "requires": (
        "Prasyaratnya tidak masuk rencana: {ids}.",
        "It requires programmes that are not in the plan: {ids}.",
    ),
    "budget": (
        "Tidak terdanai dalam pagu dan aturan rencana ini: program terpilih memberi nilai lebih besar "
        "untuk uang yang tersedia. Aturan yang menahannya: plan.efficiency().why('{id}').",
        "Not funded within this plan's ceilings and rules: the chosen programmes give more value for "
        "the money available. The rules that keep it out: plan.efficiency().why('{id}').",
    ),
    "none_left_out": ("Semua program masuk rencana.", "Every programme is in the plan."),
    "no_plan": ("Tidak ada rencana: {message}", "No plan: {message}"),
}


def _quick_reason(plan: Plan, pid: str, running: set[str], lang: Language) -> str:
    """Why ``pid`` is out, from the catalogue and the plan alone (no re-solve)."""
    cat = plan.catalog
    i = cat.ids.index(pid)
    if bool(cat.values("excluded")[i]):
        return pick(_WHY["excluded"], lang)
    group = str(cat.values("exclusive_group")[i] or "")
    if group:
        members = [p for p, g in zip(cat.ids, cat.values("exclusive_group"), strict=True) if g == group]
        other = [p for p in members if p in running]
        if other:
            return pick(_WHY["lost_to"], lang).format(other=", ".join(other), group=group)
    missing = [str(r) for r in (cat.values("requires")[i] or ()) if str(r) not in running]
    if missing:
        return pick(_WHY["requires"], lang).format(ids=", ".join(missing))
    return pick(_WHY["budget"], lang).format(id=pid)


def _why_not_sheet(plan: Plan, explanations: pd.DataFrame | None, lang: Language) -> Sheet:
    """Every programme left out and why: the explanations when measured, else reasons from the inputs."""
    columns = ["id", "name", "dimension", "agency", "status", "priority", "full_cost", "sentence"]
    if not plan.is_ok:
        message = pick(_WHY["no_plan"], lang).format(message=plan.message)
        return Sheet("why_not", pd.DataFrame({"sentence": [message]}))
    sel = plan.selection
    out = sel[~sel["runs"].astype(bool)]
    if out.empty:
        return Sheet("why_not", pd.DataFrame({"sentence": [pick(_WHY["none_left_out"], lang)]}))
    cat = plan.catalog
    full = dict(zip(cat.ids, cat.cost_matrix().sum(axis=1), strict=True))
    running = set(plan.selected_ids)
    sentences = []
    measured = {}
    if explanations is not None and "sentence" in explanations.columns:
        measured = {str(k): str(v) for k, v in explanations["sentence"].items()}
    for pid in out.index:
        sentences.append(measured[pid] if pid in measured else _quick_reason(plan, pid, running, lang))
    frame = pd.DataFrame(
        {
            "id": list(out.index),
            "name": out["name"].tolist(),
            "dimension": out["dimension"].tolist(),
            "agency": out["agency"].tolist(),
            "status": out["status"].tolist(),
            "priority": out["priority"].tolist(),
            "full_cost": [float(full[p]) for p in out.index],
            "sentence": sentences,
        }
    )[columns]
    return Sheet("why_not", frame, totals=["full_cost"])


# ---------------------------------------------------------------------- plan
#: Report tables whose rows add up, and the columns summed in their totals row.
_REPORT_TOTALS: dict[str, tuple[str, ...]] = {
    "efficiency_yearly": ("ceiling", "reserve", "available", "allocated", "unallocated", "utilisation"),
    "efficiency_by_dimension": ("programmes", "cost", "value"),
    "efficiency_by_agency": ("programmes", "cost", "value"),
    "continuity_terms": ("ceiling", "allocated", "carryover_spend", "new_spend"),
}


def _report_sheet(key: str, table: pd.DataFrame, lang: Language) -> Sheet:
    frame = _flat(table)
    if "baseline" in frame.columns:  # manual rankings by their names
        if "description" in frame.columns:
            frame["description"] = [
                baseline_description(str(k), str(v), lang)
                for k, v in zip(frame["baseline"], frame["description"], strict=True)
            ]
        frame["baseline"] = [baseline_name(str(k), lang) for k in frame["baseline"]]
    totals = tuple(c for c in frame.columns if c in _REPORT_TOTALS.get(key, ()) or _yearly_money(key, c))
    return Sheet(key, frame, totals=totals)


def _yearly_money(key: str, name: Any) -> bool:
    """``cost_<YYYY>`` columns of the per-group tables add up too."""
    return key in ("efficiency_by_dimension", "efficiency_by_agency") and str(name).startswith("cost_")


def _plan_sheets(
    plan: Plan,
    eff: EfficiencyReport | None,
    cont: ContinuityReport | None,
    explanations: pd.DataFrame | None,
    book: Workbook,
) -> list[Sheet]:
    lang = book.lang
    sheets = [list_sheet("summary", _summary_rows(plan, eff, cont, lang))]
    ids = plan.levels.index
    names = plan.catalog.column("name").reindex(ids)
    sheets.append(Sheet("selection", _flat(plan.selection), totals=("cost", "value")))
    sheets.append(_why_not_sheet(plan, explanations, lang))
    targets = plan.targets.copy()
    targets.insert(0, "unit", plan.catalog.column("unit").reindex(ids).to_numpy())
    targets.insert(0, "name", names.to_numpy())
    decimals = plan.catalog.column("target_decimals").reindex(ids).astype(int).tolist()
    sheets.append(Sheet("targets", _flat(targets), year_kind=Kind.TARGET, row_decimals=decimals))
    costs = plan.costs.copy()
    costs.insert(0, "name", names.to_numpy())
    sheets.append(Sheet("costs", _flat(costs), year_kind=_M, totals=tuple(plan.years)))
    yearly_totals = ("ceiling", "reserve", "available", "allocated", "unallocated", "utilisation")
    sheets.append(Sheet("yearly", _flat(plan.yearly), totals=yearly_totals))
    levels = plan.levels.copy()
    levels.insert(0, "name", names.to_numpy())
    sheets.append(Sheet("levels", _flat(levels), year_kind=_S))
    for prefix, report in (("efficiency", eff), ("continuity", cont)):
        if report is not None:
            for name, table in report.tables.items():
                sheets.append(_report_sheet(f"{prefix}_{name}", table, lang))
    sheets.append(list_sheet("about", _about_rows(plan, eff, cont, book, explanations is not None)))
    return sheets


def write_excel(
    plan: Plan,
    path: str | Path,
    efficiency: EfficiencyReport | bool | None = None,
    continuity: ContinuityReport | bool | None = None,
    *,
    lang: Language | None = None,
    money_unit: MoneyUnit | None = None,
    explanations: pd.DataFrame | None = None,
) -> Path:
    """Write a plan (and optionally its reports) as one Excel workbook for people, atomically.

    Sheets (Indonesian / English names): ``ringkasan`` / ``summary``, ``pilihan`` /
    ``selection``, ``mengapa_tidak`` / ``why_not`` (every programme left out and why),
    ``target`` / ``targets``, ``biaya`` / ``costs``, ``anggaran`` / ``budget`` (budget use
    per year), ``tingkat`` / ``levels``, then one sheet per table of the reports given
    (``efisiensi_…`` / ``efficiency_…``, ``kontinuitas_…`` / ``continuity_…``), and
    ``tentang`` / ``about`` (inputs, solver, guarantee, date, version, language).

    Headings, sheet names and category words (``lanjutan``, ``fleksibel``, ``ya``) are in
    ``lang``. Money is in one unit for the workbook, ``Rp`` or ``Rp juta``, named in each
    money heading (``Pagu (Rp juta)``); shares are percentages, targets have their
    programme's decimals; columns that add up get a totals row (``Jumlah``). Header rows
    are frozen; every sheet prints landscape on A4, fitted to the page width, with the
    header row on every page. Text that starts like a formula (``=``, ``+``, ``-``,
    ``@``, tab, carriage return) is stored as text, never as a formula.

    Parameters
    ----------
    plan : Plan
    path : str or Path
        The ``.xlsx`` file; replaced only once the new workbook is complete.
    efficiency, continuity : report, True or None
        Reports of this plan to add (``True`` computes them with the defaults;
        the efficiency report re-solves for marginal values).
    lang : {"id", "en"}, optional
        Language of the workbook (default: the language set with :func:`targetplan.set_language`).
    money_unit : {"Rp", "Rp juta"}, optional
        Unit of every money cell; by default ``Rp juta`` once a yearly ceiling reaches
        Rp 1 miliar, else ``Rp``.
    explanations : DataFrame, optional
        Why each programme is out, as from ``plan.efficiency().explain()`` (its ``sentence``
        column fills the why-not sheet). Without it, and without explanations already
        measured in the efficiency report, the sheet gives the reasons the catalogue and the
        plan show (excluded, an exclusive group, a requirement, or the money).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    TargetplanError
        When openpyxl is not installed (``pip install 'targetplan[excel]'``) or a report
        belongs to another plan.
    """
    need_openpyxl()
    lang = checked(lang or get_language())
    eff = _resolve_report(plan, efficiency, "efficiency")
    cont = _resolve_report(plan, continuity, "continuity")
    if explanations is None and eff is not None:
        explanations = eff.tables.get("explanations")
    book = Workbook(lang, choose_money_unit(list(plan.budget.ceilings.values()), money_unit))
    for sheet in _plan_sheets(plan, eff, cont, explanations, book):
        book.add(sheet)
    return book.write(path)


# ---------------------------------------------------------------------- study
_STUDY_SUMMARY = (
    "scenario",
    "status",
    "value",
    "programmes",
    "ceiling",
    "spend",
    "utilisation",
    "continuity_index",
    "gap",
    "changes",
    "value_given_up",
    "message",
)


def _says_something(values: pd.Series) -> bool:
    return bool(values.map(lambda v: v is not None and v == v and v != "").any())


def _study_base(study: Study) -> str | None:
    """Return the scenario the others are compared with: the first one with a plan."""
    return next((name for name, plan in study.plans.items() if plan.is_ok), None)


def _scenario_budget(study: Study, lang: Language) -> Sheet:
    rows: list[dict[str, Any]] = []
    total = pick(("Jumlah", "Total"), lang)
    for name, plan in study.plans.items():
        if not plan.is_ok:
            continue
        yearly = plan.yearly
        for year, r in yearly.iterrows():
            rows.append(
                {
                    "scenario": name,
                    "year": int(year),
                    "ceiling": r["ceiling"],
                    "allocated": r["allocated"],
                    "unallocated": r["unallocated"],
                    "utilisation": r["utilisation"],
                }
            )
        ceiling, allocated = float(yearly["ceiling"].sum()), float(yearly["allocated"].sum())
        rows.append(
            {
                "scenario": name,
                "year": total,
                "ceiling": ceiling,
                "allocated": allocated,
                "unallocated": ceiling - allocated,
                "utilisation": allocated / ceiling if ceiling else math.nan,
            }
        )
    columns = ["scenario", "year", "ceiling", "allocated", "unallocated", "utilisation"]
    return Sheet("scenario_budget", pd.DataFrame(rows, columns=columns))


#: ``Study.diff`` columns under the names of the study workbook (base scenario / this scenario).
_CHANGE_COLUMNS = {
    "start_before": "start_base",
    "start_after": "start_scenario",
    "level_before": "level_base",
    "level_after": "level_scenario",
    "cost_before": "cost_base",
    "cost_after": "cost_scenario",
}


def _programme_changes(study: Study, base: str | None) -> Sheet:
    columns = ["scenario", "id", "name", "change", *_CHANGE_COLUMNS.values(), "cost_change"]
    parts = []
    if base is not None:
        names = study.plans[base].catalog.column("name")
        for name, plan in study.plans.items():
            if name == base or not plan.is_ok:
                continue
            diff = _flat(study.diff(base, name)).rename(columns=_CHANGE_COLUMNS)
            diff.insert(0, "scenario", name)
            diff.insert(2, "name", [names.get(p, "") for p in diff["id"]])
            parts.append(diff.reindex(columns=columns))
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return Sheet("programme_changes", frame)


def _budget_changes(study: Study, base: str | None, lang: Language) -> Sheet:
    rows: list[dict[str, Any]] = []
    total = pick(("Jumlah", "Total"), lang)
    if base is not None:
        before = study.plans[base].yearly["allocated"]
        for name, plan in study.plans.items():
            if name == base or not plan.is_ok:
                continue
            after = plan.yearly["allocated"].reindex(before.index)
            for year in before.index:
                rows.append(
                    {
                        "scenario": name,
                        "year": int(year),
                        "allocated_base": before[year],
                        "allocated": after[year],
                        "allocated_change": after[year] - before[year],
                    }
                )
            rows.append(
                {
                    "scenario": name,
                    "year": total,
                    "allocated_base": float(before.sum()),
                    "allocated": float(after.sum()),
                    "allocated_change": float(after.sum() - before.sum()),
                }
            )
    columns = ["scenario", "year", "allocated_base", "allocated", "allocated_change"]
    return Sheet("budget_changes", pd.DataFrame(rows, columns=columns))


def _study_about(study: Study, base: str | None, book: Workbook) -> list[Row]:
    lang = book.lang
    rows = _written_rows(book)
    first = next(iter(study.plans.values()), None)
    if first is not None:
        cat = first.catalog
        rows += [
            (_say("catalog_source", lang), cat.source, None),
            (_say("horizon", lang), f"{cat.years[0]}-{cat.years[-1]}", None),
            (_say("programmes", lang), len(cat), _N),
        ]
    rows += [
        (_say("scenarios", lang), len(study.plans), _N),
        (_say("base_scenario", lang), base if base is not None else _say("none", lang), None),
    ]
    for name, plan in study.plans.items():
        ceiling = float(sum(plan.budget.ceilings.values()))
        detail = (
            f"{_say('total_ceiling', lang)} {format_money(ceiling, lang)}; {_status(plan, lang)}; "
            f"{_say('solver', lang)} {plan.solver}; {_say('guarantee', lang).lower()}: {_guarantee(plan.mip_gap, lang)}"
        )
        if not plan.is_ok:
            detail += f"; {plan.message}"
        rows.append((f"{_say('scenario', lang)}: {name}", detail, None))
    if first is not None:
        rows += _policy_rows(first, lang)
    for key in sorted(study.options):
        value = study.options[key]
        rows.append(
            (f"{_say('option', lang)}: {key}", value if isinstance(value, int | float | str) else str(value), None)
        )
    return rows


def write_study(
    study: Study, path: str | Path, *, lang: Language | None = None, money_unit: MoneyUnit | None = None
) -> Path:
    """Write a study as one workbook for people, atomically.

    Sheets (Indonesian / English names): ``ringkasan`` / ``summary`` (one row per
    scenario: status, value, programmes, ceiling, spending, alokasi, continuity, the
    guarantee), ``anggaran`` / ``budget`` (per scenario and year: ceiling, allocated,
    unallocated, alokasi % pagu, and the scenario's total), ``perbedaan_program`` /
    ``programme_changes`` (programmes that enter, leave, move their start or change their
    level against the first scenario with a plan), ``perbedaan_anggaran`` /
    ``budget_changes`` (money moved per year against that scenario), one sheet per
    scenario with its selection, and ``tentang`` / ``about``. Formats, language and print
    setup as in :func:`write_excel`.

    Parameters
    ----------
    study : Study
    path : str or Path
        The ``.xlsx`` file; replaced only once the new workbook is complete.
    lang : {"id", "en"}, optional
        Language of the workbook (default: the language set with :func:`targetplan.set_language`).
    money_unit : {"Rp", "Rp juta"}, optional
        Unit of every money cell (default from the size of the yearly ceilings).

    Returns
    -------
    Path
        The file written.
    """
    need_openpyxl()
    lang = checked(lang or get_language())
    ceilings = [c for plan in study.plans.values() for c in plan.budget.ceilings.values()]
    book = Workbook(lang, choose_money_unit(ceilings, money_unit))
    base = _study_base(study)
    summary = _flat(study.summary()).reindex(columns=list(_STUDY_SUMMARY))
    # columns that say nothing here (no reference plan, no failed scenario) are left out
    summary = summary[[c for c in summary.columns if c in ("scenario", "status") or _says_something(summary[c])]]
    book.add(Sheet("summary", summary))
    book.add(_scenario_budget(study, lang))
    book.add(_programme_changes(study, base))
    book.add(_budget_changes(study, base, lang))
    for name, plan in study.plans.items():
        if plan.is_ok:
            book.add(Sheet("scenario", _flat(plan.selection), name=name, totals=("cost", "value")))
    book.add(list_sheet("about", _study_about(study, base, book)))
    return book.write(path)
