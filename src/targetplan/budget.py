"""Budget ceilings (*pagu*) per year, group caps and floors, and a reserve.

A :class:`Budget` holds the APBD money available to the plan in each horizon year.
:class:`GroupLimit` rows cap (or set a floor under) the spending of a group of
programmes — all programmes with the same value in a catalogue column such as
``dimension`` or ``agency`` — either as an amount in rupiah or as a share of the year's
ceiling. A reserve share of every ceiling can be kept unallocated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import Field, field_validator, model_validator

from ._model import InputModel
from ._tables import as_text, normalise_name, parse_bools, parse_numbers, read_table
from .exceptions import InputValidationError

__all__ = ["Budget", "BudgetValidationError", "GroupLimit", "read_budget"]


class BudgetValidationError(InputValidationError):
    """The budget (ceilings, caps/floors, reserve) is invalid or does not fit the catalogue."""

    what = "budget"


class GroupLimit(InputModel):
    """A cap or a floor on the spending of one group of programmes.

    Parameters
    ----------
    group_by : str
        Catalogue column that defines the groups (``"dimension"``, ``"agency"`` or any
        other column of the catalogue).
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
    """

    _error = BudgetValidationError

    group_by: str
    group: str
    year: int | None = None
    cap: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    floor: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    as_share: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> GroupLimit:
        if self.cap is None and self.floor is None:
            raise ValueError("give a cap, a floor or both")
        if self.cap is not None and self.floor is not None and self.floor > self.cap:
            raise ValueError(f"floor {self.floor:g} is above cap {self.cap:g}; make the floor at most the cap")
        if self.as_share:
            for name, v in (("cap", self.cap), ("floor", self.floor)):
                if v is not None and v > 1:
                    raise ValueError(f"{name} {v:g} is a share and must be at most 1 (write 0.4 for 40 %)")
        return self

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
    reserve: float = Field(default=0.0, ge=0, lt=1)

    @field_validator("limits", mode="after")
    @classmethod
    def _limits_tuple(cls, value: Sequence[GroupLimit]) -> tuple[GroupLimit, ...]:
        return tuple(value)

    @field_validator("ceilings")
    @classmethod
    def _ceilings(cls, value: dict[int, float]) -> dict[int, float]:
        if not value:
            raise ValueError("no ceilings: give one ceiling per horizon year")
        bad = {y: c for y, c in value.items() if not math.isfinite(c) or c < 0}
        if bad:
            raise ValueError(f"ceilings must be finite and 0 or more; check years {sorted(bad)}")
        years = sorted(value)
        gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if gaps:
            raise ValueError(f"ceilings skip the years {gaps}; give a ceiling for every year (0 if none)")
        return dict(sorted(value.items()))

    @property
    def years(self) -> tuple[int, ...]:
        """The years with a ceiling, in order."""
        return tuple(self.ceilings)

    def available(self, year: int) -> float:
        """Ceiling of ``year`` less the reserve."""
        return self.ceilings[year] * (1.0 - self.reserve)

    def scale(self, factor: float) -> Budget:
        """Return a scenario with every ceiling and every amount cap/floor multiplied by ``factor``.

        Shares stay shares, so they follow the scaled ceilings.
        """
        if not math.isfinite(factor) or factor < 0:
            raise BudgetValidationError(
                [
                    {
                        "row": None,
                        "id": None,
                        "column": "factor",
                        "value": factor,
                        "problem": "a scale factor must be finite and 0 or more",
                        "fix": "pass e.g. 0.9 for a 10 % cut",
                    }
                ],
                "Budget.scale",
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
        return Budget(ceilings={y: c * factor for y, c in self.ceilings.items()}, limits=limits, reserve=self.reserve)

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

    def __repr__(self) -> str:
        from .money import format_money

        ys = self.years
        total = format_money(sum(self.ceilings.values()))
        extra = f", {len(self.limits)} group limits" if self.limits else ""
        reserve = f", reserve {self.reserve:.0%}" if self.reserve else ""
        return f"Budget({ys[0]}-{ys[-1]}, total {total}{extra}{reserve})"


_BUDGET_ALIASES = {"tahun": "year", "pagu": "ceiling", "plafon": "ceiling", "pagu_indikatif": "ceiling"}
_LIMIT_ALIASES = {
    "kelompok_menurut": "group_by",
    "kelompok": "group",
    "tahun": "year",
    "batas_atas": "cap",
    "batas_bawah": "floor",
    "sebagai_porsi": "as_share",
}


def _fail(rows: list[dict[str, Any]], source: str) -> BudgetValidationError:
    return BudgetValidationError(rows, source)


def _ceilings_from_frame(frame: pd.DataFrame, source: str) -> dict[int, float]:
    frame = frame.rename(columns=lambda c: _BUDGET_ALIASES.get(normalise_name(c), normalise_name(c)))
    missing = [c for c in ("year", "ceiling") if c not in frame.columns]
    if missing:
        raise _fail(
            [
                {
                    "row": None,
                    "id": None,
                    "column": c,
                    "value": None,
                    "problem": f"required column '{c}' is missing",
                    "fix": "the budget table needs the columns year and ceiling",
                }
                for c in missing
            ],
            source,
        )
    years, bad_y = parse_numbers(frame["year"])
    ceilings, bad_c = parse_numbers(frame["ceiling"])
    failures = []
    for r in frame.index:
        if bad_y[r] or pd.isna(years[r]) or years[r] != round(years[r]):
            failures.append(
                {
                    "row": r,
                    "id": None,
                    "column": "year",
                    "value": frame["year"][r],
                    "problem": "not a year",
                    "fix": "write a year such as 2024",
                }
            )
        if bad_c[r] or pd.isna(ceilings[r]) or not math.isfinite(ceilings[r]) or ceilings[r] < 0:
            failures.append(
                {
                    "row": r,
                    "id": None,
                    "column": "ceiling",
                    "value": frame["ceiling"][r],
                    "problem": "not an amount of 0 or more",
                    "fix": "write the ceiling in rupiah",
                }
            )
    dup = years.duplicated(keep=False) & years.notna()
    for r in frame.index[dup]:
        failures.append(
            {
                "row": r,
                "id": None,
                "column": "year",
                "value": years[r],
                "problem": "year given twice",
                "fix": "give one ceiling per year",
            }
        )
    if failures:
        raise _fail(failures, source)
    return {int(y): float(c) for y, c in zip(years, ceilings, strict=True)}


def _limits_from_frame(frame: pd.DataFrame, source: str) -> tuple[GroupLimit, ...]:
    frame = frame.rename(columns=lambda c: _LIMIT_ALIASES.get(normalise_name(c), normalise_name(c)))
    failures: list[dict[str, Any]] = []
    for c in ("group_by", "group"):
        if c not in frame.columns:
            failures.append(
                {
                    "row": None,
                    "id": None,
                    "column": c,
                    "value": None,
                    "problem": f"required column '{c}' is missing",
                    "fix": "the limits table needs group_by, group, year, cap and/or floor, as_share",
                }
            )
    if failures:
        raise _fail(failures, source)
    numbers = {}
    for c in ("year", "cap", "floor"):
        if c in frame.columns:
            values, bad = parse_numbers(frame[c])
            for r in frame.index[bad]:
                failures.append(
                    {
                        "row": r,
                        "id": None,
                        "column": c,
                        "value": frame[c][r],
                        "problem": "not a number",
                        "fix": "write a number (or leave blank)",
                    }
                )
            numbers[c] = values
        else:
            numbers[c] = pd.Series(float("nan"), index=frame.index)
    shares, bad = (
        parse_bools(frame["as_share"])
        if "as_share" in frame.columns
        else (pd.Series(False, index=frame.index), pd.Series(False, index=frame.index))
    )
    for r in frame.index[bad]:
        failures.append(
            {
                "row": r,
                "id": None,
                "column": "as_share",
                "value": frame["as_share"][r],
                "problem": "not a yes/no value",
                "fix": "write true (share of the ceiling) or false (rupiah)",
            }
        )
    limits = []
    group_by, group = as_text(frame["group_by"]), as_text(frame["group"])
    for r in frame.index:

        def num(c: str, row: Any = r) -> float | None:
            v = numbers[c][row]
            return None if pd.isna(v) else float(v)

        year = num("year")
        try:
            limits.append(
                GroupLimit(
                    group_by=normalise_name(group_by[r]),
                    group=group[r],
                    year=None if year is None else int(year),
                    cap=num("cap"),
                    floor=num("floor"),
                    as_share=bool(shares[r]),
                )
            )
        except BudgetValidationError as exc:
            for rec in exc.failure_cases.to_dict("records"):
                rec["row"] = r
                failures.append(rec)
    if failures:
        raise _fail(failures, source)
    return tuple(limits)


def read_budget(
    path: str | Path,
    limits: str | Path | pd.DataFrame | None = None,
    reserve: float = 0.0,
    sheet: str | int = 0,
) -> Budget:
    """Read yearly ceilings (and optionally group caps/floors) from CSV or Excel files.

    Parameters
    ----------
    path : str or Path
        Table with columns ``year`` and ``ceiling`` (rupiah); Indonesian names
        ``tahun`` / ``pagu`` are accepted.
    limits : str, Path or DataFrame, optional
        Table of caps/floors with columns ``group_by``, ``group``, ``year`` (blank =
        every year), ``cap``, ``floor``, ``as_share``. When ``path`` is a workbook with a
        sheet named ``limits``, that sheet is used unless ``limits`` is given.
    reserve : float, default 0
        Share of every ceiling kept unallocated.
    sheet : str or int, default 0
        Sheet of the ceilings in a workbook.

    Examples
    --------
    >>> import targetplan as tp
    >>> b = tp.read_budget(tp.example_path("bogor", "budget.csv"))
    >>> b.years[0], b.years[-1]
    (2022, 2027)
    """
    source = Path(path).name
    frame = read_table(path, sheet=sheet, what="budget", error=BudgetValidationError)
    ceilings = _ceilings_from_frame(frame, source)
    limit_rows: tuple[GroupLimit, ...] = ()
    if limits is None and Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        try:
            limit_frame = pd.read_excel(path, sheet_name="limits", dtype=str, keep_default_na=False)
        except ValueError:  # no sheet named 'limits'
            limit_frame = None
        if limit_frame is not None and len(limit_frame):
            limit_frame.index = pd.RangeIndex(2, 2 + len(limit_frame))
            limit_rows = _limits_from_frame(limit_frame, f"{source} [limits]")
    elif isinstance(limits, pd.DataFrame):
        limit_rows = _limits_from_frame(limits.copy(), "limits")
    elif limits is not None:
        limit_frame = read_table(limits, what="limits", error=BudgetValidationError)
        limit_rows = _limits_from_frame(limit_frame, Path(limits).name)
    return Budget(ceilings=ceilings, limits=limit_rows, reserve=reserve)
