"""Progress of a long solve, for people: a bar in notebooks and the terminal, from the solver's reports.

:class:`SolveDisplay` receives the solver's :class:`~targetplan.solvers.SolveProgress`
reports (a better plan, the proven bound moving) and shows, once a solve has run for
:data:`SHOW_AFTER` seconds, the seconds elapsed (against the time limit, when there is
one), the best value found and the proven gap. It uses tqdm (``tqdm.auto``: a widget in
Jupyter, a line in the terminal), the progress-bar library of scenario studies; without
tqdm (the ``progress`` extra) it writes a short line to standard error every
:data:`LINE_EVERY` seconds instead. A thread of its own keeps the clock moving while the
solver is in a step that reports nothing (presolve, the first LP).
"""

from __future__ import annotations

import math
import sys
import threading
import time
from types import TracebackType
from typing import Any

from ..solvers.base import SolveProgress
from ..text.language import Language, get_language, pick
from ..text.money import format_number, format_percent

__all__ = ["LINE_EVERY", "SHOW_AFTER", "SolveDisplay", "describe"]

#: Seconds a solve runs before its progress is shown (a city plan is done long before).
SHOW_AFTER = 2.0
#: Seconds between two lines of the plain display (without tqdm).
LINE_EVERY = 10.0
_TICK = 0.5


#: Words of the display: (Indonesian, English).
_WORDS = {
    "none": ("belum ada rencana", "no plan yet"),
    "best": ("terbaik sejauh ini", "best"),
    "gap": ("jaminan: paling jauh", "gap"),
    "plan": ("rencana", "plan"),
    "tie-break": ("penyempurnaan", "tie-break"),
    "of": ("dari", "of"),
    "seconds": ("detik", "s"),
}


def describe(event: SolveProgress | None, lang: Language | None = None) -> str:
    """Best value and proven gap in words, in the report language.

    ``"terbaik sejauh ini 1.899,08 · jaminan: paling jauh 0,12%"`` in Indonesian,
    ``"best 1,899.08 · gap 0.12%"`` in English; ``"belum ada rencana"`` / ``"no plan yet"``
    before the first plan.
    """
    lang = lang or get_language()
    if event is None or not math.isfinite(event.best):
        return pick(_WORDS["none"], lang)
    text = f"{pick(_WORDS['best'], lang)} {format_number(event.best, 2, lang)}"
    if math.isfinite(event.gap):
        text += f" · {pick(_WORDS['gap'], lang)} {format_percent(event.gap, 2, lang)}"
    if event.phase != "plan":
        text += f" · {pick(_WORDS[event.phase], lang) if event.phase in _WORDS else event.phase}"
    return text


class SolveDisplay:
    """Shows the progress of one solve (or of the solves of one :func:`targetplan.optimize` call).

    Call it with each :class:`~targetplan.solvers.SolveProgress`; use it as a context
    manager around the solve. Nothing is shown for solves shorter than :data:`SHOW_AFTER`.

    Parameters
    ----------
    time_limit : float, optional
        Seconds; the bar runs towards it (without one, it counts seconds).
    enabled : bool
        ``False`` shows nothing (the reports are still kept in :attr:`last`).
    desc : str, optional
        The bar's label (default: "rencana" / "plan" in the report language).
    """

    def __init__(self, time_limit: float | None = None, enabled: bool = True, desc: str | None = None) -> None:
        self.time_limit = time_limit
        self.enabled = enabled
        self.lang: Language = get_language()  # the language when the solve began, for the whole display
        self.desc = desc if desc is not None else pick(_WORDS["plan"], self.lang)
        self.last: SolveProgress | None = None
        self.t0 = time.perf_counter()
        self._bar: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._printed = 0.0

    def __call__(self, event: SolveProgress) -> None:
        """Keep a report; the best value and bound carry over from earlier reports that had them."""
        last = self.last
        if last is not None and not math.isfinite(event.best):
            event = SolveProgress(event.phase, event.elapsed, last.best, event.bound, event.gap)
        if last is not None and not math.isfinite(event.gap) and math.isfinite(last.gap):
            event = SolveProgress(event.phase, event.elapsed, event.best, last.bound, last.gap)
        self.last = event

    def __enter__(self) -> SolveDisplay:
        self.t0 = time.perf_counter()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="targetplan-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._bar.close()

    def _run(self) -> None:
        while not self._stop.wait(_TICK):
            elapsed = time.perf_counter() - self.t0
            if elapsed >= SHOW_AFTER:
                try:
                    self._show(elapsed)
                except Exception:  # a display must never break a solve
                    return

    def _show(self, elapsed: float) -> None:
        text = describe(self.last, self.lang)
        if self._bar is None and self._printed == 0.0:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                total = float(self.time_limit) if self.time_limit else None
                unit = pick(_WORDS["seconds"], self.lang)
                fmt = (
                    "{desc}: {bar}{n:.0f}/{total:.0f} " + unit + " {postfix}"
                    if total
                    else "{desc}: {n:.0f} " + unit + " {postfix}"
                )
                self._bar = tqdm(total=total, desc=self.desc, bar_format=fmt, leave=False, dynamic_ncols=True)
        if self._bar is not None:
            limit = self._bar.total
            self._bar.n = min(elapsed, limit) if limit else elapsed
            self._bar.set_postfix_str(text, refresh=False)
            self._bar.refresh()
        elif elapsed - self._printed >= LINE_EVERY or self._printed == 0.0:
            self._printed = elapsed
            limit = f" {pick(_WORDS['of'], self.lang)} {self.time_limit:g}" if self.time_limit else ""
            seconds = pick(_WORDS["seconds"], self.lang)
            print(f"{self.desc}: {elapsed:.0f}{limit} {seconds}, {text}", file=sys.stderr, flush=True)
