"""Why is there no plan? Explanations of infeasibility in planning terms.

Two stages:

1. **Quick checks** on the inputs: mandatory programmes alone above a year's ceiling,
   group floors above what the group's programmes can spend or above the ceiling,
   a continuity floor that the carry-overs cannot reach.
2. **Elastic re-solve**: the money and policy rows (ceilings, group caps and floors,
   continuity floor, commitment caps) get slack variables and the model is solved
   again minimising the slack. The rows that need slack are the rules in conflict, and
   the slack is how far (in rupiah, or priority for the continuity floor) each would
   have to move.
"""

from __future__ import annotations

import numpy as np

from .. import solvers
from ..exceptions import SolverUnavailableError
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.policy import Policy
from ..model.build import build
from ..model.elastic import with_slack
from ..model.formulation import Formulation, RowKind
from ..solvers.base import SolveStatus
from ..text.language import Language, Pair, checked, get_language
from ..text.money import MILIAR, format_money

__all__ = ["elastic_conflicts", "explain_infeasibility", "infeasibility"]

#: Said when the elastic re-solve cannot run (no solver loads: neither HiGHS nor CBC).
NO_SOLVER: Pair = (
    "aturan-aturannya bertentangan, tetapi penjelasan rincinya (pagu, batas bawah atau batas atas mana, berapa "
    "besar) memerlukan solver: pip install highspy",
    "the rules conflict, but the detailed explanation (which ceilings, floors or caps, by how much) needs a "
    "solver: pip install highspy",
)

#: The explanation when neither the quick checks nor the elastic re-solve find a money conflict.
NOTHING_FOUND: Pair = (
    "jendela mulai, relasi prasyarat (requires) dan kelompok eksklusif tidak dapat dipenuhi bersamaan "
    "(berapa pun uangnya); periksa program wajib dan prasyaratnya",
    "the start windows, 'requires' relations and exclusive groups cannot all be met together "
    "(no amount of money fixes it); check mandatory programmes and their requirements",
)

#: The first line of the message of :class:`~targetplan.exceptions.InfeasiblePlanError`.
NO_PLAN: Pair = ("tidak ada rencana yang memenuhi semua aturan", "no plan satisfies every rule")
WHAT_CONFLICTS: Pair = ("yang bertentangan:", "what conflicts:")


def _pick(pair: Pair, lang: Language) -> str:
    return pair[0] if lang == "id" else pair[1]


_ELASTIC_KINDS = (
    RowKind.CEILING,
    RowKind.GROUP,
    RowKind.CONTINUITY,
    RowKind.COMMITMENT,
    RowKind.SOURCE,
    RowKind.RUNNING,
    RowKind.NEW_STARTS,
)
_COUNT_KINDS = (RowKind.RUNNING, RowKind.NEW_STARTS)


def _quick_checks(form: Formulation, lang: Language) -> list[str]:
    reasons = []
    catalog, budget = form.catalog, form.budget
    years = form.years
    # mandatory programmes with a single possible start: their smallest spending per year
    single = {p: n for p, n in zip(*np.unique(form.act_prog, return_counts=True), strict=True)}
    mand = catalog.values("mandatory").astype(bool)[form.order]
    min_level = catalog.values("min_level").astype(float)[form.order]
    need = np.zeros(len(years))
    names: list[list[str]] = [[] for _ in years]
    for c in range(len(form.cell_act)):
        p = form.cell_prog[c]
        if mand[p] and single.get(p, 0) == 1 and form.cell_cost[c] > 0:
            amount = form.cell_cost[c] * (1.0 if form.mode[p] == "whole" else min_level[p])
            if amount > 0:
                need[form.cell_year[c]] += amount
                names[form.cell_year[c]].append(str(form.ids[p]))

    def money(amount: float) -> str:
        return format_money(amount, lang=lang)

    def say(pair: Pair) -> None:
        reasons.append(_pick(pair, lang))

    for t, y in enumerate(years):
        # to the rupiah, as plans are checked: a pagu is a legal limit
        if need[t] - budget.available(y) >= 0.5:
            who, over, room = (
                ", ".join(sorted(set(names[t]))),
                money(need[t] - budget.available(y)),
                money(budget.available(y)),
            )
            say(
                (
                    f"{y}: program wajib saja ({who}) memerlukan {money(need[t])}, {over} di atas pagu "
                    f"dikurangi cadangan {room}",
                    f"{y}: mandatory programmes alone ({who}) need {money(need[t])}, {over} above the ceiling less "
                    f"reserve {room}",
                )
            )
    for y in years:
        floors: dict[tuple[str, str], float] = {}
        caps: dict[tuple[str, str], float] = {}
        for lim in budget.limits:
            if lim.year not in (None, y):
                continue
            cap, floor = lim.amounts(budget.ceilings[y])
            key = (lim.group_by, lim.group)
            if floor is not None:
                floors[key] = max(floors.get(key, 0.0), floor)
            if cap is not None:
                caps[key] = min(caps.get(key, np.inf), cap)
        for key in sorted(set(floors) & set(caps)):
            if floors[key] > caps[key] * (1 + 1e-9):
                f, capped = money(floors[key]), money(caps[key])
                say(
                    (
                        f"{y}: batas bawah {key[0]} {key[1]} ({f}) di atas batas atasnya ({capped}); "
                        "turunkan batas bawah atau naikkan batas atas",
                        f"{y}: the floor for {key[0]} {key[1]} ({f}) is above its cap ({capped}); "
                        "lower the floor or raise the cap",
                    )
                )
    for lim in budget.limits:
        if lim.floor is None:
            continue
        for y in [lim.year] if lim.year is not None else years:
            _, floor = lim.amounts(budget.ceilings[y])
            if floor is not None and floor > budget.available(y) * (1 + 1e-9):
                f, room = money(floor), money(budget.available(y))
                say(
                    (
                        f"{y}: batas bawah {lim.group_by} {lim.group} ({f}) di atas pagu dikurangi cadangan ({room})",
                        f"{y}: the floor for {lim.group_by} {lim.group} ({f}) is above the ceiling less reserve "
                        f"({room})",
                    )
                )
            member = (catalog.text(lim.group_by) == lim.group)[form.order]
            t = y - years[0]
            most = float(form.cell_cost[(form.cell_year == t) & member[form.cell_prog]].sum())
            if floor is not None and floor > most * (1 + 1e-9):
                f, m = money(floor), money(most)
                say(
                    (
                        f"{y}: batas bawah {lim.group_by} {lim.group} ({f}) lebih besar daripada yang dapat "
                        f"dibelanjakan semua programnya tahun itu ({m})",
                        f"{y}: the floor for {lim.group_by} {lim.group} ({f}) is more than all its programmes could "
                        f"spend that year ({m})",
                    )
                )
    return reasons


def elastic_conflicts(form: Formulation) -> tuple[list[tuple[int, int, float]], np.ndarray] | None:
    """Solve with slack on money and policy rows: the rows that need slack, and the solution.

    Slack is priced so that the answer is the least money: money rows per miliar, the
    continuity floor at the catalogue's average cost of a priority point, and structural
    rows (a mandatory programme, a required alternative) at a prohibitive price, so they
    are blamed only when no amount of money helps. Solved like any plan, with HiGHS or,
    where HiGHS cannot be loaded, CBC.

    Returns
    -------
    (list, array) or None
        ``(row, sign, amount)`` per row that needs slack (sign -1: above its upper bound,
        +1: below its lower bound; amount in the row's own units), and the solution's
        values of the model's own variables; ``([], empty)`` when the elastic model has no
        optimum; ``None`` when no solver loads.
    """
    mandatory_rows = (form.row_kind == RowKind.START) & (form.row_lower > 0)
    required_groups = (form.row_kind == RowKind.EXCLUSIVE) & (form.row_lower > 0)
    elastic = np.flatnonzero(np.isin(form.row_kind, _ELASTIC_KINDS) | mandatory_rows | required_groups)
    total_cost = float(form.cell_cost.sum())
    total_priority = float(form.priority.sum())
    per_point = total_cost / total_priority if total_priority > 0 else 1e9
    slack_of: list[tuple[int, int]] = []  # (row, sign)
    prices: list[float] = []
    for row in elastic.tolist():
        kind = form.row_kind[row]
        if kind in (RowKind.START, RowKind.EXCLUSIVE):
            price = 1e6
        elif kind in _COUNT_KINDS:
            price = 1e3  # one more programme allowed: dearer than any realistic amount of money
        elif kind == "continuity":
            price = form.row_scale[row] * per_point / MILIAR
        else:
            price = form.row_scale[row] / MILIAR
        for sign, bound in ((-1.0, form.row_upper[row]), (1.0, form.row_lower[row])):
            if np.isfinite(bound) and not (kind in (RowKind.START, RowKind.EXCLUSIVE) and sign < 0):
                slack_of.append((row, int(sign)))
                prices.append(float(price))
    try:
        # a side solve: threads=None keeps what this process's solver already uses
        result = solvers.solve(
            with_slack(form, slack_of, np.array(prices)), mip_gap=1e-4, time_limit=60.0, tie_break=False
        )
    except SolverUnavailableError:
        return None
    if result.status != SolveStatus.OPTIMAL or result.x is None:
        return [], np.empty(0)
    solution = result.x
    found = []
    for (r, sign), s in zip(slack_of, solution[form.num_cols :], strict=True):
        amount = float(s * form.row_scale[r])
        if amount <= 1e-6 * max(1.0, abs(form.row_upper[r] if sign < 0 else form.row_lower[r]) * form.row_scale[r]):
            continue
        found.append((r, sign, amount))
    return found, solution[: form.num_cols]


def _elastic(form: Formulation, lang: Language) -> list[str]:
    """Say which rows are in conflict, in planning words (see :func:`elastic_conflicts`)."""
    answer = elastic_conflicts(form)
    if answer is None:
        return [_pick(NO_SOLVER, lang)]
    found, x = answer
    must = _must_run(form, x) if len(x) else {}
    return [
        _pick(_say(form, r, sign, amount, must.get(form.row_key(r, "year"), ("", "")), lang), lang)
        for r, sign, amount in found
    ]


def _must_run(form: Formulation, x: np.ndarray) -> dict[int, Pair]:
    """Name, per year, the programmes that must run and spend in the elastic plan.

    Those are the mandatory ones and the member running of each required exclusive group.
    """
    catalog = form.catalog
    mandatory = catalog.values("mandatory").astype(bool)[form.order]
    group = catalog.values("exclusive_group")[form.order]
    required = catalog.values("group_required").astype(bool)[form.order] & (group != "")
    running = np.round(x[form.act_y]) > 0.5
    spends = running[form.cell_act] & (form.cell_cost > 0) & (mandatory | required)[form.cell_prog]
    out: dict[int, list[Pair]] = {}
    for c in np.flatnonzero(spends).tolist():
        p = int(form.cell_prog[c])
        what: Pair = (
            (f"{form.ids[p]}, wajib", f"{form.ids[p]}, mandatory")
            if mandatory[p]
            else (
                f"{form.ids[p]}, salah satu kelompok wajib {group[p]}",
                f"{form.ids[p]}, one of the required group {group[p]}",
            )
        )
        names = out.setdefault(form.years[int(form.cell_year[c])], [])
        if what not in names:
            names.append(what)
    return {
        year: ("; ".join(sorted(n[0] for n in names)), "; ".join(sorted(n[1] for n in names)))
        for year, names in out.items()
    }


def _label(form: Formulation, row: int) -> Pair:
    """Return what a row is about, in both languages (``form.describe_row`` is the English one)."""
    k = {key: form.row_key(row, key) for key in form.row_keys}
    kind, year = k["kind"], k["year"]
    english = form.describe_row(row)
    if kind == RowKind.CEILING:
        return f"pagu {year}", english
    if kind in (RowKind.RUNNING, RowKind.NEW_STARTS):
        who = "semua program" if not k["group_by"] else f"{k['group_by']} {k['group']}"
        what = "berjalan" if kind == RowKind.RUNNING else "mulai baru"
        return f"paling banyak {k['n']} program {what} di {year} ({who})", english
    if kind == RowKind.EXCLUSIVE:
        return f"kelompok eksklusif {k['group']}", english
    if kind == RowKind.COMMITMENT:
        return f"batas komitmen {year} (program yang dimulai sebelum {k['boundary']})", english
    if kind == RowKind.SOURCE:
        return f"sumber dana {k['source']} {year}", english
    if kind == RowKind.CHANGES:
        return f"paling banyak {k['n']} perubahan dari rencana acuan", english
    return english, english


def _say(form: Formulation, row: int, sign: int, amount: float, must: Pair, lang: Language) -> Pair:
    """One conflict in planning words, both languages; ``must`` names the programmes that must run that year."""
    kind, (label_id, label_en) = form.row_kind[row], _label(form, row)
    money = format_money(amount, lang=lang)
    if kind == RowKind.CONTINUITY:
        return (
            f"batas kesinambungan tidak tercapai: program lanjutan kurang {amount:,.2f} poin prioritas; turunkan "
            "continuity_floor atau beri ruang bagi program lanjutan",
            f"the continuity floor is out of reach: carry-overs fall short by {amount:,.2f} priority points; "
            "lower continuity_floor or make room for carry-overs",
        )
    if kind == RowKind.CEILING:
        year = form.row_key(row, "year")
        return (
            f"{year}: pagu (dikurangi cadangan) harus naik {money}, atau program yang wajib berjalan"
            f"{f' ({must[0]})' if must[0] else ''} harus {money} lebih murah",
            f"{year}: the ceiling (less reserve) would have to rise by {money}, or the programmes that must run"
            f"{f' ({must[1]})' if must[1] else ''} would have to cost that much less",
        )
    if kind == RowKind.GROUP:
        if sign < 0:
            return f"{label_id}: batas atas harus naik {money}", f"{label_en}: the cap would have to rise by {money}"
        return f"{label_id}: batas bawah harus turun {money}", f"{label_en}: the floor would have to fall by {money}"
    if kind == RowKind.COMMITMENT:
        return (
            f"{label_id}: program yang dimulai lebih awal memerlukan {money} lebih dari batas komitmen",
            f"{label_en}: programmes started earlier need {money} more than the commitment cap allows",
        )
    if kind == RowKind.SOURCE:
        return (
            f"{label_id}: pagu sumber dana ini harus naik {money}",
            f"{label_en}: this funding source's ceiling would have to rise by {money}",
        )
    if kind in _COUNT_KINDS:
        return (
            f"{label_id}: {amount:,.0f} program lagi harus diizinkan",
            f"{label_en}: {amount:,.0f} more programme(s) would have to be allowed",
        )
    if kind == RowKind.START:
        pid = form.row_key(row, "programme")
        return (
            f"program wajib {pid} tidak dapat berjalan bersama aturan lainnya (jendela mulai, prasyarat atau "
            "kelompoknya)",
            f"mandatory programme {pid} cannot run together with the other rules (its window, requirements or group)",
        )
    if kind == RowKind.EXCLUSIVE:
        return (
            f"{label_id}: tidak satu pun alternatif dapat berjalan, padahal satu diwajibkan",
            f"{label_en}: none of the alternatives can run, but one is required",
        )
    return f"{label_id}: harus bergeser {money}", f"{label_en}: would have to move by {money}"


def explain_infeasibility(
    catalog: Catalog, budget: Budget, policy: Policy | None = None, lang: Language | None = None
) -> list[str]:
    """Explain in planning terms why no plan satisfies every rule.

    Parameters
    ----------
    lang : {"id", "en"}, optional
        Language of the sentences (default: the report language, ``tp.set_language``).

    Returns
    -------
    list of str
        One sentence per conflict (which years, which groups, by how much).
    """
    lang = checked(lang or get_language())
    form = build(catalog, budget, policy)
    reasons = _quick_checks(form, lang)
    if not reasons:
        reasons = _elastic(form, lang)
    if not reasons:
        reasons = [_pick(NOTHING_FOUND, lang)]
    return reasons


def infeasibility(form: Formulation, lang: Language | None = None) -> tuple[str, str, list[str]]:
    """Why a model has no plan: the message's head, its lead to the reasons, and the reasons, in ``lang``.

    A model with a cap on changes from a reference plan names that cap first.
    """
    lang = checked(lang or get_language())
    reasons = explain_infeasibility(form.catalog, form.budget, form.policy, lang=lang)
    changes_rows = form.rows_of(RowKind.CHANGES)
    if len(changes_rows):
        label = _label(form, int(changes_rows[0]))
        reasons = [r for r in reasons if r not in NOTHING_FOUND and "max_changes" not in r]
        reasons.insert(
            0,
            _pick(
                (
                    f"tidak ada rencana dengan {label[0]} yang memenuhi aturan; izinkan lebih banyak perubahan "
                    "(max_changes) atau lepaskan sebagian stabilitas",
                    f"no plan with {label[1]} satisfies the rules; allow more changes (max_changes) or give up "
                    "some stability",
                ),
                lang,
            ),
        )
    return _pick(NO_PLAN, lang), _pick(WHAT_CONFLICTS, lang), reasons
