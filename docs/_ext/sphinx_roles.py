"""Griffe extension for the documentation site: Sphinx roles and pydantic signatures.

targetplan's numpydoc docstrings cross-reference with Sphinx roles (:func:`optimize`,
:class:`~targetplan.Plan`, :meth:`to_excel`). mkdocstrings does not read roles, so they
would show as ":func:" followed by code. This extension rewrites each role before the
docstrings are rendered:

* to an mkdocs-autorefs link when the target is documented in the API reference — a
  public name of ``targetplan`` (``targetplan.__all__``) or a documented member of a
  public class (``Plan.check``, or ``check`` inside a ``Plan`` docstring);
* to plain inline code otherwise (private modules, constants), so that the strict build
  never meets a link it cannot resolve.

It also gives the pydantic input models (``Budget``, ``Policy``, ``GroupLimit``,
``Program``) the keyword signature pydantic makes for them at run time, built from their
annotated fields, so that their "Parameters" sections match a signature.

Only the documentation site uses this file; the docstrings in ``src/`` are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import griffe

PYDANTIC_BASES = ("InputModel", "BaseModel")
FIELD_DEFAULT = re.compile(r"\bdefault=(?P<default>[^,()]+|\(\))\s*[,)]")
FIELD_FACTORY = re.compile(r"\bdefault_factory=(?P<factory>\w+)")
FACTORY_SHOWN = {"dict": "{}", "list": "[]", "tuple": "()", "set": "set()"}

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|data|mod|exc|obj|const):`(~?)\.?([^`]+?)`")


def _walk(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


def _documented(obj: Any) -> bool:
    """Whether the API pages render ``obj`` with its own heading (and so its own anchor)."""
    try:
        return bool(obj.docstring) and not obj.name.startswith("_") and not obj.is_alias
    except griffe.AliasResolutionError:
        return False


def _pydantic_init(cls: griffe.Class) -> None:
    """Add the ``__init__`` pydantic generates: one keyword parameter per annotated field."""
    if "__init__" in cls.members or not any(str(base).endswith(PYDANTIC_BASES) for base in cls.bases):
        return
    params = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
    for name, member in cls.members.items():
        if member.is_alias or not member.is_attribute or name.startswith("_") or name == "model_config":
            continue
        if member.annotation is None or "property" in member.labels or "ClassVar" in str(member.annotation):
            continue
        default: str | None = None
        if member.value is not None:
            default = str(member.value)
            if default.startswith("Field("):
                given, factory = FIELD_DEFAULT.search(default), FIELD_FACTORY.search(default)
                if given:
                    default = given.group("default").strip()
                elif factory:
                    default = FACTORY_SHOWN.get(factory.group("factory"), f"{factory.group('factory')}()")
                else:  # Field(ge=0, ...) without a default: a required field
                    default = None
        params.append(
            griffe.Parameter(
                name, annotation=member.annotation, kind=griffe.ParameterKind.keyword_only, default=default
            )
        )
    init = griffe.Function("__init__", lineno=0, endlineno=0, parent=cls, parameters=griffe.Parameters(*params))
    init.returns = "None"
    cls.set_member("__init__", init)


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx cross-reference roles in every docstring of the package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite the docstrings once the whole package is loaded."""
        if pkg.name != "targetplan":
            return
        public = {str(name) for name in pkg.exports or ()}

        def public_class(name: str) -> griffe.Object | None:
            if name not in public or name not in pkg.members:
                return None
            try:
                target = pkg.members[name].final_target  # type: ignore[union-attr]
            except (griffe.AliasResolutionError, AttributeError):
                target = pkg.members[name]
            return target if target.is_class else None  # type: ignore[return-value]

        def identifier(name: str, owner: griffe.Object) -> str | None:
            name = name.removeprefix("targetplan.")
            parts = name.split(".")
            if len(parts) == 1:
                if name in public:
                    member = pkg.members.get(name)
                    if member is not None and member.is_module and name in member.members:
                        # a function exported under its submodule's name (`replan`)
                        return f"targetplan.{name}.{name}"
                    return f"targetplan.{name}"
                # a relative member reference (`to_excel` inside a Plan docstring)
                cls = owner if owner.is_class else owner.parent
                while cls is not None and not cls.is_class:
                    cls = cls.parent
                if cls is not None and public_class(cls.name) is not None:
                    member = cls.members.get(name)
                    if member is not None and _documented(member):
                        return f"targetplan.{cls.name}.{name}"
                return None
            if len(parts) == 2:
                cls = public_class(parts[0])
                if cls is not None:
                    member = cls.members.get(parts[1])
                    if member is not None and _documented(member):
                        return f"targetplan.{name}"
            return None

        for obj in _walk(pkg):
            if obj.is_class:
                _pydantic_init(obj)  # type: ignore[arg-type]
            if obj.docstring is None:
                continue

            def replace(match: re.Match[str], owner: griffe.Object = obj) -> str:
                short, target = match.group(1), match.group(2).strip()
                shown = target.rsplit(".", 1)[-1] if short else target
                ident = identifier(target, owner)
                return f"[`{shown}`][{ident}]" if ident else f"`{shown}`"

            obj.docstring.value = ROLE.sub(replace, obj.docstring.value)
