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
    "MODE_ALIASES",
    "REQUIRED",
    "SOURCE_COLUMN",
    "SOURCE_NAME",
    "STATUS_ALIASES",
    "YEAR_ALIASES",
    "YEAR_COLUMN",
    "CarryOver",
    "Mode",
    "catalogue_column",
]


class Mode(StrEnum):
    """How a programme may be funded."""

    WHOLE = "whole"
    """All or nothing: the full schedule or nothing."""
    SCALABLE = "scalable"
    """One level in [min_level, 1] for the whole schedule, or nothing."""
    FLEXIBLE = "flexible"
    """A level in [min_level, 1] chosen for each scheduled year, or nothing."""


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
}

#: The nomenclature code column (``2.16.03.2.02.0014``); validation adds its level columns.
CODE_COLUMN = "code"

#: A yearly schedule column: ``cost_2024``, ``target_2024`` (``pagu_2024`` … mean cost).
YEAR_COLUMN = re.compile(r"^(cost|target|pagu|biaya|anggaran)_(\d{4})$")
#: Indonesian words for a yearly cost column.
YEAR_ALIASES = {"pagu": "cost", "biaya": "cost", "anggaran": "cost"}
#: The part of a yearly cost paid from one funding source (*sumber dana*), e.g. ``cost_2024_DAK``.
SOURCE_COLUMN = re.compile(r"^(cost|pagu|biaya|anggaran)_(\d{4})_([a-z0-9]+)$")
#: A funding-source column as a validated catalogue names it.
SOURCE_NAME = re.compile(r"^cost_(\d{4})_([A-Z0-9]+)$")

#: Non-schedule columns of a catalogue with their default values.
COLUMNS: dict[str, Any] = {
    "id": None,
    "name": None,
    "priority": None,
    "unit": "",
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
