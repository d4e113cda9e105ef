"""Draw every chart of the Bogor sample as a PNG, for the documentation and for review.

Usage (from the repository folder)::

    .venv/bin/python scripts/chart_images.py                  # Indonesian, into docs/images/charts
    .venv/bin/python scripts/chart_images.py --lang en --out /tmp/charts

The plan uses the policy of the README (terms split in 2025, continuity floor 70 %,
commitment cap 40 %); the study compares the ceilings cut by 10 %, as given and raised by
10 %; the frontier runs from 50 % to 150 % of the ceilings. Every chart is made by the
public plot methods, exactly as an analyst would call them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import targetplan as tp
from targetplan.plotting import save_figure

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Solve the sample, draw each chart and save it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["id", "en"], default="id")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "charts")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    tp.set_language(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    ex = tp.load_example("bogor")
    policy = tp.Policy(
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        continuity_floor=0.7,
        commitment_cap=0.4,
    )
    plan = tp.optimize(ex.catalog, ex.budget, policy=policy, mip_gap=1e-3, time_limit=60)
    eff = plan.efficiency()
    cont = plan.continuity(previous=ex.previous)
    prog = plan.progress(ex.realisation)
    study = tp.compare(
        ex.catalog,
        {"APBD -10%": ex.budget.scale(0.9), "APBD": ex.budget, "APBD +10%": ex.budget.scale(1.1)},
        policy=policy,
    )
    front = tp.frontier(ex.catalog, ex.budget, scales=[0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5], policy=policy)

    charts = {
        "budget_dimension": lambda: plan.plot_budget(),
        "budget_agency": lambda: plan.plot_budget(by="agency"),
        "budget_status": lambda: plan.plot_budget(by="status"),
        "timeline": lambda: plan.plot_timeline(),
        "baselines": lambda: eff.plot_baselines(),
        "marginal": lambda: eff.plot_marginal(),
        "rules": lambda: eff.plot_rules(ceilings=False),
        "continuity": lambda: cont.plot(),
        "progress": lambda: prog.plot(),
        "achievement_dimension": lambda: prog.plot_achievement(by="dimension"),
        "study": lambda: study.plot(),
        "frontier": lambda: front.plot(),
    }
    if eff.by_source is not None:
        charts["sources"] = lambda: eff.plot_sources()
    for name, draw in charts.items():
        ax = draw()
        path = save_figure(ax.figure, args.out / f"{name}.png", dpi=args.dpi)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(charts)} charts in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
