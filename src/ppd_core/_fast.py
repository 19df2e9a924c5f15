"""Vectorised string kernels on Arrow-backed pandas columns (membership, regex, trimming).

pandas' own ``Series.isin`` on Arrow strings converts every probe value to a Python scalar,
and regex matching falls back to Python's ``re`` per element; on a million rows both take
seconds. These helpers call the pyarrow compute kernels directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["is_empty", "isin", "isin_many", "joined", "matches", "strip_text", "to_arrow"]


def to_arrow(s: pd.Series) -> Any:
    """The column as an Arrow (chunked) array of strings, without copying when possible."""
    data = getattr(s.array, "_pa_array", None)
    if data is None:
        data = getattr(s.astype("str").array, "_pa_array")  # noqa: B009
    return data if isinstance(data, pa.ChunkedArray) else pa.chunked_array([data])


def isin(s: pd.Series, values: Iterable[Any] | pd.Series | pd.Index) -> np.ndarray:
    """Boolean array: is each value of the text column ``s`` in ``values``? (missing → False)."""
    data = to_arrow(s)
    if isinstance(values, pd.Series) and values.dtype == "str":
        probe = pc.drop_null(to_arrow(values))
    elif isinstance(values, (pd.Series, pd.Index)):
        probe = pa.array(values.astype("str").dropna().to_numpy(dtype=object), type=pa.string())
    else:
        probe = pa.array([v for v in values if v is not None], type=pa.string())
    probe = probe.cast(data.type)
    hit = pc.fill_null(pc.is_in(data, value_set=probe, skip_nulls=True), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def matches(s: pd.Series, pattern: str) -> np.ndarray:
    """Boolean array: does each value of ``s`` match the RE2 ``pattern``? (missing → False)."""
    hit = pc.fill_null(pc.match_substring_regex(to_arrow(s), pattern=pattern), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def strip_text(s: pd.Series, upper: bool = False) -> pd.Series:
    """Trim surrounding whitespace (and upper-case) a text column with Arrow kernels.

    The column is returned as it is (no copy) when no value needs changing.
    """
    data = to_arrow(s)
    changed = (
        pc.utf8_upper(pc.utf8_trim_whitespace(data)) if upper else (pc.utf8_trim_whitespace(data))
    )
    if pc.all(pc.fill_null(pc.equal(changed, data), True)).as_py():
        return s  # nothing to change: keep the original buffers
    data = changed
    return pd.Series(pd.array(data, dtype="str"), index=s.index, name=s.name)


def is_empty(s: pd.Series) -> np.ndarray:
    """Boolean array: is each value the empty string? (missing → False)."""
    hit = pc.fill_null(pc.equal(to_arrow(s), ""), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def isin_many(columns: list[pd.Series], values: pd.Series) -> list[np.ndarray]:
    """:func:`isin` for several columns against one value set (hashed once)."""
    if not columns:
        return []
    arrays = [to_arrow(c) for c in columns]
    chunks = [chunk for a in arrays for chunk in a.chunks]
    hits = isin(
        pd.Series(pd.array(pa.chunked_array(chunks, type=arrays[0].type), dtype="str")), values
    )
    out, start = [], 0
    for a in arrays:
        out.append(hits[start : start + len(a)])
        start += len(a)
    return out


def joined(*columns: pd.Series) -> pd.Series:
    """One text key per row from several text columns (for multi-column membership tests)."""
    arrays = [to_arrow(c) for c in columns]
    sep = pa.scalar("\x1f", type=arrays[0].type)
    data = pc.binary_join_element_wise(*arrays, sep)
    return pd.Series(pd.array(data, dtype="str"), index=columns[0].index)
