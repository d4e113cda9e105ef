"""Efficiency report: what the budget buys, against the manual way, at the margin, and why.

How the numbers are computed
----------------------------
* **Budget use** per year comes straight from the plan.
* **Baselines** are manual rankings (:mod:`targetplan.baselines`) run on the same inputs.
* **Marginal value of a ceiling** is measured by *re-solving*: the year's ceiling is
  raised by a step (default 2.5 % of that ceiling), the model is solved again, warm
  started from the plan (so the value can only rise), and the gain in total value is
  divided by the step and expressed per Rp 1 miliar. For a mixed-integer plan this is
  the honest number — the value function is a staircase, and LP duals only describe the
  current step. The LP dual of the ceiling row with every integer choice fixed is shown
  beside it for reference (it is the marginal value of the continuous part alone).
* **The price of every rule** (:attr:`EfficiencyReport.rules`): the plan is solved again
  without each rule the inputs impose (a ceiling, the reserve, a group cap or floor, a
  source ceiling, a count cap, the continuity floor, a commitment cap, a mandatory or
  excluded programme, a required group, a programme's requirements); the value the
  optimum gains is the rule's price. See :mod:`targetplan.planning.rules`.
* **Unspent money** (:attr:`EfficiencyReport.unspent`): for each year that leaves more
  than 1 % of its ceiling unused, the rules whose removal would spend more that year,
  or the cheapest candidate that does not fit.
* **Why / why not** (:meth:`EfficiencyReport.why`) names the rules that keep a programme
  out, the alternative it lost to, a ``requires`` chain that does not hold, and the
  cheapest changes that bring it in; see :mod:`targetplan.planning.explain`.
* Values within the solver's tolerance are shown as 0 and never reported as findings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError
from ..planning.baselines import BASELINES, run_baselines
from ..planning.explain import explain_programmes
from ..planning.marginal import marginal_values, source_marginal_values
from ..planning.rules import Rule, describe_rule, price_words, rule_prices, unspent_money
from ..planning.weights import criteria_table
from ..plotting import plot_baselines, plot_budget, plot_marginal, plot_rules, plot_sources
from ..results.groups import group_table
from ..results.plan import Plan
from ..results.schedules import source_spending
from ..text.language import Language, get_language
from ..text.money import MILIAR, format_money, format_number, format_percent, signed_number, signed_percent
from ..text.show import HtmlView
from ..text.words import baseline_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["EfficiencyReport", "efficiency_report", "source_table"]


def _group_table(plan: Plan, by: str) -> pd.DataFrame:
    sel = plan.selection
    ran = sel[sel["runs"]]
    table = ran.groupby(by).agg(programmes=("runs", "size"), cost=("cost", "sum"), value=("value", "sum"))
    every = sorted(set(sel[by]))
    table = table.reindex(every, fill_value=0)
    table["programmes"] = table["programmes"].astype(int)
    table["value_per_miliar"] = np.where(table["cost"] > 0, table["value"] / (table["cost"] / MILIAR), np.nan)
    table.index.name = by
    return table


@dataclass(frozen=True, eq=False)
class EfficiencyReport(HtmlView):
    """What the plan buys per rupiah, against manual rankings, at the margin, and why.

    Attributes
    ----------
    yearly : DataFrame
        Index ``year``: ``ceiling``, ``reserve``, ``available``, ``allocated``,
        ``unallocated`` (rupiah), ``utilisation`` (allocated ÷ ceiling).
    by_dimension, by_agency : DataFrame
        Index ``dimension`` / ``agency`` (every group of the catalogue, also those with
        nothing in the plan): ``programmes`` (number in the plan), ``cost`` (rupiah),
        ``value`` (priority × level), ``value_per_miliar`` (value per Rp 1 M of cost;
        NaN without cost).
    baselines : DataFrame
        Index ``baseline`` (``priority``, ``value_per_cost``, ``carryover_first``; see
        :mod:`targetplan.baselines`): ``description``, ``value``, ``spend`` (rupiah),
        ``gain`` (optimum minus baseline; negative when a baseline breaks a rule to get
        more), ``gain_pct`` (gain ÷ baseline value), ``entering`` (ids only in the
        optimum), ``leaving`` (ids only in the baseline), ``rules_broken`` (empty when
        the baseline keeps every rule). Empty when made with ``baselines=False``.
    marginal : DataFrame or None
        Index ``year``: ``ceiling``, ``step``, ``value_gain``, ``marginal_per_miliar``,
        ``lp_dual_per_miliar``; see :func:`marginal_values`. None when made with
        ``marginal=False``.
    baseline_plans : dict
        The baseline :class:`Plan` objects.
    by_source : DataFrame or None
        Index (``source``, ``year``): ``ceiling``, ``spend``, ``utilisation``,
        ``binding``; see :func:`source_table`. None when no funding source is named.
    source_marginal : DataFrame or None
        Index (``source``, ``year``): ``ceiling``, ``step``, ``value_gain``,
        ``marginal_per_miliar``; see :func:`source_marginal_values`. None without
        source ceilings.
    rules : DataFrame or None
        The price of every rule (computed when first asked for); see the property.
    unspent : DataFrame or None
        Why money stays unspent, per year; see the property.

    Notes
    -----
    :attr:`tables` also holds ``explanations`` (index ``id``: ``runs``, ``priority``,
    ``value_change``, ``priority_rise_to_enter``, ``cost_cut_to_enter``,
    ``extra_ceiling``, ``sentence``; see :func:`explain_programmes`) once
    :meth:`explain` has been called without arguments.
    """

    plan: Plan
    yearly: pd.DataFrame
    by_dimension: pd.DataFrame
    by_agency: pd.DataFrame
    baselines: pd.DataFrame
    marginal: pd.DataFrame | None
    baseline_plans: dict[str, Plan] = field(default_factory=dict)
    lang: Language | None = None
    by_source: pd.DataFrame | None = None
    source_marginal: pd.DataFrame | None = None
    with_rules: bool = True
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def _rule_prices(self) -> tuple[pd.DataFrame, dict[str, Rule]]:
        if "rules" not in self._cache:
            self._cache["rules"] = rule_prices(self.plan, self.lang)
        return self._cache["rules"]

    @property
    def rules(self) -> pd.DataFrame | None:
        """The price of every rule the inputs impose (re-solved once, when first asked for).

        Index ``rule`` (``ceiling:2024``, ``reserve``, ``group_cap:0`` / ``group_floor:0``
        — the position in ``budget.limits`` —, ``source_ceiling:DAK``, ``earmark:DAK``,
        ``count_cap:0``, ``continuity``, ``commitment:2025``, ``mandatory:<id>``,
        ``excluded:<id>``, ``required_group:<group>``, ``requires:<id>``); columns
        ``rule_kind``, ``description``, ``tight_years`` (years at the rule's limit),
        ``binds`` (the rule costs value beyond the plan's gap), ``price`` (the value the
        optimum gains without it), ``price_share`` (÷ the plan's value),
        ``extra_spend`` and ``extra_spend_years`` (rupiah spent more without it, in all
        and by year), ``enter_without`` / ``leave_without`` (programmes), ``resolved``.
        ``None`` for a report made with ``rules=False``.
        """
        return self._rule_prices()[0] if self.with_rules else None

    @property
    def unspent(self) -> pd.DataFrame | None:
        """Why each year that leaves more than 1 % of its ceiling unused does so.

        Index ``year``: ``ceiling``, ``available``, ``allocated``, ``unallocated``,
        ``unallocated_share``, ``causes`` (keys of :attr:`rules` whose removal spends
        more that year, most first), ``fill`` (the most one of them adds that year),
        ``sentence``. ``None`` for a report made with ``rules=False``.
        """
        if not self.with_rules:
            return None
        if "unspent" not in self._cache:
            table, words = self._rule_prices()
            self._cache["unspent"] = unspent_money(self.plan, table, words, self.lang)
        return self._cache["unspent"]

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name (what :meth:`to_excel`-style exports write).

        ``yearly``, ``by_dimension``, ``by_agency``, ``baselines``, then ``marginal``
        (unless made with ``marginal=False``), ``by_source`` and ``source_marginal`` (with
        funding sources), ``rules`` and ``unspent`` (unless made with ``rules=False``),
        ``explanations`` (once :meth:`explain` has run for the left-out programmes) and
        ``criteria_scores`` (priorities from criteria, see :func:`~targetplan.criteria_table`);
        columns as in the class docstring.
        """
        out = {
            "yearly": self.yearly,
            "by_dimension": self.by_dimension,
            "by_agency": self.by_agency,
            "baselines": self.baselines,
        }
        if self.marginal is not None:
            out["marginal"] = self.marginal
        if self.by_source is not None:
            out["by_source"] = self.by_source
        if self.source_marginal is not None:
            out["source_marginal"] = self.source_marginal
        if self.with_rules:
            out["rules"] = self._rule_prices()[0]
            out["unspent"] = self.unspent
        if "explanations" in self._cache:
            out["explanations"] = self._cache["explanations"]
        try:  # priorities from criteria: each programme's score breakdown
            out["criteria_scores"] = criteria_table(self.plan)
        except ArgumentError:
            pass
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return the yearly budget-use table (the report's main table)."""
        return self.yearly.copy()

    def by(self, column: str) -> pd.DataFrame:
        """Spending, value and programmes of the plan per group of a catalogue column (``report.by("program")``).

        The same table as :meth:`Plan.by`: ``candidates``, ``programmes``, ``cost``,
        ``value``, ``value_per_miliar`` and ``cost_<YYYY>`` per group.
        """
        return group_table(self.plan, column)

    def explain(self, ids: list[str] | None = None, include_chosen: bool = False) -> pd.DataFrame:
        """Why / why not per programme (see :func:`explain_programmes`); cached for the default call."""
        if ids is None and not include_chosen and "explanations" in self._cache:
            return self._cache["explanations"]
        table = explain_programmes(
            self.plan, ids, include_chosen=include_chosen, lang=self.lang, rules=self._rule_prices()
        )
        if ids is None and not include_chosen:
            self._cache["explanations"] = table
        return table

    def why(self, pid: str) -> str:
        """Why ``pid`` is in or out of the plan, in a few sentences (see :func:`explain_programmes`)."""
        return str(self.explain([pid]).at[pid, "sentence"])

    def rule_descriptions(self, lang: Language | None = None) -> pd.Series:
        """Every rule in words, in the language, by key (the ``description`` column in another language)."""
        lang = lang or self.lang or get_language()
        _, words = self._rule_prices()
        return pd.Series({key: describe_rule(rule, lang) for key, rule in words.items()}, dtype=object)

    def costly_rules(self, n: int = 3, ceilings: bool = False) -> pd.DataFrame:
        """Return the ``n`` rules that cost the most value (ceilings left out unless asked for)."""
        table = self.rules
        if table is None:
            return pd.DataFrame()
        binding = table[table["binds"] & (ceilings | (table["rule_kind"] != "ceiling"))]
        return binding.sort_values("price", ascending=False, kind="stable").head(n)

    @property
    def gain_over_manual(self) -> float:
        """Share of value the optimum gains over the manual priority ranking (NaN without baselines)."""
        return float(self.baselines["gain_pct"].get("priority", np.nan))

    html_max_rows = None

    def summary(self) -> pd.Series:
        """Return the key figures: value, money, budget use, gain over the manual ranking, best marginal value.

        Also the costliest rule (not a ceiling) and its price.
        """
        y = self.yearly
        total_c, total_a = float(y["ceiling"].sum()), float(y["allocated"].sum())
        marginal = self.marginal["marginal_per_miliar"] if self.marginal is not None else pd.Series(dtype=float)
        costly = self.costly_rules(1)
        return pd.Series(
            {
                "value": self.plan.total_value,
                "ceiling": total_c,
                "allocated": total_a,
                "utilisation": total_a / total_c if total_c else math.nan,
                "gain_over_manual": self.gain_over_manual,
                "best_marginal_year": marginal.idxmax() if len(marginal) and marginal.max() > 0 else None,
                "best_marginal_per_miliar": float(marginal.max()) if len(marginal) else math.nan,
                "costliest_rule": costly.index[0] if len(costly) else None,
                "costliest_rule_price": float(costly["price"].iloc[0]) if len(costly) else 0.0,
            },
            name="efficiency",
            dtype=object,
        )

    def _rule_lines(self, lang: Language) -> list[str]:
        """Say the costliest rules (not the ceilings) and the unspent years, in sentences."""
        id_ = lang == "id"
        lines: list[str] = []
        costly = self.costly_rules(3)
        if len(costly):
            _, words = self._rule_prices()
            lines += ["", "Aturan yang paling mahal:" if id_ else "The most expensive rules:"]
            for key, row in costly.iterrows():
                text = (
                    f"  {describe_rule(words[str(key)], lang)}: {price_words(row['price'], row['price_share'], lang)}"
                )
                more = {y: v for y, v in (row["extra_spend_years"] or {}).items() if v > 0}
                if more:
                    year = max(more, key=lambda k: more[k])
                    text += (
                        f"; tanpanya {format_money(more[year], lang)} lagi dari pagu {year} terpakai"
                        if id_
                        else f"; without it {format_money(more[year], lang)} more of {year} would be used"
                    )
                lines.append(text)
        unspent = self.unspent
        if unspent is not None and len(unspent):
            lines += ["", "Pagu tidak terpakai:" if id_ else "Unused ceilings:"]
            lines += [f"  {s}" for s in unspent["sentence"]]
        return lines

    def summary_text(self, lang: Language | None = None) -> str:
        """Return the report as text for people.

        Total value and budget use; each manual ranking's value and what the optimum
        gains over it (a baseline that breaks a rule may be worth more: its gain is
        negative); the marginal value of each year's ceiling.
        """
        lang = lang or self.lang or get_language()
        id_ = lang == "id"
        y = self.yearly
        lines = ["Laporan efisiensi" if id_ else "Efficiency report"]
        value = format_number(self.plan.total_value, 2, lang)
        lines.append(f"Nilai total: {value}" if id_ else f"Total value: {value}")
        total_c, total_a = float(y["ceiling"].sum()), float(y["allocated"].sum())
        lines.append(
            (
                f"Alokasi total: {format_money(total_a, lang)} dari {format_money(total_c, lang)} "
                f"({format_percent(total_a / total_c, 1, lang)})"
            )
            if id_
            else (
                f"Total use: {format_money(total_a, lang)} of {format_money(total_c, lang)} "
                f"({format_percent(total_a / total_c, 1, lang)})"
            )
        )
        if len(self.baselines):
            names = [baseline_name(str(k), lang) for k in self.baselines.index]
            values = [format_number(v, 2, lang) for v in self.baselines["value"]]
            width = max(len(n) for n in names)
            vwidth = max(len(v) for v in [*values, "nilai"])
            lines.append("")
            lines.append("Dibanding cara manual:" if id_ else "Against manual rankings:")
            head = ("nilai", "keunggulan optimum") if id_ else ("value", "optimum gains")
            lines.append(f"  {'':<{width}}  {head[0]:>{vwidth}}  {head[1]}")
            for name, shown, (_, row) in zip(names, values, self.baselines.iterrows(), strict=True):
                gain = f"{signed_number(row['gain'], 2, lang)} ({signed_percent(row['gain_pct'], 1, lang)})"
                broken = str(row["rules_broken"] or "").strip()
                note = ("  (melanggar aturan)" if id_ else "  (breaks rules)") if broken else ""
                lines.append(f"  {name:<{width}}  {shown:>{vwidth}}  {gain}{note}")
        if self.with_rules:
            lines += self._rule_lines(lang)
        if self.marginal is not None:
            lines.append("")
            lines.append("Nilai tambahan per Rp 1 M pagu:" if id_ else "Value of one more IDR 1 bn of ceiling:")
            for year, row in self.marginal.iterrows():
                lines.append(f"  {year}: {format_number(row['marginal_per_miliar'], 3, lang)}")
        if self.by_source is not None:
            limited = self.by_source[self.by_source["ceiling"].notna()]
            binding = [f"{s} {y}" for (s, y), row in limited.iterrows() if row["binding"]]
            if len(limited):
                lines.append("")
                lines.append(
                    ("Sumber dana terpakai penuh: " if id_ else "Funding sources at their ceiling: ")
                    + (", ".join(binding) if binding else ("tidak ada" if id_ else "none"))
                )
            gains = self.source_marginal["marginal_per_miliar"] if self.source_marginal is not None else None
            if binding and gains is not None and len(gains) and gains.max() > 0:
                best = gains.idxmax()
                value = gains.loc[best]
                lines.append(
                    (f"Rp 1 M tambahan paling bernilai dari {best[0]} {best[1]}: {format_number(value, 3, lang)}")
                    if id_
                    else (f"One more IDR 1 bn is worth most from {best[0]} {best[1]}: {format_number(value, 3, lang)}")
                )
        return "\n".join(lines)

    def __repr__(self) -> str:
        util = float(self.yearly["allocated"].sum() / self.yearly["ceiling"].sum())
        text = f"EfficiencyReport(value {self.plan.total_value:,.2f}, utilisation {util:.1%}"
        gain = self.gain_over_manual
        if not math.isnan(gain):
            text += f", gain over manual ranking {gain:+.1%}"
        return text + ")"

    def view_title(self, lang: Language) -> str:
        """Name the report in the language (its figures follow in the headline)."""
        return "Efficiency of the plan" if lang == "en" else "Efisiensi rencana"

    def headline(self, lang: Language) -> str:
        """One sentence on the whole report, in the language (under the repr in the HTML view)."""
        id_ = lang == "id"
        y = self.yearly
        value = format_number(self.plan.total_value, 2, lang)
        use = format_percent(float(y["allocated"].sum() / y["ceiling"].sum()), 1, lang)
        if id_:
            text = f"Nilai total {value}; {use} pagu teralokasi"
        else:
            text = f"Total value {value}; {use} of the ceilings allocated"
        gain = self.gain_over_manual
        if not math.isnan(gain):
            shown = signed_percent(gain, 1, lang)
            text += (
                f"; tambahan nilai {shown} atas peringkat prioritas manual"
                if id_
                else f"; gain {shown} over the manual priority ranking"
            )
        return text + "."

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Every table of the report."""
        return self.tables

    # plots ------------------------------------------------------------------
    def plot(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Draw the report's main chart: spending per year by dimension against the ceiling (as every report has)."""
        return self.plot_budget(ax=ax, lang=lang)

    def plot_budget(self, ax: Axes | None = None, by: str = "dimension", lang: Language | None = None) -> Axes:
        """Spending per year stacked by ``by`` against the ceiling line."""
        return plot_budget(self.plan, ax=ax, by=by, lang=lang or self.lang)

    def plot_baselines(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Value of the optimum against each manual ranking."""
        return plot_baselines(self, ax=ax, lang=lang or self.lang)

    def plot_sources(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Spending per funding source and year against each source's ceiling."""
        return plot_sources(self, ax=ax, lang=lang or self.lang)

    def plot_marginal(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Marginal value of each year's ceiling."""
        return plot_marginal(self, ax=ax, lang=lang or self.lang)

    def plot_rules(self, ax: Axes | None = None, lang: Language | None = None, ceilings: bool = True) -> Axes:
        """Draw the price of each rule that binds, as horizontal bars (ceilings in grey)."""
        if self.rules is None:
            raise ArgumentError("this report was made with rules=False: make it with plan.efficiency(rules=True)")
        return plot_rules(self, ax=ax, lang=lang or self.lang, ceilings=ceilings)


def efficiency_report(
    plan: Plan,
    *,
    baselines: bool = True,
    marginal: bool = True,
    step: float | None = None,
    lang: Language | None = None,
    rules: bool = True,
) -> EfficiencyReport:
    """Build the efficiency report of a plan (what :meth:`Plan.efficiency` returns).

    Parameters
    ----------
    plan : Plan
    baselines : bool, default True
        Compute the manual rankings.
    marginal : bool, default True
        Compute marginal values of the ceilings (one re-solve per year).
    step : float, optional
        Ceiling step for the marginal values (default 2.5 % of each ceiling).
    lang : {"id", "en"}, optional
        Language of sentences and headings.
    rules : bool, default True
        Price every rule and explain unspent money (:attr:`EfficiencyReport.rules`,
        :attr:`EfficiencyReport.unspent`): one re-solve per rule that could bind, done
        when first asked for (by the summary, the notebook view or the workbook).
    """
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} has no efficiency report: {plan.message}")
    base_plans = run_baselines(plan.catalog, plan.budget, plan.policy) if baselines else {}
    chosen = set(plan.selected_ids)
    rows = []
    for name, bp in base_plans.items():
        theirs = set(bp.selected_ids)
        gain = plan.total_value - bp.total_value
        rows.append(
            {
                "baseline": name,
                "description": BASELINES[name],
                "value": bp.total_value,
                "spend": float(bp.costs.to_numpy().sum()),
                "gain": gain,
                "gain_pct": gain / bp.total_value if bp.total_value else np.nan,
                "entering": ", ".join(sorted(chosen - theirs)),
                "leaving": ", ".join(sorted(theirs - chosen)),
                "rules_broken": bp.message,
            }
        )
    cols = ["baseline", "description", "value", "spend", "gain", "gain_pct", "entering", "leaving", "rules_broken"]
    table = pd.DataFrame(rows, columns=cols).set_index("baseline")
    return EfficiencyReport(
        plan=plan,
        yearly=plan.yearly,
        by_dimension=_group_table(plan, "dimension"),
        by_agency=_group_table(plan, "agency"),
        baselines=table,
        marginal=_no_noise(marginal_values(plan, step), plan) if marginal else None,
        baseline_plans=base_plans,
        lang=lang,
        by_source=source_table(plan),
        source_marginal=_no_noise(source_marginal_values(plan, step), plan)
        if marginal and plan.budget.source_ceilings
        else None,
        with_rules=rules,
    )


def _no_noise(table: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Value gains within the solver's tolerance (about 1e-9 of the plan's value) are 0, and so is their rate."""
    tol = 1e-7 * max(abs(plan.total_value), 1.0)
    noise = table["value_gain"].abs() <= tol
    out = table.copy()
    out.loc[noise, "value_gain"] = 0.0
    out.loc[noise & out["marginal_per_miliar"].notna(), "marginal_per_miliar"] = 0.0
    return out


def source_table(plan: Plan) -> pd.DataFrame | None:
    """Spending per funding source and year against the source's ceiling.

    Returns
    -------
    DataFrame or None
        ``None`` when the catalogue names no source. Index (``source``, ``year``):
        ``ceiling`` (NaN without a source ceiling), ``spend``, ``utilisation`` and
        ``binding`` (spending at the ceiling: one more rupiah of this source would be
        used). A source ``(unspecified)`` holds the costs given without a source.
    """
    catalog = plan.catalog
    sources = list(dict.fromkeys([*catalog.sources, *plan.budget.source_ceilings]))
    if not sources:
        return None
    start = plan.start_years
    levels = plan.levels.to_numpy(dtype=float)
    rows = []
    total = plan.costs.sum(axis=0).to_numpy(dtype=float)
    named = np.zeros(len(plan.years))
    for source in sources:
        paid = source_spending(catalog, start, levels, source).sum(axis=0)
        named += paid
        by_year = plan.budget.source_ceilings.get(source, {})
        for t, year in enumerate(plan.years):
            cap = by_year.get(year, np.nan)
            rows.append(
                {
                    "source": source,
                    "year": year,
                    "ceiling": cap,
                    "spend": float(paid[t]),
                    "utilisation": paid[t] / cap if cap and not np.isnan(cap) else np.nan,
                    "binding": bool(not np.isnan(cap) and paid[t] >= cap * (1 - 1e-6) - 1.0),
                }
            )
    rest = total - named
    if (rest > 1.0).any():
        for t, year in enumerate(plan.years):
            rows.append(
                {
                    "source": "(unspecified)",
                    "year": year,
                    "ceiling": np.nan,
                    "spend": float(rest[t]),
                    "utilisation": np.nan,
                    "binding": False,
                }
            )
    return pd.DataFrame(rows).set_index(["source", "year"])
