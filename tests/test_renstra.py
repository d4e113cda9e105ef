"""Reading Renstra / RKPD matrices: SIPD exports and printed matrices, into a catalogue checked by hand."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import targetplan as tp
from targetplan.cli import main

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

openpyxl = pytest.importorskip("openpyxl")

PROGRAM = ("2.16.03", "PROGRAM PENGELOLAAN APLIKASI INFORMATIKA")
KEGIATAN = ("2.16.03.2.02", "Pengelolaan E-Government di Lingkup Pemerintah Daerah Kabupaten/Kota")


def _book(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    book.save(path)
    return path


# ---------------------------------------------------------------------- a flat SIPD export
FLAT_HEADER = [
    "id_unik", "kode_bidang_urusan", "kode_program", "nama_program", "kode_giat", "nama_giat", "kode_sub_giat",
    "nama_sub_giat", "kode_skpd", "nama_skpd", "indikator", "satuan", "target_awal", "target_1", "target_2",
    "target_3", "pagu_1", "pagu_2", "pagu_3", "target_akhir", "realisasi_target_1", "tahun_awal", "tahun_akhir",
    "nama_dana",
]  # fmt: skip


def _flat_rows() -> list[list[Any]]:
    common = ["2.16", *PROGRAM, *KEGIATAN]
    return [
        FLAT_HEADER,
        ["a1", *common, "2.16.03.2.02.0014", "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kabupaten/Kota",
         "2.16.0.00.0.00.01.0000", "Dinas Komunikasi dan Informatika", "OPD terhubung (kumulatif)", "%", "72",
         "80", "90", "100", "1.250.000.000,50", "1000000000", "900000000", "100", "", "2025", "2027", "PAD"],
        ["a2", *common, "2.16.03.2.02.25",
         "Koordinasi Pemanfaatan Portal Pelayanan Pemerintah Daerah yang Terintegrasi",
         "2.16.0.00.0.00.01.0000", "Dinas Komunikasi dan Informatika", "Layanan terintegrasi", "layanan", "35",
         "45", "60", "75", "1400000000", "1650000000", "1800000000", "75", "", "2025", "2027", "DAU; DAK Fisik"],
        ["a3", *common, "2.16.03.2.02.0035",
         "Koordinasi dan Fasilitasi Promosi Literasi SPBE dan/atau Kolaborasi Penyelenggaraan SPBE",
         "2.16.0.00.0.00.01.0000", "Dinas Komunikasi dan Informatika", "ASN terliterasi", "orang", "400",
         "500", "600", "700", "380000000", "400000000", "420000000", "700", "", "2025", "2027", "DAU 60%; PAD 40%"],
    ]  # fmt: skip


def test_a_flat_sipd_export_becomes_the_expected_catalogue(tmp_path: Path) -> None:
    cat = tp.read_renstra(_book(tmp_path / "sipd.xlsx", _flat_rows()))
    assert cat.years == (2025, 2026, 2027)  # first year from tahun_awal
    frame = cat.to_frame().set_index("id")
    assert list(frame.index) == ["2.16.03.2.02.0014", "2.16.03.2.02.25", "2.16.03.2.02.0035"]
    assert cat.row_labels.tolist() == [2, 3, 4]  # spreadsheet rows
    first = frame.loc["2.16.03.2.02.0014"]
    assert first["name"] == "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kabupaten/Kota"
    assert first[["cost_2025", "cost_2026", "cost_2027"]].tolist() == [1_250_000_000.5, 1e9, 9e8]
    assert first[["target_2025", "target_2026", "target_2027"]].tolist() == [80, 90, 100]
    assert first[["unit", "agency", "indicator"]].tolist() == [
        "%",
        "Dinas Komunikasi dan Informatika",
        "OPD terhubung (kumulatif)",
    ]
    assert first[["urusan", "bidang", "program", "kegiatan"]].tolist() == ["2", "2.16", "2.16.03", "2.16.03.2.02"]
    assert first[["program_name", "kegiatan_name"]].tolist() == [PROGRAM[1], KEGIATAN[1]]
    assert first["target_kind"] == "cumulative" and first["target_baseline"] == 72.0
    assert first["priority"] == 1.0 and first["status"] == "new" and first["mode"] == "whole"
    # funding sources in one cell: one source pays all, shares split, several without shares are kept as text
    assert first[["cost_2025_PAD", "cost_2025_DAU"]].tolist() == [1_250_000_000.5, 0]
    spbe = frame.loc["2.16.03.2.02.0035"]
    assert spbe[["cost_2025_DAU", "cost_2025_PAD"]].tolist() == pytest.approx([228e6, 152e6])
    portal = frame.loc["2.16.03.2.02.25"]
    assert portal["funding_sources"] == "DAU; DAK Fisik"
    assert portal[["cost_2025_DAU", "cost_2025_PAD"]].tolist() == [0, 0]
    assert cat.sources == ("DAU", "PAD")


def test_funding_sources_in_columns_and_a_semicolon_csv(tmp_path: Path) -> None:
    path = tmp_path / "sipd.csv"
    path.write_text(
        "kode_sub_giat;nama_sub_giat;satuan;target_1;pagu_1_DAU;pagu_1_DAK_Fisik;pagu_2_DAU;pagu_2_DAK_Fisik\n"
        "2.16.03.2.02.0014;Jaringan Intra;%;80;1.000.000.000;250.000.000,50;900.000.000;0\n"
        ";;;;;;;\n"
        "2.16.03.2.02.0025;Portal;layanan;45;750.000;0;750.000;0\n",
        encoding="utf-8",
    )
    cat = tp.read_renstra(path, first_year=2026)
    frame = cat.to_frame().set_index("id")
    assert cat.years == (2026, 2027) and cat.sources == ("DAKFISIK", "DAU")
    assert frame.loc["2.16.03.2.02.0014", ["cost_2026", "cost_2026_DAKFISIK"]].tolist() == [
        1_250_000_000.5,
        250_000_000.5,
    ]
    assert frame.loc["2.16.03.2.02.0025", "cost_2027"] == 750_000  # Indonesian style: the dot groups thousands
    assert cat.row_labels.tolist() == [2, 4]  # the blank spacer row keeps the numbering


# ---------------------------------------------------------------------- printed matrices
def _printed_two_rows() -> tuple[list[list[Any]], tuple[str, ...]]:
    rows = [
        ["RENCANA PROGRAM, KEGIATAN DAN PENDANAAN DINAS KOMUNIKASI DAN INFORMATIKA"],
        [],
        ["Kode", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Satuan", "Kondisi Awal",
         "Tahun 1", None, "Tahun 2", None, "Kondisi Akhir", None, "Perangkat Daerah Penanggung Jawab", "Sumber Dana"],
        [None, None, None, None, None, "Target", "Rp", "Target", "Rp", "Target", "Rp", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)", "(13)"],
        [*PROGRAM, "Indeks SPBE", "indeks", 3.11, 3.3, 3_000_000_000, 3.5, 3_100_000_000, 3.5, 6_100_000_000,
         "Diskominfo"],
        [*KEGIATAN, None, None, None, None, 3_000_000_000, None, 3_100_000_000, None, None, "Diskominfo"],
        ["2.16.03.2.02.14", "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kabupaten/Kota",
         "OPD terhubung", "%", 72, 80, 2_000_000_000, 90, 2_100_000_000, 90, 4_100_000_000, "Diskominfo", "DAU"],
        [None, None, "Titik jaringan", "titik", 240, 270, None, 290, None, 290, None, None, None],
        [],
        ["2.16.03.2.02.25", "Koordinasi Pemanfaatan Portal Pelayanan Pemerintah Daerah yang Terintegrasi",
         "Layanan terintegrasi", "layanan", 35, 45, 1_000_000_000, 60, 1_000_000_000, 60, 2_000_000_000,
         "Diskominfo", "PAD"],
        [None, "JUMLAH", None, None, None, None, 3_000_000_000, None, 3_100_000_000],
    ]  # fmt: skip
    merges = ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:G3", "H3:I3", "J3:K3", "L3:L4", "M3:M4")
    return rows, merges


def test_a_printed_matrix_with_two_header_rows_and_merged_cells(tmp_path: Path) -> None:
    rows, merges = _printed_two_rows()
    path = _book(tmp_path / "renstra.xlsx", rows, merges)
    with pytest.warns(
        tp.TargetKindWarning, match=r"2\.16\.03\.2\.02\.14 \(unit '%', targets 80 to 90\) looks cumulative"
    ):
        cat = tp.read_renstra(path, first_year=2025)  # a percentage rising each year, its kind not stated
    frame = cat.to_frame().set_index("id")
    assert list(frame.index) == ["2.16.03.2.02.14", "2.16.03.2.02.25"]  # 2-digit sub kegiatan kept as written
    assert cat.row_labels.tolist() == [8, 11]
    intra = frame.loc["2.16.03.2.02.14"]
    assert intra[["cost_2025", "cost_2026", "target_2025", "target_2026"]].tolist() == [2e9, 2.1e9, 80, 90]
    assert intra[["program_name", "kegiatan_name", "agency"]].tolist() == [PROGRAM[1], KEGIATAN[1], "Diskominfo"]
    assert intra["more_indicators"] == "Titik jaringan"  # the indicator on the line below, without a code
    assert intra["cost_2025_DAU"] == 2e9
    tree = tp.code_hierarchy(cat)
    assert tree.index.tolist() == ["2", "2.16", "2.16.03", "2.16.03.2.02"]
    assert tree.loc["2.16.03.2.02", ["level", "name", "parent", "programmes", "cost"]].tolist() == [
        "kegiatan",
        KEGIATAN[1],
        "2.16.03",
        2,
        6.1e9,
    ]


def test_a_printed_matrix_with_one_header_row_in_a_semicolon_csv(tmp_path: Path) -> None:
    path = tmp_path / "renstra.csv"
    path.write_text(
        "Matriks Renstra (ilustrasi);;;;;;;\n"
        ";;;;;;;\n"
        "Kode;Uraian;Satuan;Target Tahun 1;Rp Tahun 1 (juta);Target Tahun 2;Rp Tahun 2 (juta);Lokasi\n"
        "2.16.03;PROGRAM PENGELOLAAN APLIKASI INFORMATIKA;;;;;;\n"
        ";;;;;;;\n"
        "2.16.03.2.02;Pengelolaan E-Government;;;;;;\n"
        "2.16.03.2.02.0014;Penyelenggaraan Jaringan Intra;%;80%;1.250,5;85 %;-;Kota Bogor\n",
        encoding="utf-8",
    )
    with pytest.warns(tp.TargetKindWarning, match="looks cumulative"):
        cat = tp.read_renstra(path, first_year=2025)
    row = cat.to_frame().set_index("id").loc["2.16.03.2.02.0014"]
    assert row[["cost_2025", "cost_2026", "target_2025", "target_2026"]].tolist() == [1_250_500_000, 0, 80, 85]
    assert row[["location", "kegiatan_name"]].tolist() == ["Kota Bogor", "Pengelolaan E-Government"]


def test_the_sample_matrix_reads_as_the_readme_says() -> None:
    cat = tp.read_renstra(tp.example_path("bogor", "renstra_diskominfo.xlsx"))
    frame = cat.to_frame()
    assert cat.years == (2025, 2026, 2027, 2028, 2029) and len(cat) == 10
    assert sorted(set(frame["program"])) == ["2.16.01", "2.16.02", "2.16.03"]
    assert frame.set_index("id").loc["2.16.03.2.02.0014", "more_indicators"] == "Jumlah titik jaringan intra pemerintah"


# ---------------------------------------------------------------------- what cannot be read is reported
def _fails(path: Path, **kwargs: Any) -> pd.DataFrame:
    with pytest.raises(tp.RenstraValidationError) as info:
        tp.read_renstra(path, **kwargs)
    return info.value.failure_cases


def test_an_unknown_header_is_listed_with_the_headers_found(tmp_path: Path) -> None:
    rows = [["Kode", "Program/Kegiatan/Sub Kegiatan", "Rp Tahun 1", "Warna"], ["2.16.03.2.02.0014", "Jaringan", 1, "x"]]
    path = _book(tmp_path / "m.xlsx", rows)
    with pytest.raises(
        tp.RenstraValidationError,
        match=r"row 1, column 'Warna \(D\)': a header that matches no catalogue column.*the headers found: Kode; "
        r"Program/Kegiatan/Sub Kegiatan; Rp Tahun 1; Warna",
    ):
        tp.read_renstra(path, first_year=2025)


def test_no_code_column_lists_the_first_row(tmp_path: Path) -> None:
    path = _book(tmp_path / "m.xlsx", [["Nama", "Pagu"], ["Jaringan", 1]])
    with pytest.raises(
        tp.RenstraValidationError, match=r"row 1: no header row with a code column.*value: 'Nama; Pagu'"
    ):
        tp.read_renstra(path, first_year=2025)


def test_bad_cells_are_reported_with_row_and_column(tmp_path: Path) -> None:
    rows, merges = _printed_two_rows()
    rows[7][0] = "2.16.3.2.02.14"  # malformed code
    rows[10][6] = "satu miliar"  # not a number
    rows[10][12] = "DAU 60%; PAD 30%"  # shares that do not add up
    failures = _fails(_book(tmp_path / "m.xlsx", rows, merges), first_year=2025)
    problems = {(r.row, r.column): r.problem for r in failures.itertuples()}
    assert problems[(8, "Kode (A)")].startswith("the program part '3' should have 2 digit(s)")
    assert problems[(11, "Tahun 1 | Rp (G)")] == "not a number"
    assert problems[(11, "Sumber Dana (M)")] == "the shares of the funding sources add up to 90%, not 100%"
    with pytest.raises(
        tp.RenstraValidationError, match=r"row 11, id 2.16.03.2.02.25, column 'Tahun 1 \| Rp \(G\)': not a number"
    ):
        tp.read_renstra(tmp_path / "m.xlsx", first_year=2025)


def test_a_missing_parent_is_reported(tmp_path: Path) -> None:
    rows, merges = _printed_two_rows()
    rows[10][0] = "2.16.03.2.01.0001"  # its kegiatan 2.16.03.2.01 is not in the file
    with pytest.raises(
        tp.RenstraValidationError, match=r"row 11, column 'Kode \(A\)': its kegiatan 2.16.03.2.01 is not in the file"
    ):
        tp.read_renstra(_book(tmp_path / "m.xlsx", rows, merges), first_year=2025)


def test_numbered_years_need_a_first_year(tmp_path: Path) -> None:
    rows, merges = _printed_two_rows()
    with pytest.raises(tp.RenstraValidationError, match=r"does not say which year is Tahun 1.*pass first_year"):
        tp.read_renstra(_book(tmp_path / "m.xlsx", rows, merges))
    with pytest.raises(tp.RenstraValidationError, match=r"the file's first year is 2025, but first_year=2026"):
        tp.read_renstra(_book(tmp_path / "sipd.xlsx", _flat_rows()), first_year=2026)


def test_a_missing_file_and_a_wrong_sheet(tmp_path: Path) -> None:
    with pytest.raises(tp.RenstraValidationError, match="the Renstra / RKPD matrix file does not exist"):
        tp.read_renstra(tmp_path / "nope.xlsx")
    path = _book(tmp_path / "m.xlsx", _flat_rows())
    with pytest.raises(tp.RenstraValidationError, match=r"no sheet 'Renja'.*'Sheet'"):
        tp.read_renstra(path, sheet="Renja")


def test_reading_never_modifies_the_file(tmp_path: Path) -> None:
    rows, merges = _printed_two_rows()
    path = _book(tmp_path / "m.xlsx", rows, merges)
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.warns(tp.TargetKindWarning):
        tp.read_renstra(path, first_year=2025)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime == 1_600_000_000


# ---------------------------------------------------------------------- the command line
def test_targetplan_import_writes_a_catalogue_with_codes_as_text(tmp_path: Path, capsys: Any) -> None:
    matrix = tp.example_path("bogor", "renstra_diskominfo.xlsx")
    out = tmp_path / "programs.csv"
    assert main(["import", str(matrix), "--first-year", "2025", "--out", str(out), "--lang", "id"]) == 0
    assert "ok: 10 sub kegiatan (2025-2029) dalam 3 program dan 4 kegiatan" in capsys.readouterr().out
    back = tp.read_catalog(out)
    assert back.to_frame()["code"].tolist() == list(tp.read_renstra(matrix).ids)
    xlsx = tmp_path / "programs.xlsx"
    assert main(["import", str(matrix), "--out", str(xlsx)]) == 0
    assert tp.read_catalog(xlsx).to_frame()["kegiatan"].iloc[0] == "2.16.01.2.01"


def test_targetplan_import_reports_bad_input_with_exit_code_2(tmp_path: Path, capsys: Any) -> None:
    rows, merges = _printed_two_rows()
    path = _book(tmp_path / "m.xlsx", rows, merges)
    assert main(["import", str(path)]) == 2
    assert "does not say which year is Tahun 1" in capsys.readouterr().err
    assert main(["import", str(path), "--first-year", "2025", "--out", str(path)]) == 2
    assert "is the matrix file being read" in capsys.readouterr().err
