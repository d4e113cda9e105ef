"""Rupiah formatting in Indonesian and English style, and the default report language."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest

import targetplan as tp
from targetplan.text.money import format_money


@pytest.fixture(autouse=True)
def indonesian_by_default() -> Iterator[None]:
    """Every test starts and ends with the default language, Indonesian."""
    tp.set_language("id")
    yield
    tp.set_language("id")


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (0, "Rp 0", "IDR 0"),
        (750, "Rp 750", "IDR 750"),
        (1_000, "Rp 1 rb", "IDR 1 k"),
        (12_500, "Rp 12,5 rb", "IDR 12.5 k"),
        (1_000_000, "Rp 1 jt", "IDR 1 m"),
        (2_500_000, "Rp 2,5 jt", "IDR 2.5 m"),
        (250_000_000, "Rp 250 jt", "IDR 250 m"),
        (1_000_000_000, "Rp 1 M", "IDR 1 bn"),
        (1_250_000_000, "Rp 1,25 M", "IDR 1.25 bn"),
        (38_150_000_000, "Rp 38,15 M", "IDR 38.15 bn"),
        (255_000_000_000, "Rp 255 M", "IDR 255 bn"),
        (1_000_000_000_000, "Rp 1 T", "IDR 1 tn"),
        (2_900_000_000_000, "Rp 2,9 T", "IDR 2.9 tn"),
        (1_234_500_000_000_000, "Rp 1.234,5 T", "IDR 1,234.5 tn"),
    ],
)
def test_scales(amount: float, indonesian: str, english: str) -> None:
    assert format_money(amount) == indonesian
    assert format_money(amount, lang="id") == indonesian
    assert format_money(amount, lang="en") == english


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (-3_700_000_000, "-Rp 3,7 M", "-IDR 3.7 bn"),
        (-500_000, "-Rp 500 rb", "-IDR 500 k"),
        (-2_900_000_000_000, "-Rp 2,9 T", "-IDR 2.9 tn"),
        (-0.0, "Rp 0", "IDR 0"),
    ],
)
def test_negatives(amount: float, indonesian: str, english: str) -> None:
    assert format_money(amount) == indonesian
    assert format_money(amount, lang="en") == english


@pytest.mark.parametrize(
    ("amount", "decimals", "expected"),
    [
        (1_234_900_000, 2, "Rp 1,23 M"),
        (1_235_100_000, 2, "Rp 1,24 M"),
        (1_299_999_999, 2, "Rp 1,3 M"),  # trailing zero dropped
        (1_260_000_000, 1, "Rp 1,3 M"),
        (2_900_000_000_000, 0, "Rp 3 T"),
        (38_150_000_000, 0, "Rp 38 M"),
        (999_600_000, 2, "Rp 1 M"),  # rounds up into the next unit, not 'Rp 1.000 jt'
        (999_400_000, 2, "Rp 999,4 jt"),
        (999_999, 2, "Rp 1 jt"),
        (1_999, 0, "Rp 2 rb"),
    ],
)
def test_rounding(amount: float, decimals: int, expected: str) -> None:
    assert format_money(amount, decimals=decimals) == expected


def test_numpy_numbers_and_missing() -> None:
    assert format_money(np.float64(1.5e9)) == "Rp 1,5 M"
    assert format_money(np.int64(2_000_000)) == "Rp 2 jt"
    assert format_money(float("nan")) == "-"
    assert format_money(None) == "-"  # type: ignore[arg-type]


def test_rounding_half_up() -> None:
    assert format_money(2_500_000, decimals=0) == "Rp 3 jt"
    assert format_money(3_500_000, decimals=0) == "Rp 4 jt"
    assert format_money(1_250_000_000, decimals=1) == "Rp 1,3 M"


def test_set_language_changes_the_default() -> None:
    assert tp.get_language() == "id"
    tp.set_language("en")
    assert tp.get_language() == "en"
    assert format_money(3e9) == "IDR 3 bn"
    assert format_money(3e9, lang="id") == "Rp 3 M"  # an explicit language wins
    assert "IDR" in repr(tp.Budget(ceilings={2024: 3e9}))
    tp.set_language("id")
    assert format_money(3e9) == "Rp 3 M"
    assert format_money(3e9, lang="en") == "IDR 3 bn"
    assert "Rp 3 M" in repr(tp.Budget(ceilings={2024: 3e9}))


def test_set_language_rejects_unknown() -> None:
    with pytest.raises(tp.TargetplanError, match=r"unknown language 'fr'; use 'id' \(Indonesian\) or 'en'"):
        tp.set_language("fr")  # type: ignore[arg-type]
    assert tp.get_language() == "id"


def test_format_money_rejects_unknown_language() -> None:
    with pytest.raises(tp.TargetplanError, match="unknown language"):
        format_money(1e9, lang="fr")  # type: ignore[arg-type]
    with pytest.raises(tp.TargetplanError, match="unknown language 'fr'"):
        tp.format_number(1.5, lang="fr")  # type: ignore[arg-type]
    with pytest.raises(tp.TargetplanError, match="unknown language 'fr'"):
        tp.format_percent(0.5, lang="fr")  # type: ignore[arg-type]


def test_infinite_amounts_are_a_dash() -> None:
    assert format_money(math.inf) == "-"
    assert format_money(-math.inf) == "-"
    assert tp.format_number(math.inf) == "-"
    assert tp.format_percent(math.inf) == "-"


def test_no_negative_zero() -> None:
    assert format_money(-0.4) == "Rp 0"
    assert tp.format_number(-0.001, 2) == "0,00"


def test_format_number_rounds_half_up() -> None:
    assert tp.format_number(2.5, 0) == "3"
    assert tp.format_number(-2.5, 0) == "-3"
    assert tp.format_number(1.005, 2, lang="en") == "1.01"
    assert tp.format_percent(0.1625, 1, lang="en") == "16.3%"
