"""Budget (ceilings, group caps/floors, reserve) and Policy (terms, shares): construction, reading, errors."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

FAILURE_COLUMNS = ["row", "id", "column", "value", "problem", "fix"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_year_catalog() -> tp.Catalog:
    return make_catalog(
        [
            {"id": "A", "priority": 3, "cost_2024": 1e9, "cost_2025": 1e9, "dimension": "governance"},
            {"id": "B", "priority": 2, "cost_2024": 1e9, "dimension": "living", "agency": "Dishub"},
        ]
    )


# ---------------------------------------------------------------------------- construction
def test_budget_construction_and_available() -> None:
    budget = tp.Budget(ceilings={2025: 2e10, 2024: 1e10}, reserve=0.1)
    assert budget.years == (2024, 2025)
    assert list(budget.ceilings) == [2024, 2025]
    assert budget.available(2024) == pytest.approx(9e9)
    assert budget.available(2025) == pytest.approx(1.8e10)
    frame = budget.to_frame()
    assert list(frame.columns) == ["year", "ceiling", "reserve", "available"]
    assert list(frame["available"]) == pytest.approx([9e9, 1.8e10])
    assert tp.Budget(ceilings={2024: 5e9}).available(2024) == 5e9


def test_group_limit_amounts() -> None:
    share = tp.GroupLimit(group_by="dimension", group="governance", cap=0.4, floor=0.1, as_share=True)
    assert share.amounts(1e10) == pytest.approx((4e9, 1e9))
    amount = tp.GroupLimit(group_by="agency", group="Dishub", year=2024, cap=2e9)
    assert amount.amounts(1e10) == (2e9, None)
    floor_only = tp.GroupLimit(group_by="agency", group="Dishub", floor=1e9)
    assert floor_only.amounts(5e9) == (None, 1e9)


def test_budget_accepts_limits_as_dicts() -> None:
    budget = tp.Budget(ceilings={2024: 1e10}, limits=[{"group_by": "dimension", "group": "living", "cap": 1e9}])
    assert isinstance(budget.limits[0], tp.GroupLimit)
    assert budget.limits_frame().loc[0, "cap"] == 1e9


def test_term_positional_and_keywords() -> None:
    term = tp.Term("2021-2024", 2022, 2024)
    assert term == tp.Term(name="2021-2024", start=2022, end=2024)
    assert term.years == (2022, 2023, 2024)
    assert tp.Term("one year", 2025, 2025).years == (2025,)


def test_policy_construction() -> None:
    policy = tp.Policy(
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        continuity_floor=0.7,
        carryover_bonus=0.2,
        commitment_cap=0.5,
        max_level_change=0.25,
    )
    assert policy.boundaries == (2025,)
    assert policy.term_of(2023).name == "2021-2024"
    assert policy.term_of(2027).name == "2025-2029"
    assert policy.term_of(2030) is None
    assert tp.Policy().boundaries == ()
    assert tp.Policy().continuity_floor == 0.0


# ---------------------------------------------------------------------------- construction errors
def _expect(error: type[tp.InputValidationError], build: Callable[[], object], match: str) -> pd.DataFrame:
    with pytest.raises(error, match=match) as info:
        build()
    exc = info.value
    assert isinstance(exc, tp.InputValidationError)
    assert isinstance(exc, tp.TargetplanError)
    cases = exc.failure_cases
    assert isinstance(cases, pd.DataFrame)
    assert list(cases.columns) == FAILURE_COLUMNS
    assert len(cases) >= 1
    assert cases["fix"].map(bool).all()
    return cases


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda: tp.Budget(ceilings={2024: -1.0, 2025: 1e9}),
            r"ceilings must be finite and 0 or more; check years 2024",
        ),
        (lambda: tp.Budget(ceilings={2024: math.nan}), r"ceilings must be finite and 0 or more; check years 2024"),
        (lambda: tp.Budget(ceilings={2024: math.inf}), r"ceilings must be finite and 0 or more"),
        (lambda: tp.Budget(ceilings={2024: 1e9, 2026: 1e9}), r"ceilings skip the years 2025"),
        (lambda: tp.Budget(ceilings={}), r"no ceilings.*Fix: give one ceiling per horizon year"),
        (lambda: tp.Budget(ceilings={2024: "lots"}), r"column 'ceilings\.2024': Input should be a valid number"),
        (lambda: tp.Budget(ceilings={2024: 1e9}, reserve=1.0), r"column 'reserve': Input should be less than 1"),
        (lambda: tp.Budget(ceilings={2024: 1e9}, reserve=-0.1), r"column 'reserve': .*greater than or equal to 0"),
        (lambda: tp.Budget(ceilings={2024: 1e9}, reserv=0.1), r"column 'reserv': Extra inputs are not permitted"),
        (lambda: tp.GroupLimit(group_by="dimension", group="living"), r"give a cap, a floor or both"),
        (
            lambda: tp.GroupLimit(group_by="dimension", group="living", cap=1e9, floor=2e9),
            r"floor 2e\+09 is above cap 1e\+09",
        ),
        (
            lambda: tp.GroupLimit(group_by="dimension", group="living", cap=40, as_share=True),
            r"cap 40 is a share and must be at most 1 \(write 0\.4 for 40 %\)",
        ),
        (
            lambda: tp.GroupLimit(group_by="dimension", group="living", floor=1.5, as_share=True),
            r"floor 1\.5 is a share and must be at most 1",
        ),
        (lambda: tp.GroupLimit(group_by="dimension", group="living", cap=-1), r"column 'cap': .*greater than or equal"),
        (lambda: tp.GroupLimit(group_by="dimension", group="living", cap=math.nan), r"column 'cap': .*finite number"),
        (
            lambda: tp.GroupLimit(group_by="dimension", group="living", cap=1, kap=2),
            r"column 'kap': Extra inputs are not permitted",
        ),
        (
            lambda: tp.Budget(
                ceilings={2024: 1e9}, limits=[{"group_by": "dimension", "group": "x", "cap": 2, "floor": 3}]
            ),
            r"floor 3 is above cap 2",
        ),
    ],
    ids=[
        "negative-ceiling",
        "nan-ceiling",
        "infinite-ceiling",
        "gapped-years",
        "empty-ceilings",
        "text-ceiling",
        "reserve-1",
        "reserve-negative",
        "unknown-field",
        "no-cap-no-floor",
        "floor-above-cap",
        "share-cap-above-1",
        "share-floor-above-1",
        "negative-cap",
        "nan-cap",
        "limit-unknown-field",
        "limit-in-budget",
    ],
)
def test_budget_errors(build: Callable[[], object], match: str) -> None:
    _expect(tp.BudgetValidationError, build, match)


_TWO_TERMS = [tp.Term("a", 2022, 2024), tp.Term("b", 2025, 2027)]


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: tp.Term("x", 2025, 2024), r"term 'x' starts in 2025 after it ends in 2024"),
        (lambda: tp.Term("x", 2024, 2025, finish=2026), r"column 'finish': Extra inputs are not permitted"),
        (lambda: tp.Term("x", "soon", 2025), r"column 'start': .*valid integer"),
        (
            lambda: tp.Policy(terms=[tp.Term("a", 2022, 2024), tp.Term("b", 2024, 2027)]),
            r"terms 'a' \(2022-2024\) and 'b' \(2024-2027\) overlap",
        ),
        (
            lambda: tp.Policy(terms=[tp.Term("a", 2022, 2023), tp.Term("b", 2025, 2027)]),
            r"there is a gap between terms 'a' \(ends 2023\) and 'b' \(starts 2025\)",
        ),
        (
            lambda: tp.Policy(terms=[tp.Term("a", 2022, 2027)], commitment_cap=0.5),
            r"commitment_cap needs at least two terms",
        ),
        (lambda: tp.Policy(commitment_cap=0.5), r"commitment_cap needs at least two terms"),
        (lambda: tp.Policy(continuity_floor=1.5), r"column 'continuity_floor': .*less than or equal to 1"),
        (lambda: tp.Policy(continuity_floor=-0.1), r"column 'continuity_floor': .*greater than or equal to 0"),
        (lambda: tp.Policy(terms=_TWO_TERMS, commitment_cap=1.2), r"column 'commitment_cap': .*less than or equal"),
        (lambda: tp.Policy(terms=_TWO_TERMS, commitment_cap=-0.5), r"column 'commitment_cap': .*greater than or"),
        (lambda: tp.Policy(max_level_change=2), r"column 'max_level_change': .*less than or equal to 1"),
        (lambda: tp.Policy(carryover_bonus=-0.2), r"column 'carryover_bonus': .*greater than or equal to 0"),
        (lambda: tp.Policy(carryover_bonus=math.inf), r"column 'carryover_bonus': .*finite number"),
        (lambda: tp.Policy(continuity=0.5), r"column 'continuity': Extra inputs are not permitted"),
    ],
    ids=[
        "term-start-after-end",
        "term-unknown-field",
        "term-start-not-a-year",
        "overlapping-terms",
        "gapped-terms",
        "commitment-cap-one-term",
        "commitment-cap-no-terms",
        "continuity-floor-above-1",
        "continuity-floor-negative",
        "commitment-cap-above-1",
        "commitment-cap-negative",
        "max-level-change-above-1",
        "bonus-negative",
        "bonus-infinite",
        "policy-unknown-field",
    ],
)
def test_policy_errors(build: Callable[[], object], match: str) -> None:
    _expect(tp.PolicyValidationError, build, match)


def test_error_classes() -> None:
    assert issubclass(tp.BudgetValidationError, tp.InputValidationError)
    assert issubclass(tp.PolicyValidationError, tp.InputValidationError)
    assert not issubclass(tp.BudgetValidationError, tp.PolicyValidationError)


# ---------------------------------------------------------------------------- scale
def test_scale_multiplies_ceilings_and_amounts_not_shares() -> None:
    budget = tp.Budget(
        ceilings={2024: 1e10, 2025: 2e10},
        limits=[
            tp.GroupLimit(group_by="dimension", group="governance", cap=1e9, floor=5e8),
            tp.GroupLimit(group_by="agency", group="Dishub", cap=0.4, floor=0.1, as_share=True),
        ],
        reserve=0.1,
    )
    scaled = budget.scale(0.9)
    assert scaled.ceilings == pytest.approx({2024: 9e9, 2025: 1.8e10})
    amount, share = scaled.limits
    assert (amount.cap, amount.floor) == pytest.approx((9e8, 4.5e8))
    assert (share.cap, share.floor, share.as_share) == (0.4, 0.1, True)
    assert scaled.reserve == 0.1
    assert scaled.available(2024) == pytest.approx(8.1e9)
    # the original is unchanged
    assert budget.ceilings == {2024: 1e10, 2025: 2e10}
    assert budget.limits[0].cap == 1e9


@pytest.mark.parametrize("factor", [-0.5, math.nan, math.inf])
def test_scale_rejects_bad_factors(factor: float) -> None:
    _expect(
        tp.BudgetValidationError,
        lambda: tp.Budget(ceilings={2024: 1e9}).scale(factor),
        r"a scale factor must be finite and 0 or more",
    )


# ---------------------------------------------------------------------------- read_budget
def test_read_budget_sample_with_limits_path() -> None:
    budget = tp.read_budget(tp.example_path("bogor", "budget.csv"), limits=tp.example_path("bogor", "limits.csv"))
    assert budget.years == (2022, 2023, 2024, 2025, 2026, 2027)
    assert budget.ceilings[2022] == 38_150_000_000
    assert len(budget.limits) == 3
    gov, env, dishub = budget.limits
    assert (gov.group_by, gov.group, gov.year, gov.cap, gov.floor, gov.as_share) == (
        "dimension",
        "governance",
        None,
        0.5,
        None,
        True,
    )
    assert (env.floor, env.cap, env.as_share) == (0.05, None, True)
    assert (dishub.group_by, dishub.group, dishub.year, dishub.cap, dishub.as_share) == (
        "agency",
        "Dishub",
        2024,
        1e10,
        False,
    )


def test_read_budget_without_limits_and_with_reserve() -> None:
    budget = tp.read_budget(tp.example_path("bogor", "budget.csv"), reserve=0.05)
    assert budget.limits == ()
    assert budget.reserve == 0.05
    assert budget.available(2027) == pytest.approx(47_060_000_000 * 0.95)


def test_read_budget_limits_dataframe(tmp_path: Path) -> None:
    path = write(tmp_path / "budget.csv", "year,ceiling\n2024,5000000000\n2025,6000000000\n")
    limits = pd.DataFrame(
        {
            "group_by": ["Dimension", "agency"],
            "group": ["living", "Dishub"],
            "year": [None, 2025],
            "cap": [0.3, 1e9],
            "as_share": [True, False],
        }
    )
    before = limits.copy(deep=True)
    budget = tp.read_budget(path, limits=limits)
    pd.testing.assert_frame_equal(limits, before)
    first, second = budget.limits
    assert (first.group_by, first.group, first.year, first.cap, first.as_share) == (
        "dimension",
        "living",
        None,
        0.3,
        True,
    )
    assert (second.year, second.cap, second.as_share) == (2025, 1e9, False)


def test_read_budget_excel_with_limits_sheet(tmp_path: Path) -> None:
    path = tmp_path / "anggaran.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"year": [2024, 2025], "ceiling": [1e10, 1.2e10]}).to_excel(writer, sheet_name="pagu", index=False)
        pd.DataFrame(
            {"group_by": ["dimension"], "group": ["governance"], "year": [None], "cap": [0.5], "as_share": [True]}
        ).to_excel(writer, sheet_name="limits", index=False)
    budget = tp.read_budget(path)
    assert budget.ceilings == {2024: 1e10, 2025: 1.2e10}
    assert len(budget.limits) == 1
    assert (budget.limits[0].group, budget.limits[0].cap, budget.limits[0].as_share) == ("governance", 0.5, True)


def test_read_budget_excel_without_limits_sheet(tmp_path: Path) -> None:
    path = tmp_path / "anggaran.xlsx"
    pd.DataFrame({"year": [2024], "ceiling": [1e10]}).to_excel(path, sheet_name="pagu", index=False)
    assert tp.read_budget(path).limits == ()


def test_read_budget_indonesian_names_and_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "pagu.csv", "Tahun;Pagu\n2024;1.500.000.000\n2025;2.000.000.000,50\n")
    limits = write(
        tmp_path / "batas.csv",
        "kelompok_menurut;kelompok;tahun;batas_atas;batas_bawah;sebagai_porsi\n"
        "dimension;living;;0,4;;ya\n"
        "agency;Dishub;2025;;250.000.000;tidak\n",
    )
    budget = tp.read_budget(path, limits=limits)
    assert budget.ceilings == {2024: 1.5e9, 2025: 2_000_000_000.5}
    living, dishub = budget.limits
    assert (living.cap, living.as_share, living.year) == (0.4, True, None)
    assert (dishub.floor, dishub.as_share, dishub.year) == (2.5e8, False, 2025)


def test_read_budget_reports_every_bad_row(tmp_path: Path) -> None:
    path = write(tmp_path / "budget.csv", "year,ceiling\n2024,-5\n20x5,1\n2024,3\n")
    cases = _expect(tp.BudgetValidationError, lambda: tp.read_budget(path), r"4 problems found in budget\.csv")
    assert set(zip(cases["row"], cases["column"], cases["problem"], strict=True)) == {
        (2, "ceiling", "not an amount of 0 or more"),
        (3, "year", "not a year"),
        (2, "year", "year given twice"),
        (4, "year", "year given twice"),
    }


def test_read_budget_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "budget.csv", "yr,ceiling\n2024,5\n")
    _expect(tp.BudgetValidationError, lambda: tp.read_budget(path), r"required column 'year' is missing")


def test_read_budget_missing_file(tmp_path: Path) -> None:
    _expect(tp.BudgetValidationError, lambda: tp.read_budget(tmp_path / "none.csv"), r"the budget file does not exist")


def test_read_limits_reports_every_bad_row(tmp_path: Path) -> None:
    budget = write(tmp_path / "budget.csv", "year,ceiling\n2024,5000000000\n")
    limits = write(
        tmp_path / "limits.csv",
        "group_by,group,year,cap,floor,as_share\n"
        "dimension,governance,,2,,true\n"
        "dimension,living,,,,\n"
        "dimension,economy,,5,10,false\n"
        "dimension,society,,abc,,maybe\n",
    )
    cases = _expect(
        tp.BudgetValidationError, lambda: tp.read_budget(budget, limits=limits), r"problems found in limits\.csv"
    )
    assert {2, 3, 4, 5} <= set(cases["row"])
    assert {"cap", "as_share"} <= set(cases["column"])


# ---------------------------------------------------------------------------- budget vs catalogue
def test_matching_budget_solves(two_year_catalog: tp.Catalog) -> None:
    plan = tp.optimize(two_year_catalog, tp.Budget(ceilings={2024: 5e9, 2025: 5e9}))
    assert sorted(plan.selected_ids) == ["A", "B"]


def test_budget_missing_ceiling_years(two_year_catalog: tp.Catalog) -> None:
    cases = _expect(
        tp.BudgetValidationError,
        lambda: tp.optimize(two_year_catalog, tp.Budget(ceilings={2024: 5e9})),
        r"no ceiling for the catalogue years 2025",
    )
    assert cases.loc[0, "column"] == "year"


def test_budget_extra_ceiling_years(two_year_catalog: tp.Catalog) -> None:
    _expect(
        tp.BudgetValidationError,
        lambda: tp.optimize(two_year_catalog, tp.Budget(ceilings={2023: 5e9, 2024: 5e9, 2025: 5e9})),
        r"ceilings for years outside the catalogue horizon 2024-2025",
    )


def test_limit_on_unknown_column_suggests(two_year_catalog: tp.Catalog) -> None:
    budget = tp.Budget(
        ceilings={2024: 5e9, 2025: 5e9}, limits=[tp.GroupLimit(group_by="dimensions", group="living", cap=1e9)]
    )
    cases = _expect(
        tp.BudgetValidationError,
        lambda: tp.optimize(two_year_catalog, budget),
        r"the catalogue has no column 'dimensions' did you mean 'dimension'\?",
    )
    assert cases.loc[0, "column"] == "group_by"


def test_limit_on_unknown_group_value_suggests(two_year_catalog: tp.Catalog) -> None:
    budget = tp.Budget(
        ceilings={2024: 5e9, 2025: 5e9}, limits=[tp.GroupLimit(group_by="dimension", group="governence", cap=1e9)]
    )
    cases = _expect(
        tp.BudgetValidationError,
        lambda: tp.optimize(two_year_catalog, budget),
        r"no programme has dimension = 'governence' did you mean 'governance'\?",
    )
    assert "governance, living" in cases.loc[0, "fix"]


def test_limit_for_a_year_outside_the_horizon(two_year_catalog: tp.Catalog) -> None:
    budget = tp.Budget(
        ceilings={2024: 5e9, 2025: 5e9},
        limits=[tp.GroupLimit(group_by="dimension", group="living", year=2030, cap=1e9)],
    )
    _expect(
        tp.BudgetValidationError,
        lambda: tp.optimize(two_year_catalog, budget),
        r"limit for a year outside the horizon 2024-2025",
    )


@pytest.mark.parametrize(
    "terms",
    [
        [tp.Term("a", 2024, 2024)],
        [tp.Term("a", 2023, 2024), tp.Term("b", 2025, 2025)],
        [tp.Term("a", 2024, 2025), tp.Term("b", 2026, 2027)],
    ],
    ids=["short", "starts-early", "ends-late"],
)
def test_terms_that_do_not_cover_the_horizon(two_year_catalog: tp.Catalog, terms: list[tp.Term]) -> None:
    cases = _expect(
        tp.PolicyValidationError,
        lambda: tp.optimize(
            two_year_catalog, tp.Budget(ceilings={2024: 5e9, 2025: 5e9}), policy=tp.Policy(terms=terms)
        ),
        r"the terms do not cover the horizon 2024-2025",
    )
    assert cases.loc[0, "column"] == "terms"


def test_limit_group_by_indonesian_alias(tmp_path: Path) -> None:
    catalog = tp.Catalog.from_frame(
        pd.DataFrame(
            {
                "id": ["A", "B"],
                "nama_program": ["a", "b"],
                "prioritas": [3, 2],
                "pagu_2024": [1e9, 1e9],
                "perangkat_daerah": ["Diskominfo", "Dishub"],
            }
        )
    )
    path = write(tmp_path / "pagu.csv", "tahun,pagu\n2024,5000000000\n")
    limits = pd.DataFrame(
        {"kelompok_menurut": ["perangkat_daerah"], "kelompok": ["Dishub"], "batas_atas": ["500000000"]}
    )
    plan = tp.optimize(catalog, tp.read_budget(path, limits=limits))
    assert plan.selected_ids == ["A"]


def test_gapped_years_in_a_file_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "pagu.csv", "year,ceiling\n2024,5\n2026,1\n")
    _expect(tp.BudgetValidationError, lambda: tp.read_budget(path), r"found in pagu\.csv")


def test_rule_messages_have_no_pydantic_jargon() -> None:
    cases = _expect(
        tp.BudgetValidationError,
        lambda: tp.GroupLimit(group_by="dimension", group="living", cap=1e9, floor=2e9),
        r"floor 2e\+09 is above cap 1e\+09",
    )
    assert not cases.loc[0, "problem"].startswith("Value error")
    assert cases.loc[0, "fix"] != "correct the value"


def test_nan_share_is_reported_as_not_finite() -> None:
    _expect(tp.PolicyValidationError, lambda: tp.Policy(continuity_floor=math.nan), r"finite")


def test_available_for_a_year_without_a_ceiling() -> None:
    budget = tp.Budget(ceilings={2024: 1e9, 2025: 1e9})
    _expect(
        tp.BudgetValidationError,
        lambda: budget.available(2030),
        r"the budget has no ceiling for 2030 \(it has ceilings for 2024-2025\)",
    )


def test_terms_in_reverse_order() -> None:
    cases = _expect(
        tp.PolicyValidationError,
        lambda: tp.Policy(terms=[tp.Term("b", 2025, 2027), tp.Term("a", 2022, 2024)]),
        r"terms 'b' \(2025-2027\) and 'a' \(2022-2024\) are not in order",
    )
    assert cases.loc[0, "fix"] == "list terms in order, earliest first"
    assert "overlap" not in cases.loc[0, "problem"]


def test_group_by_is_matched_like_a_catalogue_header() -> None:
    assert tp.GroupLimit(group_by="Perangkat Daerah", group="Dishub", cap=1e9).group_by == "agency"
    assert tp.GroupLimit(group_by="dimensi", group="living", cap=1e9).group_by == "dimension"
    assert tp.GroupLimit(group_by="kode_rekening", group="1.01", cap=1e9).group_by == "kode_rekening"


def test_semicolon_budget_files_in_indonesian_style(tmp_path: Path) -> None:
    path = write(tmp_path / "pagu.csv", "tahun;pagu\n2024;38.150.000.000\n2025;39.780.000.000,5\n")
    limits = write(
        tmp_path / "batas.csv", "kelompok_menurut;kelompok;batas_atas;sebagai_porsi\ndimensi;living;0,4;ya\n"
    )
    budget = tp.read_budget(path, limits=limits)
    assert budget.ceilings == {2024: 38_150_000_000.0, 2025: 39_780_000_000.5}
    assert budget.limits[0].cap == 0.4
    bad = write(
        tmp_path / "batas_titik.csv", "kelompok_menurut;kelompok;batas_atas;sebagai_porsi\ndimensi;living;0.4;ya\n"
    )
    cases = _expect(
        tp.BudgetValidationError, lambda: tp.read_budget(path, limits=bad), r"^1 problem found in batas_titik"
    )
    assert (cases.loc[0, "row"], cases.loc[0, "column"], cases.loc[0, "problem"]) == (2, "cap", "not a number")


def test_repeated_column_in_a_budget_file(tmp_path: Path) -> None:
    path = write(tmp_path / "pagu.csv", "year,ceiling,pagu\n2024,5,6\n")
    _expect(tp.BudgetValidationError, lambda: tp.read_budget(path), r"column 'pagu': duplicated column")
