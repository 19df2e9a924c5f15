"""Money in one currency: amounts converted explicitly, never added across currencies.

The tables keep each amount in its own currency: ``cost_amount`` with ``cost_currency`` on
activities, ``amount`` with ``currency`` on resource flows, ``budget_amount`` with
``budget_currency`` on planned activities. Adding such a column as it is
(``frames["activities"]["cost_amount"].sum()``) adds dong to dollars. :func:`in_currency`
converts a money column into one currency at the annual average rate of each row's date
(:func:`~ppd_core.metrics.convert`); :func:`total` adds a money column and refuses, with a
:class:`~ppd_core.errors.MixedCurrencyError` naming the currencies, when they differ and no
currency to convert into is given.

>>> import pandas as pd
>>> costs = pd.DataFrame({
...     "cost_amount": [100.0, 50.0, 2_500_000.0],
...     "cost_currency": ["USD", "USD", "VND"],
...     "actual_start": pd.to_datetime(["2024-03-01", "2024-06-01", "2024-09-01"]),
... })
>>> total(costs.iloc[:2], "cost")
150.0
>>> total(costs, "cost")
Traceback (most recent call last):
...
ppd_core.errors.MixedCurrencyError: cost_amount holds amounts in USD and VND: adding them \
would mix currencies. Convert them first: metrics.total(frame, 'cost', currency='USD') \
(or metrics.in_currency(frame, 'cost', 'USD') for each row).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ppd_core.errors import MixedCurrencyError
from ppd_core.metrics.resources import convert
from ppd_core.reference import ReferenceData

__all__ = ["in_currency", "money_columns", "total"]


def money_columns(money: str) -> tuple[str, str]:
    """The amount and currency columns of a money field: ``"cost"`` → cost_amount, cost_currency.

    ``"amount"`` (resource flows) names the ``amount`` and ``currency`` columns.
    """
    if money in ("amount", ""):
        return "amount", "currency"
    return f"{money}_amount", f"{money}_currency"


def _dates(frame: pd.DataFrame, dates: pd.Series | None) -> pd.Series:
    """The day each row's amount is converted at: given, else the row's own date."""
    if dates is not None:
        return pd.to_datetime(pd.Series(dates, index=frame.index))
    if "date" in frame.columns:
        return pd.to_datetime(frame["date"])
    if "actual_start" in frame.columns:
        start = frame["actual_start"]
        if "planned_start" in frame.columns:
            start = start.fillna(frame["planned_start"])
        return pd.to_datetime(start)
    if "planned_start" in frame.columns:
        return pd.to_datetime(frame["planned_start"])
    raise ValueError(
        "The frame has no date column (date, actual_start, planned_start) to take the "
        "exchange rate of: pass dates=… (one date per row)."
    )


def in_currency(
    frame: pd.DataFrame,
    money: str = "cost",
    currency: str = "USD",
    *,
    dates: pd.Series | None = None,
    reference: ReferenceData | None = None,
) -> pd.Series:
    """A money column converted into ``currency``, row by row (missing amounts stay missing).

    Args:
        frame: A table with ``<money>_amount`` and ``<money>_currency`` columns.
        money: The money field: ``"cost"`` (activities), ``"amount"`` (resource flows),
            ``"budget"`` (planned activities).
        currency: The ISO 4217 code to convert into.
        dates: The day of each row's rate (default: the row's ``date``, else its actual start,
            else its planned start).
        reference: Reference data with the exchange rates (default: the one in force).

    Raises:
        MissingRateError: naming every (currency, year) without a rate.
    """
    amount, code = money_columns(money)
    values = pd.Series(np.nan, index=frame.index, dtype="float64")
    known = frame[amount].notna().to_numpy(dtype=bool)
    if known.any():
        when = _dates(frame, dates)[known]
        values[known] = convert(
            frame[amount][known], frame[code][known].astype("str"), when, currency, reference
        )
    return values.rename(f"{amount}_{currency.lower()}")


def total(
    frame: pd.DataFrame,
    money: str = "cost",
    *,
    currency: str | None = None,
    dates: pd.Series | None = None,
    reference: ReferenceData | None = None,
) -> float:
    """The sum of a money column, in one currency.

    Args:
        frame: A table with ``<money>_amount`` and ``<money>_currency`` columns.
        money: The money field (see :func:`in_currency`).
        currency: Convert into this currency first (see :func:`in_currency`). Without it the
            amounts must all be in one currency.
        dates: The day of each row's rate, when converting.
        reference: Reference data with the exchange rates.

    Raises:
        MixedCurrencyError: ``currency`` is not given and the amounts are in several
            currencies (the message names them and how to convert).
    """
    amount, code = money_columns(money)
    if currency is not None:
        return float(in_currency(frame, money, currency, dates=dates, reference=reference).sum())
    rows = frame[frame[amount].notna().to_numpy(dtype=bool)]
    currencies = sorted({str(c) for c in rows[code].dropna()})
    if len(currencies) > 1:
        raise MixedCurrencyError(amount, currencies, money)
    summed: Any = rows[amount].astype("float64").sum()
    return float(summed)
