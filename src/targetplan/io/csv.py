"""A plan's tables as CSV files, for other programs: one UTF-8 file per table, each written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import ArgumentError
from .files import atomic_path, escape_text

if TYPE_CHECKING:
    from ..results.plan import Plan

__all__ = ["write_csv"]


def write_csv(plan: Plan, folder: str | Path, *, escape_formulas: bool = True) -> dict[str, Path]:
    """Write the plan's tables as UTF-8 CSV files in ``folder``, each atomically.

    Files: ``selection.csv``, ``levels.csv``, ``targets.csv``, ``costs.csv`` (id × year)
    and ``yearly.csv`` (budget use per year), with the API column names, comma separated
    with CRLF line ends (RFC 4180); rows are in order of programme id, so the same plan
    always gives the same bytes, whatever the row order of its catalogue.

    Parameters
    ----------
    plan : Plan
    folder : str or Path
        Created if needed; files of the same names are replaced.
    escape_formulas : bool, default True
        Prefix text cells that start with ``=``, ``+``, ``-``, ``@``, tab or carriage
        return with ``'`` so that a spreadsheet opening the file shows them as text
        instead of running them (CSV injection). Numbers are never changed.

    Returns
    -------
    dict of str to Path
        Table name → file written.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ArgumentError(f"{target} is a file; CSV tables go into a folder: give a folder path")
    # Rows by programme id (not catalogue order): the same plan from a catalogue with its rows in
    # another order gives the same bytes.
    by_id = sorted(plan.catalog.ids)
    tables = {
        "selection": plan.selection.reindex(by_id) if plan.is_ok else plan.selection,
        "levels": plan.levels.reindex(by_id),
        "targets": plan.targets.reindex(by_id),
        "costs": plan.costs.reindex(by_id),
        "yearly": plan.yearly,
    }
    # Every table is rendered before any file is replaced, so a failure leaves the folder as it was.
    texts = {
        # CRLF as RFC 4180 says; it also makes the csv module quote text holding a lone "\r".
        name: (escape_text(table) if escape_formulas else table).to_csv(lineterminator="\r\n")
        for name, table in tables.items()
    }
    written: dict[str, Path] = {}
    for name, text in texts.items():
        path = target / f"{name}.csv"
        with atomic_path(path) as tmp:
            tmp.write_bytes(text.encode("utf-8"))
        written[name] = path
    return written
