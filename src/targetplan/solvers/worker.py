"""A HiGHS solve in a worker process, ended at its deadline: how a time limit becomes a promise.

HiGHS reads its clock between the steps of its search, but not inside presolve or the
first LP of a model, and there it does not call its interrupt callbacks either: a 5 s
limit took 12-17 s at 50,000 programmes. So a large model with a time limit is solved
in a worker process:

* the worker gets the model's arrays and its current bounds, solves with the time that
  is left, and sends every better plan it finds as it finds it (HiGHS's improving-solution
  callback), the first solve's result before the tie-break, then the final result;
* the parent waits until the deadline, showing progress, and then ends the worker: the
  best plan it has received is returned as ``FEASIBLE`` with its proven gap, or, when
  none came, ``NO_SOLUTION`` saying in which step the solver was.

The worker is a fresh interpreter started with :mod:`subprocess` (``python -c``) that
connects back to this process over a local, authenticated
:mod:`multiprocessing.connection` (a random key, the loopback address only): unlike
:mod:`multiprocessing`'s spawn and forkserver starts it does not run the user's script
again (a script without an ``if __name__ == "__main__":`` guard would plan twice), and
unlike a fork it inherits no HiGHS thread pool. Starting it and handing over the model
costs about half a second (importing targetplan; see ``docs/guide/large.md``), which is
why only models of :data:`~targetplan.solvers.highs.WORKER_MIN_COLUMNS` variables or
more use it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Client, Connection, Listener
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .base import SolveProgress, SolverResult, SolveStatus

if TYPE_CHECKING:
    from .highs import HighsSession

__all__ = ["GRACE_SECONDS", "serve", "solve_in_worker"]

#: Seconds the parent waits past the deadline for the worker's own answer before ending it (HiGHS often
#: stops by itself just after its limit, with its final plan and bound).
GRACE_SECONDS = 0.1


def _light(form: Any) -> Any:
    """Return the model without its inputs (catalogue, budget, policy) and row names: what a worker needs."""
    return dataclasses.replace(form, catalog=None, budget=None, policy=None, row_keys={})


def serve() -> None:
    """Worker process: connect back, receive the job, solve, send progress, plans and the result.

    The address and key come on standard input; anything written to standard output
    (HiGHS's banner) goes to the null device.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    port, key = sys.stdin.readline().split()
    conn = Client(("127.0.0.1", int(port)), authkey=bytes.fromhex(key))
    from .highs import HighsSession

    lock = threading.Lock()

    def send(*message: Any) -> None:
        with lock, contextlib.suppress(OSError, ValueError):
            conn.send(message)

    form, options, bounds, start, tie_break = conn.recv()
    session = HighsSession(form, **options, progress=lambda p: send("progress", p))
    session.on_incumbent = lambda x, objective: send("incumbent", x, objective)
    session.on_first = lambda result: send("first", result)
    col_lower, col_upper, row_lower, row_upper = bounds
    n, m = len(col_lower), len(row_lower)
    session.h.changeColsBounds(n, np.arange(n, dtype=np.int32), col_lower, col_upper)
    session.h.changeRowsBounds(m, np.arange(m, dtype=np.int32), row_lower, row_upper)
    send("started")
    send("done", session.solve_here(start, tie_break))
    conn.close()


def _reader(listener: Listener, job: Any, inbox: queue.Queue[Any]) -> None:
    """Accept the worker's connection, send it the job, and pass on what it sends until it closes."""
    conn: Connection | None = None
    try:
        conn = listener.accept()
        conn.send(job)
        while True:
            inbox.put(conn.recv())
    except (EOFError, OSError, ValueError):
        inbox.put(("closed",))
    finally:
        if conn is not None:
            conn.close()


def solve_in_worker(session: HighsSession, start: np.ndarray | None, tie_break: bool) -> SolverResult:
    """Solve ``session``'s model in a worker process ended at the session's time limit (see the module text)."""
    t0 = time.perf_counter()
    assert session.time_limit is not None
    deadline = t0 + float(session.time_limit)
    form = session.form
    options = {
        "mip_gap": session.mip_gap,
        # the worker stops by itself a little before the deadline when HiGHS can: its own time limit
        "time_limit": max(0.05, session.time_limit * 0.97 - 0.1),
        "threads": session.threads,
        "verbose": False,  # the worker's standard output carries its messages
    }
    key = secrets.token_bytes(32)
    listener = Listener(("127.0.0.1", 0), authkey=key)
    worker = subprocess.Popen(
        [sys.executable, "-c", "from targetplan.solvers.worker import serve; serve()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert worker.stdin is not None
    with contextlib.suppress(OSError):
        worker.stdin.write(f"{listener.address[1]} {key.hex()}\n".encode())
        worker.stdin.close()
    job = (_light(form), options, session.current_bounds(), start, tie_break)
    inbox: queue.Queue[Any] = queue.Queue()
    reader = threading.Thread(target=_reader, args=(listener, job, inbox), daemon=True)
    reader.start()
    first: SolverResult | None = None
    done: SolverResult | None = None
    incumbent: tuple[np.ndarray, float] | None = None
    bound = math.nan
    started = False
    try:
        while done is None:
            left = deadline + GRACE_SECONDS - time.perf_counter()
            if left <= 0:
                break
            try:
                message = inbox.get(timeout=min(left, 0.25))
            except queue.Empty:
                continue
            kind = message[0]
            if kind == "closed":  # the worker ended (or died) without a final answer
                break
            if kind == "started":
                started = True
            elif kind == "progress":
                event = cast(SolveProgress, message[1])
                bound = event.bound if math.isfinite(event.bound) else bound
                if session.progress is not None:
                    session.progress(dataclasses.replace(event, elapsed=time.perf_counter() - t0))
            elif kind == "incumbent":
                incumbent = (message[1], float(message[2]))
            elif kind == "first":
                first = message[1]
            elif kind == "done":
                done = message[1]
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=10)
        listener.close()
    seconds = time.perf_counter() - t0
    if done is not None:
        return dataclasses.replace(done, seconds=seconds)
    limit = f"the time limit ({session.time_limit:.3g} s)"
    if first is not None:  # stopped in the tie-break: the first solve's plan
        return dataclasses.replace(
            first, seconds=seconds, x_first=first.x, message=first.message + f"; tie-break stopped at {limit}"
        )
    if incumbent is not None:
        x, objective = incumbent
        if not math.isfinite(bound) or bound < objective:
            bound = math.nan
        proven = (bound - objective) / max(abs(objective), 1e-10) if math.isfinite(bound) else None
        message = f"stopped at {limit} in the search, with the best plan found so far"
        return SolverResult(SolveStatus.FEASIBLE, x, objective, bound, proven, "highs", seconds, message, x)
    where = (
        "still presolving or solving the first LP relaxation of the model"
        if started
        else "still starting its worker process"
    )
    message = f"the solver was {where} ({form.num_cols:,} variables, {form.num_rows:,} rows) when {limit} was reached"
    return SolverResult(SolveStatus.NO_SOLUTION, None, math.nan, math.nan, None, "highs", seconds, message)
