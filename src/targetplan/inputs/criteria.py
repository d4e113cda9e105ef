r"""Where priorities come from: criteria, their weights, and the score of every programme.

A programme's ``priority`` is usually typed in. Here it is derived: each
:class:`Criterion` reads one catalogue column (a numeric score, yes/no, or a category
mapped to a score), turns it into a score from 0 (worst) to 1 (best) by its
normalisation, and the criteria's weights add the scores up:

.. math:: \text{priority}_p = P \sum_{c\ \text{leaf}} g_c\, s_{p,c}

where :math:`s_{p,c}` is the score of programme :math:`p` on criterion :math:`c`,
:math:`g_c` the criterion's global weight and :math:`P` ``Criteria.max_priority``
(100: a programme best on every criterion has priority 100).

Criteria may be grouped (domain → aspect → indicator): a group's score is the weighted
mean of its members' scores, and weights multiply down the tree — an indicator of weight
0.5 in an aspect of weight 0.4 in a domain of weight 0.3 has global weight 0.06. Weights
are given among siblings in any unit (percentages, points, an :func:`~targetplan.ahp`
result) and are normalised to sum to 1; a group whose members have no weight weighs them
equally.

Normalisations (``direction="lower"`` turns each around, so that less is better):

* ``"minmax"`` (numbers, default): :math:`(v - \min) / (\max - \min)` over the catalogue
  (every programme scores 1 when all have the same value);
* ``"target"``: :math:`\min(v / T, 1)` — meeting the target :math:`T` scores 1; for
  ``"lower"``, :math:`\min(T / v, 1)`;
* ``"scale"``: :math:`(v - lo) / (hi - lo)` on a given scale such as the maturity levels
  1–5; values outside it are an error (categories use the range of their scores);
* yes/no: yes scores 1, no (or blank) 0.

:func:`score` returns a new catalogue with ``priority`` filled in and the breakdown kept
as columns: ``score_<criterion>`` (0–1) for every criterion and group, and
``points_<criterion>`` (:math:`P g_c s_{p,c}`) for every criterion that reads a column;
a programme's points add up to its priority.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from ..exceptions import ArgumentError, ArgumentTypeError, CriteriaValidationError
from ..text.language import Language, get_language
from ..text.show import render_html
from .ahp import AhpResult
from .base import InputModel
from .catalog import Catalog
from .collect import Failures
from .schema import catalogue_column
from .tables import did_you_mean, parse_bools, parse_numbers

__all__ = [
    "POINTS_PREFIX",
    "SCORE_PREFIX",
    "Criteria",
    "Criterion",
    "criteria_breakdown",
    "score",
]

#: Prefix of the catalogue columns holding each programme's score (0–1) on a criterion.
SCORE_PREFIX = "score_"
#: Prefix of the catalogue columns holding each programme's weighted points on a criterion.
POINTS_PREFIX = "points_"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

Kind = Literal["number", "yesno", "category"]
Direction = Literal["higher", "lower"]
Normalisation = Literal["minmax", "target", "scale"]


class Criterion(InputModel):
    """One criterion: the catalogue column it reads, how that becomes a 0–1 score, and its weight.

    A criterion with ``children`` is a group (a domain, an aspect): it reads no column,
    its score is the weighted mean of its members' scores.

    Attributes
    ----------
    name : str
        Identifier in lower case with underscores (``"keamanan_siber"``); it names the
        breakdown columns ``score_<name>`` and ``points_<name>``, and the catalogue column
        read unless ``column`` is given.
    label, label_en : str
        What people read (Indonesian, English); default the name.
    column : str, optional
        The catalogue column with the values (default: ``name``).
    kind : {"number", "yesno", "category"}, default "number"
    direction : {"higher", "lower"}, default "higher"
        Whether more is better (impact, alignment) or worse (risk, cost).
    normalise : {"minmax", "target", "scale"}, optional
        Default ``"minmax"`` for numbers and ``"scale"`` for categories; not used for yes/no.
    scale : (low, high), optional
        With ``normalise="scale"``: the ends of the scale (``(1, 5)`` for maturity levels).
    target : float, optional
        With ``normalise="target"``: the value that scores 1.
    categories : dict, optional
        With ``kind="category"``: the score of each category (``{"tinggi": 3, "sedang": 2,
        "rendah": 1}``); matched ignoring case.
    weight : float, optional
        Weight among its siblings, in any unit (normalised within the group).
    children : sequence of Criterion
        The members of a group.
    description : str
        What the criterion measures, its source.

    Raises
    ------
    CriteriaValidationError
        With every problem at once (a name that is not an identifier, options that do not
        fit the kind or the normalisation …).

    Examples
    --------
    >>> Criterion("risiko", direction="lower", normalise="scale", scale=(1, 5)).method
    'scale'
    >>> Criterion("amanat_uu", kind="yesno", label="Amanat undang-undang").text()
    'Amanat undang-undang'
    """

    _error = CriteriaValidationError

    name: str
    label: str = ""
    label_en: str = ""
    column: str | None = None
    kind: Kind = "number"
    direction: Direction = "higher"
    normalise: Normalisation | None = None
    scale: tuple[float, float] | None = None
    target: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    categories: dict[str, float] | None = None
    weight: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    children: tuple[Criterion, ...] = ()
    description: str = ""

    def __init__(self, name: Any = None, /, **data: Any) -> None:
        if name is not None:
            data["name"] = name
        super().__init__(**data)

    @model_validator(mode="after")
    def _consistent(self) -> Criterion:
        problems = []
        if not _NAME.match(self.name):
            problems.append(
                f"criterion name {self.name!r} is not an identifier; write it in lower case with underscores, "
                "e.g. 'keamanan_siber', and give the words people read as label="
            )
        if self.children:
            given = [k for k in ("column", "normalise", "scale", "target", "categories") if getattr(self, k)]
            given += [k for k, default in (("kind", "number"), ("direction", "higher")) if getattr(self, k) != default]
            if given:
                problems.append(
                    f"group {self.name!r} takes its score from its criteria and reads no column "
                    f"(it has {', '.join(given)}); move these options to its criteria"
                )
        else:
            problems += self._leaf_problems()
        if problems:  # one at a time: each says its own fix
            raise ValueError(problems[0])
        return self

    def _leaf_problems(self) -> list[str]:
        problems = []
        if self.kind == "category" and not self.categories:
            problems.append(
                f"criterion {self.name!r} is a category but names no categories; "
                "give categories={'tinggi': 3, 'sedang': 2, 'rendah': 1}"
            )
        if self.kind != "category" and self.categories is not None:
            problems.append(f"categories= is for kind='category' (criterion {self.name!r}); set kind='category'")
        if self.kind == "yesno" and self.normalise is not None:
            problems.append(f"a yes/no criterion ({self.name!r}) is not normalised; remove normalise=")
        if self.kind == "category" and self.normalise in ("minmax", "target"):
            problems.append(f"categories ({self.name!r}) are normalised on their scale; remove normalise=")
        method = self.method
        if self.scale is not None:
            low, high = self.scale
            if method != "scale":
                problems.append(
                    f"scale= is used with normalise='scale' (criterion {self.name!r}); set normalise='scale'"
                )
            elif not (math.isfinite(low) and math.isfinite(high) and low < high):
                problems.append(
                    f"the scale of {self.name!r} must go from a lower to a higher number; e.g. scale=(1, 5)"
                )
        elif method == "scale" and self.kind == "number":
            problems.append(f"criterion {self.name!r} is normalised on a scale but has none; give scale=(low, high)")
        if method == "scale" and self.kind == "category" and self.scale is None and self.categories:
            if len(set(self.categories.values())) < 2:
                problems.append(
                    f"every category of {self.name!r} has the same score, so it cannot rank programmes; "
                    "give the categories different scores"
                )
        if method == "target" and self.target is None:
            problems.append(f"criterion {self.name!r} is normalised by a target but has none; give target=")
        if self.target is not None and method != "target":
            problems.append(
                f"target= is used with normalise='target' (criterion {self.name!r}); set normalise='target'"
            )
        return problems

    @property
    def is_group(self) -> bool:
        """Whether this is a group of criteria (it has members)."""
        return bool(self.children)

    @property
    def source_column(self) -> str:
        """The catalogue column the criterion reads (``column``, else ``name``)."""
        return self.column or self.name

    @property
    def method(self) -> str:
        """The normalisation used: ``"minmax"``, ``"target"``, ``"scale"`` or ``"yesno"`` (``""`` for a group)."""
        if self.children:
            return ""
        if self.kind == "yesno":
            return "yesno"
        if self.normalise is not None:
            return self.normalise
        return "scale" if self.kind == "category" else "minmax"

    def text(self, lang: Language | None = None) -> str:
        """Return the label in ``lang`` (the Indonesian label when there is no English one; the name when no label)."""
        if (lang or get_language()) == "en" and self.label_en:
            return self.label_en
        return self.label or self.name.replace("_", " ")


class Criteria(InputModel):
    """A set of criteria (possibly grouped), with weights: where priorities come from.

    ``Criteria([Criterion(...), ...])`` or with keywords. Weights are given among
    siblings (normalised within each group); :meth:`with_weights` replaces them, e.g. by
    the result of :func:`~targetplan.ahp`.

    Attributes
    ----------
    criteria : sequence of Criterion
        The top level (criteria or groups).
    title, source : str
        What the set is and where it comes from (a regulation, a meeting's minutes).
    year : int, optional
        The year of the source.
    max_priority : float, default 100
        The priority of a programme that scores 1 on every criterion.

    Raises
    ------
    CriteriaValidationError
        With every problem at once: repeated names, weights given to some members of a
        group but not to others, a group whose weights are all zero.

    Examples
    --------
    >>> crit = Criteria([Criterion("dampak", weight=3), Criterion("risiko", direction="lower", weight=1)])
    >>> crit.global_weights().tolist()
    [0.75, 0.25]
    """

    _error = CriteriaValidationError

    criteria: tuple[Criterion, ...]
    title: str = ""
    source: str = ""
    year: int | None = None
    max_priority: float = Field(default=100.0, gt=0, allow_inf_nan=False)

    def __init__(self, criteria: Any = None, /, **data: Any) -> None:
        if criteria is not None:
            data["criteria"] = criteria
        super().__init__(**data)
        self._check_tree()

    def _check_tree(self) -> None:
        """Raise with every problem of the tree: no criteria, repeated names, weights on some members only."""
        failures = Failures()
        if not self.criteria:
            failures.add(None, None, "criteria", None, "there are no criteria", "give at least one Criterion")
        seen: set[str] = set()
        for node, _, _ in self.walk():
            if node.name in seen:
                failures.add(
                    None, None, node.name, node.name, "this name is used twice", "give every criterion its own name"
                )
            seen.add(node.name)
        for parent, members in self._groups():
            where = f"group {parent!r}" if parent else "the top level"
            given = [m.weight is not None for m in members]
            if any(given) and not all(given):
                for m in members:
                    if m.weight is None:
                        failures.add(
                            None,
                            None,
                            m.name,
                            None,
                            f"other criteria of {where} have a weight and this one has none",
                            "give every member of a group a weight, or none (equal weights)",
                        )
            elif all(given) and members and sum(m.weight or 0.0 for m in members) <= 0:
                failures.add(
                    None,
                    None,
                    parent or "criteria",
                    0,
                    f"every weight in {where} is zero",
                    "give at least one criterion of the group a positive weight",
                )
        failures.raise_if_any(CriteriaValidationError, "Criteria")

    # ------------------------------------------------------------------ the tree
    def walk(self) -> Iterator[tuple[Criterion, str, int]]:
        """Yield every criterion, depth first: (criterion, name of its group or ``""``, depth from 0)."""

        def visit(nodes: Sequence[Criterion], parent: str, depth: int) -> Iterator[tuple[Criterion, str, int]]:
            for node in nodes:
                yield node, parent, depth
                yield from visit(node.children, node.name, depth + 1)

        yield from visit(self.criteria, "", 0)

    def _groups(self) -> Iterator[tuple[str, tuple[Criterion, ...]]]:
        yield "", self.criteria
        for node, _, _ in self.walk():
            if node.children:
                yield node.name, node.children

    @property
    def names(self) -> tuple[str, ...]:
        """Names of every criterion and group, depth first."""
        return tuple(node.name for node, _, _ in self.walk())

    @property
    def leaves(self) -> tuple[Criterion, ...]:
        """The criteria that read a catalogue column (every criterion that is not a group)."""
        return tuple(node for node, _, _ in self.walk() if not node.children)

    def find(self, name: str) -> Criterion:
        """Return the criterion (or group) called ``name``.

        Raises
        ------
        ArgumentError
            When there is none (with the closest name).
        """
        for node, _, _ in self.walk():
            if node.name == name:
                return node
        hint = did_you_mean(str(name), list(self.names))
        raise ArgumentError(f"no criterion {name!r}; " + (hint or f"the criteria are {', '.join(self.names)}"))

    def parent_of(self, name: str) -> str:
        """Return the name of the group ``name`` belongs to (``""`` at the top level)."""
        self.find(name)
        return next(parent for node, parent, _ in self.walk() if node.name == name)

    def siblings(self, name: str) -> tuple[Criterion, ...]:
        """Return the members of the group ``name`` belongs to, itself included, in order."""
        parent = self.parent_of(name)
        return self.find(parent).children if parent else self.criteria

    def local_weights(self) -> pd.Series:
        """Return the weight of every criterion within its group (each group sums to 1; equal when none given)."""
        out: dict[str, float] = {}
        for _, members in self._groups():
            raw = np.array([m.weight if m.weight is not None else 1.0 for m in members], dtype=float)
            out.update(zip((m.name for m in members), raw / raw.sum(), strict=True))
        return pd.Series([out[n] for n in self.names], index=pd.Index(self.names, name="criterion"), name="weight")

    def global_weights(self) -> pd.Series:
        """Return the weight of every criterion in the whole set (its weight times its groups'; leaves sum to 1)."""
        local = self.local_weights()
        out: dict[str, float] = {}
        for node, parent, _ in self.walk():
            out[node.name] = float(local[node.name]) * (out[parent] if parent else 1.0)
        return pd.Series(
            [out[n] for n in self.names], index=pd.Index(self.names, name="criterion"), name="global_weight"
        )

    def with_weights(self, weights: Mapping[str, float] | pd.Series | AhpResult | None) -> Criteria:
        """Return the same criteria with the weights of the criteria named in ``weights`` replaced.

        ``weights`` maps criterion (or group) names to weights among their siblings, in
        any unit; an :func:`~targetplan.ahp` result gives its weights. Criteria not named
        keep theirs.

        Raises
        ------
        CriteriaValidationError
            For a name that is not a criterion, a weight that is not a number of at least
            0, or a group left with weights on some members only.
        """
        if weights is None:
            return self
        if isinstance(weights, AhpResult):
            weights = weights.weights
        if isinstance(weights, pd.Series):
            weights = {str(k): v for k, v in weights.items()}
        if not isinstance(weights, Mapping):
            raise ArgumentTypeError(
                f"weights must be a mapping of criterion names to weights, a Series or an ahp() result, "
                f"not {type(weights).__name__}"
            )
        failures = Failures()
        known = list(self.names)
        clean: dict[str, float] = {}
        for name, value in weights.items():
            if name not in known:
                hint = did_you_mean(str(name), known)
                failures.add(
                    None,
                    None,
                    str(name),
                    value,
                    "no criterion of that name",
                    (hint + " " if hint else "") + f"use one of {', '.join(known)}",
                )
                continue
            number = _float(value)
            if not (math.isfinite(number) and number >= 0):
                failures.add(None, None, str(name), value, "a weight must be a number of at least 0", "write e.g. 20")
                continue
            clean[str(name)] = number
        failures.raise_if_any(CriteriaValidationError, "weights")

        def rebuilt(node: Criterion) -> Criterion:
            children = tuple(rebuilt(c) for c in node.children)
            update: dict[str, Any] = {"children": children}
            if node.name in clean:
                update["weight"] = clean[node.name]
            return Criterion(**{**node.model_dump(exclude={"children"}), **update})

        data = self.model_dump(exclude={"criteria"})
        return Criteria(tuple(rebuilt(c) for c in self.criteria), **data)

    # ------------------------------------------------------------------ scores
    def node_scores(self, catalog: Catalog) -> pd.DataFrame:
        """Return every programme's score (0–1) on every criterion and group.

        Returns
        -------
        DataFrame
            Index the programme ids, one column per criterion name (depth first).

        Raises
        ------
        CriteriaValidationError
            With every problem of the catalogue's criteria columns at once: a missing
            column, a cell that is not a number (or yes/no, or a known category), a
            value outside its scale, a negative value with a target.
        """
        failures = Failures()
        leaf_scores = {leaf.name: _leaf_score(catalog, leaf, failures) for leaf in self.leaves}
        failures.raise_if_any(CriteriaValidationError, catalog.source)
        local = self.local_weights()
        scores: dict[str, np.ndarray] = {}

        def value(node: Criterion) -> np.ndarray:
            if not node.children:
                out = leaf_scores[node.name]
            else:
                out = sum((float(local[c.name]) * value(c) for c in node.children), np.zeros(len(catalog)))
            scores[node.name] = out
            return out

        for node in self.criteria:
            value(node)
        return pd.DataFrame({n: scores[n] for n in self.names}, index=pd.Index(catalog.ids, name="id"))

    def priority_line(self, scores: pd.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the priorities as a straight line in one criterion's weight: ``priority(t) = a + t b``.

        ``t`` is the weight of ``name`` within its group; the other members of the group
        keep their proportions and share ``1 - t`` (equally, when they all weigh 0).

        Parameters
        ----------
        scores : DataFrame
            :meth:`node_scores` of the catalogue.
        name : str
            A criterion or group.

        Returns
        -------
        (a, b) : arrays in catalogue order
        """
        local = self.local_weights()
        glob = self.global_weights()
        parent = self.parent_of(name)
        group_weight = float(glob[parent]) if parent else 1.0
        members = [m.name for m in self.siblings(name)]
        others = [m for m in members if m != name]
        s = scores.to_numpy(dtype=float)
        col = {n: k for k, n in enumerate(scores.columns)}
        share = 1.0 - float(local[name])
        if not others:
            rest_mean = np.zeros(len(scores))
        elif share > 1e-12:
            rest_mean = sum(float(local[m]) * s[:, col[m]] for m in others) / share
        else:
            rest_mean = s[:, [col[m] for m in others]].mean(axis=1)
        group_now = sum(float(local[m]) * s[:, col[m]] for m in members)
        now = self.max_priority * sum(float(glob[leaf.name]) * s[:, col[leaf.name]] for leaf in self.leaves)
        outside = now - self.max_priority * group_weight * group_now
        a = outside + self.max_priority * group_weight * rest_mean
        b = self.max_priority * group_weight * (s[:, col[name]] - rest_mean)
        return np.asarray(a, dtype=float), np.asarray(b, dtype=float)

    def breakdown(self, catalog: Catalog) -> pd.DataFrame:
        """Return the score breakdown of a catalogue made by :func:`score` with these criteria.

        Returns
        -------
        DataFrame
            Index ``id``; ``priority``, then ``score_<name>`` for every criterion and group
            and ``points_<name>`` for every criterion that reads a column.

        Raises
        ------
        ArgumentError
            When the catalogue was not scored with these criteria.
        """
        wanted = [f"{SCORE_PREFIX}{n}" for n in self.names] + [f"{POINTS_PREFIX}{leaf.name}" for leaf in self.leaves]
        missing = [c for c in wanted if c not in catalog.columns]
        if missing:
            raise ArgumentError(
                f"the catalogue has no column {missing[0]!r}: it was not scored with these criteria; "
                "make it with tp.score(catalog, criteria)"
            )
        frame = catalog.to_frame().set_index("id")
        return frame[["priority", *wanted]]

    # ------------------------------------------------------------------ views
    def to_frame(self) -> pd.DataFrame:
        """Return one row per criterion and group: label, group, depth, column, kind, direction, weights."""
        local, glob = self.local_weights(), self.global_weights()
        rows = []
        for node, parent, depth in self.walk():
            rows.append(
                {
                    "criterion": node.name,
                    "label": node.text("id"),
                    "group": parent,
                    "depth": depth,
                    "column": "" if node.children else node.source_column,
                    "kind": "" if node.children else node.kind,
                    "direction": "" if node.children else node.direction,
                    "normalise": node.method,
                    "weight": float(local[node.name]),
                    "global_weight": float(glob[node.name]),
                }
            )
        return pd.DataFrame(rows).set_index("criterion")

    def __repr__(self) -> str:
        shown = ", ".join(f"{n} {w:.0%}" for n, w in self.local_weights()[[c.name for c in self.criteria]].items())
        title = f"{self.title}: " if self.title else ""
        return f"Criteria({title}{shown})"

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        lang = get_language()
        head = " ".join(p for p in (self.source, str(self.year or "")) if p)
        return render_html(repr(self), head, {"criteria": self.to_frame()}, lang)


Criterion.model_rebuild()


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _leaf_score(catalog: Catalog, leaf: Criterion, failures: Failures) -> np.ndarray:
    """Return one criterion's scores (0–1) in catalogue order; problems go to ``failures`` (then zeros)."""
    n = len(catalog)
    column = leaf.source_column
    if column not in catalog.columns:
        hint = did_you_mean(column, list(catalog.extra_columns) or list(catalog.columns))
        fix = (hint + " " if hint else "") + (
            "add the column to the catalogue, or name the column with Criterion(..., column=...)"
        )
        if catalogue_column(column) != column:  # e.g. 'wajib' is read as the catalogue's 'mandatory'
            fix = (
                f"the catalogue reads a column {column!r} as its own {catalogue_column(column)!r}: give the "
                f"criterion column another name (e.g. '{column}_skor') and name it with Criterion(..., column=...)"
            )
        failures.add(
            None, None, column, None, f"the catalogue has no column {column!r} for criterion {leaf.name!r}", fix
        )
        return np.zeros(n)
    raw = pd.Series(catalog.column(column).to_numpy(), index=catalog.row_labels)
    ids = catalog.ids
    before = len(failures)
    if leaf.kind == "yesno":
        values, bad = parse_bools(raw)
        for row in raw.index[bad.to_numpy()]:
            k = raw.index.get_loc(row)
            failures.add(row, ids[k], column, raw[row], "not yes/no", "write yes/no, true/false, ya/tidak or 1/0")
        out = values.to_numpy(dtype=float)
        return 1.0 - out if leaf.direction == "lower" else out
    if leaf.kind == "category":
        assert leaf.categories is not None
        table = {str(k).strip().lower(): float(v) for k, v in leaf.categories.items()}
        cells = [str(v).strip() if not _blank(v) else "" for v in raw.tolist()]
        numbers = np.zeros(n)
        for k, (row, cell) in enumerate(zip(raw.index, cells, strict=True)):
            if cell.lower() in table:
                numbers[k] = table[cell.lower()]
            else:
                failures.add(
                    row,
                    ids[k],
                    column,
                    cell or None,
                    "no category given" if not cell else "not one of the categories",
                    f"write one of {', '.join(leaf.categories)}",
                )
        scores = values_to_scores(numbers, leaf, scale=leaf.scale or (min(table.values()), max(table.values())))
    else:
        parsed, bad = parse_numbers(raw)
        numbers = parsed.to_numpy(dtype=float)
        for k, row in enumerate(raw.index):
            if bad.iloc[k]:
                failures.add(row, ids[k], column, raw[row], "not a number", "write a number (a decimal comma is fine)")
            elif math.isnan(numbers[k]):
                failures.add(
                    row,
                    ids[k],
                    column,
                    None,
                    f"no value for criterion {leaf.name!r}",
                    "give a value (the lowest value of the scale if the programme does nothing for it)",
                )
        ok = np.isfinite(numbers)
        if leaf.method == "scale":
            assert leaf.scale is not None
            low, high = leaf.scale
            for k in np.flatnonzero(ok & ((numbers < low) | (numbers > high))):
                row = raw.index[k]
                failures.add(
                    row,
                    ids[k],
                    column,
                    numbers[k],
                    f"outside the scale {low:g} to {high:g} of criterion {leaf.name!r}",
                    f"write a value from {low:g} to {high:g}, or widen the criterion's scale",
                )
        if leaf.method == "target":
            for k in np.flatnonzero(ok & (numbers < 0)):
                row = raw.index[k]
                failures.add(
                    row,
                    ids[k],
                    column,
                    numbers[k],
                    f"a negative value cannot be measured against the target of {leaf.name!r}",
                    "write a value of 0 or more",
                )
        if len(failures) > before:
            return np.zeros(n)
        scores = values_to_scores(numbers, leaf, scale=leaf.scale)
    return scores


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def values_to_scores(values: np.ndarray, leaf: Criterion, scale: tuple[float, float] | None = None) -> np.ndarray:
    """Normalise one criterion's values to 0–1 (1 best) by its method and direction.

    Examples
    --------
    >>> values_to_scores(np.array([1.0, 3.0, 5.0]), Criterion("x")).tolist()
    [0.0, 0.5, 1.0]
    >>> values_to_scores(np.array([50.0, 100.0, 200.0]), Criterion("y", normalise="target", target=100)).tolist()
    [0.5, 1.0, 1.0]
    """
    values = np.asarray(values, dtype=float)
    lower = leaf.direction == "lower"
    method = leaf.method
    if method == "target":
        assert leaf.target is not None
        target = leaf.target
        if lower:
            with np.errstate(divide="ignore"):
                return np.where(values <= target, 1.0, target / np.where(values > 0, values, 1.0))
        return np.minimum(values / target, 1.0)
    if method == "scale":
        assert scale is not None
        low, high = scale
    else:
        low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
        if high - low <= 0:
            return np.ones_like(values)
    out = np.clip((values - low) / (high - low), 0.0, 1.0)
    return 1.0 - out if lower else out


def score(catalog: Catalog, criteria: Criteria | Sequence[Criterion], weights: Any = None) -> Catalog:
    """Return a new catalogue whose ``priority`` comes from the criteria, with the breakdown as columns.

    Parameters
    ----------
    catalog : Catalog
        The catalogue; it has a column for every criterion (see :class:`Criterion`). It
        is not changed.
    criteria : Criteria or sequence of Criterion
    weights : mapping, Series or AhpResult, optional
        Weights replacing those of the criteria (see :meth:`Criteria.with_weights`).

    Returns
    -------
    Catalog
        The same programmes with ``priority`` = ``max_priority`` × Σ global weight ×
        score, and the columns ``score_<name>`` (0–1, every criterion and group) and
        ``points_<name>`` (weighted points, every criterion that reads a column; they add
        up to the priority). Breakdown columns of an earlier scoring are dropped.

    Raises
    ------
    CriteriaValidationError
        With every problem of the criteria columns or the weights.

    Examples
    --------
    >>> import pandas as pd
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_frame(pd.DataFrame({
    ...     "id": ["A", "B", "C"], "name": ["a", "b", "c"], "priority": 0, "cost_2024": 1e9,
    ...     "dampak": [1, 3, 5], "amanat_uu": ["ya", "tidak", "tidak"]}))
    >>> crit = tp.Criteria([tp.Criterion("dampak", normalise="scale", scale=(1, 5), weight=3),
    ...                     tp.Criterion("amanat_uu", kind="yesno", weight=1)])
    >>> scored = tp.score(cat, crit)
    >>> scored.values("priority").tolist()
    [25.0, 37.5, 75.0]
    >>> tp.criteria_breakdown(scored).loc["B", ["score_dampak", "points_dampak", "points_amanat_uu"]].tolist()
    [0.5, 37.5, 0.0]
    """
    if not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            f"catalog must be a Catalog, not {type(catalog).__name__}; use tp.read_catalog(path) or "
            "tp.Catalog.from_frame(df)"
        )
    criteria = as_criteria(criteria)
    chosen = criteria.with_weights(weights)
    scores = chosen.node_scores(catalog)
    glob = chosen.global_weights()
    frame = catalog.to_frame()
    stale = [c for c in frame.columns if str(c).startswith((SCORE_PREFIX, POINTS_PREFIX))]
    frame = frame.drop(columns=stale)
    points = {
        f"{POINTS_PREFIX}{leaf.name}": chosen.max_priority * float(glob[leaf.name]) * scores[leaf.name].to_numpy()
        for leaf in chosen.leaves
    }
    priority = np.sum(list(points.values()), axis=0) if points else np.zeros(len(catalog))
    columns: dict[str, Any] = {"priority": np.maximum(priority, 0.0)}
    columns.update({f"{SCORE_PREFIX}{n}": scores[n].to_numpy() for n in chosen.names})
    columns.update(points)
    frame = frame.assign(**columns)
    return Catalog.from_frame(frame, horizon=catalog.horizon, source=catalog.source)


def as_criteria(criteria: Any) -> Criteria:
    """Return ``criteria`` as :class:`Criteria` (a list of :class:`Criterion` is wrapped)."""
    if isinstance(criteria, Criteria):
        return criteria
    if isinstance(criteria, list | tuple) and all(isinstance(c, Criterion) for c in criteria) and criteria:
        return Criteria(tuple(criteria))
    raise ArgumentTypeError(
        f"criteria must be a Criteria (or a list of Criterion), not {type(criteria).__name__}; "
        "e.g. tp.Criteria([tp.Criterion('dampak'), ...]) or tp.criteria.pemdi()"
    )


def criteria_breakdown(catalog: Catalog) -> pd.DataFrame:
    """Return the score breakdown kept in a catalogue made by :func:`score`.

    Returns
    -------
    DataFrame
        Index ``id``; ``priority`` and every ``score_<name>`` and ``points_<name>`` column,
        in the catalogue's order.

    Raises
    ------
    ArgumentError
        When the catalogue has no breakdown (it was not made by :func:`score`).

    Examples
    --------
    >>> import pandas as pd
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_frame(pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": 0,
    ...                                           "cost_2024": 1e9, "dampak": [2, 4]}))
    >>> tp.criteria_breakdown(tp.score(cat, [tp.Criterion("dampak")]))
        priority  score_dampak  points_dampak
    id
    A        0.0           0.0            0.0
    B      100.0           1.0          100.0
    """
    columns = [c for c in catalog.columns if c.startswith((SCORE_PREFIX, POINTS_PREFIX))]
    if not columns:
        raise ArgumentError(
            "the catalogue has no score breakdown (score_* and points_* columns); make it with "
            "tp.score(catalog, criteria, weights)"
        )
    return catalog.to_frame().set_index("id")[["priority", *columns]]
