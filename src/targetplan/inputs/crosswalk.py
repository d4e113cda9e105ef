"""A crosswalk from the previous masterplan's programmes to the catalogue's, for continuity across nomenclatures.

The previous masterplan may use other ids: older codes (Permendagri 13/2006, ``1.25 .
1.25.01 . 15.02``), 2-digit sub kegiatan, or slightly different names (*Nonformal* and
*Non Formal*). :func:`crosswalk` proposes a match for every previous programme, in this
order, and says how it was found:

``id``
    the same id in both tables;
``code``
    the same Permendagri 90 code (in the ``code`` column, or the id where it is a code),
    a 2-digit sub kegiatan read as its 4-digit form (``…02.14`` = ``…02.0014``);
``name``
    the same name once case, punctuation and spaces are ignored;
``similar``
    the most similar remaining name, at least ``min_similarity`` alike (token-sorted
    Levenshtein ratio of :mod:`rapidfuzz`), each catalogue programme used once;
``none``
    no match: the closest name is shown in ``note`` for the analyst to judge.

The table is a proposal: the analyst reviews it (and may change ``catalogue_id`` or set
``match`` to ``none``), saves it, and gives it to ``plan.continuity(previous=...,
crosswalk=...)``, which then counts a previous programme as the catalogue programme it
maps to. Unmatched previous programmes stay in the report as unmatched.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, CrosswalkValidationError
from .catalog import Catalog
from .codes import code_problem
from .collect import Failures
from .previous import read_previous
from .tables import as_text, did_you_mean, normalise_name, read_table

__all__ = ["CROSSWALK_COLUMNS", "crosswalk", "match_previous", "normalise_title"]

#: The columns of a crosswalk table.
CROSSWALK_COLUMNS = (
    "previous_id",
    "previous_name",
    "catalogue_id",
    "catalogue_name",
    "match",
    "similarity",
    "note",
)
_ALIASES = {
    "id_sebelumnya": "previous_id",
    "id_lama": "previous_id",
    "nama_sebelumnya": "previous_name",
    "id_katalog": "catalogue_id",
    "id_baru": "catalogue_id",
    "catalog_id": "catalogue_id",
    "padanan": "match",
}


def normalise_title(name: object, spaces: bool = True) -> str:
    """Return a name for comparing: lower case, accents, punctuation and ``&`` folded, single spaces.

    With ``spaces=False`` the spaces go too, so that *Nonformal* and *Non Formal* are equal.

    Examples
    --------
    >>> normalise_title("Pendidikan Non-Formal & Kesetaraan")
    'pendidikan non formal dan kesetaraan'
    >>> normalise_title("Pendidikan Nonformal", spaces=False) == normalise_title("Pendidikan Non Formal", spaces=False)
    True
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " dan ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return text if spaces else text.replace(" ", "")


def _table(source: str | Path | pd.DataFrame | Catalog) -> pd.DataFrame:
    """Ids, names and codes of the previous programmes (a previous-masterplan table or a catalogue)."""
    if isinstance(source, Catalog):
        frame = source.to_frame()
        codes = as_text(frame["code"]) if "code" in frame.columns else pd.Series("", index=frame.index)
        return pd.DataFrame({"id": list(source.ids), "name": list(frame["name"]), "code": list(codes)})
    prev = read_previous(source, need_data=False)
    codes = prev["code"] if "code" in prev.columns else pd.Series("", index=prev.index)
    return pd.DataFrame({"id": prev["id"], "name": prev["name"], "code": codes})


def _code_key(code: str, pid: str) -> tuple[str, str]:
    """Return a programme's Permendagri 90 key (from its code, else its id) and the text it came from."""
    for text in (code, pid):
        parsed, _ = code_problem(text)
        if parsed is not None and parsed.style == "permendagri90":
            return parsed.key, parsed.text
    return "", ""


def crosswalk(
    previous: str | Path | pd.DataFrame | Catalog, catalog: Catalog, min_similarity: float = 0.85
) -> pd.DataFrame:
    """Propose which catalogue programme each programme of the previous masterplan continues.

    Parameters
    ----------
    previous : path, DataFrame or Catalog
        The previous masterplan (read with :func:`~targetplan.read_previous`: ``id``,
        ``name``, optionally ``code``), or the catalogue of the previous period (for
        example an older Renstra read with :func:`~targetplan.read_renstra`).
    catalog : Catalog
        The new catalogue.
    min_similarity : float, default 0.85
        The least similarity (0–1) for a ``similar`` match.

    Returns
    -------
    DataFrame
        One row per previous programme, in its order: ``previous_id``,
        ``previous_name``, ``catalogue_id`` and ``catalogue_name`` (blank when
        unmatched), ``match`` (``id``, ``code``, ``name``, ``similar`` or ``none``),
        ``similarity`` (1 for ``id``/``code``/``name``; for ``none`` the best found) and
        ``note``. Save it with ``to_csv`` or ``to_excel`` for review; ids and codes stay
        text.

    Examples
    --------
    >>> import pandas as pd
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_frame(pd.DataFrame({
    ...     "id": ["2.16.03.2.02.0014", "SOC-01"], "name": ["Jaringan Intra Pemda", "Pendidikan Non Formal"],
    ...     "priority": [1, 1], "cost_2025": [1e9, 1e9]}))
    >>> prev = pd.DataFrame({"id": ["2.16.03.2.02.14", "1.01 . 1.01.01 . 18.02"],
    ...                      "name": ["Jaringan intra", "Pendidikan Nonformal"]})
    >>> tp.crosswalk(prev, cat)[["previous_id", "catalogue_id", "match"]]
                  previous_id       catalogue_id match
    0         2.16.03.2.02.14  2.16.03.2.02.0014  code
    1  1.01 . 1.01.01 . 18.02             SOC-01  name
    """
    if not isinstance(catalog, Catalog):
        raise ArgumentError(f"catalog must be a Catalog, not {type(catalog).__name__}")
    if not 0 < float(min_similarity) <= 1:
        raise ArgumentError(f"min_similarity must be a share above 0 and at most 1, not {min_similarity!r}")
    from rapidfuzz import fuzz, process  # imported here: only the crosswalk needs it

    prev = _table(previous)
    frame = catalog.to_frame()
    cat_ids = list(catalog.ids)
    cat_names = [str(n) for n in frame["name"]]
    cat_codes = as_text(frame["code"]) if "code" in frame.columns else pd.Series("", index=frame.index)
    by_id = {pid: i for i, pid in enumerate(cat_ids)}
    by_code: dict[str, int] = {}
    for i, (code, pid) in enumerate(zip(cat_codes, cat_ids, strict=True)):
        key, _ = _code_key(code, pid)
        if key:
            by_code.setdefault(key, i)
    by_name: dict[str, list[int]] = {}
    for i, name in enumerate(cat_names):
        by_name.setdefault(normalise_title(name, spaces=False), []).append(i)

    rows: list[dict[str, Any]] = []
    used: set[int] = set()
    pending: list[int] = []
    for k, (pid, name, code) in enumerate(zip(prev["id"], prev["name"], prev["code"], strict=True)):
        row = {"previous_id": pid, "previous_name": name, "catalogue_id": "", "catalogue_name": ""}
        row.update({"match": "none", "similarity": np.nan, "note": ""})
        key, text = _code_key(str(code), str(pid))
        same_name = by_name.get(normalise_title(name, spaces=False), []) if str(name).strip() else []
        if pid in by_id:
            found, row["match"] = by_id[pid], "id"
        elif key and key in by_code:
            found, row["match"] = by_code[key], "code"
            if text != cat_codes.iat[found] and text != cat_ids[found]:
                row["note"] = f"code {text} read as {key}"
        elif same_name:
            found, row["match"] = same_name[0], "name"
            if len(same_name) > 1:
                row["note"] = "the same name also: " + ", ".join(cat_ids[i] for i in same_name[1:])
        else:
            pending.append(k)
            rows.append(row)
            continue
        row.update(catalogue_id=cat_ids[found], catalogue_name=cat_names[found], similarity=1.0)
        used.add(found)
        rows.append(row)

    if pending and cat_names:
        left = [normalise_title(prev["name"].iat[k]) for k in pending]
        scores = process.cdist(left, [normalise_title(n) for n in cat_names], scorer=fuzz.token_sort_ratio) / 100.0
        order = sorted(
            ((float(scores[a, b]), a, b) for a in range(len(pending)) for b in range(len(cat_names))),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        taken: set[int] = set()
        for score, a, b in order:
            if score < min_similarity:
                break
            if a in taken or b in used:
                continue
            taken.add(a)
            used.add(b)
            rows[pending[a]].update(
                catalogue_id=cat_ids[b], catalogue_name=cat_names[b], match="similar", similarity=round(score, 3)
            )
        for a, k in enumerate(pending):
            if a in taken:
                continue
            best = int(np.argmax(scores[a]))
            rows[k]["similarity"] = round(float(scores[a, best]), 3)
            rows[k]["note"] = f"closest: {cat_ids[best]} {cat_names[best]}"
    table = pd.DataFrame(rows, columns=list(CROSSWALK_COLUMNS))
    for col in ("previous_id", "previous_name", "catalogue_id", "catalogue_name", "match", "note"):
        table[col] = table[col].astype(object)
    return table


def match_previous(
    source: str | Path | pd.DataFrame, previous_ids: pd.Series, catalog_ids: tuple[str, ...]
) -> pd.DataFrame:
    """Read a reviewed crosswalk; return, per previous programme, the catalogue id it maps to and the match.

    Returns
    -------
    DataFrame
        Aligned with ``previous_ids``: ``catalogue_id`` (``""`` when unmatched) and
        ``match`` (the crosswalk's word, ``none`` when unmatched or not in the crosswalk).

    Raises
    ------
    CrosswalkValidationError
        For a crosswalk without ``previous_id`` / ``catalogue_id``, a previous id listed
        twice or unknown, or a catalogue id that is not in the plan's catalogue.
    """
    if isinstance(source, pd.DataFrame):
        frame, name = source.copy(deep=True), "crosswalk"
        frame.index = pd.RangeIndex(len(frame))
    else:
        frame, name = read_table(source, what="crosswalk", error=CrosswalkValidationError), Path(source).name
    frame = frame.rename(columns=lambda c: _ALIASES.get(normalise_name(c), normalise_name(c)))
    failures = Failures()
    for col in ("previous_id", "catalogue_id"):
        if col not in frame.columns:
            failures.add(
                None,
                None,
                col,
                None,
                f"required column '{col}' is missing",
                "give the table tp.crosswalk returns (previous_id, catalogue_id, match …), reviewed",
            )
    failures.raise_if_any(CrosswalkValidationError, name)
    prev = as_text(frame["previous_id"])
    target = as_text(frame["catalogue_id"])
    match = as_text(frame["match"]).str.lower() if "match" in frame.columns else pd.Series("", index=frame.index)
    known_prev = set(previous_ids)
    known_cat = set(catalog_ids)
    for r in frame.index[prev.duplicated(keep=False) & (prev != "")]:
        failures.add(r, prev[r], "previous_id", prev[r], "listed twice", "give every previous programme one row")
    for r in frame.index[(prev != "") & ~prev.isin(known_prev)]:
        hint = did_you_mean(prev[r], sorted(known_prev))
        failures.add(
            r,
            prev[r],
            "previous_id",
            prev[r],
            f"not a programme of the previous masterplan {hint}".strip(),
            "use its ids",
        )
    linked = (target != "") & (match != "none")
    for r in frame.index[linked & ~target.isin(known_cat)]:
        hint = did_you_mean(target[r], sorted(known_cat))
        failures.add(
            r,
            prev[r],
            "catalogue_id",
            target[r],
            f"not a programme of the catalogue {hint}".strip(),
            "use an id of the plan's catalogue, or leave it blank (unmatched)",
        )
    failures.raise_if_any(CrosswalkValidationError, name)
    lookup = {
        p: (t if ok else "", (m or "manual") if ok else "none")
        for p, t, m, ok in zip(prev, target, match, linked, strict=True)
        if p
    }
    pairs = [lookup.get(p, ("", "none")) for p in previous_ids]
    return pd.DataFrame(
        {"catalogue_id": [a for a, _ in pairs], "match": [b for _, b in pairs]}, index=previous_ids.index, dtype=object
    )
