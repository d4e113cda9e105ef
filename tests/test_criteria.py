"""Criteria and scores: normalisations and priorities by hand, a hierarchy by hand, ready-made sets, every error.

Worked example (``_catalogue`` below, weights 30/10/20/10/20/10 of 100, ``max_priority`` 100):

=========  =================  ===================  ================  ==============  ======  ========  ========
programme  dampak (minmax)    biaya_ops (lower)    penerima (T=1000) risiko (1-5,lo) amanat  selaras   priority
=========  =================  ===================  ================  ==============  ======  ========  ========
A          2 -> 0             100 -> 1             500 -> 0.5        1 -> 1          ya 1    tinggi 1  60
B          4 -> 0.25          300 -> 0.5           1500 -> 1         3 -> 0.5        tidak 0 rendah 0  37.5
C          6 -> 0.5           200 -> 0.75          0 -> 0            5 -> 0          blank 0 sedang .5 27.5
D          10 -> 1            500 -> 0             1000 -> 1         2 -> 0.75       TRUE 1  Tinggi 1  87.5
=========  =================  ===================  ================  ==============  ======  ========  ========

A: 0 + 10*1 + 20*0.5 + 10*1 + 20 + 10 = 60; B: 7.5 + 5 + 20 + 5 = 37.5; C: 15 + 7.5 + 5 = 27.5;
D: 30 + 20 + 7.5 + 20 + 10 = 87.5.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import targetplan as tp
from targetplan.text import label

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")


def _catalogue(**overrides) -> tp.Catalog:
    data = {
        "id": ["A", "B", "C", "D"],
        "name": ["a", "b", "c", "d"],
        "priority": 0,
        "cost_2024": 1e9,
        "dampak": [2, 4, 6, 10],
        "biaya_ops": [100, 300, 200, 500],
        "penerima": [500, 1500, 0, 1000],
        "risiko": [1, 3, 5, 2],
        "amanat": ["ya", "tidak", "", "TRUE"],
        "selaras": ["tinggi", "rendah", "sedang", "Tinggi"],
    }
    data.update(overrides)
    return tp.Catalog.from_frame(pd.DataFrame(data))


CRITERIA = tp.Criteria(
    [
        tp.Criterion("dampak", weight=30),
        tp.Criterion("biaya_ops", direction="lower", weight=10),
        tp.Criterion("penerima", normalise="target", target=1000, weight=20),
        tp.Criterion("risiko", direction="lower", normalise="scale", scale=(1, 5), weight=10),
        tp.Criterion("amanat", kind="yesno", weight=20),
        tp.Criterion("selaras", kind="category", categories={"tinggi": 3, "sedang": 2, "rendah": 1}, weight=10),
    ]
)


def test_scores_and_priorities_by_hand():
    scored = tp.score(_catalogue(), CRITERIA)
    assert scored.values("priority").tolist() == pytest.approx([60.0, 37.5, 27.5, 87.5])
    scores = CRITERIA.node_scores(_catalogue())
    assert scores.loc["A"].tolist() == pytest.approx([0, 1, 0.5, 1, 1, 1])
    assert scores.loc["B"].tolist() == pytest.approx([0.25, 0.5, 1, 0.5, 0, 0])
    assert scores.loc["C"].tolist() == pytest.approx([0.5, 0.75, 0, 0, 0, 0.5])
    assert scores.loc["D"].tolist() == pytest.approx([1, 0, 1, 0.75, 1, 1])


def test_breakdown_columns_add_up_to_the_priority():
    scored = tp.score(_catalogue(), CRITERIA)
    table = tp.criteria_breakdown(scored)
    points = table[[f"points_{n}" for n in CRITERIA.names]]
    assert np.allclose(points.sum(axis=1), table["priority"])
    assert table.at["D", "points_dampak"] == pytest.approx(30.0)
    assert table.at["B", "score_risiko"] == pytest.approx(0.5)
    assert CRITERIA.breakdown(scored).equals(table)


def test_score_returns_a_new_validated_catalogue_and_leaves_the_input_alone():
    catalogue = _catalogue()
    scored = tp.score(catalogue, CRITERIA)
    assert catalogue.values("priority").tolist() == [0, 0, 0, 0]
    assert "score_dampak" not in catalogue.columns
    assert scored.horizon == catalogue.horizon and scored.ids == catalogue.ids
    # scoring again with other criteria drops the earlier breakdown
    again = tp.score(scored, [tp.Criterion("dampak")])
    assert [c for c in again.columns if c.startswith(("score_", "points_"))] == ["score_dampak", "points_dampak"]
    assert again.values("priority").tolist() == pytest.approx([0, 25, 50, 100])


def test_weights_given_to_score_replace_those_of_the_criteria():
    equal = {name: 1 for name in CRITERIA.names}
    scored = tp.score(_catalogue(), CRITERIA, equal)
    # A: (0 + 1 + 0.5 + 1 + 1 + 1) / 6 * 100
    assert scored.values("priority")[0] == pytest.approx(450 / 6)
    as_series = tp.score(_catalogue(), CRITERIA, pd.Series(equal))
    assert as_series == scored


def test_weights_from_a_pairwise_comparison():
    crit = tp.Criteria([tp.Criterion("dampak"), tp.Criterion("risiko", normalise="scale", scale=(1, 5))])
    result = tp.ahp([[1, 3], [1 / 3, 1]], names=["dampak", "risiko"])
    assert crit.with_weights(result).global_weights().tolist() == pytest.approx([0.75, 0.25])


def test_normalisations_by_hand():
    values = np.array([50.0, 100.0, 200.0])
    lower_target = tp.Criterion("x", normalise="target", target=100, direction="lower")
    from targetplan.inputs.criteria import values_to_scores

    assert values_to_scores(values, lower_target).tolist() == [1.0, 1.0, 0.5]
    assert values_to_scores(np.array([0.0, 0.0]), lower_target).tolist() == [1.0, 1.0]
    assert values_to_scores(np.array([3.0, 3.0]), tp.Criterion("x")).tolist() == [1.0, 1.0]  # all equal
    yes_no_lower = tp.Criterion("butuh_lahan", kind="yesno", direction="lower")
    scored = tp.score(_catalogue(butuh_lahan=["ya", "tidak", "tidak", "ya"]), [yes_no_lower])
    assert scored.values("priority").tolist() == [0, 100, 100, 0]


def test_numbers_written_with_a_decimal_comma():
    scored = tp.score(_catalogue(dampak=["2", "4,5", "6", "10"]), [tp.Criterion("dampak")])
    assert scored.values("priority")[1] == pytest.approx(100 * 2.5 / 8)


# Hierarchy by hand: layanan (3) -> publik (2), internal (1); tata_kelola (1) -> arsitektur (1),
# keamanan (1), data (2). Local weights 0.75 / 0.25; 2/3, 1/3; 0.25, 0.25, 0.5. Global weights:
# publik 0.5, internal 0.25, arsitektur 0.0625, keamanan 0.0625, data 0.125 (sum 1).
# Programme X (scale 0-5): publik 5 -> 1, internal 0, arsitektur 5 -> 1, keamanan 0, data 2.5 -> 0.5:
# priority = 100 * (0.5 + 0.0625 + 0.125 * 0.5) = 62.5; group scores layanan 2/3, tata_kelola 0.5.
def _aspect(name: str, weight: float) -> tp.Criterion:
    return tp.Criterion(name, normalise="scale", scale=(0, 5), weight=weight)


HIERARCHY = tp.Criteria(
    [
        tp.Criterion("layanan", weight=3, children=(_aspect("publik", 2), _aspect("internal", 1))),
        tp.Criterion(
            "tata_kelola", weight=1, children=(_aspect("arsitektur", 1), _aspect("keamanan", 1), _aspect("data", 2))
        ),
    ]
)


def _hierarchy_catalogue() -> tp.Catalog:
    return tp.Catalog.from_frame(
        pd.DataFrame(
            {
                "id": ["X", "Y", "Z"],
                "name": ["x", "y", "z"],
                "priority": 0,
                "cost_2024": 1e9,
                "publik": [5, 5, 0],
                "internal": [0, 5, 0],
                "arsitektur": [5, 5, 0],
                "keamanan": [0, 5, 0],
                "data": [2.5, 5, 0],
            }
        )
    )


def test_hierarchy_weights_multiply_down_the_tree():
    glob = HIERARCHY.global_weights()
    assert glob.to_dict() == pytest.approx(
        {
            "layanan": 0.75,
            "publik": 0.5,
            "internal": 0.25,
            "tata_kelola": 0.25,
            "arsitektur": 0.0625,
            "keamanan": 0.0625,
            "data": 0.125,
        }
    )
    assert sum(glob[leaf.name] for leaf in HIERARCHY.leaves) == pytest.approx(1.0)


def test_hierarchy_scores_by_hand():
    catalogue = _hierarchy_catalogue()
    scored = tp.score(catalogue, HIERARCHY)
    assert scored.values("priority").tolist() == pytest.approx([62.5, 100.0, 0.0])
    table = tp.criteria_breakdown(scored)
    assert table.at["X", "score_layanan"] == pytest.approx(2 / 3)
    assert table.at["X", "score_tata_kelola"] == pytest.approx(0.5)
    assert "points_layanan" not in table.columns  # points only for criteria that read a column
    assert table.loc["X", [f"points_{leaf.name}" for leaf in HIERARCHY.leaves]].sum() == pytest.approx(62.5)


def test_priority_is_a_straight_line_in_one_weight():
    catalogue = _hierarchy_catalogue()
    scores = HIERARCHY.node_scores(catalogue)
    a, b = HIERARCHY.priority_line(scores, "keamanan")
    today = tp.score(catalogue, HIERARCHY).values("priority")
    assert np.allclose(a + 0.25 * b, today)
    # keamanan alone in tata_kelola: X scores 0 there, so 100 * 0.75 * 2/3 = 50
    assert (a + b)[0] == pytest.approx(50.0)
    # keamanan at 0: arsitektur 1/3, data 2/3 -> tata_kelola 1/3 + 1/3 = 2/3 -> 50 + 25 * 2/3
    assert a[0] == pytest.approx(50 + 25 * 2 / 3)
    # moving a whole domain: layanan at weight 1 -> 100 * 2/3
    a2, b2 = HIERARCHY.priority_line(scores, "layanan")
    assert (a2 + b2)[0] == pytest.approx(200 / 3)


def test_tree_access():
    assert HIERARCHY.names == ("layanan", "publik", "internal", "tata_kelola", "arsitektur", "keamanan", "data")
    assert HIERARCHY.parent_of("data") == "tata_kelola" and HIERARCHY.parent_of("layanan") == ""
    assert [c.name for c in HIERARCHY.siblings("publik")] == ["publik", "internal"]
    with pytest.raises(tp.ArgumentError, match="no criterion 'dta'; did you mean 'data'"):
        HIERARCHY.find("dta")
    frame = HIERARCHY.to_frame()
    assert frame.at["data", "group"] == "tata_kelola" and frame.at["data", "depth"] == 1
    assert frame.at["data", "global_weight"] == pytest.approx(0.125)
    assert "layanan 75%" in repr(HIERARCHY)
    assert "<table" in HIERARCHY._repr_html_()


def test_ready_made_sets():
    pemdi = tp.criteria.pemdi()
    assert len(pemdi.leaves) == 9 and pemdi.year == 2025
    assert pemdi.global_weights().sum() == pytest.approx(1.0)
    assert pemdi.global_weights()["kepuasan_pengguna_layanan"] == pytest.approx(0.20)
    assert pemdi.find("keamanan_siber").text("id") == "Keamanan Siber"
    assert pemdi.find("keamanan_siber").text("en") == "Cyber security"
    spbe = tp.criteria.spbe()
    glob = spbe.global_weights()
    assert len(spbe.leaves) == 8 and len(spbe.criteria) == 4
    assert glob["layanan"] == pytest.approx(0.455) and glob["audit_tik"] == pytest.approx(0.045)
    assert sum(glob[leaf.name] for leaf in spbe.leaves) == pytest.approx(1.0)
    city = tp.criteria.smart_city(
        weights={f"smart_{d}": 1 for d in ("governance", "branding", "economy")}
        | {f"smart_{d}": 3 for d in ("living", "society", "environment")}
    )
    assert city.global_weights()["smart_living"] == pytest.approx(0.25)
    renamed = tp.criteria.pemdi(columns={"keamanan_siber": "aspek_keamanan"}, scale=(1, 5))
    assert renamed.find("keamanan_siber").source_column == "aspek_keamanan"
    assert renamed.find("keamanan_siber").scale == (1, 5)


def test_ready_made_set_scores_a_catalogue():
    names = [leaf.name for leaf in tp.criteria.pemdi().leaves]
    frame = pd.DataFrame({"id": ["A", "B"], "name": ["a", "b"], "priority": 0, "cost_2024": 1e9})
    for k, name in enumerate(names):
        frame[name] = [5, k % 6]
    scored = tp.score(tp.Catalog.from_frame(frame), tp.criteria.pemdi())
    assert scored.values("priority")[0] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: tp.Criterion("Keamanan Siber"), r"not an identifier.*lower case with underscores"),
        (lambda: tp.Criterion("x", kind="category"), "names no categories"),
        (lambda: tp.Criterion("x", categories={"a": 1}), r"categories= is for kind='category'"),
        (lambda: tp.Criterion("x", kind="yesno", normalise="minmax"), r"is not normalised.*Fix: remove normalise="),
        (lambda: tp.Criterion("x", normalise="scale"), r"has none.*Fix: give scale=\(low, high\)"),
        (lambda: tp.Criterion("x", normalise="scale", scale=(5, 1)), "must go from a lower to a higher number"),
        (lambda: tp.Criterion("x", scale=(1, 5)), r"scale= is used with normalise='scale'"),
        (lambda: tp.Criterion("x", normalise="target"), "normalised by a target but has none"),
        (lambda: tp.Criterion("x", target=10), r"target= is used with normalise='target'"),
        (lambda: tp.Criterion("x", target=-1, normalise="target"), "greater than 0"),
        (lambda: tp.Criterion("x", weight=-1), "greater than or equal to 0"),
        (
            lambda: tp.Criterion("x", kind="category", categories={"a": 1, "b": 1}),
            "every category of 'x' has the same score",
        ),
        (
            lambda: tp.Criterion("g", column="c", children=(tp.Criterion("y"),)),
            r"group 'g' takes its score from its criteria.*\(it has column\)",
        ),
        (lambda: tp.Criterion("x", kind="category", categories={"a": 1, "b": 2}, normalise="minmax"), "categories"),
    ],
)
def test_every_criterion_problem_names_its_fix(make, match):
    with pytest.raises(tp.CriteriaValidationError, match=match):
        make()


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: tp.Criteria([]), "there are no criteria"),
        (lambda: tp.Criteria([tp.Criterion("x"), tp.Criterion("x")]), "this name is used twice"),
        (
            lambda: tp.Criteria([tp.Criterion("x", weight=1), tp.Criterion("y")]),
            "other criteria of the top level have a weight and this one has none",
        ),
        (lambda: tp.Criteria([tp.Criterion("x", weight=0), tp.Criterion("y", weight=0)]), "every weight in the top"),
        (lambda: CRITERIA.with_weights({"dampk": 1}), r"no criterion of that name.*did you mean 'dampak'"),
        (lambda: CRITERIA.with_weights({"dampak": -1}), "a weight must be a number of at least 0"),
        (lambda: CRITERIA.with_weights({"dampak": "x"}), "a weight must be a number of at least 0"),
    ],
)
def test_every_criteria_problem_names_its_fix(make, match):
    with pytest.raises(tp.CriteriaValidationError, match=match):
        make()


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="weights must be a mapping of criterion names"):
        CRITERIA.with_weights([1, 2])
    with pytest.raises(TypeError, match="criteria must be a Criteria"):
        tp.score(_catalogue(), "pemdi")
    with pytest.raises(TypeError, match="catalog must be a Catalog, not DataFrame"):
        tp.score(_catalogue().to_frame(), CRITERIA)


def test_every_problem_of_the_criteria_columns_comes_at_once():
    bad = _catalogue(
        dampak=[2, "banyak", None, 10],
        risiko=[1, 3, 7, 2],
        penerima=[500, -5, 0, 1000],
        amanat=["ya", "mungkin", "", "TRUE"],
        selaras=["tinggi", "rendah", "lumayan", None],
    )
    crit = tp.Criteria([*CRITERIA.criteria, tp.Criterion("tidak_ada", weight=1)])
    with pytest.raises(tp.CriteriaValidationError, match="8 problems") as info:
        tp.score(bad, crit)
    cases = info.value.failure_cases
    problems = dict(zip(zip(cases["id"], cases["column"], strict=True), cases["problem"], strict=True))
    assert problems[("B", "dampak")] == "not a number"
    assert problems[("C", "dampak")] == "no value for criterion 'dampak'"
    assert problems[("C", "risiko")] == "outside the scale 1 to 5 of criterion 'risiko'"
    assert problems[("B", "penerima")].startswith("a negative value cannot be measured against the target")
    assert problems[("B", "amanat")] == "not yes/no"
    assert problems[("C", "selaras")] == "not one of the categories"
    assert problems[("D", "selaras")] == "no category given"
    assert problems[(None, "tidak_ada")] == "the catalogue has no column 'tidak_ada' for criterion 'tidak_ada'"
    fixes = dict(zip(cases["column"], cases["fix"], strict=True))
    assert fixes["selaras"] == "write one of tinggi, sedang, rendah"


def test_a_column_the_catalogue_reads_as_its_own_is_named_in_the_fix():
    catalogue = _catalogue(wajib=[True, False, False, False])
    with pytest.raises(tp.CriteriaValidationError, match=r"reads a column 'wajib' as its own 'mandatory'"):
        tp.score(catalogue, [tp.Criterion("wajib", kind="yesno")])


def test_a_catalogue_without_a_breakdown():
    with pytest.raises(tp.ArgumentError, match=r"no score breakdown.*tp\.score\(catalog, criteria, weights\)"):
        tp.criteria_breakdown(_catalogue())
    with pytest.raises(tp.ArgumentError, match="was not scored with these criteria"):
        HIERARCHY.breakdown(tp.score(_catalogue(), CRITERIA))


def test_breakdown_columns_have_headings_in_both_languages():
    assert label("points_keamanan_siber", "id") == "Poin keamanan siber"
    assert label("score_keamanan_siber", "en") == "Score keamanan siber"
    assert label("weight_high", "id") == "Bobot tertinggi, pilihan sama"
