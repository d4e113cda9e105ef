"""The layout of the package (docs/architecture.md), beyond what `lint-imports` checks in `make test`.

* no module imports another module's private name (``from x import _y``), in the package
  or in the tests;
* the tests do not patch private names of the package: they use the public API and the
  solver seam (a backend registered for the test);
* every exception class lives in :mod:`targetplan.exceptions`;
* ``highspy`` and ``pulp`` are imported only under :mod:`targetplan.solvers`, also inside
  functions (``lint-imports`` checks the same from the import graph).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import targetplan as tp

SRC = Path(tp.__file__).parent
TESTS = Path(__file__).parent
ALLOWED = {"__version__", "__future__", "__all__"}


def _sources(folder: Path) -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(folder.rglob("*.py"))]


def _private_imports(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            local = node.level > 0 or (node.module or "").split(".")[0] == "targetplan"
            for alias in node.names:
                if local and alias.name.startswith("_") and alias.name not in ALLOWED:
                    found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} import {alias.name}")
            if local and any(part.startswith("_") for part in (node.module or "").split(".")):
                found.append(f"line {node.lineno}: a private module {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "targetplan" and any(p.startswith("_") for p in parts[1:]):
                    found.append(f"line {node.lineno}: import {alias.name}")
    return found


@pytest.mark.parametrize("folder", [SRC, TESTS], ids=["package", "tests"])
def test_no_module_imports_a_private_name_of_another(folder: Path) -> None:
    problems = {str(p.relative_to(folder)): found for p, tree in _sources(folder) if (found := _private_imports(tree))}
    assert problems == {}


def test_tests_patch_no_private_name_of_the_package() -> None:
    problems = []
    for path, tree in _sources(TESTS):
        for node in ast.walk(tree):
            call = node if isinstance(node, ast.Call) else None
            if call is None or not isinstance(call.func, ast.Attribute) or call.func.attr != "setattr":
                continue
            if (
                len(call.args) >= 2
                and isinstance(call.args[1], ast.Constant)
                and str(call.args[1].value).startswith("_")
            ):
                target = ast.unparse(call.args[0])
                problems.append(f"{path.name}:{call.lineno}: setattr({target}, {call.args[1].value!r})")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("_frame", "_cache", "_texts"):
                problems.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert problems == []


def test_every_exception_class_is_in_the_exceptions_module() -> None:
    homes = {}
    for path, tree in _sources(SRC):
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b) for b in node.bases}
                if any(b.endswith(("Error", "Exception", "Warning")) for b in bases) or node.name.endswith("Error"):
                    homes[node.name] = str(path.relative_to(SRC))
    assert {name: home for name, home in homes.items() if home != "exceptions.py"} == {}
    assert {"ArgumentError", "ArgumentTypeError", "CatalogValidationError", "UnknownScenarioError"} <= set(homes)


def test_only_the_solvers_package_imports_a_solver() -> None:
    problems = []
    for path, tree in _sources(SRC):
        if path.relative_to(SRC).parts[0] == "solvers":
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            problems += [
                f"{path.relative_to(SRC)}:{node.lineno}" for n in names if n.split(".")[0] in ("highspy", "pulp")
            ]
    assert problems == []


def test_arguments_of_the_wrong_value_or_type_are_python_errors_too() -> None:
    assert issubclass(tp.ArgumentError, ValueError) and issubclass(tp.ArgumentError, tp.TargetplanError)
    assert issubclass(tp.ArgumentTypeError, TypeError) and issubclass(tp.ArgumentTypeError, tp.TargetplanError)
    with pytest.raises(TypeError, match="catalog must be a Catalog, not DataFrame"):
        tp.optimize(tp.load_example("bogor").catalog.to_frame(), tp.Budget(ceilings={2022: 1e9}))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        tp.set_language("fr")  # type: ignore[arg-type]
