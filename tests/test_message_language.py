"""The messages users meet most, input problems and infeasibility reasons, in the report language.

Indonesian by default (``tp.set_language("id")``), English with ``"en"``: the same
problem gives the same rows, columns and values in both, and every word of the message
and of ``failure_cases`` in one language.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import targetplan as tp
from targetplan.exceptions import InputValidationError
from targetplan.inputs.collect import Failures
from targetplan.planning import explain_infeasibility


def catalogue_error() -> tp.CatalogValidationError:
    frame = pd.DataFrame(
        {"id": ["A", "B"], "name": ["a", "b"], "priority": ["tinggi", "2"], "cost_2024": [1e9, -5], "mode": ["x", ""]}
    )
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.Catalog.from_frame(frame)
    return info.value


def test_the_default_language_is_indonesian() -> None:
    assert tp.get_language() == "id"


def test_the_same_catalogue_problems_in_indonesian_and_english(indonesian: None) -> None:
    id_ = catalogue_error()
    tp.set_language("en")
    en = catalogue_error()
    assert str(id_).startswith("3 masalah ditemukan di DataFrame (katalog program):")
    assert "baris 0, id A, kolom 'priority': bukan angka (nilai: 'tinggi'). Perbaiki: tulis prioritas" in str(id_)
    assert "baris 1, id B, kolom 'cost_2024': di bawah 0" in str(id_)
    assert "mode tidak dikenal" in str(id_)
    assert str(en).startswith("3 problems found in DataFrame (programme catalogue):")
    assert "row 0, id A, column 'priority': not a number (value: 'tinggi'). Fix: write the priority" in str(en)
    assert "unknown mode" in str(en)
    # the same places and values, the words in one language each
    cols = ["row", "id", "column", "value"]
    assert id_.failure_cases[cols].equals(en.failure_cases[cols])
    assert (id_.lang, en.lang) == ("id", "en")
    assert not any("not a number" in p or "write" in f for p, f in id_.failure_cases[["problem", "fix"]].to_numpy())
    assert not any("bukan" in p or "tulis" in f for p, f in en.failure_cases[["problem", "fix"]].to_numpy())


def test_budget_and_policy_problems_in_both_languages(indonesian: None) -> None:
    with pytest.raises(tp.BudgetValidationError) as info:
        tp.Budget(ceilings={2024: 1e9, 2026: 1e9}, reserve=1.5)
    text = str(info.value)
    assert "pagu melompati tahun 2025" in text and "harus di bawah 1" in text and "Perbaiki" in text
    tp.set_language("en")
    with pytest.raises(tp.BudgetValidationError) as info:
        tp.Budget(ceilings={2024: 1e9, 2026: 1e9}, reserve=1.5)
    assert "ceilings skip the years 2025" in str(info.value)
    assert "Input should be less than 1" in str(info.value)
    with pytest.raises(tp.PolicyValidationError, match="true/false where a number is expected"):
        tp.Policy(continuity_floor=True)
    tp.set_language("id")
    with pytest.raises(tp.PolicyValidationError, match="ya/tidak di tempat angka"):
        tp.Policy(continuity_floor=True)


def test_infeasibility_reasons_in_both_languages(indonesian: None) -> None:
    catalog = tp.Catalog.from_frame(
        pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1], "cost_2024": [5e9], "mandatory": [True]})
    )
    budget = tp.Budget(ceilings={2024: 4e9})
    with pytest.raises(tp.InfeasiblePlanError) as info:
        tp.optimize(catalog, budget)
    assert str(info.value).startswith("tidak ada rencana yang memenuhi semua aturan; yang bertentangan:")
    assert info.value.reasons == [
        "2024: program wajib saja (A) memerlukan Rp 5 M, Rp 1 M di atas pagu dikurangi cadangan Rp 4 M"
    ]
    tp.set_language("en")
    with pytest.raises(tp.InfeasiblePlanError) as info:
        tp.optimize(catalog, budget)
    assert str(info.value).startswith("no plan satisfies every rule; what conflicts:")
    assert info.value.reasons == [
        "2024: mandatory programmes alone (A) need IDR 5 bn, IDR 1 bn above the ceiling less reserve IDR 4 bn"
    ]
    assert explain_infeasibility(catalog, budget, lang="id")[0].startswith("2024: program wajib saja")
    failed = tp.optimize(catalog, budget, raise_on_failure=False)
    assert failed.message.startswith("no plan satisfies every rule: 2024: mandatory programmes alone")


def test_plan_file_problems_in_both_languages(tmp_path: Path, indonesian: None) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(tp.PlanFileError, match=r"bukan berkas rencana targetplan.*Perbaiki: berikan berkas"):
        tp.read_plan(path)
    tp.set_language("en")
    with pytest.raises(tp.PlanFileError, match=r"not a targetplan plan file.*Fix: give a file written by"):
        tp.read_plan(path)


def test_a_language_can_be_asked_for_one_error() -> None:
    failures = Failures()
    failures.add(2, "A", "priority", "x", ("bukan angka", "not a number"), ("tulis angka", "write a number"))
    for lang, head in (("id", "1 masalah ditemukan"), ("en", "1 problem found")):
        with pytest.raises(tp.CatalogValidationError, match=head):
            failures.raise_if_any(tp.CatalogValidationError, "x.csv", lang=lang)


def test_an_error_made_directly_is_english_unless_told() -> None:
    rows = [
        {"row": 1, "id": None, "column": "a", "value": 1, "problem": ("masalah", "trouble"), "fix": ("ini", "this")}
    ]
    assert str(InputValidationError(rows, "f.csv")).startswith("1 problem found in f.csv (input):\n  - row 1")
    assert "Perbaiki: ini" in str(InputValidationError(rows, "f.csv", lang="id"))


def test_the_command_line_speaks_the_language_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from targetplan.cli import main

    path = tmp_path / "p.csv"
    path.write_text("id,name,priority,cost_2024\nA,a,x,1\n", encoding="utf-8")
    before = tp.get_language()
    try:
        assert main(["validate", str(path), "--lang", "id"]) == 2
        assert "bukan angka" in capsys.readouterr().err
        assert main(["validate", str(path), "--lang", "en"]) == 2
        assert "not a number" in capsys.readouterr().err
    finally:
        tp.set_language(before)
