"""Every alias the input reference (docs/inputs.md) documents is read: a column named so lands where the docs say.

The "also accepted" cells of the catalogue, previous-masterplan and realisation tables and
the Indonesian headers of the budget and limits files are parsed from the page itself, so
an alias added to the docs without the code (or the other way round) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import targetplan as tp

DOCS = Path(__file__).resolve().parents[1] / "docs" / "inputs.md"
TEXT = DOCS.read_text(encoding="utf-8")


def section(title: str) -> str:
    start = TEXT.index(f"## {title}")
    end = TEXT.find("\n## ", start + 1)
    return TEXT[start : end if end > 0 else None]


def table_aliases(title: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(documented columns, alias, "column" or "value") for every alias in the section's first table."""
    out = []
    lines = section(title).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(first, len(lines)) if not lines[i].startswith("|")), len(lines))
    for line in lines[first:end]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        columns = tuple(re.findall(r"`([^`]+)`", cells[0]))
        for part in cells[-1].split(";"):
            names = re.findall(r"`([^`]+)`", part)
            kind = "value" if part.strip().startswith("values") or " / " in part else "column"
            out += [(columns, name, kind) for name in names]
    return out


CATALOGUE = table_aliases("Programme catalogue")
PREVIOUS = table_aliases("Previous masterplan")
REALISATION = table_aliases("Realisation")


def test_the_reference_documents_aliases() -> None:
    assert len(CATALOGUE) > 30 and len(PREVIOUS) >= 10 and len(REALISATION) >= 8
    assert ((("achieved",), "capaian", "column")) in REALISATION


def base_catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["A", "B"],
            "name": ["a", "b"],
            "priority": [2.0, 1.0],
            "cost_2024": [1e9, 2e9],
            "unit": ["titik", "titik"],
            "target_2024": [5.0, 6.0],
        }
    )


#: A value each documented catalogue column can take, and how the catalogue reads it back.
SAMPLE_VALUES = {
    "id": ("A9", "A9"),
    "name": ("Nama", "Nama"),
    "priority": ("7", 7.0),
    "unit": ("orang", "orang"),
    "target_kind": ("cumulative", "cumulative"),
    "target_baseline": ("3", 3.0),
    "target_decimals": ("2", 2),
    "status": ("continuing", "continuing"),
    "mode": ("scalable", "scalable"),
    "min_level": ("0.5", 0.5),
    "mandatory": ("true", True),
    "excluded": ("false", False),
    "earliest_start": ("2024", 2024),
    "latest_start": ("2024", 2024),
    "requires": ("", ()),
    "exclusive_group": ("G", "G"),
    "dimension": ("living", "living"),
    "agency": ("Diskominfo", "Diskominfo"),
    "alignment": ("RPJMD", ("RPJMD",)),
    "code": ("2.16.03.2.02.0014", "2.16.03.2.02.0014"),
}


@pytest.mark.parametrize(("columns", "alias", "kind"), CATALOGUE, ids=[a for _, a, _ in CATALOGUE])
def test_every_documented_catalogue_alias_is_read(columns: tuple[str, ...], alias: str, kind: str) -> None:
    frame = base_catalogue()
    if kind == "value":
        column = columns[0]
        frame[column] = [alias, alias]
        if column == "mode":
            frame["min_level"] = [None, None] if alias in ("utuh", "whole") else [0.0, 0.0]
        cat = tp.Catalog.from_frame(frame)
        read = cat.to_frame()[column].iloc[0]
        expected = {"status": tp.CarryOver, "mode": tp.Mode, "target_kind": tp.TargetKind}[column]
        assert isinstance(read, expected), (alias, read)
        return
    if "<YYYY>" in alias:  # a cost column: pagu_<YYYY>, pagu_<YYYY>_<SOURCE> ...
        header = alias.replace("<YYYY>", "2024").replace("<SOURCE>", "DAK")
        frame = frame.drop(columns="cost_2024").assign(**{header: [1e9, 2e9]})
        cat = tp.Catalog.from_frame(frame)
        assert cat.cost_matrix()[:, 0].tolist() == [1e9, 2e9]
        if "<SOURCE>" in alias:
            assert cat.sources == ("DAK",)
        return
    column = next(c for c in columns if c in SAMPLE_VALUES)
    text, value = SAMPLE_VALUES[column]
    frame = frame.drop(columns=[column], errors="ignore")
    frame[alias] = [text, text + ("2" if column == "id" else "")]
    if column == "min_level":
        frame["mode"] = "scalable"
    cat = tp.Catalog.from_frame(frame)
    assert cat.to_frame()[column].iloc[0] == value, alias


@pytest.mark.parametrize(("columns", "alias", "kind"), PREVIOUS, ids=[a for _, a, _ in PREVIOUS])
def test_every_documented_previous_masterplan_alias_is_read(columns: tuple[str, ...], alias: str, kind: str) -> None:
    frame = pd.DataFrame({"id": ["A"], "completed": ["ya" if alias != "selesai" else ""]})
    if alias == "selesai":
        frame = frame.drop(columns="completed")
    value = {"completed": "ya", "selesai": "ya"}.get(alias, "2.16.03.2.02.0014" if "kode_" in alias else "7")
    if alias == "kode":
        frame = frame.rename(columns={"id": "kode"})
        value = "A"
    else:
        frame[alias] = [value]
    prev = tp.read_previous(frame)
    read = [str(prev[c].iloc[0]) for c in columns if c in prev.columns]
    expected = {"ya": "True"}.get(value, value)
    assert any(r in (expected, f"{float(expected):g}" if expected.isdigit() else expected, "7.0") for r in read), (
        alias,
        read,
    )


@pytest.mark.parametrize(("columns", "alias", "kind"), REALISATION, ids=[a for _, a, _ in REALISATION])
def test_every_documented_realisation_alias_is_read(columns: tuple[str, ...], alias: str, kind: str) -> None:
    frame = pd.DataFrame({"id": ["A"], "year": [2024], "spent": [5.0], "achieved": [3.0]})
    (column,) = columns
    frame = frame.rename(columns={column: alias})
    real = tp.read_realisation(frame)
    assert real[column].iloc[0] == {"id": "A", "year": 2024, "spent": 5.0, "achieved": 3.0}[column]


def budget_aliases() -> list[tuple[str, str]]:
    text = section("Budget")
    ceilings = re.search(r"columns `year`, `ceiling` \(also ([^)]*)\)", text)
    limits = re.search(r"Indonesian headers: ([^.]*)\.", text, flags=re.S)
    assert ceilings is not None and limits is not None
    out = [(name, "ceilings") for name in re.findall(r"`([^`]+)`", ceilings.group(1))]
    return out + [(name, "limits") for name in re.findall(r"`([^`]+)`", limits.group(1))]


@pytest.mark.parametrize(("alias", "table"), budget_aliases(), ids=[a for a, _ in budget_aliases()])
def test_every_documented_budget_alias_is_read(alias: str, table: str, tmp_path: Path) -> None:
    if table == "ceilings":
        columns = {"year": "2024", "ceiling": "5000"}
        key = "year" if alias == "tahun" else "ceiling"
        columns[alias] = columns.pop(key)
        path = tmp_path / "budget.csv"
        path.write_text(",".join(columns) + "\n" + ",".join(columns.values()) + "\n", encoding="utf-8")
        assert tp.read_budget(path).ceilings == {2024: 5000.0}
        return
    english = ["group_by", "group", "year", "cap", "floor", "as_share"]
    indonesian = ["kelompok_menurut", "kelompok", "tahun", "batas_atas", "batas_bawah", "sebagai_porsi"]
    header = [indonesian[english.index(e)] if indonesian[english.index(e)] == alias else e for e in english]
    assert alias in header
    limits = tmp_path / "limits.csv"
    limits.write_text(",".join(header) + "\ndimension,living,2024,4000,1000,false\n", encoding="utf-8")
    budget = tmp_path / "budget.csv"
    budget.write_text("year,ceiling\n2024,5000\n", encoding="utf-8")
    (limit,) = tp.read_budget(budget, limits=limits).limits
    assert (limit.group_by, limit.group, limit.year, limit.cap, limit.floor, limit.as_share) == (
        "dimension",
        "living",
        2024,
        4000.0,
        1000.0,
        False,
    )
