"""The validation rules of a programme catalogue, one small function per rule.

:func:`validate` runs them in order on a table whose cells are text (as read from a file)
or values (a DataFrame), collecting every problem in one
:class:`~targetplan.inputs.collect.Failures` and raising a
:class:`~targetplan.exceptions.CatalogValidationError` with all of them. It stops early
only where later rules could not be read at all (the columns are unknown, the horizon is
unclear). Rules that read cells skip the cells an earlier rule already reported, so one
mistake gives one message.

To add a rule: write a function taking the :class:`Table` (and reading ``table.out``, the
normalised columns so far), add its problems to ``table.failures``, and call it from
:func:`validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import CatalogValidationError
from ..text.language import Pair
from .codes import LEVEL_COLUMNS, code_problem, problem_pair
from .collect import Failures, Text, plain
from .schema import (
    CODE_COLUMN,
    COLUMN_ALIASES,
    COLUMNS,
    FIRST_YEAR,
    HEADER_YEAR,
    LAST_YEAR,
    LEVEL_UNITS,
    MODE_ALIASES,
    REQUIRED,
    SCHEDULE_WORD,
    SOURCE_COLUMN,
    SOURCE_TEXT,
    STATUS_ALIASES,
    TARGET_KIND_ALIASES,
    YEAR_ALIASES,
    YEAR_COLUMN,
    Mode,
    default_decimals,
    source_key,
)
from .tables import (
    AUTO,
    RUPIAH_UNIT,
    as_text,
    close_match,
    did_you_mean_pair,
    look_alike,
    normalise_name,
    number_problem,
    parse_bools,
    parse_numbers,
    split_list,
)

__all__ = ["Table", "Validated", "find_cycle", "validate"]


@dataclass
class Table:
    """A catalogue being validated: the input, the normalised columns so far, and the problems found."""

    frame: pd.DataFrame  # the input with catalogue column names
    source: str
    number_style: str
    failures: Failures
    years: tuple[int, ...] = ()
    year_cols: dict[str, int] = field(default_factory=dict)
    source_cols: dict[str, tuple[int, str]] = field(default_factory=dict)
    out: pd.DataFrame = field(default_factory=pd.DataFrame)
    pid: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    warnings: list[Pair] = field(default_factory=list)
    cannot_run: list[Pair] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the headers as the user wrote them, for messages

    @property
    def rows(self) -> pd.Index:
        """Row labels (spreadsheet row numbers when read from a file)."""
        return self.frame.index

    @property
    def first(self) -> int:
        """First horizon year."""
        return self.years[0]

    @property
    def last(self) -> int:
        """Last horizon year."""
        return self.years[-1]

    def add(self, row: Any, column: Any, value: Any, problem: Text, fix: Text, pid: Any = None) -> None:
        """Record a problem of ``row`` (its programme id is looked up when not given)."""
        if pid is None and row is not None and row in self.pid.index:
            pid = self.pid[row]
        self.failures.add(row, pid, column, value, problem, fix)

    def stop(self) -> None:
        """Raise with every problem found so far, if any."""
        self.failures.raise_if_any(CatalogValidationError, self.source)


@dataclass(frozen=True)
class Validated:
    """A validated catalogue table (index ``row``), its horizon years, and what deserves a warning.

    ``warnings`` are targets whose kind is in doubt; ``cannot_run`` programmes that require
    an excluded one (both as (Indonesian, English) pairs).
    """

    frame: pd.DataFrame
    years: tuple[int, ...]
    warnings: tuple[Pair, ...] = ()
    cannot_run: tuple[Pair, ...] = ()


def validate(
    frame: pd.DataFrame, horizon: Any, source: str, number_style: str = AUTO, from_file: bool = False
) -> Validated:
    """Validate a catalogue table; return the normalised table (index ``row``), the horizon and warnings.

    Raises
    ------
    CatalogValidationError
        With every problem found, in its ``failure_cases`` DataFrame.
    """
    if not frame.index.is_unique:
        # labels such as those of pd.concat repeat: rows are told apart by position instead
        frame = frame.reset_index(drop=True)
        source = f"{source} (rows by position from 0, as its index repeats)"
    table = Table(frame, source, number_style, Failures())
    column_names(table)
    table.stop()
    required_columns(table)
    table.stop()
    horizon_years(table, horizon)
    table.stop()
    ids_and_names(table)
    numbers(table)
    costs_from_sources(table)
    if from_file:
        something_costs(table)
    priorities_apart(table)
    categories(table)
    target_kinds(table)
    min_level(table)
    flags(table)
    start_window(table)
    texts(table)
    nomenclature_codes(table)
    # rules across columns and rows: they run even when cells had problems above, so that one
    # error lists everything, and skip the rows whose cells they read were unreadable
    schedule_fits(table)
    requires(table)
    requires_cycle(table)
    exclusive_groups(table)
    table.stop()
    looks_cumulative(table)
    out = table.out
    out.index.name = "row"
    return Validated(out, table.years, tuple(table.warnings), tuple(table.cannot_run))


# ---------------------------------------------------------------------- columns
def column_names(table: Table) -> None:
    """Name every column as the catalogue does; unknown, misspelt, misread and repeated columns are problems.

    Any ``cost_<YYYY>_<NAME>`` is the part of a cost paid from the funding source NAME
    (letters, digits, ``_``, ``-``; spaces read as ``_``; written as in the header). A
    column that looks like a schedule column (a cost or target word, or a year) but is not
    one the catalogue reads is an error, never silently kept: it would change the plan.
    """
    renamed: dict[Any, str] = {}
    seen: dict[str, Any] = {}
    sources: dict[str, str] = {}  # source key -> its name: written in capitals somewhere, else as first written
    for original in table.frame.columns:
        if SOURCE_COLUMN.match(COLUMN_ALIASES.get(normalise_name(original), normalise_name(original))):
            spelt = _source_as_written(original)
            if spelt is not None:
                key = source_key(spelt)
                if key not in sources or (spelt.isupper() and not sources[key].isupper()):
                    sources[key] = spelt
    for original in table.frame.columns:
        name = normalise_name(original)
        name = COLUMN_ALIASES.get(name, name)
        year = YEAR_COLUMN.match(name)
        source = SOURCE_COLUMN.match(name)
        if year:
            name = f"{YEAR_ALIASES.get(year.group(1), year.group(1))}_{year.group(2)}"
            if not _plain_year(table, original, int(year.group(2))):
                continue
            table.year_cols[name] = int(year.group(2))
        elif source:
            written = _source_as_written(original)
            if written is None:
                table.add(
                    None,
                    original,
                    None,
                    (
                        "nama sumber dana memuat karakter selain huruf, angka, _ dan -",
                        "the funding source name has characters other than letters, digits, _ and -",
                    ),
                    (
                        "tulis kolom seperti cost_2024_DAK atau cost_2024_DAK-FISIK",
                        "name the column like cost_2024_DAK or cost_2024_DAK-FISIK",
                    ),
                )
                continue
            if not _plain_year(table, original, int(source.group(2))):
                continue
            written = sources[source_key(written)]
            name = f"cost_{source.group(2)}_{written}"
            table.source_cols[name] = (int(source.group(2)), written)
        elif name in COLUMNS:
            pass
        elif _looks_like_schedule(name):
            table.add(
                None,
                original,
                None,
                (
                    "kolom ini tampak seperti kolom jadwal (biaya atau target per tahun) tetapi tidak terbaca",
                    "the column looks like a schedule column (a cost or target per year) but is not one the "
                    "catalogue reads",
                ),
                (
                    "beri nama cost_<TTTT> (mis. cost_2024), target_<TTTT> atau cost_<TTTT>_<SUMBER> (cost_2024_DAK); "
                    "hapus kolom ini bila bukan bagian dari jadwal",
                    "name it cost_<YYYY> (e.g. cost_2024), target_<YYYY> or cost_<YYYY>_<SOURCE> (cost_2024_DAK); "
                    "remove it if it is not part of the schedule",
                ),
            )
            continue
        else:
            guess = close_match(name, list(COLUMNS))
            if guess:
                table.add(
                    None,
                    original,
                    None,
                    (f"kolom tidak dikenal, maksudnya '{guess}'?", f"unknown column, did you mean '{guess}'?"),
                    (
                        f"ganti nama kolom menjadi '{guess}' (atau hapus)",
                        f"rename the column to '{guess}' (or remove it)",
                    ),
                )
        if name in seen:
            table.add(
                None,
                original,
                None,
                (f"kolom ganda (sama dengan '{seen[name]}')", f"duplicated column (same as '{seen[name]}')"),
                ("pertahankan satu kolom saja untuk arti ini", "keep only one column with this meaning"),
            )
        seen[name] = original
        renamed[original] = name
    table.headers = [str(c) for c in table.frame.columns]
    table.frame = table.frame.rename(columns=renamed)


def _plain_year(table: Table, original: Any, year: int) -> bool:
    """Whether a schedule column's year is a planning year (1900-2200); else a problem is added."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return True
    table.add(
        None,
        original,
        year,
        (f"{year} bukan tahun perencanaan", f"{year} is not a planning year"),
        ("tulis tahun empat angka seperti 2024 di nama kolom", "write a 4-digit year such as 2024 in the column name"),
    )
    return False


def _source_as_written(original: Any) -> str | None:
    """Return the funding source of a ``cost_<YYYY>_<NAME>`` header as written (spaces as ``_``), or ``None``."""
    text = RUPIAH_UNIT.sub("", str(original).strip().lower())
    cut = len(text)
    raw = str(original).strip()[:cut]
    m = re.match(r"^\s*\S+?[\s_\-]*\d{4}[\s_\-]+(.+?)\s*$", raw)
    if m is None:
        return None
    name = re.sub(r"\s+", "_", m.group(1).strip())
    return name if SOURCE_TEXT.match(name) else None


def _looks_like_schedule(name: str) -> bool:
    """Whether a header the catalogue does not know reads like a cost or target per year (``costs_2024``, ``2024``)."""
    if name in COLUMNS or name in ("code", *LEVEL_COLUMNS) or name.endswith("_name"):
        return False
    return bool(SCHEDULE_WORD.match(name) or (HEADER_YEAR.search(name) and len(re.sub(r"\d", "", name)) <= 6))


def required_columns(table: Table) -> None:
    """Check the required columns, at least one cost column, and at least one row."""
    frame = table.frame
    for col in REQUIRED:
        if col not in frame.columns:
            hint = did_you_mean_pair(col, [str(c) for c in frame.columns])
            found = ", ".join((table.headers or [str(c) for c in frame.columns])[:20])
            table.add(
                None,
                col,
                None,
                (
                    f"kolom wajib '{col}' tidak ada {hint[0]}".strip(),
                    f"required column '{col}' is missing {hint[1]}".strip(),
                ),
                (
                    f"tambahkan kolom '{col}' (lihat rujukan masukan); judul kolom yang terbaca: {found}",
                    f"add a column '{col}' (see the input reference); the headers read: {found}",
                ),
            )
    if not any(c.startswith("cost_") for c in table.year_cols) and not table.source_cols:
        table.add(
            None,
            "cost_<year>",
            None,
            ("tidak ada kolom biaya", "no cost columns"),
            ("tambahkan satu kolom cost_<TTTT> per tahun perencanaan", "add one cost_<YYYY> column per planning year"),
        )
    if not table.failures and len(frame) == 0:
        table.add(
            None,
            None,
            None,
            ("katalog tidak berisi baris", "the catalogue has no rows"),
            ("tambahkan paling sedikit satu program", "add at least one programme"),
        )


def horizon_years(table: Table, horizon: Any) -> None:
    """Find the planning years: the span of the schedule columns, or the horizon given (columns inside it)."""
    col_years = sorted(set(table.year_cols.values()) | {y for y, _ in table.source_cols.values()})
    if horizon is None:
        table.years = tuple(range(col_years[0], col_years[-1] + 1))
        return
    first, last = horizon
    if first > last:
        table.add(
            None,
            None,
            horizon,
            ("horizon dimulai setelah berakhir", "horizon starts after it ends"),
            ("berikan (tahun_pertama, tahun_terakhir)", "pass (first_year, last_year)"),
        )
        return
    for name, year in table.year_cols.items():
        if not first <= year <= last:
            table.add(
                None,
                name,
                None,
                (
                    f"kolom untuk {year}, di luar horizon {first}-{last}",
                    f"column for {year}, outside the horizon {first}-{last}",
                ),
                ("hapus kolom itu atau perlebar horizon", "remove the column or widen the horizon"),
            )
    table.years = tuple(range(first, last + 1))


# ---------------------------------------------------------------------- cells
def ids_and_names(table: Table) -> None:
    """Every programme has a unique id and a name (ids first: every other message names the id)."""
    rows = table.rows
    ids = as_text(table.frame["id"])
    table.pid = ids.where(ids != "", None)
    for r in rows[ids == ""]:
        table.add(
            r,
            "id",
            "",
            ("id kosong", "missing id"),
            ("beri setiap program id yang unik seperti GOV-01", "give every programme a unique id such as GOV-01"),
        )
    duplicate = ids.duplicated(keep=False) & (ids != "")
    for r in rows[duplicate]:
        table.add(
            r,
            "id",
            ids[r],
            ("id ganda", "duplicate id"),
            (
                "buat setiap id unik (id dicocokkan antar-masterplan)",
                "make every id unique (ids are matched across masterplans)",
            ),
        )
    # ids that look the same but are not: case, fullwidth letters
    alike = ids.map(look_alike)
    for _key, group in ids[(ids != "") & ~duplicate].groupby(alike[(ids != "") & ~duplicate]):
        if group.nunique() < 2:
            continue
        for r in group.index:
            others = sorted(set(group) - {group[r]})
            table.add(
                r,
                "id",
                group[r],
                (
                    f"id hampir sama dengan {', '.join(others)} (hanya beda huruf besar/kecil atau lebar karakter)",
                    f"id looks like {', '.join(others)} (differs only in case or in wide/narrow characters)",
                ),
                (
                    "tulis id yang sama persis bila programnya sama, atau buat id yang jelas berbeda",
                    "write the ids exactly alike if they are one programme, or make them clearly different",
                ),
            )
    names = as_text(table.frame["name"])
    for r in rows[names == ""]:
        table.add(
            r, "name", "", ("nama kosong", "missing name"), ("beri setiap program nama", "give every programme a name")
        )
    table.out = pd.DataFrame({"id": ids, "name": names}, index=rows)


def number_column(
    table: Table,
    col: str,
    required: bool,
    default: float,
    minimum: float | None = 0.0,
    maximum: float | None = None,
    noun: Pair = ("nilai", "value"),
    example: Pair | None = None,
) -> pd.Series:
    """Read one number column: unreadable, missing, infinite and out-of-range cells are problems.

    Fix texts read "write the <noun> as a number <range>, <example>".
    """
    frame, rows = table.frame, table.rows
    if col not in frame.columns:
        return pd.Series(default, index=rows, dtype=float)
    if minimum is not None and maximum is not None:
        bounds: Pair = (f" dari {minimum:g} sampai {maximum:g}", f" from {minimum:g} to {maximum:g}")
    elif minimum is not None:
        bounds = (f" {minimum:g} atau lebih", f" of {minimum:g} or more")
    else:
        bounds = ("", "")
    values, bad = parse_numbers(frame[col], style=table.number_style)
    raw = frame[col]
    for r in rows[bad]:
        problem, fix = number_problem(raw[r], table.number_style, noun, example)
        table.add(r, col, raw[r], problem, fix)
    if required:
        for r in rows[values.isna() & ~bad]:
            table.add(
                r,
                col,
                "",
                ("nilai kosong", "missing value"),
                (f"isi {noun[0]}{bounds[0]}", f"fill in a {noun[1]}{bounds[1]}"),
            )
    inf = np.isinf(values)
    for r in rows[inf]:
        table.add(
            r,
            col,
            raw[r],
            ("nilai tak hingga", "infinite value"),
            (
                f"tulis {noun[0]} sebagai angka terhingga{bounds[0]}",
                f"write the {noun[1]} as a finite number{bounds[1]}",
            ),
        )
    ok = values.notna() & ~inf
    write: Pair = (f"tulis {noun[0]} sebagai angka{bounds[0]}", f"write the {noun[1]} as a number{bounds[1]}")
    if minimum is not None:
        for r in rows[ok & (values < minimum)]:
            table.add(r, col, values[r], (f"di bawah {minimum:g}", f"below {minimum:g}"), write)
    if maximum is not None:
        for r in rows[ok & (values > maximum)]:
            table.add(r, col, values[r], (f"di atas {maximum:g}", f"above {maximum:g}"), write)
    return values if np.isnan(default) else values.fillna(default)


def numbers(table: Table) -> None:
    """Priority, yearly costs (also per funding source) and yearly targets are numbers of 0 or more."""
    out = table.out
    out["priority"] = number_column(table, "priority", True, np.nan, noun=("prioritas", "priority"))
    for year in table.years:
        out[f"cost_{year}"] = number_column(
            table, f"cost_{year}", False, 0.0, noun=("biaya dalam rupiah", "cost in rupiah")
        )
    for name in sorted({src for _, src in table.source_cols.values()}):
        for year in table.years:
            col = f"cost_{year}_{name}"
            out[col] = (
                number_column(
                    table, col, False, 0.0, noun=(f"biaya yang dibayar dari {name}", f"cost paid from {name}")
                )
                if col in table.source_cols
                else 0.0
            )
    for year in table.years:
        out[f"target_{year}"] = number_column(table, f"target_{year}", False, np.nan, noun=("target", "target"))


def costs_from_sources(table: Table) -> None:
    """Check a yearly cost split over funding sources: a total given is the sum of its parts (blank: the sum)."""
    out, frame, rows = table.out, table.frame, table.rows
    sources = sorted({src for _, src in table.source_cols.values()})
    for year in table.years:
        parts = [f"cost_{year}_{s}" for s in sources if f"cost_{year}_{s}" in table.source_cols]
        if not parts:
            continue
        by_source = out[parts].sum(axis=1)
        plain_col = f"cost_{year}"
        given = (
            parse_numbers(frame[plain_col])[0].notna() if plain_col in frame.columns else pd.Series(False, index=rows)
        )
        differs = given & ((out[plain_col] - by_source).abs() > 1e-9 * np.maximum(out[plain_col].abs(), 1.0))
        for r in rows[differs & (by_source > 0)]:
            table.add(
                r,
                plain_col,
                plain(out.at[r, plain_col]),
                (
                    f"berbeda dengan jumlah sumber dananya ({', '.join(parts)}: {by_source[r]:,.0f})",
                    f"differs from the sum of its sources ({', '.join(parts)}: {by_source[r]:,.0f})",
                ),
                (
                    f"jadikan {plain_col} total sumber dananya, atau kosongkan {plain_col}",
                    f"make {plain_col} the total of its sources, or leave {plain_col} blank",
                ),
            )
        out[plain_col] = np.where(given, out[plain_col], by_source)


def something_costs(table: Table) -> None:
    """Check that some programme costs something: a catalogue without any cost is read from the wrong columns."""
    if not len(table.rows) or table.failures:
        return
    costs = table.out[[f"cost_{y}" for y in table.years]].to_numpy(dtype=float)
    if np.nansum(np.abs(costs)) == 0:
        table.add(
            None,
            "cost_<year>",
            0,
            (
                "tidak ada program yang berbiaya: setiap sel biaya kosong atau 0",
                "no programme costs anything: every cost cell is blank or 0",
            ),
            (
                "isi biaya dalam rupiah di kolom cost_<TTTT> (periksa nama kolom dan tahunnya)",
                "fill in the costs in rupiah in the cost_<YYYY> columns (check the column names and years)",
            ),
        )


#: A positive priority below this share of the largest is lost in the solver's tolerances (it counts as 0).
PRIORITY_RANGE = 1e-6
#: The largest priority must be at least this: smaller values are lost in the solver's tolerances.
SMALLEST_TOP_PRIORITY = 1e-6


def priorities_apart(table: Table) -> None:
    """Check that the solver can tell the priorities apart: none lost next to the largest, none all tiny."""
    priority = table.out["priority"]
    readable = priority[priority.notna() & np.isfinite(priority) & (priority >= 0)]
    if not len(readable) or readable.max() <= 0:
        return
    top = float(readable.max())
    if top < SMALLEST_TOP_PRIORITY:
        table.add(
            readable.idxmax(),
            "priority",
            top,
            (
                f"semua prioritas di bawah {SMALLEST_TOP_PRIORITY:g}: terlalu kecil untuk dibedakan oleh solver",
                f"every priority is below {SMALLEST_TOP_PRIORITY:g}: too small for the solver to tell apart",
            ),
            (
                "kalikan semua prioritas dengan bilangan yang sama (mis. 1.000.000); urutannya tidak berubah",
                "multiply every priority by the same number (e.g. 1 000 000); their order stays",
            ),
        )
        return
    small = readable[(readable > 0) & (readable < PRIORITY_RANGE * top)]
    for r in small.index:
        table.add(
            r,
            "priority",
            float(small[r]),
            (
                f"terlalu kecil dibanding prioritas terbesar ({top:g}): solver menganggapnya 0",
                f"too small next to the largest priority ({top:g}): the solver cannot tell it from 0",
            ),
            (
                f"tulis prioritas paling kecil {PRIORITY_RANGE:g} kali yang terbesar, atau 0 bila tidak bernilai",
                f"keep priorities above {PRIORITY_RANGE:g} times the largest, or write 0 for no value",
            ),
        )


def text_column(table: Table, col: str) -> pd.Series:
    """Return a text column as stripped strings (blank where the column is missing)."""
    if col in table.frame.columns:
        return as_text(table.frame[col])
    return pd.Series("", index=table.rows, dtype=object)


def categories(table: Table) -> None:
    """Read the unit; check that carry-over status and mode are words the catalogue knows (also Indonesian)."""
    out, rows = table.out, table.rows
    out["unit"] = text_column(table, "unit")
    status = text_column(table, "status").str.lower().map(STATUS_ALIASES)
    for r in rows[status.isna()]:
        table.add(
            r,
            "status",
            table.frame["status"][r],
            ("status kelanjutan tidak dikenal", "unknown carry-over status"),
            ("tulis 'baru' (new) atau 'lanjutan' (continuing)", "write 'new' (baru) or 'continuing' (lanjutan)"),
        )
    out["status"] = status
    mode = text_column(table, "mode").str.lower().map(MODE_ALIASES)
    for r in rows[mode.isna()]:
        table.add(
            r,
            "mode",
            table.frame["mode"][r],
            ("mode tidak dikenal", "unknown mode"),
            (
                "tulis 'utuh' (whole), 'skala' (scalable) atau 'fleksibel' (flexible)",
                "write 'whole', 'scalable' or 'flexible'",
            ),
        )
    out["mode"] = mode


def target_kinds(table: Table) -> None:
    """Read what the targets mean: kind (annual by default), baseline (0) and decimals shown (by unit)."""
    out, rows = table.out, table.rows
    kind = text_column(table, "target_kind").str.lower().map(TARGET_KIND_ALIASES)
    for r in table.rows[kind.isna()]:
        table.add(
            r,
            "target_kind",
            table.frame["target_kind"][r],
            ("sifat target tidak dikenal", "unknown kind of target"),
            (
                "tulis 'tahunan' (annual), 'kumulatif' (cumulative) atau 'indeks' (index)",
                "write 'annual' (tahunan), 'cumulative' (kumulatif) or 'index' (indeks)",
            ),
        )
    out["target_kind"] = kind
    baseline = number_column(
        table,
        "target_baseline",
        False,
        0.0,
        minimum=None,
        noun=("nilai sebelum tahun pertama", "value before the first year"),
    )
    out["target_baseline"] = baseline
    decimals = number_column(
        table,
        "target_decimals",
        False,
        np.nan,
        minimum=0,
        maximum=6,
        noun=("jumlah desimal", "number of decimals"),
        example=("seperti 0", "such as 0"),
    )
    for r in rows[decimals.notna() & (decimals != decimals.round())]:
        table.add(
            r,
            "target_decimals",
            decimals[r],
            ("bukan bilangan bulat", "not a whole number"),
            ("tulis 0 untuk bilangan bulat, 1 untuk satu desimal", "write 0 for whole numbers, 1 for one decimal"),
        )
    default = out["unit"].map(default_decimals)
    out["target_decimals"] = decimals.where(decimals.notna(), default).round().astype(int)


def min_level(table: Table) -> None:
    """``min_level`` is a share; a whole programme runs at level 1 only (default 1 for whole, else 0)."""
    out = table.out
    level = number_column(
        table,
        "min_level",
        False,
        np.nan,
        minimum=0.0,
        maximum=1.0,
        noun=("level minimum (porsi)", "minimum level (a share)"),
    )
    whole = out["mode"] == Mode.WHOLE
    for r in table.rows[whole & level.notna() & (level < 1) & (level >= 0)]:
        table.add(
            r,
            "min_level",
            level[r],
            ("program 'utuh' (whole) hanya berjalan pada level 1", "a 'whole' programme runs at level 1 only"),
            (
                "kosongkan min_level, atau ubah mode menjadi 'skala' atau 'fleksibel'",
                "leave min_level blank, or set mode to 'scalable' or 'flexible'",
            ),
        )
    out["min_level"] = level.where(level.notna(), np.where(whole, 1.0, 0.0))


def flags(table: Table) -> None:
    """Mandatory, excluded and group_required are yes/no; a programme is not both mandatory and excluded."""
    out, frame, rows = table.out, table.frame, table.rows
    for col in ("mandatory", "excluded", "group_required"):
        if col in frame.columns:
            values, bad = parse_bools(frame[col])
            for r in rows[bad]:
                table.add(
                    r,
                    col,
                    frame[col][r],
                    ("bukan nilai ya/tidak", "not a yes/no value"),
                    ("tulis ya atau tidak (true/false, 1/0)", "write true or false (ya/tidak, 1/0)"),
                )
            out[col] = values.astype(bool)
        else:
            out[col] = False
    for r in rows[out["mandatory"] & out["excluded"]]:
        table.add(
            r,
            "mandatory",
            True,
            ("wajib sekaligus dikecualikan", "both mandatory and excluded"),
            ("pilih paling banyak satu: wajib atau dikecualikan", "set at most one of mandatory / excluded"),
        )


def start_window(table: Table) -> None:
    """Earliest and latest start are horizon years, in order (default: the horizon's first year)."""
    out, rows, first, last = table.out, table.rows, table.first, table.last
    starts = {}
    for col in ("earliest_start", "latest_start"):
        values = number_column(
            table, col, False, np.nan, minimum=None, noun=("tahun", "year"), example=("seperti 2024", "such as 2024")
        )
        ok = values.notna()
        for r in rows[ok & (values != values.round())]:
            table.add(
                r,
                col,
                values[r],
                ("bukan tahun bulat", "not a whole year"),
                ("tulis tahun seperti 2024", "write a year such as 2024"),
            )
        for r in rows[ok & ((values < first) | (values > last))]:
            table.add(
                r,
                col,
                values[r],
                (f"di luar horizon {first}-{last}", f"outside the horizon {first}-{last}"),
                (f"tulis tahun dari {first} sampai {last}", f"write a year from {first} to {last}"),
            )
        starts[col] = values
    earliest = starts["earliest_start"].fillna(first)
    latest = starts["latest_start"].where(starts["latest_start"].notna(), earliest)
    for r in rows[earliest > latest]:
        table.add(
            r,
            "latest_start",
            latest[r],
            (
                f"latest_start lebih awal daripada earliest_start ({earliest[r]:.0f})",
                f"latest_start is before earliest_start ({earliest[r]:.0f})",
            ),
            (
                "buat latest_start sama dengan atau setelah earliest_start",
                "make latest_start the same as or later than earliest_start",
            ),
        )
    out["earliest_start"] = earliest.clip(first, last).round().astype(int)
    out["latest_start"] = latest.clip(first, last).round().astype(int)


def texts(table: Table) -> None:
    """Read the grouping columns, ``requires`` and ``alignment`` lists, and the extra columns kept for grouping."""
    out, frame = table.out, table.frame
    for col in ("exclusive_group", "dimension", "agency"):
        out[col] = text_column(table, col)
    # a catalogue's own table (to_frame) holds these as tuples: read them back as lists
    for col in ("requires", "alignment"):
        if col in frame.columns:
            frame[col] = frame[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, tuple | list) else v)
    out["requires"] = text_column(table, "requires").map(split_list)
    out["alignment"] = text_column(table, "alignment").map(lambda v: tuple(t.upper() for t in split_list(v)))
    for col in frame.columns:
        if (
            col not in out.columns
            and col not in COLUMNS
            and not YEAR_COLUMN.match(col)
            and col not in table.source_cols
        ):
            out[col] = frame[col]


def nomenclature_codes(table: Table) -> None:
    """Read a ``code`` column as nomenclature codes and add their level columns (urusan … kegiatan).

    Codes stay text. A malformed code, an old (Permendagri 13/2006) code, a level column
    given that disagrees with the code, and a programme whose code is the parent of
    another programme's code (its money would count twice) are problems.
    """
    if CODE_COLUMN not in table.frame.columns:
        return
    out, rows = table.out, table.rows
    texts = as_text(table.frame[CODE_COLUMN])
    levels: dict[str, list[str]] = {level: [] for level in LEVEL_COLUMNS}
    keys: dict[str, Any] = {}
    for r, text in zip(rows, texts, strict=True):
        code, found = code_problem(text)
        problem: Text = problem_pair(found)
        if code is not None and code.style != "permendagri90":
            code, problem = None, ("kode lama (Permendagri 13/2006)", "an old (Permendagri 13/2006) code")
            fix: Pair = (
                "tulis kode Permendagri 90 (2.16.03.2.02.0014); tp.crosswalk mencocokkan kode lama dengan yang baru",
                "write the Permendagri 90 code (2.16.03.2.02.0014); tp.crosswalk matches old codes to new ones",
            )
        else:
            fix = (
                "tulis kode nomenklatur sebagai teks, seperti 2.16.03.2.02.0014 (atau kosongkan)",
                "write the nomenclature code as text, like 2.16.03.2.02.0014 (or leave it blank)",
            )
        if code is None and text != "":
            table.add(r, CODE_COLUMN, text, problem, fix)
        for level in LEVEL_COLUMNS:
            levels[level].append((code.prefix(level) or "") if code is not None else "")
        if code is not None:
            keys.setdefault(code.key, r)
    out[CODE_COLUMN] = texts
    for level in LEVEL_COLUMNS:
        derived = pd.Series(levels[level], index=rows, dtype=object)
        if level in table.frame.columns:
            given = as_text(table.frame[level])
            for r in rows[(given != "") & (derived != "") & (given != derived)]:
                table.add(
                    r,
                    level,
                    given[r],
                    (
                        f"berbeda dengan {level} dari kodenya ({derived[r]})",
                        f"differs from the {level} of the code ({derived[r]})",
                    ),
                    (
                        f"kosongkan kolom {level} (diturunkan dari kode) atau betulkan kodenya",
                        f"leave the {level} column blank (it is derived from the code) or correct the code",
                    ),
                )
            derived = derived.where(derived != "", given)
        out[level] = derived
    reported: set[str] = set()
    for text in texts:
        code, _ = code_problem(text)
        parent = code.parent if code is not None else None
        while parent is not None:
            if parent in keys and parent not in reported:
                reported.add(parent)
                table.add(
                    keys[parent],
                    CODE_COLUMN,
                    parent,
                    (
                        f"kode ini dan {code.text if code else text} di bawahnya sama-sama program; "
                        "uangnya terhitung dua kali",
                        f"both this code and {code.text if code else text} under it are programmes; "
                        "the money would count twice",
                    ),
                    (
                        "jadikan hanya tingkat terdalam (sub kegiatan) sebagai program; read_renstra menyimpan "
                        "baris program dan kegiatan sebagai hierarki",
                        "keep only the deepest level (sub kegiatan) as programmes; read_renstra keeps "
                        "program and kegiatan rows as the hierarchy",
                    ),
                )
                break
            parent = parse_parent(parent)


def parse_parent(code: str) -> str | None:
    """Return the code one level above ``code`` (``None`` above an urusan or for a malformed code)."""
    parsed, _ = code_problem(code)
    return parsed.parent if parsed is not None else None


# ---------------------------------------------------------------------- across columns and rows
def _unreadable(table: Table, columns: list[str]) -> np.ndarray:
    """Per row: whether a cell of ``columns`` was already reported (later rules skip such rows)."""
    flagged = table.failures.cells()
    return np.array([any((plain(r), c) in flagged for c in columns) for r in table.rows], dtype=bool)


def _schedule_unreadable(table: Table) -> np.ndarray:
    years = table.years
    return _unreadable(
        table, [f"cost_{y}" for y in years] + [f"target_{y}" for y in years] + ["earliest_start", "latest_start"]
    )


def schedule_fits(table: Table) -> None:
    """Check that the schedule starts in ``earliest_start`` and some start fits; trim a too-long window."""
    out, rows, years, first, last = table.out, table.rows, table.years, table.first, table.last
    bad = _schedule_unreadable(table)
    cost = out[[f"cost_{y}" for y in years]].to_numpy(dtype=float)
    target = out[[f"target_{y}" for y in years]].to_numpy(dtype=float)
    active = (cost > 0) | (np.nan_to_num(target) > 0)
    e_off = out["earliest_start"].to_numpy() - first
    l_off = out["latest_start"].to_numpy() - first
    before = active & (np.arange(len(years))[None, :] < e_off[:, None]) & ~bad[:, None]
    for i in np.flatnonzero(before.any(axis=1)):
        y = years[int(np.flatnonzero(before[i])[0])]
        table.add(
            rows[i],
            f"cost_{y}",
            float(cost[i, y - first]),
            (
                f"jadwal membelanjakan di {y}, sebelum earliest_start {e_off[i] + first}",
                f"the schedule spends in {y}, before earliest_start {e_off[i] + first}",
            ),
            (
                "kolom jadwal menggambarkan mulai di earliest_start: pindahkan jumlahnya, atau majukan earliest_start",
                "the schedule columns describe a start in earliest_start: move the amounts, or make earliest_start "
                "earlier",
            ),
        )
    last_active = np.where(active.any(axis=1), len(years) - 1 - np.argmax(active[:, ::-1], axis=1), e_off)
    duration = last_active - e_off + 1
    can_shift = len(years) - duration - e_off  # years a start may move later and still fit
    no_fit = (duration + e_off > len(years)) & ~bad
    for i in np.flatnonzero(no_fit):
        table.add(
            rows[i],
            "earliest_start",
            int(e_off[i] + first),
            ("jadwalnya tidak pernah muat dalam horizon", "the schedule never fits the horizon"),
            (
                f"perpendek jadwal atau mulai lebih awal; horizon berakhir di {last}",
                f"shorten the schedule or start earlier; the horizon ends in {last}",
            ),
        )
    # a window that reaches past the starts that fit is trimmed (reported only when no start fits)
    too_long = (l_off - e_off > can_shift) & ~no_fit & ~before.any(axis=1)
    out["latest_start"] = np.where(too_long, e_off + np.maximum(can_shift, 0) + first, out["latest_start"])


def requires(table: Table) -> None:
    """Every required programme exists, is not the programme itself, and can start in time.

    Requiring an excluded programme is no error (a "what if we drop X" scenario): the
    programme simply cannot run, which a warning says — unless it is mandatory.
    """
    out = table.out
    known = set(out["id"]) - {""}
    excluded = dict(zip(out["id"], out["excluded"], strict=True))
    mandatory = dict(zip(out["id"], out["mandatory"], strict=True))
    window = dict(zip(out["id"], zip(out["earliest_start"], out["latest_start"], strict=True), strict=True))
    window_bad: dict[str, bool] = {}
    for p, bad in zip(out["id"], _schedule_unreadable(table), strict=True):
        window_bad[p] = window_bad.get(p, False) or bool(bad)
    for r, p, reqs in zip(table.rows, out["id"], out["requires"], strict=True):
        for q in reqs:
            if q not in known:
                hint = did_you_mean_pair(q, sorted(known))
                table.add(
                    r,
                    "requires",
                    q,
                    (
                        f"mensyaratkan program yang tidak ada {hint[0]}".strip(),
                        f"requires an unknown programme {hint[1]}".strip(),
                    ),
                    (
                        "sebut id yang ada di katalog, dipisah ';'",
                        "name ids that are in the catalogue, separated by ';'",
                    ),
                    pid=p,
                )
            elif q == p:
                table.add(
                    r,
                    "requires",
                    q,
                    ("program tidak bisa mensyaratkan dirinya sendiri", "a programme cannot require itself"),
                    ("hapus id-nya sendiri dari requires", "remove its own id from requires"),
                    p,
                )
            elif excluded[q] and mandatory.get(p, False):
                table.add(
                    r,
                    "requires",
                    q,
                    (
                        f"program wajib ini mensyaratkan {q}, yang dikecualikan, jadi tidak akan pernah bisa berjalan",
                        f"this mandatory programme requires {q}, which is excluded, so it could never run",
                    ),
                    (
                        f"batalkan pengecualian {q}, hapus {q} dari requires, atau jangan jadikan {p} wajib",
                        f"un-exclude {q}, remove {q} from requires, or make {p} not mandatory",
                    ),
                    pid=p,
                )
            elif excluded[q]:
                if not excluded[p]:
                    table.cannot_run.append(
                        (
                            f"{p} mensyaratkan {q}, yang dikecualikan, jadi {p} tidak dapat berjalan",
                            f"{p} requires {q}, which is excluded, so {p} cannot run",
                        )
                    )
            elif not (window_bad[p] or window_bad[q]) and window[q][0] > window[p][1]:
                table.add(
                    r,
                    "requires",
                    q,
                    (
                        f"mensyaratkan {q}, yang tidak bisa mulai sebelum {window[q][0]}, padahal program ini harus "
                        f"mulai paling lambat {window[p][1]}",
                        f"requires {q}, which cannot start before {window[q][0]}, "
                        f"but must itself start by {window[p][1]}",
                    ),
                    (f"perlebar jendela mulai {p} atau {q}", f"widen the start windows of {p} or {q}"),
                    pid=p,
                )


def requires_cycle(table: Table) -> None:
    """Check that the ``requires`` relation has no cycle (unknown ids are skipped; they are reported above)."""
    out = table.out
    cycle = find_cycle(dict(zip(out["id"], out["requires"], strict=True)))
    if cycle:
        row = dict(zip(out["id"], table.rows, strict=True))[cycle[0]]
        table.add(
            row,
            "requires",
            " -> ".join(cycle),
            ("relasi requires membentuk lingkaran", "the requires relation forms a cycle"),
            ("hapus salah satu prasyarat dalam lingkaran itu", "remove one of the requirements in the cycle"),
            pid=cycle[0],
        )


def exclusive_groups(table: Table) -> None:
    """At most one mandatory member per exclusive group; members agree on group_required; a required group can run."""
    out = table.out
    for g, members in out[out["exclusive_group"] != ""].groupby("exclusive_group"):
        n_mandatory = int(members["mandatory"].sum())
        if n_mandatory > 1:
            for r in members.index[members["mandatory"]]:
                table.add(
                    r,
                    "mandatory",
                    True,
                    (
                        f"kelompok eksklusif {g!r} punya {n_mandatory} program wajib, padahal paling banyak satu "
                        "boleh berjalan",
                        f"exclusive group {g!r} has {n_mandatory} mandatory programmes, but at most one may run",
                    ),
                    (
                        "jadikan paling banyak satu program kelompok itu wajib",
                        "make at most one programme of the group mandatory",
                    ),
                )
        if members["group_required"].nunique() > 1:
            for r in members.index:
                table.add(
                    r,
                    "group_required",
                    bool(members.at[r, "group_required"]),
                    (
                        f"anggota kelompok eksklusif {g!r} berbeda nilai group_required",
                        f"members of exclusive group {g!r} disagree on group_required",
                    ),
                    (
                        "beri setiap anggota kelompok nilai group_required yang sama",
                        "give every member of the group the same group_required value",
                    ),
                )
        if members["group_required"].all() and members["excluded"].all():
            table.add(
                members.index[0],
                "excluded",
                True,
                (
                    f"kelompok eksklusif {g!r} mewajibkan satu program tetapi semuanya dikecualikan",
                    f"exclusive group {g!r} requires one programme but all of them are excluded",
                ),
                (
                    "batalkan pengecualian satu anggota atau isi group_required false",
                    "un-exclude one member or set group_required to false",
                ),
            )
    for r in table.rows[out["group_required"] & (out["exclusive_group"] == "")]:
        table.add(
            r,
            "group_required",
            True,
            ("group_required tanpa exclusive_group", "group_required without an exclusive_group"),
            (
                "sebut exclusive_group yang salah satu alternatifnya harus dipilih",
                "name the exclusive_group whose alternatives must have one chosen",
            ),
        )


def looks_cumulative(table: Table) -> None:
    """Warn about targets in %, an index or a score with no kind that rise every year: most likely cumulative."""
    out = table.out
    given = text_column(table, "target_kind") != ""
    years = [f"target_{y}" for y in table.years]
    targets = out[years].to_numpy(dtype=float)
    for i in np.flatnonzero(~given.to_numpy() & out["unit"].str.lower().isin(LEVEL_UNITS).to_numpy()):
        values = targets[i][~np.isnan(targets[i])]
        if len(values) >= 2 and (np.diff(values) > 0).all():
            pid, unit = out["id"].iloc[i], out["unit"].iloc[i]
            table.warnings.append(
                (
                    f"{pid} (satuan {unit!r}, target {values[0]:g} sampai {values[-1]:g}) tampak kumulatif: targetnya "
                    "naik setiap tahun, dan sebagai target tahunan akan dijumlahkan; isi target_kind dengan "
                    "'kumulatif' (cumulative), 'indeks' (index) atau 'tahunan' (annual)",
                    f"{pid} (unit {unit!r}, targets {values[0]:g} to {values[-1]:g}) looks "
                    "cumulative: its targets rise every year, and as annual targets they would be added up; "
                    "set target_kind to 'cumulative' (kumulatif), 'index' (indeks) or 'annual' (tahunan)",
                )
            )


def find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
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
