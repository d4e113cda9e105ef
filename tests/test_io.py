"""Files in and out: Excel, CSV and JSON exports of a plan, atomic writes, and the CLI around them."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

import targetplan as tp
import targetplan.io as tpio

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
YEARS = (2024, 2025, 2026)


def rich_frame() -> pd.DataFrame:
    """A small catalogue using every kind of column: modes, windows, requires, groups, targets, extras."""
    return pd.DataFrame(
        [
            {"id": "GOV-01", "name": "Command centre – Balai Kota", "priority": 9, "cost_2024": 4e9,
             "cost_2025": 1e9, "cost_2026": 1e9, "target_2024": 1, "unit": "unit", "status": "lanjutan",
             "mandatory": True, "dimension": "governance", "agency": "Diskominfo", "alignment": "spbe;rpjmd"},
            {"id": "GOV-02", "name": "e-Office", "priority": 6, "cost_2024": 2e9, "cost_2025": 2e9,
             "mode": "scalable", "min_level": 0.5, "requires": "GOV-01", "target_2024": 10, "target_2025": 20,
             "unit": "aplikasi", "dimension": "governance", "agency": "Diskominfo", "score": 0.25},
            {"id": "LIV-01", "name": "CCTV", "priority": 7, "cost_2024": 3e9, "cost_2025": 3e9, "cost_2026": 3e9,
             "mode": "flexible", "target_2024": 100, "target_2025": 100, "target_2026": 100, "unit": "titik",
             "status": "continuing", "dimension": "living", "agency": "Dishub", "note": "RKPD 2024"},
            {"id": "LIV-02", "name": "Smart parking", "priority": 4, "cost_2024": 2.5e9, "earliest_start": 2024,
             "latest_start": 2026, "exclusive_group": "parking", "dimension": "living", "agency": "Dishub"},
            {"id": "LIV-03", "name": "Parking app", "priority": 3.5, "cost_2024": 1e9, "exclusive_group": "parking",
             "dimension": "living", "agency": "Dishub"},
            {"id": "ENV-01", "name": "Air sensors", "priority": 2, "cost_2024": 5e9, "excluded": True,
             "dimension": "environment", "agency": "DLH"},
            {"id": "ECO-01", "name": "UMKM marketplace", "priority": 5, "cost_2024": 1.5e9, "cost_2025": 0.5e9,
             "latest_start": 2025, "dimension": "economy", "agency": "Diskop"},
        ]
    )  # fmt: skip


def rich_budget() -> tp.Budget:
    return tp.Budget(
        ceilings={2024: 9e9, 2025: 7e9, 2026: 5e9},
        limits=[tp.GroupLimit(group_by="dimension", group="living", cap=0.7, as_share=True)],
        reserve=0.02,
    )


def rich_policy() -> tp.Policy:
    return tp.Policy(
        terms=[tp.Term("2019-2024", 2024, 2024), tp.Term("2025-2029", 2025, 2026)],
        continuity_floor=0.5,
        carryover_bonus=0.1,
        commitment_cap=0.9,
        max_level_change=0.5,
    )


def solve(frame: pd.DataFrame, **kwargs) -> tp.Plan:
    catalog = tp.Catalog.from_frame(frame, source="rich.csv")
    return tp.optimize(catalog, rich_budget(), policy=rich_policy(), mip_gap=0.0, **kwargs)


@pytest.fixture(scope="module")
def rich_plan() -> tp.Plan:
    return solve(rich_frame())


@pytest.fixture(scope="module")
def bogor_policy_plan(bogor: tp.Example) -> tp.Plan:
    """The Bogor sample with two terms, a continuity floor and a commitment cap."""
    return tp.optimize(bogor.catalog, bogor.budget, policy=bogor_policy(), mip_gap=1e-3)


def bogor_policy() -> tp.Policy:
    return tp.Policy(
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        continuity_floor=0.7,
        commitment_cap=0.6,
    )


def hostile_plan() -> tp.Plan:
    """A plan whose text cells start like formulas.

    The catalogue strips leading tabs and carriage returns from names, so the selection
    table gets the exact hostile names afterwards; a term name reaches the about sheet.
    """
    rows = [
        {"id": f"P{i}", "name": name, "priority": 1 + i, "cost_2024": 1e9, "dimension": name, "agency": "-Dinas"}
        for i, name in enumerate(HOSTILE)
    ]
    catalog = tp.Catalog.from_frame(pd.DataFrame(rows))
    policy = tp.Policy(terms=[tp.Term("=1+1", 2024, 2024)])
    plan = tp.optimize(catalog, tp.Budget(ceilings={2024: 4e9}), policy=policy)
    selection = plan.selection.copy()
    selection["name"] = HOSTILE
    return dataclasses.replace(plan, selection=selection)


def assert_plans_equal(a: tp.Plan, b: tp.Plan) -> None:
    """Every field of two plans equal, DataFrames with their dtypes and index types; timings not saved."""
    checked = set()
    for f in dataclasses.fields(tp.Plan):
        x, y = getattr(a, f.name), getattr(b, f.name)
        checked.add(f.name)
        if f.name == "timings":
            assert y == {}
        elif isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, check_exact=True, check_index_type=True, check_column_type=True)
        elif isinstance(x, tp.Catalog):
            assert (x.years, x.source, len(x)) == (y.years, y.source, len(y))
            pd.testing.assert_frame_equal(
                x.to_frame(), y.to_frame(), check_exact=True, check_index_type=True, check_column_type=True
            )
            for column in ("status", "mode"):
                assert [type(v) for v in y.to_frame()[column]] == [type(v) for v in x.to_frame()[column]]
            assert x == y
        elif isinstance(x, float):
            assert type(y) is float
            assert (math.isnan(x) and math.isnan(y)) or x == y, f.name
        else:
            assert type(x) is type(y), f.name
            assert x == y, f.name
    assert checked == {f.name for f in dataclasses.fields(tp.Plan)}


# ============================================================================ JSON
def test_json_round_trip_bogor_field_by_field(bogor_policy_plan: tp.Plan, tmp_path: Path) -> None:
    path = bogor_policy_plan.to_json(tmp_path / "plan.json")
    again = tp.Plan.from_json(path)
    assert_plans_equal(bogor_policy_plan, again)
    assert again.selection["start_year"].dtype == "Int64"
    assert again.selection["start_year"].isna().any()  # some programmes do not run
    assert again.policy.terms[1].name == "2025-2029" and again.budget.limits == bogor_policy_plan.budget.limits
    again.check()
    assert tp.read_plan(path).total_value == bogor_policy_plan.total_value


def test_json_round_trip_every_column_kind(rich_plan: tp.Plan, tmp_path: Path) -> None:
    frame = rich_plan.catalog.to_frame()
    assert {"note", "score"} <= set(frame.columns)  # extra columns: text with gaps, numbers with NaN
    assert frame["target_2026"].isna().any() and frame.at[0, "alignment"] == ("SPBE", "RPJMD")
    again = tp.read_plan(rich_plan.to_json(tmp_path / "rich.json"))
    assert_plans_equal(rich_plan, again)
    assert again.catalog["GOV-02"].requires == ("GOV-01",)
    again.check()


def test_json_round_trip_keeps_object_columns(small_catalog: tp.Catalog, tmp_path: Path) -> None:
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}))
    assert plan.catalog.to_frame()["unit"].dtype == object  # built from a frame without the column
    again = tp.read_plan(plan.to_json(tmp_path / "plan.json"))
    assert again.catalog.to_frame()["unit"].dtype == object
    assert_plans_equal(plan, again)


def test_json_round_trip_keeps_an_unusual_catalogue_index(tmp_path: Path) -> None:
    frame = rich_frame()
    frame.index = pd.Index([f"r{i}" for i in range(len(frame))], name="sheet_row")
    plan = solve(frame)
    again = tp.read_plan(plan.to_json(tmp_path / "plan.json"))
    assert list(again.catalog.to_frame().index) == list(frame.index)
    assert_plans_equal(plan, again)


def test_json_round_trip_of_a_failed_plan(tmp_path: Path) -> None:
    frame = rich_frame()
    frame.loc[frame["id"] == "LIV-01", "mandatory"] = True
    catalog = tp.Catalog.from_frame(frame)
    failed = tp.optimize(catalog, tp.Budget(ceilings={2024: 1e9, 2025: 1e9, 2026: 1e9}), raise_on_failure=False)
    assert failed.status == tp.SolveStatus.INFEASIBLE
    again = tp.read_plan(failed.to_json(tmp_path / "failed.json"))
    assert_plans_equal(failed, again)
    with pytest.raises(tp.CheckFailedError, match="infeasible"):
        again.check()


def test_json_is_byte_identical_across_runs(bogor: tp.Example, bogor_policy_plan: tp.Plan, tmp_path: Path) -> None:
    second = tp.optimize(bogor.catalog, bogor.budget, policy=bogor_policy(), mip_gap=1e-3)
    assert second.timings != {}  # timings exist on the plan but are not saved
    one = bogor_policy_plan.to_json(tmp_path / "one.json").read_bytes()
    two = second.to_json(tmp_path / "two.json").read_bytes()
    assert one == two
    again = tp.read_plan(tmp_path / "one.json").to_json(tmp_path / "three.json").read_bytes()
    assert again == one
    data = json.loads(one)
    assert (data["format"], data["version"], data["targetplan"]) == ("targetplan.plan", 1, tp.__version__)
    assert "timings" not in json.dumps(data)
    assert one.decode("utf-8") == json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def test_json_with_shuffled_catalogue_rows(rich_plan: tp.Plan, tmp_path: Path) -> None:
    shuffled_frame = rich_frame().sample(frac=1.0, random_state=3)
    assert list(shuffled_frame["id"]) != list(rich_frame()["id"])
    shuffled = solve(shuffled_frame)
    again = tp.read_plan(shuffled.to_json(tmp_path / "shuffled.json"))
    assert_plans_equal(shuffled, again)
    assert list(again.selection.index) == list(shuffled_frame["id"])  # the catalogue order is kept
    ids = list(rich_plan.selection.index)
    pd.testing.assert_frame_equal(again.selection.loc[ids], rich_plan.selection, check_exact=False, rtol=1e-9)
    for name in ("levels", "targets", "costs"):
        pd.testing.assert_frame_equal(getattr(again, name).loc[ids], getattr(rich_plan, name), rtol=1e-9)
    assert again.total_value == pytest.approx(rich_plan.total_value, rel=1e-12)
    again.check()


@pytest.fixture(scope="module")
def saved(rich_plan: tp.Plan, tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("saved") / "plan.json"
    rich_plan.to_json(path)
    return json.loads(path.read_text(encoding="utf-8"))


def _edit(data: dict, tmp_path: Path, change) -> Path:
    data = json.loads(json.dumps(data))
    change(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _set(path: str, value):
    def change(data: dict) -> None:
        *head, last = path.split(".")
        node = data
        for key in head:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is KeyError:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("change", "match"),
    [
        (_set("format", "something.else"), r"not a targetplan plan file \(format 'something.else'"),
        (_set("format", KeyError), r"not a targetplan plan file \(no 'format' field"),
        (_set("version", 99), r"format version 99, newer than this targetplan .* reads \(up to 1\).*pip install -U"),
        (_set("version", "1"), r"at 'version': the format version is missing or not a whole number"),
        (_set("result.levels", KeyError), r"at 'result.levels': Field required"),
        (_set("inputs.budget.ceilings.2025", -1.0), r"at 'inputs.budget.ceilings'"),
        (_set("inputs.policy.continuity_floor", 2), r"at 'inputs.policy.continuity_floor'"),
        (_set("result.status", "great"), r"at 'result.status': unknown status"),
        (_set("result.total_value", "many"), r"at 'result.total_value': not a number"),
        (_set("result.costs.data.1.0", "x"), r"at 'result.costs.data\[1\]': column 2025: value 0 \(\"x\"\)"),
        (_set("result.selection.data.0", []), r"at 'result.selection': .*data column 0 has 0 values for 7 rows"),
        (_set("result.levels.dtypes.0", "datetime64[ns]"), r"at 'result.levels.data\[0\]'.*unsupported column type"),
        (_set("result.levels.index.values.0", "XYZ"), r"result.levels.*not the catalogue's programme ids"),
        (_set("result.extra", 1), r"at 'result.extra': Extra inputs are not permitted"),
    ],
    ids=[
        "other-format",
        "no-format",
        "newer-version",
        "version-text",
        "missing-table",
        "bad-budget",
        "bad-policy",
        "unknown-status",
        "bad-scalar",
        "bad-cell",
        "short-column",
        "bad-dtype",
        "wrong-ids",
        "extra-key",
    ],
)
def test_bad_plan_files_give_clear_errors(saved: dict, tmp_path: Path, change, match: str) -> None:
    path = _edit(saved, tmp_path, change)
    with pytest.raises(tp.PlanFileError, match=match) as info:
        tp.read_plan(path)
    assert isinstance(info.value, tp.TargetplanError)
    assert str(info.value).startswith("edited.json")
    assert len(info.value.failure_cases) >= 1


def test_several_problems_are_listed_at_once(saved: dict, tmp_path: Path, english: None) -> None:
    def change(data: dict) -> None:
        del data["result"]["levels"]
        del data["inputs"]["budget"]
        data["result"]["message"] = 3

    with pytest.raises(tp.PlanFileError, match=r"is not a readable plan file \(3 problems\)") as info:
        tp.read_plan(_edit(saved, tmp_path, change))
    where = set(info.value.failure_cases["column"])
    assert where == {"result.levels", "inputs.budget", "result.message"}


@pytest.mark.usefixtures("english")
def test_an_invalid_catalogue_inside_is_a_catalogue_error(saved: dict, tmp_path: Path) -> None:
    def change(data: dict) -> None:
        table = data["inputs"]["catalog"]["table"]
        column = table["columns"]["values"].index("priority")
        table["data"][column][1] = -4.0

    with pytest.raises(
        tp.CatalogValidationError,
        match=r"(?s)edited.json \(catalogue rich.csv\).*id GOV-02, column 'priority': below 0",
    ):
        tp.read_plan(_edit(saved, tmp_path, change))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"{not json", r"not valid JSON \(Expecting property name enclosed in double quotes at line 1, column 2\)"),
        (b"", r"not valid JSON"),
        (b"[1, 2]", r"the file holds a JSON list, not a targetplan plan object"),
        (b"\xff\xfe\x00", r"not UTF-8 text"),
        (b'{"format": "targetplan.plan", "version": 1, "x": NaN}', r"at 'inputs': Field required"),
    ],
    ids=["broken", "empty", "list", "binary", "incomplete"],
)
def test_files_that_are_not_plans(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(tp.PlanFileError, match=match):
        tp.Plan.from_json(path)


def test_missing_plan_file(tmp_path: Path, english: None) -> None:
    with pytest.raises(tp.PlanFileError, match=r"none.json: the plan file does not exist.*Fix: check the path"):
        tp.read_plan(tmp_path / "none.json")
    with pytest.raises(tp.PlanFileError, match=r"the path is a folder"):
        tp.read_plan(tmp_path)


def test_unsaveable_extra_column_is_named(tmp_path: Path) -> None:
    frame = rich_frame()
    frame["when"] = pd.Timestamp("2024-01-01")
    plan = solve(frame)
    with pytest.raises(tp.TargetplanError, match=r"column 'when' has the type datetime64.*convert the column"):
        plan.to_json(tmp_path / "plan.json")
    assert list(tmp_path.iterdir()) == []


# ============================================================================ Excel
def test_excel_sheets_and_figures_read_back(bogor_policy_plan: tp.Plan, tmp_path: Path) -> None:
    plan = bogor_policy_plan
    path = plan.to_excel(tmp_path / "plan.xlsx", lang="en", money_unit="Rp")
    book = pd.read_excel(path, sheet_name=None)
    assert list(book) == ["summary", "selection", "why_not", "targets", "costs", "budget", "levels", "about"]
    years = list(plan.years)
    for name in ("targets", "costs", "levels"):
        sheet = book[name].set_index("Id").drop(index="Total", errors="ignore")  # the costs' totals row
        shown = [f"{y} (Rp)" for y in years] if name == "costs" else years  # money names its unit
        assert list(sheet.columns[: 3 if name == "targets" else 2]) == (
            ["Name", "Unit", years[0]] if name == "targets" else ["Name", shown[0]]
        )
        got = sheet[shown]
        got.columns = years
        got.columns = got.columns.astype("int64")
        got.index.name, got.columns.name = "id", "year"
        expected = getattr(plan, name)
        if name == "targets":  # rounded to each programme's target_decimals, for people
            places = plan.catalog.to_frame().set_index("id")["target_decimals"].astype(int)
            expected = pd.DataFrame(
                [expected.loc[pid].round(places[pid]) for pid in expected.index], index=expected.index
            )
        elif name == "costs":  # whole rupiah
            expected = expected.round(0)
        # openpyxl writes 16 significant digits ("%.16g"); Excel itself shows 15.
        pd.testing.assert_frame_equal(got.astype(float), expected, check_exact=False, rtol=1e-15, atol=0)
    selection = book["selection"].set_index("Id")
    assert selection.index[-1] == "Total"
    assert selection.loc["Total", "Cost (Rp)"] == pytest.approx(plan.selection["cost"].round(0).sum(), abs=0.5)
    selection = selection.drop(index="Total")
    assert list(selection.index) == list(plan.selection.index)
    for heading, column in (("Cost (Rp)", "cost"), ("Level", "level"), ("Value", "value"), ("Priority", "priority")):
        expected = plan.selection[column].to_numpy(dtype=float)
        expected = expected.round(0) if column == "cost" else expected  # money in whole rupiah
        np.testing.assert_allclose(selection[heading].to_numpy(dtype=float), expected, rtol=1e-15, atol=0)
    np.testing.assert_array_equal(
        selection["Start year"].to_numpy(dtype=float), plan.selection["start_year"].astype(float).to_numpy()
    )
    yearly = book["budget"].set_index("Year").drop(index="Total")
    for heading, column in (
        ("Ceiling (Rp)", "ceiling"),
        ("Allocated (Rp)", "allocated"),
        ("Utilisation", "utilisation"),
    ):
        expected = plan.yearly[column].to_numpy(dtype=float)
        expected = expected if column == "utilisation" else expected.round(0)
        np.testing.assert_allclose(yearly[heading].to_numpy(dtype=float), expected, rtol=1e-15, atol=0)
    summary = dict(zip(book["summary"]["Item"], book["summary"]["Value"], strict=True))
    assert summary["Total value"] == pytest.approx(plan.total_value, rel=1e-15, abs=0)
    assert summary["Programmes in the plan"] == len(plan.selected_ids)


def test_excel_about_sheet_names_the_inputs(bogor_policy_plan: tp.Plan, tmp_path: Path) -> None:
    plan = bogor_policy_plan
    path = plan.to_excel(tmp_path / "plan.xlsx", lang="en")
    about = pd.read_excel(path, sheet_name="about")
    items = dict(zip(about["Item"], about["Value"], strict=True))
    assert items["targetplan version"] == tp.__version__
    assert items["Catalogue source"] == "programs.csv"
    assert items["Horizon"] == "2022-2027"
    assert items["Programmes in the catalogue"] == 50
    assert items["Continuing programmes in the catalogue"] == 18
    assert items["Solver"] == plan.solver == "highs"
    assert items["Plan status"] == "optimal"
    assert items["Guarantee"] == f"at most {tp.format_percent(plan.mip_gap, 3, 'en')} from the best"
    assert items["Language"] == "English" and items["Money unit"] == "Rp million"
    assert items["Written on"].endswith(" UTC")
    assert items["Option: mip_gap"] == "0.001"
    assert items["Option: tie_break"] == "yes"
    assert items["Terms"] == "2021-2024 (2022-2024); 2025-2029 (2025-2027)"
    assert items["Continuity floor"] == 0.7 and items["Commitment cap"] == 0.6
    assert items["Group limits"] == 3
    assert "agency = Dishub, 2024: cap IDR 10 bn" in set(about.loc[about["Item"] == "Limit", "Value"])
    assert items["Efficiency report"] == "no"


def test_excel_formats_and_frozen_panes(bogor_policy_plan: tp.Plan, tmp_path: Path) -> None:
    path = bogor_policy_plan.to_excel(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)

    def formats(sheet: str, heading: str | int, rows: int = 0) -> set[str]:
        ws = book[sheet]
        column = [c.value for c in ws[1]].index(heading) + 1
        return {ws.cell(row=r, column=column).number_format for r in range(2, rows + 2 if rows else ws.max_row + 1)}

    # Indonesian by default; yearly ceilings of tens of miliar: money in Rp juta, with two decimals
    assert formats("pilihan", "Biaya (Rp juta)", 50) == {"#,##0.00"}  # cost
    assert formats("pilihan", "Tingkat", 50) == {"0.0%"}  # level
    assert formats("pilihan", "Prioritas", 50) == {"#,##0.00"}
    assert formats("biaya", "2024 (Rp juta)") == {"#,##0.00"}
    assert formats("tingkat", 2024) == {"0.0%"}
    for heading in ("Pagu (Rp juta)", "Teralokasi (Rp juta)", "Sisa (Rp juta)"):
        assert formats("anggaran", heading) == {"#,##0.00"}
    assert formats("anggaran", "Alokasi (% pagu)") == {"0.0%"}
    assert formats("pilihan", "Nama", 50) == {"General"}
    summary = book["ringkasan"]
    shown = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2) for r in range(2, summary.max_row + 1)}
    assert shown["Jumlah pagu (Rp juta)"].number_format == "#,##0.00"
    assert shown["Jumlah pagu (Rp juta)"].value == pytest.approx(sum(bogor_policy_plan.budget.ceilings.values()) / 1e6)
    assert shown["Alokasi (% pagu)"].number_format == "0.0%"
    for ws in book.worksheets:
        assert ws.freeze_panes == ("A2" if ws.title in ("ringkasan", "tentang") else "B2"), ws.title
        assert ws["A1"].font.b, ws.title  # a bold header row
    width = book["pilihan"].column_dimensions["B"].width  # the names
    assert 30 <= width <= 62
    assert book["pilihan"].column_dimensions["A"].width >= 8


def test_excel_with_reports(rich_plan: tp.Plan, tmp_path: Path) -> None:
    efficiency = rich_plan.efficiency()
    path = rich_plan.to_excel(tmp_path / "report.xlsx", efficiency=efficiency, continuity=True, lang="en")
    book = openpyxl.load_workbook(path)
    report_sheets = [n for n in book.sheetnames if n.startswith(("efficiency_", "continuity_"))]
    assert report_sheets == [f"efficiency_{n}" for n in efficiency.tables] + [
        "continuity_programmes",
        "continuity_terms",
        "continuity_commitments",
        "continuity_spanning",
    ]
    baselines = pd.read_excel(path, sheet_name="efficiency_baselines").set_index("Baseline")
    # a workbook keeps 15 significant digits (the last bit of a double may differ after the round trip)
    np.testing.assert_allclose(baselines["Gain"].to_numpy(), efficiency.baselines["gain"].to_numpy(), rtol=1e-14)
    ws = book["efficiency_baselines"]
    spend = [c.value for c in ws[1]].index(f"Spend ({book['about']['B5'].value})") + 1  # the workbook's money unit
    assert ws.cell(row=2, column=spend).number_format in ("#,##0", "#,##0.00")
    terms = pd.read_excel(path, sheet_name="continuity_terms")
    assert list(terms["Term"]) == ["2019-2024", "2025-2029", "Total"]  # terms do not overlap: they add up
    about = pd.read_excel(path, sheet_name="about")
    assert set(about.loc[about["Item"].isin(["Efficiency report", "Continuity report"]), "Value"]) == {"yes"}


def test_excel_refuses_a_report_of_another_plan(rich_plan: tp.Plan, tmp_path: Path) -> None:
    other = solve(rich_frame())
    with pytest.raises(tp.TargetplanError, match=r"the continuity report was made for another plan"):
        rich_plan.to_excel(tmp_path / "x.xlsx", continuity=other.continuity())
    with pytest.raises(tp.TargetplanError, match=r"efficiency must be an EfficiencyReport, True or None, not str"):
        rich_plan.to_excel(tmp_path / "x.xlsx", efficiency="yes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_excel_hostile_text_is_stored_as_text(tmp_path: Path) -> None:
    plan = hostile_plan()
    path = plan.to_excel(tmp_path / "hostile.xlsx")
    book = openpyxl.load_workbook(path)
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(tuple("=+-@\t\n")):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                    seen.add(cell.value)
    # XML turns a carriage return into a line feed when read; the cell stays text either way.
    assert {h.replace("\r", "\n") for h in HOSTILE} | {"-Dinas", "=1+1 (2024-2024)"} <= seen
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    names = pd.read_excel(path, sheet_name="pilihan")["Nama"].tolist()[:-1]  # the last row: totals
    assert names == [h.replace("\r", "\n") for h in HOSTILE]


def test_excel_control_characters_do_not_break_the_workbook(tmp_path: Path) -> None:
    catalog = tp.Catalog.from_frame(
        pd.DataFrame({"id": ["A"], "name": ["bad\x01name"], "priority": [1], "cost_2024": [1e9]})
    )
    plan = tp.optimize(catalog, tp.Budget(ceilings={2024: 2e9}))
    path = plan.to_excel(tmp_path / "x.xlsx")
    assert pd.read_excel(path, sheet_name="pilihan")["Nama"].tolist()[:1] == ["bad\ufffdname"]


def test_excel_of_a_failed_plan_says_why(tmp_path: Path) -> None:
    catalog = tp.Catalog.from_frame(
        pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1], "cost_2024": [5e9], "mandatory": [True]})
    )
    failed = tp.optimize(catalog, tp.Budget(ceilings={2024: 1e9}), raise_on_failure=False)
    path = failed.to_excel(tmp_path / "failed.xlsx", lang="en")
    summary = pd.read_excel(path, sheet_name="summary")
    assert summary["Value"].tolist()[:2] == ["infeasible", failed.message]


def test_excel_without_openpyxl(rich_plan: tp.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    with pytest.raises(
        tp.TargetplanError, match=r"needs the optional package openpyxl; pip install 'targetplan\[excel\]'"
    ):
        rich_plan.to_excel(tmp_path / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []


# ============================================================================ CSV
def test_csv_tables(rich_plan: tp.Plan, tmp_path: Path) -> None:
    written = rich_plan.to_csv(tmp_path / "tables")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(
        f"{n}.csv" for n in ("selection", "levels", "targets", "costs", "yearly")
    )
    assert written["costs"] == tmp_path / "tables" / "costs.csv"
    costs = pd.read_csv(written["costs"], index_col="id", encoding="utf-8")
    costs.columns = costs.columns.astype(int)
    costs.columns.name = "year"
    assert list(costs.index) == sorted(rich_plan.costs.index)  # rows in order of programme id
    pd.testing.assert_frame_equal(costs, rich_plan.costs.loc[costs.index], check_exact=True, check_index_type=False)
    selection = pd.read_csv(written["selection"], index_col="id", encoding="utf-8")
    assert selection.at["GOV-01", "name"] == "Command centre – Balai Kota"  # UTF-8
    np.testing.assert_array_equal(
        selection["value"].to_numpy(), rich_plan.selection.loc[selection.index, "value"].to_numpy()
    )
    yearly = pd.read_csv(written["yearly"], index_col="year")
    np.testing.assert_array_equal(yearly["utilisation"].to_numpy(), rich_plan.yearly["utilisation"].to_numpy())
    lines = written["selection"].read_bytes().split(b"\r\n")
    assert len(lines) == len(rich_plan.selection) + 2 and lines[-1] == b""  # CRLF line ends (RFC 4180)


def test_csv_is_byte_identical_across_runs(rich_plan: tp.Plan, tmp_path: Path) -> None:
    second = solve(rich_frame())
    one, two = rich_plan.to_csv(tmp_path / "one"), second.to_csv(tmp_path / "two")
    for name in one:
        assert one[name].read_bytes() == two[name].read_bytes(), name


def test_csv_is_byte_identical_with_the_catalogue_rows_shuffled(rich_plan: tp.Plan, tmp_path: Path) -> None:
    shuffled = solve(rich_frame().sample(frac=1.0, random_state=7))
    assert list(shuffled.catalog.ids) != list(rich_plan.catalog.ids)
    one, two = rich_plan.to_csv(tmp_path / "one"), shuffled.to_csv(tmp_path / "two")
    for name in one:
        assert one[name].read_bytes() == two[name].read_bytes(), name


def test_csv_escapes_formula_text(tmp_path: Path) -> None:
    plan = hostile_plan()
    selection = pd.read_csv(plan.to_csv(tmp_path / "safe")["selection"], keep_default_na=False)
    assert selection["name"].tolist() == ["'" + h for h in HOSTILE]
    assert set(selection["agency"]) == {"'-Dinas"}
    assert selection["priority"].tolist() == [1, 2, 3, 4, 5, 6]  # numbers are untouched
    raw = pd.read_csv(plan.to_csv(tmp_path / "raw", escape_formulas=False)["selection"], keep_default_na=False)
    assert raw["agency"].tolist() == ["-Dinas"] * len(HOSTILE)


def test_csv_into_a_file_path_is_refused(rich_plan: tp.Plan, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text("x")
    with pytest.raises(tp.TargetplanError, match=r"is a file; CSV tables go into a folder"):
        rich_plan.to_csv(tmp_path / "plan.csv")


# ============================================================================ atomic writes
def _boom(*args, **kwargs):
    raise RuntimeError("disk full")


def test_failed_excel_write_keeps_the_previous_file(
    rich_plan: tp.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = rich_plan.to_excel(tmp_path / "plan.xlsx")
    before = path.read_bytes()
    calls = []
    real = openpyxl.Workbook.create_sheet

    def fail_on_third_sheet(self: Any, title: str | None = None, index: int | None = None) -> Any:
        calls.append(title)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(self, title, index)

    monkeypatch.setattr(openpyxl.Workbook, "create_sheet", fail_on_third_sheet)
    with pytest.raises(RuntimeError, match="disk full"):
        rich_plan.to_excel(path)
    assert len(calls) == 3
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_failed_json_write_keeps_the_previous_file(
    rich_plan: tp.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = rich_plan.to_json(tmp_path / "plan.json")
    before = path.read_bytes()
    real = Path.write_bytes

    def half_then_fail(self: Path, data: bytes) -> int:
        real(self, data[: len(data) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_bytes", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        rich_plan.to_json(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]
    assert tp.read_plan(path).total_value == rich_plan.total_value


def test_failed_csv_write_keeps_every_previous_file(
    rich_plan: tp.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "tables"
    rich_plan.to_csv(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = pd.DataFrame.to_csv
    calls = []

    def fail_on_third(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail_on_third)
    with pytest.raises(RuntimeError, match="disk full"):
        hostile_plan().to_csv(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_written_files_get_ordinary_permissions(rich_plan: tp.Plan, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    path = rich_plan.to_json(tmp_path / "plan.json")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    rich_plan.to_json(path)
    assert path.stat().st_mode & 0o777 == 0o640  # replacing a file keeps its mode


def test_atomic_path_cleans_up_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out" / "x.txt"
    with pytest.raises(RuntimeError), tpio.atomic_path(target) as tmp:
        tmp.write_text("half")
        _boom()
    assert list((tmp_path / "out").iterdir()) == []


# ============================================================================ command line
def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "targetplan.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def cli_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    programs = folder / "programs.csv"
    rich_frame().to_csv(programs, index=False)
    budget = folder / "budget.csv"
    budget.write_text("year,ceiling\n2024,9000000000\n2025,7000000000\n2026,5000000000\n", encoding="utf-8")
    previous = folder / "previous.csv"
    previous.write_text(
        "id,name,planned_total,realised_2023,completed\n"
        "GOV-01,Command centre,5000000000,2000000000,false\n"
        "OLD-01,Old portal,1000000000,900000000,false\n",
        encoding="utf-8",
    )
    return {"folder": folder, "programs": programs, "budget": budget, "previous": previous}


@pytest.fixture(scope="module")
def cli_plan_json(cli_inputs: dict[str, Path]) -> Path:
    out = cli_inputs["folder"] / "saved" / "plan.json"
    result = run_cli(
        "plan", cli_inputs["programs"], "--budget", cli_inputs["budget"], "--out", out, cwd=cli_inputs["folder"]
    )
    assert result.returncode == 0, result.stderr
    assert f"berkas rencana ditulis ke {out}" in result.stdout
    return out


def test_cli_plan_out_json_reloads_to_the_same_plan(cli_inputs: dict[str, Path], cli_plan_json: Path) -> None:
    plan = tp.read_plan(cli_plan_json).check()
    assert plan.catalog.source == "programs.csv"
    direct = tp.optimize(tp.read_catalog(cli_inputs["programs"]), tp.read_budget(cli_inputs["budget"]))
    assert plan.selected_ids == direct.selected_ids
    assert plan.total_value == pytest.approx(direct.total_value, rel=1e-12)


def test_cli_plan_out_xlsx_in_english(cli_inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = run_cli(
        "plan", cli_inputs["programs"], "--budget", cli_inputs["budget"], "--out", out, "--lang", "en", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "IDR " in result.stdout and f"workbook written to {out}" in result.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["summary", "selection", "why_not", "targets", "costs", "budget", "levels", "about"]
    assert book["selection"]["A1"].value == "Id"


def test_cli_plan_out_folder_writes_csv(cli_inputs: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("plan", cli_inputs["programs"], "--budget", cli_inputs["budget"], "--out", "tables", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "costs.csv",
        "levels.csv",
        "selection.csv",
        "targets.csv",
        "yearly.csv",
    ]


@pytest.mark.parametrize(
    ("out", "match"),
    [
        ("plan.txt", "error: --out plan.txt: unknown output type; give a .xlsx workbook or a .json file or a folder"),
        ("plan.csv", "error: --out plan.csv: CSV output is a folder of tables; give a folder name without a suffix"),
    ],
)
def test_cli_plan_bad_out_fails_before_solving(
    cli_inputs: dict[str, Path], tmp_path: Path, out: str, match: str
) -> None:
    result = run_cli(
        "--lang", "en", "plan", cli_inputs["programs"], "--budget", cli_inputs["budget"], "--out", out, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(match)
    indonesian = run_cli("plan", cli_inputs["programs"], "--budget", cli_inputs["budget"], "--out", out, cwd=tmp_path)
    assert indonesian.returncode == 2 and indonesian.stderr.startswith(f"kesalahan: --out {out}: ")
    assert "give" not in indonesian.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_plan_out_unwritable_is_one_clear_error(cli_inputs: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run_cli(
        "plan",
        cli_inputs["programs"],
        "--budget",
        cli_inputs["budget"],
        "--out",
        tmp_path / "file" / "p.json",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("kesalahan: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_cli_report_prints_both_summaries(cli_plan_json: Path, tmp_path: Path) -> None:
    result = run_cli("report", cli_plan_json, "--no-marginal", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Laporan efisiensi")
    assert "Laporan keberlanjutan" in result.stdout
    assert "Dibanding cara manual" in result.stdout
    assert "Nilai tambahan per Rp 1 M" not in result.stdout  # --no-marginal


def test_cli_report_workbook_with_previous(cli_inputs: dict[str, Path], cli_plan_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    result = run_cli(
        "--lang", "en", "report", cli_plan_json, "--previous", cli_inputs["previous"], "--out", out, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Continuity index (priority)" in result.stdout
    assert "Value of one more IDR 1 bn of ceiling" in result.stdout
    assert f"workbook written to {out}" in result.stdout
    sheets = openpyxl.load_workbook(out).sheetnames
    for name in ("selection", "efficiency_baselines", "efficiency_marginal", "continuity_previous", "about"):
        assert name in sheets


def test_cli_report_of_a_file_that_is_not_a_plan(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"rows": []}', encoding="utf-8")
    result = run_cli("--lang", "en", "report", "bad.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: bad.json: at 'format': not a targetplan plan file")
    assert len(result.stderr.strip().splitlines()) == 1
    debug = run_cli("report", "bad.json", "--debug", cwd=tmp_path)
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr and "PlanFileError" in debug.stderr


def test_cli_report_of_a_failed_plan_exits_1(tmp_path: Path) -> None:
    catalog = tp.Catalog.from_frame(
        pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1], "cost_2024": [5e9], "mandatory": [True]})
    )
    tp.optimize(catalog, tp.Budget(ceilings={2024: 1e9}), raise_on_failure=False).to_json(tmp_path / "failed.json")
    result = run_cli("--lang", "en", "report", "failed.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("no plan: the saved plan has status infeasible")
    result = run_cli("report", "failed.json", cwd=tmp_path)
    assert result.stderr.startswith("tidak ada rencana: rencana yang disimpan berstatus infeasible")


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (["plan"], ["--out", ".xlsx", ".json", "CSV", "--lang", "--debug", "--out plan.json"]),
        (["report"], ["plan", "--out", "--previous", "--no-marginal", "--explain", "targetplan report plan.json"]),
        ([], ["report", "targetplan report plan.json"]),
    ],
    ids=["plan", "report", "main"],
)
def test_cli_help_mentions_files(command: list[str], options: list[str], tmp_path: Path) -> None:
    result = run_cli(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout
    for option in options:
        assert option in result.stdout
