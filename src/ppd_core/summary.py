"""A first look at a Dataset: counts by level, kind and year, and resources mobilised.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.summary import summarise
>>> tables = summarise(load_sample())
>>> list(tables)
['activities_by_level', 'activities_by_kind', 'activities_by_year', 'resources_by_stage']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ppd_core.errors import MissingRateError
from ppd_core.reference import ReferenceData, default_reference
from ppd_core.vocab import ActivityKind, FlowStage, OrganisationLevel

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = ["flows_in", "summarise"]


def flows_in(
    flows: pd.DataFrame, currency: str = "USD", reference: ReferenceData | None = None
) -> pd.Series:
    """Value of each resource flow in ``currency`` at the annual average rate of its date.

    Args:
        flows: The ``resource_flows`` table.
        currency: Target ISO 4217 code (any currency with reference rates, e.g. USD or VND).
        reference: Reference data (default: the one in force).

    Returns:
        float64 values aligned with ``flows``.

    Raises:
        MissingRateError: naming every (currency, year) without a rate.
    """
    ref = reference or default_reference()
    rates = ref.rates_frame()
    year = flows["date"].dt.year
    col = "vnd_per_unit" if currency == "VND" else "usd_per_unit"
    key = pd.MultiIndex.from_arrays([year, flows["currency"]])
    per_unit = rates.set_index(["year", "currency"])[col].reindex(key).to_numpy()
    if currency in ("USD", "VND"):
        divisor = np.ones(len(flows))
    else:
        target = rates[rates["currency"] == currency].set_index("year")["usd_per_unit"]
        divisor = target.reindex(year).to_numpy()
    missing = np.isnan(per_unit) | np.isnan(divisor)
    if missing.any():
        gaps = sorted(
            {
                (str(c), int(y))
                for c, y in zip(flows["currency"][missing], year[missing], strict=True)
            }
        )
        listed = ", ".join(f"{c} {y}" for c, y in gaps[:10])
        raise MissingRateError(
            f"No exchange rate for {len(gaps)} currency-year pair(s): {listed}. Add rows to "
            "exchange_rates.csv in your reference directory (see ppd_core.reference)."
        )
    amount = flows["amount"].astype("float64").to_numpy()
    return pd.Series(amount * per_unit / divisor, index=flows.index, name=f"amount_{currency}")


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
    value = flows_in(flows, currency)
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
