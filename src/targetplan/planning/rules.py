"""The price of every rule the inputs impose, and why money stays unspent.

Each rule — a year's ceiling, the reserve, a group cap or floor, a funding source's
ceiling or earmark, a count cap, the continuity floor, a commitment cap, a mandatory or
excluded programme, a required group, a programme's requirements — is priced by solving
the plan again **without it**, to the plan's gap and starting from the plan (which stays
feasible, so the optimum can only rise). Its price is the value the optimum gains
without it; a gain within the plan's own gap is not told apart from zero. A rule that no
solution could ever break (its rows cannot reach their bounds for any values of the
variables) costs nothing and is not re-solved; an earmark only checks how the catalogue
splits costs between sources, so it never limits the plan.

The re-solves also say what each rule holds back: the programmes that would enter or
leave without it and the money each year would use — which is how :func:`unspent_money`
tells why a year leaves part of its ceiling unused, and how the explanations name the
rule that keeps a programme out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import solvers
from ..exceptions import ArgumentError, InputValidationError, SolverUnavailableError
from ..inputs.budget import GroupLimit
from ..inputs.policy import CountCap
from ..model.build import build
from ..model.formulation import Formulation, RowKind
from ..model.reference import encode
from ..results.plan import Plan, choices_from_solution, tables_from_choices
from ..text.columns import label
from ..text.language import Language, Pair, get_language, pick
from ..text.money import format_money, format_number, format_percent
from .marginal import open_side_session, solve_options

__all__ = ["RULE_KINDS", "UNSPENT_SHARE", "describe_rule", "rule_prices", "unspent_money", "value_tolerance"]

#: Kinds of rule, in the order the rules table lists them (then by price).
RULE_KINDS = (
    "ceiling",
    "reserve",
    "group_cap",
    "group_floor",
    "source_ceiling",
    "earmark",
    "count_cap",
    "continuity",
    "commitment",
    "mandatory",
    "excluded",
    "required_group",
    "requires",
)

#: A year whose unallocated money is above this share of its ceiling gets a reason in ``unspent``.
UNSPENT_SHARE = 0.01


@dataclass(frozen=True)
class Rule:
    """One rule of the inputs: the model rows it is made of and how to take it away.

    ``rows`` with ``relax_lower`` / ``relax_upper`` say which bounds of which rows the
    rule sets; a rule that is not a set of rows (the reserve, an excluded programme)
    has ``rebuild``, which returns the inputs without it.
    """

    key: str
    kind: str
    words: Pair
    rows: np.ndarray
    relax_lower: bool = False
    relax_upper: bool = False
    rebuild: Callable[[Plan], Formulation] | None = None
    years: tuple[int, ...] = ()


def value_tolerance(plan: Plan) -> float:
    """Objective difference below which two plans are not told apart: the plan's gap, at least 1e-9 of its value."""
    gaps = [plan.options.get("mip_gap"), plan.mip_gap]
    gap = max((float(g) for g in gaps if g is not None and not math.isnan(float(g))), default=1e-4)
    return max(gap, 1e-9) * max(abs(plan.objective_value), 1.0)


# ---------------------------------------------------------------------------------------- the rules
def _column_words(column: str) -> Pair:
    """Return a catalogue column as a word in each language (``dimension``: dimensi / dimension)."""
    return label(column, "id").lower(), label(column, "en").lower()


def _limit_words(limit: GroupLimit, floor: bool) -> Pair:
    amount = limit.floor if floor else limit.cap
    col_id, col_en = _column_words(limit.group_by)
    assert amount is not None
    when_id = f"pada {limit.year}" if limit.year is not None else "setiap tahun"
    when_en = f"in {limit.year}" if limit.year is not None else "every year"
    if limit.as_share:
        how_id, how_en = f"{format_percent(amount, 0, 'id')} pagu", f"{format_percent(amount, 0, 'en')} of the ceiling"
    else:
        how_id, how_en = format_money(amount, "id"), format_money(amount, "en")
    if floor:
        return (
            f"batas bawah {col_id} {limit.group}: paling sedikit {how_id} {when_id}",
            f"the floor on {col_en} {limit.group}: at least {how_en} {when_en}",
        )
    return (
        f"batas atas {col_id} {limit.group}: paling banyak {how_id} {when_id}",
        f"the cap on {col_en} {limit.group}: at most {how_en} {when_en}",
    )


def _count_words(cap: CountCap) -> Pair:
    parts_id, parts_en = [], []
    if cap.max_running is not None:
        parts_id.append(f"{cap.max_running} program berjalan")
        parts_en.append(f"{cap.max_running} programme{'s' if cap.max_running != 1 else ''} running")
    if cap.max_new is not None:
        parts_id.append(f"{cap.max_new} program baru")
        parts_en.append(f"{cap.max_new} new start{'s' if cap.max_new != 1 else ''}")
    if cap.group_by is None:
        who_id, who_en = "seluruh program", "all programmes together"
    else:
        col_id, col_en = _column_words(cap.group_by)
        if cap.group is None:
            who_id, who_en = f"setiap {col_id}", f"each {col_en}"
        else:
            who_id, who_en = f"{col_id} {cap.group}", f"{col_en} {cap.group}"
    when_id = f"pada {cap.year}" if cap.year is not None else "per tahun"
    when_en = f"in {cap.year}" if cap.year is not None else "a year"
    return (
        f"batas jumlah: paling banyak {' dan '.join(parts_id)} {when_id} untuk {who_id}",
        f"the count cap: at most {' and '.join(parts_en)} {when_en} for {who_en}",
    )


def _without_reserve(plan: Plan) -> Formulation:
    return build(plan.catalog, plan.budget.model_copy(update={"reserve": 0.0}), plan.policy)


def _without_exclusion(pid: str) -> Callable[[Plan], Formulation]:
    def rebuild(plan: Plan) -> Formulation:
        return build(plan.catalog.replace(excluded={pid: False}), plan.budget, plan.policy)

    return rebuild


def rules_of(plan: Plan, form: Formulation) -> list[Rule]:
    """List every rule the plan's inputs impose, with the rows of ``form`` that make it."""
    budget, policy, catalog = plan.budget, plan.policy, plan.catalog
    none = np.empty(0, dtype=np.int64)
    out: list[Rule] = []

    def add(key: str, kind: str, words: Pair, rows: np.ndarray, **how: Any) -> None:
        out.append(Rule(key, kind, words, rows, **how))

    for year in plan.years:
        words = (f"pagu {year}", f"the {year} ceiling")
        add(f"ceiling:{year}", "ceiling", words, form.rows_of("ceiling", year=year), relax_upper=True, years=(year,))
    if budget.reserve > 0:
        share = format_percent(budget.reserve, 0, "id"), format_percent(budget.reserve, 0, "en")
        words = (f"cadangan {share[0]} dari setiap pagu", f"the reserve of {share[1]} of each ceiling")
        add("reserve", "reserve", words, none, rebuild=_without_reserve)
    for i, limit in enumerate(budget.limits):
        rows = form.rows_of("group", item=i)
        if limit.cap is not None:
            add(f"group_cap:{i}", "group_cap", _limit_words(limit, False), rows, relax_upper=True)
        if limit.floor is not None:
            add(f"group_floor:{i}", "group_floor", _limit_words(limit, True), rows, relax_lower=True)
    for source in budget.source_ceilings:
        words = (f"pagu sumber dana {source}", f"the {source} source ceiling")
        add(
            f"source_ceiling:{source}", "source_ceiling", words, form.rows_of("source", source=source), relax_upper=True
        )
    for source, allowed in budget.earmarks.items():
        what = "; ".join(f"{col} {', '.join(values)}" for col, values in allowed.items())
        add(
            f"earmark:{source}",
            "earmark",
            (f"peruntukan {source}: hanya {what}", f"the {source} earmark: only {what}"),
            none,
        )
    for i, count in enumerate(policy.count_caps):
        rows = np.sort(
            np.concatenate([form.rows_of(RowKind.RUNNING, item=i), form.rows_of(RowKind.NEW_STARTS, item=i)])
        )
        add(f"count_cap:{i}", "count_cap", _count_words(count), rows, relax_upper=True)
    if policy.continuity_floor > 0:
        share = format_percent(policy.continuity_floor, 0, "id"), format_percent(policy.continuity_floor, 0, "en")
        words = (f"lantai kontinuitas {share[0]}", f"the {share[1]} continuity floor")
        add("continuity", "continuity", words, form.rows_of("continuity"), relax_lower=True)
    commitment = form.rows_of("commitment")
    for boundary in sorted({form.row_key(int(r), "boundary") for r in commitment}):
        share = (
            format_percent(policy.commitment_cap or 0.0, 0, "id"),
            format_percent(policy.commitment_cap or 0.0, 0, "en"),
        )
        words = (
            f"batas komitmen {share[0]} atas periode mulai {boundary}",
            f"the {share[1]} commitment cap on the term from {boundary}",
        )
        add(
            f"commitment:{boundary}",
            "commitment",
            words,
            form.rows_of("commitment", boundary=boundary),
            relax_upper=True,
        )
    mandatory = catalog.values("mandatory").astype(bool)
    excluded = catalog.values("excluded").astype(bool)
    for pid, must, left_out in zip(catalog.ids, mandatory, excluded, strict=True):
        if must:
            words = (f"{pid} wajib", f"{pid} mandatory")
            add(f"mandatory:{pid}", "mandatory", words, form.rows_of("start", programme=pid), relax_lower=True)
        if left_out:
            words = (f"{pid} dikecualikan", f"{pid} excluded")
            add(f"excluded:{pid}", "excluded", words, none, rebuild=_without_exclusion(pid))
    exclusive = form.rows_of("exclusive")
    for group in sorted({str(form.row_key(int(r), "group")) for r in exclusive if form.row_lower[r] > 0}):
        words = (f"satu program kelompok {group} wajib berjalan", f"one programme of group {group} required")
        add(
            f"required_group:{group}", "required_group", words, form.rows_of("exclusive", group=group), relax_lower=True
        )
    for pid in dict.fromkeys(str(form.row_key(int(r), "programme")) for r in form.rows_of("requires")):
        rows = form.rows_of("requires", programme=pid)
        others = ", ".join(dict.fromkeys(str(form.row_key(int(r), "other")) for r in rows))
        words = (f"{pid} mensyaratkan {others}", f"{pid} requires {others}")
        add(f"requires:{pid}", "requires", words, rows, relax_lower=True, relax_upper=True)
    return out


def describe_rule(rule: Rule, lang: Language | None = None) -> str:
    """Say the rule in words, in the language."""
    return pick(rule.words, lang or get_language())


# ---------------------------------------------------------------------------------------- pricing
def _row_range(form: Formulation, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least and most each row's activity can be over the variables' bounds (scaled units)."""
    lo = np.zeros(len(rows))
    hi = np.zeros(len(rows))
    for k, r in enumerate(rows):
        idx = form.index[form.start[r] : form.start[r + 1]]
        val = form.value[form.start[r] : form.start[r + 1]]
        a, b = val * form.col_lower[idx], val * form.col_upper[idx]
        lo[k], hi[k] = np.minimum(a, b).sum(), np.maximum(a, b).sum()
    return lo, hi


def _can_bind(form: Formulation, rule: Rule) -> bool:
    """Whether some values of the variables reach past the bounds the rule sets (else it never binds)."""
    if rule.rebuild is not None:
        return True
    if not len(rule.rows):
        return False
    lo, hi = _row_range(form, rule.rows)
    eps = 1e-9
    if rule.relax_upper and (hi > form.row_upper[rule.rows] + eps).any():
        return True
    return bool(rule.relax_lower and (lo < form.row_lower[rule.rows] - eps).any())


def _tight_years(form: Formulation, rule: Rule, activity: np.ndarray, plan: Plan) -> tuple[int, ...]:
    """Years (ascending) in which the plan is at a bound the rule sets."""
    if not len(rule.rows):
        return ()
    rows = rule.rows
    scale = form.row_scale[rows]
    act = activity[rows]
    lower, upper = form.row_lower[rows] * scale, form.row_upper[rows] * scale
    tol = 1e-6 * np.maximum(np.abs(np.where(np.isfinite(upper), upper, lower)), 1.0)
    at = np.zeros(len(rows), dtype=bool)
    if rule.relax_upper:
        at |= np.isfinite(upper) & (act >= upper - tol)
    if rule.relax_lower:
        at |= np.isfinite(lower) & (act <= lower + tol)
    years = form.row_keys["year"][rows][at]
    if rule.kind in ("mandatory", "required_group", "requires", "continuity") or (years < 0).all():
        # rules not about one year: the years the programmes concerned spend in
        return tuple(plan.years) if at.any() and (years < 0).all() else tuple(sorted({int(y) for y in years if y >= 0}))
    return tuple(sorted({int(y) for y in years if y >= 0}))


@dataclass(frozen=True)
class _Without:
    """The plan re-solved without one rule."""

    objective: float
    value: float
    spend: np.ndarray  # per year
    runs: frozenset[str]


def _solve_without(
    plan: Plan, form: Formulation, session: solvers.Session, x0: np.ndarray, rule: Rule
) -> _Without | None:
    if rule.rebuild is not None:
        try:
            other = rule.rebuild(plan)
        except InputValidationError:
            return None
        if other.num_cols == form.num_cols and other.num_rows == form.num_rows:
            session.set_model(other)
            try:
                result = session.solve(start=x0, tie_break=False)
            finally:
                session.set_model(form)
        else:
            opts = solve_options(plan)
            start = encode(other, np.asarray(plan.start_years), plan.levels.to_numpy())
            result = solvers.solve(
                other,
                opts["solver"],
                tie_break=False,
                start=start,
                mip_gap=opts["mip_gap"],
                time_limit=opts["time_limit"],
            )
        used = other
    else:
        rows = rule.rows
        scale = form.row_scale[rows]
        lower, upper = form.row_lower[rows] * scale, form.row_upper[rows] * scale
        session.set_row_bounds(
            rows,
            np.full(len(rows), -np.inf) if rule.relax_lower else lower,
            np.full(len(rows), np.inf) if rule.relax_upper else upper,
        )
        try:
            result = session.solve(start=x0, tie_break=False)
        finally:
            session.set_row_bounds(rows, lower, upper)
        used = form
    if result.x is None:
        return None
    start, levels = choices_from_solution(used, result.x)
    tables = tables_from_choices(used.catalog, start, levels)
    runs = frozenset(tables.selection.index[tables.selection["runs"]])
    return _Without(float(used.objective @ result.x), tables.total_value, tables.costs.to_numpy().sum(axis=0), runs)


def rule_prices(plan: Plan, lang: Language | None = None) -> tuple[pd.DataFrame, dict[str, Rule]]:
    """Price every rule of the plan's inputs by re-solving without it.

    Parameters
    ----------
    plan : Plan
        An optimal or feasible plan.
    lang : {"id", "en"}, optional
        Language of the ``description`` column.

    Returns
    -------
    (DataFrame, dict)
        The table, index ``rule`` (a key such as ``ceiling:2024``, ``group_cap:0`` —
        the position in ``budget.limits`` —, ``count_cap:1``, ``commitment:2025``,
        ``mandatory:GOV-01``, ``requires:GOV-05``), columns ``rule_kind`` (see
        :data:`RULE_KINDS`), ``description``, ``tight_years`` (years in which the plan
        is at the rule's limit), ``binds`` (the rule costs value beyond the plan's gap),
        ``price`` (value the optimum gains without the rule; 0 when it does not bind),
        ``price_share`` (price ÷ the plan's value), ``extra_spend`` (rupiah the plan
        without it spends more, over all years), ``extra_spend_years`` (year → rupiah,
        the years whose spending changes), ``enter_without`` and ``leave_without`` (ids),
        ``resolved`` (whether a re-solve was needed); and the rules by key.
    """
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} has no rule prices")
    lang = lang or get_language()
    form = build(plan.catalog, plan.budget, plan.policy)
    x0 = encode(form, np.asarray(plan.start_years), plan.levels.to_numpy())
    activity = form.row_activity(x0)
    base_objective = float(form.objective @ x0)
    tol = value_tolerance(plan)
    rules = rules_of(plan, form)
    session: solvers.Session | None = None
    base_spend = plan.costs.to_numpy().sum(axis=0)
    runs_now = frozenset(plan.selected_ids)
    records = []
    for rule in rules:
        rec: dict[str, Any] = {
            "rule": rule.key,
            "rule_kind": rule.kind,
            "description": describe_rule(rule, lang),
            "tight_years": ", ".join(str(y) for y in _tight_years(form, rule, activity, plan)),
            "binds": False,
            "price": 0.0,
            "price_share": 0.0,
            "extra_spend": 0.0,
            "extra_spend_years": {},
            "enter_without": "",
            "leave_without": "",
            "resolved": False,
        }
        if _can_bind(form, rule):
            if session is None:
                try:
                    session = open_side_session(plan, form)
                except SolverUnavailableError:
                    session = None
            without = _solve_without(plan, form, session, x0, rule) if session is not None else None
            rec["resolved"] = without is not None
            if without is not None and without.objective - base_objective > tol:
                change = without.spend - base_spend
                money_tol = 1e-6 * max(float(base_spend.max()), 1.0)
                rec.update(
                    binds=True,
                    price=max(without.value - plan.total_value, 0.0),
                    extra_spend=float(change.sum()) if abs(change.sum()) > money_tol else 0.0,
                    extra_spend_years={
                        int(y): float(c) for y, c in zip(plan.years, change, strict=True) if abs(c) > money_tol
                    },
                    enter_without=", ".join(sorted(without.runs - runs_now)),
                    leave_without=", ".join(sorted(runs_now - without.runs)),
                )
                rec["price_share"] = rec["price"] / plan.total_value if plan.total_value else math.nan
        records.append(rec)
    table = pd.DataFrame(records, columns=list(records[0]) if records else ["rule"]).set_index("rule")
    if len(table):
        order = {k: i for i, k in enumerate(RULE_KINDS)}
        table = table.assign(_k=table["rule_kind"].map(order)).sort_values(["_k"], kind="stable").drop(columns="_k")
    return table, {r.key: r for r in rules}


# ---------------------------------------------------------------------------------------- unspent money
def _cheapest_candidate(plan: Plan, year: int) -> tuple[str, float] | None:
    """Find the left-out programme that could spend in ``year`` for the least that year (at its smallest level)."""
    catalog = plan.catalog
    years = list(plan.years)
    runs = plan.selection["runs"]
    best: tuple[str, float] | None = None
    for pid in catalog.ids:
        program = catalog[pid]
        if runs.get(program.id, False) or program.excluded:
            continue
        costs = np.array([program.costs.get(y, 0.0) for y in years], dtype=float)
        active = np.flatnonzero(costs > 0)
        if not len(active):
            continue
        first = years[int(active[0])]
        span = int(active[-1] - active[0])
        earliest = program.earliest_start if program.earliest_start is not None else first
        latest = program.latest_start if program.latest_start is not None else years[-1]
        level = 1.0 if str(program.mode) == "whole" else float(program.min_level or 0.0)
        for s in range(max(earliest, years[0]), min(latest, years[-1]) + 1):
            offset = year - s
            if offset < 0 or offset > span:
                continue
            need = float(costs[int(active[0]) + offset]) * max(level, 1e-9)
            if need > 0 and (best is None or need < best[1]):
                best = (program.id, need)
    return best


def unspent_money(
    plan: Plan, rules: pd.DataFrame, words: dict[str, Rule], lang: Language | None = None, share: float = UNSPENT_SHARE
) -> pd.DataFrame:
    """Why each year leaves more than ``share`` of its ceiling unallocated.

    Returns
    -------
    DataFrame
        Index ``year`` (only the years concerned): ``ceiling``, ``available`` (ceiling
        less reserve), ``allocated``, ``unallocated`` (available − allocated),
        ``unallocated_share`` (÷ ceiling), ``causes`` (keys of the rules whose removal
        lets the plan spend more that year, most money first; empty when none does),
        ``fill`` (the most one of them would add that year) and ``sentence``.
    """
    lang = lang or get_language()
    id_ = lang == "id"
    yearly = plan.yearly
    rows = []
    for year, row in yearly.iterrows():
        ceiling = float(row["ceiling"])
        left = float(row["available"] - row["allocated"])
        if ceiling <= 0 or left <= share * ceiling:
            continue
        floor = max(1e-3 * ceiling, 1e6)
        fills = []
        for key, r in rules[rules["binds"]].iterrows():
            more = float((r["extra_spend_years"] or {}).get(int(year), 0.0))
            if more > floor:
                fills.append((more, str(key)))
        fills.sort(key=lambda f: -f[0])
        money = format_money(left, lang)
        pct = format_percent(left / ceiling, 0, lang)
        if fills:
            named = []
            for m, k in fills[:3]:
                gained = f"{'tanpanya' if id_ else 'without it'} +{format_money(m, lang)}"
                names = str(rules.at[k, "enter_without"])
                if k == f"ceiling:{int(year)}" and names:
                    named.append(
                        f"sisanya tidak cukup untuk {names} ({gained})"
                        if id_
                        else f"what is left is too little for {names} ({gained})"
                    )
                else:
                    named.append(f"{describe_rule(words[k], lang)} ({gained})")
            sentence = (
                f"{year}: {money} ({pct}) pagu tidak terpakai; yang menahan belanja: {'; '.join(named)}."
                if id_
                else f"{year}: {money} ({pct}) of the ceiling unused; what holds spending back: {'; '.join(named)}."
            )
        else:
            cheapest = _cheapest_candidate(plan, int(year))
            if cheapest is None:
                reason = (
                    "tidak ada lagi program yang dapat berbelanja pada tahun itu"
                    if id_
                    else "no programme left that could spend in that year"
                )
            else:
                reason = (
                    f"tidak ada calon tersisa yang muat: yang termurah, {cheapest[0]}, butuh "
                    f"{format_money(cheapest[1], lang)} pada tahun itu"
                    if id_
                    else f"no candidate left that fits: the cheapest, {cheapest[0]}, needs "
                    f"{format_money(cheapest[1], lang)} that year"
                )
            sentence = (
                f"{year}: {money} ({pct}) pagu tidak terpakai; {reason}."
                if id_
                else f"{year}: {money} ({pct}) of the ceiling unused; {reason}."
            )
        rows.append(
            {
                "year": int(year),
                "ceiling": ceiling,
                "available": float(row["available"]),
                "allocated": float(row["allocated"]),
                "unallocated": left,
                "unallocated_share": left / ceiling,
                "causes": "; ".join(k for _, k in fills),
                "fill": fills[0][0] if fills else 0.0,
                "sentence": sentence,
            }
        )
    columns = ["year", "ceiling", "available", "allocated", "unallocated", "unallocated_share", "causes", "fill"]
    return pd.DataFrame(rows, columns=[*columns, "sentence"]).set_index("year")


def price_words(price: float, share: float, lang: Language) -> str:
    """``"68.4 value points (3.7%)"`` in the language."""
    if lang == "id":
        return f"{format_number(price, 1, lang)} poin nilai ({format_percent(share, 1, lang)})"
    return f"{format_number(price, 1, lang)} value points ({format_percent(share, 1, lang)})"
