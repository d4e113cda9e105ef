"""Continuity report: what is carried over, dropped or left as a commitment to the next term.

Definitions
-----------
Previous masterplan
    A table of the previous plan's programmes (:func:`read_previous`): ``id``, ``name``,
    ``dimension``, ``agency``, ``planned_total``, realisation per year
    (``realised_<YYYY>``) or in total (``realised``), ``completed`` and optionally
    ``priority``.
Category of a previous programme
    ``completed`` (marked completed); ``continued`` (unfinished, in the catalogue, and
    in the plan); ``dropped`` (unfinished and either not in the new catalogue or not
    funded by the plan).
Continuity index
    Delivered carry-over priority ÷ the priority of the previous plan's unfinished
    programmes. A programme's priority is its catalogue priority, or the previous
    table's ``priority`` column for programmes that are not in the catalogue; unfinished
    programmes with no priority at all are left out of the index (and counted in
    ``unpriced``). The money index is the same with realised spending as the weight.
Walked away
    Realised spending on unfinished programmes that are dropped: money the city spent
    and will not complete.
Commitment
    The cost, in the years of a later term, of programmes that start in an earlier term.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError
from ..inputs.crosswalk import match_previous
from ..inputs.previous import read_previous
from ..plotting import plot_continuity
from ..results.plan import Plan
from ..text.language import Language, get_language
from ..text.money import format_money, format_percent
from ..text.show import HtmlView
from ..text.words import VALUES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ContinuityReport", "continuity_report"]


def _terms(plan: Plan) -> list[tuple[str, int, int]]:
    if plan.policy.terms:
        return [(t.name, t.start, t.end) for t in plan.policy.terms]
    years = plan.years
    return [(f"{years[0]}-{years[-1]}", years[0], years[-1])]


@dataclass(frozen=True, eq=False)
class ContinuityReport(HtmlView):
    """Continuity between administrations.

    Attributes
    ----------
    programmes : DataFrame
        Index ``id``, one row per catalogue programme: ``name``, ``status`` (``new`` /
        ``continuing``), ``decision`` (``continue`` / ``drop`` for carry-overs;
        ``start`` / ``defer`` / ``not_funded`` for new programmes; ``defer`` = starts
        later than its earliest start), ``first_year`` and ``last_year`` (funded years;
        missing when not funded), ``cost`` (rupiah over the horizon), ``level``
        (delivered share of the full scope, 0-1).
    terms : DataFrame
        Index ``term``: ``start``, ``end`` (its years), ``ceiling`` (sum of its
        ceilings), ``carryover_spend`` (spending on carry-overs), ``new_spend``,
        ``spend`` (their sum), ``carryover_share`` (carry-over ÷ spend).
    commitments : DataFrame
        Index ``from_term`` (when programmes started), columns ``to_term``, ``amount``
        (their cost in the later term's years) and ``share`` (of that term's ceilings).
    spanning : DataFrame
        Index ``id``: programmes funded on both sides of a term boundary: ``name``,
        ``boundary`` (first year of the later term), ``cost_before``, ``cost_after``
        (rupiah before and from that year).
    previous : DataFrame or None
        Index ``id``, one row per previous programme: the columns of
        :func:`read_previous` (``name``, ``dimension``, ``agency``, ``planned_total``,
        ``realised``, ``realised_<YYYY>``, ``completed``, ``priority`` – the catalogue
        priority for programmes in the catalogue), then ``in_catalogue``, ``runs`` (in
        the plan), ``delivered`` (level in the plan, 0-1) and ``category``
        (``completed`` / ``continued`` / ``dropped``). Made with a crosswalk, also
        ``catalogue_id`` (the catalogue programme it maps to, ``""`` when none) and
        ``match`` (how: ``id``, ``code``, ``name``, ``similar``, ``manual``, or ``none``).
    previous_summary : DataFrame or None
        Index ``category``: ``programmes``, ``priority`` (sum), ``realised`` (rupiah),
        ``unpriced`` (programmes without a priority, left out of the continuity index).
    continuity_index, money_index, walked_away : float
        See the module docstring (NaN without a previous table).
    """

    plan: Plan
    programmes: pd.DataFrame
    terms: pd.DataFrame
    commitments: pd.DataFrame
    spanning: pd.DataFrame
    previous: pd.DataFrame | None
    previous_summary: pd.DataFrame | None
    continuity_index: float
    money_index: float
    walked_away: float
    lang: Language | None = None

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name.

        ``programmes``, ``terms``, ``commitments``, ``spanning``, then ``previous`` and
        ``previous_summary`` when a previous masterplan was given; columns as in the
        class docstring.
        """
        out = {
            "programmes": self.programmes,
            "terms": self.terms,
            "commitments": self.commitments,
            "spanning": self.spanning,
        }
        if self.previous is not None and self.previous_summary is not None:
            out["previous"] = self.previous
            out["previous_summary"] = self.previous_summary
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return the per-programme decisions table."""
        return self.programmes.copy()

    def _decisions(self, lang: Language) -> str:
        """How many programmes got each decision, in the language (``17 lanjut, 1 dihentikan``)."""
        counts = self.programmes["decision"].value_counts()
        words = (
            {k: v[0] for k, v in VALUES["decision"].items()}
            if lang == "id"
            else {"continue": "continued", "drop": "dropped", "start": "started", "defer": "deferred"}
        )
        order = [*VALUES["decision"], *sorted(set(counts.index) - set(VALUES["decision"]))]
        return ", ".join(
            f"{int(counts[k])} {words.get(k, VALUES['decision'].get(k, (k, k))[1])}" for k in order if counts.get(k, 0)
        )

    def summary(self) -> pd.Series:
        """Return the key figures: decisions per kind, continuity indices, money walked away, commitments."""
        counts = self.programmes["decision"].value_counts()
        figures: dict[str, object] = {f"decision_{k}": int(counts.get(k, 0)) for k in VALUES["decision"]}
        figures.update(
            {
                "continuity_index": self.continuity_index,
                "money_index": self.money_index,
                "walked_away": self.walked_away,
                "committed": float(self.commitments["amount"].sum()) if len(self.commitments) else 0.0,
            }
        )
        return pd.Series(figures, name="continuity", dtype=object)

    def summary_text(self, lang: Language | None = None) -> str:
        """Return the report as text for people.

        Decisions per programme; with a previous masterplan, the continuity indices and
        its programmes by category (number, realised spending); spending per term on
        carry-overs and new programmes; commitments to later terms.
        """
        lang = lang or self.lang or get_language()
        id_ = lang == "id"

        def pct(share: float) -> str:
            return format_percent(share, 1, lang)

        lines = ["Laporan keberlanjutan" if id_ else "Continuity report"]
        decisions = self._decisions(lang)
        lines.append(f"Keputusan program: {decisions}" if id_ else f"Programmes: {decisions}")
        if self.previous_summary is not None:
            lines.append(
                (f"Indeks keberlanjutan (prioritas): {pct(self.continuity_index)}; (uang): {pct(self.money_index)}")
                if id_
                else (f"Continuity index (priority): {pct(self.continuity_index)}; (money): {pct(self.money_index)}")
            )
            lines.append(
                "Program masterplan sebelumnya (jumlah, realisasi):"
                if id_
                else "Programmes of the previous masterplan (number, realised):"
            )
            names = VALUES["category"]
            for cat, row in self.previous_summary.iterrows():
                pair = names.get(str(cat), (str(cat), str(cat)))
                shown = pair[0] if id_ else pair[1]
                lines.append(f"  {shown:<12} {int(row['programmes']):>3}  {format_money(row['realised'], lang):>12}")
            lines.append(
                (f"Realisasi pada program yang dihentikan: {format_money(self.walked_away, lang)}")
                if id_
                else (f"Realised spending on dropped programmes: {format_money(self.walked_away, lang)}")
            )
            if self.previous is not None and "match" in self.previous.columns:
                unmatched = int((self.previous["match"] == "none").sum())
                lines.append(
                    f"Tanpa padanan di katalog (menurut crosswalk): {unmatched} program"
                    if id_
                    else f"Without a match in the catalogue (by the crosswalk): {unmatched} programmes"
                )
            unfinished = self.previous_summary.drop(index="completed", errors="ignore")
            unpriced = int(unfinished["unpriced"].sum()) if "unpriced" in unfinished.columns else 0
            if unpriced:
                lines.append(
                    f"Tanpa prioritas (tidak dihitung dalam indeks prioritas): {unpriced} program"
                    if id_
                    else f"Without a priority (left out of the priority index): {unpriced} programmes"
                )
        lines.append("")
        lines.append(
            "Belanja per periode (program lanjutan, program baru):"
            if id_
            else "Spending per term (carry-overs, new programmes):"
        )
        for term, row in self.terms.iterrows():
            lines.append(
                f"  {term}: "
                + (
                    f"lanjutan {format_money(row['carryover_spend'], lang)}, baru "
                    f"{format_money(row['new_spend'], lang)}"
                    if id_
                    else f"carry-overs {format_money(row['carryover_spend'], lang)}, new "
                    f"{format_money(row['new_spend'], lang)}"
                )
            )
        for from_term, row in self.commitments.iterrows():
            lines.append(
                (
                    f"Komitmen {from_term} -> {row['to_term']}: {format_money(row['amount'], lang)} "
                    f"({pct(row['share'])} pagu)"
                )
                if id_
                else (
                    f"Commitment {from_term} -> {row['to_term']}: {format_money(row['amount'], lang)} "
                    f"({pct(row['share'])} of its ceilings)"
                )
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        decided = self.programmes["decision"].value_counts().to_dict()
        parts = ", ".join(f"{k} {v}" for k, v in sorted(decided.items()))
        index = "" if np.isnan(self.continuity_index) else f"index {self.continuity_index:.1%}, "
        return f"ContinuityReport({index}{parts})"

    def view_title(self, lang: Language) -> str:
        """Name the report in the language (its figures follow in the headline)."""
        return "Continuity between terms" if lang == "en" else "Keberlanjutan antarperiode pemerintahan"

    def headline(self, lang: Language) -> str:
        """One sentence on the whole report, in the language (under the repr in the HTML view)."""
        id_ = lang == "id"
        text = ("Keputusan program: " if id_ else "Programmes: ") + self._decisions(lang)
        if not np.isnan(self.continuity_index):
            index = format_percent(self.continuity_index, 1, lang)
            money = format_percent(self.money_index, 1, lang)
            text += (
                f"; indeks keberlanjutan {index} (prioritas), {money} (uang)"
                if id_
                else f"; continuity index {index} (priority), {money} (money)"
            )
        return text + "."

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Every table of the report."""
        return self.tables

    def plot(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Continuity flows: the previous plan's money by category, then carry-over vs new spend per term."""
        return plot_continuity(self, ax=ax, lang=lang or self.lang)


def continuity_report(
    plan: Plan,
    previous: str | Path | pd.DataFrame | None = None,
    lang: Language | None = None,
    crosswalk: str | Path | pd.DataFrame | None = None,
) -> ContinuityReport:
    """Build the continuity report of a plan (what :meth:`Plan.continuity` returns).

    With a ``crosswalk`` (the table of :func:`~targetplan.crosswalk`, reviewed; a
    DataFrame or a saved file), each previous programme counts as the catalogue
    programme it maps to, and the ``previous`` table gains ``catalogue_id`` and
    ``match`` (``none`` for a programme without a match, which stays listed).
    """
    if crosswalk is not None and previous is None:
        raise ArgumentError("a crosswalk maps the previous masterplan to the catalogue: give previous= too")
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} has no continuity report: {plan.message}")
    sel = plan.selection
    years = list(plan.years)
    costs = plan.costs
    funded = plan.levels > 0
    first_year = funded.idxmax(axis=1).where(funded.any(axis=1))
    last_year = funded.loc[:, ::-1].idxmax(axis=1).where(funded.any(axis=1))
    continuing = sel["status"] == "continuing"
    start = sel["start_year"]
    earliest = plan.catalog.column("earliest_start").reindex(sel.index)
    decision = np.where(
        continuing,
        np.where(sel["runs"], "continue", "drop"),
        np.where(
            ~sel["runs"], "not_funded", np.where(start.fillna(0).to_numpy() > earliest.to_numpy(), "defer", "start")
        ),
    )
    programmes = pd.DataFrame(
        {
            "name": sel["name"],
            "status": sel["status"],
            "decision": decision,
            "first_year": pd.array(first_year, dtype="Int64"),
            "last_year": pd.array(last_year, dtype="Int64"),
            "cost": sel["cost"],
            "level": sel["level"],
        },
        index=sel.index,
    )

    terms = _terms(plan)
    term_rows = []
    for name, a, b in terms:
        span = [y for y in years if a <= y <= b]
        carry = float(costs.loc[continuing, span].to_numpy().sum())
        total = float(costs.loc[:, span].to_numpy().sum())
        term_rows.append(
            {
                "term": name,
                "start": a,
                "end": b,
                "ceiling": float(sum(plan.budget.ceilings[y] for y in span)),
                "carryover_spend": carry,
                "new_spend": total - carry,
                "spend": total,
                "carryover_share": carry / total if total else np.nan,
            }
        )
    term_table = pd.DataFrame(term_rows).set_index("term")

    commit_rows = []
    for i, (name_i, a_i, b_i) in enumerate(terms):
        started = sel.index[sel["runs"] & (start >= a_i) & (start <= b_i)]
        for name_j, a_j, b_j in terms[i + 1 :]:
            span = [y for y in years if a_j <= y <= b_j]
            amount = float(costs.loc[started, span].to_numpy().sum())
            ceiling = float(sum(plan.budget.ceilings[y] for y in span))
            commit_rows.append(
                {
                    "from_term": name_i,
                    "to_term": name_j,
                    "amount": amount,
                    "share": amount / ceiling if ceiling else np.nan,
                }
            )
    commitments = pd.DataFrame(commit_rows, columns=["from_term", "to_term", "amount", "share"]).set_index("from_term")

    span_rows = []
    for _, a, _b in terms[1:]:
        before = [y for y in years if y < a]
        after = [y for y in years if y >= a]
        for pid in sel.index[sel["runs"]]:
            cb, ca = float(costs.loc[pid, before].sum()), float(costs.loc[pid, after].sum())
            if cb > 0 and ca > 0:
                span_rows.append(
                    {"id": pid, "name": sel.at[pid, "name"], "boundary": a, "cost_before": cb, "cost_after": ca}
                )
    spanning = pd.DataFrame(span_rows, columns=["id", "name", "boundary", "cost_before", "cost_after"]).set_index("id")

    prev_table = prev_summary = None
    index = money_index = walked = np.nan
    if previous is not None:
        prev = read_previous(previous)
        key = prev["id"]
        if crosswalk is not None:
            mapped = match_previous(crosswalk, prev["id"], plan.catalog.ids)
            key = mapped["catalogue_id"]
            prev = prev.assign(catalogue_id=mapped["catalogue_id"], match=mapped["match"])
        in_cat = key.isin(sel.index)
        runs = key.map(sel["runs"]).eq(True)
        share = key.map(sel["level"]).fillna(0.0)
        priority = key.map(sel["priority"]).astype(float)
        priority = priority.where(in_cat, prev["priority"])
        category = np.where(prev["completed"], "completed", np.where(in_cat & runs, "continued", "dropped"))
        prev_table = prev.assign(
            in_catalogue=in_cat.to_numpy(),
            runs=runs.to_numpy(),
            delivered=share.to_numpy(),
            priority=priority.to_numpy(),
            category=category,
        ).set_index("id")
        unfinished = prev_table[prev_table["category"] != "completed"]
        priced = unfinished[unfinished["priority"].notna()]
        index = (
            float((priced["priority"] * priced["delivered"]).sum() / priced["priority"].sum())
            if len(priced) and priced["priority"].sum() > 0
            else np.nan
        )
        money = unfinished["realised"]
        money_index = float((money * unfinished["delivered"]).sum() / money.sum()) if money.sum() > 0 else np.nan
        walked = float(unfinished.loc[unfinished["category"] == "dropped", "realised"].sum())
        prev_summary = prev_table.groupby("category").agg(
            programmes=("name", "size"),
            priority=("priority", "sum"),
            realised=("realised", "sum"),
            unpriced=("priority", lambda p: int(p.isna().sum())),
        )
        prev_summary = prev_summary.reindex(["completed", "continued", "dropped"], fill_value=0)
    return ContinuityReport(
        plan=plan,
        programmes=programmes,
        terms=term_table,
        commitments=commitments,
        spanning=spanning,
        previous=prev_table,
        previous_summary=prev_summary,
        continuity_index=index,
        money_index=money_index,
        walked_away=walked,
        lang=lang,
    )
