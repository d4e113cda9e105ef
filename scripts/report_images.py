"""Make the pictures of the HTML report for the documentation, as a person sees it in a browser.

Run with ``make screenshots`` (which also redraws the charts with ``scripts/chart_images.py``)
or ``.venv/bin/python scripts/report_images.py``: it plans the illustrative Bogor sample as
the README does, writes its report for people and takes it in the system's headless
Chromium (through Playwright, which downloads no browser of its own) into
``docs/images/report.png`` and ``docs/images/report-programmes.png``. The pages that show
them: README.md and docs/guide/reports.md.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import targetplan as tp

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no Chromium found: install the system package (apt-get install chromium) and run again")


def _report_pictures(html: Path) -> list[Path]:
    """Take the report as a person sees it: the first screen, and the programmes table further down."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1100, "height": 1400}, device_scale_factor=1)
        page.goto(html.resolve().as_uri(), wait_until="load")
        top = IMAGES / "report.png"
        page.screenshot(path=str(top))
        written.append(top)
        programmes = IMAGES / "report-programmes.png"
        box = page.locator("#program").bounding_box()
        assert box is not None
        page.screenshot(
            path=str(programmes), full_page=True, clip={"x": 0, "y": box["y"], "width": 1100, "height": 900}
        )
        written.append(programmes)
        browser.close()
    return written


def main() -> None:
    """Write every picture into docs/images/ and list them."""
    IMAGES.mkdir(exist_ok=True)
    tp.set_language("id")
    ex = tp.load_example("bogor")
    policy = tp.Policy(
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        continuity_floor=0.7,
        commitment_cap=0.4,
    )
    plan = tp.optimize(ex.catalog, ex.budget, policy=policy, mip_gap=1e-4).check()
    eff = plan.efficiency()
    cont = plan.continuity(previous=ex.folder / "previous_masterplan.csv")
    prog = plan.progress(ex.folder / "realisation.csv")
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        html = plan.report(
            Path(folder) / "laporan.html",
            efficiency=eff,
            continuity=cont,
            progress=prog,
            note="Data ilustrasi, bukan angka resmi",
        )
        written += _report_pictures(html)
    for path in written:
        print(f"{path.relative_to(IMAGES.parent.parent)}  {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
