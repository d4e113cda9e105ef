"""The columns of a programme catalogue: their names, Indonesian aliases, defaults and categories.

One place says what a catalogue column is called and what it defaults to; the reader, the
validation rules and :class:`~targetplan.inputs.catalog.Program` all use it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from .tables import normalise_name

__all__ = [
    "CODE_COLUMN",
    "COLUMNS",
    "COLUMN_ALIASES",
    "COUNTABLE_UNITS",
    "FIRST_YEAR",
    "HEADER_YEAR",
    "LAST_YEAR",
    "LEVEL_UNITS",
    "MODE_ALIASES",
    "REQUIRED",
    "SCHEDULE_WORD",
    "SOURCE_COLUMN",
    "SOURCE_NAME",
    "SOURCE_TEXT",
    "STATUS_ALIASES",
    "TARGET_KIND_ALIASES",
    "YEAR_ALIASES",
    "YEAR_COLUMN",
    "CarryOver",
    "Mode",
    "TargetKind",
    "catalogue_column",
    "default_decimals",
    "known_header",
    "source_key",
]


class Mode(StrEnum):
    """How a programme may be funded."""

    WHOLE = "whole"
    """All or nothing: the full schedule or nothing."""
    SCALABLE = "scalable"
    """One level in [min_level, 1] for the whole schedule, or nothing."""
    FLEXIBLE = "flexible"
    """A level in [min_level, 1] chosen for each scheduled year, or nothing."""


class TargetKind(StrEnum):
    """What a programme's yearly targets mean (*sifat target*)."""

    ANNUAL = "annual"
    """*Tahunan* / non-kumulatif: a year's target is what that year delivers; totals add up."""
    CUMULATIVE = "cumulative"
    """*Kumulatif*: a year's target is the level reached by the end of that year; the last is final."""
    INDEX = "index"
    """*Indeks* / nilai: a value measured each year (an index, a rate); neither added nor accumulated."""


class CarryOver(StrEnum):
    """Carry-over status from the previous masterplan."""

    NEW = "new"
    """*Baru*: not in the previous masterplan."""
    CONTINUING = "continuing"
    """*Lanjutan*: in the previous masterplan and still running."""


#: Words accepted in the ``status`` column (lower case).
STATUS_ALIASES = {
    "new": CarryOver.NEW,
    "baru": CarryOver.NEW,
    "continuing": CarryOver.CONTINUING,
    "lanjutan": CarryOver.CONTINUING,
    "carry-over": CarryOver.CONTINUING,
    "carryover": CarryOver.CONTINUING,
    "": CarryOver.NEW,
}

#: Words accepted in the ``mode`` column (lower case).
MODE_ALIASES = {
    "whole": Mode.WHOLE,
    "utuh": Mode.WHOLE,
    "scalable": Mode.SCALABLE,
    "skala": Mode.SCALABLE,
    "flexible": Mode.FLEXIBLE,
    "fleksibel": Mode.FLEXIBLE,
    "": Mode.WHOLE,
}

#: Words accepted in the ``target_kind`` column (lower case).
TARGET_KIND_ALIASES = {
    "annual": TargetKind.ANNUAL,
    "tahunan": TargetKind.ANNUAL,
    "non-kumulatif": TargetKind.ANNUAL,
    "non kumulatif": TargetKind.ANNUAL,
    "nonkumulatif": TargetKind.ANNUAL,
    "cumulative": TargetKind.CUMULATIVE,
    "kumulatif": TargetKind.CUMULATIVE,
    "index": TargetKind.INDEX,
    "indeks": TargetKind.INDEX,
    "nilai": TargetKind.INDEX,
    "": TargetKind.ANNUAL,
}

#: Units whose targets are counts of things, shown as whole numbers unless ``target_decimals`` says otherwise.
COUNTABLE_UNITS = frozenset(
    {
        "unit", "layanan", "dokumen", "aplikasi", "titik", "orang", "kegiatan", "rw", "rt", "rak", "dataset",
        "dashboard", "opd", "event", "konten", "umkm", "pasar", "startup", "simpang", "halte", "puskesmas",
        "sekolah", "kk", "kelurahan", "kecamatan", "lokasi", "paket", "sistem", "perangkat", "laporan", "kali",
        "buah", "pelatihan", "peserta", "desa", "server", "modul", "ruas", "jenis", "instansi", "keluarga",
    }
)  # fmt: skip

#: Units that are shares, rates or scores: with rising targets they are most likely not annual amounts.
LEVEL_UNITS = frozenset({"%", "persen", "indeks", "nilai", "skor", "index"})


def default_decimals(unit: str) -> int:
    """Return the decimals a target in ``unit`` is shown with: 0 for countable units, else 1.

    Examples
    --------
    >>> default_decimals("titik"), default_decimals("Layanan"), default_decimals("%"), default_decimals("km")
    (0, 0, 1, 1)
    """
    return 0 if str(unit).strip().lower() in COUNTABLE_UNITS else 1


#: Indonesian and common alternative column names, after :func:`~targetplan.inputs.tables.normalise_name`.
COLUMN_ALIASES = {
    "kode": "id",
    "kode_program": "id",
    "nama": "name",
    "nama_program": "name",
    "nama_kegiatan": "name",
    "prioritas": "priority",
    "bobot": "priority",
    "status_kelanjutan": "status",
    "sifat": "status",
    "satuan": "unit",
    "perangkat_daerah": "agency",
    "opd": "agency",
    "dimensi": "dimension",
    "wajib": "mandatory",
    "dikecualikan": "excluded",
    "mulai_paling_awal": "earliest_start",
    "mulai_paling_lambat": "latest_start",
    "prasyarat": "requires",
    "kelompok_eksklusif": "exclusive_group",
    "keselarasan": "alignment",
    "level_minimum": "min_level",
    # the nomenclature code of Permendagri 90 (``kode`` alone stays the id)
    "kode_nomenklatur": "code",
    "kode_sub_giat": "code",
    "kode_sub_kegiatan": "code",
    "sifat_target": "target_kind",
    "jenis_target": "target_kind",
    "sifat_indikator": "target_kind",
    "kondisi_awal": "target_baseline",
    "target_awal": "target_baseline",
    "desimal_target": "target_decimals",
}

#: The nomenclature code column (``2.16.03.2.02.0014``); validation adds its level columns.
CODE_COLUMN = "code"

#: A yearly schedule column: ``cost_2024``, ``target_2024`` (``pagu_2024`` … mean cost).
YEAR_COLUMN = re.compile(r"^(cost|target|pagu|biaya|anggaran)_(\d{4})$")
#: Indonesian words for a yearly cost column.
YEAR_ALIASES = {"pagu": "cost", "biaya": "cost", "anggaran": "cost"}
#: The part of a yearly cost paid from one funding source (*sumber dana*), e.g. ``cost_2024_DAK``, as a
#: header reads after :func:`~targetplan.inputs.tables.normalise_name` (``cost_2024_dak_fisik``).
SOURCE_COLUMN = re.compile(r"^(cost|pagu|biaya|anggaran)_(\d{4})_([a-z0-9][a-z0-9_]*)$")
#: A funding-source column as a validated catalogue names it: the source's name as written (``cost_2024_DAK-FISIK``).
SOURCE_NAME = re.compile(r"^cost_(\d{4})_([A-Za-z0-9][A-Za-z0-9_\-]*)$")
#: A source name as written in a header: letters, digits, ``_`` and ``-`` (spaces become ``_``).
SOURCE_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")
#: The words of schedule columns (cost and target per year), also misspelt, for columns not understood.
SCHEDULE_WORD = re.compile(r"^(costs?|cots|targets?|taget|targer|traget|pagu|biaya|anggaran)_?\d|^(cost|target)_")
#: A year in a header (19xx or 20xx), e.g. ``th_2024``, ``2024``.
HEADER_YEAR = re.compile(r"(?:^|_|[a-z])((?:19|20)\d\d)(?:$|_)")
#: Planning years targetplan reads (a year outside is a typo: 20260000, 1024).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def source_key(name: str) -> str:
    """Return the identity of a funding source: case, spaces, ``-`` and ``_`` do not matter.

    Examples
    --------
    >>> source_key("DAK-Fisik") == source_key("dak fisik") == source_key("DAK_FISIK")
    True
    """
    return re.sub(r"[\s_\-]+", "_", str(name).strip()).upper()


#: Non-schedule columns of a catalogue with their default values.
COLUMNS: dict[str, Any] = {
    "id": None,
    "name": None,
    "priority": None,
    "unit": "",
    "target_kind": TargetKind.ANNUAL,
    "target_baseline": 0.0,
    "target_decimals": None,
    "status": CarryOver.NEW,
    "mode": Mode.WHOLE,
    "min_level": None,
    "mandatory": False,
    "excluded": False,
    "earliest_start": None,
    "latest_start": None,
    "requires": "",
    "exclusive_group": "",
    "group_required": False,
    "dimension": "",
    "agency": "",
    "alignment": "",
}
#: Columns every catalogue needs.
REQUIRED = ("id", "name", "priority")


def catalogue_column(name: object) -> str:
    """Return the catalogue's name for a column header (case, spaces and Indonesian names folded).

    Examples
    --------
    >>> catalogue_column("Perangkat Daerah"), catalogue_column("dimensi"), catalogue_column("kode_rekening")
    ('agency', 'dimension', 'kode_rekening')
    """
    key = normalise_name(name)
    return COLUMN_ALIASES.get(key, key)


def known_header(name: str) -> bool:
    """Whether a normalised header is one a catalogue knows (to find the header row below a title)."""
    name = COLUMN_ALIASES.get(name, name)
    return name in COLUMNS or bool(YEAR_COLUMN.match(name) or SOURCE_COLUMN.match(name))
