"""Helpers shared by the tests (import with ``from helpers import ...``)."""

from __future__ import annotations

import pandas as pd

import targetplan as tp


def make_catalog(rows: list[dict], horizon: tuple[int, int] | None = None) -> tp.Catalog:
    """Build a catalogue from dicts; ``name`` defaults to the id."""
    frame = pd.DataFrame([{"name": r["id"], **r} for r in rows])
    return tp.Catalog.from_frame(frame, horizon=horizon)
