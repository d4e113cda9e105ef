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
from .budget import Budget, year_spans
from .catalog import Catalog
from .collect import Failures
from .policy import Policy
from .tables import did_you_mean_pair

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
    files = sorted({lim.origin[0] for lim in budget.limits if lim.origin is not None})
    against = f"{' + '.join(['budget', *files])} vs {catalog.source}"
    failures.raise_if_any(BudgetValidationError, against)
    policy.check_horizon(catalog.years)
    failures = Failures()
    count_caps(catalog, policy, failures)
    failures.raise_if_any(PolicyValidationError, f"policy vs {catalog.source}")


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
            year_spans(missing),
            (
                f"tidak ada pagu untuk tahun katalog {year_spans(missing)}",
                f"no ceiling for the catalogue years {year_spans(missing)}",
            ),
            (
                f"beri pagu untuk setiap tahun {years[0]}-{years[-1]}",
                f"give a ceiling for every year {years[0]}-{years[-1]}",
            ),
        )
    if extra:
        failures.add(
            None,
            None,
            "year",
            year_spans(extra),
            (
                f"pagu untuk tahun di luar horizon katalog {years[0]}-{years[-1]}",
                f"ceilings for years outside the catalogue horizon {years[0]}-{years[-1]}",
            ),
            (
                "hapus tahun-tahun itu, atau tambahkan kolom biayanya (atau berikan horizon= ke read_catalog)",
                "remove those years, or add cost columns for them (or pass horizon= to read_catalog)",
            ),
        )


def group_limits(catalog: Catalog, budget: Budget, failures: Failures) -> None:
    """Each group limit names a catalogue column, a group some programme is in, and a horizon year.

    A limit read from a file is named by its file and spreadsheet row; one given in code by
    its position in ``budget.limits`` (``limits[0]``).
    """
    years = catalog.years
    for i, lim in enumerate(budget.limits):
        row = f"{lim.origin[0]}:{lim.origin[1]}" if lim.origin is not None else f"limits[{i}]"
        if lim.group_by not in catalog.columns:
            hint = did_you_mean_pair(lim.group_by, list(catalog.columns))
            failures.add(
                row,
                None,
                "group_by",
                lim.group_by,
                (
                    f"katalog tidak punya kolom {lim.group_by!r} {hint[0]}".strip(),
                    f"the catalogue has no column {lim.group_by!r} {hint[1]}".strip(),
                ),
                (
                    "kelompokkan menurut kolom katalog seperti dimension atau agency",
                    "group by a catalogue column such as dimension or agency",
                ),
            )
            continue
        values = sorted(set(catalog.text(lim.group_by)))
        if lim.group not in values:
            hint = did_you_mean_pair(lim.group, values)
            failures.add(
                row,
                None,
                "group",
                lim.group,
                (
                    f"tidak ada program dengan {lim.group_by} = {lim.group!r} {hint[0]}".strip(),
                    f"no programme has {lim.group_by} = {lim.group!r} {hint[1]}".strip(),
                ),
                (f"gunakan salah satu dari: {', '.join(values[:12])}", f"use one of: {', '.join(values[:12])}"),
            )
        if lim.year is not None and lim.year not in years:
            failures.add(
                row,
                None,
                "year",
                lim.year,
                (
                    f"batas untuk tahun di luar horizon {years[0]}-{years[-1]}",
                    f"limit for a year outside the horizon {years[0]}-{years[-1]}",
                ),
                (
                    "gunakan tahun horizon, atau kosongkan untuk setiap tahun",
                    "use a horizon year, or leave year blank for every year",
                ),
            )


def source_ceilings(catalog: Catalog, budget: Budget, failures: Failures) -> None:
    """Each funding source with a ceiling is named by some programme, for the catalogue's years only."""
    years = catalog.years
    for source, by_year in budget.source_ceilings.items():
        if catalog.source_name(source) is None:
            close = difflib.get_close_matches(source, list(catalog.sources), n=1, cutoff=0.6)
            named = ", ".join(catalog.sources)
            failures.add(
                None,
                None,
                "source_ceilings",
                source,
                (
                    f"pagu untuk sumber dana {source}, yang tidak disebut program mana pun "
                    f"(sumber dana di katalog: {named or 'tidak ada'})",
                    f"a ceiling for the funding source {source}, which no programme names "
                    f"(sources in the catalogue: {named or 'none'})",
                ),
                (f"periksa ejaannya (maksudnya '{close[0]}'?)", f"check the spelling (did you mean '{close[0]}'?)")
                if close
                else (
                    "sebut sumber itu di kolom cost_<TTTT>_<SUMBER>, atau hapus pagunya",
                    "name the source in cost_<YYYY>_<SOURCE> columns, or remove its ceiling",
                ),
            )
            continue
        outside = sorted(set(by_year) - set(years))
        if outside:
            failures.add(
                None,
                None,
                "source_ceilings",
                year_spans(outside),
                (
                    f"sumber {source} punya pagu untuk tahun di luar {years[0]}-{years[-1]}",
                    f"source {source} has ceilings for years outside {years[0]}-{years[-1]}",
                ),
                (
                    "beri pagu sumber dana hanya untuk tahun katalog",
                    "give source ceilings for the catalogue's years only",
                ),
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
                    (
                        f"peruntukan {source} menyebut kolom yang tidak ada di katalog",
                        f"earmark of {source} names a column the catalogue does not have",
                    ),
                    (
                        "batasi sumber dana menurut kolom katalog seperti dimension atau agency",
                        "restrict a source by a catalogue column such as dimension or agency",
                    ),
                )
                continue
            values = catalog.text(column)
            for k in np.flatnonzero(paid & ~np.isin(values, list(allowed))).tolist():
                failures.add(
                    rows[k],
                    ids[k],
                    f"cost_<year>_{source}",
                    values[k],
                    (
                        f"dibayar dari {source}, yang hanya boleh membiayai {column} {', '.join(allowed)}",
                        f"paid from {source}, which may only pay for {column} {', '.join(allowed)}",
                    ),
                    (
                        f"bayar dari sumber lain, atau perluas peruntukan {source}",
                        f"pay it from another source, or widen the earmark of {source}",
                    ),
                )


def count_caps(catalog: Catalog, policy: Policy, failures: Failures) -> None:
    """Each count cap groups by a catalogue column, names a group some programme is in, and a horizon year."""
    years = catalog.years
    for i, cap in enumerate(policy.count_caps):
        where = f"count_caps[{i}]"
        if cap.group_by is not None and cap.group_by not in catalog.columns:
            failures.add(
                where,
                None,
                "group_by",
                cap.group_by,
                (
                    f"batas jumlah program mengelompokkan menurut {cap.group_by!r}, yang tidak ada di katalog",
                    f"a count cap groups by {cap.group_by!r}, which the catalogue does not have",
                ),
                (
                    "kelompokkan menurut kolom katalog seperti agency atau dimension",
                    "group by a catalogue column such as agency or dimension",
                ),
            )
        elif cap.group is not None and cap.group_by is not None and cap.group not in set(catalog.text(cap.group_by)):
            failures.add(
                where,
                None,
                "group",
                cap.group,
                (
                    f"tidak ada program dengan {cap.group_by} = {cap.group!r}",
                    f"no programme has {cap.group_by} = {cap.group!r}",
                ),
                ("gunakan nilai dari kolom itu", "use a value of that column"),
            )
        if cap.year is not None and cap.year not in years:
            failures.add(
                where,
                None,
                "year",
                cap.year,
                (
                    f"batas jumlah program untuk tahun di luar {years[0]}-{years[-1]}",
                    f"a count cap for a year outside {years[0]}-{years[-1]}",
                ),
                (
                    "gunakan tahun horizon, atau kosongkan untuk setiap tahun",
                    "use a horizon year, or none for every year",
                ),
            )
