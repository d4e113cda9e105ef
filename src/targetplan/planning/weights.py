r"""How far a criterion's weight may move before the chosen programmes change; the reasons in criteria.

:func:`weight_sensitivity` takes the criteria behind the priorities and, for each
criterion, moves its weight :math:`t` (within its group) from today's value up to 1 and
down to 0, the other members of the group keeping their proportions and sharing
:math:`1 - t`. Every priority is then a straight line in :math:`t`,
:math:`\pi_p(t) = a_p + t\,b_p` (:meth:`~targetplan.Criteria.priority_line`), so the
value of any fixed plan is a straight line too, and the value of the best plan is the
upper envelope of those lines — convex in :math:`t`. The search walks that envelope
(Eisner and Severance's parametric method): knowing the plan that is optimal at one
point and one that is optimal further on, the only weight where the choice can change
first is where their two value lines cross; one solve there either confirms the crossing
as the break point or gives a better plan, whose line gives the next candidate. So the
solver runs only at candidate break points worked out from the scores, about two or
three solves per break, and the ranges are exact up to the solver's gap (``mip_gap``,
1e-6 by default).

The argument needs the rules not to depend on the priorities. The continuity floor
does (it is a share of the carry-overs' priority): with a floor the same search is run,
but the result says ``exact=False`` — the ranges are then checked at the solved weights
only.

:func:`criteria_table` and :func:`criteria_reason` say why a programme ranks where it
does, from the breakdown columns that :func:`~targetplan.score` keeps in the catalogue.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import solvers
from ..exceptions import ArgumentError, ArgumentTypeError
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.criteria import POINTS_PREFIX, SCORE_PREFIX, Criteria, as_criteria, score
from ..inputs.policy import Policy
from ..model.build import build
from ..model.formulation import Formulation
from ..plotting.weights import plot_weight_ranges
from ..results.plan import Plan, choices_from_solution
from ..solvers.base import DEFAULT_THREADS, SolveStatus
from ..text.language import Language, get_language
from ..text.money import format_number, format_percent
from ..text.show import HtmlView
from .optimize import finish_plan

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["WeightSensitivity", "criteria_reason", "criteria_table", "weight_sensitivity"]

#: Columns of :attr:`WeightSensitivity.ranges`.
RANGE_COLUMNS = {
    "label": "the criterion as people read it",
    "group": "the group it weighs within ('' at the top level)",
    "weight": "today's weight within its group",
    "weight_low": "lowest weight at which the plan chooses the same programmes",
    "weight_high": "highest weight at which the plan chooses the same programmes",
    "enter_below": "programmes that enter when the weight falls below weight_low",
    "leave_below": "programmes that leave when the weight falls below weight_low",
    "enter_above": "programmes that enter when the weight rises above weight_high",
    "leave_above": "programmes that leave when the weight rises above weight_high",
}

_ALLOWED = {"solver", "mip_gap", "time_limit", "threads", "verbose"}
#: Most solves in one direction of one criterion.
_MAX_SOLVES = 80


@dataclass(frozen=True)
class _Solution:
    """A solved plan as the search needs it: delivered share per programme and the programmes chosen."""

    shares: np.ndarray  # catalogue order
    chosen: frozenset[str]
    status: SolveStatus


@dataclass(frozen=True, eq=False)
class WeightSensitivity(HtmlView):
    """For each criterion, the range of its weight within which the plan chooses the same programmes.

    Attributes
    ----------
    ranges : pandas.DataFrame
        Index ``criterion``; columns in :data:`RANGE_COLUMNS`: ``label``, ``group``,
        ``weight`` (today's, within its group), ``weight_low`` and ``weight_high`` (the
        range keeping the same programmes, the other members of the group rescaled), and
        the programmes entering or leaving just beyond each end (``"; "``-separated ids,
        empty when nothing changes up to 0 or 1).
    plan : Plan
        The plan at today's weights (priorities from the criteria).
    criteria : Criteria
        The criteria with today's weights.
    exact : bool
        Whether the ranges are exact up to the solver's gap (false with a continuity
        floor, which moves with the priorities, or when a solve stopped at its time limit).
    solves : int
        Solves made (the plan's included).
    seconds : float
        Time taken.
    message : str
        Notes on the search.
    """

    ranges: pd.DataFrame
    plan: Plan
    criteria: Criteria
    exact: bool
    solves: int
    seconds: float
    message: str = ""
    lang: Language | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"WeightSensitivity({len(self.ranges)} criteria, {self.solves} solves, {self.seconds:.1f} s)"

    def view_title(self, lang: Language) -> str:
        """Name the result in the language: criteria and solves."""
        if lang == "en":
            return f"Weight ranges: {len(self.ranges)} criteria, {self.solves} solves"
        return f"Rentang bobot: {len(self.ranges)} kriteria, {self.solves} kali penyelesaian"

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the ranges table."""
        return self.ranges.copy()

    @property
    def width(self) -> pd.Series:
        """Width of each criterion's range (``weight_high - weight_low``); narrow = the plan is sensitive to it."""
        return (self.ranges["weight_high"] - self.ranges["weight_low"]).rename("width")

    @property
    def most_sensitive(self) -> str | None:
        """The criterion whose range is narrowest (``None`` without criteria)."""
        return str(self.width.idxmin()) if len(self.ranges) else None

    def summary(self) -> pd.Series:
        """Return the key figures: criteria analysed, the most sensitive one and its range, solves, exactness."""
        name = self.most_sensitive
        row = self.ranges.loc[name] if name is not None else None
        return pd.Series(
            {
                "criteria": len(self.ranges),
                "programmes": len(self.plan.selected_ids),
                "most_sensitive": name,
                "weight": float(row["weight"]) if row is not None else math.nan,
                "weight_low": float(row["weight_low"]) if row is not None else math.nan,
                "weight_high": float(row["weight_high"]) if row is not None else math.nan,
                "solves": self.solves,
                "exact": self.exact,
            },
            name="weight_sensitivity",
            dtype=object,
        )

    def _change(self, row: pd.Series, side: str, lang: Language) -> str:
        enter, leave = str(row[f"enter_{side}"]), str(row[f"leave_{side}"])
        parts = []
        if enter:
            parts.append(("masuk " if lang == "id" else "enters ") + enter)
        if leave:
            parts.append(("keluar " if lang == "id" else "leaves ") + leave)
        return ", ".join(parts)

    def headline(self, lang: Language) -> str:
        """One sentence: which criterion's weight the plan is most sensitive to."""
        name = self.most_sensitive
        if name is None:
            return ""
        row = self.ranges.loc[name]
        label = self.criteria.find(name).text(lang)
        low, high = format_percent(row["weight_low"], 1, lang), format_percent(row["weight_high"], 1, lang)
        now = format_percent(row["weight"], 1, lang)
        if lang == "id":
            return f"Paling peka: {label} (bobot {now}); pilihan program sama selama bobotnya {low} sampai {high}"
        return f"Most sensitive: {label} (weight {now}); the same programmes are chosen from {low} to {high}"

    def summary_text(self, lang: Language | None = None) -> str:
        """Return each criterion's range and what changes beyond it, as text for people."""
        lang = lang or self.lang or get_language()
        id_ = lang == "id"
        lines = [
            "Kepekaan rencana terhadap bobot kriteria" if id_ else "Sensitivity of the plan to the criteria weights"
        ]
        lines.append(
            f"{len(self.plan.selected_ids)} program terpilih; bobot lain menyesuaikan secara proporsional"
            if id_
            else f"{len(self.plan.selected_ids)} programmes chosen; the other weights rescale proportionally"
        )
        order = self.width.sort_values(kind="stable").index
        for name in order:
            row = self.ranges.loc[name]
            label = self.criteria.find(str(name)).text(lang)
            now = format_percent(row["weight"], 1, lang)
            low, high = format_percent(row["weight_low"], 1, lang), format_percent(row["weight_high"], 1, lang)
            lines.append(
                f"- {label}: {now}, "
                + (f"pilihan sama dari {low} sampai {high}" if id_ else f"same from {low} to {high}")
            )
            for side, word in (("below", ("di bawah", "below")), ("above", ("di atas", "above"))):
                change = self._change(row, side, lang)
                if change:
                    edge = low if side == "below" else high
                    lines.append(f"    {word[0] if id_ else word[1]} {edge}: {change}")
        if not self.exact:
            lines.append(self.message)
        return "\n".join(lines)

    def plot(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Tornado chart of the ranges (see :func:`targetplan.plotting.plot_weight_ranges`)."""
        return plot_weight_ranges(self, ax=ax, lang=lang or self.lang)

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the ranges, narrowest first."""
        return {"weight_ranges": self.ranges.loc[self.width.sort_values(kind="stable").index]}


class _Search:
    """The parametric search for one set of inputs: solves at given weights, and the walk along the envelope."""

    def __init__(self, scored: Catalog, budget: Budget, policy: Policy, options: dict[str, Any]) -> None:
        self.scored = scored
        self.frame = scored.to_frame()
        self.budget = budget
        self.policy = policy
        self.options = options
        continuing = np.asarray(scored.text("status")) == "continuing"
        self.bonus = np.where(continuing, 1.0 + policy.carryover_bonus, 1.0)
        self.solves = 0
        self.inexact = False
        self.gap = max(float(options["mip_gap"]), 1e-9)

    def solution(self, form: Formulation, x: np.ndarray, status: SolveStatus) -> _Solution:
        clean = np.where(form.col_integer, np.round(np.clip(x, 0, 1)), np.clip(x, 0, 1))
        model = np.bincount(form.share_prog, weights=form.share_coef * clean[form.share_col], minlength=len(form.ids))
        shares = np.empty(len(form.ids))
        shares[form.order] = model
        start, _ = choices_from_solution(form, x)
        ids = form.catalog.ids
        return _Solution(shares, frozenset(ids[k] for k in np.flatnonzero(start >= 0)), status)

    def solve_at(self, a: np.ndarray, b: np.ndarray, t: float) -> _Solution | None:
        """Solve with the priorities of weight ``t``; ``None`` when the solver finds no plan."""
        # The scored catalogue with other priorities (finite, at least 0) is still a valid catalogue: it is
        # made directly instead of validated again (validation took a third of the time of a probe).
        priority = np.maximum(a + t * b, 0.0)
        catalog = Catalog(self.frame.assign(priority=priority), self.scored.years, self.scored.source)
        form = build(catalog, self.budget, self.policy)
        opts = self.options
        result = solvers.solve(
            form,
            opts["solver"],
            tie_break=False,
            mip_gap=opts["mip_gap"],
            time_limit=opts["time_limit"],
            threads=opts["threads"],
            verbose=opts["verbose"],
        )
        self.solves += 1
        if not result.status.has_plan or result.x is None:
            self.inexact = True
            return None
        if result.status != SolveStatus.OPTIMAL:
            self.inexact = True
        return self.solution(form, result.x, result.status)

    def value(self, sol: _Solution, a: np.ndarray, b: np.ndarray, t: float) -> float:
        weighted = sol.shares * self.bonus
        return float(weighted @ a + t * (weighted @ b))

    def tolerance(self, value: float) -> float:
        return self.gap * max(1.0, abs(value)) + 1e-9

    def walk(
        self, a: np.ndarray, b: np.ndarray, t0: float, end: float, base: _Solution
    ) -> tuple[float, _Solution | None]:
        """Return how far from ``t0`` towards ``end`` the base plan's programmes stay chosen, and the plan beyond.

        Every plan solved so far is a line :math:`V(t)`; the next weight to look at is the
        nearest one ahead where a known line rises above the current plan's. A solve there
        either ties (the break: the plan of that line is optimal from there to where it was
        solved, by convexity) or finds a better plan, whose line is added.
        """
        if abs(end - t0) < 1e-12:
            return end, None
        direction = 1.0 if end > t0 else -1.0
        far = self.solve_at(a, b, end)
        if far is None:
            return t0, None
        known = [base, far]
        lines = {id(s): self.line(s, a, b) for s in known}
        cur_t, cur = t0, base
        for _ in range(_MAX_SOLVES):
            c0, c1 = lines[id(cur)]
            here = c0 + cur_t * c1
            best: tuple[float, float, _Solution] | None = None
            for sol in known:
                s0, s1 = lines[id(sol)]
                rate = direction * (s1 - c1)  # how fast it gains on the current plan going ahead
                if sol is cur or rate <= 1e-12:
                    continue
                behind = max(here - (s0 + cur_t * s1), 0.0)
                t = cur_t + direction * behind / rate
                if direction * (t - end) > 1e-12:
                    continue
                key = (direction * (t - cur_t), -rate)
                if best is None or key < (direction * (best[0] - cur_t), -best[1]):
                    best = (t, rate, sol)
            if best is None:
                return end, None  # no plan known to beat the current one before the end, the end's included
            t, _, ahead = best
            probe = self.solve_at(a, b, t)
            if probe is None:
                return cur_t, None
            lines[id(probe)] = self.line(probe, a, b)
            value = c0 + t * c1
            if self.value(probe, a, b, t) <= value + self.tolerance(value):
                if abs(t - end) < 1e-9:
                    # a tie at the very end, where the other criteria weigh nothing and many priorities are
                    # equal: no weight inside the range changes the choice
                    return end, None
                if ahead.chosen != base.chosen:
                    return t, ahead
                cur_t, cur = t, ahead  # the same programmes (another start or level): walk on
            else:
                known.append(probe)
        self.inexact = True
        return cur_t, None

    def line(self, sol: _Solution, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
        """Return the plan's value as a line in the weight: (value at 0, slope)."""
        weighted = sol.shares * self.bonus
        return float(weighted @ a), float(weighted @ b)


def _ids(found: frozenset[str] | set[str], order: Sequence[str]) -> str:
    return "; ".join(pid for pid in order if pid in found)


def weight_sensitivity(
    catalog: Catalog,
    budget: Budget,
    criteria: Criteria | Sequence[Any],
    weights: Any = None,
    policy: Policy | None = None,
    *,
    names: Sequence[str] | None = None,
    **solve_options: Any,
) -> WeightSensitivity:
    """Find, for each criterion, how far its weight may move before the plan chooses other programmes.

    The catalogue is scored with the criteria (:func:`~targetplan.score`) and planned;
    then each criterion's weight is moved up to 1 and down to 0 within its group (the
    other members keep their proportions) and the solver is called only at the weights
    where the choice can change (see the module notes).

    Parameters
    ----------
    catalog : Catalog
        The catalogue with a column for every criterion (its ``priority`` is replaced).
    budget : Budget
    criteria : Criteria or list of Criterion
    weights : mapping, Series or AhpResult, optional
        Today's weights (default: those of the criteria).
    policy : Policy, optional
    names : sequence of str, optional
        The criteria (or groups) to analyse; default every one that shares its group with
        another.
    **solve_options
        ``solver``, ``mip_gap`` (default 1e-6: the ranges are exact up to it),
        ``time_limit`` (per solve), ``threads``, ``verbose``.

    Returns
    -------
    WeightSensitivity

    Raises
    ------
    InfeasiblePlanError
        When no plan satisfies the rules at today's weights.
    CriteriaValidationError
        For problems of the criteria columns or the weights.

    Examples
    --------
    >>> import pandas as pd
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_frame(pd.DataFrame({
    ...     "id": ["A", "B", "C"], "name": ["a", "b", "c"], "priority": 0, "cost_2024": [4e9, 3e9, 3e9],
    ...     "dampak": [5, 3, 1], "kesiapan": [1, 3, 5]}))
    >>> crit = tp.Criteria([tp.Criterion("dampak", normalise="scale", scale=(1, 5), weight=1),
    ...                     tp.Criterion("kesiapan", normalise="scale", scale=(1, 5), weight=1)])
    >>> ws = tp.weight_sensitivity(cat, tp.Budget(ceilings={2024: 6e9}), crit)
    >>> ws.plan.selected_ids
    ['B', 'C']
    >>> row = ws.ranges.loc["dampak"]
    >>> float(row["weight_low"]), float(row["weight_high"]), row["enter_above"], row["leave_above"]
    (0.0, 0.75, 'A', 'B; C')
    """
    t_start = time.perf_counter()
    if not isinstance(catalog, Catalog):
        raise ArgumentTypeError(f"catalog must be a Catalog, not {type(catalog).__name__}")
    if not isinstance(budget, Budget):
        raise ArgumentTypeError(f"budget must be a Budget, not {type(budget).__name__}")
    if policy is not None and not isinstance(policy, Policy):
        raise ArgumentTypeError(f"policy must be a Policy or None, not {type(policy).__name__}")
    unknown = set(solve_options) - _ALLOWED
    if unknown:
        raise ArgumentError(f"unknown option(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_ALLOWED))}")
    threads = solve_options.get("threads")
    options: dict[str, Any] = {
        "solver": solve_options.get("solver", "auto"),
        "mip_gap": solve_options.get("mip_gap", 1e-6),
        "time_limit": solve_options.get("time_limit"),
        "threads": DEFAULT_THREADS if threads is None else threads,
        "verbose": solve_options.get("verbose", False),
    }
    policy = policy if policy is not None else Policy()
    chosen = as_criteria(criteria).with_weights(weights)
    if names is None:
        names = [n for n in chosen.names if len(chosen.siblings(n)) > 1]
    else:
        names = [str(n) for n in names]
        for n in names:
            chosen.find(n)
    scored = score(catalog, chosen)
    node_scores = chosen.node_scores(catalog)
    form = build(scored, budget, policy)
    result = solvers.solve(form, options["solver"], tie_break=True, **{k: options[k] for k in _ALLOWED - {"solver"}})
    plan = finish_plan(form, result, {**options, "tie_break": True}, raise_on_failure=True)
    search = _Search(scored, budget, policy, options)
    search.solves = 1
    assert result.x is not None
    base = search.solution(form, result.x, result.status)
    local = chosen.local_weights()
    order = list(catalog.ids)
    rows = []
    for name in names:
        a, b = chosen.priority_line(node_scores, name)
        t0 = float(local[name])
        high, above = search.walk(a, b, t0, 1.0, base)
        low, below = search.walk(a, b, t0, 0.0, base)
        rows.append(
            {
                "criterion": name,
                "label": chosen.find(name).text("id"),
                "group": chosen.parent_of(name),
                "weight": t0,
                "weight_low": low,
                "weight_high": high,
                "enter_below": _ids(below.chosen - base.chosen, order) if below else "",
                "leave_below": _ids(base.chosen - below.chosen, order) if below else "",
                "enter_above": _ids(above.chosen - base.chosen, order) if above else "",
                "leave_above": _ids(base.chosen - above.chosen, order) if above else "",
            }
        )
    ranges = pd.DataFrame(rows, columns=["criterion", *RANGE_COLUMNS]).set_index("criterion")
    floor = policy.continuity_floor > 0 and bool((np.asarray(scored.text("status")) == "continuing").any())
    exact = not (floor or search.inexact or result.status != SolveStatus.OPTIMAL)
    notes = []
    if floor:
        notes.append(
            "the continuity floor is a share of the carry-overs' priority and moves with the weights: "
            "the ranges are checked at the solved weights only"
        )
    if search.inexact:
        notes.append("some solves stopped before proving optimality (time limit) or found no plan")
    return WeightSensitivity(
        ranges=ranges,
        plan=plan,
        criteria=chosen,
        exact=exact,
        solves=search.solves,
        seconds=time.perf_counter() - t_start,
        message="; ".join(notes),
    )


# ---------------------------------------------------------------------- reasons in criteria
def _breakdown(catalog: Catalog) -> tuple[list[str], pd.DataFrame]:
    """Criteria with points (the ones that read a column) and the catalogue's breakdown, by id."""
    frame = catalog.to_frame().set_index("id")
    leaves = [c[len(POINTS_PREFIX) :] for c in frame.columns if str(c).startswith(POINTS_PREFIX)]
    leaves = [n for n in leaves if f"{SCORE_PREFIX}{n}" in frame.columns]
    return leaves, frame


def criteria_table(plan: Plan) -> pd.DataFrame:
    """Each programme's score breakdown, chosen programmes first: why it ranks where it does.

    Parameters
    ----------
    plan : Plan
        A plan of a catalogue made by :func:`~targetplan.score`.

    Returns
    -------
    DataFrame
        Index ``id``; ``name``, ``dimension``, ``runs``, ``priority`` and one
        ``points_<criterion>`` column per criterion (they add up to the priority),
        chosen programmes first, then by priority.

    Raises
    ------
    ArgumentError
        When the plan's catalogue has no breakdown.

    Examples
    --------
    >>> import pandas as pd
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_frame(pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": 0,
    ...                                           "cost_2024": 1e9, "dampak": [2, 4]}))
    >>> plan = tp.optimize(tp.score(cat, [tp.Criterion("dampak")]), tp.Budget(ceilings={2024: 1e9}))
    >>> tp.criteria_table(plan)[["runs", "priority", "points_dampak"]]
         runs  priority  points_dampak
    id
    B    True     100.0          100.0
    A   False       0.0            0.0
    """
    leaves, frame = _breakdown(plan.catalog)
    if not leaves:
        raise ArgumentError(
            "the plan's catalogue has no score breakdown; plan a catalogue made by tp.score(catalog, criteria)"
        )
    runs = plan.selection["runs"].reindex(frame.index).fillna(False).astype(bool)
    table = frame[["name", "dimension"]].assign(runs=runs, priority=frame["priority"].astype(float))
    for leaf in leaves:
        table[f"{POINTS_PREFIX}{leaf}"] = frame[f"{POINTS_PREFIX}{leaf}"].astype(float)
    table = table.sort_values(["runs", "priority"], ascending=[False, False], kind="stable")
    table.index.name = "id"
    return table


def criteria_reason(
    plan: Plan,
    pid: str,
    lang: Language | None = None,
    *,
    group_by: str = "dimension",
    criteria: Criteria | None = None,
) -> str:
    """One clause on the criterion that most explains why ``pid`` is in or out of the plan.

    For a programme left out: the criterion on which its score falls furthest below its
    group's (weighted by the criterion's weight) — "its score on keamanan siber is the
    lowest of its group (governance)". For a chosen one: the criterion on which it stands
    furthest above its group. With ``criteria``, a criterion where less is better (risk)
    is worded as worst / best ("it is the worst of its group on delivery risk"). The group
    is the programmes with the same ``group_by`` value (all programmes when the column is
    blank or the programme is alone in it).

    Parameters
    ----------
    plan : Plan
    pid : str
        A programme id.
    lang : {"id", "en"}, optional
    group_by : str, default "dimension"
        Catalogue column that forms the groups compared.
    criteria : Criteria, optional
        For the criteria's labels (default: their names, with spaces).

    Returns
    -------
    str
        The clause (without a full stop), or ``""`` when the catalogue has no breakdown
        or no criterion sets the programme apart.

    Examples
    --------
    >>> import pandas as pd
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_frame(pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": 0,
    ...                                           "cost_2024": 1e9, "keamanan_siber": [2, 4]}))
    >>> plan = tp.optimize(tp.score(cat, [tp.Criterion("keamanan_siber")]), tp.Budget(ceilings={2024: 1e9}))
    >>> tp.criteria_reason(plan, "A")
    'skornya pada keamanan siber paling rendah di kelompoknya'
    >>> tp.criteria_reason(plan, "B", "en")
    'its score on keamanan siber is the highest of its group'
    """
    lang = lang or get_language()
    leaves, frame = _breakdown(plan.catalog)
    if not leaves:
        return ""
    if pid not in frame.index:
        raise ArgumentError(f"no programme {pid!r} in the plan's catalogue")
    runs = pid in set(plan.selected_ids)
    members = frame.index
    group = ""
    if group_by in frame.columns:
        group = str(frame.at[pid, group_by] or "")
        if group:
            same = frame.index[frame[group_by].astype(str) == group]
            if len(same) > 1:
                members = same
            else:
                group = ""
    scores = frame.loc[members, [f"{SCORE_PREFIX}{n}" for n in leaves]].astype(float)
    scores.columns = leaves
    points = frame.loc[members, [f"{POINTS_PREFIX}{n}" for n in leaves]].astype(float)
    points.columns = leaves
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (points / scores).where(scores > 0)
    weight = ratio.max().fillna(0.0)  # max_priority × global weight of each criterion
    own = scores.loc[pid]
    mean = scores.mean()
    gap = (own - mean) * weight if runs else (mean - own) * weight
    gap = gap[weight > 0]
    if gap.empty or not (gap.max() > 1e-12):
        return ""
    name = str(gap.idxmax())
    known = criteria.find(name) if criteria is not None and name in criteria.names else None
    label = known.text(lang) if known is not None else name.replace("_", " ")
    # a low score on a lower-is-better criterion (risk) means much of it: say worst / best, not lowest
    lower = known is not None and known.direction == "lower"
    col = scores[name]
    extreme = (own[name] >= col.max() - 1e-12) if runs else (own[name] <= col.min() + 1e-12)
    where = f" ({group})" if group else ""
    if extreme and len(members) > 1:
        if lower:
            if lang == "id":
                return f"{label} program ini paling {'baik' if runs else 'buruk'} di kelompoknya{where}"
            return f"it is the {'best' if runs else 'worst'} of its group on {label}{where}"
        if lang == "id":
            return f"skornya pada {label} paling {'tinggi' if runs else 'rendah'} di kelompoknya{where}"
        return f"its score on {label} is the {'highest' if runs else 'lowest'} of its group{where}"
    shown, avg = format_number(float(own[name]), 2, lang), format_number(float(mean[name]), 2, lang)
    average = f" ({group}: {avg})" if group else f" ({avg})"
    if lang == "id":
        side = "di atas" if runs else "di bawah"
        return f"skornya pada {label} ({shown}) {side} rata-rata kelompoknya{average}"
    side = "above" if runs else "below"
    return f"its score on {label} ({shown}) is {side} its group's average{average}"
