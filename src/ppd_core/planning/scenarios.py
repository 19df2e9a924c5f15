"""Scenarios: named variations of an allocation, solved side by side on the same measures.

A :class:`Scenario` changes the arguments of :func:`~ppd_core.planning.allocate` (a budget
cut, a minimum share for a country group …) and may keep only some candidates (no new
partners). :func:`compare_scenarios` solves the base and every scenario and reports, per
scenario, the same measures of the chosen portfolio (see :data:`SCENARIO_MEASURES`).

>>> import pandas as pd
>>> cands = pd.DataFrame({"id": ["A", "B", "C"], "cost": [6e8, 5e8, 4e8],
...                       "score": [0.9, 0.6, 0.5]})
>>> table = compare_scenarios(cands, [Scenario.budget_change(-0.2)], budget=1e9)
>>> for row in table.itertuples():
...     print(row.scenario, row.activities, row.total_value, f"{row.total_cost:,.0f}")
base 2 1.4 1,000,000,000
budget −20% 1 0.9 600,000,000
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.errors import PpdError
from ppd_core.i18n.format import number, percent, signed
from ppd_core.planning.allocation import Allocation, InfeasiblePlanError, allocate
from ppd_core.planning.candidates import candidate_groups, prepare_candidates

__all__ = ["SCENARIO_MEASURES", "Scenario", "compare_scenarios", "portfolio_measures"]

SCENARIO_MEASURES: dict[str, str] = {
    "status": "optimal, time limit or infeasible",
    "candidates": "candidates the scenario could choose from",
    "activities": "activities chosen",
    "total_value": "Σ value of the chosen activities",
    "total_cost": "Σ cost of the chosen activities (VND)",
    "budget": "the scenario's budget (VND)",
    "expected_resources": "Σ expected resources of the chosen activities (USD)",
    "expected_participants": "Σ expected participants",
    "partner_hhi": "HHI of the chosen budget over partners: Σ sₚ², sₚ = partner p's share of "
    "the budget of chosen activities that have a partner (1 = one partner)",
    "partner_hhi_resources": "HHI of the expected resources over partners",
    "share_area_<code>": "share of the chosen budget per priority area",
    "share_group_<code>": "share of the chosen budget per country group (groups overlap)",
    "notes": "what the scenario changed that is worth knowing, or why it is infeasible",
}
"""The measures :func:`compare_scenarios` reports for every scenario."""


@dataclass(frozen=True)
class Scenario:
    """A named variation of the allocation.

    Attributes:
        name: Short name shown in comparisons, e.g. ``"budget −20%"``.
        changes: Keyword arguments of :func:`~ppd_core.planning.allocate` to change. A value
            replaces the base argument; a callable receives the base value (``None`` when the
            base has none) and returns the new one, e.g. ``{"budget": lambda b: 0.8 * b}``.
        keep: Optional filter: called with the prepared candidates, returns a boolean mask of
            the candidates this scenario may choose from. Must-do activities filtered out are
            dropped from the must-do list (said in ``notes``).
        description: One sentence for people.
    """

    name: str
    changes: Mapping[str, Any] = field(default_factory=dict)
    keep: Callable[[pd.DataFrame], Any] | None = None
    description: str = ""

    @classmethod
    def budget_change(cls, change: float, *, name: str | None = None) -> Scenario:
        """The budget changed by a fraction (−0.2: a 20 % cut)."""
        label = name or f"budget {signed(100 * change, 'en', None)}%"
        return cls(
            label,
            {"budget": lambda b: float(b) * (1 + change)},
            description=f"The budget multiplied by {number(1 + change, 'en', None)}.",
        )

    @classmethod
    def focus(cls, group: str, share: float, *, name: str | None = None) -> Scenario:
        """At least ``share`` of the chosen budget in country group ``group``."""

        def merged(base: Mapping[str, float] | None) -> dict[str, float]:
            return {**(base or {}), group: share}

        return cls(
            name or f"focus {group} ≥ {percent(share, 'en', None)}",
            {"min_share_country_group": merged},
            description=f"At least {percent(share, 'en', None)} of the chosen budget in {group}.",
        )

    @classmethod
    def no_new_partners(
        cls, known: Iterable[str] | None = None, *, name: str = "no new partners"
    ) -> Scenario:
        """Only candidates without a partner or with a partner already known.

        Args:
            known: Partner ids already engaged; by default the candidates' ``new_partner``
                column (as built by :func:`~ppd_core.datasets.candidates_from_sample`) says
                which partners are new.
            name: The scenario's name.
        """
        known_set = None if known is None else {str(k) for k in known}

        def keep(cands: pd.DataFrame) -> np.ndarray:
            if known_set is not None:
                return np.array([p is None or p in known_set for p in cands["partner_id"]])
            if "new_partner" not in cands.columns:
                raise ValueError(
                    "'no new partners' needs a new_partner column in the candidates or "
                    "known= partner ids"
                )
            return ~cands["new_partner"].fillna(False).astype(bool).to_numpy()

        return cls(name, keep=keep, description="Candidates with new partners are left out.")


def _apply(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The allocate arguments of a scenario: base with its changes applied."""
    out = dict(base)
    for key, change in changes.items():
        out[key] = change(base.get(key)) if callable(change) else change
    return out


def portfolio_measures(
    allocation: Allocation,
    candidates: pd.DataFrame,
    *,
    year: int | None = None,
) -> dict[str, Any]:
    """The measures of :data:`SCENARIO_MEASURES` for one allocation (status aside).

    Args:
        allocation: The allocation.
        candidates: The candidates it chose from.
        year: The plan year for country groups (default: the allocation's).
    """
    year = year if year is not None else allocation.settings.get("year")
    cands = prepare_candidates(candidates, year=year)
    chosen = cands[cands["id"].isin(set(allocation.chosen))]
    cost = chosen["cost_vnd"].to_numpy(dtype="float64")
    spent = float(cost.sum())
    out: dict[str, Any] = {
        "activities": len(chosen),
        "total_value": allocation.total_value,
        "total_cost": allocation.total_cost,
        "budget": allocation.settings.get("budget", np.nan),
        "expected_resources": float(chosen["expected_resources"].sum()),
        "expected_participants": float(chosen["expected_participants"].sum()),
        "partner_hhi": _hhi(chosen, "cost_vnd"),
        "partner_hhi_resources": _hhi(chosen, "expected_resources"),
    }
    areas = chosen["priority_area"].fillna("(none)")
    for area, amount in chosen.groupby(areas.to_numpy())["cost_vnd"].sum().sort_index().items():
        out[f"share_area_{area}"] = float(amount) / spent if spent > 0 else np.nan
    try:
        groups = candidate_groups(chosen, year)
    except ValueError:  # no year to look groups up: leave the group shares out
        groups = None
    if groups is not None:
        for g in groups.columns:
            inside = float(cost[groups[g].to_numpy()].sum())
            out[f"share_group_{g}"] = inside / spent if spent > 0 else np.nan
    return out


def _hhi(chosen: pd.DataFrame, column: str) -> float:
    """HHI of ``column`` over the partners of the chosen activities that have one."""
    with_partner = chosen[chosen["partner_id"].notna()]
    per = with_partner.groupby("partner_id")[column].sum()
    total = float(per.sum())
    return float(((per / total) ** 2).sum()) if total > 0 else float("nan")


def compare_scenarios(
    base_candidates: pd.DataFrame,
    scenarios: Sequence[Scenario],
    *,
    include_base: bool = True,
    **allocate_kwargs: Any,
) -> pd.DataFrame:
    """Solve the base allocation and every scenario; compare them on the same measures.

    Args:
        base_candidates: Candidates with a value column (see
            :func:`~ppd_core.planning.allocate`).
        scenarios: The scenarios to solve.
        include_base: Also solve and report the unchanged allocation (first row, ``base``).
        **allocate_kwargs: The base arguments of :func:`~ppd_core.planning.allocate`
            (``budget`` is required). The relaxation re-solves are skipped unless
            ``explain=True`` is given.

    Returns:
        One row per scenario: ``scenario``, ``description`` and the measures of
        :data:`SCENARIO_MEASURES` (area and group shares as ``share_area_<code>`` and
        ``share_group_<code>``, 0 where nothing was chosen in them). An infeasible scenario
        has status ``infeasible``, NaN measures and the conflict in ``notes``.
    """
    base_kwargs = {"explain": False, **allocate_kwargs}
    year = base_kwargs.get("year")
    prepared = prepare_candidates(
        base_candidates, year=year, reference=base_kwargs.get("reference")
    )
    runs: list[tuple[str, str, Scenario | None]] = []
    if include_base:
        runs.append(("base", "The base allocation.", None))
    runs += [(s.name, s.description, s) for s in scenarios]
    rows = []
    for name, description, scenario in runs:
        kwargs = _apply(base_kwargs, scenario.changes) if scenario else dict(base_kwargs)
        cands = prepared
        notes: list[str] = []
        if scenario is not None and scenario.keep is not None:
            mask = np.asarray(scenario.keep(prepared), dtype=bool)
            cands = prepared[mask].reset_index(drop=True)
            ids = set(cands["id"])
            must = list(kwargs.get("must_do", ()))
            dropped = [i for i in must if i not in ids]
            if dropped:
                notes.append(f"must-do {', '.join(dropped)} left out with their candidates")
                kwargs["must_do"] = [i for i in must if i in ids]
            sets = [[i for i in s if i in ids] for s in kwargs.get("exclusive", ())]
            kwargs["exclusive"] = [s for s in sets if len(s) >= 2]
        row: dict[str, Any] = {"scenario": name, "description": description}
        try:
            plan = allocate(cands, **kwargs)
        except PpdError as exc:  # infeasible, or no plan within the time limit
            row.update(status="infeasible" if isinstance(exc, InfeasiblePlanError) else "failed",
                       candidates=len(cands), notes="; ".join([*notes, str(exc)]))  # fmt: skip
            rows.append(row)
            continue
        row.update(status=plan.status, candidates=len(cands))
        row.update(portfolio_measures(plan, cands, year=year))
        row["notes"] = "; ".join(notes)
        rows.append(row)
    out = pd.DataFrame(rows)
    shares = sorted(c for c in out.columns if c.startswith("share_"))
    for col in shares:
        feasible = out["status"].isin(["optimal", "time limit"])
        out.loc[feasible, col] = out.loc[feasible, col].fillna(0.0)
    fixed = ["scenario", "description", *[m for m in SCENARIO_MEASURES if "<" not in m]]
    ordered = [c for c in fixed if c in out.columns and c != "notes"]
    return out.reindex(columns=[*ordered, *shares, "notes"])
