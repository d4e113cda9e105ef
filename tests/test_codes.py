"""Nomenclature codes: parsing, the level columns of a catalogue, group limits by program code, codes as text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import targetplan as tp

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("text", "level", "parent", "key"),
    [
        ("2", "urusan", None, "2"),
        ("2.16", "bidang", "2", "2.16"),
        ("2.16.03", "program", "2.16", "2.16.03"),
        ("2.16.03.2.02", "kegiatan", "2.16.03", "2.16.03.2.02"),
        ("2.16.03.2.02.0014", "sub_kegiatan", "2.16.03.2.02", "2.16.03.2.02.0014"),
        ("2.16.03.2.02.14", "sub_kegiatan", "2.16.03.2.02", "2.16.03.2.02.0014"),
        (" 2.16.03 ", "program", "2.16", "2.16.03"),
    ],
)
def test_codes_are_parsed_level_by_level(text: str, level: str, parent: str | None, key: str) -> None:
    code = tp.parse_code(text)
    assert (code.level, code.parent, code.key, code.style) == (level, parent, key, "permendagri90")


def test_an_old_code_is_recognised_but_has_no_levels() -> None:
    code = tp.parse_code("1.25 . 1.25.01 . 15.02")
    assert (code.style, code.level, code.parent, code.prefix("program")) == ("permendagri13", "kegiatan", None, None)
    assert tp.parse_code("1.25.1.25.01.15.02").key == "1.25 . 1.25.01 . 15.02"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2.16.3", r"the program part '3' should have 2 digit\(s\)"),
        ("2.1", r"bidang urusan part '1' should have 2 digit\(s\) \(a spreadsheet that stored the code as a number"),
        ("2.16.03.2", "a kegiatan code has two parts after the program"),
        ("2.16.03.2.02.014", r"sub kegiatan part '014' should have 2 or 4 digit\(s\)"),
        ("2.16.x3", r"'x3' is not"),
        ("2..16", "digits separated by single dots"),
        ("", "missing code"),
    ],
)
def test_a_malformed_code_says_which_part_is_wrong(text: str, message: str) -> None:
    with pytest.raises(tp.ArgumentError, match=message):
        tp.parse_code(text)


def _coded(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"id": i, "name": i, "kode_nomenklatur": c, "priority": p, "cost_2025": cost} for i, c, p, cost in rows]
    )


def test_a_catalogue_with_codes_gets_the_level_columns() -> None:
    cat = tp.Catalog.from_frame(
        _coded([("A", "2.16.02.2.01.0001", 1, 1e9), ("B", "2.16.03.2.02.14", 1, 1e9), ("C", "2.20.02", 1, 1e9)])
    )
    frame = cat.to_frame().set_index("id")
    assert frame.loc["B", ["code", "urusan", "bidang", "program", "kegiatan"]].tolist() == [
        "2.16.03.2.02.14",
        "2",
        "2.16",
        "2.16.03",
        "2.16.03.2.02",
    ]
    assert frame.loc["C", "kegiatan"] == ""
    assert all(isinstance(v, str) for v in frame["program"])


def test_catalogue_code_problems_name_row_and_column() -> None:
    frame = _coded([("A", "2.16.3", 1, 1e9), ("B", "1.25 . 1.25.01 . 15.02", 1, 1e9), ("C", "2.16.03.2.02", 1, 1e9)])
    frame["program"] = ["", "", "2.16.02"]
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.Catalog.from_frame(frame)
    text = str(info.value)
    assert "row 0, id A, column 'code': the program part '3' should have 2 digit(s)" in text
    assert "row 1, id B, column 'code': an old (Permendagri 13/2006) code" in text
    assert "row 2, id C, column 'program': differs from the program of the code (2.16.03)" in text


def test_a_kegiatan_and_its_sub_kegiatan_are_not_both_programmes() -> None:
    frame = _coded([("K", "2.16.03.2.02", 1, 1e9), ("S", "2.16.03.2.02.0014", 1, 1e9)])
    with pytest.raises(
        tp.CatalogValidationError, match=r"row 0, id K, column 'code': both this code and 2.16.03.2.02.0014"
    ):
        tp.Catalog.from_frame(frame)


def test_group_limit_by_program_code_changes_the_plan_as_expected() -> None:
    # one year, ceiling 8: the best pair is A + C (value 10); a floor of 7 on program 2.16.03
    # (B and C) forces B + C (value 9)
    cat = tp.Catalog.from_frame(
        _coded(
            [("A", "2.16.02.2.01.0001", 6, 5e9), ("B", "2.16.03.2.02.0014", 5, 4e9), ("C", "2.16.03.2.02.0025", 4, 3e9)]
        )
    )
    free = tp.optimize(cat, tp.Budget(ceilings={2025: 8e9}))
    assert sorted(free.selected_ids) == ["A", "C"] and free.total_value == pytest.approx(10)
    floor = tp.GroupLimit(group_by="program", group="2.16.03", floor=7e9)
    bound = tp.optimize(cat, tp.Budget(ceilings={2025: 8e9}, limits=[floor])).check()
    assert sorted(bound.selected_ids) == ["B", "C"] and bound.total_value == pytest.approx(9)
    by_program = bound.by("program")
    assert by_program.loc["2.16.03", ["candidates", "programmes", "cost"]].tolist() == [2, 2, 7e9]
    assert by_program.loc["2.16.02", "programmes"] == 0
    cap = tp.GroupLimit(group_by="kegiatan", group="2.16.03.2.02", cap=3e9)
    capped = tp.optimize(cat, tp.Budget(ceilings={2025: 8e9}, limits=[cap]))
    assert sorted(capped.selected_ids) == ["A", "C"]


def test_an_unknown_program_code_in_a_limit_lists_the_codes() -> None:
    cat = tp.Catalog.from_frame(_coded([("A", "2.16.02.2.01.0001", 6, 5e9)]))
    limit = tp.GroupLimit(group_by="program", group="2.16.3", cap=1e9)
    with pytest.raises(tp.BudgetValidationError, match=r"no programme has program = '2.16.3'.*use one of: 2.16.02"):
        tp.optimize(cat, tp.Budget(ceilings={2025: 8e9}, limits=[limit]))


def test_by_an_unknown_column_says_which_columns_exist(bogor_plan: tp.Plan) -> None:
    with pytest.raises(tp.ArgumentError, match="the catalogue has no column 'program'"):
        bogor_plan.by("program")
    assert bogor_plan.by("dimensi")["programmes"].sum() == len(bogor_plan.selected_ids)


def test_codes_stay_text_through_csv_excel_and_json(tmp_path: Path) -> None:
    cat = tp.Catalog.from_frame(
        _coded([("2.16.03.2.02.0014", "2.16.03.2.02.0014", 1, 1e9), ("2.16.02.2.01.10", "2.16.02.2.01.10", 1, 2e9)])
    )
    frame = cat.to_frame().assign(requires="", alignment="")
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_excel(tmp_path / "c.xlsx", index=False)
    for path in (tmp_path / "c.csv", tmp_path / "c.xlsx"):
        back = tp.read_catalog(path).to_frame()
        assert back["code"].tolist() == ["2.16.03.2.02.0014", "2.16.02.2.01.10"]
        assert back["program"].tolist() == ["2.16.03", "2.16.02"]
        assert list(tp.read_catalog(path).ids) == ["2.16.03.2.02.0014", "2.16.02.2.01.10"]
    plan = tp.optimize(cat, tp.Budget(ceilings={2025: 3e9}))
    plan.to_json(tmp_path / "plan.json")
    again = tp.read_plan(tmp_path / "plan.json")
    assert again.catalog.to_frame()["code"].tolist() == ["2.16.03.2.02.0014", "2.16.02.2.01.10"]
    assert again.by("kegiatan").index.tolist() == ["2.16.02.2.01", "2.16.03.2.02"]
