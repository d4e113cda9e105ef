"""One collector of input problems, so that every problem of a table is reported at once.

Validation is a list of small rules; each rule looks at the input and adds what it finds
to a :class:`Failures` collector (row, programme id, column, value, problem, fix). The
caller raises once, with everything, as the :class:`~targetplan.exceptions.InputValidationError`
subclass of the input (as pandera's lazy validation does). A new rule is one small
function that takes the collector.

Examples
--------
>>> from targetplan.exceptions import CatalogValidationError
>>> failures = Failures()
>>> failures.add(3, "GOV-01", "priority", "x", "not a number", "write the priority as a number")
>>> len(failures), bool(failures)
(1, True)
>>> try:
...     failures.raise_if_any(CatalogValidationError, "programs.csv")
... except CatalogValidationError as exc:
...     print(exc.failure_cases.loc[0, "column"])
priority
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..exceptions import InputValidationError

__all__ = ["Failures", "failure"]


def plain(value: Any) -> Any:
    """Unwrap a numpy scalar, so that messages show -1.0, not np.float64(-1.0)."""
    return value.item() if isinstance(value, np.generic) else value


def failure(row: Any, pid: Any, column: Any, value: Any, problem: str, fix: str) -> dict[str, Any]:
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

    def add(self, row: Any, pid: Any, column: Any, value: Any, problem: str, fix: str) -> None:
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

    def raise_if_any(self, error: type[InputValidationError], source: str) -> None:
        """Raise ``error`` with every problem recorded, when there is any."""
        if self.records:
            raise error(list(self.records), source)
