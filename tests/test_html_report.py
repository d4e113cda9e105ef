"""The HTML report for people: contents, language, escaping, sections by what is given, self-containment."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog
from targetplan.cli import main
from targetplan.plotting import figure_svg
from targetplan.reports import render_report
from targetplan.reports.html import css_string

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def tiny() -> tp.Plan:
    """Four programmes over two years, one with a hostile name and agency; one left out."""
    catalog = make_catalog(
        [
            {"id": "A", "name": HOSTILE, "agency": "Dinas <b>&</b>", "priority": 6, "cost_2024": 5e9, "cost_2025": 1e9},
            {"id": "B", "name": "Fiber optik", "priority": 5, "cost_2024": 4e9, "status": "continuing"},
            {"id": "C", "name": "Wi-Fi publik", "priority": 4, "cost_2024": 3e9, "cost_2025": 2e9},
            {"id": "D", "name": "Kartu pintar", "priority": 1, "cost_2025": 9e9},
        ]
    )
    budget = tp.Budget(ceilings={2024: 8e9, 2025: 4e9})
    return tp.optimize(catalog, budget).check()


def _page(plan: tp.Plan | None = None, **options: object) -> str:
    options.setdefault("rules", False)
    return render_report(plan, **options)  # type: ignore[arg-type]


def test_a_hostile_name_is_shown_as_text_never_as_markup(tiny: tp.Plan) -> None:
    page = _page(tiny, title=f"Laporan {HOSTILE} </style>", note=HOSTILE, lang="id")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Dinas &lt;b&gt;&amp;&lt;/b&gt;" in page
    assert page.count("</style>") == 1  # the title in the page footer is a CSS string, escaped
    assert page.count("</title>") == 1


def test_the_page_needs_nothing_from_outside_the_file(tiny: tp.Plan) -> None:
    page = _page(tiny, lang="id")
    assert "<svg" in page  # the charts are inline
    for needle in ("<script", "<link", "<img", "<iframe", "@import", " src=", "@font-face"):
        assert needle not in page.lower(), needle
    assert not re.findall(r"url\((?!#)", page)  # only references inside the page
    # the only addresses are XML namespaces of the inline SVG, which are never fetched
    addresses = set(re.findall(r"https?://[^\s\"')]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_every_chart_id_is_unique_in_the_page(tiny: tp.Plan) -> None:
    ids = re.findall(r'\bid="([^"]+)"', _page(tiny, lang="id"))
    assert len(ids) == len(set(ids))
    assert sum(1 for i in ids if i.startswith("chart1-")) > 0
    assert sum(1 for i in ids if i.startswith("chart2-")) > 0


def test_indonesian_by_default_and_english_on_request(tiny: tp.Plan, indonesian: None) -> None:
    page = _page(tiny)
    assert '<html lang="id">' in page
    for text in ("Ringkasan", "Anggaran per tahun", "Program dalam rencana", "Program yang tidak masuk", "Pagu"):
        assert text in page
    assert tp.format_money(8e9, "id") in page  # Rp 8 M, the 2024 ceiling
    english = _page(tiny, lang="en")
    assert '<html lang="en">' in english
    for text in ("Summary", "Budget per year", "Programmes in the plan", "Programmes left out", "IDR 8 bn"):
        assert text in english
    assert "Ringkasan" not in english


def test_the_language_set_for_the_process_is_the_report_language(tiny: tp.Plan, english: None) -> None:
    page = _page(tiny)
    assert "Summary" in page and "Ringkasan" not in page


def test_the_summary_says_status_value_and_spending_in_sentences(tiny: tp.Plan) -> None:
    page = _page(tiny, lang="id")
    sel = tiny.selection
    assert f"{int(sel['runs'].sum())} dari {len(sel)} program masuk rencana" in page
    allocated = float(tiny.yearly["allocated"].sum())
    assert f"Alokasi 2024–2025: {tp.format_money(allocated, 'id')} dari pagu {tp.format_money(12e9, 'id')}" in page
    assert "terbukti yang terbaik" in page


def test_a_proven_gap_is_said_as_a_guarantee(tiny: tp.Plan) -> None:
    stopped = tp.Plan.from_choices(
        tiny.catalog,
        tiny.budget,
        tiny.policy,
        tiny.start_years,
        tiny.levels,
        status=tp.SolveStatus.FEASIBLE,
        mip_gap=0.0123,
        solver="highs",
    )
    page = _page(stopped, lang="id", efficiency=False)
    assert "Jaminan: paling jauh 1,2% dari yang terbaik" in page
    assert "batas waktunya" in page
    english = _page(stopped, lang="en", efficiency=False)
    assert "Guarantee: at most 1.2% from the best" in english


def test_a_failed_plan_says_why_and_shows_no_tables(tiny: tp.Plan) -> None:
    why = "pagu 2024 terlalu kecil"
    failed = tp.Plan.failed(tiny.catalog, tiny.budget, tiny.policy, tp.SolveStatus.INFEASIBLE, why)
    page = _page(failed, lang="id")
    assert "Tidak ada rencana: pagu 2024 terlalu kecil" in page
    assert 'id="anggaran"' not in page


def test_sections_follow_what_is_given(tiny: tp.Plan, bogor: tp.Example, bogor_plan: tp.Plan) -> None:
    bare = _page(tiny, lang="id", efficiency=False)
    for section in ("ringkasan", "anggaran", "program", "tidak-masuk", "tentang"):
        assert f'id="{section}"' in bare
    for section in ("aturan", "keberlanjutan", "kemajuan", "perubahan", "skenario", "kurva"):
        assert f'id="{section}"' not in bare
    assert 'id="aturan"' in _page(tiny, lang="id")  # the manual rankings come with the efficiency report
    full = _page(
        bogor_plan,
        lang="id",
        efficiency=False,
        previous=bogor.folder / "previous_masterplan.csv",
        progress=bogor.folder / "realisation.csv",
        changes=bogor_plan,
    )
    for section in ("keberlanjutan", "kemajuan", "perubahan"):
        assert f'id="{section}"' in full
    assert "Indeks keberlanjutan" in full and "Capaian masterplan s.d. 2023" in full
    assert "Tidak ada perubahan dari rencana yang disetujui." in full


def test_changes_from_an_approved_plan_are_listed_in_the_words_of_a_replan(tiny: tp.Plan) -> None:
    smaller = tp.optimize(tiny.catalog, tiny.budget.scale(0.6))
    page = _page(smaller, lang="id", efficiency=False, changes=tiny)
    changes = tp.plan_changes(tiny, smaller)
    assert len(changes)
    assert f"{len(changes)} program berubah dari rencana yang disetujui" in page
    assert "dihentikan" in page


def test_rules_and_reasons_when_computed(tiny: tp.Plan) -> None:
    eff = tiny.efficiency(marginal=False)
    eff.explain()
    page = _page(tiny, lang="id", efficiency=eff, rules=True)
    left = [p for p in tiny.catalog.ids if p not in tiny.selected_ids]
    assert left
    for pid in left:
        assert eff.why(pid) in page  # the reason, as the efficiency report words it
    assert "Harga aturan dan pembanding" in page
    without = _page(tiny, lang="id", efficiency=eff, rules=False)
    assert "Alasan per program tidak dihitung" in without


def test_a_study_report_compares_the_scenarios(tiny: tp.Plan) -> None:
    study = tp.compare(tiny.catalog, {"base": tiny.budget, "APBD -40%": tiny.budget.scale(0.6)}, progress=False)
    page = render_report(study=study, lang="id")
    assert 'id="skenario"' in page and 'id="anggaran"' not in page
    assert "Perbedaan terhadap skenario base" in page
    assert "Perbandingan skenario anggaran 2024–2025" in page
    diff = study.diff("base", "APBD -40%")
    for pid in diff.index[diff["change"] == "leave"]:
        assert pid in page
    # the about section says whose ceilings it names: the base scenario's, not "the" ceiling
    total = tp.format_money(float(sum(tiny.budget.ceilings.values())), "id")
    assert f"Pagu skenario base: {total}" in page
    english = render_report(study=study, lang="en", base="APBD -40%")
    assert "Ceilings of the APBD -40% scenario:" in english


def test_study_report_writes_the_file_and_can_hold_a_plan(tiny: tp.Plan, tmp_path: Path) -> None:
    study = tp.compare(tiny.catalog, {"base": tiny.budget, "kecil": tiny.budget.scale(0.6)}, progress=False)
    path = study.report(tmp_path / "skenario.html", plan="base", rules=False)
    page = path.read_text(encoding="utf-8")
    assert 'id="anggaran"' in page and 'id="skenario"' in page


def test_frontier_section(tiny: tp.Plan) -> None:
    front = tp.frontier(tiny.catalog, tiny.budget, scales=[0.5, 1.0, 1.5], progress=False)
    page = _page(tiny, lang="en", efficiency=False, frontier=front)
    assert 'id="kurva"' in page and "Value against the size of the budget" in page


def test_plan_report_writes_one_file(tiny: tp.Plan, tmp_path: Path) -> None:
    path = tiny.report(tmp_path / "sub" / "laporan.html", rules=False, lang="en")
    assert path == tmp_path / "sub" / "laporan.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in path.parent.iterdir()] == ["laporan.html"]  # nothing beside it


def test_wrong_arguments_are_targetplan_errors(tiny: tp.Plan) -> None:
    with pytest.raises(tp.ArgumentError, match="give a plan or a study"):
        render_report()
    with pytest.raises(tp.ArgumentTypeError, match="efficiency= takes"):
        _page(tiny, efficiency="yes")
    with pytest.raises(tp.ArgumentTypeError, match="changes= takes the approved Plan"):
        _page(tiny, changes=pd.DataFrame())
    with pytest.raises(tp.ArgumentError, match="another plan"):
        other = tp.optimize(tiny.catalog, tiny.budget.scale(0.9))
        _page(tiny, efficiency=other.efficiency(marginal=False, rules=False))
    with pytest.raises(tp.ArgumentError, match="unknown language"):
        _page(tiny, lang="fr")
    with pytest.raises(tp.ArgumentError, match="needs the price of the rules"):
        _page(tiny, rules=False, why_not=True)
    study = tp.compare(tiny.catalog, {"base": tiny.budget}, progress=False)
    with pytest.raises(tp.ArgumentError, match="'nope' is not a scenario"):
        render_report(study=study, base="nope")


def test_the_template_is_package_data() -> None:
    folder = resources.files("targetplan.reports").joinpath("templates")
    assert folder.joinpath("report.html.j2").is_file()
    assert folder.joinpath("report.css").is_file()


def test_figure_svg_prefixes_ids_and_drops_the_prologue() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    text = figure_svg(fig, "x1")
    assert text.startswith("<svg") and "<?xml" not in text and "<metadata" not in text
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert ids and all(i.startswith("x1-") for i in ids)
    refs = re.findall(r'(?:url\(#|href="#)([^)"]+)', text)
    assert refs and set(refs) <= set(ids)
    with pytest.raises(tp.ArgumentError, match="prefix"):
        figure_svg(plt.figure(), "1 bad")


def test_css_string_cannot_end_the_style_element() -> None:
    quoted = css_string('a"b\\c\n</style>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "\n" not in quoted


def test_cli_report_writes_html_and_refuses_an_input_as_output(
    tiny: tp.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tiny.to_json(tmp_path / "plan.json")
    html = tmp_path / "laporan.html"
    assert main(["report", str(plan_file), "--no-marginal", "--html", str(html), "--lang", "id"]) == 0
    assert "laporan ditulis ke" in capsys.readouterr().out
    assert "Ringkasan" in html.read_text(encoding="utf-8")
    assert main(["report", str(plan_file), "--html", str(plan_file)]) == 2
    assert "adalah berkas rencana yang sedang dibaca" in capsys.readouterr().err
    assert main(["report", str(plan_file), "--html", str(plan_file), "--lang", "en"]) == 2
    assert "is the plan file being read" in capsys.readouterr().err
    assert main(["report", str(plan_file), "--html", str(tmp_path / "x.pdf")]) == 2
    assert "give a .html file" in capsys.readouterr().err
    out = tmp_path / "r.xlsx"
    assert main(["report", str(plan_file), "--out", str(out), "--html", str(out)]) == 2
    assert "different names" in capsys.readouterr().err
    tp.set_language("id")


def test_cli_compare_writes_the_study_report(tmp_path: Path, bogor: tp.Example) -> None:
    html = tmp_path / "skenario.html"
    args = ["compare", str(bogor.folder / "programs.csv"), "--budget", str(bogor.folder / "budget.csv")]
    assert main([*args, "--scale", "0.9,1", "--gap", "0.01", "--html", str(html), "--lang", "en"]) == 0
    page = html.read_text(encoding="utf-8")
    assert "Scenarios compared" in page and "Differences from the 1x scenario" in page
    tp.set_language("id")
