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
    "RequiresExcludedWarning",
    "SolverFailedError",
    "SolverUnavailableError",
    "TargetKindWarning",
    "TargetplanError",
    "TargetplanWarning",
    "TimeLimitWarning",
    "UnknownScenarioError",
    "UnsupportedValueError",
    "ValidatorProblem",
]

#: Columns of the ``failure_cases`` DataFrame carried by validation errors.
FAILURE_COLUMNS = ("row", "id", "column", "value", "problem", "fix")

_MAX_LISTED = 25

#: The few framing words of a validation message, (Indonesian, English). This module is the bottom
#: layer and cannot ask ``targetplan.text`` for the report language: the raiser passes ``lang``
#: (``inputs.collect.Failures.raise_if_any`` passes the language set with ``tp.set_language``).
_WORDS: dict[str, tuple[str, str]] = {
    "found": ("{n} masalah ditemukan{where} ({what}):", "{n} problem{s} found{where} ({what}):"),
    "in": (" di {source}", " in {source}"),
    "row": ("baris {row}", "row {row}"),
    "id": ("id {id}", "id {id}"),
    "column": ("kolom '{column}'", "column '{column}'"),
    "value": (" (nilai: {value})", " (value: {value})"),
    "fix": ("Perbaiki", "Fix"),
    "more": (
        "  ... dan {n} masalah lagi; semuanya ada di DataFrame failure_cases pada exception ini.",
        "  ... and {n} more; see the exception's failure_cases DataFrame.",
    ),
    "at": ("di '{column}': ", "at '{column}': "),
    "not_plan": (
        "{name} bukan berkas rencana yang dapat dibaca ({n} masalah):",
        "{name} is not a readable plan file ({n} problems):",
    ),
    "the_data": ("data ini", "the data"),
}


def _lang(lang: object) -> int:
    """Index of ``lang`` in an (Indonesian, English) pair; anything but ``"id"`` is English."""
    return 0 if lang == "id" else 1


def word(key: str, lang: str, **values: Any) -> str:
    """One framing word of a validation message in ``lang``, with ``values`` filled in."""
    return _WORDS[key][_lang(lang)].format(**values)


def resolve(text: Any, lang: str) -> Any:
    """Return a text of a failure record in ``lang``: a ``(Indonesian, English)`` pair is picked, anything else kept."""
    if isinstance(text, tuple) and len(text) == 2 and all(isinstance(t, str) for t in text):
        return text[_lang(lang)]
    return text


def _plain(key: str, value: Any) -> Any:
    """Return a failure cell as a plain Python value: numpy scalars unwrapped, missing places as ``None``."""
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()
    if key != "value" and isinstance(value, float) and value != value:  # NaN row/id/column means "none"
        return None
    return value


def _shown(value: Any) -> str:
    """Return a failing value as a message shows it: text quoted, at most 120 characters."""
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


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

    The message is in ``lang`` (``"id"`` Indonesian or ``"en"`` English): the library's
    readers pass the language set with ``tp.set_language`` (Indonesian by default). A
    ``problem`` or ``fix`` given as an ``(Indonesian, English)`` pair is put in that language.

    Attributes
    ----------
    failure_cases : pandas.DataFrame
        One row per problem with columns ``row`` (row label: the spreadsheet row
        number when read from a file, else the DataFrame index), ``id`` (programme
        id where known), ``column``, ``value``, ``problem`` and ``fix``.
    source : str
        What was being validated (a file name or ``"DataFrame"``).
    lang : str
        The language of the message and of ``problem`` / ``fix``.
    """

    #: What is validated, (Indonesian, English).
    what: tuple[str, str] = ("data masukan", "input")

    def __init__(self, failures: list[dict[str, Any]], source: str = "", lang: str = "en") -> None:
        import pandas as pd

        self.lang = "id" if lang == "id" else "en"
        # object dtype keeps None as None and numbers as Python numbers, so a row without an
        # id never reads "id nan" and values never read "np.float64(...)"
        rows = [{key: resolve(_plain(key, rec.get(key)), self.lang) for key in FAILURE_COLUMNS} for rec in failures]
        frame = pd.DataFrame(rows, columns=list(FAILURE_COLUMNS), dtype=object)
        self.failure_cases: pd.DataFrame = frame
        self.source = source
        super().__init__(self._format())

    def records(self) -> list[dict[str, Any]]:
        """Return the problems as ``failure_cases`` records, to raise again elsewhere (with ``lang=self.lang``)."""
        return [dict(rec) for rec in self.failure_cases.to_dict("records")]

    def _format(self, limit: int | None = _MAX_LISTED) -> str:
        lang = self.lang
        n = len(self.failure_cases)
        where = word("in", lang, source=self.source) if self.source else ""
        what = self.what[_lang(lang)]
        lines = [word("found", lang, n=n, s="s" if n != 1 else "", where=where, what=what)]
        shown = self.failure_cases if limit is None else self.failure_cases.head(limit)
        for rec in shown.itertuples(index=False):
            loc = []
            if rec.row is not None and str(rec.row) != "":
                loc.append(word("row", lang, row=rec.row))
            if rec.id is not None and str(rec.id) != "":
                loc.append(word("id", lang, id=rec.id))
            if rec.column is not None and str(rec.column) != "":
                loc.append(word("column", lang, column=rec.column))
            value = "" if rec.value is None else word("value", lang, value=_shown(rec.value))
            place = ", ".join(loc)
            place = f"{place}: " if place else ""
            lines.append(f"  - {place}{rec.problem}{value}. {word('fix', lang)}: {rec.fix}")
        if limit is not None and n > limit:
            lines.append(word("more", lang, n=n - limit))
        return "\n".join(lines)

    def text(self, limit: int | None = None) -> str:
        """Return the message with every problem (``limit=None``) or the first ``limit``, as the CLI prints it."""
        return self._format(limit)


class ValidatorProblem(ValueError):
    """What a validator of a targetplan input model raises: the problem and its fix, each as (Indonesian, English).

    pydantic keeps the exception it wraps, so the input's error reads the pairs back and
    words them in the report language. Never seen by users: it becomes an
    :class:`InputValidationError`.
    """

    def __init__(self, problem: tuple[str, str], fix: tuple[str, str]) -> None:
        self.problem, self.fix = problem, fix
        super().__init__(f"{problem[1]}; {fix[1]}")


class CatalogValidationError(InputValidationError):
    """The programme catalogue (or its relation to the budget/policy) is invalid."""

    what = ("katalog program", "programme catalogue")


class BudgetValidationError(InputValidationError):
    """The budget (ceilings, caps/floors, reserve) is invalid or does not fit the catalogue."""

    what = ("anggaran (pagu)", "budget")


class PolicyValidationError(InputValidationError):
    """The policy (terms, shares) is invalid or does not fit the horizon."""

    what = ("kebijakan", "policy")


class RealisationValidationError(InputValidationError):
    """The realisation table is invalid or does not fit the plan."""

    what = ("realisasi", "realisation")


class PreviousValidationError(InputValidationError):
    """The previous-masterplan table is invalid."""

    what = ("masterplan sebelumnya", "previous masterplan")


class RenstraValidationError(InputValidationError):
    """A Renstra / RKPD matrix could not be read into a catalogue; every problem is listed.

    ``row`` is the spreadsheet row and ``column`` the header as found in the file with its
    column letter, e.g. ``Tahun 1 Rp (H)``.
    """

    what = ("matriks Renstra / RKPD", "Renstra / RKPD matrix")


class CrosswalkValidationError(InputValidationError):
    """A crosswalk (previous programmes matched to the catalogue) names ids that do not exist or twice."""

    what = ("padanan program (crosswalk)", "crosswalk")


class CriteriaValidationError(InputValidationError):
    """Criteria, their weights, a pairwise comparison matrix or the catalogue's criteria columns are invalid."""

    what = ("kriteria", "criteria")


class PlanFileError(InputValidationError):
    """A file (or dict) is not a readable targetplan plan; every problem is listed.

    ``failure_cases`` names in ``column`` where in the file each problem is, e.g.
    ``result.levels`` or ``inputs.budget.ceilings``.
    """

    what = ("berkas rencana", "plan file")

    def _format(self, limit: int | None = _MAX_LISTED) -> str:
        lang = self.lang
        rows = list(self.failure_cases.itertuples(index=False))
        name = self.source or word("the_data", lang)

        def line(rec: Any) -> str:
            where = word("at", lang, column=rec.column) if rec.column is not None and str(rec.column) != "" else ""
            value = "" if rec.value is None else word("value", lang, value=_shown(rec.value))
            return f"{where}{rec.problem}{value}. {word('fix', lang)}: {rec.fix}"

        if len(rows) == 1:
            return f"{name}: {line(rows[0])}"
        lines = [word("not_plan", lang, name=name, n=len(rows))]
        lines += [f"  - {line(rec)}" for rec in (rows if limit is None else rows[:limit])]
        if limit is not None and len(rows) > limit:
            lines.append(word("more", lang, n=len(rows) - limit))
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


class RequiresExcludedWarning(TargetplanWarning):
    """A programme requires an excluded one, so it cannot run (not an error: "what if we drop X" is a scenario)."""


class TimeLimitWarning(TargetplanWarning):
    """The solver stopped at its time limit; the plan is feasible but not proven optimal."""


class AhpInconsistencyWarning(TargetplanWarning):
    """A pairwise comparison matrix is inconsistent beyond the usual limit (consistency ratio above 0.10).

    The message names the most inconsistent comparison and the value the other
    comparisons imply for it.
    """
