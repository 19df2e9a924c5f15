"""A first look at a Dataset: counts by level, kind and year, and resources mobilised.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.summary import summarise
>>> tables = summarise(load_sample())
>>> list(tables)
['activities_by_level', 'activities_by_kind', 'activities_by_year', 'resources_by_stage']
>>> tables["activities_by_year"]["activities"].tolist()
[30, 31, 35, 36, 44, 14]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ppd_core.metrics import NONE, analysis, resources_mobilised, volume
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
    an = analysis(ds)

    def counted(dimension: str, order: list[str], columns: list[str]) -> pd.DataFrame:
        table = volume(an, [dimension]).set_index(dimension)[columns]
        return table.reindex(order).fillna(0).astype("int64")

    by_level = counted(
        "level", [lv.value for lv in OrganisationLevel], ["activities", "participants"]
    )
    by_kind = counted("kind", [k.value for k in ActivityKind], ["activities"])
    years = volume(an, ["year"])
    years = years[years["year"].astype("str") != NONE]
    by_year = (  # the year column is numeric: index it by integers, not by their text
        years.assign(year=pd.to_numeric(years["year"].astype("str")).astype("int64"))
        .set_index("year")[["activities"]]
        .sort_index()
        .astype("int64")
    )
    flows = resources_mobilised(an, ["year"], currency=currency)
    by_stage = flows.pivot_table(
        index="year", columns="stage", values="amount", aggfunc="sum", observed=True
    ).reindex(columns=[s.value for s in FlowStage], fill_value=0)
    by_stage.index = by_stage.index.astype("int64")
    by_stage.columns = pd.Index(list(by_stage.columns), name=f"resources mobilised ({currency})")
    return {
        "activities_by_level": by_level,
        "activities_by_kind": by_kind,
        "activities_by_year": by_year,
        "resources_by_stage": by_stage,
    }
