"""Files in and out: plans as Excel workbooks, CSV tables and JSON; atomic writes.

Every file is written to a temporary file in the same folder and then moved into place
with :func:`os.replace` (:func:`atomic_path`), so an interrupted write never leaves a
half-written file where a good one was.

* :func:`write_excel` — one workbook for people: summary, selection, yearly targets,
  costs and levels, budget use per year, the efficiency and continuity tables when
  given, and an ``about`` sheet naming the inputs, the solver and the options. Money
  has a rupiah number format, shares a percent format; text that a spreadsheet could
  read as a formula is stored as text.
* :func:`write_csv` — one UTF-8 CSV file per table, for other programs.
* :func:`plan_to_json` / :func:`plan_from_json` — the whole plan, inputs included, in a
  deterministic JSON file that reloads into an equal :class:`~targetplan.Plan`.

The JSON format
---------------
An object with ``format`` (``"targetplan.plan"``), ``version`` (:data:`FORMAT_VERSION`),
``targetplan`` (the version that wrote it), ``inputs`` (``catalog``: ``source``,
``years`` and the normalised ``table``; ``budget``; ``policy``) and ``result``
(``status``, ``total_value``, ``objective_value``, ``mip_gap``, ``solver``, ``options``,
``message`` and the tables ``levels``, ``targets``, ``costs``, ``selection``). A table is
``{"index", "columns", "dtypes", "data"}`` with one list of values per column; in typed
columns ``null`` is the column's missing value and ``"Infinity"`` / ``"-Infinity"``
stand for infinite floats. Values of text-and-anything (object) columns, the options and
the scalar results are plain JSON, except ``{"tuple": [...]}``, ``{"dict": {...}}``,
``{"float": "nan" | "inf" | "-inf"}`` and ``{"na": true}``. Keys are sorted and floats
written with Python's shortest round-trip ``repr``, so the same plan always gives the
same bytes; solve timings are left out for that reason.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pydantic
from pydantic import BaseModel, ConfigDict, model_validator

from .exceptions import InputValidationError, PlanFileError, TargetplanError
from .money import Language, format_money, format_percent, get_language

if TYPE_CHECKING:
    from .plan import Plan
    from .reports import ContinuityReport, EfficiencyReport

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "PlanFileError",
    "atomic_path",
    "plan_from_dict",
    "plan_from_json",
    "plan_to_dict",
    "plan_to_json",
    "read_plan",
    "save_figure",
    "write_csv",
    "write_excel",
]

#: Value of the ``format`` field of a plan file.
FORMAT = "targetplan.plan"
#: Version of the plan file format written by this targetplan (it reads this and older).
FORMAT_VERSION = 1

_EXCEL_HINT = "pip install 'targetplan[excel]' (or save with plan.to_csv() / plan.to_json())"


# ====================================================================== atomic writes
@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    On an error inside the block the temporary file is removed and ``path`` is left as
    it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("ok")
    >>> target.read_text()
    'ok'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        # (or keep the mode of the file it replaces).
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def save_figure(figure: Any, path: str | Path, dpi: int = 120) -> Path:
    """Save a matplotlib figure atomically (format from the file suffix) and close it."""
    target = Path(path)
    with atomic_path(target) as tmp:
        figure.savefig(tmp, dpi=dpi, bbox_inches="tight", format=target.suffix.lstrip(".") or "png")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return target


# ====================================================================== shared
#: First characters that make a spreadsheet read a text cell as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_MONEY = {
    "cost",
    "ceiling",
    "reserve",
    "available",
    "allocated",
    "unallocated",
    "spend",
    "step",
    "amount",
    "carryover_spend",
    "new_spend",
    "cost_before",
    "cost_after",
    "planned_total",
    "realised",
}
_SHARE = {"level", "utilisation", "gain_pct", "share", "carryover_share", "cost_cut_to_enter", "delivered"}
_DECIMAL = {
    "priority",
    "value",
    "gain",
    "value_per_miliar",
    "value_gain",
    "marginal_per_miliar",
    "lp_dual_per_miliar",
    "value_change",
    "priority_rise_to_enter",
}
_WHOLE = {"year", "start_year", "end_year", "first_year", "last_year", "start", "end", "boundary", "programmes"}

MONEY_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
DECIMAL_FORMAT = "#,##0.00"
WHOLE_FORMAT = "0"


def _heading(column: Any, lang: Language) -> Any:
    """Heading of a column for people; year columns stay numbers."""
    if not isinstance(column, str):
        return column
    from .reports._labels import LABELS

    pair = LABELS.get(column)
    if pair is None:
        return column
    return pair[0] if lang == "id" else pair[1]


def _number_format(column: Any, sheet_kind: str = "") -> str | None:
    """Excel number format of a column (by its API name); ``sheet_kind`` covers id × year sheets."""
    if not isinstance(column, str):  # a year column of an id × year sheet
        return {"costs": MONEY_FORMAT, "levels": SHARE_FORMAT, "targets": DECIMAL_FORMAT}.get(sheet_kind)
    if column in _MONEY or re.fullmatch(r"(cost|realised)_\d{4}", column):
        return MONEY_FORMAT
    if column in _SHARE:
        return SHARE_FORMAT
    if column in _DECIMAL:
        return DECIMAL_FORMAT
    if column in _WHOLE:
        return WHOLE_FORMAT
    return None


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
    from .reports import ContinuityReport, EfficiencyReport

    expected = EfficiencyReport if which == "efficiency" else ContinuityReport
    if not isinstance(report, expected):
        raise TargetplanError(
            f"{which} must be an {expected.__name__}, True or None, not {type(report).__name__}; "
            f"pass plan.{which}() or True"
        )
    if report.plan is not plan:
        raise TargetplanError(
            f"the {which} report was made for another plan; pass plan.{which}() of this plan, or True"
        )
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
    "utilisation": ("Serapan", "Utilisation"),
    "mip_gap": ("Celah MIP terbukti", "MIP gap proven"),
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
    frame = plan.catalog._frame
    continuing = sel["status"] == "continuing"
    max_value = plan.max_value
    yearly = plan.yearly
    total_ceiling, total_allocated = float(yearly["ceiling"].sum()), float(yearly["allocated"].sum())
    rows += [
        (_say("total_value", lang), plan.total_value, DECIMAL_FORMAT),
        (_say("max_value", lang), max_value, DECIMAL_FORMAT),
        (_say("value_share", lang), plan.total_value / max_value if max_value else None, SHARE_FORMAT),
        (_say("programmes_in_plan", lang), int(sel["runs"].sum()), WHOLE_FORMAT),
        (_say("programmes", lang), len(frame), WHOLE_FORMAT),
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
    from . import __version__

    cat, budget, policy = plan.catalog, plan.budget, plan.policy
    frame = cat._frame
    yes, no = _say("yes", lang), _say("no", lang)
    rows: list[tuple[str, Any, str | None]] = [
        (_say("targetplan", lang), __version__, None),
        (_say("catalog_source", lang), cat.source, None),
        (_say("horizon", lang), f"{cat.years[0]}-{cat.years[-1]}", None),
        (_say("programmes", lang), len(cat), WHOLE_FORMAT),
        (_say("continuing", lang), int((frame["status"] == "continuing").sum()), WHOLE_FORMAT),
        (_say("mandatory", lang), int(frame["mandatory"].sum()), WHOLE_FORMAT),
        (_say("excluded", lang), int(frame["excluded"].sum()), WHOLE_FORMAT),
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
    frame = plan.catalog._frame.set_index("id")
    ids = plan.levels.index
    names = frame["name"].reindex(ids)
    sheets.append(_Sheet("selection", _flat(plan.selection)))
    targets = plan.targets.copy()
    targets.insert(0, "unit", frame["unit"].reindex(ids).to_numpy())
    targets.insert(0, "name", names.to_numpy())
    sheets.append(_Sheet("targets", _flat(targets), kind="targets"))
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
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise TargetplanError(f"writing Excel files needs the optional package openpyxl; {_EXCEL_HINT}") from None
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
    frame.columns = [_heading(c, lang) for c in frame.columns]
    return frame


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


# ====================================================================== CSV
def _escape_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text that a spreadsheet would run as a formula with ``'`` (index included)."""

    def esc(value: Any) -> Any:
        return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value

    out = frame.copy()
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            out.isetitem(j, col.map(esc))
    if out.index.dtype == object or isinstance(out.index.dtype, pd.StringDtype):
        out.index = out.index.map(esc)
    return out


def write_csv(plan: Plan, folder: str | Path, *, escape_formulas: bool = True) -> dict[str, Path]:
    """Write the plan's tables as UTF-8 CSV files in ``folder``, each atomically.

    Files: ``selection.csv``, ``levels.csv``, ``targets.csv``, ``costs.csv`` (id × year)
    and ``yearly.csv`` (budget use per year), with the API column names, comma separated
    with CRLF line ends (RFC 4180); rows are in order of programme id, so the same plan
    always gives the same bytes, whatever the row order of its catalogue.

    Parameters
    ----------
    plan : Plan
    folder : str or Path
        Created if needed; files of the same names are replaced.
    escape_formulas : bool, default True
        Prefix text cells that start with ``=``, ``+``, ``-``, ``@``, tab or carriage
        return with ``'`` so that a spreadsheet opening the file shows them as text
        instead of running them (CSV injection). Numbers are never changed.

    Returns
    -------
    dict of str to Path
        Table name → file written.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise TargetplanError(f"{target} is a file; CSV tables go into a folder: give a folder path")
    # Rows by programme id (not catalogue order): the same plan from a catalogue with its rows in
    # another order gives the same bytes.
    by_id = sorted(plan.catalog.ids)
    tables = {
        "selection": plan.selection.reindex(by_id) if plan.is_ok else plan.selection,
        "levels": plan.levels.reindex(by_id),
        "targets": plan.targets.reindex(by_id),
        "costs": plan.costs.reindex(by_id),
        "yearly": plan.yearly,
    }
    # Every table is rendered before any file is replaced, so a failure leaves the folder as it was.
    texts = {
        # CRLF as RFC 4180 says; it also makes the csv module quote text holding a lone "\r".
        name: (_escape_text(table) if escape_formulas else table).to_csv(lineterminator="\r\n")
        for name, table in tables.items()
    }
    written: dict[str, Path] = {}
    for name, text in texts.items():
        path = target / f"{name}.csv"
        with atomic_path(path) as tmp:
            tmp.write_bytes(text.encode("utf-8"))
        written[name] = path
    return written


# ====================================================================== JSON: values
class _Unsupported(TypeError):
    """A value that a plan file cannot hold."""


_STR_NAMES = ("str", "string", "string[python]", "string[pyarrow]", "string[pyarrow_numpy]")


def _enc(value: Any) -> Any:
    """Encode one value of an object column, an option or a scalar result (see the module docstring)."""
    if value is None:
        return None
    if value is pd.NA:
        return {"na": True}
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return {"float": "nan"}
        if math.isinf(v):
            return {"float": "inf" if v > 0 else "-inf"}
        return v
    if isinstance(value, str):
        return str.__str__(value)  # a StrEnum member as its plain value
    if isinstance(value, tuple):
        return {"tuple": [_enc(v) for v in value]}
    if isinstance(value, list):
        return [_enc(v) for v in value]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {"dict": {k: _enc(v) for k, v in value.items()}}
    raise _Unsupported(type(value).__name__)


_SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _dec(value: Any) -> Any:
    """Inverse of :func:`_enc`; raises ``ValueError`` on anything it did not write."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_dec(v) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        (tag, inner), *_ = value.items()
        if tag == "na" and inner is True:
            return pd.NA
        if tag == "float" and inner in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[inner]
        if tag == "tuple" and isinstance(inner, list):
            return tuple(_dec(v) for v in inner)
        if tag == "dict" and isinstance(inner, dict):
            return {k: _dec(v) for k, v in inner.items()}
    raise ValueError(f"unknown value {json.dumps(value)[:60]}")


def _kind(dtype: Any) -> str:
    """How a column of this dtype is written: float, int, bool, str, object or unsupported."""
    if isinstance(dtype, pd.StringDtype):
        return "str"
    if isinstance(dtype, pd.CategoricalDtype):
        return "unsupported"
    if isinstance(dtype, np.dtype) and dtype == np.dtype(object):
        return "object"
    kind = getattr(dtype, "kind", "")
    return {"b": "bool", "i": "int", "u": "int", "f": "float"}.get(kind, "unsupported")


def _dtype_from_name(name: str) -> Any:
    if name in _STR_NAMES:
        if name == "str" and int(pd.__version__.split(".")[0]) < 3:
            return np.dtype(object)  # pandas 2 keeps text in object columns
        return pd.api.types.pandas_dtype(name)
    dtype = pd.api.types.pandas_dtype(name)
    if _kind(dtype) == "unsupported":
        raise ValueError(f"unsupported column type {name!r}")
    return dtype


def _float_to_json(v: float) -> Any:
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return float(v)


def _values_to_json(values: pd.Series | pd.Index, where: str) -> tuple[str, list[Any]]:
    dtype = values.dtype
    kind = _kind(dtype)
    items = values.tolist()
    if kind == "float":
        out = [None if v is pd.NA else _float_to_json(float(v)) for v in items]
    elif kind == "int":
        out = [None if v is pd.NA else int(v) for v in items]
    elif kind == "bool":
        out = [None if v is pd.NA else bool(v) for v in items]
    elif kind == "str":
        out = [str.__str__(v) if isinstance(v, str) else None for v in items]
    elif kind == "object":
        try:
            out = [_enc(v) for v in items]
        except _Unsupported as exc:
            raise TargetplanError(
                f"{where} holds {exc} values, which a plan file cannot hold; "
                "convert the column to text or numbers before saving the plan"
            ) from None
    else:
        raise TargetplanError(
            f"{where} has the type {dtype}, which a plan file cannot hold; "
            "convert the column to text or numbers before saving the plan"
        )
    name = "str" if isinstance(dtype, pd.StringDtype) and dtype.na_value is not pd.NA else str(dtype)
    return name, out


def _values_from_json(dtype_name: str, values: list[Any]) -> Any:
    """Return an array of the given dtype; raise ``ValueError`` naming the first bad value."""
    dtype = _dtype_from_name(dtype_name)
    kind = _kind(dtype)
    masked = isinstance(dtype, pd.api.extensions.ExtensionDtype)
    missing: Any = pd.NA if masked and kind != "str" else None

    def bad(i: int, what: str) -> ValueError:
        return ValueError(f"value {i} ({json.dumps(values[i])[:40]}) is not {what}")

    out: list[Any] = []
    if kind == "object":
        arr = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            arr[i] = _dec(v)
        return arr
    for i, v in enumerate(values):
        if v is None:
            if kind in ("int", "bool") and not masked:
                raise bad(i, f"a {dtype_name} (missing values are not allowed here)")
            out.append(math.nan if kind == "float" and not masked else missing)
        elif kind == "float":
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                raise bad(i, "a number")
            if isinstance(v, str):
                if v not in ("Infinity", "-Infinity"):
                    raise bad(i, "a number")
                v = math.inf if v == "Infinity" else -math.inf
            out.append(float(v))
        elif kind == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                raise bad(i, "a whole number")
            out.append(v)
        elif kind == "bool":
            if not isinstance(v, bool):
                raise bad(i, "true or false")
            out.append(v)
        else:  # str
            if not isinstance(v, str):
                raise bad(i, "text")
            out.append(v)
    return pd.array(out, dtype=dtype)


# ====================================================================== JSON: tables
def _axis_to_json(axis: pd.Index, where: str) -> dict[str, Any]:
    if isinstance(axis, pd.MultiIndex):
        raise TargetplanError(f"{where} has several levels, which a plan file cannot hold")
    name = _enc(axis.name)
    if isinstance(axis, pd.RangeIndex):
        return {"name": name, "range": [axis.start, axis.stop, axis.step]}
    dtype, values = _values_to_json(axis, where)
    return {"name": name, "dtype": dtype, "values": values}


def _table_to_json(frame: pd.DataFrame, where: str) -> dict[str, Any]:
    dtypes, data = [], []
    for j in range(frame.shape[1]):
        dtype, values = _values_to_json(frame.iloc[:, j], f"{where}, column {frame.columns.tolist()[j]!r}")
        dtypes.append(dtype)
        data.append(values)
    return {
        "index": _axis_to_json(frame.index, f"{where} (index)"),
        "columns": _axis_to_json(frame.columns, f"{where} (column labels)"),
        "dtypes": dtypes,
        "data": data,
    }


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _AxisDoc(_Doc):
    name: Any = None
    dtype: str | None = None
    values: list[Any] | None = None
    range: list[int] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> _AxisDoc:
        if (self.values is None) == (self.range is None):
            raise ValueError("give either 'values' (with 'dtype') or 'range'")
        if self.values is not None and self.dtype is None:
            raise ValueError("'values' needs a 'dtype'")
        if self.range is not None and (len(self.range) != 3 or self.range[2] == 0):
            raise ValueError("a range is [start, stop, step] with a step other than 0")
        return self

    @property
    def size(self) -> int:
        return len(range(*self.range)) if self.range is not None else len(self.values or [])


class _TableDoc(_Doc):
    index: _AxisDoc
    columns: _AxisDoc
    dtypes: list[str]
    data: list[list[Any]]

    @model_validator(mode="after")
    def _shape(self) -> _TableDoc:
        n_cols, n_rows = self.columns.size, self.index.size
        if not len(self.dtypes) == len(self.data) == n_cols:
            raise ValueError(f"{n_cols} column labels, {len(self.dtypes)} dtypes and {len(self.data)} data columns")
        short = [j for j, col in enumerate(self.data) if len(col) != n_rows]
        if short:
            raise ValueError(f"data column {short[0]} has {len(self.data[short[0]])} values for {n_rows} rows")
        return self


class _CatalogDoc(_Doc):
    source: str
    years: list[int]
    table: _TableDoc


class _InputsDoc(_Doc):
    catalog: _CatalogDoc
    budget: dict[str, Any]
    policy: dict[str, Any]


class _ResultDoc(_Doc):
    status: str
    total_value: Any
    objective_value: Any
    mip_gap: Any
    solver: str
    options: dict[str, Any]
    message: str
    stability: dict[str, Any] | None = None
    levels: _TableDoc
    targets: _TableDoc
    costs: _TableDoc
    selection: _TableDoc


class _PlanDoc(_Doc):
    format: str
    version: int
    targetplan: str
    inputs: _InputsDoc
    result: _ResultDoc


def _axis_from_json(doc: _AxisDoc) -> pd.Index:
    name = _dec(doc.name)
    if doc.range is not None:
        return pd.RangeIndex(*doc.range, name=name)
    assert doc.dtype is not None and doc.values is not None  # checked by _AxisDoc
    values = _values_from_json(doc.dtype, doc.values)
    # An explicit dtype: pandas would turn an object array of strings into a str index.
    return pd.Index(values, dtype=_dtype_from_name(doc.dtype), name=name, tupleize_cols=False)


def _table_from_json(doc: _TableDoc, where: str, problems: list[dict[str, Any]]) -> pd.DataFrame | None:
    try:
        index = _axis_from_json(doc.index)
    except ValueError as exc:
        problems.append(_problem(f"{where}.index", f"bad index: {exc}"))
        return None
    try:
        columns = _axis_from_json(doc.columns)
    except ValueError as exc:
        problems.append(_problem(f"{where}.columns", f"bad column labels: {exc}"))
        return None
    data = {}
    for j, (dtype, values) in enumerate(zip(doc.dtypes, doc.data, strict=True)):
        try:
            data[j] = pd.Series(_values_from_json(dtype, values), index=index, dtype=_dtype_from_name(dtype))
        except ValueError as exc:
            problems.append(_problem(f"{where}.data[{j}]", f"column {columns.tolist()[j]!r}: {exc}"))
    if len(data) != len(doc.data):
        return None
    frame = pd.DataFrame(data, index=index) if data else pd.DataFrame(index=index)
    frame.columns = columns
    return frame


# ====================================================================== JSON: plans
def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the plan as plain JSON data (see the module docstring for the layout).

    Everything a :class:`~targetplan.Plan` holds except ``timings``, which differ from
    run to run.

    Examples
    --------
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_programs([tp.Program(id="A", name="fibre", priority=2, costs={2024: 5e9})])
    >>> plan = tp.optimize(cat, tp.Budget(ceilings={2024: 8e9}))
    >>> data = plan_to_dict(plan)
    >>> data["format"], data["result"]["status"], data["result"]["total_value"]
    ('targetplan.plan', 'optimal', 2.0)
    """
    from . import __version__

    cat = plan.catalog
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "targetplan": __version__,
        "inputs": {
            "catalog": {
                "source": cat.source,
                "years": [int(y) for y in cat.years],
                "table": _table_to_json(cat._frame, "the catalogue"),
            },
            "budget": plan.budget.model_dump(mode="json"),
            "policy": plan.policy.model_dump(mode="json"),
        },
        "result": {
            "status": plan.status.value,
            "total_value": _enc(plan.total_value),
            "objective_value": _enc(plan.objective_value),
            "mip_gap": _enc(plan.mip_gap),
            "solver": plan.solver,
            "options": _enc_options(plan.options),
            "message": plan.message,
            "stability": None if plan.stability is None else _enc_options(plan.stability),
            "levels": _table_to_json(plan.levels, "levels"),
            "targets": _table_to_json(plan.targets, "targets"),
            "costs": _table_to_json(plan.costs, "costs"),
            "selection": _table_to_json(plan.selection, "selection"),
        },
    }


def _enc_options(options: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in options.items():
        try:
            out[str(key)] = _enc(value)
        except _Unsupported as exc:
            raise TargetplanError(f"the option {key!r} holds a {exc}, which a plan file cannot hold") from None
    return out


def _dumps(data: dict[str, Any]) -> str:
    # Sorted keys and repr floats: the same plan gives the same bytes; allow_nan=False keeps it strict JSON.
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def plan_to_json(plan: Plan, path: str | Path) -> Path:
    """Write the plan, with its inputs, as a JSON file (UTF-8, atomically); see :func:`plan_to_dict`.

    The same plan always gives the same bytes (keys sorted, floats in shortest
    round-trip form, solve timings left out). :func:`plan_from_json` reads it back.

    Returns
    -------
    Path
        The file written.
    """
    text = _dumps(plan_to_dict(plan))
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return target


def _problem(where: str | None, problem: str, fix: str = "", value: Any = None) -> dict[str, Any]:
    return {
        "row": None,
        "id": None,
        "column": where,
        "value": value,
        "problem": problem,
        "fix": fix or "give a file written by Plan.to_json() (or targetplan plan --out plan.json), unedited",
    }


def _prefixed(exc: InputValidationError, prefix: str) -> list[dict[str, Any]]:
    rows = []
    for rec in exc.failure_cases.to_dict("records"):
        column = rec.get("column")
        rec["column"] = f"{prefix}.{column}" if column else prefix
        rows.append(rec)
    return rows


def _scalar(value: Any, where: str, problems: list[dict[str, Any]], optional: bool = False) -> float | None:
    try:
        v = _dec(value)
    except ValueError as exc:
        problems.append(_problem(where, str(exc)))
        return None
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        problems.append(_problem(where, "not a number", value=value))
        return None
    return float(v)


def plan_from_dict(data: Any, source: str = "plan") -> Plan:
    """Rebuild a plan from :func:`plan_to_dict` data, validating it first.

    Parameters
    ----------
    data : dict
        The decoded JSON.
    source : str
        Name used in error messages (the file name).

    Raises
    ------
    PlanFileError
        When the data is not a targetplan plan, is written by a newer format version,
        or has missing, extra or malformed parts (all listed at once).
    CatalogValidationError
        When the catalogue inside it is invalid.
    """
    from .budget import Budget
    from .catalog import CarryOver, Catalog, Mode
    from .plan import Plan
    from .policy import Policy
    from .solve import SolveStatus

    if not isinstance(data, dict):
        raise PlanFileError(
            [_problem(None, f"the file holds a JSON {type(data).__name__}, not a targetplan plan object")], source
        )
    if data.get("format") != FORMAT:
        found = "no 'format' field" if "format" not in data else f"format {data.get('format')!r}"
        raise PlanFileError(
            [_problem("format", f"not a targetplan plan file ({found}; a plan file has format {FORMAT!r})")], source
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PlanFileError(
            [_problem("version", "the format version is missing or not a whole number", value=version)], source
        )
    if version > FORMAT_VERSION:
        from . import __version__

        raise PlanFileError(
            [
                _problem(
                    "version",
                    f"the file has format version {version}, newer than this targetplan {__version__} reads "
                    f"(up to {FORMAT_VERSION}); it was written by targetplan {data.get('targetplan', '?')}",
                    "upgrade targetplan (pip install -U targetplan), or save the plan with this version",
                    version,
                )
            ],
            source,
        )
    try:
        doc = _PlanDoc.model_validate(data)
    except pydantic.ValidationError as exc:
        from ._model import failures_from_pydantic

        rows = failures_from_pydantic(exc)
        for row in rows:
            row["fix"] = _problem(None, "")["fix"]
        raise PlanFileError(rows, source) from None

    problems: list[dict[str, Any]] = []
    res = doc.result
    try:
        status = SolveStatus(res.status)
    except ValueError:
        known = ", ".join(s.value for s in SolveStatus)
        problems.append(_problem("result.status", f"unknown status (one of {known})", value=res.status))
    cat_frame = _table_from_json(doc.inputs.catalog.table, "inputs.catalog.table", problems)
    tables = {
        name: _table_from_json(getattr(res, name), f"result.{name}", problems)
        for name in ("levels", "targets", "costs", "selection")
    }
    total_value = _scalar(res.total_value, "result.total_value", problems)
    objective_value = _scalar(res.objective_value, "result.objective_value", problems)
    mip_gap = _scalar(res.mip_gap, "result.mip_gap", problems, optional=True)
    try:
        options = {k: _dec(v) for k, v in res.options.items()}
    except ValueError as exc:
        problems.append(_problem("result.options", str(exc)))
    stability = None if res.stability is None else {k: _dec(v) for k, v in res.stability.items()}
    try:
        budget = Budget(**doc.inputs.budget)
    except InputValidationError as exc:
        problems += _prefixed(exc, "inputs.budget")
    try:
        policy = Policy(**doc.inputs.policy)
    except InputValidationError as exc:
        problems += _prefixed(exc, "inputs.policy")
    if problems:
        raise PlanFileError(problems, source)
    assert cat_frame is not None  # no problems means every table was read

    years = tuple(doc.inputs.catalog.years)
    for column, enum in (("status", CarryOver), ("mode", Mode)):
        if column in cat_frame.columns:  # the catalogue holds these as enum members
            try:
                members = [enum(v) for v in cat_frame[column]]
            except ValueError as exc:
                raise PlanFileError([_problem(f"inputs.catalog.table ({column})", str(exc))], source) from None
            cat_frame[column] = pd.array(members, dtype=cat_frame[column].dtype)
    _revalidate_catalog(cat_frame, years, doc.inputs.catalog.source, source)
    catalog = Catalog(cat_frame, years, doc.inputs.catalog.source)

    ids, year_index = list(catalog.ids), list(years)
    missing_years = sorted(set(years) - set(budget.years))
    if missing_years:
        problems.append(_problem("inputs.budget.ceilings", f"no ceiling for the catalogue years {missing_years}"))
    try:
        policy.check_horizon(years)
    except InputValidationError as exc:
        problems += _prefixed(exc, "inputs.policy")
    for name in ("levels", "targets", "costs"):
        table = tables[name]
        assert table is not None
        if list(table.index) != ids or list(table.columns) != year_index:
            problems.append(
                _problem(f"result.{name}", "rows and columns are not the catalogue's programme ids and years")
            )
    selection = tables["selection"]
    assert selection is not None
    if status.has_plan and list(selection.index) != ids:
        problems.append(_problem("result.selection", "rows are not the catalogue's programme ids"))
    if problems:
        raise PlanFileError(problems, source)
    assert total_value is not None and objective_value is not None
    return Plan(
        catalog=catalog,
        budget=budget,
        policy=policy,
        status=status,
        total_value=total_value,
        objective_value=objective_value,
        mip_gap=mip_gap,
        solver=res.solver,
        levels=tables["levels"],
        targets=tables["targets"],
        costs=tables["costs"],
        selection=selection,
        timings={},
        options=options,
        message=res.message,
        stability=stability,
    )


def _revalidate_catalog(frame: pd.DataFrame, years: tuple[int, ...], name: str, source: str) -> None:
    """Run the catalogue validation on the stored table (raises CatalogValidationError)."""
    from .catalog import Catalog

    if not years:
        raise PlanFileError([_problem("inputs.catalog.years", "no planning years")], source)
    table = frame.copy()
    for column in ("requires", "alignment"):
        if column in table.columns:
            table[column] = table[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
    Catalog.from_frame(table, horizon=(years[0], years[-1]), source=f"{source} (catalogue {name})")


def plan_from_json(path: str | Path) -> Plan:
    """Read a plan written by :func:`plan_to_json` / :meth:`Plan.to_json`.

    The reloaded plan equals the saved one field by field (solve timings are not
    saved); ``plan.check()`` recomputes it from the saved inputs.

    Raises
    ------
    PlanFileError
        When the file is missing, not JSON, not a targetplan plan, written by a newer
        format version, or malformed; every problem is listed.

    Examples
    --------
    >>> import tempfile, pathlib, targetplan as tp
    >>> cat = tp.Catalog.from_programs([tp.Program(id="A", name="fibre", priority=2, costs={2024: 5e9})])
    >>> plan = tp.optimize(cat, tp.Budget(ceilings={2024: 8e9}))
    >>> path = plan.to_json(pathlib.Path(tempfile.mkdtemp()) / "plan.json")
    >>> again = tp.read_plan(path)
    >>> again.selected_ids, again.total_value == plan.total_value
    (['A'], True)
    """
    p = Path(path)
    source = p.name
    if not p.exists():
        raise PlanFileError(
            [_problem(None, "the plan file does not exist", "check the path and the working directory", str(p))],
            source,
        )
    if p.is_dir():
        raise PlanFileError([_problem(None, "the path is a folder, not a plan file", value=str(p))], source)
    try:
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise PlanFileError([_problem(None, "the file is not UTF-8 text, so not a plan file")], source) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            [_problem(None, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")], source
        ) from None
    return plan_from_dict(data, source)


def read_plan(path: str | Path) -> Plan:
    """Read a plan saved with :meth:`Plan.to_json` (same as :meth:`Plan.from_json`)."""
    return plan_from_json(path)
