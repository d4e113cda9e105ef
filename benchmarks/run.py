"""Scale and speed benchmark of targetplan (``make bench``; not part of ``make test``).

For every size it generates a deterministic catalogue (``benchmarks/generate.py``) and,
in a fresh child process (so that peak memory does not accumulate between sizes),
times the public pipeline: validation (``Catalog.from_frame``), ``tp.optimize`` split
into build, the hand-off of the arrays to HiGHS, the first solve, the tie-break solve
and the extraction of the plan (``Plan.from_solution``), then ``plan.check()``. The very
same model arrays are then passed straight to a fresh ``highspy.Highs()`` with the same
options in another child process (no targetplan in between): the *reference*. Ratios
are taken within one run, so they hold on a noisy machine.

It also measures, for the record: PuLP's model build (``solvers.cbc.to_pulp``) and
CBC through PuLP (time-limited), a ceiling frontier (warm re-use, the warm-started
HiGHS reference, serial rebuilding, two worker processes), HiGHS's ``presolve`` and
``threads`` options by size, and whether time limits are kept.

Results go to ``benchmarks/results.json`` and, as tables, into ``benchmarks/README.md``
between the ``BEGIN RESULTS`` / ``END RESULTS`` markers.

Examples
--------
``python benchmarks/run.py`` (the defaults: 1k, 5k, 20k programmes, gap 0.1 %),
``python benchmarks/run.py --sizes 1000 --no-frontier --no-options`` (a quick look),
``python benchmarks/run.py --sizes 50000 --gap 5e-3 --append`` (add a size to results.json).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

RESULTS_JSON = HERE / "results.json"
README = HERE / "README.md"
BEGIN, END = "<!-- BEGIN RESULTS (written by benchmarks/run.py) -->", "<!-- END RESULTS -->"


def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 2**20


# ----------------------------------------------------------------------------- children
def _save_model(form: Any, path: str) -> None:
    import numpy as np

    np.savez(
        path,
        col_cost=form.objective,
        col_lower=form.col_lower,
        col_upper=form.col_upper,
        row_lower=form.row_lower,
        row_upper=form.row_upper,
        start=form.start,
        index=form.index,
        value=form.value,
        integer=form.col_integer,
        ceiling_rows=form.ceiling_rows,
        row_scale=form.row_scale,
    )


def child_pipeline(spec: dict[str, Any]) -> dict[str, Any]:
    """Validate, optimize (build, hand-off, solve, tie-break, extract) and check one instance."""
    from generate import generate

    import targetplan as tp
    from targetplan import solvers
    from targetplan.solvers.highs import HighsBackend, HighsSession

    out: dict[str, Any] = {"rss_start_mb": _peak_mb()}
    t = time.perf_counter()
    inst = generate(spec["n"], spec["seed"])
    out["generate_s"] = time.perf_counter() - t
    out["rss_generated_mb"] = _peak_mb()

    t = time.perf_counter()
    catalog = tp.Catalog.from_frame(inst.frame)
    out["validate_s"] = time.perf_counter() - t
    out["rss_validated_mb"] = _peak_mb()

    # time the hand-off (the HiGHS session's construction) and the tie-break inside optimize(), with a
    # HiGHS backend that times them registered in place of the plain one (this child process only)
    timers = {"handoff_s": 0.0, "tie_break_s": 0.0}
    seen: dict[str, Any] = {}

    class Timed(HighsSession):
        def __init__(self, form: Any, **kwargs: Any) -> None:
            t0 = time.perf_counter()
            super().__init__(form, **kwargs)
            timers["handoff_s"] += time.perf_counter() - t0
            seen["form"] = form

        def tie_break(self, *args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return super().tie_break(*args, **kwargs)
            finally:
                timers["tie_break_s"] += time.perf_counter() - t0

    class TimedBackend(HighsBackend):
        def open(self, form: Any, **options: Any) -> HighsSession:  # type: ignore[override]
            return Timed(form, **options)

    solvers.register_backend(TimedBackend())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tp.TimeLimitWarning)
        t = time.perf_counter()
        plan = tp.optimize(
            catalog,
            inst.budget,
            inst.policy,
            solver="highs",
            mip_gap=spec["gap"],
            time_limit=spec["time_limit"],
            threads=spec["threads"],
            tie_break=spec["tie_break"],
            raise_on_failure=False,
        )
        out["optimize_s"] = time.perf_counter() - t
    out["rss_optimized_mb"] = _peak_mb()
    form = seen["form"]
    out.update(timers)
    out["build_s"] = plan.timings.get("build", math.nan)
    out["solve_s"] = plan.timings.get("solve", math.nan)  # first solve + tie-break (not the hand-off)
    out["first_solve_s"] = out["solve_s"] - out["tie_break_s"]
    out["extract_s"] = plan.timings.get("extract", math.nan)
    out["status"] = plan.status.value
    out["gap"] = plan.mip_gap
    out["objective"] = plan.objective_value
    out["total_value"] = plan.total_value
    out["selected"] = int(plan.selection["runs"].sum()) if plan.is_ok else 0
    out["vars"], out["rows"], out["nnz"] = form.num_cols, form.num_rows, len(form.value)
    out["integers"] = int(form.col_integer.sum())

    t = time.perf_counter()
    try:
        plan.check()
        out["check_violations"] = 0
    except tp.CheckFailedError as exc:
        out["check_violations"] = len(getattr(exc, "violations", []) or [str(exc)])
    out["check_s"] = time.perf_counter() - t
    out["peak_mb"] = _peak_mb()
    if spec.get("npz"):
        _save_model(form, spec["npz"])
    return out


def child_model(spec: dict[str, Any]) -> dict[str, Any]:
    """Build one instance's model and save its arrays (for reference-only studies)."""
    from generate import generate

    import targetplan as tp

    inst = generate(spec["n"], spec["seed"])
    form = tp.build(tp.Catalog.from_frame(inst.frame), inst.budget, inst.policy)
    _save_model(form, spec["npz"])
    return {"vars": form.num_cols, "rows": form.num_rows}


def _highs_from_arrays(data: Any, gap: float, time_limit: float | None, threads: int | None, **extra: Any) -> Any:
    """A fresh HiGHS instance holding the model arrays, with targetplan's solve options."""
    import highspy
    import numpy as np

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    if threads is not None:
        h.setOptionValue("threads", int(threads))
    for key, value in extra.items():
        h.setOptionValue(key, value)
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("mip_abs_gap", 0.0 if gap == 0 else 1e-6)
    h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else highspy.kHighsInf)
    inf = highspy.kHighsInf
    row_lower = np.where(np.isfinite(data["row_lower"]), data["row_lower"], -inf)
    row_upper = np.where(np.isfinite(data["row_upper"]), data["row_upper"], inf)
    n_col, n_row = len(data["col_cost"]), len(data["row_lower"])
    h.passModel(
        n_col,
        n_row,
        len(data["value"]),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMaximize),
        0.0,
        data["col_cost"],
        data["col_lower"],
        data["col_upper"],
        row_lower,
        row_upper,
        data["start"].astype(np.int32),
        data["index"].astype(np.int32),
        data["value"],
        data["integer"].astype(np.int32),
    )
    return h


def _highs_outcome(h: Any) -> dict[str, Any]:
    info = h.getInfo()
    return {
        "status": h.modelStatusToString(h.getModelStatus()),
        "has_solution": info.primal_solution_status == 2,
        "objective": float(info.objective_function_value) if info.primal_solution_status == 2 else None,
        "gap": float(info.mip_gap) if math.isfinite(info.mip_gap) else None,
        "bound": float(info.mip_dual_bound),
    }


def child_reference(spec: dict[str, Any]) -> dict[str, Any]:
    """Solve the saved model arrays with a fresh highspy.Highs() (numpy and highspy only)."""
    import numpy as np

    data = dict(np.load(spec["npz"]))
    extra = {} if spec.get("presolve") is None else {"presolve": spec["presolve"]}
    t = time.perf_counter()
    h = _highs_from_arrays(data, spec["gap"], spec["time_limit"], spec.get("threads"), **extra)
    handoff = time.perf_counter() - t
    t = time.perf_counter()
    h.run()
    wall = time.perf_counter() - t
    out = {"handoff_s": handoff, "solve_s": wall, "highs_run_time_s": h.getRunTime(), **_highs_outcome(h)}
    out["peak_mb"] = _peak_mb()
    return out


def child_pulp(spec: dict[str, Any]) -> dict[str, Any]:
    """Time ``solvers.cbc.to_pulp`` (PuLP's model objects from the arrays)."""
    import pulp
    from generate import generate

    import targetplan as tp
    from targetplan.solvers.cbc import to_pulp

    inst = generate(spec["n"], spec["seed"])
    form = tp.build(tp.Catalog.from_frame(inst.frame), inst.budget, inst.policy)
    before = _peak_mb()
    t = time.perf_counter()
    prob, _ = to_pulp(form)
    seconds = time.perf_counter() - t
    return {
        "to_pulp_s": seconds,
        "build_s": form.build_seconds,
        "pulp": pulp.__version__,
        "python": platform.python_version(),
        # a dict attribute on PuLP 3, a method on PuLP 4
        "constraints": len(prob.constraints() if callable(prob.constraints) else prob.constraints),
        "rss_before_mb": before,
        "peak_mb": _peak_mb(),
    }


def child_cbc(spec: dict[str, Any]) -> dict[str, Any]:
    """Solve one instance with CBC through PuLP (time-limited), first solve only."""
    from generate import generate

    import targetplan as tp
    from targetplan import solvers

    inst = generate(spec["n"], spec["seed"])
    form = tp.build(tp.Catalog.from_frame(inst.frame), inst.budget, inst.policy)
    t = time.perf_counter()
    result = solvers.solve(
        form, "cbc", mip_gap=spec["gap"], time_limit=spec["time_limit"], threads=spec["threads"], tie_break=False
    )
    wall = time.perf_counter() - t
    return {
        "wall_s": wall,
        "status": result.status.value,
        "gap": result.gap,
        "objective": result.objective,
        "peak_mb": _peak_mb(),
    }


def child_time_limit(spec: dict[str, Any]) -> dict[str, Any]:
    """Whether ``tp.optimize(time_limit=T)`` returns within T (validation excluded)."""
    from generate import generate

    import targetplan as tp

    inst = generate(spec["n"], spec["seed"])
    catalog = tp.Catalog.from_frame(inst.frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tp.TimeLimitWarning)
        t = time.perf_counter()
        plan = tp.optimize(
            catalog,
            inst.budget,
            inst.policy,
            mip_gap=spec["gap"],
            time_limit=spec["time_limit"],
            threads=spec["threads"],
            raise_on_failure=False,
        )
        wall = time.perf_counter() - t
    return {"wall_s": wall, "status": plan.status.value, "gap": plan.mip_gap, "timings": plan.timings}


def child_frontier(spec: dict[str, Any]) -> dict[str, Any]:
    """One way of computing a ceiling frontier; only the sweep itself is timed (not validation)."""
    import numpy as np
    from generate import generate

    import targetplan as tp

    inst = generate(spec["n"], spec["seed"])
    catalog = tp.Catalog.from_frame(inst.frame)
    scales = [float(s) for s in np.linspace(spec["low"], spec["high"], spec["points"])]
    options = {"mip_gap": spec["gap"], "time_limit": spec["time_limit"], "threads": spec["threads"], "tie_break": False}
    mode = spec["mode"]
    statuses: list[str] = []
    values: list[float] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tp.TimeLimitWarning)
        if mode == "reference":
            # the same models' arrays, one HiGHS instance: change the row bounds, warm-start, re-solve
            forms = [tp.build(catalog, inst.budget.scale(s), inst.policy) for s in scales]
            arrays = [{k: getattr(f, a) for k, a in _ARRAY_FIELDS.items()} | {"integer": f.col_integer} for f in forms]
            t = time.perf_counter()
            h = _highs_from_arrays(arrays[0], spec["gap"], spec["time_limit"], spec["threads"])
            x = None
            rows = np.arange(forms[0].num_rows, dtype=np.int32)
            import highspy

            for f in forms:
                lo = np.where(np.isfinite(f.row_lower), f.row_lower, -highspy.kHighsInf)
                up = np.where(np.isfinite(f.row_upper), f.row_upper, highspy.kHighsInf)
                h.changeRowsBounds(len(rows), rows, lo, up)
                if x is not None:
                    sol = highspy.HighsSolution()
                    sol.col_value = list(map(float, x))
                    sol.value_valid = True
                    h.setSolution(sol)
                h.run()
                outcome = _highs_outcome(h)
                statuses.append(outcome["status"])
                values.append(outcome["objective"] if outcome["objective"] is not None else math.nan)
                if outcome["has_solution"]:
                    x = np.array(h.getSolution().col_value)
            wall = time.perf_counter() - t
        elif mode == "warm":
            t = time.perf_counter()
            front = tp.frontier(catalog, inst.budget, scales=scales, policy=inst.policy, progress=False, **options)
            wall = time.perf_counter() - t
            statuses = front.points["status"].tolist()
            values = front.points["value"].tolist()
        elif mode == "serial":
            t = time.perf_counter()
            for s in scales:
                plan = tp.optimize(catalog, inst.budget.scale(s), inst.policy, raise_on_failure=False, **options)
                statuses.append(plan.status.value)
                values.append(plan.total_value)
            wall = time.perf_counter() - t
        elif mode == "parallel":
            # timed twice: a new pool (its start included), then the same sweep again in the running pool
            t = time.perf_counter()
            with tp.process_pool(spec["workers"]) as pool:
                front = tp.frontier(
                    catalog, inst.budget, scales=scales, policy=inst.policy, executor=pool, progress=False, **options
                )
                wall = time.perf_counter() - t
                t = time.perf_counter()
                again = tp.frontier(
                    catalog, inst.budget, scales=scales, policy=inst.policy, executor=pool, progress=False, **options
                )
                running = time.perf_counter() - t
            statuses = front.points["status"].tolist()
            values = front.points["value"].tolist()
            assert again.points["value"].tolist() == values
            return {"wall_s": wall, "running_s": running, "statuses": statuses, "values": values, "peak_mb": _peak_mb()}
        else:
            raise ValueError(mode)
    return {"wall_s": wall, "statuses": statuses, "values": values, "peak_mb": _peak_mb()}


def child_city(spec: dict[str, Any]) -> dict[str, Any]:
    """City scale: ``tp.optimize`` without and with the tie-break, the 21-point frontier, the worker's cost.

    The frontier is the default one (serial); the worker's cost is the same time-limited solve forced into a
    worker process. Medians of the repeats.
    """
    from generate import generate

    import targetplan as tp
    from targetplan import solvers
    from targetplan.solvers.highs import HighsBackend, HighsSession

    n, repeats = spec["n"], spec["repeats"]
    if n == 0:
        ex = tp.load_example("bogor")
        catalog, budget, policy = ex.catalog, ex.budget, None
    else:
        inst = generate(n, spec["seed"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            catalog = tp.Catalog.from_frame(inst.frame)
        budget, policy = inst.budget, inst.policy
    form = tp.build(catalog, budget, policy)

    def timed(run: Any) -> tuple[float, Any]:
        t = time.perf_counter()
        out = run()
        return time.perf_counter() - t, out

    def median(run: Any) -> tuple[float, Any]:
        runs = [timed(run) for _ in range(repeats)]
        return statistics.median(r[0] for r in runs), runs[-1][1]

    out: dict[str, Any] = {"vars": form.num_cols, "rows": form.num_rows, "integers": int(form.col_integer.sum())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tp.TimeLimitWarning)
        out["plan_s"], plain = median(lambda: tp.optimize(catalog, budget, policy, tie_break=False, progress=False))
        out["tie_break_plan_s"], plan = median(lambda: tp.optimize(catalog, budget, policy, progress=False))
        out["status"], out["gap"], out["value"] = plan.status.value, plan.mip_gap, plan.total_value
        out["same_value"] = abs(plain.total_value - plan.total_value) <= 1e-9 * max(1.0, abs(plan.total_value))
        frontier_runs = spec["frontier_repeats"]
        fronts = [
            timed(lambda: tp.frontier(catalog, budget, policy=policy, progress=False)) for _ in range(frontier_runs)
        ]
        out["frontier_s"] = statistics.median(f[0] for f in fronts)
        out["frontier_points"] = len(fronts[-1][1].points)
        out["frontier_statuses"] = sorted(set(fronts[-1][1].points["status"]))
        # what stands in the way of a faster frontier: the solver's share (each point's solve and tie-break)
        out["frontier_solver_s"] = statistics.median(
            sum(p.timings.get("solve", 0.0) for p in f[1].plans.values()) for f in fronts
        )

        class InWorker(HighsSession):
            worker_min_columns = 0

        class InWorkerBackend(HighsBackend):
            def open(self, f: Any, **options: Any) -> HighsSession:  # type: ignore[override]
                return InWorker(f, **options)

        limit = spec["worker_limit"]
        out["limited_here_s"], _ = median(
            lambda: tp.optimize(catalog, budget, policy, time_limit=limit, progress=False)
        )
        solvers.register_backend(InWorkerBackend())
        out["limited_worker_s"], there = median(
            lambda: tp.optimize(catalog, budget, policy, time_limit=limit, progress=False)
        )
        out["worker_same_value"] = abs(there.total_value - plan.total_value) <= 1e-9 * max(1.0, abs(plan.total_value))
    out["peak_mb"] = _peak_mb()
    return out


def _solver_part(r: dict[str, Any]) -> str:
    """The solver's seconds within a frontier, when measured."""
    return f"; solver {_f(r['frontier_solver_s'], 1)} s" if "frontier_solver_s" in r else ""


_ARRAY_FIELDS = {
    "col_cost": "objective",
    "col_lower": "col_lower",
    "col_upper": "col_upper",
    "row_lower": "row_lower",
    "row_upper": "row_upper",
    "start": "start",
    "index": "index",
    "value": "value",
}

CHILDREN = {
    "pipeline": child_pipeline,
    "model": child_model,
    "reference": child_reference,
    "pulp": child_pulp,
    "cbc": child_cbc,
    "time_limit": child_time_limit,
    "frontier": child_frontier,
    "city": child_city,
}


def _child_main(task: str, spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    load = os.getloadavg()[0]
    result = CHILDREN[task](spec)
    # other processes on the machine make every timing noisy: record how busy it was
    result["load_1min"] = [load, os.getloadavg()[0]]
    Path(spec["result"]).write_text(json.dumps(result, default=float))


# ----------------------------------------------------------------------------- parent
def run_child(
    task: str, spec: dict[str, Any], workdir: Path, timeout: float | None = None, python: str | None = None
) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; returns its result, or an ``error`` entry."""
    tag = f"{task}-{time.monotonic_ns()}"
    spec = {**spec, "result": str(workdir / f"{tag}.out.json")}
    spec_path = workdir / f"{tag}.json"
    spec_path.write_text(json.dumps(spec))
    cmd = [python or sys.executable, str(Path(__file__).resolve()), "--child", task, str(spec_path)]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s", "wall_s": time.perf_counter() - t}
    result_path = Path(spec["result"])
    if proc.returncode != 0 or not result_path.exists():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-5:]
        return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}
    return json.loads(result_path.read_text())


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _median_result(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-key median of numeric entries over repeats (other entries from the first repeat)."""
    if len(results) == 1:
        return results[0]
    out = dict(results[0])
    for key, value in results[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            vals = [r[key] for r in results if isinstance(r.get(key), int | float)]
            out[key] = statistics.median(vals) if vals else value
    out["repeats"] = len(results)
    return out


def measure_size(n: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    npz = str(workdir / f"model-{n}.npz")
    ours, refs = [], []
    for r in range(args.repeats):
        spec = {
            "n": n,
            "seed": args.seed,
            "gap": args.gap_for(n),
            "time_limit": args.time_limit,
            "threads": args.threads,
            "tie_break": not args.no_tie_break,
            "npz": npz,
        }
        _log(f"{n:>6} programmes: targetplan pipeline (repeat {r + 1}/{args.repeats})")
        res = run_child("pipeline", spec, workdir, timeout=args.child_timeout)
        if "error" in res:
            _log(f"  failed: {res['error']}")
            return {"n": n, "error": res["error"]}
        ours.append(res)
        _log(
            f"  {res['status']}, gap {res['gap']}, validate {res['validate_s']:.2f} s, build {res['build_s']:.2f} s, "
            f"first solve {res['first_solve_s']:.1f} s, tie-break {res['tie_break_s']:.1f} s, "
            f"extract {res['extract_s']:.2f} s, check {res['check_s']:.2f} s, peak {res['peak_mb']:.0f} MB"
        )
        _log(f"{n:>6} programmes: HiGHS reference from the same arrays")
        ref = run_child(
            "reference",
            {"npz": npz, "gap": args.gap_for(n), "time_limit": args.time_limit, "threads": args.threads},
            workdir,
            timeout=args.child_timeout,
        )
        refs.append(ref)
        if "error" not in ref:
            _log(f"  {ref['status']}, gap {ref['gap']}, solve {ref['solve_s']:.1f} s, peak {ref['peak_mb']:.0f} MB")
    res = _median_result(ours)
    ref = _median_result([r for r in refs if "error" not in r]) if any("error" not in r for r in refs) else refs[0]
    res["n"] = n
    res["tie_break"] = not args.no_tie_break
    res["repeats"] = len(ours)
    res["gap_target"] = args.gap_for(n)
    res["reference"] = ref
    not_solver = res["validate_s"] + res["build_s"] + res["handoff_s"] + res["extract_s"] + res["check_s"]
    res["not_solver_s"] = not_solver
    res["overhead_vs_first_solve"] = not_solver / res["first_solve_s"] if res["first_solve_s"] > 0 else math.nan
    res["overhead_vs_solve"] = not_solver / res["solve_s"] if res["solve_s"] > 0 else math.nan
    if "error" not in ref:
        ours_solver = res["handoff_s"] + res["first_solve_s"]
        ref_solver = ref["handoff_s"] + ref["solve_s"]
        res["solver_ratio"] = ours_solver / ref_solver if ref_solver > 0 else math.nan
        res["solver_ratio_with_tie_break"] = (ours_solver + res["tie_break_s"]) / ref_solver if ref_solver else math.nan
        # the whole call: build, hand-off, solve, tie-break, the rupiah check and making the plan
        res["end_to_end_ratio"] = res["optimize_s"] / ref_solver if ref_solver else math.nan
    return res


def measure_options(args: argparse.Namespace, workdir: Path, sizes: list[int]) -> list[dict[str, Any]]:
    """HiGHS presolve and threads settings by size, on the reference (arrays straight to HiGHS)."""
    rows = []
    for n in sizes:
        npz = str(workdir / f"model-{n}.npz")
        if not Path(npz).exists():
            _log(f"{n:>6} programmes: building the model for the options study")
            run_child("model", {"n": n, "seed": args.seed, "npz": npz}, workdir, timeout=args.child_timeout)
        for presolve in ("choose", "off"):
            for threads in args.option_threads:
                spec = {
                    "npz": npz,
                    "gap": args.gap_for(n),
                    "time_limit": args.options_time_limit,
                    "threads": threads,
                    "presolve": presolve,
                }
                _log(f"{n:>6} programmes: reference with presolve={presolve}, threads={threads}")
                res = run_child("reference", spec, workdir, timeout=args.options_time_limit * 4 + 120)
                res.update({"n": n, "presolve": presolve, "threads": threads, "time_limit": args.options_time_limit})
                rows.append(res)
                if "error" not in res:
                    _log(f"  {res['status']}, gap {res['gap']}, {res['solve_s']:.1f} s")
    return rows


def measure_time_limits(args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    """Is a short time limit kept? Raw HiGHS (presolve on/off) and tp.optimize, at large sizes."""
    rows = []
    for n in args.limit_sizes:
        npz = str(workdir / f"model-{n}.npz")
        if not Path(npz).exists():
            _log(f"{n:>6} programmes: building the model for the time-limit study")
            run_child("model", {"n": n, "seed": args.seed, "npz": npz}, workdir, timeout=args.child_timeout)
        for limit in args.limits:
            for presolve in ("choose", "off"):
                spec = {"npz": npz, "gap": 1e-4, "time_limit": limit, "threads": args.threads, "presolve": presolve}
                _log(f"{n:>6} programmes: HiGHS time_limit={limit} s, presolve={presolve}")
                res = run_child("reference", spec, workdir, timeout=limit * 20 + 120)
                res.update({"n": n, "what": f"HiGHS, presolve={presolve}", "time_limit": limit})
                rows.append(res)
                if "error" not in res:
                    _log(f"  {res['status']} after {res['solve_s']:.1f} s")
            spec = {"n": n, "seed": args.seed, "gap": 1e-4, "time_limit": limit, "threads": args.threads}
            _log(f"{n:>6} programmes: tp.optimize(time_limit={limit})")
            res = run_child("time_limit", spec, workdir, timeout=limit * 20 + 120)
            res.update({"n": n, "what": "tp.optimize (default options)", "time_limit": limit})
            rows.append(res)
            if "error" not in res:
                _log(f"  {res['status']} after {res['wall_s']:.1f} s")
    return rows


def measure_city(args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    """City scale: the sample (0) and small generated catalogues, each in a fresh child process."""
    rows = []
    for n in args.city_sizes:
        label = "the sample" if n == 0 else f"{n:,} programmes"
        _log(f"city scale, {label}: optimize, tie-break, frontier, worker ({args.city_repeats} repeats)")
        spec = {
            "n": n,
            "seed": args.seed,
            "repeats": args.city_repeats,
            "frontier_repeats": args.city_frontier_repeats,
            "worker_limit": 300.0,
        }
        res = run_child("city", spec, workdir, timeout=args.child_timeout)
        res["n"] = n
        rows.append(res)
        if "error" in res:
            _log(f"  failed: {res['error']}")
        else:
            _log(
                f"  plan {res['plan_s']:.2f} s, with tie-break {res['tie_break_plan_s']:.2f} s, frontier "
                f"{res['frontier_s']:.1f} s, time-limited here {res['limited_here_s']:.2f} s / in a worker "
                f"{res['limited_worker_s']:.2f} s"
            )
    return rows


def measure_frontier(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    base = {
        "n": args.frontier_size,
        "seed": args.seed,
        "gap": args.gap_for(args.frontier_size),
        "time_limit": args.frontier_time_limit,
        "threads": args.threads,
        "points": args.frontier_points,
        "low": 0.5,
        "high": 1.5,
        "workers": 2,
    }
    out: dict[str, Any] = {k: base[k] for k in ("n", "gap", "time_limit", "points", "low", "high", "workers")}
    for mode in ("warm", "reference", "serial", "parallel"):
        _log(f"frontier of {args.frontier_points} ceilings at {args.frontier_size} programmes: {mode}")
        res = run_child("frontier", {**base, "mode": mode}, workdir, timeout=args.child_timeout * 4)
        out[mode] = res
        if "error" not in res:
            _log(f"  {res['wall_s']:.1f} s")
        else:
            _log(f"  failed: {res['error']}")
    ok = all("error" not in out[m] for m in ("warm", "reference", "serial", "parallel"))
    if ok:
        out["warm_vs_reference"] = out["warm"]["wall_s"] / out["reference"]["wall_s"]
        out["parallel_vs_serial"] = out["parallel"]["wall_s"] / out["serial"]["wall_s"]
        out["running_vs_serial"] = out["parallel"]["running_s"] / out["serial"]["wall_s"]
        out["warm_vs_serial"] = out["warm"]["wall_s"] / out["serial"]["wall_s"]
    return out


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.rstrip()
        except Exception as exc:  # a tool missing on this machine
            return f"({exc})"

    versions = {}
    for pkg in ("targetplan", "pulp", "highspy", "numpy", "pandas", "pydantic", "scipy"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    commit = sh(f"git -C {HERE.parent} rev-parse --short HEAD")
    dirty = sh(f"git -C {HERE.parent} status --porcelain -- src") != ""
    return {
        "nproc": sh("nproc"),
        "free_h": sh("free -h"),
        "lscpu": "\n".join(sh("lscpu").splitlines()[:16]),
        "model_name": next((ln.split(":", 1)[1].strip() for ln in sh("lscpu").splitlines() if "Model name" in ln), ""),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "git": commit + (" (src/ modified)" if dirty else ""),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


# ----------------------------------------------------------------------------- report
def _f(value: Any, digits: int = 2, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}{unit}"
    return str(value)


def _pct(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{100 * value:.{digits}f} %"


def _label(r: dict[str, Any]) -> str:
    notes = []
    if not r.get("tie_break", True):
        notes.append("tie-break off")
    if r.get("repeats", 1) > 1:
        notes.append(f"median of {r['repeats']}")
    return f"{r['n']:,}" + (f" ({', '.join(notes)})" if notes else "")


def _load(result: dict[str, Any]) -> str:
    load = result.get("load_1min")
    return f"{load[0]:.1f}–{load[1]:.1f}" if load else "—"


def _status(status: Any) -> str:
    return {"Optimal": "optimal", "Time limit reached": "time limit"}.get(str(status), str(status))


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    s = results["settings"]
    lines = [BEGIN, ""]
    runs = results.get("runs") or [{"date": m["date"], "argv": s["argv"]}]
    lines.append("Produced by:")
    lines.append("")
    for r in runs:
        commit = f" on commit `{r['git']}`" if r.get("git") else ""
        lines.append(f"- {r['date']}{commit}: `python benchmarks/run.py {r['argv']}`")
    lines.append("")
    lines.append("### Machine")
    lines.append("")
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines.append(f"- `nproc`: {m['nproc']}; CPU: {m['model_name']}; {m['platform']}")
    lines.append(f"- Python {m['python']}; {pk}")
    lines.append("")
    lines.append("```")
    lines.append("$ free -h")
    lines.append(m["free_h"])
    lines.append("$ lscpu | head -16")
    lines.append(m["lscpu"])
    lines.append("```")
    lines.append("")
    sizes = [r for r in results["sizes"] if "error" not in r]
    if sizes:
        lines.append("### Pipeline per size (seconds; HiGHS; one child process per size)")
        lines.append("")
        lines.append(
            "| programmes | vars / rows / nnz | gap asked | validate | build | hand-off | first solve "
            "| tie-break | extract | check() | peak MB | status, gap reached | load |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in sizes:
            tie_break = _f(r["tie_break_s"]) if r.get("tie_break", True) else "off"
            lines.append(
                f"| {_label(r)} | {r['vars']:,} / {r['rows']:,} / {r['nnz']:,} | {_pct(r['gap_target'], 2)} "
                f"| {_f(r['validate_s'])} | {_f(r['build_s'])} | {_f(r['handoff_s'])} | {_f(r['first_solve_s'])} "
                f"| {tie_break} | {_f(r['extract_s'])} | {_f(r['check_s'])} | {_f(r['peak_mb'], 0)} "
                f"| {r['status']}, {_pct(r['gap'])} | {_load(r)} |"
            )
        lines.append("")
        lines.append("### Ratios (same run)")
        lines.append("")
        lines.append(
            "| programmes | not-solver ÷ first solve (goal ≤ 0.25 at 20k) | the same without check() "
            "| not-solver ÷ solve incl. tie-break "
            "| targetplan ÷ reference, first solve (goal ≤ 1.2) | incl. tie-break "
            "| `optimize` end to end ÷ reference (goal ≤ 1.3) | reference solve | "
            "reference status, gap | reference peak MB |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in sizes:
            ref = r["reference"]
            no_check = (r["not_solver_s"] - r["check_s"]) / r["first_solve_s"] if r["first_solve_s"] > 0 else math.nan
            ok = "error" not in ref
            lines.append(
                f"| {_label(r)} | {_f(r['overhead_vs_first_solve'])} | {_f(no_check)} "
                f"| {_f(r['overhead_vs_solve'], 3)} "
                f"| {_f(r.get('solver_ratio'))} | {_f(r.get('solver_ratio_with_tie_break'))} "
                f"| {_f(r.get('end_to_end_ratio'))} "
                f"| {_f(ref.get('solve_s')) if ok else ref['error']} "
                f"| {_status(ref.get('status'))}, {_pct(ref.get('gap'))} | {_f(ref.get('peak_mb'), 0)} |"
            )
        lines.append("")
        lines.append(
            "*not-solver* = validate + build + hand-off + extract + check(). *first solve* = HiGHS on the model "
            "(what the reference does); *tie-break* = the second, lexicographic solve that `optimize()` runs by "
            "default (`tie_break=True`). The reference passes the same arrays to a fresh `highspy.Highs()` with "
            "the same options (`random_seed=0`, `mip_rel_gap`, `mip_abs_gap`, `time_limit`, `threads`). *load* = "
            "the 1-minute load average when the child process started and ended (above the core count, other "
            "processes were competing for the CPU and the times are inflated)."
        )
        lines.append("")
    failed = [r for r in results["sizes"] if "error" in r]
    for r in failed:
        lines.append(f"- {r['n']:,} programmes: **failed** — {r['error']}")
    if failed:
        lines.append("")
    if results.get("pulp"):
        lines.append("### PuLP model build (`solvers.cbc.to_pulp`) and CBC")
        lines.append("")
        lines.append("| programmes | Python / PuLP | array build | to_pulp | to_pulp ÷ build | peak MB |")
        lines.append("|---|---|---|---|---|---|")
        for r in results["pulp"]:
            if "error" in r:
                last = r["error"].split(" | ")[-1]
                lines.append(f"| {r['n']:,} | `{r.get('python')}` | — | fails: `{last}` | — | — |")
                continue
            lines.append(
                f"| {r['n']:,} | {r['python']} / {r['pulp']} | {_f(r['build_s'], 3)} | {_f(r['to_pulp_s'])} "
                f"| {_f(r['to_pulp_s'] / r['build_s'], 0)}× | {_f(r['peak_mb'], 0)} |"
            )
        lines.append("")
    cbc = results.get("cbc")
    if cbc:
        if "error" in cbc:
            lines.append(f"CBC through PuLP at {cbc['n']:,}: {cbc['error']}")
        else:
            hs = next((r for r in sizes if r["n"] == cbc["n"] and r.get("tie_break", True)), None)
            versus = (
                f"; HiGHS first solve on the same model: {_f(hs['first_solve_s'])} s to {_pct(hs['gap'])}" if hs else ""
            )
            lines.append(
                f"CBC through PuLP at {cbc['n']:,} programmes (gap asked {_pct(cbc['gap_target'], 2)}, time limit "
                f"{cbc['time_limit']} s, no tie-break): {cbc['status']} after {_f(cbc['wall_s'])} s "
                f"(to_pulp, MPS file and CBC), gap {_pct(cbc['gap'])}, peak {_f(cbc['peak_mb'], 0)} MB{versus}."
            )
        lines.append("")
    fr = results.get("frontier")
    if fr:
        lines.append(
            f"### Frontier: {fr['points']} ceilings ({fr['low']}–{fr['high']} × budget) at {fr['n']:,} programmes, "
            f"gap {_pct(fr['gap'], 2)}, no tie-break"
        )
        lines.append("")
        lines.append("| way | seconds | ratio | statuses |")
        lines.append("|---|---|---|---|")
        labels = {
            "warm": ("`tp.frontier` serial (one HiGHS model, warm re-solves)", "warm_vs_reference", "÷ reference"),
            "reference": ("reference: one `highspy.Highs()`, row bounds changed, warm-started", None, ""),
            "serial": ("serial rebuild: `tp.optimize` per ceiling", None, ""),
            "parallel": (
                f"`tp.frontier` with `process_pool({fr['workers']})`",
                "parallel_vs_serial",
                "÷ serial rebuild",
            ),
        }
        for mode, (label, key, what) in labels.items():
            r = fr.get(mode, {})
            if "error" in r:
                lines.append(f"| {label} | {r['error']} | | |")
                continue
            counts: dict[str, int] = {}
            for st in r.get("statuses", []):
                counts[_status(st)] = counts.get(_status(st), 0) + 1
            ratio = f"{fr[key]:.2f} {what}" if key and key in fr else ""
            lines.append(
                f"| {label} | {_f(r.get('wall_s'), 1)} | {ratio} | {', '.join(f'{v} {k}' for k, v in counts.items())} |"
            )
            if mode == "parallel" and "running_s" in r:
                lines.append(
                    f"| … the same sweep again in the running pool | {_f(r['running_s'], 1)} | "
                    f"{fr['running_vs_serial']:.2f} ÷ serial rebuild | |"
                )
        lines.append("")
        lines.append(
            "Goals: warm ÷ reference ≤ 1.5; two workers ÷ serial rebuild ≤ 0.6 (where warm re-use is not possible)."
        )
        lines.append("")
    opts = results.get("options")
    if opts:
        lines.append("### HiGHS `presolve` and `threads` by size (reference, arrays straight to HiGHS)")
        lines.append("")
        lines.append("| programmes | presolve | threads | time limit | seconds | status | gap |")
        lines.append("|---|---|---|---|---|---|---|")
        for r in opts:
            if "error" in r:
                lines.append(
                    f"| {r['n']:,} | {r['presolve']} | {r['threads']} | {r['time_limit']} | {r['error']} | | |"
                )
                continue
            lines.append(
                f"| {r['n']:,} | {r['presolve']} | {r['threads'] if r['threads'] is not None else 'default'} "
                f"| {r['time_limit']} s | {_f(r['solve_s'], 1)} | {_status(r['status'])} | {_pct(r['gap'])} |"
            )
        lines.append("")
    city = results.get("city")
    if city:
        lines.append("### City scale (default options: gap 0.01 %, tie-break on; medians, one child process per size)")
        lines.append("")
        lines.append(
            "| catalogue | vars / rows (integer) | `optimize`, no tie-break | `optimize` (tie-break) "
            "| 21-point `frontier` (serial, tie-break) | status, gap | time-limited: here / in a worker | load |"
        )
        lines.append("|---|---|---|---|---|---|---|---|")
        for r in city:
            label = "Bogor sample (50)" if r["n"] == 0 else f"{r['n']:,}"
            if "error" in r:
                lines.append(f"| {label} | {r['error']} | | | | | | |")
                continue
            lines.append(
                f"| {label} | {r['vars']:,} / {r['rows']:,} ({r['integers']:,}) | {_f(r['plan_s'])} s "
                f"| {_f(r['tie_break_plan_s'])} s | {_f(r['frontier_s'], 1)} s ({r['frontier_points']} points"
                f"{_solver_part(r)}) "
                f"| {r['status']}, {_pct(r['gap'])} | {_f(r['limited_here_s'])} / {_f(r['limited_worker_s'])} s "
                f"| {_load(r)} |"
            )
        lines.append("")
        lines.append(
            "*time-limited*: the same `optimize` with `time_limit=300`, in this process and forced into a worker "
            "process (what a worker costs; by default only models of 20,000 variables or more use one). Goals: the "
            "sample with its tie-break ≤ 0.25 s; its 21-point frontier ≤ 2 s. *solver*: the seconds HiGHS spent in the "
            "frontier's points (first solve, tie-break and any re-solve that keeps a limit to the rupiah), summed."
        )
        lines.append("")
    lim = results.get("time_limits")
    if lim:
        lines.append("### Are time limits kept? (gap asked 0.01 %)")
        lines.append("")
        lines.append("| programmes | what | time limit | wall seconds | over by | status | gap |")
        lines.append("|---|---|---|---|---|---|---|")
        for r in lim:
            if "error" in r:
                lines.append(f"| {r['n']:,} | {r['what']} | {r['time_limit']} s | {r['error']} | | | |")
                continue
            wall = r.get("solve_s", r.get("wall_s"))
            lines.append(
                f"| {r['n']:,} | {r['what']} | {r['time_limit']} s | {_f(wall, 1)} "
                f"| {_f(wall / r['time_limit'], 2)}× | {_status(r['status'])} | {_pct(r.get('gap'))} |"
            )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_readme(results: dict[str, Any]) -> None:
    block = render(results)
    text = README.read_text() if README.exists() else "# targetplan benchmarks\n\n## Results\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text)


# ----------------------------------------------------------------------------- main
def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="targetplan scale and speed benchmark")
    p.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000], help="programmes per instance")
    p.add_argument("--gap", type=float, default=1e-3, help="relative MIP gap (default 0.1 %%)")
    p.add_argument(
        "--large-gap",
        type=float,
        default=5e-3,
        help="gap for sizes of --large-from programmes and more (default 0.5 %%)",
    )
    p.add_argument("--large-from", type=int, default=50000)
    p.add_argument("--time-limit", type=float, default=300.0, help="seconds per solve")
    p.add_argument("--repeats", type=int, default=1, help="repeat the pipeline and the reference, report medians")
    p.add_argument(
        "--threads", type=int, default=1, help="HiGHS threads, targetplan and reference (default 1, as in targetplan)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-tie-break", action="store_true", help="run optimize(tie_break=False)")
    p.add_argument("--child-timeout", type=float, default=1800.0)
    p.add_argument("--pulp-sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    p.add_argument("--pulp-python", default=None, help="another interpreter for to_pulp (e.g. one with PuLP 4)")
    p.add_argument("--cbc-size", type=int, default=1000, help="0 to skip CBC")
    p.add_argument("--cbc-time-limit", type=float, default=120.0)
    p.add_argument("--no-frontier", action="store_true")
    p.add_argument("--frontier-size", type=int, default=5000)
    p.add_argument("--frontier-points", type=int, default=21)
    p.add_argument("--frontier-time-limit", type=float, default=60.0)
    p.add_argument("--no-options", action="store_true", help="skip the presolve/threads study")
    p.add_argument("--option-sizes", type=int, nargs="*", default=None, help="default: --sizes")
    p.add_argument("--option-threads", type=lambda v: None if v == "default" else int(v), nargs="+", default=[1, 2])
    p.add_argument("--options-time-limit", type=float, default=120.0)
    p.add_argument("--limit-sizes", type=int, nargs="*", default=[5000, 20000, 50000], help="time-limit study sizes")
    p.add_argument(
        "--city-sizes", type=int, nargs="*", default=[0, 200, 1000], help="city-scale table (0: the Bogor sample)"
    )
    p.add_argument("--city-repeats", type=int, default=5, help="runs per city-scale figure (median)")
    p.add_argument("--city-frontier-repeats", type=int, default=3)
    p.add_argument("--limits", type=float, nargs="*", default=[5.0], help="time limits to test (seconds)")
    p.add_argument("--append", action="store_true", help="merge into the existing results.json")
    p.add_argument("--no-readme", action="store_true")
    args = p.parse_args(argv)
    args.gap_for = lambda n: args.large_gap if n >= args.large_from else args.gap
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child_main(argv[1], argv[2])
        return 0
    args = parse_args(argv)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    if args.append and RESULTS_JSON.exists():
        results = json.loads(RESULTS_JSON.read_text())
    results["machine"] = machine()
    settings = {k: v for k, v in vars(args).items() if k != "gap_for"}
    settings["argv"] = " ".join(argv)
    results["settings"] = settings
    this_run = {"date": time.strftime("%Y-%m-%d %H:%M"), "argv": settings["argv"], "git": results["machine"]["git"]}
    results["runs"] = [*results.get("runs", []), this_run]
    with tempfile.TemporaryDirectory(prefix="targetplan-bench-") as tmp:
        workdir = Path(tmp)
        # one entry per size and tie-break setting: a --no-tie-break run does not replace a tie-break one
        sizes = {(r["n"], r.get("tie_break", True)): r for r in results.get("sizes", [])}
        for n in args.sizes:
            sizes[(n, not args.no_tie_break)] = measure_size(n, args, workdir)
        results["sizes"] = [sizes[k] for k in sorted(sizes, key=lambda k: (k[0], not k[1]))]

        pulp_rows = {(r["n"], r.get("python")): r for r in results.get("pulp", [])}
        for n in args.pulp_sizes:
            _log(f"{n:>6} programmes: PuLP build (to_pulp)")
            for python in [None, args.pulp_python] if args.pulp_python else [None]:
                res = run_child("pulp", {"n": n, "seed": args.seed}, workdir, args.child_timeout, python=python)
                res["n"] = n
                if "error" not in res:
                    pulp_rows.pop((n, python), None)  # a failure recorded earlier with this interpreter
                    _log(f"  PuLP {res['pulp']} (Python {res['python']}): {res['to_pulp_s']:.2f} s")
                else:
                    res["python"] = python
                    _log(f"  failed with {python or sys.executable}: {res['error']}")
                pulp_rows[(n, res.get("python"))] = res
        results["pulp"] = sorted(pulp_rows.values(), key=lambda r: (r["n"], str(r.get("python"))))

        if args.cbc_size:
            n = args.cbc_size
            _log(f"{n:>6} programmes: CBC through PuLP, time limit {args.cbc_time_limit:.0f} s")
            spec = {"n": n, "seed": args.seed, "gap": args.gap_for(n), "time_limit": args.cbc_time_limit}
            res = run_child("cbc", {**spec, "threads": args.threads}, workdir, args.cbc_time_limit * 3 + 120)
            res.update({"n": n, "gap_target": spec["gap"], "time_limit": args.cbc_time_limit})
            results["cbc"] = res
            if "error" not in res:
                _log(f"  {res['status']} after {res['wall_s']:.1f} s, gap {res['gap']}")

        if not args.no_frontier:
            results["frontier"] = measure_frontier(args, workdir)
        if not args.no_options:
            results["options"] = measure_options(args, workdir, args.option_sizes or args.sizes)
        if args.city_sizes:
            # one row per size: a run of some sizes keeps the others' rows
            city = {r["n"]: r for r in results.get("city", [])}
            city.update({r["n"]: r for r in measure_city(args, workdir)})
            results["city"] = [city[n] for n in sorted(city)]
        if args.limit_sizes and args.limits:
            results["time_limits"] = measure_time_limits(args, workdir)
    results["wall_s"] = time.perf_counter() - started
    RESULTS_JSON.write_text(json.dumps(results, indent=2, default=float) + "\n")
    _log(f"wrote {RESULTS_JSON.relative_to(HERE.parent)} ({results['wall_s'] / 60:.1f} min)")
    if not args.no_readme:
        write_readme(results)
        _log(f"wrote the tables into {README.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
