"""A chart as inline SVG: for the HTML report, which must open without anything outside the file.

Text is drawn as paths (``svg.fonttype = "path"``), so the chart looks the same on a
machine without matplotlib's fonts; element ids are prefixed, so several charts can sit
in one page without one chart's clip paths or glyphs standing in for another's; nothing
of the chart styles the page around it.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..exceptions import ArgumentError

__all__ = ["figure_svg"]

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_STYLE = re.compile(r"\s*<style[^>]*>[^<]*</style>")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def figure_svg(figure: Any, prefix: str, close: bool = True) -> str:
    """Return a matplotlib figure as an ``<svg>`` element to put inside an HTML page.

    Parameters
    ----------
    figure : matplotlib Figure
    prefix : str
        Put before every element id of the chart (letters, digits, ``-``); give each chart
        of a page its own.
    close : bool, default True
        Close the figure afterwards (pyplot keeps figures open until closed).

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element, without XML declaration or doctype; the same
        figure gives the same text (no date, fixed id salt).
    """
    import matplotlib
    import matplotlib.pyplot as plt

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", prefix):
        raise ArgumentError(f"an SVG id prefix is a letter then letters, digits or '-' (got {prefix!r})")
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "targetplan"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    if close:
        plt.close(figure)
    text = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    text = _METADATA.sub("", text, count=1)  # the RDF block names the creator's namespaces only
    # matplotlib's one style rule (stroke joins and caps of every element) would apply to the whole
    # page once inline: it goes into the element's own attributes instead
    text = _STYLE.sub("", text, count=1)
    text = text.replace("<svg ", '<svg style="stroke-linejoin: round; stroke-linecap: butt" ', 1)
    ids = set(_ID.findall(text))
    if not ids:
        return text

    def renamed(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    # id="x", url(#x) and href="#x" (xlink:href too) name the same element
    text = re.sub(r'(\bid=")([^"]+)(?=")', renamed, text)
    text = re.sub(r"(url\(#)([^)]+)(?=\))", renamed, text)
    return re.sub(r'(href="#)([^"]+)(?=")', renamed, text)
