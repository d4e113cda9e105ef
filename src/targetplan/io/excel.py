"""Workbooks for people: a plan (with its reports) or a study, as one ``.xlsx`` file.

:func:`write_excel` writes a plan's summary, selection, yearly targets, costs and levels,
budget use per year, the efficiency and continuity tables when given, and an ``about``
sheet naming the inputs, the solver and the options; :func:`write_study` writes the
scenarios of a study side by side. Money has a rupiah number format, shares a percent
format (from the column registry, :mod:`targetplan.text.columns`); text that a spreadsheet
could read as a formula is stored as text; every workbook is written atomically.

This module reads what it is given (a plan, its reports, a study) and imports nothing of
the layers that make them, so every result can offer ``to_excel()``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, ArgumentTypeError, TargetplanError
from ..text.columns import Kind, label
from ..text.columns import column as column_spec
from ..text.language import Language, get_language
from ..text.money import format_money, format_percent
from ..version import __version__
from .files import FORMULA_STARTS, atomic_path, escape_text

if TYPE_CHECKING:
    from ..planning.scenarios import Study
    from ..reports.continuity import ContinuityReport
    from ..reports.efficiency import EfficiencyReport
    from ..results.plan import Plan

__all__ = ["write_excel", "write_study"]

_EXCEL_HINT = "pip install 'targetplan[excel]' (or save with plan.to_csv() / plan.to_json())"


def _need_openpyxl() -> None:
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise TargetplanError(f"writing Excel files needs the optional package openpyxl; {_EXCEL_HINT}") from None


MONEY_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
DECIMAL_FORMAT = "#,##0.00"
WHOLE_FORMAT = "0"


#: Excel number format of each kind of column (see :mod:`targetplan.text.columns`).
FORMATS: dict[Kind, str] = {
    Kind.MONEY: MONEY_FORMAT,
    Kind.SHARE: SHARE_FORMAT,
    Kind.VALUE: DECIMAL_FORMAT,
    Kind.TARGET: DECIMAL_FORMAT,
    Kind.YEAR: WHOLE_FORMAT,
    Kind.COUNT: WHOLE_FORMAT,
}
#: Number format of the year columns of the id × year sheets, by sheet.
_YEAR_SHEETS = {"costs": MONEY_FORMAT, "levels": SHARE_FORMAT, "targets": DECIMAL_FORMAT}


def _heading(name: Any, lang: Language) -> Any:
    """Heading of a column for people; year columns stay numbers."""
    return label(name, lang) if isinstance(name, str) else name


def _number_format(name: Any, sheet_kind: str = "") -> str | None:
    """Excel number format of a column (by its API name); ``sheet_kind`` covers id × year sheets."""
    if not isinstance(name, str):  # a year column of an id × year sheet
        return _YEAR_SHEETS.get(sheet_kind)
    spec = column_spec(name)
    return None if spec is None else FORMATS.get(spec.kind)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the index into ordinary first column(s); an unnamed range index is dropped."""
    drop = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    out = frame.reset_index(drop=drop)
    out.columns = list(out.columns)
    return out


# ====================================================================== Excel
@dataclass
class _Sheet:
    name: str
    frame: pd.DataFrame  # flat: header row = column labels (API names), no index
    kind: str = ""
    cell_formats: list[str | None] = field(default_factory=list)  # per row, for key/value sheets
    row_decimals: list[int] = field(default_factory=list)  # per row, for the targets sheet: the programme's


def _as_cell_text(value: Any, column: str) -> Any:
    """Turn values Excel cannot hold (tuples, dicts) into readable text."""
    if isinstance(value, dict):
        money = column == "extra_ceiling"
        return "; ".join(f"{k}: {format_money(v) if money else v}" for k, v in value.items())
    if isinstance(value, tuple | list | set | frozenset):
        return "; ".join(str(v) for v in value)
    return value


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
}


def _say(key: str, lang: Language) -> str:
    pair = _SUMMARY_LABELS[key]
    return pair[0] if lang == "id" else pair[1]


def _key_value_sheet(name: str, rows: list[tuple[str, Any, str | None]]) -> _Sheet:
    frame = pd.DataFrame(
        {"item": [r[0] for r in rows], "value": pd.Series([r[1] for r in rows], dtype=object)},
    )
    return _Sheet(name, frame, kind="key_value", cell_formats=[r[2] for r in rows])


def _summary_rows(
    plan: Plan, eff: EfficiencyReport | None, cont: ContinuityReport | None, lang: Language
) -> list[tuple[str, Any, str | None]]:
    sel = plan.selection
    rows: list[tuple[str, Any, str | None]] = [(_say("status", lang), plan.status.value, None)]
    if not plan.is_ok:
        rows.append((_say("message", lang), plan.message, None))
        return rows
    n_programmes = len(plan.catalog)
    continuing = sel["status"] == "continuing"
    max_value = plan.max_value
    yearly = plan.yearly
    total_ceiling, total_allocated = float(yearly["ceiling"].sum()), float(yearly["allocated"].sum())
    rows += [
        (_say("total_value", lang), plan.total_value, DECIMAL_FORMAT),
        (_say("max_value", lang), max_value, DECIMAL_FORMAT),
        (_say("value_share", lang), plan.total_value / max_value if max_value else None, SHARE_FORMAT),
        (_say("programmes_in_plan", lang), int(sel["runs"].sum()), WHOLE_FORMAT),
        (_say("programmes", lang), n_programmes, WHOLE_FORMAT),
        (_say("continuing_in_plan", lang), int((sel["runs"] & continuing).sum()), WHOLE_FORMAT),
        (_say("continuing", lang), int(continuing.sum()), WHOLE_FORMAT),
        (_say("total_ceiling", lang), total_ceiling, MONEY_FORMAT),
        (_say("total_allocated", lang), total_allocated, MONEY_FORMAT),
        (_say("utilisation", lang), total_allocated / total_ceiling if total_ceiling else None, SHARE_FORMAT),
        (_say("mip_gap", lang), plan.mip_gap, "0.000%"),
    ]
    if eff is not None and "priority" in eff.baselines.index:
        rows.append((_say("gain_over_manual", lang), eff.gain_over_manual, SHARE_FORMAT))
    if cont is not None and cont.previous is not None:
        rows += [
            (_say("continuity_index", lang), _finite_or_none(cont.continuity_index), SHARE_FORMAT),
            (_say("money_index", lang), _finite_or_none(cont.money_index), SHARE_FORMAT),
            (_say("walked_away", lang), _finite_or_none(cont.walked_away), MONEY_FORMAT),
        ]
    return rows


def _finite_or_none(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _about_rows(
    plan: Plan, eff: EfficiencyReport | None, cont: ContinuityReport | None, lang: Language
) -> list[tuple[str, Any, str | None]]:
    cat, budget, policy = plan.catalog, plan.budget, plan.policy
    yes, no = _say("yes", lang), _say("no", lang)
    rows: list[tuple[str, Any, str | None]] = [
        (_say("targetplan", lang), __version__, None),
        (_say("catalog_source", lang), cat.source, None),
        (_say("horizon", lang), f"{cat.years[0]}-{cat.years[-1]}", None),
        (_say("programmes", lang), len(cat), WHOLE_FORMAT),
        (_say("continuing", lang), int((cat.values("status") == "continuing").sum()), WHOLE_FORMAT),
        (_say("mandatory", lang), int(cat.values("mandatory").astype(bool).sum()), WHOLE_FORMAT),
        (_say("excluded", lang), int(cat.values("excluded").astype(bool).sum()), WHOLE_FORMAT),
        (_say("total_ceiling", lang), float(sum(budget.ceilings.values())), MONEY_FORMAT),
        (_say("reserve", lang), budget.reserve, SHARE_FORMAT),
        (_say("limits", lang), len(budget.limits), WHOLE_FORMAT),
    ]
    for lim in budget.limits:
        parts = []
        for word, amount in (("cap", lim.cap), ("floor", lim.floor)):
            if amount is not None:
                shown = format_percent(amount, 1, lang) if lim.as_share else format_money(amount, lang)
                parts.append(f"{_say(word, lang)} {shown}")
        when = str(lim.year) if lim.year is not None else ("setiap tahun" if lang == "id" else "every year")
        rows.append((_say("limit", lang), f"{lim.group_by} = {lim.group}, {when}: {', '.join(parts)}", None))
    terms = "; ".join(f"{t.name} ({t.start}-{t.end})" for t in policy.terms) or _say("none", lang)
    rows += [
        (_say("terms", lang), terms, None),
        (_say("continuity_floor", lang), policy.continuity_floor, SHARE_FORMAT),
        (_say("carryover_bonus", lang), policy.carryover_bonus, SHARE_FORMAT),
        (_say("commitment_cap", lang), policy.commitment_cap, SHARE_FORMAT),
        (_say("max_level_change", lang), policy.max_level_change, SHARE_FORMAT),
        (_say("solver", lang), plan.solver, None),
        (_say("status", lang), plan.status.value, None),
        (_say("mip_gap", lang), plan.mip_gap, "0.000%"),
        (_say("objective_value", lang), _finite_or_none(plan.objective_value), DECIMAL_FORMAT),
    ]
    for key in sorted(plan.options):
        value = plan.options[key]
        if isinstance(value, bool):
            value = yes if value else no
        elif value is not None and not isinstance(value, int | float | str):
            value = str(value)
        rows.append((f"{_say('option', lang)}: {key}", value, None))
    rows += [
        (_say("message", lang), plan.message, None),
        (_say("efficiency_report", lang), yes if eff is not None else no, None),
        (_say("continuity_report", lang), yes if cont is not None else no, None),
    ]
    if cont is not None:
        rows.append((_say("previous", lang), yes if cont.previous is not None else no, None))
    return rows


def _plan_sheets(
    plan: Plan, eff: EfficiencyReport | None, cont: ContinuityReport | None, lang: Language
) -> list[_Sheet]:
    sheets = [_key_value_sheet("summary", _summary_rows(plan, eff, cont, lang))]
    ids = plan.levels.index
    names = plan.catalog.column("name").reindex(ids)
    sheets.append(_Sheet("selection", _flat(plan.selection)))
    targets = plan.targets.copy()
    targets.insert(0, "unit", plan.catalog.column("unit").reindex(ids).to_numpy())
    targets.insert(0, "name", names.to_numpy())
    decimals = plan.catalog.column("target_decimals").reindex(ids).astype(int).tolist()
    sheets.append(_Sheet("targets", _flat(targets), kind="targets", row_decimals=decimals))
    costs = plan.costs.copy()
    costs.insert(0, "name", names.to_numpy())
    sheets.append(_Sheet("costs", _flat(costs), kind="costs"))
    sheets.append(_Sheet("yearly", _flat(plan.yearly)))
    levels = plan.levels.copy()
    levels.insert(0, "name", names.to_numpy())
    sheets.append(_Sheet("levels", _flat(levels), kind="levels"))
    for prefix, report in (("efficiency", eff), ("continuity", cont)):
        if report is not None:
            for name, table in report.tables.items():
                sheets.append(_Sheet(f"{prefix}_{name}"[:31], _flat(table)))
    sheets.append(_key_value_sheet("about", _about_rows(plan, eff, cont, lang)))
    return sheets


def write_excel(
    plan: Plan,
    path: str | Path,
    efficiency: EfficiencyReport | bool | None = None,
    continuity: ContinuityReport | bool | None = None,
    *,
    lang: Language | None = None,
) -> Path:
    """Write a plan (and optionally its reports) as one Excel workbook, atomically.

    Sheets: ``summary``, ``selection``, ``targets``, ``costs``, ``yearly`` (budget use
    per year), ``levels``, then ``efficiency_<table>`` and ``continuity_<table>`` for
    each table of the reports given, and ``about`` (inputs, solver, status, gap,
    options, targetplan version). Sheet names and the numbers are the same in every
    language; headings are in ``lang``. Money has the format ``#,##0`` (rupiah), shares
    ``0.0%``; the header row and the first column are frozen. Text that starts like a
    formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is stored as text, never
    as a formula. Numbers are stored with 16 significant digits (Excel shows 15);
    :func:`plan_to_json` keeps every bit.

    Parameters
    ----------
    plan : Plan
    path : str or Path
        The ``.xlsx`` file; replaced only once the new workbook is complete.
    efficiency, continuity : report, True or None
        Reports of this plan to add (``True`` computes them with the defaults;
        the efficiency report re-solves for marginal values).
    lang : {"id", "en"}, optional
        Language of headings and of the summary / about sheets (default: the language
        set with :func:`targetplan.set_language`).

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
    _need_openpyxl()
    lang = lang or get_language()
    eff = _resolve_report(plan, efficiency, "efficiency")
    cont = _resolve_report(plan, continuity, "continuity")
    sheets = _plan_sheets(plan, eff, cont, lang)
    target = Path(path)
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        # No `with` on the writer: on an error it would still save a half-built workbook.
        writer = pd.ExcelWriter(handle, engine="openpyxl")
        for sheet in sheets:
            shown = _excel_frame(sheet, lang)
            shown.to_excel(writer, sheet_name=sheet.name, index=False)
            _format_sheet(writer.sheets[sheet.name], sheet, shown)
        writer.close()
    return target


def _excel_frame(sheet: _Sheet, lang: Language) -> pd.DataFrame:
    """Return the sheet's frame with headings for people and only values a cell can hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    def cell(value: Any, column: str) -> Any:
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)  # control characters openpyxl refuses
        return _as_cell_text(value, column)

    frame = sheet.frame.copy()
    for j, column in enumerate(frame.columns):
        col = frame.iloc[:, j]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            values = [cell(v, str(column)) for v in col]
            frame.isetitem(j, pd.Series(values, index=frame.index, dtype=object))
        elif col.dtype.kind == "f":
            frame.isetitem(j, _numbers_for_people(col, _number_format(column, sheet.kind), sheet.row_decimals))
    frame.columns = [_heading(c, lang) for c in frame.columns]
    return frame


def _numbers_for_people(values: pd.Series, number_format: str | None, row_decimals: list[int]) -> pd.Series:
    """Round what a person copies from a sheet: money to whole rupiah, targets to their programme's decimals.

    Solver round-off (a level of 1e-12, a cost of -0.000001) becomes a plain 0.
    """
    out = values.to_numpy(dtype=float, copy=True)
    if row_decimals and number_format == DECIMAL_FORMAT:  # a targets sheet: each programme its own decimals
        out = np.array([round(v, d) if np.isfinite(v) else v for v, d in zip(out, row_decimals, strict=True)])
    elif number_format == MONEY_FORMAT:
        out = np.round(out)
    out = np.where(np.abs(out) < 1e-9, 0.0, out)  # no -0 and no 1e-12
    return pd.Series(out, index=values.index, dtype=float)


def _display_width(value: Any, number_format: str | None) -> int:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return 0
    if isinstance(value, bool | np.bool_):
        return 5
    if isinstance(value, int | float | np.integer | np.floating):
        if number_format == SHARE_FORMAT:
            return 7
        if number_format in (MONEY_FORMAT, DECIMAL_FORMAT):
            return len(f"{float(value):,.2f}")
        return len(str(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def _format_sheet(ws: Any, sheet: _Sheet, shown: pd.DataFrame) -> None:
    """Set number formats, text safety, column widths and the frozen header of a written sheet."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    n_rows = len(shown)
    header_fill = PatternFill("solid", start_color="DDEBF7")
    header_border = Border(bottom=Side(style="thin"))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = header_fill
        c.border = header_border
        c.alignment = Alignment(vertical="top", wrap_text=True)
    for j, column in enumerate(sheet.frame.columns):
        if sheet.kind == "key_value" and j == 1:
            formats = sheet.cell_formats
        elif sheet.row_decimals and _number_format(column, sheet.kind) == DECIMAL_FORMAT:
            formats = ["#,##0" if d == 0 else "#,##0." + "0" * d for d in sheet.row_decimals]
        else:
            formats = [_number_format(column, sheet.kind)] * n_rows
        values = shown.iloc[:, j].tolist()
        for i, fmt in enumerate(formats):
            if fmt is not None and isinstance(values[i], int | float | np.integer | np.floating):
                ws.cell(row=i + 2, column=j + 1).number_format = fmt
        widths = [len(str(shown.columns[j]))] + [_display_width(v, f) for v, f in zip(values, formats, strict=True)]
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(widths) + 2, 60)
    # Text that looks like a formula stays text: openpyxl turns a str starting with "=" into a
    # formula, so undo that, and mark every such cell with Excel's quote prefix (the "'" of the UI).
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                c.data_type = "s"
            if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS):
                c.quotePrefix = True
    ws.freeze_panes = "B2" if shown.shape[1] > 1 else "A2"
    if sheet.kind != "key_value" and n_rows and shown.shape[1]:
        ws.auto_filter.ref = ws.dimensions


def write_study(study: Study, path: str | Path) -> Path:
    """Write a study's summary and each scenario's selection to one workbook, atomically.

    Text that a spreadsheet would run as a formula is written as text.
    """
    _need_openpyxl()
    target = Path(path)
    used: set[str] = set()

    def sheet(name: str) -> str:
        base = "".join(c if c not in "[]:*?/\\" else "_" for c in name)[:28] or "sheet"
        label, k = base, 1
        while label.lower() in used:
            k += 1
            label = f"{base[:25]}_{k}"
        used.add(label.lower())
        return label

    with atomic_path(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            summary = escape_text(study.summary().reset_index())
            summary.to_excel(writer, sheet_name=sheet("summary"), index=False)
            writer.sheets["summary"].freeze_panes = "B2"
            for name, plan in study.plans.items():
                if not plan.is_ok:
                    continue
                label = sheet(name)
                escape_text(plan.selection.reset_index()).to_excel(writer, sheet_name=label, index=False)
                writer.sheets[label].freeze_panes = "B2"
    return target
