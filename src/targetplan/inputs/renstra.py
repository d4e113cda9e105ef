"""Read a Renstra / RPJMD / RKPD matrix (a SIPD export or a printed matrix) into a catalogue.

Two shapes are read, from an Excel workbook or a CSV file:

* **flat exports** with SIPD field names, one row per sub kegiatan (and indicator):
  ``kode_sub_giat``, ``nama_sub_giat``, ``indikator``, ``satuan``, ``target_1`` …
  ``target_5``, ``pagu_1`` … ``pagu_5``, ``target_awal``, ``nama_skpd``, ``nama_dana``,
  ``nama_program``, ``nama_giat`` …;
* **printed matrices** as Bappeda and the agencies lay them out: a title, one to three
  header rows with merged cells (*Kode*, *Program/Kegiatan/Sub Kegiatan*, *Indikator*,
  *Satuan*, *Kondisi Awal*, *Tahun 1 … 5* over *Target* and *Rp*, *Kondisi Akhir*,
  *Perangkat Daerah Penanggung Jawab*, *Lokasi*), a row of column numbers, the program
  and kegiatan rows above their sub kegiatan, blank spacer rows.

The header is the first row with a *Kode* column; header rows below it are combined per
column (``Tahun 1`` over ``Rp`` reads ``Tahun 1 Rp``), merged cells are filled with their
value, and every header is matched to a catalogue column by the words it contains. A
header that matches nothing is reported, with the headers found; nothing is guessed.

Rows with codes of the deepest level in the file (sub kegiatan, or kegiatan where there
are none) become programmes: ``id`` and ``code`` are the code as text, ``name`` its
nomenclature, ``unit``, ``target_<YYYY>`` and ``cost_<YYYY>`` from the years (*Tahun 1*
is ``first_year``), ``agency`` the perangkat daerah. Program and kegiatan rows are the
hierarchy: their names go to ``program_name`` / ``kegiatan_name`` (also ``bidang_name``
and ``urusan_name``), and validation adds the level columns ``urusan`` … ``kegiatan``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import CatalogValidationError, RenstraValidationError
from ..text.language import get_language
from .catalog import Catalog
from .catalog_rules import validate
from .codes import LEVELS, NomenclatureCode, code_problem, problem_pair
from .collect import Failures
from .grid import Grid, column_letter, read_grid
from .tables import parse_numbers

__all__ = ["read_renstra"]

# ---------------------------------------------------------------------- indicator kind and baseline
# The catalogue columns that take the baseline (kondisi awal / target_awal) and the kind of an
# indicator (kumulatif …); the catalogue validates their values.
BASELINE_COLUMN = "target_baseline"
KIND_COLUMN = "target_kind"
#: Words of a stated indicator kind, normalised (see :func:`_norm`).
KIND_WORDS = {
    "kumulatif": "cumulative",
    "cumulative": "cumulative",
    "non kumulatif": "annual",
    "nonkumulatif": "annual",
    "tahunan": "annual",
    "annual": "annual",
    "indeks": "index",
    "index": "index",
}

# ---------------------------------------------------------------------- header vocabulary
#: SIPD field names (normalised) and what they are.
FLAT_FIELDS = {
    "kode sub giat": "code",
    "kode sub kegiatan": "code",
    "kode giat": "kegiatan_code",
    "kode program": "program_code",
    "nama sub giat": "name",
    "nama sub kegiatan": "name",
    "nama giat": "kegiatan_name",
    "nama kegiatan": "kegiatan_name",
    "nama program": "program_name",
    "nama bidang urusan": "bidang_name",
    "nama urusan": "urusan_name",
    "nama skpd": "agency",
    "indikator": "indicator",
    "outputteks": "indicator",
    "satuan": "unit",
    "satuanoutput": "unit",
    "targetoutput": "target_1",
    "target": "target_1",
    "pagu": "cost_1",
    "pagu n depan": "cost_2",
    "target awal": "baseline",
    "tahun awal": "first_year",
    "tahun akhir": "last_year",
    "nama dana": "sources",
    "namadana": "sources",
    "sumber dana": "sources",
    "pagudana": "source_amounts",
    "pagu dana": "source_amounts",
    "sifat target": "kind",
    "jenis target": "kind",
    "sifat indikator": "kind",
    "prioritas": "priority",
    "bobot": "priority",
}
#: SIPD bookkeeping fields and printed columns read but not used (normalised; a prefix match).
IGNORED = (
    "no",
    "nomor",
    "id ",
    "id",
    "is ",
    "kode bidang urusan",
    "kode urusan",
    "kode skpd",
    "kode sub skpd",
    "kode unit",
    "kode tujuan",
    "kode sasaran",
    "kode kegiatan",  # wp-sipd: a reference to the kegiatan row, not its code (kode_giat is)
    "kode unik",
    "kode sbl",
    "nama sub unit",
    "tujuan",
    "sasaran",
    "visi",
    "misi",
    "kebijakan",
    "strategi",
    "outcome",
    "keterangan",
    "catatan",
    "status",
    "active",
    "update at",
    "updated at",
    "created at",
    "tahun anggaran",
    "urut ",
    "realisasi",
    "target akhir",
    "kondisi akhir",
    "indikator sub",
    "satuan sub",
    "target sub",
    "pagu sub",
    "bidur lock",
    "giat lock",
    "program lock",
    "sasaran lock",
    "tujuan lock",
    "renstra prog lock",
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_ROMAN_WORDS = tuple(_ROMAN)
_COST_WORDS = {"rp", "pagu", "anggaran", "biaya", "dana", "pendanaan", "rupiah"}
_TARGET_WORDS = {"target", "capaian"}
_SCALES = {"ribu": 1e3, "ribuan": 1e3, "000": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9}
_NOT_SOURCE = {
    "indikatif",
    "usulan",
    "dalam",
    "x",
    "kerangka",
    "tahun",
    "th",
    "thn",
    "ke",
    *_ROMAN_WORDS,
    *_SCALES,
    *_COST_WORDS,
}
_RELATIVE_YEAR = re.compile(r"\b(?:tahun|th|thn)\s*(?:ke\s*)?(\d|i{1,3}|iv|vi?)\b")
_ABSOLUTE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_FLAT_YEAR = re.compile(r"^(target|pagu) (\d)(?: (.+))?$")
_HEADER_WORDS = re.compile(
    r"\b(kode|program|kegiatan|indikator|satuan|target|rp|pagu|tahun|lokasi|kondisi|awal|akhir|dana|uraian|"
    r"nama|no|urusan|bidang|sub|perangkat|opd|skpd|capaian|kinerja|sumber)\b"
)
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_TOTAL_ROW = re.compile(r"^(jumlah|total|sub ?total)\b")
#: Funding sources written out, as their short names.
SOURCE_NAMES = {
    "pendapatan asli daerah": "PAD",
    "dana alokasi umum": "DAU",
    "dana alokasi khusus": "DAK",
    "dana alokasi khusus fisik": "DAKFISIK",
    "dana alokasi khusus non fisik": "DAKNONFISIK",
    "dana bagi hasil": "DBH",
    "dana insentif daerah": "DID",
    "bantuan keuangan provinsi": "BANPROV",
    "bankeu provinsi": "BANPROV",
}


def _norm(text: str) -> str:
    """Lower-case a header or cell, punctuation to spaces, single spaces (``Tahun-1 (Rp.)`` → ``tahun 1 rp``)."""
    text = str(text).lower().replace("\n", " ")
    text = re.sub(r"[_\-/().,:;\[\]*]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Role:
    """What one column of the matrix holds."""

    role: str
    year: int | None = None  # the year as written: 1-5 (relative) or 2025 (absolute)
    source: str = ""
    scale: float = 1.0
    numbered: int | None = None  # "Tahun 1" of a header that also gives the calendar year


@dataclass
class Header:
    """The header of a matrix: where it is and what each column holds."""

    rows: list[int]
    labels: dict[int, str]
    roles: dict[int, Role] = field(default_factory=dict)

    def label(self, col: int) -> str:
        """Name a column as messages do: its header and its letter, ``Tahun 1 | Rp (H)``."""
        return f"{self.labels.get(col, '')} ({column_letter(col)})".strip()

    def columns(self, role: str) -> list[int]:
        """Return the columns holding ``role``, left to right."""
        return [c for c, r in sorted(self.roles.items()) if r.role == role]


def read_renstra(
    path: str | Path,
    first_year: int | None = None,
    sheet: str | int = 0,
    priority: float = 1.0,
) -> Catalog:
    """Read a Renstra / RPJMD / RKPD matrix into a validated :class:`~targetplan.Catalog`.

    The file is only read, never modified. See the module description and the guide
    *From SIPD / Renstra to a plan* for the shapes read and the headers recognised.

    Parameters
    ----------
    path : str or Path
        An Excel workbook (``.xlsx``) or a CSV file (comma or semicolon separated).
    first_year : int, optional
        The calendar year of *Tahun 1* (``target_1``, ``pagu_1``). Defaults to the
        file's ``tahun_awal`` column; needed when the years are relative and the file
        does not say. Headers with calendar years (``Target 2025``) need no first year.
    sheet : str or int, default 0
        Sheet name or 0-based position.
    priority : float, default 1.0
        The priority of every programme when the file has no ``prioritas`` / ``bobot``
        column (a matrix carries none). Set real priorities afterwards with
        ``catalog.replace(priority={...})``.

    Returns
    -------
    Catalog
        One programme per sub kegiatan (or kegiatan), id = code, with the columns
        ``code``, ``urusan``, ``bidang``, ``program``, ``kegiatan``, ``program_name``,
        ``kegiatan_name``, ``indicator``, ``agency`` … and ``target_<YYYY>``,
        ``cost_<YYYY>`` (and ``cost_<YYYY>_<SOURCE>`` where the funding sources say how
        a cost is paid). The index (``catalog.row_labels``) is the spreadsheet row.

    Raises
    ------
    RenstraValidationError
        With every problem at once: the spreadsheet row and the header as found (with
        its column letter), the value, the problem and the fix.

    Examples
    --------
    >>> import targetplan as tp
    >>> cat = tp.read_renstra(tp.example_path("bogor", "renstra_diskominfo.xlsx"), first_year=2025)
    >>> cat.years[0], cat["2.16.03.2.02.0014"].name
    (2025, 'Penyelenggaraan Jaringan Intra Pemerintah Daerah Kabupaten/Kota')
    """
    p = Path(path)
    grid = read_grid(p, sheet=sheet, what="Renstra / RKPD matrix", error=RenstraValidationError)
    failures = Failures()
    cells = grid.filled()
    header = find_header(grid, cells, failures)
    failures.raise_if_any(RenstraValidationError, p.name)
    assert header is not None  # find_header reports why there is none
    classify_columns(header, cells, failures)
    failures.raise_if_any(RenstraValidationError, p.name)
    reader = _Rows(header, cells, failures, first_year, priority, grid.number_style)
    frame = reader.frame()
    if frame is None:
        failures.raise_if_any(RenstraValidationError, p.name)
        raise RenstraValidationError(
            [
                {
                    "row": None,
                    "id": None,
                    "column": None,
                    "value": None,
                    "problem": (
                        "tidak ada baris sub kegiatan atau kegiatan berkode",
                        "no sub kegiatan or kegiatan rows with a code",
                    ),
                    "fix": (
                        "beri setiap baris program kodenya, seperti 2.16.03.2.02.0014",
                        "give each programme row its code, like 2.16.03.2.02.0014",
                    ),
                }
            ],
            p.name,
            lang=get_language(),
        )
    try:
        checked = validate(frame, None, p.name, number_style=grid.number_style)
    except CatalogValidationError as exc:
        for rec in exc.records():
            failures.append({**rec, "column": reader.label_of(rec["column"])})
        failures.raise_if_any(RenstraValidationError, p.name)
        raise
    failures.raise_if_any(RenstraValidationError, p.name)
    return Catalog.validated(checked, p.name)


# ---------------------------------------------------------------------- the header
def _is_numbering(values: Sequence[str]) -> bool:
    """Tell a row of column numbers under a printed header: ``1 2 3 …`` or ``(1) (2) (3) …``."""
    filled = [v for v in values if v != ""]
    if len(filled) < 3 or not all(_NUMBERING.match(v) for v in filled):
        return False
    numbers = [int(v.strip("()")) for v in filled]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _is_header_row(values: Sequence[str]) -> bool:
    """Whether a row below the first header row is a header row too: short header words, no numbers or codes."""
    filled = [v for v in values if v != ""]
    if not filled or any(len(v) > 80 for v in filled):
        return False
    if any(code_problem(v)[0] is not None or parse_numbers(pd.Series([v]))[0].notna().iat[0] for v in filled):
        return False
    return any(_HEADER_WORDS.search(_norm(v)) for v in filled)


def find_header(grid: Grid, cells: pd.DataFrame, failures: Failures) -> Header | None:
    """Find the header rows (the first row with a *Kode* column and the header rows below it)."""
    blank = (cells == "").all(axis=1)
    rows = [r for r in cells.index if not blank[r]]
    start = next(
        (r for r in rows[:40] if any(_norm(v) == "kode" or _norm(v).startswith("kode ") for v in cells.loc[r])), None
    )
    if start is None:
        first = rows[0] if rows else None
        found = [v for v in cells.loc[first] if v] if first is not None else []
        failures.add(
            first,
            None,
            None,
            "; ".join(found[:20]),
            (
                "tidak ada baris judul dengan kolom kode (Kode, kode_sub_giat) dalam 40 baris pertama; baris "
                "pertama berisi nilai yang ditampilkan",
                "no header row with a code column (Kode, kode_sub_giat) in the first 40 rows; the first row holds the "
                "value shown",
            ),
            (
                "beri matriks baris judul dengan kolom 'Kode' (atau isian SIPD kode_sub_giat) di atas baris-barisnya",
                "give the matrix a header row with a 'Kode' column (or the SIPD field kode_sub_giat) above the rows",
            ),
        )
        return None
    last = max([r1 for r0, _c0, r1, _c1 in grid.merged if r0 == start] + [start])
    header_rows = [r for r in rows if start <= r <= last]
    for r in rows:
        if r <= last:
            continue
        if len(header_rows) < 4 and _is_header_row(list(cells.loc[r])):
            header_rows.append(r)
            continue
        break
    labels = _combine(grid, cells, header_rows)
    return Header(header_rows, labels)


def _combine(grid: Grid, cells: pd.DataFrame, header_rows: list[int]) -> dict[int, str]:
    """One label per column: the texts of its header rows, top to bottom, repeats dropped."""
    block = cells.loc[header_rows].copy()
    if not grid.merged:
        # a CSV file has no merged cells: a group heading (Tahun 1) stands over the blanks right of it
        for i in range(len(header_rows) - 1):
            row, below = block.iloc[i], block.iloc[i + 1]
            for j in range(1, len(row)):
                if row.iat[j] == "" and below.iat[j] != "" and row.iat[j - 1] != "" and below.iat[j - 1] != "":
                    block.iat[i, j] = block.iat[i, j - 1]
    labels: dict[int, str] = {}
    for col in block.columns:
        parts: list[str] = []
        for value in block[col]:
            if value and (not parts or parts[-1] != value):
                parts.append(value)
        labels[int(col)] = " | ".join(parts)
    return labels


def classify(label: str) -> Role | None:
    """Tell what a column holds from its combined header (``Tahun 1 | Rp``); ``None`` when unknown.

    Examples
    --------
    >>> classify("Tahun 1 | Rp"), classify("pagu_2_DAU").source, classify("Kode").role
    (Role(role='cost', year=1, source='', scale=1.0, numbered=None), 'DAU', 'code')
    """
    parts = [p for p in label.split(" | ") if p.strip()]
    normal = [_norm(p) for p in parts]
    full = " ".join(normal)
    if len(normal) == 1 and full in FLAT_FIELDS:
        role = FLAT_FIELDS[full]
        m = re.match(r"^(target|cost)_(\d)$", role)
        return Role(m.group(1), int(m.group(2))) if m else Role(role)
    if "realisasi" in full or full.endswith("usulan"):
        return Role("ignored")
    flat = _FLAT_YEAR.match(full) if len(normal) == 1 else None
    if flat:
        which = "cost" if flat.group(1) == "pagu" else "target"
        source = parts[0].split("_", 2)[2] if flat.group(3) and "_" in parts[0] else (flat.group(3) or "")
        if which == "target" and source:
            return None
        return Role(which, int(flat.group(2)), source.upper() if source else "")
    if len(normal) >= 2 and normal[0] == "kode":
        return Role("code")  # a printed code split over columns: Kode | Urusan, Kode | Bidang …
    if any(full == w or full.startswith(w + " ") or (w.endswith(" ") and full.startswith(w)) for w in IGNORED):
        return Role("ignored")
    if "akhir" in full:
        return Role("ignored")
    measure, paid_from, scale = _measure(parts)
    if "awal" in full or "baseline" in full:
        return Role("ignored") if measure == "cost" else Role("baseline")
    year, numbered = _year(normal)
    if year is not None and measure is not None:
        return Role(measure, year, paid_from, scale, numbered)
    if "indikator" in full or "tolok ukur" in full:
        return Role("indicator")
    if full == "kode" or full.startswith("kode "):
        return Role("code")
    if "satuan" in full:
        return Role("unit")
    if any(w in full for w in ("perangkat daerah", "penanggung jawab", "unit kerja", "opd", "skpd", "pelaksana")):
        return Role("agency")
    if "lokasi" in full:
        return Role("location")
    if "sumber dana" in full:
        return Role("sources")
    if any(w in full for w in ("sifat", "jenis target", "kumulatif")):
        return Role("kind")
    if any(w in full for w in ("prioritas", "bobot")):
        return Role("priority")
    if any(w in full for w in ("program", "kegiatan", "uraian", "nomenklatur", "nama")):
        return Role("name")
    return None


def _year(normal: list[str]) -> tuple[int | None, int | None]:
    """Return the year of a header (the calendar year where it says one: ``Tahun 1 (2025)``) and its number."""
    relative = absolute = None
    for text in normal:
        m = _RELATIVE_YEAR.search(text)
        if m and relative is None:
            word = m.group(1)
            relative = int(word) if word.isdigit() else _ROMAN[word]
        m = _ABSOLUTE_YEAR.search(text)
        if m and absolute is None:
            absolute = int(m.group(1))
    return absolute if absolute is not None else relative, relative if absolute is not None else None


def _measure(parts: list[str]) -> tuple[str | None, str, float]:
    """Target or cost, from the lowest header row that says; for a cost, its funding source and scale."""
    for i in range(len(parts) - 1, -1, -1):
        words = _norm(parts[i]).split()
        if _TARGET_WORDS & set(words) and not _COST_WORDS & set(words):
            return "target", "", 1.0
        if _COST_WORDS & set(words):
            scale = next((_SCALES[w] for w in words if w in _SCALES), 1.0)
            below = " ".join(parts[i + 1 :]).strip()
            raw_words = re.sub(r"[()\[\].:]", " ", parts[i]).split()
            rest = " ".join(w for w in raw_words if _norm(w) not in _NOT_SOURCE and not _norm(w).isdigit())
            return "cost", (below or rest).strip(), scale
    return None, "", 1.0


def classify_columns(header: Header, cells: pd.DataFrame, failures: Failures) -> None:
    """Give every column with a header or data a role; unknown headers and a missing code or name are problems."""
    data = cells.loc[[r for r in cells.index if r > header.rows[-1]]]
    found = [header.labels[c] for c in sorted(header.labels) if header.labels[c]]
    listing = "; ".join(found)
    for col, label in sorted(header.labels.items()):
        has_data = bool((data[col] != "").any()) if col in data.columns else False
        if not label:
            if has_data:
                failures.add(
                    header.rows[0],
                    None,
                    f"({column_letter(col)})",
                    None,
                    ("kolom berisi data tetapi tanpa judul", "a column with data but no header"),
                    (
                        "beri kolom itu judul, atau hapus dari salinan yang dibaca",
                        "give the column a header, or delete it from the copy you read",
                    ),
                )
            continue
        role = classify(label)
        if role is None:
            failures.add(
                header.rows[0],
                None,
                header.label(col),
                label,
                (
                    "judul kolom yang tidak cocok dengan kolom katalog mana pun",
                    "a header that matches no catalogue column",
                ),
                (
                    f"ganti dengan salah satu judul di panduan (Kode, Program/Kegiatan/Sub Kegiatan, Indikator, "
                    f"Satuan, Kondisi Awal, Tahun 1 Target, Tahun 1 Rp, Perangkat Daerah, Sumber Dana, Lokasi) atau "
                    f"hapus; judul yang ditemukan: {listing}",
                    f"rename it to one of the headers in the guide (Kode, Program/Kegiatan/Sub Kegiatan, Indikator, "
                    f"Satuan, Kondisi Awal, Tahun 1 Target, Tahun 1 Rp, Perangkat Daerah, Sumber Dana, Lokasi) or "
                    f"remove it; the headers found: {listing}",
                ),
            )
            continue
        header.roles[col] = role
    flat = any(
        header.labels[c] and _norm(header.labels[c]) in ("kode sub giat", "kode sub kegiatan")
        for c in header.columns("code")
    )
    for needed, words in (("code", "Kode (or kode_sub_giat)"), ("name", "Program/Kegiatan/Sub Kegiatan")):
        if not header.columns(needed) and not (needed == "name" and flat):
            failures.add(
                header.rows[0],
                None,
                None,
                None,
                (f"kolom {words} tidak ditemukan", f"no {words} column found"),
                (
                    f"tambahkan kolomnya; judul yang ditemukan: {listing}",
                    f"add the column; the headers found: {listing}",
                ),
            )
    if len(header.columns("name")) > 1:
        for col in header.columns("name")[1:]:
            failures.add(
                header.rows[0],
                None,
                header.label(col),
                header.labels[col],
                (
                    f"kolom nama kedua (yang pertama {header.label(header.columns('name')[0])})",
                    f"a second name column (the first is {header.label(header.columns('name')[0])})",
                ),
                (
                    "pertahankan satu kolom berisi nama program, kegiatan dan sub kegiatan",
                    "keep one column with the names of programs, kegiatan and sub kegiatan",
                ),
            )
    if not any(r.role in ("cost", "target") for r in header.roles.values()):
        failures.add(
            header.rows[0],
            None,
            None,
            None,
            (
                "tidak ada kolom target atau pagu tahunan (Tahun 1 Target, Tahun 1 Rp, target_1, pagu_1 …)",
                "no yearly target or pagu columns found (Tahun 1 Target, Tahun 1 Rp, target_1, pagu_1 …)",
            ),
            (
                f"berikan target dan pagu per tahun; judul yang ditemukan: {listing}",
                f"give the years' targets and pagu; the headers found: {listing}",
            ),
        )
    seen: dict[tuple[str, int | None, str], int] = {}
    for col, role in sorted(header.roles.items()):
        if role.role in ("cost", "target"):
            key = (role.role, role.year, role.source)
            if key in seen:
                failures.add(
                    header.rows[0],
                    None,
                    header.label(col),
                    header.labels[col],
                    (
                        f"tahun dan ukuran yang sama dengan {header.label(seen[key])}",
                        f"the same year and measure as {header.label(seen[key])}",
                    ),
                    (
                        "pertahankan satu kolom per tahun untuk target dan satu untuk pagu (per sumber dana)",
                        "keep one column per year for targets and one for pagu (per funding source)",
                    ),
                )
            seen[key] = col


# ---------------------------------------------------------------------- the rows
class _Rows:
    """The data rows of a matrix turned into catalogue rows."""

    def __init__(
        self,
        header: Header,
        cells: pd.DataFrame,
        failures: Failures,
        first_year: int | None,
        priority: float,
        style: str,
    ) -> None:
        self.header = header
        self.style = style
        self.cells = cells.loc[[r for r in cells.index if r > header.rows[-1]]]
        self.failures = failures
        self.priority = priority
        self.columns: dict[str, int | str] = {}  # catalogue column -> matrix column (for messages)
        self.years = self._years(first_year)

    def label_of(self, column: Any) -> Any:
        """Return the matrix header of a catalogue column (for messages)."""
        where = self.columns.get(str(column))
        if isinstance(where, int):
            return self.header.label(where)
        return where if where is not None else column

    def _cell(self, row: int, role: str) -> str:
        cols = self.header.columns(role)
        return str(self.cells.at[row, cols[0]]) if cols else ""

    def _years(self, first_year: int | None) -> dict[int, int]:
        """Calendar year of each year written in the headers (1 → first_year; 2025 → 2025)."""
        written = sorted({r.year for r in self.header.roles.values() if r.year is not None})
        relative = [y for y in written if y < 100]
        stated = self._stated_first_year()
        if relative and first_year is None:
            first_year = stated
        if relative and first_year is None:
            self.failures.add(
                self.header.rows[0],
                None,
                None,
                None,
                (
                    "tahun-tahunnya bernomor (Tahun 1 …) dan berkas tidak menyebut tahun berapa Tahun 1",
                    "the years are numbered (Tahun 1 …) and the file does not say which year is Tahun 1",
                ),
                (
                    "berikan first_year, mis. read_renstra(path, first_year=2025) atau --first-year 2025",
                    "pass first_year, e.g. read_renstra(path, first_year=2025) or --first-year 2025",
                ),
            )
            return {}
        if relative and stated is not None and first_year != stated:
            col = self.header.columns("first_year")[0]
            self.failures.add(
                self.cells.index[0],
                None,
                self.header.label(col),
                stated,
                (
                    f"tahun pertama berkas {stated}, tetapi first_year={first_year} diberikan",
                    f"the file's first year is {stated}, but first_year={first_year} was given",
                ),
                (
                    "berikan tahun pertama yang disebut berkas, atau jangan isi first_year",
                    "give the first year the file states, or leave first_year out",
                ),
            )
        if first_year is not None:
            for col, role in sorted(self.header.roles.items()):
                if role.numbered is not None and role.year != first_year + role.numbered - 1:
                    self.failures.add(
                        self.header.rows[0],
                        None,
                        self.header.label(col),
                        self.header.labels[col],
                        (
                            f"judul kolom menjadikan Tahun {role.numbered} tahun {role.year}, "
                            f"tetapi first_year={first_year}",
                            f"the header makes Tahun {role.numbered} the year {role.year}, but first_year={first_year}",
                        ),
                        (
                            "berikan tahun pertama yang disebut judul kolom, atau jangan isi first_year",
                            "give the first year the header states, or leave first_year out",
                        ),
                    )
                    break
        start = first_year or 0
        return {y: (y if y >= 100 else start + y - 1) for y in written}

    def _stated_first_year(self) -> int | None:
        cols = self.header.columns("first_year")
        if not cols:
            return None
        values, _ = parse_numbers(self.cells[cols[0]])
        values = values.dropna().unique()
        return int(values[0]) if len(values) == 1 else None

    # ------------------------------------------------------------------ codes of rows
    def _code_text(self, row: int) -> str:
        cols = self.header.columns("code")
        if not cols:
            return ""
        if self.flat:
            for role in ("code", "kegiatan_code", "program_code"):
                for col in self.header.columns(role):
                    text = str(self.cells.at[row, col])
                    code, _ = code_problem(text)
                    if text and (role == "code" or (code is not None and code.style == "permendagri90")):
                        return text
            return ""
        return ".".join(str(self.cells.at[row, c]).strip(" .") for c in cols if str(self.cells.at[row, c]) != "")

    def _name_of(self, row: int, level: str) -> str:
        if self.flat and level != "sub_kegiatan":
            role = f"{level}_name"
            own = self._cell(row, role)
            if own:
                return own
        return self._cell(row, "name")

    @property
    def flat(self) -> bool:
        """A SIPD export: the programme code is in ``kode_sub_giat``."""
        return any(
            _norm(self.header.labels[c]) in ("kode sub giat", "kode sub kegiatan") for c in self.header.columns("code")
        )

    def frame(self) -> pd.DataFrame | None:
        """Return the catalogue table (text cells), index = spreadsheet rows; ``None`` without programme rows."""
        if not self.years and any(r.year is not None for r in self.header.roles.values()):
            return None
        code_col = self.header.columns("code")[0]
        parsed: list[tuple[int, NomenclatureCode]] = []
        continuation: dict[int, int] = {}  # row -> the programme row it adds an indicator to
        last_coded: int | None = None
        for row in self.cells.index:
            values = [str(v) for v in self.cells.loc[row]]
            if all(v == "" for v in values) or _is_numbering(values):
                continue
            text = self._code_text(row)
            if text == "":
                self._uncoded(row, last_coded, continuation)
                continue
            code, found = code_problem(text)
            problem: tuple[str, str] = problem_pair(found)
            if code is not None and code.style != "permendagri90":
                code, problem = None, ("kode lama (Permendagri 13/2006)", "an old (Permendagri 13/2006) code")
            if code is None:
                self.failures.add(
                    row,
                    None,
                    self.header.label(code_col),
                    text,
                    problem,
                    (
                        "tulis kode Permendagri 90 sebagai teks, seperti 2.16.03.2.02.0014",
                        "write the Permendagri 90 code as text, like 2.16.03.2.02.0014",
                    ),
                )
                continue
            if last_coded is not None and parsed[-1][1].key == code.key:
                continuation[row] = last_coded  # the same code again: another indicator of it
                continue
            parsed.append((row, code))
            last_coded = row
        if not parsed:
            return None
        deepest = max(LEVELS.index(c.level) for _, c in parsed)
        level = LEVELS[deepest]
        if deepest < LEVELS.index("kegiatan"):
            return None
        nodes = {c.key: (r, c) for r, c in parsed if c.level != level}
        programmes = [(r, c) for r, c in parsed if c.level == level]
        levels_in_file = {c.level for _, c in parsed}
        self._check_parents(parsed, nodes, levels_in_file, code_col)
        return self._build(programmes, nodes, continuation, level)

    def _uncoded(self, row: int, last_coded: int | None, continuation: dict[int, int]) -> None:
        """Place a row without a code: another indicator of the row above, a goal or total row, or a problem."""
        name = self._cell(row, "name")
        has_cost = any(str(self.cells.at[row, c]) not in ("", "-") for c in self.header.columns("cost"))
        has_indicator = any(
            str(self.cells.at[row, c]) != "" for c in self.header.columns("indicator") + self.header.columns("target")
        )
        if name == "" and last_coded is not None and has_indicator:
            continuation[row] = last_coded
        elif has_cost and not _TOTAL_ROW.match(_norm(name)) and name != "":
            self.failures.add(
                row,
                None,
                self.header.label(self.header.columns("code")[0]),
                "",
                (f"baris berpagu tanpa kode ({name[:60]!r})", f"a row with pagu but no code ({name[:60]!r})"),
                (
                    "beri baris itu kode nomenklaturnya, atau tandai sebagai jumlah (Jumlah …)",
                    "give the row its nomenclature code, or mark it as a total (Jumlah …)",
                ),
            )
        # otherwise a goal (tujuan / sasaran), a total or a note: not a programme

    def _check_parents(
        self,
        parsed: list[tuple[int, NomenclatureCode]],
        nodes: dict[str, tuple[int, NomenclatureCode]],
        levels_in_file: set[str],
        code_col: int,
    ) -> None:
        """Every code's parent is in the file, at each level of which the file has rows."""
        for row, code in parsed:
            parent = code.parent
            while parent is not None:
                parent_code, _ = code_problem(parent)
                assert parent_code is not None
                if parent_code.level in levels_in_file and parent not in nodes:
                    self.failures.add(
                        row,
                        None,
                        self.header.label(code_col),
                        code.text,
                        (
                            f"{parent_code.level} induknya {parent} tidak ada di berkas",
                            f"its {parent_code.level} {parent} is not in the file",
                        ),
                        (
                            f"tambahkan baris {parent_code.level} {parent} di atasnya, atau betulkan kodenya",
                            f"add the {parent_code.level} row {parent} above it, or correct the code",
                        ),
                    )
                    break
                parent = parent_code.parent

    def _build(
        self,
        programmes: list[tuple[int, NomenclatureCode]],
        nodes: dict[str, tuple[int, NomenclatureCode]],
        continuation: dict[int, int],
        level: str,
    ) -> pd.DataFrame:
        rows = [r for r, _ in programmes]
        idx = pd.Index(rows, name="row")
        code_col = self.header.columns("code")[0]
        out = pd.DataFrame(index=idx)
        texts = [c.text for _, c in programmes]
        out["id"] = texts
        out["code"] = texts
        self.columns.update({"id": code_col, "code": code_col})
        out["name"] = [self._name_of(r, level) for r in rows]
        self.columns["name"] = (self.header.columns("name") or [code_col])[0]
        for role, column in (
            ("unit", "unit"),
            ("indicator", "indicator"),
            ("agency", "agency"),
            ("location", "location"),
        ):
            if self.header.columns(role):
                out[column] = [self._cell(r, role) for r in rows]
                self.columns[column] = self.header.columns(role)[0]
        more = {r: [self._cell(c, "indicator") for c, p in continuation.items() if p == r] for r in rows}
        if any(more.values()):
            out["more_indicators"] = ["; ".join(v for v in more[r] if v) for r in rows]
        if self.header.columns("priority"):
            out["priority"] = [self._cell(r, "priority") for r in rows]
            self.columns["priority"] = self.header.columns("priority")[0]
        else:
            out["priority"] = self.priority
            self.columns["priority"] = "priority (the read_renstra argument)"
        self._baseline_and_kind(out, rows)
        self._schedule(out, rows, continuation)
        self._sources(out, rows)
        self._hierarchy_names(out, programmes, nodes)
        return out

    def _baseline_and_kind(self, out: pd.DataFrame, rows: list[int]) -> None:
        if self.header.columns("baseline"):
            out[BASELINE_COLUMN] = [_number_text(self._cell(r, "baseline")) for r in rows]
            self.columns[BASELINE_COLUMN] = self.header.columns("baseline")[0]
        kinds: list[str] = []
        for r in rows:
            stated = _norm(self._cell(r, "kind"))
            if not stated:
                found = re.search(r"\((non ?-?kumulatif|kumulatif|indeks)\)", self._cell(r, "indicator").lower())
                stated = _norm(found.group(1)) if found else ""
            if stated and stated not in KIND_WORDS:
                col = self.header.columns("kind")
                self.failures.add(
                    r,
                    None,
                    self.header.label(col[0]) if col else None,
                    stated,
                    ("sifat indikator yang tidak dikenal", "an indicator kind the reader does not know"),
                    ("tulis kumulatif, non kumulatif atau indeks", "write kumulatif, non kumulatif or indeks"),
                )
            kinds.append(KIND_WORDS.get(stated, ""))
        if any(kinds):
            out[KIND_COLUMN] = kinds

    def _schedule(self, out: pd.DataFrame, rows: list[int], continuation: dict[int, int]) -> None:
        """Targets and pagu per year (a row's later indicator rows must not give another pagu)."""
        for col, role in sorted(self.header.roles.items()):
            if role.role not in ("target", "cost") or role.year not in self.years:
                continue
            year = self.years[role.year]
            name = f"{role.role}_{year}" + (f"_{_source_key(role.source)}" if role.source else "")
            raw = self.cells.loc[rows, col].astype(str)
            if role.role == "target":
                out[name] = [_number_text(v, percent=True) for v in raw]
            else:
                out[name] = _money(raw.map(_number_text), role.scale, self.style)
                for extra, programme in continuation.items():
                    value = _number_text(str(self.cells.at[extra, col]))
                    if (
                        value not in ("", str(self.cells.at[programme, col]))
                        and _number_text(str(self.cells.at[programme, col])) != value
                    ):
                        self.failures.add(
                            extra,
                            None,
                            self.header.label(col),
                            value,
                            (
                                f"pagu lain untuk program baris {programme} (pagu cukup ditulis sekali)",
                                f"another pagu for the programme of row {programme} "
                                "(an indicator row gives the pagu once)",
                            ),
                            (
                                "kosongkan pagu pada baris indikator di bawah sub kegiatan, atau gabungkan selnya",
                                "leave the pagu blank on the indicator rows below a sub kegiatan, or merge the cells",
                            ),
                        )
            self.columns[name] = col

    def _sources(self, out: pd.DataFrame, rows: list[int]) -> None:
        """Funding sources written in one cell (``DAU; DAK Fisik``, with shares ``DAU 60%; DAK 40%``)."""
        cols = self.header.columns("sources")
        if not cols:
            return
        cost_cols = [c for c in out.columns if re.fullmatch(r"cost_\d{4}", str(c))]
        amounts_col = self.header.columns("source_amounts")
        out["funding_sources"] = [self._cell(r, "sources") for r in rows]
        self.columns["funding_sources"] = cols[0]
        for r in rows:
            parts = [p.strip() for p in re.split(r"[;,/+]|\bdan\b", self._cell(r, "sources")) if p.strip()]
            if not parts:
                continue
            shares: list[float | None] = []
            names: list[str] = []
            for part in parts:
                m = re.match(r"^(.*?)[\s:=(]*(\d+(?:[.,]\d+)?)\s*%\)?$", part)
                names.append(m.group(1).strip() if m else part)
                shares.append(float(m.group(2).replace(",", ".")) / 100 if m else None)
            keys = [_source_key(n) for n in names]
            if amounts_col and self._cell(r, "source_amounts"):
                self._source_amounts(out, r, keys, cost_cols)
                continue
            if len(parts) == 1 and shares[0] is None:
                split = [1.0]
            elif all(s is not None for s in shares):
                split = [float(s) for s in shares]  # type: ignore[arg-type]
                if abs(sum(split) - 1.0) > 1e-6:
                    self.failures.add(
                        r,
                        None,
                        self.header.label(cols[0]),
                        self._cell(r, "sources"),
                        (
                            f"porsi sumber dananya berjumlah {sum(split):.0%}, bukan 100%",
                            f"the shares of the funding sources add up to {sum(split):.0%}, not 100%",
                        ),
                        (
                            "berikan porsi yang berjumlah 100%, seperti DAU 60%; DAK Fisik 40%",
                            "give shares that add up to 100%, like DAU 60%; DAK Fisik 40%",
                        ),
                    )
                    continue
            else:
                continue  # several sources without shares: the cost is not split (funding_sources keeps them)
            for key, share in zip(keys, split, strict=True):
                for cost in cost_cols:
                    name = f"{cost}_{key}"
                    if name not in out.columns:
                        out[name] = pd.Series("", index=out.index, dtype=object)
                    total, bad = parse_numbers(pd.Series([out.at[r, cost]]), style=self.style)
                    out.at[r, name] = "" if bad.iat[0] or np.isnan(total.iat[0]) else total.iat[0] * share
                    self.columns[name] = cols[0]

    def _source_amounts(self, out: pd.DataFrame, r: int, keys: list[str], cost_cols: list[str]) -> None:
        """Amounts per source (``pagudana``) for a file of one year."""
        col = self.header.columns("source_amounts")[0]
        text = self._cell(r, "source_amounts")
        amounts, bad = parse_numbers(
            pd.Series([p.strip() for p in re.split(r";", text) if p.strip()], dtype=object), style=self.style
        )
        if len(cost_cols) != 1 or bad.any() or len(amounts) != len(keys):
            self.failures.add(
                r,
                None,
                self.header.label(col),
                text,
                f"{len(amounts)} amounts for {len(keys)} funding sources"
                if len(amounts) != len(keys)
                else "amounts per funding source need a file of one year",
                "give one amount per source, in the order of the sources, separated by ';'",
            )
            return
        for key, amount in zip(keys, amounts, strict=True):
            name = f"{cost_cols[0]}_{key}"
            if name not in out.columns:
                out[name] = pd.Series("", index=out.index, dtype=object)
            out.at[r, name] = float(amount)
            self.columns[name] = col

    def _hierarchy_names(
        self,
        out: pd.DataFrame,
        programmes: list[tuple[int, NomenclatureCode]],
        nodes: dict[str, tuple[int, NomenclatureCode]],
    ) -> None:
        for level in ("urusan", "bidang", "program", "kegiatan"):
            names = []
            for row, code in programmes:
                node = code.prefix(level)
                name = ""
                if node is not None and node != code.text:
                    if node in nodes:
                        name = self._name_of(nodes[node][0], level)
                    elif self.flat:
                        name = self._cell(row, f"{level}_name")
                names.append(name)
            if any(names):
                out[f"{level}_name"] = names
                source = self.header.columns(f"{level}_name") or self.header.columns("name")
                if source:
                    self.columns[f"{level}_name"] = source[0]


def _number_text(value: str, percent: bool = False) -> str:
    """Clean a number cell as printed matrices write it: ``-`` is blank, ``Rp`` and (targets) ``%`` dropped."""
    text = value.strip()
    if text in ("-", "–", "—"):
        return ""
    text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE)
    if percent:
        text = re.sub(r"\s*%$", "", text)
    return text.strip()


def _money(values: pd.Series, scale: float, style: str) -> list[Any]:
    """Amounts in rupiah: parsed and multiplied by the header's scale (``Rp (juta)``); unreadable cells kept as text."""
    if scale == 1.0:
        return list(values)
    numbers, bad = parse_numbers(values, style=style)
    return [v if b or np.isnan(n) else n * scale for v, n, b in zip(values, numbers, bad, strict=True)]


def _source_key(name: str) -> str:
    """Return the catalogue's name of a funding source: ``DAK Fisik`` → ``DAKFISIK``, ``Banprov`` → ``BANPROV``."""
    known = SOURCE_NAMES.get(_norm(name))
    return known or re.sub(r"[^A-Za-z0-9]", "", name).upper()
