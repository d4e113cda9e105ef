"""The ``targetplan`` command line.

Commands: ``demo``, ``validate``, ``plan`` (optionally saving the plan with ``--out`` as
a workbook, JSON or a folder of CSV files), ``compare`` (several budget scales),
``replan`` (the remaining years after a realisation) and ``report`` (efficiency and
continuity of a saved plan). Exit codes: 0 success, 1 no plan (infeasible, time limit without a plan,
solver failure), 2 bad input, 141 output pipe closed early (``| head``). Errors print
one clear message; ``--debug`` shows the traceback.
``import`` reads a Renstra / RKPD matrix (SIPD export or printed) into a catalogue file.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import targetplan as tp

from .exceptions import (
    ArgumentError,
    CheckFailedError,
    InfeasiblePlanError,
    InputValidationError,
    SolverFailedError,
    TargetplanError,
)
from .io.table import write_table
from .plotting import save_figure
from .text.language import get_language
from .text.show import show_table

if TYPE_CHECKING:
    from .reports import ContinuityReport, EfficiencyReport
    from .results import Plan

__all__ = ["main"]

_EPILOG = """examples:
  targetplan demo
  targetplan validate data/bogor/programs.csv
  targetplan plan data/bogor/programs.csv --budget data/bogor/budget.csv --limits data/bogor/limits.csv --gap 0.001
  targetplan plan programs.csv --budget budget.csv --out plan.json
  targetplan report plan.json --previous previous_masterplan.csv --out report.xlsx
  targetplan report plan.json --previous previous_masterplan.csv --html laporan.html
"""

_PLAN_EPILOG = """examples:
  targetplan plan programs.csv --budget budget.csv --gap 0.001 --time-limit 60
  targetplan plan programs.csv --budget budget.csv --limits limits.csv --out plan.xlsx --lang en
  targetplan plan programs.csv --budget budget.csv --out plan.json     (reload with targetplan report)
  targetplan plan programs.csv --budget budget.csv --out plan_tables   (a folder of CSV files)
"""

_COMPARE_EPILOG = """examples:
  targetplan compare programs.csv --budget budget.csv --scale 0.8,0.9,1.0,1.1
  targetplan compare programs.csv --budget budget.csv --limits limits.csv --policy policy.toml --out study.xlsx
  targetplan compare programs.csv --budget budget.csv --scale 0.5,0.75,1,1.25,1.5 --workers 2 --out study.json
  targetplan compare programs.csv --budget budget.csv --scale 0.9,1.0 --html skenario.html
"""

_REPLAN_EPILOG = """examples:
  targetplan replan plan.json --realisation realisation.csv --from-year 2024
  targetplan replan plan.json --realisation realisation.csv --from-year 2024 --budget budget_2024.csv --out plan2.json
  targetplan replan plan.json --realisation realisation.csv --from-year 2024 --html perubahan.html
"""

_IMPORT_EPILOG = """examples:
  targetplan import renstra.xlsx --first-year 2025 --out programs.csv
  targetplan import sipd_renstra_export.csv --out programs.xlsx
  targetplan import renstra.xlsx --sheet "Renstra 2025-2029"          (check only: lists every problem)
"""

_REPORT_EPILOG = """examples:
  targetplan report plan.json
  targetplan report plan.json --previous previous_masterplan.csv --out report.xlsx
  targetplan report plan.json --no-marginal --lang en
  targetplan report plan.json --previous previous_masterplan.csv --realisation realisation.csv --html laporan.html
"""


def _common() -> argparse.ArgumentParser:
    """Options every command also accepts after its name (``targetplan plan ... --debug``)."""
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: when not given after the command, keep the value given before it.
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors")
    common.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS, help="report language (default: id)")
    return common


def _budget_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """``--budget`` and ``--limits``, as ``plan``, ``compare`` and ``replan`` take them."""
    parser.add_argument(
        "--budget",
        required=required,
        default=None,
        help="budget file with columns year, ceiling" + ("" if required else " (default: the plan's)"),
    )
    parser.add_argument("--limits", default=None, help="group caps/floors file")


#: Seconds a command may solve unless ``--time-limit`` says otherwise (0: no limit). A hard catalogue
#: (costs and values that move together) can keep the solver busy for minutes; at the limit the best
#: plan found so far is used and the command says how far from the best possible it may be.
DEFAULT_TIME_LIMIT = 120.0


def _time_limit(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _say(f"{text!r} bukan angka detik", f"{text!r} is not a number of seconds")
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            _say(
                f"{text!r}: berikan angka detik, atau 0 tanpa batas",
                f"{text!r}: give a number of seconds, or 0 for no limit",
            )
        )
    return value or None


def _solve_options(parser: argparse.ArgumentParser, *, gap: float, per: str = "") -> None:
    """``--gap``, ``--time-limit`` and ``--solver``, as every command that solves takes them."""
    parser.add_argument("--gap", type=float, default=gap, help=f"relative MIP gap (default {gap:g})")
    parser.add_argument(
        "--time-limit",
        type=_time_limit,
        default=DEFAULT_TIME_LIMIT,
        help=f"seconds{per} (default {DEFAULT_TIME_LIMIT:g}; 0 for no limit)",
    )
    parser.add_argument("--solver", choices=("auto", "highs", "cbc"), default="auto")


def _limit_note(plan: tp.Plan, time_limit: float | None) -> str:
    """Say what the time limit cost, for the end of a command's output (empty when the solve finished)."""
    if time_limit is None or plan.status != tp.SolveStatus.FEASIBLE or plan.mip_gap is None:
        return ""
    gap = tp.format_percent(plan.mip_gap, 2)
    longer = f"{max(2 * time_limit, 600):g}"
    if _en():
        return (
            f"\nThe time limit ({time_limit:g} s) was reached: the plan is within {gap} of the best possible "
            f"(proven). For a closer plan give more time, e.g. --time-limit {longer}."
        )
    return (
        f"\nBatas waktu ({time_limit:g} detik) tercapai: rencana ini paling jauh {gap} dari yang terbaik "
        f"(terbukti). Untuk rencana yang lebih dekat beri waktu lebih, mis. --time-limit {longer}."
    )


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
    common = [_common()]

    demo = sub.add_parser(
        "demo",
        parents=common,
        help="plan the illustrative Bogor sample and print the plan",
        epilog="example:\n  targetplan demo --lang en",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("--gap", type=float, default=1e-4, help="relative MIP gap (default 1e-4)")
    demo.add_argument(
        "--out",
        default="out/demo",
        help="folder for the plots (PNG), the report (laporan.html) and the workbook (rencana.xlsx); default out/demo",
    )
    demo.add_argument("--no-explain", action="store_true", help="skip the why / why-not re-solves")

    val = sub.add_parser(
        "validate",
        parents=common,
        help="check a catalogue and list every problem",
        epilog="example:\n  targetplan validate programs.csv --sheet Katalog",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    val.add_argument("catalog", help="catalogue file (.csv or .xlsx)")
    val.add_argument("--sheet", default=0, help="Excel sheet name or 0-based position")

    imp = sub.add_parser(
        "import",
        parents=common,
        help="read a Renstra / RKPD matrix (SIPD export or printed) into a catalogue file",
        epilog=_IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("matrix", help="the matrix (.xlsx or .csv)")
    imp.add_argument("--first-year", type=int, default=None, help="calendar year of 'Tahun 1' (target_1, pagu_1)")
    imp.add_argument("--sheet", default=0, help="Excel sheet name or 0-based position")
    imp.add_argument("--out", default=None, metavar="PATH", help="write the catalogue: .csv or .xlsx (codes stay text)")

    plan = sub.add_parser(
        "plan",
        parents=common,
        help="optimise a plan, print its summary and optionally save it",
        epilog=_PLAN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plan.add_argument("catalog", help="catalogue file (.csv or .xlsx)")
    _budget_options(plan, required=True)
    plan.add_argument("--reserve", type=float, default=0.0, help="share of every ceiling kept unallocated")
    plan.add_argument("--policy", default=None, help="policy file (.toml or .json): terms, continuity floor ...")
    _solve_options(plan, gap=1e-4)
    plan.add_argument(
        "--out",
        default=None,
        metavar="PATH",
        help="save the plan: .xlsx workbook, .json (for targetplan report / tp.read_plan), "
        "or a folder (no suffix) of CSV tables",
    )
    _html_option(plan)

    cmp_ = sub.add_parser(
        "compare",
        parents=common,
        help="plan under several budget scales and compare the plans",
        epilog=_COMPARE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmp_.add_argument("catalog", help="catalogue file (.csv or .xlsx)")
    _budget_options(cmp_, required=True)
    cmp_.add_argument("--policy", default=None, help="policy file (.toml or .json)")
    cmp_.add_argument(
        "--scale", default="0.8,0.9,1.0,1.1", help="comma-separated budget scales (default 0.8,0.9,1.0,1.1)"
    )
    _solve_options(cmp_, gap=1e-3, per=" per scenario")
    cmp_.add_argument("--workers", type=int, default=None, help="solve scenarios in this many processes")
    cmp_.add_argument("--out", default=None, metavar="PATH", help="save the study: .xlsx or .json")
    _html_option(cmp_)

    rep = sub.add_parser(
        "replan",
        parents=common,
        help="re-plan the remaining years of a saved plan after a realisation",
        epilog=_REPLAN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument("plan", help="plan file written by 'targetplan plan --out plan.json'")
    rep.add_argument("--realisation", required=True, help="realisation file: id, year, spent, achieved")
    rep.add_argument("--from-year", type=int, required=True, help="first year to plan again")
    _budget_options(rep, required=False)
    _solve_options(rep, gap=1e-4)
    rep.add_argument("--out", default=None, metavar="PATH", help="save the new plan: .xlsx, .json or a CSV folder")
    _html_option(rep)

    report = sub.add_parser(
        "report",
        parents=common,
        help="print the efficiency and continuity reports of a saved plan (.json)",
        epilog=_REPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("plan", help="plan file written by 'targetplan plan --out plan.json' or Plan.to_json()")
    report.add_argument(
        "--out", default=None, metavar="PATH", help="write a workbook (.xlsx) with the plan and reports"
    )
    report.add_argument(
        "--previous", default=None, help="previous masterplan (.csv or .xlsx) for the continuity report"
    )
    report.add_argument("--no-marginal", action="store_true", help="skip the marginal values (one re-solve per year)")
    report.add_argument("--no-baselines", action="store_true", help="skip the manual-ranking baselines")
    report.add_argument("--explain", action="store_true", help="add why / why-not per programme left out (re-solves)")
    report.add_argument(
        "--realisation", default=None, help="realisation file (id, year, spent, achieved) for the progress report"
    )
    _html_option(report)
    return parser


def _html_option(parser: argparse.ArgumentParser) -> None:
    """``--html``: the report for people, as every command that makes a plan or a study takes it."""
    parser.add_argument(
        "--html",
        default=None,
        metavar="PATH",
        help="write the report for people: one .html file (opens without internet, prints to A4)",
    )


def _html_path(args: argparse.Namespace) -> Path | None:
    """Return the ``--html`` path, checked before any work (a .html or .htm file)."""
    html = getattr(args, "html", None)
    if html is None:
        return None
    path = Path(html)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ArgumentError(
            _say(
                f"--html {html}: berikan nama berkas .html, mis. --html laporan.html",
                f"--html {html}: give a .html file name, e.g. --html laporan.html",
            )
        )
    return path


def _written(path: Path) -> None:
    print(f"\n{'report written to' if _en() else 'laporan ditulis ke'} {path}")


def _sheet(value: str | int) -> str | int:
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _en() -> bool:
    return get_language() == "en"


def _say(indonesian: str, english: str) -> str:
    """Return the text in the report language (set by --lang)."""
    return english if _en() else indonesian


def _output_kind(path: Path, allowed: tuple[str, ...] = ("xlsx", "json", "csv")) -> str:
    """``xlsx``, ``json`` or ``csv`` (a folder) from the path given to ``--out``."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx" and "xlsx" in allowed:
        return "xlsx"
    if suffix == ".json" and "json" in allowed:
        return "json"
    if "csv" in allowed and (suffix == "" or path.is_dir()):
        return "csv"
    if suffix == ".csv" and "csv" in allowed:
        raise ArgumentError(
            _say(
                f"--out {path}: keluaran CSV berupa folder berisi tabel; berikan nama folder tanpa akhiran, "
                f"mis. --out {path.with_suffix('')}",
                f"--out {path}: CSV output is a folder of tables; give a folder name without a suffix, "
                f"e.g. --out {path.with_suffix('')}",
            )
        )
    if _en():
        kinds = {"xlsx": "a .xlsx workbook", "json": "a .json file", "csv": "a folder (no suffix) for CSV tables"}
        raise ArgumentError(f"--out {path}: unknown output type; give " + " or ".join(kinds[k] for k in allowed))
    jenis = {"xlsx": "buku kerja .xlsx", "json": "berkas .json", "csv": "folder (tanpa akhiran) untuk tabel CSV"}
    raise ArgumentError(
        f"--out {path}: jenis keluaran tidak dikenal; berikan " + " atau ".join(jenis[k] for k in allowed)
    )


def _save(plan: Plan, out: str, report: tuple[EfficiencyReport, ContinuityReport] | None = None) -> None:
    path = Path(out)
    kind = _output_kind(path, ("xlsx",) if report is not None else ("xlsx", "json", "csv"))
    if kind == "xlsx":
        eff, cont = report if report is not None else (None, None)
        plan.to_excel(path, efficiency=eff, continuity=cont)
    elif kind == "json":
        plan.to_json(path)
    else:
        plan.to_csv(path)
    what = {"xlsx": "workbook", "json": "plan file", "csv": "CSV tables"}[kind]
    if _en():
        print(f"\n{what} written to {path}")
    else:
        shown = {"workbook": "buku kerja", "plan file": "berkas rencana", "CSV tables": "tabel CSV"}[what]
        print(f"\n{shown} ditulis ke {path}")


def _demo(args: argparse.Namespace) -> int:
    ex = tp.load_example("bogor")
    en = tp.get_language() == "en"
    ceiling = tp.format_money(sum(ex.budget.ceilings.values()))
    limits = len(ex.budget.limits)
    budget = f"ceilings {ceiling}, {limits} group limits" if en else f"pagu {ceiling}, {limits} batas kelompok"
    print(f"targetplan demo — {ex.catalog.view_title(get_language())}; {budget}")
    print("(illustrative data, not official figures)\n" if en else "(data ilustrasi, bukan angka resmi)\n")
    policy = tp.Policy(terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)], continuity_floor=0.7)
    plan = tp.optimize(ex.catalog, ex.budget, policy=policy, mip_gap=args.gap).check()
    print(plan.summary_text())
    print("\nplan.check(): ok\n")
    report = plan.efficiency()
    print(report.summary_text())
    if not args.no_explain:
        print()
        for sentence in report.explain()["sentence"]:
            print(" - " + sentence)
    continuity = plan.continuity(previous=ex.folder / "previous_masterplan.csv")
    print()
    print(continuity.summary_text())
    out = Path(args.out)
    figures = {
        "budget.png": plan.plot_budget(),
        "timeline.png": plan.plot_timeline(),
        "baselines.png": report.plot_baselines(),
        "marginal.png": report.plot_marginal(),
        "continuity.png": continuity.plot(),
    }
    if report.by_source is not None:
        figures["sources.png"] = report.plot_sources()
    for name, ax in figures.items():
        save_figure(ax.figure, out / name)
    print(f"\n{'plots written to' if en else 'grafik ditulis ke'} {out}/: {', '.join(figures)}")
    # what the analyst hands on: one report for people and one workbook
    note = "Illustrative data, not official figures" if en else "Data ilustrasi, bukan angka resmi"
    html = plan.report(
        out / ("report.html" if en else "laporan.html"),
        efficiency=report,
        continuity=continuity,
        progress=ex.folder / "realisation.csv",
        note=note,
    )
    book = plan.to_excel(out / ("plan.xlsx" if en else "rencana.xlsx"), efficiency=report, continuity=continuity)
    print(f"{'report for people' if en else 'laporan untuk pimpinan'}: {html}")
    print(f"{'workbook' if en else 'buku kerja'}: {book}")
    return 0


def _report(args: argparse.Namespace) -> int:
    if args.out is not None:
        _output_kind(Path(args.out), ("xlsx",))  # a wrong suffix fails before the re-solves
    html = _html_path(args)
    plan = tp.read_plan(args.plan)
    if not plan.is_ok:
        raise SolverFailedError(
            _say(
                f"rencana yang disimpan berstatus {plan.status.value}: {plan.message}",
                f"the saved plan has status {plan.status.value}: {plan.message}",
            )
        )
    plan.check()
    efficiency = plan.efficiency(baselines=not args.no_baselines, marginal=not args.no_marginal)
    continuity = plan.continuity(previous=args.previous)
    print(efficiency.summary_text())
    if args.explain:
        print()
        for sentence in efficiency.explain()["sentence"]:
            print(" - " + sentence)
    print()
    print(continuity.summary_text())
    progress = plan.progress(args.realisation) if args.realisation else None
    if progress is not None:
        print()
        print(progress.summary_text())
    if args.out is not None:
        _save(plan, args.out, (efficiency, continuity))
    if html is not None:
        _written(plan.report(html, efficiency=efficiency, continuity=continuity, progress=progress))
    return 0


def _import(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out is not None else None
    if out is not None:
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise ArgumentError(
                _say(
                    f"--out {out}: berikan berkas .csv atau .xlsx untuk katalog",
                    f"--out {out}: give a .csv or .xlsx file for the catalogue",
                )
            )
        if out.resolve() == Path(args.matrix).resolve():
            raise ArgumentError(
                _say(
                    f"--out {out}: itu matriks yang sedang dibaca; berikan nama berkas lain",
                    f"--out {out}: that is the matrix being read; give another file name",
                )
            )
    catalog = tp.read_renstra(args.matrix, first_year=args.first_year, sheet=_sheet(args.sheet))
    frame = catalog.to_frame()
    counts = {level: frame[level].nunique() for level in ("program", "kegiatan") if level in frame.columns}
    level = tp.parse_code(catalog.ids[0]).level.replace("_", " ")
    years = f"{catalog.years[0]}-{catalog.years[-1]}"
    if _en():
        print(
            f"ok: {len(catalog)} {level} ({years}) under {counts.get('program', 0)} programs and "
            f"{counts.get('kegiatan', 0)} kegiatan"
            + (f"; funding sources {', '.join(catalog.sources)}" if catalog.sources else "")
        )
    else:
        print(
            f"ok: {len(catalog)} {level} ({years}) dalam {counts.get('program', 0)} program dan "
            f"{counts.get('kegiatan', 0)} kegiatan"
            + (f"; sumber dana {', '.join(catalog.sources)}" if catalog.sources else "")
        )
    if out is not None:
        write_table(frame, out, sheet="catalogue")
        print(f"catalogue written to {out}" if _en() else f"katalog ditulis ke {out}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    if args.out is not None and Path(args.out).suffix.lower() not in (".xlsx", ".json"):
        raise ArgumentError(
            _say(
                f"--out {args.out}: berikan buku kerja .xlsx atau berkas .json",
                f"--out {args.out}: give a .xlsx workbook or a .json file",
            )
        )
    html = _html_path(args)
    try:
        scales = [float(x) for x in args.scale.split(",") if x.strip()]
    except ValueError:
        raise ArgumentError(
            _say(
                f"--scale {args.scale!r}: berikan angka yang dipisah koma, mis. 0.8,0.9,1.0",
                f"--scale {args.scale!r}: give numbers separated by commas, e.g. 0.8,0.9,1.0",
            )
        ) from None
    catalog = tp.read_catalog(args.catalog)
    budget = tp.read_budget(args.budget, limits=args.limits)
    policy = tp.read_policy(args.policy) if args.policy else None
    scenarios = {f"{s:g}x": budget.scale(s) for s in scales}
    options = {"mip_gap": args.gap, "time_limit": args.time_limit, "solver": args.solver}
    if args.workers and args.workers > 1:
        with tp.process_pool(args.workers) as pool:
            study = tp.compare(catalog, scenarios, policy, executor=pool, **options)
    else:
        study = tp.compare(catalog, scenarios, policy, **options)
    # the study table in the report language: headings, status words, money and percentages
    print(show_table(study.summary()[["status", "value", "spend", "utilisation", "programmes", "gap"]]).to_string())
    if args.out is not None:
        path = study.to_json(args.out) if args.out.lower().endswith(".json") else study.to_excel(args.out)
        print(f"\n{'study written to' if _en() else 'studi ditulis ke'} {path}")
    if html is not None:
        _written(study.report(html))
    return 0 if not study.failed else 1


def _replan(args: argparse.Namespace) -> int:
    if args.out is not None:
        _output_kind(Path(args.out))
    html = _html_path(args)
    plan = tp.read_plan(args.plan)
    budget = tp.read_budget(args.budget, limits=args.limits) if args.budget else None
    again = tp.replan(
        plan,
        args.realisation,
        from_year=args.from_year,
        budget=budget,
        mip_gap=args.gap,
        time_limit=args.time_limit,
        solver=args.solver,
    )
    again.check()
    print(again.summary_text())
    if args.out is not None:
        _save(again.plan, args.out)
    if html is not None:
        _written(again.plan.report(html, changes=again))
    return 0


#: Arguments that name files the command reads: an output path may be none of them.
_INPUTS = ("catalog", "matrix", "budget", "limits", "policy", "plan", "realisation", "previous")
#: The inputs in Indonesian, for messages.
_INPUT_WORDS = {
    "catalog": "katalog",
    "matrix": "matriks",
    "budget": "pagu",
    "limits": "batas",
    "policy": "kebijakan",
    "plan": "rencana",
    "realisation": "realisasi",
    "previous": "masterplan sebelumnya",
}


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an output path before any work: blank, one of the inputs, or where nothing can be written."""
    if args.command == "demo":
        return
    html = getattr(args, "html", None)
    out = getattr(args, "out", None)
    if html is not None and out is not None and Path(html).expanduser().resolve() == Path(out).expanduser().resolve():
        raise ArgumentError(
            _say(
                f"--html {html} sama dengan --out; beri laporan dan berkas simpanan nama yang berbeda",
                f"--html {html} is also --out; give the report and the saved file different names",
            )
        )
    for option, given in (("--out", out), ("--html", html)):
        if given is not None:
            _check_one_out(args, option, given)


def _check_one_out(args: argparse.Namespace, option: str, out: str) -> None:
    if not str(out).strip():
        raise ArgumentError(
            _say(
                f"{option} kosong; berikan nama berkas seperti rencana.xlsx (atau jangan pakai {option})",
                f"{option} is blank; give a file name such as plan.xlsx (or leave {option} out)",
            )
        )
    target = Path(out).expanduser().resolve()
    for name in _INPUTS:
        given = getattr(args, name, None)
        if isinstance(given, str) and given and Path(given).expanduser().resolve() == target:
            raise ArgumentError(
                _say(
                    f"{option} {out} adalah berkas {_INPUT_WORDS[name]} yang sedang dibaca; "
                    "berikan nama berkas lain untuk keluaran",
                    f"{option} {out} is the {name} file being read; give another file name for the output",
                )
            )
    csv_folder = option == "--out" and target.suffix == "" and args.command in ("plan", "replan")
    folder = target if csv_folder else target.parent
    if target.exists() and target.is_dir() and folder != target:
        raise ArgumentError(
            _say(
                f"{option} {out} adalah folder; berikan nama berkas di dalamnya, mis. {Path(out) / 'rencana.xlsx'}",
                f"{option} {out} is a folder; give a file name inside it, e.g. {Path(out) / 'plan.xlsx'}",
            )
        )
    if folder == target and target.exists() and not target.is_dir():
        raise ArgumentError(
            _say(
                f"{option} {out} adalah berkas; keluaran CSV berupa folder: berikan nama folder",
                f"{option} {out} is a file; CSV output is a folder: give a folder name",
            )
        )
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ArgumentError(
            _say(
                f"{option} {out}: {existing} adalah berkas, jadi folder tidak dapat dibuat di sana; berikan path lain",
                f"{option} {out}: {existing} is a file, so no folder can be made there; give another path",
            )
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ArgumentError(
            _say(
                f"{option} {out}: folder {existing} tidak dapat ditulisi; berikan path di folder yang dapat ditulisi",
                f"{option} {out}: the folder {existing} cannot be written; give a path in a writable folder",
            )
        )


def _run(args: argparse.Namespace) -> int:
    if args.lang:
        tp.set_language(args.lang)
    _check_out(args)
    if args.command == "demo":
        return _demo(args)
    if args.command == "validate":
        catalog = tp.read_catalog(args.catalog, sheet=_sheet(args.sheet))
        frame = catalog.to_frame()
        counts = (
            len(catalog),
            f"{catalog.years[0]}-{catalog.years[-1]}",
            int((frame["status"] == "continuing").sum()),
            int(frame["mandatory"].sum()),
            int(frame["excluded"].sum()),
        )
        if _en():
            print("ok: {} programmes, {}, {} continuing, {} mandatory, {} excluded".format(*counts))
        else:
            print("ok: {} program, {}, {} lanjutan, {} wajib, {} dikecualikan".format(*counts))
        return 0
    if args.command == "import":
        return _import(args)
    if args.command == "plan":
        if args.out is not None:
            _output_kind(Path(args.out))  # a wrong suffix fails before the solve
        html = _html_path(args)
        catalog = tp.read_catalog(args.catalog)
        budget = tp.read_budget(args.budget, limits=args.limits, reserve=args.reserve)
        policy = tp.read_policy(args.policy) if args.policy else None
        with warnings.catch_warnings():
            # the note at the end says what the time limit cost, in the report's language
            warnings.simplefilter("ignore", tp.TimeLimitWarning)
            result = tp.optimize(
                catalog, budget, policy, mip_gap=args.gap, time_limit=args.time_limit, solver=args.solver
            )
        result.check()
        print(result.summary_text())
        note = _limit_note(result, args.time_limit)
        if note:
            print(note)
        if args.out is not None:
            _save(result, args.out)
        if html is not None:
            _written(result.report(html))
        return 0
    if args.command == "report":
        return _report(args)
    if args.command == "compare":
        return _compare(args)
    if args.command == "replan":
        return _replan(args)
    raise AssertionError(args.command)  # pragma: no cover - argparse rejects other commands


#: 128 + SIGPIPE: what a shell reports for a program stopped by a closed pipe.
_EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Output into a pipe that was closed early (``targetplan validate x.csv | head -1``)
    ends quietly with exit code 141, as a program stopped by SIGPIPE does.
    """
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not as a traceback at interpreter exit
    except BrokenPipeError:
        _discard_stdout()
        return _EXIT_BROKEN_PIPE


def _discard_stdout() -> None:
    """Point stdout at the null device, so Python's final flush does not fail again.

    The recipe of the Python documentation (signal module, "Note on SIGPIPE").
    """
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # stdout is not a real file (e.g. captured in tests): nothing to redirect
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except InputValidationError as exc:
        if args.debug:
            traceback.print_exc()
        print(
            f"{_say('kesalahan', 'error')}: {exc.text()}", file=sys.stderr
        )  # every problem: the command line has no failure_cases
        return 2
    except (InfeasiblePlanError, SolverFailedError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"{_say('tidak ada rencana', 'no plan')}: {exc}", file=sys.stderr)
        return 1
    except CheckFailedError as exc:
        if args.debug:
            traceback.print_exc()
        listed = "\n".join(f"  - {v}" for v in exc.violations)
        failed = _say(
            f"pemeriksaan rencana gagal: {len(exc.violations)} pelanggaran",
            f"plan check failed: {len(exc.violations)} violation(s)",
        )
        print(f"{_say('kesalahan', 'error')}: {failed}\n{listed}", file=sys.stderr)
        return 2
    except TargetplanError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"{_say('kesalahan', 'error')}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # output into a closed pipe is not a file error: main() ends quietly
    except OSError as exc:  # e.g. --out in a folder that cannot be written
        if args.debug:
            traceback.print_exc()
        where = f": {exc.filename}" if exc.filename else ""
        print(f"{_say('kesalahan', 'error')}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
