"""Vectorised string kernels on Arrow-backed pandas columns (membership, regex, trimming).

pandas' own ``Series.isin`` on Arrow strings converts every probe value to a Python scalar,
and regex matching falls back to Python's ``re`` per element; on a million rows both take
seconds. These helpers call the pyarrow compute kernels directly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "is_empty",
    "is_missing",
    "isin",
    "isin_many",
    "matches",
    "pair_in",
    "strip_text",
    "to_arrow",
]


def to_arrow(s: pd.Series) -> Any:
    """The column as an Arrow (chunked) array of strings, without copying when possible."""
    data = getattr(s.array, "_pa_array", None)
    if data is None:
        data = getattr(s.astype("str").array, "_pa_array")  # noqa: B009
    return data if isinstance(data, pa.ChunkedArray) else pa.chunked_array([data])


def is_missing(value: Any) -> bool:
    """Whether a cell is missing: ``None``, ``pd.NA``, ``NaT`` or a float NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def isin(s: pd.Series, values: Iterable[Any] | pd.Series | pd.Index) -> np.ndarray:
    """Boolean array: is each value of the text column ``s`` in ``values``? (missing → False)."""
    if isinstance(s.dtype, pd.CategoricalDtype):  # compares the few categories, then codes
        probe = values if isinstance(values, (pd.Series, pd.Index)) else list(values)
        return np.asarray(s.isin(probe), dtype=bool)
    return _is_in(to_arrow(s), values)


def _is_in(data: Any, values: Iterable[Any] | pd.Series | pd.Index) -> np.ndarray:
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


def codes_of(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (int32, -1 for missing) of a column's values and the distinct values."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), np.asarray(s.cat.categories, dtype=object)
    data = to_arrow(s)
    if len(data) > 1 and data.null_count == 0:
        flat = data.combine_chunks() if data.num_chunks > 1 else data.chunk(0)
        head, tail = flat.slice(0, len(flat) - 1), flat.slice(1)
        if pc.all(pc.less_equal(head, tail)).as_py():
            # Sorted keys (as a store returns them): codes are run numbers, no hashing.
            starts = np.concatenate(([True], pc.not_equal(head, tail).to_numpy(False)))
            codes = (np.cumsum(starts) - 1).astype(np.int32)
            firsts = pc.take(flat, pa.array(np.flatnonzero(starts)))
            return codes, firsts.to_numpy(zero_copy_only=False)
    encoded = pc.dictionary_encode(data).combine_chunks()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return codes.astype(np.int32, copy=False), encoded.dictionary.to_numpy(zero_copy_only=False)


def first_repeats(keys: np.ndarray) -> np.ndarray:
    """Mark the second occurrence of every key that occurs more than once (sort-based)."""
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    second = np.zeros(len(keys), dtype=bool)
    if len(keys) > 1:
        same = ranked[1:] == ranked[:-1]
        starts = same & ~np.concatenate(([False], same[:-1]))  # first repeat of each run
        second[order[1:][starts]] = True
    return second


def is_empty(s: pd.Series) -> np.ndarray:
    """Boolean array: is each value the empty string? (missing → False)."""
    hit = pc.fill_null(pc.equal(to_arrow(s), ""), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def isin_many(columns: list[pd.Series], values: pd.Series) -> list[np.ndarray]:
    """:func:`isin` for several columns against one value set (hashed once)."""
    if not columns:
        return []
    arrays = [to_arrow(c) for c in columns]
    chunks = [chunk.cast(arrays[0].type) for a in arrays for chunk in a.chunks]
    hits = _is_in(pa.chunked_array(chunks, type=arrays[0].type), values)  # keys not copied
    out, start = [], 0
    for a in arrays:
        out.append(hits[start : start + len(a)])
        start += len(a)
    return out


def pair_in(left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
    """Boolean array: is each row of the two-column ``left`` also a row of ``right``?

    Both columns are factorised over ``left`` and ``right`` together and each row becomes one
    integer, so the test never builds or hashes joined strings. Missing values never match.
    """
    n = len(left)
    if n == 0 or len(right) == 0:
        return np.zeros(n, dtype=bool)
    keys = []
    for col_left, col_right in zip(left.columns, right.columns, strict=True):
        # Hash only the left side's distinct values; the right side is probed against them.
        lhs, rhs = to_arrow(left[col_left]), to_arrow(right[col_right])
        encoded = pc.dictionary_encode(lhs).combine_chunks()
        on_left = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        on_right = pc.index_in(rhs.cast(lhs.type), value_set=encoded.dictionary)
        keys.append(
            (
                on_left.astype(np.int64),
                on_right.fill_null(-1).to_numpy().astype(np.int64),
                len(encoded.dictionary),
            )
        )
    (a_left, a_right, _), (b_left, b_right, size) = keys
    key_left = a_left * (size + 1) + b_left
    known = (a_right >= 0) & (b_right >= 0)
    key_right = a_right[known] * (size + 1) + b_right[known]
    hit: np.ndarray = np.isin(key_left, key_right) & (a_left >= 0) & (b_left >= 0)
    return hit
