"""Scorecards of organisations and the disparity between them.

>>> from ppd_core.metrics import gini, coefficient_of_variation
>>> gini([1, 1, 1, 1]), round(gini([0, 0, 0, 10]), 2)
(0.0, 0.75)
>>> round(coefficient_of_variation([2, 4, 6]), 3)
0.408
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.metrics._base import analysis
from ppd_core.metrics.activity import follow_up_rate, substantive_share, volume
from ppd_core.metrics.network import partner_dynamics
from ppd_core.metrics.resources import resources_mobilised

__all__ = ["DEFAULT_WEIGHTS", "coefficient_of_variation", "disparity", "gini", "scorecard"]

DEFAULT_WEIGHTS: dict[str, float] = {
    "activities": 1.0,
    "participants": 1.0,
    "share_substantive": 2.0,
    "resources_disbursed": 2.0,
    "new_partners": 1.5,
    "follow_up_rate": 1.5,
}
"""Default weights of the proactiveness index: substance and results weigh more than volume."""


def gini(values: Iterable[float]) -> float:
    """Gini coefficient of non-negative values: 0 = all equal, → 1 = one holds everything.

    Formula: G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄); NaN when there are no values or the mean is 0.
    """
    x = np.asarray(list(values), dtype="float64")
    if len(x) == 0 or x.mean() == 0:
        return float("nan")
    x = np.sort(x)
    n = len(x)
    index = np.arange(1, n + 1)
    return float((2 * (index * x).sum()) / (n * x.sum()) - (n + 1) / n)


def coefficient_of_variation(values: Iterable[float]) -> float:
    """Standard deviation / mean (population standard deviation); NaN when the mean is 0."""
    x = np.asarray(list(values), dtype="float64")
    if len(x) == 0 or x.mean() == 0:
        return float("nan")
    return float(x.std() / x.mean())


def scorecard(
    data: Any,
    *,
    year: int | None = None,
    organisations: Iterable[str] | None = None,
    weights: Mapping[str, float] | None = None,
    currency: str = "USD",
) -> pd.DataFrame:
    """A comparable scorecard per organisation and a composite proactiveness index.

    Measures per lead organisation (for ``year``, or all years): ``activities``,
    ``participants``, ``share_substantive``, ``resources_disbursed`` (in ``currency``),
    ``new_partners`` and ``follow_up_rate``. Each is normalised across the organisations
    compared by min–max scaling (x − min) / (max − min) (all equal → 0.5); the
    ``index`` = Σ wₖ·normₖ / Σ wₖ with the weights (default :data:`DEFAULT_WEIGHTS`,
    user-adjustable; a weight of 0 drops a measure), and ``rank`` 1 is the highest index.

    Args:
        data: A Dataset, its frames or an Analysis.
        year: Only activities starting (flows dated) in this year.
        organisations: Compare only these organisations (e.g. the members of a union).
        weights: Weights by measure name.
        currency: Currency of resources.
    """
    an = analysis(data)
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = set(w) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(
            f"unknown scorecard measures {sorted(unknown)}; use {list(DEFAULT_WEIGHTS)}"
        )
    by = ["organisation", "year"]

    def pick(table: pd.DataFrame) -> pd.DataFrame:
        return table if year is None else table[table["year"].astype("str") == str(year)]

    vol = pick(volume(an, by)).groupby("organisation")[["activities", "participants"]].sum()
    sub = pick(substantive_share(an, by)).groupby("organisation")[["substantive", "activities"]]
    fol = pick(follow_up_rate(an, by)).groupby("organisation")[["followed_up", "activities"]]
    flows = resources_mobilised(an, by, currency=currency, dated_by="flow")
    res = pick(flows[flows["stage"] == "disbursed"]).groupby("organisation")["amount"].sum()
    dyn = pick(partner_dynamics(an, ["organisation"])).groupby("organisation")["new"].sum()
    s, f = sub.sum(), fol.sum()
    agg = vol.assign(
        share_substantive=s["substantive"] / s["activities"].where(s["activities"] > 0),
        resources_disbursed=res,
        new_partners=dyn,
        follow_up_rate=f["followed_up"] / f["activities"].where(f["activities"] > 0),
    ).fillna(0.0)
    if organisations is not None:
        agg = agg.reindex(sorted(set(organisations))).fillna(0.0)
    agg = agg[agg.index != "(none)"]
    score = pd.Series(0.0, index=agg.index)
    total_weight = 0.0
    for measure, weight in w.items():
        col = agg[measure].astype("float64")  # counts are Int64; an empty one has no max
        span = col.max() - col.min()
        norm = (col - col.min()) / span if span > 0 else pd.Series(0.5, index=col.index)
        agg[f"{measure}_norm"] = norm
        score += weight * norm
        total_weight += weight
    agg["index"] = score / total_weight if total_weight else float("nan")
    agg["rank"] = agg["index"].rank(ascending=False, method="min").astype(int)
    return agg.sort_values(["rank"]).reset_index()


def disparity(scores: pd.DataFrame | pd.Series, column: str = "index") -> dict[str, float]:
    """Disparity across organisations: Gini coefficient and coefficient of variation.

    Args:
        scores: A :func:`scorecard` table (or a Series of values).
        column: The column to measure (default the composite ``index``).

    Returns:
        ``{"gini": …, "cv": …, "organisations": n, "min": …, "max": …}``.
    """
    values = scores[column] if isinstance(scores, pd.DataFrame) else scores
    v = values.astype("float64").to_numpy()
    return {
        "gini": gini(v),
        "cv": coefficient_of_variation(v),
        "organisations": float(len(v)),
        "min": float(v.min()) if len(v) else float("nan"),
        "max": float(v.max()) if len(v) else float("nan"),
    }
