"""Profile the parts of the pipeline that are not the solver, at one size (cProfile).

``python benchmarks/profile_steps.py 20000`` prints, for validation
(``Catalog.from_frame``), the model build (``targetplan.model.build``), the extraction of the
plan (``Plan.from_solution``) and ``plan.check()``, the wall time and the functions with
the most time spent inside them (``tottime``) and below them (``cumtime``). The solve in
between is not profiled (first solve only, no tie-break).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def profiled(label: str, func: Any, *args: Any, top: int = 12, **kwargs: Any) -> Any:
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    result = func(*args, **kwargs)
    prof.disable()
    wall = time.perf_counter() - t
    t = time.perf_counter()
    func(*args, **kwargs)  # once more without the profiler, for the plain wall time
    plain = time.perf_counter() - t
    print(f"\n=== {label}: {plain:.3f} s without the profiler ({wall:.3f} s under cProfile)")
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(top)
        body = buf.getvalue().split("   ncalls", 1)[-1]
        print(f"--- by {key}\n   ncalls{body.rstrip()}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gap", type=float, default=1e-3)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()

    from generate import generate

    import targetplan as tp
    from targetplan import solvers
    from targetplan.model import build

    inst = generate(args.n, args.seed)
    catalog = profiled("validate (Catalog.from_frame)", tp.Catalog.from_frame, inst.frame, top=args.top)
    form = profiled("build (model.build)", build, catalog, inst.budget, inst.policy, top=args.top)
    t = time.perf_counter()
    result = solvers.solve(form, "highs", mip_gap=args.gap, tie_break=False)
    print(f"\n(solve, not profiled: {time.perf_counter() - t:.2f} s, {result.status.value}, gap {result.gap})")
    plan = profiled("extract (Plan.from_solution)", tp.Plan.from_solution, form, result, {}, top=args.top)
    profiled("plan.check()", plan.check, top=args.top)


if __name__ == "__main__":
    main()
