"""Why a programme is in or out of the plan, and what would change that, measured by re-solving.

A programme left out gets, in numbers and in one paragraph:

* **what keeps it out**: the rules of the inputs without which it would enter (from the
  rule prices, :mod:`~targetplan.planning.rules`: a year's ceiling, a cap, a count cap,
  the commitment cap …), the programme it lost to in its exclusive group, and a
  ``requires`` chain that does not hold (it requires a programme that is not in the
  plan, or that requires one that is not);
* **what forcing it in costs**: the best plan with it, at the level that plan funds
  (a scalable or flexible programme may enter at a smaller level than its full scope);
* **the cheapest changes that bring it in**: how much each year's ceiling (and each
  funding source's) would have to rise for it to enter with no loss of value (one
  elastic solve); how much its priority would have to rise (exact: Newton steps on a
  convex piecewise-linear function, with the level it would then run at — the same level
  the forcing is measured at, so the two numbers agree); how far its cost would have to
  fall (bisection over a cost factor, to 1/64);
* with priorities from criteria, the criterion that ranks it lowest in its group.

A chosen programme gets the value lost if it were forced out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import solvers
from ..exceptions import ArgumentError, InfeasiblePlanError, InputValidationError, SolverUnavailableError
from ..model.build import build
from ..model.elastic import with_slack
from ..model.formulation import INF, Formulation, RowKind
from ..model.reference import append_rows
from ..results.plan import Plan
from ..solvers.base import SolveStatus
from ..text.columns import label
from ..text.language import Language, get_language
from ..text.money import MILIAR, format_money, format_number, format_percent
from .diagnosis import elastic_conflicts
from .marginal import open_side_session, plain_value, solve_options
from .optimize import optimize
from .rules import Rule, describe_rule, rule_prices, rules_of
from .weights import criteria_reason

__all__ = ["explain_programmes"]

COLUMNS = [
    "runs",
    "priority",
    "kept_out_by",
    "lost_to",
    "blocked_by",
    "level_to_enter",
    "value_change",
    "priority_rise_to_enter",
    "cost_cut_to_enter",
    "extra_ceiling",
    "extra_source",
    "sentence",
]


def explain_programmes(
    plan: Plan,
    ids: list[str] | None = None,
    *,
    include_chosen: bool = False,
    lang: Language | None = None,
    rules: tuple[pd.DataFrame, dict[str, Rule]] | None = None,
) -> pd.DataFrame:
    """Why each programme is in or out of the plan, in numbers and in a paragraph.

    Parameters
    ----------
    plan : Plan
    ids : list of str, optional
        Programmes to explain; default: every programme left out (and, with
        ``include_chosen``, every chosen one).
    include_chosen : bool, default False
        Also explain chosen programmes (value lost if forced out).
    lang : {"id", "en"}, optional
    rules : (DataFrame, dict), optional
        The rule prices of the plan (:func:`~targetplan.planning.rules.rule_prices`), when
        already computed; otherwise they are computed here.

    Returns
    -------
    DataFrame
        Index ``id``; columns ``runs``, ``priority``, ``kept_out_by`` (keys of the rules
        without which it would enter, see :attr:`EfficiencyReport.rules`), ``lost_to``
        (the programme of its exclusive group in the plan), ``blocked_by`` (a
        ``requires`` chain that does not hold, as ``A -> B``), ``level_to_enter`` (the
        level it would run at when forced in or when its priority rises enough),
        ``value_change`` (total value of the best plan with it at that level minus the
        plan's; negative = a loss), ``priority_rise_to_enter``, ``cost_cut_to_enter``
        (share of its cost, NaN if it never enters), ``extra_ceiling`` (dict year →
        rupiah), ``extra_source`` (dict ``"SOURCE year"`` → rupiah), ``sentence``.
    """
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} cannot be explained")
    lang = lang or get_language()
    sel = plan.selection
    if ids is None:
        ids = [p for p in sel.index if not sel.at[p, "runs"] and not sel.at[p, "excluded"]]
        if include_chosen:
            ids += [p for p in sel.index if sel.at[p, "runs"]]
    unknown = [p for p in ids if p not in sel.index]
    if unknown:
        raise ArgumentError(f"unknown programme ids: {', '.join(unknown)}")
    need_rules = any(not sel.at[p, "runs"] and not sel.at[p, "excluded"] for p in ids)
    if rules is None and need_rules:
        rules = rule_prices(plan, lang)
    form = build(plan.catalog, plan.budget, plan.policy)
    try:
        session: solvers.Session | None = open_side_session(plan, form)
    except SolverUnavailableError:
        session = None
    rows = []
    for pid in ids:
        rec: dict[str, Any] = {
            "id": pid,
            "runs": bool(sel.at[pid, "runs"]),
            "priority": float(sel.at[pid, "priority"]),
            "kept_out_by": "",
            "lost_to": "",
            "blocked_by": "",
            "level_to_enter": np.nan,
            "value_change": np.nan,
            "priority_rise_to_enter": np.nan,
            "cost_cut_to_enter": np.nan,
            "extra_ceiling": None,
            "extra_source": None,
            "sentence": "",
        }
        if sel.at[pid, "excluded"]:
            rec["sentence"] = (
                f"{pid} dikecualikan dari rencana (ditandai excluded)."
                if lang == "id"
                else f"{pid} is marked excluded."
            )
        elif rec["runs"]:
            if sel.at[pid, "mandatory"]:
                rec["sentence"] = (
                    f"{pid} wajib masuk rencana (ditandai mandatory)."
                    if lang == "id"
                    else f"{pid} is marked mandatory."
                )
            elif session is not None:
                value = _forced_out_value(pid, session, form)
                rec["value_change"] = value - plan.total_value if not math.isnan(value) else np.nan
                rec["sentence"] = _sentence_chosen(pid, rec["value_change"], lang)
        else:
            assert rules is not None
            rec.update(_left_out(plan, pid, rules, lang))
        rows.append(rec)
    return pd.DataFrame(rows, columns=["id", *COLUMNS]).set_index("id")


# ------------------------------------------------------------------------------------- left out
@dataclass(frozen=True)
class _Forced:
    """The best plan with a programme in: its value at the original priorities and the level it runs at."""

    value: float
    objective: float
    level: float
    reasons: str = ""


def _left_out(plan: Plan, pid: str, rules: tuple[pd.DataFrame, dict[str, Rule]], lang: Language) -> dict[str, Any]:
    table, by_key = rules
    keeping = [
        str(key)
        for key, r in table[table["binds"]].iterrows()
        if pid in [s.strip() for s in str(r["enter_without"]).split(",")]
    ]
    lost_to = _lost_to(plan, pid)
    chain = _blocked_by(plan, pid)
    program = plan.catalog[pid]
    smallest = 1.0 if str(program.mode) == "whole" else max(float(program.min_level or 0.0), 1e-3)
    forced = _force(plan, pid, min_level=1.0)  # at full scope: where the priority search starts
    if math.isnan(forced.value) and smallest < 1.0:
        forced = _force(plan, pid, min_level=smallest)
    if math.isnan(forced.value):
        forced = _Forced(math.nan, math.nan, math.nan, _cannot_force(plan, pid, smallest, lang) or forced.reasons)
    out: dict[str, Any] = {
        "kept_out_by": "; ".join(keeping),
        "lost_to": lost_to,
        "blocked_by": " -> ".join(chain),
        "level_to_enter": np.nan,
        "value_change": np.nan,
        "priority_rise_to_enter": np.nan,
    }
    if forced.reasons:
        out["blocked_reasons"] = forced.reasons
    if not math.isnan(forced.value):
        weight = 1.0 + plan.policy.carryover_bonus if plan.catalog[pid].status == "continuing" else 1.0
        rise, level, value = _priority_rise(plan, pid, forced, weight, smallest)
        out.update(priority_rise_to_enter=rise, level_to_enter=level, value_change=value - plan.total_value)
    out["cost_cut_to_enter"] = _cost_cut(plan, pid)
    out["extra_ceiling"], out["extra_source"] = _extra_money(plan, pid)
    out["sentence"] = _sentence_left_out(plan, pid, out, by_key, lang)
    out.pop("blocked_reasons", None)
    return out


def _cannot_force(plan: Plan, pid: str, smallest: float, lang: Language) -> str:
    """Why no plan can hold ``pid``: the rules that would have to give way, and by how much, in words."""
    id_ = lang == "id"
    try:
        form = build(plan.catalog.replace(mandatory={pid: True}, min_level={pid: smallest}), plan.budget, plan.policy)
    except InputValidationError as exc:
        return str(exc.failure_cases["problem"].iloc[0])
    answer = elastic_conflicts(form)
    if answer is None:
        return ""
    by_row = {int(r): rule for rule in rules_of(plan, form) for r in rule.rows}
    parts: list[str] = []
    for row, _sign, amount in answer[0]:
        kind = form.row_kind[row]
        if kind == RowKind.START and form.row_key(row, "programme") == pid:
            parts.append(
                "tidak ada tahun mulai yang cocok dengan jendela, prasyarat dan kelompoknya"
                if id_
                else "no start year fits its window, requirements and group"
            )
            continue
        rule = by_row.get(row)
        if rule is None:
            continue
        year = form.row_key(row, "year")
        when = "" if rule.years or year < 0 else (f" pada {year}" if id_ else f" in {year}")
        if kind in (RowKind.RUNNING, RowKind.NEW_STARTS):
            group = form.row_key(row, "group")
            if group:
                who = f"{label(str(form.row_key(row, 'group_by')), lang).lower()} {group}"
                when += f" untuk {who}" if id_ else f" for {who}"
            more = f"perlu {amount:.0f} lagi{when}" if id_ else f"{amount:.0f} more needed{when}"
        elif kind == RowKind.CONTINUITY:
            more = (
                f"kurang {format_number(amount, 2, lang)} poin prioritas"
                if id_
                else f"{format_number(amount, 2, lang)} priority points short"
            )
        elif kind in (RowKind.START, RowKind.EXCLUSIVE, RowKind.REQUIRES):
            more = ""
        else:
            more = f"kurang {format_money(amount, lang)}{when}" if id_ else f"{format_money(amount, lang)} short{when}"
        text = describe_rule(rule, lang) + (f" ({more})" if more else "")
        if text not in parts:
            parts.append(text)
    return "; ".join(parts)


def _lost_to(plan: Plan, pid: str) -> str:
    """Return the programme of ``pid``'s exclusive group that is in the plan ("" when none)."""
    group = plan.catalog[pid].exclusive_group
    if not group:
        return ""
    sel = plan.selection
    others = [
        q for q in plan.catalog.ids if q != pid and plan.catalog[q].exclusive_group == group and sel.at[q, "runs"]
    ]
    return ", ".join(others)


def _blocked_by(plan: Plan, pid: str) -> list[str]:
    """Follow ``pid``'s requirements down to the first programme required that is not in the plan."""
    runs = plan.selection["runs"]
    chain = [pid]
    seen = {pid}
    current = pid
    while True:
        missing = [r for r in plan.catalog[current].requires if not runs.get(r, False)]
        if not missing or missing[0] in seen:
            return chain if len(chain) > 1 else []
        current = missing[0]
        chain.append(current)
        seen.add(current)


def _force(plan: Plan, pid: str, priority: float | None = None, min_level: float | None = None) -> _Forced:
    """Best plan with ``pid`` forced in at ``min_level`` or more (optionally with another priority)."""
    changes: dict[str, Any] = {"mandatory": {pid: True}}
    if min_level is not None:
        changes["min_level"] = {pid: min_level}
    if priority is not None:
        changes["priority"] = {pid: priority}
    try:
        forced_cat = plan.catalog.replace(**changes)
    except InputValidationError as exc:
        return _Forced(math.nan, math.nan, math.nan, str(exc.failure_cases["problem"].iloc[0]))
    try:
        forced = optimize(forced_cat, plan.budget, plan.policy, tie_break=False, **solve_options(plan))
    except InfeasiblePlanError as exc:
        return _Forced(math.nan, math.nan, math.nan, "; ".join(exc.reasons) or "no plan with it fits the rules")
    level = float(forced.selection.at[pid, "level"])
    value = forced.total_value
    if priority is not None:  # the plan's value at the programme's own priority
        own = float(plan.catalog[pid].priority)
        mine = float(forced.selection.at[pid, "value"])
        value = value - mine + (mine * own / priority if priority else 0.0)
    return _Forced(value, forced.objective_value, level)


def _priority_rise(
    plan: Plan, pid: str, forced: _Forced, weight: float, smallest: float, steps: int = 8
) -> tuple[float, float, float]:
    """Smallest priority rise at which ``pid`` enters the optimum, the level it then runs at, and that plan's value.

    Let g(d) be the best weighted objective with the programme forced in (at ``smallest``
    level or more) at priority + d, minus the optimum: g is convex, piecewise linear and
    increasing, with slope (level × weight) of the forced plan. A forced plan that loses L
    at level ℓ is as good as the optimum at d = L / (ℓ × weight), so g(d) ≥ 0 there; Newton
    steps from there down to the root are exact on each linear piece. The value returned
    is the forced plan's at the root, counted at the programme's own priority: what
    forcing it in at that level loses.
    """
    loss = max(plan.objective_value - forced.objective, 0.0)
    if loss <= 1e-9 * max(1.0, abs(plan.objective_value)) or forced.level <= 0:
        return 0.0, forced.level, forced.value
    if str(plan.catalog[pid].mode) == "whole":
        return loss / weight, 1.0, forced.value
    priority = float(plan.catalog[pid].priority)
    rise = loss / (forced.level * weight)
    level, value = forced.level, forced.value
    for _ in range(steps):
        trial = _force(plan, pid, priority + rise, smallest)
        if math.isnan(trial.value) or trial.level <= 0:
            break
        level = trial.level
        value = trial.value
        excess = trial.objective - plan.objective_value
        if excess <= 1e-9 * max(1.0, abs(plan.objective_value)):
            break
        rise = max(rise - excess / (trial.level * weight), 0.0)
    return rise, level, value


def _forced_out_value(pid: str, session: solvers.Session, form: Formulation) -> float:
    i = int(np.flatnonzero(form.ids == pid)[0])
    acts = np.flatnonzero(form.act_prog == i)
    cols = form.act_y[acts]
    session.set_col_bounds(cols, 0.0, 0.0)
    try:
        result = session.solve(tie_break=False)
    finally:
        session.set_col_bounds(cols, form.col_lower[cols], form.col_upper[cols])
    if result.x is None:
        return math.nan
    return plain_value(form, result.x)


def _enters(plan: Plan, pid: str, factor: float) -> bool:
    cat = plan.catalog
    i = cat.ids.index(pid)
    # every cost column of the programme, the parts paid from funding sources included, scales together
    columns = [f"cost_{y}" for y in cat.years] + [f"cost_{y}_{s}" for y in cat.years for s in cat.sources]
    changes = {c: {pid: float(cat.values(c)[i]) * factor} for c in columns if c in cat.columns}
    trial_cat = cat.replace(**changes)
    try:
        trial = optimize(trial_cat, plan.budget, plan.policy, tie_break=False, **solve_options(plan))
    except InfeasiblePlanError:
        return False
    return bool(trial.selection.at[pid, "runs"])


def _extra_money(plan: Plan, pid: str) -> tuple[dict[int, float] | None, dict[str, float] | None]:
    """Smallest rises of the yearly ceilings and source ceilings (rupiah) that let ``pid`` in without losing value."""
    try:
        cat = plan.catalog.replace(mandatory={pid: True})
        form = build(cat, plan.budget, plan.policy)
    except InputValidationError:
        return None, None
    # keep the plan's value (a row), and let each ceiling rise at a price of one per Rp 1 M (slack columns)
    nz = np.flatnonzero(form.objective)
    floor = plan.objective_value * (1 - 1e-9)
    with_floor = append_rows(form, [(nz[None, :], form.objective[nz], floor, INF, RowKind.VALUE_FLOOR, {})])
    ceilings = [int(r) for r in form.ceiling_rows]
    sources = [int(r) for r in form.rows_of(RowKind.SOURCE)]
    slack_rows = ceilings + sources
    elastic = with_slack(with_floor, [(r, -1) for r in slack_rows], form.row_scale[slack_rows] / MILIAR)
    opts = solve_options(plan)
    try:
        result = solvers.solve(elastic, opts["solver"], mip_gap=opts["mip_gap"], tie_break=False)
    except SolverUnavailableError:
        return None, None
    if result.status != SolveStatus.OPTIMAL or result.x is None:
        return None, None
    slack = result.x[form.num_cols :] * form.row_scale[slack_rows]
    # the rise is on the ceiling less reserve; the ceiling itself must rise by slack / (1 - reserve)
    rise = slack[: len(ceilings)] / (1.0 - plan.budget.reserve)
    years = {y: float(r) for y, r in zip(plan.years, rise, strict=True) if r > 1.0}
    by_source = {
        f"{form.row_key(r, 'source')} {form.row_key(r, 'year')}": float(s)
        for r, s in zip(sources, slack[len(ceilings) :], strict=True)
        if s > 1.0
    }
    return years or None, by_source or None


def _cost_cut(plan: Plan, pid: str, steps: int = 6) -> float:
    """Smallest share by which the programme's cost must fall for it to enter (NaN if never)."""
    if not _enters(plan, pid, 0.0):
        return np.nan
    lo, hi = 0.0, 1.0  # factor lo: enters; factor hi: does not
    for _ in range(steps):
        mid = (lo + hi) / 2
        if _enters(plan, pid, mid):
            lo = mid
        else:
            hi = mid
    return 1.0 - lo


# ------------------------------------------------------------------------------------- sentences
def _options(rec: dict[str, Any], lang: Language) -> list[str]:
    """Say the changes that bring the programme in: money first, then priority, then cost."""
    id_ = lang == "id"
    parts = []
    extra = rec["extra_ceiling"] or {}
    sources = rec["extra_source"] or {}
    money = [
        f"pagu {y} naik {format_money(v, lang)}" if id_ else f"the {y} ceiling rose by {format_money(v, lang)}"
        for y, v in extra.items()
    ] + [
        f"pagu sumber {s} naik {format_money(v, lang)}"
        if id_
        else f"the {s} source ceiling rose by {format_money(v, lang)}"
        for s, v in sources.items()
    ]
    if money:
        parts.append((" dan " if id_ else " and ").join(money))
    rise = rec["priority_rise_to_enter"]
    if not math.isnan(rise) and rise > 0:
        level = rec["level_to_enter"]
        at = ""
        if not math.isnan(level) and level < 1 - 1e-9:
            shown = format_percent(level, 0, lang)
            at = f" (lalu berjalan pada level {shown})" if id_ else f" (it would then run at level {shown})"
        parts.append(
            f"prioritasnya naik {format_number(rise, 2, lang)}{at}"
            if id_
            else f"its priority rose by {format_number(rise, 2, lang)}{at}"
        )
    cut = rec["cost_cut_to_enter"]
    if not math.isnan(cut) and cut >= 0.985:
        parts.append("biayanya hampir nol" if id_ else "it cost next to nothing")
    elif not math.isnan(cut):
        parts.append(
            f"biayanya turun {format_percent(cut, 0, lang)}"
            if id_
            else f"its cost fell by {format_percent(cut, 0, lang)}"
        )
    return parts


def _sentence_left_out(plan: Plan, pid: str, rec: dict[str, Any], rules: dict[str, Rule], lang: Language) -> str:
    id_ = lang == "id"
    out = [f"{pid} tidak masuk." if id_ else f"{pid} is left out."]
    keys = [k for k in rec["kept_out_by"].split("; ") if k]
    if keys:
        named = "; ".join(describe_rule(rules[k], lang) for k in keys)
        out.append(
            f"Yang menahannya: {named} (tanpa itu {pid} masuk)."
            if id_
            else f"What keeps it out: {named} (without it, {pid} enters)."
        )
    if rec["lost_to"]:
        group = plan.catalog[pid].exclusive_group
        out.append(
            f"Ia kalah dari {rec['lost_to']} dalam kelompok alternatif {group} (hanya satu yang dapat berjalan)."
            if id_
            else f"It lost to {rec['lost_to']} in the exclusive group {group} (only one may run)."
        )
    if rec["blocked_by"]:
        chain = rec["blocked_by"].split(" -> ")[1:]
        links = (", yang mensyaratkan " if id_ else ", which requires ").join(chain)
        if plan.catalog[chain[-1]].excluded:
            # not a rule that costs value: the catalogue excludes what it needs, so it cannot run at all
            out.append(
                f"Ia mensyaratkan {links}; {chain[-1]} dikecualikan, jadi {pid} tidak dapat berjalan "
                f"(batalkan pengecualian {chain[-1]} agar {pid} dapat masuk)."
                if id_
                else f"It requires {links}; {chain[-1]} is excluded, so {pid} cannot run "
                f"(un-exclude {chain[-1]} to let {pid} in)."
            )
        else:
            out.append(
                f"Ia mensyaratkan {links}; {chain[-1]} tidak ada dalam rencana."
                if id_
                else f"It requires {links}; {chain[-1]} is not in the plan."
            )
    if rec.get("blocked_reasons") and math.isnan(rec["value_change"]):
        out.append(
            f"Ia tidak dapat dipaksa masuk: {rec['blocked_reasons']}."
            if id_
            else f"It cannot be forced in: {rec['blocked_reasons']}."
        )
    loss = -rec["value_change"]
    level = rec["level_to_enter"]
    partial = not math.isnan(level) and level < 1 - 1e-9
    at = (
        (f" pada level {format_percent(level, 0, lang)}" if id_ else f" at level {format_percent(level, 0, lang)}")
        if partial
        else ""
    )
    if not math.isnan(loss):
        if loss > 1e-9 * max(1.0, abs(plan.total_value)):
            out.append(
                f"Memaksanya masuk{at} mengurangi nilai {format_number(loss, 2, lang)}."
                if id_
                else f"Forcing it in{at} would lose {format_number(loss, 2, lang)} of value."
            )
        else:
            out.append(
                f"Memaksanya masuk{at} tidak mengurangi nilai (rencana lain bernilai sama)."
                if id_
                else f"Forcing it in{at} loses nothing (another plan is worth as much)."
            )
    parts = _options(rec, lang)
    if parts:
        joiner = ", atau " if id_ else ", or "
        out.append(("Akan masuk jika " if id_ else "It would enter if ") + joiner.join(parts) + ".")
    elif not math.isnan(loss):
        out.append("Tidak akan masuk walau gratis." if id_ else "It would not enter even at no cost.")
    else:
        out.append("Tidak ada perubahan biaya yang membuatnya masuk." if id_ else "No cost cut would let it in.")
    reason = criteria_reason(plan, pid, lang)
    if reason:
        out.append(f"Menurut kriteria, {reason}." if id_ else f"By the criteria, {reason}.")
    return " ".join(out)


def _sentence_chosen(pid: str, change: float, lang: Language) -> str:
    if math.isnan(change):
        return (
            f"{pid}: tanpa program ini tidak ada rencana yang layak."
            if lang == "id"
            else (f"{pid}: without it no plan satisfies the rules.")
        )
    loss = -change
    if lang == "id":
        return f"{pid} masuk; mengeluarkannya mengurangi nilai {format_number(loss, 2, lang)}."
    return f"{pid} is in the plan; leaving it out would lose {format_number(loss, 2, lang)} of value."
