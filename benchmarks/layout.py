"""Measure the package's layout: longest function, largest module, imports inside functions, import circles.

Run from the repository folder: ``.venv/bin/python benchmarks/layout.py [src/targetplan]``.
Circles are counted from the import graph (``grimp``, which comes with import-linter), with
every import — also those written inside functions — twice: with the imports under
``if TYPE_CHECKING:`` (types only; never run) and without them; then once more without the
upward arrows that docs/architecture.md allows (Plan's report methods).
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

#: The upward imports docs/architecture.md allows: Plan.efficiency(), .continuity(), .progress().
ALLOWED_UP = ("targetplan.results.plan", "targetplan.reports.")


def circles(graph: object, skip_allowed: bool) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    modules = sorted(graph.modules)  # type: ignore[attr-defined]

    def targets(module: str) -> list[str]:
        found = sorted(graph.find_modules_directly_imported_by(module))  # type: ignore[attr-defined]
        if skip_allowed and module == ALLOWED_UP[0]:
            found = [m for m in found if not m.startswith(ALLOWED_UP[1])]
        return found

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(targets(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(targets(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", nargs="?", default="src/targetplan")
    root = Path(parser.parse_args().src)
    package = root.name
    longest, largest = (0, ""), (0, "")
    inside_all = inside_own = 0
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        largest = max(largest, (len(text.splitlines()), str(path)))
        tree = ast.parse(text)
        seen: set[int] = set()
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            longest = max(longest, (fn.end_lineno - fn.lineno + 1, f"{path}:{fn.name}"))  # type: ignore[operator]
            for node in ast.walk(fn):
                if node is fn or not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in seen:
                    continue
                seen.add(id(node))
                inside_all += 1
                if isinstance(node, ast.Import):
                    inside_own += any(a.name.split(".")[0] == package for a in node.names)
                else:
                    inside_own += node.level > 0 or (node.module or "").split(".")[0] == package
    print(f"longest function: {longest[0]} lines ({longest[1]})")
    print(f"largest module: {largest[0]} lines ({largest[1]})")
    print(f"imports inside functions: {inside_all} ({inside_own} of them of {package} modules)")

    import grimp

    sys.path.insert(0, str(root.parent))
    for exclude, skip, what in (
        (False, False, "every import, TYPE_CHECKING ones included"),
        (True, False, "imports that run"),
        (True, True, "imports that run, without Plan's report methods"),
    ):
        graph = grimp.build_graph(package, exclude_type_checking_imports=exclude, cache_dir=None)
        found = circles(graph, skip)
        print(f"modules in import circles ({what}): {sum(len(c) for c in found)}")
        for component in found:
            print("    " + ", ".join(component))


if __name__ == "__main__":
    main()
