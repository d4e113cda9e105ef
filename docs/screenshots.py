"""Make the pictures of the documentation: the HTML report in a browser, and every chart of the reports.

Run with ``make screenshots`` (or ``.venv/bin/python docs/screenshots.py``): it plans the
illustrative Bogor sample as the README does, writes its report for people and takes it
in the system's headless Chromium (through Playwright, which downloads no browser of its
own), and saves each chart of the plan, efficiency, continuity, progress and study
reports as PNG into ``docs/images/``. The pages that show them: README.md and
docs/guide/reports.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import targetplan as tp  # noqa: E402
from targetplan.plotting import save_figure  # noqa: E402

IMAGES = Path(__file__).resolve().parent / "images"
#: Charts are drawn at this resolution: sharp on a screen, small in the repository.
DPI = 80


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no Chromium found: install the system package (apt-get install chromium) and run again")


def _report_pictures(html: Path) -> list[Path]:
    """The report as a person sees it: the first screen, and the programmes table further down."""
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
    study = tp.compare(ex.catalog, {"APBD -10%": ex.budget.scale(0.9), "base": ex.budget}, policy, progress=False)
    front = tp.frontier(ex.catalog, ex.budget, scales=[0.6, 0.8, 1.0, 1.2, 1.4], policy=policy, progress=False)
    charts = {
        "chart-budget.png": plan.plot_budget(),
        "chart-timeline.png": plan.plot_timeline(),
        "chart-baselines.png": eff.plot_baselines(),
        "chart-rules.png": eff.plot_rules(),
        "chart-marginal.png": eff.plot_marginal(),
        "chart-sources.png": eff.plot_sources(),
        "chart-continuity.png": cont.plot(),
        "chart-progress.png": prog.plot(),
        "chart-study.png": study.plot(),
        "chart-frontier.png": front.plot(),
    }
    written = [save_figure(ax.figure, IMAGES / name, dpi=DPI) for name, ax in charts.items()]
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
