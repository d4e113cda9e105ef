"""Example data shipped with targetplan.

The ``bogor`` data set is **illustrative**: a Smart City / SPBE catalogue shaped like
the public plans of Kota Bogor for 2022-2027, with invented figures. It is not official.

Examples
--------
>>> import targetplan as tp
>>> ex = tp.load_example("bogor")
>>> len(ex.catalog), ex.budget.years[0]
(50, 2022)
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from ..exceptions import ArgumentError
from ..inputs.budget import Budget, read_budget
from ..inputs.catalog import Catalog, read_catalog

__all__ = ["Example", "example_path", "load_example"]

_EXAMPLES = ("bogor",)


@dataclass(frozen=True)
class Example:
    """An example data set: catalogue, budget and the tables around them."""

    name: str
    catalog: Catalog
    budget: Budget
    previous: pd.DataFrame
    realisation: pd.DataFrame
    folder: Path

    def __repr__(self) -> str:
        return f"Example({self.name!r}: {self.catalog!r}, {self.budget!r})"


def example_path(name: str = "bogor", filename: str | None = None) -> Path:
    """Path of an example folder, or of one file inside it.

    Examples
    --------
    >>> example_path("bogor", "programs.csv").name
    'programs.csv'
    """
    if name not in _EXAMPLES:
        raise ArgumentError(f"unknown example {name!r}; available: {', '.join(_EXAMPLES)}")
    folder = Path(str(resources.files(__package__).joinpath(name)))
    if filename is None:
        return folder
    path = folder / filename
    if not path.exists():
        files = sorted(p.name for p in folder.iterdir() if p.is_file())
        raise ArgumentError(f"the example {name!r} has no file {filename!r}; files: {', '.join(files)}")
    return path


def load_example(name: str = "bogor") -> Example:
    """Load an example data set (catalogue, budget with its limits, previous masterplan, realisation)."""
    folder = example_path(name)
    catalog = read_catalog(folder / "programs.csv")
    budget = read_budget(folder / "budget.csv", limits=folder / "limits.csv")
    previous = pd.read_csv(folder / "previous_masterplan.csv", dtype={"id": str})
    realisation = pd.read_csv(folder / "realisation.csv", dtype={"id": str})
    return Example(name, catalog, budget, previous, realisation, folder)
