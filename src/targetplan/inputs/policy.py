"""Planning rules: administrations (terms), continuity and commitments.

A :class:`Policy` says how the plan treats the change of administration:

* ``terms`` — the mayors' terms inside the horizon, in order, without gaps;
* ``continuity_floor`` — the smallest share of the carry-over priority that must be
  delivered (carry-overs are the ``continuing`` programmes of the catalogue);
* ``carryover_bonus`` — extra weight on carry-overs in the objective only (``0.2`` counts
  a carry-over as 1.2 × its priority when choosing; the reported value stays plain);
* ``commitment_cap`` — the largest share of each later term's yearly ceilings that
  programmes started in an earlier term may take;
* ``max_level_change`` — the largest change of a flexible programme's level from one
  year to the next (smooth yearly targets).
"""

from __future__ import annotations

import itertools
import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from ..exceptions import PolicyValidationError
from ..text.language import get_language
from .base import InputModel, Problem
from .collect import Failures, raise_one
from .schema import FIRST_YEAR, LAST_YEAR, catalogue_column

__all__ = ["CountCap", "Policy", "PolicyValidationError", "Term", "policy_from_dict", "read_policy"]


class Term(InputModel):
    """One administration (mayor's term) inside the horizon.

    ``Term(name, start, end)`` or with keywords. ``start`` and ``end`` are the first and
    last planning years of the term that fall inside the horizon.

    Examples
    --------
    >>> Term("2025-2029", 2025, 2027)
    Term(name='2025-2029', start=2025, end=2027)
    """

    _error = PolicyValidationError

    name: str
    start: int
    end: int

    def __init__(self, name: Any = None, start: Any = None, end: Any = None, /, **data: Any) -> None:
        for key, value in (("name", name), ("start", start), ("end", end)):
            if value is not None:
                data[key] = value
        super().__init__(**data)

    @model_validator(mode="after")
    def _order(self) -> Term:
        for year in (self.start, self.end):
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise Problem(
                    (f"{year} bukan tahun perencanaan", f"{year} is not a planning year"),
                    ("tulis tahun seperti 2025", "write a year such as 2025"),
                )
        if self.start > self.end:
            raise Problem(
                (
                    f"masa jabatan {self.name!r} dimulai {self.start}, setelah berakhir {self.end}",
                    f"term {self.name!r} starts in {self.start} after it ends in {self.end}",
                ),
                (
                    "isi start dengan tahun perencanaan pertama masa jabatan dan end dengan yang terakhir",
                    "give the first planning year of the term as start and the last as end",
                ),
            )
        return self

    @property
    def years(self) -> tuple[int, ...]:
        """The planning years of the term."""
        return tuple(range(self.start, self.end + 1))


class CountCap(InputModel):
    """At most so many programmes running (or starting) in a year: execution and tendering capacity.

    Parameters
    ----------
    group_by : str, optional
        Catalogue column that defines groups (``"agency"``, ``"dimension"`` …); ``None``
        counts every programme together.
    group : str, optional
        One value of ``group_by``; ``None`` applies the cap to every group separately.
    year : int, optional
        The year it applies to; ``None`` means every year.
    max_running : int, optional
        Most programmes whose schedule is active in the year.
    max_new : int, optional
        Most programmes that start in the year (carry-overs are not counted as new).

    Examples
    --------
    >>> CountCap(group_by="agency", max_new=2)
    CountCap(group_by='agency', group=None, year=None, max_running=None, max_new=2)
    """

    _error = PolicyValidationError

    group_by: str | None = None
    group: str | None = None
    year: int | None = None
    max_running: int | None = Field(default=None, ge=0)
    max_new: int | None = Field(default=None, ge=0)

    @field_validator("group_by")
    @classmethod
    def _column(cls, value: str | None) -> str | None:
        return None if value is None else catalogue_column(value)

    @model_validator(mode="after")
    def _something(self) -> CountCap:
        if self.max_running is None and self.max_new is None:
            raise Problem(
                ("batas jumlah program tanpa max_running maupun max_new", "a count cap without max_running or max_new"),
                ("isi max_running, max_new, atau keduanya", "give max_running, max_new or both"),
            )
        if self.group is not None and self.group_by is None:
            raise Problem(
                (f"kelompok {self.group!r} tanpa group_by", f"group {self.group!r} without group_by"),
                (
                    "isi group_by (kolom katalog tempat kelompok itu)",
                    "give group_by (the catalogue column it belongs to)",
                ),
            )
        return self


class Policy(InputModel):
    """Rules on administrations, continuity and commitments.

    Parameters
    ----------
    terms : sequence of Term
        Administrations inside the horizon, in order, without gaps or overlaps.
    continuity_floor : float, default 0
        Smallest share (0–1) of the carry-over priority that must be delivered.
    carryover_bonus : float, default 0
        Extra objective weight on carry-overs (0.2 = 20 % more); the reported value is plain.
    commitment_cap : float, optional
        Largest share (0–1) of a later term's yearly ceiling that programmes started in
        an earlier term may take. Needs ``terms``.
    max_level_change : float, optional
        Largest year-to-year change (0–1) of a flexible programme's level.
    count_caps : sequence of CountCap
        At most so many programmes running or starting per year, overall or per group.

    Examples
    --------
    >>> p = Policy(terms=[Term("2021-2024", 2022, 2024), Term("2025-2029", 2025, 2027)],
    ...            continuity_floor=0.7)
    >>> p.boundaries
    (2025,)
    """

    _error = PolicyValidationError

    terms: Sequence[Term] = ()
    continuity_floor: float = Field(default=0.0, ge=0, le=1, allow_inf_nan=False)
    carryover_bonus: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    commitment_cap: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    max_level_change: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    count_caps: Sequence[CountCap] = ()

    @field_validator("terms", "count_caps", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        if isinstance(value, str | bytes | dict) or not isinstance(value, Sequence):
            raise Problem(
                (
                    f"harus berupa daftar, bukan {type(value).__name__} {value!r}",
                    f"must be a list, not {type(value).__name__} {value!r}",
                ),
                (
                    "berikan daftar, mis. terms=[tp.Term('2025-2029', 2025, 2027)]",
                    "give a list, e.g. terms=[tp.Term('2025-2029', 2025, 2027)]",
                ),
            )
        return value

    @field_validator("count_caps", mode="after")
    @classmethod
    def _caps_tuple(cls, value: Sequence[CountCap]) -> tuple[CountCap, ...]:
        return tuple(value)

    @field_validator("terms", mode="after")
    @classmethod
    def _as_tuple(cls, value: Sequence[Term]) -> tuple[Term, ...]:
        return tuple(value)

    # Validator messages read "problem; fix": the part after the last "; " becomes the fix.
    @model_validator(mode="after")
    def _terms(self) -> Policy:
        terms = self.terms
        for a, b in itertools.pairwise(terms):
            one, two = f"{a.name!r} ({a.start}-{a.end})", f"{b.name!r} ({b.start}-{b.end})"
            if b.start < a.start:
                raise Problem(
                    (f"masa jabatan {one} dan {two} tidak berurutan", f"terms {one} and {two} are not in order"),
                    ("urutkan masa jabatan, yang paling awal dahulu", "list terms in order, earliest first"),
                )
            if b.start <= a.end:
                raise Problem(
                    (f"masa jabatan {one} dan {two} bertumpang tindih", f"terms {one} and {two} overlap"),
                    (
                        "urutkan masa jabatan tanpa tahun yang tumpang tindih",
                        "list terms in order without overlapping years",
                    ),
                )
            if b.start != a.end + 1:
                raise Problem(
                    (
                        f"ada celah antara masa jabatan {a.name!r} (berakhir {a.end}) dan {b.name!r} (mulai {b.start})",
                        f"there is a gap between terms {a.name!r} (ends {a.end}) and {b.name!r} (starts {b.start})",
                    ),
                    (
                        "mulailah setiap masa jabatan setahun setelah yang sebelumnya berakhir",
                        "make each term start the year after the previous one ends",
                    ),
                )
        if self.commitment_cap is not None and len(terms) < 2:
            raise Problem(
                (
                    "commitment_cap memerlukan paling sedikit dua masa jabatan (berlaku di setiap pergantian)",
                    "commitment_cap needs at least two terms (it applies at each term boundary)",
                ),
                ("isi masa jabatannya, atau kosongkan commitment_cap", "give the terms, or leave commitment_cap unset"),
            )
        return self

    @property
    def boundaries(self) -> tuple[int, ...]:
        """First years of every term after the first."""
        return tuple(t.start for t in self.terms[1:])

    def term_of(self, year: int) -> Term | None:
        """Return the term containing ``year`` (``None`` when there are no terms)."""
        for term in self.terms:
            if term.start <= year <= term.end:
                return term
        return None

    def check_horizon(self, years: tuple[int, ...]) -> None:
        """Raise :class:`PolicyValidationError` unless the terms cover exactly these years."""
        if not self.terms:
            return
        first, last = years[0], years[-1]
        if self.terms[0].start != first or self.terms[-1].end != last:
            raise_one(
                PolicyValidationError,
                "Policy",
                (
                    f"masa jabatan tidak menutup horizon {first}-{last}",
                    f"the terms do not cover the horizon {first}-{last}",
                ),
                (
                    f"beri masa jabatan dari {first} sampai {last}; potong masa jabatan pada horizon, "
                    f"mis. Term('2021-2024', {first}, 2024)",
                    f"give terms from {first} to {last}; clip a term to the horizon, "
                    f"e.g. Term('2021-2024', {first}, 2024)",
                ),
                column="terms",
                value=f"{self.terms[0].start}-{self.terms[-1].end}",
            )


def read_policy(path: str | Path) -> Policy:
    """Read a policy from a TOML or JSON file.

    The file holds the :class:`Policy` fields; ``terms`` is a list of tables with
    ``name``, ``start`` and ``end``; ``count_caps`` a list of :class:`CountCap` fields.

    Examples
    --------
    A ``policy.toml``::

        continuity_floor = 0.7
        commitment_cap = 0.4

        [[terms]]
        name = "2021-2024"
        start = 2022
        end = 2024

        [[terms]]
        name = "2025-2029"
        start = 2025
        end = 2027
    """
    p = Path(path)

    def fail(problem: tuple[str, str], fix: tuple[str, str]) -> PolicyValidationError:
        return PolicyValidationError(
            [{"row": None, "id": None, "column": None, "value": str(p), "problem": problem, "fix": fix}],
            p.name,
            lang=get_language(),
        )

    if not p.is_file():
        raise fail(
            ("berkas kebijakan tidak ada", "the policy file does not exist"), ("periksa path-nya", "check the path")
        )
    try:
        text = p.read_bytes()
    except OSError as exc:
        raise fail(
            (f"berkas tidak dapat dibaca: {exc.strerror}", f"the file cannot be read: {exc.strerror}"),
            ("periksa izin baca", "check that it can be read"),
        ) from None
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(text.decode("utf-8-sig"))
        elif p.suffix.lower() == ".toml":
            data = tomllib.loads(text.decode("utf-8-sig"))
        else:
            raise fail(
                ("jenis berkas kebijakan tidak dikenal", "unknown policy file type"),
                ("berikan berkas .toml atau .json", "give a .toml or .json file"),
            )
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError) as exc:
        raise fail(
            (
                f"berkas kebijakan tidak dapat dibaca: {str(exc)[:200]}",
                f"the policy file could not be read: {str(exc)[:200]}",
            ),
            ("periksa penulisannya (sintaks)", "check its syntax"),
        ) from None
    if not isinstance(data, dict):
        raise fail(
            ("berkas kebijakan harus berisi tabel isian", "the policy file must hold a table of settings"),
            ("tulis pasangan key = value", "write key = value pairs"),
        )
    return policy_from_dict(data, p.name)


def policy_from_dict(data: dict[str, Any], source: str = "policy") -> Policy:
    """Make a policy of the settings of a file, every problem at once (``terms[1].start`` names where)."""
    failures = Failures()
    lists: dict[str, list[Any]] = {}
    for key, model in (("terms", Term), ("count_caps", CountCap)):
        value = data.pop(key, [])
        if not isinstance(value, list):
            failures.add(
                None,
                None,
                key,
                value,
                (
                    f"{key} harus berupa daftar tabel, bukan {type(value).__name__}",
                    f"{key} must be a list of tables, not {type(value).__name__}",
                ),
                (
                    f"tulis setiap isian sebagai [[{key}]] di TOML (atau daftar objek di JSON)",
                    f"write each entry as [[{key}]] in TOML (or a list of objects in JSON)",
                ),
            )
            continue
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                failures.add(
                    None,
                    None,
                    f"{key}[{i}]",
                    item,
                    ("bukan tabel isian", "not a table of settings"),
                    (
                        f"tulis [[{key}]] dengan isian seperti name, start, end",
                        f"write [[{key}]] with settings such as name, start, end",
                    ),
                )
                continue
            try:
                items.append(model(**item))
            except PolicyValidationError as exc:
                for rec in exc.records():
                    column = rec.get("column")
                    rec["column"] = f"{key}[{i}]" + (f".{column}" if column else "")
                    failures.append(rec)
        lists[key] = items
    try:
        if not failures:
            return Policy(terms=lists["terms"], count_caps=lists["count_caps"], **data)
        Policy(**data)
    except PolicyValidationError as exc:
        failures.extend(exc.records())
    failures.raise_if_any(PolicyValidationError, source)
    raise AssertionError("unreachable")  # pragma: no cover
