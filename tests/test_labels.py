"""How report tables are shown to people: headings, titles, cell words, number styles.

The reports' DataFrames keep English ``snake_case`` columns and English category words
(the API); the HTML views, summaries and plots show them in Indonesian or English. Every
table of both reports must have a title, a heading for every column in both languages
and its columns listed in a docstring.
"""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import targetplan as tp
from helpers import make_catalog
from targetplan import plotting
from targetplan.planning import explain_programmes, marginal_values, rule_prices, unspent_money
from targetplan.reports import ContinuityReport, EfficiencyReport
from targetplan.text import COLUMNS, label, show_table, signed_number, signed_percent
from targetplan.text.words import BASELINE_NAMES, TABLE_TITLES, sheet_name

G = 1e9


@pytest.fixture(autouse=True)
def _indonesian_default():
    tp.set_language("id")
    yield
    tp.set_language("id")
    plt.close("all")


@pytest.fixture(scope="module")
def small_plan() -> tp.Plan:
    # T1 = 2024, T2 = 2025-2026: K (carry-over) runs across the boundary, N is new, B never fits
    cat = make_catalog(
        [
            {"id": "K", "priority": 5, "status": "continuing", "cost_2024": 2 * G, "cost_2025": 1 * G},
            {"id": "N", "priority": 4, "cost_2024": 1 * G, "cost_2025": 1 * G, "cost_2026": 1 * G},
            {"id": "B", "priority": 3, "cost_2024": 30 * G},
        ],
        horizon=(2024, 2026),
    )
    policy = tp.Policy(terms=[tp.Term("T1", 2024, 2024), tp.Term("T2", 2025, 2026)])
    budget = tp.Budget(ceilings={2024: 5 * G, 2025: 5 * G, 2026: 5 * G})
    return tp.optimize(cat, budget, policy, mip_gap=0)


PREVIOUS = pd.DataFrame(
    {
        "id": ["K", "X", "D"],
        "name": ["k", "x", "d"],
        "realised_2022": [1 * G, 2 * G, 1 * G],
        "realised_2023": [1 * G, 0, 1 * G],
        "completed": [False, False, True],
        "priority": [None, 7, None],
    }
)


@pytest.fixture(scope="module")
def eff(small_plan: tp.Plan) -> EfficiencyReport:
    report = small_plan.efficiency()
    report.explain()  # adds the "explanations" table
    return report


@pytest.fixture(scope="module")
def cont(small_plan: tp.Plan) -> ContinuityReport:
    return small_plan.continuity(PREVIOUS)


def _all_tables(eff: EfficiencyReport, cont: ContinuityReport) -> dict[str, pd.DataFrame]:
    tables = {f"efficiency.{k}": v for k, v in eff.tables.items()}
    tables.update({f"continuity.{k}": v for k, v in cont.tables.items()})
    return tables


def test_every_table_is_there(eff, cont):
    assert set(eff.tables) == {
        "yearly",
        "by_dimension",
        "by_agency",
        "baselines",
        "marginal",
        "rules",
        "unspent",
        "explanations",
    }
    assert set(cont.tables) == {"programmes", "terms", "commitments", "spanning", "previous", "previous_summary"}
    assert list(cont.spanning.index) == ["K", "N"]  # both run in 2024 and in 2025


def test_every_column_has_a_heading_in_both_languages(eff, cont):
    for name, table in _all_tables(eff, cont).items():
        for column in [*table.columns, table.index.name]:
            for lang in ("id", "en"):
                assert label(str(column), lang) != column, (name, column, lang)
            assert label(str(column), "id") != label(str(column), "en") or column in ("status", "mode"), column


def test_every_table_has_a_title_in_both_languages(eff, cont):
    for table in [*eff.tables, *cont.tables]:
        assert table in TABLE_TITLES
        indonesian, english = TABLE_TITLES[table]
        assert indonesian != english


def test_every_column_is_documented(eff, cont):
    docs = {
        "efficiency": (EfficiencyReport.__doc__ or "")
        + (marginal_values.__doc__ or "")
        + (explain_programmes.__doc__ or "")
        + (rule_prices.__doc__ or "")
        + (unspent_money.__doc__ or ""),
        "continuity": ContinuityReport.__doc__ or "",
    }
    for name, table in _all_tables(eff, cont).items():
        doc = docs[name.split(".")[0]]
        for column in [*table.columns, table.index.name]:
            shown = re.sub(r"_\d{4}$", "_<YYYY>", str(column))
            assert f"``{shown}``" in doc, (name, column)


def test_workbooks_use_the_one_column_registry(small_plan, cont, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    for lang in ("id", "en"):
        path = small_plan.to_excel(tmp_path / f"plan_{lang}.xlsx", continuity=cont, lang=lang)
        book = openpyxl.load_workbook(path, read_only=True)
        headings = {c.value for c in next(book[sheet_name("continuity_programmes", lang)].iter_rows(max_row=1))}
        headings |= {c.value for c in next(book[sheet_name("selection", lang)].iter_rows(max_row=1))}
        for column in ("decision", "start_year", "level", "runs"):
            assert COLUMNS[column].label(lang) in headings, (column, lang)
        book.close()


def test_cell_words_are_translated_in_the_view_only(cont):
    html = cont._repr_html_()
    for word in ("lanjut", "mulai", "lanjutan", "baru", "dilanjutkan", "selesai", "tidak", "ya"):
        assert f"<td>{word}</td>" in html, word
    assert "<td>continue</td>" not in html and "<td>new</td>" not in html
    # the API keeps English words
    assert set(cont.programmes["decision"]) <= {"continue", "drop", "start", "defer", "not_funded"}
    assert set(cont.programmes["status"]) == {"continuing", "new"}
    assert set(cont.previous["category"]) == {"completed", "continued", "dropped"}
    assert list(cont.previous_summary.index) == ["completed", "continued", "dropped"]
    en = cont.plan.continuity(PREVIOUS, lang="en")._repr_html_()
    assert "<td>carry-over</td>" in en and "<td>yes</td>" in en and "<td>continued</td>" in en


def test_continuity_view_numbers_in_the_language(cont):
    html = cont._repr_html_()
    assert "<td>100,0%</td>" in html  # level and delivered
    assert "<td>Rp 1 M</td>" in html  # realised 2022 of K
    assert "<th>Realisasi 2022</th>" in html
    assert "e+0" not in html and "NaN" not in html and "<NA>" not in html
    assert "<td>2024</td>" in html and "2.024" not in html  # years stay plain
    assert "<h4>Komitmen untuk periode berikutnya</h4>" in html


def test_extra_ceiling_is_readable_text(eff):
    html = eff._repr_html_()
    extra = eff.tables["explanations"].at["B", "extra_ceiling"]
    if extra:
        year = next(iter(extra))
        assert re.search(rf"<td>{year}: Rp [\d,]+ M</td>", html)
    assert "{" not in html


def test_baselines_by_name_and_description_in_the_language(eff):
    html = eff._repr_html_()
    for key, (indonesian, _english) in BASELINE_NAMES.items():
        assert f"<th>{indonesian}</th>" in html
        assert key not in re.findall(r"<th>([^<]*)</th>", html)
    assert "urut menurut prioritas" in html and "rank by priority" not in html
    en = tp.reports.efficiency_report(eff.plan, marginal=False, lang="en")._repr_html_()
    assert "<th>Priority ranking</th>" in en and "rank by priority" in en
    assert "<h4>Against manual rankings</h4>" in en


def test_efficiency_view_numbers_in_the_language(eff):
    html = eff._repr_html_()
    assert re.search(r"<td>\d+,\d\d</td>", html)  # values with a decimal comma
    assert not re.search(r"<td>\d+\.\d{6}</td>", html)  # no raw floats
    assert "-Rp 0" not in html


def test_headline_under_the_repr_is_in_the_language(eff, cont):
    assert "<p>Nilai total " in eff._repr_html_()
    assert "<p>Keputusan program: " in cont._repr_html_()
    en = cont.plan.continuity(PREVIOUS, lang="en")._repr_html_()
    assert "<p>Programmes: " in en


def test_show_table_leaves_the_table_alone(cont):
    before = cont.programmes.copy()
    show_table(cont.programmes, "id")
    pd.testing.assert_frame_equal(cont.programmes, before)


def test_signed_numbers():
    assert signed_number(-5, 2, "id") == "-5,00"
    assert signed_number(267.45, 2, "id") == "+267,45"
    assert signed_number(0.0001, 2, "en") == "0.00"
    assert signed_number(float("nan"), 2, "en") == "-"
    assert signed_percent(-0.625, 1, "id") == "-62,5%"
    assert signed_percent(0.163, 1, "en") == "+16.3%"


def test_summaries_read_in_both_languages(eff, cont):
    text = eff.summary_text()
    assert "Peringkat prioritas" in text and "keunggulan optimum" in text
    text_en = eff.summary_text("en")
    assert "Priority ranking" in text_en and "optimum gains" in text_en
    assert "value_per_cost" not in text_en
    c = cont.summary_text()
    assert "Keputusan program: " in c and "Belanja per periode" in c
    assert "not_funded" not in cont.summary_text("en")


def test_summary_without_baselines_has_no_empty_section(small_plan):
    report = small_plan.efficiency(baselines=False, marginal=False)
    assert "Dibanding cara manual" not in report.summary_text()
    assert "gain over manual" not in repr(report)
    assert not re.search(r"\bnan\b", report._repr_html_().lower())


def test_timeline_axis_labels_and_legend_outside(small_plan):
    ax = plotting.plot_timeline(small_plan)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Tahun", "Program")
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # right of the bars, never over them
    ax = plotting.plot_timeline(small_plan, lang="en")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Year", "Programme")


def test_plot_budget_by_status_in_english_and_other_groups_untouched(small_plan):
    ax = plotting.plot_budget(small_plan, by="status", lang="en")
    # the groups from the top of the stack down
    assert [t.get_text() for t in ax.get_legend().get_texts()][1:] == ["new", "carry-over"]
    ax = plotting.plot_budget(small_plan, by="dimension")
    assert [t.get_text() for t in ax.get_legend().get_texts()][1:] == ["-"]


def test_plot_axes_use_the_language_number_style(eff):
    ax = eff.plot_marginal()
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("," in t for t in labels) or all(t.isdigit() for t in labels)
    assert not any("." in t for t in labels if not re.fullmatch(r"\d{1,3}(\.\d{3})+", t))
