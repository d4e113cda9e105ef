"""The documentation site: every public name has a reference entry, and every page is in the navigation.

The strict build itself (``mkdocs build --strict``: every warning is an error, such as a
broken link or a docstring mkdocstrings cannot read) is built and checked in
test_docs_offline.py, which also checks that the built site needs no network.
"""

from __future__ import annotations

import re
from pathlib import Path

import targetplan as tp

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_every_public_name_is_in_the_api_reference() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in (DOCS / "api").glob("*.md"))
    documented = {name.rsplit(".", 1)[-1] for name in re.findall(r"^::: targetplan\.([\w.]+)", text, re.MULTILINE)}
    missing = sorted(set(tp.__all__) - documented - {"__version__"})
    assert not missing, f"add a '::: targetplan.<name>' block to a page in docs/api/ for: {', '.join(missing)}"


def test_every_page_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if "_ext" not in p.parts)
    assert [page for page in pages if page not in nav] == []
