"""Priority coverage: shares of activities and resources per priority area and SDG, vs a plan.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.metrics import priority_coverage
>>> cov = priority_coverage(load_sample(), plan="WP-VUFO-2025", years=[2025])
>>> round(float(cov["share_activities"].sum()), 6)
1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ppd_core.metrics._base import NONE, analysis, share
from ppd_core.metrics.resources import _flows_by
from ppd_core.vocab import FlowStage, PriorityArea, Sdg

__all__ = ["priority_coverage", "sdg_coverage"]


def _plan_weights(an: Any, plan: str | Mapping[str, float] | None) -> pd.Series:
    if plan is None:
        return pd.Series(dtype="float64")
    if isinstance(plan, str):
        w = an.frames["work_plan_priority_weights"]
        w = w[w["work_plan_id"] == plan]
        if w.empty and plan not in set(an.frames["work_plans"]["id"]):
            raise KeyError(f"no work plan with id {plan!r}")
        weights = pd.Series(w["weight"].to_numpy(), index=w["area"].astype("str").to_numpy())
    else:
        weights = pd.Series({str(k): float(v) for k, v in plan.items()})
    total = weights.sum()
    return weights / total if total > 0 else weights


def priority_coverage(
    data: Any,
    *,
    plan: str | Mapping[str, float] | None = None,
    years: Iterable[int] | None = None,
    organisations: Iterable[str] | None = None,
    stage: FlowStage = FlowStage.DISBURSED,
    currency: str = "USD",
) -> pd.DataFrame:
    """Share of activities and of resources per priority area, against a plan's weights.

    Formulas, over the selected activities (pro-rated by their priority percentages):

    * ``share_activities`` = Σ w over the area / number of activities (activities with no
      priority area form the ``(none)`` row, so the shares sum to 1);
    * ``share_resources`` = the area's resources at ``stage`` / all resources at ``stage``;
    * ``planned_share`` = the plan's weight for the area, normalised to sum to 1;
    * ``gap`` = share_activities − planned_share (negative: under-covered).

    Args:
        data: A Dataset, its frames or an Analysis.
        plan: A work plan id, or weights by area code; ``None`` for no comparison.
        years: Keep activities starting in these years.
        organisations: Keep activities led by these organisations.
        stage: Flow stage counted as resources.
        currency: Currency of the resource totals.
    """
    an = analysis(data)
    keep = _select(an, years, organisations)
    acts = an.sum_by({"activities": keep.astype(float)}, ["priority_area"])
    flows_keep = _resources_of(an, keep, stage, currency)
    weights = _plan_weights(an, plan)
    areas = [a.value for a in PriorityArea] + [NONE]
    out = pd.DataFrame({"priority_area": areas})
    out = out.merge(acts, on="priority_area", how="left").fillna({"activities": 0.0})
    out = out.merge(flows_keep, on="priority_area", how="left").fillna({"resources": 0.0})
    out["share_activities"] = share(
        out["activities"], pd.Series(out["activities"].sum(), index=out.index)
    )
    out["share_resources"] = share(
        out["resources"], pd.Series(out["resources"].sum(), index=out.index)
    )
    out["planned_share"] = out["priority_area"].map(weights).astype("float64")
    if plan is not None:
        out["planned_share"] = out["planned_share"].where(
            out["priority_area"] == NONE, out["planned_share"].fillna(0.0)
        )
    out["gap"] = out["share_activities"] - out["planned_share"]
    return out


def _select(an: Any, years: Iterable[int] | None, organisations: Iterable[str] | None) -> Any:
    keep = pd.Series(True, index=an.activities.index)
    if years is not None:
        keep &= an.activities["year"].isin(list(years)).fillna(False)
    if organisations is not None:
        keep &= an.activities["organisation"].isin(list(organisations))
    return keep.to_numpy()


def _resources_of(an: Any, keep: Any, stage: FlowStage, currency: str) -> pd.DataFrame:
    """Resources at ``stage`` per priority area (pro-rated), of the selected activities."""
    flows = _flows_by(an, ["priority_area"], currency, "activity")
    flows = flows[keep[flows["row"].to_numpy()] & (flows["stage"] == stage.value).to_numpy()]
    per_area: pd.DataFrame = (
        flows.groupby("priority_area")["value"].sum().rename("resources").reset_index()
    )
    return per_area


def sdg_coverage(data: Any, *, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Share of activities contributing to each SDG (an activity may serve several).

    Formula: ``share_activities`` = activities tagged with the SDG / all selected activities.
    """
    an = analysis(data)
    keep = _select(an, years, None)
    counts = an.sum_by({"activities": keep.astype(float)}, ["sdg"])
    out = pd.DataFrame({"sdg": [s.value for s in Sdg]}).merge(counts, on="sdg", how="left")
    out["activities"] = out["activities"].fillna(0.0)
    out["share_activities"] = out["activities"] / max(1.0, float(keep.sum()))
    return out
