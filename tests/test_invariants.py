"""Properties of ``tp.optimize`` on random catalogues of every mode, and ``Plan.check()``.

* Invariants (hypothesis): a returned plan passes ``check()``, keeps every year under
  its ceiling less reserve, forces mandatory programmes in and excluded ones out; a
  larger budget never lowers the optimum; scaling all money by one factor leaves the
  plan unchanged; the row order of the catalogue does not matter; HiGHS and CBC agree
  on the optimum.
* ``Plan.check()`` catches tampered plans (``dataclasses.replace``), one rule at a time.

Amounts are in units of ``G`` = 10^9 rupiah.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import targetplan as tp
from helpers import Problem, make_catalog

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

G = 1e9
Y0 = 2024
SETTINGS = settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn, floors: bool = True) -> Problem:
    """Random catalogues of whole, scalable and flexible programmes with every kind of rule."""
    h = draw(st.integers(1, 4), label="horizon")
    years = tuple(range(Y0, Y0 + h))
    n = draw(st.integers(1, 8), label="programmes")
    rows: list[dict[str, Any]] = []
    for i in range(n):
        mode = draw(st.sampled_from(["whole", "scalable", "flexible"]))
        e = draw(st.integers(0, h - 1))
        length = draw(st.integers(1, h - e))
        sched = draw(st.lists(st.integers(0, 8), min_size=length, max_size=length))
        late = draw(st.integers(e, h - 1))
        flag = draw(st.sampled_from(["", "", "", "", "", "", "mandatory", "excluded"]))
        min_level = None if mode == "whole" else draw(st.sampled_from([None, 0.0, 0.3, 0.5, 1.0]))
        if flag == "mandatory" and mode != "whole" and not min_level:
            # A mandatory non-whole programme with min_level 0 hits a known bug
            # (test_optimality.py::test_mandatory_programme_at_level_zero_is_a_valid_plan).
            min_level = 0.5
        row: dict[str, Any] = {
            "id": f"P{i}",
            "priority": draw(st.integers(0, 20)) / 2,
            "status": draw(st.sampled_from(["new", "new", "continuing"])),
            "mode": mode,
            "min_level": min_level,
            "earliest_start": years[e],
            "latest_start": years[late],
            "mandatory": flag == "mandatory",
            "excluded": flag == "excluded",
            "dimension": draw(st.sampled_from(["gov", "eco", "liv"])),
            "exclusive_group": draw(st.sampled_from(["", "", "", "X", "Y"])),
            "requires": "",
        }
        with_targets = mode != "whole" and draw(st.booleans())
        for t, y in enumerate(years):
            k = t - e
            row[f"cost_{y}"] = float(sched[k]) * G if 0 <= k < length else 0.0
            if with_targets:
                row[f"target_{y}"] = float(draw(st.integers(0, 5))) if 0 <= k < length else np.nan
        cands = [r["id"] for r in rows if not r["excluded"] and r["earliest_start"] <= years[e]]
        if cands and draw(st.integers(0, 3)) == 0:
            row["requires"] = ";".join(draw(st.lists(st.sampled_from(cands), min_size=1, max_size=2, unique=True)))
        rows.append(row)
    if all(r["excluded"] for r in rows):
        rows[0]["excluded"] = False  # an all-excluded catalogue is a known bug (empty model)
    for g in ("X", "Y"):
        members = [r for r in rows if r["exclusive_group"] == g]
        for r in [r for r in members if r["mandatory"]][1:]:
            r["mandatory"] = False
        req = bool(members) and draw(st.booleans()) and not all(r["excluded"] for r in members)
        for r in members:
            r["group_required"] = req
    for r in rows:
        r.setdefault("group_required", False)
    ceilings = {y: float(draw(st.integers(1, 20))) * G for y in years}
    reserve = draw(st.sampled_from([0.0, 0.0, 0.1, 0.25]))
    dims = sorted({r["dimension"] for r in rows})
    kinds = ["cap_amount", "cap_share"] + (["floor_amount", "floor_share"] if floors else [])
    limits = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(kinds))
        common = {
            "group_by": "dimension",
            "group": draw(st.sampled_from(dims)),
            "year": draw(st.sampled_from([None, *years])),
        }
        if kind == "cap_amount":
            limits.append(tp.GroupLimit(**common, cap=float(draw(st.integers(0, 12))) * G))
        elif kind == "cap_share":
            limits.append(tp.GroupLimit(**common, cap=draw(st.sampled_from([0.2, 0.35, 0.5, 0.7])), as_share=True))
        elif kind == "floor_amount":
            limits.append(tp.GroupLimit(**common, floor=float(draw(st.integers(1, 4))) * G))
        else:
            limits.append(tp.GroupLimit(**common, floor=draw(st.sampled_from([0.1, 0.2, 0.3])), as_share=True))
    terms: tuple[tp.Term, ...] = ()
    cap = None
    if h >= 2 and draw(st.booleans()):
        b = draw(st.sampled_from(years[1:]))
        terms = (tp.Term("first", years[0], b - 1), tp.Term("second", b, years[-1]))
        cap = draw(st.sampled_from([None, 0.2, 0.4, 0.7]))
    policy = tp.Policy(
        terms=terms,
        commitment_cap=cap,
        continuity_floor=draw(st.sampled_from([0.0, 0.0, 0.3, 0.6])),
        carryover_bonus=draw(st.sampled_from([0.0, 0.0, 0.5])),
        max_level_change=draw(st.sampled_from([None, None, 0.2, 0.5])),
    )
    return Problem(years, tuple(rows), ceilings, reserve, tuple(limits), policy)


def _solve_or_none(case: Problem, **kw: Any) -> tp.Plan | None:
    try:
        return case.optimize(**kw)
    except tp.InfeasiblePlanError as exc:
        assert exc.reasons or str(exc)  # the diagnosis explains something
        return None


def _same_plan(a: tp.Plan, b: tp.Plan, atol: float = 1e-6) -> None:
    ids = list(a.selection.index)
    sa, sb = a.selection.loc[ids], b.selection.loc[ids]
    assert sa["runs"].tolist() == sb["runs"].tolist()
    assert sa["start_year"].astype("float").fillna(-1).tolist() == sb["start_year"].astype("float").fillna(-1).tolist()
    np.testing.assert_allclose(sa["level"].to_numpy(float), sb["level"].to_numpy(float), atol=atol)
    np.testing.assert_allclose(a.levels.loc[ids].to_numpy(), b.levels.loc[ids].to_numpy(), atol=atol)
    assert a.total_value == pytest.approx(b.total_value, rel=1e-6, abs=1e-6)


# ---------------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------------


@given(case=cases())
@SETTINGS
def test_plan_obeys_every_rule(case: Problem) -> None:
    plan = _solve_or_none(case)
    if plan is None:
        return
    assert plan.status == tp.SolveStatus.OPTIMAL
    plan.check()
    budget = case.budget()
    spend = plan.costs.sum(axis=0)
    for y in case.years:
        # solver tolerance: 1e-6 of the ceiling, as in Plan.check (a few hundred rupiah)
        assert spend[y] <= budget.available(y) + 1e-6 * budget.ceilings[y], f"{y} over its ceiling less reserve"
    sel = plan.selection
    for r in case.rows:
        pid = r["id"]
        if r["mandatory"]:
            assert bool(sel.at[pid, "runs"]), f"mandatory {pid} left out"
        if r["excluded"]:
            assert not bool(sel.at[pid, "runs"]), f"excluded {pid} runs"
            assert (plan.levels.loc[pid].abs() < 1e-9).all() and (plan.costs.loc[pid].abs() < 1e-9).all()
    levels = plan.levels.to_numpy()
    assert ((levels >= -1e-9) & (levels <= 1 + 1e-9)).all()
    assert plan.total_value == pytest.approx(float((sel["priority"] * sel["level"]).sum()), abs=1e-9)
    assert plan.total_value <= plan.max_value + 1e-9


@given(case=cases(floors=False), factor=st.floats(1.05, 3.0))
@SETTINGS
def test_larger_budget_never_lowers_the_optimum(case: Problem, factor: float) -> None:
    # Without floors every plan of the base budget stays feasible when all ceilings and
    # amount caps grow, so the (weighted) optimum cannot fall.
    base = _solve_or_none(case)
    try:
        more = case.optimize(budget=case.budget().scale(factor))
    except tp.InfeasiblePlanError:
        assert base is None, "the base budget had a plan but the larger one has none"
        return
    if base is not None:
        assert more.objective_value >= base.objective_value - 1e-7 * max(1.0, abs(base.objective_value))
        more.check()


@given(case=cases(), factor=st.sampled_from([1e-3, 0.5, 7.0, 1e3]))
@SETTINGS
def test_scaling_all_money_leaves_the_plan_unchanged(case: Problem, factor: float) -> None:
    # Every cost, ceiling and amount cap/floor times the same factor: same plan.
    scaled_rows = [{k: (v * factor if k.startswith("cost_") else v) for k, v in r.items()} for r in case.rows]
    base = _solve_or_none(case)
    try:
        scaled = case.optimize(catalog=case.catalog(scaled_rows), budget=case.budget().scale(factor))
    except tp.InfeasiblePlanError:
        assert base is None, "scaling all money turned a feasible problem infeasible"
        return
    assert base is not None, "scaling all money turned an infeasible problem feasible"
    scaled.check()
    _same_plan(base, scaled)
    np.testing.assert_allclose(
        scaled.costs.to_numpy(), base.costs.to_numpy() * factor, rtol=1e-6, atol=1e-6 * factor * G
    )


@given(case=cases(), order=st.randoms(use_true_random=False))
@SETTINGS
def test_row_order_does_not_change_the_plan(case: Problem, order: Any) -> None:
    rows = list(case.rows)
    order.shuffle(rows)
    base = _solve_or_none(case)
    try:
        shuffled = case.optimize(catalog=case.catalog(rows))
    except tp.InfeasiblePlanError:
        assert base is None
        return
    assert base is not None
    _same_plan(base, shuffled, atol=1e-9)
    assert list(shuffled.selection.index) == [r["id"] for r in rows]  # catalogue order kept


@given(case=cases())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_highs_and_cbc_agree_on_the_optimum(case: Problem) -> None:
    highs = _solve_or_none(case, solver="highs")
    cbc = _solve_or_none(case, solver="cbc")
    assert (highs is None) == (cbc is None), "one solver found a plan, the other called it infeasible"
    if highs is None or cbc is None:
        return
    assert highs.solver == "highs" and cbc.solver == "cbc"
    assert cbc.objective_value == pytest.approx(highs.objective_value, rel=1e-6, abs=1e-6)
    cbc.check()


def test_highs_and_cbc_agree_on_the_bogor_sample(bogor: tp.Example) -> None:
    # A realistic catalogue, solved to proven optimality by both solvers.
    highs = tp.optimize(bogor.catalog, bogor.budget, mip_gap=0.0).check()
    cbc = tp.optimize(bogor.catalog, bogor.budget, mip_gap=0.0, solver="cbc").check()
    assert cbc.objective_value == pytest.approx(highs.objective_value, rel=1e-6)


# ---------------------------------------------------------------------------------
# Plan.check() catches tampered plans
# ---------------------------------------------------------------------------------


def _plan(
    rows: list[dict[str, Any]],
    ceilings: dict[int, float],
    *,
    policy: tp.Policy | None = None,
    limits: tuple[tp.GroupLimit, ...] = (),
    reserve: float = 0.0,
) -> tp.Plan:
    budget = tp.Budget(ceilings=ceilings, limits=limits, reserve=reserve)
    return tp.optimize(make_catalog(rows), budget, policy=policy, mip_gap=0).check()


def _moved(plan: tp.Plan, starts: dict[str, int | None], levels: dict[str, list[float]] | None = None) -> tp.Plan:
    """Copy of ``plan`` with some programmes started elsewhere (None: not run) or at other levels.

    Costs, targets, selection and total_value are recomputed from the catalogue so that
    only the rule the test breaks on purpose is broken.
    """
    levels = levels or {}
    cat = plan.catalog
    frame = cat.to_frame().set_index("id")
    years = list(cat.years)
    lv, co, ta = plan.levels.copy(), plan.costs.copy(), plan.targets.copy()
    sel = plan.selection.copy()
    for pid, s in starts.items():
        row = frame.loc[pid]
        lv.loc[pid], co.loc[pid], ta.loc[pid] = 0.0, 0.0, 0.0
        if s is None:
            sel.loc[pid, ["level", "value", "cost"]] = 0.0
            sel.at[pid, "runs"] = False
            sel.at[pid, "start_year"] = pd.NA
            sel.at[pid, "end_year"] = pd.NA
            continue
        e = int(row["earliest_start"])
        sched_years = [y for y in years if y >= e]
        cost = [float(row[f"cost_{y}"]) for y in sched_years]
        tgt = [0.0 if pd.isna(row[f"target_{y}"]) else float(row[f"target_{y}"]) for y in sched_years]
        active = [k for k in range(len(sched_years)) if cost[k] > 0 or tgt[k] > 0] or [0]
        lvl = levels.get(pid, [1.0] * len(active))
        for k, level in zip(active, lvl, strict=True):
            if s + k in lv.columns:
                lv.at[pid, s + k] = level
                co.at[pid, s + k] = cost[k] * level
                ta.at[pid, s + k] = tgt[k] * level
        if row["mode"] == "flexible":
            tw, cw = np.array([tgt[k] for k in active]), np.array([cost[k] for k in active])
            w = tw if tw.sum() > 0 else (cw if cw.sum() > 0 else np.ones(len(active)))
            share = float((w * np.array(lvl)).sum() / w.sum())
        else:
            share = float(lvl[0])
        sel.at[pid, "runs"] = True
        sel.at[pid, "start_year"] = s
        sel.at[pid, "end_year"] = s + active[-1]
        sel.at[pid, "level"] = share
        sel.at[pid, "value"] = float(row["priority"]) * share
        sel.at[pid, "cost"] = float(co.loc[pid].sum())
    total = float((sel["priority"] * sel["level"]).sum())
    return dataclasses.replace(plan, levels=lv, costs=co, targets=ta, selection=sel, total_value=total)


_ABC = [
    {"id": "A", "priority": 6, "cost_2024": 5 * G},
    {"id": "B", "priority": 5, "cost_2024": 4 * G},
    {"id": "C", "priority": 4, "cost_2024": 3 * G},
]
_TWO_YEARS = {2024: 10 * G, 2025: 10 * G}
_FLEX = {"id": "F", "priority": 10, "mode": "flexible", "cost_2024": 4 * G, "cost_2025": 4 * G}


def _tamper_cases() -> list[Any]:
    def ceiling() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 8 * G})  # A + C
        return plan, _moved(plan, {"B": 2024})  # 12 > 8

    def reserve() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 8 * G}, reserve=0.1)  # 7.2 available: B + C
        return plan, _moved(plan, {"A": 2024, "B": None})  # A + C = 8 <= ceiling, > 7.2

    def total_value() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 8 * G})
        return plan, dataclasses.replace(plan, total_value=plan.total_value + 0.5)

    def excluded() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan([dict(r, excluded=r["id"] == "C") for r in _ABC], {2024: 8 * G})  # A
        return plan, _moved(plan, {"C": 2024})  # A + C = 8 fits, but C is excluded

    def mandatory() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan([dict(r, mandatory=r["id"] == "B") for r in _ABC], {2024: 8 * G})  # B + C
        return plan, _moved(plan, {"B": None})

    def requires() -> tuple[tp.Plan, tp.Plan]:
        rows = [
            {"id": "A", "priority": 1, "cost_2024": 3 * G, "requires": ""},
            {"id": "B", "priority": 6, "cost_2024": 4 * G, "requires": "A"},
        ]
        plan = _plan(rows, {2024: 8 * G})  # A + B
        return plan, _moved(plan, {"A": None})

    def requires_later() -> tuple[tp.Plan, tp.Plan]:
        rows = [
            {"id": "A", "priority": 1, "cost_2024": 3 * G, "cost_2025": 0.0, "latest_start": 2025, "requires": ""},
            {"id": "B", "priority": 6, "cost_2024": 3 * G, "cost_2025": 0.0, "requires": "A"},
        ]
        plan = _plan(rows, _TWO_YEARS)  # both start 2024
        return plan, _moved(plan, {"A": 2025})  # A starts after B

    def window() -> tuple[tp.Plan, tp.Plan]:
        rows = [{"id": "A", "priority": 1, "cost_2024": 3 * G, "cost_2025": 0.0}]
        plan = _plan(rows, _TWO_YEARS)
        return plan, _moved(plan, {"A": 2025})  # fits the horizon, not the window 2024-2024

    def horizon() -> tuple[tp.Plan, tp.Plan]:
        rows = [{"id": "A", "priority": 1, "cost_2024": 3 * G, "cost_2025": 3 * G}]
        plan = _plan(rows, _TWO_YEARS)
        return plan, _moved(plan, {"A": 2025})  # would spend in 2026

    def exclusive() -> tuple[tp.Plan, tp.Plan]:
        rows = [dict(r, exclusive_group="X" if r["id"] != "C" else "") for r in _ABC]
        plan = _plan(rows, {2024: 9 * G})  # A + C
        return plan, _moved(plan, {"B": 2024, "C": None})  # A + B = 9 fits

    def group_required() -> tuple[tp.Plan, tp.Plan]:
        rows = [dict(r, exclusive_group="X", group_required=True) for r in _ABC[:2]]
        plan = _plan(rows, {2024: 8 * G})  # A
        return plan, _moved(plan, {"A": None})

    def group_cap() -> tuple[tp.Plan, tp.Plan]:
        rows = [dict(r, dimension="gov" if r["id"] != "C" else "eco") for r in _ABC]
        cap = tp.GroupLimit(group_by="dimension", group="gov", cap=0.6, as_share=True)
        plan = _plan(rows, {2024: 10 * G}, limits=(cap,))  # A + C
        return plan, _moved(plan, {"B": 2024, "C": None})  # gov 9 > 6

    def group_floor() -> tuple[tp.Plan, tp.Plan]:
        rows = [dict(r, dimension="gov" if r["id"] == "A" else "eco") for r in _ABC]
        floor = tp.GroupLimit(group_by="dimension", group="eco", floor=7 * G)
        plan = _plan(rows, {2024: 10 * G}, limits=(floor,))  # B + C
        return plan, _moved(plan, {"B": None})  # eco 3 < 7

    def continuity() -> tuple[tp.Plan, tp.Plan]:
        rows = [dict(r, status="continuing" if r["id"] == "C" else "new") for r in _ABC]
        plan = _plan(rows, {2024: 8 * G}, policy=tp.Policy(continuity_floor=1.0))  # A + C
        return plan, _moved(plan, {"C": None})  # carry-over C dropped

    def commitment() -> tuple[tp.Plan, tp.Plan]:
        rows = [
            {"id": "A", "priority": 5, "cost_2024": 2 * G, "cost_2025": 6 * G},
            {"id": "B", "priority": 3, "cost_2024": 0.0, "cost_2025": 4 * G, "earliest_start": 2025},
        ]
        terms = (tp.Term("I", 2024, 2024), tp.Term("II", 2025, 2025))
        plan = _plan(rows, _TWO_YEARS, policy=tp.Policy(terms=terms, commitment_cap=0.5))  # B
        return plan, _moved(plan, {"A": 2024})  # A commits 6 > 5 in 2025

    def smoothness() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan([_FLEX], {2024: 2 * G, 2025: 4 * G}, policy=tp.Policy(max_level_change=0.2))  # 0.5 / 0.7
        return plan, _moved(plan, {"F": 2024}, {"F": [0.5, 1.0]})

    def whole_partial() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 9 * G})  # A + B
        return plan, _moved(plan, {"B": 2024}, {"B": [0.5]})

    def scalable_varies() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan([dict(_FLEX, mode="scalable")], _TWO_YEARS)  # level 1
        return plan, _moved(plan, {"F": 2024}, {"F": [1.0, 0.5]})

    def min_level() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan([dict(_FLEX, mode="scalable", min_level=0.6)], _TWO_YEARS)
        return plan, _moved(plan, {"F": 2024}, {"F": [0.3, 0.3]})

    def target() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan([dict(_FLEX, target_2024=10.0, target_2025=20.0)], _TWO_YEARS)
        targets = plan.targets.copy()
        targets.at["F", 2025] += 1.0
        return plan, dataclasses.replace(plan, targets=targets)

    def cost() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 8 * G})
        costs = plan.costs.copy()
        costs.at["A", 2024] *= 0.5
        return plan, dataclasses.replace(plan, costs=costs)

    def share() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 8 * G})
        sel = plan.selection.copy()
        sel.at["A", "level"] = 0.5
        return plan, dataclasses.replace(plan, selection=sel)

    def levels_without_run() -> tuple[tp.Plan, tp.Plan]:
        plan = _plan(_ABC, {2024: 8 * G})  # B out
        levels = plan.levels.copy()
        levels.at["B", 2024] = 1.0
        return plan, dataclasses.replace(plan, levels=levels)

    return [
        pytest.param(ceiling, r"2024: spending .* above the ceiling less reserve", id="over-ceiling"),
        pytest.param(reserve, r"above the ceiling less reserve", id="into-reserve"),
        pytest.param(total_value, r"total_value .* differs from the recomputed", id="wrong-total-value"),
        pytest.param(excluded, r"C is excluded but runs", id="excluded-runs"),
        pytest.param(mandatory, r"B is mandatory but does not run", id="mandatory-out"),
        pytest.param(requires, r"B runs but requires A, which does not run", id="requires-missing"),
        pytest.param(requires_later, r"B starts in 2024 before A .* starts in 2025", id="requires-later"),
        pytest.param(window, r"A starts in 2025, outside its window", id="outside-window"),
        pytest.param(
            horizon,
            # a start in 2025 is also outside A's window (2024-2024): both rules are reported
            r"after the horizon ends in 2025|outside its window 2024-2024",
            id="after-horizon",
        ),
        pytest.param(exclusive, r"exclusive group X: 2 programmes run", id="exclusive-group"),
        pytest.param(group_required, r"exclusive group X needs exactly one programme running, has 0", id="group-req"),
        pytest.param(group_cap, r"dimension gov spends .* above its cap", id="group-cap"),
        pytest.param(group_floor, r"dimension eco spends .* below its floor", id="group-floor"),
        pytest.param(continuity, r"continuity floor: carry-overs deliver priority", id="continuity"),
        pytest.param(commitment, r"2025: programmes started before 2025 commit .* above the cap", id="commitment"),
        pytest.param(smoothness, r"F changes level by more than 0.2", id="smoothness"),
        pytest.param(whole_partial, r"B is whole but its levels are", id="whole-partial"),
        pytest.param(scalable_varies, r"F is scalable but its level changes", id="scalable-varies"),
        pytest.param(min_level, r"F runs below its min_level 0.6", id="min-level"),
        pytest.param(target, r"F target in 2025 is 21, expected 20", id="wrong-target"),
        pytest.param(cost, r"A cost in 2024 is .* the schedule gives", id="wrong-cost"),
        pytest.param(share, r"A delivered share 0.500000 differs", id="wrong-share"),
        pytest.param(levels_without_run, r"B does not run but has levels", id="levels-without-run"),
    ]


@pytest.mark.parametrize(("make", "pattern"), _tamper_cases())
def test_check_catches_tampering(make: Any, pattern: str) -> None:
    plan, tampered = make()
    plan.check()  # the original is fine
    with pytest.raises(tp.CheckFailedError, match=pattern) as info:
        tampered.check()
    # exactly the rule broken on purpose is reported (no false alarms from the rest)
    assert info.value.violations, "no violation listed"
    assert all(re.search(pattern, v) for v in info.value.violations), info.value.violations


def test_untouched_copies_pass_check() -> None:
    # The tampering helper itself introduces nothing: re-placing a programme where it is passes.
    plan = _plan(_ABC, {2024: 8 * G})
    same = _moved(plan, {"A": 2024, "C": 2024, "B": None})
    same.check()
    dataclasses.replace(plan).check()
    flex = _plan([_FLEX], {2024: 2 * G, 2025: 4 * G}, policy=tp.Policy(max_level_change=0.2))
    _moved(flex, {"F": 2024}, {"F": [0.5, 0.7]}).check()


def test_check_fails_on_a_plan_that_could_not_be_made() -> None:
    rows = [{"id": "A", "priority": 1, "cost_2024": 5 * G, "mandatory": True}]
    plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings={2024: 4 * G}), raise_on_failure=False)
    assert plan.status == tp.SolveStatus.INFEASIBLE
    with pytest.raises(tp.CheckFailedError, match="status infeasible"):
        plan.check()
