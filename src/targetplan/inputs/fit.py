"""Whether the inputs fit each other: the budget and the policy against the catalogue.

Each input is valid on its own when it is made; :func:`check_fit` checks what only the
three together can tell — the ceilings cover the catalogue's years, group limits and count
caps name columns and groups the catalogue has, funding sources are named by some
programme, earmarks do not forbid what the catalogue asks. It runs before a model is
built; every problem of the budget is reported at once, then every problem of the policy.
"""

from __future__ import annotations

import difflib

import numpy as np

from ..exceptions import BudgetValidationError, PolicyValidationError
from .budget import Budget
from .catalog import Catalog
from .collect import Failures
from .policy import Policy
from .tables import did_you_mean

__all__ = ["check_fit"]


def check_fit(catalog: Catalog, budget: Budget, policy: Policy) -> None:
    """Raise when the budget or the policy does not fit the catalogue.

    Raises
    ------
    BudgetValidationError
        With every problem of the budget against the catalogue.
    PolicyValidationError
        With every problem of the policy against the catalogue's horizon and columns.
    """
    failures = Failures()
    ceiling_years(catalog, budget, failures)
    group_limits(catalog, budget, failures)
    source_ceilings(catalog, budget, failures)
    earmarks(catalog, budget, failures)
    failures.raise_if_any(BudgetValidationError, "budget vs catalogue")
    policy.check_horizon(catalog.years)
    failures = Failures()
    count_caps(catalog, policy, failures)
    failures.raise_if_any(PolicyValidationError, "policy vs catalogue")


def ceiling_years(catalog: Catalog, budget: Budget, failures: Failures) -> None:
    """Every catalogue year has a ceiling, and no ceiling is for a year outside the catalogue."""
    years = catalog.years
    missing = [y for y in years if y not in budget.ceilings]
    extra = [y for y in budget.years if y not in years]
    if missing:
        failures.add(
            None,
            None,
            "year",
            missing,
            f"no ceiling for the catalogue years {missing}",
            f"give a ceiling for every year {years[0]}-{years[-1]}",
        )
    if extra:
        failures.add(
            None,
            None,
            "year",
            extra,
            f"ceilings for years outside the catalogue horizon {years[0]}-{years[-1]}",
            "remove those years, or add cost columns for them (or pass horizon= to read_catalog)",
        )


def group_limits(catalog: Catalog, budget: Budget, failures: Failures) -> None:
    """Each group limit names a catalogue column, a group some programme is in, and a horizon year."""
    years = catalog.years
    for i, lim in enumerate(budget.limits):
        if lim.group_by not in catalog.columns:
            failures.add(
                i,
                None,
                "group_by",
                lim.group_by,
                f"the catalogue has no column {lim.group_by!r} "
                f"{did_you_mean(lim.group_by, list(catalog.columns))}".strip(),
                "group by a catalogue column such as dimension or agency",
            )
            continue
        values = sorted(set(catalog.text(lim.group_by)))
        if lim.group not in values:
            failures.add(
                i,
                None,
                "group",
                lim.group,
                f"no programme has {lim.group_by} = {lim.group!r} {did_you_mean(lim.group, values)}".strip(),
                f"use one of: {', '.join(values[:12])}",
            )
        if lim.year is not None and lim.year not in years:
            failures.add(
                i,
                None,
                "year",
                lim.year,
                f"limit for a year outside the horizon {years[0]}-{years[-1]}",
                "use a horizon year, or leave year blank for every year",
            )


def source_ceilings(catalog: Catalog, budget: Budget, failures: Failures) -> None:
    """Each funding source with a ceiling is named by some programme, for the catalogue's years only."""
    years = catalog.years
    for source, by_year in budget.source_ceilings.items():
        if source not in catalog.sources:
            close = difflib.get_close_matches(source, list(catalog.sources), n=1, cutoff=0.6)
            failures.add(
                None,
                None,
                "source_ceilings",
                source,
                f"a ceiling for the funding source {source}, which no programme names "
                f"(sources in the catalogue: {', '.join(catalog.sources) or 'none'})",
                f"check the spelling (did you mean '{close[0]}'?)"
                if close
                else "name the source in cost_<YYYY>_<SOURCE> columns, or remove its ceiling",
            )
            continue
        outside = sorted(set(by_year) - set(years))
        if outside:
            failures.add(
                None,
                None,
                "source_ceilings",
                outside,
                f"source {source} has ceilings for years outside {years[0]}-{years[-1]}",
                "give source ceilings for the catalogue's years only",
            )


def earmarks(catalog: Catalog, budget: Budget, failures: Failures) -> None:
    """Check that a source earmarked for some programmes pays for no other programme."""
    ids = catalog.ids
    rows = catalog.row_labels
    for source, rules in budget.earmarks.items():
        paid = catalog.source_cost_matrix(source).sum(axis=1) > 0
        for column, allowed in rules.items():
            if column not in catalog.columns:
                failures.add(
                    None,
                    None,
                    "earmarks",
                    column,
                    f"earmark of {source} names a column the catalogue does not have",
                    "restrict a source by a catalogue column such as dimension or agency",
                )
                continue
            values = catalog.text(column)
            for k in np.flatnonzero(paid & ~np.isin(values, list(allowed))).tolist():
                failures.add(
                    rows[k],
                    ids[k],
                    f"cost_<year>_{source}",
                    values[k],
                    f"paid from {source}, which may only pay for {column} {', '.join(allowed)}",
                    f"pay it from another source, or widen the earmark of {source}",
                )


def count_caps(catalog: Catalog, policy: Policy, failures: Failures) -> None:
    """Each count cap groups by a catalogue column, names a group some programme is in, and a horizon year."""
    years = catalog.years
    for cap in policy.count_caps:
        if cap.group_by is not None and cap.group_by not in catalog.columns:
            failures.add(
                None,
                None,
                "count_caps",
                cap.group_by,
                f"a count cap groups by {cap.group_by!r}, which the catalogue does not have",
                "group by a catalogue column such as agency or dimension",
            )
        elif cap.group is not None and cap.group_by is not None and cap.group not in set(catalog.text(cap.group_by)):
            failures.add(
                None,
                None,
                "count_caps",
                cap.group,
                f"no programme has {cap.group_by} = {cap.group!r}",
                "use a value of that column",
            )
        if cap.year is not None and cap.year not in years:
            failures.add(
                None,
                None,
                "count_caps",
                cap.year,
                f"a count cap for a year outside {years[0]}-{years[-1]}",
                "use a horizon year, or none for every year",
            )
