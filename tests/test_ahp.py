"""Weights from pairwise comparisons (AHP): published examples reproduced, every error message, the warning.

The published figures are those printed in the sources named at each test; the matrices
are copied from them. Weights are compared to the published three (or two) decimals.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import targetplan as tp

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

# Saaty, T. L. (1990). "How to make a decision: the analytic hierarchy process." European Journal of
# Operational Research 48, 9-26: choosing a house, eight criteria (size of house, transportation,
# neighbourhood, age of house, yard space, modern facilities, general condition, financing).
# Published: priority vector .173 .054 .188 .018 .031 .036 .167 .333, lambda_max = 9.669,
# C.I. = 0.238, C.R. = 0.169 (random index 1.41 for n = 8). Worked out: lambda_max - n = 1.669,
# CI = 1.669 / 7 = 0.2384, CR = 0.2384 / 1.41 = 0.1691 > 0.10, so the judgements are flagged.
HOUSE_NAMES = ["size", "transport", "neighbourhood", "age", "yard", "facilities", "condition", "financing"]
HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]

# Saaty, T. L. (1980). The Analytic Hierarchy Process, McGraw-Hill, section 2.4 (after Saaty and
# Khouja, 1976): the relative wealth of seven nations (US, USSR, China, France, UK, Japan, West
# Germany). Published eigenvector .427 .230 .021 .052 .052 .123 .094, lambda_max = 7.61;
# CI = 0.61 / 6 = 0.101, CR = 0.101 / 1.32 = 0.077 (consistent).
WEALTH = [
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]

# Saaty, T. L. (1977). "A scaling method for priorities in hierarchical structures." Journal of
# Mathematical Psychology 15, 234-281: relative brightness of four chairs at different distances
# from a light. Published eigenvector (0.61, 0.24, 0.10, 0.05) and lambda_max = 4.39 (two decimals);
# the eigenvector computed to more places is (0.619, 0.235, 0.101, 0.045), within 0.01 of those;
# CI = 0.39 / 3 = 0.130, CR = 0.130 / 0.90 = 0.145 > 0.10.
LIGHT = [[1, 5, 6, 7], [1 / 5, 1, 4, 6], [1 / 6, 1 / 4, 1, 4], [1 / 7, 1 / 6, 1 / 4, 1]]

# "Analytic hierarchy process - leader example", English Wikipedia: the criteria experience,
# education, charisma and age; published priorities 0.547, 0.127, 0.270, 0.056 and CR 0.044.
LEADER = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]


def _quiet(matrix, names=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tp.AhpInconsistencyWarning)
        return tp.ahp(matrix, names=names)


def test_saaty_house_example_weights_and_consistency_to_three_decimals():
    result = _quiet(HOUSE, HOUSE_NAMES)
    assert result.weights.round(3).tolist() == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert round(result.cr, 3) == 0.169
    assert result.random_index == 1.41
    assert not result.consistent


def test_saaty_house_example_warns_and_names_the_most_inconsistent_comparison():
    with pytest.warns(tp.AhpInconsistencyWarning, match=r"consistency ratio 0\.169 > 0\.10.*'neighbourhood' against"):
        result = tp.ahp(HOUSE, names=HOUSE_NAMES)
    # neighbourhood is judged 6 times as important as the general condition; the weights say 0.188/0.167
    assert result.worst_pair == ("neighbourhood", "condition")
    assert result.worst_value == 6
    assert result.implied_value == pytest.approx(0.1881 / 0.1668, abs=2e-3)
    assert result.suggested_value == 1
    assert result.suggested_cr < 0.10  # with the suggested judgement the matrix is acceptable


def test_saaty_wealth_of_nations_example():
    result = tp.ahp(WEALTH)  # consistent: no warning (warnings are errors in the test run)
    assert result.weights.round(3).tolist() == [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    assert round(result.lambda_max, 2) == 7.61
    assert round(result.cr, 3) == 0.077
    assert result.consistent


def test_saaty_light_example_to_two_decimals_and_flagged():
    with pytest.warns(tp.AhpInconsistencyWarning, match="inconsistent"):
        result = tp.ahp(LIGHT)
    assert np.allclose(result.weights, [0.61, 0.24, 0.10, 0.05], atol=0.01)
    assert round(result.lambda_max, 2) == 4.39
    assert round(result.cr, 3) == 0.145


def test_leader_example_matches_the_published_priorities():
    result = tp.ahp(LEADER, names=["experience", "education", "charisma", "age"])
    assert np.allclose(result.weights, [0.547, 0.127, 0.270, 0.056], atol=1e-3)
    assert round(result.cr, 3) == 0.044


def test_consistent_judgements_give_the_ratios_back_and_no_worst_comparison():
    w = np.array([0.5, 0.3, 0.2])
    result = tp.ahp(np.outer(w, 1 / w).tolist(), names=["a", "b", "c"])
    assert np.allclose(result.weights, w)
    assert result.cr == pytest.approx(0.0, abs=1e-12)
    assert result.worst_pair is None and math.isnan(result.worst_value)


def test_two_criteria_are_always_consistent():
    result = tp.ahp([[1, 3], [1 / 3, 1]], names=["a", "b"])
    assert result.weights.tolist() == pytest.approx([0.75, 0.25])
    assert result.cr == 0.0 and result.worst_pair is None


def test_upper_triangle_text_cells_dataframe_and_pairs_give_the_same_weights():
    full = tp.ahp(LEADER, names=["exp", "edu", "cha", "age"])
    upper = [[1, 4, 3, 7], [None, 1, "1/3", 3], [None, None, 1, 5], [None, None, None, 1]]
    frame = pd.DataFrame(upper, index=["exp", "edu", "cha", "age"], columns=["exp", "edu", "cha", "age"])
    pairs = {
        ("exp", "edu"): 4,
        ("exp", "cha"): 3,
        ("exp", "age"): 7,
        ("edu", "cha"): "1/3",
        ("edu", "age"): 3,
        ("cha", "age"): 5,
    }
    for other in (tp.ahp(upper, names=["exp", "edu", "cha", "age"]), tp.ahp(frame), tp.ahp(pairs)):
        assert np.allclose(other.weights, full.weights)
        assert list(other.weights.index) == ["exp", "edu", "cha", "age"]


def test_values_near_a_reciprocal_are_read_as_the_reciprocal():
    exact = tp.ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    typed = tp.ahp([[1, 3, 5], [0.33, 1, 2], [0.2, 0.5, 1]])
    assert np.allclose(exact.weights, typed.weights)


@pytest.mark.parametrize(
    ("matrix", "names", "match"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], None, r"not square.*give one row and one column per criterion"),
        ([[1, 3], [3, 1]], None, r"not reciprocal.*write 0\.333 in row 'criterion_2', column 'criterion_1'"),
        ([[1, 10], [0.1, 1]], None, r"outside Saaty's scale \(1/9 to 9\)"),
        ([[1, -2], [-0.5, 1]], None, "a comparison must be a positive number"),
        ([[2, 3], [1 / 3, 1]], None, "a criterion compared with itself must be 1"),
        ([[1, None, 2], [None, 1, 2], [0.5, 0.5, 1]], None, "this pair is not compared"),
        ([[1, "x"], [None, 1]], None, "a comparison must be a positive number"),
        ([[1, 2], [0.5, 1]], ["a"], r"names must be 2 different names"),
        ([[1, 2], [0.5, 1]], ["a", "a"], r"names must be 2 different names"),
        (np.ones((16, 16)).tolist(), None, r"known for up to 15 criteria.*group the criteria into a hierarchy"),
    ],
)
def test_every_matrix_problem_is_reported_with_its_fix(matrix, names, match):
    with pytest.raises(tp.CriteriaValidationError, match=match) as info:
        tp.ahp(matrix, names=names)
    assert list(info.value.failure_cases.columns) == ["row", "id", "column", "value", "problem", "fix"]


def test_all_problems_of_a_matrix_come_at_once():
    with pytest.raises(tp.CriteriaValidationError, match="3 problems") as info:
        tp.ahp([[1, 12, 3], [1 / 12, 1, 0], [3, 2, 1]], names=["a", "b", "c"])
    cases = info.value.failure_cases
    assert set(zip(cases["row"], cases["column"], strict=True)) == {("a", "b"), ("b", "c"), ("a", "c")}


def test_frames_must_name_rows_and_columns_alike():
    frame = pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["a", "c"])
    with pytest.raises(tp.CriteriaValidationError, match="the rows and the columns name different criteria"):
        tp.ahp(frame)


def test_pairs_must_be_pairs_of_named_criteria():
    with pytest.raises(tp.CriteriaValidationError, match="a key is not a pair of criteria"):
        tp.ahp({"a": 3})
    with pytest.raises(tp.CriteriaValidationError, match="names a criterion that is not in names"):
        tp.ahp({("a", "z"): 3}, names=["a", "b"])


def test_a_matrix_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="matrix must be a square table"):
        tp.ahp("1, 3; 1/3, 1")


def test_result_summary_text_and_html():
    result = _quiet(HOUSE, [*HOUSE_NAMES[:-1], "<financing>"])
    summary = result.summary()
    assert summary["worst_pair"] == "neighbourhood / condition" and summary["consistent"] is False
    text_id, text_en = result.summary_text("id"), result.summary_text("en")
    assert "Rasio konsistensi 0,169: tidak konsisten" in text_id
    assert "perbandingan paling tidak konsisten: 'neighbourhood' terhadap 'condition' bernilai 6" in text_id
    assert "Consistency ratio 0.169: inconsistent" in text_en and "33.3%" in text_en
    html = result._repr_html_()
    assert "&lt;financing&gt;" in html and "<financing>" not in html
    assert result.to_frame().index[0] == "<financing>"
    assert repr(result) == "AhpResult(8 criteria, CR=0.169, INCONSISTENT)"
