"""Plan files' values and tables as JSON: exactly, deterministically, and checked when read.

A table is ``{"index", "columns", "dtypes", "data"}`` with one list of values per column;
in typed columns ``null`` is the column's missing value and ``"Infinity"`` /
``"-Infinity"`` stand for infinite floats. Values of text-and-anything (object) columns,
options and scalar results are plain JSON, except ``{"tuple": [...]}``,
``{"dict": {...}}``, ``{"float": "nan" | "inf" | "-inf"}`` and ``{"na": true}``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, model_validator

from ..exceptions import PlanFileError, UnsupportedValueError
from ..inputs.collect import Failures, Text
from ..text.language import Pair, get_language

__all__ = [
    "AxisDoc",
    "Doc",
    "TableDoc",
    "decode_value",
    "dumps",
    "encode_value",
    "plan_error",
    "problem",
    "table_from_json",
    "table_to_json",
]

#: The fix of every problem in a plan file.
PLAN_FILE_FIX: Pair = (
    "berikan berkas yang ditulis Plan.to_json() (atau targetplan plan --out plan.json), tanpa disunting",
    "give a file written by Plan.to_json() (or targetplan plan --out plan.json), unedited",
)


def problem(where: str | None, what: Text, fix: Text = "", value: Any = None) -> dict[str, Any]:
    """One problem of a plan file, as a ``failure_cases`` record (texts in both languages, or one)."""
    return {"row": None, "id": None, "column": where, "value": value, "problem": what, "fix": fix or PLAN_FILE_FIX}


def plan_error(rows: list[dict[str, Any]], source: str) -> PlanFileError:
    """Return a :class:`~targetplan.exceptions.PlanFileError` in the report language."""
    return PlanFileError(rows, source, lang=get_language())


def dumps(data: dict[str, Any]) -> str:
    """JSON with sorted keys and shortest round-trip floats: the same data always gives the same bytes."""
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


_STR_NAMES = ("str", "string", "string[python]", "string[pyarrow]", "string[pyarrow_numpy]")


def encode_value(value: Any) -> Any:
    """Encode one value of an object column, an option or a scalar result (see the module docstring)."""
    if value is None:
        return None
    if value is pd.NA:
        return {"na": True}
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return {"float": "nan"}
        if math.isinf(v):
            return {"float": "inf" if v > 0 else "-inf"}
        return v
    if isinstance(value, str):
        return str.__str__(value)  # a StrEnum member as its plain value
    if isinstance(value, tuple):
        return {"tuple": [encode_value(v) for v in value]}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode_value(v) for k, v in value.items()}}
    raise UnsupportedValueError(type(value).__name__)


_SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def decode_value(value: Any) -> Any:
    """Inverse of :func:`encode_value`; raises ``ValueError`` on anything it did not write."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        (tag, inner), *_ = value.items()
        if tag == "na" and inner is True:
            return pd.NA
        if tag == "float" and inner in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[inner]
        if tag == "tuple" and isinstance(inner, list):
            return tuple(decode_value(v) for v in inner)
        if tag == "dict" and isinstance(inner, dict):
            return {k: decode_value(v) for k, v in inner.items()}
    raise ValueError(f"unknown value {json.dumps(value)[:60]}")


def _kind(dtype: Any) -> str:
    """How a column of this dtype is written: float, int, bool, str, object or unsupported."""
    if isinstance(dtype, pd.StringDtype):
        return "str"
    if isinstance(dtype, pd.CategoricalDtype):
        return "unsupported"
    if isinstance(dtype, np.dtype) and dtype == np.dtype(object):
        return "object"
    kind = getattr(dtype, "kind", "")
    return {"b": "bool", "i": "int", "u": "int", "f": "float"}.get(kind, "unsupported")


def dtype_from_name(name: str) -> Any:
    if name in _STR_NAMES:
        if name == "str" and int(pd.__version__.split(".")[0]) < 3:
            return np.dtype(object)  # pandas 2 keeps text in object columns
        return pd.api.types.pandas_dtype(name)
    try:
        dtype = pd.api.types.pandas_dtype(name)
    except (TypeError, ValueError):
        raise ValueError(f"unknown column type {str(name)[:40]!r}") from None
    if _kind(dtype) == "unsupported":
        raise ValueError(f"unsupported column type {name!r}")
    return dtype


def _float_to_json(v: float) -> Any:
    if math.isnan(v):
        return None
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return float(v)


def values_to_json(values: pd.Series | pd.Index, where: str) -> tuple[str, list[Any]]:
    dtype = values.dtype
    kind = _kind(dtype)
    items = values.tolist()
    if kind == "float":
        out = [None if v is pd.NA else _float_to_json(float(v)) for v in items]
    elif kind == "int":
        out = [None if v is pd.NA else int(v) for v in items]
    elif kind == "bool":
        out = [None if v is pd.NA else bool(v) for v in items]
    elif kind == "str":
        out = [str.__str__(v) if isinstance(v, str) else None for v in items]
    elif kind == "object":
        try:
            out = [encode_value(v) for v in items]
        except UnsupportedValueError as exc:
            raise UnsupportedValueError(
                f"{where} holds {exc} values, which a plan file cannot hold; "
                "convert the column to text or numbers before saving the plan"
            ) from None
    else:
        raise UnsupportedValueError(
            f"{where} has the type {dtype}, which a plan file cannot hold; "
            "convert the column to text or numbers before saving the plan"
        )
    name = "str" if isinstance(dtype, pd.StringDtype) and dtype.na_value is not pd.NA else str(dtype)
    return name, out


def values_from_json(dtype_name: str, values: list[Any]) -> Any:
    """Return an array of the given dtype; raise ``ValueError`` naming the first bad value."""
    dtype = dtype_from_name(dtype_name)
    kind = _kind(dtype)
    masked = isinstance(dtype, pd.api.extensions.ExtensionDtype)
    missing: Any = pd.NA if masked and kind != "str" else None

    def bad(i: int, what: str) -> ValueError:
        return ValueError(f"value {i} ({json.dumps(values[i])[:40]}) is not {what}")

    out: list[Any] = []
    if kind == "object":
        arr = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            arr[i] = decode_value(v)
        return arr
    for i, v in enumerate(values):
        if v is None:
            if kind in ("int", "bool") and not masked:
                raise bad(i, f"a {dtype_name} (missing values are not allowed here)")
            out.append(math.nan if kind == "float" and not masked else missing)
        elif kind == "float":
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                raise bad(i, "a number")
            if isinstance(v, str):
                if v not in ("Infinity", "-Infinity"):
                    raise bad(i, "a number")
                v = math.inf if v == "Infinity" else -math.inf
            out.append(float(v))
        elif kind == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                raise bad(i, "a whole number")
            if not -(2**63) <= v < 2**63:
                raise bad(i, "a whole number a table can hold (it is too large)")
            out.append(v)
        elif kind == "bool":
            if not isinstance(v, bool):
                raise bad(i, "true or false")
            out.append(v)
        else:  # str
            if not isinstance(v, str):
                raise bad(i, "text")
            out.append(v)
    return pd.array(out, dtype=dtype)


# ====================================================================== JSON: tables
def axis_to_json(axis: pd.Index, where: str) -> dict[str, Any]:
    if isinstance(axis, pd.MultiIndex):
        raise UnsupportedValueError(f"{where} has several levels, which a plan file cannot hold")
    name = encode_value(axis.name)
    if isinstance(axis, pd.RangeIndex):
        return {"name": name, "range": [axis.start, axis.stop, axis.step]}
    dtype, values = values_to_json(axis, where)
    return {"name": name, "dtype": dtype, "values": values}


def table_to_json(frame: pd.DataFrame, where: str) -> dict[str, Any]:
    """Write a table (index, column labels, dtypes, data) as JSON data; ``where`` names it in errors."""
    dtypes, data = [], []
    for j in range(frame.shape[1]):
        dtype, values = values_to_json(frame.iloc[:, j], f"{where}, column {frame.columns.tolist()[j]!r}")
        dtypes.append(dtype)
        data.append(values)
    return {
        "index": axis_to_json(frame.index, f"{where} (index)"),
        "columns": axis_to_json(frame.columns, f"{where} (column labels)"),
        "dtypes": dtypes,
        "data": data,
    }


class Doc(BaseModel):
    """A part of a plan file, checked strictly when read."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class AxisDoc(Doc):
    """An index or the column labels of a table: ``values`` with their ``dtype``, or a ``range``."""

    name: Any = None
    dtype: str | None = None
    values: list[Any] | None = None
    range: list[int] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> AxisDoc:
        if (self.values is None) == (self.range is None):
            raise ValueError("give either 'values' (with 'dtype') or 'range'")
        if self.values is not None and self.dtype is None:
            raise ValueError("'values' needs a 'dtype'")
        if self.range is not None and (len(self.range) != 3 or self.range[2] == 0):
            raise ValueError("a range is [start, stop, step] with a step other than 0")
        if self.range is not None and any(abs(v) > 2**53 for v in self.range):
            raise ValueError("a range too large for a table (more than 2**53)")
        return self

    @property
    def size(self) -> int:
        """Number of labels."""
        return len(range(*self.range)) if self.range is not None else len(self.values or [])


class TableDoc(Doc):
    """A table: index, column labels, one dtype and one list of values per column."""

    index: AxisDoc
    columns: AxisDoc
    dtypes: list[str]
    data: list[list[Any]]

    @model_validator(mode="after")
    def _shape(self) -> TableDoc:
        n_cols, n_rows = self.columns.size, self.index.size
        if not len(self.dtypes) == len(self.data) == n_cols:
            raise ValueError(f"{n_cols} column labels, {len(self.dtypes)} dtypes and {len(self.data)} data columns")
        short = [j for j, col in enumerate(self.data) if len(col) != n_rows]
        if short:
            raise ValueError(f"data column {short[0]} has {len(self.data[short[0]])} values for {n_rows} rows")
        return self


def axis_from_json(doc: AxisDoc) -> pd.Index:
    name = decode_value(doc.name)
    if doc.range is not None:
        return pd.RangeIndex(*doc.range, name=name)
    assert doc.dtype is not None and doc.values is not None  # checked by AxisDoc
    values = values_from_json(doc.dtype, doc.values)
    # An explicit dtype: pandas would turn an object array of strings into a str index.
    return pd.Index(values, dtype=dtype_from_name(doc.dtype), name=name, tupleize_cols=False)


def table_from_json(doc: TableDoc, where: str, problems: Failures) -> pd.DataFrame | None:
    """Read a table back; on a bad value add a problem (naming ``where``) and return ``None``."""
    try:
        index = axis_from_json(doc.index)
    except (ValueError, TypeError, OverflowError) as exc:
        problems.append(problem(f"{where}.index", (f"indeks rusak: {exc}", f"bad index: {exc}")))
        return None
    try:
        columns = axis_from_json(doc.columns)
    except (ValueError, TypeError, OverflowError) as exc:
        problems.append(problem(f"{where}.columns", (f"label kolom rusak: {exc}", f"bad column labels: {exc}")))
        return None
    data = {}
    for j, (dtype, values) in enumerate(zip(doc.dtypes, doc.data, strict=True)):
        try:
            data[j] = pd.Series(values_from_json(dtype, values), index=index, dtype=dtype_from_name(dtype))
        except (ValueError, TypeError, OverflowError) as exc:
            label = columns.tolist()[j]
            problems.append(problem(f"{where}.data[{j}]", (f"kolom {label!r}: {exc}", f"column {label!r}: {exc}")))
    if len(data) != len(doc.data):
        return None
    frame = pd.DataFrame(data, index=index) if data else pd.DataFrame(index=index)
    frame.columns = columns
    return frame
