"""One collector of input problems, so that every problem of a table is reported at once.

Validation is a list of small rules; each rule looks at the input and adds what it finds
to a :class:`Failures` collector (row, programme id, column, value, problem, fix). The
caller raises once, with everything, as the :class:`~targetplan.exceptions.InputValidationError`
subclass of the input (as pandera's lazy validation does). A new rule is one small
function that takes the collector.

A problem and its fix are written in both languages, as a :data:`~targetplan.text.language.Pair`
``(Indonesian, English)``; :meth:`Failures.raise_if_any` puts them in the report language
(``tp.set_language``, Indonesian by default, or ``lang=``), so ``failure_cases`` and the
message read in one language. A plain string is kept as it is.

Examples
--------
>>> from targetplan.exceptions import CatalogValidationError
>>> failures = Failures()
>>> failures.add(3, "GOV-01", "priority", "x", ("bukan angka", "not a number"),
...              ("tulis prioritas sebagai angka", "write the priority as a number"))
>>> len(failures), bool(failures)
(1, True)
>>> try:
...     failures.raise_if_any(CatalogValidationError, "programs.csv", lang="en")
... except CatalogValidationError as exc:
...     print(exc.failure_cases.loc[0, "problem"])
not a number
>>> try:
...     failures.raise_if_any(CatalogValidationError, "programs.csv", lang="id")
... except CatalogValidationError as exc:
...     print(exc)
1 masalah ditemukan di programs.csv (katalog program):
  - baris 3, id GOV-01, kolom 'priority': bukan angka (nilai: 'x'). Perbaiki: tulis prioritas sebagai angka
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

import numpy as np

from ..exceptions import InputValidationError, resolve
from ..text.language import Language, Pair, checked, get_language

__all__ = ["Failures", "Text", "failure", "raise_one", "repeated", "say"]

#: A message text: one string, or a pair (Indonesian, English) put in the report language when raised.
Text = str | Pair


def say(text: Text, lang: Language | None = None) -> str:
    """Return the text in ``lang`` (default: the report language); a plain string as it is."""
    return str(resolve(text, checked(lang or get_language())))


def plain(value: Any) -> Any:
    """Unwrap a numpy scalar, so that messages show -1.0, not np.float64(-1.0)."""
    return value.item() if isinstance(value, np.generic) else value


def failure(row: Any, pid: Any, column: Any, value: Any, problem: Text, fix: Text) -> dict[str, Any]:
    """One problem as a record of the ``failure_cases`` table; a blank id (NaN, "") is no id."""
    value = plain(value)
    if isinstance(value, float) and np.isnan(value):
        value = "NaN"
    pid = plain(pid)
    if pid is not None and (not isinstance(pid, str) or pid == ""):
        pid = None
    return {"row": plain(row), "id": pid, "column": column, "value": value, "problem": problem, "fix": fix}


class Failures:
    """The problems found so far in one input, in the order found."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def add(self, row: Any, pid: Any, column: Any, value: Any, problem: Text, fix: Text) -> None:
        """Record one problem: where (row, programme id, column), the value, what is wrong and the fix."""
        self.records.append(failure(row, pid, column, value, problem, fix))

    def append(self, record: dict[str, Any]) -> None:
        """Record one problem already in ``failure_cases`` form."""
        self.records.append(record)

    def extend(self, records: Iterable[dict[str, Any]]) -> None:
        """Record problems already in ``failure_cases`` form (from another validation)."""
        self.records.extend(records)

    def cells(self) -> set[tuple[Any, Any]]:
        """Return the (row, column) places with a problem, so that later rules can skip unreadable cells."""
        return {(r["row"], r["column"]) for r in self.records}

    def __len__(self) -> int:
        return len(self.records)

    def __bool__(self) -> bool:
        return bool(self.records)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def raise_if_any(self, error: type[InputValidationError], source: str, lang: Language | None = None) -> None:
        """Raise ``error`` with every problem recorded, in ``lang`` (default: the report language)."""
        if self.records:
            raise error(list(self.records), source, lang=checked(lang or get_language()))


def raise_one(
    error: type[InputValidationError],
    source: str,
    problem: Text,
    fix: Text,
    *,
    row: Any = None,
    pid: Any = None,
    column: Any = None,
    value: Any = None,
) -> NoReturn:
    """Raise ``error`` with one problem, in the report language."""
    raise error([failure(row, pid, column, value, problem, fix)], source, lang=checked(get_language()))


def repeated(frame: Any, failures: Failures) -> None:
    """Add a problem for each column name given twice (also through an alias, e.g. ``kode`` beside ``id``)."""
    seen: set[Any] = set()
    for name in frame.columns:
        if name in seen:
            failures.add(
                None,
                None,
                name,
                None,
                (
                    "kolom ganda (nama lain dari kolom yang sama juga ada)",
                    "duplicated column (another name for it is there too)",
                ),
                ("pertahankan satu kolom saja untuk arti ini", "keep only one column with this meaning"),
            )
        seen.add(name)
