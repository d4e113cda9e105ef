"""Wall time of the 21-point frontier on the Bogor sample: serial vs a process pool.

Runs ``tp.frontier`` (scales 0.5, 0.55, ..., 1.5; default ``mip_gap``) on the sample

* **serial, warm** — the default: one HiGHS model, only the ceilings change between points;
* **serial, cold** — one worker thread through the executor path, so every point builds
  and solves its own model (what the warm re-use saves);
* **process pool** — ``tp.process_pool(n)`` (spawned workers), timed with the pool's start-up
  and again on the already running pool;
* optionally a ``dask.distributed.LocalCluster`` with the same number of workers (``--dask``).

and checks that every run found the same frontier values (within the MIP gap).

Usage::

    .venv/bin/python benchmarks/frontier_sample.py [--workers 2] [--repeat 1] [--dask]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

import targetplan as tp

SCALES = [round(0.5 + 0.05 * i, 2) for i in range(21)]


def _timed(run: Callable[[], tp.Frontier]) -> tuple[float, tp.Frontier]:
    t0 = time.perf_counter()
    front = run()
    return time.perf_counter() - t0, front


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs per variant; the best time is kept")
    parser.add_argument("--dask", action="store_true", help="also time a dask LocalCluster")
    args = parser.parse_args()

    ex = tp.load_example("bogor")
    cat, budget = ex.catalog, ex.budget

    def frontier(executor: Any = None) -> tp.Frontier:
        return tp.frontier(cat, budget, scales=SCALES, executor=executor, progress=False)

    rows: list[tuple[str, float, tp.Frontier]] = []

    def record(label: str, run: Callable[[], tp.Frontier]) -> None:
        best: tuple[float, tp.Frontier] | None = None
        for _ in range(args.repeat):
            result = _timed(run)
            if best is None or result[0] < best[0]:
                best = result
        assert best is not None
        rows.append((label, *best))
        print(f"  {label}: {best[0]:.1f} s", flush=True)

    print(f"targetplan {tp.__version__}, {os.cpu_count()} CPUs, {len(SCALES)} points, Bogor sample", flush=True)
    record("serial (warm: one model, bounds change)", frontier)
    with ThreadPoolExecutor(1) as one:
        record("serial (cold: a model per point)", lambda: frontier(one))

    n = args.workers
    t0 = time.perf_counter()
    with tp.process_pool(n) as pool:
        first = _timed(lambda: frontier(pool))
        rows.append((f"process_pool({n}), incl. start-up", time.perf_counter() - t0, first[1]))
        print(f"  {rows[-1][0]}: {rows[-1][1]:.1f} s", flush=True)
        record(f"process_pool({n}), running pool", lambda: frontier(pool))

    if args.dask:
        from dask.distributed import Client, LocalCluster

        t0 = time.perf_counter()
        with (
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            first = _timed(lambda: frontier(client))
            rows.append((f"dask LocalCluster({n}), incl. start-up", time.perf_counter() - t0, first[1]))
            print(f"  {rows[-1][0]}: {rows[-1][1]:.1f} s", flush=True)
            record(f"dask LocalCluster({n}), running cluster", lambda: frontier(client))

    reference = rows[0][2].points["value"].to_numpy(dtype=float)
    base = rows[0][1]
    width = max(len(r[0]) for r in rows)
    print()
    # Σ point s: the seconds each point took where it ran; Σ / wall is the parallelism achieved
    header = f"{'wall s':>7}  {'vs serial':>9}  {'Σ point s':>9}  {'Σ/wall':>6}  {'max |Δ value|':>13}  knee"
    print(f"{'run':<{width}}  {header}")
    for label, seconds, front in rows:
        values = front.points["value"].to_numpy(dtype=float)
        diff = float(np.max(np.abs(values - reference)))
        busy = float(front.points["seconds"].sum())
        print(
            f"{label:<{width}}  {seconds:7.1f}  {base / seconds:8.2f}x  {busy:9.1f}  {busy / seconds:6.2f}"
            f"  {diff:13.2g}  {front.knee}"
        )
    assert all(bool(f.points["value"].is_monotonic_increasing) for _, _, f in rows)


if __name__ == "__main__":
    main()
