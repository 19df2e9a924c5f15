"""Resources mobilised from partners: by stage and form, converted, with rates and leverage.

Amounts are converted to one currency at the reference annual average rate of each flow's
date (:func:`convert`); a flow in a currency with no rate that year raises
:class:`~ppd_core.errors.MissingRateError` naming every missing currency-year, never a silent
zero.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.metrics import resources_mobilised
>>> table = resources_mobilised(load_sample(), ["year"])
>>> sorted(table.columns)[:3]
['amount', 'form', 'stage']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.errors import MissingRateError
from ppd_core.metrics._base import (
    Analysis,
    Dimensions,
    analysis,
    categorical,
    dimensions,
    period_categorical,
    recode,
    share,
)
from ppd_core.reference import ReferenceData, default_reference
from ppd_core.vocab import FlowForm, FlowStage

__all__ = ["convert", "resource_rates", "resources_mobilised"]

_TIME = ("year", "quarter", "month")
_FLOW_OWN = ("partner", "partner_type", "stage", "form")


def convert(
    amounts: pd.Series,
    currencies: pd.Series,
    dates: pd.Series,
    currency: str = "USD",
    reference: ReferenceData | None = None,
) -> np.ndarray:
    """Convert amounts to ``currency`` at the annual average rate of each date's year.

    Formula: value = amount × (units of ``currency`` per unit of the amount's currency in
    that year), from the reference rates (VND uses the VND column directly).

    Raises:
        MissingRateError: naming every (currency, year) without a rate.
    """
    ref = reference or default_reference()
    rates = ref.rates_frame()
    year = dates.dt.year.to_numpy()
    col = "vnd_per_unit" if currency == "VND" else "usd_per_unit"
    table = rates.set_index(["year", "currency"])[col]
    key = pd.MultiIndex.from_arrays([year, currencies.astype("str").to_numpy()])
    per_unit = table.reindex(key).to_numpy(dtype="float64")
    if currency in ("USD", "VND"):
        divisor = np.ones(len(amounts))
    else:
        target = rates[rates["currency"] == currency].set_index("year")["usd_per_unit"]
        divisor = target.reindex(year).to_numpy(dtype="float64")
    missing = np.isnan(per_unit) | np.isnan(divisor)
    if missing.any():
        gaps = sorted(
            {(str(c), int(y)) for c, y in zip(currencies[missing], year[missing], strict=True)}
        )
        listed = ", ".join(f"{c} {y}" for c, y in gaps[:10])
        raise MissingRateError(
            f"No exchange rate to convert into {currency} for {len(gaps)} currency-year "
            f"pair(s): {listed}. Add rows to exchange_rates.csv in your reference directory "
            "(see ppd_core.reference)."
        )
    values = amounts.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
    converted: np.ndarray = values * per_unit / divisor
    return converted


def _flows(an: Analysis, currency: str) -> pd.DataFrame:
    flows = an.link("resource_flows")
    value = convert(flows["amount"], flows["currency"], flows["date"], currency, an.reference)
    partner = categorical(flows["partner_id"])
    labels = pd.Series(partner.categories, dtype=object)
    return pd.DataFrame(
        {
            "row": flows["row"].to_numpy(),
            "partner": partner,
            "partner_type": recode(partner, labels.map(an.partner_types)),
            "stage": flows["stage"],
            "form": flows["form"],
            "date": flows["date"].to_numpy(),
            "value": value,
        }
    )


def _flows_by(an: Analysis, by: Sequence[str], currency: str, dated_by: str) -> pd.DataFrame:
    """Each flow's converted value spread over the groups of ``by`` (weights applied)."""
    flows = _flows(an, currency)
    own_time = dated_by == "flow"
    own = [d for d in by if d in _FLOW_OWN or (own_time and d in _TIME)]
    via_activity = [d for d in by if d not in own]
    spread = an.expand(via_activity)
    out = flows.merge(spread, on="row", how="inner")
    out["value"] = out["value"] * out["weight"]
    for d in own:
        if d in _TIME:
            out[d] = period_categorical(pd.Series(out["date"]), d)
    return out


def resources_mobilised(
    data: Any,
    by: Dimensions = (),
    *,
    currency: str = "USD",
    dated_by: str = "flow",
) -> pd.DataFrame:
    """Resources mobilised from partners by stage and form, in one currency.

    Formula: for each group, stage and form, ``amount`` = Σ w·v, where *v* is each flow's
    amount converted at its date's annual rate and *w* pro-rates split dimensions (a flow for
    an activity 60 % in Cambodia counts 0.6 of its value there).

    Args:
        data: A Dataset, its frames or an Analysis.
        by: Dimensions; ``partner`` and ``partner_type`` mean the flow's own partner.
        currency: Target ISO 4217 code (any currency with reference rates).
        dated_by: ``"flow"`` (time dimensions use the flow's date) or ``"activity"`` (the
            activity's start).

    Returns:
        A tidy frame: the dimensions, ``stage``, ``form``, ``amount``; every stage and form
        appears for every group (zero when none).
    """
    an = analysis(data)
    dims = [d for d in dimensions(by) if d not in ("stage", "form")]
    flows = _flows_by(an, dims, currency, dated_by)
    keys = [*dims, "stage", "form"]
    summed = flows.groupby(keys, observed=True)["value"].sum().rename("amount")
    groups = flows[dims].drop_duplicates() if dims else pd.DataFrame(index=[0])
    grid = groups.merge(
        pd.DataFrame(
            [(s.value, f.value) for s in FlowStage for f in FlowForm], columns=["stage", "form"]
        ),
        how="cross",
    )
    out = grid.merge(summed.reset_index(), on=keys, how="left").fillna({"amount": 0.0})
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def resource_rates(
    data: Any, by: Dimensions = (), *, currency: str = "USD", dated_by: str = "activity"
) -> pd.DataFrame:
    """Conversion, fulfilment, time to disbursement and leverage, by any grouping.

    Formulas, per group (amounts converted as in :func:`resources_mobilised`):

    * ``conversion_rate`` = committed / pledged;
    * ``fulfilment_rate`` = disbursed / pledged;
    * ``median_days_to_disbursement`` = median over (activity, partner) chains of the days
      from the first pledge to the first disbursement (chains never disbursed are left out;
      ``chains_disbursed`` / ``chains`` says how many);
    * ``own_cost`` = Σ w·c, the activities' own cost converted at their start date;
    * ``leverage`` = disbursed / own cost (resources mobilised per unit of own spending).

    Ratios of an empty denominator are NaN, not zero. Conversion and fulfilment can exceed 1:
    goods given in kind are often disbursed, and some grants committed, with no pledge
    recorded first. Years come from the activity's start (``dated_by="activity"``, so an
    activity's chain stays in one year) or from each flow's own date (``dated_by="flow"``, as
    :func:`resources_mobilised` does), so the two can total a year differently.
    """
    an = analysis(data)
    by = dimensions(by)
    keys = by or ["_all"]  # a constant key stands for "no grouping"
    whole = {} if by else {"_all": 0}
    flows = _flows_by(an, list(by), currency, dated_by).assign(**whole)
    out = _groups(an, by).assign(**whole)
    sums = flows.groupby([*keys, "stage"], observed=True)["value"].sum().unstack("stage")
    sums = sums.reindex(columns=[s.value for s in FlowStage], fill_value=0.0).reset_index()
    out = out.merge(sums, on=keys, how="left")
    for stage in FlowStage:
        out[stage.value] = out[stage.value].fillna(0.0)
    out["conversion_rate"] = share(out["committed"], out["pledged"])
    out["fulfilment_rate"] = share(out["disbursed"], out["pledged"])
    out = out.merge(_chains(flows, keys), on=keys, how="left")
    a = an.frames["activities"]
    has_cost = a["cost_amount"].notna().to_numpy()
    cost = np.zeros(len(a))
    if has_cost.any():
        cost[has_cost] = convert(
            a["cost_amount"][has_cost],
            a["cost_currency"][has_cost],
            an.activities["start"][has_cost],
            currency,
            an.reference,
        )
    own = an.sum_by({"own_cost": cost}, by).assign(**whole)
    out = out.merge(own, on=keys, how="left")
    out["leverage"] = share(out["disbursed"], out["own_cost"])
    return out.drop(columns=list(whole))


def _groups(an: Analysis, by: Sequence[str]) -> pd.DataFrame:
    if not by:
        return pd.DataFrame(index=[0])
    groups = an.expand(list(by))[list(by)].drop_duplicates()
    return groups.sort_values(list(by)).reset_index(drop=True)


def _chains(flows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: (activity, partner) chains, how many were disbursed, median days."""
    earliest = flows.groupby(["row", "partner", "stage"], observed=True)["date"].min()
    first = earliest.unstack("stage") if len(earliest) else pd.DataFrame()
    if {"pledged", "disbursed"} <= set(first.columns):
        days = (first["disbursed"] - first["pledged"]).dt.days.rename("days").reset_index()
    else:
        days = pd.DataFrame({"row": [], "partner": [], "days": []})
    chain = flows.drop_duplicates(["row", "partner", *keys])[["row", "partner", *keys]]
    chain = chain.merge(days, on=["row", "partner"], how="left")
    agg = chain.groupby(keys, observed=True).agg(
        chains=("row", "size"),
        chains_disbursed=("days", "count"),
        median_days_to_disbursement=("days", "median"),
    )
    return agg.reset_index()
