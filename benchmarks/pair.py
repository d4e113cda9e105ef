"""Two versions of targetplan, timed pair by pair in one run (a ratio that holds on a loaded machine).

Each round starts a fresh child process per version, one after the other (the order
alternates between rounds), and times in it, after one warm-up plan:

* ``plan``: ``tp.optimize`` on the catalogue (tie-break included);
* ``frontier``: the default 21-point ``tp.frontier`` (serial), unless ``--no-frontier``.

The old version is any source tree of targetplan (``--old``, the directory holding the
``targetplan`` package), e.g. an earlier commit unpacked with ``git archive``; the new one
is the package this interpreter imports. The catalogue is the Bogor sample, or a
generated one of ``--size`` programmes (``benchmarks/generate.py``). Medians and the
median of the per-round ratios are printed; every child also reports its frontier's
values, and the run fails when the two versions' plans differ.

Examples
--------
``git archive 0166277 src | tar -x -C /tmp/old`` then
``.venv/bin/python benchmarks/pair.py --old /tmp/old/src --rounds 5`` (the sample),
``.venv/bin/python benchmarks/pair.py --old /tmp/old/src --size 3000 --gap 1e-3 --no-frontier``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time, warnings
sys.path.insert(0, {bench!r})
import targetplan as tp
spec = json.loads(sys.argv[1])
if spec["size"]:
    from generate import generate
    inst = generate(spec["size"], seed=spec.get("seed", 0))
    catalog = inst.catalog()
    budget, policy = inst.budget, inst.policy
else:
    ex = tp.load_example("bogor")
    catalog, budget, policy = ex.catalog, ex.budget, None
opts = {{"mip_gap": spec["gap"]}} if spec["gap"] is not None else {{}}
tp.optimize(catalog, budget, policy, progress=False, **opts)  # warm-up: imports, first HiGHS instance
out = {{}}
t0 = time.perf_counter()
plan = tp.optimize(catalog, budget, policy, progress=False, **opts)
out["plan_s"] = time.perf_counter() - t0
out["plan"] = [plan.total_value, sorted(plan.selected_ids)]
if spec["frontier"]:
    t0 = time.perf_counter()
    front = tp.frontier(catalog, budget, policy=policy, progress=False, **opts)
    out["frontier_s"] = time.perf_counter() - t0
    out["frontier"] = [[p.total_value, sorted(p.selected_ids)] for p in front.plans.values()]
print("RESULT" + json.dumps(out))
"""


def run(src: str | None, spec: dict[str, Any]) -> dict[str, Any]:
    """Run one child with ``src`` first on its path (``None``: the installed targetplan)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    code = CHILD.format(bench=str(HERE))
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(spec)], env=env, capture_output=True, text=True, check=True
    )
    line = next(li for li in done.stdout.splitlines() if li.startswith("RESULT"))
    return dict(json.loads(line[len("RESULT") :]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="source directory of the old version (holds targetplan/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", type=int, default=0, help="programmes of a generated catalogue (0: the sample)")
    parser.add_argument("--gap", type=float, default=None, help="mip_gap (default: optimize's own)")
    parser.add_argument("--no-frontier", action="store_true")
    args = parser.parse_args()
    spec = {"size": args.size, "gap": args.gap, "frontier": not args.no_frontier}
    runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
    for r in range(args.rounds):
        order = [("old", args.old), ("new", None)] if r % 2 == 0 else [("new", None), ("old", args.old)]
        for name, src in order:
            runs[name].append(run(src, spec))
        line = ", ".join(
            f"{k} {name} {runs[name][-1][k]:.2f} s"
            for k in ("plan_s", "frontier_s")
            for name in ("old", "new")
            if k in runs[name][-1]
        )
        print(f"round {r + 1}: {line}", flush=True)
    for key in ("plan_s", "frontier_s"):
        if key not in runs["new"][0]:
            continue
        old = [x[key] for x in runs["old"]]
        new = [x[key] for x in runs["new"]]
        ratios = [n / o for n, o in zip(new, old, strict=True)]
        print(
            f"{key[:-2]}: old median {statistics.median(old):.2f} s, new median {statistics.median(new):.2f} s, "
            f"new / old median of rounds {statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f})"
        )
    same = all(_same(a, b) for a, b in zip(runs["old"], runs["new"], strict=True))
    print("same plans in every round (selection, value to 1e-9):", same)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two children found the same plans: the same programmes, values equal to solver round-off."""
    pairs = [(a["plan"], b["plan"]), *zip(a.get("frontier", []), b.get("frontier", []), strict=True)]
    return all(x[1] == y[1] and math.isclose(x[0], y[0], rel_tol=1e-9) for x, y in pairs)


if __name__ == "__main__":
    main()
