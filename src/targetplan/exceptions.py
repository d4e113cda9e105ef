"""Every exception and warning targetplan raises, in one module.

Every error derives from :class:`TargetplanError`, so one ``except`` clause catches
anything the library raises on purpose. Messages say what failed, the offending values
and what to do next; errors about input data also carry the problems as a DataFrame.

Errors a caller may want to treat like Python's own are also Python's own: bad input
data and bad arguments are :class:`ValueError` (:class:`InputValidationError`,
:class:`ArgumentError`), an argument of the wrong type is a :class:`TypeError`
(:class:`ArgumentTypeError`), an unknown scenario name a :class:`KeyError`
(:class:`UnknownScenarioError`) and a failed plan check an :class:`AssertionError`
(:class:`CheckFailedError`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AhpInconsistencyWarning",
    "ArgumentError",
    "ArgumentTypeError",
    "BudgetValidationError",
    "CatalogValidationError",
    "CheckFailedError",
    "CriteriaValidationError",
    "CrosswalkValidationError",
    "InfeasiblePlanError",
    "InputValidationError",
    "PlanFileError",
    "PolicyValidationError",
    "PreviousValidationError",
    "RealisationValidationError",
    "RenstraValidationError",
    "SolverFailedError",
    "SolverUnavailableError",
    "TargetKindWarning",
    "TargetplanError",
    "TargetplanWarning",
    "TimeLimitWarning",
    "UnknownScenarioError",
    "UnsupportedValueError",
]

#: Columns of the ``failure_cases`` DataFrame carried by validation errors.
FAILURE_COLUMNS = ("row", "id", "column", "value", "problem", "fix")

_MAX_LISTED = 25


def _plain(key: str, value: Any) -> Any:
    """Return a failure cell as a plain Python value: numpy scalars unwrapped, missing places as ``None``."""
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()
    if key != "value" and isinstance(value, float) and value != value:  # NaN row/id/column means "none"
        return None
    return value


class TargetplanError(Exception):
    """Base class of every error raised by targetplan."""


class ArgumentError(TargetplanError, ValueError):
    """An argument of a targetplan function has a value it cannot take (the message names the fix)."""


class ArgumentTypeError(TargetplanError, TypeError):
    """An argument of a targetplan function is of the wrong type (the message names the type expected)."""


class UnsupportedValueError(ArgumentTypeError):
    """A value of a type that a plan file cannot hold (a table cell or an option); the message names where."""


class InputValidationError(TargetplanError, ValueError):
    """Input data failed validation; every problem found is listed at once.

    Attributes
    ----------
    failure_cases : pandas.DataFrame
        One row per problem with columns ``row`` (row label: the spreadsheet row
        number when read from a file, else the DataFrame index), ``id`` (programme
        id where known), ``column``, ``value``, ``problem`` and ``fix``.
    source : str
        What was being validated (a file name or ``"DataFrame"``).
    """

    what = "input"

    def __init__(self, failures: list[dict[str, Any]], source: str = "") -> None:
        import pandas as pd

        # object dtype keeps None as None and numbers as Python numbers, so a row without an
        # id never reads "id nan" and values never read "np.float64(...)"
        rows = [{key: _plain(key, rec.get(key)) for key in FAILURE_COLUMNS} for rec in failures]
        frame = pd.DataFrame(rows, columns=list(FAILURE_COLUMNS), dtype=object)
        self.failure_cases: pd.DataFrame = frame
        self.source = source
        super().__init__(self._format())

    def _format(self) -> str:
        n = len(self.failure_cases)
        where = f" in {self.source}" if self.source else ""
        head = f"{n} problem{'s' if n != 1 else ''} found{where} ({self.what}):"
        lines = [head]
        for rec in self.failure_cases.head(_MAX_LISTED).itertuples(index=False):
            loc = []
            if rec.row is not None and str(rec.row) != "":
                loc.append(f"row {rec.row}")
            if rec.id is not None and str(rec.id) != "":
                loc.append(f"id {rec.id}")
            if rec.column is not None and str(rec.column) != "":
                loc.append(f"column '{rec.column}'")
            value = "" if rec.value is None else f" (value: {rec.value!r})"
            place = ", ".join(loc)
            place = f"{place}: " if place else ""
            lines.append(f"  - {place}{rec.problem}{value}. Fix: {rec.fix}")
        if n > _MAX_LISTED:
            lines.append(f"  ... and {n - _MAX_LISTED} more; see the exception's failure_cases DataFrame.")
        return "\n".join(lines)


class CatalogValidationError(InputValidationError):
    """The programme catalogue (or its relation to the budget/policy) is invalid."""

    what = "programme catalogue"


class BudgetValidationError(InputValidationError):
    """The budget (ceilings, caps/floors, reserve) is invalid or does not fit the catalogue."""

    what = "budget"


class PolicyValidationError(InputValidationError):
    """The policy (terms, shares) is invalid or does not fit the horizon."""

    what = "policy"


class RealisationValidationError(InputValidationError):
    """The realisation table is invalid or does not fit the plan."""

    what = "realisation"


class PreviousValidationError(InputValidationError):
    """The previous-masterplan table is invalid."""

    what = "previous masterplan"


class RenstraValidationError(InputValidationError):
    """A Renstra / RKPD matrix could not be read into a catalogue; every problem is listed.

    ``row`` is the spreadsheet row and ``column`` the header as found in the file with its
    column letter, e.g. ``Tahun 1 Rp (H)``.
    """

    what = "Renstra / RKPD matrix"


class CrosswalkValidationError(InputValidationError):
    """A crosswalk (previous programmes matched to the catalogue) names ids that do not exist or twice."""

    what = "crosswalk"


class CriteriaValidationError(InputValidationError):
    """Criteria, their weights, a pairwise comparison matrix or the catalogue's criteria columns are invalid."""

    what = "criteria"


class PlanFileError(InputValidationError):
    """A file (or dict) is not a readable targetplan plan; every problem is listed.

    ``failure_cases`` names in ``column`` where in the file each problem is, e.g.
    ``result.levels`` or ``inputs.budget.ceilings``.
    """

    what = "plan file"

    def _format(self) -> str:
        rows = list(self.failure_cases.itertuples(index=False))
        name = self.source or "the data"

        def line(rec: Any) -> str:
            where = f"at '{rec.column}': " if rec.column is not None and str(rec.column) != "" else ""
            value = "" if rec.value is None else f" (value: {rec.value!r})"
            return f"{where}{rec.problem}{value}. Fix: {rec.fix}"

        if len(rows) == 1:
            return f"{name}: {line(rows[0])}"
        lines = [f"{name} is not a readable plan file ({len(rows)} problems):"]
        lines += [f"  - {line(rec)}" for rec in rows[:_MAX_LISTED]]
        if len(rows) > _MAX_LISTED:
            lines.append(f"  ... and {len(rows) - _MAX_LISTED} more; see the exception's failure_cases DataFrame.")
        return "\n".join(lines)


class InfeasiblePlanError(TargetplanError):
    """No plan satisfies every rule.

    Attributes
    ----------
    reasons : list of str
        Explanations in planning terms (years, groups, amounts).
    """

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        self.reasons = list(reasons or [])
        text = message
        if self.reasons:
            text += "\n" + "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(text)


class SolverUnavailableError(TargetplanError):
    """The requested solver cannot be loaded on this machine."""


class SolverFailedError(TargetplanError):
    """The solver stopped without a usable plan (error, time limit without a plan)."""


class CheckFailedError(TargetplanError, AssertionError):
    """``Plan.check()`` found violations when recomputing the plan from its inputs.

    Attributes
    ----------
    violations : list of str
        One line per violated rule.
    """

    def __init__(self, violations: list[str]) -> None:
        self.violations = list(violations)
        n = len(violations)
        lines = [f"plan check failed: {n} violation{'s' if n != 1 else ''}"]
        lines += [f"  - {v}" for v in violations[:_MAX_LISTED]]
        if n > _MAX_LISTED:
            lines.append(f"  ... and {n - _MAX_LISTED} more")
        super().__init__("\n".join(lines))


class UnknownScenarioError(TargetplanError, KeyError):
    """A study has no scenario of that name."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class TargetplanWarning(UserWarning):
    """Base class of warnings issued by targetplan."""


class TargetKindWarning(TargetplanWarning):
    """A programme's targets look like another kind than the catalogue says (e.g. cumulative, read as annual)."""


class TimeLimitWarning(TargetplanWarning):
    """The solver stopped at its time limit; the plan is feasible but not proven optimal."""


class AhpInconsistencyWarning(TargetplanWarning):
    """A pairwise comparison matrix is inconsistent beyond the usual limit (consistency ratio above 0.10).

    The message names the most inconsistent comparison and the value the other
    comparisons imply for it.
    """
