"""Write ``renstra_diskominfo.xlsx``: an illustrative printed Renstra matrix of Diskominfo Kota Bogor.

Run from the repository folder (the workbook is committed; users need not run this)::

    .venv/bin/python src/targetplan/datasets/bogor/make_renstra.py

The matrix has the shape agencies print for their Renstra (program, kegiatan and sub
kegiatan with their nomenclature codes of urusan 2.16, indicators, a baseline, targets and
pagu for *Tahun 1 … 5*, the responsible agency, funding sources and location), two header
rows with merged cells, a row of column numbers and blank rows between programs. The
codes and names follow the nomenclature of Permendagri 90/2019 as updated; every target
and amount is invented.
"""

from __future__ import annotations

from pathlib import Path

FIRST_YEAR = 2025
AGENCY = "Dinas Komunikasi dan Informatika"
NOTE = (
    "DATA ILUSTRASI — kode dan nomenklatur mengikuti Permendagri 90/2019 beserta pemutakhirannya; "
    "indikator, target dan pagu adalah rekaan untuk contoh targetplan, bukan data resmi Pemerintah Kota Bogor. "
    "(Illustrative data: invented targets and amounts, not official figures.)"
)

# (code, name) of the hierarchy rows
HIERARCHY = [
    ("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"),
    ("2.16", "URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA"),
    ("2.16.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"),
    ("2.16.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"),
    ("2.16.02", "PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK"),
    ("2.16.02.2.01", "Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota"),
    ("2.16.03", "PROGRAM PENGELOLAAN APLIKASI INFORMATIKA"),
    (
        "2.16.03.2.01",
        "Pengelolaan Nama Domain yang Telah Ditetapkan oleh Pemerintah Pusat dan Sub Domain di Lingkup "
        "Pemerintah Daerah Kabupaten/Kota",
    ),
    ("2.16.03.2.02", "Pengelolaan E-Government di Lingkup Pemerintah Daerah Kabupaten/Kota"),
]
HIERARCHY_INDICATORS = {
    "2.16.02": ("Indeks kepuasan layanan informasi publik", "indeks", "3,20", ["3,30", "3,40", "3,50", "3,55", "3,60"]),
    "2.16.03": ("Indeks SPBE Kota Bogor", "indeks", "3,11", ["3,25", "3,40", "3,55", "3,70", "3,85"]),
}

# sub kegiatan: code, name, indicator, unit, baseline, targets 1-5, pagu 1-5 (rupiah), funding sources, location
M = 1_000_000
SUB_KEGIATAN = [
    (
        "2.16.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah dokumen perencanaan perangkat daerah",
        "dokumen",
        "2",
        ["2", "2", "2", "2", "3"],
        [120 * M, 125 * M, 130 * M, 135 * M, 180 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.01.2.01.0007",
        "Evaluasi Kinerja Perangkat Daerah",
        "Jumlah laporan evaluasi kinerja perangkat daerah",
        "laporan",
        "4",
        ["4", "4", "4", "4", "4"],
        [85 * M, 88 * M, 92 * M, 95 * M, 99 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.02.2.01.0002",
        "Monitoring Opini dan Aspirasi Publik",
        "Jumlah laporan monitoring opini dan aspirasi publik",
        "laporan",
        "12",
        ["12", "12", "12", "12", "12"],
        [450 * M, 470 * M, 490 * M, 510 * M, 530 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.02.2.01.0005",
        "Pengelolaan Media Komunikasi Publik",
        "Jumlah konten media komunikasi publik yang dipublikasikan",
        "konten",
        "1.200",
        ["1.300", "1.400", "1.500", "1.600", "1.700"],
        [1_850 * M, 1_950 * M, 2_050 * M, 2_150 * M, 2_250 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.02.2.01.0006",
        "Pelayanan Informasi Publik",
        "Persentase permohonan informasi publik yang diselesaikan (non kumulatif)",
        "%",
        "92",
        ["94", "95", "96", "97", "98"],
        [320 * M, 330 * M, 345 * M, 360 * M, 375 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.03.2.01.0001",
        "Pengelolaan Nama Domain yang Telah Ditetapkan oleh Pemerintah Pusat dan Sub Domain di Lingkup "
        "Pemerintah Daerah Kabupaten/Kota",
        "Persentase sub domain perangkat daerah yang aktif dan aman",
        "%",
        "80",
        ["85", "90", "95", "100", "100"],
        [210 * M, 220 * M, 230 * M, 240 * M, 250 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.03.2.02.0014",
        "Penyelenggaraan Jaringan Intra Pemerintah Daerah Kabupaten/Kota",
        "Persentase perangkat daerah terhubung jaringan intra pemerintah (kumulatif)",
        "%",
        "72",
        ["80", "85", "90", "95", "100"],
        [3_050 * M, 2_900 * M, 2_700 * M, 2_500 * M, 2_400 * M],
        "DAU 60%; PAD 40%",
        "Perangkat daerah, kecamatan dan kelurahan",
    ),
    (
        "2.16.03.2.02.0025",
        "Koordinasi Pemanfaatan Portal Pelayanan Pemerintah Daerah yang Terintegrasi",
        "Jumlah layanan publik yang terintegrasi dalam portal pelayanan",
        "layanan",
        "35",
        ["45", "60", "75", "90", "100"],
        [1_400 * M, 1_650 * M, 1_800 * M, 1_750 * M, 1_700 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.03.2.02.0035",
        "Koordinasi dan Fasilitasi Promosi Literasi SPBE dan/atau Kolaborasi Penyelenggaraan SPBE",
        "Jumlah ASN yang mengikuti literasi SPBE",
        "orang",
        "400",
        ["500", "600", "700", "800", "900"],
        [380 * M, 400 * M, 420 * M, 440 * M, 460 * M],
        "PAD",
        "Kota Bogor",
    ),
    (
        "2.16.03.2.02.0037",
        "Koordinasi Tata Kelola SPBE",
        "Nilai domain tata kelola SPBE (indeks)",
        "indeks",
        "2,90",
        ["3,10", "3,30", "3,50", "3,70", "3,90"],
        [650 * M, 700 * M, 760 * M, 820 * M, 880 * M],
        "DAU",
        "Kota Bogor",
    ),
]
#: A second indicator shown on the line under a sub kegiatan (code and pagu blank), as matrices do.
SECOND_INDICATOR = {
    "2.16.03.2.02.0014": (
        "Jumlah titik jaringan intra pemerintah",
        "titik",
        "240",
        ["270", "290", "310", "330", "350"],
    ),
}


def _num(text: str) -> float | int:
    """Return a number written in Indonesian style (``1.200``, ``3,20``) as a spreadsheet stores it."""
    value = float(text.replace(".", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def _sum(codes: list[str], year: int) -> int:
    return sum(s[6][year] for s in SUB_KEGIATAN if any(s[0].startswith(c + ".") for c in codes))


def write(path: Path) -> Path:
    """Write the workbook to ``path`` and return it."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Renstra 2025-2029"
    last_col = 20
    bold = Font(bold=True)
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = "RENCANA PROGRAM, KEGIATAN, SUB KEGIATAN DAN PENDANAAN"
    ws["A2"] = f"{AGENCY.upper()} KOTA BOGOR — RENSTRA PERANGKAT DAERAH 2025–2029"
    ws["A3"] = NOTE
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        ws.cell(r, 1).font = Font(bold=r < 3, italic=r == 3, color="C00000" if r == 3 else None)
    ws.row_dimensions[3].height = 30
    ws.row_dimensions[5].height = 45
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    single = {
        1: "Kode",
        2: "Program/Kegiatan/Sub Kegiatan",
        3: "Indikator Kinerja Program (Outcome) dan Kegiatan/Sub Kegiatan (Output)",
        4: "Satuan",
        5: f"Kondisi Awal ({FIRST_YEAR - 1})",
        18: "Perangkat Daerah Penanggung Jawab",
        19: "Sumber Dana",
        20: "Lokasi",
    }
    for col, text in single.items():
        ws.cell(5, col, text)
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    for k in range(5):
        col = 6 + 2 * k
        ws.cell(5, col, f"Tahun {k + 1} ({FIRST_YEAR + k})")
        ws.merge_cells(start_row=5, start_column=col, end_row=5, end_column=col + 1)
        ws.cell(6, col, "Target")
        ws.cell(6, col + 1, "Rp")
    ws.cell(5, 16, "Kondisi Akhir (2029)")
    ws.merge_cells(start_row=5, start_column=16, end_row=5, end_column=17)
    ws.cell(6, 16, "Target")
    ws.cell(6, 17, "Rp")
    for col in range(1, last_col + 1):
        ws.cell(7, col, f"({col})")
        for r in (5, 6, 7):
            cell = ws.cell(r, col)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.border = box
    row = 8
    fills = {1: "FCE4D6", 2: "FCE4D6", 3: "FFF2CC", 5: "E2EFDA"}
    previous_program = None
    for code, name in HIERARCHY:
        parts = len(code.split("."))
        if parts == 3 and previous_program is not None:
            row += 1  # a blank spacer row between programs
        if parts == 3:
            previous_program = code
        ws.cell(row, 1, code)
        ws.cell(row, 2, name)
        if code in HIERARCHY_INDICATORS:
            indicator, unit, base, targets = HIERARCHY_INDICATORS[code]
            ws.cell(row, 3, indicator)
            ws.cell(row, 4, unit)
            ws.cell(row, 5, _num(base))
            for k, t in enumerate(targets):
                ws.cell(row, 6 + 2 * k, _num(t))
            ws.cell(row, 16, _num(targets[-1]))
        if parts >= 3:
            for k in range(5):
                ws.cell(row, 7 + 2 * k, _sum([code], k))
            ws.cell(row, 17, sum(_sum([code], k) for k in range(5)))
            ws.cell(row, 18, AGENCY)
        for col in range(1, last_col + 1):
            ws.cell(row, col).font = bold
            ws.cell(row, col).fill = PatternFill("solid", fgColor=fills.get(parts, "FFFFFF"))
            ws.cell(row, col).border = box
        row += 1
        for sub in SUB_KEGIATAN:
            if parts == 5 and sub[0].startswith(code + "."):
                row = _write_sub(ws, row, sub, box)
    ws.cell(row + 1, 2, "JUMLAH")
    ws.cell(row + 1, 2).font = bold
    for k in range(5):
        ws.cell(row + 1, 7 + 2 * k, sum(s[6][k] for s in SUB_KEGIATAN))
    widths = {1: 19, 2: 46, 3: 44, 4: 10, 5: 10, 18: 22, 19: 16, 20: 24}
    for col in range(1, last_col + 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = widths.get(col, 9 if col % 2 == 0 else 15)
    for r in range(8, row + 2):
        for col in (7, 9, 11, 13, 15, 17):
            ws.cell(r, col).number_format = "#,##0"
        for col in range(1, last_col + 1):
            ws.cell(r, col).alignment = Alignment(wrap_text=col in (2, 3, 18, 20), vertical="top")
        # wrapped text needs its row height set: a workbook written by a program is not laid out by Excel
        lines = max(-(-len(str(ws.cell(r, col).value or "")) // int(widths[col] * 0.95)) for col in (2, 3, 18, 20))
        ws.row_dimensions[r].height = 15 * max(lines, 1)
    ws.freeze_panes = "C8"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    about = book.create_sheet("Catatan")
    about["A1"] = NOTE
    about["A2"] = (
        "Kode disimpan sebagai teks. Baca dengan: tp.read_renstra('renstra_diskominfo.xlsx') "
        "atau: targetplan import renstra_diskominfo.xlsx --out programs.csv"
    )
    about.column_dimensions["A"].width = 140
    book.save(path)
    return path


def _write_sub(ws: object, row: int, sub: tuple, box: object) -> int:
    code, name, indicator, unit, base, targets, pagu, sources, location = sub
    cells = {1: code, 2: name, 3: indicator, 4: unit, 5: _num(base), 16: _num(targets[-1]), 17: sum(pagu)}
    cells.update({18: AGENCY, 19: sources, 20: location})
    for k in range(5):
        cells[6 + 2 * k] = _num(targets[k])
        cells[7 + 2 * k] = pagu[k]
    for col, value in cells.items():
        ws.cell(row, col, value)  # type: ignore[attr-defined]
    for col in range(1, 21):
        ws.cell(row, col).border = box  # type: ignore[attr-defined]
    row += 1
    if code in SECOND_INDICATOR:
        indicator, unit, base, targets = SECOND_INDICATOR[code]
        for col, value in {3: indicator, 4: unit, 5: _num(base), 16: _num(targets[-1])}.items():
            ws.cell(row, col, value)  # type: ignore[attr-defined]
        for k in range(5):
            ws.cell(row, 6 + 2 * k, _num(targets[k]))  # type: ignore[attr-defined]
        for col in range(1, 21):
            ws.cell(row, col).border = box  # type: ignore[attr-defined]
        row += 1
    return row


if __name__ == "__main__":
    print(write(Path(__file__).with_name("renstra_diskominfo.xlsx")))
