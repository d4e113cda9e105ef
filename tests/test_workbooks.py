"""Workbooks for people, read back as a person's spreadsheet would show them; one language at a time.

The plan and study workbooks go through one writer (targetplan.io.workbook): these tests open
the files with openpyxl and check sheet names, headings and category words in each language,
number formats (no money in General), totals rows against sums computed from the plans,
frozen headers, print settings, the about and why-not sheets, and the study's differences
computed independently from the scenarios' plans. The command line's study table and the
notebook views carry no heading of the other language.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import targetplan as tp
from helpers import make_catalog
from targetplan.text.columns import COLUMNS

openpyxl = pytest.importorskip("openpyxl")

SAMPLE = Path(tp.example_path("bogor"))
PLAN_SHEETS = {
    "id": ["ringkasan", "pilihan", "mengapa_tidak", "target", "biaya", "anggaran", "tingkat", "tentang"],
    "en": ["summary", "selection", "why_not", "targets", "costs", "budget", "levels", "about"],
}
STUDY_SHEETS = {
    "id": ["ringkasan", "anggaran", "perbedaan_program", "perbedaan_anggaran"],
    "en": ["summary", "budget", "programme_changes", "budget_changes"],
}
TOTAL = {"id": "Jumlah", "en": "Total"}


@pytest.fixture(scope="module")
def plan(bogor: tp.Example) -> tp.Plan:
    policy = tp.Policy(terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)], continuity_floor=0.7)
    return tp.optimize(bogor.catalog, bogor.budget, policy=policy, mip_gap=1e-4)


@pytest.fixture(scope="module")
def study(bogor: tp.Example) -> tp.Study:
    budgets = {"APBD -10%": bogor.budget.scale(0.9), "base": bogor.budget, "APBD +10%": bogor.budget.scale(1.1)}
    return tp.compare(bogor.catalog, budgets, mip_gap=1e-4)


def rows(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def table(ws: Any) -> tuple[list[Any], list[list[Any]], list[Any] | None]:
    """Header, body and the totals row (if the last row is one) of a sheet."""
    values = rows(ws)
    header, body = values[0], values[1:]
    if body and body[-1][0] in TOTAL.values():
        return header, body[:-1], body[-1]
    return header, body, None


def column(ws: Any, heading: Any) -> int:
    return [c.value for c in ws[1]].index(heading) + 1


def as_list(ws: Any) -> dict[str, Any]:
    return {r[0]: r[1] for r in rows(ws)[1:]}


# ---------------------------------------------------------------------------- the plan workbook
@pytest.mark.parametrize("lang", ["id", "en"])
def test_plan_workbook_speaks_one_language(plan: tp.Plan, lang: str, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "plan.xlsx", lang=lang))
    assert book.sheetnames == PLAN_SHEETS[lang]
    other = "en" if lang == "id" else "id"
    headings = {c.value for ws in book.worksheets for c in ws[1] if isinstance(c.value, str)}
    for name, spec in COLUMNS.items():  # no heading of the other language where the two differ
        if spec.label(other) != spec.label(lang):
            assert not any(h == spec.label(other) or h.startswith(spec.label(other) + " (") for h in headings), name
    selection = book[PLAN_SHEETS[lang][1]]
    header, body, total = table(selection)
    words = {
        "status": ({"lanjutan", "baru"}, {"carry-over", "new"}),
        "mode": ({"utuh", "dapat diperkecil", "fleksibel"}, {"whole", "scalable", "flexible"}),
        "runs": ({"ya", "tidak"}, {"yes", "no"}),
    }
    for name, (ind, eng) in words.items():
        j = header.index(COLUMNS[name].label(lang))
        shown = {r[j] for r in body}
        assert shown <= (ind if lang == "id" else eng), (name, shown)
    # the plan's own categories, translated one by one
    status = header.index(COLUMNS["status"].label(lang))
    expected = {"continuing": ("lanjutan", "carry-over"), "new": ("baru", "new")}
    for r, pid in zip(body, plan.selection.index, strict=True):
        assert r[0] == pid
        assert r[status] == expected[plan.selection.at[pid, "status"]][0 if lang == "id" else 1]
    assert total is not None and total[0] == TOTAL[lang]


def test_money_has_a_rupiah_format_and_its_unit_in_the_heading(plan: tp.Plan, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "plan.xlsx", lang="id"))
    money_columns = 0
    for ws in book.worksheets:
        for j, heading in enumerate(c.value for c in ws[1]):
            if isinstance(heading, str) and heading.endswith("(Rp juta)"):  # a city's ceilings: Rp juta by default
                money_columns += 1
                for i in range(2, ws.max_row + 1):
                    cell = ws.cell(row=i, column=j + 1)
                    if isinstance(cell.value, int | float):
                        assert cell.number_format == "#,##0.00", (ws.title, cell.coordinate)
        for row in ws.iter_rows(min_row=2):  # nothing numeric is left in General except the years of a header
            for cell in row:
                if isinstance(cell.value, float) and not float(cell.value).is_integer():
                    assert cell.number_format != "General", (ws.title, cell.coordinate, cell.value)
    assert money_columns >= 10
    costs = book["biaya"]
    header, body, total = table(costs)
    for year in plan.years:  # money in millions: the cell holds rupiah / 1e6, whole rupiah first
        j = header.index(f"{year} (Rp juta)")
        for r, pid in zip(body, plan.costs.index, strict=True):
            assert r[j] == pytest.approx(round(plan.costs.at[pid, year]) / 1e6, abs=1e-9)
        assert total is not None
        assert total[j] == pytest.approx(sum(round(v) for v in plan.costs[year]) / 1e6, abs=1e-6)
    summary = as_list(book["ringkasan"])
    assert summary["Jumlah pagu (Rp juta)"] == pytest.approx(sum(plan.budget.ceilings.values()) / 1e6)


def test_money_in_rupiah_when_asked_or_when_the_sums_are_small(plan: tp.Plan, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "rp.xlsx", lang="en", money_unit="Rp"))
    budget = book["budget"]
    header, body, _ = table(budget)
    ceiling = header.index("Ceiling (Rp)")
    assert [r[ceiling] for r in body] == [round(plan.budget.ceilings[y]) for y in plan.years]
    assert budget.cell(row=2, column=ceiling + 1).number_format == "#,##0"
    assert as_list(book["about"])["Money unit"] == "Rp"
    small = tp.optimize(make_catalog([{"id": "A", "priority": 1, "cost_2024": 4e8}]), tp.Budget(ceilings={2024: 5e8}))
    small_book = openpyxl.load_workbook(small.to_excel(tmp_path / "small.xlsx", lang="id"))
    assert "Pagu (Rp)" in [c.value for c in small_book["anggaran"][1]]
    with pytest.raises(tp.TargetplanError, match=r"money_unit 'miliar' is not known; use 'Rp' .* or 'Rp juta'"):
        plan.to_excel(tmp_path / "x.xlsx", money_unit="miliar")  # type: ignore[arg-type]


def test_totals_rows_add_up_what_adds_up(plan: tp.Plan, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "plan.xlsx", lang="en", money_unit="Rp"))
    header, _, total = table(book["budget"])
    assert total is not None and total[0] == "Total"
    yearly = plan.yearly
    for heading, name in (("Ceiling (Rp)", "ceiling"), ("Allocated (Rp)", "allocated")):
        j = header.index(heading)
        assert total[j] == pytest.approx(sum(round(v) for v in yearly[name]), abs=1)
    j = header.index("Utilisation")  # a share is not summed: allocated ÷ ceiling over the horizon
    assert total[j] == pytest.approx(yearly["allocated"].sum() / yearly["ceiling"].sum(), rel=1e-12)
    header, _body, total = table(book["selection"])
    assert total is not None
    assert total[header.index("Cost (Rp)")] == pytest.approx(sum(round(v) for v in plan.selection["cost"]), abs=1)
    assert total[header.index("Value")] == pytest.approx(plan.total_value, rel=1e-12)
    assert total[header.index("Priority")] is None  # priorities of programmes in and out do not add up
    _, _, total = table(book["levels"])
    assert total is None  # levels are shares of each programme's scope: no totals


def test_every_sheet_is_frozen_and_prints_on_landscape_a4(plan: tp.Plan, tmp_path: Path) -> None:
    for lang in ("id", "en"):
        book = openpyxl.load_workbook(plan.to_excel(tmp_path / f"plan_{lang}.xlsx", lang=lang))
        for ws in book.worksheets:
            assert ws.freeze_panes in ("A2", "B2"), ws.title
            assert ws.page_setup.orientation == "landscape", ws.title
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9, ws.title
            assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            assert ws.print_title_rows == "$1:$1", ws.title  # the header row on every page
            assert ws["A1"].font.b, ws.title
            assert len(ws.title) <= 31
            for j in range(1, ws.max_column + 1):  # widths from content, never Excel's default of 8.43 alone
                assert ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width >= 6, (ws.title, j)


def test_about_sheet_names_inputs_solver_guarantee_date_and_language(plan: tp.Plan, tmp_path: Path) -> None:
    about = as_list(openpyxl.load_workbook(plan.to_excel(tmp_path / "p.xlsx", lang="id"))["tentang"])
    assert about["Versi targetplan"] == tp.__version__
    assert about["Bahasa"] == "Bahasa Indonesia" and about["Satuan uang"] == "Rp juta"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", about["Tanggal dibuat"])
    assert about["Sumber katalog"] == "programs.csv"
    assert about["Solver"] == "highs"
    assert about["Jaminan"] == f"paling jauh {tp.format_percent(plan.mip_gap, 3, 'id')} dari yang terbaik"
    assert about["Status rencana"] == "optimal"
    assert "2022: Rp 38,15 M" in about["Pagu per tahun"]
    english = as_list(openpyxl.load_workbook(plan.to_excel(tmp_path / "p.xlsx", lang="en"))["about"])
    assert english["Language"] == "English" and english["Guarantee"].startswith("at most ")


def test_why_not_lists_every_programme_left_out(plan: tp.Plan, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "plan.xlsx", lang="id"))
    header, body, total = table(book["mengapa_tidak"])
    out = [pid for pid, runs in plan.selection["runs"].items() if not runs]
    assert [r[0] for r in body] == out and len(out) == 6
    reason = {r[0]: r[header.index("Penjelasan")] for r in body}
    assert reason["SOC-06"] == "Dikecualikan dalam katalog (kolom excluded)."  # excluded in the sample
    assert reason["GOV-09"].startswith("Kalah dari GOV-08 dalam kelompok alternatif DATA-CENTER")
    assert reason["GOV-07"] == "Prasyaratnya tidak masuk rencana: GOV-06."
    assert "plan.efficiency().why('GOV-06')" in reason["GOV-06"]
    full_cost = header.index("Biaya lingkup penuh (Rp juta)")
    costs = plan.catalog.cost_matrix().sum(axis=1)
    by_id = dict(zip(plan.catalog.ids, costs, strict=True))
    for r in body:
        assert r[full_cost] == pytest.approx(round(by_id[r[0]]) / 1e6)
    assert total is not None and total[full_cost] == pytest.approx(sum(round(by_id[p]) for p in out) / 1e6)


def test_why_not_with_measured_explanations(small_catalog: tp.Catalog, tmp_path: Path) -> None:
    small = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}))
    assert small.selected_ids == ["A", "C"]
    path = small.to_excel(tmp_path / "plan.xlsx", lang="en", explain=True)
    header, body, _ = table(openpyxl.load_workbook(path)["why_not"])
    expected = small.efficiency().explain()
    assert [r[0] for r in body] == ["B"]
    assert body[0][header.index("Explanation")] == expected.at["B", "sentence"]
    about = as_list(openpyxl.load_workbook(path)["about"])
    assert about["Reasons for programmes left out"].startswith("measured by re-solving")


def test_why_not_sheet_when_nothing_is_left_out_and_for_a_failed_plan(tmp_path: Path) -> None:
    everything = tp.optimize(
        make_catalog([{"id": "A", "priority": 1, "cost_2024": 1e9}]), tp.Budget(ceilings={2024: 2e9})
    )
    sheet = openpyxl.load_workbook(everything.to_excel(tmp_path / "a.xlsx", lang="id"))["mengapa_tidak"]
    assert rows(sheet) == [["Penjelasan"], ["Semua program masuk rencana."]]
    catalog = make_catalog([{"id": "A", "priority": 1, "cost_2024": 5e9, "mandatory": True}])
    failed = tp.optimize(catalog, tp.Budget(ceilings={2024: 1e9}), raise_on_failure=False)
    book = openpyxl.load_workbook(failed.to_excel(tmp_path / "f.xlsx", lang="en"))
    assert rows(book["why_not"])[1][0].startswith("No plan: ")
    assert as_list(book["summary"])["Plan status"] == "infeasible"


# ---------------------------------------------------------------------------- the study workbook
@pytest.mark.parametrize("lang", ["id", "en"])
def test_study_workbook_sheets_and_summary(study: tp.Study, lang: str, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(study.to_excel(tmp_path / "study.xlsx", lang=lang))
    assert book.sheetnames == [*STUDY_SHEETS[lang], "APBD -10%", "base", "APBD +10%", PLAN_SHEETS[lang][-1]]
    header, body, _ = table(book[STUDY_SHEETS[lang][0]])
    assert [r[0] for r in body] == study.names
    assert "continuity_index" not in header and "value_given_up" not in header  # no snake_case
    unit = "Rp juta" if lang == "id" else "Rp million"
    spend = header.index(f"{COLUMNS['spend'].label(lang)} ({unit})")
    ws = book[STUDY_SHEETS[lang][0]]
    for i, name in enumerate(study.names):
        cell = ws.cell(row=i + 2, column=spend + 1)
        assert cell.number_format == "#,##0.00"  # never General (2.03E+11)
        assert cell.value == pytest.approx(round(float(study[name].costs.to_numpy().sum())) / 1e6, abs=1e-3)
    index = header.index(COLUMNS["continuity_index"].label(lang))
    assert ws.cell(row=2, column=index + 1).number_format == "0.0%"
    status = header.index(COLUMNS["status"].label(lang))
    assert {r[status] for r in body} == {"optimal"}


def test_study_budget_per_scenario_and_year(study: tp.Study, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(study.to_excel(tmp_path / "study.xlsx", lang="id"))
    header, body, _ = table(book["anggaran"])
    assert header == [
        "Skenario",
        "Tahun",
        "Pagu (Rp juta)",
        "Teralokasi (Rp juta)",
        "Sisa (Rp juta)",
        "Alokasi (% pagu)",
    ]
    for name in study.names:
        mine = [r for r in body if r[0] == name]
        yearly = study[name].yearly
        assert [r[1] for r in mine] == [*study[name].years, "Jumlah"]
        for r, year in zip(mine, study[name].years, strict=False):
            assert r[2] == pytest.approx(yearly.at[year, "ceiling"] / 1e6)
            assert r[3] == pytest.approx(round(yearly.at[year, "allocated"]) / 1e6, abs=1e-6)
            assert r[5] == pytest.approx(yearly.at[year, "utilisation"])
        assert mine[-1][5] == pytest.approx(yearly["allocated"].sum() / yearly["ceiling"].sum())


def test_study_differences_from_the_first_scenario(study: tp.Study, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(study.to_excel(tmp_path / "study.xlsx", lang="en", money_unit="Rp"))
    header, body, _ = table(book["programme_changes"])
    base = study["APBD -10%"]
    for name in ("base", "APBD +10%"):
        plan = study[name]
        mine = [r for r in body if r[0] == name]
        change = header.index("Change")
        entering = {r[1] for r in mine if r[change] == "enters"}
        leaving = {r[1] for r in mine if r[change] == "leaves"}
        assert entering == set(plan.selected_ids) - set(base.selected_ids)  # computed from the plans themselves
        assert leaving == set(base.selected_ids) - set(plan.selected_ids)
        moved = {r[1] for r in mine if r[change] == "start moves"}
        both = set(plan.selected_ids) & set(base.selected_ids)
        assert moved == {p for p in both if plan.selection.at[p, "start_year"] != base.selection.at[p, "start_year"]}
        cost_change = header.index("Cost change (Rp)")
        for r in mine:
            expected = plan.selection.at[r[1], "cost"] - base.selection.at[r[1], "cost"]
            assert r[cost_change] == pytest.approx(round(expected), abs=1)
    assert entering or leaving or moved  # the sample's scenarios do differ
    header, body, _ = table(book["budget_changes"])
    assert header == [
        "Scenario",
        "Year",
        "Allocated in the base scenario (Rp)",
        "Allocated (Rp)",
        "Change in allocation (Rp)",
    ]
    for name in ("base", "APBD +10%"):
        mine = [r for r in body if r[0] == name]
        for r in mine[:-1]:
            before = float(base.costs[r[1]].sum())
            after = float(study[name].costs[r[1]].sum())
            assert r[4] == pytest.approx(round(after - before), abs=1)
        assert mine[-1][1] == "Total"
        assert mine[-1][4] == pytest.approx(
            round(float(study[name].costs.to_numpy().sum() - base.costs.to_numpy().sum())), abs=1
        )


def test_study_about_sheet(study: tp.Study, tmp_path: Path) -> None:
    about = as_list(openpyxl.load_workbook(study.to_excel(tmp_path / "s.xlsx", lang="id"))["tentang"])
    assert about["Skenario dasar (pembanding)"] == "APBD -10%"
    assert about["Skenario"] == 3
    assert about["Bahasa"] == "Bahasa Indonesia"
    assert "jaminan: paling jauh" in about["Skenario: base"]
    assert about["Sumber katalog"] == "programs.csv"


# ---------------------------------------------------------------------------- command line and views
def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "targetplan.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=cwd,
    )


def english_only_headings() -> set[str]:
    return {c.en for c in COLUMNS.values() if c.en != c.id}


def indonesian_only_headings() -> set[str]:
    return {c.id for c in COLUMNS.values() if c.en != c.id}


def test_compare_prints_its_table_and_writes_the_workbook_in_one_language(tmp_path: Path) -> None:
    args = ["compare", SAMPLE / "programs.csv", "--budget", SAMPLE / "budget.csv", "--scale", "0.9,1.0"]
    result = run_cli(*args, "--out", tmp_path / "studi.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    head = result.stdout.splitlines()[0]
    for heading in ("Status", "Nilai", "Belanja", "Alokasi (% pagu)", "Jumlah program"):
        assert heading in head
    for word in ("value", "spend", "utilisation", "programmes", "gap", "Value", "Spend", "Utilisation"):
        assert not re.search(rf"\b{word}\b", head), word
    assert "Rp " in result.stdout and "IDR" not in result.stdout
    assert openpyxl.load_workbook(tmp_path / "studi.xlsx").sheetnames[:2] == ["ringkasan", "anggaran"]
    english = run_cli("--lang", "en", *args, cwd=tmp_path)
    head = english.stdout.splitlines()[0]
    assert "Utilisation" in head and "Programmes" in head and "Alokasi" not in head
    assert "IDR " in english.stdout and "Rp " not in english.stdout


def headings_of(html: str) -> set[str]:
    return {h for h in re.findall(r"<th[^>]*>(.*?)</th>", html) if h}


def test_notebook_views_have_headings_in_one_language(plan: tp.Plan, study: tp.Study, bogor: tp.Example) -> None:
    progress = plan.progress(bogor.realisation)
    views = {"plan": plan, "study": study, "progress": progress}
    for lang in ("id", "en"):
        wrong = english_only_headings() if lang == "id" else indonesian_only_headings()
        for name, view in views.items():
            before = tp.get_language()
            tp.set_language(lang)
            try:
                html = view._repr_html_()
            finally:
                tp.set_language(before)
            found = headings_of(html) & wrong
            assert not found, (lang, name, found)
            title = re.search(r"<p><b>(.*?)</b></p>", html)
            assert title is not None
            assert not re.match(r"(Plan|Study|ProgressReport)\(", title.group(1)), title.group(1)  # not the repr
            if lang == "id":
                assert "IDR" not in html and not re.search(r"\b(programmes|value|spend|behind|of)\b", title.group(1))
            else:
                assert "Rp " not in html
    assert "jaminan: paling jauh" in plan._repr_html_()


def test_plan_text_has_no_english_asides(plan: tp.Plan) -> None:
    text = plan.summary_text("id")
    assert "continuing" not in text and "level" not in text and "Plan status" not in text
    assert "(* = program lanjutan)" in text
    english = plan.summary_text("en")
    assert "lanjutan" not in english and "tingkat" not in english
    assert math.isfinite(plan.total_value)


def test_study_workbook_with_awkward_scenario_names(small_catalog: tp.Catalog, tmp_path: Path) -> None:
    budget = tp.Budget(ceilings={2024: 8e9})
    names = ["=SUM(A1)", "ringkasan", "a" * 40, "x/y: [z]?", "RINGKASAN"]
    study = tp.compare(small_catalog, {n: budget.scale(1 + k / 10) for k, n in enumerate(names)})
    book = openpyxl.load_workbook(study.to_excel(tmp_path / "s.xlsx", lang="id"))
    scenario_sheets = book.sheetnames[4:-1]
    assert len(scenario_sheets) == len(names) == len({s.lower() for s in book.sheetnames[4:-1]})
    assert all(len(s) <= 31 and not set(s) & set("[]:*?/\\") for s in book.sheetnames)
    assert "ringkasan" in book.sheetnames[:1] and "ringkasan_2" in scenario_sheets  # the summary keeps its name
    cell = book["ringkasan"]["A2"]
    assert cell.value == "=SUM(A1)" and cell.data_type == "s" and cell.quotePrefix  # text, never a formula
