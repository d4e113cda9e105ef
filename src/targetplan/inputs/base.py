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

_FIXES = {
    "greater_than_equal": "use a value of at least {ge}",
    "less_than_equal": "use a value of at most {le}",
    "greater_than": "use a value above {gt}",
    "less_than": "use a value below {lt}",
    "extra_forbidden": "remove this argument (check its spelling)",
    "missing": "give this value",
    "int_parsing": "write a whole number (a year such as 2024)",
    "int_from_float": "write a whole number (a year such as 2024)",
    "float_parsing": "write a number",
    "float_type": "write a number",
    "finite_number": "write a finite number",
    "string_type": "write text",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "enum": "use one of {expected}",
    "dict_type": "give a mapping from year to amount, e.g. {{2024: 1e9}}",
}

# pydantic puts this before the message of a ValueError raised in a validator
_VALUE_ERROR_PREFIX = "Value error, "


def failures_from_pydantic(exc: pydantic.ValidationError) -> list[dict[str, Any]]:
    """Turn a pydantic error into failure rows (row, id, column, value, problem, fix).

    A validator of targetplan raises ``ValueError("problem; fix")``: the text after the
    last ``"; "`` becomes the fix, and pydantic's ``"Value error, "`` prefix is dropped.
    """
    rows = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        ctx = err.get("ctx") or {}
        problem = err["msg"]
        fix = _FIXES.get(err["type"], "correct the value").format(**{k: str(v) for k, v in ctx.items()})
        if err["type"] == "value_error":
            problem = problem.removeprefix(_VALUE_ERROR_PREFIX)
            head, sep, tail = problem.rpartition("; ")
            if sep:
                problem, fix = head, tail
        value = err.get("input")
        if isinstance(value, dict | list | tuple) and len(str(value)) > 80:
            value = str(value)[:77] + "..."
        rows.append({"row": None, "id": None, "column": loc, "value": value, "problem": problem, "fix": fix})
    return rows


class InputModel(BaseModel):
    """Frozen pydantic model whose validation errors are targetplan errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    _error: ClassVar[type[InputValidationError]] = InputValidationError

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise self._error(failures_from_pydantic(exc), type(self).__name__) from None
