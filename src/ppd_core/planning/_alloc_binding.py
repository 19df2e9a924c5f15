"""The constraint report of an allocation: used, slack, binding, and what relaxing buys.

`relaxations` makes one relaxed copy of the limits per constraint family; `constraint_report`
gives one row per constraint in natural units, with the value its family's re-solve gained.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.planning._alloc_model import Arrays, Limits, vnd
from ppd_core.planning._alloc_solver import STATUS, Result

_TOL = 1e-6


def relaxations(lim: Limits, f: Mapping[str, float]) -> dict[str, tuple[str, Limits]]:
    """One relaxed copy of the limits per constraint family present, with its label."""
    out: dict[str, tuple[str, Limits]] = {}
    if lim.budget is not None:
        extra = lim.budget * f["budget"]
        out["budget"] = (
            f"budget +{f['budget'] * 100:g} % (+{vnd(extra)})",
            replace(lim, budget=lim.budget + extra),
        )
    if lim.staff:
        out["staff"] = (
            f"staff capacity +{f['staff'] * 100:g} % in every month",
            replace(lim, staff={m: c * (1 + f["staff"]) for m, c in lim.staff.items()}),
        )
    if lim.area_min:
        out["priority_share"] = (
            f"minimum area shares −{f['share'] * 100:g} points",
            replace(lim, area_min={a: max(0.0, s - f["share"]) for a, s in lim.area_min.items()}),
        )
    if lim.group_min:
        out["group_share"] = (
            f"minimum group shares −{f['share'] * 100:g} points",
            replace(lim, group_min={g: max(0.0, s - f["share"]) for g, s in lim.group_min.items()}),
        )
    if lim.partner_share or lim.partner_amount:
        out["partner_cap"] = (
            f"partner caps +{f['partner'] * 100:g} points of share, amount caps "
            f"+{f['amount'] * 100:g} %",
            replace(
                lim,
                partner_share={p: min(1.0, k + f["partner"]) for p, k in lim.partner_share.items()},
                partner_amount={p: a * (1 + f["amount"]) for p, a in lim.partner_amount.items()},
            ),
        )
    if lim.must_do:
        out["must_do"] = ("must-do list dropped", replace(lim, must_do=()))
    if lim.exclusive:
        out["exclusive"] = ("exclusive sets lifted", replace(lim, exclusive=()))
    return out


Line = dict[str, Any]
"""One row of the constraint report."""

_REPORT_COLUMNS = [
    "family",
    "name",
    "sense",
    "limit",
    "used",
    "slack",
    "binding",
    "relaxation",
    "value_gain",
    "relaxed_status",
]


def constraint_report(
    arr: Arrays,
    lim: Limits,
    x: np.ndarray,
    relaxed: Mapping[str, tuple[str, Result, float]],
) -> pd.DataFrame:
    """One row per constraint, in natural units, with the family's relaxation result."""
    rows: list[Line] = []
    spent = float(arr.cost @ x) if len(x) else 0.0
    tol = _TOL * max(arr.scale, 1.0)

    def share_of(mask: np.ndarray) -> float:
        return float((arr.cost * mask) @ x) / spent if spent > 0 else math.nan

    out = x < 0.5  # candidates not chosen: could any still fit in the slack?
    if lim.budget is not None:
        slack = lim.budget - spent
        full = _no_room(slack, arr.cost[out], tol)
        rows.append(_line("budget", "", "≤", lim.budget, spent, slack, full))
    for m, cap in sorted(lim.staff.items()):
        used = float(arr.load[:, m - 1] @ x)
        full = _no_room(cap - used, arr.load[out, m - 1], _TOL)
        rows.append(_line("staff", str(m), "≤", cap, used, cap - used, full))

    def share_line(family: str, key: str, mask: np.ndarray, share: float, minimum: bool) -> Line:
        """A share constraint: Σ (1[i in group] − share)·cᵢ·xᵢ ≥ 0 (a minimum) or ≤ 0 (a cap)."""
        lhs = float(((mask - share) * arr.cost) @ x)
        got = share_of(mask)
        slack = got - share if minimum else share - got
        sense = "≥" if minimum else "≤ share"
        return _line(family, key, sense, share, got, slack, abs(lhs) <= tol)

    area = np.array([a or "" for a in arr.area], dtype=object)
    for a, s in sorted(lim.area_min.items()):
        rows.append(share_line("priority_share", a, (area == a).astype("float64"), s, True))
    for g, s in sorted(lim.group_min.items()):
        mask = (
            arr.groups[g].to_numpy(dtype="float64") if arr.groups is not None else np.zeros(len(x))
        )
        rows.append(share_line("group_share", g, mask, s, True))
    partner = np.array([p or "" for p in arr.partner], dtype=object)
    for p, k in sorted(lim.partner_share.items()):
        rows.append(share_line("partner_cap", p, (partner == p).astype("float64"), k, False))
    for p, amount in sorted(lim.partner_amount.items()):
        used = float((arr.cost * (partner == p)) @ x)
        full = _no_room(amount - used, arr.cost[out & (partner == p)], tol)
        rows.append(_line("partner_cap", p, "≤ VND", amount, used, amount - used, full))
    must_relaxed = relaxed.get("must_do")
    for i in lim.must_do:
        left_out = None
        if must_relaxed is not None and must_relaxed[1].x is not None:
            left_out = bool(must_relaxed[1].x[arr.index[i]] < 0.5)
        rows.append(_line("must_do", i, "=", 1.0, 1.0, 0.0, left_out))
    for k, members in enumerate(lim.exclusive, start=1):
        used = float(sum(x[arr.index[i]] for i in members))
        rows.append(_line("exclusive", f"{k}: " + ", ".join(members), "≤", 1.0, used,
                          1.0 - used, used >= 1.0))  # fmt: skip
    for row in rows:
        found = relaxed.get(row["family"])
        if found is None:
            continue
        label, res, base_value = found
        gain = res.value - base_value
        row["relaxation"] = label
        row["value_gain"] = 0.0 if abs(gain) <= _TOL * max(1.0, abs(base_value)) else gain
        row["relaxed_status"] = STATUS.get(res.status, "failed")
    return pd.DataFrame(rows, columns=_REPORT_COLUMNS)


def _no_room(slack: float, needs: np.ndarray, tol: float) -> bool:
    """Whether a ≤ constraint binds: no slack, or less than any candidate left out needs."""
    wanting = needs[needs > tol]
    return bool(slack <= tol or (len(wanting) and slack < float(wanting.min()) - tol))


def _line(
    family: str,
    name: str,
    sense: str,
    limit: float,
    used: float,
    slack: float,
    binding: bool | None,
) -> Line:
    """A report row (the relaxation columns are filled in later)."""
    return {
        "family": family,
        "name": name,
        "sense": sense,
        "limit": float(limit),
        "used": float(used),
        "slack": float(slack),
        "binding": binding,
        "relaxation": "",
        "value_gain": math.nan,
        "relaxed_status": "",
    }
