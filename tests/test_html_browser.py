"""The HTML report opened as a person opens it: in a real browser (the system's headless Chromium).

The page must render without a console error, fetch nothing but itself (every request is
recorded: only the file and ``data:`` URLs are allowed), read in the chosen language, and
print to PDF on A4 pages. Skipped only where no Chromium can be found (``make test``
installs the system's ``chromium`` where it can) or Playwright is not installed; Playwright
never downloads a browser of its own here.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import targetplan as tp

pytestmark = pytest.mark.slow

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: A4 in PostScript points (210 × 297 mm); Chromium writes 594.96 × 841.92.
_A4 = (595.28, 841.89)


def _chromium() -> str | None:
    given = os.environ.get("TARGETPLAN_CHROMIUM")
    if given:
        return given
    for name in _BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine (make test installs the 'chromium' package where it can)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is a dev dependency: pip install -e '.[dev]'"
    )
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, bogor: tp.Example, bogor_plan: tp.Plan) -> dict[str, Path]:
    """The sample's report in Indonesian (with the price of the rules) and in English."""
    folder = tmp_path_factory.mktemp("laporan")
    sections = {
        "previous": bogor.folder / "previous_masterplan.csv",
        "progress": bogor.folder / "realisation.csv",
        "note": "Data ilustrasi <b>bukan</b> angka resmi",
    }
    return {
        "id": bogor_plan.report(folder / "laporan.html", lang="id", **sections),
        "en": bogor_plan.report(folder / "report.html", lang="en", rules=False, **sections),
    }


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """Open the file in a fresh page; return the page, every URL requested and every console error."""
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, requests, errors


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_report_renders_offline_without_errors(browser: Any, reports: dict[str, Path], lang: str) -> None:
    page, requests, errors = _open(browser, reports[lang])
    try:
        assert errors == []
        own = reports[lang].resolve().as_uri()
        assert requests, "the browser recorded no request at all"
        outside = [url for url in requests if url != own and not url.startswith("data:")]
        assert outside == [], f"the report fetched {outside}"
        assert page.locator("svg").count() >= 6  # every chart drawn inline
        body = page.inner_text("body")
        if lang == "id":
            for text in ("Ringkasan", "Anggaran per tahun", "Program dalam rencana", "Keberlanjutan antar periode"):
                assert text in body
            assert "Data ilustrasi <b>bukan</b> angka resmi" in body  # shown as typed, not as markup
            assert re.search(r"Rp \d+(,\d+)? M", body)
            assert "Summary" not in body
        else:
            for text in ("Summary", "Budget per year", "Programmes in the plan", "Continuity between administrations"):
                assert text in body
            assert re.search(r"IDR \d+(\.\d+)? bn", body)
            assert "Ringkasan" not in body
        # the page is as wide as the window: nothing sticks out sideways
        width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= window
    finally:
        page.close()


def test_the_report_prints_to_a4(browser: Any, reports: dict[str, Path], tmp_path: Path) -> None:
    page, _, errors = _open(browser, reports["id"])
    try:
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    assert errors == []
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages >= 3 and len(boxes) >= pages
    for width, height in boxes:
        assert abs(float(width) - _A4[0]) < 2 and abs(float(height) - _A4[1]) < 2  # portrait A4
    (tmp_path / "laporan.pdf").write_bytes(pdf)
