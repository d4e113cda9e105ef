"""The programme catalogue: candidate programmes, validated all at once.

A catalogue has one row per candidate programme. Its columns are documented in the
input reference (``docs/inputs.md``); the essential ones are ``id``, ``name``,
``priority`` and one ``cost_<YYYY>`` column per horizon year. Validation is vectorised
and reports *every* problem of a table at once in a :class:`CatalogValidationError`
whose ``failure_cases`` DataFrame names the row, column, value and fix of each.

The schedule columns (``cost_<YYYY>``, ``target_<YYYY>``) describe a start in the
programme's ``earliest_start`` year. A later start (up to ``latest_start``) shifts the
whole schedule by whole years; a start whose shifted schedule would end after the
horizon is not offered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field

from ._model import InputModel
from ._tables import (
    AUTO,
    FORMULA_FIX,
    INDONESIAN,
    NUMBER_STYLE,
    as_text,
    close_match,
    did_you_mean,
    is_formula,
    normalise_name,
    parse_bools,
    parse_numbers,
    read_table,
    split_list,
)
from .exceptions import CatalogValidationError

__all__ = ["CarryOver", "Catalog", "Mode", "Program", "read_catalog"]


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


_STATUS_ALIASES = {
    "new": CarryOver.NEW,
    "baru": CarryOver.NEW,
    "continuing": CarryOver.CONTINUING,
    "lanjutan": CarryOver.CONTINUING,
    "carry-over": CarryOver.CONTINUING,
    "carryover": CarryOver.CONTINUING,
    "": CarryOver.NEW,
}
_MODE_ALIASES = {
    "whole": Mode.WHOLE,
    "utuh": Mode.WHOLE,
    "scalable": Mode.SCALABLE,
    "skala": Mode.SCALABLE,
    "flexible": Mode.FLEXIBLE,
    "fleksibel": Mode.FLEXIBLE,
    "": Mode.WHOLE,
}

# Indonesian and common alternative column names, after normalise_name().
_COLUMN_ALIASES = {
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
}
_YEAR_COLUMN = re.compile(r"^(cost|target|pagu|biaya|anggaran)_(\d{4})$")
_YEAR_ALIASES = {"pagu": "cost", "biaya": "cost", "anggaran": "cost"}
# the part of a yearly cost paid from one funding source (sumber dana), e.g. cost_2024_DAK / pagu_2024_dak
_SOURCE_COLUMN = re.compile(r"^(cost|pagu|biaya|anggaran)_(\d{4})_([a-z0-9]+)$")
_SOURCE_NAME = re.compile(r"^cost_(\d{4})_([A-Z0-9]+)$")

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
_REQUIRED = ("id", "name", "priority")
_KNOWN_NAMES = [*COLUMNS, "cost_<year>", "target_<year>"]


def catalogue_column(name: object) -> str:
    """Return the catalogue's name for a column header (case, spaces and Indonesian names folded).

    Examples
    --------
    >>> catalogue_column("Perangkat Daerah"), catalogue_column("dimensi"), catalogue_column("kode_rekening")
    ('agency', 'dimension', 'kode_rekening')
    """
    key = normalise_name(name)
    return _COLUMN_ALIASES.get(key, key)


class Program(InputModel):
    """One candidate programme, for building a catalogue in code.

    Invalid fields raise :class:`CatalogValidationError`.

    Examples
    --------
    >>> p = Program(id="GOV-01", name="Command centre", priority=10,
    ...             costs={2022: 3.7e9, 2023: 1.0e9})
    >>> p.mode, p.status
    (<Mode.WHOLE: 'whole'>, <CarryOver.NEW: 'new'>)
    """

    _error = CatalogValidationError

    id: str
    name: str
    priority: float = Field(ge=0, allow_inf_nan=False)
    costs: dict[int, float] = Field(default_factory=dict)
    targets: dict[int, float] = Field(default_factory=dict)
    source_costs: dict[str, dict[int, float]] = Field(default_factory=dict)
    """Part of each year's cost paid from each funding source, ``{"DAK": {2024: 4e9}}``: the
    ``cost_<YYYY>_<SOURCE>`` columns. A year's cost is the sum of its sources (``costs`` may
    repeat that total or leave the year out)."""
    unit: str = ""
    status: CarryOver = CarryOver.NEW
    mode: Mode = Mode.WHOLE
    min_level: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    mandatory: bool = False
    excluded: bool = False
    earliest_start: int | None = None
    latest_start: int | None = None
    requires: tuple[str, ...] = ()
    exclusive_group: str = ""
    group_required: bool = False
    dimension: str = ""
    agency: str = ""
    alignment: tuple[str, ...] = ()

    def to_row(self) -> dict[str, Any]:
        """Return the programme as one catalogue row (a dict of column → value)."""
        row: dict[str, Any] = {k: getattr(self, k) for k in COLUMNS if k not in ("requires", "alignment")}
        row["requires"] = ";".join(self.requires)
        row["alignment"] = ";".join(self.alignment)
        row["status"] = self.status.value
        row["mode"] = self.mode.value
        for year, value in self.costs.items():
            row[f"cost_{year}"] = value
        for year, value in self.targets.items():
            row[f"target_{year}"] = value
        for source, by_year in self.source_costs.items():
            for year, value in by_year.items():
                row[f"cost_{year}_{source}"] = value
        return row


class Catalog:
    """A validated, immutable table of candidate programmes.

    Build it with :meth:`from_frame`, :meth:`from_programs` or :func:`read_catalog`.

    Attributes
    ----------
    years : tuple of int
        The horizon years the schedule columns cover.
    source : str
        Where the catalogue came from (file name or ``"DataFrame"``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": [3, 2],
    ...                    "cost_2024": [5e9, 4e9], "cost_2025": [1e9, 0]})
    >>> cat = Catalog.from_frame(df)
    >>> cat
    Catalog(2 programmes, 2024-2025)
    >>> cat.ids
    ('A', 'B')
    """

    def __init__(self, frame: pd.DataFrame, years: tuple[int, ...], source: str) -> None:
        # Internal constructor: `frame` is already normalised and validated.
        self._frame = frame
        self.years = years
        self.source = source

    # ------------------------------------------------------------------ builders
    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        horizon: tuple[int, int] | Sequence[int] | None = None,
        source: str = "DataFrame",
    ) -> Catalog:
        """Validate a DataFrame with one row per programme.

        Parameters
        ----------
        frame : pandas.DataFrame
            The catalogue; it is copied, never modified.
        horizon : (first_year, last_year), optional
            Planning years. Defaults to the span of the ``cost_<YYYY>`` / ``target_<YYYY>``
            columns; with a horizon, columns for other years are an error and missing
            years count as zero cost.
        source : str
            Name used in error messages.

        Raises
        ------
        CatalogValidationError
            With every problem found, in its ``failure_cases`` DataFrame.
        """
        if not isinstance(frame, pd.DataFrame):
            raise CatalogValidationError(
                [
                    _failure(
                        None,
                        None,
                        None,
                        type(frame).__name__,
                        "the catalogue is not a table",
                        "pass a pandas DataFrame, or use read_catalog() for a file",
                    )
                ],
                source,
            )
        return _validate(frame.copy(deep=True), horizon, source)

    @classmethod
    def from_programs(
        cls, programs: Iterable[Program | Mapping[str, Any]], horizon: tuple[int, int] | None = None
    ) -> Catalog:
        """Build a catalogue from :class:`Program` objects (or dicts of their fields).

        Raises
        ------
        CatalogValidationError
            With the problems of every programme at once; ``row`` is the position in
            ``programs``.

        Examples
        --------
        >>> cat = Catalog.from_programs([
        ...     Program(id="A", name="a", priority=2, costs={2024: 1e9}),
        ...     Program(id="B", name="b", priority=1, costs={2024: 2e9, 2025: 1e9}),
        ... ])
        >>> cat.years
        (2024, 2025)
        """
        rows: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        for i, p in enumerate(programs):
            if isinstance(p, Program):
                rows.append(p.to_row())
                continue
            if not isinstance(p, Mapping):
                failures.append(
                    _failure(
                        i,
                        None,
                        None,
                        type(p).__name__,
                        "not a programme",
                        "give Program objects or dicts of their fields",
                    )
                )
                continue
            try:
                rows.append(Program(**p).to_row())
            except CatalogValidationError as exc:
                pid = p.get("id")
                for rec in exc.failure_cases.to_dict("records"):
                    failures.append({**rec, "row": i, "id": pid if isinstance(pid, str) and pid else None})
        if failures:
            raise CatalogValidationError(failures, "programs")
        return cls.from_frame(pd.DataFrame(rows), horizon=horizon, source="programs")

    # ------------------------------------------------------------------ access
    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the normalised catalogue table (one row per programme)."""
        return self._frame.copy(deep=True)

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the normalised catalogue table (same as :meth:`to_frame`)."""
        return self.to_frame()

    def __len__(self) -> int:
        return len(self._frame)

    def __iter__(self) -> Any:
        return iter(self.ids)

    def __contains__(self, program_id: object) -> bool:
        return program_id in self._id_index

    def __getitem__(self, program_id: str) -> Program:
        """Return one programme as a :class:`Program`."""
        if program_id not in self._id_index:
            hint = did_you_mean(str(program_id), list(self.ids))
            raise KeyError(f"no programme with id {program_id!r} in the catalogue" + (f"; {hint}" if hint else ""))
        i = self._id_index[program_id]
        row = self._frame.iloc[i]
        source_costs: dict[str, dict[int, float]] = {}
        for source in self.sources:  # this row's cost_<YYYY>_<SOURCE> cells, not whole columns
            part = {y: float(v) for y in self.years if pd.notna(v := row.get(f"cost_{y}_{source}")) and v != 0}
            if part:
                source_costs[source] = part
        return Program(
            source_costs=source_costs,
            id=row["id"],
            name=row["name"],
            priority=float(row["priority"]),
            costs={y: float(row[f"cost_{y}"]) for y in self.years if row[f"cost_{y}"] != 0},
            targets={y: float(row[f"target_{y}"]) for y in self.years if pd.notna(row[f"target_{y}"])},
            unit=row["unit"],
            status=row["status"],
            mode=row["mode"],
            min_level=float(row["min_level"]),
            mandatory=bool(row["mandatory"]),
            excluded=bool(row["excluded"]),
            earliest_start=int(row["earliest_start"]),
            latest_start=int(row["latest_start"]),
            requires=row["requires"],
            exclusive_group=row["exclusive_group"],
            group_required=bool(row["group_required"]),
            dimension=row["dimension"],
            agency=row["agency"],
            alignment=row["alignment"],
        )

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Programme ids in catalogue order."""
        return tuple(self._frame["id"])

    @cached_property
    def _id_index(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    @property
    def horizon(self) -> tuple[int, int]:
        """First and last planning year."""
        return self.years[0], self.years[-1]

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """Columns kept from the input that targetplan does not interpret (usable for group caps)."""
        known = set(COLUMNS) | {f"cost_{y}" for y in self.years} | {f"target_{y}" for y in self.years}
        return tuple(c for c in self._frame.columns if c not in known and not _SOURCE_NAME.match(str(c)))

    def column(self, name: str) -> pd.Series:
        """Return one column (by id) as a copy, e.g. ``catalog.column("dimension")``."""
        if name not in self._frame.columns:
            raise KeyError(f"the catalogue has no column {name!r}; columns: {', '.join(self._frame.columns)}")
        return pd.Series(self._frame[name].to_numpy(copy=True), index=pd.Index(self.ids, name="id"), name=name)

    def cost_matrix(self) -> np.ndarray:
        """Costs at full scope as an (n programmes × n years) array, schedule starting at ``earliest_start``."""
        return self._frame[[f"cost_{y}" for y in self.years]].to_numpy(dtype=float, copy=True)

    @property
    def sources(self) -> tuple[str, ...]:
        """Funding sources named in ``cost_<YYYY>_<SOURCE>`` columns (e.g. ``("DAK", "PAD")``)."""
        found = {m.group(2) for c in self._frame.columns if (m := _SOURCE_NAME.match(str(c)))}
        return tuple(sorted(found))

    def source_cost_matrix(self, source: str) -> np.ndarray:
        """Part of every cost paid from ``source`` as an (n × years) array (zeros when not given).

        Examples
        --------
        >>> import pandas as pd
        >>> cat = Catalog.from_frame(pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1],
        ...                                        "cost_2024_DAK": [2e9], "cost_2024_PAD": [1e9]}))
        >>> cat.sources, cat.cost_matrix().tolist(), cat.source_cost_matrix("DAK").tolist()
        (('DAK', 'PAD'), [[3000000000.0]], [[2000000000.0]])
        """
        cols = [f"cost_{y}_{source}" for y in self.years]
        if not any(c in self._frame.columns for c in cols):
            return np.zeros((len(self), len(self.years)))
        return np.column_stack(
            [self._frame[c].to_numpy(dtype=float) if c in self._frame.columns else np.zeros(len(self)) for c in cols]
        )

    def target_matrix(self) -> np.ndarray:
        """Targets at full scope as an (n × years) array; ``NaN`` where no target is given."""
        return self._frame[[f"target_{y}" for y in self.years]].to_numpy(dtype=float, copy=True)

    def replace(self, **columns: Any) -> Catalog:
        """Return a new validated catalogue with some columns replaced.

        Each keyword is a column name; the value is a scalar, a sequence in catalogue
        order or a mapping from id to value (ids not named keep their value). Column
        names are matched like file headers (``prioritas`` means ``priority``).

        Raises
        ------
        CatalogValidationError
            For a column the catalogue does not have, an id it does not have, a sequence
            of the wrong length, or a new table that fails validation.

        Examples
        --------
        >>> import pandas as pd
        >>> cat = Catalog.from_frame(pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1],
        ...                                        "cost_2024": [1e9]}))
        >>> cat.replace(mandatory={"A": True})["A"].mandatory
        True
        """
        frame = self.to_frame()
        ids = list(self.ids)
        failures: list[dict[str, Any]] = []
        for keyword, value in columns.items():
            name = catalogue_column(keyword)
            m = _YEAR_COLUMN.match(name)
            ms = _SOURCE_COLUMN.match(name)
            if m:
                name = f"{_YEAR_ALIASES.get(m.group(1), m.group(1))}_{m.group(2)}"
            elif ms:
                name = f"cost_{ms.group(2)}_{ms.group(3).upper()}"
            if name not in frame.columns:
                hint = did_you_mean(name, [str(c) for c in frame.columns])
                failures.append(
                    _failure(
                        None,
                        None,
                        keyword,
                        None,
                        "the catalogue has no such column",
                        _with_hint(
                            hint,
                            "replace an existing column (see Catalog.to_frame().columns); to add one, "
                            "use Catalog.from_frame(catalog.to_frame().assign(...))",
                        ),
                    )
                )
                continue
            if isinstance(value, Mapping):
                unknown = [key for key in value if key not in self._id_index]
                for key in unknown:
                    hint = did_you_mean(str(key), ids)
                    failures.append(
                        _failure(
                            None,
                            str(key),
                            name,
                            value[key],
                            f"no programme with id {key!r} in the catalogue",
                            _with_hint(hint, "use ids of the catalogue (they are case-sensitive)"),
                        )
                    )
                if unknown:
                    continue
                current = dict(zip(ids, frame[name].tolist(), strict=True))
                current.update(value)
                frame[name] = pd.Series([current[i] for i in ids], index=frame.index, dtype=object)
            elif isinstance(value, list | tuple | np.ndarray) and len(value) != len(ids):
                failures.append(
                    _failure(
                        None,
                        None,
                        name,
                        f"{len(value)} values",
                        f"the catalogue has {len(ids)} programmes but {len(value)} values were given",
                        "give one value per programme in catalogue order, a mapping from id to value, or one value",
                    )
                )
            else:
                frame[name] = value
        if failures:
            raise CatalogValidationError(failures, "Catalog.replace")
        for col in ("requires", "alignment"):
            frame[col] = frame[col].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
        return Catalog.from_frame(frame, horizon=self.horizon, source=self.source)

    def __repr__(self) -> str:
        noun = "programme" if len(self) == 1 else "programmes"
        return f"Catalog({len(self)} {noun}, {self.years[0]}-{self.years[-1]})"

    def _repr_html_(self) -> str:
        shown = self._frame[["id", "name", "dimension", "agency", "status", "mode", "priority"]].copy()
        shown["total_cost"] = self.cost_matrix().sum(axis=1)
        return f"<p><b>{self!r}</b></p>" + shown.to_html(index=False, max_rows=30)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.years == other.years and self._frame.equals(other._frame)

    __hash__ = None  # type: ignore[assignment]


def read_catalog(path: str | Path, sheet: str | int = 0, horizon: tuple[int, int] | None = None) -> Catalog:
    """Read and validate a programme catalogue from a CSV or Excel file.

    The file is only read, never modified. Row numbers in error messages are the
    spreadsheet rows (the header is row 1); rows left entirely blank are skipped.

    Numbers are read by the separator of the file. A semicolon-separated CSV file is
    what a spreadsheet set to a comma-decimal locale (Indonesian Excel) exports, so its
    numbers are read in Indonesian style: a dot separates thousands and a comma the
    decimals (``750.000`` is 750 000, ``1.250.000,50`` and ``2,5`` as written; ``0.4`` is
    an error there, write ``0,4``). In a comma-separated CSV file and in a workbook,
    plain numbers are read as written (``750.000`` is 750, ``2.5`` is 2.5) and Indonesian
    style with a decimal comma is accepted too (``1.250.000,50``).

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (comma or semicolon separated, UTF-8 with or without BOM) or
        ``.xlsx`` file.
    sheet : str or int, default 0
        Excel sheet name or 0-based position.
    horizon : (first_year, last_year), optional
        See :meth:`Catalog.from_frame`.

    Examples
    --------
    >>> import targetplan as tp
    >>> cat = tp.read_catalog(tp.example_path("bogor", "programs.csv"))
    >>> cat.years
    (2022, 2023, 2024, 2025, 2026, 2027)
    """
    frame = read_table(path, sheet=sheet, what="catalogue", error=CatalogValidationError)
    return _validate(frame, horizon, Path(path).name, number_style=frame.attrs.get(NUMBER_STYLE, AUTO))


# ---------------------------------------------------------------------- validation
def _with_hint(hint: str, fix: str) -> str:
    """Put a 'did you mean' hint (or nothing) before a fix."""
    return f"{hint} {fix[0].upper()}{fix[1:]}" if hint else fix


def _plain(value: Any) -> Any:
    """Unwrap a numpy scalar, so that messages show -1.0, not np.float64(-1.0)."""
    return value.item() if isinstance(value, np.generic) else value


def _failure(row: Any, pid: Any, column: Any, value: Any, problem: str, fix: str) -> dict[str, Any]:
    value = _plain(value)
    if isinstance(value, float) and np.isnan(value):
        value = "NaN"
    pid = _plain(pid)
    if pid is not None and (not isinstance(pid, str) or pid == ""):  # a blank id (NaN, "") is no id
        pid = None
    return {"row": _plain(row), "id": pid, "column": column, "value": value, "problem": problem, "fix": fix}


def _validate(frame: pd.DataFrame, horizon: Any, source: str, number_style: str = AUTO) -> Catalog:
    failures: list[dict[str, Any]] = []
    error_source = source
    if not frame.index.is_unique:
        # labels such as those of pd.concat repeat: rows are told apart by position instead
        frame = frame.reset_index(drop=True)
        error_source = f"{source} (rows by position from 0, as its index repeats)"

    def add(row: Any, pid: Any, column: Any, value: Any, problem: str, fix: str) -> None:
        failures.append(_failure(row, pid, column, value, problem, fix))

    def stop() -> None:
        if failures:
            raise CatalogValidationError(failures, error_source)

    # --- column names -------------------------------------------------------
    renamed: dict[Any, str] = {}
    year_cols: dict[str, int] = {}
    source_cols: dict[str, tuple[int, str]] = {}
    seen: dict[str, Any] = {}
    for original in frame.columns:
        name = normalise_name(original)
        name = _COLUMN_ALIASES.get(name, name)
        m = _YEAR_COLUMN.match(name)
        ms = _SOURCE_COLUMN.match(name)
        if m:
            kind = _YEAR_ALIASES.get(m.group(1), m.group(1))
            name = f"{kind}_{m.group(2)}"
            year_cols[name] = int(m.group(2))
        elif ms:
            name = f"cost_{ms.group(2)}_{ms.group(3).upper()}"
            source_cols[name] = (int(ms.group(2)), ms.group(3).upper())
        elif name.startswith(("cost_", "target_")) and not re.match(r"^(cost|target)_\d{4}_", name):
            add(
                None,
                None,
                original,
                None,
                "a schedule column must end in a 4-digit year",
                "name it like cost_2024 or target_2024",
            )
        elif name not in COLUMNS:
            guess = close_match(name, list(COLUMNS))
            if guess:
                add(
                    None,
                    None,
                    original,
                    None,
                    f"unknown column, did you mean '{guess}'?",
                    f"rename the column to '{guess}' (or remove it)",
                )
        if name in seen:
            add(
                None,
                None,
                original,
                None,
                f"duplicated column (same as '{seen[name]}')",
                "keep only one column with this meaning",
            )
        seen[name] = original
        renamed[original] = name
    stop()
    frame = frame.rename(columns=renamed)
    for col in _REQUIRED:
        if col not in frame.columns:
            hint = did_you_mean(col, [str(c) for c in frame.columns])
            add(
                None,
                None,
                col,
                None,
                f"required column '{col}' is missing {hint}".strip(),
                f"add a column '{col}' (see the input reference)",
            )
    if not any(c.startswith("cost_") for c in year_cols) and not source_cols:
        add(None, None, "cost_<year>", None, "no cost columns", "add one cost_<YYYY> column per planning year")
    stop()
    if len(frame) == 0:
        add(None, None, None, None, "the catalogue has no rows", "add at least one programme")
        stop()

    col_years = sorted(set(year_cols.values()) | {y for y, _ in source_cols.values()})
    if horizon is not None:
        try:
            first, last = (int(horizon[0]), int(horizon[-1]))
        except (TypeError, ValueError, IndexError):
            add(None, None, None, horizon, "horizon must be (first_year, last_year)", "pass e.g. horizon=(2022, 2027)")
            stop()
        if first > last:
            add(None, None, None, horizon, "horizon starts after it ends", "pass (first_year, last_year)")
            stop()
        for name, year in year_cols.items():
            if not first <= year <= last:
                add(
                    None,
                    None,
                    name,
                    None,
                    f"column for {year}, outside the horizon {first}-{last}",
                    "remove the column or widen the horizon",
                )
        stop()
    else:
        first, last = col_years[0], col_years[-1]
    years = tuple(range(first, last + 1))

    rows = frame.index
    # ids first: every other message names the id.
    ids = as_text(frame["id"]) if "id" in frame else pd.Series("", index=rows)
    for r in rows[ids == ""]:
        add(r, None, "id", "", "missing id", "give every programme a unique id such as GOV-01")
    dup = ids.duplicated(keep=False) & (ids != "")
    for r in rows[dup]:
        add(r, ids[r], "id", ids[r], "duplicate id", "make every id unique (ids are matched across masterplans)")
    pid = ids.where(ids != "", None)

    out = pd.DataFrame(index=rows)
    out["id"] = ids
    names = as_text(frame["name"])
    for r in rows[names == ""]:
        add(r, pid[r], "name", "", "missing name", "give every programme a name")
    out["name"] = names

    if number_style == INDONESIAN:
        style_hint = "in Indonesian style, as this semicolon-separated file uses: 750.000 or 1.250.000,50"
    else:
        style_hint = "in plain digits (1250000.5) or in Indonesian style (1.250.000,50)"

    def number_column(
        col: str,
        required: bool,
        default: float,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        noun: str = "value",
        example: str = "",
    ) -> pd.Series:
        # Fix texts: "write the <noun> as a number <range>, <example>"
        if col not in frame.columns:
            return pd.Series(default, index=rows, dtype=float)
        if minimum is not None and maximum is not None:
            bounds = f" from {minimum:g} to {maximum:g}"
        elif minimum is not None:
            bounds = f" of {minimum:g} or more"
        else:
            bounds = ""
        values, bad = parse_numbers(frame[col], style=number_style)
        raw = frame[col]
        for r in rows[bad]:
            if is_formula(raw[r]):
                add(r, pid[r], col, raw[r], "a formula without a value", FORMULA_FIX)
                continue
            fix = f"write the {noun} as a number{bounds}, {example or style_hint}"
            add(r, pid[r], col, raw[r], "not a number", fix)
        blank = values.isna() & ~bad
        if required:
            for r in rows[blank]:
                add(r, pid[r], col, "", "missing value", f"fill in a {noun}{bounds}")
        inf = np.isinf(values)
        for r in rows[inf]:
            add(r, pid[r], col, raw[r], "infinite value", f"write the {noun} as a finite number{bounds}")
        ok = values.notna() & ~inf
        if minimum is not None:
            for r in rows[ok & (values < minimum)]:
                add(r, pid[r], col, values[r], f"below {minimum:g}", f"write the {noun} as a number{bounds}")
        if maximum is not None:
            for r in rows[ok & (values > maximum)]:
                add(r, pid[r], col, values[r], f"above {maximum:g}", f"write the {noun} as a number{bounds}")
        return values if np.isnan(default) else values.fillna(default)

    out["priority"] = number_column("priority", True, np.nan, noun="priority")
    for year in years:
        out[f"cost_{year}"] = number_column(f"cost_{year}", False, 0.0, noun="cost in rupiah")
    # Funding sources: a yearly cost may be split over sources; the plain cost_<YYYY> is their total.
    sources = sorted({src for _, src in source_cols.values()})
    for src_name in sources:
        for year in years:
            col = f"cost_{year}_{src_name}"
            out[col] = number_column(col, False, 0.0, noun=f"cost paid from {src_name}") if col in source_cols else 0.0
    for year in years:
        parts = [f"cost_{year}_{s}" for s in sources if f"cost_{year}_{s}" in source_cols]
        if not parts:
            continue
        by_source = out[parts].sum(axis=1)
        plain = f"cost_{year}"
        given = parse_numbers(frame[plain])[0].notna() if plain in frame.columns else pd.Series(False, index=rows)
        differs = given & ((out[plain] - by_source).abs() > 1e-9 * np.maximum(out[plain].abs(), 1.0))
        for r in rows[differs & (by_source > 0)]:
            add(
                r,
                pid[r],
                plain,
                _plain(out.at[r, plain]),
                f"differs from the sum of its sources ({', '.join(parts)}: {by_source[r]:,.0f})",
                f"make {plain} the total of its sources, or leave {plain} blank",
            )
        out[plain] = np.where(given, out[plain], by_source)
    for year in years:
        out[f"target_{year}"] = number_column(f"target_{year}", False, np.nan, noun="target")

    def text_column(col: str) -> pd.Series:
        return as_text(frame[col]) if col in frame.columns else pd.Series("", index=rows, dtype=object)

    out["unit"] = text_column("unit")
    status = text_column("status").str.lower()
    st = status.map(_STATUS_ALIASES)
    for r in rows[st.isna()]:
        add(
            r,
            pid[r],
            "status",
            frame["status"][r],
            "unknown carry-over status",
            "write 'new' (baru) or 'continuing' (lanjutan)",
        )
    out["status"] = st
    mode = text_column("mode").str.lower()
    md = mode.map(_MODE_ALIASES)
    for r in rows[md.isna()]:
        add(r, pid[r], "mode", frame["mode"][r], "unknown mode", "write 'whole', 'scalable' or 'flexible'")
    out["mode"] = md

    min_level = number_column("min_level", False, np.nan, minimum=0.0, maximum=1.0, noun="minimum level (a share)")
    whole = out["mode"] == Mode.WHOLE
    for r in rows[whole & min_level.notna() & (min_level < 1) & (min_level >= 0)]:
        add(
            r,
            pid[r],
            "min_level",
            min_level[r],
            "a 'whole' programme runs at level 1 only",
            "leave min_level blank, or set mode to 'scalable' or 'flexible'",
        )
    out["min_level"] = min_level.where(min_level.notna(), np.where(whole, 1.0, 0.0))

    for col in ("mandatory", "excluded", "group_required"):
        if col in frame.columns:
            values, bad = parse_bools(frame[col])
            for r in rows[bad]:
                add(r, pid[r], col, frame[col][r], "not a yes/no value", "write true or false (ya/tidak, 1/0)")
            out[col] = values.astype(bool)
        else:
            out[col] = False
    for r in rows[out["mandatory"] & out["excluded"]]:
        add(r, pid[r], "mandatory", True, "both mandatory and excluded", "set at most one of mandatory / excluded")

    starts = {}
    for col in ("earliest_start", "latest_start"):
        values = number_column(col, False, np.nan, minimum=None, noun="year", example="such as 2024")
        ok = values.notna()
        for r in rows[ok & (values != values.round())]:
            add(r, pid[r], col, values[r], "not a whole year", "write a year such as 2024")
        for r in rows[ok & ((values < first) | (values > last))]:
            add(
                r, pid[r], col, values[r], f"outside the horizon {first}-{last}", f"write a year from {first} to {last}"
            )
        starts[col] = values
    earliest = starts["earliest_start"].fillna(first)
    latest = starts["latest_start"].where(starts["latest_start"].notna(), earliest)
    for r in rows[earliest > latest]:
        add(
            r,
            pid[r],
            "latest_start",
            latest[r],
            f"latest_start is before earliest_start ({earliest[r]:.0f})",
            "make latest_start the same as or later than earliest_start",
        )
    out["earliest_start"] = earliest.clip(first, last).round().astype(int)
    out["latest_start"] = latest.clip(first, last).round().astype(int)

    for col in ("exclusive_group", "dimension", "agency"):
        out[col] = text_column(col)
    # a catalogue's own table (to_frame) holds these as tuples: read them back as lists
    for col in ("requires", "alignment"):
        if col in frame.columns:
            frame[col] = frame[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple | list) else v)
    out["requires"] = text_column("requires").map(split_list)
    out["alignment"] = text_column("alignment").map(lambda v: tuple(t.upper() for t in split_list(v)))

    # columns kept for grouping / reports
    for col in frame.columns:
        if col not in out.columns and col not in COLUMNS and not _YEAR_COLUMN.match(col) and col not in source_cols:
            out[col] = frame[col]

    # --- rules across columns and rows ---------------------------------------
    # They run even when cells had problems above, so that one error lists everything;
    # a rule skips the rows whose cells it reads were unreadable (no follow-on noise).
    flagged = {(f["row"], f["column"]) for f in failures}

    def flagged_rows(columns: list[str]) -> np.ndarray:
        return np.array([any((_plain(r), c) in flagged for c in columns) for r in rows], dtype=bool)

    schedule_bad = flagged_rows(
        [f"cost_{y}" for y in years] + [f"target_{y}" for y in years] + ["earliest_start", "latest_start"]
    )
    cost = out[[f"cost_{y}" for y in years]].to_numpy(dtype=float)
    target = out[[f"target_{y}" for y in years]].to_numpy(dtype=float)
    active = (cost > 0) | (np.nan_to_num(target) > 0)
    e_off = out["earliest_start"].to_numpy() - first
    l_off = out["latest_start"].to_numpy() - first
    col_idx = np.arange(len(years))
    before = active & (col_idx[None, :] < e_off[:, None]) & ~schedule_bad[:, None]
    for i in np.flatnonzero(before.any(axis=1)):
        r = rows[i]
        y = years[int(np.flatnonzero(before[i])[0])]
        add(
            r,
            pid[r],
            f"cost_{y}",
            float(cost[i, y - first]),
            f"the schedule spends in {y}, before earliest_start {e_off[i] + first}",
            "the schedule columns describe a start in earliest_start: move the amounts, or make earliest_start earlier",
        )
    last_active = np.where(active.any(axis=1), len(years) - 1 - np.argmax(active[:, ::-1], axis=1), e_off)
    duration = last_active - e_off + 1
    can_shift = len(years) - duration - e_off  # years a start may move later and still fit
    no_fit = (duration + e_off > len(years)) & ~schedule_bad
    window_too_long = (l_off - e_off > can_shift) & ~no_fit & ~before.any(axis=1)
    out["_duration"] = duration
    # a window that reaches past the fitting starts is trimmed; report only if no start fits
    for i in np.flatnonzero(no_fit):
        r = rows[i]
        add(
            r,
            pid[r],
            "earliest_start",
            int(e_off[i] + first),
            "the schedule never fits the horizon",
            f"shorten the schedule or start earlier; the horizon ends in {last}",
        )
    out["latest_start"] = np.where(window_too_long, e_off + np.maximum(can_shift, 0) + first, out["latest_start"])

    known = set(out["id"]) - {""}
    excluded = dict(zip(out["id"], out["excluded"], strict=True))
    win = dict(zip(out["id"], zip(out["earliest_start"], out["latest_start"], strict=True), strict=True))
    window_bad: dict[str, bool] = {}
    for p, bad in zip(out["id"], schedule_bad, strict=True):
        window_bad[p] = window_bad.get(p, False) or bool(bad)
    for r, p, reqs in zip(rows, out["id"], out["requires"], strict=True):
        for q in reqs:
            if q not in known:
                # an unknown id does not stop the cycle search below: it skips unknown ids
                add(
                    r,
                    p,
                    "requires",
                    q,
                    f"requires an unknown programme {did_you_mean(q, sorted(known))}".strip(),
                    "name ids that are in the catalogue, separated by ';'",
                )
            elif q == p:
                add(r, p, "requires", q, "a programme cannot require itself", "remove its own id from requires")
            elif excluded[q]:
                add(
                    r,
                    p,
                    "requires",
                    q,
                    f"requires {q}, which is excluded, so it could never run",
                    f"un-exclude {q}, or remove {q} from requires (or exclude {p} too)",
                )
            elif not (window_bad[p] or window_bad[q]) and win[q][0] > win[p][1]:
                add(
                    r,
                    p,
                    "requires",
                    q,
                    f"requires {q}, which cannot start before {win[q][0]}, but must itself start by {win[p][1]}",
                    f"widen the start windows of {p} or {q}",
                )
    cycle = _find_cycle(dict(zip(out["id"], out["requires"], strict=True)))
    if cycle:
        pos = dict(zip(out["id"], rows, strict=True))
        add(
            pos[cycle[0]],
            cycle[0],
            "requires",
            " -> ".join(cycle),
            "the requires relation forms a cycle",
            "remove one of the requirements in the cycle",
        )

    groups = out[out["exclusive_group"] != ""].groupby("exclusive_group")
    for g, members in groups:
        n_mand = int(members["mandatory"].sum())
        if n_mand > 1:
            for r in members.index[members["mandatory"]]:
                add(
                    r,
                    out.at[r, "id"],
                    "mandatory",
                    True,
                    f"exclusive group {g!r} has {n_mand} mandatory programmes, but at most one may run",
                    "make at most one programme of the group mandatory",
                )
        if members["group_required"].nunique() > 1:
            for r in members.index:
                add(
                    r,
                    out.at[r, "id"],
                    "group_required",
                    bool(members.at[r, "group_required"]),
                    f"members of exclusive group {g!r} disagree on group_required",
                    "give every member of the group the same group_required value",
                )
        if members["group_required"].all() and members["excluded"].all():
            r = members.index[0]
            add(
                r,
                out.at[r, "id"],
                "excluded",
                True,
                f"exclusive group {g!r} requires one programme but all of them are excluded",
                "un-exclude one member or set group_required to false",
            )
    for r in rows[out["group_required"] & (out["exclusive_group"] == "")]:
        add(
            r,
            pid[r],
            "group_required",
            True,
            "group_required without an exclusive_group",
            "name the exclusive_group whose alternatives must have one chosen",
        )
    stop()

    out = out.drop(columns="_duration")
    out.index.name = "row"
    return Catalog(out, years, source)


def _find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """Return one cycle of ``graph`` (id → required ids) as a list, or ``None``."""
    white, grey, black = 0, 1, 2
    color = dict.fromkeys(graph, white)
    parent: dict[str, str] = {}
    for root in sorted(graph):
        if color[root] != white:
            continue
        stack = [(root, iter(graph[root]))]
        color[root] = grey
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                color[node] = black
                stack.pop()
                continue
            if nxt not in color:
                continue
            if color[nxt] == grey:
                cycle = [nxt]
                cur = node
                while cur != nxt:
                    cycle.append(cur)
                    cur = parent[cur]
                cycle.append(nxt)
                return cycle[::-1]
            if color[nxt] == white:
                parent[nxt] = node
                color[nxt] = grey
                stack.append((nxt, iter(graph[nxt])))
    return None
