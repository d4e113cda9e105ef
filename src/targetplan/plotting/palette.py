"""Colours of the charts: categories, continuity classes and achievement bands.

Categories (agencies, dimensions, funding sources …) get one colour each from a palette of
20 colours that stay apart from each other; when a chart has more than 20 categories, the
20 largest keep their colours and the rest are drawn as one grey "lainnya" / "other". A
plan's categories are coloured by their rank in the plan's spending, so the same
dimension has the same colour in the budget chart and in the timeline of that plan.

The continuity classes and the achievement bands use colours of the Okabe–Ito palette
(made to stay distinguishable with the common forms of colour blindness).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ..text.language import Language, get_language

if TYPE_CHECKING:
    from ..results.plan import Plan

__all__ = [
    "ACHIEVEMENT_BANDS",
    "ACHIEVEMENT_COLOURS",
    "CONTINUITY_COLOURS",
    "MAX_CATEGORIES",
    "OTHER_COLOUR",
    "PALETTE",
    "achievement_band",
    "category_colours",
    "group_smallest",
    "other_label",
    "plan_colours",
]

#: Twenty colours for categories, far apart in a perceptual colour space: the first 20
#: of the Glasbey palette that extends matplotlib's ``tab10`` (colorcet's
#: ``glasbey_category10``), without its grey (kept for "other") and its pale yellow
#: (hardly visible on white paper).
PALETTE: tuple[str, ...] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#3a0183",
    "#004301",
    "#0fffa9",
    "#5e0040",
    "#bcbcff",
    "#d8afa2",
    "#b80080",
    "#004e53",
    "#6b6500",
    "#7d0200",
    "#6126ff",
)

#: At most this many categories get a colour of their own in one chart.
MAX_CATEGORIES = len(PALETTE)

#: The grey of the categories grouped as "lainnya" / "other".
OTHER_COLOUR = "#9e9e9e"

#: One colour per continuity class (Okabe–Ito): what became of the previous masterplan's
#: programmes (completed, continued, dropped) and the spending of each term on
#: carry-overs (continuing, *lanjutan*) and on new programmes (*baru*).
CONTINUITY_COLOURS: dict[str, str] = {
    "completed": "#009e73",  # bluish green: done
    "continued": "#56b4e9",  # sky blue: carried on into this plan
    "dropped": "#d55e00",  # vermilion: given up
    "continuing": "#cc79a7",  # reddish purple: this plan's carry-overs (lanjutan)
    "new": "#f0e442",  # yellow: new programmes (baru)
}

#: Achievement (*capaian*) bands: at least 90 % of the planned target is good, 60–90 %
#: needs attention, below 60 % is behind. Lower bounds, from the top band down.
ACHIEVEMENT_BANDS: tuple[tuple[str, float], ...] = (("good", 0.9), ("fair", 0.6), ("poor", 0.0))

#: Traffic-light colours of the bands: a bluish green, amber and a dark red, which differ
#: in lightness too, so they stay apart for readers who do not see red and green.
ACHIEVEMENT_COLOURS: dict[str, str] = {"good": "#009e73", "fair": "#f2b43c", "poor": "#b2182b"}

_OTHER = ("lainnya", "other")


def other_label(lang: Language | None = None) -> str:
    """Return the name of the grouped small categories in the language ("lainnya" / "other")."""
    return _OTHER[0] if (lang or get_language()) == "id" else _OTHER[1]


def _ranked(amounts: Mapping[str, float] | pd.Series) -> list[str]:
    """Category names, largest amount first, ties by name (so the order never depends on input order)."""
    items = [(str(k), float(v)) for k, v in dict(amounts).items()]
    return [k for k, _ in sorted(items, key=lambda kv: (-kv[1], kv[0]))]


def category_colours(amounts: Mapping[str, float] | pd.Series, limit: int = MAX_CATEGORIES) -> dict[str, str]:
    """Give each category a colour by its size: the largest gets the first colour of the palette.

    Parameters
    ----------
    amounts : mapping or Series
        Size of each category (money spent, for instance).
    limit : int, default 20
        Categories beyond the ``limit`` largest get :data:`OTHER_COLOUR`.

    Returns
    -------
    dict
        Category name -> colour (hex).

    Examples
    --------
    >>> category_colours({"gov": 5.0, "eco": 9.0})
    {'eco': '#1f77b4', 'gov': '#ff7f0e'}
    """
    limit = min(limit, MAX_CATEGORIES)
    return {name: PALETTE[k] if k < limit else OTHER_COLOUR for k, name in enumerate(_ranked(amounts))}


def group_smallest(table: pd.DataFrame, limit: int = MAX_CATEGORIES, lang: Language | None = None) -> pd.DataFrame:
    """Keep the ``limit`` largest rows (by row sum) and add up the rest as one row "lainnya" / "other".

    The kept rows stay in the table's order; the grouped row comes last. A table of at
    most ``limit`` rows is returned as it is.

    Examples
    --------
    >>> t = pd.DataFrame({"2024": [5.0, 1.0, 2.0]}, index=["a", "b", "c"])
    >>> group_smallest(t, limit=2, lang="en")
           2024
    a       5.0
    c       2.0
    other   1.0
    """
    if len(table) <= limit:
        return table
    keep = set(_ranked(table.sum(axis=1))[:limit])
    kept = table.loc[[str(k) in keep for k in table.index]]
    rest = table.loc[[str(k) not in keep for k in table.index]].sum(axis=0)
    rest.name = other_label(lang)
    return pd.concat([kept, rest.to_frame().T])


def plan_colours(plan: Plan, by: str) -> dict[str, str]:
    """Colours of a plan's groups of a catalogue column, ranked by the plan's spending.

    Every chart of one plan that colours by ``by`` calls this, so a group keeps its
    colour from chart to chart. Groups beyond the 20 largest are grey.
    """
    groups = plan.catalog.column(by).astype(str).replace("", "-")
    spend = plan.costs.sum(axis=1).groupby(groups.reindex(plan.costs.index).to_numpy()).sum()
    return category_colours(spend)


def achievement_band(achievement: float) -> str:
    """Return the band of an achievement (a share: 0.9 = 90 %): ``good``, ``fair`` or ``poor``.

    Examples
    --------
    >>> [achievement_band(a) for a in (1.2, 0.9, 0.899, 0.6, 0.2)]
    ['good', 'good', 'fair', 'fair', 'poor']
    """
    for band, floor in ACHIEVEMENT_BANDS:
        if achievement >= floor:
            return band
    return "poor"
