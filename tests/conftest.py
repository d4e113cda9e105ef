"""Shared fixtures: the illustrative Bogor sample and small hand-made catalogues."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import pytest

import targetplan as tp
from helpers import make_catalog


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English for the test (the library's default language is Indonesian); restored afterwards."""
    before = tp.get_language()
    tp.set_language("en")
    try:
        yield
    finally:
        tp.set_language(before)


@pytest.fixture
def indonesian() -> Iterator[None]:
    """Messages in Indonesian for the test (whatever the language before it); restored afterwards."""
    before = tp.get_language()
    tp.set_language("id")
    try:
        yield
    finally:
        tp.set_language(before)


@pytest.fixture(scope="session")
def bogor() -> tp.Example:
    """The illustrative Bogor sample (catalogue, budget with limits, previous masterplan, realisation)."""
    return tp.load_example("bogor")


@pytest.fixture(scope="session")
def bogor_plan(bogor: tp.Example) -> tp.Plan:
    """The sample planned with default policy, to a 1e-4 gap."""
    return tp.optimize(bogor.catalog, bogor.budget, mip_gap=1e-4)


@pytest.fixture
def small_catalog() -> tp.Catalog:
    """Three whole programmes in one year: the best pair under 8e9 is A + C (value 10)."""
    return make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 5e9},
            {"id": "B", "priority": 5, "cost_2024": 4e9},
            {"id": "C", "priority": 4, "cost_2024": 3e9},
        ]
    )
