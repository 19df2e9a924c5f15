"""The allocation problem as arrays: candidates, constraint settings and programme rows.

`candidate_arrays` turns prepared candidates into `Arrays` (fixed across re-solves); the
arguments of :func:`~ppd_core.planning.allocate` become `Limits` (what relaxations and the
conflict search change); `constraint_rows` writes both as the rows of the 0–1 programme.
Amounts and shares are put in words for people by `vnd`, `pct` and `join_and`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.planning.candidates import candidate_groups, monthly_load
from ppd_core.reference import ReferenceData


@dataclass(frozen=True)
class Arrays:
    """The candidates as arrays (fixed across re-solves)."""

    ids: list[str]
    value: np.ndarray
    cost: np.ndarray
    load: np.ndarray  # (n, 12) staff-days per month
    area: list[str | None]
    partner: list[str | None]
    groups: pd.DataFrame | None
    index: dict[str, int]
    scale: float


@dataclass(frozen=True)
class Limits:
    """The constraint settings (what relaxations and the deletion filter change)."""

    budget: float | None
    staff: dict[int, float]
    area_min: dict[str, float]
    group_min: dict[str, float]
    partner_share: dict[str, float]
    partner_amount: dict[str, float]
    must_do: tuple[str, ...]
    exclusive: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Row:
    """One row of the programme: lower ≤ Σ vals·x[cols] ≤ upper, named by family and key."""

    family: str
    key: str
    cols: np.ndarray
    vals: np.ndarray
    lower: float
    upper: float


def constraint_rows(arr: Arrays, lim: Limits) -> list[Row]:
    """The constraint rows over x₀…xₙ₋₁ and T (column n), cost rows scaled by the largest cost.

    T is a continuous variable equal to the chosen budget Σ cᵢ·xᵢ (first row), so share
    constraints become sparse: Σ_{i∈a} cᵢ·xᵢ − σ·T ≥ 0 touches only the area's activities.
    """
    n = len(arr.ids)
    c = arr.cost / arr.scale
    every = np.arange(n)
    t = np.array([n])
    rows = [Row("total", "", np.append(every, n), np.append(c, -1.0), 0.0, 0.0)]
    if lim.budget is not None:
        rows.append(Row("budget", "", t, np.ones(1), -math.inf, lim.budget / arr.scale))
    for m, cap in sorted(lim.staff.items()):
        use = arr.load[:, m - 1]
        cols = np.flatnonzero(use > 0)
        rows.append(Row("staff", str(m), cols, use[cols], -math.inf, cap))
    area = np.array([a or "" for a in arr.area], dtype=object)
    for a, share in sorted(lim.area_min.items()):
        cols = np.flatnonzero(area == a)
        rows.append(_share_row("priority_share", a, cols, c, share, n, 0.0, math.inf))
    for g, share in sorted(lim.group_min.items()):
        if arr.groups is None:  # candidate_arrays looks the groups up whenever shares are asked for
            raise ValueError("country groups are needed for min_share_country_group")
        cols = np.flatnonzero(arr.groups[g].to_numpy(dtype=bool))
        rows.append(_share_row("group_share", g, cols, c, share, n, 0.0, math.inf))
    partner = np.array([p or "" for p in arr.partner], dtype=object)
    for p, cap in sorted(lim.partner_share.items()):
        cols = np.flatnonzero(partner == p)
        rows.append(_share_row("partner_cap", p, cols, c, cap, n, -math.inf, 0.0))
    for p, amount in sorted(lim.partner_amount.items()):
        cols = np.flatnonzero(partner == p)
        rows.append(Row("partner_cap", p, cols, c[cols], -math.inf, amount / arr.scale))
    for k, members in enumerate(lim.exclusive, start=1):
        cols = np.array(sorted(arr.index[i] for i in members), dtype=np.int64)
        rows.append(Row("exclusive", str(k), cols, np.ones(len(cols)), -math.inf, 1.0))
    return rows


def _share_row(
    family: str,
    key: str,
    cols: np.ndarray,
    c: np.ndarray,
    share: float,
    n: int,
    lower: float,
    upper: float,
) -> Row:
    """Σ_{i∈cols} cᵢ·xᵢ − share·T within [lower, upper]."""
    return Row(family, key, np.append(cols, n), np.append(c[cols], -share), lower, upper)


# -- arguments --------------------------------------------------------------------------------


def months_of(capacity: Mapping[Any, float] | float | None) -> dict[int, float]:
    """Staff capacity per month 1–12 from a number (every month) or a mapping."""
    if capacity is None:
        return {}
    if isinstance(capacity, int | float):
        if capacity < 0:
            raise ValueError("staff_capacity must not be negative")
        return dict.fromkeys(range(1, 13), float(capacity))
    out: dict[int, float] = {}
    for key, cap in capacity.items():
        text = str(key)
        month = int(text[-2:]) if "-" in text else int(text)
        if not 1 <= month <= 12:
            raise ValueError(f"staff_capacity month {key!r} is not a month 1–12 (or 'YYYY-MM')")
        if float(cap) < 0:
            raise ValueError(f"staff_capacity for month {key!r} is negative")
        out[month] = float(cap)
    return out


def min_shares(shares: Mapping[str, float] | None, what: str) -> dict[str, float]:
    """Minimum shares checked to lie in 0–1."""
    out = {str(k): float(v) for k, v in (shares or {}).items()}
    for k, v in out.items():
        if not 0 <= v <= 1:
            raise ValueError(f"the minimum share for {what} {k!r} must lie in 0–1, not {v}")
    return out


def partner_caps(
    partner_cap: float | Mapping[str, float] | None, partners: list[str | None]
) -> tuple[dict[str, float], dict[str, float]]:
    """Partner caps split into shares (≤ 1) and amounts in VND (> 1)."""
    if partner_cap is None:
        return {}, {}
    if isinstance(partner_cap, int | float):
        caps = {p: float(partner_cap) for p in sorted({p for p in partners if p})}
    else:
        caps = {str(k): float(v) for k, v in partner_cap.items()}
    if any(v <= 0 for v in caps.values()):
        raise ValueError("partner caps must be positive (a share in (0, 1] or an amount > 1)")
    return (
        {p: v for p, v in caps.items() if v <= 1},
        {p: v for p, v in caps.items() if v > 1},
    )


def candidate_arrays(
    cands: pd.DataFrame,
    value: str,
    year: int | None,
    need_groups: bool,
    reference: ReferenceData | None,
) -> Arrays:
    """The prepared candidates as arrays, with the value column to maximise checked."""
    if value not in cands.columns:
        hint = " (score them first with score_candidates)" if value == "score" else ""
        raise ValueError(f"candidates have no {value!r} column to maximise{hint}")
    values = pd.to_numeric(cands[value], errors="coerce").to_numpy(dtype="float64")
    if not np.isfinite(values).all():
        raise ValueError(f"the {value!r} column must be a finite number for every candidate")
    cost = cands["cost_vnd"].to_numpy(dtype="float64")
    groups = (
        candidate_groups(cands, year, reference=reference, purpose="min_share_country_group")
        if need_groups
        else None
    )
    ids = cands["id"].tolist()
    return Arrays(
        ids=ids,
        value=values,
        cost=cost,
        load=monthly_load(cands),
        area=list(cands["priority_area"]),
        partner=list(cands["partner_id"]),
        groups=groups,
        index={i: k for k, i in enumerate(ids)},
        scale=max(float(cost.max()) if len(cost) else 1.0, 1.0),
    )


# -- amounts in words ------------------------------------------------------------------------


def vnd(amount: float) -> str:
    """An amount of VND for people: ``1.2 bn VND``, ``350 million VND``."""
    if abs(amount) >= 1e9:
        return f"{amount / 1e9:,.2f}".rstrip("0").rstrip(".") + " bn VND"
    if abs(amount) >= 1e6:
        return f"{amount / 1e6:,.1f}".rstrip("0").rstrip(".") + " million VND"
    return f"{amount:,.0f} VND"


def pct(share: float) -> str:
    """A share as a percentage for people: 0.5 → ``50 %``."""
    return f"{share * 100:.4g} %"


def join_and(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
