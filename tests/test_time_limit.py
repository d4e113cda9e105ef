"""Time limits that are kept, progress of long solves, and a tie-break that is cheaper but picks the same plans.

No test here depends on how fast the machine is: a time-limit test checks that a solve
returns with a plan and its proven gap (or says why there is none), never a tight timing.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import targetplan as tp
from helpers import registered
from targetplan import solvers
from targetplan.planning.progress import SolveDisplay, describe
from targetplan.solvers.highs import HighsBackend, HighsSession


def hostile_frame(n: int = 40, seed: int = 0, years: tuple[int, ...] = (2024, 2025, 2026)) -> pd.DataFrame:
    """A catalogue table whose values move with its costs (a hard knapsack): HiGHS proves no small gap for minutes."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        costs = rng.integers(1000, 10000, size=len(years)) * 1e6
        row = {"id": f"P{i:02d}", "name": f"p{i}", "priority": float(costs.sum() / 1e9) + 1.0}
        rows.append(row | {f"cost_{y}": float(c) for y, c in zip(years, costs, strict=True)})
    return pd.DataFrame(rows)


def hostile(n: int = 40, seed: int = 0) -> tuple[tp.Catalog, tp.Budget]:
    """The hostile catalogue and a ceiling of half its yearly demand."""
    frame = hostile_frame(n, seed)
    years = [int(c[5:]) for c in frame.columns if c.startswith("cost_")]
    return tp.Catalog.from_frame(frame), tp.Budget(ceilings={y: float(frame[f"cost_{y}"].sum()) / 2 for y in years})


class InWorker(HighsSession):
    """HiGHS with every time-limited solve in a worker process (normally only large models)."""

    worker_min_columns = 0


class InWorkerBackend(HighsBackend):
    def open(self, form: Any, **options: Any) -> HighsSession:  # type: ignore[override]
        return InWorker(form, **options)


class NoFixing(HighsSession):
    """HiGHS with the tie-break searching every yes/no choice (no reduced-cost fixing)."""

    fix_by_reduced_costs = False


def test_a_time_limit_returns_the_best_plan_so_far_with_its_gap() -> None:
    catalog, budget = hostile()
    with pytest.warns(tp.TimeLimitWarning, match="proven within a gap of"):
        plan = tp.optimize(catalog, budget, time_limit=1.0, progress=False)
    assert plan.status == tp.SolveStatus.FEASIBLE
    assert plan.mip_gap is not None and plan.mip_gap > 0
    plan.check()


def test_a_solve_in_a_worker_process_gives_the_same_plan() -> None:
    ex = tp.load_example("bogor")
    here = tp.optimize(ex.catalog, ex.budget, time_limit=120, progress=False)
    with registered(InWorkerBackend()):
        there = tp.optimize(ex.catalog, ex.budget, time_limit=120, progress=False)
    assert there.status == tp.SolveStatus.OPTIMAL
    assert there.selected_ids == here.selected_ids
    assert there.total_value == pytest.approx(here.total_value, rel=1e-12)
    pd.testing.assert_series_equal(there.selection["start_year"], here.selection["start_year"])


def test_a_worker_ended_at_the_deadline_returns_its_best_plan_or_says_why() -> None:
    catalog, budget = hostile(seed=1)
    with registered(InWorkerBackend()), warnings.catch_warnings():
        warnings.simplefilter("ignore", tp.TimeLimitWarning)
        plan = tp.optimize(catalog, budget, time_limit=8.0, progress=False, raise_on_failure=False)
    # a loaded machine may take most of the limit to start the worker: then the plan says so
    assert plan.status in (tp.SolveStatus.FEASIBLE, tp.SolveStatus.NO_SOLUTION), plan.message
    if plan.status == tp.SolveStatus.FEASIBLE:
        assert plan.mip_gap is not None and plan.mip_gap > 0
        plan.check()
    else:
        assert "when the time limit" in plan.message and "give a longer time_limit" in plan.message


def test_no_plan_in_time_says_in_which_step_the_solver_was() -> None:
    catalog, budget = hostile()
    with registered(InWorkerBackend()), pytest.raises(tp.SolverFailedError, match="before finding any plan"):
        # far less time than a new process needs to start
        tp.optimize(catalog, budget, time_limit=0.01, progress=False)


def test_progress_reports_the_best_value_and_the_gap() -> None:
    catalog, budget = hostile()
    form = tp.build(catalog, budget)
    seen: list[solvers.SolveProgress] = []
    result = HighsSession(form, time_limit=1.0, progress=seen.append).solve()
    assert result.status == tp.SolveStatus.FEASIBLE
    better = [p for p in seen if np.isfinite(p.best)]
    assert better and better[-1].best == pytest.approx(result.objective)
    assert all(p.phase == "plan" for p in seen)
    display = SolveDisplay(enabled=False)
    for p in seen:
        display(p)
    assert display.last is not None and describe(display.last, "en").startswith("best ")
    assert describe(None, "en") == "no plan yet"
    # in the report language: Indonesian by default
    assert describe(display.last, "id").startswith("terbaik sejauh ini ")
    assert describe(None, "id") == "belum ada rencana"
    last = display.last
    shown = describe(solvers.SolveProgress("tie-break", 3.0, 1905.5, 1906.0, 0.0012), "id")
    assert shown == "terbaik sejauh ini 1.905,50 · jaminan: paling jauh 0,12% · penyempurnaan"
    assert describe(solvers.SolveProgress("plan", 3.0, 1905.5, 1906.0, 0.0012), "en") == "best 1,905.50 · gap 0.12%"
    assert last is display.last


def test_progress_display_is_quiet_for_short_solves(capsys: pytest.CaptureFixture[str]) -> None:
    ex = tp.load_example("bogor")
    tp.optimize(ex.catalog, ex.budget)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("scale", [0.6, 0.8, 1.0, 1.2, 1.4])
def test_reduced_cost_fixing_keeps_the_tie_break_plan(scale: float) -> None:
    # the tie-break proven to optimality with and without fixing: the same plan (starts and spending)
    ex = tp.load_example("bogor")
    policy = tp.Policy(
        continuity_floor=0.7,
        carryover_bonus=0.1,
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        commitment_cap=0.6,
    )
    for pol in (tp.Policy(), policy):
        form = tp.build(ex.catalog, ex.budget.scale(scale), pol)
        fixed = HighsSession(form, mip_gap=0).solve()
        searched = NoFixing(form, mip_gap=0).solve()
        assert fixed.status == searched.status == tp.SolveStatus.OPTIMAL
        assert float(form.objective @ fixed.x) == pytest.approx(float(form.objective @ searched.x), rel=1e-9)
        assert float(form.tiebreak @ fixed.x) == pytest.approx(float(form.tiebreak @ searched.x), abs=1e-6)
        np.testing.assert_array_equal(np.round(fixed.x[form.act_y]), np.round(searched.x[form.act_y]))


def test_cli_stops_at_its_time_limit_and_says_what_it_cost(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from targetplan.cli import DEFAULT_TIME_LIMIT, main

    assert DEFAULT_TIME_LIMIT > 0
    _, budget = hostile()
    hostile_frame().to_csv(tmp_path / "programs.csv", index=False)
    pd.DataFrame({"year": list(budget.ceilings), "ceiling": list(budget.ceilings.values())}).to_csv(
        tmp_path / "budget.csv", index=False
    )
    args = ["--lang", "en", "plan", str(tmp_path / "programs.csv"), "--budget", str(tmp_path / "budget.csv")]
    language = tp.get_language()
    try:
        assert main([*args, "--time-limit", "1"]) == 0
        out = capsys.readouterr().out
        assert "The time limit (1 s) was reached: the plan is within" in out and "--time-limit 600" in out
        with pytest.raises(SystemExit):
            main([*args, "--time-limit", "-3"])
    finally:
        tp.set_language(language)  # the report language is the process's: leave it as it was
