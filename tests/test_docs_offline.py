"""The documentation site builds (``mkdocs build --strict``) and works with no network.

Planning offices often read the documentation on a machine without internet, from a
copied ``site/`` folder or an office server. Every page must then look as it does online:
no script, style sheet, font, image or frame is fetched from elsewhere, the formulas of
"The model" are typeset by the MathJax shipped with the site, and the search runs from
the file system. The site is built once into a temporary folder; the static checks read
its files, and the browser checks open its pages in headless Chromium with the network
cut off and Chromium's network log on (skipped only where no Chromium is installed).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "docs" / "javascripts" / "vendor"

# An address that makes the browser go to the network: http(s) or protocol-relative.
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
# Attributes whose value the browser fetches by itself (an <a href> waits for a click).
FETCHED = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# CSS that fetches: url(...) and @import, written in a style sheet, a <style>, a style
# attribute or a script that builds CSS.
CSS_REMOTE = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
    re.IGNORECASE,
)
# Markup inside a script that would fetch once inserted (<script src="https://...">),
# and a worker's importScripts("https://...").
JS_REMOTE = re.compile(
    r"""(?:<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*\\?['"]|importScripts\(\s*['"])"""
    r"""((?:https?:)?//[^'"\\\s]+)""",
    re.IGNORECASE,
)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


# --------------------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built with ``mkdocs build --strict`` into a temporary folder."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    out = tmp_path_factory.mktemp("docs") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-4000:]}"
    return out


@pytest.mark.slow
def test_the_site_builds_with_pages_a_folder_can_open(site: Path) -> None:
    # The offline plugin writes page.html links (a folder opened in a browser does not
    # turn model/ into model/index.html) and the search index as a script.
    assert (site / "index.html").is_file()
    assert (site / "model.html").is_file()
    assert (site / "api" / "planning.html").is_file()
    assert (site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="model.html"' in index


class _Links(HTMLParser):
    """Collect the href of every <a> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


@pytest.mark.slow
def test_every_link_between_pages_opens_a_file_from_a_folder(site: Path) -> None:
    # Opened from a folder, a link works only if it names a file: "guide/" shows a file
    # list, "/model.html" points to the root of the disk. (404.html is shown by a web server
    # for any address, so its links start at the server's root on purpose.)
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            if re.match(r"^([a-z][a-z0-9+.-]*:|//|#)", href, re.IGNORECASE):
                continue  # another site, mail, or a place on the same page
            target = href.split("#", 1)[0].split("?", 1)[0]
            if href.startswith("/") or not (page.parent / target).resolve().is_file():
                broken.append(f"{page.relative_to(site).as_posix()}: {href}")
    assert broken == [], "links that do not open a page from the folder:\n" + "\n".join(broken[:40])


# --------------------------------------------------------------------------- static checks


class _Fetches(HTMLParser):
    """Collect every address an HTML page makes the browser fetch, and its inline CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in FETCHED.get(tag, ()):
            if name in values:
                # srcset lists "address width" pairs separated by commas
                parts = values[name].split(",") if name == "srcset" else [values[name]]
                self.addresses.extend(part.strip().split(" ")[0] for part in parts)
        if "style" in values:
            self.css.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def remote_addresses(site: Path) -> list[str]:
    """Every remote address the site's HTML, CSS and JavaScript files would fetch, with its file."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = _Fetches()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [f"{where}: {a}" for a in parser.addresses if REMOTE.match(a)]
            found += [f"{where}: {m}" for css in parser.css for m in CSS_REMOTE.findall(css)]
        elif path.suffix == ".css":
            found += [f"{where}: {m}" for m in CSS_REMOTE.findall(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8")
            found += [f"{where}: {m}" for m in CSS_REMOTE.findall(text) + JS_REMOTE.findall(text)]
    return found


def test_the_checker_finds_remote_addresses(tmp_path: Path) -> None:
    # The static check must be able to fail: one page, sheet and script of each kind.
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example.org/css">'
        '<script src="//cdn.example.org/x.js"></script><img srcset="local.png 1x, http://img.example.org/2x.png 2x">'
        '<div style="background: url(https://bg.example.org/a.png)"></div>'
        '<style>@import "//css.example.org/b.css";</style>'
        '<a href="https://example.org/page">a link is not a fetch</a><script src="local.js"></script>',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text("@font-face{src:url('https://font.example.org/f.woff2')}", encoding="utf-8")
    (tmp_path / "c.js").write_text(
        "el.innerHTML='<iframe src=\"https://frame.example.org/\"></iframe>';importScripts('https://w.example.org/w.js')",
        encoding="utf-8",
    )
    assert sorted(remote_addresses(tmp_path)) == [
        "a.html: //cdn.example.org/x.js",
        "a.html: //css.example.org/b.css",
        "a.html: http://img.example.org/2x.png",
        "a.html: https://bg.example.org/a.png",
        "a.html: https://fonts.example.org/css",
        "b.css: https://font.example.org/f.woff2",
        "c.js: https://frame.example.org/",
        "c.js: https://w.example.org/w.js",
    ]


@pytest.mark.slow
def test_no_page_fetches_from_the_network(site: Path) -> None:
    pages_by_address: dict[str, list[str]] = {}
    for found in remote_addresses(site):
        page, address = found.split(": ", 1)
        pages_by_address.setdefault(address, []).append(page)
    assert pages_by_address == {}, (
        "the documentation site must work without internet; ship these files with the site "
        "(docs/javascripts/vendor/) or turn the feature off in mkdocs.yml:\n"
        + "\n".join(
            f"{address}  (in {pages[0]} and {len(pages) - 1} more)" for address, pages in pages_by_address.items()
        )
    )


@pytest.mark.slow
def test_no_page_wakes_a_remote_loader_of_the_theme(site: Path) -> None:
    # Material's script fetches by itself in two cases the static check cannot see: the live
    # GitHub facts of the repository link (turned off by docs/_overrides/partials/source.html)
    # and Mermaid diagrams (loaded from a CDN). The browser test below would catch them too.
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert [name for name, html in pages.items() if 'data-md-component="source"' in html] == []
    assert [name for name, html in pages.items() if re.search(r'class="[^"]*\bmermaid\b', html)] == []


@pytest.mark.slow
def test_the_model_page_carries_its_formulas_for_the_shipped_mathjax(site: Path) -> None:
    html = (site / "model.html").read_text(encoding="utf-8")
    # the settings, which load MathJax from next to themselves on pages with formulas
    assert '<script src="javascripts/mathjax.js">' in html
    assert "vendor/mathjax/tex-svg-full.js" in (site / "javascripts" / "mathjax.js").read_text(encoding="utf-8")
    assert (site / "javascripts" / "vendor" / "mathjax" / "tex-svg-full.js").stat().st_size > 1_000_000
    assert (site / "javascripts" / "vendor" / "mathjax" / "LICENSE").is_file()
    assert len(re.findall(r'<span class="arithmatex">', html)) > 50


def test_the_shipped_files_are_the_ones_recorded_with_their_licences() -> None:
    # docs/javascripts/vendor/SOURCES.txt names each file, its package and its checksum.
    sources = (VENDOR / "SOURCES.txt").read_text(encoding="utf-8")
    recorded = re.findall(
        r"^(\S+\.js)\s+npm (\S+) (\S+),.*?file sha256 ([0-9a-f]{64})", sources, re.MULTILINE | re.DOTALL
    )
    assert {name for name, *_ in recorded} == {"mathjax/tex-svg-full.js", "iframe-worker/shim.js"}
    for name, _package, _version, digest in recorded:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} differs from SOURCES.txt"
        assert (VENDOR / name).parent.joinpath("LICENSE").is_file(), f"ship the licence of {name}"
    shipped = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert shipped == {"SOURCES.txt"} | {name for name, *_ in recorded} | {
        f"{Path(name).parent.as_posix()}/LICENSE" for name, *_ in recorded
    }


# --------------------------------------------------------------------------- in a browser, offline


def _browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[BrowserRun]:
    """Headless Chromium with the network cut off, its network log kept; skipped where none is installed."""
    binary = _browser()
    if binary is None:
        pytest.skip(f"no Chromium found (looked for {', '.join(BROWSERS)}); install it to check the site offline")
    yield BrowserRun(binary, tmp_path)


class BrowserRun:
    """Open one address in headless Chromium offline; return the page after its scripts ran, and what it fetched."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.binary = binary
        self.folder = folder
        self.runs = 0

    def open(self, url: str, *, screenshot: Path | None = None) -> tuple[str, list[str]]:
        """The page's DOM after its scripts ran, and every network request a page made."""
        self.runs += 1
        profile = self.folder / f"profile{self.runs}"
        netlog = self.folder / f"net{self.runs}.json"
        command = [
            self.binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            # no name resolves: nothing leaves the machine even if a page asks for it ...
            "--host-resolver-rules=MAP * ~NOTFOUND",
            # ... and every request a page starts is written down all the same
            f"--log-net-log={netlog}",
            # time inside the page, not on the clock: the scripts finish however slow the machine
            "--virtual-time-budget=20000",
            "--window-size=1200,1600",
        ]
        command += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
        done = subprocess.run([*command, url], capture_output=True, text=True, timeout=300, cwd=self.folder)
        assert done.returncode == 0, f"Chromium failed on {url}:\n{done.stderr[-3000:]}"
        return done.stdout, page_requests(netlog)


def page_requests(netlog: Path) -> list[str]:
    """The addresses of the requests pages started (not the browser's own update checks) in a network log."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return sorted(
        {
            event["params"]["url"]
            for event in log["events"]
            if event["type"] == start
            # a page's request names the page's origin ("null" for a file); the browser's own
            # background requests (updates, sign-in) have none
            and event["params"].get("initiator", "not an origin") != "not an origin"
        }
    )


def frame_all(pages: list[Path], folder: Path) -> Path:
    """One page that opens every given page in a frame, so that one browser run loads them all."""
    frames = "\n".join(f'<iframe src="{page.as_uri()}" width="600" height="400"></iframe>' for page in pages)
    harness = folder / "all-pages.html"
    harness.write_text(f"<!doctype html><html><body>\n{frames}\n</body></html>", encoding="utf-8")
    return harness


def test_the_browser_check_sees_a_page_that_fetches(chromium: BrowserRun, tmp_path: Path) -> None:
    # The network check must be able to fail: a framed page asking a CDN for a script and
    # a picture is caught, although no name resolves.
    page = tmp_path / "fetching.html"
    page.write_text(
        '<script src="https://cdn.example.org/lib.js"></script><img src="http://img.example.org/a.png">',
        encoding="utf-8",
    )
    _, requests = chromium.open(frame_all([page], tmp_path).as_uri())
    assert requests == ["http://img.example.org/a.png", "https://cdn.example.org/lib.js"]


@pytest.mark.slow
def test_no_page_of_the_site_fetches_in_a_browser(site: Path, chromium: BrowserRun, tmp_path: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 25
    _, requests = chromium.open(frame_all(pages, tmp_path).as_uri())
    assert requests == [], "pages of the documentation fetched from the network:\n" + "\n".join(requests)


@pytest.mark.slow
def test_the_formulas_of_the_model_page_are_typeset_offline(site: Path, chromium: BrowserRun) -> None:
    built = (site / "model.html").read_text(encoding="utf-8")
    formulas = built.count('class="arithmatex"')
    assert "\\(" in built  # before the browser: TeX, as pymdownx.arithmatex writes it

    dom, requests = chromium.open((site / "model.html").as_uri())
    assert requests == []
    assert 'src="file://' in dom and "/javascripts/vendor/mathjax/tex-svg-full.js" in dom
    # MathJax replaced every formula by its output (SVG drawing and hidden MathML for
    # screen readers), and no raw TeX is left for the reader to see.
    assert dom.count("<mjx-container") == formulas
    assert dom.count("<svg") >= formulas
    visible = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.DOTALL)
    leftovers = [m for m in ("\\(", "\\)", "\\[", "\\]") if m in visible]
    assert leftovers == [], f"raw TeX left on the model page: {leftovers}"
    errors = re.findall(r'<merror\b|data-mml-node="merror"', visible)
    assert errors == [], "MathJax could not read a formula of docs/model.md (shown in red on the page)"


@pytest.mark.slow
def test_the_search_works_from_the_file_system(site: Path, chromium: BrowserRun) -> None:
    # ?q= opens the search with that query; browsers refuse web workers on file:// pages,
    # so this only finds anything through the shipped iframe-worker shim and inlined index.
    dom, requests = chromium.open((site / "index.html").as_uri() + "?q=ceiling")
    assert requests == []
    assert "tex-svg-full.js" not in dom  # a page without formulas does not load MathJax
    results = re.search(r'class="md-search-result__meta">\s*(\d+) matching documents?', dom)
    assert results is not None, "the search found nothing, or did not run, on the page opened from a folder"
    assert int(results.group(1)) > 3
