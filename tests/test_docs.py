"""The documentation site: every public name has a reference entry, and ``mkdocs build --strict`` passes.

The strict build turns every warning into an error: a broken link, a page missing from
the navigation, or a docstring that mkdocstrings cannot read (for example a parameter
documented under a name the signature does not have).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_docs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-4000:]}"
    assert (tmp_path / "site" / "api" / "planning" / "index.html").is_file()
