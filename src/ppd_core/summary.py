"""A first look at a Dataset: counts by level, kind and year, and resources mobilised.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.summary import summarise
>>> tables = summarise(load_sample())
>>> list(tables)
['activities_by_level', 'activities_by_kind', 'activities_by_year', 'resources_by_stage']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ppd_core.metrics.resources import convert
from ppd_core.vocab import ActivityKind, FlowStage, OrganisationLevel

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = ["summarise"]


def summarise(ds: Dataset, currency: str = "USD") -> dict[str, pd.DataFrame]:
    """Return the summary tables ``ppd demo`` prints.

    * ``activities_by_level``: activities and participants per level of the lead organisation;
    * ``activities_by_kind``: activities per kind;
    * ``activities_by_year``: activities per year of start;
    * ``resources_by_stage``: resources mobilised per stage (pledged, committed, disbursed)
      and year, in ``currency`` at each flow's annual average rate.
    """
    f = ds.to_frames()
    acts = f["activities"]
    start = acts["actual_start"].fillna(acts["planned_start"])
    level = acts["lead_organisation_id"].map(
        f["organisations"].drop_duplicates("id").set_index("id")["level"]
    )
    by_level = (
        acts.assign(level=level)
        .groupby("level", observed=True)
        .agg(activities=("id", "size"), participants=("participants_total", "sum"))
        .reindex([lv.value for lv in OrganisationLevel])
        .fillna(0)
        .astype("int64")
    )
    by_kind = (
        acts.groupby("kind")
        .size()
        .reindex([k.value for k in ActivityKind])
        .fillna(0)
        .astype("int64")
        .rename("activities")
        .to_frame()
    )
    by_year = start.dt.year.value_counts().sort_index().rename("activities").to_frame()
    by_year.index = by_year.index.astype("int64").rename("year")
    flows = f["resource_flows"]
    value = convert(flows["amount"], flows["currency"], flows["date"], currency)
    by_stage = (
        pd.DataFrame({"year": flows["date"].dt.year, "stage": flows["stage"], "value": value})
        .pivot_table(index="year", columns="stage", values="value", aggfunc="sum", fill_value=0)
        .reindex(columns=[s.value for s in FlowStage], fill_value=0)
    )
    by_stage.columns.name = f"resources mobilised ({currency})"
    return {
        "activities_by_level": by_level,
        "activities_by_kind": by_kind,
        "activities_by_year": by_year,
        "resources_by_stage": by_stage,
    }
