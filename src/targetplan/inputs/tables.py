"""Reading input tables and cleaning their cells, shared by every reader of input files.

Input tables are read with every cell as text so that codes such as
``2.16.03.2.02.0035`` stay strings and a stray word in a money column can be reported
with its row instead of silently becoming ``NaN``.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputValidationError
from ..text.language import Pair, get_language, pick
from .collect import failure

_TRUE = {"true", "1", "yes", "y", "ya", "wajib", "t", "1.0"}
_FALSE = {"false", "0", "no", "n", "tidak", "f", "0.0", ""}
_ID_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")
# Indonesian style only: thousands dots in groups of three, optional decimal comma
_INDONESIAN_NUMBER = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
# one dot before exactly three digits: 750.000 is 750 written plainly, or 750 000 in Indonesian style
_AMBIGUOUS_NUMBER = re.compile(r"^[-+]?[1-9]\d{0,2}\.\d{3}$")
# a unit of rupiah at the end of a header: "Pagu (Rp)", "Biaya 2024 [IDR]", "Pagu (Rp.)"
RUPIAH_UNIT = re.compile(r"[\s_]*[\(\[]\s*(rp|rupiah|idr)\.?\s*[\)\]]$")

#: What a file holds, as messages name it: (Indonesian, English).
WHAT: dict[str, Pair] = {
    "catalogue": ("katalog", "catalogue"),
    "budget": ("anggaran (pagu)", "budget"),
    "limits": ("batas kelompok", "limits"),
    "realisation": ("realisasi", "realisation"),
    "previous masterplan": ("masterplan sebelumnya", "previous masterplan"),
    "crosswalk": ("padanan program", "crosswalk"),
    "table": ("tabel", "table"),
}


def _what(what: str) -> Pair:
    return WHAT.get(what, (what, what))


def clean_text(text: str) -> str:
    """Return text in one Unicode form: NFC (``Café`` typed either way is one word), invisible characters removed.

    Zero-width spaces, joiners, byte-order marks, soft hyphens and direction marks (Unicode
    category Cf) are dropped; they make two ids that look equal compare different.
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def look_alike(text: str) -> str:
    """Return the form two look-alike texts share: compatibility forms folded (fullwidth ``Ａ`` is ``A``), case ignored.

    Examples
    --------
    >>> look_alike("ＧＯＶ-０１") == look_alike("gov-01")
    True
    """
    return unicodedata.normalize("NFKC", clean_text(text)).casefold()


# characters people mistake for each other in ids: letter O and digit 0, l / I and 1
_CONFUSABLE = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _skeleton(text: str) -> str:
    return look_alike(text).translate(_CONFUSABLE)


def normalise_name(name: object) -> str:
    """Lower-case a column name and turn spaces and dashes into underscores.

    Invisible characters go, fullwidth letters are read as plain ones, and a unit of
    rupiah at the end (``Pagu (Rp)``) is dropped: amounts are always rupiah.

    Examples
    --------
    >>> normalise_name("Pagu (Rp)"), normalise_name("Perangkat Daerah"), normalise_name("cost_2024 [IDR]")
    ('pagu', 'perangkat_daerah', 'cost_2024')
    """
    text = unicodedata.normalize("NFKC", clean_text(str(name))).strip().lower()
    text = RUPIAH_UNIT.sub("", text)
    return re.sub(r"[\s\-]+", "_", text)


def did_you_mean(name: str, known: list[str]) -> str:
    """Return a 'did you mean' hint for ``name`` among ``known`` names, or ``""``.

    Look-alike characters count as the same (``GOV-1O`` means ``GOV-10``, letter O for zero).
    """
    return pick(did_you_mean_pair(name, known))


def did_you_mean_pair(name: str, known: list[str]) -> Pair:
    """Return the 'did you mean' hint in both languages (``("", "")`` when there is none)."""
    match = closest(name, known, 0.75)
    return (f"maksudnya '{match}'?", f"did you mean '{match}'?") if match else ("", "")


def closest(name: str, known: list[str], cutoff: float) -> str | None:
    """Return the known name closest to ``name``: the same but for look-alike characters, else the most similar."""
    skeleton = _skeleton(name)
    same = [k for k in known if _skeleton(k) == skeleton and k != name]
    if same:
        return same[0]
    match = difflib.get_close_matches(name, known, n=1, cutoff=cutoff)
    return match[0] if match else None


def close_match(name: str, known: list[str]) -> str | None:
    """Return the known name closest to ``name`` when it is very close, else ``None``."""
    return closest(name, known, 0.8)


#: ``frame.attrs`` key set by :func:`read_table`: how numbers in the table's cells are written.
NUMBER_STYLE = "number_style"
#: Any style: plain digits (``1250000.5``), or Indonesian style when unambiguous (``1.250.000,50``).
AUTO = "auto"
#: Indonesian style: dot = thousands, comma = decimal (``750.000``, ``2,5``); semicolon CSV files.
INDONESIAN = "id"


def sheet_names(path: str | Path) -> list[str]:
    """Return the sheet names of a workbook (needs openpyxl for .xlsx)."""
    with pd.ExcelFile(path) as book:
        return [str(name) for name in book.sheet_names]


def file_kind(raw: bytes) -> str:
    """Return what the first bytes of a file say it is: ``zip`` (workbook), ``ole`` (.xls), ``html`` or ``text``."""
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "html"
    return "text"


def read_table(
    path: str | Path,
    sheet: str | int = 0,
    what: str = "table",
    error: type[InputValidationError] = InputValidationError,
    allow_empty: bool = False,
    known: Callable[[str], bool] | None = None,
) -> pd.DataFrame:
    """Read a CSV or Excel file as text, with spreadsheet row numbers as the index.

    The header is the first row that is not blank — or, when ``known`` says which header
    names the table knows, the first of the first rows with two known names (a title or
    notes above the header are skipped). Its names are kept as written (a repeated name
    stays repeated, so the caller can report it). Rows whose cells are all blank are
    dropped; the other rows keep their spreadsheet row numbers. A semicolon-separated CSV
    file is the export of a comma-decimal spreadsheet (Indonesian Excel), so its
    ``frame.attrs[NUMBER_STYLE]`` is :data:`INDONESIAN`; otherwise :data:`AUTO`. In a
    workbook, number cells stay numbers and text cells text (so that ``750.000`` typed as
    text is told from the number 750). The file is opened read-only; nothing is written back.

    Raises
    ------
    InputValidationError
        (of the class ``error``) for a file that is missing, empty, not a table, a
        workbook that is damaged or has merged cells in its table, a row with more cells
        than the header, or a sheet that is not the table (naming the sheet that is).
    """
    p = Path(path)
    noun = _what(what)

    def fail(problem: Pair, fix: Pair, value: Any = None, row: Any = None) -> InputValidationError:
        return error([failure(row, None, None, value, problem, fix)], str(p), lang=get_language())

    if not p.exists():
        raise fail(
            (f"berkas {noun[0]} tidak ada", f"the {noun[1]} file does not exist"),
            ("periksa path dan folder kerja", "check the path and the working directory"),
            str(p),
        ) from None
    if p.is_dir():
        raise fail(
            (f"path {noun[0]} adalah folder, bukan berkas", f"the {noun[1]} path is a folder, not a file"),
            ("berikan path berkas .csv atau .xlsx", "give the path of a .csv or .xlsx file"),
            str(p),
        ) from None
    suffix = p.suffix.lower()
    if suffix in (".json", ".toml", ".xml", ".parquet", ".pdf", ".docx"):
        raise fail(
            (f"berkas {suffix} bukan tabel {noun[0]}", f"a {suffix} file is not a {noun[1]} table"),
            (
                "berikan berkas CSV (dipisah koma atau titik koma) atau buku kerja Excel (.xlsx)",
                "give a CSV file (comma or semicolon separated) or an Excel workbook (.xlsx)",
            ),
            str(p),
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise fail(
            (f"berkas tidak dapat dibaca: {exc.strerror or exc}", f"the file cannot be read: {exc.strerror or exc}"),
            ("periksa izin baca berkas", "check that the file can be read"),
            str(p),
        ) from None
    kind = file_kind(raw)
    if suffix in (".xlsx", ".xlsm", ".xls") or kind in ("zip", "ole"):
        grid, number_cells = _read_workbook(p, raw, kind, suffix, sheet, known, noun, fail)
        style = AUTO
    else:
        grid, style = _read_csv_text(raw, kind, noun, fail)
        number_cells = None
    frame = _with_header(grid, known)
    if frame.shape[1] == 0 or (frame.empty and not allow_empty):
        raise fail(
            (f"berkas {noun[0]} tidak berisi baris data", f"the {noun[1]} file has no data rows"),
            ("tambahkan paling sedikit satu baris di bawah judul kolom", "add at least one row under the header"),
        )
    frame.attrs[NUMBER_STYLE] = style
    if number_cells is not None:
        frame.attrs[NUMBER_CELLS] = True
    return frame


#: ``frame.attrs`` key: the table comes from a workbook, whose number cells are numbers (not text).
NUMBER_CELLS = "number_cells"


def _read_workbook(
    p: Path, raw: bytes, kind: str, suffix: str, sheet: str | int, known: Any, noun: Pair, fail: Any
) -> tuple[pd.DataFrame, bool]:
    """Return the cells of one sheet (numbers as numbers, text as text), after checking it is a sound workbook."""
    if kind == "text" and raw.strip() and _readable_text(raw):
        raise fail(
            (
                f"berkas bernama {suffix} ini berisi teks (berkas CSV yang diberi nama Excel?)",
                f"the file is named {suffix} but holds text (a CSV file given an Excel name?)",
            ),
            (
                "ganti akhiran namanya menjadi .csv, atau simpan ulang sebagai .xlsx",
                "rename it to .csv, or save it again as .xlsx",
            ),
        )
    if kind == "html":
        raise fail(
            ("berkas ini halaman HTML yang diberi nama Excel", "the file is an HTML page given an Excel name"),
            ("buka di Excel lalu simpan sebagai .xlsx", "open it in Excel and save it as .xlsx"),
        )
    if kind == "ole" or suffix == ".xls":
        raise fail(
            ("format Excel lama (.xls) tidak dibaca", "the old Excel format (.xls) is not read"),
            ("simpan ulang sebagai .xlsx (Excel Workbook)", "save it again as .xlsx (Excel Workbook)"),
        )
    if kind != "zip":
        raise fail(
            (
                "berkas ini bukan buku kerja Excel (kosong atau rusak)",
                "the file is not an Excel workbook (empty or damaged)",
            ),
            ("simpan ulang dari Excel sebagai .xlsx", "save it again from Excel as .xlsx"),
        )
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise fail(
            (
                "membaca berkas Excel memerlukan paket opsional openpyxl",
                "reading Excel files needs the optional package openpyxl",
            ),
            (
                "pip install 'targetplan[excel]' (atau simpan lembarnya sebagai CSV)",
                "pip install 'targetplan[excel]' (or save the sheet as CSV)",
            ),
        ) from None
    damaged = (
        ("buku kerja rusak atau terpotong", "the workbook is damaged or cut short"),
        (
            "simpan ulang dari Excel, atau salin lagi berkas aslinya",
            "save it again from Excel, or copy the original file again",
        ),
    )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            bad = archive.testzip()
            names = archive.namelist()
        if bad is not None or "xl/workbook.xml" not in names:
            raise fail(*damaged)
        with pd.ExcelFile(io.BytesIO(raw), engine="openpyxl") as book:
            sheets = [str(name) for name in book.sheet_names]
            found = sheet in sheets if isinstance(sheet, str) else isinstance(sheet, int) and 0 <= sheet < len(sheets)
            if not found:
                listed = ", ".join(repr(n) for n in sheets)
                raise fail(
                    (f"buku kerja tidak punya lembar {sheet!r}", f"the workbook has no sheet {sheet!r}"),
                    (
                        f"sebut lembar yang ada (nama atau posisi mulai 0): {listed}",
                        f"name an existing sheet (by name or by 0-based position): {listed}",
                    ),
                    sheet,
                )
            grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object, keep_default_na=False)
            name = sheet if isinstance(sheet, str) else sheets[sheet]
            if known is not None and sheet == 0 and len(sheets) > 1 and not _has_header(grid, known):
                for other in sheets[1:]:
                    head = pd.read_excel(
                        book, sheet_name=other, header=None, dtype=object, keep_default_na=False, nrows=15
                    )
                    if _has_header(head, known):
                        raise fail(
                            (
                                f"lembar pertama {name!r} tidak memuat tabel {noun[0]}; lembar {other!r} memuatnya",
                                f"the first sheet {name!r} holds no {noun[1]} table; the sheet {other!r} does",
                            ),
                            (
                                f'sebut lembarnya: sheet={other!r} (baris perintah: --sheet "{other}"), '
                                "atau pindahkan lembar itu ke depan",
                                f'name the sheet: sheet={other!r} (command line: --sheet "{other}"), '
                                "or move it to the front",
                            ),
                            name,
                        )
        merged = _merged_ranges(raw, name)
    except InputValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError, TypeError, IndexError, AttributeError):
        # openpyxl and pandas raise these for a workbook whose parts are missing or malformed
        raise fail(*damaged) from None
    grid = grid.map(lambda v: v if isinstance(v, int | float) and not isinstance(v, bool) else _cell_text(v))
    grid.index = pd.RangeIndex(1, 1 + len(grid))
    _show_uncalculated_formulas(io.BytesIO(raw), sheet, grid)
    _refuse_merged(grid, merged, known, fail)
    return grid, True


def _readable_text(raw: bytes) -> bool:
    """Whether the bytes are UTF-8 text without control characters (a CSV file, not a damaged binary)."""
    try:
        text = raw[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _merged_ranges(raw: bytes, sheet: str) -> list[tuple[int, int, int, int]]:
    """Return merged ranges of one sheet as (first_row, first_col, last_row, last_col), rows from 1, columns from 0."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    try:
        return [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1) for r in book[sheet].merged_cells.ranges]
    finally:
        book.close()


def _refuse_merged(grid: pd.DataFrame, merged: list[tuple[int, int, int, int]], known: Any, fail: Any) -> None:
    """Raise for merged cells in the table: a reader sees their value in the first cell only, the others blank."""
    if not merged:
        return
    cells = grid.astype(object).map(lambda v: str(v).strip())
    filled = (cells != "").sum(axis=1)
    header_row = _header_position(cells, known)
    first = int(grid.index[header_row]) if header_row is not None else 1
    inside = [m for m in merged if m[2] >= first and filled.loc[m[0] : m[2]].gt(0).any()]
    if not inside:
        return
    from .grid import column_letter

    def ref(m: tuple[int, int, int, int]) -> str:
        return f"{column_letter(m[1])}{m[0]}:{column_letter(m[3])}{m[2]}"

    listed = ", ".join(ref(m) for m in inside[:10]) + (" …" if len(inside) > 10 else "")
    raise fail(
        (
            f"sel tergabung (merge) di dalam tabel: {listed}; hanya sel pertama yang berisi nilai, "
            "sel lainnya terbaca kosong",
            f"merged cells inside the table: {listed}; only the first cell holds the value, the others read as blank",
        ),
        (
            "pisahkan sel tersebut (Unmerge) dan tulis nilainya di setiap baris dan kolom",
            "unmerge the cells and write the value in every row and column",
        ),
    )


def _read_csv_text(raw: bytes, kind: str, noun: Pair, fail: Any) -> tuple[pd.DataFrame, str]:
    """Return the cells of a CSV file as text, and its number style (by its separator)."""
    if not raw.strip():
        raise fail(
            (f"berkas {noun[0]} kosong", f"the {noun[1]} file is empty"),
            ("ekspor ulang tabelnya beserta baris judul kolom", "export the table again with its header row"),
        )
    if kind == "html":
        raise fail(
            ("berkas ini halaman HTML, bukan CSV", "the file is an HTML page, not CSV"),
            (
                "buka di Excel lalu simpan sebagai CSV UTF-8 atau .xlsx",
                "open it in Excel and save it as CSV UTF-8 or .xlsx",
            ),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(
            (
                "berkas ini bukan teks UTF-8 (berkas Excel yang diberi nama .csv, atau encoding lain?)",
                "the file is not UTF-8 text (an Excel file saved with a .csv name, or another encoding?)",
            ),
            (
                "simpan sebagai 'CSV UTF-8' dari program spreadsheet",
                "save it as 'CSV UTF-8' from your spreadsheet program",
            ),
        ) from None
    if "\x00" in text:
        raise fail(
            ("berkas berisi karakter NUL: bukan teks CSV", "the file holds NUL characters: it is not CSV text"),
            (
                "simpan sebagai 'CSV UTF-8' dari program spreadsheet",
                "save it as 'CSV UTF-8' from your spreadsheet program",
            ),
        )
    lines = [line for line in text.splitlines() if line.strip()]
    # the first line with a separator decides (a title above the header has none)
    first = next((line for line in lines[:20] if any(sep in line for sep in ",;\t|")), lines[0])
    counts = {sep: first.count(sep) for sep in (",", ";", "\t", "|")}
    sep = ";" if counts[";"] > counts[","] else ","
    other = max(("\t", "|"), key=lambda s: counts[s])
    if counts[other] > max(counts[","], counts[";"]):
        name = {"\t": ("tab", "tabs"), "|": ("garis tegak |", "the bar |")}[other]
        raise fail(
            (
                f"kolom dipisah dengan {name[0]}, bukan koma atau titik koma",
                f"the columns are separated by {name[1]}, not commas or semicolons",
            ),
            (
                "simpan sebagai CSV (dipisah koma atau titik koma) atau .xlsx dari program spreadsheet",
                "save it as CSV (comma or semicolon separated) or .xlsx from your spreadsheet program",
            ),
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise fail(
            (f"berkas tidak dapat dibaca sebagai CSV: {exc}", f"the file could not be read as CSV: {exc}"),
            ("periksa tanda kutip dan pemisah kolom", "check the quotes and the separator"),
        ) from None
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    grid.index = pd.RangeIndex(1, 1 + len(grid))
    _refuse_long_rows(grid, sep, fail)
    return grid, INDONESIAN if sep == ";" else AUTO


def _refuse_long_rows(grid: pd.DataFrame, sep: str, fail: Any) -> None:
    """Raise for rows with more filled cells than the header has names: a separator inside a cell."""
    cells = grid.map(lambda v: str(v).strip())
    nonblank = cells.index[(cells != "").any(axis=1)]
    if len(nonblank) < 2:
        return
    header = cells.loc[_first_wide(cells)]
    width = int(np.flatnonzero(header.to_numpy() != "").max()) + 1 if (header != "").any() else 0
    last = cells.apply(lambda r: int(np.flatnonzero(r.to_numpy() != "").max()) + 1 if (r != "").any() else 0, axis=1)
    long_rows = [int(r) for r in cells.index[(last > width) & (cells.index > header.name)]]
    if not long_rows:
        return
    mark = {",": ("koma", "comma"), ";": ("titik koma", "semicolon")}[sep]
    listed = ", ".join(str(r) for r in long_rows[:10]) + (" …" if len(long_rows) > 10 else "")
    raise fail(
        (
            f"baris {listed} punya sel lebih banyak daripada judul kolom ({width}): ada {mark[0]} di dalam sel "
            "tanpa tanda kutip (di nama, atau angka seperti 1,5)?",
            f"rows {listed} have more cells than the header ({width}): a {mark[1]} inside a cell without quotes "
            "(in a name, or a number such as 1,5)?",
        ),
        (
            'beri tanda kutip ganda pada sel itu ("Wi-Fi, tahap 2"), atau simpan ulang dari program spreadsheet',
            'put that cell in double quotes ("Wi-Fi, phase 2"), or save the file again from your spreadsheet program',
        ),
    )


def _first_wide(cells: pd.DataFrame) -> Any:
    """Return the first row with more than one filled cell (the header below a title), else the first filled."""
    filled = (cells != "").sum(axis=1)
    wide = filled.index[filled > 1]
    return wide[0] if len(wide) else filled.index[filled > 0][0]


def _has_header(grid: pd.DataFrame, known: Callable[[str], bool]) -> bool:
    cells = grid.astype(object).map(lambda v: str(v).strip())
    return _header_position(cells, known, strict=True) is not None


def _header_position(cells: pd.DataFrame, known: Any, strict: bool = False) -> int | None:
    """Position of the header row: the first of the first 15 filled rows with two known names (else the first)."""
    filled = np.flatnonzero((cells != "").any(axis=1).to_numpy())
    if not len(filled):
        return None
    if known is not None:
        for i in filled[:15]:
            names = [normalise_name(v) for v in cells.iloc[i] if v != ""]
            if sum(1 for n in names if known(n)) >= 2:
                return int(i)
    return None if strict else int(filled[0])


def _show_uncalculated_formulas(path: Path | io.BytesIO, sheet: str | int, grid: pd.DataFrame) -> None:
    """Put the formula text in cells whose formula has no stored value.

    A workbook written by a program (not saved by Excel) holds formulas without their
    values; read for values, such a cell looks blank, i.e. a cost of 0. With its formula
    text in place it is reported instead (``is_formula``).
    """
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
        for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            if r > len(grid):
                break
            for j, value in enumerate(row[: grid.shape[1]]):
                if isinstance(value, str) and value.startswith("=") and grid.iat[r - 1, j] == "":
                    grid.iat[r - 1, j] = value
    finally:
        book.close()


def is_formula(value: Any) -> bool:
    """Whether a cell holds a spreadsheet formula (``=...``) rather than a value."""
    return isinstance(value, str) and value.strip().startswith("=")


#: The fix for a formula cell without a value.
FORMULA_FIX: Pair = (
    "buku kerja menyimpan rumus tanpa nilai hasil hitungnya (ditulis oleh program, belum pernah dihitung): "
    "buka di Excel atau LibreOffice lalu simpan lagi, atau tulis angkanya langsung",
    "the workbook holds a formula without its computed value (written by a program, never calculated): "
    "open it in Excel or LibreOffice and save it again, or write the number itself",
)


def _with_header(grid: pd.DataFrame, known: Any = None) -> pd.DataFrame:
    """Drop blank rows, take the header row (see :func:`read_table`); columns blank throughout are dropped."""
    cells = grid.astype(object).where(grid.notna(), "").map(lambda v: str(v).strip())
    keep_rows = (cells != "").any(axis=1)
    grid, cells = grid[keep_rows], cells[keep_rows]
    if grid.empty:
        return pd.DataFrame()
    at = _header_position(cells, known)
    at = 0 if at is None else at
    header = [str(v).strip() if pd.notna(v) else "" for v in grid.iloc[at]]
    body = grid.iloc[at + 1 :]
    blank = cells.loc[body.index]
    keep = [j for j, name in enumerate(header) if name != "" or (blank.iloc[:, j] != "").any()]
    frame = body.iloc[:, keep].copy()
    # a blank header above data gets pandas' usual name
    frame.columns = [header[j] if header[j] != "" else f"Unnamed: {j}" for j in keep]
    return frame


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped strings in one Unicode form (see :func:`clean_text`), with missing values as ``""``.

    A whole number in a number cell reads without ``.0`` (an id or a year typed as a number).
    """
    out = series.astype(object).where(series.notna(), "")
    return out.map(_as_str)


def _as_str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return clean_text(str(value)).strip()


def parse_numbers(series: pd.Series, style: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written as text.

    Parameters
    ----------
    series : Series
        Cells; numeric series, and number cells of a workbook or an object column, are
        taken as they are.
    style : {"auto", "id"}, optional
        ``"auto"`` reads plain digits (``1250000.5``) and Indonesian style where it cannot
        be read otherwise (``1.250.000,50``, ``2,5``); a text cell that could mean two
        numbers 1000 times apart (``750.000``: 750, or 750 000 in Indonesian style) is not
        read (see :func:`ambiguous`). ``"id"`` reads Indonesian style only: a dot separates
        thousands and a comma the decimals (``750.000`` is 750000; ``0.4`` is not a number
        there, ``0,4`` is). Defaults to the style :func:`read_table` recorded in
        ``series.attrs``, else ``"auto"``.

    Returns
    -------
    values : Series of float
        Parsed values, ``NaN`` where blank or not a number.
    bad : Series of bool
        True where the cell is not blank and is not a number.
    """
    if style is None:
        style = series.attrs.get(NUMBER_STYLE, AUTO)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.astype(float)
        return values, pd.Series(False, index=series.index)
    number = series.map(_is_number).astype(bool)
    text = as_text(series).where(~number, "")
    if style == INDONESIAN:
        plain = text.map(_from_indonesian).astype(object)
        values = pd.to_numeric(plain.where(text != "", np.nan), errors="coerce").astype(float)
        bad = values.isna() & (text != "")
    else:
        unclear = text.map(lambda s: bool(_AMBIGUOUS_NUMBER.match(s))).astype(bool)
        if unclear.any() and _dot_decimals(text[~unclear]):
            unclear[:] = False  # the column writes decimals with a dot
        elif unclear.any() and _dot_thousands(text[~unclear]):
            text = text.where(~unclear, text.str.replace(".", "", regex=False))  # the column groups thousands
            unclear[:] = False
        values = pd.to_numeric(text.where((text != "") & ~unclear, np.nan), errors="coerce").astype(float)
        bad = values.isna() & (text != "") & ~unclear
        if bad.any():
            retry = text[bad]
            fixed = retry.map(lambda s: s.replace(".", "").replace(",", ".") if _ID_NUMBER.match(s) else s)
            again = pd.to_numeric(fixed, errors="coerce")
            values.loc[again.index] = again.astype(float)
        bad = (values.isna() & (text != "")) | unclear
    if number.any():
        values[number] = series[number].astype(float)
    return values, bad


_DOT_DECIMAL = re.compile(r"^[-+]?\d*\.(\d{1,2}|\d{4,})$|^[-+]?\d{4,}\.\d+$|^[-+]?0\.\d+$")


def _dot_decimals(others: pd.Series) -> bool:
    """Whether other cells of the column show a dot as the decimal mark and none shows Indonesian style.

    ``21.987`` alone could mean 21987; beside ``9.5`` or ``1234.567`` in the same column it is
    a decimal, as a program writing plain numbers would put it.
    """
    dots = others.map(lambda s: bool(_DOT_DECIMAL.match(s))).astype(bool)
    indonesian = others.map(lambda s: bool(_ID_NUMBER.match(s))).astype(bool)
    return bool(dots.any()) and not bool(indonesian.any())


def _dot_thousands(others: pd.Series) -> bool:
    """Whether other cells of the column are in Indonesian style (``1.250.000``, ``2,5``) and none has a dot decimal."""
    dots = others.map(lambda s: bool(_DOT_DECIMAL.match(s))).astype(bool)
    indonesian = others.map(lambda s: bool(_ID_NUMBER.match(s))).astype(bool)
    return bool(indonesian.any()) and not bool(dots.any())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool | np.bool_)


def ambiguous(cell: Any, style: str) -> bool:
    """Whether a text cell reads as two numbers 1000 times apart (``750.000``) in a file of ``style``.

    In a semicolon-separated file (Indonesian style) a dot always separates thousands, so
    nothing is ambiguous there.

    Examples
    --------
    >>> ambiguous("750.000", "auto"), ambiguous("1.250.000", "auto"), ambiguous("0.125", "auto")
    (True, False, False)
    """
    return style != INDONESIAN and isinstance(cell, str) and bool(_AMBIGUOUS_NUMBER.match(cell.strip()))


def number_problem(cell: Any, style: str, noun: Pair, example: Pair | None = None) -> tuple[Pair, Pair]:
    """Return the problem and fix of a cell that is not read as a number: a formula, two possible numbers, or text."""
    if is_formula(cell):
        return ("rumus tanpa nilai", "a formula without a value"), FORMULA_FIX
    if ambiguous(cell, style):
        text = str(cell).strip()
        small, large = f"{float(text):g}", text.replace(".", "")
        return (
            (
                f"bisa berarti {small} atau {large} (titik sebagai pemisah ribuan)",
                f"could mean {small} or {large} (a dot as the thousands separator)",
            ),
            (
                f"tulis {large} bila maksudnya {large}, atau {small.replace('.', ',')} bila maksudnya {small}; atau "
                f"simpan berkas dengan pemisah titik koma (gaya Indonesia, {text} = {large})",
                f"write {large} if you mean {large}, or {small} if you mean {small}; or save the file with "
                f"semicolons (Indonesian style, where {text} is {large})",
            ),
        )
    if style == INDONESIAN:
        hint: Pair = (
            "gaya Indonesia seperti berkas berpemisah titik koma ini: 750.000 atau 1.250.000,50",
            "in Indonesian style, as this semicolon-separated file uses: 750.000 or 1.250.000,50",
        )
    else:
        hint = (
            "dengan angka biasa (1250000.5) atau gaya Indonesia (1.250.000,50)",
            "in plain digits (1250000.5) or in Indonesian style (1.250.000,50)",
        )
    hint = example or hint
    return ("bukan angka", "not a number"), (
        f"tulis {noun[0]} sebagai angka, {hint[0]}",
        f"write the {noun[1]} as a number, {hint[1]}",
    )


def _from_indonesian(cell: str) -> str | float:
    """Rewrite an Indonesian-style number (``1.250.000,50``) as ``1250000.50`` for ``pd.to_numeric``.

    A cell with a dot or comma placed where Indonesian style puts none (``0.4``) is not
    a number (``NaN``); other cells (``inf``, ``1e9``, words) are returned unchanged.
    """
    if _INDONESIAN_NUMBER.match(cell):
        return cell.replace(".", "").replace(",", ".")
    return math.nan if "." in cell or "," in cell else cell


def parse_bools(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse yes/no cells (true/false, 1/0, ya/tidak); blank is False."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype(bool), pd.Series(False, index=series.index)
    text = as_text(series).str.lower()
    values = text.isin(_TRUE)
    bad = ~(text.isin(_TRUE) | text.isin(_FALSE))
    return values, bad


def split_list(value: str) -> tuple[str, ...]:
    """Split a ``;``- or ``,``-separated cell into stripped non-empty parts."""
    parts = re.split(r"[;,]", value) if value else []
    return tuple(p.strip() for p in parts if p.strip())
