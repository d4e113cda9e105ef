"""Deterministic generator of realistic provincial-scale catalogues for the benchmarks.

``generate(n, seed)`` returns the raw catalogue as a :class:`pandas.DataFrame` (the table
an analyst would load, before validation) together with a :class:`targetplan.Budget` and
a :class:`targetplan.Policy` built through the public API. The same ``(n, seed)`` always
gives the same instance, on any machine (numpy's PCG64 generator, no other randomness).

What an instance contains, per 1,000 programmes (proportions are fixed, the draws are
seeded):

* six years, 2022-2027, two administrations (2022-2024, 2025-2027);
* modes: ~55 % ``whole``, ~25 % ``scalable`` (half with a ``min_level`` of 0.3-0.6),
  ~20 % ``flexible`` (a third with ``min_level`` 0.5);
* ~30 % carry-overs (``continuing``, running from 2022), the rest ``new`` with an
  ``earliest_start`` from 2022 to 2026; ~40 % of new programmes may start one or two
  years later (start windows);
* schedules of 1-4 years, costs lognormal around Rp 0.4 M per year (Rp 20 jt to
  Rp 30 M), heavier in the first year for whole programmes; targets for ~70 %;
* ~1 % mandatory, ~0.5 % excluded, ~5 % with a ``requires`` (one or two prerequisites
  in the same dimension that may start in 2022), ~3 % in exclusive groups of 2-3
  alternatives (a tenth of the groups ``group_required``);
* budget: ceilings at ~45 % of the yearly demand (smoothed over the years), a 2 % reserve,
  a share cap per dimension (25-35 % of the ceiling), a floor for ``environment``
  (4 %), an amount cap on the largest agency;
* policy: continuity floor 0.6, carry-over bonus 0.1, commitment cap 0.6 at 2025,
  smooth flexible levels (at most 0.5 change from one year to the next).

Run ``python benchmarks/generate.py 1000 --csv out.csv`` to write one as a file.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
import pandas as pd

import targetplan as tp

__all__ = ["DIMENSIONS", "YEARS", "Instance", "generate", "generate_catalog"]

YEARS: tuple[int, ...] = tuple(range(2022, 2028))
DIMENSIONS: tuple[str, ...] = ("governance", "branding", "economy", "living", "society", "environment")
_PREFIX = {
    "governance": "GOV",
    "branding": "BRD",
    "economy": "ECO",
    "living": "LIV",
    "society": "SOC",
    "environment": "ENV",
}
_AGENCIES = (
    "Diskominfo",
    "Bappeda",
    "Dinkes",
    "Disdik",
    "Dishub",
    "DPMPTSP",
    "Disdukcapil",
    "DLH",
    "Dinsos",
    "Disparbud",
    "DKUMKM",
    "BPKAD",
    "Bapenda",
    "DPUPR",
    "Satpol PP",
    "BPBD",
    "Disnaker",
    "DKPP",
    "Dispusip",
    "Setda",
)
_UNITS = ("%", "titik", "aplikasi", "orang", "layanan", "dokumen", "unit", "kelurahan")
_ALIGNMENT = ("RPJMD", "RKPD", "RENSTRA", "SPBE", "RB", "STRANAS_PK")


@dataclass(frozen=True)
class Instance:
    """One benchmark instance: the raw catalogue table, the budget and the policy."""

    frame: pd.DataFrame
    budget: tp.Budget
    policy: tp.Policy
    n: int
    seed: int

    def catalog(self) -> tp.Catalog:
        """Validate the table through the public API."""
        return tp.Catalog.from_frame(self.frame, source=f"generated n={self.n} seed={self.seed}")


def generate_catalog(n: int, seed: int = 0) -> pd.DataFrame:
    """Return the raw catalogue table of ``n`` programmes (deterministic in ``n`` and ``seed``)."""
    if n < 10:
        raise ValueError("generate at least 10 programmes")
    rng = np.random.default_rng([seed, n])
    n_years = len(YEARS)
    first = YEARS[0]
    idx = np.arange(n)

    dim = rng.choice(len(DIMENSIONS), size=n, p=[0.24, 0.12, 0.16, 0.18, 0.18, 0.12])
    # ~ 25 agencies per 1,000 programmes is too few at 50k; agencies repeat, as in a province
    agency = rng.choice(len(_AGENCIES), size=n)
    continuing = rng.random(n) < 0.30
    mode = rng.choice(3, size=n, p=[0.55, 0.25, 0.20])  # whole, scalable, flexible
    mode_names = np.array(["whole", "scalable", "flexible"])[mode]

    # schedule: duration 1-4 years; carry-overs run from the first year (the rest of their work)
    duration = rng.choice([1, 2, 3, 4], size=n, p=[0.25, 0.35, 0.25, 0.15])
    e_off = np.where(continuing, 0, rng.choice([0, 1, 2, 3, 4], size=n, p=[0.2, 0.2, 0.2, 0.2, 0.2]))
    e_off = np.minimum(e_off, n_years - duration)
    slack = n_years - duration - e_off  # years a start may move later
    window = np.where(~continuing & (rng.random(n) < 0.40), rng.integers(1, 3, size=n), 0)
    window = np.minimum(window, slack)

    base = np.clip(rng.lognormal(np.log(4e8), 1.0, size=n), 2e7, 3e10)
    front = np.where(mode == 0, 1.0 + rng.random(n) * 1.5, 1.0)  # whole: heavier first year (capex)
    k = np.arange(n_years)[None, :]
    in_sched = (k >= e_off[:, None]) & (k < (e_off + duration)[:, None])
    growth = 1.05 ** (k - e_off[:, None])
    profile = np.where(k == e_off[:, None], front[:, None], 1.0) * growth
    cost = np.where(in_sched, np.round(base[:, None] * profile, -5), 0.0)

    has_target = rng.random(n) < 0.70
    unit = np.where(has_target, np.array(_UNITS)[rng.integers(0, len(_UNITS), size=n)], "")
    level0 = rng.integers(5, 60, size=n)
    step = rng.integers(1, 12, size=n)
    target = np.where(in_sched & has_target[:, None], level0[:, None] + step[:, None] * (k - e_off[:, None]), np.nan)

    # priority: grows with size, with much noise (value per rupiah differs tenfold)
    total = cost.sum(axis=1)
    priority = np.clip(
        np.round(8 * np.sqrt(total / 1e9) * rng.lognormal(0.0, 0.6, size=n) + rng.random(n) * 5, 1), 1, 100
    )

    min_level = np.full(n, np.nan)
    scal = mode == 1
    flex = mode == 2
    min_level[scal] = np.where(
        rng.random(int(scal.sum())) < 0.5, 0.0, np.round(rng.uniform(0.3, 0.6, int(scal.sum())), 2)
    )
    min_level[flex] = np.where(rng.random(int(flex.sum())) < 0.67, 0.0, 0.5)

    mandatory = continuing & (mode != 1) & (rng.random(n) < 0.033) & (total < 3e9)
    excluded = ~mandatory & (rng.random(n) < 0.005)

    # exclusive groups: ~3 % of programmes, alternatives of 2-3 in one dimension
    group = np.full(n, "", dtype=object)
    group_required = np.zeros(n, dtype=bool)
    free = np.flatnonzero(~mandatory & ~excluded)
    candidates = rng.permutation(free)[: int(0.03 * n)]
    g = 0
    pos = 0
    while pos + 2 <= len(candidates):
        size = int(rng.integers(2, 4))
        members = candidates[pos : pos + size]
        pos += size
        name = f"ALT-{g:05d}"
        group[members] = name
        if rng.random() < 0.1:
            group_required[members] = True
        g += 1

    # requires: ~5 % need one or two earlier programmes of their dimension that may start in 2022
    requires = np.full(n, "", dtype=object)
    ids = np.array([f"{_PREFIX[DIMENSIONS[d]]}-{i + 1:05d}" for i, d in zip(idx, dim, strict=True)], dtype=object)
    can_be_required = (e_off == 0) & ~excluded
    need = np.flatnonzero((rng.random(n) < 0.05) & (idx > 20))
    for d in range(len(DIMENSIONS)):
        pool = np.flatnonzero(can_be_required & (dim == d))
        for b in need[dim[need] == d]:
            earlier = pool[pool < b]
            if len(earlier) == 0:
                continue
            count = 1 if rng.random() < 0.8 else 2
            picks = rng.choice(earlier[-200:], size=min(count, len(earlier[-200:])), replace=False)
            requires[b] = ";".join(ids[np.sort(picks)])

    alignment = np.array(
        [";".join(sorted(set(np.array(_ALIGNMENT)[rng.integers(0, len(_ALIGNMENT), size=2)]))) for _ in idx],
        dtype=object,
    )
    columns: dict[str, object] = {
        "id": ids,
        "name": [f"Program {DIMENSIONS[d]} {i + 1}" for i, d in zip(idx, dim, strict=True)],
        "dimension": np.array(DIMENSIONS)[dim],
        "agency": np.array(_AGENCIES)[agency],
        "status": np.where(continuing, "continuing", "new"),
        "mode": mode_names,
        "priority": priority,
        "min_level": min_level,
        "mandatory": mandatory,
        "excluded": excluded,
        "earliest_start": first + e_off,
        "latest_start": first + e_off + window,
        "requires": requires,
        "exclusive_group": group,
        "group_required": group_required,
        "alignment": alignment,
        "unit": unit,
    }
    for j, year in enumerate(YEARS):
        columns[f"cost_{year}"] = cost[:, j]
    for j, year in enumerate(YEARS):
        columns[f"target_{year}"] = target[:, j]
    return pd.DataFrame(columns)


def _budget(frame: pd.DataFrame) -> tp.Budget:
    cost = frame[[f"cost_{y}" for y in YEARS]].to_numpy(dtype=float)
    yearly_demand = cost.sum(axis=0)
    # about 45 % of the demand of each year, smoothed (ceilings move slowly from year to year)
    smooth = 0.6 * yearly_demand + 0.4 * float(yearly_demand.mean())
    ceilings = {y: float(round(0.45 * smooth[j], -6)) for j, y in enumerate(YEARS)}
    caps = dict(zip(DIMENSIONS, (0.35, 0.25, 0.30, 0.30, 0.30, 0.25), strict=True))
    limits = [tp.GroupLimit(group_by="dimension", group=d, cap=c, as_share=True) for d, c in caps.items()]
    limits.append(tp.GroupLimit(group_by="dimension", group="environment", floor=0.04, as_share=True))
    busiest = str(frame["agency"].value_counts().index[0])
    per_agency = float(cost[frame["agency"].to_numpy() == busiest].sum(axis=0).mean())
    limits.append(tp.GroupLimit(group_by="agency", group=busiest, cap=float(round(0.5 * per_agency, -6))))
    return tp.Budget(ceilings=ceilings, limits=limits, reserve=0.02)


def _policy() -> tp.Policy:
    return tp.Policy(
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        continuity_floor=0.6,
        carryover_bonus=0.1,
        commitment_cap=0.6,
        max_level_change=0.5,
    )


def generate(n: int, seed: int = 0) -> Instance:
    """Return a benchmark instance of ``n`` programmes; the same ``(n, seed)`` gives the same instance."""
    frame = generate_catalog(n, seed)
    return Instance(frame=frame, budget=_budget(frame), policy=_policy(), n=n, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of programmes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--csv", help="write the catalogue to this CSV file")
    args = parser.parse_args()
    inst = generate(args.n, args.seed)
    cat = inst.catalog()
    print(cat, inst.budget, sep="\n")
    if args.csv:
        inst.frame.to_csv(args.csv, index=False)


if __name__ == "__main__":
    main()
