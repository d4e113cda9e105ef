"""The programme catalogue: candidate programmes, validated all at once.

A catalogue has one row per candidate programme. Its columns are documented in the
input reference (``docs/inputs.md``); the essential ones are ``id``, ``name``,
``priority`` and one ``cost_<YYYY>`` column per horizon year. Validation
(:mod:`targetplan.inputs.catalog_rules`) is vectorised and reports *every* problem of a
table at once in a :class:`~targetplan.exceptions.CatalogValidationError` whose
``failure_cases`` DataFrame names the row, column, value and fix of each.

The schedule columns (``cost_<YYYY>``, ``target_<YYYY>``) describe a start in the
programme's ``earliest_start`` year. A later start (up to ``latest_start``) shifts the
whole schedule by whole years; a start whose shifted schedule would end after the
horizon is not offered.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field

from ..exceptions import (
    ArgumentError,
    ArgumentTypeError,
    CatalogValidationError,
    RequiresExcludedWarning,
    TargetKindWarning,
)
from ..text.language import Language
from ..text.show import HtmlView
from .base import InputModel
from .catalog_rules import Validated, validate
from .collect import failure, say
from .schema import (
    COLUMNS,
    FIRST_YEAR,
    LAST_YEAR,
    SOURCE_COLUMN,
    SOURCE_NAME,
    YEAR_ALIASES,
    YEAR_COLUMN,
    CarryOver,
    Mode,
    TargetKind,
    catalogue_column,
    known_header,
    source_key,
)
from .tables import AUTO, NUMBER_STYLE, did_you_mean, read_table

__all__ = ["CarryOver", "Catalog", "Mode", "Program", "TargetKind", "catalogue_column", "read_catalog"]


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
    target_kind: TargetKind = TargetKind.ANNUAL
    """What the targets mean: ``annual`` (a year's output), ``cumulative`` (the level reached by year end) or
    ``index`` (a value measured each year)."""
    target_baseline: float = Field(default=0.0, allow_inf_nan=False)
    """The value before the first year (*kondisi awal*), for cumulative and index targets."""
    target_decimals: int | None = Field(default=None, ge=0, le=6)
    """Decimals a target is shown with; default 0 for countable units (titik, layanan …), else 1."""
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
        row["target_kind"] = self.target_kind.value
        for year, value in self.costs.items():
            row[f"cost_{year}"] = value
        for year, value in self.targets.items():
            row[f"target_{year}"] = value
        for source, by_year in self.source_costs.items():
            for year, value in by_year.items():
                row[f"cost_{year}_{source}"] = value
        return row


class Catalog(HtmlView):
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
            raise ArgumentTypeError(
                f"the catalogue must be a pandas DataFrame, not {type(frame).__name__}; "
                "use tp.read_catalog(path) for a file"
            )
        return cls.validated(validate(frame.copy(deep=True), checked_horizon(horizon), source), source)

    @classmethod
    def validated(cls, checked: Validated, source: str) -> Catalog:
        """Make the catalogue of a validated table, warning of each target in doubt and each programme that cannot run.

        A :class:`TargetKindWarning` for a target whose kind is in doubt; a
        :class:`RequiresExcludedWarning` for a programme that requires an excluded one.
        """
        for text in checked.warnings:
            warnings.warn(say(text), TargetKindWarning, stacklevel=4)
        for text in checked.cannot_run:
            warnings.warn(say(text), RequiresExcludedWarning, stacklevel=4)
        return cls(checked.frame, checked.years, source)

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
                    failure(
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

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the columns of the normalised table (see :meth:`to_frame`)."""
        return tuple(str(c) for c in self._frame.columns)

    def values(self, name: str) -> np.ndarray:
        """One column's values in catalogue order, as a read-only array (no copy).

        Examples
        --------
        >>> import pandas as pd
        >>> cat = Catalog.from_frame(pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": [3, 2],
        ...                                        "cost_2024": [5e9, 4e9]}))
        >>> cat.values("priority").tolist()
        [3.0, 2.0]
        """
        cached = self._values_cache.get(name)
        if cached is not None:
            return cached
        if name not in self._frame.columns:
            raise KeyError(f"the catalogue has no column {name!r}; columns: {', '.join(self.columns)}")
        values = self._frame[name].to_numpy()
        view = values.view()
        view.flags.writeable = False
        # the catalogue never changes: a plan's tables read the same columns at every frontier point
        self._values_cache[name] = view
        return view

    @cached_property
    def _values_cache(self) -> dict[str, np.ndarray]:
        return {}

    def __getstate__(self) -> dict[str, Any]:
        # the caches are made again where the catalogue is used (a worker process): smaller to send, and
        # an unpickled array would come back writable
        return {k: v for k, v in self.__dict__.items() if k in ("_frame", "years", "source")}

    def text(self, name: str) -> np.ndarray:
        """One column's values as text (``str``) in catalogue order: group names as limits and caps compare them."""
        if name not in self._text_cache:
            view = self._frame[name].astype(str).to_numpy().view()
            view.flags.writeable = False
            self._text_cache[name] = view
        return self._text_cache[name]

    @cached_property
    def _text_cache(self) -> dict[str, np.ndarray]:
        return {}

    @property
    def row_labels(self) -> pd.Index:
        """The row label of each programme: its spreadsheet row when read from a file, else the DataFrame's index."""
        return self._frame.index

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
            target_kind=row["target_kind"],
            target_baseline=float(row["target_baseline"]),
            target_decimals=int(row["target_decimals"]),
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
        return tuple(c for c in self._frame.columns if c not in known and not SOURCE_NAME.match(str(c)))

    def column(self, name: str) -> pd.Series:
        """Return one column (by id) as a copy, e.g. ``catalog.column("dimension")``."""
        if name not in self._frame.columns:
            raise KeyError(f"the catalogue has no column {name!r}; columns: {', '.join(self._frame.columns)}")
        return pd.Series(self._frame[name].to_numpy(copy=True), index=pd.Index(self.ids, name="id"), name=name)

    def cost_matrix(self) -> np.ndarray:
        """Costs at full scope as an (n programmes × n years) array, schedule starting at ``earliest_start``."""
        return self._matrix("cost").copy()

    def _matrix(self, kind: str) -> np.ndarray:
        """Return the ``cost_<YYYY>`` or ``target_<YYYY>`` columns as one read-only array, made once."""
        if kind not in self._matrix_cache:
            matrix = self._frame[[f"{kind}_{y}" for y in self.years]].to_numpy(dtype=float, copy=True)
            matrix.flags.writeable = False
            self._matrix_cache[kind] = matrix
        return self._matrix_cache[kind]

    @cached_property
    def _matrix_cache(self) -> dict[str, np.ndarray]:
        return {}

    @cached_property
    def sources(self) -> tuple[str, ...]:
        """Funding sources named in ``cost_<YYYY>_<SOURCE>`` columns (e.g. ``("DAK", "PAD")``), as written."""
        found = {m.group(2) for c in self._frame.columns if (m := SOURCE_NAME.match(str(c)))}
        return tuple(sorted(found))

    def source_name(self, source: str) -> str | None:
        """Return the catalogue's name of a source, whatever its case and separators (``None``: not named)."""
        key = source_key(source)
        return next((name for name in self.sources if source_key(name) == key), None)

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
        source = self.source_name(source) or source
        key = f"cost_{source}"
        if key not in self._matrix_cache:
            cols = [f"cost_{y}_{source}" for y in self.years]
            if not any(c in self._frame.columns for c in cols):
                matrix = np.zeros((len(self), len(self.years)))
            else:
                matrix = np.column_stack(
                    [
                        self._frame[c].to_numpy(dtype=float) if c in self._frame.columns else np.zeros(len(self))
                        for c in cols
                    ]
                )
            matrix.flags.writeable = False
            self._matrix_cache[key] = matrix
        return self._matrix_cache[key].copy()

    def target_matrix(self) -> np.ndarray:
        """Targets at full scope as an (n × years) array; ``NaN`` where no target is given."""
        return self._matrix("target").copy()

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
            m = YEAR_COLUMN.match(name)
            ms = SOURCE_COLUMN.match(name)
            if m:
                name = f"{YEAR_ALIASES.get(m.group(1), m.group(1))}_{m.group(2)}"
            elif ms:
                found = self.source_name(ms.group(3))
                name = f"cost_{ms.group(2)}_{found or ms.group(3).upper()}"
            if name not in frame.columns:
                hint = did_you_mean(name, [str(c) for c in frame.columns])
                failures.append(
                    failure(
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
                        failure(
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
                    failure(
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

    html_max_rows = 30

    def view_title(self, lang: Language) -> str:
        """Name the catalogue in the language: its programmes and years."""
        years = f"{self.years[0]}-{self.years[-1]}"
        if lang == "en":
            return f"Catalogue: {len(self)} {'programme' if len(self) == 1 else 'programmes'}, {years}"
        return f"Katalog: {len(self)} program, {years}"

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the programmes with their total cost (the notebook view)."""
        shown = self._frame[["id", "name", "dimension", "agency", "status", "mode", "priority"]].set_index("id")
        return {"catalogue": shown.assign(cost=self.cost_matrix().sum(axis=1))}

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
    span = checked_horizon(horizon)
    frame = read_table(path, sheet=sheet, what="catalogue", error=CatalogValidationError, known=known_header)
    source = Path(path).name
    style = frame.attrs.get(NUMBER_STYLE, AUTO)
    return Catalog.validated(validate(frame, span, source, number_style=style, from_file=True), source)


def checked_horizon(horizon: Any) -> tuple[int, int] | None:
    """Return ``horizon`` as ``(first_year, last_year)``; a wrong type or a year that is no planning year is an error.

    Raises
    ------
    ArgumentTypeError
        For anything but two whole years (a string such as ``"2024-2026"``, one year, floats).
    ArgumentError
        For years outside 1900-2200.
    """
    if horizon is None:
        return None
    if isinstance(horizon, str | bytes) or not isinstance(horizon, Sequence) or len(horizon) != 2:
        raise ArgumentTypeError(f"horizon must be (first_year, last_year) such as (2024, 2026), not {horizon!r}")
    first, last = horizon
    if not all(isinstance(y, int | np.integer) and not isinstance(y, bool) for y in (first, last)):
        raise ArgumentTypeError(f"horizon must be two whole years such as (2024, 2026), not {horizon!r}")
    if not (FIRST_YEAR <= first <= LAST_YEAR and FIRST_YEAR <= last <= LAST_YEAR):
        raise ArgumentError(f"horizon {horizon!r}: give planning years from {FIRST_YEAR} to {LAST_YEAR}")
    return int(first), int(last)


def _with_hint(hint: str, fix: str) -> str:
    """Put a 'did you mean' hint (or nothing) before a fix."""
    return f"{hint} {fix[0].upper()}{fix[1:]}" if hint else fix
