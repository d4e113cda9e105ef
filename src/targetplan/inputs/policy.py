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
from .base import InputModel
from .schema import catalogue_column

__all__ = ["CountCap", "Policy", "PolicyValidationError", "Term", "read_policy"]


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
        if self.start > self.end:
            raise ValueError(
                f"term {self.name!r} starts in {self.start} after it ends in {self.end}; "
                "give the first planning year of the term as start and the last as end"
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
            raise ValueError("give max_running, max_new or both")
        if self.group is not None and self.group_by is None:
            raise ValueError(f"group {self.group!r} needs group_by (the catalogue column it belongs to)")
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
            if b.start < a.start:
                raise ValueError(
                    f"terms {a.name!r} ({a.start}-{a.end}) and {b.name!r} ({b.start}-{b.end}) are not in order; "
                    "list terms in order, earliest first"
                )
            if b.start <= a.end:
                raise ValueError(
                    f"terms {a.name!r} ({a.start}-{a.end}) and {b.name!r} ({b.start}-{b.end}) overlap; "
                    "list terms in order without overlapping years"
                )
            if b.start != a.end + 1:
                raise ValueError(
                    f"there is a gap between terms {a.name!r} (ends {a.end}) and {b.name!r} "
                    f"(starts {b.start}); make each term start the year after the previous one ends"
                )
        if self.commitment_cap is not None and len(terms) < 2:
            raise ValueError(
                "commitment_cap needs at least two terms (it applies at each term boundary); "
                "give the terms, or leave commitment_cap unset"
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
        rows = []
        if self.terms[0].start != first or self.terms[-1].end != last:
            rows.append(
                {
                    "row": None,
                    "id": None,
                    "column": "terms",
                    "value": f"{self.terms[0].start}-{self.terms[-1].end}",
                    "problem": f"the terms do not cover the horizon {first}-{last}",
                    "fix": f"give terms from {first} to {last}; clip a term to the horizon, "
                    f"e.g. Term('2021-2024', {first}, 2024)",
                }
            )
        if rows:
            raise PolicyValidationError(rows, "Policy")


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

    def fail(problem: str, fix: str) -> PolicyValidationError:
        return PolicyValidationError(
            [{"row": None, "id": None, "column": None, "value": str(p), "problem": problem, "fix": fix}], p.name
        )

    if not p.is_file():
        raise fail("the policy file does not exist", "check the path")
    text = p.read_bytes()
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(text.decode("utf-8-sig"))
        elif p.suffix.lower() == ".toml":
            data = tomllib.loads(text.decode("utf-8-sig"))
        else:
            raise fail("unknown policy file type", "give a .toml or .json file")
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise fail(f"the policy file could not be read: {exc}", "check its syntax") from None
    if not isinstance(data, dict):
        raise fail("the policy file must hold a table of settings", "write key = value pairs")
    terms = [Term(**t) if isinstance(t, dict) else t for t in data.pop("terms", [])]
    caps = [CountCap(**c) if isinstance(c, dict) else c for c in data.pop("count_caps", [])]
    try:
        return Policy(terms=terms, count_caps=caps, **data)
    except PolicyValidationError as exc:
        raise PolicyValidationError(exc.failure_cases.to_dict("records"), p.name) from None
