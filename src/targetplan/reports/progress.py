"""Progress report: planned against realised, per programme, dimension and year.

Definitions
-----------
Achievement (*capaian*)
    Realised ÷ target × 100 % (higher is better; LAKIP practice), read by the kind of
    target. A year's achievement is what was achieved in that year ÷ that year's planned
    target; what ``achieved`` means follows the kind: a year's output (annual), the level
    reached by the year's end (cumulative), the value measured (index). To date: for annual
    targets Σ achieved ÷ Σ planned; for cumulative and index ones the latest reported value
    ÷ that year's planned target. Against the final target likewise (annual: Σ achieved to
    date ÷ Σ planned over the horizon; cumulative and index: the latest value ÷ the final
    planned target). For a programme without targets the spending rate (spent ÷ planned
    cost) stands in.
Schedule status
    ``behind`` when achievement is below 1 − ``tolerance``, ``ahead`` above
    1 + ``tolerance``, ``on`` otherwise; ``unplanned`` when money was spent on a
    programme the plan did not fund up to ``as_of``; ``not_started`` when the plan
    funded it but nothing was realised.
Overall achievement
    The priority-weighted mean of every planned programme's achievement, each capped at
    100 % (over-delivery on one programme does not hide shortfalls on others).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError
from ..inputs.realisation import check_against, read_realisation
from ..inputs.schema import TargetKind
from ..plotting import plot_achievement, plot_progress, plot_spending
from ..results.plan import Plan
from ..text.language import Language, get_language
from ..text.money import format_percent
from ..text.show import HtmlView
from ..text.words import value_word

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ProgressReport", "progress_report"]


def _status(achievement: float, planned: bool, realised: bool, tolerance: float) -> str:
    if not planned:
        return "unplanned" if realised else "not_planned"
    if not realised:
        return "not_started"
    if math.isnan(achievement):
        return "on"
    if achievement < 1 - tolerance:
        return "behind"
    if achievement > 1 + tolerance:
        return "ahead"
    return "on"


@dataclass(frozen=True, eq=False)
class ProgressReport(HtmlView):
    """Planned against realised.

    Attributes
    ----------
    yearly : DataFrame
        One row per programme and year up to ``as_of``: ``id``, ``year``,
        ``planned_cost``, ``spent``, ``planned_target``, ``achieved`` (0 where a target
        was planned and nothing reported), ``reported`` (whether the realisation gives a
        value), ``achievement`` (achieved ÷ planned target, NaN without a target),
        ``spend_rate``.
    programmes : DataFrame
        Index ``id``: ``name``, ``dimension``, ``unit``, ``target_kind``, ``priority``,
        money to date (``planned_cost``, ``spent``), the target to date
        (``planned_target``; annual: the sum, cumulative and index: the planned target of
        the latest year reported) and what was achieved (``achieved``; annual: the sum,
        else the latest value reported), ``final_target`` (annual: the sum over the
        horizon, else the last planned target), ``spend_rate``, ``achievement`` (targets,
        else spending), ``achievement_final`` (achieved ÷ final target), ``status``
        (behind / on / ahead / not_started / unplanned / not_planned).
    dimensions : DataFrame
        Index ``dimension``: ``planned_cost``, ``spent``, ``spend_rate``, ``achievement``
        (priority-weighted, capped at 100 % per programme), ``behind`` (count).
    overall_achievement, spend_rate : float
        For the whole masterplan to date.
    as_of : int
        Last year counted.
    """

    plan: Plan
    yearly: pd.DataFrame
    programmes: pd.DataFrame
    dimensions: pd.DataFrame
    overall_achievement: float
    spend_rate: float
    as_of: int
    tolerance: float
    lang: Language | None = None

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name."""
        return {"programmes": self.programmes, "dimensions": self.dimensions, "yearly": self.yearly}

    def to_frame(self) -> pd.DataFrame:
        """Return the per-programme table."""
        return self.programmes.copy()

    @property
    def behind(self) -> list[str]:
        """Ids of programmes behind schedule."""
        return list(self.programmes.index[self.programmes["status"] == "behind"])

    def summary(self) -> pd.Series:
        """Return the key figures: achievement and spending rate to date, programmes per schedule status."""
        counts = self.programmes["status"].value_counts()
        figures: dict[str, object] = {
            "as_of": self.as_of,
            "achievement": self.overall_achievement,
            "spend_rate": self.spend_rate,
        }
        figures.update({k: int(counts.get(k, 0)) for k in ("behind", "on", "ahead", "not_started", "unplanned")})
        return pd.Series(figures, name="progress", dtype=object)

    def summary_text(self, lang: Language | None = None) -> str:
        """Return the report as text for people."""
        lang = lang or self.lang or get_language()
        id_ = lang == "id"
        counts = self.programmes["status"].value_counts()
        lines = [
            (
                f"Capaian masterplan s.d. {self.as_of}: {format_percent(self.overall_achievement, 1, lang)}; "
                f"realisasi anggaran {format_percent(self.spend_rate, 1, lang)}"
            )
            if id_
            else (
                f"Masterplan achievement to {self.as_of}: {format_percent(self.overall_achievement, 1, lang)}; "
                f"spending rate {format_percent(self.spend_rate, 1, lang)}"
            ),
        ]
        for key in ("behind", "on", "ahead", "not_started", "unplanned"):
            if counts.get(key, 0):
                lines.append(f"  {value_word('status', key, lang)}: {int(counts[key])}")
        if self.behind:
            lines.append(("Terlambat: " if id_ else "Behind: ") + ", ".join(self.behind))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ProgressReport(to {self.as_of}: achievement {self.overall_achievement:.1%}, "
            f"spending {self.spend_rate:.1%}, {len(self.behind)} behind)"
        )

    html_max_rows = 80

    def view_title(self, lang: Language) -> str:
        """Name the report in the language: achievement (*capaian*), spending (*realisasi anggaran*), delays."""
        achieved = format_percent(self.overall_achievement, 1, lang)
        spent = format_percent(self.spend_rate, 1, lang)
        if lang == "en":
            return f"Progress to {self.as_of}: achievement {achieved}, spending {spent}, {len(self.behind)} behind"
        return (
            f"Kemajuan s.d. {self.as_of}: capaian {achieved}, realisasi anggaran {spent}, "
            f"{len(self.behind)} program terlambat"
        )

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the programmes and the dimensions."""
        return {"progress": self.programmes, "dimensions": self.dimensions}

    def plot(self, ax: Axes | None = None, lang: Language | None = None, by: str = "programme") -> Axes:
        """Planned against realised spending per year, and beside it the achievement (*capaian*) traffic light.

        See :func:`targetplan.plotting.plot_progress`; ``by="dimension"`` gives one
        achievement bar per Smart City dimension instead of one per programme.
        """
        return plot_progress(self, ax=ax, lang=lang or self.lang, by=by)

    def plot_spending(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Planned against realised spending per year (see :func:`targetplan.plotting.plot_spending`)."""
        return plot_spending(self, ax=ax, lang=lang or self.lang)

    def plot_achievement(self, ax: Axes | None = None, lang: Language | None = None, by: str = "programme") -> Axes:
        """Achievement per programme or dimension as a traffic light: green at 90 % or more, amber 60–90 %, red below.

        See :func:`targetplan.plotting.plot_achievement`.
        """
        return plot_achievement(self, ax=ax, lang=lang or self.lang, by=by)


def progress_report(
    plan: Plan,
    realisation: str | Path | pd.DataFrame,
    as_of: int | None = None,
    tolerance: float = 0.1,
    lang: Language | None = None,
) -> ProgressReport:
    """Compare a plan with what was realised (what :meth:`Plan.progress` returns)."""
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} has no progress report: {plan.message}")
    if not 0 <= tolerance < 1:
        raise ArgumentError(f"tolerance must be a share from 0 up to 1 (got {tolerance!r})")
    real = read_realisation(realisation)
    where = Path(realisation).name if isinstance(realisation, str | Path) else "realisation"
    check_against(real, plan.catalog.ids, plan.years, where)
    years = [y for y in plan.years if as_of is None or y <= as_of]
    if as_of is None:
        as_of = int(real["year"].max()) if len(real) else plan.years[0]
        years = [y for y in plan.years if y <= as_of]
    if not years:
        raise ArgumentError(f"as_of {as_of} is before the plan's first year {plan.years[0]}")
    yearly = _yearly(plan, real, years, as_of)
    programmes = _programmes(plan, yearly, tolerance)
    planned = (programmes["planned_cost"] > 0) | (programmes["planned_target"] > 0)
    counted = programmes[planned]
    capped = counted["achievement"].fillna(0.0).clip(upper=1.0)
    weights = counted["priority"]
    overall = float((capped * weights).sum() / weights.sum()) if weights.sum() > 0 else math.nan
    total_planned = float(programmes["planned_cost"].sum())
    spend_rate = float(programmes["spent"].sum() / total_planned) if total_planned > 0 else math.nan
    dimensions = pd.DataFrame({d: _dimension_row(g) for d, g in programmes.groupby("dimension")}).T
    dimensions.index.name = "dimension"
    dimensions["behind"] = dimensions["behind"].astype(int)
    return ProgressReport(plan, yearly, programmes, dimensions, overall, spend_rate, int(as_of), tolerance, lang)


def _yearly(plan: Plan, real: pd.DataFrame, years: list[int], as_of: int) -> pd.DataFrame:
    """One row per programme and year to date: planned and realised money and targets, and the year's achievement."""
    ids = list(plan.catalog.ids)
    grid = pd.MultiIndex.from_product([ids, years], names=["id", "year"])
    planned_cost = plan.costs[years].stack().reindex(grid).fillna(0.0)
    planned_target = plan.targets[years].stack().reindex(grid).fillna(0.0)
    real_idx = real[real["year"] <= as_of].set_index(["id", "year"])
    spent = real_idx["spent"].reindex(grid).fillna(0.0)
    achieved = real_idx["achieved"].reindex(grid)
    has_target = planned_target > 0
    yearly = pd.DataFrame(
        {
            "planned_cost": planned_cost,
            "spent": spent,
            "planned_target": planned_target,
            # a year with a target and no report achieved nothing
            "achieved": achieved.fillna(0.0).where(achieved.notna() | has_target, np.nan),
            "reported": achieved.notna(),
        }
    )
    yearly["achievement"] = np.where(
        has_target, yearly["achieved"].fillna(0.0) / planned_target.where(has_target, 1.0), np.nan
    )
    yearly["spend_rate"] = np.where(planned_cost > 0, spent / planned_cost.where(planned_cost > 0, 1.0), np.nan)
    return yearly.reset_index()


def _programmes(plan: Plan, yearly: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """One row per programme: money to date, the target to date and the final one, achievement, schedule status.

    Annual targets add up (achieved and planned are sums to date); for cumulative and index
    targets the latest reported value is compared with that year's planned target, and
    with the final planned target of the plan.
    """
    catalog = plan.catalog
    ids = list(catalog.ids)
    kind = pd.Series([str(k) for k in catalog.values("target_kind")], index=pd.Index(ids, name="id"))
    annual = kind == TargetKind.ANNUAL
    by_id = yearly.groupby("id", sort=False)
    sums = by_id[["planned_cost", "spent", "planned_target", "achieved"]].sum(min_count=1).reindex(ids)
    # the latest year reported (else the latest with a planned target) of each programme
    ranked = yearly.assign(rank=yearly["reported"] * 2 + (yearly["planned_target"] > 0))
    latest = ranked.sort_values(["rank", "year"]).groupby("id").tail(1).set_index("id").reindex(ids)
    level_target = latest["planned_target"].where(latest["rank"] > 0, 0.0)
    level_achieved = latest["achieved"].where(latest["reported"].fillna(False).astype(bool))
    targets = plan.targets
    last_target = targets.where(targets > 0).ffill(axis=1).iloc[:, -1].reindex(ids).fillna(0.0)
    programmes = pd.DataFrame(
        {
            "name": catalog.values("name"),
            "dimension": catalog.values("dimension"),
            "unit": catalog.values("unit"),
            "target_kind": kind.to_numpy(),
            "priority": catalog.values("priority").astype(float),
            "planned_cost": sums["planned_cost"].fillna(0.0).to_numpy(),
            "spent": sums["spent"].fillna(0.0).to_numpy(),
            "planned_target": np.where(annual, sums["planned_target"].fillna(0.0), level_target),
            "achieved": np.where(annual, sums["achieved"], level_achieved),
            "final_target": np.where(annual, targets.sum(axis=1).reindex(ids), last_target),
        },
        index=kind.index,
    )
    target_ok = programmes["planned_target"] > 0
    cost_ok = programmes["planned_cost"] > 0
    programmes["spend_rate"] = np.where(
        cost_ok, programmes["spent"] / programmes["planned_cost"].where(cost_ok, 1.0), np.nan
    )
    programmes["achievement"] = np.where(
        target_ok,
        programmes["achieved"].fillna(0.0) / programmes["planned_target"].where(target_ok, 1.0),
        programmes["spend_rate"],
    )
    final_ok = programmes["final_target"] > 0
    programmes["achievement_final"] = np.where(
        final_ok, programmes["achieved"].fillna(0.0) / programmes["final_target"].where(final_ok, 1.0), np.nan
    )
    planned = (cost_ok | target_ok).to_numpy()
    realised = ((programmes["spent"] > 0) | (programmes["achieved"].fillna(0.0) > 0)).to_numpy()
    programmes["status"] = [
        _status(float(a), bool(p), bool(r), tolerance)
        for a, p, r in zip(programmes["achievement"], planned, realised, strict=True)
    ]
    return programmes


def _dimension_row(group: pd.DataFrame) -> pd.Series:
    mask = (group["planned_cost"] > 0) | (group["planned_target"] > 0)
    g = group[mask]
    w = g["priority"]
    pc = float(group["planned_cost"].sum())
    return pd.Series(
        {
            "planned_cost": pc,
            "spent": float(group["spent"].sum()),
            "spend_rate": float(group["spent"].sum() / pc) if pc > 0 else math.nan,
            "achievement": float((g["achievement"].fillna(0.0).clip(upper=1.0) * w).sum() / w.sum())
            if w.sum() > 0
            else math.nan,
            "behind": int((group["status"] == "behind").sum()),
        }
    )
