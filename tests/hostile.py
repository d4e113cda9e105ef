"""A corpus of hostile inputs: what a careful new user and an attacker give targetplan.

Each case builds its files in a folder and names one command line or one API call, and
what must come of it: a clear targetplan error with exit code 2 (bad input) or 1 (no
plan), or a plan that keeps every rule to the rupiah. ``tests/test_hostile.py`` runs every
case; run this file to write the corpus to a folder and print the counts::

    python tests/hostile.py out/hostile
"""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

import targetplan as tp

#: Exit codes, as the command line gives them.
OK, NO_PLAN, BAD_INPUT = 0, 1, 2

CATALOG = (
    "id,name,priority,cost_2024,cost_2025,dimension,agency\n"
    "GOV-01,Command centre,5,1000000000,500000000,governance,Diskominfo\n"
    "GOV-10,Intranet,3,800000000,0,governance,Diskominfo\n"
    "SOC-01,Wifi publik,4,600000000,600000000,society,Diskominfo\n"
    "ECO-01,UMKM digital,2,400000000,400000000,economy,Dinkop\n"
)
BUDGET = "year,ceiling\n2024,2000000000\n2025,1000000000\n"
REALISATION = "id,year,spent,achieved\nGOV-01,2024,900000000,\nSOC-01,2024,600000000,\n"


@dataclass
class Action:
    """What a case does: a command line (arguments of ``targetplan``) or an API call; and a plan file to check."""

    cli: list[str] | None = None
    call: Callable[[], Any] | None = None
    plan_out: Path | None = None


@dataclass
class Case:
    """One hostile input: how it is built, the exit code it must give, and what the (English) message must say."""

    name: str
    build: Callable[[Path], Action]
    expect: int
    match: str = ""
    kind: str = "file"
    warns: type[Warning] | None = None
    notes: list[str] = field(default_factory=list)

    def with_catalogue(self, text: str) -> Case:
        """Return the same case on another catalogue (written over programs.csv after the case's own files)."""
        build = self.build

        def rebuilt(folder: Path) -> Action:
            action = build(folder)
            write(folder, "programs.csv", text)
            return action

        self.build = rebuilt
        return self


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def catalogue(**changes: Any) -> str:
    """The base catalogue with some cells or columns changed, as CSV text."""
    frame = pd.read_csv(io.StringIO(CATALOG), dtype=str, keep_default_na=False)
    for column, values in changes.items():
        frame[column] = values
    return frame.to_csv(index=False)


def workbook(folder: Path, name: str, sheets: dict[str, list[list[Any]]], merge: str | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if merge and title == list(sheets)[-1]:
            ws.merge_cells(merge)
    path = folder / name
    book.save(path)
    return path


def rows_of(text: str) -> list[list[Any]]:
    out: list[list[Any]] = []
    for line in text.strip().splitlines():
        cells: list[Any] = []
        for cell in line.split(","):
            try:
                cells.append(int(cell))
            except ValueError:
                cells.append(cell)
        out.append(cells)
    return out


def plan_cli(catalog: Path, budget: Path, *extra: str, out: Path | None = None) -> Action:
    args = ["plan", str(catalog), "--budget", str(budget), *extra]
    if out is not None:
        args += ["--out", str(out)]
    return Action(cli=args, plan_out=out if out is not None and out.suffix == ".json" else None)


def catalogue_case(name: str, text: str | bytes, expect: int, match: str = "", suffix: str = ".csv") -> Case:
    def build(folder: Path) -> Action:
        cat = write(folder, f"programs{suffix}", text)
        budget = write(folder, "budget.csv", BUDGET)
        return plan_cli(cat, budget, out=folder / "plan.json")

    return Case(name, build, expect, match)


def budget_case(name: str, text: str, expect: int, match: str = "", limits: str | None = None) -> Case:
    def build(folder: Path) -> Action:
        cat = write(folder, "programs.csv", CATALOG)
        budget = write(folder, "budget.csv", text)
        extra = ["--limits", str(write(folder, "limits.csv", limits))] if limits is not None else []
        return plan_cli(cat, budget, *extra, out=folder / "plan.json")

    return Case(name, build, expect, match, kind="budget")


def policy_case(name: str, text: str, expect: int, match: str = "", suffix: str = ".toml") -> Case:
    def build(folder: Path) -> Action:
        cat = write(folder, "programs.csv", CATALOG)
        budget = write(folder, "budget.csv", BUDGET)
        policy = write(folder, f"policy{suffix}", text)
        return plan_cli(cat, budget, "--policy", str(policy), out=folder / "plan.json")

    return Case(name, build, expect, match, kind="policy")


def saved_plan(folder: Path) -> dict[str, Any]:
    cat = tp.read_catalog(write(folder, "programs.csv", CATALOG))
    budget = tp.read_budget(write(folder, "budget.csv", BUDGET))
    return tp.optimize(cat, budget).to_dict()


def plan_file_case(
    name: str, tamper: Callable[[dict[str, Any]], Any], expect: int, match: str = "", command: str = "report"
) -> Case:
    def build(folder: Path) -> Action:
        data = tamper(saved_plan(folder))
        text = data if isinstance(data, str) else json.dumps(data)
        path = write(folder, "plan.json", text)
        if command == "report":
            return Action(cli=["report", str(path), "--no-marginal", "--no-baselines"])
        real = write(folder, "realisation.csv", REALISATION)
        return Action(cli=["replan", str(path), "--realisation", str(real), "--from-year", "2025"])

    return Case(name, build, expect, match, kind="plan file")


def replan_case(name: str, realisation: str, expect: int, match: str = "") -> Case:
    def build(folder: Path) -> Action:
        path = write(folder, "plan.json", json.dumps(saved_plan(folder)))
        real = write(folder, "realisation.csv", realisation)
        out = folder / "plan2025.json"
        args = ["replan", str(path), "--realisation", str(real), "--from-year", "2025", "--out", str(out)]
        return Action(cli=args, plan_out=out)

    return Case(name, build, expect, match, kind="realisation")


def api_case(name: str, call: Callable[[Path], Any], expect: int, match: str = "", warns: Any = None) -> Case:
    def build(folder: Path) -> Action:
        return Action(call=lambda: call(folder))

    return Case(name, build, expect, match, kind="api", warns=warns)


def out_case(name: str, make: Callable[[Path], list[str]], match: str) -> Case:
    def build(folder: Path) -> Action:
        return Action(cli=make(folder))

    return Case(name, build, BAD_INPUT, match, kind="output path")


# ---------------------------------------------------------------------------------------------- helpers
def real_workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    pd.read_csv(io.StringIO(CATALOG)).to_excel(buffer, index=False)
    return buffer.getvalue()


def three(unit: float, ceiling: float, **extra: Any) -> tuple[tp.Catalog, tp.Budget]:
    rows = [{"id": p, "name": p, "priority": 1, "cost_2024": unit, **extra} for p in "ABC"]
    return tp.Catalog.from_frame(pd.DataFrame(rows)), tp.Budget(ceilings={2024: ceiling})


def set_cost(data: dict[str, Any], value: Any) -> dict[str, Any]:
    data["result"]["costs"]["data"][0][0] = value
    return data


def set_level(data: dict[str, Any], value: Any) -> dict[str, Any]:
    data["result"]["levels"]["data"][0][0] = value
    return data


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def renstra_matrix(folder: Path) -> Path:
    return workbook(
        folder,
        "renstra.xlsx",
        {"Renstra": [["kode_sub_giat", "nama_sub_giat", "pagu_1", "target_1"], ["2.16.03.2.02.0014", "Intra", 5, 1]]},
    )


def cases() -> list[Case]:
    """Every case of the corpus."""
    out: list[Case] = []
    add = out.append
    # ---------------------------------------------------------------- catalogue files: reading
    add(catalogue_case("empty file", "", BAD_INPUT, "the catalogue file is empty"))
    add(catalogue_case("blank lines only", "\n\n  \n", BAD_INPUT, "the catalogue file is empty"))
    add(catalogue_case("header only", "id,name,priority,cost_2024\n", BAD_INPUT, "has no data rows"))
    add(catalogue_case("latin-1 text", CATALOG.replace("Wifi", "Wifi é").encode("latin-1"), BAD_INPUT, "not UTF-8"))
    add(catalogue_case("tab separated", CATALOG.replace(",", "\t"), BAD_INPUT, "separated by tabs"))
    add(catalogue_case("pipe separated", CATALOG.replace(",", "|"), BAD_INPUT, "separated by the bar"))
    add(
        catalogue_case(
            "unquoted comma in a name",
            CATALOG.replace("Wifi publik", "Wifi, publik"),
            BAD_INPUT,
            "rows 4 have more cells than the header",
        )
    )
    add(catalogue_case("NUL bytes", CATALOG.replace("Wifi", "Wi\x00fi"), BAD_INPUT, "NUL characters"))
    add(catalogue_case("title row above the header", "Katalog Program 2024-2025\n" + CATALOG, OK))
    add(catalogue_case("notes and a title above the header", "Katalog\nDisusun Bappeda\n\n" + CATALOG, OK))
    add(catalogue_case("blank spreadsheet rows", CATALOG.replace("\nSOC", "\n,,,,,,\nSOC"), OK))
    add(catalogue_case("a CSV named .xlsx", CATALOG, BAD_INPUT, r"named \.xlsx but holds text", ".xlsx"))
    add(catalogue_case("an HTML page named .xls", "<html><table></table></html>", BAD_INPUT, "HTML page", ".xls"))
    add(catalogue_case("old Excel .xls", b"\xd0\xcf\x11\xe0" + b"\0" * 600, BAD_INPUT, r"old Excel format", ".xls"))
    add(
        catalogue_case("zip that is no workbook", b"PK\x03\x04garbage" * 20, BAD_INPUT, "damaged or cut short", ".xlsx")
    )
    add(
        catalogue_case(
            "truncated workbook",
            real_workbook_bytes()[:700],
            BAD_INPUT,
            "damaged or cut short",
            ".xlsx",
        )
    )
    add(catalogue_case("a workbook named .csv", real_workbook_bytes(), OK))
    add(catalogue_case("a .json catalogue", "{}", BAD_INPUT, r"a \.json file is not a catalogue table", ".json"))

    def missing(folder: Path) -> Action:
        return plan_cli(folder / "nowhere.csv", write(folder, "budget.csv", BUDGET))

    add(Case("catalogue file missing", missing, BAD_INPUT, "the catalogue file does not exist"))

    def folder_given(folder: Path) -> Action:
        (folder / "katalog").mkdir()
        return plan_cli(folder / "katalog", write(folder, "budget.csv", BUDGET))

    add(Case("a folder as catalogue", folder_given, BAD_INPUT, "is a folder, not a file"))

    def cover_sheet(folder: Path) -> Action:
        path = workbook(
            folder, "programs.xlsx", {"Sampul": [["Katalog Program"], ["Kota Bogor"]], "Katalog": rows_of(CATALOG)}
        )
        return plan_cli(path, write(folder, "budget.csv", BUDGET))

    add(Case("cover sheet before the data", cover_sheet, BAD_INPUT, "the sheet 'Katalog' does"))

    def merged(folder: Path) -> Action:
        rows = rows_of(CATALOG)
        rows[2][6] = None  # agency of GOV-10 left to a merge with the row above
        path = workbook(folder, "programs.xlsx", {"Katalog": rows}, merge="G2:G3")
        return plan_cli(path, write(folder, "budget.csv", BUDGET))

    add(Case("merged cells blank out a row", merged, BAD_INPUT, "merged cells inside the table: G2:G3"))

    def text_amount(folder: Path) -> Action:
        rows = rows_of(CATALOG)
        rows[1][3] = "750.000"
        path = workbook(folder, "programs.xlsx", {"Katalog": rows})
        return plan_cli(path, write(folder, "budget.csv", BUDGET))

    add(Case("750.000 as a text cell of a workbook", text_amount, BAD_INPUT, "could mean 750 or 750000"))

    def number_cells(folder: Path) -> Action:
        path = workbook(folder, "programs.xlsx", {"Katalog": rows_of(CATALOG)})
        return plan_cli(path, write(folder, "budget.csv", BUDGET), out=folder / "plan.json")

    add(Case("a workbook with number cells", number_cells, OK))

    def formula(folder: Path) -> Action:
        rows = rows_of(CATALOG)
        rows[1][3] = "=2*500000000"
        path = workbook(folder, "programs.xlsx", {"Katalog": rows})
        return plan_cli(path, write(folder, "budget.csv", BUDGET))

    add(Case("a formula never calculated", formula, BAD_INPUT, "a formula without a value"))

    # ---------------------------------------------------------------- catalogue: numbers
    add(catalogue_case("750.000 in a comma file", catalogue(cost_2024=["750.000"] * 4), BAD_INPUT, "could mean 750"))
    add(
        catalogue_case("priority 1.500 in a comma file", catalogue(priority=["1.500"] * 4), BAD_INPUT, "could mean 1.5")
    )
    semicolon = CATALOG.replace(",", ";")
    add(catalogue_case("semicolon file, Indonesian numbers", semicolon.replace("1000000000", "1.000.000.000"), OK))
    add(
        catalogue_case(
            "semicolon file, decimal dot",
            semicolon.replace(";5;", ";5.5;"),
            BAD_INPUT,
            "not a number",
        )
    )
    add(catalogue_case("quoted decimal comma", CATALOG.replace(",5,", ',"5,5",'), OK))
    add(catalogue_case("priority as a word", catalogue(priority=["tinggi", "3", "4", "2"]), BAD_INPUT, "not a number"))
    add(catalogue_case("negative priority", catalogue(priority=["-5", "3", "4", "2"]), BAD_INPUT, "below 0"))
    add(catalogue_case("infinite priority", catalogue(priority=["inf", "3", "4", "2"]), BAD_INPUT, "infinite value"))
    add(catalogue_case("priority nan", catalogue(priority=["nan", "3", "4", "2"]), BAD_INPUT, "not a number"))
    add(
        catalogue_case(
            "a priority the solver cannot tell from 0",
            catalogue(priority=["5", "3", "0.0000000001", "2"]),
            BAD_INPUT,
            "too small next to the largest priority",
        )
    )
    add(
        catalogue_case(
            "every priority tiny",
            catalogue(priority=["1e-12", "2e-12", "3e-12", "4e-12"]),
            BAD_INPUT,
            "every priority is below",
        )
    )
    add(catalogue_case("negative cost", catalogue(cost_2025=["-5", "0", "0", "0"]), BAD_INPUT, "below 0"))
    add(catalogue_case("cost as a word", catalogue(cost_2025=["lima", "0", "0", "0"]), BAD_INPUT, "not a number"))
    add(catalogue_case("cost with Rp", catalogue(cost_2025=["Rp 5", "0", "0", "0"]), BAD_INPUT, "not a number"))
    add(catalogue_case("cost 1e400", catalogue(cost_2025=["1e400", "0", "0", "0"]), BAD_INPUT, "infinite value"))
    add(catalogue_case("a formula typed in a CSV", catalogue(cost_2025=["=A1*2", "0", "0", "0"]), BAD_INPUT, "formula"))
    add(
        catalogue_case(
            "no cost at all", catalogue(cost_2024=["0"] * 4, cost_2025=[""] * 4), BAD_INPUT, "no programme costs"
        )
    )

    # ---------------------------------------------------------------- catalogue: columns
    only_sources = "id,name,priority,cost_2024_BAN_PROV,cost_2025_BAN_PROV\nA,a,1,1000,1000\nB,b,2,900,0\n"
    add(catalogue_case("only funding-source columns", only_sources, OK))
    add(
        catalogue_case(
            "a source with a hyphen and a total",
            "id,name,priority,cost_2024,cost_2024_DAK-FISIK,cost_2025\nA,a,1,100,1000,5\n",
            BAD_INPUT,
            "differs from the sum of its sources",
        )
    )
    add(
        catalogue_case(
            "LOGOS-style source unit_1",
            "id,name,priority,cost_2024_unit_1,cost_2025_unit_1\nA,a,1,1000,1000\n",
            OK,
        )
    )
    add(
        catalogue_case(
            "a source with a slash",
            "id,name,priority,cost_2024_DAK/FISIK,cost_2025\nA,a,1,1000,5\n",
            BAD_INPUT,
            "looks like a schedule column|characters other than letters",
        )
    )
    add(
        catalogue_case(
            "costs_2024 typo", CATALOG.replace("cost_2024", "costs_2024"), BAD_INPUT, "looks like a schedule"
        )
    )
    add(catalogue_case("cost_24", CATALOG.replace("cost_2024", "cost_24"), BAD_INPUT, "looks like a schedule"))
    add(catalogue_case("cots_2024 typo", CATALOG.replace("cost_2024", "cots_2024"), BAD_INPUT, "looks like a schedule"))
    add(
        catalogue_case(
            "costs in millions",
            CATALOG.replace("cost_2024", "Biaya 2024 (Rp juta)"),
            BAD_INPUT,
            "looks like a schedule",
        )
    )
    add(catalogue_case("a header in rupiah", CATALOG.replace("cost_2024", "Pagu 2024 (Rp)"), OK))
    add(
        catalogue_case(
            "a year 1024", CATALOG.replace("cost_2024", "cost_1024"), BAD_INPUT, "1024 is not a planning year"
        )
    )
    add(catalogue_case("a year typo 2042", CATALOG.replace("cost_2025", "cost_2042"), BAD_INPUT, "no ceiling for"))
    add(
        catalogue_case(
            "priority and prioritas", CATALOG.replace(",dimension", ",prioritas"), BAD_INPUT, "duplicated column"
        )
    )
    add(catalogue_case("prioirty typo", CATALOG.replace("priority", "prioirty"), BAD_INPUT, "did you mean 'priority'"))
    add(catalogue_case("no id column", CATALOG.replace("id,", "kode_x,", 1), BAD_INPUT, "required column 'id'"))
    add(catalogue_case("fullwidth headers", CATALOG.replace("priority", "ｐｒｉｏｒｉｔｙ"), OK))
    add(catalogue_case("a BOM and a zero-width space in headers", "\ufeffid,na\u200bme" + CATALOG[7:], OK))

    # ---------------------------------------------------------------- catalogue: ids
    add(catalogue_case("duplicate id", catalogue(id=["A", "A", "B", "C"]), BAD_INPUT, "duplicate id"))
    add(
        catalogue_case(
            "id and id with zero-width space", catalogue(id=["A", "A\u200b", "B", "C"]), BAD_INPUT, "duplicate id"
        )
    )
    add(
        catalogue_case(
            "Café in NFC and NFD", catalogue(id=["Caf\u00e9", "Cafe\u0301", "B", "C"]), BAD_INPUT, "duplicate id"
        )
    )
    add(catalogue_case("fullwidth id", catalogue(id=["A", "\uff21", "B", "C"]), BAD_INPUT, "id looks like"))
    add(catalogue_case("ids in two cases", catalogue(id=["gov-01", "GOV-01", "B", "C"]), BAD_INPUT, "id looks like"))
    add(catalogue_case("missing id", catalogue(id=["", "A", "B", "C"]), BAD_INPUT, "missing id"))
    add(catalogue_case("missing name", catalogue(name=["", "a", "b", "c"]), BAD_INPUT, "missing name"))
    add(
        catalogue_case(
            "requires a look-alike id",
            catalogue(requires=["", "", "GOV-1O", ""]),
            BAD_INPUT,
            "did you mean 'GOV-10'",
        )
    )
    add(
        catalogue_case(
            "requires itself", catalogue(requires=["GOV-01", "", "", ""]), BAD_INPUT, "cannot require itself"
        )
    )
    add(
        catalogue_case(
            "requires cycle", catalogue(requires=["GOV-10", "SOC-01", "GOV-01", ""]), BAD_INPUT, "forms a cycle"
        )
    )
    add(
        catalogue_case(
            "mandatory requires an excluded one",
            catalogue(requires=["", "", "GOV-01", ""], excluded=["true", "", "", ""], mandatory=["", "", "ya", ""]),
            BAD_INPUT,
            "this mandatory programme requires GOV-01, which is excluded",
        )
    )

    # ---------------------------------------------------------------- catalogue: other cells
    add(catalogue_case("unknown status", catalogue(status=["lanjut", "", "", ""]), BAD_INPUT, "unknown carry-over"))
    add(catalogue_case("unknown mode", catalogue(mode=["partial", "", "", ""]), BAD_INPUT, "unknown mode"))
    add(
        catalogue_case(
            "min_level above 1", catalogue(mode=["scalable"] * 4, min_level=["1.5", "", "", ""]), BAD_INPUT, "above 1"
        )
    )
    add(catalogue_case("min_level for whole", catalogue(min_level=["0.5", "", "", ""]), BAD_INPUT, "runs at level 1"))
    add(catalogue_case("mandatory maybe", catalogue(mandatory=["maybe", "", "", ""]), BAD_INPUT, "not a yes/no"))
    add(
        catalogue_case(
            "mandatory and excluded",
            catalogue(mandatory=["ya", "", "", ""], excluded=["ya", "", "", ""]),
            BAD_INPUT,
            "both mandatory and excluded",
        )
    )
    add(catalogue_case("start as a word", catalogue(earliest_start=["soon", "", "", ""]), BAD_INPUT, "not a number"))
    add(
        catalogue_case(
            "start outside the horizon",
            catalogue(earliest_start=["2030", "", "", ""]),
            BAD_INPUT,
            "outside the horizon",
        )
    )
    add(
        catalogue_case(
            "latest before earliest",
            catalogue(
                earliest_start=["2025", "", "", ""], latest_start=["2024", "", "", ""], cost_2024=["0", "8", "6", "4"]
            ),
            BAD_INPUT,
            "latest_start is before earliest_start",
        )
    )
    add(
        catalogue_case(
            "spends before its earliest start",
            catalogue(earliest_start=["2025", "", "", ""]),
            BAD_INPUT,
            "the schedule spends in 2024",
        )
    )
    add(
        catalogue_case(
            "two mandatory in one exclusive group",
            catalogue(exclusive_group=["X", "X", "", ""], mandatory=["ya", "ya", "", ""]),
            BAD_INPUT,
            "has 2 mandatory programmes",
        )
    )
    add(
        catalogue_case(
            "group_required without a group", catalogue(group_required=["ya", "", "", ""]), BAD_INPUT, "group_required"
        )
    )
    add(catalogue_case("a malformed code", catalogue(code=["2.16.3", "", "", ""]), BAD_INPUT, "should have 2 digit"))
    add(catalogue_case("unknown target kind", catalogue(target_kind=["naik", "", "", ""]), BAD_INPUT, "unknown kind"))
    add(catalogue_case("decimals 1.5", catalogue(target_decimals=["1.5", "", "", ""]), BAD_INPUT, "not a whole number"))
    add(
        catalogue_case(
            "mandatory programmes above the ceiling",
            catalogue(mandatory=["ya", "ya", "ya", "ya"]),
            NO_PLAN,
            "mandatory programmes alone",
        )
    )

    add(
        catalogue_case(
            "two mandatory, room for one a year",
            catalogue(mandatory=["ya", "ya", "", ""], cost_2024=["1500000000", "1500000000", "1", "1"]),
            NO_PLAN,
            "mandatory programmes alone",
        )
    )

    # ---------------------------------------------------------------- budget and limits files
    add(budget_case("no year column", "tahunan,pagu\n2024,1\n", BAD_INPUT, "required column 'year' is missing"))
    add(budget_case("header Pagu (Rp)", "Tahun,Pagu (Rp)\n2024,2000000000\n2025,1000000000\n", OK))
    add(
        budget_case(
            "header Pagu (Rp juta)",
            "Tahun,Pagu (Rp juta)\n2024,2000\n2025,1000\n",
            BAD_INPUT,
            r"required column 'ceiling' is missing \(the headers read: Tahun, Pagu \(Rp juta\)\)",
        )
    )
    add(budget_case("year 20260000", "year,ceiling\n2024,5\n20260000,5\n", BAD_INPUT, "not a year"))
    add(budget_case("year 2 000 000 000", "year,ceiling\n2024,5\n2000000000,5\n", BAD_INPUT, "not a year"))
    add(budget_case("negative ceiling", "year,ceiling\n2024,-5\n2025,5\n", BAD_INPUT, "not an amount of 0 or more"))
    add(budget_case("ceiling as a word", "year,ceiling\n2024,banyak\n2025,5\n", BAD_INPUT, "not a number"))
    add(budget_case("ceiling nan", "year,ceiling\n2024,nan\n2025,5\n", BAD_INPUT, "not a number"))
    add(budget_case("year twice", "year,ceiling\n2024,5\n2024,6\n2025,5\n", BAD_INPUT, "year given twice"))
    add(budget_case("a year missing", "year,ceiling\n2024,5\n2026,5\n", BAD_INPUT, "ceilings skip the years 2025"))
    add(budget_case("ceiling 750.000", "year,ceiling\n2024,750.000\n2025,5\n", BAD_INPUT, "could mean 750"))
    add(
        budget_case(
            "budget one year short",
            "year,ceiling\n2024,5000000000\n",
            BAD_INPUT,
            "no ceiling for the catalogue years 2025",
        )
    )
    add(
        budget_case(
            "source ceiling for an unknown source",
            BUDGET + "2024,5,DAK\n".replace("2024,5,DAK", "2024,5,DAK"),
            BAD_INPUT,
            "",
        )
    )
    limits_head = "group_by,group,year,cap,floor,as_share\n"
    add(
        budget_case(
            "limit on an unknown column",
            BUDGET,
            BAD_INPUT,
            r"row limits\.csv:2.*the catalogue has no column 'dimensi_x'",
            limits_head + "dimensi_x,governance,,0.5,,true\n",
        )
    )
    add(
        budget_case(
            "limit on a misspelt group",
            BUDGET,
            BAD_INPUT,
            r"limits\.csv:3.*no programme has dimension = 'goverment'",
            limits_head + "dimension,society,,0.9,,true\ndimension,goverment,,0.5,,true\n",
        )
    )
    add(
        budget_case(
            "share cap 40",
            BUDGET,
            BAD_INPUT,
            "is a share and must be at most 1",
            limits_head + "dimension,governance,,40,,true\n",
        )
    )
    add(
        budget_case(
            "floor above cap", BUDGET, BAD_INPUT, "is above cap", limits_head + "dimension,governance,,5,9,false\n"
        )
    )
    add(
        budget_case(
            "limit year outside",
            BUDGET,
            BAD_INPUT,
            "outside the horizon",
            limits_head + "dimension,governance,2030,5,,false\n",
        )
    )
    add(
        budget_case(
            "as_share maybe", BUDGET, BAD_INPUT, "not a yes/no value", limits_head + "dimension,governance,,5,,maybe\n"
        )
    )
    add(
        budget_case(
            "limits without group",
            BUDGET,
            BAD_INPUT,
            "required column 'group' is missing",
            "group_by,cap\ndimension,5\n",
        )
    )
    add(
        budget_case(
            "floor above the ceiling",
            BUDGET,
            NO_PLAN,
            "the floor for dimension governance",
            limits_head + "dimension,governance,2025,,3000000000,false\n",
        )
    )
    add(
        budget_case(
            "cap 10 000 below three whole programmes",
            "year,ceiling\n2024,1800000000\n2025,1500000000\n",
            OK,
            "",
            limits_head + "agency,Diskominfo,2024,1799990000,,false\n",
        )
    )

    # ---------------------------------------------------------------- policy files
    add(policy_case("count_caps = 5", "count_caps = 5\n", BAD_INPUT, "count_caps must be a list of tables"))
    add(policy_case("terms as text", 'terms = "2024-2025"\n', BAD_INPUT, "terms must be a list of tables"))
    add(policy_case("a boolean floor", "continuity_floor = true\n", BAD_INPUT, "true/false where a number is expected"))
    add(policy_case("floor 70", "continuity_floor = 70\n", BAD_INPUT, "less than or equal to 1"))
    term = '[[terms]]\nname = "{0}"\nstart = {1}\nend = {2}\n'
    add(
        policy_case(
            "overlapping terms", term.format("a", 2024, 2025) + term.format("b", 2025, 2025), BAD_INPUT, "overlap"
        )
    )
    add(
        policy_case(
            "terms not covering",
            term.format("a", 2024, 2024),
            BAD_INPUT,
            "the terms do not cover the horizon 2024-2025",
        )
    )
    add(policy_case("commitment cap, one term", "commitment_cap = 0.4\n", BAD_INPUT, "needs at least two terms"))
    add(policy_case("unknown key", "continuity_flor = 0.5\n", BAD_INPUT, "Extra inputs are not permitted"))
    add(policy_case("bad TOML", "continuity_floor = = 1\n", BAD_INPUT, "could not be read"))
    add(policy_case("a JSON list", "[1, 2]", BAD_INPUT, "must hold a table of settings", ".json"))
    add(policy_case("deep JSON", nested(100000), BAD_INPUT, "could not be read", ".json"))
    add(policy_case("a YAML policy", "continuity_floor: 0.5\n", BAD_INPUT, "unknown policy file type", ".yaml"))
    add(
        policy_case(
            "term start soon and a bad cap, all at once",
            '[[terms]]\nname = "a"\nstart = "soon"\nend = 2025\n[[count_caps]]\nmax_new = -1\n',
            BAD_INPUT,
            r"terms\[0\]\.start(.|\n)*count_caps\[0\]\.max_new",
        )
    )
    add(
        policy_case(
            "count cap by an unknown column",
            '[[count_caps]]\ngroup_by = "opd_x"\nmax_new = 1\n',
            BAD_INPUT,
            "which the catalogue does not have",
        )
    )
    add(
        policy_case(
            "an unreachable continuity floor",
            "continuity_floor = 1.0\n",
            NO_PLAN,
            r"continuity floor is out of reach|ceiling \(less reserve\) would have to rise",
        ).with_catalogue(catalogue(status=["lanjutan", "lanjutan", "lanjutan", ""]))
    )
    add(
        policy_case(
            "two mandatory under a count cap of one",
            "[[count_caps]]\nmax_running = 1\n",
            NO_PLAN,
            "more programme",
        ).with_catalogue(catalogue(mandatory=["", "ya", "", "ya"]))
    )
    add(
        policy_case(
            "a sound policy", "commitment_cap = 0.9\n" + term.format("a", 2024, 2024) + term.format("b", 2025, 2025), OK
        )
    )

    # ---------------------------------------------------------------- plan files
    add(plan_file_case("plan: deep nesting", lambda d: nested(100000), BAD_INPUT, "nests too deeply|not valid JSON"))
    add(plan_file_case("plan: not JSON", lambda d: "{plan", BAD_INPUT, "not valid JSON"))
    add(plan_file_case("plan: a JSON list", lambda d: [d], BAD_INPUT, "not a targetplan plan object"))
    add(
        plan_file_case(
            "plan: null cost", lambda d: set_cost(d, None), BAD_INPUT, "does not agree with its stored inputs"
        )
    )
    add(
        plan_file_case(
            "plan: NaN level", lambda d: set_level(d, None), BAD_INPUT, "does not agree with its stored inputs"
        )
    )
    add(
        plan_file_case(
            "plan: half a whole programme", lambda d: set_level(d, 0.5), BAD_INPUT, "does not agree with its stored"
        )
    )
    add(
        plan_file_case(
            "plan: cost 10 000 more",
            lambda d: set_cost(d, d["result"]["costs"]["data"][0][0] + 1e4),
            BAD_INPUT,
            "cost in 2024",
        )
    )

    def unknown_dtype(d: dict[str, Any]) -> dict[str, Any]:
        d["result"]["levels"]["dtypes"][0] = "quaternion"
        return d

    add(plan_file_case("plan: unknown dtype", unknown_dtype, BAD_INPUT, "unknown column type"))

    def big_int(d: dict[str, Any]) -> dict[str, Any]:
        d["inputs"]["catalog"]["years"] = [2024, 10**30]
        return d

    add(plan_file_case("plan: a year too large", big_int, BAD_INPUT, "planning years"))

    def big_cell(d: dict[str, Any]) -> dict[str, Any]:
        d["result"]["selection"]["dtypes"][d["result"]["selection"]["columns"]["values"].index("start_year")] = "int64"
        col = d["result"]["selection"]["columns"]["values"].index("start_year")
        d["result"]["selection"]["data"][col][0] = 10**30
        return d

    add(plan_file_case("plan: an integer too large", big_cell, BAD_INPUT, "too large|not a whole number"))

    def huge_range(d: dict[str, Any]) -> dict[str, Any]:
        d["result"]["levels"]["index"] = {"name": "id", "range": [0, 10**30, 1]}
        return d

    add(plan_file_case("plan: a range too large", huge_range, BAD_INPUT, "range too large"))

    def bad_stability(d: dict[str, Any]) -> dict[str, Any]:
        d["result"]["stability"] = {"changes": {"set": [1]}}
        return d

    add(plan_file_case("plan: malformed stability", bad_stability, BAD_INPUT, "result.stability"))

    def newer(d: dict[str, Any]) -> dict[str, Any]:
        d["version"] = 99
        return d

    add(plan_file_case("plan: a newer format", newer, BAD_INPUT, "newer than this targetplan"))
    add(plan_file_case("replan: null cost", lambda d: set_cost(d, None), BAD_INPUT, "does not agree", command="replan"))

    # ---------------------------------------------------------------- realisation for a re-plan
    add(
        replan_case(
            "realisation in thousands",
            "id,year,spent\nSOC-01,2024,60000000000000\n",
            BAD_INPUT,
            "times the planned cost",
        )
    )
    add(replan_case("realisation without rows", "id,year,spent\n", BAD_INPUT, "has no data rows"))

    def missing_year(folder: Path) -> Any:
        cat = tp.Catalog.from_frame(pd.read_csv(io.StringIO(CATALOG)).assign(cost_2026=1e8))
        plan = tp.optimize(cat, tp.Budget(ceilings={2024: 2e9, 2025: 1e9, 2026: 1e9}))
        return tp.replan(plan, pd.DataFrame({"id": ["SOC-01"], "year": [2024], "spent": [6e8]}), from_year=2026)

    add(
        api_case(
            "realisation missing a past year", missing_year, BAD_INPUT, "no realisation for 2025, a year before 2026"
        )
    )
    add(replan_case("realisation with capaian", "kode,tahun,realisasi,capaian\nGOV-01,2024,900000000,\n", OK))
    add(
        replan_case(
            "realisation for the re-planned year", REALISATION + "GOV-01,2025,1,\n", BAD_INPUT, "being re-planned"
        )
    )
    add(
        replan_case(
            "realisation for an unknown id", REALISATION + "GOV-1O,2024,1,\n", BAD_INPUT, "did you mean 'GOV-10'"
        )
    )
    add(
        replan_case(
            "realisation with id and kode", "id,kode,year,spent\nGOV-01,GOV-01,2024,5\n", BAD_INPUT, "duplicated column"
        )
    )
    add(replan_case("realisation spent as a word", "id,year,spent\nGOV-01,2024,banyak\n", BAD_INPUT, "not a number"))
    add(replan_case("realisation year 20240", "id,year,spent\nGOV-01,20240,5\n", BAD_INPUT, "not a year"))

    # ---------------------------------------------------------------- output paths
    def out_is_catalogue(folder: Path) -> list[str]:
        cat = workbook(folder, "cat.xlsx", {"Katalog": rows_of(CATALOG)})
        return ["plan", str(cat), "--budget", str(write(folder, "budget.csv", BUDGET)), "--out", str(cat)]

    add(out_case("--out is the catalogue", out_is_catalogue, "is the catalog file being read"))

    def out_is_budget(folder: Path) -> list[str]:
        cat, budget = write(folder, "programs.csv", CATALOG), write(folder, "budget.csv", BUDGET)
        return ["plan", str(cat), "--budget", str(budget), "--out", str(folder / "." / "budget.csv")]

    add(out_case("--out is the budget", out_is_budget, "is the budget file being read|CSV output is a folder"))

    def out_blank(folder: Path) -> list[str]:
        cat, budget = write(folder, "programs.csv", CATALOG), write(folder, "budget.csv", BUDGET)
        return ["plan", str(cat), "--budget", str(budget), "--out", ""]

    add(out_case("--out blank", out_blank, "--out is blank"))

    def out_under_a_file(folder: Path) -> list[str]:
        cat, budget = write(folder, "programs.csv", CATALOG), write(folder, "budget.csv", BUDGET)
        return ["plan", str(cat), "--budget", str(budget), "--out", str(cat / "plan.xlsx")]

    add(out_case("--out under a file", out_under_a_file, "is a file, so no folder can be made there"))

    def out_report_is_plan(folder: Path) -> list[str]:
        path = write(folder, "plan.json", json.dumps(saved_plan(folder)))
        return ["report", str(path), "--out", str(path)]

    add(out_case("report --out is the plan", out_report_is_plan, "is the plan file being read"))

    def out_import_is_matrix(folder: Path) -> list[str]:
        matrix = renstra_matrix(folder)
        return ["import", str(matrix), "--first-year", "2025", "--out", str(matrix)]

    add(
        out_case("import --out is the matrix", out_import_is_matrix, "is the matrix file being read|that is the matrix")
    )

    def out_folder_is_file(folder: Path) -> list[str]:
        cat, budget = write(folder, "programs.csv", CATALOG), write(folder, "budget.csv", BUDGET)
        write(folder, "tables", "not a folder")
        return ["plan", str(cat), "--budget", str(budget), "--out", str(folder / "tables")]

    add(out_case("--out folder is a file", out_folder_is_file, "CSV output is a folder"))

    # ---------------------------------------------------------------- API calls
    def base(folder: Path) -> tuple[tp.Catalog, tp.Budget]:
        return tp.read_catalog(write(folder, "programs.csv", CATALOG)), tp.read_budget(
            write(folder, "budget.csv", BUDGET)
        )

    add(
        api_case(
            "optimize(DataFrame)",
            lambda f: tp.optimize(pd.read_csv(io.StringIO(CATALOG)), base(f)[1]),
            BAD_INPUT,
            "catalog must be a Catalog",
        )
    )
    add(
        api_case(
            "optimize(path)",
            lambda f: tp.optimize(str(f / "x.csv"), base(f)[1]),
            BAD_INPUT,
            "catalog must be a Catalog",
        )
    )
    add(
        api_case(
            "optimize(budget dict)",
            lambda f: tp.optimize(base(f)[0], {2024: 1e9}),
            BAD_INPUT,
            "budget must be a Budget",
        )
    )
    add(
        api_case("optimize(mip_gap text)", lambda f: tp.optimize(*base(f), mip_gap="0.1"), BAD_INPUT, "mip_gap must be")
    )
    add(
        api_case(
            "with_ceilings NaN", lambda f: base(f)[1].with_ceilings({2024: float("nan")}), BAD_INPUT, "must be finite"
        )
    )
    add(
        api_case(
            "with_ceilings text",
            lambda f: base(f)[1].with_ceilings({2024: "x"}),
            BAD_INPUT,
            "Input should be a valid number",
        )
    )
    add(
        api_case(
            "with_ceilings a list", lambda f: base(f)[1].with_ceilings([1e9]), BAD_INPUT, "ceilings must be a mapping"
        )
    )
    add(
        api_case(
            "Budget year 20260000",
            lambda f: tp.Budget(ceilings={2024: 1, 20260000: 1}),
            BAD_INPUT,
            "not a planning year",
        )
    )
    add(
        api_case(
            "Budget year 2e9",
            lambda f: tp.Budget(ceilings={2024: 1, 2_000_000_000: 1}),
            BAD_INPUT,
            "not a planning year",
        )
    )
    add(api_case("scale('0.9')", lambda f: base(f)[1].scale("0.9"), BAD_INPUT, "must be a number"))
    add(api_case("frontier scales='0.9'", lambda f: tp.frontier(*base(f), scales="0.9"), BAD_INPUT, "list of numbers"))
    add(api_case("frontier scales=[-1]", lambda f: tp.frontier(*base(f), scales=[-1]), BAD_INPUT, "non-negative"))
    frame = pd.read_csv(io.StringIO(CATALOG))
    add(
        api_case(
            "horizon='2024-2026'",
            lambda f: tp.Catalog.from_frame(frame, horizon="2024-2026"),
            BAD_INPUT,
            "horizon must be",
        )
    )
    add(
        api_case(
            "horizon=(2024,)", lambda f: tp.Catalog.from_frame(frame, horizon=(2024,)), BAD_INPUT, "horizon must be"
        )
    )
    add(
        api_case(
            "horizon=(2024, 20260)",
            lambda f: tp.Catalog.from_frame(frame, horizon=(2024, 20260)),
            BAD_INPUT,
            "planning years",
        )
    )
    add(
        api_case(
            "Catalog.from_frame(list)", lambda f: tp.Catalog.from_frame([1, 2]), BAD_INPUT, "must be a pandas DataFrame"
        )
    )
    add(api_case("Policy(terms='2024-2026')", lambda f: tp.Policy(terms="2024-2026"), BAD_INPUT, "must be a list"))
    add(api_case("Policy(continuity_floor=True)", lambda f: tp.Policy(continuity_floor=True), BAD_INPUT, "true/false"))
    add(api_case("Term(2025, 'x', 2024)", lambda f: tp.Term("a", "x", 2024), BAD_INPUT, "valid integer"))
    add(
        api_case("CountCap(max_new=1.5)", lambda f: tp.CountCap(max_new=1.5), BAD_INPUT, "fractional part|whole number")
    )
    add(api_case("set_language('jv')", lambda f: tp.set_language("jv"), BAD_INPUT, "unknown language"))
    add(
        api_case(
            "requiring an excluded programme is a scenario",
            lambda f: tp.optimize(
                tp.Catalog.from_frame(
                    frame.assign(requires=["", "", "GOV-01", ""], excluded=[True, False, False, False])
                ),
                base(f)[1],
            ),
            OK,
            warns=tp.RequiresExcludedWarning,
        )
    )
    for unit in (1e10, 1e13):
        add(
            api_case(
                f"three of Rp {unit:g}, Rp 10 000 short", lambda f, u=unit: tp.optimize(*three(u, 3 * u - 1e4)), OK
            )
        )
    add(api_case("three that fit exactly", lambda f: tp.optimize(*three(1e13, 3e13)), OK))
    add(api_case("scalable at 1e13", lambda f: tp.optimize(*three(1.234567e13, 2e13 + 0.3, mode="scalable")), OK))
    add(api_case("flexible at 1e13", lambda f: tp.optimize(*three(1.234567e13, 2e13 + 0.7, mode="flexible")), OK))
    add(
        api_case(
            "mandatory three, Rp 10 000 short",
            lambda f: tp.optimize(*three(1e10, 3e10 - 1e4, mandatory=True)),
            NO_PLAN,
            "mandatory programmes alone",
        )
    )

    def checked_over(folder: Path) -> Any:
        cat, budget = three(1e13, 3e13 - 1e4)
        return tp.Plan.from_choices(cat, budget, tp.Policy(), [2024] * 3, {"A": 1, "B": 1, "C": 1}).check()

    add(api_case("check() of a plan Rp 10 000 over", checked_over, BAD_INPUT, r"Rp 10\.000 above the ceiling"))

    def random_catalogue(folder: Path, seed: int) -> Any:
        rng = np.random.default_rng(seed)
        n = 25
        rows = pd.DataFrame(
            {
                "id": [f"P{i}" for i in range(n)],
                "name": "x",
                "priority": rng.uniform(1, 9, n).round(2),
                "mode": rng.choice(["whole", "scalable", "flexible"], n),
                "cost_2024": (rng.uniform(1, 9, n) * 1e12).round(0),
                "cost_2025": (rng.uniform(1, 9, n) * 1e12).round(0),
            }
        )
        cat = tp.Catalog.from_frame(rows)
        total = cat.cost_matrix().sum(axis=0)
        return tp.optimize(cat, tp.Budget(ceilings={2024: total[0] * 0.3 + 7, 2025: total[1] * 0.5 - 3}))

    for seed in range(4):
        add(api_case(f"random large catalogue {seed}", lambda f, s=seed: random_catalogue(f, s), OK))
    return out


def exit_code(exc: BaseException) -> int:
    """The exit code the command line gives for an exception (1 only for no plan)."""
    return NO_PLAN if isinstance(exc, tp.InfeasiblePlanError | tp.SolverFailedError) else BAD_INPUT


def main(argv: list[str]) -> int:
    """Write every case's files under the folder given and print the counts."""
    folder = Path(argv[0]) if argv else Path("hostile")
    every = cases()
    for number, case in enumerate(every):
        place = folder / f"{number:03d}"
        place.mkdir(parents=True, exist_ok=True)
        action = case.build(place)
        (place / "case.json").write_text(
            json.dumps({"name": case.name, "expect": case.expect, "cli": action.cli, "match": case.match}, indent=1)
        )
    by_expect = Counter(case.expect for case in every)
    by_kind = Counter(case.kind for case in every)
    print(
        f"{len(every)} cases: {by_expect[BAD_INPUT]} bad input (exit 2), {by_expect[NO_PLAN]} no plan (exit 1), "
        f"{by_expect[OK]} plans (exit 0)"
    )
    print(", ".join(f"{kind}: {n}" for kind, n in sorted(by_kind.items())))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
