r"""Weights from a pairwise comparison of criteria: the Analytic Hierarchy Process (Saaty).

In a planning meeting every pair of criteria is compared on Saaty's scale: 1 = equally
important, 3 = moderately, 5 = strongly, 7 = very strongly, 9 = extremely more important
(2, 4, 6, 8 in between), and the reciprocal (1/3 …) when the second is the more
important. :func:`ahp` turns the matrix of these judgements into weights: the principal
eigenvector :math:`w` of the matrix :math:`A` (:math:`A w = \lambda_{max} w`, numpy's
eigen-decomposition), normalised to sum to 1.

How far the judgements contradict each other is measured by the consistency index
:math:`CI = (\lambda_{max} - n) / (n - 1)` and the consistency ratio
:math:`CR = CI / RI_n`, where :math:`RI_n` is Saaty's random index, the average
:math:`CI` of random matrices of size :math:`n` (:data:`RANDOM_INDEX`). Above
:data:`CR_LIMIT` (0.10) the judgements should be revisited: :func:`ahp` warns
(:class:`~targetplan.exceptions.AhpInconsistencyWarning`) and names the comparison that
disagrees most with the weights, :math:`\max_{i<j} |\ln(a_{ij} w_j / w_i)|`, with the
value the other judgements imply for it (:math:`w_i / w_j`).

References: T. L. Saaty, *The Analytic Hierarchy Process*, McGraw-Hill, 1980 (random
index, table 1.7 extended to 15 criteria); T. L. Saaty, "How to make a decision: the
analytic hierarchy process", *European Journal of Operational Research* 48 (1990) 9–26.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import AhpInconsistencyWarning, ArgumentTypeError, CriteriaValidationError
from ..text.language import Language, get_language
from ..text.money import format_number, format_percent
from ..text.show import HtmlView
from .collect import Failures

__all__ = ["CR_LIMIT", "RANDOM_INDEX", "SAATY_SCALE", "AhpResult", "ahp"]

#: Saaty's random index by matrix size (1980 table; 11–15 from the same simulation, as usually quoted).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}

#: The largest consistency ratio usually accepted (Saaty: 0.10).
CR_LIMIT = 0.10

#: The values of Saaty's scale: 1/9 … 1/2, 1 … 9.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])

#: How far a cell may be off Saaty's scale or its mirror's reciprocal (0.33 for 1/3 is fine).
_TOLERANCE = 0.02


@dataclass(frozen=True, eq=False)
class AhpResult(HtmlView):
    r"""Weights derived from a pairwise comparison matrix, with its consistency.

    Attributes
    ----------
    weights : pandas.Series
        One weight per criterion (index: the names), summing to 1.
    matrix : pandas.DataFrame
        The comparison matrix used (the lower triangle is the reciprocal of the upper).
    lambda_max : float
        The principal eigenvalue (:math:`\ge n`; :math:`= n` for consistent judgements).
    ci : float
        Consistency index :math:`(\lambda_{max} - n)/(n - 1)`.
    cr : float
        Consistency ratio :math:`CI / RI_n` (0 for one or two criteria).
    random_index : float
        Saaty's random index for this size.
    worst_pair : tuple of str, or None
        The comparison that disagrees most with the weights (row, column); ``None`` when
        every judgement agrees (or there are fewer than three criteria).
    worst_value : float
        What the matrix says for ``worst_pair`` (NaN without one).
    implied_value : float
        What the weights imply for it, :math:`w_i / w_j`: the value that makes this
        comparison agree with the others.
    suggested_value : float
        The value of Saaty's scale nearest to ``implied_value``.
    suggested_cr : float
        The consistency ratio with ``suggested_value`` in place of ``worst_value``.
    """

    weights: pd.Series
    matrix: pd.DataFrame
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    worst_pair: tuple[str, str] | None
    worst_value: float
    implied_value: float
    suggested_value: float
    suggested_cr: float

    @property
    def consistent(self) -> bool:
        """Whether the consistency ratio is within :data:`CR_LIMIT` (0.10)."""
        return self.cr <= CR_LIMIT

    @property
    def n(self) -> int:
        """Number of criteria compared."""
        return len(self.weights)

    def __repr__(self) -> str:
        flag = "consistent" if self.consistent else "INCONSISTENT"
        return f"AhpResult({self.n} criteria, CR={self.cr:.3f}, {flag})"

    def view_title(self, lang: Language) -> str:
        """Name the result in the language: criteria, consistency ratio and whether it passes."""
        cr = format_number(self.cr, 3, lang)
        if lang == "en":
            return f"AHP weights: {self.n} criteria, CR = {cr}, {'consistent' if self.consistent else 'INCONSISTENT'}"
        return f"Bobot AHP: {self.n} kriteria, CR = {cr}, {'konsisten' if self.consistent else 'TIDAK KONSISTEN'}"

    def to_frame(self) -> pd.DataFrame:
        """Return the weights as a table (index ``criterion``; column ``weight``), largest first."""
        frame = self.weights.rename("weight").to_frame()
        frame.index.name = "criterion"
        return frame.sort_values("weight", ascending=False, kind="stable")

    def summary(self) -> pd.Series:
        """Return the key figures: size, λ_max, CI, CR, whether consistent, the worst comparison and its fix."""
        pair = " / ".join(self.worst_pair) if self.worst_pair else None
        return pd.Series(
            {
                "criteria": self.n,
                "lambda_max": self.lambda_max,
                "ci": self.ci,
                "cr": self.cr,
                "consistent": self.consistent,
                "worst_pair": pair,
                "worst_value": self.worst_value,
                "implied_value": self.implied_value,
                "suggested_value": self.suggested_value,
                "suggested_cr": self.suggested_cr,
            },
            name="ahp",
            dtype=object,
        )

    def advice(self, lang: Language | None = None) -> str:
        """One sentence on the most inconsistent comparison and what to put there (empty when there is none)."""
        lang = lang or get_language()
        if self.worst_pair is None:
            return ""
        a, b = self.worst_pair
        given, implied = _judgement(self.worst_value, lang), _judgement(self.implied_value, lang)
        suggested, cr = _judgement(self.suggested_value, lang), format_number(self.suggested_cr, 3, lang)
        if lang == "id":
            return (
                f"perbandingan paling tidak konsisten: '{a}' terhadap '{b}' bernilai {given}, sedangkan "
                f"perbandingan lain menyiratkan {implied}; dengan {suggested} rasio konsistensi menjadi {cr}"
            )
        return (
            f"the most inconsistent comparison is '{a}' against '{b}': given {given}, the other comparisons "
            f"imply {implied}; with {suggested} the consistency ratio becomes {cr}"
        )

    def headline(self, lang: Language) -> str:
        """One sentence: the consistency ratio and whether it is acceptable."""
        cr = format_number(self.cr, 3, lang)
        if lang == "id":
            state = "konsisten (≤ 0,10)" if self.consistent else "tidak konsisten (> 0,10)"
            text = f"Rasio konsistensi {cr}: {state}"
        else:
            state = "consistent (≤ 0.10)" if self.consistent else "inconsistent (> 0.10)"
            text = f"Consistency ratio {cr}: {state}"
        return text if self.consistent else f"{text}; {self.advice(lang)}"

    def summary_text(self, lang: Language | None = None) -> str:
        """Return the weights and the consistency as text for people."""
        lang = lang or get_language()
        id_ = lang == "id"
        lines = ["Bobot dari perbandingan berpasangan (AHP)" if id_ else "Weights from pairwise comparison (AHP)"]
        width = max(len(str(k)) for k in self.weights.index)
        for name, weight in self.to_frame()["weight"].items():
            lines.append(f"  {name!s:<{width}}  {format_percent(float(weight), 1, lang):>6}")
        lam, ci = format_number(self.lambda_max, 3, lang), format_number(self.ci, 3, lang)
        lines.append(f"λ maks {lam}; CI {ci}" if id_ else f"λ max {lam}; CI {ci}")
        lines.append(self.headline(lang))
        return "\n".join(lines)

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the weights, largest first."""
        return {"ahp_weights": self.to_frame()}


def _judgement(value: float, lang: Language) -> str:
    """Write a comparison value as people write it: ``5``, ``1/3``, or ``2,47`` when off the scale."""
    if math.isnan(value):
        return "-"
    for k in range(1, 10):
        if abs(value - k) < 1e-9:
            return str(k)
        if abs(value - 1 / k) < 1e-9:
            return f"1/{k}"
    return format_number(value, 2, lang)


def _matrix_from_pairs(pairs: Mapping[Any, Any], names: Sequence[str] | None, failures: Failures) -> pd.DataFrame:
    """Build the matrix from ``{(a, b): value}``; every pair must be given once (either way round)."""
    order: list[str] = list(names) if names is not None else []
    for key in pairs:
        if not (isinstance(key, tuple) and len(key) == 2):
            failures.add(
                None, None, None, repr(key), "a key is not a pair of criteria", "write keys as ('name A', 'name B')"
            )
            continue
        for part in key:
            if str(part) not in order:
                if names is not None:
                    failures.add(
                        None,
                        None,
                        str(part),
                        str(part),
                        "the pair names a criterion that is not in names",
                        "use the names given, or add it to names",
                    )
                order.append(str(part))
    matrix = pd.DataFrame(np.nan, index=order, columns=order, dtype=float)
    for key, value in pairs.items():
        if isinstance(key, tuple) and len(key) == 2:
            a, b = str(key[0]), str(key[1])
            matrix.loc[a, b] = _number(value)
    for name in order:
        matrix.loc[name, name] = 1.0
    return matrix


def _number(value: Any) -> float:
    """Read a cell as a float (``"1/3"`` as written in a meeting's notes too).

    A blank cell is NaN (not compared); a cell that is not a number is ``-inf``, so that
    it is reported as such.
    """
    if value is None:
        return math.nan
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            return math.nan
        if "/" in text:
            top, _, bottom = text.partition("/")
            try:
                return float(top) / float(bottom)
            except (ValueError, ZeroDivisionError):
                return -math.inf
        try:
            return float(text)
        except ValueError:
            return -math.inf
    try:
        return float(value)
    except (TypeError, ValueError):
        return -math.inf


def _as_matrix(matrix: Any, names: Sequence[str] | None, failures: Failures) -> pd.DataFrame | None:
    """Return the comparison matrix as a square DataFrame of floats (NaN where nothing is written), or ``None``."""
    if isinstance(matrix, Mapping):
        return _matrix_from_pairs(matrix, names, failures)
    if isinstance(matrix, pd.DataFrame):
        frame = matrix.copy()
        labels = [str(c) for c in frame.columns]
        if names is not None:
            labels = [str(n) for n in names]
        elif [str(i) for i in frame.index] != labels and frame.shape[0] == frame.shape[1]:
            if all(isinstance(i, int | np.integer) for i in frame.index):
                pass  # a default RangeIndex: the columns name the criteria
            else:
                failures.add(
                    None,
                    None,
                    None,
                    f"rows {list(frame.index)}, columns {list(frame.columns)}",
                    "the rows and the columns name different criteria",
                    "name the rows and the columns the same, in the same order",
                )
                return None
        values = frame.to_numpy(dtype=object)
    elif isinstance(matrix, np.ndarray | list | tuple):
        values = np.array(matrix, dtype=object)
        labels = [str(n) for n in names] if names is not None else []
    else:
        raise ArgumentTypeError(
            f"matrix must be a square table (DataFrame, numpy array or list of rows) or a mapping of pairs, "
            f"not {type(matrix).__name__}"
        )
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] == 0:
        failures.add(
            None,
            None,
            None,
            f"shape {values.shape}",
            "the comparison matrix is not square",
            "give one row and one column per criterion (n × n)",
        )
        return None
    n = values.shape[0]
    if not labels:
        labels = [f"criterion_{k + 1}" for k in range(n)]
    if len(labels) != n or len(set(labels)) != n:
        failures.add(
            None,
            None,
            "names",
            list(labels),
            f"names must be {n} different names, one per row of the matrix",
            "give one name per criterion, in the order of the rows",
        )
        return None
    floats = np.vectorize(_number, otypes=[float])(values)
    return pd.DataFrame(floats, index=labels, columns=labels)


def _check(matrix: pd.DataFrame, failures: Failures) -> None:
    """Add every problem of a comparison matrix: missing, not positive, off Saaty's scale, not reciprocal."""
    names = list(matrix.index)
    a = matrix.to_numpy(dtype=float)
    n = len(names)
    if n > max(RANDOM_INDEX):
        failures.add(
            None,
            None,
            None,
            f"{n} criteria",
            f"Saaty's random index is known for up to {max(RANDOM_INDEX)} criteria",
            "group the criteria into a hierarchy (a few groups, each compared on its own)",
        )
    low, high = SAATY_SCALE[0] * (1 - _TOLERANCE), SAATY_SCALE[-1] * (1 + _TOLERANCE)
    for i in range(n):
        for j in range(n):
            value = a[i, j]
            where = (names[i], names[j])
            if i == j:
                if not (abs(value - 1) <= _TOLERANCE):
                    failures.add(
                        where[0], None, where[1], value, "a criterion compared with itself must be 1", "write 1"
                    )
                continue
            mirror = a[j, i]
            if i > j and not math.isnan(mirror):
                continue  # the upper triangle decides; this cell is only checked for being its reciprocal
            if math.isnan(value):
                if math.isnan(mirror) and i < j:
                    failures.add(
                        where[0],
                        None,
                        where[1],
                        None,
                        "this pair is not compared",
                        "compare the two criteria on Saaty's scale (1 = equal … 9 = extremely more important)",
                    )
                continue
            if not math.isfinite(value) or value <= 0:
                failures.add(
                    where[0],
                    None,
                    where[1],
                    value,
                    "a comparison must be a positive number",
                    "use 1 to 9 when the row criterion is more important, 1/2 to 1/9 when less",
                )
                continue
            if not (low <= value <= high):
                failures.add(
                    where[0],
                    None,
                    where[1],
                    value,
                    "outside Saaty's scale (1/9 to 9)",
                    "use 1 (equal), 3, 5, 7, 9 (extremely more important), values between, or their reciprocals",
                )
                continue
            if math.isfinite(mirror) and mirror > 0 and abs(value * mirror - 1) > _TOLERANCE:
                failures.add(
                    where[0],
                    None,
                    where[1],
                    value,
                    f"not reciprocal: '{names[j]}' against '{names[i]}' is {format_number(mirror, 3, 'en')}, "
                    f"but it should be 1/{format_number(value, 3, 'en')} = {format_number(1 / value, 3, 'en')}",
                    f"write {format_number(1 / value, 3, 'en')} in row '{names[j]}', column '{names[i]}' "
                    "(or leave the lower triangle empty)",
                )


def _principal(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvector (normalised to sum 1) and eigenvalue of a positive matrix."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), float(values[k].real)


def _consistency(lam: float, n: int) -> tuple[float, float]:
    if n <= 2:
        return 0.0, 0.0
    ci = max((lam - n) / (n - 1), 0.0)  # round-off can put λ a hair below n
    return ci, ci / RANDOM_INDEX[n]


def ahp(matrix: Any, names: Sequence[str] | None = None) -> AhpResult:
    """Return the weights of criteria compared in pairs (Saaty's Analytic Hierarchy Process).

    Parameters
    ----------
    matrix : DataFrame, array, list of rows, or mapping of pairs
        The comparisons: cell (i, j) says how much more important criterion i is than
        criterion j on Saaty's scale (1 … 9, or 1/2 … 1/9 when less important). A
        DataFrame names the criteria by its rows and columns; a mapping
        ``{("Teknologi", "Keamanan"): 3, ...}`` gives each pair once. The lower triangle
        may be left empty (NaN): it is the reciprocal of the upper one, and is checked
        when given. Cells may be written as text (``"1/3"``).
    names : sequence of str, optional
        Names of the criteria, in the order of the rows (default: the DataFrame's
        labels, else ``criterion_1`` …).

    Returns
    -------
    AhpResult
        Weights (principal eigenvector, summing to 1), λ_max, CI, CR, and the most
        inconsistent comparison with the value that would make it agree.

    Raises
    ------
    CriteriaValidationError
        With every problem of the matrix in ``failure_cases``: not square, a pair not
        compared, a value that is not a positive number or off Saaty's scale, a cell
        that is not the reciprocal of its mirror, more than 15 criteria.

    Warns
    -----
    AhpInconsistencyWarning
        When the consistency ratio is above 0.10, naming the most inconsistent
        comparison and the value the others imply for it.

    Examples
    --------
    A meeting compares three criteria: public service impact is moderately more important
    than readiness (3) and strongly more than risk (5); readiness a little more than
    risk (2). Only the upper triangle is written:

    >>> import numpy as np
    >>> import targetplan as tp
    >>> result = tp.ahp([[1, 3, 5], [np.nan, 1, 2], [np.nan, np.nan, 1]],
    ...                 names=["dampak", "kesiapan", "risiko"])
    >>> result.weights.round(3).tolist(), round(result.cr, 3), result.consistent
    ([0.648, 0.23, 0.122], 0.003, True)
    """
    failures = Failures()
    frame = _as_matrix(matrix, names, failures)
    if frame is not None:
        _check(frame, failures)
    failures.raise_if_any(CriteriaValidationError, "pairwise comparison")
    assert frame is not None
    labels = [str(x) for x in frame.index]
    a = frame.to_numpy(dtype=float)
    n = len(labels)
    # the upper triangle decides (filled from the lower where left empty); the lower is its reciprocal, so
    # 0.33 written for 1/3 is read as 1/3
    a = np.where(np.isnan(a), 1.0 / a.T, a)
    upper = np.triu_indices(n, 1)
    a[upper[1], upper[0]] = 1.0 / a[upper]
    np.fill_diagonal(a, 1.0)
    w, lam = _principal(a)
    ci, cr = _consistency(lam, n)
    worst: tuple[str, str] | None = None
    worst_value = implied = suggested = suggested_cr = math.nan
    if n >= 3:
        i_up, j_up = np.triu_indices(n, 1)
        deviation = np.abs(np.log(a[i_up, j_up] * w[j_up] / w[i_up]))
        k = int(np.argmax(deviation))
        if deviation[k] > 1e-9:
            i, j = int(i_up[k]), int(j_up[k])
            worst = (labels[i], labels[j])
            worst_value, implied = float(a[i, j]), float(w[i] / w[j])
            suggested = min(SAATY_SCALE, key=lambda s: abs(math.log(s / implied)))
            fixed = a.copy()
            fixed[i, j], fixed[j, i] = suggested, 1.0 / suggested
            suggested_cr = _consistency(_principal(fixed)[1], n)[1]
    result = AhpResult(
        weights=pd.Series(w, index=pd.Index(labels, name="criterion"), name="weight"),
        matrix=pd.DataFrame(a, index=labels, columns=labels),
        lambda_max=lam,
        ci=ci,
        cr=cr,
        random_index=RANDOM_INDEX.get(n, math.nan),
        worst_pair=worst,
        worst_value=worst_value,
        implied_value=implied,
        suggested_value=suggested,
        suggested_cr=suggested_cr,
    )
    if not result.consistent:
        warnings.warn(
            f"the pairwise comparison is inconsistent: consistency ratio {cr:.3f} > {CR_LIMIT:.2f}; "
            f"{result.advice('en')}. Revise that judgement and compare again",
            AhpInconsistencyWarning,
            stacklevel=2,
        )
    return result
