"""Plans as JSON files: the whole plan, inputs included, reloaded into an equal :class:`~targetplan.Plan`.

The JSON format
---------------
An object with ``format`` (``"targetplan.plan"``), ``version`` (:data:`FORMAT_VERSION`),
``targetplan`` (the version that wrote it), ``inputs`` (``catalog``: ``source``,
``years`` and the normalised ``table``; ``budget``; ``policy``) and ``result``
(``status``, ``total_value``, ``objective_value``, ``mip_gap``, ``solver``, ``options``,
``message`` and the tables ``levels``, ``targets``, ``costs``, ``selection``). A table is
``{"index", "columns", "dtypes", "data"}`` with one list of values per column; in typed
columns ``null`` is the column's missing value and ``"Infinity"`` / ``"-Infinity"``
stand for infinite floats. Values of text-and-anything (object) columns, the options and
the scalar results are plain JSON, except ``{"tuple": [...]}``, ``{"dict": {...}}``,
``{"float": "nan" | "inf" | "-inf"}`` and ``{"na": true}``. Keys are sorted and floats
written with Python's shortest round-trip ``repr``, so the same plan always gives the
same bytes; solve timings are left out for that reason.

Plan files are read completely before a plan is made of them: every problem (a missing
part, a value of the wrong type, tables that do not fit the catalogue) is listed at once
in a :class:`~targetplan.exceptions.PlanFileError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pydantic

from ..exceptions import InputValidationError, PlanFileError, UnsupportedValueError
from ..inputs.base import failures_from_pydantic
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.collect import Failures
from ..inputs.policy import Policy
from ..inputs.schema import FIRST_YEAR, LAST_YEAR, CarryOver, Mode
from ..io.files import atomic_path
from ..solvers.base import SolveStatus
from ..version import __version__
from .jsonvalues import (
    PLAN_FILE_FIX,
    Doc,
    TableDoc,
    decode_value,
    dumps,
    encode_value,
    plan_error,
    problem,
    table_from_json,
    table_to_json,
)

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["FORMAT", "FORMAT_VERSION", "plan_fields", "plan_to_dict", "plan_to_json", "read_plan_fields"]

#: Value of the ``format`` field of a plan file.
FORMAT = "targetplan.plan"
#: Version of the plan file format written by this targetplan (it reads this and older).
FORMAT_VERSION = 1


class _CatalogDoc(Doc):
    source: str
    years: list[int]
    table: TableDoc


class _InputsDoc(Doc):
    catalog: _CatalogDoc
    budget: dict[str, Any]
    policy: dict[str, Any]


class _ResultDoc(Doc):
    status: str
    total_value: Any
    objective_value: Any
    mip_gap: Any
    solver: str
    options: dict[str, Any]
    message: str
    stability: dict[str, Any] | None = None
    levels: TableDoc
    targets: TableDoc
    costs: TableDoc
    selection: TableDoc


class _PlanDoc(Doc):
    format: str
    version: int
    targetplan: str
    inputs: _InputsDoc
    result: _ResultDoc


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the plan as plain JSON data (see the module docstring for the layout).

    Everything a :class:`~targetplan.Plan` holds except ``timings``, which differ from
    run to run.

    Examples
    --------
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_programs([tp.Program(id="A", name="fibre", priority=2, costs={2024: 5e9})])
    >>> plan = tp.optimize(cat, tp.Budget(ceilings={2024: 8e9}))
    >>> data = plan_to_dict(plan)
    >>> data["format"], data["result"]["status"], data["result"]["total_value"]
    ('targetplan.plan', 'optimal', 2.0)
    """
    cat = plan.catalog
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "targetplan": __version__,
        "inputs": {
            "catalog": {
                "source": cat.source,
                "years": [int(y) for y in cat.years],
                "table": table_to_json(cat.to_frame(), "the catalogue"),
            },
            "budget": plan.budget.model_dump(mode="json"),
            "policy": plan.policy.model_dump(mode="json"),
        },
        "result": {
            "status": plan.status.value,
            "total_value": encode_value(plan.total_value),
            "objective_value": encode_value(plan.objective_value),
            "mip_gap": encode_value(plan.mip_gap),
            "solver": plan.solver,
            "options": _enc_options(plan.options),
            "message": plan.message,
            "stability": None if plan.stability is None else _enc_options(plan.stability),
            "levels": table_to_json(plan.levels, "levels"),
            "targets": table_to_json(plan.targets, "targets"),
            "costs": table_to_json(plan.costs, "costs"),
            "selection": table_to_json(plan.selection, "selection"),
        },
    }


def _enc_options(options: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in options.items():
        try:
            out[str(key)] = encode_value(value)
        except UnsupportedValueError as exc:
            raise UnsupportedValueError(f"the option {key!r} holds a {exc}, which a plan file cannot hold") from None
    return out


def plan_to_json(plan: Plan, path: str | Path) -> Path:
    """Write the plan, with its inputs, as a JSON file (UTF-8, atomically); see :func:`plan_to_dict`.

    The same plan always gives the same bytes (keys sorted, floats in shortest
    round-trip form, solve timings left out). :func:`plan_from_json` reads it back.

    Returns
    -------
    Path
        The file written.
    """
    text = dumps(plan_to_dict(plan))
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return target


def _prefixed(exc: InputValidationError, prefix: str) -> list[dict[str, Any]]:
    rows = []
    for rec in exc.failure_cases.to_dict("records"):
        column = rec.get("column")
        rec["column"] = f"{prefix}.{column}" if column else prefix
        rows.append(rec)
    return rows


def _scalar(value: Any, where: str, problems: Failures, optional: bool = False) -> float | None:
    try:
        v = decode_value(value)
    except ValueError as exc:
        problems.append(problem(where, str(exc)))
        return None
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        problems.append(problem(where, ("bukan angka", "not a number"), value=value))
        return None
    return float(v)


def plan_fields(data: Any, source: str = "plan") -> dict[str, Any]:
    """Read :func:`plan_to_dict` data back into the fields of a :class:`~targetplan.Plan`, validating it first.

    ``Plan(**plan_fields(data))`` (or :meth:`Plan.from_dict`) is the plan.

    Parameters
    ----------
    data : dict
        The decoded JSON.
    source : str
        Name used in error messages (the file name).

    Raises
    ------
    PlanFileError
        When the data is not a targetplan plan, is written by a newer format version,
        or has missing, extra or malformed parts (all listed at once).
    CatalogValidationError
        When the catalogue inside it is invalid.
    """
    if not isinstance(data, dict):
        raise plan_error(
            [
                problem(
                    None,
                    (
                        f"berkas berisi JSON {type(data).__name__}, bukan objek rencana targetplan",
                        f"the file holds a JSON {type(data).__name__}, not a targetplan plan object",
                    ),
                )
            ],
            source,
        )
    if data.get("format") != FORMAT:
        found = "no 'format' field" if "format" not in data else f"format {data.get('format')!r}"
        raise plan_error(
            [
                problem(
                    "format",
                    (
                        f"bukan berkas rencana targetplan ({found}; berkas rencana berformat {FORMAT!r})",
                        f"not a targetplan plan file ({found}; a plan file has format {FORMAT!r})",
                    ),
                )
            ],
            source,
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise plan_error(
            [
                problem(
                    "version",
                    (
                        "versi format tidak ada atau bukan bilangan bulat",
                        "the format version is missing or not a whole number",
                    ),
                    value=version,
                )
            ],
            source,
        )
    if version > FORMAT_VERSION:
        raise plan_error(
            [
                problem(
                    "version",
                    (
                        f"berkas berformat versi {version}, lebih baru daripada yang dibaca targetplan {__version__} "
                        f"(sampai {FORMAT_VERSION}); ditulis oleh targetplan {data.get('targetplan', '?')}",
                        f"the file has format version {version}, newer than this targetplan {__version__} reads "
                        f"(up to {FORMAT_VERSION}); it was written by targetplan {data.get('targetplan', '?')}",
                    ),
                    (
                        "perbarui targetplan (pip install -U targetplan), atau simpan rencana dengan versi ini",
                        "upgrade targetplan (pip install -U targetplan), or save the plan with this version",
                    ),
                    version,
                )
            ],
            source,
        )
    try:
        doc = _PlanDoc.model_validate(data)
    except pydantic.ValidationError as exc:
        rows = failures_from_pydantic(exc)
        for row in rows:
            row["fix"] = PLAN_FILE_FIX
        raise plan_error(rows, source) from None

    problems = Failures()
    res = doc.result
    try:
        status = SolveStatus(res.status)
    except ValueError:
        known = ", ".join(s.value for s in SolveStatus)
        problems.append(
            problem(
                "result.status",
                (f"status tidak dikenal (salah satu dari {known})", f"unknown status (one of {known})"),
                value=res.status,
            )
        )
    cat_frame = table_from_json(doc.inputs.catalog.table, "inputs.catalog.table", problems)
    tables = {
        name: table_from_json(getattr(res, name), f"result.{name}", problems)
        for name in ("levels", "targets", "costs", "selection")
    }
    total_value = _scalar(res.total_value, "result.total_value", problems)
    objective_value = _scalar(res.objective_value, "result.objective_value", problems)
    mip_gap = _scalar(res.mip_gap, "result.mip_gap", problems, optional=True)
    try:
        options = {k: decode_value(v) for k, v in res.options.items()}
    except ValueError as exc:
        problems.append(problem("result.options", str(exc)))
    try:
        stability = None if res.stability is None else {k: decode_value(v) for k, v in res.stability.items()}
    except ValueError as exc:
        problems.append(problem("result.stability", str(exc)))
    try:
        budget = Budget(**doc.inputs.budget)
    except InputValidationError as exc:
        problems.extend(_prefixed(exc, "inputs.budget"))
    try:
        policy = Policy(**doc.inputs.policy)
    except InputValidationError as exc:
        problems.extend(_prefixed(exc, "inputs.policy"))
    problems.raise_if_any(PlanFileError, source)
    assert cat_frame is not None  # no problems means every table was read

    years = tuple(doc.inputs.catalog.years)
    if (
        not years
        or years != tuple(range(years[0], years[0] + len(years)))
        or not FIRST_YEAR <= years[0] <= LAST_YEAR - len(years)
    ):
        raise plan_error(
            [
                problem(
                    "inputs.catalog.years",
                    (
                        "tahun perencanaannya bukan tahun berurutan dari 1900 sampai 2200",
                        "the planning years are not consecutive years from 1900 to 2200",
                    ),
                    value=str(years)[:80],
                )
            ],
            source,
        )
    for column, enum in (("status", CarryOver), ("mode", Mode)):
        if column in cat_frame.columns:  # the catalogue holds these as enum members
            try:
                members = [enum(v) for v in cat_frame[column]]
            except ValueError as exc:
                raise plan_error([problem(f"inputs.catalog.table ({column})", str(exc))], source) from None
            cat_frame[column] = pd.array(members, dtype=cat_frame[column].dtype)
    _revalidate_catalog(cat_frame, years, doc.inputs.catalog.source, source)
    catalog = Catalog(cat_frame, years, doc.inputs.catalog.source)

    ids, year_index = list(catalog.ids), list(years)
    missing_years = sorted(set(years) - set(budget.years))
    if missing_years:
        problems.append(
            problem(
                "inputs.budget.ceilings",
                (
                    f"tidak ada pagu untuk tahun katalog {missing_years}",
                    f"no ceiling for the catalogue years {missing_years}",
                ),
            )
        )
    try:
        policy.check_horizon(years)
    except InputValidationError as exc:
        problems.extend(_prefixed(exc, "inputs.policy"))
    for name in ("levels", "targets", "costs"):
        table = tables[name]
        assert table is not None
        if list(table.index) != ids or list(table.columns) != year_index:
            problems.append(
                problem(
                    f"result.{name}",
                    (
                        "baris dan kolomnya bukan id program dan tahun katalog",
                        "rows and columns are not the catalogue's programme ids and years",
                    ),
                )
            )
    selection = tables["selection"]
    assert selection is not None
    if status.has_plan and list(selection.index) != ids:
        problems.append(
            problem(
                "result.selection", ("barisnya bukan id program katalog", "rows are not the catalogue's programme ids")
            )
        )
    if status.has_plan:
        for column, kind in (("runs", "b"), ("start_year", "i"), ("level", "f"), ("value", "f"), ("cost", "f")):
            if column not in selection.columns:
                problems.append(problem(f"result.selection.{column}", ("kolomnya tidak ada", "the column is missing")))
                continue
            values = selection[column]
            if column == "runs" and (values.isna().any() or not pd.api.types.is_bool_dtype(values)):
                problems.append(
                    problem(
                        "result.selection.runs",
                        (
                            "runs harus true atau false untuk setiap program",
                            "runs must be true or false for every programme",
                        ),
                    )
                )
            elif kind == "f" and not pd.api.types.is_numeric_dtype(values):
                problems.append(problem(f"result.selection.{column}", ("bukan angka", "not numbers")))
    problems.raise_if_any(PlanFileError, source)
    assert total_value is not None and objective_value is not None
    return dict(
        catalog=catalog,
        budget=budget,
        policy=policy,
        status=status,
        total_value=total_value,
        objective_value=objective_value,
        mip_gap=mip_gap,
        solver=res.solver,
        levels=tables["levels"],
        targets=tables["targets"],
        costs=tables["costs"],
        selection=selection,
        timings={},
        options=options,
        message=res.message,
        stability=stability,
    )


def _revalidate_catalog(frame: pd.DataFrame, years: tuple[int, ...], name: str, source: str) -> None:
    """Run the catalogue validation on the stored table (raises CatalogValidationError)."""
    if not years:
        raise plan_error(
            [problem("inputs.catalog.years", ("tidak ada tahun perencanaan", "no planning years"))], source
        )
    table = frame.copy()
    for column in ("requires", "alignment"):
        if column in table.columns:
            table[column] = table[column].map(lambda v: ";".join(v) if isinstance(v, tuple) else v)
    Catalog.from_frame(table, horizon=(years[0], years[-1]), source=f"{source} (catalogue {name})")


def read_plan_fields(path: str | Path) -> dict[str, Any]:
    """Read a plan file written by :func:`plan_to_json` / :meth:`Plan.to_json` into the fields of a plan.

    :meth:`Plan.from_json` (or :func:`targetplan.read_plan`) makes the plan of them.

    The reloaded plan equals the saved one field by field (solve timings are not
    saved); ``plan.check()`` recomputes it from the saved inputs.

    Raises
    ------
    PlanFileError
        When the file is missing, not JSON, not a targetplan plan, written by a newer
        format version, or malformed; every problem is listed.
    """
    p = Path(path)
    source = p.name
    if not p.exists():
        raise plan_error(
            [
                problem(
                    None,
                    ("berkas rencana tidak ada", "the plan file does not exist"),
                    ("periksa path dan folder kerja", "check the path and the working directory"),
                    str(p),
                )
            ],
            source,
        )
    if p.is_dir():
        raise plan_error(
            [
                problem(
                    None,
                    ("path ini folder, bukan berkas rencana", "the path is a folder, not a plan file"),
                    value=str(p),
                )
            ],
            source,
        )
    try:
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise plan_error(
            [
                problem(
                    None,
                    (
                        "berkas bukan teks UTF-8, jadi bukan berkas rencana",
                        "the file is not UTF-8 text, so not a plan file",
                    ),
                )
            ],
            source,
        ) from None
    def too_deep() -> PlanFileError:
        pair = ("JSON-nya bersarang terlalu dalam untuk berkas rencana", "the JSON nests too deeply to be a plan file")
        return plan_error([problem(None, pair)], source)

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise plan_error(
            [
                problem(
                    None,
                    (
                        f"bukan JSON yang sah ({exc.msg} di baris {exc.lineno}, kolom {exc.colno})",
                        f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
                    ),
                )
            ],
            source,
        ) from None
    except RecursionError:
        raise too_deep() from None
    try:
        return plan_fields(data, source)
    except RecursionError:
        raise too_deep() from None
