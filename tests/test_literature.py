"""Classic capital-budgeting problems from the published literature, solved exactly.

Every instance goes through the public API only (``Catalog.from_frame``, ``Budget``,
``optimize(..., mip_gap=0)``, ``Plan.check()``) and is mapped to targetplan in the
standard way: each project is a ``whole`` programme whose ``priority`` is its net present
value, ``cost_<year>`` is its outlay in period *t* (period 1 → 2024, period 2 → 2025, …),
and each period's budget is that year's ceiling. The reported ``total_value`` must then
be the textbook optimum (DESIGN.md §4: "a pure capital-budgeting instance reproduces its
textbook optimum").

Every instance is small (at most 12 projects), so each test also recomputes the optimum
independently of targetplan: by enumerating all 2^n selections with numpy (and, for the
single-constraint knapsacks, by dynamic programming too); the linear-programming
relaxations are checked with a primal–dual certificate in exact fractions or by Dantzig's
greedy rule. Where we are not certain of a published figure, the expected value is the
brute-force optimum and the comment says so. Every instance is solved with HiGHS and CBC.

Sources
-------
* J. H. Lorie and L. J. Savage (1955), "Three problems in rationing capital",
  *Journal of Business* 28(4), 229–239 — the nine-project, two-period problem, as
  re-solved by H. M. Weingartner (1963), *Mathematical Programming and the Analysis of
  Capital Budgeting Problems*, Prentice-Hall (ch. 2–3).
* H. A. Taha, *Operations Research: An Introduction* (8th ed., 2007), §9.1.1,
  Example 9.1-1 (capital budgeting: five projects over a three-year horizon).
* W. L. Winston, *Operations Research: Applications and Algorithms* (4th ed., 2004),
  §9.2, Example 1 (Stockco capital budgeting) and its variations.
* F. S. Hillier and G. J. Lieberman, *Introduction to Operations Research*, prototype
  example of the integer-programming chapter (§12.1 in the 7th–10th editions):
  the California Manufacturing Company.
* S. Martello and P. Toth (1990), *Knapsack Problems: Algorithms and Computer
  Implementations*, Wiley, ch. 2 — the seven-item example (Example 2.1).
* P. Sinha and A. A. Zoltners (1979), "The multiple-choice knapsack problem",
  *Operations Research* 27(3), 503–515 — the model behind the multiple-choice case (the
  instance itself is ours, its optimum by brute force).

Funding sources, required alternatives and count caps
------------------------------------------------------
* Several budget resources: Lorie–Savage (two periods) and Taha (three years) again, each
  period's outlay paid from its own funding source in one year, the period's budget being
  that source's ceiling. The constraints are the published ones, so the published optima
  (70 and 95) hold; the Lorie–Savage LP relaxation gives Weingartner's dual prices (0.136,
  1.864) as the marginal values per source. Taha's years with a DAK/PAD split and a DAK
  ceiling is our variation (brute force).
* How many projects: Winston's Stockco variation "at most two investments" (Winston
  states the constraint; the optimum $38,000 is ours, by brute force) as a count cap;
  Lorie–Savage with at most k projects (ours, brute force).
* Exactly one of a group: California Manufacturing with exactly one warehouse, and the
  multiple-choice instance with two sources and a count cap (ours, brute force).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import targetplan as tp

FIRST_YEAR = 2024

SOLVERS = [
    "highs",
    pytest.param("cbc", marks=pytest.mark.skipif("cbc" not in tp.available_solvers(), reason="CBC not available here")),
]


# --------------------------------------------------------------------------- helpers


def make_catalog(
    ids: Sequence[str],
    values: Sequence[float],
    costs: Sequence[Sequence[float]],
    **columns: Sequence[object],
) -> tp.Catalog:
    """One ``whole`` programme per project: priority = NPV, ``cost_<year t>`` = outlay in period t."""
    outlays = np.asarray(costs, dtype=float)
    frame = pd.DataFrame({"id": list(ids), "name": list(ids), "priority": list(values)})
    for t in range(outlays.shape[1]):
        frame[f"cost_{FIRST_YEAR + t}"] = outlays[:, t]
    for name, column in columns.items():
        frame[name] = list(column)
    return tp.Catalog.from_frame(frame)


def make_budget(ceilings: Sequence[float]) -> tp.Budget:
    return tp.Budget(ceilings={FIRST_YEAR + t: float(c) for t, c in enumerate(ceilings)})


def brute_force(
    values: Sequence[int],
    costs: Sequence[Sequence[int]],
    ceilings: Sequence[int],
    *,
    groups: Sequence[Sequence[int]] = (),
    required_groups: Sequence[Sequence[int]] = (),
    requires: Sequence[tuple[int, int]] = (),
    mandatory: Sequence[int] = (),
    max_selected: int | None = None,
) -> tuple[int, list[frozenset[int]]]:
    """Enumerate all 2^n selections (integer data, so exact); return the optimum and every optimal set.

    ``groups``: at most one member selected; ``required_groups``: exactly one;
    ``requires``: pairs (b, a) meaning b only if a; ``mandatory``: always selected;
    ``max_selected``: at most that many projects selected.
    Returns ``(-1, [])`` when nothing is feasible.
    """
    v = np.asarray(values, dtype=np.int64)
    a = np.asarray(costs, dtype=np.int64)
    n = len(v)
    assert n <= 20, "brute force is for small instances"
    x = (np.arange(1 << n, dtype=np.int64)[:, None] >> np.arange(n)) & 1
    ok = np.all(x @ a <= np.asarray(ceilings, dtype=np.int64), axis=1)
    for g in groups:
        ok &= x[:, list(g)].sum(axis=1) <= 1
    for g in required_groups:
        ok &= x[:, list(g)].sum(axis=1) == 1
    for b, req in requires:
        ok &= x[:, b] <= x[:, req]
    for m in mandatory:
        ok &= x[:, m] == 1
    if max_selected is not None:
        ok &= x.sum(axis=1) <= max_selected
    if not ok.any():
        return -1, []
    total = np.where(ok, x @ v, -1)
    best = int(total.max())
    return best, [frozenset(np.flatnonzero(row).tolist()) for row in x[total == best]]


def knapsack_dp(values: Sequence[int], weights: Sequence[int], capacity: int) -> int:
    """0/1 knapsack optimum by dynamic programming over the capacity (Bellman)."""
    best = np.zeros(capacity + 1, dtype=np.int64)
    for v, w in zip(values, weights, strict=True):
        if w <= capacity:
            best[w:] = np.maximum(best[w:], best[: capacity + 1 - w] + v)
    return int(best[capacity])


def greedy_lp_knapsack(values: Sequence[int], weights: Sequence[int], capacity: int) -> Fraction:
    """LP relaxation of a single-constraint knapsack, exactly (Dantzig 1957: fill by value/weight)."""
    order = sorted(range(len(values)), key=lambda j: Fraction(values[j], weights[j]), reverse=True)
    room, total = Fraction(capacity), Fraction(0)
    for j in order:
        take = min(Fraction(1), room / weights[j])
        total += take * values[j]
        room -= take * weights[j]
        if room == 0:
            break
    return total


def solve(catalog: tp.Catalog, budget: tp.Budget, solver: str, **options: object) -> tp.Plan:
    plan = tp.optimize(catalog, budget, solver=solver, mip_gap=0, **options)
    assert plan.status == tp.SolveStatus.OPTIMAL
    return plan.check()


def assert_whole_plan(
    plan: tp.Plan,
    ids: Sequence[str],
    values: Sequence[int],
    costs: Sequence[Sequence[int]],
    expected_value: float,
    expected_ids: set[str] | None,
) -> None:
    """Value, selected set, and the per-programme ``selection`` table of a whole-programme plan."""
    assert plan.total_value == pytest.approx(expected_value, rel=1e-12)
    sel = plan.selection
    chosen = set(plan.selected_ids)
    if expected_ids is not None:
        assert chosen == expected_ids
    assert set(sel.index) == set(ids)
    for pid, v, c in zip(ids, values, costs, strict=True):
        row = sel.loc[pid]
        if pid in chosen:
            assert bool(row["runs"])
            assert row["start_year"] == FIRST_YEAR
            assert row["level"] == pytest.approx(1.0, abs=1e-9)
            assert row["value"] == pytest.approx(v, rel=1e-12)
            assert row["cost"] == pytest.approx(sum(c), rel=1e-12)
        else:
            assert not bool(row["runs"])
            assert row["level"] == pytest.approx(0.0, abs=1e-9)
            assert row["value"] == pytest.approx(0.0, abs=1e-9)
            assert row["cost"] == pytest.approx(0.0, abs=1e-9)
    assert sel["value"].sum() == pytest.approx(expected_value, rel=1e-12)


def names(ids: Sequence[str], chosen: frozenset[int]) -> set[str]:
    return {ids[j] for j in chosen}


# --------------------------------------------------------------------------- Lorie & Savage (1955)
# The nine-project, two-period problem of Lorie & Savage (1955), in the form tabulated by
# Weingartner (1963): present value of the outlay in period 1 and period 2, and the
# present value (NPV) of each project. Budgets: 50 in period 1, 20 in period 2.
#
#   project        1   2   3   4   5   6   7   8   9
#   outlay t=1    12  54   6   6  30   6  48  36  18
#   outlay t=2     3   7   6   2  35   6   4   3   3
#   NPV           14  17  17  15  40  12  14  10  12
#
# Weingartner's LP solution: x1 = x3 = x4 = x9 = 1, x6 = 0.970, x7 = 0.045, value 70.27,
# with dual prices 0.136 (period 1) and 1.864 (period 2). The integer optimum is 70,
# projects {1, 3, 4, 6, 9}; it is re-derived below by enumerating all 2^9 selections
# (and is the unique optimal set).

LS_IDS = tuple(f"P{j}" for j in range(1, 10))
LS_NPV = (14, 17, 17, 15, 40, 12, 14, 10, 12)
LS_OUTLAY = ((12, 3), (54, 7), (6, 6), (6, 2), (30, 35), (6, 6), (48, 4), (36, 3), (18, 3))
LS_BUDGET = (50, 20)
LS_INTEGER_OPTIMUM = 70
LS_INTEGER_SET = {"P1", "P3", "P4", "P6", "P9"}
# Exact LP relaxation (Weingartner's 70.27): x6 = 32/33, x7 = 1/22, value 58 + 135/11 = 773/11.
LS_LP_OPTIMUM = Fraction(773, 11)
LS_LP_LEVELS = (1, 0, 1, 1, 0, Fraction(32, 33), Fraction(1, 22), 0, 1)
LS_LP_DUALS = (Fraction(3, 22), Fraction(41, 22))


def test_lorie_savage_brute_force_confirms_published_optimum() -> None:
    best, optimal_sets = brute_force(LS_NPV, LS_OUTLAY, LS_BUDGET)
    assert best == LS_INTEGER_OPTIMUM
    assert [names(LS_IDS, s) for s in optimal_sets] == [LS_INTEGER_SET]


def test_lorie_savage_lp_certificate_matches_weingartner() -> None:
    """A primal–dual certificate in exact arithmetic proves the LP relaxation value 773/11.

    Primal feasible, dual feasible and equal objectives ⇒ both optimal. Weingartner's
    printed figures are these values rounded.
    """
    x, rho = LS_LP_LEVELS, LS_LP_DUALS
    for t in range(2):
        assert sum(Fraction(c[t]) * xj for c, xj in zip(LS_OUTLAY, x, strict=True)) <= LS_BUDGET[t]
    assert all(0 <= xj <= 1 for xj in x)
    # dual of max v·x s.t. Ax <= b, x <= 1, x >= 0: min b·rho + sum(u), u_j >= v_j - a_j·rho, rho, u >= 0
    u = [max(Fraction(0), v - c[0] * rho[0] - c[1] * rho[1]) for v, c in zip(LS_NPV, LS_OUTLAY, strict=True)]
    primal = sum(v * xj for v, xj in zip(LS_NPV, x, strict=True))
    dual = LS_BUDGET[0] * rho[0] + LS_BUDGET[1] * rho[1] + sum(u)
    assert primal == dual == LS_LP_OPTIMUM
    # Weingartner (1963): value 70.27, x6 = 0.970, x7 = 0.045, dual prices 0.136 and 1.864
    assert round(float(LS_LP_OPTIMUM), 2) == 70.27
    assert (round(float(x[5]), 3), round(float(x[6]), 3)) == (0.970, 0.045)
    assert (round(float(rho[0]), 3), round(float(rho[1]), 3)) == (0.136, 1.864)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lorie_savage_integer_optimum(solver: str) -> None:
    plan = solve(make_catalog(LS_IDS, LS_NPV, LS_OUTLAY), make_budget(LS_BUDGET), solver)
    assert_whole_plan(plan, LS_IDS, LS_NPV, LS_OUTLAY, LS_INTEGER_OPTIMUM, LS_INTEGER_SET)
    assert plan.costs.sum(axis=0).tolist() == pytest.approx([48, 20], rel=1e-12)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lorie_savage_in_rupiah(solver: str) -> None:
    """The same problem in realistic units (outlays in IDR 10^9, NPV in IDR 10^9): same optimum."""
    scale = 1e9
    outlay = [[c * scale for c in row] for row in LS_OUTLAY]
    npv = [v * scale for v in LS_NPV]
    plan = solve(make_catalog(LS_IDS, npv, outlay), make_budget([b * scale for b in LS_BUDGET]), solver)
    assert plan.total_value == pytest.approx(LS_INTEGER_OPTIMUM * scale, rel=1e-12)
    assert set(plan.selected_ids) == LS_INTEGER_SET


@pytest.mark.parametrize(("solver", "rel"), [("highs", 1e-12), ("cbc", 1e-9)])
def test_lorie_savage_lp_relaxation(solver: str, rel: float) -> None:
    """``mode="scalable"`` with ``min_level=0`` everywhere makes the model the LP relaxation.

    Solved without the tie-break pass here; the default options are tested below. CBC's value goes through
    PuLP's solution file, printed to about 8–9 significant digits, hence its looser tolerance.
    """
    if solver not in tp.available_solvers():
        pytest.skip(f"{solver} not available here")
    n = len(LS_IDS)
    catalog = make_catalog(LS_IDS, LS_NPV, LS_OUTLAY, mode=["scalable"] * n, min_level=[0.0] * n)
    plan = solve(catalog, make_budget(LS_BUDGET), solver, tie_break=False)
    assert plan.total_value == pytest.approx(float(LS_LP_OPTIMUM), rel=rel)
    # the LP optimum is unique (every non-basic reduced cost is non-zero), so the levels are known
    levels = plan.selection.loc[list(LS_IDS), "level"].to_numpy(dtype=float)
    assert levels == pytest.approx([float(x) for x in LS_LP_LEVELS], abs=1e-7)
    # the relaxation bounds the integer optimum from above, as it must
    assert plan.total_value > LS_INTEGER_OPTIMUM


def test_lorie_savage_lp_relaxation_default_options() -> None:
    n = len(LS_IDS)
    catalog = make_catalog(LS_IDS, LS_NPV, LS_OUTLAY, mode=["scalable"] * n, min_level=[0.0] * n)
    plan = solve(catalog, make_budget(LS_BUDGET), "highs")
    assert plan.total_value == pytest.approx(float(LS_LP_OPTIMUM), rel=1e-12)


@pytest.mark.parametrize("solver", SOLVERS)
def test_tie_break_never_lowers_value_near_tie(solver: str) -> None:
    """The tie-break never trades value for less spending, even when priorities are huge numbers."""
    plan = solve(make_catalog(["A", "B"], [10**12, 10**12 - 500], [(10,), (9,)]), make_budget([10]), solver)
    assert plan.selected_ids == ["A"]
    assert plan.total_value == 10**12


# Mandatory projects on the Lorie–Savage data (our variation; optimum by brute force).
# P8 forced in uses 36 of the 50 in period 1; the best completion is P3 + P4: 10 + 17 + 15 = 42.
LS_MANDATORY_P8 = 42
LS_MANDATORY_P8_SET = {"P3", "P4", "P8"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_lorie_savage_with_mandatory_project(solver: str) -> None:
    best, optimal_sets = brute_force(LS_NPV, LS_OUTLAY, LS_BUDGET, mandatory=[7])
    assert best == LS_MANDATORY_P8
    assert [names(LS_IDS, s) for s in optimal_sets] == [LS_MANDATORY_P8_SET]
    mandatory = [pid == "P8" for pid in LS_IDS]
    plan = solve(make_catalog(LS_IDS, LS_NPV, LS_OUTLAY, mandatory=mandatory), make_budget(LS_BUDGET), solver)
    assert_whole_plan(plan, LS_IDS, LS_NPV, LS_OUTLAY, LS_MANDATORY_P8, LS_MANDATORY_P8_SET)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lorie_savage_two_mandatory_projects(solver: str) -> None:
    """P1 and P9 forced in (both in the unconstrained optimum): the optimum must stay 70."""
    best, optimal_sets = brute_force(LS_NPV, LS_OUTLAY, LS_BUDGET, mandatory=[0, 8])
    assert best == LS_INTEGER_OPTIMUM
    assert [names(LS_IDS, s) for s in optimal_sets] == [LS_INTEGER_SET]
    mandatory = [pid in ("P1", "P9") for pid in LS_IDS]
    plan = solve(make_catalog(LS_IDS, LS_NPV, LS_OUTLAY, mandatory=mandatory), make_budget(LS_BUDGET), solver)
    assert_whole_plan(plan, LS_IDS, LS_NPV, LS_OUTLAY, LS_INTEGER_OPTIMUM, LS_INTEGER_SET)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lorie_savage_infeasible_mandatory_project(solver: str) -> None:
    """P5 needs 35 in period 2 against a budget of 20: forcing it in has no feasible plan."""
    assert brute_force(LS_NPV, LS_OUTLAY, LS_BUDGET, mandatory=[4]) == (-1, [])
    mandatory = [pid == "P5" for pid in LS_IDS]
    catalog = make_catalog(LS_IDS, LS_NPV, LS_OUTLAY, mandatory=mandatory)
    with pytest.raises(tp.InfeasiblePlanError):
        tp.optimize(catalog, make_budget(LS_BUDGET), solver=solver, mip_gap=0)
    plan = tp.optimize(catalog, make_budget(LS_BUDGET), solver=solver, mip_gap=0, raise_on_failure=False)
    assert plan.status == tp.SolveStatus.INFEASIBLE


# --------------------------------------------------------------------------- Taha (2007)
# Taha, Operations Research: An Introduction (8th ed.), Example 9.1-1: five projects over
# three years, expenditures (million $) per year and total returns; 25 available each year.
#
#   project        1   2   3   4   5
#   year 1         5   4   3   7   8
#   year 2         1   7   9   4   6
#   year 3         8  10   2   1  10
#   returns       20  40  20  15  30
#
# Published optimum: x1 = x2 = x3 = x4 = 1, x5 = 0, z = 95 (unique, by brute force).

TAHA_IDS = ("1", "2", "3", "4", "5")
TAHA_RETURNS = (20, 40, 20, 15, 30)
TAHA_OUTLAY = ((5, 1, 8), (4, 7, 10), (3, 9, 2), (7, 4, 1), (8, 6, 10))
TAHA_BUDGET = (25, 25, 25)
TAHA_OPTIMUM = 95
TAHA_SET = {"1", "2", "3", "4"}
# Our variation: project 5 mandatory. Optimum by brute force: {2, 3, 5} = 90.
TAHA_MANDATORY_5 = 90
TAHA_MANDATORY_5_SET = {"2", "3", "5"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_taha_project_selection(solver: str) -> None:
    best, optimal_sets = brute_force(TAHA_RETURNS, TAHA_OUTLAY, TAHA_BUDGET)
    assert best == TAHA_OPTIMUM
    assert [names(TAHA_IDS, s) for s in optimal_sets] == [TAHA_SET]
    plan = solve(make_catalog(TAHA_IDS, TAHA_RETURNS, TAHA_OUTLAY), make_budget(TAHA_BUDGET), solver)
    assert_whole_plan(plan, TAHA_IDS, TAHA_RETURNS, TAHA_OUTLAY, TAHA_OPTIMUM, TAHA_SET)
    assert plan.costs.sum(axis=0).tolist() == pytest.approx([19, 21, 21], rel=1e-12)


@pytest.mark.parametrize("solver", SOLVERS)
def test_taha_with_mandatory_project(solver: str) -> None:
    best, optimal_sets = brute_force(TAHA_RETURNS, TAHA_OUTLAY, TAHA_BUDGET, mandatory=[4])
    assert best == TAHA_MANDATORY_5
    assert [names(TAHA_IDS, s) for s in optimal_sets] == [TAHA_MANDATORY_5_SET]
    mandatory = [pid == "5" for pid in TAHA_IDS]
    catalog = make_catalog(TAHA_IDS, TAHA_RETURNS, TAHA_OUTLAY, mandatory=mandatory)
    plan = solve(catalog, make_budget(TAHA_BUDGET), solver)
    assert_whole_plan(plan, TAHA_IDS, TAHA_RETURNS, TAHA_OUTLAY, TAHA_MANDATORY_5, TAHA_MANDATORY_5_SET)


# --------------------------------------------------------------------------- Winston (2004)
# Winston, Operations Research: Applications and Algorithms (4th ed.), §9.2 Example 1:
# Stockco, four investments, NPV $16,000 / $22,000 / $12,000 / $8,000, cash outflow
# $5,000 / $7,000 / $4,000 / $3,000, $14,000 available. Published: integer optimum
# z = $42,000 with investments 2, 3, 4; LP relaxation x1 = x2 = 1, x3 = 0.5, z = $44,000.
# Winston's variations (optima ours, by brute force): "if investment 2 then investment 1"
# (→ requires) and "if investment 2 then not investment 4" (→ exclusive group).

W_IDS = ("I1", "I2", "I3", "I4")
W_NPV = (16_000, 22_000, 12_000, 8_000)
W_OUTLAY = ((5_000,), (7_000,), (4_000,), (3_000,))
W_BUDGET = (14_000,)
W_OPTIMUM = 42_000
W_SET = {"I2", "I3", "I4"}
W_LP_OPTIMUM = 44_000
# "2 requires 1": {1, 3, 4} = 36,000 (also {1, 2} = 38,000 is feasible and better): brute force → 38,000
W_REQUIRES_OPTIMUM = 38_000
W_REQUIRES_SET = {"I1", "I2"}
# "2 excludes 4": {2, 3} = 34,000 vs {1, 2} = 38,000 vs {1, 3, 4} = 36,000: brute force → 38,000
W_EXCLUSIVE_OPTIMUM = 38_000
W_EXCLUSIVE_SET = {"I1", "I2"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_winston_stockco(solver: str) -> None:
    best, optimal_sets = brute_force(W_NPV, W_OUTLAY, W_BUDGET)
    assert best == W_OPTIMUM == knapsack_dp(W_NPV, [c for (c,) in W_OUTLAY], W_BUDGET[0])
    assert [names(W_IDS, s) for s in optimal_sets] == [W_SET]
    plan = solve(make_catalog(W_IDS, W_NPV, W_OUTLAY), make_budget(W_BUDGET), solver)
    assert_whole_plan(plan, W_IDS, W_NPV, W_OUTLAY, W_OPTIMUM, W_SET)


@pytest.mark.parametrize("solver", SOLVERS)
def test_winston_stockco_lp_relaxation(solver: str) -> None:
    assert greedy_lp_knapsack(W_NPV, [c for (c,) in W_OUTLAY], W_BUDGET[0]) == W_LP_OPTIMUM
    n = len(W_IDS)
    catalog = make_catalog(W_IDS, W_NPV, W_OUTLAY, mode=["scalable"] * n, min_level=[0.0] * n)
    plan = solve(catalog, make_budget(W_BUDGET), solver, tie_break=False)
    assert plan.total_value == pytest.approx(W_LP_OPTIMUM, rel=1e-12)
    levels = plan.selection.loc[list(W_IDS), "level"].to_numpy(dtype=float)
    assert levels == pytest.approx([1.0, 1.0, 0.5, 0.0], abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_winston_stockco_if_2_then_1(solver: str) -> None:
    best, optimal_sets = brute_force(W_NPV, W_OUTLAY, W_BUDGET, requires=[(1, 0)])
    assert best == W_REQUIRES_OPTIMUM
    assert [names(W_IDS, s) for s in optimal_sets] == [W_REQUIRES_SET]
    catalog = make_catalog(W_IDS, W_NPV, W_OUTLAY, requires=["", "I1", "", ""])
    plan = solve(catalog, make_budget(W_BUDGET), solver)
    assert_whole_plan(plan, W_IDS, W_NPV, W_OUTLAY, W_REQUIRES_OPTIMUM, W_REQUIRES_SET)


@pytest.mark.parametrize("solver", SOLVERS)
def test_winston_stockco_if_2_then_not_4(solver: str) -> None:
    best, optimal_sets = brute_force(W_NPV, W_OUTLAY, W_BUDGET, groups=[(1, 3)])
    assert best == W_EXCLUSIVE_OPTIMUM
    assert [names(W_IDS, s) for s in optimal_sets] == [W_EXCLUSIVE_SET]
    catalog = make_catalog(W_IDS, W_NPV, W_OUTLAY, exclusive_group=["", "X", "", "X"])
    plan = solve(catalog, make_budget(W_BUDGET), solver)
    assert_whole_plan(plan, W_IDS, W_NPV, W_OUTLAY, W_EXCLUSIVE_OPTIMUM, W_EXCLUSIVE_SET)


# --------------------------------------------------------------------------- Hillier & Lieberman
# California Manufacturing Company (Hillier & Lieberman, prototype example of the
# integer-programming chapter): build a factory in Los Angeles (NPV $9M, capital $6M)
# and/or San Francisco ($5M, $3M), and at most one new warehouse, LA ($6M, $5M) or SF
# ($4M, $2M), a warehouse only in a city that gets a factory; $10M of capital.
# Published optimum: both factories, no warehouse, Z = $14M.

HL_IDS = ("factory-LA", "factory-SF", "warehouse-LA", "warehouse-SF")
HL_NPV = (9, 5, 6, 4)
HL_CAPITAL = ((6,), (3,), (5,), (2,))
HL_BUDGET = (10,)
HL_OPTIMUM = 14
HL_SET = {"factory-LA", "factory-SF"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_hillier_lieberman_california_manufacturing(solver: str) -> None:
    best, optimal_sets = brute_force(HL_NPV, HL_CAPITAL, HL_BUDGET, groups=[(2, 3)], requires=[(2, 0), (3, 1)])
    assert best == HL_OPTIMUM
    assert [names(HL_IDS, s) for s in optimal_sets] == [HL_SET]
    catalog = make_catalog(
        HL_IDS,
        HL_NPV,
        HL_CAPITAL,
        exclusive_group=["", "", "warehouse", "warehouse"],
        requires=["", "", "factory-LA", "factory-SF"],
    )
    plan = solve(catalog, make_budget(HL_BUDGET), solver)
    assert_whole_plan(plan, HL_IDS, HL_NPV, HL_CAPITAL, HL_OPTIMUM, HL_SET)


@pytest.mark.parametrize("solver", SOLVERS)
def test_hillier_lieberman_rules_matter(solver: str) -> None:
    """Without the either-or and contingency rules the plain knapsack does better (brute force / DP).

    It is factory-SF + both warehouses, 15 > 14: a warehouse in LA without the LA factory.
    """
    best, optimal_sets = brute_force(HL_NPV, HL_CAPITAL, HL_BUDGET)
    assert best == 15 == knapsack_dp(HL_NPV, [c for (c,) in HL_CAPITAL], HL_BUDGET[0])
    expected = {"factory-SF", "warehouse-LA", "warehouse-SF"}
    assert [names(HL_IDS, s) for s in optimal_sets] == [expected]
    plan = solve(make_catalog(HL_IDS, HL_NPV, HL_CAPITAL), make_budget(HL_BUDGET), solver)
    assert_whole_plan(plan, HL_IDS, HL_NPV, HL_CAPITAL, 15, expected)


# --------------------------------------------------------------------------- Martello & Toth (1990)
# The seven-item knapsack of Martello & Toth (1990), ch. 2 (Example 2.1):
# p = (70, 20, 39, 37, 7, 5, 10), w = (31, 10, 20, 19, 4, 3, 6), c = 50.
# The expected optimum is the brute-force / DP one, 107 with items {1, 4}; it agrees with
# the solution printed in the book as we recall it (z = 107, x = (1, 0, 0, 1, 0, 0, 0)),
# but the test relies on the enumeration, not on that recollection.

MT_IDS = tuple(f"item{j}" for j in range(1, 8))
MT_PROFIT = (70, 20, 39, 37, 7, 5, 10)
MT_WEIGHT = (31, 10, 20, 19, 4, 3, 6)
MT_CAPACITY = 50
MT_OPTIMUM = 107
MT_SET = {"item1", "item4"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_martello_toth_example(solver: str) -> None:
    weights = [(w,) for w in MT_WEIGHT]
    best, optimal_sets = brute_force(MT_PROFIT, weights, [MT_CAPACITY])
    assert best == MT_OPTIMUM == knapsack_dp(MT_PROFIT, MT_WEIGHT, MT_CAPACITY)
    assert [names(MT_IDS, s) for s in optimal_sets] == [MT_SET]
    plan = solve(make_catalog(MT_IDS, MT_PROFIT, weights), make_budget([MT_CAPACITY]), solver)
    assert_whole_plan(plan, MT_IDS, MT_PROFIT, weights, MT_OPTIMUM, MT_SET)


# --------------------------------------------------------------------------- multiple choice
# A multiple-choice capital-budgeting case in the sense of Sinha & Zoltners (1979): each of
# four programmes can be funded at one of three alternative scales (small / medium / large),
# with a two-year outlay. "At most one scale per programme" → exclusive_group; "exactly one"
# → exclusive_group + group_required. Instance and optima are ours, by brute force over 2^12.

MC_IDS = tuple(f"{g}{k}" for g in "ABCD" for k in (1, 2, 3))
MC_VALUE = (10, 16, 19, 7, 13, 17, 6, 11, 15, 3, 5, 9)
MC_OUTLAY = (
    (4, 2), (7, 4), (10, 6),
    (3, 3), (6, 5), (9, 8),
    (5, 1), (8, 3), (12, 4),
    (4, 4), (6, 6), (9, 9),
)  # fmt: skip
MC_BUDGET = (22, 14)
MC_GROUPS = [tuple(range(3 * i, 3 * i + 3)) for i in range(4)]
MC_AT_MOST_ONE = 40
MC_AT_MOST_ONE_SET = {"A2", "B2", "C2"}
MC_EXACTLY_ONE = 38
MC_EXACTLY_ONE_SET = {"A2", "B2", "C1", "D1"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_multiple_choice_at_most_one(solver: str) -> None:
    best, optimal_sets = brute_force(MC_VALUE, MC_OUTLAY, MC_BUDGET, groups=MC_GROUPS)
    assert best == MC_AT_MOST_ONE
    assert [names(MC_IDS, s) for s in optimal_sets] == [MC_AT_MOST_ONE_SET]
    catalog = make_catalog(MC_IDS, MC_VALUE, MC_OUTLAY, exclusive_group=[pid[0] for pid in MC_IDS])
    plan = solve(catalog, make_budget(MC_BUDGET), solver)
    assert_whole_plan(plan, MC_IDS, MC_VALUE, MC_OUTLAY, MC_AT_MOST_ONE, MC_AT_MOST_ONE_SET)


@pytest.mark.parametrize("solver", SOLVERS)
def test_multiple_choice_exactly_one(solver: str) -> None:
    best, optimal_sets = brute_force(MC_VALUE, MC_OUTLAY, MC_BUDGET, required_groups=MC_GROUPS)
    assert best == MC_EXACTLY_ONE
    assert [names(MC_IDS, s) for s in optimal_sets] == [MC_EXACTLY_ONE_SET]
    n = len(MC_IDS)
    catalog = make_catalog(
        MC_IDS, MC_VALUE, MC_OUTLAY, exclusive_group=[pid[0] for pid in MC_IDS], group_required=[True] * n
    )
    plan = solve(catalog, make_budget(MC_BUDGET), solver)
    assert_whole_plan(plan, MC_IDS, MC_VALUE, MC_OUTLAY, MC_EXACTLY_ONE, MC_EXACTLY_ONE_SET)
    for group in "ABCD":
        assert sum(pid.startswith(group) for pid in plan.selected_ids) == 1


# --------------------------------------------------------------------------- solver agreement


@pytest.mark.skipif("cbc" not in tp.available_solvers(), reason="CBC not available here")
@pytest.mark.parametrize(
    ("ids", "values", "costs", "ceilings"),
    [
        pytest.param(LS_IDS, LS_NPV, LS_OUTLAY, LS_BUDGET, id="lorie-savage"),
        pytest.param(TAHA_IDS, TAHA_RETURNS, TAHA_OUTLAY, TAHA_BUDGET, id="taha"),
        pytest.param(W_IDS, W_NPV, W_OUTLAY, W_BUDGET, id="winston"),
        pytest.param(MT_IDS, MT_PROFIT, [(w,) for w in MT_WEIGHT], [MT_CAPACITY], id="martello-toth"),
    ],
)
def test_highs_and_cbc_agree(ids, values, costs, ceilings) -> None:
    catalog, budget = make_catalog(ids, values, costs), make_budget(ceilings)
    highs, cbc = solve(catalog, budget, "highs"), solve(catalog, budget, "cbc")
    assert highs.total_value == pytest.approx(cbc.total_value, rel=1e-12)
    assert highs.selected_ids == cbc.selected_ids
    pd.testing.assert_frame_equal(highs.levels, cbc.levels, atol=1e-9)


# --------------------------------------------------------------------------- several budget resources: funding sources
# In the classic problems each period's budget is one resource. A funding source with its own yearly ceiling
# is a resource of the same kind: put every project's outlays in one year, the outlay of period t paid from
# source "T<t>", and give source T<t> the budget of period t as its ceiling. The constraints are then exactly
# the published ones (sum_j a_tj x_j <= b_t for every t), so the published optima hold unchanged. The total
# ceiling of that year still applies; it is set to the sum of the budgets, which those constraints imply.


def make_source_catalog(
    ids: Sequence[str], values: Sequence[float], costs: Sequence[Sequence[float]], **columns: Sequence[object]
) -> tp.Catalog:
    """One ``whole`` programme per project, its outlay in period t paid from source ``T<t>`` in one year."""
    outlays = np.asarray(costs, dtype=float)
    frame = pd.DataFrame({"id": list(ids), "name": list(ids), "priority": list(values)})
    for t in range(outlays.shape[1]):
        frame[f"cost_{FIRST_YEAR}_T{t + 1}"] = outlays[:, t]
    for name, column in columns.items():
        frame[name] = list(column)
    return tp.Catalog.from_frame(frame)


def make_source_budget(budgets: Sequence[float], total: float | None = None) -> tp.Budget:
    return tp.Budget(
        ceilings={FIRST_YEAR: float(sum(budgets) if total is None else total)},
        source_ceilings={f"T{t + 1}": {FIRST_YEAR: float(b)} for t, b in enumerate(budgets)},
    )


def source_spend(plan: tp.Plan) -> dict[str, float]:
    table = plan.efficiency(baselines=False, marginal=False).by_source
    return {
        source: float(table.at[(source, FIRST_YEAR), "spend"])
        for source in dict.fromkeys(table.index.get_level_values(0))
    }


@pytest.mark.parametrize("solver", SOLVERS)
def test_lorie_savage_with_two_funding_sources(solver: str) -> None:
    """Lorie & Savage (1955) / Weingartner (1963): the two periods as two sources of one year; optimum 70."""
    catalog = make_source_catalog(LS_IDS, LS_NPV, LS_OUTLAY)
    assert catalog.sources == ("T1", "T2")
    plan = solve(catalog, make_source_budget(LS_BUDGET), solver)
    assert plan.total_value == pytest.approx(LS_INTEGER_OPTIMUM, rel=1e-12)
    assert set(plan.selected_ids) == LS_INTEGER_SET
    assert source_spend(plan) == pytest.approx({"T1": 48, "T2": 20}, rel=1e-12)
    table = plan.efficiency(baselines=False, marginal=False).by_source
    assert table["binding"].tolist() == [False, True]  # period 2 is the scarce one
    # Without the source ceilings only the total (70) is left. On these data it leads to the same unique set
    # (brute force over the summed outlays), so the split into sources costs nothing here.
    best, optimal_sets = brute_force(LS_NPV, [(a + b,) for a, b in LS_OUTLAY], [sum(LS_BUDGET)])
    assert (best, [names(LS_IDS, s) for s in optimal_sets]) == (LS_INTEGER_OPTIMUM, [LS_INTEGER_SET])
    loose = solve(catalog, tp.Budget(ceilings={FIRST_YEAR: float(sum(LS_BUDGET))}), solver)
    assert set(loose.selected_ids) == LS_INTEGER_SET


def test_lorie_savage_sources_lp_relaxation_and_weingartner_dual_prices() -> None:
    """Scalable programmes give the LP relaxation, 773/11 (Weingartner's 70.27), and the marginal value of each
    source, measured by re-solving with its ceiling raised, is Weingartner's dual price: 3/22 (0.136) for
    period 1 and 41/22 (1.864) for period 2.

    Money is in miliar here, so a marginal value per miliar is a dual price per unit of budget; the step
    (0.1) stays inside the range where the LP basis does not change (1/6 for period 2). The total ceiling is
    set above both budgets together so that it never binds.
    """
    from targetplan.planning import source_marginal_values

    n = len(LS_IDS)
    scale = 1e9
    outlay = [[c * scale for c in row] for row in LS_OUTLAY]
    catalog = make_source_catalog(LS_IDS, LS_NPV, outlay, mode=["scalable"] * n, min_level=[0.0] * n)
    budget = make_source_budget([b * scale for b in LS_BUDGET], total=100 * scale)
    plan = solve(catalog, budget, "highs", tie_break=False)
    assert plan.total_value == pytest.approx(float(LS_LP_OPTIMUM), rel=1e-12)
    levels = plan.selection.loc[list(LS_IDS), "level"].to_numpy(dtype=float)
    assert levels == pytest.approx([float(x) for x in LS_LP_LEVELS], abs=1e-7)
    marginal = source_marginal_values(plan, step=0.1 * scale)
    assert marginal.loc[("T1", FIRST_YEAR), "marginal_per_miliar"] == pytest.approx(float(LS_LP_DUALS[0]), rel=1e-6)
    assert marginal.loc[("T2", FIRST_YEAR), "marginal_per_miliar"] == pytest.approx(float(LS_LP_DUALS[1]), rel=1e-6)


@pytest.mark.parametrize("solver", SOLVERS)
def test_taha_with_three_funding_sources(solver: str) -> None:
    """Taha (2007), Example 9.1-1: the three years as three sources of one year; optimum 95 with projects 1–4."""
    plan = solve(make_source_catalog(TAHA_IDS, TAHA_RETURNS, TAHA_OUTLAY), make_source_budget(TAHA_BUDGET), solver)
    assert_whole_plan(plan, TAHA_IDS, TAHA_RETURNS, [(sum(c),) for c in TAHA_OUTLAY], TAHA_OPTIMUM, TAHA_SET)
    assert source_spend(plan) == pytest.approx({"T1": 19, "T2": 21, "T3": 21}, rel=1e-12)


@pytest.mark.parametrize("solver", SOLVERS)
def test_sources_and_years_together(solver: str) -> None:
    """Taha's three years kept as years, each outlay paid from two sources (PAD: 60 %, DAK: the rest, rounded
    so both stay whole numbers) with a DAK ceiling of 8 a year (our variation; optimum by brute force)."""
    dak = [[c - (6 * c) // 10 for c in row] for row in TAHA_OUTLAY]
    frame = pd.DataFrame({"id": list(TAHA_IDS), "name": list(TAHA_IDS), "priority": list(TAHA_RETURNS)})
    for t in range(3):
        frame[f"cost_{FIRST_YEAR + t}_DAK"] = [float(d[t]) for d in dak]
        frame[f"cost_{FIRST_YEAR + t}_PAD"] = [float(c[t] - d[t]) for c, d in zip(TAHA_OUTLAY, dak, strict=True)]
    catalog = tp.Catalog.from_frame(frame)
    budget = tp.Budget(
        ceilings={FIRST_YEAR + t: 25.0 for t in range(3)},
        source_ceilings={"DAK": {FIRST_YEAR + t: 8.0 for t in range(3)}},
    )
    # the years' ceilings and the DAK ceilings are six resources of one multi-dimensional knapsack
    resources = [(*c, *d) for c, d in zip(TAHA_OUTLAY, dak, strict=True)]
    best, optimal_sets = brute_force(TAHA_RETURNS, resources, [*TAHA_BUDGET, 8, 8, 8])
    assert best < TAHA_OPTIMUM  # the DAK ceiling binds
    plan = solve(catalog, budget, solver)
    assert plan.total_value == pytest.approx(best, rel=1e-12)
    assert frozenset(TAHA_IDS.index(p) for p in plan.selected_ids) in optimal_sets


# --------------------------------------------------------------------------- how many projects: count caps
# Winston (2004), §9.2 Example 1, lists variations of Stockco; one is "Stockco can invest in at most two
# investments" (x1 + x2 + x3 + x4 <= 2). Its optimum is ours, by brute force: {1, 2}, $38,000. On a one-year
# horizon "at most k projects" is a cap on programmes running that year, or on programmes starting then.

W_AT_MOST_TWO = 38_000
W_AT_MOST_TWO_SET = {"I1", "I2"}


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize(
    "cap", [tp.CountCap(max_running=2), tp.CountCap(max_new=2), tp.CountCap(year=FIRST_YEAR, max_running=2)]
)
def test_winston_stockco_at_most_two_investments(solver: str, cap: tp.CountCap) -> None:
    best, optimal_sets = brute_force(W_NPV, W_OUTLAY, W_BUDGET, max_selected=2)
    assert best == W_AT_MOST_TWO < W_OPTIMUM  # the cap binds: the unconstrained optimum takes three
    assert [names(W_IDS, s) for s in optimal_sets] == [W_AT_MOST_TWO_SET]
    plan = solve(
        make_catalog(W_IDS, W_NPV, W_OUTLAY), make_budget(W_BUDGET), solver, policy=tp.Policy(count_caps=[cap])
    )
    assert_whole_plan(plan, W_IDS, W_NPV, W_OUTLAY, W_AT_MOST_TWO, W_AT_MOST_TWO_SET)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_lorie_savage_at_most_k_projects(solver: str, k: int) -> None:
    """Lorie–Savage with at most k projects (our variation; optima by brute force); k = 5 is the plain optimum."""
    best, optimal_sets = brute_force(LS_NPV, LS_OUTLAY, LS_BUDGET, max_selected=k)
    plan = solve(
        make_catalog(LS_IDS, LS_NPV, LS_OUTLAY),
        make_budget(LS_BUDGET),
        solver,
        policy=tp.Policy(count_caps=[tp.CountCap(max_running=k)]),
    )
    assert plan.total_value == pytest.approx(best, rel=1e-12)
    assert frozenset(LS_IDS.index(p) for p in plan.selected_ids) in optimal_sets
    assert len(plan.selected_ids) <= k
    assert (best == LS_INTEGER_OPTIMUM) == (k >= 5)


# --------------------------------------------------------------------------- exactly one of a group
# Hillier & Lieberman's California Manufacturing Company allows at most one new warehouse (x3 + x4 <= 1,
# published optimum 14 with no warehouse; tested above). Requiring exactly one warehouse (x3 + x4 = 1) is our
# variation: the LA warehouse needs the LA factory (6 + 5 > 10), so the best is the SF factory and warehouse,
# 5 + 4 = 9 (brute force).

HL_EXACTLY_ONE_WAREHOUSE = 9
HL_EXACTLY_ONE_WAREHOUSE_SET = {"factory-SF", "warehouse-SF"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_hillier_lieberman_exactly_one_warehouse(solver: str) -> None:
    best, optimal_sets = brute_force(HL_NPV, HL_CAPITAL, HL_BUDGET, required_groups=[(2, 3)], requires=[(2, 0), (3, 1)])
    assert best == HL_EXACTLY_ONE_WAREHOUSE < HL_OPTIMUM
    assert [names(HL_IDS, s) for s in optimal_sets] == [HL_EXACTLY_ONE_WAREHOUSE_SET]
    catalog = make_catalog(
        HL_IDS,
        HL_NPV,
        HL_CAPITAL,
        exclusive_group=["", "", "warehouse", "warehouse"],
        group_required=[False, False, True, True],
        requires=["", "", "factory-LA", "factory-SF"],
    )
    plan = solve(catalog, make_budget(HL_BUDGET), solver)
    assert_whole_plan(plan, HL_IDS, HL_NPV, HL_CAPITAL, HL_EXACTLY_ONE_WAREHOUSE, HL_EXACTLY_ONE_WAREHOUSE_SET)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("required", [False, True])
def test_multiple_choice_with_two_sources_and_a_count_cap(solver: str, required: bool) -> None:
    """The multiple-choice instance above with its two periods as two sources and at most three projects
    (our variation; optimum by brute force). With exactly one option per project, four would be needed, so
    no plan exists."""
    groups = [pid[0] for pid in MC_IDS]
    catalog = make_source_catalog(
        MC_IDS, MC_VALUE, MC_OUTLAY, exclusive_group=groups, group_required=[required] * len(MC_IDS)
    )
    policy = tp.Policy(count_caps=[tp.CountCap(max_running=3)])
    kind = {"required_groups": MC_GROUPS} if required else {"groups": MC_GROUPS}
    best, optimal_sets = brute_force(MC_VALUE, MC_OUTLAY, MC_BUDGET, max_selected=3, **kind)
    if required:
        assert best == -1
        with pytest.raises(tp.InfeasiblePlanError) as info:
            tp.optimize(catalog, make_source_budget(MC_BUDGET), policy, solver=solver, mip_gap=0)
        assert any("at most 3 running" in reason for reason in info.value.reasons)
        return
    assert best == MC_AT_MOST_ONE  # the at-most-one optimum already takes three projects
    plan = solve(catalog, make_source_budget(MC_BUDGET), solver, policy=policy)
    assert plan.total_value == pytest.approx(best, rel=1e-12)
    assert [names(MC_IDS, s) for s in optimal_sets] == [set(plan.selected_ids)]
    two = tp.Policy(count_caps=[tp.CountCap(max_running=2)])
    best_two, _ = brute_force(MC_VALUE, MC_OUTLAY, MC_BUDGET, max_selected=2, groups=MC_GROUPS)
    assert best_two < best
    assert solve(catalog, make_source_budget(MC_BUDGET), solver, policy=two).total_value == pytest.approx(best_two)
