"""Base class of the frozen input models (budget, limits, policy, programmes).

Input objects are pydantic v2 models that are frozen and forbid unknown fields. Their
validation errors are re-raised as targetplan :class:`InputValidationError` subclasses
carrying a ``failure_cases`` DataFrame, so users never need to catch pydantic's errors.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pydantic
from pydantic import BaseModel, ConfigDict

from ..exceptions import InputValidationError
from ..exceptions import ValidatorProblem as Problem
from ..text.language import Pair, get_language

__all__ = ["InputModel", "Problem", "failures_from_pydantic"]

#: Problems pydantic finds, in the user's words: (Indonesian, English) problem and fix by error type.
_TEXTS: dict[str, tuple[Pair, Pair]] = {
    "greater_than_equal": (
        ("harus paling kecil {ge}", "must be at least {ge}"),
        ("gunakan nilai {ge} atau lebih", "use a value of at least {ge}"),
    ),
    "less_than_equal": (
        ("harus paling besar {le}", "must be at most {le}"),
        ("gunakan nilai paling besar {le}", "use a value of at most {le}"),
    ),
    "greater_than": (
        ("harus di atas {gt}", "must be above {gt}"),
        ("gunakan nilai di atas {gt}", "use a value above {gt}"),
    ),
    "less_than": (
        ("harus di bawah {lt}", "must be below {lt}"),
        ("gunakan nilai di bawah {lt}", "use a value below {lt}"),
    ),
    "extra_forbidden": (
        ("isian tidak dikenal", "unknown setting"),
        ("hapus isian ini (periksa ejaannya)", "remove this argument (check its spelling)"),
    ),
    "missing": (("isian wajib tidak ada", "a required value is missing"), ("berikan nilai ini", "give this value")),
    "int_parsing": (
        ("bukan bilangan bulat", "not a whole number"),
        ("tulis bilangan bulat (tahun seperti 2024)", "write a whole number (a year such as 2024)"),
    ),
    "int_from_float": (
        ("bukan bilangan bulat", "not a whole number"),
        ("tulis bilangan bulat (tahun seperti 2024)", "write a whole number (a year such as 2024)"),
    ),
    "int_type": (
        ("bukan bilangan bulat", "not a whole number"),
        ("tulis bilangan bulat (tahun seperti 2024)", "write a whole number (a year such as 2024)"),
    ),
    "float_parsing": (("bukan angka", "not a number"), ("tulis angka", "write a number")),
    "float_type": (("bukan angka", "not a number"), ("tulis angka", "write a number")),
    "finite_number": (
        ("bukan angka terhingga", "not a finite number"),
        ("tulis angka terhingga", "write a finite number"),
    ),
    "string_type": (("bukan teks", "not text"), ("tulis teks", "write text")),
    "bool_parsing": (("bukan ya/tidak", "not true or false"), ("tulis true atau false", "write true or false")),
    "bool_type": (("bukan ya/tidak", "not true or false"), ("tulis true atau false", "write true or false")),
    "enum": (
        ("bukan salah satu pilihan", "not one of the choices"),
        ("gunakan salah satu dari {expected}", "use one of {expected}"),
    ),
    "dict_type": (
        ("bukan pemetaan", "not a mapping"),
        (
            "berikan pemetaan tahun ke jumlah, mis. {{2024: 1e9}}",
            "give a mapping from year to amount, e.g. {{2024: 1e9}}",
        ),
    ),
    "list_type": (("bukan daftar", "not a list"), ("berikan daftar (list) isian", "give a list of entries")),
    "tuple_type": (("bukan daftar", "not a list"), ("berikan daftar (list) isian", "give a list of entries")),
    "model_type": (
        ("bukan tabel isian", "not a table of settings"),
        ("tulis isian sebagai tabel (key = value)", "write the entry as a table of settings (key = value)"),
    ),
    "model_attributes_type": (
        ("bukan tabel isian", "not a table of settings"),
        ("tulis isian sebagai tabel (key = value)", "write the entry as a table of settings (key = value)"),
    ),
    "is_instance_of": (
        ("bukan tabel isian", "not a table of settings"),
        ("tulis isian sebagai tabel (key = value)", "write the entry as a table of settings (key = value)"),
    ),
}
_CORRECT: Pair = ("betulkan nilainya", "correct the value")


def _fill(pair: Pair, ctx: dict[str, Any]) -> Pair:
    values = {k: str(v) for k, v in ctx.items()}
    return pair[0].format(**values), pair[1].format(**values)


def failures_from_pydantic(exc: pydantic.ValidationError) -> list[dict[str, Any]]:
    """Turn a pydantic error into failure rows (row, id, column, value, problem, fix), problems as pairs.

    A validator of targetplan raises :class:`Problem` (problem and fix in both languages);
    pydantic's own errors get the words of their type.
    """
    rows = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        ctx = err.get("ctx") or {}
        raised = ctx.get("error")
        if isinstance(raised, Problem):
            problem, fix = raised.problem, raised.fix
        elif err["type"] == "value_error":  # a plain ValueError("problem; fix"): English only
            head, sep, tail = err["msg"].removeprefix("Value error, ").rpartition("; ")
            problem, fix = ((head, head), (tail, tail)) if sep else ((tail, tail), _CORRECT)
        elif err["type"] in _TEXTS:
            # in English pydantic's own words (``Input should be less than 1``), in Indonesian ours
            words, fix = (_fill(t, ctx) for t in _TEXTS[err["type"]])
            problem = (words[0], err["msg"])
        else:
            problem, fix = (err["msg"], err["msg"]), _CORRECT
        value = err.get("input")
        if isinstance(value, dict | list | tuple | str) and len(str(value)) > 80:
            value = str(value)[:77] + "..."
        rows.append({"row": None, "id": None, "column": loc, "value": value, "problem": problem, "fix": fix})
    return rows


class InputModel(BaseModel):
    """Frozen pydantic model whose validation errors are targetplan errors (in the report language).

    Numbers are strict about booleans: ``true`` where a number is expected is an error,
    never 1.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    _error: ClassVar[type[InputValidationError]] = InputValidationError

    def __init__(self, /, **data: Any) -> None:
        boolean = [k for k, v in data.items() if isinstance(v, bool) and self._number_field(k)]
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise self._error(failures_from_pydantic(exc), type(self).__name__, lang=get_language()) from None
        if boolean:
            raise self._error(
                [
                    {
                        "row": None,
                        "id": None,
                        "column": k,
                        "value": data[k],
                        "problem": ("ya/tidak di tempat angka", "true/false where a number is expected"),
                        "fix": ("tulis angka (0.7 untuk 70 %)", "write a number (0.7 for 70 %)"),
                    }
                    for k in boolean
                ],
                type(self).__name__,
                lang=get_language(),
            )

    @classmethod
    def _number_field(cls, name: str) -> bool:
        field = cls.model_fields.get(name)
        if field is None:
            return False
        text = str(field.annotation)
        return ("float" in text or "int" in text) and "bool" not in text
