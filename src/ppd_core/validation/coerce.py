"""Reading cells as the schema's types: each column converted once, unreadable values missing.

:func:`coerce_column` converts a raw column (text from a file, objects from Python, or a column
already of its type, which is kept as it is) to its logical type. A value that cannot be read
becomes missing; the caller compares missing before and after to report it (PPD002).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from ppd_core._fast import is_missing, strip_text
from ppd_core.i18n import N_
from ppd_core.tables import Column, make_series, pandas_dtype

__all__ = ["KIND_NAMES", "coerce_column", "finish_decimal"]

KIND_NAMES = {
    "str": N_("text"),
    "code": N_("a code"),
    "Int64": N_("a whole number"),
    "float64": N_("a number"),
    "decimal": N_("an exact decimal amount"),
    "date": N_("a date (YYYY-MM-DD)"),
    "boolean": N_("true/false"),
}
"""How a problem names each logical type ("cannot read this value as …")."""


def coerce_column(col: Column, s: pd.Series) -> pd.Series:
    """Convert a column to its logical type; values that cannot convert become missing.

    Money amounts become exact decimals (Python ``Decimal`` objects while checking, so that
    rule PPD302 sees every decimal place; :func:`finish_decimal` stores them).
    """
    dtype = col.dtype
    if dtype == "decimal":
        if s.dtype == pandas_dtype("decimal"):
            return s
        return pd.Series([_decimal(v) for v in s.tolist()], index=s.index, dtype=object)
    if dtype == "str":
        if s.dtype == "str" or isinstance(s.dtype, pd.StringDtype):
            out = s.astype("str")
        else:
            out = s.map(lambda v: None if is_missing(v) else str(v), na_action="ignore").astype(
                "str"
            )
        return strip_text(out, upper=bool(col.checks & {"country", "currency"}))
    if dtype == "date":
        if s.dtype.kind == "M":
            return s.astype("datetime64[s]")
        return pd.to_datetime(s, errors="coerce", format="ISO8601").astype("datetime64[s]")
    if dtype == "code":
        if s.dtype == pandas_dtype(dtype, col.vocabulary):
            return s  # already this vocabulary's categorical: every value is a valid code
        return coerce_column(Column(col.name, "str", col.path, col.required), s)
    if str(s.dtype) == dtype:
        return s
    if dtype in ("Int64", "float64"):
        if s.dtype.kind in "iuf" or str(s.dtype) in ("Int64", "Float64"):
            num = s
        else:
            num = pd.to_numeric(s, errors="coerce")
        if dtype == "Int64":
            num = num.astype("Float64")
            whole = num.isna() | (num == num.round())
            return num.where(whole).astype("Int64")
        return num.astype("float64")
    return s.astype(pandas_dtype(dtype))


def _decimal(v: Any) -> Decimal | None:
    if is_missing(v):
        return None
    if isinstance(v, Decimal):
        return v if v.is_finite() else None
    if isinstance(v, float):
        return None  # binary floats are not money (PPD002)
    try:
        d = Decimal(str(v).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def finish_decimal(s: pd.Series, too_precise: Any) -> pd.Series:
    """Store checked amounts as the schema's exact decimal type (too precise ones missing)."""
    if s.dtype == pandas_dtype("decimal"):
        return s
    values = [None if bad else v for v, bad in zip(s.tolist(), too_precise, strict=True)]
    out = make_series(values, "decimal")
    out.index = s.index
    return out
