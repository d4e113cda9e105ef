"""The ``targetplan`` command line, run as a real process (module and console script)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import targetplan as tp

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

SAMPLE = tp.example_path("bogor")


def _console_script() -> str | None:
    """The installed ``targetplan`` script: next to this Python first, else on PATH."""
    beside = Path(sys.executable).parent / "targetplan"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("targetplan")


SCRIPT = _console_script()

ENTRY_POINTS = [
    pytest.param([sys.executable, "-m", "targetplan.cli"], id="module"),
    pytest.param(
        [SCRIPT or "targetplan"],
        id="script",
        marks=pytest.mark.skipif(SCRIPT is None, reason="the targetplan console script is not installed"),
    ),
]


def run(entry: list[str], *args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the command line in ``cwd`` (a temporary folder, so nothing is written into the repository)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"}
    return subprocess.run(
        [*entry, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
        cwd=cwd,
    )


MODULE = [sys.executable, "-m", "targetplan.cli"]

#: The sample's catalogue, budget and limits, as plan and compare take them.
SAMPLE_INPUTS = (SAMPLE / "programs.csv", "--budget", SAMPLE / "budget.csv", "--limits", SAMPLE / "limits.csv")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- demo
def test_demo_prints_the_plan(tmp_path: Path) -> None:
    result = run(MODULE, "demo", "--gap", "0.01", "--no-explain", "--out", tmp_path / "plots", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Katalog: 50 program, 2022-2027" in out
    assert "GOV-01" in out  # a mandatory programme is listed in the plan
    assert "Rp " in out  # Indonesian money style by default
    assert "IDR " not in out
    assert re.search(r"\d,\d%", out)  # Indonesian decimal comma in percentages
    assert "plan.check(): ok" in out
    assert "Traceback" not in result.stderr
    # budget, timeline, baselines, marginal, continuity, and sources (the sample names funding sources),
    # then what the analyst hands on: the report for people and the workbook
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == sorted(
        [
            *(f"{n}.png" for n in ("budget", "timeline", "baselines", "marginal", "continuity", "sources")),
            "laporan.html",
            "rencana.xlsx",
        ]
    )
    page = (tmp_path / "plots" / "laporan.html").read_text(encoding="utf-8")
    assert "Ringkasan" in page and "Data ilustrasi, bukan angka resmi" in page and 'id="kemajuan"' in page
    assert f"laporan untuk pimpinan: {tmp_path / 'plots' / 'laporan.html'}" in out


@pytest.mark.skipif(SCRIPT is None, reason="the targetplan console script is not installed")
def test_demo_console_script_in_english(tmp_path: Path) -> None:
    result = run([str(SCRIPT)], "--lang", "en", "demo", "--gap", "0.01", "--no-explain", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Catalogue: 50 programmes, 2022-2027" in out
    assert "illustrative" in out
    assert "GOV-01" in out
    assert "IDR " in out
    assert "Rp " not in out
    assert re.search(r"\d\.\d%", out)
    assert "Traceback" not in result.stderr
    # plots, the report and the workbook go to out/demo under the working directory by default
    demo = tmp_path / "out" / "demo"
    assert len(list(demo.glob("*.png"))) == 6
    assert (demo / "plan.xlsx").is_file()
    assert "Summary" in (demo / "report.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- validate
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_validate_sample(entry: list[str], tmp_path: Path) -> None:
    result = run(entry, "validate", SAMPLE / "programs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 50 program, 2022-2027")  # Indonesian by default
    assert "18 lanjutan, 4 wajib, 1 dikecualikan" in result.stdout
    assert result.stderr == ""
    english = run(entry, "--lang", "en", "validate", SAMPLE / "programs.csv", cwd=tmp_path)
    assert english.stdout.startswith("ok: 50 programmes, 2022-2027")
    assert "18 continuing, 4 mandatory, 1 excluded" in english.stdout


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_validate_bad_file_lists_problems_without_traceback(entry: list[str], tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        "id,name,priority,cost_2024\nA,Alpha,-1,1000\nB,Beta,2,lima\nC,Gamma,2,1000\n",
    )
    result = run(entry, "validate", path, "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    err = result.stderr
    assert "Traceback" not in err
    assert err.startswith("error: 2 problems found in bad.csv")
    assert "row 2, id A, column 'priority': below 0" in err
    assert "row 3, id B, column 'cost_2024': not a number" in err
    assert "Fix:" in err


def test_validate_speaks_indonesian_by_default(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "id,name,priority,cost_2024\nA,Alpha,-1,1000\nB,Beta,2,lima\n")
    result = run(MODULE, "validate", path, cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr
    assert err.startswith("kesalahan: 2 masalah ditemukan di bad.csv (katalog program):")
    assert "baris 2, id A, kolom 'priority': di bawah 0" in err
    assert "baris 3, id B, kolom 'cost_2024': bukan angka (nilai: 'lima'). Perbaiki: tulis biaya dalam rupiah" in err


def test_every_problem_is_printed_not_the_first_25(tmp_path: Path) -> None:
    rows = "".join(f"P{i},n,-1,1000\n" for i in range(40))
    path = write(tmp_path / "many.csv", "id,name,priority,cost_2024\n" + rows)
    result = run(MODULE, "validate", path, "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("column 'priority': below 0") == 40
    assert "and 15 more" not in result.stderr


def test_validate_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(MODULE, "validate", tmp_path / "none.csv", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert "the catalogue file does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run(MODULE, "--debug", "validate", tmp_path / "none.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "CatalogValidationError" in result.stderr


def test_validate_excel_sheet_by_name(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "katalog.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="Catatan", index=False)
        pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1], "cost_2024": [1e9]}).to_excel(
            writer, sheet_name="Katalog", index=False
        )
    for sheet in ("Katalog", "1"):
        result = run(MODULE, "validate", path, "--sheet", sheet, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("ok: 1 program, 2024-2024")


# ---------------------------------------------------------------------------- plan
def test_plan_sample_with_budget_and_limits(tmp_path: Path) -> None:
    result = run(
        MODULE,
        "plan",
        *SAMPLE_INPUTS,
        "--gap",
        "0.01",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "GOV-01" in result.stdout
    assert "Rp " in result.stdout
    assert "Traceback" not in result.stderr


def test_plan_infeasible_exits_1(tmp_path: Path) -> None:
    catalog = write(
        tmp_path / "programs.csv",
        "id,name,priority,mandatory,cost_2024\nA,Command centre,5,true,5000000000\nB,Wifi,1,false,1000\n",
    )
    budget = write(tmp_path / "budget.csv", "year,ceiling\n2024,1000\n")
    result = run(MODULE, "plan", catalog, "--budget", budget, "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("no plan:")
    assert "mandatory" in result.stderr
    assert "2024" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_budget_years_mismatch_exits_2(tmp_path: Path) -> None:
    budget = write(tmp_path / "budget.csv", "year,ceiling\n2024,1000000000\n")
    result = run(MODULE, "plan", SAMPLE / "programs.csv", "--budget", budget, "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert "no ceiling for the catalogue years 2022-2023, 2025-2027" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_without_budget_is_a_usage_error(tmp_path: Path) -> None:
    result = run(MODULE, "plan", SAMPLE / "programs.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "--budget" in result.stderr


# ---------------------------------------------------------------------------- compare and replan
@pytest.mark.parametrize("workers", [None, "2"], ids=["serial", "two-workers"])
def test_compare_sample_under_two_scales(workers: str | None, tmp_path: Path) -> None:
    extra = ["--workers", workers] if workers else []
    result = run(
        MODULE,
        "compare",
        *SAMPLE_INPUTS,
        "--scale",
        "0.8,1.0",
        "--gap",
        "0.001",
        "--time-limit",
        "60",
        "--solver",
        "highs",
        *extra,
        "--out",
        "study.json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"(?m)^0\.8x\s+optimal", result.stdout) and re.search(r"(?m)^1x\s+optimal", result.stdout)
    study = tp.Study.from_json(tmp_path / "study.json")
    assert study.names == ["0.8x", "1x"]
    small, full = study["0.8x"].check(), study["1x"].check()
    assert small.total_value < full.total_value
    assert sum(small.budget.ceilings.values()) == pytest.approx(0.8 * sum(full.budget.ceilings.values()))
    assert small.options["mip_gap"] == 1e-3 and small.options["time_limit"] == 60


def test_compare_bad_scale_exits_2(tmp_path: Path) -> None:
    result = run(
        MODULE,
        "compare",
        SAMPLE / "programs.csv",
        "--budget",
        SAMPLE / "budget.csv",
        "--scale",
        "0.8,x",
        "--lang",
        "en",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--scale '0.8,x': give numbers separated by commas" in result.stderr
    assert "Traceback" not in result.stderr


def test_replan_sample_after_its_realisation(tmp_path: Path) -> None:
    first = run(
        MODULE,
        "plan",
        *SAMPLE_INPUTS,
        "--gap",
        "0.001",
        "--out",
        "plan.json",
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    result = run(
        MODULE,
        "replan",
        "plan.json",
        "--realisation",
        SAMPLE / "realisation.csv",
        "--from-year",
        "2024",
        "--gap",
        "0.001",
        "--time-limit",
        "60",
        "--solver",
        "cbc",
        "--out",
        "plan2024.json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    after = tp.read_plan(tmp_path / "plan2024.json").check()
    assert after.solver == "cbc" and after.options["time_limit"] == 60
    assert after.years == (2024, 2025, 2026, 2027)  # the remaining years, the past fixed by the realisation
    # the same as the Python call with the same options
    same = tp.replan(
        tp.read_plan(tmp_path / "plan.json"),
        SAMPLE / "realisation.csv",
        from_year=2024,
        mip_gap=1e-3,
        time_limit=60,
        solver="cbc",
    ).plan
    assert after.selected_ids == same.selected_ids
    assert after.total_value == pytest.approx(same.total_value)


# ---------------------------------------------------------------------------- help
@pytest.mark.parametrize(
    ("command", "options"),
    [
        ([], ["demo", "validate", "plan", "--lang", "--debug"]),
        (["demo"], ["--gap", "--out"]),
        (["validate"], ["catalog", "--sheet"]),
        (["plan"], ["catalog", "--budget", "--limits", "--reserve", "--gap", "--time-limit", "--solver"]),
        (["compare"], ["catalog", "--budget", "--limits", "--scale", "--gap", "--time-limit", "--solver", "--workers"]),
        (["replan"], ["plan", "--realisation", "--from-year", "--budget", "--gap", "--time-limit", "--solver"]),
    ],
    ids=["main", "demo", "validate", "plan", "compare", "replan"],
)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_help(entry: list[str], command: list[str], options: list[str], tmp_path: Path) -> None:
    result = run(entry, *command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: targetplan {' '.join(command)}".rstrip())
    for option in options:
        assert option in result.stdout
    assert "example" in result.stdout


def test_closed_stdout_has_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*MODULE, "validate", str(SAMPLE / "programs.csv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` exiting before the output is written
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert "Traceback" not in err
