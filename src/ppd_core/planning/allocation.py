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

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.errors import InfeasiblePlanError, PlanningTimeoutError, PpdError
from ppd_core.planning._alloc_binding import constraint_report, relaxations
from ppd_core.planning._alloc_conflicts import find_conflict
from ppd_core.planning._alloc_model import (
    Limits,
    candidate_arrays,
    min_shares,
    months_of,
    partner_caps,
    pct,
    vnd,
)
from ppd_core.planning._alloc_solver import STATUS, Result, solve
from ppd_core.planning.candidates import prepare_candidates
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
            f"{vnd(self.total_cost)} ({self.status}, gap {self.gap:.2g}, "
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
    group_min = min_shares(min_share_country_group, "country group")
    arr = candidate_arrays(cands, value, year, bool(group_min), reference)
    area_min = min_shares(min_share_priority, "priority area")
    if sum(area_min.values()) > 1 + 1e-12:
        raise ValueError(
            "the minimum shares per priority area add up to "
            f"{pct(sum(area_min.values()))}: an activity has one area, so only an empty plan "
            "could meet them"
        )
    shares, amounts = partner_caps(partner_cap, arr.partner)
    must = tuple(dict.fromkeys(str(i) for i in must_do))
    sets = tuple(tuple(dict.fromkeys(str(i) for i in s)) for s in exclusive)
    unknown = sorted({i for i in (*must, *(j for s in sets for j in s)) if i not in arr.index})
    if unknown:
        raise ValueError(f"unknown candidate ids in must_do/exclusive: {', '.join(unknown[:10])}")
    lim = Limits(
        budget=float(budget),
        staff=months_of(staff_capacity),
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
                          constraint_report(arr, lim, np.zeros(0), {}), settings)  # fmt: skip
    res = solve(arr, lim, time_limit=time_limit, gap=mip_rel_gap)
    if res.status == 2:
        found = find_conflict(arr, lim, time_limit)
        raise InfeasiblePlanError(
            found.message, found.descriptions, found.constraints, minimal=found.minimal
        )
    if res.x is None:
        if res.status == 1:
            raise PlanningTimeoutError(
                f"No plan found within the time limit of {time_limit} s; raise time_limit "
                "or loosen mip_rel_gap."
            )
        raise PpdError(f"The solver failed: {res.message}")
    relaxed: dict[str, tuple[str, Result]] = {}
    if explain:
        factors = {**RELAXATIONS, **(relax or {})}
        for family, (label, looser) in relaxations(lim, factors).items():
            relaxed[family] = (label, solve(arr, looser, time_limit=time_limit, gap=mip_rel_gap))
    report = constraint_report(
        arr, lim, res.x, {f: (lab, r, res.value) for f, (lab, r) in relaxed.items()}
    )
    chosen = tuple(i for i, x in zip(arr.ids, res.x, strict=True) if x > 0.5)
    return Allocation(
        chosen=chosen,
        total_value=res.value,
        total_cost=float(arr.cost @ res.x),
        status=STATUS.get(res.status, "failed"),
        message=res.message,
        gap=res.gap,
        seconds=res.seconds,
        seconds_total=time.perf_counter() - t_start,
        constraints=report,
        settings=settings,
    )
