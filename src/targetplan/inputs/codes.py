"""Nomenclature codes of regional budgets: urusan . bidang . program . kegiatan . sub kegiatan.

Programmes in regional plans are identified by the national nomenclature of Permendagri
90/2019 and its updates (Kepmendagri 050-5889/2021, 900.1.15.5-3406/2024), written like
``2.16.03.2.02.0014``:

========  ================  ===============  ==================================================
level     digits            example          meaning
========  ================  ===============  ==================================================
urusan    ``u``             ``2``            government affair (2: mandatory, not basic service)
bidang    ``u.bb``          ``2.16``         field: communications and informatics
program   ``u.bb.pp``       ``2.16.03``      Program Pengelolaan Aplikasi Informatika
kegiatan  ``u.bb.pp.k.kk``  ``2.16.03.2.02`` Pengelolaan E-Government di Lingkup Pemda
sub keg.  ``….ssss``        ``….0014``       Penyelenggaraan Jaringan Intra Pemda
========  ================  ===============  ==================================================

Sub kegiatan have 4 digits today and 2 in older files (``2.16.03.2.02.14``); both are
read, and a code is always kept as the text written (never a number). The 2017–2021
period used Permendagri 13/2006 codes, written in groups such as ``1.25 . 1.25.01 .
15.02`` (urusan.bidang . organisation . program.kegiatan); they are recognised so that
:func:`~targetplan.crosswalk` can tell them apart, but they have no place in a
catalogue's ``code`` column.

Examples
--------
>>> code = parse_code("2.16.03.2.02.0014")
>>> code.level, code.parent, code.prefix("program")
('sub_kegiatan', '2.16.03.2.02', '2.16.03')
>>> parse_code("1.25 . 1.25.01 . 15.02").style
'permendagri13'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = [
    "LEVELS",
    "LEVEL_COLUMNS",
    "NomenclatureCode",
    "code_hierarchy",
    "code_problem",
    "level_columns",
    "parse_code",
    "problem_pair",
]

#: The levels of the nomenclature, from the top.
LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
#: The level columns a catalogue with a ``code`` column gets (groups for limits and reports).
LEVEL_COLUMNS = ("urusan", "bidang", "program", "kegiatan")
#: Level of a Permendagri 90 code by its number of dot-separated parts.
_LEVEL_OF_PARTS = {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
#: Parts of each level, in digits: urusan 1, bidang 2, program 2, kegiatan 1 + 2, sub kegiatan 4 (2 in older files).
_WIDTHS = (1, 2, 2, 1, 2, 4)
_PART_NAMES = ("urusan", "bidang urusan", "program", "kegiatan", "kegiatan", "sub kegiatan")
_EXAMPLE = "2.16.03.2.02.0014"
_OLD_GROUPS = re.compile(r"\s+\.\s+|\s*\.\s{2,}|\s{2,}\.\s*")
_OLD_FLAT = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{2}(\.\d{2})?$")

Style = Literal["permendagri90", "permendagri13"]


@dataclass(frozen=True)
class NomenclatureCode:
    """A parsed nomenclature code.

    Attributes
    ----------
    text : str
        The code as written (stripped of surrounding spaces).
    parts : tuple of str
        Its dot-separated parts (for a Permendagri 13/2006 code: the parts of every group).
    level : str
        ``urusan``, ``bidang``, ``program``, ``kegiatan`` or ``sub_kegiatan``.
    style : str
        ``permendagri90`` (the current nomenclature) or ``permendagri13`` (2006 codes).
    """

    text: str
    parts: tuple[str, ...]
    level: str
    style: Style = "permendagri90"

    @property
    def key(self) -> str:
        """The code for comparing: parts joined by dots, a 2-digit sub kegiatan written with 4 digits.

        Examples
        --------
        >>> parse_code("2.16.03.2.02.14").key
        '2.16.03.2.02.0014'
        """
        if self.style == "permendagri13":
            return self.text_normalised
        parts = list(self.parts)
        if len(parts) == 6:
            parts[5] = parts[5].zfill(4)
        return ".".join(parts)

    @property
    def text_normalised(self) -> str:
        """The code with single spaces around the group separators of a 2006 code, else without spaces."""
        if self.style == "permendagri13":
            groups = [g for g in _OLD_GROUPS.split(self.text.strip())]
            return " . ".join(re.sub(r"\s+", "", g) for g in groups)
        return ".".join(self.parts)

    def prefix(self, level: str) -> str | None:
        """Return the code of this code's ancestor at ``level`` (itself at its own level); ``None`` below it.

        Only for Permendagri 90 codes (a 2006 code has no such levels: ``None``).
        """
        if level not in LEVELS:
            raise ArgumentError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
        if self.style != "permendagri90":
            return None
        n = {"urusan": 1, "bidang": 2, "program": 3, "kegiatan": 5, "sub_kegiatan": 6}[level]
        if n > len(self.parts):
            return None
        return ".".join(self.parts[:n])

    @property
    def parent(self) -> str | None:
        """The code one level up (the kegiatan of a sub kegiatan, …); ``None`` for an urusan."""
        if self.style != "permendagri90":
            return None
        index = LEVELS.index(self.level)
        return None if index == 0 else self.prefix(LEVELS[index - 1])


def code_problem(text: object) -> tuple[NomenclatureCode | None, str]:
    """Parse a code; return it (or ``None``) and what is wrong with it (``""`` when nothing).

    A rule of a validation uses the problem as its message; :func:`parse_code` raises it.
    """
    raw = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text).strip()
    if raw == "":
        return None, "missing code"
    if len(_OLD_GROUPS.split(raw)) >= 3 or _OLD_FLAT.match(raw.replace(" ", "")):
        return _old_code(raw)
    compact = re.sub(r"\s+", "", raw)
    parts = tuple(compact.split("."))
    if any(p == "" for p in parts):
        return None, f"a code is digits separated by single dots, like {_EXAMPLE}"
    bad = [p for p in parts if not p.isdigit()]
    if bad:
        return None, f"a code is digits separated by dots, like {_EXAMPLE} ({bad[0]!r} is not)"
    if len(parts) > 6:
        return None, f"a code has at most 6 parts (urusan.bidang.program.kegiatan.sub kegiatan: {_EXAMPLE})"
    if len(parts) == 4:
        return None, "a kegiatan code has two parts after the program, like 2.16.03.2.02"
    for i, (part, width) in enumerate(zip(parts, _WIDTHS, strict=False)):
        allowed = (2, 4) if i == 5 else (width,)
        if len(part) not in allowed:
            digits = " or ".join(str(w) for w in allowed)
            hint = (
                " (a spreadsheet that stored the code as a number loses its zeros: "
                "format the column as text and write the code again)"
                if len(part) < width
                else ""
            )
            return None, f"the {_PART_NAMES[i]} part {part!r} should have {digits} digit(s){hint}"
    return NomenclatureCode(raw, parts, _LEVEL_OF_PARTS[len(parts)]), ""


def _old_code(raw: str) -> tuple[NomenclatureCode | None, str]:
    """Parse a Permendagri 13/2006 code: urusan.bidang . organisation . program.kegiatan."""
    if _OLD_FLAT.match(raw.replace(" ", "")):
        flat = raw.replace(" ", "").split(".")
        groups = [".".join(flat[:2]), ".".join(flat[2:5]), ".".join(flat[5:])]
    else:
        groups = [re.sub(r"\s+", "", g) for g in _OLD_GROUPS.split(raw)]
    parts = tuple(p for g in groups for p in g.split("."))
    if not all(p.isdigit() for p in parts) or len(groups) < 3:
        return None, "an old (Permendagri 13/2006) code is written like 1.25 . 1.25.01 . 15.02"
    last = groups[-1].split(".")
    level = "program" if len(last) == 1 else "kegiatan" if len(last) == 2 else "sub_kegiatan"
    text = " . ".join(groups)
    return NomenclatureCode(text, parts, level, "permendagri13"), ""


def parse_code(text: object) -> NomenclatureCode:
    """Parse a nomenclature code (Permendagri 90/2019, or a 13/2006 code).

    Parameters
    ----------
    text : str
        The code, e.g. ``"2.16.03.2.02.0014"``, ``"2.16.03"`` or ``"1.25 . 1.25.01 . 15.02"``.

    Raises
    ------
    ArgumentError
        When the text is not a code; the message says which part is wrong.

    Examples
    --------
    >>> parse_code("2.16.03.2.02").level
    'kegiatan'
    >>> parse_code("2.16.3")
    Traceback (most recent call last):
    ...
    targetplan.exceptions.ArgumentError: '2.16.3' is not a nomenclature code: the program part '3' should ...
    """
    code, problem = code_problem(text)
    if code is None:
        raise ArgumentError(f"{str(text)!r} is not a nomenclature code: {problem}")
    return code


def level_columns(codes: pd.Series) -> pd.DataFrame:
    """Return the level columns (``urusan``, ``bidang``, ``program``, ``kegiatan``) of a column of codes.

    Each cell is the code of the ancestor at that level (the code itself at its own
    level), as text; blank below the code's level and where the code is not a
    Permendagri 90 code.

    Examples
    --------
    >>> import pandas as pd
    >>> level_columns(pd.Series(["2.16.03.2.02.0014", "2.16.03"])).to_dict("records")[1]
    {'urusan': '2', 'bidang': '2.16', 'program': '2.16.03', 'kegiatan': ''}
    """
    rows = []
    for value in codes:
        code, _ = code_problem(value)
        rows.append({level: (code.prefix(level) or "") if code is not None else "" for level in LEVEL_COLUMNS})
    return pd.DataFrame(rows, index=codes.index, columns=list(LEVEL_COLUMNS), dtype=object)


def sort_key(code: str) -> tuple[int, ...]:
    """Order codes as the nomenclature does: part by part, numerically (``2.16.03`` before ``2.16.03.2.01``)."""
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def code_hierarchy(catalog: Catalog) -> pd.DataFrame:
    """Return the nomenclature tree of a catalogue: one row per urusan, bidang, program and kegiatan.

    The names come from the catalogue's ``urusan_name``, ``bidang_name``,
    ``program_name`` and ``kegiatan_name`` columns where it has them (as
    :func:`~targetplan.read_renstra` writes them); the programmes themselves are the
    rows of the catalogue.

    Returns
    -------
    DataFrame
        Index ``code`` in nomenclature order: ``level``, ``name``, ``parent`` (the code
        one level up, ``""`` for an urusan), ``programmes`` (catalogue programmes under
        it) and ``cost`` (their cost at full scope over the horizon, rupiah).

    Examples
    --------
    >>> import targetplan as tp
    >>> cat = tp.read_renstra(tp.example_path("bogor", "renstra_diskominfo.xlsx"))
    >>> tree = tp.code_hierarchy(cat)
    >>> tree.loc["2.16.03", ["level", "name"]].tolist()
    ['program', 'PROGRAM PENGELOLAAN APLIKASI INFORMATIKA']
    """
    if "code" not in catalog.columns:
        raise ArgumentError(
            "the catalogue has no 'code' column; add the nomenclature codes (kode_nomenklatur) "
            "or read the matrix with tp.read_renstra"
        )
    frame = catalog.to_frame()
    cost = catalog.cost_matrix().sum(axis=1)
    rows: dict[str, dict[str, object]] = {}
    for i, value in enumerate(frame["code"]):
        code, _ = code_problem(value)
        if code is None or code.style != "permendagri90":
            continue
        for level in LEVEL_COLUMNS:
            node = code.prefix(level)
            if node is None or node == code.key:
                continue
            name_col = f"{level}_name"
            name = str(frame[name_col].iat[i]) if name_col in frame.columns else ""
            entry = rows.setdefault(
                node,
                {
                    "level": level,
                    "name": "",
                    "parent": parse_code(node).parent or "",
                    "programmes": 0,
                    "cost": 0.0,
                },
            )
            if not entry["name"] and name and name != "nan":
                entry["name"] = name
            entry["programmes"] = int(entry["programmes"]) + 1  # type: ignore[call-overload]
            entry["cost"] = float(entry["cost"]) + float(cost[i])  # type: ignore[arg-type]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["level", "name", "parent", "programmes", "cost"])
    table = table.loc[sorted(table.index, key=sort_key)] if len(table) else table
    table.index.name = "code"
    return table


_INDONESIAN_CODE_PROBLEMS = (
    (r"^missing code$", "kode kosong"),
    (
        r"^a code is digits separated by single dots, like (.+)$",
        r"kode berupa angka yang dipisah satu titik, seperti \1",
    ),
    (
        r"^a code is digits separated by dots, like (\S+) \((.+) is not\)$",
        r"kode berupa angka yang dipisah titik, seperti \1 (\2 bukan)",
    ),
    (r"^a code has at most 6 parts \((.+)\)$", r"kode paling banyak 6 bagian (\1)"),
    (
        r"^a kegiatan code has two parts after the program, like (.+)$",
        r"kode kegiatan punya dua bagian setelah program, seperti \1",
    ),
    (
        r"^the (.+) part (\S+) should have (.+) digit\(s\) \(a spreadsheet .*\)$",
        r"bagian \1 \2 seharusnya \3 angka (spreadsheet yang menyimpan kode sebagai angka menghilangkan nol di "
        r"depannya: format kolomnya sebagai teks dan tulis ulang kodenya)",
    ),
    (r"^the (.+) part (\S+) should have (.+) digit\(s\)$", r"bagian \1 \2 seharusnya \3 angka"),
)


def problem_pair(problem: str) -> tuple[str, str]:
    """Return a problem of :func:`code_problem` as (Indonesian, English); English in both when it has no translation.

    Examples
    --------
    >>> problem_pair("the program part '3' should have 2 digit(s)")[0]
    "bagian program '3' seharusnya 2 angka"
    """
    for pattern, indonesian in _INDONESIAN_CODE_PROBLEMS:
        if re.match(pattern, problem):
            return re.sub(pattern, indonesian, problem), problem
    return problem, problem
