"""The crosswalk from a previous masterplan (old codes, similar names) to the catalogue; continuity with it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import targetplan as tp

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def catalogue() -> tp.Catalog:
    rows = [
        ("2.16.03.2.02.0014", "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kabupaten/Kota", 5, 4e9),
        ("2.16.03.2.02.0025", "Koordinasi Pemanfaatan Portal Pelayanan Pemerintah Daerah yang Terintegrasi", 4, 3e9),
        ("1.01.02.2.01.0001", "Penyelenggaraan Pendidikan Non Formal dan Kesetaraan", 3, 2e9),
        ("2.16.02.2.01.0002", "Monitoring Opini dan Aspirasi Publik", 2, 1e9),
    ]
    frame = pd.DataFrame([{"id": c, "code": c, "name": n, "priority": p, "cost_2025": cost} for c, n, p, cost in rows])
    return tp.Catalog.from_frame(frame)


@pytest.fixture
def previous() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["P1", "1.25 . 1.25.01 . 15.02", "P3", "P4", "P5"],
            "code": ["2.16.03.2.02.14", "", "", "", ""],
            "name": [
                "Jaringan intra pemerintah",
                "Pengembangan portal pelayanan pemerintah daerah terintegrasi",
                "Penyelenggaraan Pendidikan Nonformal dan Kesetaraan",
                "Pengembangan Pasar Digital Kota",
                "Monitoring opini dan aspirasi publik.",
            ],
            "realised": [3e9, 2e9, 1e9, 5e8, 1e8],
            "completed": [False, False, False, False, False],
        }
    )


def test_crosswalk_on_old_and_new_codes_and_near_identical_names(catalogue: tp.Catalog, previous: pd.DataFrame) -> None:
    table = tp.crosswalk(previous, catalogue, min_similarity=0.7)
    assert list(table.columns) == [
        "previous_id", "previous_name", "catalogue_id", "catalogue_name", "match", "similarity", "note"
    ]  # fmt: skip
    got = table.set_index("previous_id")[["catalogue_id", "match"]].to_dict("index")
    assert got["P1"] == {"catalogue_id": "2.16.03.2.02.0014", "match": "code"}  # 2-digit code = 4-digit code
    assert table.set_index("previous_id").loc["P1", "note"] == "code 2.16.03.2.02.14 read as 2.16.03.2.02.0014"
    assert got["P3"] == {"catalogue_id": "1.01.02.2.01.0001", "match": "name"}  # Nonformal = Non Formal
    assert got["P5"] == {"catalogue_id": "2.16.02.2.01.0002", "match": "name"}
    assert got["1.25 . 1.25.01 . 15.02"] == {"catalogue_id": "2.16.03.2.02.0025", "match": "similar"}
    assert got["P4"] == {"catalogue_id": "", "match": "none"}  # listed, never dropped
    p4 = table.set_index("previous_id").loc["P4"]
    assert p4["note"].startswith("closest: ") and p4["similarity"] < 0.7


def test_a_stricter_similarity_leaves_more_unmatched(catalogue: tp.Catalog, previous: pd.DataFrame) -> None:
    table = tp.crosswalk(previous, catalogue, min_similarity=0.95).set_index("previous_id")
    assert table.loc["1.25 . 1.25.01 . 15.02", "match"] == "none"
    assert len(table) == len(previous)
    with pytest.raises(tp.ArgumentError, match="min_similarity must be a share above 0 and at most 1"):
        tp.crosswalk(previous, catalogue, min_similarity=85)


def test_the_same_id_matches_first(bogor: tp.Example) -> None:
    table = tp.crosswalk(bogor.previous, bogor.catalog)
    in_catalogue = table["previous_id"].isin(bogor.catalog.ids)
    assert (table.loc[in_catalogue, "match"] == "id").all()
    assert len(table) == len(bogor.previous)


def test_a_previous_catalogue_can_be_crosswalked(catalogue: tp.Catalog) -> None:
    table = tp.crosswalk(catalogue, catalogue)
    assert (table["match"] == "id").all()


def test_continuity_uses_the_reviewed_crosswalk(catalogue: tp.Catalog, previous: pd.DataFrame, tmp_path: Path) -> None:
    plan = tp.optimize(catalogue, tp.Budget(ceilings={2025: 8e9}))  # runs 0014 and 0025 (value 9) plus 0002
    table = tp.crosswalk(previous, catalogue, min_similarity=0.7)
    saved = tmp_path / "crosswalk.csv"
    table.to_csv(saved, index=False)
    for given in (table, saved):
        report = plan.continuity(previous=previous, crosswalk=given)
        prev = report.previous
        assert prev is not None
        assert prev.loc["P1", ["catalogue_id", "match", "category"]].tolist() == [
            "2.16.03.2.02.0014",
            "code",
            "continued",
        ]
        assert prev.loc["P4", ["catalogue_id", "match", "category"]].tolist() == ["", "none", "dropped"]
        assert prev.loc["P3", "category"] == (
            "continued" if plan.selection.at["1.01.02.2.01.0001", "runs"] else "dropped"
        )
        assert len(prev) == len(previous)
    assert "Tanpa padanan di katalog (menurut crosswalk): 1 program" in report.summary_text(lang="id")
    without = plan.continuity(previous=previous).previous
    assert without is not None and not without["in_catalogue"].any() and "match" not in without.columns


def test_an_edited_crosswalk_is_checked(catalogue: tp.Catalog, previous: pd.DataFrame) -> None:
    plan = tp.optimize(catalogue, tp.Budget(ceilings={2025: 8e9}))
    table = tp.crosswalk(previous, catalogue, min_similarity=0.7)
    table.loc[0, "catalogue_id"] = "2.16.03.2.02.0041"
    table.loc[1, "previous_id"] = "P3"
    with pytest.raises(tp.CrosswalkValidationError) as info:
        plan.continuity(previous=previous, crosswalk=table)
    text = str(info.value)
    assert "row 0, id P1, column 'catalogue_id': not a programme of the catalogue" in text
    assert "row 1, id P3, column 'previous_id': listed twice" in text
    with pytest.raises(tp.CrosswalkValidationError, match="required column 'catalogue_id' is missing"):
        plan.continuity(previous=previous, crosswalk=table.drop(columns="catalogue_id"))
    with pytest.raises(tp.ArgumentError, match="give previous= too"):
        plan.continuity(crosswalk=table)
    manual = table.iloc[2:].assign(match="")
    report = plan.continuity(previous=previous, crosswalk=manual)
    assert report.previous is not None and report.previous.loc["P1", "match"] == "none"  # not in the crosswalk
