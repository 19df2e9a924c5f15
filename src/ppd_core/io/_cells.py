"""Cells read as their column's type: text, codes, dates, whole numbers, numbers, amounts.

Each distinct cell value of a column is converted once. Text is normalised to NFC (so that
Vietnamese typed with combining marks equals precomposed text) and blank text is missing; in
spreadsheet formats the apostrophe of formula neutralisation is removed first. A value that
cannot be read becomes missing and is returned as a failure (rule PPD002).

A blank cell, or an absent column, whose field has a default takes it, as a record built
without that field would (see :data:`DEFAULTS`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, get_args

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ppd_core._fast import is_missing, matches, to_arrow
from ppd_core.i18n import Phrase, phrase
from ppd_core.io._text import parse_date, parse_number, restore
from ppd_core.tables import SCHEMA, Column, TableSpec, make_series, pandas_dtype

if TYPE_CHECKING:
    from ppd_core.io._ingest import RawTable

__all__ = ["DEFAULTS", "model_of", "shown", "typed_frame"]

Converted = tuple[Any, Phrase | None]
"""A converted value (``None`` when missing) and, when it cannot be read, why."""

_MAX_WHOLE: Final = 2**53  # whole numbers beyond this lose digits as floats


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class in a field's annotation (``Money | None`` → ``Money``), if any."""
    for tp in (annotation, *get_args(annotation)):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
    return None


def _defaults() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, spec in SCHEMA.items():
        for col in spec.columns:
            model: type[BaseModel] | None = spec.model
            default: Any = None
            for part in col.path:
                if model is None or part not in model.model_fields:
                    break
                info = model.model_fields[part]
                default = info.default
                model = model_of(info.annotation)
            if default is not None and default is not PydanticUndefined:
                value = default.value if isinstance(default, Enum) else default
                out.setdefault(name, {})[col.name] = value
    return out


DEFAULTS: Final = _defaults()
"""The value a blank cell takes, by table and column: the field's default (a partner's
status ``active``, an activity's modality ``in_person``, a lone split line's percentage
``100``, a flow's form ``cash``, an indicator's direction ``higher_is_better``, an award's
count ``1``)."""


def shown(v: Any) -> str:
    """A cell value as text, for problem reports."""
    if isinstance(v, datetime) and v.time() == time():
        return v.date().isoformat()
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _why(err: ValueError) -> Phrase:
    """Why a value cannot be read, from the error of a reader (a phrase, any language)."""
    reason = err.args[0] if err.args else None
    return reason if isinstance(reason, Phrase) else Phrase("{detail}", (("detail", str(err)),))


def _too_large(v: Any) -> Phrase:
    return phrase("'{value}' is too large", value=shown(v))


def _text(v: Any, spreadsheet: bool) -> Converted:
    if isinstance(v, str):
        t = restore(v) if spreadsheet else v
    elif isinstance(v, (list, dict)):
        return None, phrase(
            "{value} is a list or an object; a single value is expected here", value=shown(v)[:60]
        )
    elif isinstance(v, bool):
        t = "true" if v else "false"
    elif isinstance(v, float):
        t = str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    else:
        t = shown(v)
    t = unicodedata.normalize("NFC", t)
    return (t if t.strip() else None), None


def _date(v: Any, spreadsheet: bool) -> Converted:
    if isinstance(v, datetime):
        if v.time() != time():
            return None, phrase("'{value}' has a time of day; enter the date only", value=shown(v))
        return v.date(), None
    if isinstance(v, date):
        return v, None
    if isinstance(v, str):
        t, _ = _text(v, spreadsheet)
        if t is None:
            return None, None
        try:
            return parse_date(t), None
        except ValueError as err:
            return None, _why(err)
    if isinstance(v, (bool, int, float, Decimal)):
        return None, phrase(
            "{value} is a number, not a date; type the date as dd/mm/yyyy or format the cell as "
            "a date",
            value=shown(v),
        )
    return None, phrase("{value} is not a date", value=shown(v)[:60])


def _decimal_of(v: float) -> Decimal:
    """The decimal a float stands for: its shortest form, or Excel's 15 digits if shorter."""
    exact = Decimal(repr(v))
    if exact.as_tuple().exponent >= -4:  # type: ignore[operator]
        return exact
    rounded = Decimal(f"{v:.15g}")
    return rounded if rounded.as_tuple().exponent >= -4 else exact  # type: ignore[operator]


def _number(v: Any, col: Column, spreadsheet: bool, decimal_comma: bool) -> Converted:
    kind = col.dtype
    if isinstance(v, (bool, date, datetime)):
        return None, phrase("'{value}' is not a number", value=shown(v))
    if isinstance(v, float):
        if not math.isfinite(v):
            return None, phrase("'{value}' is not a finite number", value=v)
        if kind == "float64":
            return v, None
        d = _decimal_of(v)
    elif isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, Decimal):
        if not v.is_finite():
            return None, phrase("'{value}' is not a finite number", value=v)
        d = v
    elif isinstance(v, str):
        t, _ = _text(v, spreadsheet)
        if t is None:
            return None, None
        try:
            d = parse_number(t, decimal_comma=decimal_comma, percent="percentage" in col.checks)
        except ValueError as err:
            return None, _why(err)
    else:
        return None, phrase("{value} is not a number", value=shown(v)[:60])
    if kind == "Int64":
        if d != d.to_integral_value():
            return None, phrase("'{value}' is not a whole number", value=shown(v))
        if abs(d) > _MAX_WHOLE:
            return None, _too_large(v)
        return int(d), None
    if kind == "float64":
        f = float(d)
        return (f, None) if math.isfinite(f) else (None, _too_large(v))
    return d, None


def _boolean(v: Any, spreadsheet: bool) -> Converted:
    if isinstance(v, bool):
        return v, None
    t, _ = _text(v, spreadsheet)
    if t is None:
        return None, None
    word = t.strip().lower()
    if word in ("true", "yes", "1", "có", "x"):
        return True, None
    if word in ("false", "no", "0", "không"):
        return False, None
    return None, phrase("'{value}' is not true or false", value=t)


def _converter(col: Column, spreadsheet: bool, decimal_comma: bool) -> Callable[[Any], Converted]:
    if col.dtype in ("str", "code"):
        return lambda v: _text(v, spreadsheet)
    if col.dtype == "date":
        return lambda v: _date(v, spreadsheet)
    if col.dtype == "boolean":
        return lambda v: _boolean(v, spreadsheet)
    return lambda v: _number(v, col, spreadsheet, decimal_comma)


def _as_is(s: pd.Series, col: Column) -> pd.Series | None:
    """The column unchanged when it already has a usable type (Parquet), else ``None``."""
    if col.dtype in ("str", "code"):
        if isinstance(s.dtype, pd.CategoricalDtype) and s.dtype == pandas_dtype(
            col.dtype, col.vocabulary
        ):
            return s
        if s.dtype == "str":
            data = pc.utf8_normalize(to_arrow(s), form="NFC")
            return pd.Series(pd.array(data, dtype="str"), index=s.index)
        return None
    if col.dtype == "date" and s.dtype.kind == "M" and getattr(s.dt, "tz", None) is None:
        stamps = s.astype("datetime64[s]")
        return stamps if bool((stamps.dt.normalize() == stamps).fillna(True).all()) else None
    if col.dtype in ("Int64", "float64") and (s.dtype.kind in "iuf" or str(s.dtype) == "Int64"):
        return s
    if col.dtype == "decimal" and s.dtype == pandas_dtype("decimal"):
        return s
    return None


def _series(values: list[Any], col: Column) -> pd.Series:
    if col.dtype in ("str", "code"):
        return pd.Series(values, dtype="str")
    if col.dtype == "date":
        return make_series(values, "date")
    if col.dtype in ("Int64", "boolean"):
        return pd.Series(pd.array(values, dtype=col.dtype))
    if col.dtype == "float64":
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype=object)  # decimals: validate_frames checks their places


_PLAIN_NUMBER = r"^\s*-?\d+(?:\.\d+)?\s*$"
_PLAIN_INTEGER = r"^\s*-?\d+\s*$"
_DAY_FIRST_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _vectorised(
    s: pd.Series, col: Column, spreadsheet: bool, decimal_comma: bool = False
) -> tuple[pd.Series, np.ndarray] | None:
    """Read a column of text cells all at once, for the common shapes of values.

    With ``decimal_comma`` a dot groups thousands (``20.000`` is twenty thousand), so only
    numbers without any separator are read here; the others go to the cell-by-cell reader.

    Returns the typed column and a mask of the cells it could not read (those go through the
    cell-by-cell reader, which gives the exact message), or ``None`` when the column is not a
    column of text (the cell-by-cell reader handles it).
    """
    values = s.to_numpy(dtype=object)
    is_text = np.fromiter((v is None or isinstance(v, str) for v in values), bool, len(values))
    if not is_text.all():
        return None
    text = pd.Series(values, dtype="str").str.strip()
    blank = (text.isna() | (text == "")).to_numpy()
    text = text.mask(blank)
    if col.dtype in ("str", "code"):
        raw_text = pd.Series(values, dtype="str")
        if spreadsheet:
            escaped = matches(raw_text, r"^'[=+\-@\t\r']")
            if escaped.any():
                raw_text = raw_text.mask(escaped, raw_text.str.slice(1))
        normal = pd.Series(
            pd.array(pc.utf8_normalize(to_arrow(raw_text), form="NFC"), dtype="str")
        ).mask(blank)
        return normal, np.zeros(len(values), dtype=bool)
    if col.dtype == "date":
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        for fmt in _DAY_FIRST_FORMATS:
            todo = parsed.isna().to_numpy() & ~blank
            if not todo.any():
                break
            parsed = parsed.where(~todo, pd.to_datetime(text, format=fmt, errors="coerce"))
        failed = parsed.isna().to_numpy() & ~blank
        return parsed.astype("datetime64[s]"), failed
    if col.dtype in ("Int64", "float64", "decimal"):
        plain = matches(text, _PLAIN_INTEGER if decimal_comma else _PLAIN_NUMBER)
        failed = ~plain & ~blank
        if col.dtype == "decimal":
            exact = [Decimal(t) if ok else None for t, ok in zip(text.tolist(), plain, strict=True)]
            return pd.Series(exact, dtype=object), failed
        number = pd.to_numeric(text.where(plain), errors="coerce")
        if col.dtype == "Int64":
            whole = number.isna() | (number == number.round())
            failed |= ~whole.to_numpy(dtype=bool)
            return number.where(whole).astype("Int64"), failed
        return number.astype("float64"), failed
    return None


def typed_frame(
    raw: RawTable, spec: TableSpec, decimal_comma: bool
) -> tuple[pd.DataFrame, list[tuple[int, str, str, Phrase]]]:
    """Read a raw table's cells as their columns' types.

    Returns:
        The frame (absent columns stay absent) and the failures: ``(position, column,
        the value as text, why it cannot be read)``.
    """
    out: dict[str, pd.Series] = {}
    failures: list[tuple[int, str, str, Phrase]] = []
    defaults = DEFAULTS.get(spec.name, {})
    n = len(raw.frame)
    for col in spec.columns:
        default = defaults.get(col.name)
        if col.name not in raw.frame.columns:
            if default is not None:
                out[col.name] = _series([default] * n, col)
            continue
        s = raw.frame[col.name]
        ready = None if s.dtype == object else _as_is(s, col)
        if ready is not None:
            ready = ready.reset_index(drop=True)
            out[col.name] = ready if default is None else ready.fillna(default)
            continue
        quick = _vectorised(s, col, raw.spreadsheet, decimal_comma)
        if quick is not None and not quick[1].any():  # every cell read column-wise
            typed = quick[0]
            out[col.name] = typed if default is None else typed.fillna(default)
            continue
        convert = _converter(col, raw.spreadsheet, decimal_comma)
        cache: dict[tuple[type, Any], Converted] = {}
        values: list[Any] = []
        for pos, v in enumerate(s.tolist()):
            if is_missing(v):
                values.append(default)
                continue
            try:
                key = (type(v), v)
                hit = cache.get(key)
                if hit is None:
                    hit = cache[key] = convert(v)
            except TypeError:  # unhashable (a list or an object in JSON)
                hit = convert(v)
            value, why = hit
            if why is not None:
                failures.append((pos, col.name, shown(v), why))
            elif value is None:
                value = default  # a blank cell
            values.append(value)
        out[col.name] = _series(values, col)
    return pd.DataFrame(out, index=pd.RangeIndex(n)), failures
