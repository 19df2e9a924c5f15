"""Solving the allocation's 0–1 programme with HiGHS (through :func:`scipy.optimize.milp`)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from ppd_core.planning._alloc_model import Arrays, Limits, constraint_rows

STATUS: dict[int, str] = {
    0: "optimal",
    1: "time limit",
    2: "infeasible",
    3: "unbounded",
    4: "failed",
}
"""HiGHS's status codes (as :func:`scipy.optimize.milp` returns them) in words."""


@dataclass(frozen=True)
class Result:
    """One solve: HiGHS's status, the 0–1 choice (None when none found) and its value."""

    status: int
    x: np.ndarray | None
    value: float
    gap: float
    seconds: float
    message: str


def solve(
    arr: Arrays,
    lim: Limits,
    *,
    time_limit: float | None,
    gap: float,
    feasibility: bool = False,
) -> Result:
    """Solve the 0–1 programme with HiGHS (``feasibility``: any plan, objective 0)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    n = len(arr.ids)
    rows = constraint_rows(arr, lim)
    lower = np.zeros(n + 1)
    lower[[arr.index[i] for i in lim.must_do]] = 1.0
    upper = np.append(np.ones(n), np.inf)
    r = np.concatenate([np.full(len(row.cols), k) for k, row in enumerate(rows)])
    cidx = np.concatenate([row.cols for row in rows])
    vals = np.concatenate([row.vals for row in rows])
    keep = vals != 0
    matrix = csr_array((vals[keep], (r[keep], cidx[keep])), shape=(len(rows), n + 1))
    constraint = LinearConstraint(
        matrix, np.array([row.lower for row in rows]), np.array([row.upper for row in rows])
    )
    options: dict[str, Any] = {"mip_rel_gap": gap, "disp": False}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    t0 = time.perf_counter()
    res = milp(
        np.zeros(n + 1) if feasibility else np.append(-arr.value, 0.0),
        integrality=np.append(np.ones(n), 0),
        bounds=Bounds(lower, upper),
        constraints=constraint,
        options=options,
    )
    seconds = time.perf_counter() - t0
    x = None if res.x is None else np.round(np.asarray(res.x[:n], dtype="float64"))
    value = float(arr.value @ x) if x is not None else math.nan
    found_gap = getattr(res, "mip_gap", math.nan)
    return Result(
        int(res.status),
        x,
        value,
        float(found_gap) if found_gap is not None else math.nan,
        seconds,
        str(res.message),
    )
