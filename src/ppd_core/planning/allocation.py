"""Budget allocation: the portfolio of candidates worth most under every constraint, exactly.

:func:`allocate` chooses x_i ∈ {0, 1} for each candidate *i* to maximise Σ vᵢ·xᵢ (vᵢ its
value, e.g. the score of :func:`~ppd_core.planning.score_candidates`) subject to the
constraint families below, with cᵢ the cost in VND:

* ``budget`` — Σ cᵢ·xᵢ ≤ B;
* ``staff`` — for each month m with a capacity Kₘ: Σ dᵢₘ·xᵢ ≤ Kₘ, where an activity needing
  Dᵢ staff-days over months sᵢ…eᵢ uses dᵢₘ = Dᵢ / (eᵢ − sᵢ + 1) in each of those months
  (spread evenly) and nothing in the others;
* ``priority_share`` — for each area a with minimum share σₐ of the chosen budget:
  Σ cᵢ·xᵢ·[areaᵢ = a] ≥ σₐ·Σ cᵢ·xᵢ, linearised as Σ (1[areaᵢ = a] − σₐ)·cᵢ·xᵢ ≥ 0;
* ``group_share`` — the same for each country group g (membership on the start day);
* ``partner_cap`` — for each capped partner p: a share cap κ (0 < κ ≤ 1) reads
  Σ (1[partnerᵢ = p] − κ)·cᵢ·xᵢ ≤ 0; an amount cap A (> 1, in VND) reads
  Σ cᵢ·xᵢ·[partnerᵢ = p] ≤ A;
* ``must_do`` — xᵢ = 1 (as a lower bound);
* ``exclusive`` — for each set S: Σ_{i∈S} xᵢ ≤ 1 (at most one).

The share constraints are linear because both sides scale with the chosen budget; the empty
plan satisfies them trivially (0 ≥ 0). The problem is a 0–1 integer programme solved by HiGHS
through :func:`scipy.optimize.milp` (branch and cut; with ``mip_rel_gap=0`` the optimum is
proven). Cost rows are divided by the largest cost so every coefficient lies in [−1, 1].

After the solve, each constraint is reported with its slack and whether it **binds**: its
slack is ≈ 0 (relative tolerance 10⁻⁶); for the resource constraints (budget, staff months,
amount caps) also when the slack is smaller than what any candidate left out would use, the
discrete sense of "exhausted" (a leftover of 2 million VND binds when the cheapest remaining
activity costs 15 million). Each family is then re-solved once, relaxed by a stated amount
(:data:`RELAXATIONS`), to show **what relaxing it would buy**. In an integer programme a
constraint that does not bind can still shape the choice, so the value gained, not the
slack, says whether it matters.

An infeasible problem raises :class:`InfeasiblePlanError` naming a small conflicting set of
constraints, found by a deletion filter: first over whole families, then over the single
constraints left (each must-do activity, month, area, group, partner, exclusive set), so
that dropping any one of the named constraints makes a plan possible.

>>> import pandas as pd
>>> cands = pd.DataFrame({"id": ["A", "B", "C"], "cost": [6e8, 5e8, 4e8],
...                       "score": [0.9, 0.6, 0.5]})
>>> plan = allocate(cands, budget=1e9)
>>> plan.chosen, round(plan.total_value, 2), plan.status
(('A', 'C'), 1.4, 'optimal')
>>> budget = plan.constraints.iloc[0]
>>> bool(budget["binding"]), budget["relaxation"], round(float(budget["value_gain"]), 2)
(True, 'budget +10 % (+100 million VND)', 0.1)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.errors import PpdError
from ppd_core.planning.candidates import candidate_groups, monthly_load, prepare_candidates
from ppd_core.reference import ReferenceData

__all__ = [
    "FAMILIES",
    "RELAXATIONS",
    "Allocation",
    "InfeasiblePlanError",
    "PlanningTimeoutError",
    "allocate",
]

FAMILIES: dict[str, str] = {
    "budget": "total cost of the chosen activities ≤ the budget",
    "staff": "staff-days used in a month ≤ that month's capacity",
    "priority_share": "a priority area's share of the chosen budget ≥ its minimum",
    "group_share": "a country group's share of the chosen budget ≥ its minimum",
    "partner_cap": "a partner's share of the chosen budget (or amount) ≤ its cap",
    "must_do": "the activity is chosen",
    "exclusive": "at most one activity of the set is chosen",
}
"""The constraint families, in the order they are reported."""

RELAXATIONS: dict[str, float] = {
    "budget": 0.10,
    "staff": 0.10,
    "share": 0.05,
    "partner": 0.05,
    "amount": 0.10,
}
"""Default relaxation per family for the "what would relaxing it buy" re-solves.

``budget`` and ``staff``: relative increase (+10 %); ``share``: minimum shares lowered by
5 points; ``partner``: share caps raised by 5 points; ``amount``: amount caps +10 %.
Must-do lists are dropped and exclusive sets lifted entirely.
"""

_STATUS = {
    0: "optimal",
    1: "time limit",
    2: "infeasible",
    3: "unbounded",
    4: "failed",
}
_TOL = 1e-6


class InfeasiblePlanError(PpdError, ValueError):
    """No plan satisfies every constraint; the message names the ones that conflict.

    Attributes:
        conflicts: A plain-English description of each conflicting constraint.
        constraints: The conflicting constraints as ``(family, key)`` pairs, e.g.
            ``("budget", "")``, ``("must_do", "A-7")``, ``("staff", "3")``.
        minimal: Whether the set was reduced to one where every member is needed (the search
            stops after a number of checks on very large problems).
    """

    def __init__(
        self,
        message: str,
        conflicts: Sequence[str],
        constraints: Sequence[tuple[str, str]],
        *,
        minimal: bool = True,
    ) -> None:
        super().__init__(message)
        self.conflicts = tuple(conflicts)
        self.constraints = tuple(constraints)
        self.minimal = minimal


class PlanningTimeoutError(PpdError, TimeoutError):
    """The solver reached its time limit before finding any plan (raise ``time_limit``)."""


@dataclass(frozen=True)
class Allocation:
    """The chosen portfolio, its totals, the constraint report and how the solve went.

    Attributes:
        chosen: Ids of the chosen candidates, in candidate order.
        total_value: Σ value of the chosen candidates.
        total_cost: Σ cost of the chosen candidates, in VND.
        status: ``"optimal"`` (proven within ``mip_rel_gap``) or ``"time limit"`` (the best
            plan found in time; ``gap`` says how far from proven).
        message: The solver's own message.
        gap: Relative gap between the plan's value and the solver's bound (0 = proven).
        seconds: Wall time of the main solve.
        seconds_total: Wall time including the relaxation re-solves.
        constraints: One row per constraint: ``family``, ``name``, ``sense``, ``limit`` and
            ``used`` (VND, staff-days, shares or counts), ``slack`` (≥ 0 when satisfied),
            ``binding`` (slack ≈ 0, or for budget, staff and amount caps less slack than any
            candidate left out needs; for must-do: the optimum without the must-do list
            would leave it out; for an exclusive set: one of its activities is chosen),
            ``relaxation`` (what the family's re-solve relaxed), ``value_gain`` (value that
            relaxation buys, ≥ 0) and ``relaxed_status``.
        settings: The constraint settings as solved (budget, staff capacity per month,
            minimum shares, partner caps, must-do, exclusive sets, value column, year).
    """

    chosen: tuple[str, ...]
    total_value: float
    total_cost: float
    status: str
    message: str
    gap: float
    seconds: float
    seconds_total: float
    constraints: pd.DataFrame
    settings: Mapping[str, Any] = field(default_factory=dict)

    def selected(self, candidates: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``candidates`` that were chosen (in candidate order)."""
        chosen = set(self.chosen)
        mask = candidates["id"].astype(str).isin(chosen)
        return candidates[mask.to_numpy()].reset_index(drop=True)

    def binding(self) -> pd.DataFrame:
        """The constraints with (about) zero slack."""
        return self.constraints[self.constraints["binding"].fillna(False).astype(bool)]

    def summary(self) -> str:
        """A few lines for people: totals, status, binding constraints, relaxation gains."""
        lines = [
            f"{len(self.chosen)} activities chosen, value {self.total_value:.4g}, cost "
            f"{_vnd(self.total_cost)} ({self.status}, gap {self.gap:.2g}, "
            f"{self.seconds:.2f} s)"
        ]
        lines += [
            f"  binding: {row.family} {row.name}".rstrip() for row in self.binding().itertuples()
        ]
        gains = self.constraints.drop_duplicates("family")
        lines += [
            f"  {row.relaxation}: value +{row.value_gain:.4g}"
            for row in gains.itertuples()
            if isinstance(row.value_gain, float) and row.value_gain > 0
        ]
        return "\n".join(lines)


# -- the problem ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Arrays:
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
class _Limits:
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
class _Row:
    family: str
    key: str
    cols: np.ndarray
    vals: np.ndarray
    lower: float
    upper: float


@dataclass(frozen=True)
class _Result:
    status: int
    x: np.ndarray | None
    value: float
    gap: float
    seconds: float
    message: str


def _rows(arr: _Arrays, lim: _Limits) -> list[_Row]:
    """The constraint rows over x₀…xₙ₋₁ and T (column n), cost rows scaled by the largest cost.

    T is a continuous variable equal to the chosen budget Σ cᵢ·xᵢ (first row), so share
    constraints become sparse: Σ_{i∈a} cᵢ·xᵢ − σ·T ≥ 0 touches only the area's activities.
    """
    n = len(arr.ids)
    c = arr.cost / arr.scale
    every = np.arange(n)
    t = np.array([n])
    rows = [_Row("total", "", np.append(every, n), np.append(c, -1.0), 0.0, 0.0)]
    if lim.budget is not None:
        rows.append(_Row("budget", "", t, np.ones(1), -math.inf, lim.budget / arr.scale))
    for m, cap in sorted(lim.staff.items()):
        use = arr.load[:, m - 1]
        cols = np.flatnonzero(use > 0)
        rows.append(_Row("staff", str(m), cols, use[cols], -math.inf, cap))
    area = np.array([a or "" for a in arr.area], dtype=object)
    for a, share in sorted(lim.area_min.items()):
        cols = np.flatnonzero(area == a)
        rows.append(_share_row("priority_share", a, cols, c, share, n, 0.0, math.inf))
    for g, share in sorted(lim.group_min.items()):
        if arr.groups is None:  # _arrays looks the groups up whenever shares are asked for
            raise ValueError("country groups are needed for min_share_country_group")
        cols = np.flatnonzero(arr.groups[g].to_numpy(dtype=bool))
        rows.append(_share_row("group_share", g, cols, c, share, n, 0.0, math.inf))
    partner = np.array([p or "" for p in arr.partner], dtype=object)
    for p, cap in sorted(lim.partner_share.items()):
        cols = np.flatnonzero(partner == p)
        rows.append(_share_row("partner_cap", p, cols, c, cap, n, -math.inf, 0.0))
    for p, amount in sorted(lim.partner_amount.items()):
        cols = np.flatnonzero(partner == p)
        rows.append(_Row("partner_cap", p, cols, c[cols], -math.inf, amount / arr.scale))
    for k, members in enumerate(lim.exclusive, start=1):
        cols = np.array(sorted(arr.index[i] for i in members), dtype=np.int64)
        rows.append(_Row("exclusive", str(k), cols, np.ones(len(cols)), -math.inf, 1.0))
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
) -> _Row:
    """Σ_{i∈cols} cᵢ·xᵢ − share·T within [lower, upper]."""
    return _Row(family, key, np.append(cols, n), np.append(c[cols], -share), lower, upper)


def _solve(
    arr: _Arrays,
    lim: _Limits,
    *,
    time_limit: float | None,
    gap: float,
    feasibility: bool = False,
) -> _Result:
    """Solve the 0–1 programme with HiGHS (``feasibility``: any plan, objective 0)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    n = len(arr.ids)
    rows = _rows(arr, lim)
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
    return _Result(
        int(res.status),
        x,
        value,
        float(found_gap) if found_gap is not None else math.nan,
        seconds,
        str(res.message),
    )


# -- arguments --------------------------------------------------------------------------------


def _months_of(capacity: Mapping[Any, float] | float | None) -> dict[int, float]:
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


def _shares(shares: Mapping[str, float] | None, what: str) -> dict[str, float]:
    """Minimum shares checked to lie in 0–1."""
    out = {str(k): float(v) for k, v in (shares or {}).items()}
    for k, v in out.items():
        if not 0 <= v <= 1:
            raise ValueError(f"the minimum share for {what} {k!r} must lie in 0–1, not {v}")
    return out


def _caps(
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


def _arrays(
    cands: pd.DataFrame,
    value: str,
    year: int | None,
    need_groups: bool,
    reference: ReferenceData | None,
) -> _Arrays:
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
    return _Arrays(
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


def allocate(
    candidates: pd.DataFrame,
    *,
    value: str = "score",
    budget: float,
    staff_capacity: Mapping[Any, float] | float | None = None,
    min_share_priority: Mapping[str, float] | None = None,
    min_share_country_group: Mapping[str, float] | None = None,
    partner_cap: float | Mapping[str, float] | None = None,
    must_do: Iterable[str] = (),
    exclusive: Iterable[Iterable[str]] = (),
    year: int | None = None,
    time_limit: float | None = 60.0,
    mip_rel_gap: float = 0.0,
    relax: Mapping[str, float] | None = None,
    explain: bool = True,
    reference: ReferenceData | None = None,
) -> Allocation:
    """Choose the portfolio of candidates with the most total value under the constraints.

    See the module documentation for the formulation of each constraint family.

    Args:
        candidates: Candidates (see :data:`~ppd_core.planning.CANDIDATE_COLUMNS`) with a
            value column.
        value: The column to maximise the sum of (default ``"score"``).
        budget: Total budget in VND (B ≥ 0).
        staff_capacity: Staff-days available per month: one number for every month, or a
            mapping month (1–12 or ``"YYYY-MM"``) → capacity; months left out are
            unconstrained. ``None``: no staff constraint.
        min_share_priority: Minimum share (0–1) of the chosen budget per priority area.
        min_share_country_group: Minimum share (0–1) of the chosen budget per country group
            (needs ``year`` or a ``country_groups`` column).
        partner_cap: Cap per partner: one number for every partner, or partner id → cap. A cap
            in (0, 1] is a share of the chosen budget; a cap above 1 is an amount in VND.
        must_do: Ids that must be chosen.
        exclusive: Sets of ids of which at most one may be chosen.
        year: The plan year (country groups, currency conversion).
        time_limit: Seconds allowed per solve (``None``: no limit).
        mip_rel_gap: Relative optimality gap accepted (0: proven optimum).
        relax: Overrides of :data:`RELAXATIONS`.
        explain: Re-solve once per constraint family to report what relaxing it would buy
            (set ``False`` to skip those solves).
        reference: Reference data (country groups, exchange rates).

    Returns:
        The :class:`Allocation`.

    Raises:
        InfeasiblePlanError: when no plan satisfies every constraint; the message names a
            small set of conflicting constraints.
        PlanningTimeoutError: when the time limit passed before any plan was found.
        ValueError: for unknown ids, malformed arguments or a missing value column.
    """
    t_start = time.perf_counter()
    cands = prepare_candidates(candidates, year=year, reference=reference)
    if budget is None or not budget >= 0:
        raise ValueError(f"budget must be a number ≥ 0 (VND), not {budget!r}")
    group_min = _shares(min_share_country_group, "country group")
    arr = _arrays(cands, value, year, bool(group_min), reference)
    area_min = _shares(min_share_priority, "priority area")
    if sum(area_min.values()) > 1 + 1e-12:
        raise ValueError(
            "the minimum shares per priority area add up to "
            f"{_pct(sum(area_min.values()))}: an activity has one area, so only an empty plan "
            "could meet them"
        )
    shares, amounts = _caps(partner_cap, arr.partner)
    must = tuple(dict.fromkeys(str(i) for i in must_do))
    sets = tuple(tuple(dict.fromkeys(str(i) for i in s)) for s in exclusive)
    unknown = sorted({i for i in (*must, *(j for s in sets for j in s)) if i not in arr.index})
    if unknown:
        raise ValueError(f"unknown candidate ids in must_do/exclusive: {', '.join(unknown[:10])}")
    lim = _Limits(
        budget=float(budget),
        staff=_months_of(staff_capacity),
        area_min=area_min,
        group_min=group_min,
        partner_share=shares,
        partner_amount=amounts,
        must_do=must,
        exclusive=tuple(s for s in sets if len(s) >= 2),
    )
    settings: dict[str, Any] = {
        "value": value,
        "budget": float(budget),
        "staff_capacity": dict(lim.staff),
        "min_share_priority": dict(area_min),
        "min_share_country_group": dict(group_min),
        "partner_cap": {**shares, **amounts},
        "must_do": list(must),
        "exclusive": [list(s) for s in lim.exclusive],
        "year": year,
    }
    if not arr.ids:
        return Allocation((), 0.0, 0.0, "optimal", "no candidates", 0.0, 0.0, 0.0,
                          _report(arr, lim, np.zeros(0), {}), settings)  # fmt: skip
    res = _solve(arr, lim, time_limit=time_limit, gap=mip_rel_gap)
    if res.status == 2:
        raise _infeasible(arr, lim, time_limit)
    if res.x is None:
        if res.status == 1:
            raise PlanningTimeoutError(
                f"No plan found within the time limit of {time_limit} s; raise time_limit "
                "or loosen mip_rel_gap."
            )
        raise PpdError(f"The solver failed: {res.message}")
    relaxed: dict[str, tuple[str, _Result]] = {}
    if explain:
        factors = {**RELAXATIONS, **(relax or {})}
        for family, (label, looser) in _relaxations(lim, factors).items():
            relaxed[family] = (label, _solve(arr, looser, time_limit=time_limit, gap=mip_rel_gap))
    report = _report(arr, lim, res.x, {f: (lab, r, res.value) for f, (lab, r) in relaxed.items()})
    chosen = tuple(i for i, x in zip(arr.ids, res.x, strict=True) if x > 0.5)
    return Allocation(
        chosen=chosen,
        total_value=res.value,
        total_cost=float(arr.cost @ res.x),
        status=_STATUS.get(res.status, "failed"),
        message=res.message,
        gap=res.gap,
        seconds=res.seconds,
        seconds_total=time.perf_counter() - t_start,
        constraints=report,
        settings=settings,
    )


def _relaxations(lim: _Limits, f: Mapping[str, float]) -> dict[str, tuple[str, _Limits]]:
    """One relaxed copy of the limits per constraint family present, with its label."""
    out: dict[str, tuple[str, _Limits]] = {}
    if lim.budget is not None:
        extra = lim.budget * f["budget"]
        out["budget"] = (
            f"budget +{f['budget'] * 100:g} % (+{_vnd(extra)})",
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


def _report(
    arr: _Arrays,
    lim: _Limits,
    x: np.ndarray,
    relaxed: Mapping[str, tuple[str, _Result, float]],
) -> pd.DataFrame:
    """One row per constraint, in natural units, with the family's relaxation result."""
    rows: list[dict[str, Any]] = []
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
    area = np.array([a or "" for a in arr.area], dtype=object)
    for a, s in sorted(lim.area_min.items()):
        mask = (area == a).astype("float64")
        lhs = float(((mask - s) * arr.cost) @ x)
        got = share_of(mask)
        rows.append(_line("priority_share", a, "≥", s, got, got - s, abs(lhs) <= tol))
    for g, s in sorted(lim.group_min.items()):
        mask = (
            arr.groups[g].to_numpy(dtype="float64") if arr.groups is not None else np.zeros(len(x))
        )
        lhs = float(((mask - s) * arr.cost) @ x)
        got = share_of(mask)
        rows.append(_line("group_share", g, "≥", s, got, got - s, abs(lhs) <= tol))
    partner = np.array([p or "" for p in arr.partner], dtype=object)
    for p, k in sorted(lim.partner_share.items()):
        mask = (partner == p).astype("float64")
        lhs = float(((mask - k) * arr.cost) @ x)
        got = share_of(mask)
        rows.append(_line("partner_cap", p, "≤ share", k, got, k - got, abs(lhs) <= tol))
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
        row["relaxed_status"] = _STATUS.get(res.status, "failed")
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
) -> dict[str, Any]:
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


# -- infeasibility ----------------------------------------------------------------------------

_Item = tuple[str, str]
_MAX_CHECKS = 400


def _items(lim: _Limits) -> list[_Item]:
    """Every single constraint as a (family, key) item, in family order."""
    items: list[_Item] = []
    if lim.budget is not None:
        items.append(("budget", ""))
    items += [("staff", str(m)) for m in sorted(lim.staff)]
    items += [("priority_share", a) for a in sorted(lim.area_min)]
    items += [("group_share", g) for g in sorted(lim.group_min)]
    items += [("partner_cap", p) for p in sorted({*lim.partner_share, *lim.partner_amount})]
    items += [("must_do", i) for i in lim.must_do]
    items += [("exclusive", str(k)) for k in range(1, len(lim.exclusive) + 1)]
    return items


def _restrict(lim: _Limits, items: Iterable[_Item]) -> _Limits:
    """The limits keeping only ``items``."""
    keep = set(items)

    def has(family: str, key: str) -> bool:
        return (family, key) in keep

    return _Limits(
        budget=lim.budget if has("budget", "") else None,
        staff={m: c for m, c in lim.staff.items() if has("staff", str(m))},
        area_min={a: s for a, s in lim.area_min.items() if has("priority_share", a)},
        group_min={g: s for g, s in lim.group_min.items() if has("group_share", g)},
        partner_share={p: k for p, k in lim.partner_share.items() if has("partner_cap", p)},
        partner_amount={p: a for p, a in lim.partner_amount.items() if has("partner_cap", p)},
        must_do=tuple(i for i in lim.must_do if has("must_do", i)),
        exclusive=tuple(
            s for k, s in enumerate(lim.exclusive, start=1) if has("exclusive", str(k))
        ),
    )


def _deletion_filter(
    items: list[_Item], infeasible: Callable[[list[_Item]], bool | None], budget: list[int]
) -> tuple[list[_Item], bool]:
    """Drop items (in halving chunks, then one by one) while the rest stays infeasible.

    Ends with a one-by-one pass, so every item kept is needed: the problem without it is
    feasible. ``budget`` holds the number of solves left; when it runs out the set is
    returned as is (not necessarily minimal).
    """
    keep = list(items)
    chunk = max(1, len(keep) // 2)
    while True:
        i = 0
        while i < len(keep):
            if budget[0] <= 0:
                return keep, False
            trial = keep[:i] + keep[i + chunk :]
            if trial and infeasible(trial):
                keep = trial
            else:
                i += chunk
        if chunk == 1:
            return keep, True
        chunk = max(1, chunk // 2)


def _infeasible(arr: _Arrays, lim: _Limits, time_limit: float | None) -> InfeasiblePlanError:
    """Find a small set of conflicting constraints and build the error naming them."""
    left = [_MAX_CHECKS]

    def infeasible(items: list[_Item]) -> bool | None:
        left[0] -= 1
        res = _solve(arr, _restrict(lim, items), time_limit=time_limit, gap=0.0, feasibility=True)
        return res.status == 2

    items = _items(lim)
    families = list(dict.fromkeys(f for f, _ in items))
    for fam in list(families):
        trial = [f for f in families if f != fam]
        if trial and infeasible([it for it in items if it[0] in trial]):
            families = trial
    items = [it for it in items if it[0] in families]
    conflict, minimal = _deletion_filter(items, infeasible, left)
    descriptions = [_describe(arr, lim, it) for it in conflict]
    message = "No plan satisfies every constraint. " + _explain(arr, lim, conflict)
    if not minimal:
        message += " (The search stopped early: the set may not be the smallest.)"
    return InfeasiblePlanError(message, descriptions, conflict, minimal=minimal)


def _vnd(amount: float) -> str:
    """An amount of VND for people: ``1.2 bn VND``, ``350 million VND``."""
    if abs(amount) >= 1e9:
        return f"{amount / 1e9:,.2f}".rstrip("0").rstrip(".") + " bn VND"
    if abs(amount) >= 1e6:
        return f"{amount / 1e6:,.1f}".rstrip("0").rstrip(".") + " million VND"
    return f"{amount:,.0f} VND"


def _pct(share: float) -> str:
    """A share as a percentage for people: 0.5 → ``50 %``."""
    return f"{share * 100:.4g} %"


def _and(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _describe(arr: _Arrays, lim: _Limits, item: _Item) -> str:
    """One constraint in words."""
    family, key = item
    if family == "budget":
        return f"the budget of {_vnd(lim.budget or 0.0)}"
    if family == "staff":
        return f"the staff capacity of {lim.staff[int(key)]:g} staff-days in month {key}"
    if family == "priority_share":
        return f"a minimum of {_pct(lim.area_min[key])} of the chosen budget in priority area {key}"
    if family == "group_share":
        return (
            f"a minimum of {_pct(lim.group_min[key])} of the chosen budget in country group {key}"
        )
    if family == "partner_cap":
        if key in lim.partner_share:
            return f"a cap of {_pct(lim.partner_share[key])} of the chosen budget for partner {key}"
        return f"a cap of {_vnd(lim.partner_amount[key])} for partner {key}"
    if family == "must_do":
        return f"must-do {key} ({_vnd(float(arr.cost[arr.index[key]]))})"
    members = lim.exclusive[int(key) - 1]
    return f"at most one of {_and(list(members))} (exclusive set {key})"


def _explain(arr: _Arrays, lim: _Limits, items: list[_Item]) -> str:
    """A sentence for the common conflicts, else the list of conflicting constraints."""
    must = [k for f, k in items if f == "must_do"]
    others = [it for it in items if it[0] != "must_do"]
    rows = [arr.index[i] for i in must]
    who = f"must-do {_and(must)}"
    together = " together" if len(must) > 1 else ""
    verb = "cost" if len(must) > 1 else "costs"
    if must and len(others) == 1:
        family, key = others[0]
        if family == "budget":
            return (
                f"{who} {verb} {_vnd(float(arr.cost[rows].sum()))}{together} but the budget "
                f"is {_vnd(lim.budget or 0.0)}. Raise the budget or drop one of them."
            )
        if family == "staff":
            need = float(arr.load[rows, int(key) - 1].sum())
            return (
                f"{who} need {need:g} staff-days in month {key}{together} but the capacity "
                f"is {lim.staff[int(key)]:g}. Add capacity, move one of them or drop it."
            )
        if family == "exclusive":
            return f"{who} are mutually exclusive ({_describe(arr, lim, others[0])})."
        if family == "partner_cap" and key in lim.partner_amount:
            return (
                f"{who} {verb} {_vnd(float(arr.cost[rows].sum()))}{together} with partner "
                f"{key}, above its cap of {_vnd(lim.partner_amount[key])}."
            )
    listed = "; ".join(_describe(arr, lim, it) for it in items)
    return (
        f"These constraints cannot all hold together (drop any one of them and a plan "
        f"exists): {listed}."
    )
