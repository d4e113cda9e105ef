"""One HTML report for people: the plan, its reports, a study, in one self-contained file.

What the analyst hands to the head of Bappeda, the Sekda or the DPRD budget committee:
a single ``.html`` file that opens in any browser without a network (styles inline,
charts as inline SVG, no scripts, fonts or images from outside), in Indonesian by
default or English, and prints to A4. :func:`write_report` writes it;
:meth:`Plan.report <targetplan.Plan.report>` and :meth:`Study.report
<targetplan.Study.report>` call it.

The page is a jinja2 template (``reports/templates/``, autoescaped: every name and
sentence from the inputs is shown as text, never as markup). The sections are made here
from the public attributes of the plan and its reports; numbers go through the
project's formatters (``Rp 38,15 M``, ``71,0%``) and the column registry.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ..exceptions import ArgumentError, ArgumentTypeError
from ..io.files import atomic_path
from ..planning.cycle import Replan
from ..planning.rules import price_words
from ..planning.scenarios import Frontier, Study
from ..plotting import figure_svg
from ..results.changes import plan_changes
from ..results.plan import Plan
from ..text.columns import Kind, column, label
from ..text.language import Language, checked, get_language, pick
from ..text.money import format_money, format_number, format_percent
from ..text.show import is_missing, show_cell
from ..text.words import VALUES, baseline_description, baseline_name, value_word
from ..version import __version__
from .continuity import ContinuityReport
from .efficiency import EfficiencyReport
from .html_words import CHANGE_KIND, MONTHS_ID, SOLVER_NAMES, WORDS, say
from .progress import ProgressReport

if TYPE_CHECKING:
    from jinja2 import Environment
    from matplotlib.axes import Axes

__all__ = ["render_report", "write_report"]

_NUMERIC = {Kind.MONEY, Kind.SHARE, Kind.VALUE, Kind.COUNT, Kind.YEAR, Kind.TARGET}
_w = say


# ------------------------------------------------------------------------------------ page parts
@dataclass
class Cell:
    """One cell: its text and whether it is a number (right-aligned)."""

    text: str
    num: bool = False
    keep: bool = False


@dataclass
class Block:
    """One part of a section: a table, a chart, paragraphs or a list of sentences."""

    kind: Literal["table", "figure", "text", "list", "terms"]
    title: str = ""
    headers: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None
    svg: str = ""
    lines: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    wide: bool = False
    groups: dict[int, str] = field(default_factory=dict)


@dataclass
class Section:
    """A titled part of the report."""

    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Card:
    """A key figure at the top of the report."""

    label: str
    value: str
    note: str = ""


def _text(value: Any) -> str:
    return "-" if is_missing(value) else str(value)


def _table(
    frame: pd.DataFrame,
    lang: Language,
    *,
    title: str = "",
    index: bool = True,
    headers: Mapping[str, str] | None = None,
    numeric: Iterable[str] = (),
    keep: Iterable[str] = (),
    total: Mapping[str, Any] | None = None,
    wide: bool = False,
    decimals: Mapping[Any, int] | None = None,
) -> Block:
    """Make a table block: every cell formatted for people through the column registry.

    ``headers`` overrides headings (a column not in the registry keeps its name
    otherwise); ``numeric`` names more right-aligned columns; ``total`` gives the total
    row's values by column (the first column says "Total").
    """
    headers = dict(headers or {})
    data = frame.reset_index() if index else frame
    names = [str(c) for c in data.columns]
    extra_num = set(numeric)

    def is_num(name: str) -> bool:
        spec = column(name)
        return name in extra_num or (spec is not None and spec.kind in _NUMERIC)

    nowrap = {"id", *keep}
    head = [Cell(headers.get(n, label(n, lang)), is_num(n), n in nowrap) for n in names]
    places = [decimals.get(k) for k in frame.index] if decimals else [None] * len(frame)
    rows = []
    for (_, row), dec in zip(data.iterrows(), places, strict=True):
        rows.append(
            [
                Cell(_text(show_cell(n, row[c], lang, dec)), is_num(n), n in nowrap)
                for n, c in zip(names, data.columns, strict=True)
            ]
        )
    total_row = None
    if total is not None:
        total_row = [Cell(_text(show_cell(n, total[n], lang)) if n in total else "", is_num(n)) for n in names]
        total_row[0] = Cell(_w("total", lang))
    return Block("table", title=title, headers=head, rows=rows, total=total_row, wide=wide)


def _chart(draw: Callable[[], Axes], prefix: str, title: str = "") -> Block:
    """Make a chart block: the figure of the Axes ``draw`` returns, as inline SVG."""
    ax = draw()
    return Block("figure", title=title, svg=figure_svg(ax.figure, prefix))


def _gap_text(gap: float | None, lang: Language) -> str:
    """Write the proven gap as people read it: ``0,01%`` with enough decimals to show it."""
    if gap is None or not math.isfinite(gap) or gap < 5e-6:
        return ""
    decimals = 1 if gap >= 0.01 else 2 if gap >= 0.001 else 3
    return format_percent(gap, decimals, lang)


def _date(day: dt.date, lang: Language) -> str:
    if lang == "id":
        return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
    return day.strftime("%d %B %Y").lstrip("0")


def _span(years: Iterable[int]) -> str:
    years = list(years)
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _ids_text(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "-"


# ------------------------------------------------------------------------------------ the plan
@dataclass
class _Parts:
    """What the report is made of (each optional but the plan or the study)."""

    plan: Plan | None = None
    efficiency: EfficiencyReport | None = None
    rules: bool = False
    why_not: pd.DataFrame | None = None
    continuity: ContinuityReport | None = None
    progress: ProgressReport | None = None
    changes: pd.DataFrame | None = None
    replan: Replan | None = None
    study: Study | None = None
    base: str | None = None
    frontier: Frontier | None = None
    charts: int = 0

    def prefix(self) -> str:
        """Return the next chart's id prefix (``chart1``, ``chart2`` …)."""
        self.charts += 1
        return f"chart{self.charts}"


def _cards(plan: Plan, lang: Language) -> list[Card]:
    sel = plan.selection
    yearly = plan.yearly
    ceiling, allocated = float(yearly["ceiling"].sum()), float(yearly["allocated"].sum())
    gap = _gap_text(plan.mip_gap, lang)
    return [
        Card(_w("card_programmes", lang), _w("n_of_m", lang, n=int(sel["runs"].sum()), m=len(sel))),
        Card(
            _w("card_allocated", lang),
            format_percent(allocated / ceiling if ceiling else math.nan, 1, lang),
            f"{format_money(allocated, lang)} / {format_money(ceiling, lang)}",
        ),
        Card(
            _w("card_value", lang),
            format_number(plan.total_value, 1, lang),
            format_percent(plan.total_value / plan.max_value if plan.max_value else math.nan, 1, lang)
            + " "
            + _w("of_most", lang),
        ),
        Card(_w("card_guarantee", lang), _w("at_most", lang, gap=gap) if gap else _w("best_proven", lang)),
    ]


def _summary_lines(parts: _Parts, lang: Language) -> list[str]:
    plan = parts.plan
    lines: list[str] = []
    if plan is not None:
        if not plan.is_ok:
            return [_w("failed", lang, message=plan.message)]
        gap = _gap_text(plan.mip_gap, lang)
        lines.append(_w("guarantee", lang, gap=gap) if gap else _w("best", lang))
        if plan.status.value == "feasible":
            lines[-1] += " " + _w("time_limit", lang)
        sel = plan.selection
        runs = sel["runs"].astype(bool)
        cont = sel["status"] == "continuing"
        lines.append(
            _w(
                "s_count",
                lang,
                n=int(runs.sum()),
                m=len(sel),
                cont=int((runs & cont).sum()),
                new=int((runs & ~cont).sum()),
                out=int((~runs).sum()),
            )
        )
        lines.append(
            _w(
                "s_value",
                lang,
                value=format_number(plan.total_value, 1, lang),
                most=format_number(plan.max_value, 1, lang),
                share=format_percent(plan.total_value / plan.max_value if plan.max_value else math.nan, 1, lang),
            )
        )
        yearly = plan.yearly
        util = yearly["utilisation"]
        ceiling, allocated = float(yearly["ceiling"].sum()), float(yearly["allocated"].sum())
        lines.append(
            _w(
                "s_money",
                lang,
                span=_span(plan.years),
                allocated=format_money(allocated, lang),
                ceiling=format_money(ceiling, lang),
                share=format_percent(allocated / ceiling if ceiling else math.nan, 1, lang),
                low=format_percent(float(util.min()), 1, lang),
                low_year=int(util.idxmin()),
                high=format_percent(float(util.max()), 1, lang),
                high_year=int(util.idxmax()),
            )
            + " "
            + _w("s_alokasi", lang)
        )
    eff = parts.efficiency
    if eff is not None and "priority" in eff.baselines.index:
        row = eff.baselines.loc["priority"]
        text = _w(
            "s_manual",
            lang,
            gain=format_percent(float(row["gain_pct"]), 1, lang),
            value=format_number(eff.plan.total_value, 1, lang),
            manual=format_number(float(row["value"]), 1, lang),
        )
        broken = str(row["rules_broken"] or "").strip()
        if broken:
            text += _w("s_manual_broken", lang)
        lines.append(text)
    if eff is not None and parts.rules:
        costly = eff.costly_rules(1)
        if len(costly):
            key = str(costly.index[0])
            words = eff.rule_descriptions(lang)
            price = price_words(float(costly["price"].iloc[0]), float(costly["price_share"].iloc[0]), lang)
            lines.append(_w("s_costliest", lang, rule=words[key], price=price))
        unspent = eff.unspent
        if unspent is not None and len(unspent):
            years = [
                f"{year} {format_money(row['unallocated'], lang)} ({format_percent(row['unallocated_share'], 0, lang)})"
                for year, row in unspent.iterrows()
            ]
            lines.append(_w("s_unspent", lang, years=", ".join(years)))
    cont = parts.continuity
    if cont is not None:
        if not math.isnan(cont.continuity_index):
            lines.append(_w("s_continuity", lang, index=format_percent(cont.continuity_index, 1, lang)))
            if cont.walked_away > 0.5:
                lines.append(_w("s_walked", lang, money=format_money(cont.walked_away, lang)))
        for frm, row in cont.commitments.iterrows():
            if float(row["amount"]) > 0.5:
                lines.append(
                    _w(
                        "s_commitment",
                        lang,
                        frm=frm,
                        to=row["to_term"],
                        money=format_money(row["amount"], lang),
                        share=format_percent(row["share"], 1, lang),
                    )
                )
    prog = parts.progress
    if prog is not None:
        lines.append(
            _w(
                "s_progress",
                lang,
                year=prog.as_of,
                achievement=format_percent(prog.overall_achievement, 1, lang),
                spend=format_percent(prog.spend_rate, 1, lang),
                behind=len(prog.behind),
            )
        )
    if parts.changes is not None:
        lines.append(_changes_sentence(parts.changes, lang))
    if parts.study is not None:
        lines += _study_lines(parts.study, lang)
    if parts.frontier is not None:
        lines.append(_knee_sentence(parts.frontier, lang))
    return lines


def _changes_sentence(changes: pd.DataFrame, lang: Language) -> str:
    if not len(changes):
        return _w("s_no_changes", lang)
    counts = changes["change"].value_counts()
    parts = [f"{int(counts[k])} {value_word('change', k, lang)}" for k in VALUES["change"] if counts.get(k, 0)]
    return _w("s_changes", lang, n=len(changes), parts=", ".join(parts))


def _budget_section(plan: Plan, parts: _Parts, lang: Language) -> Section:
    yearly = plan.yearly.copy()
    keep = ["ceiling", "allocated", "unallocated", "utilisation"]
    if plan.budget.reserve:
        keep = ["ceiling", "reserve", "available", "allocated", "unallocated", "utilisation"]
    yearly = yearly[keep]
    # a few rupiah left under a ceiling are below what the other cells show (Rp 38,15 M): nothing left
    yearly["unallocated"] = yearly["unallocated"].where(yearly["unallocated"].abs() >= 1e3, 0.0)
    sums = {c: float(yearly[c].sum()) for c in keep if c != "utilisation"}
    sums["utilisation"] = sums["allocated"] / sums["ceiling"] if sums["ceiling"] else math.nan
    section = Section("anggaran", _w("sec_budget", lang))
    section.blocks.append(Block("text", lines=[_w("budget_intro", lang)]))
    section.blocks.append(_table(yearly, lang, total=sums))
    section.blocks.append(_chart(lambda: plan.plot_budget(lang=lang), parts.prefix()))
    eff = parts.efficiency
    if eff is not None and eff.by_source is not None:
        section.blocks.append(_sources_table(eff.by_source, list(plan.years), lang))
        section.blocks.append(_chart(lambda: eff.plot_sources(lang=lang), parts.prefix()))
    return section


def _short_money(value: float, lang: Language) -> str:
    """Write an amount without the currency (the table says it is rupiah): ``1,31 M``; empty for nothing."""
    if is_missing(value) or abs(float(value)) < 0.5:
        return ""
    return format_money(float(value), lang).replace("Rp ", "").replace("IDR ", "")


def _sources_table(by_source: pd.DataFrame, years: list[int], lang: Language) -> Block:
    """Spending per funding source (rows) and year (columns), with the source's ceiling where it has one."""
    head = [Cell(label("source", lang))] + [Cell(str(y), True) for y in years] + [Cell(_w("total", lang), True)]
    rows = []
    for source in dict.fromkeys(by_source.index.get_level_values("source")):
        part = by_source.loc[source].reindex(years)
        name = _w("no_source", lang) if source == "(unspecified)" else str(source)
        cells = [Cell(name)]
        for year in years:
            spend, cap = float(part.at[year, "spend"]), part.at[year, "ceiling"]
            text = format_money(spend, lang)
            if not is_missing(cap):
                text += f" / {format_money(float(cap), lang)}"
            cells.append(Cell(text, True))
        cells.append(Cell(format_money(float(part["spend"].sum()), lang), True))
        rows.append(cells)
    return Block("table", title=_w("by_source", lang), headers=head, rows=rows, lines=[_w("by_source_note", lang)])


def _selection_section(plan: Plan, parts: _Parts, lang: Language) -> Section:
    sel = plan.selection[plan.selection["runs"].astype(bool)]
    sel = sel.assign(_d=sel["dimension"].astype(str)).sort_values(["_d", "start_year"], kind="stable")
    years = list(plan.years)
    costs = plan.costs.loc[sel.index, years]
    table = pd.DataFrame(index=sel.index)
    table["name"] = sel["name"]
    table["agency"] = sel["agency"]
    table["status"] = sel["status"]
    table["years"] = [f"{s}–{e}" if s != e else f"{s}" for s, e in zip(sel["start_year"], sel["end_year"], strict=True)]
    if bool((sel["level"] < 1 - 1e-9).any()):
        table["level"] = sel["level"]
    headers = {"years": _w("years", lang), "level": _w("level", lang)}
    block = _table(table, lang, headers=headers, keep=["years"], wide=True)
    for row, pid in zip(block.rows, sel.index, strict=True):
        row += [Cell(_short_money(costs.at[pid, y], lang), True) for y in years]
        row.append(Cell(_short_money(sel.at[pid, "cost"], lang), True))
    block.headers += [Cell(str(y), True) for y in years] + [Cell(_w("total", lang), True)]
    block.total = [Cell(_w("total", lang))] + [Cell("") for _ in table.columns]
    block.total += [Cell(_short_money(float(costs[y].sum()), lang), True) for y in years]
    block.total.append(Cell(_short_money(float(sel["cost"].sum()), lang), True))
    dims = sel["_d"].tolist()
    block.groups = {k: (d or "-") for k, d in enumerate(dims) if k == 0 or dims[k - 1] != d}
    section = Section("program", _w("sec_selection", lang))
    section.blocks.append(Block("text", lines=[_w("selection_intro", lang), _w("money_units", lang)]))
    section.blocks.append(block)
    for key, by in (("by_dimension", "dimension"), ("by_agency", "agency")):
        groups = plan.by(by)[["candidates", "programmes", "cost", "value"]]
        sums = {c: float(groups[c].sum()) for c in ("candidates", "programmes", "cost", "value")}
        section.blocks.append(_table(groups, lang, title=_w(key, lang), total=sums))
    section.blocks.append(_chart(lambda: plan.plot_timeline(lang=lang), parts.prefix()))
    return section


def _left_out_section(plan: Plan, parts: _Parts, lang: Language) -> Section:
    sel = plan.selection
    out = sel[~sel["runs"].astype(bool)]
    section = Section("tidak-masuk", _w("sec_left_out", lang))
    if not len(out):
        section.blocks.append(Block("text", lines=[_w("none_left", lang)]))
        return section
    full = pd.Series(plan.catalog.cost_matrix().sum(axis=1), index=list(plan.catalog.ids))
    table = pd.DataFrame(index=out.index)
    table["name"] = out["name"]
    table["agency"] = out["agency"]
    table["dimension"] = out["dimension"]
    table["status"] = out["status"]
    table["priority"] = out["priority"]
    table["cost"] = full.reindex(out.index)
    headers = {"cost": _w("full_cost", lang), "reason": _w("reason", lang)}
    explained = parts.why_not
    lines = [_w("left_intro", lang)]
    if explained is not None:
        sentences = explained["sentence"].reindex(out.index)
        excluded = out["excluded"].astype(bool)
        table["reason"] = [
            (s if isinstance(s, str) and s else (_w("excluded_word", lang) if x else "-"))
            for s, x in zip(sentences, excluded, strict=True)
        ]
    else:
        if out["excluded"].astype(bool).any():
            table["reason"] = [_w("excluded_word", lang) if x else "-" for x in out["excluded"].astype(bool)]
        lines.append(_w("no_reasons", lang))
    section.blocks.append(Block("text", lines=lines))
    section.blocks.append(_table(table, lang, headers=headers, wide=True))
    return section


def _rules_section(parts: _Parts, lang: Language) -> Section | None:
    eff = parts.efficiency
    if eff is None:
        return None
    section = Section("aturan", _w("sec_rules", lang))
    if parts.rules and eff.rules is not None:
        rules = eff.rules
        words = eff.rule_descriptions(lang)
        binding = rules[rules["binds"]].sort_values("price", ascending=False, kind="stable")
        section.blocks.append(Block("text", lines=[_w("rules_intro", lang)]))
        if len(binding):
            table = pd.DataFrame(
                {
                    "rule": [words[k] for k in binding.index],
                    "rule_kind": binding["rule_kind"],
                    "price": binding["price"],
                    "price_share": binding["price_share"],
                    "extra_spend": binding["extra_spend"],
                    "enter_without": binding["enter_without"],
                },
                index=binding.index,
            )
            section.blocks.append(_table(table, lang, index=False))
            section.blocks.append(_chart(lambda: eff.plot_rules(lang=lang), parts.prefix()))
        else:
            section.blocks.append(Block("text", lines=[_w("no_rule_binds", lang)]))
        unspent = eff.unspent
        if unspent is not None and len(unspent):
            section.blocks.append(Block("list", title=_w("unspent_title", lang), lines=list(unspent["sentence"])))
    if len(eff.baselines):
        base = eff.baselines
        table = pd.DataFrame(
            {
                "baseline": [baseline_name(str(k), lang) for k in base.index],
                "description": [
                    baseline_description(str(k), str(d), lang)
                    for k, d in zip(base.index, base["description"], strict=True)
                ],
                "value": base["value"],
                "gain": base["gain"],
                "gain_pct": base["gain_pct"],
                # the ranking's own message is English: in Indonesian only whether it breaks a rule
                "rules_broken": [
                    (str(r).strip() if lang == "en" else _w("yes", lang)) if str(r or "").strip() else "-"
                    for r in base["rules_broken"]
                ],
            }
        )
        section.blocks.append(_table(table, lang, title=_w("baselines_title", lang), index=False))
        section.blocks.append(_chart(lambda: eff.plot_baselines(lang=lang), parts.prefix()))
    if eff.marginal is not None:
        marginal = eff.marginal[["ceiling", "step", "value_gain", "marginal_per_miliar"]]
        section.blocks.append(_table(marginal, lang, title=_w("marginal_title", lang)))
        section.blocks.append(_chart(lambda: eff.plot_marginal(lang=lang), parts.prefix()))
    return section if section.blocks else None


def _continuity_section(cont: ContinuityReport, parts: _Parts, lang: Language) -> Section:
    section = Section("keberlanjutan", _w("sec_continuity", lang))
    counts = cont.programmes["decision"].value_counts()
    order = [*VALUES["decision"], *sorted(set(counts.index) - set(VALUES["decision"]))]
    decisions = ", ".join(f"{int(counts[k])} {value_word('decision', k, lang)}" for k in order if counts.get(k, 0))
    lines = [_w("continuity_decisions", lang, decisions=decisions)]
    if not math.isnan(cont.continuity_index):
        lines.append(_w("s_continuity", lang, index=format_percent(cont.continuity_index, 1, lang)))
        if cont.walked_away > 0.5:
            lines.append(_w("s_walked", lang, money=format_money(cont.walked_away, lang)))
    section.blocks.append(Block("text", lines=lines))
    section.blocks.append(_chart(lambda: cont.plot(lang=lang), parts.prefix()))
    terms = cont.terms[["start", "end", "ceiling", "carryover_spend", "new_spend", "carryover_share"]]
    section.blocks.append(_table(terms, lang, title=_w("continuity_terms", lang)))
    if len(cont.commitments):
        section.blocks.append(_table(cont.commitments, lang, title=_w("continuity_commitments", lang)))
    if cont.previous_summary is not None:
        summary = cont.previous_summary[["programmes", "realised"]]
        section.blocks.append(_table(summary, lang, title=_w("continuity_previous", lang)))
    if cont.previous is not None:
        dropped = cont.previous[cont.previous["category"] == "dropped"]
        if len(dropped):
            keep = [c for c in ("name", "agency", "planned_total", "realised") if c in dropped.columns]
            section.blocks.append(_table(dropped[keep], lang, title=_w("continuity_dropped", lang)))
    return section


def _progress_section(prog: ProgressReport, parts: _Parts, lang: Language) -> Section:
    section = Section("kemajuan", _w("sec_progress", lang))
    section.blocks.append(
        Block(
            "text",
            lines=[
                _w(
                    "s_progress",
                    lang,
                    year=prog.as_of,
                    achievement=format_percent(prog.overall_achievement, 1, lang),
                    spend=format_percent(prog.spend_rate, 1, lang),
                    behind=len(prog.behind),
                )
            ],
        )
    )
    section.blocks.append(_chart(lambda: prog.plot(lang=lang), parts.prefix()))
    dims = prog.dimensions[["planned_cost", "spent", "spend_rate", "achievement", "behind"]]
    section.blocks.append(_table(dims, lang, title=_w("progress_dimensions", lang)))
    table = prog.programmes[prog.programmes["status"] != "not_planned"]
    rank = {k: i for i, k in enumerate(("behind", "not_started", "unplanned", "on", "ahead"))}
    table = table.iloc[sorted(range(len(table)), key=lambda i: rank.get(str(table["status"].iloc[i]), 9))]
    shown = table[["name", "dimension", "planned_cost", "spent", "spend_rate", "achievement"]].copy()
    shown["schedule"] = [value_word("status", str(s), lang) for s in table["status"]]
    headers = {"schedule": _w("schedule", lang)}
    section.blocks.append(_table(shown, lang, title=_w("progress_programmes", lang), headers=headers, wide=True))
    return section


def _changes_section(parts: _Parts, lang: Language) -> Section:
    changes = parts.changes
    assert changes is not None
    section = Section("perubahan", _w("sec_changes", lang))
    lines = [_changes_sentence(changes, lang)]
    if parts.replan is not None:
        lines += [s for s in parts.replan.change_sentences(lang) if s.strip()][1:]
        lines += list(parts.replan.notes)
    section.blocks.append(Block("text", lines=lines))
    if len(changes):
        names = parts.plan.selection["name"] if parts.plan is not None else pd.Series(dtype=object)
        table = changes.copy()
        table.insert(0, "name", [names.get(p, "") for p in table.index])
        keep = ["name", "change", "start_before", "start_after", "cost_before", "cost_after", "cost_change"]
        section.blocks.append(_table(table[keep], lang, title=_w("changes_table", lang), wide=True))
    if parts.replan is not None and len(parts.replan.outside_plan):
        outside = parts.replan.outside_plan.reset_index()
        section.blocks.append(_table(outside, lang, title=_w("outside_plan", lang), index=False))
    return section


# ------------------------------------------------------------------------------------ the study
def _study_lines(study: Study, lang: Language) -> list[str]:
    table = study.summary()
    ok = table[table["value"].notna()]
    lines = []
    if len(ok):
        low, high = ok["value"].idxmin(), ok["value"].idxmax()
        lines.append(
            _w(
                "s_study",
                lang,
                n=len(table),
                low=format_number(float(ok.at[low, "value"]), 1, lang),
                low_name=low,
                high=format_number(float(ok.at[high, "value"]), 1, lang),
                high_name=high,
            )
        )
    if study.failed:
        lines.append(_w("s_study_failed", lang, names=", ".join(study.failed)))
    return lines


def _base_name(study: Study, base: str | None) -> str:
    if base is not None:
        if base not in study.plans:
            raise ArgumentError(f"base {base!r} is not a scenario of the study; scenarios: {', '.join(study.names)}")
        return base
    for name in ("base", "dasar", "1x"):
        if name in study.plans and study.plans[name].is_ok:
            return name
    ok = [n for n in study.names if study.plans[n].is_ok]
    return ok[0] if ok else study.names[0]


def _study_section(study: Study, parts: _Parts, lang: Language) -> Section:
    section = Section("skenario", _w("sec_study", lang))
    section.blocks.append(Block("text", lines=[_w("study_intro", lang)]))
    table = study.summary()
    keep = ["status", "value", "spend", "ceiling", "utilisation", "continuity_index", "programmes", "gap"]
    shown = table[keep].copy()
    shown["status"] = [value_word("status", str(s), lang) for s in table["status"]]
    section.blocks.append(_table(shown, lang, headers={"status": label("status", lang)}))
    section.blocks.append(_chart(lambda: study.plot(lang=lang), parts.prefix()))
    ok = [n for n in study.names if study.plans[n].is_ok]
    if ok:
        years = list(study.plans[ok[0]].years)
        yearly = pd.DataFrame(
            {f"cost_{y}": [float(study.plans[n].costs[y].sum()) for n in ok] for y in years},
            index=pd.Index(ok, name="scenario"),
        )
        headers = {f"cost_{y}": str(y) for y in years}
        section.blocks.append(_table(yearly, lang, title=_w("study_yearly", lang), headers=headers))
    base = parts.base
    others = [n for n in ok if n != base]
    if base is not None and base in ok and others:
        rows = []
        for name in others:
            diff = study.diff(base, name)
            rows.append(
                {
                    "scenario": name,
                    "entering": _ids_text(diff.index[diff["change"] == "enter"]),
                    "leaving": _ids_text(diff.index[diff["change"] == "leave"]),
                    "rescheduled": _ids_text(diff.index[diff["change"] == "start"]),
                    "money_moved": float(diff["cost_change"].sum()) if len(diff) else 0.0,
                }
            )
        frame = pd.DataFrame(rows).set_index("scenario")
        headers = {k: _w(k, lang) for k in ("entering", "leaving", "rescheduled", "money_moved")}
        block = _table(frame, lang, title=_w("study_diff", lang, base=base), headers=headers, numeric=["money_moved"])
        for row, value in zip(block.rows, frame["money_moved"], strict=True):
            row[-1] = Cell(("+" if value > 0.5 else "") + format_money(value if abs(value) >= 0.5 else 0.0, lang), True)
        section.blocks.append(block)
    return section


def _knee_sentence(front: Frontier, lang: Language) -> str:
    if front.knee is not None and front.knee in front.points.index:
        ceiling = format_money(float(front.points.at[front.knee, "ceiling"]), lang)
        return _w("s_knee", lang, scale=format_number(front.knee, 2, lang), ceiling=ceiling)
    if front.knee_side == "below":
        return _w("s_knee_below", lang)
    return _w("s_knee_above", lang)


def _frontier_section(front: Frontier, parts: _Parts, lang: Language) -> Section:
    section = Section("kurva", _w("sec_frontier", lang))
    section.blocks.append(Block("text", lines=[_knee_sentence(front, lang)]))
    section.blocks.append(_chart(lambda: front.plot(lang=lang), parts.prefix()))
    points = front.points
    points = points[points["requested"]] if "requested" in points.columns else points
    keep = [c for c in ("ceiling", "value", "spend", "programmes", "slope") if c in points.columns]
    section.blocks.append(_table(points[keep], lang, title=_w("frontier_points", lang)))
    return section


# ------------------------------------------------------------------------------------ about
def _about_section(parts: _Parts, lang: Language) -> Section:
    plan = parts.plan
    scenario = None
    if plan is None and parts.study is not None:
        scenario = parts.base or parts.study.names[0]
        plan = parts.study.plans[scenario]
    section = Section("tentang", _w("sec_about", lang))
    lines: list[str] = []
    if plan is not None:
        catalog, budget, policy = plan.catalog, plan.budget, plan.policy
        lines.append(_w("about_catalogue", lang, n=len(catalog), span=_span(catalog.years), source=catalog.source))
        reserve = _w("about_reserve", lang, share=format_percent(budget.reserve, 1, lang)) if budget.reserve else ""
        lines.append(
            _w(
                "about_budget" if scenario is None else "about_budget_of",
                lang,
                total=format_money(float(sum(budget.ceilings.values())), lang),
                span=_span(sorted(budget.ceilings)),
                reserve=reserve,
                **({} if scenario is None else {"name": scenario}),
            )
        )
        if policy.terms:
            terms = ", ".join(f"{t.name} ({_span(range(t.start, t.end + 1))})" for t in policy.terms)
            lines.append(_w("about_terms", lang, terms=terms))
        items = []
        if policy.continuity_floor:
            items.append(_w("about_floor", lang, share=format_percent(policy.continuity_floor, 0, lang)))
        if policy.commitment_cap is not None:
            items.append(_w("about_cap", lang, share=format_percent(policy.commitment_cap, 0, lang)))
        if policy.carryover_bonus:
            items.append(_w("about_bonus", lang, share=format_percent(policy.carryover_bonus, 0, lang)))
        if items:
            lines.append(_w("about_policy", lang, items="; ".join(items)))
        if parts.plan is not None and plan.is_ok:
            gap = _gap_text(plan.mip_gap, lang)
            lines.append(
                _w(
                    "about_solver",
                    lang,
                    solver=SOLVER_NAMES.get(plan.solver, plan.solver or "-"),
                    status=value_word("status", plan.status.value, lang),
                    guarantee=_w("at_most", lang, gap=gap) if gap else _w("best_proven", lang),
                )
            )
    section.blocks.append(Block("text", lines=lines))
    words = ["pagu", "alokasi", "nilai", "lanjutan", "jaminan", *(["capaian"] if parts.progress is not None else [])]
    pairs = [(_w(f"def_{k}", lang), _w(f"def_{k}_text", lang)) for k in words]
    section.blocks.append(Block("terms", title=_w("about_words", lang), pairs=pairs))
    return section


# ------------------------------------------------------------------------------------ assembling
@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("targetplan.reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _page(parts: _Parts, lang: Language, title: str | None, note: str | None, day: dt.date) -> str:
    from markupsafe import Markup

    plan = parts.plan
    sections: list[Section] = []
    cards: list[Card] = []
    if plan is not None:
        span = _span(plan.years)
        default_title = _w("title_plan", lang, span=span)
        if plan.is_ok:
            cards = _cards(plan, lang)
    else:
        assert parts.study is not None
        first = parts.study.plans[parts.study.names[0]]
        default_title = _w("title_study", lang, span=_span(first.years))
    summary = Section("ringkasan", _w("sec_summary", lang), [Block("list", lines=_summary_lines(parts, lang))])
    sections.append(summary)
    if plan is not None and plan.is_ok:
        sections.append(_budget_section(plan, parts, lang))
        sections.append(_selection_section(plan, parts, lang))
        sections.append(_left_out_section(plan, parts, lang))
        rules = _rules_section(parts, lang)
        if rules is not None:
            sections.append(rules)
        if parts.continuity is not None:
            sections.append(_continuity_section(parts.continuity, parts, lang))
        if parts.progress is not None:
            sections.append(_progress_section(parts.progress, parts, lang))
        if parts.changes is not None:
            sections.append(_changes_section(parts, lang))
    if parts.study is not None:
        sections.append(_study_section(parts.study, parts, lang))
    if parts.frontier is not None:
        sections.append(_frontier_section(parts.frontier, parts, lang))
    sections.append(_about_section(parts, lang))
    for section in sections:
        for block in section.blocks:
            if block.kind == "figure":
                block.svg = Markup(block.svg)  # made by matplotlib, which escapes every text it writes
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang=lang,
        title=title or default_title,
        note=note or "",
        written=_w("written", lang, version=__version__, date=_date(day, lang)),
        footer=Markup(css_string(title or default_title)),
        page_word=Markup(css_string(_w("page", lang) + " ")),
        of_word=Markup(css_string(" " + _w("of", lang) + " ")),
        cards=cards,
        sections=sections,
        w={key: pick(pair, lang) for key, pair in WORDS.items() if "{" not in pair[0]},
    )


def css_string(text: str) -> str:
    r"""Quote ``text`` as a CSS string: anything but letters, digits and plain punctuation as a CSS escape.

    For text inside a ``<style>`` element, where HTML escaping does not apply: no quote,
    backslash, newline or ``</style>`` can end the string or the element.

    Examples
    --------
    >>> css_string('Rencana "2022" </style>')
    '"Rencana \\22 2022\\22  \\3c \\2f style\\3e "'
    """
    safe = set(" .,-–:;()")
    return '"' + "".join(c if c.isalnum() or c in safe else f"\\{ord(c):x} " for c in text) + '"'


def _efficiency(
    plan: Plan,
    given: EfficiencyReport | bool | None,
    *,
    lang: Language,
    rules: bool,
    baselines: bool,
    marginal: bool,
) -> EfficiencyReport | None:
    if given is None or given is False or not plan.is_ok:
        return None
    if given is True:
        return plan.efficiency(baselines=baselines, marginal=marginal, rules=rules, lang=lang)
    if isinstance(given, EfficiencyReport):
        if given.plan is not plan:
            raise ArgumentError("efficiency= is the report of another plan: give plan.efficiency() of this plan")
        return given
    raise ArgumentTypeError(f"efficiency= takes True, False or plan.efficiency(), not {type(given).__name__}")


def _continuity(
    plan: Plan,
    given: ContinuityReport | bool | None,
    previous: str | Path | pd.DataFrame | None,
    lang: Language,
) -> ContinuityReport | None:
    if not plan.is_ok or given is False:
        return None
    if isinstance(given, ContinuityReport):
        return given
    if given is None and previous is None and len(plan.policy.terms) < 2:
        return None
    if given is None or given is True:
        return plan.continuity(previous=previous, lang=lang)
    raise ArgumentTypeError(f"continuity= takes True, False or plan.continuity(...), not {type(given).__name__}")


def _progress(
    plan: Plan, given: ProgressReport | str | Path | pd.DataFrame | None, lang: Language
) -> ProgressReport | None:
    if given is None or not plan.is_ok:
        return None
    if isinstance(given, ProgressReport):
        return given
    if isinstance(given, str | Path | pd.DataFrame):
        return plan.progress(given, lang=lang)
    raise ArgumentTypeError(
        f"progress= takes plan.progress(...) or a realisation (a file or a DataFrame), not {type(given).__name__}"
    )


def _changes(plan: Plan, given: Plan | Replan | pd.DataFrame | None) -> tuple[pd.DataFrame | None, Replan | None]:
    if given is None or not plan.is_ok:
        return None, None
    if isinstance(given, Replan):
        return given.changes, given
    if isinstance(given, Plan):
        if not given.is_ok:
            raise ArgumentError(f"changes=: the approved plan has no plan ({given.status.value})")
        table = plan_changes(given, plan).copy()
        table["change"] = [CHANGE_KIND.get(str(c), str(c)) for c in table["change"]]
        return table, None
    raise ArgumentTypeError(
        f"changes= takes the approved Plan or the Replan that made this plan, not {type(given).__name__}"
    )


def render_report(
    plan: Plan | None = None,
    *,
    study: Study | None = None,
    frontier: Frontier | None = None,
    lang: Language | None = None,
    title: str | None = None,
    note: str | None = None,
    efficiency: EfficiencyReport | bool | None = True,
    rules: bool = True,
    baselines: bool = True,
    marginal: bool = False,
    why_not: bool | None = None,
    continuity: ContinuityReport | bool | None = None,
    previous: str | Path | pd.DataFrame | None = None,
    progress: ProgressReport | str | Path | pd.DataFrame | None = None,
    changes: Plan | Replan | None = None,
    base: str | None = None,
    date: dt.date | None = None,
) -> str:
    """Return the HTML report as text (what :func:`write_report` writes); parameters as there."""
    if plan is None and study is None:
        raise ArgumentError("give a plan or a study for the report")
    if plan is not None and not isinstance(plan, Plan):
        raise ArgumentTypeError(f"plan must be a Plan, not {type(plan).__name__}")
    if study is not None and not isinstance(study, Study):
        raise ArgumentTypeError(f"study= takes a Study (tp.compare(...)), not {type(study).__name__}")
    if frontier is not None and not isinstance(frontier, Frontier):
        raise ArgumentTypeError(f"frontier= takes a Frontier (tp.frontier(...)), not {type(frontier).__name__}")
    lang = checked(get_language() if lang is None else lang)
    parts = _Parts(plan=plan, study=study, frontier=frontier)
    if plan is not None:
        eff = _efficiency(plan, efficiency, lang=lang, rules=rules, baselines=baselines, marginal=marginal)
        parts.efficiency = eff
        parts.rules = bool(eff is not None and rules and eff.with_rules)
        if eff is not None and parts.rules:
            if why_not:
                parts.why_not = eff.explain()
            elif why_not is None:
                parts.why_not = eff.tables.get("explanations")
        elif eff is not None and why_not:
            raise ArgumentError("why_not=True needs the price of the rules: leave rules=True")
        parts.continuity = _continuity(plan, continuity, previous, lang)
        parts.progress = _progress(plan, progress, lang)
        parts.changes, parts.replan = _changes(plan, changes)
    if study is not None:
        parts.base = _base_name(study, base)
    return _page(parts, lang, title, note, date or dt.date.today())


def write_report(
    path: str | Path,
    plan: Plan | None = None,
    *,
    study: Study | None = None,
    frontier: Frontier | None = None,
    lang: Language | None = None,
    title: str | None = None,
    note: str | None = None,
    efficiency: EfficiencyReport | bool | None = True,
    rules: bool = True,
    baselines: bool = True,
    marginal: bool = False,
    why_not: bool | None = None,
    continuity: ContinuityReport | bool | None = None,
    previous: str | Path | pd.DataFrame | None = None,
    progress: ProgressReport | str | Path | pd.DataFrame | None = None,
    changes: Plan | Replan | None = None,
    base: str | None = None,
) -> Path:
    """Write one self-contained HTML report for people (Indonesian by default) and return its path.

    The file opens in any browser without a network — styles inline, charts as inline
    SVG, no scripts — and prints to A4 (``Ctrl+P``: tables keep their rows whole and
    repeat their headings on each page). It holds, for a plan: a summary in sentences
    (status and the guarantee, value against the most possible, spending against the
    ceilings), the budget per year against the ceiling, the programmes in the plan
    (names, agencies, dimensions, cost per year, carry-over status), the programmes left
    out and why, the price of each rule and the manual rankings, continuity between
    administrations, progress and changes from the approved plan when given; for a study,
    the scenarios side by side and the differences between them; for a frontier, the
    value curve and its knee. Every number is formatted (``Rp 38,15 M``, ``71,0%``) and
    every text escaped.

    Parameters
    ----------
    path : str or Path
        The ``.html`` file to write (atomically).
    plan : Plan, optional
        The plan; needed unless ``study`` is given.
    study : Study, optional
        Scenarios to compare (:func:`targetplan.compare`).
    frontier : Frontier, optional
        The value curve (:func:`targetplan.frontier`).
    lang : {"id", "en"}, optional
        Language of the report; default the one set with :func:`targetplan.set_language`.
    title, note : str, optional
        The report's title (default "Rencana target tahunan 2022–2027") and a line under
        it (e.g. "Data ilustrasi").
    efficiency : bool or EfficiencyReport, default True
        The efficiency report: ``True`` makes it (with ``rules``, ``baselines`` and
        ``marginal`` below), a report made already is used as it is, ``False`` leaves
        the rules and comparisons out.
    rules : bool, default True
        Price every rule and say why money stays unspent (one re-solve per rule that could
        bind: a few seconds on the sample).
    baselines : bool, default True
        Compare with the manual rankings (fast).
    marginal : bool, default False
        The value of one more rupiah of each year's ceiling (one re-solve per year).
    why_not : bool, optional
        The reason each left-out programme is out (several re-solves per programme:
        ~40 s on the sample). Default: shown when the efficiency report given has
        already explained them (``eff.explain()``).
    continuity : bool or ContinuityReport, optional
        Continuity between administrations; default: shown when ``previous`` is given or
        the policy has two terms or more.
    previous : path or DataFrame, optional
        The previous masterplan for the continuity section.
    progress : ProgressReport, path or DataFrame, optional
        Realisation (``id, year, spent, achieved``) or ``plan.progress(...)``: the
        progress section.
    changes : Plan or Replan, optional
        The approved plan this plan replaces, or the :class:`~targetplan.Replan` that
        made it: the changes section.
    base : str, optional
        The study's scenario the others are compared with (default ``"base"``, else
        ``"1x"``, else the first with a plan).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib, targetplan as tp
    >>> cat = tp.Catalog.from_programs([tp.Program(id="A", name="fibre", priority=2, costs={2024: 5e9})])
    >>> plan = tp.optimize(cat, tp.Budget(ceilings={2024: 8e9}))
    >>> path = plan.report(pathlib.Path(tempfile.mkdtemp()) / "laporan.html", rules=False)
    >>> "Ringkasan" in path.read_text(encoding="utf-8")
    True
    """
    target = Path(path)
    text = render_report(
        plan,
        study=study,
        frontier=frontier,
        lang=lang,
        title=title,
        note=note,
        efficiency=efficiency,
        rules=rules,
        baselines=baselines,
        marginal=marginal,
        why_not=why_not,
        continuity=continuity,
        previous=previous,
        progress=progress,
        changes=changes,
        base=base,
    )
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target
