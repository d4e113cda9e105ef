"""Files for people and for other programs: workbooks, CSV tables, safe (atomic) writing.

The writers read what they are given (a plan, its reports, a study) and import nothing
of the layers that make them, so that every result can offer ``to_excel()`` /
``to_csv()`` by calling down. Plan files (JSON) belong to the plan itself:
:mod:`targetplan.results.serialise`.
"""

from __future__ import annotations

from .csv import write_csv
from .excel import write_excel, write_study
from .files import FORMULA_STARTS, atomic_path, escape_text
from .workbook import MoneyUnit, Sheet, Workbook

__all__ = [
    "FORMULA_STARTS",
    "MoneyUnit",
    "Sheet",
    "Workbook",
    "atomic_path",
    "escape_text",
    "write_csv",
    "write_excel",
    "write_study",
]
