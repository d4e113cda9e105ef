"""Programme catalogue: reading files and frames, aliases, access, and every kind of bad input."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

FAILURE_COLUMNS = ["row", "id", "column", "value", "problem", "fix"]


# ---------------------------------------------------------------------------- helpers
def base(**columns: object) -> pd.DataFrame:
    """Three valid programmes over 2024-2025; keyword arguments replace or add columns."""
    data: dict[str, object] = {
        "id": ["A", "B", "C"],
        "name": ["Alpha", "Beta", "Gamma"],
        "priority": [3.0, 2.0, 1.0],
        "cost_2024": [5e9, 4e9, 1e9],
        "cost_2025": [1e9, 0.0, 0.0],
    }
    data.update(columns)
    return pd.DataFrame(data)


def invalid(frame: pd.DataFrame, match: str, horizon: tuple[int, int] | None = None) -> pd.DataFrame:
    """Assert that validating ``frame`` raises a CatalogValidationError matching ``match``; return its failures."""
    with pytest.raises(tp.CatalogValidationError, match=match) as info:
        tp.Catalog.from_frame(frame, horizon=horizon)
    cases = info.value.failure_cases
    assert isinstance(cases, pd.DataFrame)
    assert list(cases.columns) == FAILURE_COLUMNS
    assert len(cases) >= 1
    return cases


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def sample_path() -> Path:
    return tp.example_path("bogor", "programs.csv")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A workbook whose catalogue is on the second sheet, 'Katalog'."""
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "name": ["Satu", "Dua"],
            "priority": [3, 2.5],
            "cost_2024": [1250000000.5, 4e9],
            "cost_2025": [0, 1e9],
            "mandatory": [True, False],
            "kode_rekening": ["2.16.03.2.02.0035", "2.16.03.2.02.0036"],
        }
    )
    path = tmp_path / "katalog.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"catatan": ["data ilustrasi"]}).to_excel(writer, sheet_name="Catatan", index=False)
        frame.to_excel(writer, sheet_name="Katalog", index=False)
    return path


# ---------------------------------------------------------------------------- reading
def test_read_sample(sample_path: Path) -> None:
    cat = tp.read_catalog(sample_path)
    assert len(cat) == 50
    assert cat.years == (2022, 2023, 2024, 2025, 2026, 2027)
    assert cat.horizon == (2022, 2027)
    assert cat.source == "programs.csv"
    assert cat.ids[:3] == ("GOV-01", "GOV-02", "GOV-03")
    frame = cat.to_frame()
    assert (frame["status"] == "continuing").sum() == 18
    assert frame["mandatory"].sum() == 4
    assert frame["excluded"].sum() == 1
    assert frame["mode"].value_counts().to_dict() == {"whole": 24, "flexible": 16, "scalable": 10}
    # the first data row is spreadsheet row 2 (the header is row 1)
    assert frame.index[0] == 2
    assert cat.cost_matrix().shape == (50, 6)
    assert (cat.cost_matrix() >= 0).all()


def test_sample_programme_fields(sample_path: Path) -> None:
    cat = tp.read_catalog(sample_path)
    p = cat["GOV-01"]
    assert isinstance(p, tp.Program)
    assert p.priority == 90
    assert p.mode is tp.Mode.FLEXIBLE
    assert p.status is tp.CarryOver.CONTINUING
    assert p.min_level == 0.5
    assert p.mandatory and not p.excluded
    assert p.alignment == ("SPBE", "RB", "RPJMD")
    assert p.costs[2022] == 425_000_000
    assert p.targets[2027] == 47
    assert p.unit == "indikator"
    whole = cat["GOV-03"]
    assert whole.mode is tp.Mode.WHOLE
    assert whole.min_level == 1.0
    assert whole.costs == {2022: 348_000_000.0}
    assert cat["GOV-05"].requires == ("GOV-04",)


def test_csv_semicolon_bom_indonesian_numbers_and_aliases(tmp_path: Path) -> None:
    text = (
        "\ufeffkode;nama_program;prioritas;pagu_2024;pagu_2025;satuan;perangkat_daerah;dimensi;"
        "status_kelanjutan;kode_rekening\n"
        "A;Satu;3;1.250.000.000,50;0;titik;Diskominfo;governance;baru;2.16.03.2.02.0035\n"
        "B;Dua;2,5;750000000;2.000.000;%;Bappeda;living;lanjutan;2.16.03.2.02.0036\n"
    )
    cat = tp.read_catalog(write(tmp_path / "katalog.csv", text))
    assert cat.ids == ("A", "B")
    assert cat.years == (2024, 2025)
    a, b = cat["A"], cat["B"]
    assert a.name == "Satu"
    assert a.costs == {2024: 1_250_000_000.5}
    assert b.priority == 2.5
    assert b.costs == {2024: 750_000_000.0, 2025: 2_000_000.0}
    assert (a.unit, a.agency, a.dimension) == ("titik", "Diskominfo", "governance")
    assert a.status is tp.CarryOver.NEW
    assert b.status is tp.CarryOver.CONTINUING
    # budget codes stay text in an extra column
    assert cat.extra_columns == ("kode_rekening",)
    codes = cat.column("kode_rekening")
    assert codes["A"] == "2.16.03.2.02.0035"
    assert codes["B"] == "2.16.03.2.02.0036"
    assert all(isinstance(v, str) for v in codes)


def test_indonesian_aliases_in_a_dataframe() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "Nama Program": ["Satu", "Dua"],
            "Prioritas": [3, 2],
            "Pagu 2024": [1e9, 2e9],
            "Satuan": ["aplikasi", "orang"],
            "Perangkat Daerah": ["Diskominfo", "Dishub"],
            "Dimensi": ["governance", "living"],
            "Status Kelanjutan": ["Lanjutan", "BARU"],
            "kode_rekening": ["2.16.03.2.02.0035", "1.01.02"],
        }
    )
    cat = tp.Catalog.from_frame(frame)
    out = cat.to_frame()
    assert list(out["name"]) == ["Satu", "Dua"]
    assert list(out["priority"]) == [3.0, 2.0]
    assert list(out["cost_2024"]) == [1e9, 2e9]
    assert list(out["unit"]) == ["aplikasi", "orang"]
    assert list(out["agency"]) == ["Diskominfo", "Dishub"]
    assert list(out["dimension"]) == ["governance", "living"]
    assert list(out["status"]) == ["continuing", "new"]
    assert list(cat.column("kode_rekening")) == ["2.16.03.2.02.0035", "1.01.02"]


def test_indonesian_thousands_with_a_single_dot(tmp_path: Path) -> None:
    text = "id;name;priority;cost_2024\nA;Satu;3;1.250.000.000,50\nB;Dua;2;750.000\n"
    cat = tp.read_catalog(write(tmp_path / "katalog.csv", text))
    assert cat["B"].costs[2024] == 750_000


def test_semicolon_file_rejects_a_decimal_dot(tmp_path: Path) -> None:
    text = "id;name;priority;cost_2024;mode;min_level\nA;Satu;3;1000;scalable;0.4\nB;Dua;2;1000;scalable;0,4\n"
    with pytest.raises(tp.CatalogValidationError, match=r"row 2, id A, column 'min_level': not a number") as info:
        tp.read_catalog(write(tmp_path / "katalog.csv", text))
    cases = info.value.failure_cases
    assert list(cases["id"]) == ["A"]
    assert "Indonesian style, as this semicolon-separated file uses" in cases.loc[0, "fix"]


def test_comma_file_reads_plain_numbers(tmp_path: Path) -> None:
    text = 'id,name,priority,cost_2024,cost_2025\nA,Satu,2.5,750000,"1.250.000,50"\n'
    cat = tp.read_catalog(write(tmp_path / "katalog.csv", text))
    assert cat["A"].priority == 2.5
    assert cat["A"].costs == {2024: 750_000.0, 2025: 1_250_000.5}


def test_comma_file_never_reads_750_000_as_the_smaller_number(tmp_path: Path) -> None:
    # 750.000 is 750 written plainly and 750 000 in Indonesian style: the plan would differ 1000 times
    text = "id,name,priority,cost_2024\nA,Satu,2,750.000\n"
    with pytest.raises(tp.CatalogValidationError, match=r"row 2, id A, column 'cost_2024': could mean 750 or 750000"):
        tp.read_catalog(write(tmp_path / "katalog.csv", text))


def test_excel_sheet_by_name_and_by_index(workbook: Path) -> None:
    by_name = tp.read_catalog(workbook, sheet="Katalog")
    by_index = tp.read_catalog(workbook, sheet=1)
    assert by_name == by_index
    assert by_name.ids == ("A", "B")
    assert by_name.source == "katalog.xlsx"
    assert by_name["A"].costs == {2024: 1_250_000_000.5}
    assert by_name["B"].priority == 2.5
    assert by_name["A"].mandatory is True
    assert by_name["B"].mandatory is False
    assert by_name.column("kode_rekening")["A"] == "2.16.03.2.02.0035"
    assert by_name.to_frame().index[0] == 2


def test_from_programs_with_objects_and_dicts() -> None:
    cat = tp.Catalog.from_programs(
        [
            tp.Program(id="A", name="fibre", priority=2, costs={2024: 1e9}, dimension="governance"),
            {
                "id": "B",
                "name": "wifi",
                "priority": 1,
                "costs": {2025: 2e9},
                "requires": ("A",),
                "status": "continuing",
            },
        ]
    )
    assert cat.ids == ("A", "B")
    assert cat.years == (2024, 2025)
    assert cat.source == "programs"
    assert cat["B"].requires == ("A",)
    assert cat["B"].status is tp.CarryOver.CONTINUING
    assert cat["B"].costs == {2025: 2e9}
    assert cat["A"].dimension == "governance"
    np.testing.assert_array_equal(cat.cost_matrix(), [[1e9, 0.0], [0.0, 2e9]])


def test_from_programs_with_horizon_pads_zero_years() -> None:
    cat = tp.Catalog.from_programs([tp.Program(id="A", name="a", priority=1, costs={2025: 1e9})], horizon=(2024, 2026))
    assert cat.years == (2024, 2025, 2026)
    np.testing.assert_array_equal(cat.cost_matrix(), [[0.0, 1e9, 0.0]])


def test_programmes_round_trip_through_from_programs(sample_path: Path) -> None:
    cat = tp.read_catalog(sample_path)
    again = tp.Catalog.from_programs([cat[pid] for pid in cat.ids])
    # A Program carries no funding-source parts (see test_sources.py::test_programmes_keep_their_sources):
    # the sample's cost_<YYYY>_<SOURCE> columns are compared there, every other column here.
    columns = [c for c in cat.to_frame().columns if c.count("_") < 2 or not c.startswith("cost_")]
    assert len(columns) == 32 and cat.sources == ("BANPROV", "DAK", "DAU", "PAD")  # incl. target_kind etc.
    pd.testing.assert_frame_equal(
        cat.to_frame()[columns].reset_index(drop=True),
        again.to_frame()[columns].reset_index(drop=True),
        check_dtype=False,
    )


def test_from_programs_bad_programme_is_a_targetplan_error() -> None:
    with pytest.raises(tp.InputValidationError, match="priority"):
        tp.Catalog.from_programs([{"id": "A", "name": "a", "priority": -1, "costs": {2024: 1e9}}])


def test_from_programs_lists_the_problems_of_every_programme() -> None:
    with pytest.raises(tp.CatalogValidationError, match=r"3 problems found in programs") as info:
        tp.Catalog.from_programs(
            [
                {"id": "A", "name": "a", "priority": -1},
                {"id": "B", "name": "b", "priority": 1, "mode": "half"},
                "C",
            ]
        )
    cases = info.value.failure_cases
    assert list(zip(cases["row"], cases["id"], cases["column"], strict=True)) == [
        (0, "A", "priority"),
        (1, "B", "mode"),
        (2, None, None),
    ]
    assert "'whole', 'scalable' or 'flexible'" in cases.loc[1, "fix"]


def test_getitem_returns_program_and_unknown_id_suggests(sample_path: Path) -> None:
    cat = tp.read_catalog(sample_path)
    assert cat["ECO-05"].id == "ECO-05"
    assert "ECO-05" in cat
    assert "NOPE" not in cat
    with pytest.raises(KeyError, match="did you mean 'GOV-01'"):
        cat["GOV-001"]
    with pytest.raises(KeyError, match=r"no programme with id 'GOV-001' in the catalogue; did you mean 'GOV-01'\?"):
        cat["GOV-001"]
    with pytest.raises(KeyError, match=r"no programme with id 'NOPE' in the catalogue\"$"):
        cat["NOPE"]


def test_replace_returns_a_new_validated_catalogue(small_catalog: tp.Catalog) -> None:
    changed = small_catalog.replace(mandatory={"B": True}, priority=[1, 2, 3], unit="aplikasi")
    assert changed["B"].mandatory is True
    assert [changed[p].priority for p in changed.ids] == [1.0, 2.0, 3.0]
    assert changed["A"].unit == "aplikasi"
    # the original is untouched
    assert small_catalog["B"].mandatory is False
    assert small_catalog["A"].priority == 6
    assert small_catalog["A"].unit == ""
    # the new table is validated
    with pytest.raises(tp.CatalogValidationError, match="below 0"):
        small_catalog.replace(priority={"C": -4})


def test_replace_keeps_requires_and_alignment() -> None:
    cat = make_catalog(
        [
            {"id": "A", "priority": 1, "cost_2024": 1e9, "alignment": "spbe;rpjmd"},
            {"id": "B", "priority": 1, "cost_2024": 1e9, "requires": "A"},
        ]
    )
    changed = cat.replace(priority=5)
    assert changed["B"].requires == ("A",)
    assert changed["A"].alignment == ("SPBE", "RPJMD")


def test_replace_unknown_id_is_an_error(small_catalog: tp.Catalog) -> None:
    with pytest.raises((KeyError, tp.CatalogValidationError), match="'D'"):
        small_catalog.replace(mandatory={"D": True})


def test_replace_lists_unknown_ids_columns_and_lengths(small_catalog: tp.Catalog) -> None:
    with pytest.raises(tp.CatalogValidationError, match=r"3 problems found in Catalog\.replace") as info:
        small_catalog.replace(mandatory={"D": True}, prioritty=1, unit=["x"])
    cases = info.value.failure_cases
    assert list(cases["column"]) == ["mandatory", "prioritty", "unit"]
    assert cases.loc[0, "problem"] == "no programme with id 'D' in the catalogue"
    assert cases.loc[1, "fix"].startswith("did you mean 'priority'?")
    assert "but 1 values were given" in cases.loc[2, "problem"]


def test_replace_accepts_column_aliases(small_catalog: tp.Catalog) -> None:
    assert small_catalog.replace(prioritas={"A": 9})["A"].priority == 9


def test_to_frame_returns_a_copy(small_catalog: tp.Catalog) -> None:
    frame = small_catalog.to_frame()
    frame.loc[frame.index[0], "priority"] = -100
    frame["extra"] = 1
    del frame["name"]
    again = small_catalog.to_frame()
    assert again["priority"].iloc[0] == 6
    assert "extra" not in again.columns
    assert "name" in again.columns
    assert small_catalog.frame is not small_catalog.frame
    assert small_catalog.to_frame() is not small_catalog.to_frame()


def test_horizon_wider_than_columns_counts_zero_cost() -> None:
    cat = tp.Catalog.from_frame(base(), horizon=(2023, 2026))
    assert cat.years == (2023, 2024, 2025, 2026)
    np.testing.assert_array_equal(cat.cost_matrix()[0], [0.0, 5e9, 1e9, 0.0])


def test_blank_cost_cell_is_zero() -> None:
    cat = tp.Catalog.from_frame(base(cost_2025=[1e9, np.nan, None]))
    np.testing.assert_array_equal(cat.cost_matrix()[:, 1], [1e9, 0.0, 0.0])


def test_start_window_past_the_horizon_is_trimmed() -> None:
    cat = tp.Catalog.from_frame(base(earliest_start=[2024, 2024, 2024], latest_start=[2025, 2025, 2025]))
    assert cat["A"].latest_start == 2024  # spends in both years: only a 2024 start fits
    assert cat["B"].latest_start == 2025  # one-year schedule: can move to 2025


# ---------------------------------------------------------------------------- inputs are never modified
def test_from_frame_does_not_modify_the_users_frame() -> None:
    frame = pd.DataFrame(
        {
            "kode": ["A", "B", "C"],
            "Nama Program": ["Satu", "Dua", "Tiga"],
            "prioritas": ["3", "2,5", 1],
            "pagu_2024": ["1.250.000.000,50", 4e9, None],
            "status_kelanjutan": ["baru", "lanjutan", ""],
            "requires": ["", "A", "A;B"],
            "mandatory": ["ya", "tidak", None],
            "kode_rekening": ["2.16.03.2.02.0035", "2.16", "x"],
        },
        index=[10, 20, 30],
    )
    before = copy.deepcopy(frame)
    tp.Catalog.from_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(frame.columns) == list(before.columns)
    bad = frame.assign(prioritas=[-1, "x", None])
    bad_before = copy.deepcopy(bad)
    with pytest.raises(tp.CatalogValidationError):
        tp.Catalog.from_frame(bad)
    pd.testing.assert_frame_equal(bad, bad_before)


def test_reading_files_leaves_them_unchanged(tmp_path: Path, sample_path: Path, workbook: Path) -> None:
    csv_copy = tmp_path / "programs.csv"
    shutil.copy2(sample_path, csv_copy)
    bad = write(tmp_path / "bad.csv", "id,name,priority,cost_2024\nA,a,-1,1\n")
    for path, sheet in ((csv_copy, 0), (workbook, "Katalog"), (bad, 0)):
        content, mtime = path.read_bytes(), path.stat().st_mtime_ns
        try:
            tp.read_catalog(path, sheet=sheet)
        except tp.CatalogValidationError:
            assert path is bad
        assert path.read_bytes() == content
        assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "katalog.xlsx", "programs.csv"]


# ---------------------------------------------------------------------------- bad files
def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(tp.CatalogValidationError, match="the catalogue file does not exist") as info:
        tp.read_catalog(tmp_path / "nope.csv")
    assert list(info.value.failure_cases.columns) == FAILURE_COLUMNS
    assert "nope.csv" in str(info.value)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(tp.CatalogValidationError, match="path is a folder, not a file"):
        tp.read_catalog(tmp_path)


@pytest.mark.parametrize("content", ["", "  \n\n"], ids=["zero-bytes", "blank-lines"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    with pytest.raises(tp.CatalogValidationError, match="the catalogue file is empty"):
        tp.read_catalog(write(tmp_path / "empty.csv", content))


def test_header_only_file(tmp_path: Path) -> None:
    with pytest.raises(tp.CatalogValidationError, match="has no data rows"):
        tp.read_catalog(write(tmp_path / "header.csv", "id,name,priority,cost_2024\n"))


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.csv", "id,name,priority,cost_2024\nA,Pelatihan caf\u00e9,1,100\n", "latin-1")
    with pytest.raises(tp.CatalogValidationError, match="not UTF-8") as info:
        tp.read_catalog(path)
    assert "CSV UTF-8" in info.value.failure_cases.loc[0, "fix"]


def test_wrong_excel_sheet_name(workbook: Path) -> None:
    with pytest.raises(tp.CatalogValidationError, match="the workbook has no sheet 'Nope'"):
        tp.read_catalog(workbook, sheet="Nope")


def test_wrong_excel_sheet_index(workbook: Path) -> None:
    with pytest.raises(tp.CatalogValidationError, match="no sheet 5"):
        tp.read_catalog(workbook, sheet=5)
    with pytest.raises(tp.CatalogValidationError, match=r"the workbook has no sheet 'Nope'") as info:
        tp.read_catalog(workbook, sheet="Nope")
    assert "'Catatan', 'Katalog'" in info.value.failure_cases.loc[0, "fix"]


def test_blank_rows_in_csv_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.csv", "id;name;priority;cost_2024\r\nA;a;1;1\r\n;;;\r\n;;;\r\n")
    assert tp.read_catalog(path).ids == ("A",)


def test_blank_rows_keep_the_row_numbers_of_the_others(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.csv", "id,name,priority,cost_2024\nA,a,1,1\n,,,\n\nB,b,-1,1\n")
    with pytest.raises(tp.CatalogValidationError, match=r"^1 problem found .*\n  - row 5, id B, column 'priority'"):
        tp.read_catalog(path)


# ---------------------------------------------------------------------------- bad columns
def test_duplicated_column_via_alias() -> None:
    frame = pd.DataFrame([["A", "a", 1, 1e9, 2]], columns=["id", "name", "priority", "cost_2024", "prioritas"])
    cases = invalid(frame, r"column 'prioritas': duplicated column \(same as 'priority'\)")
    assert cases.loc[0, "column"] == "prioritas"


def test_duplicated_header_in_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "dup.csv", "id,name,priority,cost_2024,priority\nA,a,1,1,2\n")
    with pytest.raises(tp.CatalogValidationError, match="duplicated column"):
        tp.read_catalog(path)


def test_unknown_column_close_to_a_known_one() -> None:
    cases = invalid(
        base(mandatroy=[True, False, False]), r"column 'mandatroy': unknown column, did you mean 'mandatory'"
    )
    assert "rename the column to 'mandatory'" in cases.loc[0, "fix"]


def test_unrelated_extra_column_is_kept() -> None:
    cat = tp.Catalog.from_frame(base(catatan=["x", "y", "z"]))
    assert cat.extra_columns == ("catatan",)


def test_missing_required_column() -> None:
    cases = invalid(base().drop(columns="priority"), r"required column 'priority' is missing")
    assert cases.loc[0, "column"] == "priority"


def test_no_cost_columns() -> None:
    invalid(base().drop(columns=["cost_2024", "cost_2025"]), r"no cost columns")


@pytest.mark.parametrize("column", ["cost_24", "target_total", "cost_2024a"])
def test_schedule_column_not_ending_in_a_year(column: str) -> None:
    cases = invalid(base(**{column: [1, 2, 3]}), rf"column '{column}': the column looks like a schedule column")
    assert cases.loc[0, "column"] == column


def test_cost_column_outside_a_given_horizon() -> None:
    cases = invalid(base(), r"column 'cost_2025': column for 2025, outside the horizon 2023-2024", horizon=(2023, 2024))
    assert list(cases["column"]) == ["cost_2025"]


def test_horizon_backwards() -> None:
    invalid(base(), r"horizon starts after it ends", horizon=(2025, 2024))


# ---------------------------------------------------------------------------- bad numbers
@pytest.mark.parametrize("column", ["priority", "cost_2024"])
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (-1.0, r"below 0 \(value: -1\.0\)"),
        ("NaN", r"not a number \(value: 'NaN'\)"),
        ("nan", r"not a number \(value: 'nan'\)"),
        (np.inf, r"infinite value \(value: inf\)"),
        ("-inf", r"infinite value \(value: '-inf'\)"),
        ("lima juta", r"not a number \(value: 'lima juta'\)"),
    ],
    ids=["negative", "NaN-text", "nan-text", "infinite", "infinite-text", "words"],
)
def test_bad_number(column: str, value: object, problem: str) -> None:
    values = list(base()[column])
    values[1] = value
    cases = invalid(base(**{column: values}), rf"row 1, id B, column '{column}': {problem}")
    assert len(cases) == 1
    assert cases.loc[0, "row"] == 1
    assert cases.loc[0, "id"] == "B"


@pytest.mark.parametrize("missing", [None, np.nan, "", "  "], ids=["None", "NaN", "empty", "spaces"])
def test_missing_priority(missing: object) -> None:
    cases = invalid(base(priority=[3, missing, 1]), r"row 1, id B, column 'priority': missing value")
    assert "fill in a priority" in cases.loc[0, "fix"]


def test_infinite_cost_fix_reads_well() -> None:
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.Catalog.from_frame(base(cost_2024=[np.inf, 1, 1]))
    assert "finite a " not in str(info.value)


def test_value_in_message_from_a_file_is_plain(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "id,name,priority,cost_2024\nA,a,-1,1\nB,b,x,1\n")
    with pytest.raises(tp.CatalogValidationError, match=r"row 2, id A, column 'priority': below 0") as info:
        tp.read_catalog(path)
    assert "np.float64" not in str(info.value)


# ---------------------------------------------------------------------------- bad categories and flags
def test_unknown_status() -> None:
    cases = invalid(base(status=["new", "old", "baru"]), r"row 1, id B, column 'status': unknown carry-over status")
    assert cases.loc[0, "value"] == "old"
    assert "lanjutan" in cases.loc[0, "fix"]


def test_unknown_mode() -> None:
    cases = invalid(base(mode=["whole", "scalable", "partial"]), r"row 2, id C, column 'mode': unknown mode")
    assert cases.loc[0, "value"] == "partial"


@pytest.mark.parametrize(("level", "problem"), [(1.5, "above 1"), (-0.1, "below 0")])
def test_min_level_outside_0_1(level: float, problem: str) -> None:
    invalid(
        base(mode=["scalable"] * 3, min_level=[0.5, level, None]),
        rf"row 1, id B, column 'min_level': {problem}",
    )


def test_min_level_below_1_on_a_whole_programme() -> None:
    invalid(
        base(mode=["whole", "scalable", "whole"], min_level=[0.5, 0.5, 1.0]),
        r"row 0, id A, column 'min_level': a 'whole' programme runs at level 1 only",
    )


def test_mandatory_and_excluded() -> None:
    invalid(
        base(mandatory=[False, True, False], excluded=["no", "yes", "no"]),
        r"row 1, id B, column 'mandatory': both mandatory and excluded",
    )


@pytest.mark.parametrize("value", ["maybe", "2", "benar"])
def test_bad_yes_no_value(value: str) -> None:
    cases = invalid(base(excluded=["ya", value, "tidak"]), r"row 1, id B, column 'excluded': not a yes/no value")
    assert cases.loc[0, "value"] == value


def test_yes_no_spellings_accepted() -> None:
    cat = tp.Catalog.from_frame(base(mandatory=["ya", "TRUE", "1"], excluded=["tidak", "false", ""]))
    assert [cat[p].mandatory for p in cat.ids] == [True, True, True]
    assert not any(cat[p].excluded for p in cat.ids)


# ---------------------------------------------------------------------------- bad start windows
def test_earliest_start_after_latest_start() -> None:
    invalid(
        base(cost_2024=[0, 4e9, 1e9], earliest_start=[2025, None, None], latest_start=[2024, None, None]),
        r"row 0, id A, column 'latest_start': latest_start is before earliest_start \(2025\)",
    )


def test_start_year_outside_the_horizon() -> None:
    invalid(
        base(earliest_start=[None, 2030, None]),
        r"row 1, id B, column 'earliest_start': outside the horizon 2024-2025",
    )


def test_start_year_not_whole() -> None:
    invalid(base(earliest_start=[None, 2024.5, None]), r"column 'earliest_start': not a whole year")


def test_schedule_spending_before_earliest_start() -> None:
    cases = invalid(
        base(earliest_start=[2025, None, None]),
        r"row 0, id A, column 'cost_2024': the schedule spends in 2024, before earliest_start 2025",
    )
    assert cases.loc[0, "value"] == 5e9


def test_schedule_that_never_fits_the_horizon() -> None:
    # a two-year schedule that may start at the earliest in the last horizon year never fits
    frame = base(cost_2026=[0.0, 2e9, 0.0], cost_2025=[1e9, 3e9, 0.0], earliest_start=[None, 2026, None])
    cases = invalid(frame, r"row 1, id B, column 'cost_2024'.*(before earliest_start 2026|never fits)")
    assert set(cases["id"]) == {"B"}


# ---------------------------------------------------------------------------- bad ids and names
def test_duplicate_ids() -> None:
    cases = invalid(base(id=["A", "B", "A"]), r"row 0, id A, column 'id': duplicate id")
    assert list(cases["row"]) == [0, 2]


def test_missing_id() -> None:
    cases = invalid(base(id=["A", None, "C"]), r"row 1, column 'id': missing id")
    assert cases.loc[0, "row"] == 1


def test_missing_id_from_a_file_has_no_nan(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "id,name,priority,cost_2024\nA,a,-1,1\n,b,2,1\n")
    with pytest.raises(tp.CatalogValidationError, match=r"row 3, column 'id': missing id") as info:
        tp.read_catalog(path)
    assert "nan" not in str(info.value)


def test_missing_name() -> None:
    cases = invalid(base(name=["Alpha", None, "  "]), r"row 1, id B, column 'name': missing name")
    assert list(cases["id"]) == ["B", "C"]


# ---------------------------------------------------------------------------- bad requires
def test_requires_unknown_id_with_did_you_mean() -> None:
    frame = base(id=["GOV-01", "GOV-02", "ECO-01"], requires=["", "GOV-1", ""])
    cases = invalid(
        frame, r"row 1, id GOV-02, column 'requires': requires an unknown programme did you mean 'GOV-01'\?"
    )
    assert cases.loc[0, "value"] == "GOV-1"


def test_requires_itself() -> None:
    invalid(base(requires=["", "B", ""]), r"row 1, id B, column 'requires': a programme cannot require itself")


def test_requires_cycle_shows_the_cycle() -> None:
    cases = invalid(
        base(requires=["B", "C", "A"]), r"the requires relation forms a cycle \(value: 'A -> B -> C -> A'\)"
    )
    assert len(cases) == 1


def test_requires_an_excluded_programme_cannot_run() -> None:
    # "what if we drop A": no error, C simply cannot run, and a warning says so
    with pytest.warns(tp.RequiresExcludedWarning, match="C requires A, which is excluded, so C cannot run"):
        cat = tp.Catalog.from_frame(base(requires=["", "", "A"], excluded=[True, False, False]))
    plan = tp.optimize(cat, tp.Budget(ceilings={2024: 1e12, 2025: 1e12})).check()
    assert "C" not in plan.selected_ids


def test_a_mandatory_programme_requiring_an_excluded_one_is_an_error() -> None:
    invalid(
        base(requires=["", "", "A"], excluded=[True, False, False], mandatory=[False, False, True]),
        r"row 2, id C, column 'requires': this mandatory programme requires A, which is excluded",
    )


def test_requires_a_programme_that_cannot_start_early_enough() -> None:
    invalid(
        base(
            requires=["B", "", ""], cost_2024=[5e9, 0, 1e9], cost_2025=[1e9, 4e9, 0], earliest_start=[None, 2025, None]
        ),
        r"requires B, which cannot start before 2025, but must itself start by 2024",
    )


# ---------------------------------------------------------------------------- bad exclusive groups
def test_two_mandatory_programmes_in_one_exclusive_group() -> None:
    cases = invalid(
        base(mandatory=[True, True, False], exclusive_group=["DC", "DC", ""]),
        r"exclusive group 'DC' has 2 mandatory programmes, but at most one may run",
    )
    assert list(cases["id"]) == ["A", "B"]


def test_group_required_members_disagree() -> None:
    cases = invalid(
        base(group_required=[True, False, False], exclusive_group=["DC", "DC", ""]),
        r"members of exclusive group 'DC' disagree on group_required",
    )
    assert set(cases["id"]) == {"A", "B"}


def test_group_required_without_a_group() -> None:
    invalid(
        base(group_required=[False, False, True]),
        r"row 2, id C, column 'group_required': group_required without an exclusive_group",
    )


def test_group_required_with_every_member_excluded() -> None:
    invalid(
        base(group_required=[True, True, False], excluded=[True, True, False], exclusive_group=["DC", "DC", ""]),
        r"exclusive group 'DC' requires one programme but all of them are excluded",
    )


# ---------------------------------------------------------------------------- many problems at once
def test_all_problems_reported_at_once_from_a_file(tmp_path: Path) -> None:
    text = (
        "id,name,priority,cost_2024,cost_2025,status,mode,mandatory\n"
        "A,Alpha,3,1000,0,new,whole,no\n"  # row 2: fine
        "B,Beta,-1,1000,0,new,whole,no\n"  # row 3: negative priority
        "C,Gamma,2,lima,0,new,whole,no\n"  # row 4: cost not a number
        "D,Delta,2,1000,0,old,whole,no\n"  # row 5: unknown status
        "E,Epsilon,2,1000,0,new,partial,no\n"  # row 6: unknown mode
        "F,Zeta,2,1000,0,new,whole,maybe\n"  # row 7: bad yes/no
        "G,,2,1000,0,new,whole,no\n"  # row 8: missing name
    )
    with pytest.raises(tp.CatalogValidationError, match=r"6 problems found in many\.csv") as info:
        tp.read_catalog(write(tmp_path / "many.csv", text))
    cases = info.value.failure_cases
    assert list(cases.columns) == FAILURE_COLUMNS
    assert len(cases) >= 5
    found = {(row, pid, col) for row, pid, col in cases[["row", "id", "column"]].itertuples(index=False)}
    assert found == {
        (3, "B", "priority"),
        (4, "C", "cost_2024"),
        (5, "D", "status"),
        (6, "E", "mode"),
        (7, "F", "mandatory"),
        (8, "G", "name"),
    }
    assert cases["problem"].nunique() == 6
    assert cases["fix"].map(bool).all()
    message = str(info.value)
    for row in range(3, 9):
        assert f"row {row}," in message


def test_all_problems_reported_at_once_from_a_frame() -> None:
    frame = base(
        id=["A", "A", ""],
        priority=[-1, "x", 1],
        status=["new", "old", "baru"],
        mode=["whole", "whole", "sometimes"],
    )
    cases = invalid(frame, r"problems found in DataFrame")
    assert len(cases) >= 5
    problems = set(cases["problem"])
    assert {"missing id", "duplicate id", "not a number", "below 0", "unknown carry-over status", "unknown mode"} <= (
        problems
    )
    assert set(cases["row"]) == {0, 1, 2}


def test_unknown_required_id_does_not_hide_a_cycle() -> None:
    cases = invalid(base(requires=["ZZ", "C", "B"]), r"the requires relation forms a cycle \(value: 'B -> C -> B'\)")
    assert set(cases["column"]) == {"requires"}
    assert len(cases) == 2


def test_cross_row_problems_reported_with_row_problems() -> None:
    frame = base(
        priority=[-1, 2, 1],
        requires=["", "ZZ", ""],
        mandatory=[False, True, True],
        exclusive_group=["", "DC", "DC"],
    )
    cases = invalid(frame, r"problems found")
    assert {"priority", "requires", "mandatory"} <= set(cases["column"])


def test_repeated_index_gives_clear_rows() -> None:
    first = pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": [1, -2], "cost_2024": [1, 1]})
    second = pd.DataFrame({"id": ["C", "D"], "name": ["c", "d"], "priority": [1, 2], "cost_2024": [1, 1]})
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.Catalog.from_frame(pd.concat([first, second]))
    cases = info.value.failure_cases
    assert "dtype" not in str(info.value)
    assert len(cases) == 1
    assert isinstance(cases.loc[0, "id"], str)
    assert cases.loc[0, "id"] == "B"


def test_not_a_dataframe() -> None:
    with pytest.raises(tp.ArgumentTypeError, match="the catalogue must be a pandas DataFrame, not list"):
        tp.Catalog.from_frame([{"id": "A"}])  # type: ignore[arg-type]


def test_no_rows() -> None:
    invalid(base().iloc[0:0], "the catalogue has no rows")


def test_errors_are_targetplan_value_errors() -> None:
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.Catalog.from_frame(base(priority=[-1, 1, 1]))
    assert isinstance(info.value, tp.InputValidationError)
    assert isinstance(info.value, tp.TargetplanError)
    assert isinstance(info.value, ValueError)
    assert info.value.source == "DataFrame"


def test_a_column_settles_what_its_dots_mean(tmp_path: Path) -> None:
    # beside 9.5 (a dot decimal) 21.987 is a decimal; beside 1.250.000 (thousands dots) 750.000 is 750 000
    text = "id,name,priority,cost_2024\nA,Satu,21.987,750.000\nB,Dua,9.5,1.250.000\n"
    cat = tp.read_catalog(write(tmp_path / "katalog.csv", text))
    assert cat["A"].priority == 21.987 and cat["B"].priority == 9.5
    assert cat["A"].costs == {2024: 750_000.0} and cat["B"].costs == {2024: 1_250_000.0}
    # with nothing else in the column to go by, it stays an error
    text = "id,name,priority,cost_2024\nA,Satu,21.987,5\nB,Dua,9.566,6\n"
    with pytest.raises(tp.CatalogValidationError, match=r"could mean 21.987 or 21987"):
        tp.read_catalog(write(tmp_path / "katalog.csv", text))
