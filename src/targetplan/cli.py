"""The ``targetplan`` command line.

Exit codes: 0 success, 1 no plan (infeasible, time limit without a plan, solver
failure), 2 bad input. Errors print one clear message; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .exceptions import InfeasiblePlanError, InputValidationError, SolverFailedError, TargetplanError

__all__ = ["main"]

_EPILOG = """examples:
  targetplan demo
  targetplan validate data/bogor/programs.csv
  targetplan plan data/bogor/programs.csv --budget data/bogor/budget.csv --limits data/bogor/limits.csv --gap 0.001
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="targetplan",
        description="Plan yearly Smart City / e-Government targets under the APBD ceiling.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--lang", choices=("id", "en"), default=None, help="report language (default: id)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo",
        help="plan the illustrative Bogor sample and print the plan",
        epilog="example:\n  targetplan demo --lang en",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("--gap", type=float, default=1e-4, help="relative MIP gap (default 1e-4)")
    demo.add_argument("--out", default="out/demo", help="folder for the plots (PNG); default out/demo")
    demo.add_argument("--no-explain", action="store_true", help="skip the why / why-not re-solves")

    val = sub.add_parser(
        "validate",
        help="check a catalogue and list every problem",
        epilog="example:\n  targetplan validate programs.csv --sheet Katalog",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    val.add_argument("catalog", help="catalogue file (.csv or .xlsx)")
    val.add_argument("--sheet", default=0, help="Excel sheet name or 0-based position")

    plan = sub.add_parser(
        "plan",
        help="optimise a plan and print its summary",
        epilog="example:\n  targetplan plan programs.csv --budget budget.csv --gap 0.001 --time-limit 60",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plan.add_argument("catalog", help="catalogue file (.csv or .xlsx)")
    plan.add_argument("--budget", required=True, help="budget file with columns year, ceiling")
    plan.add_argument("--limits", default=None, help="group caps/floors file")
    plan.add_argument("--reserve", type=float, default=0.0, help="share of every ceiling kept unallocated")
    plan.add_argument("--gap", type=float, default=1e-4, help="relative MIP gap (default 1e-4)")
    plan.add_argument("--time-limit", type=float, default=None, help="seconds")
    plan.add_argument("--solver", choices=("auto", "highs", "cbc"), default="auto")
    return parser


def _sheet(value: str | int) -> str | int:
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _demo(args: argparse.Namespace) -> int:
    import targetplan as tp

    from .io import save_figure

    ex = tp.load_example("bogor")
    en = tp.get_language() == "en"
    print(f"targetplan demo — {ex.catalog!r}, {ex.budget!r}")
    print("(illustrative data, not official figures)\n" if en else "(data ilustrasi, bukan angka resmi)\n")
    policy = tp.Policy(terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)], continuity_floor=0.7)
    plan = tp.optimize(ex.catalog, ex.budget, policy=policy, mip_gap=args.gap).check()
    print(plan.summary())
    print("\nplan.check(): ok\n")
    report = plan.efficiency()
    print(report.summary())
    if not args.no_explain:
        print()
        for sentence in report.explain()["sentence"]:
            print(" - " + sentence)
    continuity = plan.continuity(previous=ex.folder / "previous_masterplan.csv")
    print()
    print(continuity.summary())
    out = Path(args.out)
    figures = {
        "budget.png": plan.plot_budget(),
        "timeline.png": plan.plot_timeline(),
        "baselines.png": report.plot_baselines(),
        "marginal.png": report.plot_marginal(),
        "continuity.png": continuity.plot(),
    }
    for name, ax in figures.items():
        save_figure(ax.figure, out / name)
    print(f"\n{'plots written to' if en else 'grafik ditulis ke'} {out}/: {', '.join(figures)}")
    return 0


def _run(args: argparse.Namespace) -> int:
    import targetplan as tp

    if args.lang:
        tp.set_language(args.lang)
    if args.command == "demo":
        return _demo(args)
    if args.command == "validate":
        catalog = tp.read_catalog(args.catalog, sheet=_sheet(args.sheet))
        frame = catalog.to_frame()
        print(
            f"ok: {len(catalog)} programmes, {catalog.years[0]}-{catalog.years[-1]}, "
            f"{int((frame['status'] == 'continuing').sum())} continuing, "
            f"{int(frame['mandatory'].sum())} mandatory, {int(frame['excluded'].sum())} excluded"
        )
        return 0
    if args.command == "plan":
        catalog = tp.read_catalog(args.catalog)
        budget = tp.read_budget(args.budget, limits=args.limits, reserve=args.reserve)
        result = tp.optimize(catalog, budget, mip_gap=args.gap, time_limit=args.time_limit, solver=args.solver)
        result.check()
        print(result.summary())
        return 0
    raise AssertionError(args.command)  # pragma: no cover - argparse rejects other commands


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except InputValidationError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (InfeasiblePlanError, SolverFailedError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"no plan: {exc}", file=sys.stderr)
        return 1
    except TargetplanError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
