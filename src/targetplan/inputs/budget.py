"""Budget ceilings (*pagu*) per year, group caps and floors, and a reserve.

A :class:`Budget` holds the APBD money available to the plan in each horizon year.
:class:`GroupLimit` rows cap (or set a floor under) the spending of a group of
programmes — all programmes with the same value in a catalogue column such as
``dimension`` or ``agency`` — either as an amount in rupiah or as a share of the year's
ceiling. A reserve share of every ceiling can be kept unallocated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field, PrivateAttr, field_validator, model_validator

from ..exceptions import ArgumentError, ArgumentTypeError, BudgetValidationError
from ..text.language import Pair
from ..text.money import format_money
from .base import InputModel, Problem
from .collect import Failures, raise_one
from .schema import FIRST_YEAR, LAST_YEAR, SOURCE_TEXT, catalogue_column
from .tables import (
    AUTO,
    NUMBER_STYLE,
    as_text,
    normalise_name,
    number_problem,
    parse_bools,
    parse_numbers,
    read_table,
    sheet_names,
)


def scale_factors(scales: Any) -> list[float]:
    """Return budget scale factors (``[0.8, 0.9, 1.0]``) as floats; anything else is a targetplan error.

    Raises
    ------
    ArgumentTypeError
        For a string (``"0.9"``), a single number, or items that are not numbers (also a ``TypeError``).
    ArgumentError
        For a negative or infinite factor, or none at all (also a ``ValueError``).

    Examples
    --------
    >>> scale_factors((0.9, 1, 1.1))
    [0.9, 1.0, 1.1]
    """
    if isinstance(scales, str | bytes | dict) or not isinstance(scales, Iterable):
        raise ArgumentTypeError(f"scales must be a list of numbers such as [0.8, 0.9, 1.0], not {scales!r}")
    values = list(scales)
    wrong = [v for v in values if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating)]
    if wrong:
        raise ArgumentTypeError(f"scales must be numbers such as [0.8, 0.9, 1.0]; {wrong[0]!r} is not a number")
    factors = [float(v) for v in values]
    if not factors or any(not math.isfinite(v) or v < 0 for v in factors):
        raise ArgumentError("scales must be non-negative numbers, e.g. [0.8, 0.9, 1.0, 1.1]")
    return factors


def year_spans(years: list[int]) -> str:
    """Years as short spans: ``[2024, 2025, 2026, 2030]`` → ``2024-2026, 2030`` (at most ten spans shown).

    Examples
    --------
    >>> year_spans([2024, 2025, 2026, 2030])
    '2024-2026, 2030'
    """
    spans: list[list[int]] = []
    for y in sorted(years):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    text = [f"{a}" if a == b else f"{a}-{b}" for a, b in spans[:10]]
    return ", ".join(text) + (" …" if len(spans) > 10 else "")


__all__ = ["Budget", "BudgetValidationError", "GroupLimit", "read_budget", "scale_factors", "year_spans"]


class GroupLimit(InputModel):
    """A cap or a floor on the spending of one group of programmes.

    Parameters
    ----------
    group_by : str
        Catalogue column that defines the groups (``"dimension"``, ``"agency"`` or any
        other column of the catalogue). It is matched like a catalogue header: case and
        spaces do not matter and Indonesian names are accepted (``"perangkat_daerah"``
        or ``"Perangkat Daerah"`` mean ``"agency"``, ``"dimensi"`` means ``"dimension"``).
    group : str
        The value of that column, e.g. ``"governance"``.
    year : int, optional
        The year it applies to; ``None`` means every horizon year.
    cap, floor : float, optional
        Largest / smallest spending of the group in the year. At least one is given.
    as_share : bool, default False
        When true, ``cap`` and ``floor`` are shares (0–1) of the year's ceiling;
        otherwise amounts in rupiah.

    Examples
    --------
    >>> GroupLimit(group_by="dimension", group="governance", cap=0.4, as_share=True)
    GroupLimit(group_by='dimension', group='governance', year=None, cap=0.4, floor=None, as_share=True)
    >>> GroupLimit(group_by="Perangkat Daerah", group="Dishub", cap=5e8).group_by
    'agency'
    """

    _error = BudgetValidationError

    group_by: str
    group: str
    year: int | None = None
    cap: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    floor: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    as_share: bool = False

    @field_validator("group_by", mode="after")
    @classmethod
    def _catalogue_column(cls, value: str) -> str:
        # the catalogue renames its columns the same way, so limits and catalogue meet
        return catalogue_column(value)

    # Validator messages read "problem; fix": the part after "; " becomes the fix.
    @model_validator(mode="after")
    def _consistent(self) -> GroupLimit:
        if self.cap is None and self.floor is None:
            raise Problem(
                (
                    "batas ini tidak punya batas atas (cap) maupun batas bawah (floor)",
                    "the limit has neither a cap nor a floor",
                ),
                ("isi cap, floor, atau keduanya", "give a cap, a floor or both"),
            )
        if self.cap is not None and self.floor is not None and self.floor > self.cap:
            raise Problem(
                (f"floor {self.floor:g} di atas cap {self.cap:g}", f"floor {self.floor:g} is above cap {self.cap:g}"),
                ("buat floor paling besar sama dengan cap", "make the floor at most the cap"),
            )
        if self.as_share:
            for name, v in (("cap", self.cap), ("floor", self.floor)):
                if v is not None and v > 1:
                    raise Problem(
                        (
                            f"{name} {v:g} adalah porsi dan paling besar 1 (tulis 0.4 untuk 40 %)",
                            f"{name} {v:g} is a share and must be at most 1 (write 0.4 for 40 %)",
                        ),
                        (
                            "tulis porsi dari 0 sampai 1, atau isi as_share false untuk jumlah rupiah",
                            "give a share from 0 to 1, or set as_share to false for an amount in rupiah",
                        ),
                    )
        if self.year is not None and not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise Problem(
                (f"{self.year} bukan tahun perencanaan", f"{self.year} is not a planning year"),
                (
                    "tulis tahun seperti 2024, atau kosongkan untuk setiap tahun",
                    "write a year such as 2024, or leave it blank for every year",
                ),
            )
        return self

    _origin: tuple[str, Any] | None = PrivateAttr(default=None)

    def read_from(self, source: str, row: Any) -> GroupLimit:
        """Remember the file and spreadsheet row this limit was read from (for messages); returns ``self``."""
        self._origin = (source, row)
        return self

    @property
    def origin(self) -> tuple[str, Any] | None:
        """``(file name, spreadsheet row)`` of a limit read from a file, else ``None``."""
        return self._origin

    def __eq__(self, other: object) -> bool:
        # where a limit was read from is no part of what it is
        if not isinstance(other, GroupLimit):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(tuple(self.model_dump().items()))

    def amounts(self, ceiling: float) -> tuple[float | None, float | None]:
        """Cap and floor in rupiah for a year with this ceiling."""
        factor = ceiling if self.as_share else 1.0
        cap = None if self.cap is None else self.cap * factor
        floor = None if self.floor is None else self.floor * factor
        return cap, floor


class Budget(InputModel):
    """Money available per year, with optional group caps/floors and a reserve.

    Parameters
    ----------
    ceilings : dict of int to float
        Ceiling (*pagu*) in rupiah for every horizon year.
    limits : sequence of GroupLimit
        Caps and floors per group and year.
    reserve : float, default 0
        Share (0 ≤ reserve < 1) of every ceiling kept unallocated.
    source_ceilings : dict, optional
        ``{"DAK": {2024: 1.2e10, ...}, ...}``: the most each funding source (*sumber
        dana*) pays in a year, for the parts of costs given as ``cost_<YYYY>_<SOURCE>``.
        The total ceiling still applies.
    earmarks : dict, optional
        ``{"DAK": {"dimension": ("living",)}}``: a source that may pay only for
        programmes with these values of a catalogue column.

    Examples
    --------
    >>> b = Budget(ceilings={2024: 1e10, 2025: 1.1e10}, reserve=0.05)
    >>> b.available(2024)
    9500000000.0
    >>> b.scale(0.9).ceilings[2025]
    9900000000.0
    """

    _error = BudgetValidationError

    ceilings: dict[int, float]
    limits: Sequence[GroupLimit] = ()
    reserve: float = Field(default=0.0, ge=0, lt=1, allow_inf_nan=False)
    source_ceilings: dict[str, dict[int, float]] = Field(default_factory=dict)
    earmarks: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)

    @field_validator("source_ceilings")
    @classmethod
    def _sources(cls, value: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
        out: dict[str, dict[int, float]] = {}
        for name, by_year in value.items():
            key = "_".join(str(name).split()).upper()
            if not SOURCE_TEXT.match(key):
                raise Problem(
                    (
                        f"nama sumber dana {name!r} harus berupa huruf, angka, _ atau -",
                        f"source name {name!r} must be letters, digits, _ or - (PAD, DAU, DAK-FISIK ...)",
                    ),
                    (
                        "tulis nama sumber dana seperti di kolom cost_<TTTT>_<SUMBER>",
                        "write the source as in the cost_<YYYY>_<SOURCE> columns",
                    ),
                )
            bad = {y: c for y, c in by_year.items() if not math.isfinite(c) or c < 0}
            if bad:
                raise Problem(
                    (
                        f"sumber {key}: pagu harus angka terhingga 0 atau lebih; periksa tahun {sorted(bad)}",
                        f"source {key}: ceilings must be finite and 0 or more; check years {sorted(bad)}",
                    ),
                    ("tulis pagu dalam rupiah", "write the ceilings in rupiah"),
                )
            out[key] = dict(sorted(by_year.items()))
        return dict(sorted(out.items()))

    @field_validator("earmarks")
    @classmethod
    def _earmarks(cls, value: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, dict[str, tuple[str, ...]]]:
        return {
            str(source).strip().upper(): {
                catalogue_column(col): tuple(str(v) for v in allowed) for col, allowed in rules.items()
            }
            for source, rules in value.items()
        }

    @model_validator(mode="after")
    def _source_years(self) -> Budget:
        for name, by_year in self.source_ceilings.items():
            extra = sorted(set(by_year) - set(self.ceilings))
            if extra:
                raise Problem(
                    (
                        f"sumber {name} punya pagu untuk {year_spans(extra)}, tahun tanpa pagu total",
                        f"source {name} has ceilings for {year_spans(extra)}, years without a total ceiling",
                    ),
                    ("beri pagu sumber dana hanya untuk tahun anggaran", "give source ceilings only for budget years"),
                )
        return self

    @field_validator("limits", mode="after")
    @classmethod
    def _limits_tuple(cls, value: Sequence[GroupLimit]) -> tuple[GroupLimit, ...]:
        return tuple(value)

    @field_validator("ceilings")
    @classmethod
    def _ceilings(cls, value: dict[int, float]) -> dict[int, float]:
        if not value:
            raise Problem(
                ("tidak ada pagu", "no ceilings"),
                (
                    "beri satu pagu per tahun horizon, mis. ceilings={2024: 3.8e10}",
                    "give one ceiling per horizon year; pass e.g. ceilings={2024: 3.8e10}",
                ),
            )
        odd = sorted(y for y in value if not FIRST_YEAR <= y <= LAST_YEAR)
        if odd:
            shown = ", ".join(str(y) for y in odd[:5])
            raise Problem(
                (f"{shown} bukan tahun perencanaan", f"{shown} is not a planning year"),
                (
                    f"tulis tahun empat angka dari {FIRST_YEAR} sampai {LAST_YEAR}, seperti 2024",
                    f"write 4-digit years from {FIRST_YEAR} to {LAST_YEAR}, such as 2024",
                ),
            )
        bad = {y: c for y, c in value.items() if not math.isfinite(c) or c < 0}
        if bad:
            raise Problem(
                (
                    f"pagu harus angka terhingga 0 atau lebih; periksa tahun {year_spans(list(bad))}",
                    f"ceilings must be finite and 0 or more; check years {year_spans(list(bad))}",
                ),
                (
                    "beri tahun-tahun itu pagu dalam rupiah (0 bila tidak ada)",
                    "give each of those years a ceiling in rupiah (0 if none)",
                ),
            )
        years = sorted(value)
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            raise Problem(
                (f"pagu melompati tahun {year_spans(gaps)}", f"ceilings skip the years {year_spans(gaps)}"),
                ("beri pagu untuk setiap tahun (0 bila tidak ada)", "give a ceiling for every year (0 if none)"),
            )
        return dict(sorted(value.items()))

    @property
    def years(self) -> tuple[int, ...]:
        """The years with a ceiling, in order."""
        return tuple(self.ceilings)

    def available(self, year: int) -> float:
        """Ceiling of ``year`` less the reserve.

        Raises
        ------
        BudgetValidationError
            When the budget has no ceiling for ``year``.
        """
        if year not in self.ceilings:
            first, last = self.years[0], self.years[-1]
            span = str(first) if first == last else f"{first}-{last}"
            raise_one(
                BudgetValidationError,
                "Budget.available",
                (
                    f"anggaran tidak punya pagu untuk {year} (pagunya untuk {span})",
                    f"the budget has no ceiling for {year} (it has ceilings for {span})",
                ),
                (
                    f"minta tahun {span}, atau tambahkan pagu untuk {year}",
                    f"ask for a year of {span}, or add a ceiling for {year}",
                ),
                column="year",
                value=year,
            )
        return self.ceilings[year] * (1.0 - self.reserve)

    def scale(self, factor: float) -> Budget:
        """Return a scenario with every ceiling and every amount cap/floor multiplied by ``factor``.

        Shares stay shares, so they follow the scaled ceilings.
        """
        if isinstance(factor, bool) or not isinstance(factor, int | float | np.integer | np.floating):
            raise ArgumentTypeError(f"the scale factor must be a number such as 0.9, not {factor!r}")
        if not math.isfinite(factor) or factor < 0:
            raise_one(
                BudgetValidationError,
                "Budget.scale",
                ("faktor skala harus angka terhingga 0 atau lebih", "a scale factor must be finite and 0 or more"),
                ("berikan mis. 0.9 untuk pemotongan 10 %", "pass e.g. 0.9 for a 10 % cut"),
                column="factor",
                value=factor,
            )
        limits = tuple(
            lim
            if lim.as_share
            else lim.model_copy(
                update={
                    "cap": None if lim.cap is None else lim.cap * factor,
                    "floor": None if lim.floor is None else lim.floor * factor,
                }
            )
            for lim in self.limits
        )
        return Budget(
            ceilings={y: c * factor for y, c in self.ceilings.items()},
            limits=limits,
            reserve=self.reserve,
            source_ceilings={s: {y: c * factor for y, c in by.items()} for s, by in self.source_ceilings.items()},
            earmarks=self.earmarks,
        )

    def with_ceilings(self, ceilings: dict[int, float]) -> Budget:
        """Return the same budget with some yearly ceilings replaced (everything else kept), validated again.

        Raises
        ------
        ArgumentTypeError
            When ``ceilings`` is not a mapping of year to amount.
        BudgetValidationError
            For a ceiling that is not a finite amount of 0 or more, or a year that is no planning year.
        """
        if not isinstance(ceilings, dict):
            raise ArgumentTypeError(
                f"ceilings must be a mapping of year to rupiah such as {{2024: 3.8e10}}, not {ceilings!r}"
            )
        return Budget(**{**self.model_dump(), "limits": self.limits, "ceilings": {**self.ceilings, **ceilings}})

    def to_frame(self) -> pd.DataFrame:
        """Ceilings as a DataFrame with columns ``year``, ``ceiling``, ``reserve``, ``available``."""
        return pd.DataFrame(
            {
                "year": list(self.ceilings),
                "ceiling": list(self.ceilings.values()),
                "reserve": [c * self.reserve for c in self.ceilings.values()],
                "available": [self.available(y) for y in self.ceilings],
            }
        )

    def limits_frame(self) -> pd.DataFrame:
        """Group caps and floors as a DataFrame (one row per limit)."""
        cols = ["group_by", "group", "year", "cap", "floor", "as_share"]
        return pd.DataFrame([lim.model_dump() for lim in self.limits], columns=cols)

    def __str__(self) -> str:
        return self.__repr__()

    def __repr__(self) -> str:
        ys = self.years
        total = format_money(sum(self.ceilings.values()))
        extra = f", {len(self.limits)} group limits" if self.limits else ""
        reserve = f", reserve {self.reserve:.0%}" if self.reserve else ""
        return f"Budget({ys[0]}-{ys[-1]}, total {total}{extra}{reserve})"


_BUDGET_ALIASES = {
    "tahun": "year",
    "pagu": "ceiling",
    "plafon": "ceiling",
    "pagu_indikatif": "ceiling",
    "sumber_dana": "source",
    "sumber": "source",
}
_LIMIT_ALIASES = {
    "kelompok_menurut": "group_by",
    "kelompok": "group",
    "tahun": "year",
    "batas_atas": "cap",
    "batas_bawah": "floor",
    "sebagai_porsi": "as_share",
}


def _renamed(frame: pd.DataFrame, aliases: dict[str, str], source: str) -> pd.DataFrame:
    """Return the table with English column names; a name given twice (also via an alias) is an error."""
    names = [aliases.get(normalise_name(c), normalise_name(c)) for c in frame.columns]
    seen: dict[str, Any] = {}
    failures = Failures()
    for original, name in zip(frame.columns, names, strict=True):
        if name in seen:
            failures.add(
                None,
                None,
                original,
                None,
                (f"kolom ganda (sama dengan '{seen[name]}')", f"duplicated column (same as '{seen[name]}')"),
                ("pertahankan satu kolom saja untuk arti ini", "keep only one column with this meaning"),
            )
        seen.setdefault(name, original)
    failures.raise_if_any(BudgetValidationError, source)
    out = frame.copy()
    out.columns = names
    out.attrs = dict(frame.attrs)
    return out


def _required(frame: pd.DataFrame, columns: tuple[str, ...], original: list[Any], accepted: str, source: str) -> None:
    """Each required column is there; else the error lists the headers found and the names accepted."""
    failures = Failures()
    found = ", ".join(str(c) for c in original[:20]) or "-"
    for c in columns:
        if c not in frame.columns:
            failures.add(
                None,
                None,
                c,
                None,
                (
                    f"kolom wajib '{c}' tidak ada (judul kolom yang terbaca: {found})",
                    f"required column '{c}' is missing (the headers read: {found})",
                ),
                (f"nama kolom yang diterima: {accepted}", f"the names accepted: {accepted}"),
            )
    failures.raise_if_any(BudgetValidationError, source)


_CEILING_NAMES = 'year / tahun, ceiling / pagu / plafon / pagu_indikatif ("Pagu (Rp)" juga / too)'
_LIMIT_NAMES = (
    "group_by / kelompok_menurut, group / kelompok, year / tahun, cap / batas_atas, floor / batas_bawah, "
    "as_share / sebagai_porsi"
)


def _year_problem(cell: Any, years: pd.Series, r: Any) -> bool:
    value = years[r]
    return not (math.isfinite(value) and value == round(value) and FIRST_YEAR <= value <= LAST_YEAR)


_YEAR_FIX: Pair = ("tulis tahun seperti 2024", "write a year such as 2024")


def _ceilings_from_frame(frame: pd.DataFrame, source: str) -> dict[int, float]:
    style = frame.attrs.get(NUMBER_STYLE, AUTO)
    original = list(frame.columns)
    frame = _renamed(frame, _BUDGET_ALIASES, source)
    _required(frame, ("year", "ceiling"), original, _CEILING_NAMES, source)
    years, bad_y = parse_numbers(frame["year"], style=style)
    ceilings, bad_c = parse_numbers(frame["ceiling"], style=style)
    failures = Failures()
    noun: Pair = ("pagu dalam rupiah", "ceiling in rupiah")
    for r in frame.index:
        if bad_y[r] or _year_problem(frame["year"][r], years, r):
            failures.add(r, None, "year", frame["year"][r], ("bukan tahun", "not a year"), _YEAR_FIX)
        if bad_c[r]:
            problem, fix = number_problem(frame["ceiling"][r], style, noun)
            failures.add(r, None, "ceiling", frame["ceiling"][r], problem, fix)
        elif pd.isna(ceilings[r]) or not math.isfinite(ceilings[r]) or ceilings[r] < 0:
            failures.add(
                r,
                None,
                "ceiling",
                frame["ceiling"][r],
                ("bukan jumlah 0 atau lebih", "not an amount of 0 or more"),
                ("tulis pagu dalam rupiah, 0 atau lebih", "write the ceiling in rupiah, 0 or more"),
            )
    for r in frame.index[years.duplicated(keep=False) & years.notna()]:
        failures.add(
            r,
            None,
            "year",
            years[r],
            ("tahun ditulis dua kali", "year given twice"),
            ("beri satu pagu per tahun", "give one ceiling per year"),
        )
    failures.raise_if_any(BudgetValidationError, source)
    return {int(y): float(c) for y, c in zip(years, ceilings, strict=True)}


def _limits_from_frame(frame: pd.DataFrame, source: str) -> tuple[GroupLimit, ...]:
    style = frame.attrs.get(NUMBER_STYLE, AUTO)
    original = list(frame.columns)
    frame = _renamed(frame, _LIMIT_ALIASES, source)
    _required(frame, ("group_by", "group"), original, _LIMIT_NAMES, source)
    failures = Failures()
    numbers = {}
    for c in ("year", "cap", "floor"):
        if c not in frame.columns:
            numbers[c] = pd.Series(float("nan"), index=frame.index)
            continue
        values, bad = parse_numbers(frame[c], style=style)
        for r in frame.index[bad]:
            problem, fix = number_problem(frame[c][r], style, ("angka", "number"))
            failures.add(r, None, c, frame[c][r], problem, fix)
        if c == "year":
            whole = values.isna() | (
                np.isfinite(values) & (values == values.round()) & (values >= FIRST_YEAR) & (values <= LAST_YEAR)
            )
            for r in frame.index[~whole & ~bad]:
                failures.add(
                    r,
                    None,
                    c,
                    frame[c][r],
                    ("bukan tahun", "not a year"),
                    (
                        "tulis tahun seperti 2024, atau kosongkan untuk setiap tahun",
                        "write a year such as 2024, or leave it blank for every year",
                    ),
                )
        numbers[c] = values
    if "as_share" in frame.columns:
        shares, bad = parse_bools(frame["as_share"])
        for r in frame.index[bad]:
            failures.add(
                r,
                None,
                "as_share",
                frame["as_share"][r],
                ("bukan nilai ya/tidak", "not a yes/no value"),
                (
                    "tulis true (porsi dari pagu) atau false (rupiah)",
                    "write true (share of the ceiling) or false (rupiah)",
                ),
            )
    else:
        shares = pd.Series(False, index=frame.index)
    limits = []
    group_by, group = as_text(frame["group_by"]), as_text(frame["group"])
    unreadable = {rec["row"] for rec in failures}
    for r in frame.index:
        if r in unreadable:
            continue  # its cell problems are reported; a limit built without them would add noise

        def num(c: str, row: Any = r) -> float | None:
            v = numbers[c][row]
            return None if pd.isna(v) else float(v)

        year = num("year")
        try:
            limit = GroupLimit(
                group_by=normalise_name(group_by[r]),
                group=group[r],
                year=None if year is None else int(year),
                cap=num("cap"),
                floor=num("floor"),
                as_share=bool(shares[r]),
            )
        except BudgetValidationError as exc:
            failures.extend({**rec, "row": r} for rec in exc.records())
            continue
        limits.append(limit.read_from(source, r))
    failures.raise_if_any(BudgetValidationError, source)
    return tuple(limits)


def _known_budget(name: str) -> bool:
    return _BUDGET_ALIASES.get(name, name) in ("year", "ceiling", "source")


def _known_limits(name: str) -> bool:
    return _LIMIT_ALIASES.get(name, name) in ("group_by", "group", "year", "cap", "floor", "as_share")


def read_budget(
    path: str | Path,
    limits: str | Path | pd.DataFrame | None = None,
    reserve: float = 0.0,
    sheet: str | int = 0,
    earmarks: dict[str, dict[str, tuple[str, ...]]] | None = None,
) -> Budget:
    """Read yearly ceilings (and optionally group caps/floors) from CSV or Excel files.

    Parameters
    ----------
    path : str or Path
        Table with columns ``year`` and ``ceiling`` (rupiah); Indonesian names
        ``tahun`` / ``pagu`` are accepted. An optional ``source`` column (``sumber_dana``)
        gives per-source ceilings: rows with a source (PAD, DAU, DAK …) are that
        source's yearly ceiling, rows without one the total ceiling.
    limits : str, Path or DataFrame, optional
        Table of caps/floors with columns ``group_by``, ``group``, ``year`` (blank =
        every year), ``cap``, ``floor``, ``as_share``. When ``path`` is a workbook with a
        sheet named ``limits``, that sheet is used unless ``limits`` is given.
    reserve : float, default 0
        Share of every ceiling kept unallocated.
    sheet : str or int, default 0
        Sheet of the ceilings in a workbook.
    earmarks : dict, optional
        Funding sources restricted to some programmes: ``{"DAK": {"dimension":
        ("living", "society")}}`` lets only living and society programmes be paid from DAK.

    Notes
    -----
    Numbers are read by the separator of each file, as in :func:`~targetplan.read_catalog`.
    A semicolon-separated CSV file is what a spreadsheet set to a comma-decimal locale
    (Indonesian Excel) exports, so its numbers are read in Indonesian style: a dot
    separates thousands and a comma the decimals (``38.150.000.000`` is 38 150 000 000,
    ``0,4`` is 0.4; ``0.4`` is an error there). In a comma-separated CSV file, a
    workbook and a DataFrame, plain numbers are read as written (``0.4``, and
    ``750.000`` is 750) and Indonesian style with a decimal comma is accepted too
    (``1.250.000,50``). Rows left entirely blank are skipped; errors name the file and
    its spreadsheet rows.

    Raises
    ------
    BudgetValidationError
        With every problem found in a table, or a rule broken across the years (a year
        without a ceiling between two others), named against the file.

    Examples
    --------
    >>> import targetplan as tp
    >>> b = tp.read_budget(tp.example_path("bogor", "budget.csv"))
    >>> b.years[0], b.years[-1]
    (2022, 2027)
    """
    source = Path(path).name
    frame = read_table(path, sheet=sheet, what="budget", error=BudgetValidationError, known=_known_budget)
    per_source: dict[str, dict[int, float]] = {}
    names = {normalise_name(c): c for c in frame.columns}
    source_col = next((names[k] for k in ("source", "sumber_dana", "sumber") if k in names), None)
    if source_col is not None:
        # rows with a source give that source's ceiling; rows without one give the total ceiling
        labels = as_text(frame[source_col]).str.upper()
        for name in sorted(set(labels) - {""}):
            part = frame[labels == name].drop(columns=[source_col])
            part.attrs = dict(frame.attrs)
            per_source[name] = _ceilings_from_frame(part, f"{source} [source {name}]")
        frame = frame[labels == ""].drop(columns=[source_col])
    ceilings = _ceilings_from_frame(frame, source)
    limit_rows: tuple[GroupLimit, ...] = ()
    if limits is None and Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        if "limits" in sheet_names(path):
            limit_frame = read_table(
                path, sheet="limits", what="limits", error=BudgetValidationError, allow_empty=True, known=_known_limits
            )
            if len(limit_frame):
                limit_rows = _limits_from_frame(limit_frame, f"{source} [limits]")
    elif isinstance(limits, pd.DataFrame):
        # a repeated index (pd.concat) would make a row label ambiguous: count rows by position
        table = limits.copy() if limits.index.is_unique else limits.reset_index(drop=True)
        limit_rows = _limits_from_frame(table, "limits")
    elif limits is not None:
        limit_frame = read_table(limits, what="limits", error=BudgetValidationError, known=_known_limits)
        limit_rows = _limits_from_frame(limit_frame, Path(limits).name)
    try:
        return Budget(
            ceilings=ceilings, limits=limit_rows, reserve=reserve, source_ceilings=per_source, earmarks=earmarks or {}
        )
    except BudgetValidationError as exc:
        # a rule across the years (e.g. a gap): name the file, not the Budget class
        rows = exc.records()
        for rec in rows:
            if rec["column"] == "ceilings":
                rec["column"] = "year"
        raise BudgetValidationError(rows, source, lang=exc.lang) from None
